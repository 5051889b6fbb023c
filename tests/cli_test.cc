// Runs the real `sitrep` binary on inputs written here: every bad input of the
// foundation issue gives one clear error naming input, line and byte offset,
// the run goes on, and the exit status and summary line say what failed.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace {

namespace fs = std::filesystem;

struct Result {
  int status = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class Cli : public ::testing::Test {
 protected:
  fs::path dir;
  void SetUp() override {
    dir = fs::temp_directory_path() / ("sitrep-cli-" + std::to_string(::getpid()) + "-" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir);
  }
  void TearDown() override {
    fs::remove_all(dir);
    fs::remove(dir.string() + ".stdout");
    fs::remove(dir.string() + ".stderr");
  }

  fs::path write(const std::string& name, const std::string& bytes) {
    fs::path p = dir / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }

  Result run(const std::string& args, const std::string& stdin_file = "") {
    fs::path out = dir.string() + ".stdout", err = dir.string() + ".stderr";
    std::string cmd = std::string(SITREP_BINARY) + " " + args + " >" + out.string() + " 2>" + err.string();
    if (!stdin_file.empty()) cmd += " <" + stdin_file;
    int rc = std::system(cmd.c_str());
    Result r;
    r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }
};

size_t count_lines(const std::string& s) { return std::count(s.begin(), s.end(), '\n'); }

TEST_F(Cli, VersionAndHelp) {
  auto r = run("--version");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("sitrep "), std::string::npos);
  r = run("extract --help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("--annotate"), std::string::npos);
}

TEST_F(Cli, EveryBadInputIsNamedAndTheRunGoesOn) {
  std::string good = " date 2024-03-01 A good report about a meeting in Cairo.";
  write("a-good.txt", good);
  write("b-invalid-utf8.txt", std::string(" date 2024-03-01 Bad \xFF byte."));
  write("c-nul.txt", std::string(" date 2024-03-01 Bad\0byte.", 26));
  write("d-empty.txt", "");
  write("e-impossible-date.txt", " date 2024-02-30 Text.");
  write("f-lines.jsonl",
        "{\"id\":\"ok1\",\"date\":\"2024-03-01\",\"text\":\"Fine.\"}\n"
        "{\"id\":\"broken\",\"date\":\"2024-03-01\",\"text\":\n"
        "{\"id\":\"ok2\",\"date\":\"2024-03-01\",\"text\":\"Also fine.\"}\n");
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary.push_back(static_cast<char>((i * 7919) % 256));
  write("g-binary.bin", binary);
  auto r = run("extract " + dir.string());
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(count_lines(r.out), 3u) << r.out;  // a-good, ok1, ok2
  for (const char* needle : {"b-invalid-utf8.txt:1: byte 21", "c-nul.txt:1: byte 20", "d-empty.txt",
                             "e-impossible-date.txt:1: byte 6", "f-lines.jsonl:2: byte", "g-binary.bin"})
    EXPECT_NE(r.err.find(needle), std::string::npos) << needle << "\n" << r.err;
  EXPECT_NE(r.err.find("3 documents, 6 failed"), std::string::npos) << r.err;
}

TEST_F(Cli, HugeSingleLineIsRefusedAndTheNextLineIsRead) {
  fs::path p = dir / "huge.jsonl";
  {
    std::ofstream f(p, std::ios::binary);
    f << "{\"id\":\"huge\",\"date\":\"2024-03-01\",\"text\":\"";
    std::string chunk(1 << 20, 'a');
    for (int i = 0; i < 200; ++i) f << chunk;
    f << "\"}\n{\"id\":\"after\",\"date\":\"2024-03-01\",\"text\":\"Still read.\"}\n";
  }
  auto r = run("extract " + p.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(count_lines(r.out), 1u);
  EXPECT_NE(r.out.find("\"after\""), std::string::npos);
  EXPECT_NE(r.err.find("huge.jsonl:1: byte 0"), std::string::npos) << r.err;
}

TEST_F(Cli, GzipDirectoryAndStdinGiveTheSameDocuments) {
  std::string lines =
      "{\"id\":\"x1\",\"date\":\"2024-03-01\",\"text\":\"Troops entered the town on Friday.\"}\n"
      "{\"id\":\"x2\",\"date\":\"2024-03-02\",\"title\":\"Talks\",\"text\":\"Leaders met.\"}\n";
  fs::path plain = write("in/reports.jsonl", lines);
  gzFile gz = gzopen((dir / "reports.jsonl.gz").c_str(), "wb");
  gzwrite(gz, lines.data(), static_cast<unsigned>(lines.size()));
  gzclose(gz);
  auto a = run("extract " + plain.string());
  auto b = run("extract " + (dir / "reports.jsonl.gz").string());
  auto c = run("extract " + (dir / "in").string());
  auto d = run("extract -", plain.string());
  EXPECT_EQ(a.status, 0) << a.err;
  EXPECT_EQ(count_lines(a.out), 2u);
  EXPECT_EQ(a.out, b.out);
  EXPECT_EQ(a.out, c.out);
  EXPECT_EQ(a.out, d.out);
}

TEST_F(Cli, OutputIsIdenticalWhateverTheThreadCount) {
  std::string lines;
  for (int i = 0; i < 200; ++i)
    lines += "{\"id\":\"r" + std::to_string(i) + "\",\"date\":\"2024-03-01\",\"text\":\"Report " +
             std::to_string(i) + ": at least " + std::to_string(i % 17) +
             " people were killed in shelling on Monday.\"}\n" + (i % 50 == 7 ? "{broken line\n" : "");
  fs::path p = write("many.jsonl", lines);
  auto one = run("extract -j1 " + p.string());
  auto four = run("extract -j4 " + p.string());
  EXPECT_EQ(one.status, 1);
  EXPECT_EQ(count_lines(one.out), 200u);
  EXPECT_EQ(one.out, four.out);
  EXPECT_EQ(one.err, four.err);
}

TEST_F(Cli, JsonFormatIsAnObjectForOneAndAnArrayForSeveral) {
  fs::path one = write("one.txt", " date 2024-03-01 One report.");
  fs::path two = write(
      "two.jsonl", "{\"date\":\"2024-03-01\",\"text\":\"A.\"}\n{\"date\":\"2024-03-01\",\"text\":\"B.\"}\n");
  auto a = run("extract --format json " + one.string());
  auto b = run("extract --format json " + two.string());
  EXPECT_TRUE(nlohmann::json::parse(a.out).is_object());
  auto arr = nlohmann::json::parse(b.out);
  ASSERT_TRUE(arr.is_array());
  EXPECT_EQ(arr.size(), 2u);
}

// Invariants over a report of our own: every span cuts out the text it claims
// and lies inside the document; ids are stable across runs.
TEST_F(Cli, SpansAreInsideTheTextAndIdsAreStable) {
  std::string body =
      "At least 12 people were killed and dozens wounded when an airstrike hit a market in the northern town "
      "on Sunday, the regional health office said.\n\nOfficials visit town\n\nThe U.S. envoy met Gen. Ali "
      "Hassan in the capital on Oct. 3, according to a statement.";
  fs::path p = write("r.txt", " date 2024-03-04 " + body);
  auto a = run("extract --annotate all " + p.string());
  auto b = run("extract --annotate all " + p.string());
  ASSERT_EQ(a.status, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  auto j = nlohmann::json::parse(a.out);
  size_t n = j["document"]["bytes"].get<size_t>();
  EXPECT_EQ(n, body.size());
  auto check = [&](const nlohmann::json& span) {
    size_t s = span["start"].get<size_t>(), e = span["end"].get<size_t>();
    EXPECT_LT(s, e);
    EXPECT_LE(e, n);
    if (span.contains("text")) {
      EXPECT_EQ(body.substr(s, e - s), span["text"].get<std::string>());
    }
  };
  for (const char* layer : {"tokens", "sentences", "numbers", "times"})
    for (const auto& s : j["document"][layer]) check(s);
  for (const auto& e : j["entities"])
    for (const auto& m : e["mentions"]) check(m);
  for (const auto& ev : j["events"])
    for (const auto& s : ev["evidence"]) check(s);
  for (const auto& t : j["tallies"])
    for (const auto& s : t["evidence"]) check(s);
  EXPECT_EQ(j["document"]["sentences"].size(), 3u);
}

}  // namespace
