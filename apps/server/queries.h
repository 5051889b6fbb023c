// What the HTTP layer asks of a database: the read queries behind the GET
// routes and the one write behind POST /api/reports. The server holds no query
// logic; an implementation answers in the API's JSON shapes (README "HTTP API").
// Implementations: FixtureQueries (in memory, from a JSON file; tests) and
// StoreQueries (over store::Store). Every method may be called from several
// server threads at once; errors are returned as data, never thrown.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sitrep/date.h"
#include "sitrep/document.h"

namespace sitrep::server {

using Json = nlohmann::ordered_json;

// The CLI's `sitrep events` filters, as query parameters.
struct EventFilter {
  std::optional<Date> from, to;  // events whose dates overlap [from, to]
  std::string type;              // PLOVER type
  std::string acled_type;        // ACLED event type
  std::string country;           // alpha-3 of the event's place
  std::string actor;             // actor, recipient or associated actor: a name or part of one, a code
  std::vector<std::string> actor_names;  // the actor's other dictionary names (store/filters.h)
  std::string modality = "asserted";     // "" = any
  std::string background = "exclude";    // exclude | include | only
  std::optional<double> near_lat, near_lon, near_km;
  std::optional<double> west, south, east, north;
  std::string text;  // words in the reports' documents
  std::optional<int64_t> min_killed;
};

struct Page {
  int limit = 100;     // 1 … kMaxLimit
  int64_t offset = 0;  // 0 … kMaxOffset
  std::string cursor;  // a keyset cursor (an answer's next_cursor): pages to the end of any store
};
inline constexpr int kMaxLimit = 500;
inline constexpr int64_t kMaxOffset = 10000;  // deep pages cost offset + limit rows: keep them bounded

// A query's answer: a JSON value, or an error with the HTTP status to send.
struct Answer {
  Json value;
  std::string error;
  int status = 200;
  // list_events may hand over its "events" array already serialized (the
  // store renders rows straight to JSON text); value then lacks "events".
  std::string raw_events;
  bool ok() const { return error.empty(); }
  static Answer of(Json v) { return {std::move(v), std::string(), 200, std::string()}; }
  static Answer fail(int status, std::string message) {
    return {Json(), std::move(message), status, std::string()};
  }
};

class EventQueries {
 public:
  virtual ~EventQueries() = default;
  // {"events": [event…], "has_more": bool, and optionally "total" (events
  // matching the filter) and "next_cursor"}; newest first (date, then id descending).
  virtual Answer list_events(const EventFilter& f, const Page& page) = 0;
  // Every event matching f in an export format (csv | acled | geojson |
  // jsonl; store/export.h) as text in Answer::raw_events; 501 where unsupported.
  virtual Answer export_events(const EventFilter& f, const std::string& format) {
    (void)f, (void)format;
    return Answer::fail(501, "export needs a store (sitrep serve --db)");
  }
  // An event with "report_list": [{id, document, published, source, title, url,
  // event: {…, evidence: [{start, end}]}}]; 404 when unknown.
  virtual Answer get_event(const std::string& id) = 0;
  // {id, published, source, title, url, text, spans: [{start, end, kind, label,
  // ref}]}; kind: entity (label = entity type) | evidence (ref = report id) | number.
  virtual Answer get_document(const std::string& id) = 0;
  // {"series": [{metric, group, place, country, source, points: [{as_of, since, low, high, document}]}]}
  virtual Answer tallies(const std::string& metric, const std::string& group) = 0;
  // {"documents", "reports", "events", "tallies", "sources", "first_date", "last_date", …}
  virtual Answer stats() = 0;
  // Adds processed documents; {"added", "skipped", "reports"}. 501 when read-only.
  virtual Answer ingest(std::vector<Document>& docs) = 0;
};

}  // namespace sitrep::server
