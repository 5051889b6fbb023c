#include "sitrep/date.h"

#include <gtest/gtest.h>

namespace sitrep {

TEST(Date, RoundTripsThroughDays) {
  for (int64_t d = -700000; d < 2900000; d += 97) {
    Date x = Date::from_days(d);
    ASSERT_TRUE(is_valid_date(x.year, x.month, x.day)) << d;
    ASSERT_EQ(x.to_days(), d);
  }
}

TEST(Date, WeekdaysAndIso) {
  EXPECT_EQ((Date{2023, 11, 6}).weekday(), 0);  // a Monday
  EXPECT_EQ((Date{2023, 11, 5}).weekday(), 6);  // a Sunday
  EXPECT_EQ((Date{2023, 10, 7}).iso(), "2023-10-07");
  EXPECT_EQ((Date{987, 1, 31}).iso(), "0987-01-31");
  EXPECT_EQ((Date{2025, 12, 1}).iso(), "2025-12-01");
  EXPECT_EQ((Date{2024, 2, 28}).plus_days(1).iso(), "2024-02-29");
}

TEST(Date, ParsesOnlyRealDays) {
  EXPECT_TRUE(parse_iso_date("2023-11-06"));
  EXPECT_FALSE(parse_iso_date("2023-02-29"));
  EXPECT_TRUE(parse_iso_date("2024-02-29"));
  EXPECT_FALSE(parse_iso_date("2023-13-01"));
  EXPECT_FALSE(parse_iso_date("2023-1-01"));
  EXPECT_FALSE(parse_iso_date("20231106"));
  EXPECT_FALSE(parse_iso_date("0999-01-01"));
}

}  // namespace sitrep
