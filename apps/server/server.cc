#include "server/server.h"

#include <httplib.h>
#include <netdb.h>
#include <poll.h>
#include <simdjson.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "read/json_limits.h"
#include "read/reader.h"
#include "server/assets.h"
#include "store/filters.h"

namespace sitrep::server {
namespace {

using Clock = std::chrono::steady_clock;

// One connection's socket with deadlines: httplib's own stream waits
// read_timeout per recv, so a client sending a header line every few seconds
// would hold a worker forever. Reads fail once the request's read deadline
// has passed (headers, then body), writes once the response's has.
class DeadlineStream final : public httplib::Stream {
 public:
  DeadlineStream(int sock, const ServerOptions& opt) : sock_(sock), opt_(opt) {}

  // A new request starts now: its headers are due within header_timeout_ms.
  void begin_request() {
    auto now = Clock::now();
    read_deadline_ = now + std::chrono::milliseconds(opt_.header_timeout_ms);
    write_deadline_ =
        read_deadline_ + std::chrono::milliseconds(opt_.body_timeout_ms + opt_.write_timeout_ms);
  }
  // The headers are in: the body is due within body_timeout_ms.
  void headers_done() {
    auto now = Clock::now();
    read_deadline_ = now + std::chrono::milliseconds(opt_.body_timeout_ms);
    write_deadline_ = read_deadline_ + std::chrono::milliseconds(opt_.write_timeout_ms);
  }
  bool timed_out() const { return timed_out_; }
  // The connection ends after this response (a request body left unread).
  void close_after() { close_after_ = true; }
  bool closing() const { return timed_out_ || close_after_; }

  // Keep-alive: true when the next request's first byte arrives within `ms`;
  // false at once when other connections wait for a worker (this one yields).
  bool wait_next_request(int ms, const std::atomic<int>& waiting) {
    if (off_ < len_) return true;
    auto end = Clock::now() + std::chrono::milliseconds(ms);
    while (Clock::now() < end) {
      if (waiting.load() > 0) return false;
      pollfd p{sock_, POLLIN, 0};
      int r = ::poll(&p, 1, 50);
      if (r > 0) return true;
      if (r < 0 && errno != EINTR) return false;
    }
    return false;
  }

  bool is_readable() const override { return off_ < len_ || wait(POLLIN, read_deadline_); }
  bool is_writable() const override { return wait(POLLOUT, write_deadline_); }

  ssize_t read(char* ptr, size_t size) override {
    if (off_ < len_) {
      size_t n = std::min(size, len_ - off_);
      std::memcpy(ptr, buf_ + off_, n);
      off_ += n;
      return static_cast<ssize_t>(n);
    }
    if (!wait(POLLIN, read_deadline_)) return -1;
    bool direct = size >= sizeof buf_;
    ssize_t n;
    do n = ::recv(sock_, direct ? ptr : buf_, direct ? size : sizeof buf_, 0);
    while (n < 0 && errno == EINTR);
    if (n <= 0 || direct) return n;
    len_ = static_cast<size_t>(n), off_ = 0;
    return read(ptr, size);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!wait(POLLOUT, write_deadline_)) return -1;
    ssize_t n;
    do n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { address(true, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { address(false, ip, port); }
  ::socket_t socket() const override { return sock_; }

 private:
  // Waits for `events` until `deadline`; false (and timed_out_) when it passes.
  bool wait(short events, Clock::time_point deadline) const {
    while (true) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) {
        timed_out_ = true;
        return false;
      }
      pollfd p{sock_, events, 0};
      int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
      if (r > 0) return true;  // ready, or an error/hangup that recv/send will report
      if (r < 0 && errno != EINTR) return false;
    }
  }
  void address(bool peer, std::string& ip, int& port) const {
    sockaddr_storage a{};
    socklen_t len = sizeof a;
    int r = peer ? ::getpeername(sock_, reinterpret_cast<sockaddr*>(&a), &len)
                 : ::getsockname(sock_, reinterpret_cast<sockaddr*>(&a), &len);
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    if (r != 0 || ::getnameinfo(reinterpret_cast<sockaddr*>(&a), len, host, sizeof host, serv, sizeof serv,
                                NI_NUMERICHOST | NI_NUMERICSERV) != 0)
      return;
    ip = host;
    port = std::atoi(serv);
  }

