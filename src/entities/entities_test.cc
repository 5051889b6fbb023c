// The entity stage after the tagger: spans (given by hand here, so no model is
// needed) → entities with clean names, titles as roles, forces as ORGs,
// nationalities as GROUPs, and in-report coreference. Sentences are made up.
#include "entities/entities.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "read/reader.h"
#include "sitrep/engine.h"
#include "text/tokenizer.h"

namespace sitrep {
namespace {

const EntityTables& tables() {
  static EntityTables t = [] {
    EntityTables x;
    std::string err;
    EXPECT_TRUE(load_entity_tables(SITREP_SOURCE_DATA_DIR, &x, &err)) << err;
    return x;
  }();
  return t;
}

struct Tagged {
  const char* phrase;  // the k-th occurrence (by `nth`) of these tokens
  int type;            // ner::kPer …
  int nth = 0;
};

Document make(const std::string& text, const std::vector<Tagged>& tags) {
  Document d;
  d.text = text;
  split_paragraphs(d, 0);
  segment(d);
  std::vector<ner::NerSpan> spans;
  for (const auto& t : tags) {
    Document p;
    p.text = t.phrase;
    split_paragraphs(p, 0);
    segment(p);
    int seen = 0;
    bool found = false;
    for (size_t i = 0; i + p.tokens.size() <= d.tokens.size() && !found; ++i) {
      bool ok = true;
      for (size_t k = 0; k < p.tokens.size() && ok; ++k) ok = d.token_text(i + k) == p.token_text(k);
      if (ok && seen++ == t.nth) {
        spans.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(i + p.tokens.size()),
                         static_cast<uint8_t>(t.type)});
        found = true;
      }
    }
    EXPECT_TRUE(found) << t.phrase;
  }
  std::sort(spans.begin(), spans.end(), [](auto& a, auto& b) { return a.begin < b.begin; });
  build_entities(d, spans, tables());
  return d;
}

const Entity* by_name(const Document& d, const std::string& name) {
  for (const auto& e : d.entities)
    if (e.name == name) return &e;
  return nullptr;
}

std::vector<std::string> mention_texts(const Document& d, const Entity& e) {
  std::vector<std::string> v;
  for (const auto& m : e.mentions) {
    std::string s(d.view(m.start, m.end));
    if (m.kind == MentionKind::Nominal) s += "/n";
    if (m.kind == MentionKind::Pronoun) s += "/p";
    v.push_back(s);
  }
  return v;
}

// Every document-level invariant the output contract promises.
void check_invariants(const Document& d) {
  uint32_t last_first = 0;
  for (size_t i = 0; i < d.entities.size(); ++i) {
    const auto& e = d.entities[i];
    std::string want = std::to_string(i + 1);
    want.insert(want.begin(), 'e');
    EXPECT_EQ(e.id, want);
    ASSERT_FALSE(e.mentions.empty());
    EXPECT_GE(e.mentions[0].start, last_first) << "ids follow first mentions";
    last_first = e.mentions[0].start;
    bool name_seen = false;
    for (const auto& m : e.mentions) {
      EXPECT_LT(m.start, m.end);
      EXPECT_LE(m.end, d.text.size());
      if (m.kind == MentionKind::Name && d.view(m.start, m.end) == e.name) name_seen = true;
    }
    EXPECT_TRUE(name_seen) << "canonical name is one of the name mentions: " << e.name;
  }
}

TEST(Entities, TitlesBecomeRolesAndNamesStayClean) {
  auto d = make("French Foreign Minister Jean Dupont met Kenyan President William Ruto in Nairobi on Monday.",
                {{"French", ner::kMisc},
                 {"Jean Dupont", ner::kPer},
                 {"Kenyan", ner::kMisc},
                 {"William Ruto", ner::kPer},
                 {"Nairobi", ner::kLoc}});
  check_invariants(d);
  const Entity* a = by_name(d, "Jean Dupont");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->type, EntityType::Person);
  ASSERT_TRUE(a->actor);
  EXPECT_EQ(a->actor->role, "Foreign Minister");
  EXPECT_EQ(a->actor->country, "FRA");
  EXPECT_EQ(a->actor->sector, "GOV");
  EXPECT_EQ(mention_texts(d, *a), (std::vector<std::string>{"French Foreign Minister/n", "Jean Dupont"}));
  const Entity* b = by_name(d, "William Ruto");
  ASSERT_TRUE(b && b->actor);
  EXPECT_EQ(b->actor->role, "President");
  EXPECT_EQ(b->actor->country, "KEN");
  ASSERT_TRUE(by_name(d, "Nairobi"));
  EXPECT_EQ(by_name(d, "Nairobi")->type, EntityType::Place);
  ASSERT_TRUE(by_name(d, "Kenyan"));
  EXPECT_EQ(by_name(d, "Kenyan")->type, EntityType::Group);
}

