// API tests: a real server on a loopback port over tests/web/fixture.json,
// driven by httplib's client.
#include "server/server.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "server/assets.h"
#include "server/event_writer.h"
#include "server/fixture_documents.h"
#include "server/fixture_queries.h"
#include "server/store_queries.h"
#include "sitrep/engine.h"
#include "store/export.h"
#include "store/store.h"

namespace sitrep::server {
namespace {

// Records what ingest receives; everything else answers from the fixture.
class RecordingQueries : public FixtureQueries {
 public:
  Answer ingest(std::vector<Document>& docs) override {
    ingested += docs.size();
    return FixtureQueries::ingest(docs);
  }
  std::atomic<size_t> ingested{0};
};

std::unique_ptr<FixtureQueries> load_fixture() {
  std::string err;
  auto q = FixtureQueries::from_file(std::string(SITREP_TEST_DIR) + "/web/fixture.json", &err);
  EXPECT_TRUE(q) << err;
  return q;
}

class TestServer {
 public:
  TestServer(EventQueries& q, ServerOptions opt) : opt_(std::move(opt)) {
    svr_ = make_server(q, opt_);
    port_ = svr_->bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { svr_->listen_after_bind(); });
    while (!svr_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~TestServer() {
    svr_->stop();
    thread_.join();
  }
  int port() const { return port_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(10, 0);
    return c;
  }

 private:
  ServerOptions opt_;
  std::unique_ptr<httplib::Server> svr_;
  int port_ = 0;
  std::thread thread_;
};

Json get_json(const TestServer& s, const std::string& path, int* status) {
  auto r = s.client().Get(path.c_str());
  if (!r) {
    *status = -1;
    return Json();
  }
  *status = r->status;
  return Json::parse(r->body, nullptr, false);
}

// Percent-encodes everything but unreserved characters.
std::string pct(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char b[4];
      std::snprintf(b, sizeof b, "%%%02X", c);
      out += b;
    }
  }
  return out;
}

// Events by place name (ids differ between backends: the store makes its own).
std::vector<std::string> ids(const Json& j) {
  std::vector<std::string> out;
  for (const auto& e : j["events"]) out.push_back(e["place"]["name"].get<std::string>());
  return out;
}

// A SQLite store filled with the fixture's documents through Store::add.
std::unique_ptr<EventQueries> load_store(const std::string& path) {
  std::filesystem::remove(path);
  std::ifstream in(std::string(SITREP_TEST_DIR) + "/web/fixture.json");
  std::stringstream ss;
  ss << in.rdbuf();
  std::vector<Document> docs;
  EXPECT_EQ(fixture_documents(Json::parse(ss.str()), &docs), "");
  std::string err;
  {
    auto st = store::Store::open(path, &err);
    EXPECT_TRUE(st) << err;
    if (!st) return nullptr;
    auto r = st->add(docs);
    EXPECT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.added, docs.size());
  }
  auto q = open_store_queries(path, true, &err);
  EXPECT_TRUE(q) << err;
  return q;
}

std::string temp_db(std::string name) {
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return (std::filesystem::temp_directory_path() /
          ("sitrep-web-" + std::to_string(::getpid()) + "-" + name + ".db"))
      .string();
}

// Every API test runs on both backends: the in-memory fixture and a real store.
class ApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "fixture") {
      q_ = load_fixture();
    } else {
      db_ = temp_db(::testing::UnitTest::GetInstance()->current_test_info()->name());
      q_ = load_store(db_);
    }
    ASSERT_TRUE(q_);
    server_ = std::make_unique<TestServer>(*q_, ServerOptions{});
  }
  void TearDown() override {
    server_.reset();
    q_.reset();
    if (!db_.empty())
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db_ + suffix);
  }
  std::string event_id(const std::string& query) {
    int status = 0;
    Json j = get_json(*server_, "/api/events?" + query, &status);
    EXPECT_EQ(j["events"].size(), 1u) << query;
    return j["events"].empty() ? "" : j["events"][0]["id"].get<std::string>();
  }
  std::unique_ptr<EventQueries> q_;
  std::unique_ptr<TestServer> server_;
  std::string db_;
};
INSTANTIATE_TEST_SUITE_P(Backends, ApiTest, ::testing::Values("fixture", "sqlite"));

