// sitrep eval plover --gsr PLOVER_GSR_CAMEO.txt: event-type accuracy on the
// PLOVER gold-standard sentences (one coded event per sentence; old type names
// mapped: DEMAND = REQUEST, DISAPPROVE = ACCUSE, FIGHT = ASSAULT, INVESTIGATE =
// ACCUSE). The predicted type of a sentence is that of its first asserted event
// (else its first event); a sentence with no event counts as a miss.
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "events/eval.h"
#include "read/reader.h"
#include "sitrep/engine.h"

namespace sitrep::cli {

Command add_eval_plover(CLI::App& app) {
  struct Opts {
    std::string gsr, data_dir;
    bool errors = false, json = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.get_subcommand("eval")->add_subcommand(
      "plover", "event-type accuracy on the PLOVER gold-standard sentences");
  cmd->add_option("--gsr", o->gsr, "PLOVER_GSR_CAMEO.txt (a JSON array of coded sentences)")->required();
  cmd->add_option("--data", o->data_dir, "folder with the run-time data");
  cmd->add_flag("--errors", o->errors, "list every miss (gold, predicted, sentence) on stderr");
  cmd->add_flag("--json", o->json, "print the figures as one JSON object");
  return {
      cmd, [o]() -> int {
        std::ifstream in(o->gsr);
        auto gsr = nlohmann::json::parse(in, nullptr, false);
        if (!in || gsr.is_discarded() || !gsr.is_array()) {
          std::fprintf(stderr, "sitrep eval plover: %s: not a JSON array\n", o->gsr.c_str());
          return 2;
        }
        Engine engine(EngineOptions{o->data_dir});
        struct Count {
          int gold = 0, hit = 0, predicted = 0;
        };
        std::map<std::string, Count> by_type;
        std::map<std::pair<std::string, std::string>, int> confusion;
        int total = 0, hit = 0, none = 0;
        for (const auto& rec : gsr) {
          if (!rec.is_object() || !rec.contains("text") || !rec["text"].is_string()) continue;
          std::string want = events::modern_plover(rec.value("event", ""));
          if (want.empty() || want == "DOCUMENT") continue;
          Document doc;
          doc.text = rec["text"].get<std::string>();
          doc.meta.input_id = rec.value("id", "");
          doc.meta.published = parse_iso_date(rec.value("date", "2000-01-01"));
          split_paragraphs(doc, 0);
          engine.process(doc);
          const Event* best = nullptr;
          for (const auto& e : doc.events) {
            if (!best) {
              best = &e;
              continue;
            }
            bool ea = e.modality == "asserted", ba = best->modality == "asserted";
            if (ea && !ba) best = &e;  // the first asserted event: the sentence's main report
          }
          std::string got = best ? best->type : "(none)";
          ++total;
          ++by_type[want].gold;
          if (best)
            ++by_type[got].predicted;
          else
            ++none;
          if (got == want) {
            ++hit;
            ++by_type[want].hit;
          } else {
            ++confusion[{want, got}];
            if (o->errors)
              std::fprintf(stderr, "%s\t%s\t%s\n", want.c_str(), got.c_str(),
                           doc.text.substr(0, 160).c_str());
          }
        }
        double acc = total ? static_cast<double>(hit) / total : 0;
        if (o->json) {
          nlohmann::json j = {{"sentences", total}, {"correct", hit}, {"accuracy", acc}, {"no_event", none}};
          for (const auto& [t, c] : by_type)
            j["types"][t] = {{"gold", c.gold}, {"correct", c.hit}, {"predicted", c.predicted}};
          std::printf("%s\n", j.dump().c_str());
          return 0;
        }
        std::printf("%-10s %5s %7s %9s %7s %7s\n", "type", "gold", "correct", "predicted", "recall", "prec");
        for (const auto& [t, c] : by_type)
          std::printf("%-10s %5d %7d %9d %7.2f %7.2f\n", t.c_str(), c.gold, c.hit, c.predicted,
                      c.gold ? static_cast<double>(c.hit) / c.gold : 0.0,
                      c.predicted ? static_cast<double>(c.hit) / c.predicted : 0.0);
        std::vector<std::pair<int, std::pair<std::string, std::string>>> top;
        for (const auto& [k, n] : confusion) top.push_back({n, k});
        std::sort(top.rbegin(), top.rend());
        std::printf("most frequent confusions (gold -> predicted):");
        for (size_t i = 0; i < top.size() && i < 8; ++i)
          std::printf(" %s->%s %d;", top[i].second.first.c_str(), top[i].second.second.c_str(), top[i].first);
        std::printf("\naccuracy %.3f (%d of %d sentences; %d with no event)\n", acc, hit, total, none);
        return 0;
      }};
}

}  // namespace sitrep::cli
