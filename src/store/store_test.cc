// Store tests on both backends: SQLite always, PostgreSQL when SITREP_TEST_PG
// holds a server URL (scripts/pg-test-server.sh starts a throwaway one).
#include "store/store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "store/db.h"
#include "store/export.h"
#include "store/schema.h"
#include "store/testing.h"

namespace sitrep::store {
namespace {

using testing::make_doc;
using testing::ReportSpec;

// A fresh, empty store for the running test: a temp SQLite file, or a new
// PostgreSQL database named after the test.
std::string fresh_url(const std::string& backend, const std::string& suffix = "") {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string(info->name()) + suffix;
  for (auto& c : name)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  std::transform(name.begin(), name.end(), name.begin(), ::tolower);
  if (backend == "sqlite") {
    auto dir = std::filesystem::temp_directory_path() / ("sitrep-store-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    auto path = dir / (name + ".db");
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + ext);
    return path.string();
  }
  std::string url = std::getenv("SITREP_TEST_PG");
  std::string db = "t_" + name.substr(0, 60);
  auto admin = open_postgres(url);
  admin->exec("DROP DATABASE IF EXISTS " + db);
  admin->exec("CREATE DATABASE " + db);
  return url.substr(0, url.rfind('/') + 1) + db;
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql" && !std::getenv("SITREP_TEST_PG"))
      GTEST_SKIP() << "SITREP_TEST_PG not set (scripts/pg-test-server.sh start)";
    url_ = fresh_url(GetParam());
    store_ = open();
  }
  std::unique_ptr<Store> open() {
    std::string err;
    auto s = Store::open(url_, &err);
    EXPECT_TRUE(s) << err;
    return s;
  }
  void add(const std::vector<Document>& docs) {
    auto r = store_->add(docs);
    ASSERT_TRUE(r.ok()) << r.error;
  }
  std::vector<EventRow> all(EventQuery q = {}) {
    q.limit = 0;
    std::string err;
    auto rows = store_->events(q, &err);
    EXPECT_EQ(err, "");
    return rows;
  }
  std::string url_;
  std::unique_ptr<Store> store_;
};

ReportSpec spec(std::optional<int64_t> kl, std::optional<int64_t> kh,
                const std::string& date = "2023-11-05") {
  ReportSpec s;
  s.killed_low = kl;
  s.killed_high = kh;
  s.date = date;
  return s;
}

// Three outlets tell one strike; a fourth report is another strike elsewhere.
std::vector<Document> strike_corpus() {
  ReportSpec far = spec(3, 3);
  far.place = "Jabalia";
  far.lat = 31.75, far.lon = 34.60;  // ~50 km north of Khan Younis
  ReportSpec near = spec(std::nullopt, 40, "2023-11-06");
  near.lat = 31.40;  // ~6 km away, named differently
  near.place = "near Khan Younis";
  return {
      make_doc("Strike kills at least 30 in Khan Younis.", "2023-11-05", "Agency A",
               {spec(30, std::nullopt)}),
      make_doc("Toll from Khan Younis strike rises to 35.", "2023-11-07", "Agency B", {spec(35, 35)}),
      make_doc("Nearly 40 dead near Khan Younis.", "2023-11-06", "Agency C", {near}),
      make_doc("Three killed in Jabalia.", "2023-11-05", "Agency A", {far}),
  };
}

TEST_P(StoreTest, SameEventFromSeveralReportsBecomesOneEvent) {
  add(strike_corpus());
  auto rows = all();
  ASSERT_EQ(rows.size(), 2u);
  const EventRow* big = rows[0].reports == 3 ? &rows[0] : &rows[1];
  ASSERT_EQ(big->reports, 3);
  // UCDP: low = min of lows (30), high = max of highs (40: "nearly 40" has
  // only a high), best = the latest report's figure (published 11-07: 35).
  EXPECT_EQ(big->killed_low, 30);
  EXPECT_EQ(big->killed_best, 35);
  EXPECT_EQ(big->killed_high, 40);
  EXPECT_EQ(big->sources, (std::vector<std::string>{"Agency A", "Agency B", "Agency C"}));
  EXPECT_EQ(big->first_seen, parse_iso_date("2023-11-05"));
  EXPECT_EQ(big->last_seen, parse_iso_date("2023-11-07"));
  // The id is the hash of the earliest report (published 11-05).
  auto docs = strike_corpus();
  EXPECT_EQ(big->id, event_id_for(docs[0].events[0].id));
  auto c = store_->counts();
  EXPECT_EQ(c.documents, 4);
  EXPECT_EQ(c.reports, 4);
  EXPECT_EQ(c.links, 4);
  EXPECT_EQ(c.events, 2);
  EXPECT_EQ(c.sources, 3);
}

TEST_P(StoreTest, IngestTwiceChangesNothing) {
  add(strike_corpus());
  auto before = store_->counts();
  auto r = store_->add(strike_corpus());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.added, 0u);
  EXPECT_EQ(r.skipped, 4u);
  auto after = store_->counts();
  EXPECT_EQ(before.digest, after.digest);
  EXPECT_EQ(after.events, 2);
  // Also a reopened store (migrations run once).
  store_ = open();
  EXPECT_EQ(store_->schema_version(), kSchemaVersion);
  EXPECT_EQ(store_->counts().digest, before.digest);
}

