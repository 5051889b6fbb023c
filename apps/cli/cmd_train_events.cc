// sitrep train events: trains the event typing model (src/events/typing.h) on
// analyst-coded reports and writes data/models/events.bin. Each report runs
// through the engine with the model off; its coded labels go to its main event
// (acled_notes.py's rule: real, not background if any is not, ACLED-typed if
// any is, most killed then injured, the first on ties). Inputs (label mappings
// in data/models/events_old_acled.tsv): ACLED exports (notes -> event_type,
// sub_event_type; old pre-2019 types mapped; rows with the same notes and date
// are one report), CASE 2021 task 2 snippets (id, text, sub-type code; its five
// non-ACLED kinds teach "none"), MUC-4 development messages and keys (incident
// types; read in lower case) and SATP summaries (attack types; no incident =
// "none", unless a death is told). Five-fold cross-validation over the training
// reports picks the number of epochs, the margin below which the curated labels
// stay and the curated sub-types the model does not beat; the final model is
// then trained on all of them. With --final-on-train-part a fifth of the reports
// (by a hash of the text) is left out of all of it, to measure the written
// model on. Deterministic given --seed. The
// committed model:
//   sitrep train events --acled eval-data/acled-{world-2020-05,afghanistan-2020-03,africa-2016-07,
//       benin-1997-2022}.dev.csv --case eval-data/task2-snippets.dev.tsv --muc ../shared/data/muc4/dev
//       --satp ../shared/data/satp/train.tsv ../shared/data/satp/dev.tsv --max-features 15000 --untyped
//       --out data/models/events.bin
// To score a model on reports it was not trained on: the same with --final-on-train-part, then
// acled_notes.py on the files `python3 scripts/eval/inner_split.py --out DIR` writes.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "commands.h"
#include "events/typing.h"
#include "read/reader.h"
#include "sitrep/engine.h"

namespace sitrep::cli {

namespace {

// RFC 4180 rows (quoted fields may hold commas, quotes and newlines).
std::vector<std::vector<std::string>> read_csv(const std::string& path, std::string* err) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::vector<std::string>> rows;
  if (!in) {
    *err = "cannot read " + path;
    return rows;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  size_t i = s.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"')
        field += '"', ++i;
      else if (c == '"')
        quoted = false;
      else
        field += c;
      continue;
    }
    if (c == '"')
      quoted = any = true;
    else if (c == ',')
      row.push_back(std::move(field)), field.clear(), any = true;
    else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      if (any || !field.empty()) row.push_back(std::move(field)), rows.push_back(std::move(row));
      row.clear(), field.clear(), any = false;
    } else {
      field += c, any = true;
    }
  }
  if (any || !field.empty()) row.push_back(std::move(field)), rows.push_back(std::move(row));
  return rows;
}

std::string lower(std::string_view s) {
  std::string t;
  for (char c : s) t += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return t;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// ACLED dates: ISO, "9-May-20", "21 March 2020", "09-May-2020".
std::optional<Date> acled_date(const std::string& s) {
  if (auto d = parse_iso_date(s)) return d;
  static const char* kMon[] = {"jan", "feb", "mar", "apr", "may", "jun",
                               "jul", "aug", "sep", "oct", "nov", "dec"};
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == '-' || c == ' ' || c == '/') {
      if (!cur.empty()) parts.push_back(cur), cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) parts.push_back(cur);
  if (parts.size() != 3) return std::nullopt;
  int mon = 0;
  std::string m = lower(parts[1]).substr(0, 3);
  for (int k = 0; k < 12; ++k)
    if (m == kMon[k]) mon = k + 1;
  if (!mon) return std::nullopt;
  int day = std::atoi(parts[0].c_str()), year = std::atoi(parts[2].c_str());
  if (year < 100) year += year < 50 ? 2000 : 1900;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, mon, day);
  return parse_iso_date(buf);
}