TEST_P(ApiTest, FiltersSelectTheRightEvents) {
  struct Case {
    std::string query;
    std::vector<std::string> expect;  // in order: newest first, then id
  };
  const std::vector<Case> cases = {
      {"", {"Kyiv", "Doha", "El Fasher", "Bamako", "Rafah", "Kharkiv"}},
      {"type=ASSAULT", {"Kyiv", "El Fasher", "Rafah", "Kharkiv"}},
      {"country=UKR", {"Kyiv", "Kharkiv"}},
      {"actor=israeli%20army", {"Rafah"}},  // a name in any case
      {"actor=SDN", {"El Fasher"}},
      {"text=shells", {"Kharkiv"}},
      {"min_killed=10", {"El Fasher", "Rafah"}},
      {"from=2024-03-08", {"Kyiv", "Doha", "El Fasher"}},
      {"to=2024-03-06", {"Rafah", "Kharkiv"}},
      {"from=2024-03-06&to=2024-03-07", {"Bamako", "Rafah"}},
      {"near=50.0,36.2,100", {"Kharkiv"}},
      {"bbox=20,40,45,60", {"Kyiv", "Kharkiv"}},
      {"type=ASSAULT&country=UKR&min_killed=5", {"Kharkiv"}},
      {"limit=2", {"Kyiv", "Doha"}},
      {"limit=2&offset=2", {"El Fasher", "Bamako"}},
      {"limit=2&cursor=4", {"Rafah", "Kharkiv"}},
      {"text=nothing-like-this", {}},
  };
  for (const auto& c : cases) {
    int status = 0;
    Json j = get_json(*server_, "/api/events?" + c.query, &status);
    ASSERT_EQ(status, 200) << c.query;
    EXPECT_EQ(ids(j), c.expect) << c.query;
  }
}

TEST_P(ApiTest, PagingReportsWhetherThereIsMore) {
  int status = 0;
  Json j = get_json(*server_, "/api/events?limit=4", &status);
  EXPECT_TRUE(j["has_more"].get<bool>());
  ASSERT_TRUE(j["next_cursor"].is_string());
  if (std::string(GetParam()) != "fixture") {
    EXPECT_EQ(j["total"], 6);  // the store says "4 of 6"
  }
  j = get_json(*server_, "/api/events?limit=4&cursor=" + pct(j["next_cursor"].get<std::string>()), &status);
  ASSERT_EQ(status, 200);
  EXPECT_FALSE(j["has_more"].get<bool>());
  EXPECT_TRUE(j["next_cursor"].is_null());
  EXPECT_EQ(j["events"].size(), 2u);
}

TEST_P(ApiTest, BadParametersAreJson400s) {
  const std::vector<std::string> bad = {"limit=0",
                                        "limit=501",
                                        "limit=ten",
                                        "offset=-1",
                                        "offset=10001",
                                        "from=2024-02-30",
                                        "to=yesterday",
                                        "from=2024-03-09&to=2024-03-01",
                                        "type=assalt",
                                        "country=Narnia",
                                        "near=1,2",
                                        "near=91,0,10",
                                        "near=1,2,0",
                                        "bbox=1,2,3",
                                        "bbox=0,10,5,5",
                                        "min_killed=-3",
                                        "colour=red",
                                        "limit=5&limit=6",
                                        "format=xml",
                                        "offset=1&cursor=2",
                                        "actor=" + std::string(300, 'a')};
  for (const auto& q : bad) {
    int status = 0;
    Json j = get_json(*server_, "/api/events?" + q, &status);
    EXPECT_EQ(status, 400) << q;
    ASSERT_TRUE(j.is_object()) << q;
    EXPECT_EQ(j["status"], 400) << q;
    EXPECT_FALSE(j["error"].get<std::string>().empty()) << q;
  }
}

TEST_P(ApiTest, GeoJsonHasOneFeaturePerLocatedEvent) {
  auto r = server_->client().Get("/api/events?format=geojson&country=UKR");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/geo+json");
  Json j = Json::parse(r->body);
  EXPECT_EQ(j["type"], "FeatureCollection");
  ASSERT_EQ(j["features"].size(), 2u);
  const Json& f = j["features"][1];
  EXPECT_EQ(f["id"], event_id("country=UKR&min_killed=5"));
  EXPECT_EQ(f["geometry"]["type"], "Point");
  EXPECT_NEAR(f["geometry"]["coordinates"][0].get<double>(), 36.2304, 1e-6);  // lon first
  EXPECT_NEAR(f["geometry"]["coordinates"][1].get<double>(), 49.9935, 1e-6);
  EXPECT_EQ(f["properties"]["location"], "Kharkiv");
}

