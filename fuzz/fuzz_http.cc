// libFuzzer: every HTTP handler of `sitrep serve` (GET routes, POST ingest
// with the token) behind cpp-httplib's request parser, on arbitrary request
// bytes, over the test fixture. No sockets: the request is read from memory.
#include <httplib.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "server/fixture_queries.h"
#include "server/server.h"

namespace {

class MemoryStream final : public httplib::Stream {
 public:
  MemoryStream(const uint8_t* data, size_t size) : data_(reinterpret_cast<const char*>(data)), size_(size) {}
  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    size_t n = std::min(size, size_ - off_);
    std::memcpy(ptr, data_ + off_, n);
    off_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char*, size_t size) override { return static_cast<ssize_t>(size); }
  void get_remote_ip_and_port(std::string& ip, int& port) const override { ip = "127.0.0.1", port = 1; }
  void get_local_ip_and_port(std::string& ip, int& port) const override { ip = "127.0.0.1", port = 2; }
  ::socket_t socket() const override { return -1; }
  bool done() const { return off_ >= size_; }

 private:
  const char* data_;
  size_t size_, off_ = 0;
};

class FuzzServer : public httplib::Server {
 public:
  void feed(MemoryStream& s) {
    for (int i = 0; i < 8 && !s.done(); ++i) {
      bool closed = false;
      if (!process_request(s, false, closed, nullptr) || closed) break;
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static sitrep::server::ServerOptions opt = [] {
    sitrep::server::ServerOptions o;
    o.allow_ingest = true;
    o.token = "fuzz";
    o.max_body_bytes = 1 << 16;
    o.process = [](sitrep::Document&) {};
    return o;
  }();
  static std::string err;
  static auto q = sitrep::server::FixtureQueries::from_file(SITREP_FUZZ_FIXTURE, &err);
  static FuzzServer* svr = [] {
    auto* s = new FuzzServer;
    sitrep::server::install_routes(*s, *q, opt);
    return s;
  }();
  MemoryStream in(data, size);
  svr->feed(in);
  return 0;
}
