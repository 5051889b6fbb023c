#include "numbers/numbers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>

#include "numbers/words.h"
#include "read/reader.h"
#include "text/tokenizer.h"
#include "time/timex.h"

namespace sitrep {
namespace {

Document run(const std::string& text, std::optional<Date> published = Date{2023, 11, 6}) {
  Document d;
  d.text = text;
  d.meta.published = published;
  split_paragraphs(d, 0);
  segment(d);
  find_times(d);
  find_numbers(d);
  return d;
}

constexpr double kNull = -1;  // stands for a missing bound in the tables below

struct Case {
  const char* text;
  const char* span;  // the expression's text
  double low, high;
  bool approx;
};

// SCHEMA.md "Casualty values" and the qualifier rules in numbers.h.
const Case kCases[] = {
    {"At least 37 Palestinians were killed.", "At least 37", 37, kNull, false},
    {"and more than 100 others injured", "more than 100", 101, kNull, false},
    {"the deaths of 9,770 Palestinians", "9,770", 9770, 9770, false},
    {"more than 1,400 people lost their lives", "more than 1,400", 1401, kNull, false},
    {"the destruction of two tanks.", "two", 2, 2, false},
    {"nearly 40 people", "nearly 40", kNull, 39, false},
    {"almost 40 people", "almost 40", kNull, 39, false},
    {"fewer than 10 people", "fewer than 10", kNull, 9, false},
    {"less than 10 people", "less than 10", kNull, 9, false},
    {"under 18 people", "under 18", kNull, 17, false},
    {"about 50 people", "about 50", 50, 50, true},
    {"around 50 people", "around 50", 50, 50, true},
    {"some 50 people", "some 50", 50, 50, true},
    {"approximately 50 people", "approximately 50", 50, 50, true},
    {"roughly 50 people", "roughly 50", 50, 50, true},
    {"an estimated 50 people", "an estimated 50", 50, 50, true},
    {"up to 50 people", "up to 50", kNull, 50, false},
    {"at most 50 people", "at most 50", kNull, 50, false},
    {"as many as 50 people", "as many as 50", kNull, 50, false},
    {"over 50 people", "over 50", 51, kNull, false},
    {"dozens of people", "dozens", 24, kNull, false},
    {"and scores wounded", "scores", 40, kNull, false},
    {"scores of people", "scores", 40, kNull, false},
    {"a dozen people", "a dozen", 12, 12, true},
    {"hundreds of people", "hundreds", 200, kNull, false},
    {"tens of thousands of people", "tens of thousands", 20000, kNull, false},
    {"hundreds of thousands of people", "hundreds of thousands", 200000, kNull, false},
    {"20 to 30 people", "20 to 30", 20, 30, false},
    {"20-30 people", "20-30", 20, 30, false},
    {"between 5 and 10 people", "between 5 and 10", 5, 10, false},
    {"two or three people", "two or three", 2, 3, false},
    {"thirty-seven people", "thirty-seven", 37, 37, false},
    {"two hundred people", "two hundred", 200, 200, false},
    {"two hundred and fifty people", "two hundred and fifty", 250, 250, false},
    {"1.2 million people", "1.2 million", 1.2e6, 1.2e6, false},
    {"1.5 million people", "1.5 million", 1.5e6, 1.5e6, false},
    {"seventy million people", "seventy million", 7e7, 7e7, false},
    {"a hundred people", "a hundred", 100, 100, false},
    {"100 or more people", "100 or more", 100, kNull, false},
    {"50 or so people", "50 or so", 50, 50, true},
    {"a couple of people", "a couple of", 2, 2, true},
    {"a handful of people", "a handful of", 3, 5, true},
    {"between 1.5 and 2 million people", "between 1.5 and 2 million", 1.5e6, 2e6, false},
    {"no fewer than 12 people", "no fewer than 12", 12, kNull, false},
    {"no more than 12 people", "no more than 12", kNull, 12, false},
    {"20 \xE2\x80\x93 30 people", "20 \xE2\x80\x93 30", 20, 30, false},
    {"from 20 to 30 people", "from 20 to 30", 20, 30, false},
    {"at least 1.5 million people", "at least 1.5 million", 1.5e6, kNull, false},
    {"100-plus people", "100-plus", 100, kNull, false},
    {"several hundred people", "several hundred", 200, kNull, false},
    {"One of the victims", "One", 1, 1, false},
};

class NumberTable : public ::testing::TestWithParam<Case> {};

TEST_P(NumberTable, ReadsTheInterval) {
  const Case& c = GetParam();
  Document d = run(c.text);
  ASSERT_EQ(d.numbers.size(), 1u) << c.text;
  const Quantity& q = d.numbers[0];
  EXPECT_EQ(d.view(q.start, q.end), c.span) << c.text;
  if (c.low == kNull)
    EXPECT_FALSE(q.low) << c.text;
  else
    EXPECT_EQ(q.low.value_or(-2), c.low) << c.text;
  if (c.high == kNull)
    EXPECT_FALSE(q.high) << c.text;
  else
    EXPECT_EQ(q.high.value_or(-2), c.high) << c.text;
  EXPECT_EQ(q.approx, c.approx) << c.text;
  EXPECT_EQ(q.unit, QuantityUnit::Count) << c.text;
  // The bare number lies inside the expression; token range matches the span.
  EXPECT_GE(q.num_start, q.start);
  EXPECT_LE(q.num_end, q.end);
  EXPECT_EQ(d.tokens[q.tok_begin].start, q.start);
  EXPECT_EQ(d.tokens[q.tok_end - 1].end, q.end);
}

INSTANTIATE_TEST_SUITE_P(Schema, NumberTable, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& p) {
                           return "case" + std::to_string(p.index);
                         });

// Texts with no quantity in them at all.
const char* kNotQuantities[] = {
    "after striking them with Al-Yassin 105 shells.",
    "Hamas fires Al-Yassin 105 shells",  // a headline
    "the crash of Flight 800 off Long Island.",
    "under Security Council Resolution 2334 adopted.",
    "the attack on October 7 shocked",
    "in 2022 the war",
    "on 7 October 2023 militants",
    "at 10:30 the shelling began",
    "the 7th brigade moved",
    "the F-16 jets flew",
    "call 5551234567 now",
    "no one was hurt",
    "the blast lasted 48 hours",
    "for nearly a month",
    "Sunday evening the minister",
};

TEST(Numbers, NotQuantities) {
  for (const char* t : kNotQuantities) {
    Document d = run(t);
    for (const auto& q : d.numbers) ADD_FAILURE() << t << ": read \"" << d.view(q.start, q.end) << "\"";
  }
}

TEST(Numbers, PercentagesAndMoneyCarryTheirUnit) {
  Document d = run("Prices rose 12 percent and 5% while aid reached $5 million and 300 dollars.");
  ASSERT_EQ(d.numbers.size(), 4u);
  EXPECT_EQ(d.numbers[0].unit, QuantityUnit::Percent);
  EXPECT_EQ(d.view(d.numbers[0].start, d.numbers[0].end), "12 percent");
  EXPECT_EQ(d.numbers[1].unit, QuantityUnit::Percent);
  EXPECT_EQ(d.numbers[2].unit, QuantityUnit::Money);
  EXPECT_EQ(d.numbers[2].low.value_or(0), 5e6);
  EXPECT_EQ(d.numbers[3].unit, QuantityUnit::Money);
}

TEST(Numbers, SeedReportSentences) {
  Document d =
      run("At least 37 Palestinians were killed and more than 100 others injured. The Al-Qassam Brigades "
          "said its "
          "fighters struck them with Al-Yassin 105 shells, which led to the destruction of two tanks.");
  ASSERT_EQ(d.numbers.size(), 3u);
  EXPECT_EQ(d.numbers[0].value, 37);
  EXPECT_EQ(d.numbers[1].value, 100);
  EXPECT_EQ(d.numbers[2].value, 2);
}

TEST(Numbers, HeadlinesAreNotNames) {
  Document d = run("Israel Kills 37 In Gaza\n\nBody text.");
  ASSERT_EQ(d.numbers.size(), 1u);
  EXPECT_EQ(d.numbers[0].low.value_or(0), 37);
}

TEST(Words, LookupIsCaseInsensitiveAndIgnoresAFinalPeriod) {
  using words::W;
  EXPECT_EQ(words::lookup("Oct.").cls, W::Month);
  EXPECT_EQ(words::lookup("OCTOBER").val, 10);
  EXPECT_EQ(words::lookup("Sunday").val, 6);
  EXPECT_EQ(words::lookup("thousands").cls, W::Vague);
  EXPECT_EQ(words::lookup("Gaza").cls, W::None);
  EXPECT_EQ(words::lookup("").cls, W::None);
  EXPECT_EQ(words::lookup("approximatelyyyyyyy").cls, W::None);
}

TEST(Words, ParsesSimpleNumbers) {
  double v = 0;
  EXPECT_TRUE(words::parse_simple_number("9,770", &v));
  EXPECT_EQ(v, 9770);
  EXPECT_TRUE(words::parse_simple_number("1,234,567", &v));
  EXPECT_EQ(v, 1234567);
  EXPECT_TRUE(words::parse_simple_number("1.5", &v));
  EXPECT_EQ(v, 1.5);
  EXPECT_TRUE(words::parse_simple_number("thirty-seven", &v));
  EXPECT_EQ(v, 37);
  EXPECT_FALSE(words::parse_simple_number("1,23", &v));
  EXPECT_FALSE(words::parse_simple_number("007", &v));
  EXPECT_FALSE(words::parse_simple_number("1.2.3", &v));
  EXPECT_FALSE(words::parse_simple_number("seven-thirty", &v));
  EXPECT_FALSE(words::parse_simple_number("12a", &v));
}

// A slow, obvious reader of plain digit groups checked against the fast one
// on generated numbers: every 1..3-digit group form with and without commas.
TEST(Numbers, DigitsAgreeWithReference) {
  uint64_t x = 88172645463325252ull;
  for (int k = 0; k < 3000; ++k) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    uint64_t n = x % 100000000;
    std::string plain = std::to_string(n), commas;
    for (size_t i = 0; i < plain.size(); ++i) {
      if (i && (plain.size() - i) % 3 == 0) commas += ',';
      commas += plain[i];
    }
    double a = -1, b = -1;
    ASSERT_TRUE(words::parse_simple_number(plain, &a)) << plain;
    ASSERT_TRUE(words::parse_simple_number(commas, &b)) << commas;
    EXPECT_EQ(a, static_cast<double>(n));
    EXPECT_EQ(b, static_cast<double>(n));
    Document d = run("They counted about " + commas + " boxes.");
    ASSERT_EQ(d.numbers.size(), 1u) << commas;
    EXPECT_EQ(d.numbers[0].value, static_cast<double>(n)) << commas;
  }
}

}  // namespace
}  // namespace sitrep