TEST_P(ApiTest, EventDetailHasReportsAndEvidenceInsideItsDocument) {
  int status = 0;
  Json e = get_json(*server_, "/api/events/" + pct(event_id("country=UKR&min_killed=5")), &status);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(e["killed"]["low"], 7);
  EXPECT_EQ(e["killed"]["best"], 9);
  ASSERT_EQ(e["report_list"].size(), 2u);
  for (const auto& r : e["report_list"]) {
    Json d = get_json(*server_, "/api/documents/" + pct(r["document"].get<std::string>()), &status);
    ASSERT_EQ(status, 200);
    std::string text = d["text"];
    for (const auto& s : r["event"]["evidence"]) {
      size_t a = s["start"], b = s["end"];
      ASSERT_LE(b, text.size());
      EXPECT_EQ(text.substr(a, b - a), r["evidence_text"][0].get<std::string>());
    }
    // Every span of the document cuts out text inside it.
    for (const auto& s : d["spans"]) {
      EXPECT_LT(s["start"].get<size_t>(), s["end"].get<size_t>());
      EXPECT_LE(s["end"].get<size_t>(), text.size());
    }
  }
  get_json(*server_, "/api/events/ev%3Anope", &status);
  EXPECT_EQ(status, 404);
  Json j = get_json(*server_, "/api/documents/d%3A0", &status);
  EXPECT_EQ(status, 404);
  EXPECT_EQ(j["status"], 404);
}

// Issue 15: an event's detail says, per report, which rule decided each
// field and the words it matched (`sitrep extract --explain`'s object), the
// words cut out of the report's own text; null for a report without records.
TEST_P(ApiTest, EventDetailSaysWhichRuleDecidedEachField) {
  int status = 0;
  Json e = get_json(*server_, "/api/events/" + pct(event_id("country=UKR&min_killed=5")), &status);
  ASSERT_EQ(status, 200);
  ASSERT_EQ(e["report_list"].size(), 2u);
  const Json& r = e["report_list"][0];
  ASSERT_TRUE(r["explain"].is_object()) << r.dump();
  const Json& why = r["explain"];
  EXPECT_EQ(why["type"]["rule"], "trigger:kill");
  EXPECT_EQ(why["place"]["rule"], "place-phrase-after-trigger");
  ASSERT_TRUE(why["killed"].is_array());
  EXPECT_EQ(why["killed"][1]["rule"], "casualty-figure-before-casualty-word");
  EXPECT_EQ(why["killed"][1]["text"], "At least 7");
  EXPECT_TRUE(why["modality"]["span"].is_null());
  std::string text =
      get_json(*server_, "/api/documents/" + pct(r["document"].get<std::string>()), &status)["text"];
  for (const auto& [field, v] : why.items())
    for (const Json& rule : v.is_array() ? v : Json::array({v})) {
      if (rule["span"].is_null()) continue;
      size_t a = rule["span"][0], b = rule["span"][1];
      ASSERT_LE(b, text.size()) << field;
      EXPECT_EQ(text.substr(a, b - a), rule["text"].get<std::string>()) << field;
    }
  Json rafah = get_json(*server_, "/api/events/" + pct(event_id("country=PSE")), &status);
  ASSERT_EQ(status, 200);
  EXPECT_TRUE(rafah["report_list"][0]["explain"].is_null());
}

TEST_P(ApiTest, TalliesStatsHealth) {
  int status = 0;
  Json t = get_json(*server_, "/api/tallies?metric=killed", &status);
  ASSERT_EQ(status, 200);
  ASSERT_EQ(t["series"].size(), 1u);
  EXPECT_EQ(t["series"][0]["points"].size(), 3u);
  EXPECT_EQ(get_json(*server_, "/api/tallies?metric=injured", &status)["series"].size(), 0u);
  get_json(*server_, "/api/tallies?metric=bad", &status);
  EXPECT_EQ(status, 400);
  get_json(*server_, "/api/tallies?x=1", &status);
  EXPECT_EQ(status, 400);
  Json s = get_json(*server_, "/api/stats", &status);
  EXPECT_EQ(status, 200);
  EXPECT_EQ(s["events"], 6);
  EXPECT_EQ(s["documents"], 8);
  EXPECT_EQ(s["last_date"], "2024-03-10");
  EXPECT_EQ(get_json(*server_, "/healthz", &status)["ok"], true);
}

