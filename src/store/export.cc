#include "store/export.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "read/json_limits.h"
#include "store/event_json.h"

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

// A party the text does not name (an unclaimed attack's unidentified armed
// group, a target known only by its country and sector) is still a party:
// null only when nothing at all is known of it; its name null when unnamed.
json party_json(const std::string& name, const std::string& country, const std::string& code,
                const std::string& sector) {
  if (name.empty() && country.empty() && code.empty() && sector.empty()) return nullptr;
  return json{
      {"name", jstr(name)}, {"country", jstr(country)}, {"code", jstr(code)}, {"sector", jstr(sector)}};
}

// How tables and ACLED's actor columns write a party: its name, or, for an
// unnamed armed group, ACLED's "Unidentified Armed Group (Country)".
std::string party_label(const std::string& name, const std::string& sector, const std::string& country) {
  if (!name.empty() || sector != "UAF") return name;
  const CountryInfo* c = country_by_alpha3(country);
  return c ? "Unidentified Armed Group (" + std::string(c->name) + ")" : "Unidentified Armed Group";
}

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
  return {
      {"id", r.id},
      {"type", r.type},
      {"mode", jstr(r.mode)},
      {"cameo", jstr(r.cameo)},
      {"acled", r.acled_type.empty()
                    ? json(nullptr)
                    : json{{"event_type", r.acled_type}, {"sub_event_type", jstr(r.acled_sub)}}},
      {"date",
       {{"start", jdate(r.date_start)}, {"end", jdate(r.date_end)}, {"precision", jstr(r.date_precision)}}},
      {"actor", party_json(r.actor1, r.actor1_country, r.actor1_code, r.actor1_sector)},
      {"recipient", party_json(r.actor2, r.actor2_country, r.actor2_code, r.actor2_sector)},
      {"assoc_actors_1", r.assoc_actor1},
      {"assoc_actors_2", r.assoc_actor2},
      {"place", r.location.empty() && !r.lat ? json(nullptr)
                                             : json{{"name", jstr(r.location)},
                                                    {"lat", jnum(r.lat)},
                                                    {"lon", jnum(r.lon)},
                                                    {"country", jstr(r.country)},
                                                    {"admin1", jstr(r.admin1)},
                                                    {"precision", jstr(r.geo_precision)}}},
      {"killed", {{"low", jint(r.killed_low)}, {"best", jint(r.killed_best)}, {"high", jint(r.killed_high)}}},
      {"injured",
       {{"low", jint(r.injured_low)}, {"best", jint(r.injured_best)}, {"high", jint(r.injured_high)}}},
      {"modality", r.modality},
      {"background", r.background},
      {"claim", jstr(r.claim)},
      {"attribution", r.attribution},
      {"url", jstr(r.url)},
      {"sources", r.sources},
      {"reports", r.reports},
      {"first_seen", jdate(r.first_seen)},
      {"last_seen", jdate(r.last_seen)},
      {"notes", jstr(r.notes)}};
}