// A store written by an older sitrep (schema 2: an index on killed_best, a
// full-text table with column sizes, a report-event link table) upgrades on
// open and keeps answering.
TEST_P(StoreTest, OlderSchemaUpgradesOnOpen) {
  add(strike_corpus());
  auto before = store_->counts();
  store_.reset();
  {
    auto db = GetParam() == "sqlite" ? open_sqlite(url_) : open_postgres(url_);
    db->exec("DELETE FROM schema_version WHERE version >= 3");
    db->exec("CREATE INDEX events_killed ON events(killed_best)");
    // Schema 2 linked reports to events in a table of its own.
    db->exec("DROP VIEW event_reports");
    db->exec(
        "CREATE TABLE event_reports AS SELECT id AS report_id, event_id FROM reports WHERE event_id IS NOT "
        "NULL");
    db->exec("DROP INDEX reports_event");
    db->exec("ALTER TABLE reports DROP COLUMN event_id");
    // Nor had it schema 5's columns.
    db->exec("DROP INDEX documents_text_hash");
    db->exec("DROP INDEX documents_copy_of");
    // Nor schema 6's rule records.
    db->exec("ALTER TABLE reports DROP COLUMN why");
    for (const char* c :
         {"reports.actor_code", "reports.recipient_code", "reports.co_actors", "reports.attribution",
          "events.actor1_code", "events.actor1_sector", "events.actor2_code", "events.actor2_sector",
          "events.assoc_actor1", "events.assoc_actor2", "events.modality", "events.background",
          "events.claim", "events.attribution", "events.url", "documents.text_hash", "documents.copy_of"}) {
      std::string tc = c;
      db->exec("ALTER TABLE " + tc.substr(0, tc.find('.')) + " DROP COLUMN " + tc.substr(tc.find('.') + 1));
    }
    if (GetParam() == "sqlite")
      db->exec(
          "DROP TABLE docs_fts; CREATE VIRTUAL TABLE docs_fts USING fts5(title, text, content='documents', "
          "content_rowid='n', detail=none); INSERT INTO docs_fts (docs_fts) VALUES ('rebuild');");
  }
  store_ = open();
  EXPECT_EQ(store_->schema_version(), kSchemaVersion);
  EXPECT_EQ(store_->counts().digest, before.digest);
  EventQuery q;
  q.text = "Jabalia";
  EXPECT_EQ(all(q).size(), 1u);
  q = {};
  q.min_killed = 31;
  auto rows = all(q);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].killed_best, 35);
}