TEST(Entities, AliasesPossessivesPronounsAndDescriptions) {
  auto d = make(
      "Chancellor Olaf Scholz visited the Foreign Ministry in Berlin. Scholz's office said the ministry "
      "agreed. "
      "He also met Ursula Meyer.",
      {{"Olaf Scholz", ner::kPer},
       {"Foreign Ministry", ner::kOrg},
       {"Berlin", ner::kLoc},
       {"Scholz", ner::kOrg, 1},
       {"Ursula Meyer", ner::kPer}});
  check_invariants(d);
  const Entity* s = by_name(d, "Olaf Scholz");
  ASSERT_TRUE(s);
  EXPECT_EQ(mention_texts(d, *s),
            (std::vector<std::string>{"Chancellor/n", "Olaf Scholz", "Scholz", "He/p"}));
  const Entity* m = by_name(d, "Foreign Ministry");
  ASSERT_TRUE(m);
  EXPECT_EQ(mention_texts(d, *m), (std::vector<std::string>{"Foreign Ministry", "the ministry/n"}));
  EXPECT_EQ(d.entities.size(), 4u);
}

TEST(Entities, ForcesAreOrgsAndTheirNationalityIsNotAnEntity) {
  auto d = make(
      "The Syrian army shelled Idlib, and Turkish security forces answered. Syrian officials denied it.",
      {{"Syrian", ner::kMisc}, {"Idlib", ner::kLoc}, {"Turkish", ner::kMisc}, {"Syrian", ner::kMisc, 1}});
  check_invariants(d);
  const Entity* a = by_name(d, "Syrian army");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->type, EntityType::Org);
  ASSERT_TRUE(a->actor);
  EXPECT_EQ(a->actor->country, "SYR");
  EXPECT_EQ(a->actor->sector, "MIL");
  const Entity* t = by_name(d, "Turkish security forces");
  ASSERT_TRUE(t && t->actor);
  EXPECT_EQ(t->actor->country, "TUR");
  // "Syrian" as a GROUP only for the free-standing "Syrian officials".
  const Entity* g = by_name(d, "Syrian");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->type, EntityType::Group);
  EXPECT_EQ(g->mentions.size(), 1u);
  EXPECT_FALSE(by_name(d, "Turkish"));
}

TEST(Entities, LocatedOrgsCompoundsAppositivesAndDroppedMisc) {
  auto d = make(
      "The London-based Amnesty International criticised the Olympic Games. Maria Vale, the head of the "
      "agency in Oslo, spoke about the Norway-Sweden border.",
      {{"London-based", ner::kMisc},
       {"Amnesty International", ner::kOrg},
       {"Olympic Games", ner::kMisc},
       {"Maria Vale", ner::kPer},
       {"Oslo", ner::kLoc},
       {"Norway-Sweden", ner::kMisc}});
  check_invariants(d);
  ASSERT_TRUE(by_name(d, "Amnesty International"));
  const Entity* l = by_name(d, "London");
  ASSERT_TRUE(l);
  EXPECT_EQ(l->type, EntityType::Place);
  EXPECT_FALSE(by_name(d, "Olympic Games"));
  const Entity* m = by_name(d, "Maria Vale");
  ASSERT_TRUE(m);
  EXPECT_EQ(mention_texts(d, *m),
            (std::vector<std::string>{"Maria Vale", "the head of the agency in Oslo/n"}));
  EXPECT_EQ(by_name(d, "Norway")->type, EntityType::Place);
  EXPECT_EQ(by_name(d, "Sweden")->actor->country, "SWE");
}

