// The direct compact writer must give byte for byte what the nlohmann tree
// writer gives, on records built to hit every escaping and number case.
#include "output/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>

namespace sitrep {
namespace {

Document tricky(const std::string& name, double lat, double confidence) {
  Document d;
  d.meta.id = "d:0123456789abcdef";
  d.meta.input_id = "in\"put\\1";
  d.meta.title = name;
  d.meta.extra_json = R"({"b":[1,2.5,"x"],"a":null})";
  d.text = "Gunmen killed 3 people in " + name + " on Monday.";
  Entity e;
  e.id = "e1";
  e.name = name;
  e.mentions.push_back({0, 6, MentionKind::Name});
  PlaceInfo p;
  p.name = name;
  p.lat = lat;
  p.lon = -lat;
  p.geonames_id = 12345;
  e.place = p;
  e.actor = ActorInfo{"IRNGOV", "IRN", "", "Supreme \x01Leader", ""};
  d.entities.push_back(e);
  Event ev;
  ev.id = "v1";
  ev.type = "assault";
  ev.acled_type = "Violence against civilians";
  ev.actor = Party{0, name, "", "MIL", {Rule{"subject-of-trigger", {}, 0, 3}}};
  ev.place = EventPlace{5, name, lat, std::nullopt, "PSE", "", "", "", {}};
  ev.casualties.killed = Interval{3, 5, true, "three to \"five\"", {}};
  ev.casualties.victims = {"civilians", "t\xc3\xa9l\xc3\xa9"};
  ev.materiel.push_back({"drone", 2, ""});
  ev.attribution.push_back({"Reuters", 0, "", {"a", "b\tc"}, {}});
  ev.evidence = {{0, 6}, {7, 13}};
  ev.confidence = confidence;
  d.events.push_back(ev);
  Tally t;
  t.metric = "killed";
  t.low = 10;
  t.attribution.push_back({"x", 9, "media", {}, {}});
  d.tallies.push_back(t);
  return d;
}

TEST(JsonWriter, CompactEqualsTree) {
  struct Case {
    std::string name;
    double lat, confidence;
  };
  const Case cases[] = {
      {"Gaza", 31.5, 0.5},
      {"Khan Y\xc5\xabnis", 31.34567891, 0.8333},
      {"bad \xff utf8 \xc3", 1e-7, 1.0},
      {"ctl\n\r\b\f\x7f\"\\/", -0.0, 0.0},
      {"", 1e21, std::nan("")},
      {"big", 123456789.123, 1e300},
      {"Y\xc5\xabnis \"q\"\t\x1f \xe2\x80\x9cx\xe2\x80\x9d", 0.1, 0.25},  // valid UTF-8 with escapes
      {std::string("nul\0byte", 8), 1e-5, 0.001},
      {"plain ascii longer than eight", 2.0, 0.5},
      {"abcdefgh\"ijklmnop", 3.0, 0.5},  // specials past the first 8-byte word
      {"abcdefghijklmnop\\q", 3.0, 0.5},
      {"abcdefghijklmnopqrstuvw\x1f", 3.0, 0.5},
      {"abcdefghijklmnopqrstuvw\xc3\xa9", 3.0, 0.5},
  };
  for (const auto& c : cases) {
    Document d = tricky(c.name, c.lat, c.confidence);
    AnnotateLayers none, all{true, true, true, true};
    EXPECT_EQ(to_json(d, none), to_json_tree(d, none)) << c.name;
    EXPECT_EQ(to_json(d, all), to_json_tree(d, all)) << c.name;
    EXPECT_NE(to_json(d, none).find("\"events\":[{\"id\":\"v1\""), std::string::npos);
    // --explain: the same object from both writers; nothing without the flag.
    AnnotateLayers ex;
    ex.explain = true;
    EXPECT_EQ(to_json(d, ex), to_json_tree(d, ex)) << c.name;
    EXPECT_EQ(to_json(d, none).find("\"explain\""), std::string::npos);
    EXPECT_NE(
        to_json(d, ex).find(R"("explain":{"actor":{"rule":"subject-of-trigger","text":"Gun","span":[0,3]}})"),
        std::string::npos)
        << to_json(d, ex);
  }
}

// A record far larger than the writer's first buffer (it grows mid-record),
// then a small one (the reused buffer holds the old bytes past the new end).
TEST(JsonWriter, CompactEqualsTreeAcrossBufferGrowth) {
  Document big = tricky("Khan Y\xc5\xabnis", 31.34567891, 0.8333);
  for (int k = 0; k < 300; ++k) big.events.push_back(big.events.front());
  Document small = tricky("Gaza", 31.5, 0.5);
  AnnotateLayers none;
  std::string b = to_json(big, none);
  EXPECT_GT(b.size(), 100000u);
  EXPECT_EQ(b, to_json_tree(big, none));
  EXPECT_EQ(to_json(small, none), to_json_tree(small, none));
}

}  // namespace
}  // namespace sitrep
