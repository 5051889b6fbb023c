#include "store/merge.h"

#include <gtest/gtest.h>

namespace sitrep::store {
namespace {

ReportKey key(const char* id, int64_t day, std::optional<double> lat, std::optional<double> lon,
              const char* place = "gaza|PSE") {
  ReportKey k;
  k.id = id;
  k.type = "ASSAULT";
  k.published = day;
  k.date_start = k.date_end = day;
  k.lat = lat;
  k.lon = lon;
  k.place_key = place;
  k.geo_precision = "town";
  return k;
}

TEST(Merge, CompatibilityTable) {
  struct Case {
    const char* what;
    ReportKey a, b;
    bool want;
  };
  auto base = key("a", 100, 31.5, 34.45);
  auto with = [&](auto f) {
    ReportKey k = key("b", 100, 31.5, 34.45);
    f(k);
    return k;
  };
  std::vector<Case> cases = {
      {"identical", base, with([](ReportKey&) {}), true},
      {"two days apart", base, with([](ReportKey& k) { k.date_start = k.date_end = 102; }), true},
      {"three days apart", base, with([](ReportKey& k) { k.date_start = k.date_end = 103; }), false},
      {"other type", base, with([](ReportKey& k) { k.type = "PROTEST"; }), false},
      {"two events of one document", key("d:1#1", 100, 31.5, 34.45),
       with([](ReportKey& k) { k.id = "d:1#2"; }), false},
      {"one document's event, another's", key("d:1#1", 100, 31.5, 34.45),
       with([](ReportKey& k) { k.id = "d:2#1"; }), true},
      {"20 km away", base, with([](ReportKey& k) { k.lat = 31.5 + 20 / 111.2; }), true},
      {"30 km away", base, with([](ReportKey& k) { k.lat = 31.5 + 30 / 111.2; }), false},
      {"same name, no coordinates", base, with([](ReportKey& k) { k.lat = k.lon = std::nullopt; }), true},
      {"other name, no coordinates", base, with([](ReportKey& k) {
         k.lat = k.lon = std::nullopt;
         k.place_key = "rafah|PSE";
       }),
       false},
      {"actor countries differ", with([](ReportKey& k) { k.actor_country = "ISR"; }),
       with([](ReportKey& k) { k.actor_country = "USA"; }), false},
      {"one actor country unknown", with([](ReportKey& k) { k.actor_country = "ISR"; }), base, true},
      {"recipient countries differ", with([](ReportKey& k) { k.recipient_country = "PSE"; }),
       with([](ReportKey& k) { k.recipient_country = "LBN"; }), false},
      {"negated never merges", base, with([](ReportKey& k) { k.asserted = false; }), false},
      {"month-wide date never merges", base, with([](ReportKey& k) { k.date_start = 90, k.date_end = 119; }),
       false},
      {"country-wide place never merges", base, with([](ReportKey& k) { k.geo_precision = "country"; }),
       false},
      {"no place never merges", base, with([](ReportKey& k) {
         k.lat = k.lon = std::nullopt;
         k.place_key.clear();
       }),
       false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(compatible(c.a, c.b), c.want) << c.what;
    EXPECT_EQ(compatible(c.b, c.a), c.want) << c.what << " (symmetric)";
  }
}

TEST(Merge, EventIdIsStableHashOfAnchor) {
  EXPECT_EQ(event_id_for("d:1#1"), event_id_for("d:1#1"));
  EXPECT_NE(event_id_for("d:1#1"), event_id_for("d:1#2"));
  EXPECT_EQ(event_id_for("x").size(), 18u);
  EXPECT_EQ(event_id_for("x").substr(0, 2), "v:");
  ReportKey a = key("d:b", 10, 0, 0), b = key("d:a", 11, 0, 0), c = key("d:c", 10, 0, 0);
  EXPECT_TRUE(anchor_before(a, b));  // earlier published wins over id
  EXPECT_TRUE(anchor_before(a, c));  // same day: smaller id
  EXPECT_FALSE(anchor_before(c, a));
}

TEST(Merge, LowBestHighTable) {
  struct Case {
    const char* what;
    std::vector<Figure> figs;
    std::optional<int64_t> low, best, high;
  };
  std::vector<Case> cases = {
      {"none", {}, std::nullopt, std::nullopt, std::nullopt},
      {"one exact", {{5, 5, 10, "a", 1}}, 5, 5, 5},
      {"rising toll: best is latest",
       {{10, 10, 10, "a", 1}, {12, 15, 11, "b", 1}, {20, std::nullopt, 12, "c", 1}},
       10,
       20,
       20},  // "at least 20" after a report bounded at 15: 20 is the highest figure
      {"at least / nearly", {{37, std::nullopt, 10, "a", 1}, {std::nullopt, 39, 10, "b", 1}}, 37, 39, 39},
      {"at least: open above", {{37, std::nullopt, 10, "a", 1}}, 37, 37, std::nullopt},
      {"at least, twice: still open",
       {{30, std::nullopt, 10, "a", 1}, {37, std::nullopt, 11, "b", 1}},
       30,
       37,
       std::nullopt},
      {"same day: more sources wins", {{8, 8, 10, "b", 3}, {6, 6, 10, "c", 1}}, 6, 8, 8},
      {"same day, same sources: larger figure", {{8, 8, 10, "b", 1}, {6, 6, 10, "c", 1}}, 6, 8, 8},
      {"same day, same figure: larger id", {{8, 8, 10, "b", 1}, {8, 9, 10, "c", 1}}, 8, 8, 9},
  };
  for (const auto& c : cases) {
    auto r = combine(c.figs);
    EXPECT_EQ(r.low, c.low) << c.what;
    EXPECT_EQ(r.best, c.best) << c.what;
    EXPECT_EQ(r.high, c.high) << c.what;
  }
}

TEST(Merge, DistanceIsHaversine) {
  EXPECT_NEAR(distance_km(0, 0, 1, 0), 111.2, 0.1);
  EXPECT_NEAR(distance_km(31.5, 34.45, 31.5, 34.45), 0, 1e-9);
  EXPECT_EQ(lat_cell(0.1), 0);
  EXPECT_EQ(lat_cell(-0.1), -1);
  EXPECT_EQ(lat_cell(31.5), 126);
}

}  // namespace
}  // namespace sitrep::store
