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
    {"zero", W::Digit, 0}, {"one", W::Digit, 1}, {"two", W::Digit, 2}, {"three", W::Digit, 3},
    {"four", W::Digit, 4}, {"five", W::Digit, 5}, {"six", W::Digit, 6}, {"seven", W::Digit, 7},
    {"eight", W::Digit, 8}, {"nine", W::Digit, 9}, {"ten", W::Teen, 10}, {"eleven", W::Teen, 11},
    {"twelve", W::Teen, 12}, {"thirteen", W::Teen, 13}, {"fourteen", W::Teen, 14}, {"fifteen", W::Teen, 15},
    {"sixteen", W::Teen, 16}, {"seventeen", W::Teen, 17}, {"eighteen", W::Teen, 18}, {"nineteen", W::Teen, 19},
    {"twenty", W::Tens, 20}, {"thirty", W::Tens, 30}, {"forty", W::Tens, 40}, {"fourty", W::Tens, 40},
    {"fifty", W::Tens, 50}, {"sixty", W::Tens, 60}, {"seventy", W::Tens, 70}, {"eighty", W::Tens, 80},
    {"ninety", W::Tens, 90}, {"hundred", W::Hundred, 100}, {"thousand", W::Scale, 3}, {"million", W::Scale, 6},
    {"billion", W::Scale, 9}, {"trillion", W::Scale, 12}, {"dozen", W::Dozen, 12},
    {"tens", W::Vague, 0}, {"dozens", W::Vague, 1}, {"scores", W::Vague, 2}, {"hundreds", W::Vague, 3},
    {"thousands", W::Vague, 4}, {"millions", W::Vague, 5}, {"billions", W::Vague, 6},
    {"a", W::A, 0}, {"an", W::A, 0},
    {"january", W::Month, 1}, {"february", W::Month, 2}, {"march", W::Month, 3}, {"april", W::Month, 4},
    {"may", W::Month, 5}, {"june", W::Month, 6}, {"july", W::Month, 7}, {"august", W::Month, 8},
    {"september", W::Month, 9}, {"october", W::Month, 10}, {"november", W::Month, 11}, {"december", W::Month, 12},
    {"jan", W::Month, 1}, {"feb", W::Month, 2}, {"mar", W::Month, 3}, {"apr", W::Month, 4}, {"jun", W::Month, 6},
    {"jul", W::Month, 7}, {"aug", W::Month, 8}, {"sep", W::Month, 9}, {"sept", W::Month, 9}, {"oct", W::Month, 10},
    {"nov", W::Month, 11}, {"dec", W::Month, 12},
    {"monday", W::Weekday, 0}, {"tuesday", W::Weekday, 1}, {"wednesday", W::Weekday, 2},
    {"thursday", W::Weekday, 3}, {"friday", W::Weekday, 4}, {"saturday", W::Weekday, 5}, {"sunday", W::Weekday, 6},
    {"second", W::Unit, kSecond}, {"seconds", W::Unit, kSecond | kPlural}, {"minute", W::Unit, kMinute},
    {"minutes", W::Unit, kMinute | kPlural}, {"hour", W::Unit, kHour}, {"hours", W::Unit, kHour | kPlural},
    {"day", W::Unit, kDay}, {"days", W::Unit, kDay | kPlural}, {"week", W::Unit, kWeek},
    {"weeks", W::Unit, kWeek | kPlural}, {"weekend", W::Unit, kWeekend}, {"weekends", W::Unit, kWeekend | kPlural},
    {"fortnight", W::Unit, kFortnight}, {"month", W::Unit, kMonth}, {"months", W::Unit, kMonth | kPlural},
    {"quarter", W::Unit, kQuarter}, {"quarters", W::Unit, kQuarter | kPlural}, {"year", W::Unit, kYear},
    {"years", W::Unit, kYear | kPlural}, {"decade", W::Unit, kDecade}, {"decades", W::Unit, kDecade | kPlural},
    {"century", W::Unit, kCentury}, {"centuries", W::Unit, kCentury | kPlural},
    {"today", W::DayWord, kToday}, {"yesterday", W::DayWord, kYesterday}, {"tomorrow", W::DayWord, kTomorrow},
    {"tonight", W::DayWord, kTonight},
    {"morning", W::PartOfDay, kMorning}, {"afternoon", W::PartOfDay, kAfternoon}, {"evening", W::PartOfDay, kEvening},
    {"night", W::PartOfDay, kNight}, {"noon", W::PartOfDay, kNoon}, {"midday", W::PartOfDay, kNoon},
    {"midnight", W::PartOfDay, kMidnight}, {"overnight", W::PartOfDay, kOvernight},
    {"first", W::Ordinal, 1}, {"second", W::Ordinal, 2}, {"third", W::Ordinal, 3}, {"fourth", W::Ordinal, 4},
    {"spring", W::Season, kSpring}, {"summer", W::Season, kSummer}, {"autumn", W::Season, kFall},
    {"fall", W::Season, kFall}, {"winter", W::Season, kWinter},
    {"now", W::Ref, kNow}, {"currently", W::Ref, kCurrently}, {"recently", W::Ref, kRecently},
    {"previously", W::Ref, kPreviously}, {"soon", W::Ref, kSoon}, {"nowadays", W::Ref, kNowadays},
    {"presently", W::Ref, kPresently}, {"future", W::Ref, kFuture}, {"past", W::Ref, kPast},
    {"present", W::Ref, kPresent}, {"recent", W::Ref, kRecent}, {"formerly", W::Ref, kFormerly},
    {"current", W::Ref, kCurrent},
    {"daily", W::SetWord, kDay}, {"nightly", W::SetWord, kDay}, {"weekly", W::SetWord, kWeek},
    {"monthly", W::SetWord, kMonth}, {"quarterly", W::SetWord, kQuarter}, {"annually", W::SetWord, kYear},
    {"yearly", W::SetWord, kYear}, {"hourly", W::SetWord, kHour},
    {"last", W::Rel, kLast}, {"next", W::Rel, kNext}, {"this", W::Rel, kThis}, {"coming", W::Rel, kComing},
    {"previous", W::Rel, kPrevious}, {"following", W::Rel, kFollowing}, {"earlier", W::Rel, kEarlier},
    {"later", W::Rel, kLater}, {"ago", W::Rel, kAgo}, {"early", W::Rel, kEarly}, {"late", W::Rel, kLate},
    {"mid", W::Rel, kMid}, {"every", W::Rel, kEvery}, {"each", W::Rel, kEach}, {"upcoming", W::Rel, kUpcoming},
    {"at", W::Qual, kAt}, {"least", W::Qual, kLeast}, {"most", W::Qual, kMost}, {"more", W::Qual, kMore},
    {"than", W::Qual, kThan}, {"over", W::Qual, kOver}, {"nearly", W::Qual, kNearly}, {"almost", W::Qual, kAlmost},
    {"fewer", W::Qual, kFewer}, {"less", W::Qual, kLess}, {"under", W::Qual, kUnder}, {"about", W::Qual, kAbout},
    {"around", W::Qual, kAround}, {"some", W::Qual, kSome}, {"approximately", W::Qual, kApproximately},
    {"approx", W::Qual, kApproximately}, {"roughly", W::Qual, kRoughly}, {"up", W::Qual, kUp}, {"to", W::Qual, kTo},
    {"between", W::Qual, kBetween}, {"and", W::Qual, kAnd}, {"or", W::Qual, kOr}, {"from", W::Qual, kFrom},
    {"estimated", W::Qual, kEstimated}, {"close", W::Qual, kClose}, {"just", W::Qual, kJust}, {"as", W::Qual, kAs},
    {"many", W::Qual, kMany}, {"no", W::Qual, kNo}, {"not", W::Qual, kNot}, {"of", W::Qual, kOf},
    {"plus", W::Qual, kPlus}, {"so", W::Qual, kSo}, {"upwards", W::Qual, kUpwards}, {"couple", W::Qual, kCouple},
    {"handful", W::Qual, kHandful}, {"several", W::Qual, kSeveral}, {"few", W::Qual, kFew},
    {"barely", W::Qual, kBarely}, {"until", W::Qual, kUntil}, {"till", W::Qual, kUntil}, {"since", W::Qual, kSince},
    {"in", W::Qual, kIn}, {"on", W::Qual, kOn}, {"by", W::Qual, kBy}, {"during", W::Qual, kDuring},
    {"within", W::Qual, kWithin}, {"for", W::Qual, kFor}, {"the", W::Qual, kThe}, {"through", W::Qual, kThrough},
    {"before", W::Qual, kBefore}, {"after", W::Qual, kAfter},
    {"percent", W::Percent, 0}, {"pct", W::Percent, 0}, {"percentage", W::Percent, 1},
    {"dollars", W::Currency, 0}, {"dollar", W::Currency, 0}, {"euros", W::Currency, 0}, {"pounds", W::Currency, 0},
    {"shekels", W::Currency, 0}, {"yuan", W::Currency, 0}, {"yen", W::Currency, 0}, {"rupees", W::Currency, 0},
    {"riyals", W::Currency, 0}, {"dinars", W::Currency, 0}, {"rubles", W::Currency, 0},
    {"roubles", W::Currency, 0}, {"francs", W::Currency, 0}, {"marks", W::Currency, 0}, {"lire", W::Currency, 0},
    {"cents", W::Currency, 0},
};

