// `sitrep serve`: the HTTP API and the page, over an EventQueries.
// Input: HTTP requests (untrusted: parameters are checked, bodies bounded,
// pages capped at kMaxLimit rows). Output: JSON (errors as {"error", "status"}),
// GeoJSON, and the page's static files embedded in the binary (assets.h).
// Invariants: GET routes only read; POST /api/reports exists only with
// allow_ingest and a non-empty token, and needs "Authorization: Bearer TOKEN".
// Every response carries a Content-Security-Policy and nosniff; no CORS.
// Clients cannot stall it (make_server): each request must send its headers
// within header_timeout_ms and its body within body_timeout_ms of them; a
// keep-alive connection yields its worker when others wait; connections past
// max_queued get 503; multi-part Range requests get the whole body.
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
  int port = 8080;                   // 0 = any free port
  int threads = 64;                  // worker threads (each holds one connection at a time)
  size_t max_body_bytes = 8u << 20;  // POST bodies above this get 413
  int max_queued = 256;              // accepted connections waiting for a worker; more get 503
  int header_timeout_ms = 5000;      // request line + headers, from the first byte (or the accept)
  int body_timeout_ms = 30000;       // the body, once the headers are in
  int write_timeout_ms = 30000;      // the whole response
  int keep_alive_ms = 2000;          // idle time before a keep-alive connection is closed
  int keep_alive_max = 100;          // requests per connection
  size_t ingest_batch = 32;          // POST /api/reports: reports processed and stored at a time
  bool allow_ingest = false;
  std::string token;  // bearer token for POST /api/reports
  // Runs the engine over a posted report before it is stored (ingest needs it).
  std::function<void(Document&)> process;
  bool log_requests = false;
};

// Registers every route and handler on `svr`. `q` must outlive it.
void install_routes(httplib::Server& svr, EventQueries& q, const ServerOptions& opt);

// A server with the routes installed and the connection limits of `opt`
// (deadlines, fair bounded queue). `q` and `opt` must outlive it.
std::unique_ptr<httplib::Server> make_server(EventQueries& q, const ServerOptions& opt);

// Parses the /api/events query parameters (names as the CLI's flags: from, to,
// type, country, actor, near=LAT,LON,KM, bbox=W,S,E,N, text, min_killed, limit,
// offset or cursor). Returns "" or the message for a 400 answer.
// Unknown parameters, repeated ones and bad values are errors.
std::string parse_event_params(const std::multimap<std::string, std::string>& params, EventFilter* f,
                               Page* page);

// Turns a list_events answer into a GeoJSON FeatureCollection (located events only).
Json to_geojson(const Json& events);

}  // namespace sitrep::server