uint64_t text_hash(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

int64_t best(const std::optional<Interval>& v) {
  if (!v) return 0;
  if (v->low) return *v->low;
  if (v->approx && v->high) return *v->high;
  return 0;
}

// The scorer's main event: index into doc.events, -1 = none.
int main_event(const Document& doc) {
  auto real = [](const Event& e) { return e.modality == "asserted"; };
  bool any_fore = false, any_typed = false;
  for (const auto& e : doc.events) any_fore = any_fore || (real(e) && !e.background);
  for (const auto& e : doc.events)
    if (real(e) && (!any_fore || !e.background) && !e.acled_type.empty()) any_typed = true;
  int m = -1;
  for (size_t k = 0; k < doc.events.size(); ++k) {
    const Event& e = doc.events[k];
    if (!real(e) || (any_fore && e.background) || (any_typed && e.acled_type.empty())) continue;
    if (m < 0) {
      m = static_cast<int>(k);
      continue;
    }
    const Event& b = doc.events[m];
    auto ke = best(e.casualties.killed), kb = best(b.casualties.killed);
    if (ke > kb || (ke == kb && best(e.casualties.injured) > best(b.casualties.injured)))
      m = static_cast<int>(k);
  }
  return m;
}

struct Report {
  std::string text;
  std::optional<Date> date;
  uint32_t type_mask = 0, sub_mask = 0;
  bool no_incident = false;  // SATP: no violent incident told
};

}  // namespace

