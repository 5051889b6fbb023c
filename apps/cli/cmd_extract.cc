// sitrep extract: reports in, schema v1 JSON out (../shared/design/SCHEMA.md).
#include <cstdio>
#include <memory>

#include "commands.h"
#include "flags.h"
#include "output/json_writer.h"
#include "pipeline/runner.h"
#include "read/reader.h"

namespace sitrep::cli {

Command add_extract(CLI::App& app) {
  struct Opts {
    InputFlags in;
    std::string format = "jsonl";
    std::string annotate;
    bool pretty = false;
    bool explain = false;
    bool quiet = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd =
      app.add_subcommand("extract", "extract entities, events and tallies from reports (schema v1 JSON)");
  o->in.add(cmd);
  cmd->add_option("--format,-f", o->format, "json (one object, or an array for several documents) or jsonl")
      ->check(CLI::IsMember({"json", "jsonl"}));
  cmd->add_option("--annotate", o->annotate,
                  "add text layers to each document: tokens,sentences,numbers,times (or all)");
  cmd->add_flag(
      "--explain", o->explain,
      "add to each event an \"explain\" object: per field the rule that decided it and the words it matched");
  cmd->add_flag("--quiet,-q", o->quiet, "no summary line on stderr");
  return {cmd, [o]() -> int {
            std::optional<Date> date;
            if (auto err = o->in.check(&date); !err.empty()) {
              std::fprintf(stderr, "sitrep extract: %s\n", err.c_str());
              return 2;
            }
            AnnotateLayers layers;
            std::string err;
            if (!parse_annotate(o->annotate, &layers, &err)) {
              std::fprintf(stderr, "sitrep extract: --annotate: %s\n", err.c_str());
              return 2;
            }
            layers.explain = o->explain;
            Engine engine(EngineOptions{o->in.data_dir});
            Reader reader(ReaderOptions{date});
            bool json = o->format == "json";
            // "json": one document → one object; several → an array. Hold the first
            // document back until we know which.
            std::string held;
            size_t written = 0;
            auto render = [&](const Document& d) { return to_json(d, layers, json ? 2 : -1); };
            auto sink = [&](Document&, std::string& s) {
              if (!json) {
                s += '\n';
                std::fwrite(s.data(), 1, s.size(), stdout);
              } else if (written == 0) {
                held = std::move(s);
              } else {
                if (written == 1) {
                  std::fputs("[\n", stdout);
                  std::fwrite(held.data(), 1, held.size(), stdout);
                  held.clear();
                }
                std::fputs(",\n", stdout);
                std::fwrite(s.data(), 1, s.size(), stdout);
              }
              ++written;
            };
            auto on_error = [&](const ReadError& e) {
              std::fprintf(stderr, "sitrep: %s\n", e.format().c_str());
            };
            RunStats st = run_inputs(engine, reader, o->in.inputs, o->in.threads, render, sink, on_error);
            if (json) {
              if (written == 1) {
                std::fwrite(held.data(), 1, held.size(), stdout);
                std::fputs("\n", stdout);
              } else if (written > 1) {
                std::fputs("\n]\n", stdout);
              } else {
                std::fputs("[]\n", stdout);
              }
            }
            std::fflush(stdout);
            if (!o->quiet || st.failed > 0)
              std::fprintf(stderr, "sitrep extract: %zu documents, %zu failed, %zu warnings\n", st.documents,
                           st.failed, st.warnings);
            return st.failed > 0 ? 1 : 0;
          }};
}

}  // namespace sitrep::cli
