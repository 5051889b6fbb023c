#include "store/schema.h"

#include <string>
#include <vector>

namespace sitrep::store {
namespace {

// Version 1. Dates are days since 1970-01-01 (INTEGER), so date arithmetic and
// indexes work the same on both backends.
const char* kTablesV1 = R"SQL(
CREATE TABLE sources (id {SERIAL}, name TEXT NOT NULL UNIQUE);
CREATE TABLE documents (
  n {SERIAL}, id TEXT NOT NULL UNIQUE, input_id TEXT, published BIGINT, source TEXT,
  title TEXT, url TEXT, text TEXT NOT NULL);
CREATE TABLE entities (
  doc_id TEXT NOT NULL, idx INTEGER NOT NULL, eid TEXT NOT NULL, type TEXT NOT NULL, name TEXT NOT NULL,
  actor_code TEXT, country TEXT, sector TEXT, role TEXT, org TEXT,
  geonames_id BIGINT, place_name TEXT, lat {REAL}, lon {REAL}, place_country TEXT, admin1 TEXT,
  feature TEXT, precision TEXT, PRIMARY KEY (doc_id, idx)){NOROWID};
CREATE TABLE mentions (
  doc_id TEXT NOT NULL, entity_idx INTEGER NOT NULL, start_byte INTEGER NOT NULL, end_byte INTEGER NOT NULL,
  kind TEXT NOT NULL, PRIMARY KEY (doc_id, entity_idx, start_byte)){NOROWID};
CREATE TABLE reports (
  id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, ord INTEGER NOT NULL, published BIGINT, source TEXT,
  type TEXT NOT NULL, mode TEXT, cameo TEXT, acled_type TEXT, acled_sub TEXT,
  actor_name TEXT, actor_country TEXT, actor_sector TEXT,
  recipient_name TEXT, recipient_country TEXT, recipient_sector TEXT,
  place_name TEXT, place_country TEXT, admin1 TEXT, lat {REAL}, lon {REAL}, geo_precision TEXT,
  place_key TEXT, lat_cell BIGINT,
  date_start BIGINT, date_end BIGINT, date_precision TEXT, date_basis TEXT,
  killed_low BIGINT, killed_high BIGINT, injured_low BIGINT, injured_high BIGINT,
  claim TEXT, modality TEXT NOT NULL, background INTEGER NOT NULL, confidence {REAL},
  n_attrib INTEGER NOT NULL, mergeable INTEGER NOT NULL,
  evidence TEXT NOT NULL, notes TEXT, json TEXT NOT NULL);
CREATE INDEX reports_doc ON reports(doc_id);
CREATE INDEX reports_cell ON reports(type, lat_cell, date_start) WHERE mergeable = 1;
CREATE INDEX reports_place ON reports(type, place_key, date_start) WHERE mergeable = 1;
CREATE TABLE events (
  n {SERIAL}, id TEXT NOT NULL UNIQUE, anchor TEXT NOT NULL,
  type TEXT NOT NULL, mode TEXT, cameo TEXT, acled_type TEXT, acled_sub TEXT,
  date_start BIGINT, date_end BIGINT, date_precision TEXT,
  actor1 TEXT, actor1_country TEXT, actor2 TEXT, actor2_country TEXT,
  location TEXT, admin1 TEXT, country TEXT, lat {REAL}, lon {REAL}, geo_precision TEXT,
  killed_low BIGINT, killed_best BIGINT, killed_high BIGINT,
  injured_low BIGINT, injured_best BIGINT, injured_high BIGINT,
  sources TEXT NOT NULL, n_reports INTEGER NOT NULL, n_sources INTEGER NOT NULL,
  first_seen BIGINT, last_seen BIGINT, notes TEXT);
CREATE INDEX events_date ON events(date_start);
CREATE INDEX events_type_date ON events(type, date_start);
CREATE INDEX events_country_date ON events(country, date_start);
CREATE INDEX events_killed ON events(killed_best);
CREATE TABLE event_reports (report_id TEXT PRIMARY KEY, event_id TEXT NOT NULL){NOROWID};
CREATE INDEX event_reports_event ON event_reports(event_id);
CREATE TABLE event_aliases (old_id TEXT PRIMARY KEY, event_id TEXT NOT NULL){NOROWID};
CREATE INDEX event_aliases_event ON event_aliases(event_id);
CREATE TABLE tallies (
  doc_id TEXT NOT NULL, ord INTEGER NOT NULL, metric TEXT NOT NULL, grp TEXT NOT NULL, country TEXT,
  place_name TEXT NOT NULL, lat {REAL}, lon {REAL}, place_country TEXT, source TEXT NOT NULL,
  as_of BIGINT, since BIGINT, low BIGINT, high BIGINT, evidence TEXT NOT NULL,
  PRIMARY KEY (doc_id, ord)){NOROWID};
CREATE INDEX tallies_series ON tallies(metric, grp, place_name, source, as_of);
)SQL";

const char* kSqliteExtraV1 = R"SQL(
CREATE VIRTUAL TABLE event_geo USING rtree(n, min_lat, max_lat, min_lon, max_lon);
-- detail=none: which documents hold a word, no positions (a third of the
-- index work); queries are therefore bags of single words, no phrases.
CREATE VIRTUAL TABLE docs_fts USING fts5(title, text, content='documents', content_rowid='n', detail=none);
)SQL";

