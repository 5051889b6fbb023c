// sitrep show: one merged event with its reports, sources and the evidence
// sentences that state it.
#include <cstdio>
#include <memory>

#include "commands.h"
#include "store/export.h"
#include "store/store.h"

namespace sitrep::cli {

Command add_show(CLI::App& app) {
  struct Opts {
    std::string id, db, format = "text";
    bool explain = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("show", "show one event of a store with its reports and evidence");
  cmd->add_option("EVENT_ID", o->id, "event id (v:…), or a former id merged into another")->required();
  cmd->add_option("--db", o->db, "store: a SQLite file path, or postgresql://…")->required();
  cmd->add_option("--format,-f", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag(
      "--explain", o->explain,
      "text: under each report, the rule behind each field and the words it matched (json always has them)");
  return {cmd, [o]() -> int {
            std::string err;
            auto st = store::Store::open(o->db, &err, false);
            if (!st) {
              std::fprintf(stderr, "sitrep show: %s\n", err.c_str());
              return 1;
            }
            auto d = st->event(o->id, &err);
            if (!d) {
              std::fprintf(stderr, "sitrep show: %s\n",
                           err.empty() ? ("no event " + o->id).c_str() : err.c_str());
              return 1;
            }
            std::string out =
                o->format == "json" ? store::detail_json(*d) : store::detail_text(*d, o->explain);
            std::fwrite(out.data(), 1, out.size(), stdout);
            return 0;
          }};
}

}  // namespace sitrep::cli
