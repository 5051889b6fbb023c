// Store benchmarks: ingest throughput (reports/s into a fresh SQLite store)
// and filtered-query latency over a synthetic store of 1 M events (p50/p95).
// Every result is checked: ingest row counts, and each query's rows must
// satisfy its filters in the promised order, so a fast wrong answer fails.
//   build/sitrep_bench --benchmark_filter=Store
// SITREP_BENCH_STORE: where the 1 M-event store is kept between runs
// (default /tmp/sitrep-bench-1m.db; built on first use, about a minute).
// SITREP_BENCH_PG: a postgresql:// URL to run the ingest benchmark there too.
#include <benchmark/benchmark.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>

#include "bench_corpus.h"
#include "sitrep/engine.h"
#include "store/store.h"
#include "store/testing.h"

namespace sitrep::store {
namespace {

const char* kTypes[] = {"ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "THREATEN", "CONSULT", "AID", "REJECT"};

// Report i of the synthetic corpus: spread over a 60°×120° region and three
// years, so few reports merge, with a place name and type in the text.
Document synthetic(uint64_t i) {
  std::mt19937_64 rng(i * 7919 + 13);
  testing::ReportSpec s;
  s.type = kTypes[rng() % 8];
  double lat = -30 + static_cast<double>(rng() % 600000) / 10000.0;
  double lon = -20 + static_cast<double>(rng() % 1200000) / 10000.0;
  s.lat = lat, s.lon = lon;
  int town = static_cast<int>(rng() % 5000);
  s.place = "Town" + std::to_string(town);
  s.country = "C" + std::to_string(static_cast<int>((lat + 30) / 6) * 20 + static_cast<int>((lon + 20) / 6));
  s.date = Date{2021, 1, 1}.plus_days(static_cast<int64_t>(rng() % 1095)).iso();
  s.killed_low = static_cast<int64_t>(rng() % 50);
  s.actor = "Group" + std::to_string(rng() % 300);
  s.actor_country = "";
  std::string text = "Report " + std::to_string(i) + ": " + s.type + " by " + s.actor + " in " + s.place +
                     " left " + std::to_string(*s.killed_low) + " dead, officials said.";
  return testing::make_doc(text, s.date, "Source" + std::to_string(rng() % 40), {s});
}

std::vector<Document> corpus(uint64_t from, uint64_t n) {
  std::vector<Document> v;
  v.reserve(n);
  for (uint64_t i = from; i < from + n; ++i) v.push_back(synthetic(i));
  return v;
}

double thread_cpu() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Reports per transaction: what `sitrep ingest` writes per batch by default
// (500 documents; the bench corpus's reports carry 4.3 events each).
constexpr size_t kBatchReports = 2000;

void ingest_bench(benchmark::State& state, const std::string& url_base) {
  const uint64_t n = static_cast<uint64_t>(state.range(0));
  auto docs = corpus(0, n);
  double secs = 0, cpu = 0;
  for (auto _ : state) {
    std::string url = url_base;
    if (url.rfind("postgres", 0) != 0) {
      for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(url + ext);
    }
    std::string err;
    auto st = Store::open(url, &err);
    if (!st) {
      state.SkipWithError(err.c_str());
      return;
    }
    auto t0 = std::chrono::steady_clock::now();
    double c0 = thread_cpu();
    for (size_t i = 0; i < docs.size(); i += kBatchReports) {
      auto r = st->add(std::span<const Document>(docs).subspan(i, std::min(kBatchReports, docs.size() - i)));
      if (!r.ok()) {
        state.SkipWithError(r.error.c_str());
        return;
      }
    }
    secs += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    cpu += thread_cpu() - c0;
    auto c = st->counts();
    if (c.documents != static_cast<int64_t>(n) || c.reports != static_cast<int64_t>(n) ||
        c.links != static_cast<int64_t>(n) || c.events > c.reports || c.events < c.reports * 9 / 10) {
      state.SkipWithError("wrong row counts after ingest");
      return;
    }
  }
  // Wall-clock rate, and the rate per CPU-second of the writing thread (the
  // figure that does not depend on how busy the machine is).
  state.counters["reports_per_s"] = static_cast<double>(n * state.iterations()) / secs;
  state.counters["reports_per_cpu_s"] = static_cast<double>(n * state.iterations()) / cpu;
}

void BM_StoreIngestSqlite(benchmark::State& state) {
  ingest_bench(state, (std::filesystem::temp_directory_path() / "sitrep-bench-ingest.db").string());
}
BENCHMARK(BM_StoreIngestSqlite)->Arg(50000)->Iterations(1)->Unit(benchmark::kMillisecond);

// Real extracted reports: the benchmark corpus through the engine once, then
// stored state.range(0) times under distinct document ids and texts (each copy's
// reports join the first copy's events), in transactions of 500 documents as
// `sitrep ingest` writes them. Real documents carry ~4 events, ~14 entities
// and ~29 mentions each, so this is the figure for a real feed.
void BM_StoreIngestExtracted(benchmark::State& state) {
  static const std::vector<Document> extracted = [] {
    Engine engine;
    std::vector<Document> out = bench_documents();
    for (auto& d : out) engine.process(d);
    return out;
  }();
  std::vector<Document> docs;
  size_t reports = 0;
  for (int64_t r = 0; r < state.range(0); ++r)
    for (const auto& d : extracted) {
      docs.push_back(d);
      Document& c = docs.back();
      c.meta.id += "-" + std::to_string(r);
      // A distinct story per copy (schema 5 keeps a copy of a stored text as a
      // source, not as reports): a copy number after the text moves no span.
      c.text += "\n" + std::to_string(r);
      for (size_t k = 0; k < c.events.size(); ++k) c.events[k].id = c.meta.id + "#" + std::to_string(k + 1);
      reports += c.events.size();
    }
  std::string path = (std::filesystem::temp_directory_path() / "sitrep-bench-extracted.db").string();
  double cpu = 0;
  for (auto _ : state) {
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
    std::string err;
    auto st = Store::open(path, &err);
    if (!st) {
      state.SkipWithError(err.c_str());
      return;
    }
    double c0 = thread_cpu();
    for (size_t i = 0; i < docs.size(); i += 500) {
      auto r = st->add(std::span<const Document>(docs).subspan(i, std::min<size_t>(500, docs.size() - i)));
      if (!r.ok()) {
        state.SkipWithError(r.error.c_str());
        return;
      }
    }
    cpu += thread_cpu() - c0;
    auto c = st->counts();
    if (c.documents != static_cast<int64_t>(docs.size()) || c.reports != static_cast<int64_t>(reports) ||
        c.events <= 0 || c.events > c.links) {
      state.SkipWithError("wrong row counts after ingest");
      return;
    }
  }
  state.counters["reports"] = static_cast<double>(reports);
  state.counters["reports_per_cpu_s"] = static_cast<double>(reports * state.iterations()) / cpu;
  state.counters["docs_per_cpu_s"] = static_cast<double>(docs.size() * state.iterations()) / cpu;
}
BENCHMARK(BM_StoreIngestExtracted)->Arg(20)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_StoreIngestPostgres(benchmark::State& state) {
  const char* url = std::getenv("SITREP_BENCH_PG");
  if (!url) {
    state.SkipWithError("SITREP_BENCH_PG not set");
    for (auto _ : state) {
    }
    return;
  }
  ingest_bench(state, url);
}
BENCHMARK(BM_StoreIngestPostgres)->Arg(20000)->Iterations(1)->Unit(benchmark::kMillisecond);

constexpr int64_t kMillion = 1000000;

Store* big_store(std::string* err) {
  static std::unique_ptr<Store> st;
  if (st) return st.get();
  const char* env = std::getenv("SITREP_BENCH_STORE");
  std::string path = env ? env : "/tmp/sitrep-bench-1m.db";
  st = Store::open(path, err);
  if (!st) return nullptr;
  auto c = st->counts();
  for (int64_t i = c.documents; i < kMillion; i += 5000) {
    auto r = st->add(
        corpus(static_cast<uint64_t>(i), static_cast<uint64_t>(std::min<int64_t>(5000, kMillion - i))));
    if (!r.ok()) {
      *err = r.error;
      return nullptr;
    }
  }
  return st.get();
}

struct Query {
  const char* kind;
  EventQuery q;
};

std::vector<Query> queries() {
  std::vector<Query> out;
  std::mt19937_64 rng(99);
  for (int i = 0; i < 40; ++i) {
    Date from = Date{2021, 1, 1}.plus_days(static_cast<int64_t>(rng() % 1000));
    Query a{"type+dates", {}};
    a.q.type = kTypes[rng() % 8];
    a.q.from = from;
    a.q.to = from.plus_days(30);
    out.push_back(a);
    Query b{"country", {}};
    b.q.country = "C" + std::to_string(rng() % 10 * 20 + rng() % 20);
    out.push_back(b);
    Query c{"near", {}};
    c.q.near_lat = -30 + static_cast<double>(rng() % 60);
    c.q.near_lon = -20 + static_cast<double>(rng() % 120);
    c.q.near_km = 100;
    out.push_back(c);
    Query d{"bbox+dates", {}};
    d.q.west = -20 + static_cast<double>(rng() % 110);
    d.q.south = -30 + static_cast<double>(rng() % 50);
    d.q.east = *d.q.west + 5;
    d.q.north = *d.q.south + 5;
    d.q.from = from;
    out.push_back(d);
    Query e{"text", {}};
    e.q.text = "Town" + std::to_string(rng() % 5000);
    out.push_back(e);
    Query f{"min-killed+type", {}};
    f.q.min_killed = 45;
    f.q.type = kTypes[rng() % 8];
    out.push_back(f);
    Query g{"actor", {}};
    g.q.actor = "Group" + std::to_string(rng() % 300);
    out.push_back(g);
    Query h{"all newest", {}};
    out.push_back(h);
  }
  return out;
}

// Whether rows satisfy the query and come newest first.
bool check(const EventQuery& q, const std::vector<EventRow>& rows, std::string* why) {
  if (q.limit > 0 && static_cast<int64_t>(rows.size()) > q.limit) return *why = "over limit", false;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (i && (rows[i - 1].date_start < r.date_start ||
              (rows[i - 1].date_start == r.date_start && rows[i - 1].id < r.id)))
      return *why = "not newest first", false;
    if (!q.type.empty() && r.type != q.type) return *why = "type", false;
    if (!q.country.empty() && r.country != q.country) return *why = "country", false;
    if (q.from && (!r.date_end || *r.date_end < *q.from)) return *why = "from", false;
    if (q.to && (!r.date_start || *r.date_start > *q.to)) return *why = "to", false;
    if (q.min_killed && (!r.killed_best || *r.killed_best < *q.min_killed)) return *why = "min_killed", false;
    if (q.near_km && distance_km(*q.near_lat, *q.near_lon, *r.lat, *r.lon) > *q.near_km)
      return *why = "near", false;
    if (q.west && (*r.lon < *q.west || *r.lon > *q.east || *r.lat < *q.south || *r.lat > *q.north))
      return *why = "bbox", false;
    if (!q.actor.empty() && r.actor1 != q.actor && r.actor2 != q.actor) return *why = "actor", false;
  }
  return true;
}

void BM_StoreQuery1M(benchmark::State& state) {
  std::string err;
  Store* st = big_store(&err);
  if (!st) {
    state.SkipWithError(err.c_str());
    for (auto _ : state) {
    }
    return;
  }
  auto qs = queries();
  std::vector<double> ms;
  size_t rows_total = 0, empty = 0;
  for (auto _ : state) {
    for (const auto& q : qs) {
      auto t0 = std::chrono::steady_clock::now();
      auto rows = st->events(q.q, &err);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      std::string why;
      if (!err.empty() || !check(q.q, rows, &why)) {
        state.SkipWithError((std::string(q.kind) + ": " + err + why).c_str());
        return;
      }
      // Every town and group occurs in hundreds of reports: never empty.
      if (rows.empty() && (!q.q.text.empty() || !q.q.actor.empty())) {
        state.SkipWithError((std::string(q.kind) + ": no rows").c_str());
        return;
      }
      rows_total += rows.size();
      if (rows.empty()) ++empty;
    }
  }
  std::sort(ms.begin(), ms.end());
  state.counters["events"] = static_cast<double>(st->counts().events);
  state.counters["p50_ms"] = ms[ms.size() / 2];
  state.counters["p95_ms"] = ms[ms.size() * 95 / 100];
  state.counters["max_ms"] = ms.back();
  state.counters["rows_per_query"] = static_cast<double>(rows_total) / static_cast<double>(ms.size());
  state.counters["empty_results"] = static_cast<double>(empty);
}
BENCHMARK(BM_StoreQuery1M)->Iterations(3)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sitrep::store
