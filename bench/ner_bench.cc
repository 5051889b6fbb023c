// Entity tagger and entity stage over the real-news benchmark corpus. Each
// benchmark first checks the answer: a reference sentence must come out with
// the right spans and the corpus must yield a plausible share of entity
// tokens, so a fast wrong answer (or a missing model) fails instead of
// reporting a figure.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "bench_corpus.h"
#include "entities/entities.h"
#include "entities/ner.h"
#include "pipeline/resources.h"
#include "text/tokenizer.h"

namespace sitrep {
namespace {

struct Prepared {
  std::vector<std::string_view> tokens;
  std::vector<uint32_t> ends;
  ner::TagInput input() const { return ner::TagInput{tokens, ends}; }
};

const ner::Model& model() {
  static std::unique_ptr<ner::Model> m = [] {
    std::string err, path = find_resource("", "models/ner.bin");
    auto x = path.empty() ? nullptr : ner::Model::load(path, &err);
    if (!x) {
      std::fprintf(stderr, "ner_bench: no usable models/ner.bin (%s)\n", err.c_str());
      std::exit(2);
    }
    // Reference answer.
    std::vector<std::string_view> toks = {"Prime", "Minister", "Boris", "Johnson", "flew",     "to", "Paris",
                                          "on",    "Monday",   ".",     "Reuters", "reported", "."};
    std::vector<uint32_t> ends = {10, 13};
    auto spans = x->tag(ner::TagInput{toks, ends});
    std::vector<ner::NerSpan> want = {{2, 4, ner::kPer}, {6, 7, ner::kLoc}, {10, 11, ner::kOrg}};
    if (spans != want) {
      std::fprintf(stderr, "ner_bench: the model fails the reference sentence\n");
      std::exit(3);
    }
    return x;
  }();
  return *m;
}

const std::vector<Document>& segmented() {
  static std::vector<Document> docs = [] {
    auto d = bench_documents();
    for (auto& x : d) segment(x);
    return d;
  }();
  return docs;
}

const std::vector<Prepared>& prepared() {
  static std::vector<Prepared> p = [] {
    std::vector<Prepared> out;
    for (const auto& d : segmented()) {
      Prepared x;
      for (size_t i = 0; i < d.tokens.size(); ++i) x.tokens.push_back(d.token_text(i));
      for (const auto& s : d.sentences) x.ends.push_back(s.tok_end);
      out.push_back(std::move(x));
    }
    return out;
  }();
  return p;
}

void BM_NerTag(benchmark::State& state) {
  const auto& m = model();
  const auto& docs = prepared();
  size_t tokens = 0, entity_tokens = 0, total_tokens = 0;
  for (const auto& d : docs) total_tokens += d.tokens.size();
  for (auto _ : state) {
    for (const auto& d : docs) {
      auto spans = m.tag(d.input());
      for (const auto& s : spans) entity_tokens += s.end - s.begin;
      tokens += d.tokens.size();
      benchmark::DoNotOptimize(spans.data());
    }
  }
  // News has roughly 8–20 % of its tokens inside names.
  double share = tokens ? double(entity_tokens) / double(tokens) : 0;
  if (share < 0.04 || share > 0.35) state.SkipWithError("implausible share of entity tokens");
  state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
  state.counters["entity_share"] = share;
  (void)total_tokens;
}
BENCHMARK(BM_NerTag)->Unit(benchmark::kMillisecond);

void BM_EntityStage(benchmark::State& state) {
  const auto& m = model();
  static EntityTables tables;
  std::string err;
  if (tables.nations.empty() && !load_entity_tables("", &tables, &err)) {
    state.SkipWithError(err.c_str());
    return;
  }
  auto docs = segmented();
  size_t tokens = 0, entities = 0;
  for (auto _ : state) {
    for (auto& d : docs) {
      find_entities(d, &m, tables);
      tokens += d.tokens.size();
      entities += d.entities.size();
    }
  }
  if (entities == 0) state.SkipWithError("no entities found");
  state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EntityStage)->Unit(benchmark::kMillisecond);

void BM_NerLoad(benchmark::State& state) {
  std::string err, path = find_resource("", "models/ner.bin");
  size_t bytes = 0;
  for (auto _ : state) {
    auto m = ner::Model::load(path, &err);
    if (!m) {
      state.SkipWithError(err.c_str());
      return;
    }
    bytes = m->bytes();
    benchmark::DoNotOptimize(m.get());
  }
  state.counters["model_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_NerLoad)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sitrep
