#include "server/server.h"

#include <httplib.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "read/reader.h"
#include "server/assets.h"
#include "store/filters.h"

namespace sitrep::server {
namespace {

constexpr size_t kMaxParamBytes = 200;

const char* kCsp =
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'";

void send_json(httplib::Response& res, const Json& j, int status = 200) {
  res.status = status;
  res.set_content(j.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  send_json(res, Json{{"error", message}, {"status", status}}, status);
}

void send_answer(httplib::Response& res, const Answer& a) {
  if (!a.ok()) return send_error(res, a.status, a.error);
  send_json(res, a.value, a.status);
}

bool parse_double(const std::string& s, double* out) {
  if (s.empty()) return false;
  const char* b = s.data();
  const char* e = b + s.size();
  auto r = std::from_chars(b, e, *out);
  return r.ec == std::errc() && r.ptr == e && std::isfinite(*out);
}

bool parse_int(const std::string& s, int64_t* out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// "a,b,c" → doubles; false unless exactly n finite numbers.
bool parse_doubles(const std::string& s, size_t n, double* out) {
  size_t i = 0, pos = 0;
  while (i < n) {
    size_t comma = s.find(',', pos);
    std::string part = s.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    if (!parse_double(part, &out[i++])) return false;
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return i == n && s.find(',', pos) == std::string::npos;
}

bool constant_time_equal(const std::string& a, const std::string& b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i % (b.empty() ? 1 : b.size())]);
  return diff == 0 && !b.empty();
}

void log_request(const httplib::Request& req, const httplib::Response& res) {
  std::fprintf(stderr, "%s %s %d %zu\n", req.method.c_str(), req.path.c_str(), res.status, res.body.size());
}

}  // namespace

std::string parse_event_params(const std::multimap<std::string, std::string>& params, EventFilter* f, Page* page) {
  static const std::set<std::string> kKnown = {"from",  "to",   "type", "country",    "actor", "near",   "bbox",
                                               "text",  "min_killed", "limit", "offset", "cursor", "format",
                                               "acled_type", "modality", "background"};
  std::set<std::string> seen;
  for (const auto& [key, value] : params) {
    if (!kKnown.count(key)) return "unknown parameter \"" + key.substr(0, 40) + "\"";
    if (!seen.insert(key).second) return "parameter \"" + key + "\" given twice";
    if (value.size() > kMaxParamBytes) return "parameter \"" + key + "\" is longer than 200 bytes";
    if (key == "from" || key == "to") {
      auto d = parse_iso_date(value);
      if (!d) return key + ": \"" + value + "\" is not a date YYYY-MM-DD";
      (key == "from" ? f->from : f->to) = d;
    } else if (key == "type") {
      f->type = value;  // resolved below (any case; PLOVER or ACLED)
    } else if (key == "acled_type") {
      f->acled_type = value;
    } else if (key == "country") {
      f->country = value;  // alpha-3 or a name, resolved below
    } else if (key == "modality") {
      f->modality = value;
    } else if (key == "background") {
      if (value != "exclude" && value != "include" && value != "only") return "background: exclude, include or only";
      f->background = value;
    } else if (key == "actor") {
      f->actor = value;
    } else if (key == "text") {
      f->text = value;
    } else if (key == "near") {
      double v[3];
      if (!parse_doubles(value, 3, v) || std::fabs(v[0]) > 90 || std::fabs(v[1]) > 180 || v[2] <= 0 || v[2] > 20000)
        return "near: LAT,LON,KM with -90 ≤ LAT ≤ 90, -180 ≤ LON ≤ 180, 0 < KM ≤ 20000";
      f->near_lat = v[0], f->near_lon = v[1], f->near_km = v[2];
    } else if (key == "bbox") {
      double v[4];
      if (!parse_doubles(value, 4, v) || std::fabs(v[0]) > 180 || std::fabs(v[2]) > 180 || std::fabs(v[1]) > 90 ||
          std::fabs(v[3]) > 90 || v[1] > v[3])
        return "bbox: WEST,SOUTH,EAST,NORTH in degrees";
      f->west = v[0], f->south = v[1], f->east = v[2], f->north = v[3];
    } else if (key == "min_killed") {
      int64_t n;
      if (!parse_int(value, &n) || n < 0) return "min_killed: a whole number ≥ 0";
      f->min_killed = n;
    } else if (key == "limit") {
      int64_t n;
      if (!parse_int(value, &n) || n < 1 || n > kMaxLimit) return "limit: 1 to 500";
      page->limit = static_cast<int>(n);
    } else if (key == "cursor" && !value.empty() && !std::all_of(value.begin(), value.end(), [](char c) {
                 return c >= '0' && c <= '9';
               })) {
      page->cursor = value;  // a keyset cursor; a number is an offset (older clients)
    } else if (key == "offset" || key == "cursor") {
      int64_t n;
      if (!parse_int(value, &n) || n < 0 || n > kMaxOffset) return key + ": 0 to " + std::to_string(kMaxOffset);
      page->offset = n;
    } else if (key == "format") {
      if (value != "json" && value != "geojson") return "format: json or geojson";
    }
  }
  if (seen.count("offset") && seen.count("cursor")) return "give offset or cursor, not both";
  {
    // Names and any case resolve ("assault", "Nigeria", "RSF"); unknown values are errors.
    store::EventQuery q;
    q.type = f->type;
    q.acled_type = f->acled_type;
    q.country = f->country;
    q.actor = f->actor;
    q.modality = f->modality;
    if (auto err = store::resolve_filters(&q, ""); !err.empty()) return err;
    f->type = q.type;
    f->acled_type = q.acled_type;
    f->country = q.country;
    f->actor_names = q.actor_names;
    f->modality = q.modality;
  }
  if (f->from && f->to && *f->to < *f->from) return "to is before from";
  return "";
}

// Flat properties (a GIS tool reads no nested objects): "killed": {"low"} →
// "killed_low", "place": {"name"} → "place_name", lists joined with "; ".
// Events without coordinates stay, with a null geometry.
Json to_geojson(const Json& events) {
  Json feats = Json::array();
  for (const auto& e : events) {
    const Json* place = e.contains("place") && e["place"].is_object() ? &e["place"] : nullptr;
    bool located = place && (*place)["lat"].is_number() && (*place)["lon"].is_number();
    Json props = Json::object();
    for (const auto& [k, v] : e.items()) {
      if (v.is_object()) {
        // The CSV's column names where it has them.
        static const std::map<std::string, std::string> kNames = {
            {"place_name", "location"},         {"place_country", "country"},
            {"place_admin1", "admin1"},         {"place_precision", "geo_precision"},
            {"place_lat", "latitude"},          {"place_lon", "longitude"},
            {"date_start", "event_date"},       {"date_end", "date_end"},
            {"acled_event_type", "acled_event_type"}, {"acled_sub_event_type", "acled_sub_event_type"},
            {"actor_name", "actor1"},           {"actor_country", "actor1_country"},
            {"actor_code", "actor1_code"},      {"actor_sector", "actor1_sector"},
            {"recipient_name", "actor2"},       {"recipient_country", "actor2_country"},
            {"recipient_code", "actor2_code"},  {"recipient_sector", "actor2_sector"}};
        for (const auto& [k2, v2] : v.items()) {
          auto it = kNames.find(k + "_" + k2);
          props[it == kNames.end() ? k + "_" + k2 : it->second] = v2;
        }
      } else if (v.is_array()) {
        std::string joined;
        for (const auto& x : v)
          if (x.is_string()) joined += (joined.empty() ? "" : "; ") + x.get<std::string>();
        props[k] = joined;
      } else {
        props[k] = v;
      }
    }
    feats.push_back({{"type", "Feature"},
                     {"id", e["id"]},
                     {"geometry", located ? Json{{"type", "Point"}, {"coordinates", {(*place)["lon"], (*place)["lat"]}}}
                                          : Json(nullptr)},
                     {"properties", std::move(props)}});
  }
  return Json{{"type", "FeatureCollection"}, {"features", std::move(feats)}};
}

void install_routes(httplib::Server& svr, EventQueries& q, const ServerOptions& opt) {
  svr.set_default_headers({{"Content-Security-Policy", kCsp},
                           {"X-Content-Type-Options", "nosniff"},
                           {"Referrer-Policy", "no-referrer"},
                           {"X-Frame-Options", "DENY"},
                           {"Cross-Origin-Resource-Policy", "same-origin"}});
  svr.set_payload_max_length(opt.max_body_bytes);
  svr.set_keep_alive_max_count(10000);
  svr.set_tcp_nodelay(true);  // headers and body go out in two writes: no 40 ms delayed-ACK stall
  svr.set_read_timeout(10, 0);
  svr.set_write_timeout(10, 0);
  int threads = std::max(1, opt.threads);
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };

  // Any status ≥ 400 without a body (no route, 413 …) becomes a JSON error.
  svr.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    const char* msg = res.status == 404   ? "not found"
                      : res.status == 413 ? "request body too large"
                      : res.status == 405 ? "method not allowed"
                      : res.status == 400 ? "bad request"
                                          : "error";
    send_error(res, res.status, msg);
    return httplib::Server::HandlerResponse::Handled;
  }));
  svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "internal error";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = std::string("internal error: ") + e.what();
    } catch (...) {
    }
    send_error(res, 500, what);
  });
  if (opt.log_requests) svr.set_logger(log_request);

  svr.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { send_json(res, Json{{"ok", true}}); });

  svr.Get("/api/events", [&q](const httplib::Request& req, httplib::Response& res) {
    EventFilter f;
    Page page;
    if (auto err = parse_event_params(req.params, &f, &page); !err.empty()) return send_error(res, 400, err);
    Answer a = q.list_events(f, page);
    if (!a.ok()) return send_answer(res, a);
    bool has_more = a.value.value("has_more", false);
    Json next = !has_more                       ? Json(nullptr)
                : a.value.contains("next_cursor") ? a.value["next_cursor"]
                                                  : Json(std::to_string(page.offset + page.limit));
    Json total = a.value.contains("total") ? a.value["total"] : Json(nullptr);
    res.set_header("Cache-Control", "no-store");
    if (req.get_param_value("format") == "geojson") {
      Json events = a.raw_events.empty() ? a.value["events"] : Json::parse(a.raw_events, nullptr, false);
      Json fc = to_geojson(events.is_array() ? events : Json::array());
      fc["has_more"] = has_more;
      fc["next_cursor"] = next;
      fc["total"] = total;
      res.status = 200;
      res.set_content(fc.dump(-1, ' ', false, Json::error_handler_t::replace), "application/geo+json");
      return;
    }
    // {"events": […], "has_more", "limit", "offset", "next_cursor"}, built as
    // text so a page of store rows is serialized once.
    std::string body = "{\"events\":";
    body += a.raw_events.empty() ? a.value["events"].dump(-1, ' ', false, Json::error_handler_t::replace)
                                 : a.raw_events;
    body += ",\"has_more\":";
    body += has_more ? "true" : "false";
    body += ",\"limit\":" + std::to_string(page.limit) + ",\"offset\":" + std::to_string(page.offset) +
            ",\"next_cursor\":" + next.dump() + ",\"total\":" + total.dump() + "}";
    res.status = 200;
    res.set_content(std::move(body), "application/json");
  });

  // Every event matching the filter as a file: ?format=csv|acled|geojson|jsonl
  // plus /api/events' filter parameters.
  svr.Get("/api/export", [&q](const httplib::Request& req, httplib::Response& res) {
    std::string format = req.has_param("format") ? req.get_param_value("format") : "csv";
    static const std::map<std::string, std::pair<const char*, const char*>> kFormats = {
        {"csv", {"text/csv; charset=utf-8", "csv"}},
        {"acled", {"text/csv; charset=utf-8", "csv"}},
        {"geojson", {"application/geo+json", "geojson"}},
        {"jsonl", {"application/x-ndjson", "jsonl"}}};
    auto fmt = kFormats.find(format);
    if (fmt == kFormats.end()) return send_error(res, 400, "format: csv, acled, geojson or jsonl");
    auto params = req.params;
    params.erase("format");
    EventFilter f;
    Page page;
    if (auto err = parse_event_params(params, &f, &page); !err.empty()) return send_error(res, 400, err);
    Answer a = q.export_events(f, format);
    if (!a.ok()) return send_answer(res, a);
    res.status = 200;
    res.set_header("Cache-Control", "no-store");
    res.set_header("Content-Disposition", std::string("attachment; filename=\"sitrep-events") +
                                              (format == "acled" ? "-acled" : "") + "." + fmt->second.second + "\"");
    res.set_content(std::move(a.raw_events), fmt->second.first);
  });

  svr.Get(R"(/api/events/([^/]+))", [&q](const httplib::Request& req, httplib::Response& res) {
    std::string id = req.matches[1];
    if (id.size() > kMaxParamBytes) return send_error(res, 400, "event id too long");
    send_answer(res, q.get_event(id));
  });

  svr.Get(R"(/api/documents/([^/]+))", [&q](const httplib::Request& req, httplib::Response& res) {
    std::string id = req.matches[1];
    if (id.size() > kMaxParamBytes) return send_error(res, 400, "document id too long");
    send_answer(res, q.get_document(id));
  });

  svr.Get("/api/tallies", [&q](const httplib::Request& req, httplib::Response& res) {
    for (const auto& [key, value] : req.params) {
      if (key != "metric" && key != "group") return send_error(res, 400, "unknown parameter \"" + key.substr(0, 40) + "\"");
      if (value.size() > kMaxParamBytes) return send_error(res, 400, key + " is longer than 200 bytes");
    }
    std::string metric = req.get_param_value("metric");
    static const std::set<std::string> kMetrics = {"", "killed", "injured", "missing", "arrested", "displaced"};
    if (!kMetrics.count(metric)) return send_error(res, 400, "metric: killed, injured, missing, arrested or displaced");
    send_answer(res, q.tallies(metric, req.get_param_value("group")));
  });

  svr.Get("/api/stats", [&q](const httplib::Request&, httplib::Response& res) { send_answer(res, q.stats()); });

  svr.Post("/api/reports", [&q, &opt](const httplib::Request& req, httplib::Response& res) {
    if (!opt.allow_ingest || opt.token.empty() || !opt.process)
      return send_error(res, 403, "ingest is off; start sitrep serve with --allow-ingest --token TOKEN");
    std::string auth = req.get_header_value("Authorization");
    const std::string kBearer = "Bearer ";
    if (auth.compare(0, kBearer.size(), kBearer) != 0 || !constant_time_equal(auth.substr(kBearer.size()), opt.token)) {
      res.set_header("WWW-Authenticate", "Bearer");
      return send_error(res, 401, "missing or wrong bearer token");
    }
    // A body that is one JSON object (possibly pretty-printed) is one report;
    // anything else is read as JSON Lines.
    std::string body = req.body;
    Json one = Json::parse(body, nullptr, false);
    if (!one.is_discarded() && one.is_object()) body = one.dump() + "\n";
    Reader reader;
    std::vector<Document> docs;
    Json errors = Json::array();
    reader.read_bytes(
        "POST /api/reports", body, [&](Document&& d) { docs.push_back(std::move(d)); },
        [&](const ReadError& e) {
          if (!e.warning) errors.push_back(e.format());
        },
        InputFormat::Jsonl);
    if (docs.empty())
      return send_json(res,
                       Json{{"error", errors.empty() ? "no reports in the body" : errors[0].get<std::string>()},
                            {"status", 400},
                            {"errors", errors}},
                       400);
    for (auto& d : docs) opt.process(d);
    Answer a = q.ingest(docs);
    if (!a.ok()) return send_answer(res, a);
    a.value["errors"] = errors;
    send_json(res, a.value, 200);
  });

  auto serve_asset = [](const std::string& path, httplib::Response& res) {
    const Asset* a = find_asset(path);
    if (!a) return send_error(res, 404, "not found");
    res.status = 200;
    res.set_header("Cache-Control", "no-cache");
    res.set_content(reinterpret_cast<const char*>(a->data), a->size, a->mime);
  };
  svr.Get("/", [serve_asset](const httplib::Request&, httplib::Response& res) { serve_asset("/index.html", res); });
  svr.Get(R"(/((?:[A-Za-z0-9_-]+/)?[A-Za-z0-9_.-]+))",
          [serve_asset](const httplib::Request& req, httplib::Response& res) { serve_asset(req.path, res); });
}

}  // namespace sitrep::server