TEST_P(ApiTest, SecurityHeadersAndNoCors) {
  for (const char* path : {"/", "/app.js", "/api/events", "/api/nothing"}) {
    auto r = server_->client().Get(path, {{"Origin", "http://evil.example"}});
    ASSERT_TRUE(r) << path;
    EXPECT_NE(r->get_header_value("Content-Security-Policy").find("default-src 'self'"), std::string::npos)
        << path;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin")) << path;
  }
  auto r = server_->client().Get("/");
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(r->body.find("/app.js"), std::string::npos);
  auto missing = server_->client().Get("/api/nothing");
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(Json::parse(missing->body)["status"], 404);
}

TEST(Assets, PageAndLibrariesAreEmbedded) {
  for (const char* p : {"/index.html", "/app.js", "/app.css", "/topo.js"}) {
    const Asset* a = find_asset(p);
    ASSERT_TRUE(a) << p;
    EXPECT_GT(a->size, 100u) << p;
  }
  EXPECT_EQ(find_asset("/../etc/passwd"), nullptr);
  // The page's own scripts never hand data to innerHTML.
  const Asset* js = find_asset("/app.js");
  std::string_view text(reinterpret_cast<const char*>(js->data), js->size);
  EXPECT_EQ(text.find("innerHTML"), std::string_view::npos);
  EXPECT_EQ(text.find("insertAdjacentHTML"), std::string_view::npos);
}

