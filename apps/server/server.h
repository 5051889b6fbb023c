// `sitrep serve`: the HTTP API and the page, over an EventQueries.
// Input: HTTP requests (untrusted: parameters are checked, bodies bounded,
// pages capped at kMaxLimit rows). Output: JSON (errors as {"error", "status"}),
// GeoJSON, and the page's static files embedded in the binary (assets.h).
// Invariants: GET routes only read; POST /api/reports exists only with
// allow_ingest and a non-empty token, and needs "Authorization: Bearer TOKEN".
// Every response carries a Content-Security-Policy and nosniff; no CORS.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "server/queries.h"

namespace httplib {
class Server;
}

namespace sitrep::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                      // 0 = any free port
  int threads = 16;                     // worker threads (each holds one keep-alive connection)
  size_t max_body_bytes = 8u << 20;     // POST bodies above this get 413
  bool allow_ingest = false;
  std::string token;                    // bearer token for POST /api/reports
  // Runs the engine over a posted report before it is stored (ingest needs it).
  std::function<void(Document&)> process;
  bool log_requests = false;
};

// Registers every route and handler on `svr`. `q` must outlive it.
void install_routes(httplib::Server& svr, EventQueries& q, const ServerOptions& opt);

// Parses the /api/events query parameters (names as the CLI's flags: from, to,
// type, country, actor, near=LAT,LON,KM, bbox=W,S,E,N, text, min_killed, limit,
// offset or cursor). Returns "" or the message for a 400 answer.
// Unknown parameters, repeated ones and bad values are errors.
std::string parse_event_params(const std::multimap<std::string, std::string>& params, EventFilter* f, Page* page);

// Turns a list_events answer into a GeoJSON FeatureCollection (located events only).
Json to_geojson(const Json& events);

}  // namespace sitrep::server
