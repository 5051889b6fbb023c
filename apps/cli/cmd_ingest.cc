// sitrep ingest: reports in, a store out (src/store/store.h). Extraction runs
// on N threads (pipeline/runner.h); documents are written in batches, one
// transaction each, so a killed run leaves a consistent store and re-running
// skips what was stored and ends in the same state.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>

#include "commands.h"
#include "flags.h"
#include "pipeline/runner.h"
#include "read/reader.h"
#include "store/store.h"

namespace sitrep::cli {

Command add_ingest(CLI::App& app) {
  struct Opts {
    InputFlags in;
    std::string db;
    size_t batch = 500;
    bool quiet = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd =
      app.add_subcommand("ingest", "extract reports and add them to a store (merging events across sources)");
  o->in.add(cmd);
  cmd->add_option("--db", o->db, "store: a SQLite file path, or postgresql://…")->required();
  cmd->add_option("--batch", o->batch, "documents per transaction")->check(CLI::Range(1, 100000));
  cmd->add_flag("--quiet,-q", o->quiet, "no progress line or summary");
  return {
      cmd, [o]() -> int {
        std::optional<Date> date;
        if (auto err = o->in.check(&date); !err.empty()) {
          std::fprintf(stderr, "sitrep ingest: %s\n", err.c_str());
          return 2;
        }
        std::string err;
        auto store = store::Store::open(o->db, &err);
        if (!store) {
          std::fprintf(stderr, "sitrep ingest: %s\n", err.c_str());
          return 1;
        }
        // ETA only when every input is a plain, uncompressed file of known size.
        uint64_t total_bytes = 0;
        for (const auto& in : o->in.inputs) {
          struct stat st;
          if (in == "-" || in.ends_with(".gz") || stat(in.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
            total_bytes = 0;
            break;
          }
          total_bytes += static_cast<uint64_t>(st.st_size);
        }
        const bool progress = !o->quiet && isatty(2);
        Engine engine(EngineOptions{o->in.data_dir});
        Reader reader(ReaderOptions{date});
        std::vector<Document> batch;
        size_t added = 0, skipped = 0, reports = 0, failed = 0, seen = 0;
        uint64_t bytes = 0;
        bool store_failed = false;
        auto t0 = std::chrono::steady_clock::now();
        auto last = t0;
        auto show = [&](bool force) {
          if (!progress) return;
          auto now = std::chrono::steady_clock::now();
          if (!force && now - last < std::chrono::milliseconds(250)) return;
          last = now;
          double secs = std::chrono::duration<double>(now - t0).count();
          double rate = secs > 0 ? seen / secs : 0;
          char eta[48] = "";
          if (total_bytes && bytes && secs > 1) {
            double left = secs * (static_cast<double>(total_bytes) / bytes - 1);
            if (left >= 0) std::snprintf(eta, sizeof eta, ", ETA %.0fs", left);
          }
          std::fprintf(stderr, "\r\033[Kingest: %zu reports, %.0f/s, %zu errors%s", seen, rate, failed, eta);
        };
        auto flush = [&] {
          if (batch.empty() || store_failed) return;
          auto r = store->add(batch);
          batch.clear();
          if (!r.ok()) {
            std::fprintf(stderr, "%ssitrep ingest: store error: %s\n", progress ? "\n" : "", r.error.c_str());
            store_failed = true;
            return;
          }
          added += r.added;
          skipped += r.skipped;
          reports += r.reports;
        };
        auto sink = [&](Document& d) {
          ++seen;
          bytes += d.text.size();
          batch.push_back(std::move(d));
          if (batch.size() >= o->batch) flush();
          show(false);
        };
        auto on_error = [&](const ReadError& e) {
          if (!e.warning) {
            ++failed;
            ++seen;
          }
          std::fprintf(stderr, "%ssitrep: %s\n", progress ? "\r\033[K" : "", e.format().c_str());
        };
        run_inputs(engine, reader, o->in.inputs, o->in.threads, sink, on_error);
        flush();
        show(true);
        if (progress) std::fputc('\n', stderr);
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!o->quiet || failed > 0 || store_failed) {
          auto c = store->counts();
          std::fprintf(
              stderr,
              "sitrep ingest: %zu documents added, %zu already stored, %zu failed, %zu reports in %.1fs; "
              "store: %lld documents, %lld reports, %lld events, %lld tallies\n",
              added, skipped, failed, reports, secs, static_cast<long long>(c.documents),
              static_cast<long long>(c.reports), static_cast<long long>(c.events),
              static_cast<long long>(c.tallies));
        }
        return failed > 0 || store_failed ? 1 : 0;
      }};
}

}  // namespace sitrep::cli
