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

// The rule records as the store keeps them: the object of `sitrep extract
// --explain`, field for field (single rules, lists, a model's detail, rules
// that matched no words, several attributions' rules as one list).
TEST(EventJson, ExplainSameValueAsTheOutputStage) {
  std::vector<testing::ReportSpec> specs(3);
  specs[0].killed_low = 37;
  specs[2].actor.clear();
  Document d = testing::make_doc("Israeli strike killed at least 37 in Khan Younis, officials said.",
                                 "2023-11-06", "Wire", specs);
  Event& e = d.events[0];
  e.why_type = {{"trigger", "strike", 8, 14}, {"model:events", "margin 2.5", 0, 0}};
  e.mode = "aerial";
  e.why_mode = {{"trigger", "strike", 8, 14}};
  e.actor->why = {{"modifier-of-trigger", "", 0, 7}};
  e.place->why = {{"place-phrase-after-trigger", "", 37, 48}};
  e.casualties.killed->why = {{"casualty:killed", "", 15, 21},
                              {"casualty-figure-after-casualty-word", "", 22, 33}};
  e.attribution.push_back({"officials", -1, "official", {}, {{"source-of-reporting-clause", "", 50, 59}}});
  e.attribution.push_back({"Wire", -1, "media", {}, {{"report", "said", 60, 64}}});
  e.why_modality = {{"no-modality-cue", "", 0, 0}};
  d.events[1].attribution.push_back({"a", -1, "official", {}, {{"x", "", 0, 1}, {"y", "", 1, 2}}});
  d.events[1].attribution.push_back({"b", -1, "official", {}, {}});
  d.events[1].date.why = {{"published-date", "", 0, 0}, {"span-past-the-end", "", 60, 900}};
  AnnotateLayers layers;
  layers.explain = true;
  auto doc = nlohmann::json::parse(to_json(d, layers));
  ASSERT_EQ(doc["events"].size(), 3u);
  for (size_t i = 0; i < 2; ++i) {
    std::string s = "prefix";
    EXPECT_TRUE(append_explain_json(d, d.events[i], s));
    auto mine = nlohmann::json::parse(s.substr(6));
    EXPECT_EQ(mine, doc["events"][i]["explain"]) << s;
    EXPECT_EQ(s.substr(6), explain_json(d.events[i], d)) << "same bytes as the output stage";
  }
  EXPECT_EQ(doc["events"][0]["explain"]["killed"][1]["text"], "at least 37");
  EXPECT_EQ(doc["events"][0]["explain"]["attribution"].size(), 2u);
  // No records at all (a hand-built event): nothing written.
  std::string s = "prefix";
  EXPECT_FALSE(append_explain_json(d, d.events[2], s));
  EXPECT_EQ(s, "prefix");
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
