// Micro benchmarks of the text layer: decode (UTF-8 check + paragraphs),
// tokens, sentences, numbers and times over the real-news benchmark corpus.
// Each benchmark checks its answer against the reference counts first, so a
// fast wrong answer fails instead of reporting a figure.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "bench_corpus.h"
#include "numbers/numbers.h"
#include "read/reader.h"
#include "text/tokenizer.h"
#include "time/timex.h"

namespace sitrep {
namespace {

void BM_Decode(benchmark::State& state) {
  const auto& docs = bench_documents();
  size_t bytes = 0;
  for (auto _ : state) {
    for (const auto& d : docs) {
      const char* what;
      benchmark::DoNotOptimize(find_bad_utf8(d.text, &what));
      Document copy;
      copy.text = d.text;
      split_paragraphs(copy, 0);
      benchmark::DoNotOptimize(copy.paragraphs.size());
      bytes += d.text.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_Decode);

void BM_TokensSentences(benchmark::State& state) {
  auto docs = bench_documents();
  size_t bytes = 0, tokens = 0;
  for (auto _ : state) {
    for (auto& d : docs) {
      segment(d);
      tokens += d.tokens.size();
      bytes += d.text.size();
    }
  }
  check_segmentation(docs);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TokensSentences);

void BM_TextLayerAll(benchmark::State& state) {
  auto docs = bench_documents();
  size_t bytes = 0;
  for (auto _ : state) {
    for (auto& d : docs) {
      segment(d);
      find_times(d);  // the engine's order: numbers skip tokens inside time expressions
      find_numbers(d);
      bytes += d.text.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_TextLayerAll);

}  // namespace
}  // namespace sitrep
