// Events stage tests: the stage over Documents that went through text/, time/
// and numbers/ (the layers events reads quantities and dates from), with no
// entity layer unless a case hand-places entities, so they check the country
// and group tables the stage falls back on; the table of sentences runs the
// whole engine.
#include "events/events.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "events/eval.h"
#include "events/lexicon.h"
#include "numbers/numbers.h"
#include "output/json_writer.h"
#include "read/reader.h"
#include "sitrep/engine.h"
#include "text/tokenizer.h"
#include "time/tables.h"
#include "time/timex.h"

namespace sitrep {
namespace {

const events::EventLexicon& lexicon() {
  static auto lex = events::load_event_lexicon(std::string(SITREP_SOURCE_DATA_DIR) + "/events");
  return *lex;
}

Document make_doc(const std::string& text, const char* date = "2023-11-06") {
  Document doc;
  doc.text = text;
  doc.meta.id = "d:test";
  doc.meta.published = parse_iso_date(date);
  split_paragraphs(doc, 0);
  segment(doc);
  static auto times = timex::load_time_tables(SITREP_SOURCE_DATA_DIR);
  find_times(doc, times.get());
  find_numbers(doc);
  return doc;
}

// A document through every stage (entities and places too), as the engine
// runs it: the events stage reads places' countries from the gazetteer.
Document engine_doc(const std::string& text, const char* date = "2023-11-06") {
  static const Engine engine;
  Document doc;
  doc.text = text;
  doc.meta.id = "d:test";
  doc.meta.published = parse_iso_date(date);
  split_paragraphs(doc, 0);
  engine.process(doc);
  return doc;
}

uint32_t token_of(const Document& doc, const std::string& word) {
  for (uint32_t i = 0; i < doc.tokens.size(); ++i)
    if (doc.token_text(i) == word) return i;
  return UINT32_MAX;
}

const Event* first_of(const Document& doc, const std::string& type) {
  for (const auto& e : doc.events)
    if (e.type == type) return &e;
  return nullptr;
}

TEST(EventLexicon, LoadsCuratedFilesWithoutErrors) {
  const auto& lex = lexicon();
  EXPECT_TRUE(lex.errors.empty()) << lex.errors.front();
  EXPECT_GT(lex.triggers.size(), 100u);
  EXPECT_GT(lex.countries.size(), 50u);
}

// The country table is the entity and lexicon tables': a name from
// nations.tsv, an alias from country_aliases.tsv, a demonym and its people
// from demonyms.tsv.
TEST(EventLexicon, CountryTableFromTheEntityAndLexiconTables) {
  const auto& lex = lexicon();
  struct Case {
    std::vector<std::string_view> words;
    const char* alpha3;
    int kind;  // 0 name, 1 adjective, 2 people
  };
  const Case cases[] = {{{"afghanistan"}, "AFG", 0},
                        {{"drc"}, "COD", 0},
                        {{"burkinabe"}, "BFA", 1},
                        {{"palestinians"}, "PSE", 2}};
  for (const auto& c : cases) {
    int v = -1;
    ASSERT_EQ(lex.country_phrases.match(c.words, 0, c.words.size(), &v), 1) << c.words[0];
    EXPECT_EQ(lex.countries[v / 4].alpha3, c.alpha3) << c.words[0];
    EXPECT_EQ(v % 4, c.kind) << c.words[0];
  }
  EXPECT_TRUE(lex.title_words.count("lieutenant"));  // titles.tsv
  EXPECT_TRUE(lex.org_words.count("brigades"));      // nouns.tsv orghead
}

TEST(EventLexicon, PhraseTableMatchesLongestAndInflections) {
  const auto& lex = lexicon();
  struct Case {
    std::vector<std::string_view> words;
    int len;
    const char* type;
  };
  const Case cases[] = {
      {{"attacked", "the"}, 1, "ASSAULT"},
      {{"kidnapped"}, 1, "ASSAULT"},
      {{"general", "strike"}, 2, "PROTEST"},
      {{"called", "for", "a"}, 2, "REQUEST"},
      {{"expelled"}, 1, "SANCTION"},
      {{"meeting"}, 1, "CONSULT"},
      {{"said"}, 0, ""},
  };
  for (const auto& c : cases) {
    int v = -1;
    int n = lex.trigger_phrases.match(c.words, 0, c.words.size(), &v);
    EXPECT_EQ(n, c.len) << c.words[0];
    if (n) {
      EXPECT_EQ(lex.triggers[v].type, c.type) << c.words[0];
    }
  }
}

// Sentences through the whole engine: places' countries come from the
// gazetteer ("Kharkiv", "Tehran"), unnamed parties take them.
TEST(ExtractEvents, TableOfSentences) {
  struct Case {
    const char* text;
    const char* type;
    const char* actor;      // alpha-3 or ""
    const char* recipient;  // alpha-3 or ""
    const char* modality;
    std::optional<int64_t> killed_low, killed_high;
    const char* date;  // expected date.start
  };
  const Case cases[] = {
      {"At least 37 Palestinians were killed in a massive Israeli attack on Sunday.", "ASSAULT", "ISR", "PSE",
       "asserted", 37, std::nullopt, "2023-11-05"},
      {"Nearly 40 people died when Russian forces shelled Kharkiv on Saturday.", "ASSAULT", "RUS", "UKR",
       "asserted", std::nullopt, 39, "2023-11-04"},
      {"Iraq called for an immediate ceasefire.", "REQUEST", "IRQ", "", "asserted", std::nullopt,
       std::nullopt, "2023-11-06"},
      {"Egypt condemned the raid on the camp.", "ACCUSE", "EGY", "", "asserted", std::nullopt, std::nullopt,
       "2023-11-06"},
      // Unnamed protesters and police take the country of the place they act in.
      {"Thousands of protesters rallied in Tehran on Friday.", "PROTEST", "IRN", "", "asserted", std::nullopt,
       std::nullopt, "2023-11-03"},
      {"Police arrested 12 activists in Istanbul.", "COERCE", "TUR", "", "asserted", std::nullopt,
       std::nullopt, "2023-11-06"},
      // (An unidentified armed group is the country's too: ACLED's "Unidentified Armed Group (Mali)".)
      {"Armed men killed five villagers in central Mali.", "ASSAULT", "MLI", "MLI", "asserted", 5, 5,
       "2023-11-06"},
      {"The United States does not want a confrontation with Iran.", "", "", "", "", std::nullopt,
       std::nullopt, ""},
      {"Turkey will not accept more refugees, officials said.", "REJECT", "TUR", "", "asserted", std::nullopt,
       std::nullopt, "2023-11-06"},
  };
  for (const auto& c : cases) {
    Document doc = engine_doc(c.text);
    if (!*c.type) {
      for (const auto& e : doc.events) EXPECT_NE(e.modality, "asserted") << c.text << " " << e.type;
      continue;
    }
    const Event* e = first_of(doc, c.type);
    ASSERT_NE(e, nullptr) << c.text;
    EXPECT_EQ(e->actor ? e->actor->country : "", c.actor) << c.text;
    if (*c.recipient) {
      EXPECT_EQ(e->recipient ? e->recipient->country : "", c.recipient) << c.text;
    }
    EXPECT_EQ(e->modality, c.modality) << c.text;
    if (c.killed_low || c.killed_high) {
      ASSERT_TRUE(e->casualties.killed.has_value()) << c.text;
      EXPECT_EQ(e->casualties.killed->low, c.killed_low) << c.text;
      EXPECT_EQ(e->casualties.killed->high, c.killed_high) << c.text;
    }
    ASSERT_TRUE(e->date.start.has_value()) << c.text;
    EXPECT_EQ(e->date.start->iso(), c.date) << c.text;
  }
}

TEST(ExtractEvents, CumulativeTollIsATallyNotCasualties) {
  Document doc = make_doc(
      "The war has led to the deaths of 9,770 Palestinians in Gaza. An airstrike on a school killed 12 "
      "people on "
      "Sunday.");
  extract_events(doc, lexicon());
  ASSERT_EQ(doc.tallies.size(), 1u);
  EXPECT_EQ(doc.tallies[0].low, 9770);
  EXPECT_EQ(doc.tallies[0].country, "PSE");
  for (const auto& e : doc.events)
    if (e.casualties.killed) {
      EXPECT_NE(e.casualties.killed->low, 9770);
    }
  const Event* strike = first_of(doc, "ASSAULT");
  ASSERT_NE(strike, nullptr);
  ASSERT_TRUE(strike->casualties.killed.has_value());
  EXPECT_EQ(strike->casualties.killed->low, 12);
}

TEST(ExtractEvents, UsesEntityActorsAndNumbersWhenGiven) {
  // Made-up codes prove the entity layer, not the country table, was read.
  Document doc = make_doc("Northland troops attacked Southland villages, killing dozens.");
  Entity a;
  a.id = "e1";
  a.type = EntityType::Org;
  a.name = "Northland troops";
  a.mentions.push_back({0, 16, MentionKind::Name});
  a.actor = ActorInfo{"AAAMIL", "AAA", "MIL", "", ""};
  Entity b;
  b.id = "e2";
  b.type = EntityType::Place;
  b.name = "Southland";
  uint32_t sb = doc.tokens[token_of(doc, "Southland")].start;
  b.mentions.push_back({sb, sb + 9, MentionKind::Name});
  b.place = PlaceInfo{};
  b.place->country = "BBB";
  doc.entities = {a, b};
  uint32_t t = token_of(doc, "dozens");
  doc.numbers.clear();
  Quantity q;
  q.start = doc.tokens[t].start;
  q.end = doc.tokens[t].end;
  q.low = 24;
  q.tok_begin = t;
  q.tok_end = t + 1;
  doc.numbers.push_back(q);
  extract_events(doc, lexicon());
  const Event* e = first_of(doc, "ASSAULT");
  ASSERT_NE(e, nullptr);
  ASSERT_TRUE(e->actor.has_value());
  EXPECT_EQ(e->actor->country, "AAA");
  EXPECT_EQ(e->actor->entity, 0);
  ASSERT_TRUE(e->recipient.has_value());
  EXPECT_EQ(e->recipient->country, "BBB");
  ASSERT_TRUE(e->casualties.killed.has_value());
  EXPECT_EQ(e->casualties.killed->low, 24);
  EXPECT_FALSE(e->casualties.killed->high.has_value());
}

TEST(ExtractEvents, HeadlineAndBodyAreOneMeeting) {
  Document doc = make_doc(
      "Blinken meets Iraqi PM\n\nUS Secretary of State Antony Blinken met Iraqi Prime Minister Mohammed "
      "al-Sudani "
      "in Baghdad on Sunday.\n\nAfter the meeting, Blinken spoke to reporters.");
  extract_events(doc, lexicon());
  int consult = 0;
  for (const auto& e : doc.events)
    if (e.type == "CONSULT") {
      ++consult;
      EXPECT_EQ(e.evidence.size(), 3u);
    }
  EXPECT_EQ(consult, 1);
}

TEST(ExtractEvents, InvariantsEvidenceInsideTextAndStableIds) {
  const char* text =
      "Rebels ambushed an army convoy near Goma on Monday, killing five soldiers, the army said.\n\nThe "
      "government "
      "vowed to retaliate. Talks in Nairobi were suspended.";
  Document a = make_doc(text), b = make_doc(text);
  extract_events(a, lexicon());
  extract_events(b, lexicon());
  ASSERT_FALSE(a.events.empty());
  ASSERT_EQ(a.events.size(), b.events.size());
  for (size_t k = 0; k < a.events.size(); ++k) {
    EXPECT_EQ(a.events[k].id, b.events[k].id);
    EXPECT_EQ(a.events[k].id, "d:test#" + std::to_string(k + 1));
    for (const auto& s : a.events[k].evidence) {
      EXPECT_LT(s.start, s.end);
      EXPECT_LE(s.end, a.text.size());
    }
    EXPECT_GE(a.events[k].confidence, 0.0);
    EXPECT_LE(a.events[k].confidence, 1.0);
  }
}

TEST(ExtractEvents, EmptyAndOddInputsDoNotThrow) {
  for (const char* t : {"", " ", "...", "killed killed killed", "12 12 12", "\"\"\"", "said said"}) {
    Document doc = make_doc(t);
    EXPECT_NO_THROW(extract_events(doc, lexicon())) << t;
  }
  events::EventLexicon empty;
  Document doc = make_doc("Israel attacked Gaza.");
  extract_events(doc, empty);
  EXPECT_TRUE(doc.events.empty());
}

TEST(EvalEvents, MatchesByTypeCountryAndCasualties) {
  Document doc = make_doc("At least 37 Palestinians were killed in a massive Israeli attack on Sunday.");
  extract_events(doc, lexicon());
  auto gold = nlohmann::json::parse(R"({"events": [
      {"id": "E1", "required": true, "plover": "ASSAULT", "actor": {"country": "ISR"},
       "recipient": {"country": "PSE"}, "date": {"any_of": ["2023-11-05"]}, "killed": {"low": 37, "high": null}},
      {"id": "E2", "required": true, "plover": "CONSULT", "actor": {"country": "USA"}}]})");
  auto r = events::evaluate_events(doc, gold);
  EXPECT_EQ(r.required_total, 2);
  EXPECT_EQ(r.required_passed, 1);
  EXPECT_EQ(events::modern_plover("FIGHT"), "ASSAULT");
  EXPECT_EQ(events::modern_plover("DEMAND"), "REQUEST");
  EXPECT_EQ(events::modern_plover("INVESTIGATE"), "ACCUSE");
}

}  // namespace
}  // namespace sitrep