TEST(Entities, TaggerSlipsAreRepaired) {
  // A person named in full and then in part with another type, an armed group
  // tagged as a person, a town tagged as a person after "north of", a camp.
  auto d = make(
      "Rami Al-Hassan said fighters of the Al-Nour Brigades left the Zaatari refugee camp north of Jaber "
      "Wells. "
      "Al-Hassan confirmed it.",
      {{"Rami Al-Hassan", ner::kPer},
       {"Al-Nour Brigades", ner::kPer},
       {"Zaatari", ner::kMisc},
       {"Jaber Wells", ner::kPer},
       {"Al-Hassan", ner::kOrg, 1}});
  check_invariants(d);
  const Entity* p = by_name(d, "Rami Al-Hassan");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->mentions.size(), 2u);
  EXPECT_EQ(by_name(d, "Al-Nour Brigades")->type, EntityType::Org);
  EXPECT_EQ(by_name(d, "Zaatari refugee camp")->type, EntityType::Place);
  EXPECT_EQ(by_name(d, "Jaber Wells")->type, EntityType::Place);
}

TEST(Entities, DifferentTitlesKeepNamesApartAndCommasSplitSpans) {
  auto d = make("President Omar Farid met King Farid. The Army, Navy agreed.",
                {{"Omar Farid", ner::kPer}, {"Farid", ner::kPer, 1}, {"Army , Navy", ner::kOrg}});
  check_invariants(d);
  const Entity* a = by_name(d, "Omar Farid");
  const Entity* b = by_name(d, "Farid");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->actor->role, "President");
  EXPECT_EQ(b->actor->role, "King");
  EXPECT_TRUE(by_name(d, "Army"));
  EXPECT_TRUE(by_name(d, "Navy"));
}

TEST(Entities, OrganisationShortFormsAndHonorifics) {
  auto d = make(
      "Zentex Systems Inc. hired Paul Grant. The World Food Organization said Zentex was late. "
      "Mr. Grant told the WFO that Zentex would pay.",
      {{"Zentex Systems Inc.", ner::kOrg},
       {"Paul Grant", ner::kPer},
       {"World Food Organization", ner::kOrg},
       {"Zentex", ner::kOrg, 1},
       {"Mr. Grant", ner::kPer},
       {"WFO", ner::kOrg}});
  check_invariants(d);
  const Entity* z = by_name(d, "Zentex Systems Inc.");
  ASSERT_TRUE(z);
  EXPECT_EQ(z->mentions.size(), 3u);  // the third "Zentex" was not tagged: found again by name
  const Entity* p = by_name(d, "Paul Grant");
  ASSERT_TRUE(p);
  EXPECT_EQ(mention_texts(d, *p), (std::vector<std::string>{"Paul Grant", "Grant"}));
  const Entity* w = by_name(d, "World Food Organization");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->mentions.size(), 2u);
  EXPECT_EQ(d.entities.size(), 3u);
  // A generic head tagged on its own is the organisation it heads.
  auto e = make("The Interior Ministry banned the march. Ministry officials said so.",
                {{"Interior Ministry", ner::kOrg}, {"Ministry", ner::kOrg, 1}});
  ASSERT_EQ(e.entities.size(), 1u);
  EXPECT_EQ(mention_texts(e, e.entities[0]), (std::vector<std::string>{"Interior Ministry", "Ministry/n"}));
}

TEST(Entities, DescriptionsPickCompatibleEntities) {
  auto d = make(
      "The Kenyan government met the Green Dawn Movement in Kisumu. Ghana sent aid. The group said the "
      "country "
      "helped and the town was calm.",
      {{"Kenyan", ner::kMisc},
       {"Green Dawn Movement", ner::kOrg},
       {"Kisumu", ner::kLoc},
       {"Ghana", ner::kLoc}});
  check_invariants(d);
  const Entity* g = by_name(d, "Green Dawn Movement");
  ASSERT_TRUE(g);
  EXPECT_EQ(mention_texts(d, *g), (std::vector<std::string>{"Green Dawn Movement", "The group/n"}));
  const Entity* gh = by_name(d, "Ghana");
  ASSERT_TRUE(gh);
  EXPECT_EQ(mention_texts(d, *gh), (std::vector<std::string>{"Ghana", "the country/n"}));
  const Entity* k = by_name(d, "Kisumu");
  ASSERT_TRUE(k);
  EXPECT_EQ(mention_texts(d, *k), (std::vector<std::string>{"Kisumu", "the town/n"}));
  const Entity* gov = by_name(d, "Kenyan government");
  ASSERT_TRUE(gov && gov->actor);
  EXPECT_EQ(gov->actor->sector, "GOV");
  EXPECT_EQ(gov->mentions.size(), 1u);
}

