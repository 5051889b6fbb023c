// The whole extract pipeline (Engine::process, then the JSON record) over the
// benchmark corpus, in bytes of document text per second. Each run first
// checks the answer: a plausible share of documents must come out with events
// and with entities, so a fast wrong answer (or missing resources) fails
// instead of reporting a figure.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>

#include "bench_corpus.h"
#include "output/json_writer.h"
#include "sitrep/engine.h"

namespace sitrep {
namespace {

const Engine& engine() {
  static Engine e;
  return e;
}

void check(const std::vector<Document>& done) {
  size_t with_events = 0, with_entities = 0;
  for (const auto& d : done) {
    with_events += !d.events.empty();
    with_entities += !d.entities.empty();
  }
  // Real news: most documents name someone or somewhere; many report an event.
  if (done.empty() || with_entities * 2 < done.size() || with_events * 10 < done.size()) {
    std::fprintf(stderr,
                 "pipeline_bench: implausible output (%zu docs, %zu with entities, %zu with events)\n",
                 done.size(), with_entities, with_events);
    std::exit(3);
  }
}

void BM_Pipeline(benchmark::State& state) {
  const auto& docs = bench_documents();
  const Engine& eng = engine();
  size_t bytes = 0;
  for (const auto& d : docs) bytes += d.text.size();
  bool checked = false;
  for (auto _ : state) {
    std::vector<Document> done;
    done.reserve(docs.size());
    size_t out = 0;
    for (const auto& d : docs) {
      done.push_back(d);
      eng.process(done.back());
      out += to_json(done.back(), AnnotateLayers{}).size();
    }
    benchmark::DoNotOptimize(out);
    if (!checked) {
      check(done);
      checked = true;
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["docs"] = static_cast<double>(docs.size());
}
BENCHMARK(BM_Pipeline)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

}  // namespace
}  // namespace sitrep
