#include "time/timex.h"

#include <gtest/gtest.h>

#include <optional>
#include <regex>
#include <string>

#include "read/reader.h"
#include "text/tokenizer.h"
#include "time/tables.h"
#include "time/timeml.h"

namespace sitrep {
namespace {

Document run(const std::string& text, std::optional<Date> published) {
  Document d;
  d.text = text;
  d.meta.published = published;
  split_paragraphs(d, 0);
  segment(d);
  find_times(d);
  return d;
}

struct Case {
  const char* published;  // "" = unknown
  const char* text;
  const char* span;
  const char* type;
  const char* value;
  const char* first;  // "" = none
  const char* last;
};

const Case kCases[] = {
    // The seed report was published on Monday 2023-11-06.
    {"2023-11-06", "Israel continued its attacks on Sunday.", "Sunday", "DATE", "2023-11-05", "2023-11-05",
     "2023-11-05"},
    {"2023-11-06", "Blinken arrived on Sunday evening.", "Sunday evening", "TIME", "2023-11-05TEV",
     "2023-11-05", "2023-11-05"},
    {"2023-11-06", "the Hamas attacks on Israel on October 7, which", "October 7", "DATE", "2023-10-07",
     "2023-10-07", "2023-10-07"},
    {"2023-11-06", "The conflict, raging for nearly a month, has", "nearly a month", "DURATION", "P1M", "",
     ""},
    {"2023-11-06", "The talks will resume next Sunday.", "next Sunday", "DATE", "2023-11-12", "2023-11-12",
     "2023-11-12"},
    {"2023-11-06", "He will travel on Thursday.", "Thursday", "DATE", "2023-11-09", "2023-11-09",
     "2023-11-09"},
    {"2023-11-06", "He travelled on Thursday.", "Thursday", "DATE", "2023-11-02", "2023-11-02", "2023-11-02"},
    {"2023-11-06", "It happened on Monday.", "Monday", "DATE", "2023-11-06", "2023-11-06", "2023-11-06"},
    {"2023-11-06", "It happened today.", "today", "DATE", "2023-11-06", "2023-11-06", "2023-11-06"},
    {"2023-11-06", "It happened yesterday.", "yesterday", "DATE", "2023-11-05", "2023-11-05", "2023-11-05"},
    {"2023-11-06", "It will happen tomorrow.", "tomorrow", "DATE", "2023-11-07", "2023-11-07", "2023-11-07"},
    {"2023-11-06", "They will meet tonight.", "tonight", "TIME", "2023-11-06TNI", "2023-11-06", "2023-11-06"},
    {"2023-11-06", "It rained last night.", "last night", "TIME", "2023-11-05TNI", "2023-11-05",
     "2023-11-05"},
    {"2023-11-06", "They met last week.", "last week", "DATE", "2023-W44", "2023-10-30", "2023-11-05"},
    {"2023-11-06", "They meet this week.", "this week", "DATE", "2023-W45", "2023-11-06", "2023-11-12"},
    {"2023-11-06", "They met last month.", "last month", "DATE", "2023-10", "2023-10-01", "2023-10-31"},
    {"2023-11-06", "They met earlier this month.", "earlier this month", "DATE", "2023-11", "2023-11-01",
     "2023-11-30"},
    {"2023-11-06", "They met last year.", "last year", "DATE", "2022", "2022-01-01", "2022-12-31"},
    {"2024-10-14", "The war began on October 7 last year.", "October 7 last year", "DATE", "2023-10-07",
     "2023-10-07", "2023-10-07"},
    {"2024-10-14", "It opened on March 3 this year.", "March 3 this year", "DATE", "2024-03-03", "2024-03-03",
     "2024-03-03"},
    {"2023-11-06", "They met on 7 October 2023.", "7 October 2023", "DATE", "2023-10-07", "2023-10-07",
     "2023-10-07"},
    {"2023-11-06", "They met on Oct. 7.", "Oct. 7", "DATE", "2023-10-07", "2023-10-07", "2023-10-07"},
    {"2023-11-06", "They met in October 2023.", "October 2023", "DATE", "2023-10", "2023-10-01",
     "2023-10-31"},
    {"2023-11-06", "They met on 2023-10-07.", "2023-10-07", "DATE", "2023-10-07", "2023-10-07", "2023-10-07"},
    {"2023-11-06", "It was built in 2022.", "2022", "DATE", "2022", "2022-01-01", "2022-12-31"},
    {"2023-11-06", "It was built in the 1990s.", "the 1990s", "DATE", "199", "1990-01-01", "1999-12-31"},
    {"2023-11-06", "Sales rose in the third quarter.", "the third quarter", "DATE", "2023-Q3", "2023-07-01",
     "2023-09-30"},
    {"2023-11-06", "It rained over the past two days.", "the past two days", "DURATION", "P2D", "2023-11-04",
     "2023-11-06"},
    {"2023-11-06", "The war has lasted three years.", "three years", "DURATION", "P3Y", "", ""},
    {"2023-11-06", "a siege of 48 hours", "48 hours", "DURATION", "PT48H", "", ""},
    {"2023-11-06", "They are now talking.", "now", "DATE", "PRESENT_REF", "2023-11-06", "2023-11-06"},
    {"2023-11-06", "They are currently talking.", "currently", "DATE", "PRESENT_REF", "2023-11-06",
     "2023-11-06"},
    {"2023-11-06", "They met recently.", "recently", "DATE", "PAST_REF", "", ""},
    {"2023-11-06", "They will meet in the future.", "the future", "DATE", "FUTURE_REF", "", ""},
    {"2023-11-06", "They have said in the past that it failed.", "the past", "DATE", "PAST_REF", "", ""},
    {"2023-11-06", "The then current mayor resigned.", "then current", "DATE", "PAST_REF", "", ""},
    {"2023-11-06", "Sales fell in the late spring.", "the late spring", "DATE", "2023-SP", "2023-03-01",
     "2023-05-31"},
    {"2023-11-06", "The plant may one day reopen.", "one day", "DATE", "FUTURE_REF", "", ""},
    {"2023-11-06", "Prices fell in the last half of 2022.", "the last half of 2022", "DATE", "2022-H2",
     "2022-07-01", "2022-12-31"},
    {"2023-11-06", "They meet every week.", "every week", "SET", "P1W", "", ""},
    {"2023-11-06", "He left two weeks ago.", "two weeks ago", "DATE", "2023-W43", "2023-10-23", "2023-10-29"},
    {"2023-11-06", "He left three days ago.", "three days ago", "DATE", "2023-11-03", "2023-11-03",
     "2023-11-03"},
    {"2023-11-06", "The strike hit at 5 p.m. on Sunday.", "5 p.m. on Sunday", "TIME", "2023-11-05T17:00",
     "2023-11-05", "2023-11-05"},
    {"2023-11-06", "a five-year plan", "five-year", "DURATION", "P5Y", "", ""},
    {"2023-11-06", "It began in mid-November.", "mid-November", "DATE", "2023-11", "2023-11-01",
     "2023-11-30"},
    {"2023-11-06", "It began in early October.", "early October", "DATE", "2023-10", "2023-10-01",
     "2023-10-31"},
    {"2023-11-06", "The vote will be held on December 25.", "December 25", "DATE", "2023-12-25", "2023-12-25",
     "2023-12-25"},
    {"2023-01-10", "The vote was held on December 25.", "December 25", "DATE", "2022-12-25", "2022-12-25",
     "2022-12-25"},
    {"2023-11-06", "Sales rose last summer.", "last summer", "DATE", "2022-SU", "2022-06-01", "2022-08-31"},
    {"1989-10-26", "the company said nineteen ninety-six was good", "nineteen ninety-six", "DATE", "1996",
     "1996-01-01", "1996-12-31"},
    {"2023-11-06", "He left several years ago.", "several years ago", "DATE", "PAST_REF", "", ""},
    {"2023-11-06", "It took a couple of years.", "a couple of years", "DURATION", "P2Y", "", ""},
    {"2023-11-06", "It took several months.", "several months", "DURATION", "PXM", "", ""},
    {"2023-11-06", "It took more than four hours.", "more than four hours", "DURATION", "PT4H", "", ""},
    {"2023-11-06", "Fighting went on over three years.", "three years", "DURATION", "P3Y", "", ""},
    {"2023-11-06", "Profits fell in fiscal 1989.", "fiscal 1989", "DATE", "1989", "1989-01-01", "1989-12-31"},
    {"2023-11-06", "Prices rose by the end of 1990.", "the end of 1990", "DATE", "1990", "1990-01-01",
     "1990-12-31"},
    {"2023-11-06", "It was due to expire Friday evening.", "Friday evening", "TIME", "2023-11-03TEV",
     "2023-11-03", "2023-11-03"},
    {"2023-11-06", "Hudson said it will redeem preferred shares on Dec. 31.", "Dec. 31", "DATE", "2023-12-31",
     "2023-12-31", "2023-12-31"},
    {"2023-11-06", "Talks resume the weekend after.", "the weekend", "DATE", "2023-W45-WE", "2023-11-11",
     "2023-11-12"},
    {"2023-11-06", "It will take two to three weeks.", "two to three weeks", "DURATION", "P2W", "", ""},
    {"2023-11-06", "It opened in January this year.", "January this year", "DATE", "2023-01", "2023-01-01",
     "2023-01-31"},
    {"2023-11-06", "They met around 7:15 p.m. on Sunday.", "around 7:15 p.m. on Sunday", "TIME",
     "2023-11-05T19:15", "2023-11-05", "2023-11-05"},
    {"2023-11-06", "It may last no more than sixty days.", "no more than sixty days", "DURATION", "P60D", "",
     ""},
    {"2023-11-06", "Talks resumed later yesterday.", "later yesterday", "DATE", "2023-11-05", "2023-11-05",
     "2023-11-05"},
    // The published date's own weekday is that day (2023-11-09 is a Thursday).
    {"2023-11-09", "The minister said Thursday that he would resign.", "Thursday", "DATE", "2023-11-09",
     "2023-11-09", "2023-11-09"},
    {"2023-11-09", "He will meet the envoy on Thursday.", "Thursday", "DATE", "2023-11-09", "2023-11-09",
     "2023-11-09"},
    // Tense cues count in the weekday's own clause only.
    {"2023-11-09", "The minister said Friday that he would resign.", "Friday", "DATE", "2023-11-03",
     "2023-11-03", "2023-11-03"},
    {"2023-11-06", "He planned to leave on Thursday.", "Thursday", "DATE", "2023-11-09", "2023-11-09",
     "2023-11-09"},
    // A weekday right after a reporting verb is the day of saying; a sentence-opening one belongs to the main
    // clause.
    {"2023-11-09", "The army said on Friday it will withdraw.", "Friday", "DATE", "2023-11-03", "2023-11-03",
     "2023-11-03"},
    {"2023-11-09", "On Friday, the army said it will withdraw.", "Friday", "DATE", "2023-11-03", "2023-11-03",
     "2023-11-03"},
    {"2023-11-09", "On Friday, the army will withdraw.", "Friday", "DATE", "2023-11-10", "2023-11-10",
     "2023-11-10"},
    {"2023-11-06", "A vote could come as early as Tuesday.", "Tuesday", "DATE", "2023-11-07", "2023-11-07",
     "2023-11-07"},
    // A month-day within 90 days of the report is that occurrence, whatever the tense.
    {"2023-08-18", "The rules will apply from Aug. 7, officials said.", "Aug. 7", "DATE", "2023-08-07",
     "2023-08-07", "2023-08-07"},
    {"2023-08-18", "The talks were held on Dec. 3.", "Dec. 3", "DATE", "2022-12-03", "2022-12-03",
     "2022-12-03"},
    // Holidays: the occurrence nearest the report.
    {"2023-11-06", "Shops close on Thanksgiving Day.", "Thanksgiving Day", "DATE", "2023-11-23", "2023-11-23",
     "2023-11-23"},
    {"2020-10-20", "Voters queued before Election Day.", "Election Day", "DATE", "2020-11-03", "2020-11-03",
     "2020-11-03"},
    {"2024-03-20", "Pilgrims arrived for Easter week.", "Easter week", "DATE", "2024-W13", "2024-03-25",
     "2024-03-31"},
    {"2023-07-01", "Prayers marked eid al-adha in the city.", "eid al-adha", "DATE", "2023-06-28",
     "2023-06-28", "2023-06-28"},
    {"2023-11-06", "It opened on Christmas 1998.", "Christmas 1998", "DATE", "1998-12-25", "1998-12-25",
     "1998-12-25"},
    // Present and future references.
    {"2023-11-06", "Sales fell in the current year.", "the current year", "DATE", "2023", "2023-01-01",
     "2023-12-31"},
    {"2023-11-06", "The current rules stand.", "current", "DATE", "PRESENT_REF", "2023-11-06", "2023-11-06"},
    {"2023-11-06", "Losses may grow in future quarters.", "future quarters", "DATE", "FUTURE_REF", "", ""},
    // Lower case and ALL CAPS read like mixed case.
    {"2023-11-06", "the attack came on sunday.", "sunday", "DATE", "2023-11-05", "2023-11-05", "2023-11-05"},
    {"2023-11-06", "THE DEAL WAS SIGNED IN MARCH.", "MARCH", "DATE", "2023-03", "2023-03-01", "2023-03-31"},
    {"2023-11-06", "the war began on october 7.", "october 7", "DATE", "2023-10-07", "2023-10-07",
     "2023-10-07"},
    {"2023-11-06", "TALKS WILL RESUME ON DECEMBER 5.", "DECEMBER 5", "DATE", "2023-12-05", "2023-12-05",
     "2023-12-05"},
    // Without a published date, relative values keep placeholders.
    {"", "Israel continued its attacks on Sunday.", "Sunday", "DATE", "XXXX-WXX-7", "", ""},
    {"", "It happened yesterday.", "yesterday", "DATE", "XXXX-XX-XX", "", ""},
    {"", "the attacks on October 7", "October 7", "DATE", "XXXX-10-07", "", ""},
    {"", "They met on 7 October 2023.", "7 October 2023", "DATE", "2023-10-07", "2023-10-07", "2023-10-07"},
};

class TimeTable : public ::testing::TestWithParam<Case> {};

TEST_P(TimeTable, Normalises) {
  const Case& c = GetParam();
  std::optional<Date> pub = *c.published ? parse_iso_date(c.published) : std::nullopt;
  Document d = run(c.text, pub);
  ASSERT_EQ(d.times.size(), 1u) << c.text;
  const TimeExpr& t = d.times[0];
  EXPECT_EQ(d.view(t.start, t.end), c.span) << c.text;
  EXPECT_STREQ(to_string(t.type), c.type) << c.text;
  EXPECT_EQ(t.value, c.value) << c.text;
  EXPECT_EQ(t.first ? t.first->iso() : "", c.first) << c.text;
  EXPECT_EQ(t.last ? t.last->iso() : "", c.last) << c.text;
  EXPECT_EQ(d.tokens[t.tok_begin].start, t.start);
  EXPECT_EQ(d.tokens[t.tok_end - 1].end, t.end);
}

INSTANTIATE_TEST_SUITE_P(Cases, TimeTable, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& p) {
                           return "case" + std::to_string(p.index);
                         });

const char* kNoTimes[] = {
    "The May family left",  // "May" with no date context is not a month
    "They may march on",
    "THEY MAY MARCH ON",
    "they may march on",
    "Jan Egeland told reporters",  // "Jan" as a first name
    "JAN EGELAND TOLD REPORTERS",
    "the daily Haaretz",  // a newspaper, not a SET
    "a daily newspaper",
    "He drove a 1987 Chevrolet.",  // a model year
    "She was named player of the year.",
    "He said that week after week the shelling went on.",
    "In the year since the war began, many died.",
    "2,000 people fled",
    "about 2000 people fled",
    "a second attack",
    "a quarter of the vote",
    "the former minister",
    "He won 1990 votes.",
};

TEST(Times, NotTimes) {
  for (const char* t : kNoTimes) {
    Document d = run(t, Date{2023, 11, 6});
    for (const auto& e : d.times)
      ADD_FAILURE() << t << ": read \"" << d.view(e.start, e.end) << "\" " << e.value;
  }
}

// Anaphoric dates take the last date the text gave (the reference time).
struct Anaphor {
  const char* published;
  const char* text;
  const char* span;
  const char* value;
};
const Anaphor kAnaphors[] = {
    {"2023-11-06", "Its third-quarter profit rose. Sales fell. Costs rose. A year earlier, it lost money.",
     "A year earlier", "2022-Q3"},
    {"2023-11-06", "They met on Nov. 2. Earlier in the day, shells fell.", "the day", "2023-11-02"},
    {"2023-11-06", "Its third-quarter profit rose from the same quarter a year ago.",
     "the same quarter a year ago", "2022-Q3"},
    {"2023-11-06", "Its first-quarter sales rose 4%. In the 2022 quarter, it lost money.", "the 2022 quarter",
     "2022-Q1"},
    {"2023-11-06", "Exports fell in the first nine months of the year.", "the year", "2023"},
    {"2023-11-06", "Troops entered the town on Oct. 12. The next day, rebels shelled it.", "The next day",
     "2023-10-13"},
    {"2023-11-06", "Troops entered the town on Oct. 12. Rebels shelled it that same day.", "that same day",
     "2023-10-12"},
    {"2023-11-06", "Troops entered the town on Oct. 12. The next morning, rebels shelled it.",
     "The next morning", "2023-10-13TMO"},
    {"2023-11-06", "Troops entered the town on Oct. 12. Rebels had shelled it the day before.",
     "the day before", "2023-10-11"},
    {"2023-11-06", "The war began in 1990. Later that year, talks failed.", "Later that year", "1990"},
    {"2023-11-06", "Troops entered the town on Oct. 12. Two days later, rebels shelled it.", "Two days later",
     "2023-10-14"},
    {"2023-11-06", "Profit rose in the third quarter from $5 million a year earlier.", "a year earlier",
     "2022-Q3"},
    {"2023-11-06", "Troops entered the town on Oct. 12. The following week, rebels shelled it.",
     "The following week", "2023-W42"},
    {"2023-11-06", "Net income rose in the third quarter. It fell in the year-ago quarter.",
     "the year-ago quarter", "2022-Q3"},
    {"2023-11-06", "Net income rose in the third quarter. Sales in the quarter fell.", "the quarter",
     "2023-Q3"},
    {"2023-11-06", "Sales fell in the latest quarter.", "the latest quarter", "2023-Q3"},
    {"2023-11-06", "Sales rose in the year-ago third quarter.", "the year-ago third quarter", "2022-Q3"},
    {"2024-02-06", "Sales rose in the fourth quarter.", "the fourth quarter", "2023-Q4"},
    {"2023-11-06", "Sales will rise in next year's first quarter.", "next year's first quarter", "2024-Q1"},
    {"2023-11-06", "It expects a loss for the full year.", "the full year", "2023"},
    {"2023-11-06", "The army took the town on Oct. 12. Aid arrived at the end of the month.",
     "the end of the month", "2023-10"},
};

TEST(Times, AnaphoricDatesTakeTheReferenceTime) {
  for (const auto& c : kAnaphors) {
    Document d = run(c.text, parse_iso_date(c.published));
    bool found = false;
    for (const auto& e : d.times)
      if (d.view(e.start, e.end) == c.span) {
        found = true;
        EXPECT_EQ(e.value, c.value) << c.text;
        EXPECT_TRUE(e.relative) << c.text;
      }
    EXPECT_TRUE(found) << c.text;
  }
}

TEST(Times, EasterSundays) {
  EXPECT_EQ(timex::easter_sunday(1998).iso(), "1998-04-12");
  EXPECT_EQ(timex::easter_sunday(2023).iso(), "2023-04-09");
  EXPECT_EQ(timex::easter_sunday(2024).iso(), "2024-03-31");
  EXPECT_EQ(timex::easter_sunday(2025).iso(), "2025-04-20");
}

TEST(Times, HolidayTableLoads) {
  const timex::TimeTables& t = timex::default_time_tables();
  EXPECT_TRUE(t.errors().empty());
  ASSERT_NE(t.holidays_starting("Thanksgiving"), nullptr);
  EXPECT_EQ(t.holidays_starting("tomato"), nullptr);
  for (const auto& h : t.holidays())
    if (h.rule == "ramadan") {
      auto d = t.holiday_in(h, 2024);
      ASSERT_TRUE(d);
      EXPECT_EQ(d->iso(), "2024-03-11");  // 30 days before Eid al-Fitr (April 10)
    }
}

TEST(Times, IsoWeeks) {
  int y, w;
  iso_week(Date{2023, 11, 6}, &y, &w);
  EXPECT_EQ(y, 2023);
  EXPECT_EQ(w, 45);
  iso_week(Date{2021, 1, 3}, &y, &w);  // a Sunday that belongs to 2020's week 53
  EXPECT_EQ(y, 2020);
  EXPECT_EQ(w, 53);
  iso_week(Date{2024, 12, 30}, &y, &w);  // a Monday in 2025's week 1
  EXPECT_EQ(y, 2025);
  EXPECT_EQ(w, 1);
}

TEST(Times, SeedReportNeverOverlapsNumbers) {
  Document d =
      run("The Israel-Hamas conflict, raging for nearly a month, has led to the deaths of 9,770. "
          "It began on October 7.",
          Date{2023, 11, 6});
  ASSERT_EQ(d.times.size(), 2u);
  for (size_t k = 1; k < d.times.size(); ++k) EXPECT_LE(d.times[k - 1].end, d.times[k].start);
}

// The slow, obvious reference: explicit dates by regular expression. The fast
// stage must read every generated "Month D, YYYY", "D Month YYYY" and
// "YYYY-MM-DD" to the same value and span.
TEST(Times, ExplicitDatesAgreeWithRegexReference) {
  static const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                  "July",    "August",   "September", "October", "November", "December"};
  static const char* kAbbr[] = {"Jan.", "Feb.", "March", "April", "May",  "June",
                                "July", "Aug.", "Sept.", "Oct.",  "Nov.", "Dec."};
  const std::regex mdy(
      R"((January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.) (\d{1,2}),? (\d{4}))");
  const std::regex dmy(
      R"((\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4}))");
  const std::regex iso(R"((\d{4})-(\d{2})-(\d{2}))");
  auto month_of = [&](const std::string& m) {
    for (int k = 0; k < 12; ++k)
      if (m == kMonths[k] || m == kAbbr[k]) return k + 1;
    return 0;
  };
  uint64_t x = 0x9E3779B97F4A7C15ull;
  for (int k = 0; k < 1500; ++k) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    int y = 1950 + static_cast<int>(x % 100), m = 1 + static_cast<int>((x >> 8) % 12);
    int dd = 1 + static_cast<int>((x >> 16) % days_in_month(y, m));
    int form = static_cast<int>((x >> 24) % 3);
    char buf[64];
    if (form == 0)
      std::snprintf(buf, sizeof buf, "%s %d, %d", ((x >> 30) & 1) ? kAbbr[m - 1] : kMonths[m - 1], dd, y);
    else if (form == 1)
      std::snprintf(buf, sizeof buf, "%d %s %d", dd, kMonths[m - 1], y);
    else
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, dd);
    std::string sentence = std::string("The ceasefire began on ") + buf + " in the south.";
    // Reference.
    std::smatch mt;
    int ry = 0, rm = 0, rd = 0;
    if (std::regex_search(sentence, mt, mdy))
      ry = std::stoi(mt[3]), rm = month_of(mt[1]), rd = std::stoi(mt[2]);
    else if (std::regex_search(sentence, mt, dmy))
      ry = std::stoi(mt[3]), rm = month_of(mt[2]), rd = std::stoi(mt[1]);
    else if (std::regex_search(sentence, mt, iso))
      ry = std::stoi(mt[1]), rm = std::stoi(mt[2]), rd = std::stoi(mt[3]);
    ASSERT_TRUE(ry) << sentence;
    std::string want = Date{ry, rm, rd}.iso();
    Document d = run(sentence, Date{2023, 11, 6});
    ASSERT_EQ(d.times.size(), 1u) << sentence;
    EXPECT_EQ(d.times[0].value, want) << sentence;
    EXPECT_EQ(d.view(d.times[0].start, d.times[0].end), mt.str(0)) << sentence;
  }
}

