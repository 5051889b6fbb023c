// The real `sitrep` binary against a store: ingest twice, kill -9 during an
// ingest and resume, bad inputs, and the query commands' output formats.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "store/store.h"
#include "store/testing.h"

namespace sitrep::store {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path d =
      fs::temp_directory_path() / ("sitrep-store-cli-" + std::to_string(getpid()) + "-" + info->name());
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// Runs the binary with args; returns the exit status and stdout.
int run(const std::vector<std::string>& args, std::string* out = nullptr, std::string* err_out = nullptr) {
  std::string cmd = SITREP_BINARY;
  for (const auto& a : args) cmd += " '" + a + "'";
  fs::path errf = fs::temp_directory_path() / ("sitrep-store-cli-err-" + std::to_string(getpid()));
  cmd += " 2>" + errf.string();
  FILE* p = popen(cmd.c_str(), "r");
  std::string s;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) s.append(buf.data(), n);
  int st = pclose(p);
  if (out) *out = s;
  if (err_out) {
    std::ifstream f(errf);
    *err_out = std::string(std::istreambuf_iterator<char>(f), {});
  }
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

// A few thousand small JSON Lines reports.
fs::path write_corpus(const fs::path& dir, int n) {
  fs::path p = dir / "corpus.jsonl";
  std::ofstream f(p);
  std::mt19937 rng(3);
  static const char* places[] = {"Khan Younis", "Kyiv",  "Kharkiv", "Rafah",
                                 "Jenin",       "Mosul", "Goma",    "Sanaa"};
  for (int i = 0; i < n; ++i) {
    nlohmann::json j = {
        {"id", "r" + std::to_string(i)},
        {"date", Date{2023, 10, 1}.plus_days(static_cast<int64_t>(rng() % 60)).iso()},
        {"source", "Wire " + std::to_string(i % 5)},
        {"title", std::string("Strike near ") + places[rng() % 8]},
        {"text", "At least " + std::to_string(rng() % 40) + " people were killed on Sunday in " +
                     places[rng() % 8] + ", officials said. Report number " + std::to_string(i) + "."}};
    f << j.dump() << "\n";
  }
  return p;
}

StoreCounts counts(const fs::path& db) {
  std::string err;
  auto s = Store::open(db.string(), &err);
  EXPECT_TRUE(s) << err;
  return s ? s->counts() : StoreCounts{};
}

TEST(StoreCli, IngestTwiceGivesTheSameRows) {
  auto dir = temp_dir();
  auto corpus = write_corpus(dir, 300);
  auto db = dir / "a.db";
  ASSERT_EQ(run({"ingest", corpus.string(), "--db", db.string(), "-q"}), 0);
  auto first = counts(db);
  EXPECT_EQ(first.documents, 300);
  std::string err;
  ASSERT_EQ(run({"ingest", corpus.string(), "--db", db.string()}, nullptr, &err), 0);
  EXPECT_NE(err.find("0 documents added, 300 already stored"), std::string::npos) << err;
  EXPECT_EQ(counts(db).digest, first.digest);
}

TEST(StoreCli, KillDashNineThenResumeEqualsOneCleanRun) {
  auto dir = temp_dir();
  auto corpus = write_corpus(dir, 4000);
  auto clean = dir / "clean.db", killed = dir / "killed.db";
  ASSERT_EQ(run({"ingest", corpus.string(), "--db", clean.string(), "-q", "--batch", "50"}), 0);
  auto want = counts(clean);
  ASSERT_EQ(want.documents, 4000);
  int interrupted = 0;
  for (int round = 0; round < 5; ++round) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int devnull = open("/dev/null", O_WRONLY);
      dup2(devnull, 2);
      execl(SITREP_BINARY, SITREP_BINARY, "ingest", corpus.c_str(), "--db", killed.c_str(), "-q", "--batch",
            "50", "--threads", "2", static_cast<char*>(nullptr));
      _exit(127);
    }
    usleep(60000 + 70000 * round);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) ++interrupted;
    // Whatever moment the kill hit, the store opens and is consistent.
    auto c = counts(killed);
    EXPECT_FALSE(c.digest.empty());
    EXPECT_LE(c.documents, 4000);
  }
  EXPECT_GT(interrupted, 0);
  ASSERT_EQ(run({"ingest", corpus.string(), "--db", killed.string(), "-q", "--batch", "50"}), 0);
  auto got = counts(killed);
  EXPECT_EQ(got.documents, 4000);
  EXPECT_EQ(got.digest, want.digest);
}

