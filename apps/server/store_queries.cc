#include "server/store_queries.h"

#include <filesystem>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "server/event_writer.h"
#include "store/db.h"
#include "store/event_json.h"
#include "store/export.h"
#include "store/store.h"

namespace sitrep::server {
namespace {

// The longest a query of the API may run before it is interrupted (an error).
constexpr int kQueryMs = 5000;

bool is_postgres(const std::string& url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

Json parse_or_null(const std::string& s) { return store::parse_stored_json(s); }

Json jdate(const std::optional<int64_t>& days) {
  return days ? Json(Date::from_days(*days).iso()) : Json(nullptr);
}

// "12:40;55:80" (the store's span encoding) → spans.
std::vector<std::pair<int64_t, int64_t>> parse_spans(const std::string& s) {
  std::vector<std::pair<int64_t, int64_t>> out;
  std::stringstream ss(s);
  std::string part;
  while (std::getline(ss, part, ';')) {
    size_t colon = part.find(':');
    if (colon == std::string::npos) continue;
    try {
      out.emplace_back(std::stoll(part.substr(0, colon)), std::stoll(part.substr(colon + 1)));
    } catch (...) {
    }
  }
  return out;
}

// One server thread's connections: a Store for the queries it offers, and a
// read-only connection for the document view and stats the Store does not offer.
// Both refuse writes and stop any statement that runs past kQueryMs; an
// ingesting server opens a third, writable one (`writer`) for POST only.
struct Conn {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<store::Db> ro;
  std::unique_ptr<store::Store> writer;
};

class StoreQueries : public EventQueries {
 public:
  StoreQueries(std::string url, bool writable) : url_(std::move(url)), writable_(writable) {}

  // Opens the first connection, so a bad URL fails at startup.
  bool check(std::string* error) {
    auto c = open(error);
    if (!c) return false;
    release(std::move(c));
    return true;
  }

  Answer export_events(const EventFilter& f, const std::string& format) override {
    store::EventQuery q = query_of(f);
    q.limit = 0;
    store::ExportFormat fmt = format == "acled"     ? store::ExportFormat::Acled
                              : format == "geojson" ? store::ExportFormat::Geojson
                              : format == "jsonl"   ? store::ExportFormat::Jsonl
                                                    : store::ExportFormat::Csv;
    store::Exporter ex(fmt);
    Answer a = Answer::of(Json::object());
    a.raw_events = ex.begin();
    std::string err;
    bool ok = with(
        [&](Conn& c) {
          if (!c.store->each_event(
                  q,
                  [&](const store::EventRow& r) {
                    a.raw_events += ex.row(r);
                    return true;
                  },
                  &err))
            throw std::runtime_error(err);
        },
        &err);
    if (!ok) return Answer::fail(500, "query failed: " + err);
    a.raw_events += ex.end();
    a.value["rows"] = ex.rows();
    return a;
  }

  static store::EventQuery query_of(const EventFilter& f) {
    store::EventQuery q;
    q.from = f.from;
    q.to = f.to;
    q.type = f.type;
    q.acled_type = f.acled_type;
    q.country = f.country;
    q.actor = f.actor;
    q.actor_names = f.actor_names;
    q.modality = f.modality;
    q.background = f.background == "include" ? store::Background::Include
                   : f.background == "only"  ? store::Background::Only
                                             : store::Background::Exclude;
    q.near_lat = f.near_lat, q.near_lon = f.near_lon, q.near_km = f.near_km;
    q.west = f.west, q.south = f.south, q.east = f.east, q.north = f.north;
    q.text = f.text;
    q.min_killed = f.min_killed;
    return q;
  }

  Answer list_events(const EventFilter& f, const Page& page) override {
    store::EventQuery q;
    q.from = f.from;
    q.to = f.to;
    q.type = f.type;
    q.acled_type = f.acled_type;
    q.country = f.country;
    q.actor = f.actor;
    q.actor_names = f.actor_names;
    q.modality = f.modality;
    q.background = f.background == "include" ? store::Background::Include
                   : f.background == "only"  ? store::Background::Only
                                             : store::Background::Exclude;
    q.near_lat = f.near_lat, q.near_lon = f.near_lon, q.near_km = f.near_km;
    q.west = f.west, q.south = f.south, q.east = f.east, q.north = f.north;
    q.text = f.text;
    q.min_killed = f.min_killed;
    int64_t offset = page.offset;
    if (!page.cursor.empty()) {
      if (!store::parse_cursor(page.cursor, &q))
        return Answer::fail(400, "cursor: not a cursor this server gave");
      offset = 0;
    }
    q.limit = offset + page.limit + 1;  // one more tells whether there is a next page
    std::string err;
    std::vector<store::EventRow> rows;
    int64_t total = -1;
    if (!with(
            [&](Conn& c) {
              rows = c.store->events(q, &err);
              if (err.empty()) total = c.store->count_events(q, &err);
            },
            &err) ||
        !err.empty())
      return Answer::fail(500, "query failed: " + err);
    size_t end = std::min(rows.size(), static_cast<size_t>(offset + page.limit));
    Answer a = Answer::of(Json{{"has_more", rows.size() > end}, {"total", total}});
    // A keyset cursor after the last row shown: pages reach the end of any store.
    if (rows.size() > end && end > 0)
      a.value["next_cursor"] = store::make_cursor(rows[end - 1].date_start, rows[end - 1].id);
    const size_t first = static_cast<size_t>(offset);
    a.raw_events.reserve(600 * (end > first ? end - first : 0) + 2);
    a.raw_events = "[";
    for (size_t i = first; i < end; ++i) {
      if (a.raw_events.size() > 1) a.raw_events += ',';
      append_event_json(rows[i], &a.raw_events);
    }
    a.raw_events += ']';
    return a;
  }

  Answer get_event(const std::string& id) override {
    std::string err;
    std::optional<store::EventDetail> d;
    if (!with([&](Conn& c) { d = c.store->event(id, &err); }, &err) || !err.empty())
      return Answer::fail(500, "query failed: " + err);
    if (!d) return Answer::fail(404, "no event " + id);
    return Answer::of(Json::parse(store::detail_json(*d)));
  }

  Answer get_document(const std::string& id) override {
    Json doc;
    std::string err;
    bool ok = with(
        [&](Conn& c) {
          auto& d = c.ro->stmt("SELECT id, published, source, title, url, text FROM documents WHERE id = ?1");
          d.bind(1, id);
          if (!d.next()) {
            d.reset();
            return;
          }
          auto text_or_null = [&](int col) { return d.is_null(col) ? Json(nullptr) : Json(d.str(col)); };
          doc = {{"id", d.str(0)},           {"published", jdate(d.opt_i64(1))}, {"source", text_or_null(2)},
                 {"title", text_or_null(3)}, {"url", text_or_null(4)},           {"text", d.str(5)}};
          d.reset();
          Json spans = Json::array();
          auto& m = c.ro->stmt(
              "SELECT m.start_byte, m.end_byte, m.kind, e.type, e.eid, e.name FROM mentions m "
              "JOIN entities e ON e.doc_id = m.doc_id AND e.idx = m.entity_idx "
              "WHERE m.doc_id = ?1 ORDER BY m.start_byte");
          m.bind(1, id);
          while (m.next())
            spans.push_back({{"start", m.i64(0)},
                             {"end", m.i64(1)},
                             {"kind", "entity"},
                             {"label", m.str(3)},
                             {"ref", m.str(4)},
                             {"name", m.str(5)},
                             {"mention", m.str(2)}});
          m.reset();
          auto& r = c.ro->stmt("SELECT id, type, evidence FROM reports WHERE doc_id = ?1 ORDER BY ord");
          r.bind(1, id);
          while (r.next())
            for (auto [a, b] : parse_spans(r.str(2)))
              spans.push_back(
                  {{"start", a}, {"end", b}, {"kind", "evidence"}, {"label", r.str(1)}, {"ref", r.str(0)}});
          r.reset();
          doc["spans"] = std::move(spans);
        },
        &err);
    if (!ok) return Answer::fail(500, "query failed: " + err);
    if (doc.is_null()) return Answer::fail(404, "no document " + id);
    return Answer::of(std::move(doc));
  }

  Answer tallies(const std::string& metric, const std::string& group) override {
    std::string err;
    std::vector<store::TallySeries> s;
    if (!with([&](Conn& c) { s = c.store->tallies({metric, group}, &err); }, &err) || !err.empty())
      return Answer::fail(500, "query failed: " + err);
    Json series = Json::array();
    std::stringstream lines(store::tallies_jsonl(s));
    for (std::string line; std::getline(lines, line);)
      if (!line.empty()) series.push_back(parse_or_null(line));
    return Answer::of(Json{{"series", std::move(series)}});
  }

  Answer stats() override {
    Json out;
    std::string err;
    bool ok = with(
        [&](Conn& c) {
          // Literals only: the Db caches statements by the SQL text's address.
          auto count = [&](const char* sql) {
            auto& s = c.ro->stmt(sql);
            int64_t n = s.next() ? s.i64(0) : 0;
            s.reset();
            return n;
          };
          out = {{"backend", is_postgres(url_) ? "postgresql" : "sqlite"},
                 {"documents", count("SELECT count(*) FROM documents")},
                 {"reports", count("SELECT count(*) FROM reports")},
                 {"events", count("SELECT count(*) FROM events")},
                 {"tallies", count("SELECT count(*) FROM tallies")},
                 {"sources", count("SELECT count(*) FROM sources")}};
          auto& d = c.ro->stmt("SELECT min(date_start), max(date_start) FROM events");
          if (d.next()) {
            out["first_date"] = jdate(d.opt_i64(0));
            out["last_date"] = jdate(d.opt_i64(1));
          }
          d.reset();
          out["schema_version"] = c.store->schema_version();
        },
        &err);
    if (!ok) return Answer::fail(500, "query failed: " + err);
    return Answer::of(std::move(out));
  }

  Answer ingest(std::vector<Document>& docs) override {
    if (!writable_) return Answer::fail(501, "this server is read-only");
    store::AddResult r;
    std::string err;
    bool ok = with(
        [&](Conn& c) {
          std::string e;
          if (!c.writer && !(c.writer = store::Store::open(url_, &e))) throw std::runtime_error(e);
          r = c.writer->add(docs);
        },
        &err);
    if (!ok) return Answer::fail(500, err);
    if (!r.ok()) return Answer::fail(500, "ingest failed: " + r.error);
    return Answer::of(Json{{"added", r.added}, {"skipped", r.skipped}, {"reports", r.reports}});
  }

 private:
  std::unique_ptr<Conn> open(std::string* error) {
    auto c = std::make_unique<Conn>();
    c->store = store::Store::open(url_, error);
    if (!c->store) return nullptr;
    try {
      // GET handlers cannot write, and no query runs longer than kQueryMs,
      // with or without --allow-ingest (ingest has its own connection).
      c->store->limit_reads(kQueryMs);
      c->ro = is_postgres(url_) ? store::open_postgres(url_) : store::open_sqlite(url_);
      c->ro->limit_reads(kQueryMs);
    } catch (const std::exception& e) {
      *error = e.what();
      return nullptr;
    }
    return c;
  }

  void release(std::unique_ptr<Conn> c) {
    std::lock_guard lock(mu_);
    free_.push_back(std::move(c));
  }

  // Runs fn on a pooled connection (opening one when none is free). Database
  // errors come back as false + `error`, never as exceptions.
  template <class Fn>
  bool with(Fn&& fn, std::string* error) {
    std::unique_ptr<Conn> c;
    {
      std::lock_guard lock(mu_);
      if (!free_.empty()) {
        c = std::move(free_.back());
        free_.pop_back();
      }
    }
    if (!c && !(c = open(error))) return false;
    try {
      fn(*c);
    } catch (const std::exception& e) {
      *error = e.what();
      return false;  // the connection may be in a bad state: drop it
    }
    release(std::move(c));
    return true;
  }

  std::string url_;
  bool writable_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Conn>> free_;
};

}  // namespace

std::unique_ptr<EventQueries> open_store_queries(const std::string& url, bool writable, std::string* error) {
  std::error_code ec;
  if (!is_postgres(url) && !std::filesystem::exists(url, ec)) {
    *error = "no store at " + url + " (create one with sitrep ingest --db " + url + ")";
    return nullptr;
  }
  auto q = std::make_unique<StoreQueries>(url, writable);
  if (!q->check(error)) return nullptr;
  return q;
}

}  // namespace sitrep::server
