#include "server/fixture_queries.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include "core/geodesy.h"
#include "read/json_limits.h"

namespace sitrep::server {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool contains_ci(const std::string& hay, const std::string& needle) {
  return lower(hay).find(lower(needle)) != std::string::npos;
}

std::string str_at(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<Date> date_at(const Json& j, const char* key) { return parse_iso_date(str_at(j, key)); }

}  // namespace

std::unique_ptr<FixtureQueries> FixtureQueries::from_json(const std::string& text, std::string* error) {
  // Deep nesting would overflow the stack when a GET dumps a piece of it.
  if (size_t deep = find_json_too_deep(text); deep != std::string::npos) {
    *error = "the fixture nests JSON deeper than " + std::to_string(kMaxJsonDepth) + " levels at byte " +
             std::to_string(deep);
    return nullptr;
  }
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    *error = "the fixture is not a JSON object";
    return nullptr;
  }
  auto q = std::make_unique<FixtureQueries>();
  if (j.contains("events")) {
    if (!j["events"].is_array()) return *error = "\"events\" is not an array", nullptr;
    for (const auto& e : j["events"]) {
      if (!e.is_object() || str_at(e, "id").empty() || str_at(e, "type").empty())
        return *error = "every event needs an \"id\" and a \"type\"", nullptr;
      q->events_.push_back(e);
    }
  }
  if (j.contains("documents")) {
    if (!j["documents"].is_array()) return *error = "\"documents\" is not an array", nullptr;
    for (const auto& d : j["documents"]) {
      if (!d.is_object() || str_at(d, "id").empty() || !d.contains("text"))
        return *error = "every document needs an \"id\" and a \"text\"", nullptr;
      q->documents_[str_at(d, "id")] = d;
    }
  }
  if (j.contains("tallies")) q->tallies_ = j["tallies"];
  std::stable_sort(q->events_.begin(), q->events_.end(), [](const Json& a, const Json& b) {
    std::string da = a.contains("date") ? str_at(a["date"], "start") : "";
    std::string db = b.contains("date") ? str_at(b["date"], "start") : "";
    if (da != db) return da > db;
    return str_at(a, "id") > str_at(b, "id");  // the store's order: newest first, then id descending
  });
  return q;
}

std::unique_ptr<FixtureQueries> FixtureQueries::from_file(const std::string& path, std::string* error) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": cannot open: " + (errno ? std::strerror(errno) : "unknown error");
    return nullptr;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto q = from_json(ss.str(), error);
  if (!q) *error = path + ": " + *error;
  return q;
}

bool FixtureQueries::matches(const Json& e, const EventFilter& f) const {
  const Json null;
  const Json& date = e.contains("date") ? e["date"] : null;
  auto start = date.is_object() ? date_at(date, "start") : std::nullopt;
  auto end = date.is_object() ? date_at(date, "end") : std::nullopt;
  if (!end) end = start;
  if (f.from && (!end || *end < *f.from)) return false;
  if (f.to && (!start || *f.to < *start)) return false;
  if (!f.type.empty() && str_at(e, "type") != f.type) return false;
  const Json& place = e.contains("place") && e["place"].is_object() ? e["place"] : null;
  if (!f.country.empty() && (!place.is_object() || str_at(place, "country") != f.country)) return false;
  if (!f.actor.empty()) {
    bool hit = false;
    for (const char* k : {"actor", "recipient"}) {
      if (!e.contains(k) || !e[k].is_object()) continue;
      if (lower(str_at(e[k], "name")) == lower(f.actor) || str_at(e[k], "country") == f.actor) hit = true;
    }
    if (!hit) return false;
  }
  bool located = place.is_object() && place["lat"].is_number() && place["lon"].is_number();
  if (f.near_km) {
    if (!located || great_circle_km(*f.near_lat, *f.near_lon, place["lat"].get<double>(),
                                    place["lon"].get<double>()) > *f.near_km)
      return false;
  }
  if (f.west) {
    if (!located) return false;
    double lat = place["lat"].get<double>(), lon = place["lon"].get<double>();
    bool in_lon =
        *f.west <= *f.east ? (lon >= *f.west && lon <= *f.east) : (lon >= *f.west || lon <= *f.east);
    if (!in_lon || lat < *f.south || lat > *f.north) return false;
  }
  if (f.min_killed) {
    const Json& k = e.contains("killed") ? e["killed"] : null;
    if (!k.is_object() || !k["best"].is_number_integer() || k["best"].get<int64_t>() < *f.min_killed)
      return false;
  }
  if (!f.text.empty()) {
    bool hit = false;
    if (e.contains("report_list") && e["report_list"].is_array())
      for (const auto& r : e["report_list"]) {
        auto d = documents_.find(str_at(r, "document"));
        if (d != documents_.end() && contains_ci(str_at(*d, "text") + " " + str_at(*d, "title"), f.text))
          hit = true;
      }
    if (!hit) return false;
  }
  return true;
}

