// `sitrep train ner` and `sitrep eval ner` end to end on tiny CoNLL files
// written here: training is byte-for-byte reproducible, the scores come out
// per type, and unreadable inputs give a clear error and a failing status.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// CoNLL text: documents of "<First> <Last> visited <City> ." and "<Org> Corp rose ."
std::string conll(int docs, int offset) {
  const char* firsts[] = {"John", "Maria", "Ahmed", "Olga", "Pedro", "Fatima", "Kenji", "Anna"};
  const char* lasts[] = {"Smith", "Lopez", "Hassan", "Petrova", "Silva", "Zahra", "Sato", "Berg"};
  const char* cities[] = {"Paris", "Cairo", "Lima", "Oslo", "Dakar", "Quito", "Hanoi", "Accra"};
  const char* orgs[] = {"Alpha", "Delta", "Sigma", "Orion", "Vega", "Atlas", "Nova", "Zenith"};
  std::string s;
  for (int d = 0; d < docs; ++d) {
    s += "-DOCSTART- -X- O O\n\n";
    for (int k = 0; k < 3; ++k) {
      int i = d * 3 + k + offset;
      s += std::string(firsts[i % 8]) + " NNP I-NP I-PER\n" + lasts[(i / 2) % 8] + " NNP I-NP I-PER\n";
      s += "visited VBD I-VP O\n" + std::string(cities[(i / 3) % 8]) + " NNP I-NP I-LOC\n. . O O\n\n";
      s += std::string(orgs[(i * 5) % 8]) +
           " NNP I-NP I-ORG\nCorp NNP I-NP I-ORG\nrose VBD I-VP O\n. . O O\n\n";
    }
  }
  return s;
}

struct CliRun {
  int status;
  std::string out, err;
};

CliRun sitrep(const fs::path& dir, const std::string& args) {
  fs::path out = dir / "stdout", err = dir / "stderr";
  std::string cmd = std::string(SITREP_BINARY) + " " + args + " >" + out.string() + " 2>" + err.string();
  int rc = std::system(cmd.c_str());
  return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, slurp(out), slurp(err)};
}

TEST(NerCli, TrainsReproduciblyAndEvaluatesPerType) {
  fs::path dir = fs::temp_directory_path() / ("sitrep-ner-cli-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "train.conll") << conll(12, 0);
  std::ofstream(dir / "dev.conll") << conll(3, 5);
  std::string common = "train ner --train " + (dir / "train.conll").string() + " --dev " +
                       (dir / "dev.conll").string() + " --epochs 4 --seed 3 --out ";
  CliRun a = sitrep(dir, common + (dir / "a.bin").string());
  CliRun b = sitrep(dir, common + (dir / "b.bin").string());
  ASSERT_EQ(a.status, 0) << a.err;
  ASSERT_EQ(b.status, 0) << b.err;
  EXPECT_NE(a.err.find("best epoch"), std::string::npos);
  EXPECT_EQ(slurp(dir / "a.bin"), slurp(dir / "b.bin"));

  CliRun e = sitrep(dir, "eval ner --json --conll " + (dir / "dev.conll").string() + " --model " +
                             (dir / "a.bin").string());
  ASSERT_EQ(e.status, 0) << e.err;
  auto j = nlohmann::json::parse(e.out);
  for (const char* k : {"overall", "PER", "ORG", "LOC", "MISC"}) ASSERT_TRUE(j.contains(k)) << k;
  EXPECT_EQ(j["overall"]["gold"], 27);  // 3 docs × 3 × (PER + LOC + ORG)
  EXPECT_GT(j["overall"]["f1"].get<double>(), 0.9);

  CliRun text = sitrep(
      dir, "eval ner --conll " + (dir / "dev.conll").string() + " --model " + (dir / "a.bin").string());
  ASSERT_EQ(text.status, 0);
  EXPECT_NE(text.out.find("processed 81 tokens with 27 phrases"), std::string::npos) << text.out;

  CliRun bad = sitrep(
      dir, "eval ner --conll " + (dir / "dev.conll").string() + " --model " + (dir / "dev.conll").string());
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.err.find("not a sitrep tagger model"), std::string::npos) << bad.err;
  CliRun missing = sitrep(
      dir, "eval ner --conll " + (dir / "nope.conll").string() + " --model " + (dir / "a.bin").string());
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("cannot open"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