const char* kPostgresExtraV1 = R"SQL(
CREATE INDEX events_lat_lon ON events(lat, lon);
CREATE INDEX documents_fts ON documents USING gin (to_tsvector('simple', coalesce(title, '') || ' ' || text));
)SQL";

std::string expand(std::string sql, Backend b) {
  auto rep = [&](const std::string& from, const std::string& to) {
    for (size_t p; (p = sql.find(from)) != std::string::npos;) sql.replace(p, from.size(), to);
  };
  rep("{SERIAL}", b == Backend::Sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY");
  // Tables reached only by their key keep their rows in the key's b-tree.
  rep("{NOROWID}", b == Backend::Sqlite ? " WITHOUT ROWID" : "");
  rep("{REAL}", b == Backend::Sqlite ? "REAL" : "DOUBLE PRECISION");
  return sql;
}

// Version 2: event indexes end with the id, so "newest first" (date DESC,
// id DESC) is read straight off an index; actors are found by exact name
// (any case) or country code.
const char* kV2 = R"SQL(
DROP INDEX events_date;
DROP INDEX events_type_date;
DROP INDEX events_country_date;
CREATE INDEX events_date ON events(date_start, id);
CREATE INDEX events_type_date ON events(type, date_start, id);
CREATE INDEX events_country_date ON events(country, date_start, id);
CREATE INDEX events_actor1 ON events(lower(actor1));
CREATE INDEX events_actor2 ON events(lower(actor2));
CREATE INDEX events_actor1_country ON events(actor1_country);
CREATE INDEX events_actor2_country ON events(actor2_country);
)SQL";

// Version 3, for ingest speed: no index on killed_best (a --min-killed query
// reads the newest events off a date index and filters, which is as fast
// when many events match and avoids sorting them all); SQLite's full-text
// index keeps no per-document column sizes (only ranking would read them).
const char* kV3Sqlite = R"SQL(
DROP INDEX events_killed;
DROP TABLE docs_fts;
CREATE VIRTUAL TABLE docs_fts USING fts5(title, text, content='documents', content_rowid='n', detail=none, columnsize=0);
INSERT INTO docs_fts (docs_fts) VALUES ('rebuild');
)SQL";
const char* kV3Postgres = "DROP INDEX events_killed;";

