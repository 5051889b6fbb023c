// Several `sitrep ingest` processes writing to one PostgreSQL store at once
// end in the same rows as one process alone: no duplicates, same events.
// Needs SITREP_TEST_PG (scripts/pg-test-server.sh start); skipped without it.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "store/db.h"
#include "store/store.h"
#include "store/testing.h"

namespace sitrep::store {
namespace {

namespace fs = std::filesystem;

std::string fresh_pg(const std::string& name) {
  std::string url = std::getenv("SITREP_TEST_PG");
  auto admin = open_postgres(url);
  admin->exec("DROP DATABASE IF EXISTS " + name);
  admin->exec("CREATE DATABASE " + name);
  return url.substr(0, url.rfind('/') + 1) + name;
}

TEST(StorePg, ConcurrentIngestsMakeNoDuplicates) {
  if (!std::getenv("SITREP_TEST_PG"))
    GTEST_SKIP() << "SITREP_TEST_PG not set (scripts/pg-test-server.sh start)";
  fs::path dir = fs::temp_directory_path() / ("sitrep-store-pg-" + std::to_string(getpid()));
  fs::create_directories(dir);
  // Two overlapping halves and the whole.
  fs::path all = dir / "all.jsonl", a = dir / "a.jsonl", b = dir / "b.jsonl";
  {
    std::ofstream fa(all), f1(a), f2(b);
    for (int i = 0; i < 600; ++i) {
      nlohmann::json j = {{"id", "r" + std::to_string(i)},
                          {"date", Date{2023, 11, 1}.plus_days(i % 9).iso()},
                          {"source", "Wire " + std::to_string(i % 3)},
                          {"text", "Report " + std::to_string(i) + ": shelling hit the town on Monday."}};
      fa << j.dump() << "\n";
      if (i < 400) f1 << j.dump() << "\n";
      if (i >= 200) f2 << j.dump() << "\n";
    }
  }
  std::string one = fresh_pg("t_concurrent_one"), many = fresh_pg("t_concurrent_many");
  auto ingest = [](const fs::path& in, const std::string& url) {
    pid_t pid = fork();
    if (pid == 0) {
      execl(SITREP_BINARY, SITREP_BINARY, "ingest", in.c_str(), "--db", url.c_str(), "-q", "--batch", "20",
            static_cast<char*>(nullptr));
      _exit(127);
    }
    return pid;
  };
  auto wait_ok = [](pid_t pid) {
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
  };
  ASSERT_TRUE(wait_ok(ingest(all, one)));
  pid_t p1 = ingest(a, many), p2 = ingest(b, many), p3 = ingest(all, many);
  EXPECT_TRUE(wait_ok(p1));
  EXPECT_TRUE(wait_ok(p2));
  EXPECT_TRUE(wait_ok(p3));
  std::string err;
  auto s1 = Store::open(one, &err), s2 = Store::open(many, &err);
  ASSERT_TRUE(s1 && s2) << err;
  auto c1 = s1->counts(), c2 = s2->counts();
  EXPECT_EQ(c1.documents, 600);
  EXPECT_EQ(c2.documents, 600);
  EXPECT_EQ(c1.digest, c2.digest);
  fs::remove_all(dir);
}

// Reports with events, added concurrently through the Store API from forked
// writers: the merged events equal those of one writer.
TEST(StorePg, ConcurrentMergesEqualOneWriter) {
  if (!std::getenv("SITREP_TEST_PG")) GTEST_SKIP() << "SITREP_TEST_PG not set";
  std::vector<Document> docs;
  for (int i = 0; i < 300; ++i) {
    testing::ReportSpec s;
    s.killed_low = i % 13;
    s.date = Date{2023, 11, 1}.plus_days(i % 6).iso();
    s.lat = 31.2 + (i % 17) * 0.05;
    s.place = "p" + std::to_string(i % 17);
    docs.push_back(
        testing::make_doc("event report " + std::to_string(i), s.date, "S" + std::to_string(i % 4), {s}));
  }
  std::string one = fresh_pg("t_merge_one"), many = fresh_pg("t_merge_many");
  std::string err;
  {
    auto s = Store::open(one, &err);
    ASSERT_TRUE(s) << err;
    ASSERT_TRUE(s->add(docs).ok());
  }
  std::vector<pid_t> pids;
  for (int w = 0; w < 3; ++w) {
    pid_t pid = fork();
    if (pid == 0) {
      std::string e;
      auto s = Store::open(many, &e);
      if (!s) _exit(2);
      // Each writer goes through the documents in its own order, in small batches.
      for (size_t k = 0; k < docs.size(); k += 10) {
        size_t start = (k + static_cast<size_t>(w) * 100) % docs.size();
        std::vector<Document> batch(docs.begin() + start, docs.begin() + std::min(docs.size(), start + 10));
        if (!s->add(batch).ok()) _exit(3);
      }
      _exit(0);
    }
    pids.push_back(pid);
  }
  for (pid_t p : pids) {
    int st = 0;
    waitpid(p, &st, 0);
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  }
  auto s1 = Store::open(one, &err), s2 = Store::open(many, &err);
  ASSERT_TRUE(s1 && s2) << err;
  EXPECT_EQ(s1->counts().digest, s2->counts().digest);
  EXPECT_EQ(s2->counts().reports, 300);
}

}  // namespace
}  // namespace sitrep::store
