#include "store/export.h"

#include "store/event_json.h"

#include <nlohmann/json.hpp>

namespace sitrep::store {
namespace {

using json = nlohmann::ordered_json;

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}
std::string num(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : ""; }
std::string coord(const std::optional<double>& v) {
  if (!v) return "";
  char b[32];
  std::snprintf(b, sizeof b, "%.5f", *v);
  return b;
}
std::string date(const std::optional<Date>& d) { return d ? d->iso() : ""; }
json jdate(const std::optional<Date>& d) { return d ? json(d->iso()) : json(nullptr); }
json jstr(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
json jint(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }
json jnum(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const auto& x : v) {
    if (!s.empty()) s += sep;
    s += x;
  }
  return s;
}

json object(const EventRow& r) {
  return {{"id", r.id},
          {"type", r.type},
          {"mode", jstr(r.mode)},
          {"cameo", jstr(r.cameo)},
          {"acled", r.acled_type.empty() ? json(nullptr)
                                         : json{{"event_type", r.acled_type}, {"sub_event_type", jstr(r.acled_sub)}}},
          {"date", {{"start", jdate(r.date_start)}, {"end", jdate(r.date_end)}, {"precision", jstr(r.date_precision)}}},
          {"actor", r.actor1.empty() ? json(nullptr) : json{{"name", r.actor1}, {"country", jstr(r.actor1_country)}}},
          {"recipient",
           r.actor2.empty() ? json(nullptr) : json{{"name", r.actor2}, {"country", jstr(r.actor2_country)}}},
          {"place", r.location.empty() && !r.lat ? json(nullptr)
                                                 : json{{"name", jstr(r.location)},
                                                        {"lat", jnum(r.lat)},
                                                        {"lon", jnum(r.lon)},
                                                        {"country", jstr(r.country)},
                                                        {"admin1", jstr(r.admin1)},
                                                        {"precision", jstr(r.geo_precision)}}},
          {"killed", {{"low", jint(r.killed_low)}, {"best", jint(r.killed_best)}, {"high", jint(r.killed_high)}}},
          {"injured", {{"low", jint(r.injured_low)}, {"best", jint(r.injured_best)}, {"high", jint(r.injured_high)}}},
          {"sources", r.sources},
          {"reports", r.reports},
          {"first_seen", jdate(r.first_seen)},
          {"last_seen", jdate(r.last_seen)},
          {"notes", jstr(r.notes)}};
}

}  // namespace

const std::string& csv_header() {
  static const std::string h =
      "event_id,event_date,date_precision,event_type,mode,cameo,acled_event_type,acled_sub_event_type,actor1,"
      "actor1_country,actor2,actor2_country,location,admin1,country,latitude,longitude,geo_precision,killed_low,"
      "killed_best,killed_high,injured_low,injured_best,injured_high,sources,reports,notes";
  return h;
}

std::string to_csv(const std::vector<EventRow>& rows) {
  std::string out = csv_header() + "\n";
  for (const auto& r : rows) {
    const std::string f[] = {r.id,          date(r.date_start), r.date_precision, r.type,
                             r.mode,        r.cameo,            r.acled_type,     r.acled_sub,
                             r.actor1,      r.actor1_country,   r.actor2,         r.actor2_country,
                             r.location,    r.admin1,           r.country,        coord(r.lat),
                             coord(r.lon),  r.geo_precision,    num(r.killed_low), num(r.killed_best),
                             num(r.killed_high), num(r.injured_low), num(r.injured_best), num(r.injured_high),
                             join(r.sources, "; "), std::to_string(r.reports), r.notes};
    bool first = true;
    for (const auto& x : f) {
      if (!first) out += ',';
      first = false;
      out += csv_field(x);
    }
    out += '\n';
  }
  return out;
}

std::string event_json(const EventRow& r) { return object(r).dump(); }

std::string to_jsonl(const std::vector<EventRow>& rows) {
  std::string out;
  for (const auto& r : rows) out += object(r).dump() + "\n";
  return out;
}

std::string to_geojson(const std::vector<EventRow>& rows) {
  json feats = json::array();
  for (const auto& r : rows) {
    if (!r.lat || !r.lon) continue;
    json props = object(r);
    props.erase("place");
    props["location"] = jstr(r.location);
    props["country"] = jstr(r.country);
    props["geo_precision"] = jstr(r.geo_precision);
    feats.push_back({{"type", "Feature"},
                     {"id", r.id},
                     {"geometry", {{"type", "Point"}, {"coordinates", {*r.lon, *r.lat}}}},
                     {"properties", std::move(props)}});
  }
  json fc = {{"type", "FeatureCollection"}, {"features", std::move(feats)}};
  return fc.dump() + "\n";
}