TEST_P(StoreTest, ResultIndependentOfOrderAndBatching) {
  auto docs = strike_corpus();
  add(docs);
  std::string want = store_->counts().digest;
  std::vector<size_t> order = {0, 1, 2, 3};
  std::mt19937 rng(7);
  for (int round = 0; round < 4; ++round) {
    std::shuffle(order.begin(), order.end(), rng);
    store_.reset();
    url_ = fresh_url(GetParam(), "_r" + std::to_string(round));
    store_ = open();
    for (size_t i : order) add({docs[i]});  // one document per batch
    EXPECT_EQ(store_->counts().digest, want) << "round " << round;
  }
}

TEST_P(StoreTest, LaterReportsKeepTheIdAndBridgesLeaveAliases) {
  ReportSpec a = spec(2, 2, "2023-11-05"), b = spec(4, 4, "2023-11-05");
  a.lat = 31.30;
  b.lat = 31.30 + 40 / 111.2;  // 40 km apart: two events
  auto d1 = make_doc("first", "2023-11-05", "A", {a});
  auto d2 = make_doc("second", "2023-11-06", "B", {b});
  add({d1, d2});
  ASSERT_EQ(all().size(), 2u);
  std::string id1 = event_id_for(d1.events[0].id), id2 = event_id_for(d2.events[0].id);
  // A later report close to the first joins it: the id does not change.
  ReportSpec c = spec(3, 3, "2023-11-05");
  c.lat = 31.30 + 5 / 111.2;
  add({make_doc("third", "2023-11-07", "C", {c})});
  ASSERT_EQ(all().size(), 2u);
  auto e1 = store_->event(id1, nullptr);
  ASSERT_TRUE(e1);
  EXPECT_EQ(e1->reports.size(), 2u);
  // A report between both (within 25 km of each) merges them; the earliest
  // report's id wins and the other id still resolves.
  ReportSpec m = spec(std::nullopt, std::nullopt, "2023-11-05");
  m.lat = 31.30 + 20 / 111.2;
  add({make_doc("bridge", "2023-11-08", "D", {m})});
  auto rows = all();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].id, id1);
  EXPECT_EQ(rows[0].reports, 4);
  auto via_old = store_->event(id2, nullptr);
  ASSERT_TRUE(via_old);
  EXPECT_EQ(via_old->event.id, id1);
  EXPECT_EQ(via_old->reports.front().id, d1.events[0].id);  // anchor first
  EXPECT_EQ(rows[0].killed_low, 2);
  EXPECT_EQ(rows[0].killed_high, 4);
}

TEST_P(StoreTest, OnlyAssertedReportsMakeEvents) {
  ReportSpec neg = spec(50, 50), hyp = spec(9, 9), fut = spec(1, 1);
  neg.modality = "negated";
  hyp.modality = "hypothetical";
  fut.modality = "future";
  add({make_doc("a", "2023-11-05", "A", {spec(10, 10)}), make_doc("b", "2023-11-05", "B", {neg, hyp, fut})});
  auto rows = all();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].reports, 1);
  EXPECT_EQ(rows[0].killed_high, 10);  // the negated 50 is not counted
  EXPECT_EQ(store_->counts().reports, 4);
}

// Negated, hypothetical and future reports and background mentions are kept
// (modality, background) but listed only when asked.
TEST_P(StoreTest, ModalityAndBackgroundAreKeptAndFilterable) {
  ReportSpec neg = spec(50, 50), old = spec(7, 7);
  neg.modality = "negated";
  neg.date = "2023-10-01";
  old.background = true;
  old.date = "2022-05-01";
  add({make_doc("a", "2023-11-05", "A", {spec(10, 10)}), make_doc("b", "2023-11-05", "B", {neg, old})});
  EXPECT_EQ(all().size(), 1u);
  EventQuery q;
  q.modality = "";
  q.background = Background::Include;
  auto rows = all(q);
  ASSERT_EQ(rows.size(), 3u);
  int negated = 0, background = 0;
  for (const auto& r : rows) {
    negated += r.modality == "negated";
    background += r.background;
  }
  EXPECT_EQ(negated, 1);
  EXPECT_EQ(background, 1);
  q.background = Background::Only;
  ASSERT_EQ(all(q).size(), 1u);
  EXPECT_EQ(all(q)[0].killed_best, 7);
  q = {};
  q.modality = "negated";
  ASSERT_EQ(all(q).size(), 1u);
  EXPECT_EQ(all(q)[0].killed_best, 50);
}