const CountryInfo kCountries[] = {
#include "store/countries.inc"
};

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// The ACLED and sitrep values of one event, as CSV fields by column name.
struct Fields {
  const EventRow& r;
  bool acled = false;  // ACLED's meaning of event_type, country and geo_precision
  std::string get(std::string_view col) const {
    if (acled) {
      if (col == "event_type") return r.acled_type;
      if (col == "country") {
        const CountryInfo* c = country_by_alpha3(r.country);
        return c ? c->name : r.country;
      }
      if (col == "geo_precision") return std::to_string(acled_geo_precision(r.geo_precision));
    }
    const CountryInfo* c = country_by_alpha3(r.country);
    auto inter = [&](bool first) {
      const std::string& sector = first ? r.actor1_sector : r.actor2_sector;
      const std::string name = first ? party_label(r.actor1, r.actor1_sector, r.actor1_country)
                                     : party_label(r.actor2, r.actor2_sector, r.actor2_country);
      if (name.empty()) return 0;
      return acled_inter(sector, first ? r.actor1_country : r.actor2_country, r.country, r.acled_type, first);
    };
    if (col == "event_id") return r.id;
    if (col == "event_id_cnty") return acled_event_id(r);
    if (col == "event_date") return date(r.date_start);
    if (col == "date_end") return date(r.date_end);
    if (col == "year") return r.date_start ? std::to_string(r.date_start->year) : "";
    if (col == "time_precision") return std::to_string(acled_time_precision(r.date_precision));
    if (col == "date_precision") return r.date_precision;
    if (col == "disorder_type") return acled_disorder_type(r.acled_type, r.acled_sub);
    if (col == "event_type") return r.type;
    if (col == "acled_event_type") return r.acled_type;
    if (col == "acled_sub_event_type" || col == "sub_event_type") return r.acled_sub;
    if (col == "mode") return r.mode;
    if (col == "cameo") return r.cameo;
    if (col == "plover_type") return r.type;
    if (col == "actor1") return party_label(r.actor1, r.actor1_sector, r.actor1_country);
    if (col == "actor1_country") return r.actor1_country;
    if (col == "actor1_code") return r.actor1_code;
    if (col == "assoc_actor_1") return join(r.assoc_actor1, "; ");
    if (col == "inter1") return inter(true) ? std::to_string(inter(true)) : "";
    if (col == "actor2") return party_label(r.actor2, r.actor2_sector, r.actor2_country);
    if (col == "actor2_country") return r.actor2_country;
    if (col == "actor2_code") return r.actor2_code;
    if (col == "assoc_actor_2") return join(r.assoc_actor2, "; ");
    if (col == "inter2") return inter(false) ? std::to_string(inter(false)) : "";
    if (col == "interaction") {
      int i = acled_interaction(inter(true), inter(false));
      return i ? std::to_string(i) : "";
    }
    if (col == "civilian_targeting")
      return r.acled_type == "Violence against civilians" ||
                     (!r.actor2.empty() && inter(false) == 7 &&
                      acled_disorder_type(r.acled_type, r.acled_sub) == "Political violence")
                 ? "Civilian targeting"
                 : "";
    if (col == "iso") return c ? std::to_string(c->numeric) : "";
    if (col == "region") return c ? c->region : "";
    if (col == "country") return r.country;
    if (col == "country_code") return r.country;
    if (col == "admin1") return r.admin1;
    if (col == "admin2" || col == "admin3") return "";
    if (col == "location") return r.location;
    if (col == "latitude") return coord(r.lat);
    if (col == "longitude") return coord(r.lon);
    if (col == "geo_precision") return r.geo_precision;
    if (col == "geo_precision_code") return std::to_string(acled_geo_precision(r.geo_precision));
    if (col == "source" || col == "sources") return join(r.sources, "; ");
    if (col == "source_scale") return "";
    if (col == "notes") return r.notes;
    if (col == "fatalities") return std::to_string(r.killed_best.value_or(0));
    if (col == "tags") {
      std::vector<std::string> t;
      if (r.background) t.push_back("background");
      if (!r.modality.empty() && r.modality != "asserted") t.push_back(r.modality);
      return join(t, "; ");
    }
    if (col == "timestamp") return r.last_seen ? std::to_string(r.last_seen->to_days() * 86400) : "";
    if (col == "killed_low") return num(r.killed_low);
    if (col == "killed_best") return num(r.killed_best);
    if (col == "killed_high") return num(r.killed_high);
    if (col == "injured_low") return num(r.injured_low);
    if (col == "injured_best") return num(r.injured_best);
    if (col == "injured_high") return num(r.injured_high);
    if (col == "reports") return std::to_string(r.reports);
    if (col == "attribution") return join(r.attribution, "; ");
    if (col == "claim") return r.claim;
    if (col == "modality") return r.modality;
    if (col == "background") return r.background ? "1" : "0";
    if (col == "url") return r.url;
    if (col == "first_seen") return date(r.first_seen);
    if (col == "last_seen") return date(r.last_seen);
    return "";
  }
};

std::vector<std::string> split_header(const std::string& h) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= h.size()) {
    size_t c = h.find(',', i);
    if (c == std::string::npos) c = h.size();
    out.push_back(h.substr(i, c - i));
    i = c + 1;
  }
  return out;
}

std::string csv_line(const std::vector<std::string>& cols, const EventRow& r, bool acled) {
  Fields f{r, acled};
  std::string out;
  bool first = true;
  for (const auto& c : cols) {
    if (!first) out += ',';
    first = false;
    out += csv_field(f.get(c));
  }
  return out + '\n';
}

