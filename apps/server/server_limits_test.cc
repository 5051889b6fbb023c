// Hardening of `sitrep serve` (issue 18): slow and greedy clients, deep JSON,
// multi-part ranges and punctuation-only queries, over real sockets on
// 127.0.0.1. Every client here has a bounded number of requests and its own
// timeouts, so each test ends by itself within seconds.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "server/fixture_queries.h"
#include "server/server.h"

namespace sitrep::server {
namespace {

using Clock = std::chrono::steady_clock;

std::unique_ptr<FixtureQueries> fixture() {
  std::string err;
  auto q = FixtureQueries::from_file(std::string(SITREP_TEST_DIR) + "/web/fixture.json", &err);
  EXPECT_TRUE(q) << err;
  return q;
}

class Running {
 public:
  Running(EventQueries& q, const ServerOptions& opt) : opt_(opt) {
    svr_ = make_server(q, opt_);
    port_ = svr_->bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { svr_->listen_after_bind(); });
    while (!svr_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Running() {
    svr_->stop();
    thread_.join();
  }
  int port() const { return port_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(2, 0);
    c.set_read_timeout(5, 0);
    return c;
  }

 private:
  ServerOptions opt_;
  std::unique_ptr<httplib::Server> svr_;
  int port_ = 0;
  std::thread thread_;
};

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Reads until the peer closes or `ms` pass; returns what came.
std::string read_all(int fd, int ms) {
  std::string out;
  auto end = Clock::now() + std::chrono::milliseconds(ms);
  char buf[4096];
  while (Clock::now() < end) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

TEST(ServerLimits, HealthzAnswersWhile32SlowClientsHoldConnections) {
  auto q = fixture();
  ServerOptions opt;
  opt.header_timeout_ms = 3000;
  Running s(*q, opt);
  // 32 clients that send a header line every 300 ms and never finish.
  std::atomic<bool> stop{false};
  std::vector<std::thread> slow;
  for (int i = 0; i < 32; ++i)
    slow.emplace_back([&, i] {
      int fd = connect_to(s.port());
      if (fd < 0) return;
      std::string first = "GET /api/stats HTTP/1.1\r\nHost: x\r\n";
      (void)::send(fd, first.data(), first.size(), MSG_NOSIGNAL);
      for (int k = 0; k < 20 && !stop; ++k) {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        std::string h = "X-Slow-" + std::to_string(i) + ": " + std::to_string(k) + "\r\n";
        if (::send(fd, h.data(), h.size(), MSG_NOSIGNAL) < 0) break;
      }
      ::close(fd);
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  for (int k = 0; k < 5; ++k) {
    auto t = Clock::now();
    auto r = s.client().Get("/healthz");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_LT(seconds_since(t), 1.0);
  }
  stop = true;
  for (auto& t : slow) t.join();
}

TEST(ServerLimits, ASlowHeaderClientIsCutOffAtTheDeadline) {
  auto q = fixture();
  ServerOptions opt;
  opt.header_timeout_ms = 600;
  Running s(*q, opt);
  int fd = connect_to(s.port());
  ASSERT_GE(fd, 0);
  auto t = Clock::now();
  std::string first = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  (void)::send(fd, first.data(), first.size(), MSG_NOSIGNAL);
  bool closed = false;
  for (int k = 0; k < 40 && !closed; ++k) {  // a header line every 100 ms, for up to 4 s
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::string h = "X-Slow: " + std::to_string(k) + "\r\n";
    closed = ::send(fd, h.data(), h.size(), MSG_NOSIGNAL) < 0;
    pollfd p{fd, POLLIN, 0};
    if (!closed && ::poll(&p, 1, 0) > 0) closed = true;  // an answer (400) or the close
  }
  ::close(fd);
  EXPECT_TRUE(closed);
  EXPECT_LT(seconds_since(t), 2.5);  // the 600 ms deadline, not the 4 s the client wanted
}

TEST(ServerLimits, KeepAliveClientsYieldToAWaitingOne) {
  auto q = fixture();
  ServerOptions opt;
  opt.threads = 4;
  opt.keep_alive_ms = 5000;
  Running s(*q, opt);
  // 4 keep-alive clients each hold a worker with a request every 100 ms.
  std::atomic<bool> stop{false};
  std::vector<std::thread> busy;
  for (int i = 0; i < 4; ++i)
    busy.emplace_back([&] {
      httplib::Client c = s.client();
      c.set_keep_alive(true);
      for (int k = 0; k < 40 && !stop; ++k) {
        c.Get("/healthz");
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto t = Clock::now();
  auto r = s.client().Get("/healthz");  // the 5th
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_LT(seconds_since(t), 1.0);
  stop = true;
  for (auto& b : busy) b.join();
}

TEST(ServerLimits, AFullQueueAnswers503AtOnce) {
  auto q = fixture();
  ServerOptions opt;
  opt.threads = 1;
  opt.max_queued = 1;
  opt.header_timeout_ms = 2000;
  Running s(*q, opt);
  int a = connect_to(s.port());  // holds the worker (no request yet)
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  int b = connect_to(s.port());  // waits in the queue
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  int c = connect_to(s.port());  // no room
  ASSERT_GE(c, 0);
  std::string got = read_all(c, 1000);
  EXPECT_NE(got.find("503"), std::string::npos) << got;
  for (int fd : {a, b, c}) ::close(fd);
}

TEST(ServerLimits, MultiPartRangesGetTheWholeBodyOnce) {
  auto q = fixture();
  Running s(*q, ServerOptions{});
  auto plain = s.client().Get("/app.js");
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200);
  std::string ranges = "bytes=0-";
  for (int i = 0; i < 900; ++i) ranges += ",0-" + std::to_string(100 + i);
  auto r = s.client().Get("/app.js", {{"Range", ranges}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body.size(), plain->body.size());
  auto one = s.client().Get("/app.js", {{"Range", "bytes=0-9"}});  // one range: served as asked, or whole
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 206);
  EXPECT_EQ(one->body.size(), 10u);
  auto api = s.client().Get("/api/stats", {{"Range", "bytes=0-3"}});  // API answers come whole
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 200);
  EXPECT_EQ(api->body.front(), '{');
  EXPECT_EQ(api->body.back(), '}');
}

TEST(ServerLimits, PunctuationOnlyTextIsA400) {
  auto q = fixture();
  Running s(*q, ServerOptions{});
  for (const char* t : {"%25", "_", "*", "(((", "%22%22"}) {
    auto r = s.client().Get((std::string("/api/events?text=") + t).c_str());
    ASSERT_TRUE(r) << t;
    EXPECT_EQ(r->status, 400) << t << " " << r->body;
    EXPECT_NE(r->body.find("punctuation"), std::string::npos) << r->body;
  }
}

TEST(ServerLimits, DeeplyNestedPostIsRefusedNotACrash) {
  auto q = fixture();
  ServerOptions opt;
  opt.allow_ingest = true;
  opt.token = "tok-tok";
  opt.process = [](Document&) {};
  Running s(*q, opt);
  std::string deep = R"({"date":"2024-03-01","text":"A report.","extra":)" + std::string(70000, '[') +
                     std::string(70000, ']') + "}\n";
  auto r =
      s.client().Post("/api/reports", {{"Authorization", "Bearer tok-tok"}}, deep, "application/x-ndjson");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("nested deeper"), std::string::npos) << r->body.substr(0, 300);
  // Pretty-printed single objects still work, and the server still answers.
  std::string pretty =
      "{\n  \"date\": \"2024-03-01\",\n  \"text\": \"A bridge was closed.\",\n  \"lang\": [\"en\"]\n}\n";
  auto ok =
      s.client().Post("/api/reports", {{"Authorization", "Bearer tok-tok"}}, pretty, "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  auto h = s.client().Get("/healthz");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, 200);
}

TEST(ServerLimits, IngestWithoutTheTokenIsRefusedBeforeTheBody) {
  auto q = fixture();
  ServerOptions opt;
  opt.allow_ingest = true;
  opt.token = "tok-tok";
  opt.process = [](Document&) {};
  opt.body_timeout_ms = 10000;
  Running s(*q, opt);
  int fd = connect_to(s.port());
  ASSERT_GE(fd, 0);
  auto t = Clock::now();
  std::string head =
      "POST /api/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\n"
      "Content-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{\"text\":";
  (void)::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
  std::string got = read_all(fd, 2000);
  ::close(fd);
  EXPECT_EQ(got.rfind("HTTP/1.1 401", 0), 0u) << got;
  EXPECT_LT(seconds_since(t), 1.5);  // not the 10 s body deadline
}

TEST(ServerLimits, ADeepFixtureIsRefusedWithItsPosition) {
  std::string err;
  std::string deep = R"({"events":[{"id":"e","type":"ASSAULT","x":)" + std::string(70000, '[') +
                     std::string(70000, ']') + "}]}";
  EXPECT_FALSE(FixtureQueries::from_json(deep, &err));
  EXPECT_NE(err.find("deeper than"), std::string::npos) << err;
  EXPECT_NE(err.find("byte"), std::string::npos) << err;
}

}  // namespace
}  // namespace sitrep::server