namespace sitrep {
namespace {

// Capitals mark names only in sentence case: in ALL CAPS or lower-case text a
// figure after a word is a count, and number words and months read the same.
TEST(NumbersAnyCase, CountsAfterWordsInCaselessText) {
  for (std::string text :
       {"GUERRILLAS KILLED 50 PEASANTS AND ABOUT TWENTY SOLDIERS ON 30 DECEMBER IN MORAZAN.",
        "guerrillas killed 50 peasants and about twenty soldiers on 30 december in morazan."}) {
    Document d = run(text, Date{1990, 1, 3});
    ASSERT_EQ(d.numbers.size(), 2u) << text;
    EXPECT_EQ(d.numbers[0].low, 50) << text;
    EXPECT_EQ(d.numbers[1].low, 20) << text;
    EXPECT_TRUE(d.numbers[1].approx) << text;
    ASSERT_EQ(d.times.size(), 1u) << text;
    EXPECT_EQ(d.times[0].value, "1989-12-30") << text;
  }
  // In sentence case a capitalised word before digits is a name.
  Document m = run("The crash of Flight 800 killed 230.");
  ASSERT_EQ(m.numbers.size(), 1u);
  EXPECT_EQ(m.numbers[0].low, 230);
}

}  // namespace
}  // namespace sitrep
