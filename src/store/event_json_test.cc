#include "store/event_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "output/json_writer.h"
#include "store/testing.h"

namespace sitrep::store {
namespace {

// The store's direct writer and the output stage give the same JSON value.
TEST(EventJson, SameValueAsTheOutputStage) {
  std::vector<testing::ReportSpec> specs(3);
  specs[0].killed_low = 37;
  specs[0].injured_high = 100;
  specs[1].place.clear();
  specs[1].lat = specs[1].lon = std::nullopt;
  specs[1].actor = "";
  specs[2].modality = "negated";
  specs[2].lat = 34.0;  // an integral double
  Document d = testing::make_doc("Strike \"quoted\"\n\ttext \\ here", "2023-11-06", "Wire", specs);
  d.events[0].materiel.push_back({"tank", 2, "destroyed"});
  d.events[0].attribution.push_back({"Health Ministry", 0, "", {"Xinhua", "Al-Qudra"}, {}});
  d.events[0].casualties.victims = {"women", "children"};
  d.events[0].confidence = 0.8567;
  d.events[0].co_actors.push_back(Party{-1, "British warplanes", "GBR", "MIL", {}});
  d.events[1].background = true;
  d.events[1].mode = "aerial";
  auto doc = nlohmann::json::parse(to_json(d, AnnotateLayers{}));
  ASSERT_EQ(doc["events"].size(), 3u);
  for (size_t i = 0; i < d.events.size(); ++i) {
    std::string s;
    append_event_json(d, d.events[i], s);
    auto mine = nlohmann::json::parse(s);
    EXPECT_EQ(mine, doc["events"][i]) << s;
    EXPECT_EQ(s.find('\n'), std::string::npos);
  }
}

}  // namespace
}  // namespace sitrep::store

namespace sitrep::store {
namespace {

// A tampered store row nested 70,000 levels deep reads back as null (dump()
// of such a tree would overflow the stack), as do malformed rows.
TEST(EventJsonReadBack, DeepOrMalformedRowsAreNull) {
  EXPECT_TRUE(parse_stored_json(std::string(70000, '[') + std::string(70000, ']')).is_null());
  EXPECT_TRUE(parse_stored_json("{\"a\":").is_null());
  EXPECT_EQ(parse_stored_json(R"({"a":[[1]]})")["a"][0][0], 1);
}

}  // namespace
}  // namespace sitrep::store