// "At least 37" stays open through the store: low 37, best 37, high null.
TEST_P(StoreTest, OpenIntervalsStayOpen) {
  ReportSpec a = spec(37, 0);
  a.killed_high = std::nullopt;
  add({make_doc("At least 37 were killed.", "2023-11-05", "A", {a})});
  auto rows = all();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].killed_low, 37);
  EXPECT_EQ(rows[0].killed_best, 37);
  EXPECT_FALSE(rows[0].killed_high.has_value());
}

// A copy of a stored story (same words, other spacing, id and outlet) is one
// more source of the original's events, not a second set of events.
TEST_P(StoreTest, CopiesOfAStoryAreOneDocumentWithSeveralSources) {
  ReportSpec a = spec(5, 5);
  a.place = "";  // unplaced: such reports never merge, so only the copy check keeps them one
  a.lat = a.lon = std::nullopt;
  add({make_doc("Five people were killed in an attack, officials said.", "2023-11-05", "Agency A", {a})});
  add({make_doc("Five people  were killed in an attack,\nofficials said. ", "2023-11-06", "Paper B", {a})});
  auto rows = all();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].sources, (std::vector<std::string>{"Agency A", "Paper B"}));
  EXPECT_EQ(rows[0].last_seen->iso(), "2023-11-06");
  EXPECT_EQ(store_->counts().documents, 2);
}

// A merged event keeps every actor and attribution its reports name, and the
// finest place any of them gives.
TEST_P(StoreTest, MergedEventKeepsEveryActorAndTheFinestPlace) {
  ReportSpec a = spec(3, 3), b = spec(4, 4);
  a.precision = "district";
  a.attributions = 1;
  b.actor = "Israeli Air Force";  // the same side, named otherwise
  b.lat = 31.35, b.lon = 34.31;
  b.attributions = 2;
  add({make_doc("one", "2023-11-05", "A", {a}), make_doc("two", "2023-11-06", "B", {b})});
  auto rows = all();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].reports, 2);
  EXPECT_EQ(rows[0].geo_precision, "town");
  EXPECT_NEAR(*rows[0].lat, 31.35, 1e-9);
  std::vector<std::string> all_actors = rows[0].assoc_actor1;
  all_actors.push_back(rows[0].actor1);
  std::sort(all_actors.begin(), all_actors.end());
  EXPECT_EQ(all_actors, (std::vector<std::string>{"Israeli Air Force", "Israeli forces"}));
  EXPECT_EQ(rows[0].attribution, (std::vector<std::string>{"src0", "src1"}));
}

TEST_P(StoreTest, KeysetCursorReachesTheEnd) {
  std::vector<Document> docs;
  for (int i = 0; i < 25; ++i) {
    ReportSpec s = spec(1, 1);
    s.date =
        Date::from_days(parse_iso_date("2023-01-01")->to_days() + (i / 2) * 20).iso();  // pairs share a day
    s.place = "Place " + std::to_string(i);                                             // never merge
    s.lat = 10 + i;
    docs.push_back(make_doc("doc " + std::to_string(i), s.date, "A", {s}));
  }
  add(docs);
  EventQuery q;
  q.limit = 4;
  std::vector<std::string> seen;
  for (int page = 0; page < 20; ++page) {
    auto rows = all(q);
    for (const auto& r : rows) seen.push_back(r.id);
    if (rows.size() < 4) break;
    ASSERT_TRUE(parse_cursor(make_cursor(rows.back().date_start, rows.back().id), &q));
  }
  EXPECT_EQ(seen.size(), 25u);
  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), 25u);
  std::string err;
  EXPECT_EQ(store_->count_events({}, &err), 25);
}