const std::vector<std::string>& csv_cols() {
  static const std::vector<std::string> v = split_header(csv_header());
  return v;
}
const std::vector<std::string>& acled_cols() {
  static const std::vector<std::string> v = split_header(acled_header());
  return v;
}

std::string table_header() {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-18s %-10s %-10s %-24s %-3s %13s %4s  %s\n", "EVENT", "DATE", "TYPE",
                "LOCATION", "CTY", "KILLED l/b/h", "REP", "ACTORS");
  return buf;
}

std::string table_row(const EventRow& r) {
  char buf[512];
  std::string loc = r.location.size() > 24 ? r.location.substr(0, 23) + "~" : r.location;
  std::string killed = r.killed_best ? num(r.killed_low) + "/" + num(r.killed_best) + "/" +
                                           (r.killed_high ? num(r.killed_high) : std::string("?"))
                                     : "-";
  std::string a1 = party_label(r.actor1, r.actor1_sector, r.actor1_country);
  std::string a2 = party_label(r.actor2, r.actor2_sector, r.actor2_country);
  std::string actors = a1 + (a2.empty() ? "" : " -> " + a2);
  if (r.background) actors += " [background]";
  if (!r.modality.empty() && r.modality != "asserted") actors += " [" + r.modality + "]";
  std::snprintf(buf, sizeof buf, "%-18s %-10s %-10s %-24s %-3s %13s %4lld  %s\n", r.id.c_str(),
                date(r.date_start).c_str(), r.type.c_str(), loc.c_str(), r.country.c_str(), killed.c_str(),
                static_cast<long long>(r.reports), actors.c_str());
  return buf;
}

// Flat GeoJSON properties: the CSV's columns as JSON values.
json flat_properties(const EventRow& r) {
  json p = {{"id", r.id},
            {"event_id_cnty", acled_event_id(r)},
            {"event_date", jdate(r.date_start)},
            {"date_end", jdate(r.date_end)},
            {"date_precision", jstr(r.date_precision)},
            {"time_precision", acled_time_precision(r.date_precision)},
            {"event_type", r.type},
            {"mode", jstr(r.mode)},
            {"cameo", jstr(r.cameo)},
            {"disorder_type", jstr(acled_disorder_type(r.acled_type, r.acled_sub))},
            {"acled_event_type", jstr(r.acled_type)},
            {"acled_sub_event_type", jstr(r.acled_sub)},
            {"actor1", jstr(r.actor1)},
            {"actor1_country", jstr(r.actor1_country)},
            {"actor1_code", jstr(r.actor1_code)},
            {"assoc_actor_1", jstr(join(r.assoc_actor1, "; "))},
            {"actor2", jstr(r.actor2)},
            {"actor2_country", jstr(r.actor2_country)},
            {"actor2_code", jstr(r.actor2_code)},
            {"assoc_actor_2", jstr(join(r.assoc_actor2, "; "))},
            {"location", jstr(r.location)},
            {"admin1", jstr(r.admin1)},
            {"country", jstr(r.country)},
            {"geo_precision", jstr(r.geo_precision)},
            {"geo_precision_code", acled_geo_precision(r.geo_precision)},
            {"killed_low", jint(r.killed_low)},
            {"killed_best", jint(r.killed_best)},
            {"killed_high", jint(r.killed_high)},
            {"injured_low", jint(r.injured_low)},
            {"injured_best", jint(r.injured_best)},
            {"injured_high", jint(r.injured_high)},
            {"fatalities", r.killed_best.value_or(0)},
            {"sources", join(r.sources, "; ")},
            {"reports", r.reports},
            {"attribution", jstr(join(r.attribution, "; "))},
            {"claim", jstr(r.claim)},
            {"modality", r.modality},
            {"background", r.background},
            {"url", jstr(r.url)},
            {"first_seen", jdate(r.first_seen)},
            {"last_seen", jdate(r.last_seen)},
            {"notes", jstr(r.notes)}};
  return p;
}

}  // namespace

const CountryInfo* country_by_alpha3(std::string_view alpha3) {
  if (alpha3.size() != 3) return nullptr;
  for (const auto& c : kCountries)
    if (alpha3 == c.alpha3) return &c;
  return nullptr;
}

const CountryInfo* find_country(std::string_view s) {
  for (const auto& c : kCountries)
    if (iequal(s, c.alpha3) || iequal(s, c.name) || (*c.common && iequal(s, c.common)) ||
        (*c.official && iequal(s, c.official)))
      return &c;
  return nullptr;
}

