// Word lookup shared by the numbers and time stages: one static open-addressing
// hash table of lower-case keywords (number words, months, weekdays, time units,
// qualifiers). Input: a token's text; output: its class and value, or None.
// Invariant: the table is built once (thread-safe static) and read-only after.
// Cost: one pass over the token's bytes and one or two probes; no allocation.
#pragma once

#include <cstdint>
#include <string_view>

#include "sitrep/document.h"

namespace sitrep::words {

enum class W : uint8_t {
  None,
  Digit,      // zero..nine (val 0..9)
  Teen,       // ten..nineteen (val 10..19)
  Tens,       // twenty..ninety (val 20..90)
  Hundred,    // hundred (val 100)
  Scale,      // thousand, million, billion, trillion (val = exponent of 10)
  Dozen,      // dozen (val 12)
  Vague,      // tens, dozens, scores, hundreds, thousands, millions, billions (val 0..6: vague_base)
  A,          // a, an
  Month,      // january..december, jan..dec, sept (val 1..12)
  Weekday,    // monday..sunday (val 0..6, Monday = 0)
  Unit,       // second..century and plurals (val = Unit code; plural flag 0x80)
  DayWord,    // today, yesterday, tomorrow, tonight (val = DayWord code)
  PartOfDay,  // morning, afternoon, evening, night, noon, midnight, overnight (val = Part code)
  Ordinal,    // first..twelfth (val 1..12)
  Season,     // spring, summer, autumn, fall, winter (val = Season code)
  Ref,        // now, currently, recently, ... (val = Ref code)
  SetWord,    // daily, weekly, monthly, annually, yearly, hourly (val = Unit code)
  Rel,        // last, next, this, past, coming, previous, ... (val = Rel code)
  Qual,       // quantity qualifiers: least, more, than, nearly, about, ... (val = Qual code)
  Percent,    // percent, per cent, pct
  Currency,   // dollars, euros, pounds, shekels, ... (plural nouns of money)
};

enum Unit : uint8_t {
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,
  kWeekend,
  kFortnight,
  kMonth,
  kQuarter,
  kYear,
  kDecade,
  kCentury
};
constexpr uint8_t kPlural = 0x80;

enum DayWord : uint8_t { kToday, kYesterday, kTomorrow, kTonight };
enum Part : uint8_t { kMorning, kAfternoon, kEvening, kNight, kNoon, kMidnight, kOvernight };
enum Season : uint8_t { kSpring, kSummer, kFall, kWinter };
enum Ref : uint8_t {
  kNow,
  kCurrently,
  kRecently,
  kPreviously,
  kSoon,
  kNowadays,
  kPresently,
  kFuture,
  kPast,
  kPresent,
  kRecent,
  kFormerly,
  kCurrent
};
enum Rel : uint8_t {
  kLast,
  kNext,
  kThis,
  kPastRel,
  kComing,
  kPrevious,
  kFollowing,
  kEarlier,
  kLater,
  kAgo,
  kEarly,
  kLate,
  kMid,
  kEvery,
  kEach,
  kUpcoming
};
enum Qual : uint8_t {
  kAt,
  kLeast,
  kMost,
  kMore,
  kThan,
  kOver,
  kNearly,
  kAlmost,
  kFewer,
  kLess,
  kUnder,
  kAbout,
  kAround,
  kSome,
  kApproximately,
  kRoughly,
  kUp,
  kTo,
  kBetween,
  kAnd,
  kOr,
  kFrom,
  kEstimated,
  kClose,
  kJust,
  kAs,
  kMany,
  kNo,
  kNot,
  kOf,
  kPlus,
  kSo,
  kUpwards,
  kCouple,
  kHandful,
  kSeveral,
  kFew,
  kBarely,
  kUntil,
  kSince,
  kIn,
  kOn,
  kBy,
  kDuring,
  kWithin,
  kFor,
  kThe,
  kThrough,
  kBefore,
  kAfter
};

struct Info {
  W cls = W::None;
  uint8_t val = 0;
};

// Class of a token's text, case-insensitively; a trailing period is ignored
// ("Oct.", "Sept."). Non-ASCII or long text → None.
Info lookup(std::string_view text);

// The unit of a vague plural: tens 10, dozens 12, scores 20, hundreds 100, …
double vague_base(uint8_t val);

// Can a word of this class begin a quantity ("two", "a dozen", "dozens",
// "several hundred") or a time expression ("last", "Sunday", "the past")?
bool starts_number(Info w);
bool starts_time(Info w);

// A cheap pre-test on (length, first letter, last letter): false means the
// word is certainly no starter of that kind, so most words never reach
// lookup(). stage: kNumberStarters or kTimeStarters.
enum StarterKind : uint8_t { kNumberStarters = 0, kTimeStarters = 1 };
constexpr size_t kMaxKey = 14;  // longest keyword
constexpr size_t kFilterWords = ((kMaxKey + 1) * 26 * 26) / 64 + 1;
extern const uint64_t* const kStarterBits[2];
inline bool maybe_starter(std::string_view s, StarterKind stage) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  if (s.empty() || s.size() > kMaxKey) return false;
  unsigned a = static_cast<unsigned char>(s.front() | 0x20) - 'a',
           b = static_cast<unsigned char>(s.back() | 0x20) - 'a';
  if (a >= 26 || b >= 26) return true;  // not a plain word: let lookup() decide
  size_t k = (s.size() * 26 + a) * 26 + b;
  return (kStarterBits[stage][k / 64] >> (k % 64)) & 1;
}

// Case-insensitive equality with a lower-case ASCII literal.
inline bool ieq(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
    if (c != lower[i]) return false;
  }
  return true;
}

// Class of token i of doc (None for punctuation, numbers, non-ASCII words).
inline Info lookup_token(const Document& doc, size_t i) {
  const Token& t = doc.tokens[i];
  if (t.kind != TokenKind::Word || (t.flags & kTokNonAscii)) return {};
  return lookup(doc.view(t.start, t.end));
}

// Whether token i (if any) is a currency word: a country or nationality before
// it names the currency ("the US dollar", "Syrian pounds"), not a place or party.
inline bool currency_at(const Document& doc, size_t i) {
  return i < doc.tokens.size() && lookup_token(doc, i).cls == W::Currency;
}

// Value of one written number: digits with thousands commas and a decimal point
// ("9,770", "1.5"), a number word ("seven", "twelve"), or hyphenated tens-units
// ("thirty-seven"). False for anything else (ordinals, "007", "1.2.3").
bool parse_simple_number(std::string_view text, double* value);

}  // namespace sitrep::words
