#include "numbers/words.h"

#include <array>
#include <cstring>

namespace sitrep::words {
namespace {

struct Entry {
  std::string_view key;
  W cls;
  uint8_t val;
};

// Every keyword, lower case. Facts of English, no source needed.
constexpr Entry kEntries[] = {
    {"zero", W::Digit, 0},
    {"one", W::Digit, 1},
    {"two", W::Digit, 2},
    {"three", W::Digit, 3},
    {"four", W::Digit, 4},
    {"five", W::Digit, 5},
    {"six", W::Digit, 6},
    {"seven", W::Digit, 7},
    {"eight", W::Digit, 8},
    {"nine", W::Digit, 9},
    {"ten", W::Teen, 10},
    {"eleven", W::Teen, 11},
    {"twelve", W::Teen, 12},
    {"thirteen", W::Teen, 13},
    {"fourteen", W::Teen, 14},
    {"fifteen", W::Teen, 15},
    {"sixteen", W::Teen, 16},
    {"seventeen", W::Teen, 17},
    {"eighteen", W::Teen, 18},
    {"nineteen", W::Teen, 19},
    {"twenty", W::Tens, 20},
    {"thirty", W::Tens, 30},
    {"forty", W::Tens, 40},
    {"fourty", W::Tens, 40},
    {"fifty", W::Tens, 50},
    {"sixty", W::Tens, 60},
    {"seventy", W::Tens, 70},
    {"eighty", W::Tens, 80},
    {"ninety", W::Tens, 90},
    {"hundred", W::Hundred, 100},
    {"thousand", W::Scale, 3},
    {"million", W::Scale, 6},
    {"billion", W::Scale, 9},
    {"trillion", W::Scale, 12},
    {"dozen", W::Dozen, 12},
    {"tens", W::Vague, 0},
    {"dozens", W::Vague, 1},
    {"scores", W::Vague, 2},
    {"hundreds", W::Vague, 3},
    {"thousands", W::Vague, 4},
    {"millions", W::Vague, 5},
    {"billions", W::Vague, 6},
    {"a", W::A, 0},
    {"an", W::A, 0},
    {"january", W::Month, 1},
    {"february", W::Month, 2},
    {"march", W::Month, 3},
    {"april", W::Month, 4},
    {"may", W::Month, 5},
    {"june", W::Month, 6},
    {"july", W::Month, 7},
    {"august", W::Month, 8},
    {"september", W::Month, 9},
    {"october", W::Month, 10},
    {"november", W::Month, 11},
    {"december", W::Month, 12},
    {"jan", W::Month, 1},
    {"feb", W::Month, 2},
    {"mar", W::Month, 3},
    {"apr", W::Month, 4},
    {"jun", W::Month, 6},
    {"jul", W::Month, 7},
    {"aug", W::Month, 8},
    {"sep", W::Month, 9},
    {"sept", W::Month, 9},
    {"oct", W::Month, 10},
    {"nov", W::Month, 11},
    {"dec", W::Month, 12},
    {"monday", W::Weekday, 0},
    {"tuesday", W::Weekday, 1},
    {"wednesday", W::Weekday, 2},
    {"thursday", W::Weekday, 3},
    {"friday", W::Weekday, 4},
    {"saturday", W::Weekday, 5},
    {"sunday", W::Weekday, 6},
    {"second", W::Unit, kSecond},
    {"seconds", W::Unit, kSecond | kPlural},
    {"minute", W::Unit, kMinute},
    {"minutes", W::Unit, kMinute | kPlural},
    {"hour", W::Unit, kHour},
    {"hours", W::Unit, kHour | kPlural},
    {"day", W::Unit, kDay},
    {"days", W::Unit, kDay | kPlural},
    {"week", W::Unit, kWeek},
    {"weeks", W::Unit, kWeek | kPlural},
    {"weekend", W::Unit, kWeekend},
    {"weekends", W::Unit, kWeekend | kPlural},
    {"fortnight", W::Unit, kFortnight},
    {"month", W::Unit, kMonth},
    {"months", W::Unit, kMonth | kPlural},
    {"quarter", W::Unit, kQuarter},
    {"quarters", W::Unit, kQuarter | kPlural},
    {"year", W::Unit, kYear},
    {"years", W::Unit, kYear | kPlural},
    {"decade", W::Unit, kDecade},
    {"decades", W::Unit, kDecade | kPlural},
    {"century", W::Unit, kCentury},
    {"centuries", W::Unit, kCentury | kPlural},
    {"today", W::DayWord, kToday},
    {"yesterday", W::DayWord, kYesterday},
    {"tomorrow", W::DayWord, kTomorrow},
    {"tonight", W::DayWord, kTonight},
    {"morning", W::PartOfDay, kMorning},
    {"afternoon", W::PartOfDay, kAfternoon},
    {"evening", W::PartOfDay, kEvening},
    {"night", W::PartOfDay, kNight},
    {"noon", W::PartOfDay, kNoon},
    {"midday", W::PartOfDay, kNoon},
    {"midnight", W::PartOfDay, kMidnight},
    {"overnight", W::PartOfDay, kOvernight},
    {"first", W::Ordinal, 1},
    {"second", W::Ordinal, 2},
    {"third", W::Ordinal, 3},
    {"fourth", W::Ordinal, 4},
    {"spring", W::Season, kSpring},
    {"summer", W::Season, kSummer},
    {"autumn", W::Season, kFall},
    {"fall", W::Season, kFall},
    {"winter", W::Season, kWinter},
    {"now", W::Ref, kNow},
    {"currently", W::Ref, kCurrently},
    {"recently", W::Ref, kRecently},
    {"previously", W::Ref, kPreviously},
    {"soon", W::Ref, kSoon},
    {"nowadays", W::Ref, kNowadays},
    {"presently", W::Ref, kPresently},
    {"future", W::Ref, kFuture},
    {"past", W::Ref, kPast},
    {"present", W::Ref, kPresent},
    {"recent", W::Ref, kRecent},
    {"formerly", W::Ref, kFormerly},
    {"current", W::Ref, kCurrent},
    {"daily", W::SetWord, kDay},
    {"nightly", W::SetWord, kDay},
    {"weekly", W::SetWord, kWeek},
    {"monthly", W::SetWord, kMonth},
    {"quarterly", W::SetWord, kQuarter},
    {"annually", W::SetWord, kYear},
    {"yearly", W::SetWord, kYear},
    {"hourly", W::SetWord, kHour},
    {"last", W::Rel, kLast},
    {"next", W::Rel, kNext},
    {"this", W::Rel, kThis},
    {"coming", W::Rel, kComing},
    {"previous", W::Rel, kPrevious},
    {"prior", W::Rel, kPrevious},  // "the prior year", "the prior quarter"
    {"following", W::Rel, kFollowing},
    {"earlier", W::Rel, kEarlier},
    {"later", W::Rel, kLater},
    {"ago", W::Rel, kAgo},
    {"early", W::Rel, kEarly},
    {"late", W::Rel, kLate},
    {"mid", W::Rel, kMid},
    {"every", W::Rel, kEvery},
    {"each", W::Rel, kEach},
    {"upcoming", W::Rel, kUpcoming},
    {"at", W::Qual, kAt},
    {"least", W::Qual, kLeast},
    {"most", W::Qual, kMost},
    {"more", W::Qual, kMore},
    {"than", W::Qual, kThan},
    {"over", W::Qual, kOver},
    {"nearly", W::Qual, kNearly},
    {"almost", W::Qual, kAlmost},
    {"fewer", W::Qual, kFewer},
    {"less", W::Qual, kLess},
    {"under", W::Qual, kUnder},
    {"about", W::Qual, kAbout},
    {"around", W::Qual, kAround},
    {"some", W::Qual, kSome},
    {"approximately", W::Qual, kApproximately},
    {"approx", W::Qual, kApproximately},
    {"roughly", W::Qual, kRoughly},
    {"up", W::Qual, kUp},
    {"to", W::Qual, kTo},
    {"between", W::Qual, kBetween},
    {"and", W::Qual, kAnd},
    {"or", W::Qual, kOr},
    {"from", W::Qual, kFrom},
    {"estimated", W::Qual, kEstimated},
    {"close", W::Qual, kClose},
    {"just", W::Qual, kJust},
    {"as", W::Qual, kAs},
    {"many", W::Qual, kMany},
    {"no", W::Qual, kNo},
    {"not", W::Qual, kNot},
    {"of", W::Qual, kOf},
    {"plus", W::Qual, kPlus},
    {"so", W::Qual, kSo},
    {"upwards", W::Qual, kUpwards},
    {"couple", W::Qual, kCouple},
    {"handful", W::Qual, kHandful},
    {"several", W::Qual, kSeveral},
    {"few", W::Qual, kFew},
    {"barely", W::Qual, kBarely},
    {"until", W::Qual, kUntil},
    {"till", W::Qual, kUntil},
    {"since", W::Qual, kSince},
    {"in", W::Qual, kIn},
    {"on", W::Qual, kOn},
    {"by", W::Qual, kBy},
    {"during", W::Qual, kDuring},
    {"within", W::Qual, kWithin},
    {"for", W::Qual, kFor},
    {"the", W::Qual, kThe},
    {"through", W::Qual, kThrough},
    {"before", W::Qual, kBefore},
    {"after", W::Qual, kAfter},
    {"percent", W::Percent, 0},
    {"pct", W::Percent, 0},
    {"percentage", W::Percent, 1},
    {"dollars", W::Currency, 0},
    {"dollar", W::Currency, 0},
    {"euros", W::Currency, 0},
    {"pounds", W::Currency, 0},
    {"shekels", W::Currency, 0},
    {"yuan", W::Currency, 0},
    {"yen", W::Currency, 0},
    {"rupees", W::Currency, 0},
    {"riyals", W::Currency, 0},
    {"dinars", W::Currency, 0},
    {"rubles", W::Currency, 0},
    {"roubles", W::Currency, 0},
    {"francs", W::Currency, 0},
    {"marks", W::Currency, 0},
    {"lire", W::Currency, 0},
    {"cents", W::Currency, 0},
    // Singulars and more currencies, also for geo/ ("the US dollar", "the Lebanese pound":
    // a currency's name, not its country).
    {"euro", W::Currency, 0},
    {"pound", W::Currency, 0},
    {"rupee", W::Currency, 0},
    {"riyal", W::Currency, 0},
    {"dinar", W::Currency, 0},
    {"ruble", W::Currency, 0},
    {"rouble", W::Currency, 0},
    {"franc", W::Currency, 0},
    {"lira", W::Currency, 0},
    {"shekel", W::Currency, 0},
    {"naira", W::Currency, 0},
    {"shilling", W::Currency, 0},
    {"shillings", W::Currency, 0},
    {"peso", W::Currency, 0},
    {"pesos", W::Currency, 0},
    {"cedi", W::Currency, 0},
    {"cedis", W::Currency, 0},
    {"kwacha", W::Currency, 0},
    {"birr", W::Currency, 0},
};

constexpr size_t kSlots = 4096;  // power of two, > 12 × entries: probes stay short

// The hash reads only the length, the first two and the last byte (folded to
// lower case), so rejecting an ordinary word costs a few instructions and one
// probe; the full comparison runs only when a slot is taken.
inline uint32_t key_hash(std::string_view s) {
  uint32_t a = static_cast<unsigned char>(s[0]) | 0x20;
  uint32_t b = s.size() > 1 ? static_cast<unsigned char>(s[1]) | 0x20 : 0;
  uint32_t c = static_cast<unsigned char>(s.back()) | 0x20;
  uint32_t h =
      a * 0x9E3779B1u ^ b * 0x85EBCA77u ^ c * 0xC2B2AE3Du ^ static_cast<uint32_t>(s.size()) * 0x27D4EB2Fu;
  return h >> 20;  // 12 bits: kSlots
}

struct Slot {
  uint16_t entry = 0;  // index + 1 into kEntries; 0 = empty
  uint8_t len = 0;     // the key's length and first byte, to reject without
  uint8_t first = 0;   // touching kEntries
};

struct Table {
  // "second" is both a unit and an ordinal: the first entry wins here and the
  // time stage asks for the ordinal reading itself.
  std::array<Slot, kSlots> slot{};
  Table() {
    for (size_t i = 0; i < std::size(kEntries); ++i) {
      std::string_view k = kEntries[i].key;
      uint32_t h = key_hash(k);
      bool dup = false;
      while (slot[h].entry) {
        if (kEntries[slot[h].entry - 1].key == k) {
          dup = true;
          break;
        }
        h = (h + 1) & (kSlots - 1);
      }
      if (!dup)
        slot[h] = {static_cast<uint16_t>(i + 1), static_cast<uint8_t>(k.size()), static_cast<uint8_t>(k[0])};
    }
  }
};

const Table kTable;  // built at load time: kEntries is constant-initialised

// Bit per (length 1..kMaxKey, first letter, last letter) of a starter word.
struct Filter {
  std::array<uint64_t, kFilterWords> bits{};
  static size_t index(size_t len, char a, char b) {
    return (len * 26 + static_cast<size_t>((a | 0x20) - 'a')) * 26 + static_cast<size_t>((b | 0x20) - 'a');
  }
  explicit Filter(StarterKind kind) {
    for (const Entry& e : kEntries) {
      Info w{e.cls, e.val};
      if (!(kind == kNumberStarters ? starts_number(w) : starts_time(w))) continue;
      size_t k = index(e.key.size(), e.key.front(), e.key.back());
      bits[k / 64] |= uint64_t{1} << (k % 64);
    }
  }
};
const Filter kFilters[2] = {Filter(kNumberStarters), Filter(kTimeStarters)};
static_assert(sizeof(Filter::bits) / sizeof(uint64_t) == kFilterWords);

}  // namespace

bool starts_number(Info w) {
  return w.cls == W::Digit || w.cls == W::Teen || w.cls == W::Tens || w.cls == W::A || w.cls == W::Vague ||
         (w.cls == W::Qual && w.val == kSeveral);
}

bool starts_time(Info w) {
  // Qualifiers ("more than", "about") and "the" are not starters: the time
  // stage reaches back over them from the number or head word, so the very
  // common function words never leave the filter.
  switch (w.cls) {
    case W::Month:
    case W::Weekday:
    case W::DayWord:
    case W::Ref:
    case W::SetWord:
    case W::Ordinal:
    case W::Season:
    case W::Digit:
    case W::Teen:
    case W::Tens:
    case W::A:
    case W::Vague:
      return true;
    case W::Rel:
      return w.val != kAgo;
    case W::PartOfDay:
      return w.val == kNoon || w.val == kMidnight;
    case W::Unit:
      return w.val == kSecond || w.val == kWeekend;  // "second quarter", "the weekend"
    case W::Qual:
      return w.val == kSeveral || w.val == kFew || w.val == kMany;
    default:
      return false;
  }
}

const uint64_t* const kStarterBits[2] = {kFilters[0].bits.data(), kFilters[1].bits.data()};

double vague_base(uint8_t val) {
  static constexpr double kBase[] = {10, 12, 20, 100, 1e3, 1e6, 1e9};
  return val < std::size(kBase) ? kBase[val] : 0;
}

Info lookup(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  if (s.empty() || s.size() > kMaxKey) return {};
  const uint8_t first = static_cast<uint8_t>(s[0] | 0x20);
  uint32_t h = key_hash(s);
  for (;;) {
    const Slot& sl = kTable.slot[h];
    if (!sl.entry) return {};
    if (sl.len == s.size() && sl.first == first) {
      const Entry& en = kEntries[sl.entry - 1];
      if (ieq(s, en.key)) return {en.cls, en.val};
    }
    h = (h + 1) & (kSlots - 1);
  }
}

bool parse_simple_number(std::string_view s, double* value) {
  if (s.empty()) return false;
  if (s[0] >= '0' && s[0] <= '9') {
    // Digits, thousands commas (groups of three), one decimal point.
    if (s.size() > 1 && s[0] == '0' && s[1] != '.') return false;
    double v = 0, frac = 0, scale = 1;
    bool in_frac = false, seen_comma = false;
    size_t group = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c >= '0' && c <= '9') {
        if (in_frac) {
          scale /= 10;
          frac += (c - '0') * scale;
        } else {
          v = v * 10 + (c - '0');
          ++group;
        }
      } else if (c == ',' && !in_frac) {
        if ((seen_comma && group != 3) || group == 0 || group > 3) return false;
        seen_comma = true;
        group = 0;
      } else if (c == '.' && !in_frac && i + 1 < s.size()) {
        if (seen_comma && group != 3) return false;
        in_frac = true;
      } else {
        return false;
      }
    }
    if (seen_comma && !in_frac && group != 3) return false;
    *value = v + frac;
    return true;
  }
  size_t dash = s.find('-');
  if (dash != std::string_view::npos) {
    Info a = lookup(s.substr(0, dash)), b = lookup(s.substr(dash + 1));
    if (a.cls == W::Tens && b.cls == W::Digit && b.val > 0) {
      *value = a.val + b.val;
      return true;
    }
    return false;
  }
  Info a = lookup(s);
  if (a.cls == W::Digit || a.cls == W::Teen || a.cls == W::Tens) {
    *value = a.val;
    return true;
  }
  return false;
}

}  // namespace sitrep::words
