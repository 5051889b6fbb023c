// The link step's candidate search on a front: thousands of like reports of
// one place and week (issue 18: 8,000 of them took 45 s, each new report
// reading every earlier one). Checked without a clock: the reports still make
// the events a plain pairwise merge makes, and the candidate search holds one
// row per distinct merge key and event, not one per report.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "store/db.h"
#include "store/merge.h"
#include "store/store.h"
#include "store/testing.h"

namespace sitrep::store {
namespace {

TEST(LinkScale, AFrontOfLikeReportsKeepsFewCandidates) {
  std::string path =
      (std::filesystem::temp_directory_path() / ("sitrep-front-" + std::to_string(::getpid()) + ".db"))
          .string();
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
  std::string err;
  auto st = Store::open(path, &err);
  ASSERT_TRUE(st) << err;
  std::vector<Document> docs;
  for (int i = 0; i < 3000; ++i) {
    testing::ReportSpec s;
    s.place = "Bakhmut";
    s.lat = 48.5947, s.lon = 38.0003;
    s.country = "UKR";
    s.precision = "town";
    s.actor_country = i % 3 ? "RUS" : "";  // two merge keys
    s.recipient_country = "UKR";
    s.date = Date{2023, 5, 10}.plus_days(i % 2).iso();  // ×2
    s.killed_low = 1 + i % 4;
    docs.push_back(testing::make_doc("front report " + std::to_string(i), "2023-05-12", "S", {s}));
  }
  // Two batches, the second after a reopen: anchors are looked up again.
  std::vector<Document> first(docs.begin(), docs.begin() + 1000), rest(docs.begin() + 1000, docs.end());
  ASSERT_TRUE(st->add(first).ok());
  st.reset();
  st = Store::open(path, &err);
  ASSERT_TRUE(st) << err;
  ASSERT_TRUE(st->add(rest).ok());
  auto c = st->counts();
  EXPECT_EQ(c.reports, 3000);
  EXPECT_EQ(c.events, 1);  // all compatible: one event, as with a pairwise merge
  st.reset();
  auto db = open_sqlite(path);
  auto q = db->query("SELECT count(*) FROM reports WHERE mergeable = 1");
  ASSERT_TRUE(q->next());
  EXPECT_LE(q->i64(0), 4);  // one candidate per (merge key, event): 2 keys × 2 dates
  EXPECT_GE(q->i64(0), 1);
  q.reset();
  db.reset();
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
}

}  // namespace
}  // namespace sitrep::store
