#include "server/fixture_documents.h"

#include <map>
#include <mutex>
#include <set>

namespace sitrep::server {
namespace {

std::string str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<std::string> opt_str(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<int64_t> opt_int(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

std::optional<Interval> interval(const Json& j) {
  if (!j.is_object()) return std::nullopt;
  Interval v;
  v.low = opt_int(j, "low");
  v.high = opt_int(j, "high");
  v.approx = j.value("approx", false);
  v.text = str(j, "text");
  return v;
}

EntityType entity_type(const std::string& s) {
  if (s == "PERSON") return EntityType::Person;
  if (s == "ORG") return EntityType::Org;
  if (s == "GROUP") return EntityType::Group;
  return EntityType::Place;
}

std::optional<Party> party(const Json& j) {
  if (!j.is_object()) return std::nullopt;
  Party p;
  p.name = str(j, "name");
  p.country = str(j, "country");
  return p;
}

// Rule names are static strings in the engine (Rule::name); a fixture's are
// kept here for the life of the process, each once.
const char* intern(const std::string& name) {
  static std::mutex mu;
  static std::set<std::string> names;
  std::lock_guard lock(mu);
  return names.insert(name).first->c_str();
}

// A field of an explain object ({"rule", "text", "span"} or a list of them)
// as rule records; a rule's words must lie inside the text.
std::string read_why(const Json& j, const Document& d, Why* out) {
  for (const Json& r : j.is_array() ? j : Json::array({j})) {
    if (!r.is_object() || str(r, "rule").empty()) return d.meta.id + ": an explain rule without a name";
    Rule rule;
    rule.name = intern(str(r, "rule"));  // the whole name: "trigger:kill" prints as given
    if (r.contains("span") && !r["span"].is_null()) {
      const Json& sp = r["span"];
      if (!sp.is_array() || sp.size() != 2 || !sp[0].is_number_unsigned() || !sp[1].is_number_unsigned() ||
          sp[0].get<uint64_t>() >= sp[1].get<uint64_t>() || sp[1].get<uint64_t>() > d.text.size())
        return d.meta.id + ": an explain span outside the text";
      rule.start = sp[0].get<uint32_t>(), rule.end = sp[1].get<uint32_t>();
    }
    out->push_back(std::move(rule));
  }
  return "";
}

// A report's "explain" object onto its event's fields (those it has).
std::string read_explain(const Json& j, const Document& d, Event* ev) {
  if (!j.is_object()) return "";
  for (const auto& [field, v] : j.items()) {
    Why* w = field == "type"        ? &ev->why_type
             : field == "mode"      ? &ev->why_mode
             : field == "modality"  ? &ev->why_modality
             : field == "actor"     ? (ev->actor ? &ev->actor->why : nullptr)
             : field == "recipient" ? (ev->recipient ? &ev->recipient->why : nullptr)
             : field == "place"     ? (ev->place ? &ev->place->why : nullptr)
             : field == "date"      ? &ev->date.why
             : field == "killed"    ? (ev->casualties.killed ? &ev->casualties.killed->why : nullptr)
             : field == "injured"   ? (ev->casualties.injured ? &ev->casualties.injured->why : nullptr)
                                    : nullptr;
    if (!w) return d.meta.id + ": explain names a field the event lacks: " + field;
    if (auto err = read_why(v, d, w); !err.empty()) return err;
  }
  return "";
}

}  // namespace

std::string fixture_documents(const Json& fixture, std::vector<Document>* out) {
  if (!fixture.is_object() || !fixture.contains("documents") || !fixture["documents"].is_array())
    return "the fixture has no \"documents\" array";
  std::map<std::string, size_t> by_id;
  for (const auto& jd : fixture["documents"]) {
    Document d;
    d.meta.id = str(jd, "id");
    d.meta.input_id = d.meta.id;
    d.meta.published = parse_iso_date(str(jd, "published"));
    d.meta.source = opt_str(jd, "source");
    d.meta.title = opt_str(jd, "title");
    d.meta.url = opt_str(jd, "url");
    d.text = str(jd, "text");
    if (d.meta.id.empty()) return "a document without an id";
    std::map<std::string, size_t> entity_of;
    for (const auto& s : jd.value("spans", Json::array())) {
      uint32_t a = s.value("start", 0u), b = s.value("end", 0u);
      if (a >= b || b > d.text.size()) return d.meta.id + ": a span outside the text";
      std::string kind = str(s, "kind");
      if (kind == "entity") {
        std::string ref = str(s, "ref");
        auto [it, fresh] = entity_of.emplace(ref, d.entities.size());
        if (fresh) {
          Entity e;
          e.id = ref;
          e.type = entity_type(str(s, "label"));
          e.name = s.contains("name") ? str(s, "name") : std::string(d.view(a, b));
          d.entities.push_back(std::move(e));
        }
        d.entities[it->second].mentions.push_back({a, b, MentionKind::Name});
      } else if (kind == "number") {
        Quantity q;
        q.start = a, q.end = b;
        d.numbers.push_back(q);
      }
    }
    by_id[d.meta.id] = out->size();
    out->push_back(std::move(d));
  }
  for (const auto& je : fixture.value("events", Json::array())) {
    for (const auto& r : je.value("report_list", Json::array())) {
      auto it = by_id.find(str(r, "document"));
      if (it == by_id.end()) return str(je, "id") + ": a report of an unknown document";
      Document& d = (*out)[it->second];
      const Json& re = r.contains("event") && r["event"].is_object() ? r["event"] : Json::object();
      Event ev;
      ev.id = str(r, "id");
      ev.type = str(je, "type");
      ev.mode = str(je, "mode");
      ev.cameo = str(je, "cameo");
      ev.actor = party(je.value("actor", Json()));
      ev.recipient = party(je.value("recipient", Json()));
      if (je.contains("place") && je["place"].is_object()) {
        const Json& p = je["place"];
        EventPlace pl;
        pl.name = str(p, "name");
        if (p.contains("lat") && p["lat"].is_number()) pl.lat = p["lat"].get<double>();
        if (p.contains("lon") && p["lon"].is_number()) pl.lon = p["lon"].get<double>();
        pl.country = str(p, "country");
        pl.admin1 = str(p, "admin1");
        pl.precision = p.contains("precision") ? str(p, "precision") : "unknown";
        ev.place = pl;
      }
      if (je.contains("date") && je["date"].is_object()) {
        ev.date.start = parse_iso_date(str(je["date"], "start"));
        ev.date.end = parse_iso_date(str(je["date"], "end"));
        ev.date.precision = str(je["date"], "precision");
        ev.date.basis = ev.date.start ? "explicit" : "none";
      }
      if (re.contains("casualties") && re["casualties"].is_object()) {
        ev.casualties.killed = interval(re["casualties"].value("killed", Json()));
        ev.casualties.injured = interval(re["casualties"].value("injured", Json()));
      }
      ev.modality = re.contains("modality") ? str(re, "modality") : "asserted";
      for (const auto& s : re.value("evidence", Json::array())) {
        uint32_t a = s.value("start", 0u), b = s.value("end", 0u);
        if (a >= b || b > d.text.size()) return ev.id + ": evidence outside the text";
        ev.evidence.push_back({a, b});
      }
      ev.confidence = 0.9;
      if (auto err = read_explain(r.value("explain", Json()), d, &ev); !err.empty()) return err;
      d.events.push_back(std::move(ev));
    }
  }
  for (const auto& js : fixture.value("tallies", Json::array())) {
    for (const auto& p : js.value("points", Json::array())) {
      auto it = by_id.find(str(p, "document"));
      if (it == by_id.end()) return "a tally point of an unknown document";
      Document& d = (*out)[it->second];
      Tally t;
      t.metric = str(js, "metric");
      t.group = str(js, "group");
      t.country = str(js, "country");
      if (!str(js, "place").empty()) {
        EventPlace pl;
        pl.name = str(js, "place");
        pl.country = t.country;
        t.place = pl;
      }
      t.low = opt_int(p, "low");
      t.high = opt_int(p, "high");
      t.as_of = parse_iso_date(str(p, "as_of"));
      t.since = parse_iso_date(str(p, "since"));
      if (!str(js, "source").empty()) t.attribution.push_back({str(js, "source"), -1, "official", {}, {}});
      t.evidence.push_back({0, static_cast<uint32_t>(std::min<size_t>(d.text.size(), 1))});
      d.tallies.push_back(std::move(t));
    }
  }
  return "";
}

}  // namespace sitrep::server
