// sitrep tallies: cumulative figures as time series per (metric, group,
// place, attributing source).
#include <cstdio>
#include <memory>

#include "commands.h"
#include "store/export.h"
#include "store/store.h"

namespace sitrep::cli {

Command add_tallies(CLI::App& app) {
  struct Opts {
    std::string db, format = "text";
    store::TallyQuery q;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("tallies", "show cumulative tolls as series per group and source");
  cmd->add_option("--db", o->db, "store: a SQLite file path, or postgresql://…")->required();
  cmd->add_option("--metric", o->q.metric, "killed, injured, missing, arrested or displaced");
  cmd->add_option("--group", o->q.group, "the counted group (\"Palestinians\"), any case");
  cmd->add_option("--format,-f", o->format, "text or jsonl")->check(CLI::IsMember({"text", "jsonl"}));
  return {cmd, [o]() -> int {
            std::string err;
            auto st = store::Store::open(o->db, &err, false);
            if (!st) {
              std::fprintf(stderr, "sitrep tallies: %s\n", err.c_str());
              return 1;
            }
            auto series = st->tallies(o->q, &err);
            if (!err.empty()) {
              std::fprintf(stderr, "sitrep tallies: %s\n", err.c_str());
              return 1;
            }
            std::string out =
                o->format == "jsonl" ? store::tallies_jsonl(series) : store::tallies_text(series);
            std::fwrite(out.data(), 1, out.size(), stdout);
            return 0;
          }};
}

}  // namespace sitrep::cli
