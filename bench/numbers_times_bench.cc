// The numbers and time stages alone, over already segmented documents, so
// their cost can be read apart from tokenisation. Each run first checks the
// stages' invariants on the corpus (spans inside the text, in order, never
// overlapping; every document of news has some) so a fast wrong answer fails.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>

#include "bench_corpus.h"
#include "numbers/numbers.h"
#include "text/tokenizer.h"
#include "time/timex.h"

namespace sitrep {
namespace {

std::vector<Document> segmented() {
  auto docs = bench_documents();
  for (auto& d : docs) segment(d);
  return docs;
}

void check_layers(const std::vector<Document>& docs) {
  size_t numbers = 0, times = 0;
  for (const auto& d : docs) {
    uint32_t prev = 0;
    for (const auto& t : d.times) {
      if (t.start < prev || t.end <= t.start || t.end > d.text.size() || t.value.empty()) {
        std::fprintf(stderr, "bench: time expression out of order in %s at %u\n", d.meta.input_id.c_str(),
                     t.start);
        std::exit(3);
      }
      prev = t.end;
    }
    prev = 0;
    for (const auto& q : d.numbers) {
      if (q.start < prev || q.end <= q.start || q.end > d.text.size() || q.num_start < q.start ||
          q.num_end > q.end) {
        std::fprintf(stderr, "bench: quantity out of order in %s at %u\n", d.meta.input_id.c_str(), q.start);
        std::exit(3);
      }
      prev = q.end;
    }
    numbers += d.numbers.size();
    times += d.times.size();
  }
  if (numbers < docs.size() / 2 || times < docs.size() / 2) {
    std::fprintf(stderr, "bench: too few quantities (%zu) or times (%zu) for %zu documents\n", numbers, times,
                 docs.size());
    std::exit(3);
  }
}

void BM_Times(benchmark::State& state) {
  auto docs = segmented();
  size_t bytes = 0;
  for (auto _ : state) {
    for (auto& d : docs) {
      find_times(d);
      bytes += d.text.size();
    }
  }
  for (auto& d : docs) find_numbers(d);
  check_layers(docs);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_Times);

void BM_Numbers(benchmark::State& state) {
  auto docs = segmented();
  for (auto& d : docs) find_times(d);
  size_t bytes = 0;
  for (auto _ : state) {
    for (auto& d : docs) {
      find_numbers(d);
      bytes += d.text.size();
    }
  }
  check_layers(docs);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_Numbers);

}  // namespace
}  // namespace sitrep
