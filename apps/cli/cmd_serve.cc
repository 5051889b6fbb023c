// sitrep serve: the HTTP API and the page over a store (apps/server/).
#include <httplib.h>
#include <signal.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "commands.h"
#include "read/json_limits.h"
#include "server/fixture_documents.h"
#include "server/fixture_queries.h"
#include "server/server.h"
#include "server/store_queries.h"
#include "sitrep/engine.h"
#include "store/store.h"

namespace sitrep::cli {
namespace {

std::string load_fixture_into(const std::string& path, const std::string& url) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) return path + ": cannot open: " + (errno ? std::strerror(errno) : "unknown error");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  if (size_t deep = find_json_too_deep(text); deep != std::string::npos)
    return path + ": byte " + std::to_string(deep) + ": JSON nested deeper than " +
           std::to_string(kMaxJsonDepth) + " levels";
  server::Json j = server::Json::parse(text, nullptr, false);
  if (j.is_discarded()) return path + ": not JSON";
  std::vector<Document> docs;
  if (auto e = server::fixture_documents(j, &docs); !e.empty()) return path + ": " + e;
  std::string err;
  auto st = store::Store::open(url, &err);
  if (!st) return err;
  auto r = st->add(docs);
  if (!r.ok()) return url + ": " + r.error;
  return "";
}

}  // namespace

Command add_serve(CLI::App& app) {
  struct Opts {
    std::string db, fixture, load_fixture, host = "127.0.0.1", token, data_dir;
    int port = 8080;
    int threads = 64;
    size_t max_body = 8u << 20;
    bool allow_ingest = false;
    bool log = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("serve", "serve the HTTP API and the map page over a store");
  cmd->add_option("--db", o->db,
                  "the store: a SQLite file or postgresql://… (must exist: sitrep ingest makes it)");
  cmd->add_option("--fixture", o->fixture,
                  "serve a JSON file in the API's shapes instead of a store (tests, demos)");
  cmd->add_option(
      "--load-fixture", o->load_fixture,
      "first add the documents of a fixture file (tests/web/fixture.json) to --db (tests, demos)");
  cmd->add_option("--host", o->host, "address to bind (default 127.0.0.1: this machine only)");
  cmd->add_option("--port,-p", o->port, "port (0 = any free port; the address is printed on stderr)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--threads,-j", o->threads, "worker threads")->check(CLI::Range(1, 256));
  cmd->add_option("--max-body", o->max_body, "largest POST body in bytes")->check(CLI::Range(1024, 1 << 30));
  cmd->add_flag("--allow-ingest", o->allow_ingest, "accept POST /api/reports (needs --token)");
  cmd->add_option("--token", o->token, "bearer token for POST /api/reports (or env SITREP_TOKEN)");
  cmd->add_option("--data", o->data_dir,
                  "folder with lexicon.bin and models/ for ingest (default: found automatically)");
  cmd->add_flag("--log", o->log, "log each request to stderr");
  return {cmd, [o]() -> int {
            if (o->db.empty() == o->fixture.empty()) {
              std::fprintf(stderr, "sitrep serve: give --db PATH (or --fixture FILE)\n");
              return 2;
            }
            if (o->token.empty())
              if (const char* t = std::getenv("SITREP_TOKEN")) o->token = t;
            if (o->allow_ingest && o->token.size() < 8) {
              std::fprintf(stderr, "sitrep serve: --allow-ingest needs --token of at least 8 characters\n");
              return 2;
            }
            std::string err;
            if (!o->load_fixture.empty()) {
              if (o->db.empty()) {
                std::fprintf(stderr, "sitrep serve: --load-fixture needs --db\n");
                return 2;
              }
              if (auto e = load_fixture_into(o->load_fixture, o->db); !e.empty()) {
                std::fprintf(stderr, "sitrep serve: %s\n", e.c_str());
                return 1;
              }
            }
            std::unique_ptr<server::EventQueries> q;
            if (!o->fixture.empty())
              q = server::FixtureQueries::from_file(o->fixture, &err);
            else
              q = server::open_store_queries(o->db, o->allow_ingest, &err);
            if (!q) {
              std::fprintf(stderr, "sitrep serve: %s\n", err.c_str());
              return 1;
            }
            std::unique_ptr<Engine> engine;
            if (o->allow_ingest) engine = std::make_unique<Engine>(EngineOptions{o->data_dir});

            server::ServerOptions so;
            so.host = o->host;
            so.port = o->port;
            so.threads = o->threads;
            so.max_body_bytes = o->max_body;
            so.allow_ingest = o->allow_ingest;
            so.token = o->token;
            if (engine) so.process = [e = engine.get()](Document& d) { e->process(d); };
            so.log_requests = o->log;
            auto svr_ptr = server::make_server(*q, so);
            httplib::Server& svr = *svr_ptr;

            // SIGINT / SIGTERM stop the server cleanly: block them in every thread and
            // wait for them on one.
            sigset_t sigs;
            sigemptyset(&sigs);
            sigaddset(&sigs, SIGINT);
            sigaddset(&sigs, SIGTERM);
            pthread_sigmask(SIG_BLOCK, &sigs, nullptr);

            int port = o->port;
            if (port == 0) {
              port = svr.bind_to_any_port(o->host);
              if (port < 0) port = 0;
            } else if (!svr.bind_to_port(o->host, port)) {
              port = 0;
            }
            if (port == 0) {
              std::fprintf(stderr, "sitrep serve: cannot listen on %s:%d\n", o->host.c_str(), o->port);
              return 1;
            }
            if (o->host != "127.0.0.1" && o->host != "localhost" && o->host != "::1")
              std::fprintf(stderr, "sitrep serve: warning: listening beyond this machine on plain HTTP%s\n",
                           o->allow_ingest ? "; the ingest token travels unencrypted" : "");
            std::fprintf(stderr, "sitrep serve: listening on http://%s:%d/\n", o->host.c_str(), port);
            std::fflush(stderr);
            std::thread stopper([&svr, sigs] {
              int sig = 0;
              sigwait(&sigs, &sig);
              svr.stop();
            });
            bool ok = svr.listen_after_bind();
            if (stopper.joinable()) {
              if (!ok) pthread_kill(stopper.native_handle(), SIGTERM);
              stopper.join();
            }
            return ok ? 0 : 1;
          }};
}

}  // namespace sitrep::cli