std::string to_table(const std::vector<EventRow>& rows) {
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf, "%-18s %-10s %-10s %-24s %-3s %13s %4s  %s\n", "EVENT", "DATE", "TYPE", "LOCATION",
                "CTY", "KILLED l/b/h", "REP", "ACTORS");
  out += buf;
  for (const auto& r : rows) {
    std::string loc = r.location.size() > 24 ? r.location.substr(0, 23) + "~" : r.location;
    std::string killed = r.killed_best ? num(r.killed_low) + "/" + num(r.killed_best) + "/" + num(r.killed_high) : "-";
    std::string actors = r.actor1 + (r.actor2.empty() ? "" : " -> " + r.actor2);
    std::snprintf(buf, sizeof buf, "%-18s %-10s %-10s %-24s %-3s %13s %4lld  %s\n", r.id.c_str(),
                  date(r.date_start).c_str(), r.type.c_str(), loc.c_str(), r.country.c_str(), killed.c_str(),
                  static_cast<long long>(r.reports), actors.c_str());
    out += buf;
  }
  return out;
}

std::string detail_json(const EventDetail& d) {
  json j = object(d.event);
  json reps = json::array();
  for (const auto& r : d.reports) {
    json ev = parse_stored_json(r.json);
    reps.push_back({{"id", r.id},
                    {"document", r.document_id},
                    {"published", jdate(r.published)},
                    {"source", jstr(r.source)},
                    {"title", jstr(r.title)},
                    {"url", jstr(r.url)},
                    {"evidence_text", r.evidence},
                    {"event", ev.is_discarded() ? json(nullptr) : ev}});
  }
  j["report_list"] = std::move(reps);
  return j.dump(2) + "\n";
}

std::string detail_text(const EventDetail& d) {
  const EventRow& e = d.event;
  std::string out;
  out += "event     " + e.id + "\n";
  out += "type      " + e.type + (e.mode.empty() ? "" : " (" + e.mode + ")") +
         (e.acled_type.empty() ? "" : "  ACLED: " + e.acled_type + " / " + e.acled_sub) + "\n";
  out += "date      " + date(e.date_start) + (e.date_end && e.date_end != e.date_start ? " .. " + date(e.date_end) : "") +
         (e.date_precision.empty() ? "" : " (" + e.date_precision + ")") + "\n";
  out += "place     " + e.location + (e.admin1.empty() ? "" : ", " + e.admin1) +
         (e.country.empty() ? "" : ", " + e.country) + (e.lat ? "  " + coord(e.lat) + "," + coord(e.lon) : "") + "\n";
  if (!e.actor1.empty() || !e.actor2.empty())
    out += "actors    " + e.actor1 + (e.actor1_country.empty() ? "" : " [" + e.actor1_country + "]") + " -> " +
           e.actor2 + (e.actor2_country.empty() ? "" : " [" + e.actor2_country + "]") + "\n";
  out += "killed    low " + num(e.killed_low) + "  best " + num(e.killed_best) + "  high " + num(e.killed_high) + "\n";
  out += "injured   low " + num(e.injured_low) + "  best " + num(e.injured_best) + "  high " + num(e.injured_high) +
         "\n";
  out += "seen      " + date(e.first_seen) + " .. " + date(e.last_seen) + "\n";
  out += "sources   " + join(e.sources, "; ") + "\n";
  out += "reports   " + std::to_string(d.reports.size()) + "\n";
  for (const auto& r : d.reports) {
    out += "\n  " + r.id + "  " + date(r.published) + (r.source.empty() ? "" : "  " + r.source) +
           (r.modality != "asserted" ? "  [" + r.modality + "]" : "") + "\n";
    if (!r.title.empty()) out += "  title: " + r.title + "\n";
    if (!r.url.empty()) out += "  url:   " + r.url + "\n";
    for (const auto& ev : r.evidence) out += "  > " + ev + "\n";
  }
  return out;
}

std::string tallies_text(const std::vector<TallySeries>& all) {
  std::string out;
  for (const auto& s : all) {
    out += s.metric + "  " + (s.group.empty() ? "(no group)" : s.group) + (s.place.empty() ? "" : "  in " + s.place) +
           (s.country.empty() ? "" : " [" + s.country + "]") + "  source: " + (s.source.empty() ? "-" : s.source) +
           "\n";
    for (const auto& p : s.points) {
      std::string v = p.low == p.high ? num(p.low) : num(p.low) + ".." + num(p.high);
      out += "  " + (p.as_of ? p.as_of->iso() : std::string("(no date)")) + "  " + v +
             (p.since ? "  since " + p.since->iso() : "") + "  (" + p.document_id + ")\n";
    }
  }
  return out;
}

std::string tallies_jsonl(const std::vector<TallySeries>& all) {
  std::string out;
  for (const auto& s : all) {
    json pts = json::array();
    for (const auto& p : s.points)
      pts.push_back({{"as_of", jdate(p.as_of)},
                     {"since", jdate(p.since)},
                     {"low", jint(p.low)},
                     {"high", jint(p.high)},
                     {"document", p.document_id}});
    json j = {{"metric", s.metric},     {"group", jstr(s.group)},   {"place", jstr(s.place)},
              {"country", jstr(s.country)}, {"source", jstr(s.source)}, {"points", std::move(pts)}};
    out += j.dump() + "\n";
  }
  return out;
}

}  // namespace sitrep::store