TEST(StoreCli, BadInputsLoseNothingStoredBefore) {
  auto dir = temp_dir();
  auto good = write_corpus(dir, 50);
  auto db = dir / "b.db";
  ASSERT_EQ(run({"ingest", good.string(), "--db", db.string(), "-q"}), 0);
  auto before = counts(db);
  fs::path bad = dir / "bad.jsonl";
  {
    std::ofstream f(bad, std::ios::binary);
    f << R"({"id":"ok1","date":"2023-11-01","text":"A good report before the bad ones."})"
      << "\n";
    f << R"({"id":"broken","date":"2023-11-01","text":"no closing quote)"
      << "\n";
    f << "{\"id\":\"utf8\",\"date\":\"2023-11-01\",\"text\":\"bad \xff\xfe bytes\"}\n";
    f << std::string("{\"id\":\"nul\",\"date\":\"2023-11-01\",\"text\":\"nul \0 byte\"}\n", 53);
    f << R"({"id":"ok2","date":"2023-11-02","text":"A good report after the bad ones."})"
      << "\n";
  }
  std::string err;
  EXPECT_EQ(run({"ingest", bad.string(), "--db", db.string()}, nullptr, &err), 1);
  EXPECT_NE(err.find("bad.jsonl:2:"), std::string::npos) << err;  // position of the bad report
  EXPECT_NE(err.find("bad.jsonl:3:"), std::string::npos) << err;
  EXPECT_NE(err.find("bad.jsonl:4:"), std::string::npos) << err;
  auto after = counts(db);
  EXPECT_EQ(after.documents, before.documents + 2);
  // The earlier store is intact: re-ingesting it adds nothing.
  ASSERT_EQ(run({"ingest", good.string(), "--db", db.string(), "-q"}), 0);
  EXPECT_EQ(counts(db).digest, after.digest);
}

TEST(StoreCli, QueryCommandsAndFormats) {
  auto dir = temp_dir();
  auto db = dir / "q.db";
  {
    std::string err;
    auto s = Store::open(db.string(), &err);
    ASSERT_TRUE(s) << err;
    testing::ReportSpec a;
    a.killed_low = 30;
    a.date = "2023-11-05";
    testing::ReportSpec b = a;
    b.killed_low = b.killed_high = 35;
    std::vector<Document> docs = {
        testing::make_doc("Strike kills 30 in Khan Younis.", "2023-11-05", "Agency A", {a}),
        testing::make_doc("Khan Younis toll rises to 35.", "2023-11-06", "Agency B", {b})};
    ASSERT_TRUE(s->add(docs).ok());
  }
  std::string out;
  ASSERT_EQ(run({"events", "--db", db.string(), "--format", "csv"}, &out), 0);
  auto nl = out.find('\n');
  EXPECT_EQ(
      out.substr(0, out.find(",event_id_cnty")),
      "event_id,event_date,date_precision,event_type,mode,cameo,acled_event_type,acled_sub_event_type,actor1,"
      "actor1_country,actor2,actor2_country,location,admin1,country,latitude,longitude,geo_precision,"
      "killed_low,killed_best,killed_high,injured_low,injured_best,injured_high,sources,reports,notes");
  EXPECT_NE(out.find(",30,35,35,"), std::string::npos) << out;
  std::string id = out.substr(nl + 1, out.find(',', nl) - nl - 1);
  ASSERT_EQ(run({"events", "--db", db.string(), "--format", "geojson", "--near", "31.35,34.3,10"}, &out), 0);
  auto gj = nlohmann::json::parse(out);
  ASSERT_EQ(gj["features"].size(), 1u);
  EXPECT_EQ(gj["features"][0]["id"], id);
  ASSERT_EQ(run({"events", "--db", db.string(), "--format", "jsonl", "--text", "toll"}, &out), 0);
  EXPECT_EQ(nlohmann::json::parse(out.substr(0, out.find('\n')))["reports"], 2);
  ASSERT_EQ(run({"events", "--db", db.string(), "--country", "UKR"}, &out), 0);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 2);  // header and the count
  EXPECT_NE(out.find("-- 0 of 0 events"), std::string::npos) << out;
  ASSERT_EQ(run({"show", id, "--db", db.string()}, &out), 0);
  EXPECT_NE(out.find("> Khan Younis toll rises to 35."), std::string::npos) << out;
  EXPECT_NE(out.find("Agency A; Agency B"), std::string::npos) << out;
  EXPECT_EQ(run({"show", "v:nothing", "--db", db.string()}, &out), 1);
  EXPECT_EQ(run({"events", "--db", db.string(), "--near", "1,2"}, &out), 2);
  ASSERT_EQ(run({"tallies", "--db", db.string()}, &out), 0);
}

