// Actors stage on the lexicon fixtures (src/lexicon/testdata): the
// dictionary's actors of hand-built tagger entities with their roles on the
// date, nationality + institution, organisations the tagger missed, and the
// order and numbering of the entities at the end.
#include "actors/actors.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "geo/geo.h"
#include "lexicon/testdata/fixture.h"
#include "read/reader.h"
#include "text/tokenizer.h"

namespace sitrep {
namespace {

Document run(const std::string& text, std::vector<Entity> entities = {}, const char* date = "2023-11-06") {
  return testing::run_lexicon_stages(text, std::move(entities), date);
}

const Entity* find(const Document& d, std::string_view mention) { return testing::find_mention(d, mention); }

TEST(Actors, TaggerEntitiesGetActorsAndPlaces) {
  std::string text = "Antony Blinken met Ali Khamenei in Tehran. The Israeli army said Jordan Smith left.";
  auto span = [&](const char* s) {
    auto p = static_cast<uint32_t>(text.find(s));
    return Mention{p, p + static_cast<uint32_t>(std::strlen(s)), MentionKind::Name};
  };
  std::vector<Entity> ents(5);
  ents[0] = {"e1", EntityType::Person, "Antony Blinken", {span("Antony Blinken")}, {}, {}};
  ents[1] = {"e2", EntityType::Person, "Ali Khamenei", {span("Ali Khamenei")}, {}, {}};
  ents[2] = {"e3", EntityType::Place, "Tehran", {span("Tehran")}, {}, {}};
  ents[3] = {"e4", EntityType::Org, "Israeli army", {span("Israeli army")}, {}, {}};
  ents[4] = {"e5", EntityType::Person, "Jordan Smith", {span("Jordan Smith")}, {}, {}};
  Document d = run(text, ents);
  const Entity* b = find(d, "Antony Blinken");
  ASSERT_TRUE(b && b->actor);
  EXPECT_EQ(b->actor->role, "Secretary of State");
  EXPECT_EQ(b->actor->country, "USA");
  const Entity* k = find(d, "Ali Khamenei");
  ASSERT_TRUE(k && k->actor);
  EXPECT_EQ(k->actor->code, "IRNGOV");
  EXPECT_EQ(k->actor->role, "Supreme Leader");
  const Entity* t = find(d, "Tehran");
  ASSERT_TRUE(t && t->place);
  EXPECT_EQ(t->place->country, "IRN");
  EXPECT_EQ(t->place->geonames_id, 112931);
  const Entity* army = find(d, "Israeli army");
  ASSERT_TRUE(army && army->actor);
  EXPECT_EQ(army->actor->code, "ISRMIL");
  EXPECT_EQ(find(d, "Israeli"), nullptr);  // inside the ORG: no separate GROUP
  EXPECT_EQ(find(d, "Jordan"), nullptr);   // inside a PERSON: no PLACE
  // Ids renumbered in order of first mention.
  for (size_t i = 0; i < d.entities.size(); ++i) {
    ASSERT_FALSE(d.entities[i].id.empty());
    EXPECT_EQ(d.entities[i].id.substr(1), std::to_string(i + 1));
    EXPECT_EQ(d.entities[i].id[0], 'e');
  }

  // The same person before the role: no role, country kept.
  Document old = run(text, ents, "2019-01-01");
  const Entity* b2 = find(old, "Antony Blinken");
  ASSERT_TRUE(b2 && b2->actor);
  EXPECT_EQ(b2->actor->role, "");
  EXPECT_EQ(b2->actor->country, "USA");
}

// An organisation of the dictionary that the tagger missed is an ORG when its
// name cannot be a common word (letters with digits); a lone capitalised
// name ("Hamas") is left to the tagger.
TEST(Actors, UntaggedNamesBecomeOrganisations) {
  Document d = run("Fighters of M23 seized the town. Hamas said nothing.");
  const Entity* m23 = find(d, "M23");
  ASSERT_NE(m23, nullptr);
  EXPECT_EQ(m23->type, EntityType::Org);
  ASSERT_TRUE(m23->actor);
  EXPECT_EQ(m23->actor->code, "CODREB");
  EXPECT_EQ(m23->actor->sector, "REB");
  EXPECT_EQ(find(d, "Hamas"), nullptr);
  EXPECT_EQ(m23->id, "e1");
}

// An actor the entity stage read from a title stays: the dictionary does not
// replace it, and a titled person only ever named where a place would be
// ("struck X") stays a person; an untitled one there is the place, with no
// actor.
TEST(Actors, TitledActorsStay) {
  std::string text = "Warplanes struck Tehran on Monday.";
  auto p = static_cast<uint32_t>(text.find("Tehran"));
  std::vector<Entity> ents(1);
  ents[0] = {"e1", EntityType::Person, "Tehran", {Mention{p, p + 6, MentionKind::Name}}, {}, {}};
  ents[0].actor = ActorInfo{"", "IRN", "GOV", "Mayor", ""};
  Document d = run(text, ents);
  const Entity* t = find(d, "Tehran");
  ASSERT_TRUE(t && t->actor);
  EXPECT_EQ(t->type, EntityType::Person);
  EXPECT_EQ(t->actor->role, "Mayor");
  ents[0].actor.reset();
  Document untitled = run(text, ents);
  const Entity* u = find(untitled, "Tehran");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->type, EntityType::Place);
  EXPECT_FALSE(u->actor);
}

}  // namespace
}  // namespace sitrep
