#include "read/json_limits.h"

#include <gtest/gtest.h>

#include <string>

namespace sitrep {
namespace {

TEST(JsonLimits, FindsTheFirstBracketPastTheDepth) {
  EXPECT_EQ(find_json_too_deep(R"({"a":[1,{"b":[]}]})", 4), std::string::npos);
  EXPECT_EQ(find_json_too_deep(R"({"a":[1,{"b":[]}]})", 3), 13u);
  EXPECT_EQ(find_json_too_deep(R"({"a":[1,{"b":[]}]})", 2), 8u);
  std::string deep = std::string(70000, '[') + std::string(70000, ']');
  EXPECT_EQ(find_json_too_deep(deep), static_cast<size_t>(kMaxJsonDepth));
  // Siblings do not add up: depth, not count.
  std::string wide = "[";
  for (int i = 0; i < 1000; ++i) wide += "[[]],";
  wide += "[]]";
  EXPECT_EQ(find_json_too_deep(wide, 3), std::string::npos);
}

TEST(JsonLimits, BracketsInsideStringsDoNotCount) {
  EXPECT_EQ(find_json_too_deep(R"(["[[[[[[", "\"[[[[", "\\", []])", 2), std::string::npos);
  EXPECT_EQ(find_json_too_deep(R"(["\\"[[[])", 2), 6u);  // the string ends after the escaped backslash
  EXPECT_EQ(find_json_too_deep(R"(["unterminated [[[[)", 1), std::string::npos);
}

TEST(JsonLimits, MessagesNameSizeAndPosition) {
  EXPECT_EQ(check_json_limits("[]", 10), "");
  EXPECT_NE(check_json_limits(std::string(20, ' '), 10).find("larger than the limit of 10 bytes"),
            std::string::npos);
  EXPECT_EQ(check_json_limits("[[[", 10, 2), "JSON nested deeper than 2 levels at byte 2");
}

}  // namespace
}  // namespace sitrep