TEST(Entities, PronounsInsideASentenceFollowItsSubject) {
  auto d = make("Nadia Karim met Tom Reed in Lagos, where she spoke. Later he left.",
                {{"Nadia Karim", ner::kPer}, {"Tom Reed", ner::kPer}, {"Lagos", ner::kLoc}});
  check_invariants(d);
  const Entity* n = by_name(d, "Nadia Karim");
  ASSERT_TRUE(n);
  EXPECT_EQ(mention_texts(d, *n), (std::vector<std::string>{"Nadia Karim", "she/p"}));
  // "he" has no person before it in its sentence: the previous sentence's
  // first person whose earlier pronouns agree ("she" ruled Nadia Karim out).
  const Entity* t = by_name(d, "Tom Reed");
  ASSERT_TRUE(t);
  EXPECT_EQ(mention_texts(d, *t), (std::vector<std::string>{"Tom Reed", "he/p"}));
}

TEST(Entities, EmptyAndUntaggedDocuments) {
  auto d = make("", {});
  EXPECT_TRUE(d.entities.empty());
  // No tagger spans: the tables still find nationalities and countries.
  auto e = make("Egyptian mediators flew to Qatar.", {});
  check_invariants(e);
  ASSERT_TRUE(by_name(e, "Egyptian"));
  EXPECT_EQ(by_name(e, "Qatar")->type, EntityType::Place);
}

// The Engine loads the committed model and tables and runs the stage.
TEST(Entities, EngineTagsWithTheCommittedModel) {
  Engine engine;
  Document doc;
  doc.text = "Prime Minister Boris Johnson flew to Paris on Monday. Johnson met French officials.";
  split_paragraphs(doc, 0);
  engine.process(doc);
  check_invariants(doc);
  const Entity* p = by_name(doc, "Boris Johnson");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, EntityType::Person);
  EXPECT_EQ(p->mentions.size(), 3u);  // the title, the name, "Johnson"
  ASSERT_TRUE(p->actor);
  EXPECT_EQ(p->actor->role, "Prime Minister");
  ASSERT_TRUE(by_name(doc, "Paris"));
  EXPECT_EQ(by_name(doc, "Paris")->type, EntityType::Place);
  ASSERT_TRUE(by_name(doc, "French"));
  EXPECT_EQ(by_name(doc, "French")->type, EntityType::Group);
}

TEST(Entities, TablesRejectMalformedRows) {
  EntityTables t;
  std::string err;
  EXPECT_FALSE(parse_entity_tables("iso3\tkind\ttext\nXXX\tplanet\tMars\n", "role\tsector\n",
                                   "noun\tuse\tvalue\n", &t, &err));
  EXPECT_NE(err.find("planet"), std::string::npos);
  EXPECT_TRUE(parse_entity_tables("# c\niso3\tkind\ttext\nFRA\tcountry\tFrance\n",
                                  "role\tsector\nKing\tGOV\n", "noun\tuse\tvalue\narmy\tforce\tMIL\n", &t,
                                  &err));
  EXPECT_EQ(t.nations.size(), 1u);
}

TEST(Entities, LowerTokensFoldOncePerDocument) {
  struct Case {
    const char* text;
    std::vector<std::string_view> want;
  };
  const Case cases[] = {
      {"The U.S. Army's HQ.", {"the", "u.s.", "army", "'s", "hq", "."}},
      {"Gaza\xE2\x80\x99s Al-Shifa", {"gaza", "'s", "al-shifa"}},
      {"\xC3\x89MILE said", {"\xC3\x89mile", "said"}},  // only ASCII letters fold
  };
  for (const auto& c : cases) {
    Document d;
    d.text = c.text;
    split_paragraphs(d, 0);
    segment(d);
    lower_tokens(d);
    ASSERT_EQ(d.lower_tok.size(), d.tokens.size()) << c.text;
    std::vector<std::string_view> got;
    std::string arena;
    lower_token_views(d, arena, got);
    EXPECT_EQ(got, c.want) << c.text;
    EXPECT_TRUE(arena.empty()) << "the document's folded tokens are reused";
    d.lower_tok.clear();  // a document entities/ did not see: folded into the arena
    lower_token_views(d, arena, got);
    EXPECT_EQ(got, c.want) << c.text;
    EXPECT_FALSE(arena.empty());
  }
}