TEST(TimeML, StripsTagsAndKeepsOffsets) {
  const char* xml =
      "<TimeML><DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"1998-01-08\" "
      "functionInDocument=\"CREATION_TIME\">"
      "19980108</TIMEX3></DCT><TEXT>A &amp; B met <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"1998-01-07\">"
      "yesterday</TIMEX3> for <TIMEX3 tid=\"t2\" type=\"DURATION\" value=\"PT2H\">two hours</TIMEX3>.</TEXT>"
      "</TimeML>";
  TimeMLDoc doc;
  std::string err;
  ASSERT_TRUE(parse_timeml(xml, &doc, &err)) << err;
  EXPECT_EQ(doc.text, "A & B met yesterday for two hours.");
  ASSERT_TRUE(doc.dct);
  EXPECT_EQ(doc.dct->iso(), "1998-01-08");
  ASSERT_EQ(doc.gold.size(), 2u);
  EXPECT_EQ(doc.text.substr(doc.gold[0].start, doc.gold[0].end - doc.gold[0].start), "yesterday");
  EXPECT_EQ(doc.gold[1].value, "PT2H");
  Document d = run(doc.text, doc.dct);
  TimexScore sc = score_times(doc.gold, d.times, false);
  EXPECT_EQ(sc.all.strict, 2u);
  EXPECT_EQ(sc.all.value_ok, 2u);
  EXPECT_DOUBLE_EQ(sc.all.f1(true), 1.0);
  EXPECT_FALSE(parse_timeml("<TimeML>no text</TimeML>", &doc, &err));
}