int acled_inter(const std::string& sector, const std::string& actor_country, const std::string& event_country,
                const std::string& acled_type, bool is_actor1) {
  // ACLED: 1 state forces, 2 rebel groups, 3 political militias, 4 identity
  // militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.
  static const std::pair<const char*, int> kSector[] = {
      {"GOV", 1}, {"MIL", 1}, {"COP", 1}, {"SPY", 1}, {"JUD", 1}, {"LEG", 1}, {"REB", 2}, {"INS", 2},
      {"SEP", 2}, {"UAF", 3}, {"PTY", 3}, {"OPP", 3}, {"CRM", 3}, {"ETH", 4}, {"CVL", 7}, {"REF", 7},
      {"MED", 7}, {"EDU", 7}, {"HLH", 7}, {"LAB", 7}, {"REL", 7}, {"BUS", 7}, {"AGR", 7}, {"ENV", 7},
      {"HRI", 7}, {"NGO", 7}, {"ELI", 7}, {"RAD", 7}, {"POL", 3}, {"IGO", 8}};
  if (is_actor1 && acled_type == "Protests") return 6;
  if (is_actor1 && acled_type == "Riots") return 5;
  int code = 0;
  for (const auto& [s, c] : kSector)
    if (sector == s) code = c;
  if (code == 1 && !actor_country.empty() && !event_country.empty() && actor_country != event_country)
    code = 8;
  if (code == 0)
    code = 7 - (sector.empty() ? 0 : 4);  // unknown sector: civilians when none given, else other (3)
  return code;
}

int acled_interaction(int inter1, int inter2) {
  if (!inter1 && !inter2) return 0;
  if (!inter1 || !inter2) return 10 * (inter1 ? inter1 : inter2);
  return 10 * std::min(inter1, inter2) + std::max(inter1, inter2);
}

int acled_time_precision(const std::string& p) {
  if (p == "day") return 1;
  if (p == "days" || p == "week") return 2;
  return 3;
}

int acled_geo_precision(const std::string& p) {
  if (p == "exact" || p == "town") return 1;
  if (p == "district") return 2;
  return 3;
}

std::string acled_disorder_type(const std::string& t, const std::string& sub) {
  if (t.empty()) return "";
  if (t == "Protests") return "Demonstrations";
  if (t == "Riots")
    return sub == "Violent demonstration" ? "Political violence; Demonstrations" : "Political violence";
  if (t == "Strategic developments") return "Strategic developments";
  return "Political violence";
}

std::string acled_event_id(const EventRow& r) {
  std::string hex = r.id.rfind("v:", 0) == 0 ? r.id.substr(2) : r.id;
  for (auto& c : hex)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return (r.country.empty() ? std::string("XXX") : r.country) + hex;
}

std::string csv_value(const EventRow& r, std::string_view column) { return Fields{r, false}.get(column); }

const std::string& csv_header() {
  static const std::string h =
      "event_id,event_date,date_precision,event_type,mode,cameo,acled_event_type,acled_sub_event_type,actor1,"
      "actor1_country,actor2,actor2_country,location,admin1,country,latitude,longitude,geo_precision,killed_"
      "low,"
      "killed_best,killed_high,injured_low,injured_best,injured_high,sources,reports,notes,"
      // ACLED's standard columns the list above lacks, then sitrep's own.
      "event_id_cnty,year,time_precision,disorder_type,assoc_actor_1,inter1,assoc_actor_2,inter2,interaction,"
      "civilian_targeting,iso,region,admin2,admin3,geo_precision_code,source_scale,fatalities,tags,"
      "date_end,actor1_code,actor2_code,attribution,claim,modality,background,url,first_seen,last_seen";
  return h;
}

const std::string& acled_header() {
  static const std::string h =
      "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_"
      "actor_1,"
      "inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,"
      "admin3,"
      "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp,"
      // sitrep's own
      "event_id,plover_type,date_end,date_precision,killed_low,killed_best,killed_high,injured_low,injured_"
      "best,"
      "injured_high,actor1_code,actor1_country,actor2_code,actor2_country,country_code,attribution,claim,"
      "modality,"
      "background,url,reports,first_seen,last_seen";
  return h;
}