TEST(Ingest, OffUnlessAllowedAndNeedsTheToken) {
  auto q = load_fixture();
  ASSERT_TRUE(q);
  TestServer off(*q, ServerOptions{});
  auto r = off.client().Post("/api/reports", R"({"text": "x", "date": "2024-03-01"})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(Json::parse(r->body)["status"], 403);
}

TEST(Ingest, AcceptsJsonLinesAndObjectsWithTheToken) {
  std::string err;
  RecordingQueries q;
  ServerOptions opt;
  opt.allow_ingest = true;
  opt.token = "s3cret-token";
  std::atomic<int> processed{0};
  opt.process = [&](Document&) { ++processed; };
  opt.max_body_bytes = 4096;
  TestServer s(q, opt);
  const std::string one =
      R"({"id": "a", "date": "2024-03-11", "title": "Blast", "text": "A blast hit a bus station."})";
  const std::string lines =
      one + "\n" + R"({"id": "b", "date": "2024-03-12", "text": "Two people were hurt in a fire."})" +
      "\nnot json\n";
  struct Case {
    std::string auth, body;
    int status;
    size_t ingested_after;
  };
  const std::vector<Case> cases = {
      {"", one, 401, 0},
      {"Bearer wrong-token!", one, 401, 0},
      {"Basic s3cret-token", one, 401, 0},
      {"Bearer s3cret-token", "not json at all", 400, 0},
      {"Bearer s3cret-token", std::string(5000, ' '), 413, 0},
      {"Bearer s3cret-token", one, 200, 1},
      {"Bearer s3cret-token", lines, 200, 3},
  };
  for (const auto& c : cases) {
    httplib::Headers h;
    if (!c.auth.empty()) h.emplace("Authorization", c.auth);
    auto r = s.client().Post("/api/reports", h, c.body, "application/json");
    ASSERT_TRUE(r) << c.auth;
    EXPECT_EQ(r->status, c.status) << c.auth << " " << c.body.substr(0, 30);
    Json j = Json::parse(r->body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r->body;
    if (c.status != 200) {
      EXPECT_EQ(j["status"], c.status);
    }
    if (c.status == 200 && c.body == lines) {
      EXPECT_EQ(j["added"], 1);  // "a" was already added by the case before
      EXPECT_EQ(j["skipped"], 1);
      EXPECT_EQ(j["errors"].size(), 1u);  // the "not json" line
    }
    EXPECT_EQ(q.ingested.load(), c.ingested_after);
  }
  int status = 0;
  Json stats = get_json(s, "/api/stats", &status);
  EXPECT_EQ(stats["documents"], 2);
  EXPECT_EQ(processed.load(), 3);  // every posted report went through the engine once
}

TEST(Ingest, PostedReportsReachTheStore) {
  std::string db = temp_db("ingest");
  auto q = load_store(db);
  ASSERT_TRUE(q);
  Engine engine;
  ServerOptions opt;
  opt.allow_ingest = true;
  opt.token = "another-token";
  opt.process = [&](Document& d) { engine.process(d); };
  {
    TestServer s(*q, opt);
    auto r = s.client().Post(
        "/api/reports", {{"Authorization", "Bearer another-token"}},
        R"({"id": "n1", "date": "2024-03-12", "text": "A bridge was closed after heavy rain."})"
        "\n",
        "application/x-ndjson");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(Json::parse(r->body)["added"], 1);
    int status = 0;
    EXPECT_EQ(get_json(s, "/api/stats", &status)["documents"], 9);
    // A report the engine coded keeps its rule records: its event's detail
    // names the trigger row that typed it.
    r = s.client().Post(
        "/api/reports", {{"Authorization", "Bearer another-token"}},
        R"({"id": "n2", "date": "2024-03-12", "text": "Gunmen killed three farmers in Zamfara state on Monday, police said."})"
        "\n",
        "application/x-ndjson");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    Json list = get_json(s, "/api/events?country=NGA", &status);
    ASSERT_EQ(list["events"].size(), 1u) << list.dump();
    Json e = get_json(s, "/api/events/" + pct(list["events"][0]["id"].get<std::string>()), &status);
    ASSERT_EQ(status, 200);
    const Json& why = e["report_list"][0]["explain"];
    ASSERT_TRUE(why.is_object()) << e.dump();
    EXPECT_EQ(why.begin().key(), "type") << "the engine's field order";
    const Json& type = why["type"].is_array() ? why["type"][0] : why["type"];  // the rule that set it first
    EXPECT_EQ(type["rule"].get<std::string>().rfind("trigger:", 0), 0u) << why.dump();
    ASSERT_TRUE(type["span"].is_array()) << why.dump();
    EXPECT_EQ(std::string("Gunmen killed three farmers in Zamfara state on Monday, police said.")
                  .substr(type["span"][0].get<size_t>(),
                          type["span"][1].get<size_t>() - type["span"][0].get<size_t>()),
              type["text"].get<std::string>());
    EXPECT_EQ(why["place"]["text"], "Zamfara") << why.dump();
  }
  q.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
}

// The fast writer must give exactly the store's event object.
TEST(EventWriter, SameObjectAsTheStoresExport) {
  store::EventRow full;
  full.id = "v:1";
  full.type = "ASSAULT";
  full.mode = "aerial";
  full.cameo = "195";
  full.acled_type = "Explosions/Remote violence";
  full.acled_sub = "Air/drone strike";
  full.date_start = Date{2024, 3, 1};
  full.date_end = Date{2024, 3, 2};
  full.date_precision = "days";
  full.actor1 = "Quote \" and \\ backslash";
  full.actor1_country = "ISR";
  full.actor2 = "Tab\tnew\nline \x01 ctl";
  full.location = "Ḩalab — حلب";
  full.lat = 36.2021;
  full.lon = -37.1343e-3;
  full.country = "SYR";
  full.killed_low = 3, full.killed_best = 4, full.killed_high = 9;
  full.injured_best = 0;
  full.sources = {"A", "<script>x</script>"};
  full.reports = 2;
  full.first_seen = Date{2024, 3, 2};
  full.notes = "note";
  store::EventRow empty;
  empty.id = "v:2";
  empty.type = "CONSULT";
  store::EventRow latlon_only = empty;
  latlon_only.lat = 0.0, latlon_only.lon = 179.999999;
  for (const auto& r : {full, empty, latlon_only}) {
    std::string mine;
    append_event_json(r, &mine);
    Json a = Json::parse(mine, nullptr, false);
    ASSERT_FALSE(a.is_discarded()) << mine;
    EXPECT_EQ(a, Json::parse(store::event_json(r))) << mine;
    EXPECT_EQ(a.dump(), Json::parse(store::event_json(r)).dump());  // same key order too
  }
  std::string bad;
  append_json_string(std::string("ok\xff\xc0\x80"
                                 "end"),
                     &bad);
  EXPECT_EQ(bad,
            "\"ok\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
            "end\"");
}

TEST(StoreQueries, AMissingStoreIsAnErrorNotANewFile) {
  std::string db = temp_db("missing");
  std::filesystem::remove(db);
  std::string err;
  EXPECT_FALSE(open_store_queries(db, false, &err));
  EXPECT_NE(err.find("no store"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(db));
}

}  // namespace
}  // namespace sitrep::server