TEST(TimeML, ScoresPartialOverlapAsRelaxedOnly) {
  std::vector<GoldTimex> gold = {{10, 20, "DATE", "2023"}};
  std::vector<TimeExpr> sys(1);
  sys[0].start = 12;
  sys[0].end = 20;
  sys[0].value = "2022";
  TimexScore sc = score_times(gold, sys, false);
  EXPECT_EQ(sc.all.strict, 0u);
  EXPECT_EQ(sc.all.relaxed, 1u);
  EXPECT_EQ(sc.all.value_ok, 0u);
}

}  // namespace
}  // namespace sitrep

namespace sitrep {
namespace {

// fuzz_times found this: a month abbreviation as the last token made the
// year look-ahead read past the sentence.
TEST(Times, RegressionFuzzMonthAtEndOfText) {
  for (const char* t : {" Oct.", "Oct.", "May", "on Sunday", "7", "the", "last", "2023", "5 p.m.", "every"}) {
    Document d = run(t, Date{2023, 11, 6});
    for (const auto& e : d.times) EXPECT_LE(e.end, d.text.size()) << t;
    Document u = run(t, std::nullopt);
    for (const auto& e : u.times) EXPECT_LE(e.end, u.text.size()) << t;
  }
}

}  // namespace
}  // namespace sitrep