namespace sitrep {
namespace {

// --explain: each field of the event names the rule that decided it, and each
// span cuts out of the text exactly the words the explanation shows.
TEST(EventExplain, NamesARulePerFieldWithExactSpans) {
  Document doc = engine_doc("Gunmen killed three villagers in Kaduna on Monday, police said.");
  ASSERT_FALSE(doc.events.empty());
  const Event& e = doc.events.front();
  auto ex = nlohmann::json::parse(explain_json(e, doc));
  for (const char* field :
       {"type", "actor", "recipient", "place", "killed", "date", "attribution", "modality"})
    EXPECT_TRUE(ex.contains(field)) << field << " in " << ex.dump();
  auto first = [&](const char* f) { return ex[f].is_array() ? ex[f][0] : ex[f]; };
  EXPECT_EQ(first("type")["rule"].get<std::string>().rfind("trigger:", 0), 0u);
  EXPECT_EQ(first("actor")["text"], "Gunmen");
  EXPECT_EQ(first("recipient")["text"], "villagers");
  EXPECT_EQ(first("place")["text"], "Kaduna");
  EXPECT_EQ(first("date")["text"], "Monday");
  EXPECT_EQ(first("attribution")["text"], "police");
  bool figure = false;
  for (const auto& r : ex["killed"]) figure = figure || r["text"] == "three";
  EXPECT_TRUE(figure) << ex["killed"].dump();
  for (const auto& [field, entry] : ex.items())
    for (const auto& r : entry.is_array() ? entry : nlohmann::json::array({entry})) {
      EXPECT_FALSE(r["rule"].get<std::string>().empty()) << field;
      if (r["span"].is_null()) continue;
      uint32_t b = r["span"][0], en = r["span"][1];
      EXPECT_EQ(std::string(doc.view(b, en)), r["text"].get<std::string>()) << field;
    }
}

}  // namespace
}  // namespace sitrep