// From text to store: a later report's toll for an earlier attack ("the
// death toll from Friday's bombing ... rose to 32") updates that attack's
// best and high; it makes no second event.
TEST(StoreCli, FollowUpTollUpdatesItsAttack) {
  auto dir = temp_dir();
  fs::path in = dir / "reports.jsonl";
  {
    std::ofstream f(in);
    f << nlohmann::json{{"id", "first"},
                        {"date", "2024-03-08"},
                        {"source", "Wire A"},
                        {"text",
                         "A suicide bomber killed 20 people at a mosque in the northern city of Kunduz on "
                         "Friday, police said."}}
             .dump()
      << "\n"
      << nlohmann::json{{"id", "second"},
                        {"date", "2024-03-09"},
                        {"source", "Wire B"},
                        {"text",
                         "The death toll from Friday's suicide bombing at a mosque in Kunduz rose to 32, a "
                         "hospital official said on Saturday."}}
             .dump()
      << "\n";
  }
  auto db = dir / "toll.db";
  ASSERT_EQ(run({"ingest", "--db", db.string(), in.string()}), 0);
  std::string out;
  ASSERT_EQ(run({"events", "--db", db.string(), "--format", "jsonl", "--type", "ASSAULT"}, &out), 0);
  ASSERT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
  auto ev = nlohmann::json::parse(out.substr(0, out.find('\n')));
  EXPECT_EQ(ev["killed"]["low"], 20) << out;
  EXPECT_EQ(ev["killed"]["best"], 32) << out;
  EXPECT_EQ(ev["killed"]["high"], 32) << out;
  EXPECT_EQ(ev["reports"], 2) << out;
}

// Exports write every matching row; a listing cut by --limit says so; a
// missing store and unknown filter values are errors, not empty answers.
TEST(StoreCli, NoSilentTruncationAndErrorsNotEmptyAnswers) {
  auto dir = temp_dir();
  auto db = dir / "many.db";
  {
    std::string err;
    auto s = Store::open(db.string(), &err);
    ASSERT_TRUE(s) << err;
    std::vector<Document> docs;
    for (int i = 0; i < 130; ++i) {
      testing::ReportSpec a;
      a.killed_low = a.killed_high = i + 1;
      a.date = Date::from_days(parse_iso_date("2023-01-01")->to_days() + i * 10).iso();  // never merge
      docs.push_back(testing::make_doc("Strike number " + std::to_string(i) + " in Khan Younis.", a.date,
                                       "Agency " + std::to_string(i), {a}));
    }
    ASSERT_TRUE(s->add(docs).ok());
  }
  std::string out, err;
  for (const char* f : {"csv", "acled", "jsonl"}) {
    ASSERT_EQ(run({"events", "--db", db.string(), "--format", f}, &out, &err), 0) << err;
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), std::string(f) == "jsonl" ? 130 : 131) << f;
  }
  ASSERT_EQ(run({"events", "--db", db.string(), "--format", "geojson"}, &out), 0);
  EXPECT_EQ(nlohmann::json::parse(out)["features"].size(), 130u);
  ASSERT_EQ(run({"events", "--db", db.string()}, &out), 0);  // the table: 100 of 130, and how to go on
  EXPECT_NE(out.find("-- 100 of 130 events"), std::string::npos) << out;
  auto at = out.find("--after ");
  ASSERT_NE(at, std::string::npos);
  std::string cursor = out.substr(at + 8, out.find(')', at) - at - 8);
  ASSERT_EQ(run({"events", "--db", db.string(), "--format", "jsonl", "--after", cursor}, &out), 0);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 30);
  ASSERT_EQ(run({"events", "--db", db.string(), "--format", "csv", "--limit", "5"}, &out, &err), 0);
  EXPECT_NE(err.find("wrote 5 of 130"), std::string::npos) << err;
  // Names and any case resolve; unknown values are errors.
  ASSERT_EQ(run({"events", "--db", db.string(), "--type", "assault", "--country", "palestine", "-f", "jsonl"},
                &out, &err),
            0)
      << err;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 130);
  EXPECT_EQ(run({"events", "--db", db.string(), "--type", "assalt"}, &out, &err), 2);
  EXPECT_NE(err.find("ASSAULT"), std::string::npos) << err;
  EXPECT_EQ(run({"events", "--db", db.string(), "--country", "Narnia"}, &out, &err), 2);
  auto typo = dir / "typo.db";
  EXPECT_EQ(run({"events", "--db", typo.string()}, &out, &err), 1);
  EXPECT_NE(err.find("no store at"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(typo));
  EXPECT_EQ(run({"show", "v:x", "--db", typo.string()}, &out, &err), 1);
  EXPECT_EQ(run({"tallies", "--db", typo.string()}, &out, &err), 1);
  EXPECT_FALSE(fs::exists(typo));
  EXPECT_EQ(run({"events", "--db", typo.string(), "--create"}, &out, &err), 0);
}

}  // namespace
}  // namespace sitrep::store