// The folded tokens equal a byte-by-byte reference fold, whatever the text:
// ASCII letters around every 8-byte boundary, UTF-8, stray and doubled E2 bytes.
TEST(Entities, LowerTokensMatchAByteByByteFold) {
  auto reference = [](std::string_view t) {
    std::string o;
    for (size_t k = 0; k < t.size(); ++k) {
      unsigned char c = static_cast<unsigned char>(t[k]);
      if (c == 0xE2 && k + 2 < t.size() && static_cast<unsigned char>(t[k + 1]) == 0x80 &&
          (static_cast<unsigned char>(t[k + 2]) == 0x98 || static_cast<unsigned char>(t[k + 2]) == 0x99)) {
        o += '\'';
        k += 2;
      } else {
        o += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c);
      }
    }
    return o;
  };
  const char* texts[] = {
      "AZaz@[`{ ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 "
      "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~",
      "\xC3\x89MILE ZOLA\xE2\x80\x99S \xC2\xAB\xC5\x92UVRE\xC2\xBB said O\xE2\x80\x98NEIL, "
      "\xE2\x80\x98QUOTED\xE2\x80\x99.",
      "X\xE2\xE2\x80\x99Y and \xE2\x80\x9C"
      "Curly\xE2\x80\x9D \xE2\x80\x94 DASH\xE2\x80",
  };
  for (const char* text : texts) {
    Document d;
    d.text = text;
    split_paragraphs(d, 0);
    segment(d);
    lower_tokens(d);
    std::vector<std::string_view> got;
    std::string arena;
    lower_token_views(d, arena, got);
    ASSERT_EQ(got.size(), d.tokens.size());
    for (size_t i = 0; i < got.size(); ++i)
      EXPECT_EQ(got[i], reference(d.token_text(i))) << text << " token " << i;
  }
}

}  // namespace
}  // namespace sitrep

namespace sitrep {
namespace {

TEST(Truecase, CapitalsFromTheTaggerInCaselessText) {
  for (std::string text : {"LIMA, 10 JAN 90 (EFE) -- GUERRILLAS OF THE FMLN KILLED JUAN PEREZ IN PUNO.",
                           "lima, 10 jan 90 (efe) -- guerrillas of the fmln killed juan perez in puno."}) {
    Document d;
    d.text = text;
    split_paragraphs(d, 0);
    segment(d);
    ASSERT_NE(d.text_case, TextCase::Mixed) << text;
    auto at = [&](std::string_view w) {
      for (uint32_t i = 0; i < d.tokens.size(); ++i)
        if (d.token_text(i) == w || d.token_text(i) == ner::change_case(w, true)) return i;
      return UINT32_MAX;
    };
    uint32_t fmln = at("fmln"), juan = at("juan");
    ASSERT_NE(fmln, UINT32_MAX);
    ASSERT_NE(juan, UINT32_MAX);
    std::vector<ner::NerSpan> spans = {{fmln, fmln + 1, ner::kOrg}, {juan, juan + 2, ner::kPer}};
    truecase_flags(d, spans);
    EXPECT_TRUE(d.tokens[juan].flags & kTokUpper);
    EXPECT_TRUE(d.tokens[juan + 1].flags & kTokUpper);
    EXPECT_FALSE(d.tokens[at("guerrillas")].flags & kTokUpper);
    EXPECT_FALSE(d.tokens[at("killed")].flags & kTokUpper);
    EXPECT_TRUE(d.tokens[0].flags & kTokAllUpper) << "the dateline's place";
    EXPECT_EQ((d.tokens[fmln].flags & kTokAllUpper) != 0, d.text_case == TextCase::AllCaps);
  }
}

}  // namespace
}  // namespace sitrep
