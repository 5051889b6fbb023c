#include "events/eval.h"

#include <algorithm>
#include <cmath>

namespace sitrep::events {

namespace {

using json = nlohmann::json;

double km_between(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kR = 6371.0, kRad = M_PI / 180.0;
  double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kR * std::asin(std::min(1.0, std::sqrt(a)));
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool real(const Event& e) { return e.modality == "asserted"; }

const json* gold_place(const json& gold, const std::string& name) {
  auto it = gold.find("places");
  if (it == gold.end() || !it->is_array() || name.empty()) return nullptr;
  for (const auto& p : *it)
    if (lower(str(p, "name")) == lower(name) && p.contains("lat") && p.contains("lon")) return &p;
  return nullptr;
}

// Empty when the event satisfies the gold event, else the first reason it does not.
std::string mismatch(const Event& e, const json& g, const json& gold, const EvalOptions& opt) {
  if (!real(e)) return "modality " + e.modality;
  if (e.type != str(g, "plover")) return "type " + e.type + "!=" + str(g, "plover");
  for (const char* role : {"actor", "recipient"}) {
    auto it = g.find(role);
    if (it == g.end() || !it->is_object() || !it->contains("country")) continue;
    std::string want = str(*it, "country");
    const auto& p = std::string(role) == "actor" ? e.actor : e.recipient;
    std::string got = p ? p->country : std::string();
    if (got != want) return std::string(role) + " " + (got.empty() ? "none" : got) + "!=" + want;
  }
  bool want_bg = g.value("background", false);
  if (e.background != want_bg) return want_bg ? "not background" : "background";
  if (auto it = g.find("mode"); it != g.end() && it->is_object() && it->contains("any_of")) {
    std::string m = e.mode;
    std::replace(m.begin(), m.end(), '_', '-');
    std::replace(m.begin(), m.end(), ' ', '-');
    bool ok = false;
    for (const auto& x : (*it)["any_of"]) ok |= x.is_string() && lower(x.get<std::string>()) == lower(m);
    if (!ok) return "mode " + (m.empty() ? std::string("none") : m);
  }
  if (const json* gp = gold_place(gold, str(g, "place"))) {
    if (!e.place || !e.place->lat || !e.place->lon) return "place missing";
    double tol = std::max(opt.event_km, gp->value("tolerance_km", 0.0));
    double d =
        km_between(*e.place->lat, *e.place->lon, (*gp)["lat"].get<double>(), (*gp)["lon"].get<double>());
    if (d > tol) return "place " + e.place->name + " " + std::to_string(static_cast<int>(d)) + " km off";
  }
  if (auto it = g.find("date"); it != g.end() && it->is_object() && it->contains("any_of")) {
    bool ok = false;
    for (const auto& x : (*it)["any_of"]) {
      if (x.is_null()) {
        ok = true;
        break;
      }
      if (!x.is_string() || !e.date.start) continue;
      auto d = parse_iso_date(x.get<std::string>());
      if (!d) continue;
      if (*e.date.start == *d) ok = true;
      if (e.date.end && *e.date.start <= *d && *d <= *e.date.end &&
          e.date.end->to_days() - e.date.start->to_days() + 1 <= opt.max_days)
        ok = true;
    }
    if (!ok) return "date " + (e.date.start ? e.date.start->iso() : std::string("none"));
  }
  for (const char* what : {"killed", "injured"}) {
    auto it = g.find(what);
    if (it == g.end() || !it->is_object()) continue;
    const auto& v = std::string(what) == "killed" ? e.casualties.killed : e.casualties.injured;
    auto want_low = (*it).value("low", json());
    auto want_high = (*it).value("high", json());
    if (!v) return std::string(what) + " missing";
    if (want_low.is_number() && (!v->low || *v->low != want_low.get<int64_t>()))
      return std::string(what) + " low " + (v->low ? std::to_string(*v->low) : "null");
    if (want_high.is_number() && (!v->high || *v->high != want_high.get<int64_t>()))
      return std::string(what) + " high " + (v->high ? std::to_string(*v->high) : "null");
  }
  return "";
}

int failures(const Event& e, const json& g, const json& gold, const EvalOptions& opt) {
  // A rough distance for "closest" reporting: the type first, then roles.
  int f = 0;
  if (e.type != str(g, "plover")) f += 10;
  if (!real(e)) f += 5;
  if (!mismatch(e, g, gold, opt).empty()) f += 1;
  return f;
}

}  // namespace

std::string modern_plover(const std::string& old_name) {
  if (old_name == "DEMAND") return "REQUEST";
  if (old_name == "DISAPPROVE" || old_name == "INVESTIGATE") return "ACCUSE";
  if (old_name == "FIGHT") return "ASSAULT";
  return old_name;
}

json EvalReport::summary() const {
  return {{"required_passed", required_passed}, {"required_total", required_total},
          {"optional_passed", optional_passed}, {"optional_total", optional_total},
          {"tallies_passed", tallies_passed},   {"tallies_total", tallies_total},
          {"labels_agree", type_agree},         {"labels_checked", type_checked}};
}

EvalReport evaluate_events(const Document& doc, const json& gold, const EvalOptions& opt) {
  EvalReport r;
  std::vector<const json*> golds;
  if (auto it = gold.find("events"); it != gold.end() && it->is_array())
    for (const auto& g : *it) golds.push_back(&g);
  // Required first, then in file order.
  std::stable_sort(golds.begin(), golds.end(), [](const json* a, const json* b) {
    return a->value("required", false) > b->value("required", false);
  });
  std::vector<bool> used(doc.events.size(), false);
  for (const json* gp : golds) {
    const json& g = *gp;
    bool req = g.value("required", false);
    (req ? r.required_total : r.optional_total)++;
    int hit = -1, closest = -1, best = 1 << 30;
    for (size_t k = 0; k < doc.events.size(); ++k) {
      if (used[k]) continue;
      if (mismatch(doc.events[k], g, gold, opt).empty()) {
        hit = static_cast<int>(k);
        break;
      }
      int f = failures(doc.events[k], g, gold, opt);
      if (f < best) best = f, closest = static_cast<int>(k);
    }
    std::string label = str(g, "id") + " " + str(g, "summary").substr(0, 48);
    std::string line = (req ? "required  " : "optional  ");
    if (hit >= 0) {
      used[hit] = true;
      (req ? r.required_passed : r.optional_passed)++;
      const Event& e = doc.events[hit];
      std::string notes;
      if (auto root = str(g, "cameo_root"); !root.empty()) {
        ++r.type_checked;
        if (e.cameo.rfind(root, 0) == 0)
          ++r.type_agree;
        else
          notes += " cameo " + e.cameo + "!=" + root + "*";
      }
      if (auto ac = str(g, "acled"); !ac.empty()) {
        ++r.type_checked;
        if (ac == e.acled_type + " / " + e.acled_sub)
          ++r.type_agree;
        else
          notes +=
              " acled " + (e.acled_type.empty() ? std::string("null") : e.acled_type + " / " + e.acled_sub);
      }
      line += "PASS  " + label + "  = " + e.id + notes;
    } else if (closest >= 0) {
      line += "FAIL  " + label + "  closest " + doc.events[closest].id + ": " +
              mismatch(doc.events[closest], g, gold, opt);
    } else {
      line += "FAIL  " + label + "  no candidate event";
    }
    r.lines.push_back(line);
  }
  // Tallies.
  std::vector<bool> tused(doc.tallies.size(), false);
  if (auto it = gold.find("tallies"); it != gold.end() && it->is_array()) {
    for (const auto& g : *it) {
      ++r.tallies_total;
      auto k = g.value("killed", json());
      auto as_of = parse_iso_date(str(g, "as_of"));
      int hit = -1;
      for (size_t t = 0; t < doc.tallies.size() && hit < 0; ++t) {
        const Tally& x = doc.tallies[t];
        if (tused[t] || x.metric != "killed" || !k.is_object() || !k.value("low", json()).is_number())
          continue;
        if (!x.low || *x.low != k["low"].get<int64_t>()) continue;
        if (as_of && x.as_of && std::llabs(x.as_of->to_days() - as_of->to_days()) > 2) continue;
        hit = static_cast<int>(t);
      }
      std::string label =
          "tally killed " + (k.is_object() ? k.value("low", json()).dump() : "?") + " " + str(g, "group");
      if (hit >= 0) {
        tused[hit] = true;
        ++r.tallies_passed;
        r.lines.push_back("tally     PASS  " + label);
      } else {
        r.lines.push_back("tally     FAIL  " + label);
      }
    }
  }
  return r;
}

}  // namespace sitrep::events
