#include "text/tokenizer.h"

#include <gtest/gtest.h>

#include "read/reader.h"

namespace sitrep {
namespace {

Document make(std::string text) {
  Document d;
  d.text = std::move(text);
  split_paragraphs(d, 0);
  segment(d);
  return d;
}

std::vector<std::string> tokens(const std::string& text) {
  Document d = make(text);
  std::vector<std::string> out;
  for (size_t i = 0; i < d.tokens.size(); ++i) out.emplace_back(d.token_text(i));
  return out;
}

using V = std::vector<std::string>;

TEST(Tokenizer, Table) {
  struct Case {
    std::string in;
    V out;
  };
  std::vector<Case> cases = {
      {"Ashraf Al-Qudra said.", {"Ashraf", "Al-Qudra", "said", "."}},
      {"the al-Mughazi camp", {"the", "al-Mughazi", "camp"}},
      {"Mohammed Shia' al-Sudani", {"Mohammed", "Shia'", "al-Sudani"}},
      {"the U.S. army", {"the", "U.S.", "army"}},
      {"deaths of 9,770 people", {"deaths", "of", "9,770", "people"}},
      {"3.5 million and 1,400,000", {"3.5", "million", "and", "1,400,000"}},
      {"in 2023, 12,34 x", {"in", "2023", ",", "12", ",", "34", "x"}},
      {"Israel's strike", {"Israel", "'s", "strike"}},
      {"Israel’s strike", {"Israel", "’s", "strike"}},
      {"He said \"we will\".", {"He", "said", "\"", "we", "will", "\"", "."}},
      {"“Quoted” words", {"“", "Quoted", "”", "words"}},
      {"war — again -- and–so", {"war", "—", "again", "--", "and", "–", "so"}},
      {"Oct. 7 attack", {"Oct.", "7", "attack"}},
      {"a 22-year-old man", {"a", "22-year-old", "man"}},
      {"Khān Yūnis", {"Khān", "Yūnis"}},
      {"O'Brien and Shi'ite", {"O'Brien", "and", "Shi'ite"}},
      {"the 'rebels' fled", {"the", "'", "rebels", "'", "fled"}},
      {"AT&T $5 50%", {"AT&T", "$", "5", "50", "%"}},
      {"wait...", {"wait", "..."}},
      {"a\xC2\xA0"
       "b",
       {"a", "b"}},
  };
  for (const auto& c : cases) EXPECT_EQ(tokens(c.in), c.out) << c.in;
}

TEST(Tokenizer, FlagsAndKinds) {
  Document d = make("UN Gaza 9,770 al-Sudani");
  ASSERT_EQ(d.tokens.size(), 4u);
  EXPECT_TRUE(d.tokens[0].flags & kTokAllUpper);
  EXPECT_TRUE(d.tokens[1].flags & kTokUpper);
  EXPECT_FALSE(d.tokens[1].flags & kTokAllUpper);
  EXPECT_EQ(d.tokens[2].kind, TokenKind::Number);
  EXPECT_TRUE(d.tokens[3].flags & kTokHyphen);
  EXPECT_FALSE(d.tokens[3].flags & kTokUpper);
}

std::vector<std::string> sentences(const std::string& text) {
  Document d = make(text);
  std::vector<std::string> out;
  for (const auto& s : d.sentences) out.emplace_back(d.view(s.start, s.end));
  return out;
}

TEST(Sentences, Table) {
  struct Case {
    std::string in;
    V out;
  };
  std::vector<Case> cases = {
      {"One here. Two there.", {"One here.", "Two there."}},
      {"Mr. Smith met Gen. Jones. They talked.", {"Mr. Smith met Gen. Jones.", "They talked."}},
      {"The U.S. envoy arrived. He spoke.", {"The U.S. envoy arrived.", "He spoke."}},
      {"He said \"it is over.\" Then he left.", {"He said \"it is over.\"", "Then he left."}},
      {"Prices rose 3.5 percent. Good.", {"Prices rose 3.5 percent.", "Good."}},
      {"Is it? yes it is.", {"Is it? yes it is."}},
      {"On Oct. 7 they attacked. Then.", {"On Oct. 7 they attacked.", "Then."}},
      {"Body one.\n\nShort headline here\n\nBody two.", {"Body one.", "Short headline here", "Body two."}},
  };
  for (const auto& c : cases) EXPECT_EQ(sentences(c.in), c.out) << c.in;
}

TEST(Sentences, HeadlineFlag) {
  Document d = make("Body one.\n\nShort headline here\n\nBody two.");
  ASSERT_EQ(d.sentences.size(), 3u);
  EXPECT_FALSE(d.sentences[0].headline);
  EXPECT_TRUE(d.sentences[1].headline);
  EXPECT_FALSE(d.sentences[2].headline);
}

// Reference check: every token is a maximal run of non-space bytes or part of
// one, tokens never overlap, and together they cover every non-space byte.
TEST(Tokenizer, CoversEveryNonSpaceByteOnce) {
  std::string text =
      "The Al-Qassam Brigades, the armed wing of Hamas, said: \"we struck 2 tanks.\" U.S. officials — "
      "citing 1,400 deaths (so far) — said Khān Yūnis' 'camp' was hit at 5 p.m. on Oct. 7...";
  Document d = make(text);
  std::vector<int> covered(text.size(), 0);
  uint32_t prev = 0;
  for (const auto& t : d.tokens) {
    ASSERT_GE(t.start, prev);
    ASSERT_LT(t.start, t.end);
    for (uint32_t i = t.start; i < t.end; ++i) {
      ASSERT_NE(text[i], ' ');
      covered[i]++;
    }
    prev = t.end;
  }
  for (size_t i = 0; i < text.size(); ++i) EXPECT_EQ(covered[i], text[i] == ' ' ? 0 : 1) << i;
}

}  // namespace
}  // namespace sitrep