// Version 4, for ingest speed: a report row carries its event's id (one
// index, written with the row) instead of a link table with two b-trees; the
// link table stays readable as a view.
const char* kV4 = R"SQL(
ALTER TABLE reports ADD COLUMN event_id TEXT;
UPDATE reports SET event_id = (SELECT er.event_id FROM event_reports er WHERE er.report_id = reports.id);
DROP TABLE event_reports;
CREATE INDEX reports_event ON reports(event_id) WHERE event_id IS NOT NULL;
CREATE VIEW event_reports AS SELECT id AS report_id, event_id FROM reports WHERE event_id IS NOT NULL;
)SQL";

// Version 5, for analysts: what the reports say of an event beyond its core
// (actor codes and sectors, other actors, attribution, claim, modality,
// background, the anchor's URL) is kept on reports and events; a document
// carries a hash of its text up to whitespace, so a copy of a stored story
// (another id or outlet) adds a source, not a second set of events.
const char* kV5 = R"SQL(
ALTER TABLE reports ADD COLUMN actor_code TEXT;
ALTER TABLE reports ADD COLUMN recipient_code TEXT;
ALTER TABLE reports ADD COLUMN co_actors TEXT;
ALTER TABLE reports ADD COLUMN attribution TEXT;
ALTER TABLE events ADD COLUMN actor1_code TEXT;
ALTER TABLE events ADD COLUMN actor1_sector TEXT;
ALTER TABLE events ADD COLUMN actor2_code TEXT;
ALTER TABLE events ADD COLUMN actor2_sector TEXT;
ALTER TABLE events ADD COLUMN assoc_actor1 TEXT;
ALTER TABLE events ADD COLUMN assoc_actor2 TEXT;
ALTER TABLE events ADD COLUMN modality TEXT;
ALTER TABLE events ADD COLUMN background INTEGER;
ALTER TABLE events ADD COLUMN claim TEXT;
ALTER TABLE events ADD COLUMN attribution TEXT;
ALTER TABLE events ADD COLUMN url TEXT;
ALTER TABLE documents ADD COLUMN text_hash TEXT;
ALTER TABLE documents ADD COLUMN copy_of TEXT;
CREATE INDEX documents_text_hash ON documents(text_hash);
CREATE INDEX documents_copy_of ON documents(copy_of);
)SQL";

// Version 6: why each field of a report has its value (the events stage's
// rule records, `sitrep extract --explain`'s object as JSON text). Reports
// stored before keep every other column and have none (NULL): the rules are
// the engine's decisions at extraction, which cannot be rebuilt from a row.
const char* kV6 = "ALTER TABLE reports ADD COLUMN why TEXT;";

std::vector<std::string> migrations(Backend b) {
  return {expand(kTablesV1, b) + (b == Backend::Sqlite ? kSqliteExtraV1 : kPostgresExtraV1),
          kV2,
          b == Backend::Sqlite ? kV3Sqlite : kV3Postgres,
          kV4,
          kV5,
          kV6};
}

int current_version(Db& db) {
  auto q = db.query("SELECT max(version) FROM schema_version");
  int v = 0;
  if (q->next() && !q->is_null(0)) v = static_cast<int>(q->i64(0));
  return v;
}

}  // namespace

int migrate(Db& db) {
  // Fast path without a write lock, so readers never wait for a writer.
  try {
    if (current_version(db) == kSchemaVersion) return kSchemaVersion;
  } catch (const DbError&) {
    // No schema_version table yet.
  }
  db.begin();
  try {
    db.lock_writers();  // several processes opening a new PostgreSQL store at once
    db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    int v = current_version(db);
    if (v > kSchemaVersion)
      throw DbError("the database has schema version " + std::to_string(v) + "; this sitrep knows up to " +
                    std::to_string(kSchemaVersion));
    auto steps = migrations(db.backend());
    for (int i = v; i < kSchemaVersion; ++i) {
      db.exec(steps[i]);
      db.exec("INSERT INTO schema_version (version) VALUES (" + std::to_string(i + 1) + ")");
    }
    db.commit();
  } catch (...) {
    db.rollback();
    throw;
  }
  return kSchemaVersion;
}

}  // namespace sitrep::store
