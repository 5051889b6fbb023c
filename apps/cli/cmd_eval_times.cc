// sitrep eval times: the time stage against TimeML gold (TimeBank).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.h"
#include "read/reader.h"
#include "text/tokenizer.h"
#include "time/timeml.h"
#include "time/timex.h"

namespace sitrep::cli {

namespace {

nlohmann::ordered_json counts_json(const TimexCounts& c) {
  return {{"gold", c.gold},
          {"system", c.system},
          {"strict", {{"p", c.precision(true)}, {"r", c.recall(true)}, {"f1", c.f1(true)}}},
          {"relaxed", {{"p", c.precision(false)}, {"r", c.recall(false)}, {"f1", c.f1(false)}}},
          {"value_accuracy", c.value_accuracy()},
          {"value_end_to_end", c.gold ? double(c.value_ok) / c.gold : 0.0}};
}

}  // namespace

Command add_eval_times(CLI::App& app) {
  struct Opts {
    std::string dir;
    std::string split = "all";
    bool json = false;
    bool with_set = false;
    bool errors = false;
    std::string text_case = "as-is";
  };
  auto o = std::make_shared<Opts>();
  CLI::App* eval = app.get_subcommand("eval");
  auto* cmd =
      eval->add_subcommand("times", "time expressions against TimeML gold: span P/R/F1 and value accuracy");
  cmd->add_option("--timeml", o->dir, "folder of TimeML .tml files (TimeBank)")->required();
  cmd->add_option("--split", o->split,
                  "documents to score: dev (4 of 5 in name order), test (every fifth, held out), all")
      ->check(CLI::IsMember({"dev", "test", "all"}));
  cmd->add_flag("--json", o->json, "print one JSON object instead of a table");
  cmd->add_flag("--set", o->with_set, "score SET expressions too");
  cmd->add_flag("--errors", o->errors, "list misses, false alarms and wrong values on stderr");
  cmd->add_option(
         "--case", o->text_case,
         "lower or upper: change the case of the text (ASCII letters, same offsets) before extraction, "
         "as lower-case and ALL-CAPS feeds are")
      ->check(CLI::IsMember({"as-is", "lower", "upper"}));
  return {
      cmd, [o]() -> int {
        namespace fs = std::filesystem;
        std::vector<fs::path> files;
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(o->dir, ec))
          if (e.path().extension() == ".tml") files.push_back(e.path());
        if (ec || files.empty()) {
          std::fprintf(stderr, "sitrep eval times: no .tml files in %s\n", o->dir.c_str());
          return 2;
        }
        std::sort(files.begin(), files.end());
        TimexScore total;
        size_t docs = 0;
        for (size_t k = 0; k < files.size(); ++k) {
          bool test = k % 5 == 4;
          if ((o->split == "dev" && test) || (o->split == "test" && !test)) continue;
          std::ifstream in(files[k], std::ios::binary);
          std::stringstream ss;
          ss << in.rdbuf();
          TimeMLDoc tml;
          std::string err;
          if (!parse_timeml(ss.str(), &tml, &err)) {
            std::fprintf(stderr, "sitrep eval times: %s: %s\n", files[k].c_str(), err.c_str());
            continue;
          }
          Document doc;
          doc.text = std::move(tml.text);
          if (o->text_case != "as-is")
            for (char& c : doc.text) {
              if (o->text_case == "lower" && c >= 'A' && c <= 'Z')
                c = static_cast<char>(c | 0x20);
              else if (o->text_case == "upper" && c >= 'a' && c <= 'z')
                c = static_cast<char>(c & ~0x20);
            }
          doc.meta.published = tml.dct;
          split_paragraphs(doc, 0);
          segment(doc);
          find_times(doc);
          TimexScore sc = score_times(tml.gold, doc.times, o->with_set);
          total.add(sc);
          ++docs;
          if (o->errors) {
            auto name = files[k].filename().string();
            for (const auto& g : tml.gold) {
              if (!o->with_set && g.type == "SET") continue;
              const TimeExpr* hit = nullptr;
              for (const auto& t : doc.times)
                if (t.start < g.end && g.start < t.end) hit = &t;
              std::string gt = doc.text.substr(g.start, g.end - g.start);
              if (hit && (hit->start != g.start || hit->end != g.end))
                std::fprintf(stderr, "SPAN\t%s\t%s\t[%s]\tgot [%s]\n", name.c_str(), g.type.c_str(),
                             gt.c_str(), std::string(doc.view(hit->start, hit->end)).c_str());
              if (!hit)
                std::fprintf(stderr, "MISS\t%s\t%s\t%s\t%s\n", name.c_str(), g.type.c_str(), g.value.c_str(),
                             gt.c_str());
              else if (hit->value != g.value)
                std::fprintf(stderr, "VALUE\t%s\t%s\t%s\t%s\tgot %s %s [%s]\n", name.c_str(), g.type.c_str(),
                             g.value.c_str(), gt.c_str(), to_string(hit->type), hit->value.c_str(),
                             std::string(doc.view(hit->start, hit->end)).c_str());
            }
            for (const auto& t : doc.times) {
              if (!o->with_set && t.type == TimeType::Set) continue;
              bool any = false;
              for (const auto& g : tml.gold) any |= t.start < g.end && g.start < t.end;
              if (!any)
                std::fprintf(stderr, "FALSE\t%s\t%s\t%s\t%s\n", name.c_str(), to_string(t.type),
                             t.value.c_str(), std::string(doc.view(t.start, t.end)).c_str());
            }
          }
        }
        if (o->json) {
          nlohmann::ordered_json j;
          j["documents"] = docs;
          j["split"] = o->split;
          j["case"] = o->text_case;
          j["all"] = counts_json(total.all);
          nlohmann::ordered_json bt = nlohmann::ordered_json::object();
          for (const auto& [k, v] : total.by_type) bt[k] = counts_json(v);
          j["by_type"] = bt;
          std::printf("%s\n", j.dump().c_str());
          return 0;
        }
        std::printf("sitrep eval times: %zu documents (%s%s%s)\n", docs, o->split.c_str(),
                    o->text_case == "as-is" ? "" : ", text ",
                    o->text_case == "as-is" ? "" : o->text_case.c_str());
        std::printf("%-9s %6s %6s | %6s %6s %6s | %6s %6s %6s | %6s %6s\n", "type", "gold", "sys", "P", "R",
                    "F1", "rP", "rR", "rF1", "value", "e2e");
        auto row = [](const char* name, const TimexCounts& c) {
          std::printf("%-9s %6zu %6zu | %6.3f %6.3f %6.3f | %6.3f %6.3f %6.3f | %6.3f %6.3f\n", name, c.gold,
                      c.system, c.precision(true), c.recall(true), c.f1(true), c.precision(false),
                      c.recall(false), c.f1(false), c.value_accuracy(),
                      c.gold ? double(c.value_ok) / c.gold : 0.0);
        };
        for (const auto& [k, v] : total.by_type) row(k.c_str(), v);
        row("all", total.all);
        std::printf(
            "P/R/F1: strict (same span); rP/rR/rF1: relaxed (overlap); value: accuracy over relaxed matches; "
            "e2e: right values over all gold expressions\n");
        return 0;
      }};
}

}  // namespace sitrep::cli