  int sock_;
  const ServerOptions& opt_;
  Clock::time_point read_deadline_{}, write_deadline_{};
  mutable bool timed_out_ = false;
  bool close_after_ = false;
  char buf_[4096];
  size_t off_ = 0, len_ = 0;
};

// The stream of the connection this worker thread serves (null outside a
// GuardedServer): the pre-routing handler moves it from headers to body.
thread_local DeadlineStream* t_stream = nullptr;
// Set while the accept thread closes a connection the queue has no room for.
thread_local bool t_reject = false;

// A fixed pool of workers over a bounded FIFO of accepted connections.
// `waiting` is how many connections wait: keep-alive connections yield their
// worker while it is > 0, so a 17th client is not starved by 16 others.
class FairQueue final : public httplib::TaskQueue {
 public:
  FairQueue(size_t threads, size_t max_queued, std::atomic<int>* waiting)
      : max_queued_(max_queued), waiting_(waiting) {
    for (size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
  }
  void enqueue(std::function<void()> fn) override {
    {
      std::lock_guard lock(mu_);
      if (jobs_.size() < max_queued_) {
        jobs_.push_back(std::move(fn));
        waiting_->store(static_cast<int>(jobs_.size()));
        cv_.notify_one();
        return;
      }
    }
    t_reject = true;  // full: the connection gets a 503 on this thread, at once
    fn();
    t_reject = false;
  }
  void shutdown() override {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
  }

 private:
  void work() {
    while (true) {
      std::function<void()> fn;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        fn = std::move(jobs_.front());
        jobs_.pop_front();
        waiting_->store(static_cast<int>(jobs_.size()));
      }
      fn();
    }
  }
  size_t max_queued_;
  std::atomic<int>* waiting_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> workers_;
  bool stop_ = false;
};

class GuardedServer final : public httplib::Server {
 public:
  explicit GuardedServer(const ServerOptions& opt) : opt_(opt) {}
  void use_fair_queue() {
    size_t threads = static_cast<size_t>(std::max(1, opt_.threads));
    size_t queued = static_cast<size_t>(std::max(1, opt_.max_queued));
    new_task_queue = [this, threads, queued] { return new FairQueue(threads, queued, &waiting_); };
  }