Command add_train_events(CLI::App& train) {
  struct Opts {
    std::vector<std::string> acled, case2021;
    std::string muc;
    std::vector<std::string> satp;
    std::string labels = "data/models/events_labels.tsv", old_types = "data/models/events_old_acled.tsv";
    std::string out, data_dir;
    int epochs = 12;
    uint64_t seed = 1;
    int bags = 1;
    int folds = 5;
    size_t max_features = 6000;
    double tolerance = 0;
    bool untyped = false;
    bool final_on_train_part = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = train.add_subcommand("events",
                                   "train the event typing model (averaged perceptron over hashed features)");
  cmd->add_option("--acled", o->acled, "ACLED exports to train on (e.g. eval-data/acled-*.dev.csv)");
  cmd->add_option("--case", o->case2021, "CASE 2021 task 2 TSV files (id, snippet, sub-type code)");
  cmd->add_option(
      "--muc", o->muc,
      "MUC-4 folder of development messages and keys (dev-muc3-*, key-dev-*); read in lower case");
  cmd->add_option("--satp", o->satp,
                  "SATP TSV files (text, then 0/1 ArmedAssault, Bombing, Kidnapping, Other)");
  cmd->add_option("--labels", o->labels, "label inventory (data/models/events_labels.tsv)");
  cmd->add_option("--old-types", o->old_types, "old ACLED types (data/models/events_old_acled.tsv)");
  cmd->add_option("--out", o->out, "model file to write (e.g. data/models/events.bin)")->required();
  cmd->add_option("--data", o->data_dir, "folder with the run-time data");
  cmd->add_option("--epochs", o->epochs, "most passes over the data (the best by cross-validation is kept)")
      ->check(CLI::Range(1, 100));
  cmd->add_option("--seed", o->seed, "seed of the example shuffle");
  cmd->add_option("--max-features", o->max_features, "features kept (the heaviest)");
  cmd->add_option("--bags", o->bags, "perceptrons averaged, each trained in another example order")
      ->check(CLI::Range(1, 16));
  cmd->add_option("--folds", o->folds,
                  "folds of the cross-validation over the training reports that picks the epoch count and "
                  "margin thresholds")
      ->check(CLI::Range(2, 20));
  cmd->add_flag("--untyped", o->untyped,
                "also label real events without a curated ACLED label in reports with none (see typing.h)");
  cmd->add_flag(
      "--final-on-train-part", o->final_on_train_part,
      "write the model trained (and its epochs and thresholds chosen) without the held-out fifth (to "
      "score it on those reports: "
      "scripts/eval/inner_split.py writes them)");
  cmd->add_option(
      "--tolerance", o->tolerance,
      "held-out accuracy given up for a surer margin threshold (the curated label stays below it)");
  return {
      cmd, [o]() -> int {
        auto t0 = std::chrono::steady_clock::now();
        events::typing::Labels labels;
        std::string err;
        if (!events::typing::read_labels(o->labels, &labels, &err)) {
          std::fprintf(stderr, "sitrep train events: %s\n", err.c_str());
          return 1;
        }
        // Old type -> its modern labels.
        std::map<std::string, std::pair<uint32_t, uint32_t>> old;  // type mask, sub mask
        {
          std::ifstream in(o->old_types);
          std::string line;
          while (std::getline(in, line)) {
            if (line.empty() || line[0] == '#') continue;
            std::vector<std::string> f;
            std::stringstream ls(line);
            for (std::string x; std::getline(ls, x, '\t');) f.push_back(x);
            if (f.size() < 4) continue;
            uint32_t mask = 0;
            std::stringstream ts(f[2]);
            for (std::string x; std::getline(ts, x, ',');)
              if (int t = labels.type_index(trim(x)); t >= 0) mask |= 1u << t;
            uint32_t subs = 0;
            std::stringstream us(f[3]);
            for (std::string x; std::getline(us, x, ',');)
              if (int k = labels.sub_index(trim(x)); k >= 0) subs |= 1u << k;
            old[lower(trim(f[1]))] = {mask, subs};
          }
        }
        std::vector<Report> reports;
        size_t unknown = 0;
        for (const auto& path : o->acled) {
          auto rows = read_csv(path, &err);
          if (rows.empty()) {
            std::fprintf(stderr, "sitrep train events: %s\n",
                         err.empty() ? ("empty " + path).c_str() : err.c_str());
            return 1;
          }
          std::map<std::string, int> col;
          for (size_t k = 0; k < rows[0].size(); ++k) col[lower(trim(rows[0][k]))] = static_cast<int>(k);
          if (!col.count("notes") || !col.count("event_type")) {
            std::fprintf(stderr, "sitrep train events: %s: no notes or event_type column\n", path.c_str());
            return 1;
          }
          auto cell = [&](const std::vector<std::string>& r, const char* name) {
            auto it = col.find(name);
            if (it == col.end() || it->second >= static_cast<int>(r.size())) return std::string();
            std::string v = trim(r[it->second]);
            return v == "NA" ? std::string() : v;
          };
          std::map<std::pair<std::string, std::string>, size_t> group;
          for (size_t i = 1; i < rows.size(); ++i) {
            std::string notes = cell(rows[i], "notes"), date = cell(rows[i], "event_date");
            if (notes.empty()) continue;
            auto [it, fresh] = group.try_emplace({notes, date}, reports.size());
            if (fresh) reports.push_back({notes, acled_date(date), 0, 0});
            Report& r = reports[it->second];
            std::string et = cell(rows[i], "event_type"), st = cell(rows[i], "sub_event_type");
            auto o_it = old.find(lower(et));
            if (st.empty() && o_it != old.end()) {
              r.type_mask |= o_it->second.first;
              r.sub_mask |= o_it->second.second;
              continue;
            }
            int t = labels.type_index(et), s = st.empty() ? -1 : labels.sub_index(st);
            if (t < 0) {
              ++unknown;
              continue;
            }
            r.type_mask |= 1u << t;
            if (s >= 0 && labels.subs[s].parent == t) r.sub_mask |= 1u << s;
          }
        }
        size_t n_acled = reports.size();
        for (const auto& path : o->case2021) {
          std::ifstream in(path);
          if (!in) {
            std::fprintf(stderr, "sitrep train events: cannot read %s\n", path.c_str());
            return 1;
          }
          std::string line;
          std::getline(in, line);  // header
          while (std::getline(in, line)) {
            size_t a = line.find('\t'), b = line.rfind('\t');
            if (a == std::string::npos || b <= a) continue;
            std::string code = trim(line.substr(b + 1));
            int s = -1;
            for (size_t k = 0; k < labels.subs.size(); ++k)
              if (labels.subs[k].case_code == code) s = static_cast<int>(k);
            if (s < 0) {
              ++unknown;
              continue;
            }
            reports.push_back(
                {line.substr(a + 1, b - a - 1), std::nullopt, 1u << labels.subs[s].parent, 1u << s});
          }
        }
        size_t n_case = reports.size() - n_acled;
        if (!o->muc.empty()) {
          // Keys: the incident types of each message's templates (not the optional ones).
          std::map<std::string, std::pair<uint32_t, uint32_t>> masks;  // message id -> type, sub masks
          std::error_code ec;
          std::vector<std::string> texts, keys;
          for (const auto& de : std::filesystem::directory_iterator(o->muc, ec)) {
            std::string name = de.path().filename().string();
            if (name.starts_with("key-dev-"))
              keys.push_back(de.path().string());
            else if (name.starts_with("dev-muc3-"))
              texts.push_back(de.path().string());
          }
          std::sort(texts.begin(), texts.end());
          std::sort(keys.begin(), keys.end());
          auto slot = [](const std::string& line, const char* name) -> std::optional<std::string> {
            size_t p = line.find(name);
            if (p == std::string::npos) return std::nullopt;
            return trim(line.substr(p + std::strlen(name)));
          };
          for (const auto& path : keys) {
            std::ifstream in(path);
            std::string line, id;
            bool optional = false;
            while (std::getline(in, line)) {
              if (auto v = slot(line, "MESSAGE: ID"))
                id = v->substr(0, v->find(' '));
              else if (auto v = slot(line, "MESSAGE: TEMPLATE"))
                optional = v->find("OPTIONAL") != std::string::npos;
              else if (auto v = slot(line, "INCIDENT: TYPE"); v && !optional && !id.empty()) {
                auto it = old.find(lower("MUC4:" + *v));
                if (it == old.end()) continue;
                auto& m = masks[id];
                m.first |= it->second.first;
                m.second |= it->second.second;
              }
            }
          }
          for (const auto& path : texts) {
            std::ifstream in(path);
            std::string line, id, text, para;
            auto flush = [&]() {
              if (!para.empty()) text += (text.empty() ? "" : "\n\n") + para, para.clear();
              auto it = masks.find(id);
              if (!id.empty() && it != masks.end() && it->second.first)
                reports.push_back({lower(text), std::nullopt, it->second.first, it->second.second});
              text.clear();
            };
            while (std::getline(in, line)) {
              if (line.starts_with("DEV-MUC3-")) {
                flush();
                id = line.substr(0, line.find(' '));
              } else if (trim(line).empty()) {
                if (!para.empty()) text += (text.empty() ? "" : "\n\n") + para, para.clear();
              } else {
                para += (para.empty() ? "" : " ") + trim(line);
              }
            }
            flush();
          }
        }
        size_t n_muc = reports.size() - n_acled - n_case;
        for (const auto& path : o->satp) {
          std::ifstream in(path);
          if (!in) {
            std::fprintf(stderr, "sitrep train events: cannot read %s\n", path.c_str());
            return 1;
          }
          static const char* kCols[] = {"satp:armedassault", "satp:bombing", "satp:kidnapping"};
          std::string line;
          while (std::getline(in, line)) {
            std::vector<std::string> f;
            std::stringstream ls(line);
            for (std::string x; std::getline(ls, x, '\t');) f.push_back(x);
            if (f.size() < 5) continue;
            uint32_t tm = 0, sm = 0;
            bool any = false;
            for (int c = 0; c < 4; ++c) any = any || trim(f[1 + c]) == "1";
            for (int c = 0; c < 3; ++c) {
              if (trim(f[1 + c]) != "1") continue;
              if (auto it = old.find(kCols[c]); it != old.end())
                tm |= it->second.first, sm |= it->second.second;
            }
            if (!any)
              if (auto it = old.find("satp:none"); it != old.end())
                tm |= it->second.first, sm |= it->second.second;
            if (tm) reports.push_back({f[0], std::nullopt, tm, sm, !any});  // "Other" alone: no ACLED reading
          }
        }
        std::fprintf(stderr, "%zu SATP summaries\n", reports.size() - n_acled - n_case - n_muc);
        std::fprintf(
            stderr,
            "%zu ACLED reports, %zu CASE snippets, %zu MUC-4 messages (%zu rows with an unknown label)\n",
            n_acled, n_case, n_muc, unknown);
        // Events of each report, with the model off.
        Engine engine(EngineOptions{o->data_dir});
        std::vector<events::typing::Example> examples;
        size_t no_event = 0;
        for (const Report& r : reports) {
          if (!r.type_mask) continue;
          Document doc;
          doc.text = r.text;
          doc.meta.published = r.date;
          split_paragraphs(doc, 0);
          events::typing::Capture cap;
          engine.process(doc);
          int m = main_event(doc);
          if (m < 0) {
            ++no_event;
            continue;
          }
          const Event& e = doc.events[m];
          // A death told in a summary SATP counts as no incident (bodies found, a killing
          // recalled in court) is one ACLED would code: no example either way.
          if (r.no_incident && best(e.casualties.killed) > 0) {
            ++no_event;
            continue;
          }
          uint32_t start = e.evidence.empty() ? 0 : e.evidence.front().start;
          const events::typing::Captured* c = nullptr;
          for (const auto& x : cap.events)
            if (x.start == start && x.type == e.type && x.acled_type == e.acled_type && !c) c = &x;
          if (!c) {
            ++no_event;
            continue;
          }
          events::typing::Example ex;
          ex.features = c->features;
          ex.type_mask = r.type_mask;
          ex.sub_mask = r.sub_mask;
          ex.rule_type = c->acled_type.empty() ? -1 : labels.type_index(c->acled_type);
          ex.rule_sub = c->acled_sub.empty() ? -1 : labels.sub_index(c->acled_sub);
          ex.held_out = text_hash(r.text) % 5 == 0;
          examples.push_back(std::move(ex));
        }
        std::fprintf(stderr, "%zu examples (%zu reports without a main event)\n", examples.size(), no_event);
        events::typing::TrainOptions opt;
        opt.epochs = o->epochs;
        opt.seed = o->seed;
        opt.max_features = o->max_features;
        opt.bags = o->bags;
        opt.folds = o->folds;
        opt.tolerance = o->tolerance;
        opt.untyped = o->untyped;
        opt.final_on_train_part = o->final_on_train_part;
        events::typing::TrainReport rep;
        std::vector<uint8_t> image = events::typing::train(examples, labels, opt, &rep);
        std::ofstream f(o->out, std::ios::binary | std::ios::trunc);
        f.write(reinterpret_cast<const char*>(image.data()), static_cast<std::streamsize>(image.size()));
        if (!f) {
          std::fprintf(stderr, "sitrep train events: cannot write %s\n", o->out.c_str());
          return 1;
        }
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::fprintf(
            stderr,
            "out of fold %zu: type accuracy curated %.4f, model %.4f, combined %.4f; sub-type curated %.4f, "
            "model %.4f, combined %.4f\nbest epoch %d, margin thresholds %.3f (type) %.3f (sub-type) %.3g "
            "(untyped); %zu features seen, %zu kept; "
            "wrote %s (%zu bytes) in %.1f s\n",
            rep.held_out, rep.held_type_rule, rep.held_type_model, rep.held_type_combined, rep.held_sub_rule,
            rep.held_sub_model, rep.held_sub_combined, rep.best_epoch, rep.threshold, rep.sub_threshold,
            rep.untyped_threshold, rep.features_seen, rep.features_kept, o->out.c_str(), image.size(), secs);
        if (o->final_on_train_part)
          std::fprintf(stderr,
                       "inner fifth %zu (not trained on, nothing chosen on it; float weights): type accuracy "
                       "model %.4f, "
                       "combined %.4f; sub-type model %.4f, combined %.4f\n",
                       rep.inner, rep.inner_type_model, rep.inner_type_combined, rep.inner_sub_model,
                       rep.inner_sub_combined);
        return 0;
      }};
}

}  // namespace sitrep::cli