TEST_P(StoreTest, QueryFilters) {
  std::vector<Document> docs;
  struct P {
    const char* place;
    const char* country;
    double lat, lon;
    const char* type;
    const char* date;
    int killed;
    const char* actor;
  };
  std::vector<P> ps = {
      {"Khan Younis", "PSE", 31.346, 34.306, "ASSAULT", "2023-11-05", 30, "Israeli forces"},
      {"Kyiv", "UKR", 50.45, 30.52, "ASSAULT", "2023-11-10", 2, "Russian forces"},
      {"Paris", "FRA", 48.85, 2.35, "PROTEST", "2023-11-12", 0, "farmers"},
      {"Kharkiv", "UKR", 49.99, 36.23, "ASSAULT", "2023-12-01", 7, "Russian forces"},
  };
  for (const auto& p : ps) {
    ReportSpec s = spec(p.killed, p.killed, p.date);
    s.place = p.place, s.country = p.country, s.lat = p.lat, s.lon = p.lon, s.type = p.type,
    s.actor = p.actor;
    s.actor_country = "";
    docs.push_back(
        make_doc(std::string("Report from ") + p.place + " about the " + p.type, p.date, "Wire", {s}));
  }
  add(docs);
  auto names = [&](EventQuery q) {
    std::vector<std::string> out;
    for (const auto& r : all(q)) out.push_back(r.location);
    return out;
  };
  using V = std::vector<std::string>;
  EventQuery q;
  EXPECT_EQ(names(q), (V{"Kharkiv", "Paris", "Kyiv", "Khan Younis"}));  // newest first
  q = {}, q.country = "UKR";
  EXPECT_EQ(names(q), (V{"Kharkiv", "Kyiv"}));
  q = {}, q.type = "PROTEST";
  EXPECT_EQ(names(q), (V{"Paris"}));
  q = {}, q.from = parse_iso_date("2023-11-06"), q.to = parse_iso_date("2023-11-30");
  EXPECT_EQ(names(q), (V{"Paris", "Kyiv"}));
  q = {}, q.near_lat = 50.4, q.near_lon = 30.6, q.near_km = 50;
  EXPECT_EQ(names(q), (V{"Kyiv"}));
  q = {}, q.west = 29, q.south = 45, q.east = 40, q.north = 52;
  EXPECT_EQ(names(q), (V{"Kharkiv", "Kyiv"}));
  q = {}, q.text = "Paris";
  EXPECT_EQ(names(q), (V{"Paris"}));
  q = {}, q.text = "\"unbalanced";
  EXPECT_EQ(names(q), (V{}));
  q = {}, q.min_killed = 5;
  EXPECT_EQ(names(q), (V{"Kharkiv", "Khan Younis"}));
  q = {}, q.actor = "russian FORCES";
  EXPECT_EQ(names(q), (V{"Kharkiv", "Kyiv"}));
  std::string err;
  q = {}, q.limit = 2;
  EXPECT_EQ(store_->events(q, &err).size(), 2u);
}

TEST_P(StoreTest, TalliesAreSeriesPerGroupAndSource) {
  auto doc = [](const std::string& text, const std::string& day, int64_t v, const std::string& who) {
    Document d = make_doc(text, day, "Wire", {});
    Tally t;
    t.metric = "killed";
    t.group = "Palestinians";
    t.country = "PSE";
    EventPlace p;
    p.name = "Gaza Strip";
    t.place = p;
    t.low = t.high = v;
    t.as_of = parse_iso_date(day);
    t.attribution.push_back({who, -1, "official", {}, {}});
    t.evidence.push_back({0, 4});
    d.tallies.push_back(t);
    return d;
  };
  add({doc("toll one", "2023-11-06", 9770, "Health Ministry"),
       doc("toll two", "2023-11-04", 9227, "Health Ministry"),
       doc("toll three", "2023-11-06", 9500, "UN OCHA")});
  std::string err;
  auto s = store_->tallies({"killed", "palestinians"}, &err);
  ASSERT_EQ(err, "");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].source, "Health Ministry");
  ASSERT_EQ(s[0].points.size(), 2u);
  EXPECT_EQ(s[0].points[0].low, 9227);  // by as_of
  EXPECT_EQ(s[0].points[1].low, 9770);
  EXPECT_EQ(s[1].source, "UN OCHA");
  EXPECT_TRUE(store_->tallies({"injured", ""}, &err).empty());
}

