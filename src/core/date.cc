#include "sitrep/date.h"

#include <cstdio>

#include "sitrep/document.h"

namespace sitrep {

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && is_leap_year(y) ? 29 : kDays[m - 1];
}

bool is_valid_date(int y, int m, int d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

// Howard Hinnant's civil-from-days algorithms (public domain description).
int64_t Date::to_days() const {
  int64_t y = year - (month <= 2 ? 1 : 0);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t mp = (month + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date Date::from_days(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Date{static_cast<int>(y + (m <= 2 ? 1 : 0)), m, d};
}

int Date::weekday() const {
  int64_t d = to_days();  // 1970-01-01 was a Thursday (3)
  int64_t w = (d % 7 + 7 + 3) % 7;
  return static_cast<int>(w);
}

std::string Date::iso() const {
  if (year < 0 || year > 9999 || month < 0 || month > 99 || day < 0 || day > 99) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
  }
  // Written for every date of every record: digits by hand, no format parsing.
  std::string s = "0000-00-00";
  s[0] = static_cast<char>('0' + year / 1000);
  s[1] = static_cast<char>('0' + year / 100 % 10);
  s[2] = static_cast<char>('0' + year / 10 % 10);
  s[3] = static_cast<char>('0' + year % 10);
  s[5] = static_cast<char>('0' + month / 10);
  s[6] = static_cast<char>('0' + month % 10);
  s[8] = static_cast<char>('0' + day / 10);
  s[9] = static_cast<char>('0' + day % 10);
  return s;
}

std::optional<Date> parse_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto num = [&](size_t from, size_t n, int& out) {
    out = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  int y, m, d;
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return std::nullopt;
  if (y < 1000 || !is_valid_date(y, m, d)) return std::nullopt;
  return Date{y, m, d};
}

const char* to_string(EntityType t) {
  switch (t) {
    case EntityType::Person:
      return "PERSON";
    case EntityType::Org:
      return "ORG";
    case EntityType::Place:
      return "PLACE";
    case EntityType::Group:
      return "GROUP";
  }
  return "PERSON";
}

const char* to_string(MentionKind k) {
  switch (k) {
    case MentionKind::Name:
      return "name";
    case MentionKind::Nominal:
      return "nominal";
    case MentionKind::Pronoun:
      return "pronoun";
  }
  return "name";
}

const char* to_string(TimeType t) {
  switch (t) {
    case TimeType::Date:
      return "DATE";
    case TimeType::Time:
      return "TIME";
    case TimeType::Duration:
      return "DURATION";
    case TimeType::Set:
      return "SET";
  }
  return "DATE";
}

}  // namespace sitrep
