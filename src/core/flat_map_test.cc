#include "core/flat_map.h"

#include <gtest/gtest.h>

#include <string>

namespace sitrep {

TEST(FlatStrMap, FindsEveryKeyAfterGrowthAndNoOther) {
  FlatStrMap<int> m;
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(m.find("army"), m.end());
  for (int i = 0; i < 1000; ++i) m["key" + std::to_string(i)] = i;
  m["army"] = -1;
  m["a longer key than eight bytes"] = -2;
  EXPECT_EQ(m.size(), 1002u);
  for (int i = 0; i < 1000; ++i) {
    auto e = m.find("key" + std::to_string(i));
    ASSERT_NE(e, m.end()) << i;
    EXPECT_EQ(e->second, i);
  }
  EXPECT_EQ(m.find("army")->second, -1);
  EXPECT_EQ(m.find("a longer key than eight bytes")->second, -2);
  EXPECT_EQ(m.count("a longer key than eight byte"), 0u);
  EXPECT_EQ(m.count("key1000"), 0u);
  EXPECT_EQ(m.count(""), 0u);
  m["army"] += 5;  // an existing key keeps its entry
  EXPECT_EQ(m.find("army")->second, 4);
  EXPECT_EQ(m.size(), 1002u);
}

}  // namespace sitrep