std::string Exporter::begin() const {
  switch (f_) {
    case ExportFormat::Table:
      return table_header();
    case ExportFormat::Csv:
      return csv_header() + "\n";
    case ExportFormat::Acled:
      return acled_header() + "\n";
    case ExportFormat::Geojson:
      return "{\"type\":\"FeatureCollection\",\"features\":[";
    case ExportFormat::Jsonl:
      return "";
  }
  return "";
}

std::string Exporter::row(const EventRow& r) {
  ++rows_;
  if (f_ == ExportFormat::Acled && r.acled_type.empty()) {
    ++not_acled_;
    return "";
  }
  if (!r.lat || !r.lon) ++unlocated_;
  switch (f_) {
    case ExportFormat::Table:
      return table_row(r);
    case ExportFormat::Csv:
      return csv_line(csv_cols(), r, false);
    case ExportFormat::Acled:
      return csv_line(acled_cols(), r, true);
    case ExportFormat::Jsonl:
      return object(r).dump() + "\n";
    case ExportFormat::Geojson: {
      json geom = r.lat && r.lon ? json{{"type", "Point"}, {"coordinates", {*r.lon, *r.lat}}} : json(nullptr);
      json f = {{"type", "Feature"},
                {"id", r.id},
                {"geometry", std::move(geom)},
                {"properties", flat_properties(r)}};
      return (rows_ > 1 ? "," : "") + f.dump();
    }
  }
  return "";
}

std::string Exporter::end() const {
  if (f_ != ExportFormat::Geojson) return "";
  return "],\"unlocated\":" + std::to_string(unlocated_) + "}\n";
}

namespace {
std::string export_all(ExportFormat f, const std::vector<EventRow>& rows) {
  Exporter e(f);
  std::string out = e.begin();
  for (const auto& r : rows) out += e.row(r);
  return out + e.end();
}
}  // namespace

std::string to_csv(const std::vector<EventRow>& rows) { return export_all(ExportFormat::Csv, rows); }
std::string to_acled(const std::vector<EventRow>& rows) { return export_all(ExportFormat::Acled, rows); }

std::string event_json(const EventRow& r) { return object(r).dump(); }

std::string to_jsonl(const std::vector<EventRow>& rows) { return export_all(ExportFormat::Jsonl, rows); }

std::string to_geojson(const std::vector<EventRow>& rows) { return export_all(ExportFormat::Geojson, rows); }
std::string to_table(const std::vector<EventRow>& rows) { return export_all(ExportFormat::Table, rows); }

std::string detail_json(const EventDetail& d) {
  json j = object(d.event);
  json reps = json::array();
  for (const auto& r : d.reports) {
    json ev = parse_stored_json(r.json);
    // The rule records in the engine's field order; null where none were kept
    // (stored before schema 6) or the row is unreadable.
    json why = nullptr;
    if (!r.why.empty() && check_json_limits(r.why, kMaxStoredJsonBytes).empty()) {
      why = json::parse(r.why, nullptr, false);
      if (why.is_discarded()) why = nullptr;
    }
    reps.push_back({{"id", r.id},
                    {"document", r.document_id},
                    {"published", jdate(r.published)},
                    {"source", jstr(r.source)},
                    {"title", jstr(r.title)},
                    {"url", jstr(r.url)},
                    {"evidence_text", r.evidence},
                    {"event", ev.is_discarded() ? json(nullptr) : ev},
                    {"explain", std::move(why)}});
  }
  j["report_list"] = std::move(reps);
  return j.dump(2) + "\n";
}

// A report's rule records as lines: "  why   FIELD  RULE  "WORDS"".
std::string why_text(const std::string& why) {
  if (why.empty() || !check_json_limits(why, kMaxStoredJsonBytes).empty())
    return "  why   (no rule records)\n";
  json j = json::parse(why, nullptr, false);
  if (!j.is_object()) return "  why   (no rule records)\n";
  std::string out;
  const char* head = "  why   ";
  for (const auto& [field, v] : j.items()) {
    for (const json& r : v.is_array() ? v : json::array({v})) {
      if (!r.is_object() || !r.contains("rule") || !r["rule"].is_string()) continue;
      std::string f = field;
      f.resize(std::max<size_t>(f.size(), 12), ' ');
      out += head + f + r["rule"].get<std::string>();
      if (r.contains("detail") && r["detail"].is_string()) out += " (" + r["detail"].get<std::string>() + ")";
      if (r.contains("text") && r["text"].is_string()) out += "  \"" + r["text"].get<std::string>() + "\"";
      out += "\n";
      head = "        ";
    }
  }
  return out;
}