// Issue 15 ("Every decision records its rule"): each report keeps why its
// fields have their values, the object `sitrep extract --explain` writes, and
// an event's detail gives it per report. A store of schema 5 upgrades to a
// column of its own: what it held stays, its old reports have no records
// (NULL, never a guess), reports added afterwards have theirs.
Document with_rules(Document d) {
  for (Event& e : d.events) {
    e.why_type = {{"trigger:strike", "", 0, 6}};
    if (e.place) e.place->why = {{"place-phrase-after-trigger", "", 0, 5}};
    e.why_modality = {{"no-modality-cue", "", 0, 0}};
  }
  return d;
}

TEST_P(StoreTest, ReportsKeepTheirRuleRecords) {
  std::vector<Document> docs = strike_corpus();
  for (auto& d : docs) d = with_rules(std::move(d));
  docs.pop_back();  // Jabalia: a store that had it before the upgrade
  add({strike_corpus().back()});
  const auto before = store_->counts();
  store_.reset();
  {
    auto db = GetParam() == "sqlite" ? open_sqlite(url_) : open_postgres(url_);
    db->exec("DELETE FROM schema_version WHERE version >= 6");
    db->exec("ALTER TABLE reports DROP COLUMN why");
  }
  store_ = open();
  EXPECT_EQ(store_->schema_version(), kSchemaVersion);
  EXPECT_EQ(store_->counts().digest, before.digest);
  add(docs);
  auto rows = all();
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    auto d = store_->event(row.id, nullptr);
    ASSERT_TRUE(d);
    for (const auto& r : d->reports) {
      if (row.reports == 1) {  // stored before schema 6
        EXPECT_EQ(r.why, "") << r.id;
        EXPECT_NE(r.json, "");
        continue;
      }
      auto why = nlohmann::json::parse(r.why);
      EXPECT_EQ(why["type"]["rule"], "trigger:strike") << r.why;
      EXPECT_EQ(why["type"]["text"], r.evidence[0].substr(0, 6));
      EXPECT_EQ(why["type"]["span"], nlohmann::json::array({0, 6}));
      EXPECT_EQ(why["place"]["rule"], "place-phrase-after-trigger");
      EXPECT_TRUE(why["modality"]["text"].is_null());
    }
    // The API's detail: "explain" per report, null where none was kept;
    // `sitrep show --explain` prints them under each report.
    auto j = nlohmann::json::parse(detail_json(*d));
    for (const auto& r : j["report_list"]) EXPECT_EQ(r["explain"].is_null(), row.reports == 1) << r.dump();
    std::string text = detail_text(*d, true);
    if (row.reports == 1) {
      EXPECT_NE(text.find("  why   (no rule records)\n"), std::string::npos) << text;
    } else {
      EXPECT_NE(text.find("  why   type        trigger:strike  \"Strike\"\n"), std::string::npos) << text;
      EXPECT_EQ(detail_text(*d).find("trigger:strike"), std::string::npos) << "only with --explain";
    }
  }
}

TEST_P(StoreTest, ShowGivesEvidenceText) {
  add(strike_corpus());
  auto rows = all();
  ASSERT_EQ(rows.size(), 2u);
  auto d = store_->event(rows[rows[0].reports == 3 ? 0 : 1].id, nullptr);  // the Khan Younis strike
  ASSERT_TRUE(d);
  EXPECT_EQ(d->reports.size(), 3u);
  ASSERT_FALSE(d->reports.empty());
  ASSERT_FALSE(d->reports[0].evidence.empty());
  EXPECT_NE(d->reports[0].evidence[0].find("Khan Younis"), std::string::npos);
  EXPECT_NE(d->reports[0].json.find("\"type\":\"ASSAULT\""), std::string::npos);
  EXPECT_FALSE(store_->event("v:0000000000000000", nullptr));
}