constexpr size_t kMaxKey = 14;
constexpr size_t kSlots = 1024;  // power of two, > 3 × entries

inline uint32_t fold(char c) { return static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c); }

inline uint32_t hash_bytes(std::string_view s) {
  uint32_t h = 2166136261u;
  for (char c : s) h = (h ^ fold(c)) * 16777619u;
  return h;
}

struct Table {
  // Index+1 into kEntries per slot; 0 = empty. "second" is both a unit and an
  // ordinal: the first entry wins here and the time stage asks for the ordinal
  // reading itself.
  std::array<uint16_t, kSlots> slot{};
  Table() {
    for (size_t i = 0; i < std::size(kEntries); ++i) {
      uint32_t h = hash_bytes(kEntries[i].key) & (kSlots - 1);
      bool dup = false;
      while (slot[h]) {
        if (kEntries[slot[h] - 1].key == kEntries[i].key) {
          dup = true;
          break;
        }
        h = (h + 1) & (kSlots - 1);
      }
      if (!dup) slot[h] = static_cast<uint16_t>(i + 1);
    }
  }
};

const Table& table() {
  static const Table t;
  return t;
}

}  // namespace

double vague_base(uint8_t val) {
  static constexpr double kBase[] = {10, 12, 20, 100, 1e3, 1e6, 1e9};
  return val < std::size(kBase) ? kBase[val] : 0;
}

Info lookup(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  if (s.empty() || s.size() > kMaxKey) return {};
  uint32_t h = 2166136261u;
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return {};
    h = (h ^ fold(c)) * 16777619u;
  }
  const Table& t = table();
  h &= kSlots - 1;
  while (uint16_t e = t.slot[h]) {
    const Entry& en = kEntries[e - 1];
    if (ieq(s, en.key)) return {en.cls, en.val};
    h = (h + 1) & (kSlots - 1);
  }
  return {};
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
