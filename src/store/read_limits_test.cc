// The server's read connections: they refuse writes and interrupt a query
// that runs past its time limit (issue: "GET handlers cannot write; bounded
// query times").
#include <gtest/gtest.h>

#include <filesystem>

#include "store/db.h"
#include "store/store.h"
#include "store/testing.h"

namespace sitrep::store {
namespace {

std::string temp_db(const char* name) {
  auto p =
      std::filesystem::temp_directory_path() / (std::string(name) + "-" + std::to_string(::getpid()) + ".db");
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + ext);
  return p.string();
}

TEST(ReadLimits, ALimitedStoreRefusesWrites) {
  std::string path = temp_db("sitrep-readonly");
  std::string err;
  auto st = Store::open(path, &err);
  ASSERT_TRUE(st) << err;
  std::vector<Document> one = {testing::make_doc("First report.", "2024-03-01", "A", {})};
  ASSERT_TRUE(st->add(one).ok());
  st->limit_reads(5000);
  std::vector<Document> two = {testing::make_doc("Second report.", "2024-03-02", "A", {})};
  EXPECT_FALSE(st->add(two).ok());
  EXPECT_EQ(st->counts().documents, 1);
}

TEST(ReadLimits, ALongQueryIsInterrupted) {
  std::string path = temp_db("sitrep-timeout");
  auto db = open_sqlite(path);
  db->limit_reads(50);
  auto q =
      db->query("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c");
  EXPECT_ANY_THROW(q->next());
}

}  // namespace
}  // namespace sitrep::store
