// Lexicon benchmarks: time to map and check lexicon.bin, resident memory after
// opening and after a pass over the corpus, longest-match speed and the whole
// geo stage (matching + resolution) in MB/s per core. Each checks its answer
// first (Baghdad → IRQ, the corpus yields places), so a fast wrong answer fails.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "actors/actors.h"
#include "bench_corpus.h"
#include "geo/geo.h"
#include "lexicon/lexicon.h"
#include "pipeline/resources.h"
#include "text/tokenizer.h"

namespace sitrep {
namespace {

std::string lexicon_path() { return find_resource("", "lexicon.bin"); }

double rss_mb() {
  std::ifstream f("/proc/self/statm");
  long pages = 0, resident = 0;
  f >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1e6;
}

bool answer_ok(const Lexicon& lex) {
  for (auto id : lex.lookup("Baghdad"))
    if (lex.country(id) == "IRQ") return true;
  return false;
}

const std::vector<Document>& segmented() {
  static const std::vector<Document> docs = [] {
    std::vector<Document> d = bench_documents();
    for (auto& x : d) segment(x);
    check_segmentation(d);
    return d;
  }();
  return docs;
}

void BM_LexiconOpen(benchmark::State& state) {
  std::string path = lexicon_path(), err;
  if (path.empty()) {
    state.SkipWithError("no lexicon.bin (build the sitrep_lexicon target)");
    return;
  }
  double before = rss_mb();
  size_t size = 0;
  for (auto _ : state) {
    auto lex = Lexicon::open(path, &err);
    if (!lex || !answer_ok(*lex)) {
      state.SkipWithError(("lexicon does not answer: " + err).c_str());
      return;
    }
    size = lex->file_size();
    benchmark::DoNotOptimize(lex.get());
  }
  state.counters["file_MB"] = static_cast<double>(size) / 1e6;
  state.counters["rss_delta_MB"] = rss_mb() - before;
}
BENCHMARK(BM_LexiconOpen)->Unit(benchmark::kMillisecond);

void BM_LexiconMatch(benchmark::State& state) {
  std::string err;
  auto lex = Lexicon::open(lexicon_path(), &err);
  if (!lex) {
    state.SkipWithError(err.c_str());
    return;
  }
  const auto& docs = segmented();
  std::vector<LexMatch> out;
  size_t bytes = 0, matches = 0;
  for (auto _ : state) {
    for (const auto& d : docs) {
      state.PauseTiming();
      Document copy = d;
      state.ResumeTiming();
      annotate_lexicon(copy, *lex);
      out.clear();
      longest_matches(copy, *lex, 0, static_cast<uint32_t>(copy.tokens.size()), kAllKinds, out);
      matches += out.size();
      bytes += d.text.size();
    }
  }
  if (matches == 0) state.SkipWithError("no lexicon matches in the corpus");
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_LexiconMatch)->Unit(benchmark::kMillisecond);

void BM_GeoStage(benchmark::State& state) {
  std::string err;
  auto lex = Lexicon::open(lexicon_path(), &err);
  if (!lex) {
    state.SkipWithError(err.c_str());
    return;
  }
  double rss_before = rss_mb();
  const auto& docs = segmented();
  size_t bytes = 0, places = 0;
  for (auto _ : state) {
    for (const auto& d : docs) {
      state.PauseTiming();
      Document copy = d;
      state.ResumeTiming();
      annotate_lexicon(copy, *lex);  // the stages that read the lexicon, as the engine runs them
      link_actors(copy, *lex);
      annotate_geo(copy, *lex);
      add_untagged_actors(copy, *lex);
      for (const auto& e : copy.entities) places += e.place.has_value();
      bytes += d.text.size();
    }
  }
  if (places == 0) state.SkipWithError("the corpus resolved no places");
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["rss_MB_after"] = rss_mb();
  state.counters["rss_MB_touched"] = rss_mb() - rss_before;
}
BENCHMARK(BM_GeoStage)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sitrep