 private:
  bool process_and_close_socket(::socket_t sock) override {
    bool ret = false;
    if (t_reject) {
      static const char kBusy[] =
          "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: 47\r\n"
          "Retry-After: 1\r\nConnection: close\r\n\r\n{\"error\":\"server busy, try again\",\"status\":503}";
      (void)::send(sock, kBusy, sizeof kBusy - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
    } else {
      DeadlineStream strm(sock, opt_);
      t_stream = &strm;
      int max = std::max(1, opt_.keep_alive_max);
      for (int served = 0; served < max && is_running(); ++served) {
        if (served > 0 && !strm.wait_next_request(opt_.keep_alive_ms, waiting_)) break;
        strm.begin_request();  // the first request's time runs from the accept
        bool close = served + 1 == max || waiting_.load() > 0;
        bool closed = false;
        ret = process_request(strm, close, closed, nullptr);
        if (!ret || closed || strm.closing()) break;
      }
      t_stream = nullptr;
    }
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ret;
  }

  const ServerOptions& opt_;
  std::atomic<int> waiting_{0};
};

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
  if (a.status >= 500) {
    // A database's own words (SQL, FTS5 syntax, paths) go to the log, not to clients.
    std::fprintf(stderr, "sitrep serve: %d: %s\n", a.status, a.error.c_str());
    return send_error(res, a.status,
                      a.status == 501 ? a.error : "the query failed; the server log has the reason");
  }
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
  for (size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i] ^ b[i % (b.empty() ? 1 : b.size())]);
  return diff == 0 && !b.empty();
}

// At most this many read errors are listed in a POST answer (the rest are counted).
constexpr size_t kMaxListedErrors = 100;

// A body that is one JSON object spread over several lines (pretty-printed)
// as one line; "" when the body is anything else (JSON Lines, one line, bad).
std::string single_object(const std::string& body) {
  size_t start = body.find_first_not_of(" \t\r\n");
  if (start == std::string::npos || body[start] != '{') return "";
  size_t nl = body.find('\n', start);
  if (nl == std::string::npos || body.find_first_not_of(" \t\r\n", nl) == std::string::npos) return "";
  if (find_json_too_deep(body) != std::string::npos) return "";  // the reader words that error
  thread_local simdjson::dom::parser parser;
  simdjson::dom::object obj;
  if (parser.parse(body.data(), body.size()).get_object().get(obj)) return "";  // not one object: JSON Lines
  std::string out(body.size(), '\0');
  size_t len = 0;
  if (simdjson::minify(body.data(), body.size(), out.data(), len)) return "";
  out.resize(len);
  return out;
}

// Answers 403 (ingest off) or 401 (no or wrong token) and returns true, or
// returns false when the request may ingest.
bool refuse_ingest(const httplib::Request& req, const ServerOptions& opt, httplib::Response& res) {
  if (!opt.allow_ingest || opt.token.empty() || !opt.process) {
    send_error(res, 403, "ingest is off; start sitrep serve with --allow-ingest --token TOKEN");
    return true;
  }
  std::string auth = req.get_header_value("Authorization");
  const std::string kBearer = "Bearer ";
  if (auth.compare(0, kBearer.size(), kBearer) != 0 ||
      !constant_time_equal(auth.substr(kBearer.size()), opt.token)) {
    res.set_header("WWW-Authenticate", "Bearer");
    send_error(res, 401, "missing or wrong bearer token");
    return true;
  }
  return false;
}

void log_request(const httplib::Request& req, const httplib::Response& res) {
  std::fprintf(stderr, "%s %s %d %zu\n", req.method.c_str(), req.path.c_str(), res.status, res.body.size());
}

}  // namespace

