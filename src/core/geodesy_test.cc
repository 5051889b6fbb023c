#include "core/geodesy.h"

#include <gtest/gtest.h>

namespace sitrep {

TEST(Geodesy, KnownDistances) {
  EXPECT_NEAR(great_circle_km(0, 0, 0, 0), 0.0, 1e-9);
  EXPECT_NEAR(great_circle_km(0, 0, 1, 0), 111.19, 0.05);             // one degree of latitude
  EXPECT_NEAR(great_circle_km(35.69, 51.42, 33.34, 44.40), 693, 10);  // Tehran – Baghdad
  EXPECT_NEAR(great_circle_km(0, 0, 0, 180), 20015.1, 1.0);           // half the equator
  EXPECT_DOUBLE_EQ(great_circle_km(31.4, 34.38, 31.34, 34.31), great_circle_km(31.34, 34.31, 31.4, 34.38));
}

}  // namespace sitrep