Answer FixtureQueries::list_events(const EventFilter& f, const Page& page) {
  std::shared_lock lock(mu_);
  Json out = Json::array();
  int64_t skipped = 0;
  bool more = false;
  for (const auto& e : events_) {
    if (!matches(e, f)) continue;
    if (skipped < page.offset) {
      ++skipped;
      continue;
    }
    if (static_cast<int>(out.size()) == page.limit) {
      more = true;
      break;
    }
    Json row = e;
    row.erase("report_list");
    out.push_back(std::move(row));
  }
  return Answer::of(Json{{"events", std::move(out)}, {"has_more", more}});
}

Answer FixtureQueries::get_event(const std::string& id) {
  std::shared_lock lock(mu_);
  for (const auto& e : events_)
    if (str_at(e, "id") == id) return Answer::of(e);
  return Answer::fail(404, "no event " + id);
}

Answer FixtureQueries::get_document(const std::string& id) {
  std::shared_lock lock(mu_);
  auto it = documents_.find(id);
  if (it == documents_.end()) return Answer::fail(404, "no document " + id);
  return Answer::of(*it);
}

Answer FixtureQueries::tallies(const std::string& metric, const std::string& group) {
  std::shared_lock lock(mu_);
  Json out = Json::array();
  for (const auto& s : tallies_) {
    if (!metric.empty() && str_at(s, "metric") != metric) continue;
    if (!group.empty() && !contains_ci(str_at(s, "group"), group)) continue;
    out.push_back(s);
  }
  return Answer::of(Json{{"series", std::move(out)}});
}

Answer FixtureQueries::stats() {
  std::shared_lock lock(mu_);
  std::string first, last;
  std::set<std::string> sources;
  int64_t reports = 0;
  for (const auto& e : events_) {
    std::string d = e.contains("date") ? str_at(e["date"], "start") : "";
    if (!d.empty() && (first.empty() || d < first)) first = d;
    if (!d.empty() && d > last) last = d;
    if (e.contains("sources") && e["sources"].is_array())
      for (const auto& s : e["sources"])
        if (s.is_string()) sources.insert(s.get<std::string>());
    if (e.contains("reports") && e["reports"].is_number_integer()) reports += e["reports"].get<int64_t>();
  }
  return Answer::of(Json{{"backend", "fixture"},
                         {"documents", documents_.size()},
                         {"reports", reports},
                         {"events", events_.size()},
                         {"tallies", tallies_.size()},
                         {"sources", sources.size()},
                         {"first_date", first.empty() ? Json(nullptr) : Json(first)},
                         {"last_date", last.empty() ? Json(nullptr) : Json(last)}});
}

Answer FixtureQueries::ingest(std::vector<Document>& docs) {
  std::unique_lock lock(mu_);
  int64_t added = 0, skipped = 0;
  for (const auto& d : docs) {
    if (documents_.contains(d.meta.id)) {
      ++skipped;
      continue;
    }
    Json spans = Json::array();
    for (const auto& ent : d.entities)
      for (const auto& m : ent.mentions)
        spans.push_back({{"start", m.start},
                         {"end", m.end},
                         {"kind", "entity"},
                         {"label", to_string(ent.type)},
                         {"ref", ent.id}});
    for (const auto& n : d.numbers)
      spans.push_back(
          {{"start", n.start}, {"end", n.end}, {"kind", "number"}, {"label", "NUMBER"}, {"ref", nullptr}});
    documents_[d.meta.id] = {{"id", d.meta.id},
                             {"published", d.meta.published ? Json(d.meta.published->iso()) : Json(nullptr)},
                             {"source", d.meta.source ? Json(*d.meta.source) : Json(nullptr)},
                             {"title", d.meta.title ? Json(*d.meta.title) : Json(nullptr)},
                             {"url", d.meta.url ? Json(*d.meta.url) : Json(nullptr)},
                             {"text", d.text},
                             {"spans", std::move(spans)}};
    ++added;
  }
  return Answer::of(Json{{"added", added}, {"skipped", skipped}, {"reports", 0}});
}

}  // namespace sitrep::server