// kill -9 at random moments during an ingest in batches, resume each time:
// the store ends exactly as after one clean run.
TEST_P(StoreTest, KilledWritersResumeToTheSameState) {
  std::vector<Document> docs;
  std::mt19937 rng(11);
  for (int i = 0; i < 3000; ++i) {
    ReportSpec s = spec(static_cast<int64_t>(rng() % 20), std::nullopt,
                        Date{2023, 11, 1}.plus_days(static_cast<int64_t>(rng() % 20)).iso());
    s.lat = 31.2 + (rng() % 40) * 0.02;
    s.place =
        std::string("p").append(std::to_string(rng() % 50));  // (GCC 12 -Wrestrict false positive on "p" + s)
    docs.push_back(make_doc(std::string("report ").append(std::to_string(i)), s.date,
                            std::string("S").append(std::to_string(i % 7)), {s}));
  }
  auto ingest = [&](Store& st) {
    for (size_t i = 0; i < docs.size(); i += 50) {
      std::vector<Document> b(docs.begin() + i, docs.begin() + std::min(docs.size(), i + 50));
      auto r = st.add(b);
      if (!r.ok()) _exit(3);
    }
  };
  std::string kill_url = url_;
  store_.reset();
  url_ = fresh_url(GetParam(), "_clean");  // the clean run goes to a second store
  {
    auto clean = open();
    ingest(*clean);
  }
  auto clean = open();
  std::string want = clean->counts().digest;
  url_ = kill_url;
  store_.reset();
  for (int round = 0; round < 4; ++round) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      std::string err;
      auto st = Store::open(kill_url, &err);
      if (!st) _exit(2);
      ingest(*st);
      _exit(0);
    }
    usleep(150000 + 100000 * round);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
  }
  store_ = open();
  auto c = store_->counts();
  EXPECT_LE(c.documents, 3000);
  ingest(*store_);
  EXPECT_EQ(store_->counts().digest, want);
  EXPECT_EQ(store_->counts().documents, 3000);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST(Export, CsvHasSchemaColumnsInOrder) {
  EventRow r;
  r.id = "v:1";
  r.location = "Gaza, \"north\"";
  r.killed_low = 1;
  r.sources = {"A", "B"};
  std::string csv = to_csv({r});
  std::string header = csv.substr(0, csv.find('\n'));
  EXPECT_EQ(
      header.substr(0, header.find(",event_id_cnty")),
      "event_id,event_date,date_precision,event_type,mode,cameo,acled_event_type,acled_sub_event_type,actor1,"
      "actor1_country,actor2,actor2_country,location,admin1,country,latitude,longitude,geo_precision,"
      "killed_low,killed_best,killed_high,injured_low,injured_best,injured_high,sources,reports,notes");
  EXPECT_NE(csv.find("\"Gaza, \"\"north\"\"\""), std::string::npos);
  EXPECT_NE(csv.find(",A; B,"), std::string::npos);
  r.lat = 31.5, r.lon = 34.4;
  std::string gj = to_geojson({r, EventRow{}});
  EXPECT_NE(gj.find("\"coordinates\":[34.4,31.5]"), std::string::npos);
  auto j = nlohmann::json::parse(gj);
  ASSERT_EQ(j["features"].size(), 2u);  // the unlocated event is reported, not dropped
  EXPECT_TRUE(j["features"][1]["geometry"].is_null());
  EXPECT_EQ(j["unlocated"], 1);
  EXPECT_EQ(j["features"][0]["properties"]["location"], "Gaza, \"north\"");  // flat properties
  EXPECT_EQ(j["features"][0]["properties"]["killed_low"], 1);
  EXPECT_FALSE(j["features"][0]["properties"].contains("place"));
}