namespace sitrep {
namespace {

std::vector<std::string> sentence_texts(const Document& d) {
  std::vector<std::string> out;
  for (const auto& s : d.sentences) out.emplace_back(d.view(s.start, s.end));
  return out;
}

TEST(TextCase, ReadFromFirstLetters) {
  EXPECT_EQ(make("Police said two men were shot in Lima on Monday.").text_case, TextCase::Mixed);
  EXPECT_EQ(make("police said two men were shot in lima on monday.").text_case, TextCase::NoCaps);
  EXPECT_EQ(make("POLICE SAID TWO MEN WERE SHOT IN LIMA ON MONDAY.").text_case, TextCase::AllCaps);
}

TEST(Sentences, SplitWithoutCapitals) {
  Document d = make(
      "two men were shot dead on monday. mr. das said three others were held. "
      "they fled to the u.s. in may.");
  EXPECT_EQ(sentence_texts(d), (V{"two men were shot dead on monday.", "mr. das said three others were held.",
                                  "they fled to the u.s. in may."}));
  // In sentence case a lower-case word after a period still continues it.
  Document m = make("The toll rose to 5 vs. 3 in the north. It fell.");
  EXPECT_EQ(m.sentences.size(), 2u);
  // A word that is also an abbreviation ends the sentence in lower case.
  Document n = make("he said no. the talks ended.");
  EXPECT_EQ(n.sentences.size(), 2u);
}

TEST(Abbreviations, AnyCase) {
  EXPECT_TRUE(is_abbreviation("Gen."));
  EXPECT_TRUE(is_abbreviation("gen."));
  EXPECT_TRUE(is_abbreviation("GEN."));
  EXPECT_TRUE(is_abbreviation("mr."));
  EXPECT_TRUE(is_abbreviation("CALIF."));
  EXPECT_TRUE(is_abbreviation("No."));
  EXPECT_FALSE(is_abbreviation("no."));
  EXPECT_FALSE(is_abbreviation("ill."));
  EXPECT_FALSE(is_abbreviation("said."));
}

TEST(Dateline, FormsInAnyCase) {
  struct Case {
    std::string text;
    std::string place;  // "" = no dateline
    std::string rest;   // the first token after it
  };
  std::vector<Case> cases = {
      {"LIMA, 10 JAN 90 (EFE) -- GUERRILLAS ATTACKED A POST.", "LIMA", "GUERRILLAS"},
      {"lima, 10 jan 90 (efe) -- guerrillas attacked a post.", "lima", "guerrillas"},
      {"KYIV, Dec 3 (AFP) - Russia struck the city.", "KYIV", "Russia"},
      {"SAN SALVADOR, 3 JAN 90 -- THE ARMY REPORTED A CLASH.", "SAN SALVADOR", "THE"},
      {"TEGUCIGALPA, 16 APR 89 (ACAN - EFE) -- ONE MAN WAS KILLED.", "TEGUCIGALPA", "ONE"},
      {"Tegucigalpa, 16 apr 89 (acan - efe) -- One man was killed.", "Tegucigalpa", "One"},
      {"kolkata : two men were shot dead.", "kolkata", "two"},
      {"NAIROBI: Police fired tear gas.", "NAIROBI", "Police"},
      {"Police said: two men were shot.", "", ""},
      {"The army, which denied it - and more - left.", "", ""},
      {"Israel continued its attacks on Sunday.", "", ""},
  };
  for (const auto& c : cases) {
    Document d = make(c.text);
    if (c.place.empty()) {
      EXPECT_TRUE(d.dateline.empty()) << c.text;
      continue;
    }
    ASSERT_FALSE(d.dateline.empty()) << c.text;
    EXPECT_EQ(d.view(d.tokens[d.dateline.tok_begin].start, d.tokens[d.dateline.place_end - 1].end), c.place);
    EXPECT_EQ(d.token_text(d.dateline.tok_end), c.rest) << c.text;
  }
}

}  // namespace
}  // namespace sitrep