std::string detail_text(const EventDetail& d, bool explain) {
  const EventRow& e = d.event;
  std::string out;
  out += "event     " + e.id + "\n";
  out += "type      " + e.type + (e.mode.empty() ? "" : " (" + e.mode + ")") +
         (e.acled_type.empty() ? "" : "  ACLED: " + e.acled_type + " / " + e.acled_sub) + "\n";
  out += "date      " + date(e.date_start) +
         (e.date_end && e.date_end != e.date_start ? " .. " + date(e.date_end) : "") +
         (e.date_precision.empty() ? "" : " (" + e.date_precision + ")") + "\n";
  out += "place     " + e.location + (e.admin1.empty() ? "" : ", " + e.admin1) +
         (e.country.empty() ? "" : ", " + e.country) +
         (e.lat ? "  " + coord(e.lat) + "," + coord(e.lon) : "") + "\n";
  std::string a1 = party_label(e.actor1, e.actor1_sector, e.actor1_country);
  std::string a2 = party_label(e.actor2, e.actor2_sector, e.actor2_country);
  if (!a1.empty() || !a2.empty())
    out += "actors    " + a1 + (e.actor1_country.empty() ? "" : " [" + e.actor1_country + "]") + " -> " + a2 +
           (e.actor2_country.empty() ? "" : " [" + e.actor2_country + "]") + "\n";
  auto high = [](const std::optional<int64_t>& lo, const std::optional<int64_t>& hi) {
    return hi ? num(hi) : lo ? std::string("open") : std::string();
  };
  out += "killed    low " + num(e.killed_low) + "  best " + num(e.killed_best) + "  high " +
         high(e.killed_low, e.killed_high) + "\n";
  out += "injured   low " + num(e.injured_low) + "  best " + num(e.injured_best) + "  high " +
         high(e.injured_low, e.injured_high) + "\n";
  if (!e.assoc_actor1.empty() || !e.assoc_actor2.empty())
    out += "also      " + join(e.assoc_actor1, "; ") +
           (e.assoc_actor2.empty() ? "" : " -> " + join(e.assoc_actor2, "; ")) + "\n";
  if (!e.attribution.empty())
    out += "according " + join(e.attribution, "; ") + (e.claim.empty() ? "" : " (" + e.claim + ")") + "\n";
  if (e.background || e.modality != "asserted")
    out += "told as   " + std::string(e.background ? "background" : "") +
           (e.modality != "asserted" ? (e.background ? ", " : "") + e.modality : "") + "\n";
  out += "seen      " + date(e.first_seen) + " .. " + date(e.last_seen) + "\n";
  out += "sources   " + join(e.sources, "; ") + "\n";
  out += "reports   " + std::to_string(d.reports.size()) + "\n";
  for (const auto& r : d.reports) {
    out += "\n  " + r.id + "  " + date(r.published) + (r.source.empty() ? "" : "  " + r.source) +
           (r.modality != "asserted" ? "  [" + r.modality + "]" : "") + "\n";
    if (!r.title.empty()) out += "  title: " + r.title + "\n";
    if (!r.url.empty()) out += "  url:   " + r.url + "\n";
    for (const auto& ev : r.evidence) out += "  > " + ev + "\n";
    if (explain) out += why_text(r.why);
  }
  return out;
}

std::string tallies_text(const std::vector<TallySeries>& all) {
  std::string out;
  for (const auto& s : all) {
    out += s.metric + "  " + (s.group.empty() ? "(no group)" : s.group) +
           (s.place.empty() ? "" : "  in " + s.place) + (s.country.empty() ? "" : " [" + s.country + "]") +
           "  source: " + (s.source.empty() ? "-" : s.source) + "\n";
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
    json j = {{"metric", s.metric},         {"group", jstr(s.group)},   {"place", jstr(s.place)},
              {"country", jstr(s.country)}, {"source", jstr(s.source)}, {"points", std::move(pts)}};
    out += j.dump() + "\n";
  }
  return out;
}

}  // namespace sitrep::store