TEST(Export, UnnamedPartiesAreKeptAndLabelled) {
  // An unclaimed attack: the actor is an unidentified armed group (no name,
  // sector UAF, the place's country); the target is known by country and
  // sector only. Neither is dropped, and ACLED's columns name the group.
  EventRow r;
  r.id = "v:0abc";
  r.type = "ASSAULT";
  r.acled_type = "Violence against civilians";
  r.acled_sub = "Attack";
  r.date_start = r.date_end = parse_iso_date("2024-02-01");
  r.actor1_sector = "UAF";
  r.actor1_country = "BEN";
  r.actor2_sector = "CVL";
  r.actor2_country = "BEN";
  r.country = "BEN";
  r.location = "Kandi";
  auto j = nlohmann::json::parse(event_json(r));
  ASSERT_TRUE(j["actor"].is_object());
  EXPECT_TRUE(j["actor"]["name"].is_null());
  EXPECT_EQ(j["actor"]["sector"], "UAF");
  EXPECT_EQ(j["actor"]["country"], "BEN");
  ASSERT_TRUE(j["recipient"].is_object());
  EXPECT_EQ(j["recipient"]["sector"], "CVL");
  EXPECT_EQ(csv_value(r, "actor1"), "Unidentified Armed Group (Benin)");
  EXPECT_EQ(csv_value(r, "inter1"), "3");
  EXPECT_EQ(csv_value(r, "actor2"), "");  // civilians with no name: ACLED leaves actor2 empty
  EXPECT_NE(to_table({r}).find("Unidentified Armed Group (Benin)"), std::string::npos);
  EventRow none = r;  // nothing known of a party: null
  none.actor1_sector.clear(), none.actor1_country.clear();
  EXPECT_TRUE(nlohmann::json::parse(event_json(none))["actor"].is_null());
}

TEST(Export, AcledColumnsAndCodes) {
  EventRow r;
  r.id = "v:00ff";
  r.type = "ASSAULT";
  r.acled_type = "Violence against civilians";
  r.acled_sub = "Attack";
  r.date_start = r.date_end = parse_iso_date("2024-01-01");
  r.date_precision = "day";
  r.actor1 = "Boko Haram";
  r.actor1_sector = "REB";
  r.actor1_country = "NGA";
  r.assoc_actor1 = {"ISWAP"};
  r.actor2 = "civilians";
  r.actor2_sector = "CVL";
  r.location = "Maiduguri";
  r.country = "NGA";
  r.geo_precision = "town";
  r.lat = 11.85, r.lon = 13.16;
  r.killed_low = r.killed_best = 37;  // "at least 37": open above
  r.sources = {"A", "B"};
  r.background = true;
  std::string csv = to_acled({r});
  std::string header = csv.substr(0, csv.find('\n'));
  EXPECT_EQ(
      header.substr(0, header.find(",event_id,")),
      "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
      "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
      "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
      "tags,timestamp");
  std::string row = csv.substr(csv.find('\n') + 1);
  EXPECT_EQ(
      row.rfind("NGA00FF,2024-01-01,2024,1,Political violence,Violence against civilians,Attack,Boko Haram,"
                "ISWAP,2,civilians,,7,27,Civilian targeting,566,Western Africa,Nigeria,,,,Maiduguri,11.85000,"
                "13.16000,1,A; B,,,37,background,",
                0),
      0u)
      << row;
  // sitrep's own columns keep the open interval: low 37, best 37, high empty.
  EXPECT_NE(row.find(",day,37,37,,"), std::string::npos) << row;
  EventRow meeting;  // ACLED does not code meetings: not in its export
  meeting.id = "v:1";
  meeting.type = "CONSULT";
  std::string only_header = to_acled({meeting});
  EXPECT_EQ(std::count(only_header.begin(), only_header.end(), '\n'), 1);
  EXPECT_EQ(acled_interaction(1, 0), 10);
  EXPECT_EQ(acled_interaction(7, 1), 17);
  EXPECT_EQ(acled_inter("MIL", "USA", "SYR", "Battles", true), 8);  // a state's forces abroad
  EXPECT_EQ(acled_inter("CVL", "", "NGA", "Protests", true), 6);
  EXPECT_EQ(acled_time_precision("month"), 3);
  EXPECT_EQ(acled_geo_precision("admin1"), 3);
  EXPECT_STREQ(find_country("nigeria")->alpha3, "NGA");
  EXPECT_STREQ(find_country("NGA")->name, "Nigeria");
  EXPECT_EQ(find_country("Narnia"), nullptr);
}

}  // namespace
}  // namespace sitrep::store
