// sitrep eval events --gold GOLD.json REPORT: one report's events and tallies
// against an analyst gold in the seed gold's format; prints what matched, the
// closest miss for what did not, and a JSON summary as the last line. Exit 0
// when every required gold event and every tally matched.
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "events/eval.h"
#include "read/reader.h"
#include "sitrep/engine.h"

namespace sitrep::cli {

Command add_eval_events(CLI::App& app) {
  struct Opts {
    std::string gold, report, data_dir, date;
    double km = 25;
    int max_days = 31;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.get_subcommand("eval")->add_subcommand(
      "events", "events and tallies of one report against an analyst gold");
  cmd->add_option("--gold", o->gold, "gold JSON in the seed gold's format")->required();
  cmd->add_option("REPORT", o->report, "the report (seed format, plain text or one JSON Lines record)")
      ->required();
  cmd->add_option("--data", o->data_dir, "folder with the run-time data");
  cmd->add_option("--event-km", o->km, "event place tolerance in km (the gold place's when larger)");
  cmd->add_option("--max-interval-days", o->max_days, "longest date interval that may contain a gold date");
  return {cmd, [o]() -> int {
            std::ifstream in(o->gold);
            auto gold = nlohmann::json::parse(in, nullptr, false);
            if (!in || gold.is_discarded() || !gold.is_object()) {
              std::fprintf(stderr, "sitrep eval events: %s: not a gold JSON object\n", o->gold.c_str());
              return 2;
            }
            ReaderOptions ropt;
            if (auto p = gold.find("document"); p != gold.end() && p->is_object() && p->contains("published"))
              ropt.default_date = parse_iso_date((*p)["published"].get<std::string>());
            Reader reader(ropt);
            Engine engine(EngineOptions{o->data_dir});
            std::optional<Document> doc;
            bool failed = false;
            reader.read(
                o->report,
                [&](Document&& d) {
                  if (!doc) doc = std::move(d);
                },
                [&](const ReadError& e) {
                  std::fprintf(stderr, "sitrep: %s\n", e.format().c_str());
                  failed = failed || !e.warning;
                });
            if (!doc) {
              std::fprintf(stderr, "sitrep eval events: %s: no document\n", o->report.c_str());
              return 2;
            }
            engine.process(*doc);
            events::EvalOptions opt;
            opt.event_km = o->km;
            opt.max_days = o->max_days;
            events::EvalReport r = events::evaluate_events(*doc, gold, opt);
            for (const auto& l : r.lines) std::printf("%s\n", l.c_str());
            std::printf("%s\n", r.summary().dump().c_str());
            return r.required_passed == r.required_total && r.tallies_passed == r.tallies_total ? 0 : 1;
          }};
}

}  // namespace sitrep::cli