std::string parse_event_params(const std::multimap<std::string, std::string>& params, EventFilter* f,
                               Page* page) {
  static const std::set<std::string> kKnown = {
      "from",       "to",    "type",   "country", "actor",  "near",       "bbox",     "text",
      "min_killed", "limit", "offset", "cursor",  "format", "acled_type", "modality", "background"};
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
      if (value != "exclude" && value != "include" && value != "only")
        return "background: exclude, include or only";
      f->background = value;
    } else if (key == "actor") {
      f->actor = value;
    } else if (key == "text") {
      // Words are runs of letters and digits (any non-ASCII byte counts as a
      // letter, as in the store's index): punctuation alone matches nothing.
      if (std::none_of(value.begin(), value.end(), [](char c) {
            auto u = static_cast<unsigned char>(c);
            return u >= 0x80 || std::isalnum(u);
          }))
        return "text: give at least one word (letters or digits); punctuation alone matches nothing";
      f->text = value;
    } else if (key == "near") {
      double v[3];
      if (!parse_doubles(value, 3, v) || std::fabs(v[0]) > 90 || std::fabs(v[1]) > 180 || v[2] <= 0 ||
          v[2] > 20000)
        return "near: LAT,LON,KM with -90 ≤ LAT ≤ 90, -180 ≤ LON ≤ 180, 0 < KM ≤ 20000";
      f->near_lat = v[0], f->near_lon = v[1], f->near_km = v[2];
    } else if (key == "bbox") {
      double v[4];
      if (!parse_doubles(value, 4, v) || std::fabs(v[0]) > 180 || std::fabs(v[2]) > 180 ||
          std::fabs(v[1]) > 90 || std::fabs(v[3]) > 90 || v[1] > v[3])
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
    } else if (key == "cursor" && !value.empty() &&
               !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      page->cursor = value;  // a keyset cursor; a number is an offset (older clients)
    } else if (key == "offset" || key == "cursor") {
      int64_t n;
      if (!parse_int(value, &n) || n < 0 || n > kMaxOffset)
        return key + ": 0 to " + std::to_string(kMaxOffset);
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
            {"place_name", "location"},
            {"place_country", "country"},
            {"place_admin1", "admin1"},
            {"place_precision", "geo_precision"},
            {"place_lat", "latitude"},
            {"place_lon", "longitude"},
            {"date_start", "event_date"},
            {"date_end", "date_end"},
            {"acled_event_type", "acled_event_type"},
            {"acled_sub_event_type", "acled_sub_event_type"},
            {"actor_name", "actor1"},
            {"actor_country", "actor1_country"},
            {"actor_code", "actor1_code"},
            {"actor_sector", "actor1_sector"},
            {"recipient_name", "actor2"},
            {"recipient_country", "actor2_country"},
            {"recipient_code", "actor2_code"},
            {"recipient_sector", "actor2_sector"}};
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
    feats.push_back(
        {{"type", "Feature"},
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
  svr.set_keep_alive_max_count(static_cast<size_t>(std::max(1, opt.keep_alive_max)));
  svr.set_keep_alive_timeout(std::max(1, opt.keep_alive_ms / 1000));
  svr.set_tcp_nodelay(true);  // headers and body go out in two writes: no 40 ms delayed-ACK stall
  svr.set_read_timeout(10, 0);
  svr.set_write_timeout(10, 0);
  int threads = std::max(1, opt.threads);
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };

  // Any status ≥ 400 without a body (no route, 413 …) becomes a JSON error.
  svr.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
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
      std::fprintf(stderr, "sitrep serve: internal error: %s\n", e.what());  // the details stay in the log
    } catch (...) {
    }
    send_error(res, 500, what);
  });
  if (opt.log_requests) svr.set_logger(log_request);
  svr.set_pre_routing_handler([&opt](const httplib::Request& req, httplib::Response& res) {
    if (t_stream) t_stream->headers_done();
    // Ingest without the token is refused before its body is read (and the
    // connection closed, the body unread): only a holder of the token can
    // make the server take in megabytes.
    if (req.method == "POST" && req.path == "/api/reports" && refuse_ingest(req, opt, res)) {
      res.set_header("Connection", "close");
      if (t_stream) t_stream->close_after();
      return httplib::Server::HandlerResponse::Handled;
    }
    // A multi-part Range would copy the body once per part (900 parts of a
    // 150 KB page = 132 MB): such requests get the whole body instead, which
    // RFC 9110 allows; so do API answers (built per request). One range of a
    // static file is served as asked (206).
    if (req.ranges.size() > 1 || !find_asset(req.path == "/" ? "/index.html" : req.path))
      const_cast<httplib::Request&>(req).ranges.clear();
    return httplib::Server::HandlerResponse::Unhandled;
  });

  svr.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    send_json(res, Json{{"ok", true}});
  });

  svr.Get("/api/events", [&q](const httplib::Request& req, httplib::Response& res) {
    EventFilter f;
    Page page;
    if (auto err = parse_event_params(req.params, &f, &page); !err.empty()) return send_error(res, 400, err);
    Answer a = q.list_events(f, page);
    if (!a.ok()) return send_answer(res, a);
    bool has_more = a.value.value("has_more", false);
    Json next = !has_more                         ? Json(nullptr)
                : a.value.contains("next_cursor") ? a.value["next_cursor"]
                                                  : Json(std::to_string(page.offset + page.limit));
    Json total = a.value.contains("total") ? a.value["total"] : Json(nullptr);
    res.set_header("Cache-Control", "no-store");
    if (req.get_param_value("format") == "geojson") {
      // Rows come from the store, data on disk: bounded before a tree is built.
      Json events = !a.raw_events.empty() && find_json_too_deep(a.raw_events) != std::string::npos
                        ? Json::array()
                    : a.raw_events.empty() ? a.value["events"]
                                           : Json::parse(a.raw_events, nullptr, false);
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
                                              (format == "acled" ? "-acled" : "") + "." + fmt->second.second +
                                              "\"");
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
      if (key != "metric" && key != "group")
        return send_error(res, 400, "unknown parameter \"" + key.substr(0, 40) + "\"");
      if (value.size() > kMaxParamBytes) return send_error(res, 400, key + " is longer than 200 bytes");
    }
    std::string metric = req.get_param_value("metric");
    static const std::set<std::string> kMetrics = {"",        "killed",   "injured",
                                                   "missing", "arrested", "displaced"};
    if (!kMetrics.count(metric))
      return send_error(res, 400, "metric: killed, injured, missing, arrested or displaced");
    send_answer(res, q.tallies(metric, req.get_param_value("group")));
  });

  svr.Get("/api/stats",
          [&q](const httplib::Request&, httplib::Response& res) { send_answer(res, q.stats()); });

  svr.Post("/api/reports", [&q, &opt](const httplib::Request& req, httplib::Response& res) {
    if (refuse_ingest(req, opt, res)) return;
    // A body that is one JSON object (possibly pretty-printed) is one report;
    // anything else is read as JSON Lines. Reports are processed and stored
    // ingest_batch at a time, so memory stays bounded by the body plus a batch.
    std::string one = single_object(req.body);
    Reader reader;
    std::vector<Document> batch;
    Json errors = Json::array();
    size_t n_errors = 0, n_docs = 0;
    Json totals = Json::object();
    Answer failed;
    bool fail = false;
    auto flush = [&] {
      if (batch.empty() || fail) return;
      for (auto& d : batch) opt.process(d);
      Answer a = q.ingest(batch);
      batch.clear();
      if (!a.ok()) {
        failed = std::move(a);
        fail = true;
        return;
      }
      for (auto it = a.value.begin(); it != a.value.end(); ++it) {
        if (it->is_number_integer() && totals.value(it.key(), Json(0)).is_number_integer())
          totals[it.key()] = totals.value(it.key(), int64_t{0}) + it->get<int64_t>();
        else
          totals[it.key()] = *it;
      }
    };
    reader.read_bytes(
        "POST /api/reports", one.empty() ? std::string_view(req.body) : std::string_view(one),
        [&](Document&& d) {
          if (fail) return;
          ++n_docs;
          batch.push_back(std::move(d));
          if (batch.size() >= std::max<size_t>(1, opt.ingest_batch)) flush();
        },
        [&](const ReadError& e) {
          if (e.warning) return;
          if (++n_errors <= kMaxListedErrors) errors.push_back(e.format());
        },
        InputFormat::Jsonl);
    flush();
    if (n_docs == 0)
      return send_json(
          res,
          Json{{"error", errors.empty() ? "no reports in the body" : errors[0].get<std::string>()},
               {"status", 400},
               {"errors", errors}},
          400);
    if (fail) {
      std::fprintf(stderr, "sitrep serve: ingest: %d: %s\n", failed.status, failed.error.c_str());
      Json j{{"error", "ingest failed after " + std::to_string(totals.value("added", int64_t{0})) +
                           " reports were stored; the server log has the reason"},
             {"status", failed.status}};
      j.update(totals);
      return send_json(res, j, failed.status);
    }
    totals["errors"] = errors;
    if (n_errors > kMaxListedErrors) totals["errors_not_listed"] = n_errors - kMaxListedErrors;
    send_json(res, totals, 200);
  });

  auto serve_asset = [](const std::string& path, httplib::Response& res) {
    const Asset* a = find_asset(path);
    if (!a) return send_error(res, 404, "not found");
    // No status: httplib answers 200, or 206 with the one range asked for.
    res.set_header("Cache-Control", "no-cache");
    res.set_content(reinterpret_cast<const char*>(a->data), a->size, a->mime);
  };
  svr.Get("/", [serve_asset](const httplib::Request&, httplib::Response& res) {
    serve_asset("/index.html", res);
  });
  svr.Get(R"(/((?:[A-Za-z0-9_-]+/)?[A-Za-z0-9_.-]+))",
          [serve_asset](const httplib::Request& req, httplib::Response& res) { serve_asset(req.path, res); });
}

std::unique_ptr<httplib::Server> make_server(EventQueries& q, const ServerOptions& opt) {
  auto svr = std::make_unique<GuardedServer>(opt);
  install_routes(*svr, q, opt);
  svr->use_fair_queue();
  return svr;
}

}  // namespace sitrep::server
