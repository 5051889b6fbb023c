// Calendar dates without time zones: what every stage uses for published dates,
// time expressions and event dates. Proleptic Gregorian, days since 1970-01-01.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sitrep {

struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31

  // Days since 1970-01-01 (negative before).
  int64_t to_days() const;
  static Date from_days(int64_t days);
  // 0 = Monday … 6 = Sunday.
  int weekday() const;
  Date plus_days(int64_t n) const { return from_days(to_days() + n); }
  // "YYYY-MM-DD".
  std::string iso() const;
  bool operator==(const Date&) const = default;
  auto operator<=>(const Date&) const = default;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);
bool is_valid_date(int year, int month, int day);
// Parses exactly "YYYY-MM-DD" (a real calendar day, years 1000..9999).
std::optional<Date> parse_iso_date(std::string_view s);

}  // namespace sitrep
