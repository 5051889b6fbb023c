// The store: finished Documents in, merged cross-document events out.
// Input: Documents after every stage (meta, text, entities, events, tallies).
// Output: tables of documents, entities, reports (one per per-document event),
// merged events (stable ids, low/best/high casualties, sources, first/last
// seen) and tally time series; filtered queries over them.
// Invariants: adding a batch is one transaction; a document already stored is
// skipped, so re-ingesting changes nothing; events are the connected
// components of the report compatibility graph (store/merge.h), hence the same
// whatever the input order or batching. Backends: SQLite (a file path) and
// PostgreSQL (postgresql://…), same schema and code (store/db.h).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sitrep/document.h"
#include "store/merge.h"

namespace sitrep::store {

struct AddResult {
  size_t added = 0;    // documents written
  size_t skipped = 0;  // already stored
  size_t reports = 0;  // reports written
  std::string error;   // non-empty: the batch was rolled back, nothing written
  bool ok() const { return error.empty(); }
};

// Which events a query keeps by what the reports say of them.
enum class Background { Exclude, Include, Only };  // background clauses ("last year's attack")

struct EventQuery {
  std::optional<Date> from, to;  // event dates overlapping [from, to]
  std::string type;              // PLOVER
  std::string acled_type;        // ACLED event_type (exact string)
  std::string country;           // alpha-3 of the place
  // Actor or recipient (or an associated actor): its name or a part of it
  // (any case), its actor code (CAMEO-style, e.g. "SDNREB") or its country code.
  std::string actor;
  std::vector<std::string> actor_names;  // more names the actor goes by (its dictionary name and aliases)
  std::string modality = "asserted";     // "" = any; asserted | negated | hypothetical | future | …
  Background background = Background::Exclude;
  std::optional<double> near_lat, near_lon, near_km;
  std::optional<double> west, south, east, north;
  std::string text;                   // full-text query over the reports' documents
  std::optional<int64_t> min_killed;  // best killed ≥
  int64_t limit = 100;                // ≤ 0: no limit. Order: newest date first, then id descending
  // Keyset cursor: only events after this one in the order above (its date in
  // days or nullopt when it has none, and its id). Works to the end of any store.
  std::optional<std::pair<std::optional<int64_t>, std::string>> after;
};

// An opaque cursor for the event after which a page ends ("<days>~<id>",
// "-~<id>" for an undated event); parse_cursor returns false on anything else.
std::string make_cursor(const std::optional<Date>& date_start, const std::string& id);
bool parse_cursor(const std::string& s, EventQuery* q);

struct EventRow {
  std::string id;
  std::string type, mode, cameo, acled_type, acled_sub;
  std::optional<Date> date_start, date_end;
  std::string date_precision;
  std::string actor1, actor1_country, actor2, actor2_country;
  std::string actor1_code, actor1_sector, actor2_code, actor2_sector;
  std::vector<std::string> assoc_actor1, assoc_actor2;  // other actors the event's reports name
  std::string location, admin1, country, geo_precision;
  std::optional<double> lat, lon;
  std::string modality = "asserted", claim;  // claim: every claim the reports make, "; "-joined
  bool background = false;                   // every report tells it as background
  std::vector<std::string> attribution;      // who the reports attribute it to
  std::string url;                           // the anchor report's document URL
  std::optional<int64_t> killed_low, killed_best, killed_high, injured_low, injured_best, injured_high;
  std::vector<std::string> sources;
  int64_t reports = 0;
  std::optional<Date> first_seen, last_seen;
  std::string notes;
};

struct ReportRow {
  std::string id, document_id, source, title, url, modality, claim, json;
  // Why its fields have their values (`sitrep extract --explain`'s object as
  // JSON text); empty for reports stored before schema 6 or built by hand.
  std::string why;
  std::optional<Date> published;
  std::vector<std::string> evidence;  // the text of each evidence span
};

struct EventDetail {
  EventRow event;
  std::vector<ReportRow> reports;  // anchor first (store/merge.h order)
};

struct TallyPoint {
  std::optional<Date> as_of, since;
  std::optional<int64_t> low, high;
  std::string document_id;
};

struct TallySeries {
  std::string metric, group, place, country, source;
  std::vector<TallyPoint> points;  // by as_of
};

struct TallyQuery {
  std::string metric, group;
};

// Row counts and a digest of the merged state, for tests and `ingest` summaries.
struct StoreCounts {
  int64_t documents = 0, entities = 0, mentions = 0, reports = 0, events = 0, links = 0, tallies = 0,
          sources = 0;
  std::string digest;  // hash over every row of the content tables in key order
};

class Store {
 public:
  virtual ~Store() = default;
  // Opens (creating and migrating if needed) a store: "postgresql://…" or
  // "postgres://…" is PostgreSQL, anything else a SQLite file path. Returns
  // nullptr and sets `error` on failure.
  // With create = false a SQLite path that does not exist is an error (a
  // mistyped path never becomes a new empty store).
  static std::unique_ptr<Store> open(const std::string& url, std::string* error, bool create = true);

  // Adds a batch of documents in one transaction (merging their reports).
  virtual AddResult add(std::span<const Document> docs) = 0;
  virtual std::vector<EventRow> events(const EventQuery& q, std::string* error) = 0;
  // Streams the matching events in order to fn (false stops); false and
  // `error` on failure. Memory does not grow with the number of rows.
  virtual bool each_event(const EventQuery& q, const std::function<bool(const EventRow&)>& fn,
                          std::string* error) = 0;
  // How many events match q (its limit and cursor ignored); -1 and `error` on failure.
  virtual int64_t count_events(const EventQuery& q, std::string* error) = 0;
  // An event by id (or by a former id that was merged into it).
  virtual std::optional<EventDetail> event(const std::string& id, std::string* error) = 0;
  virtual std::vector<TallySeries> tallies(const TallyQuery& q, std::string* error) = 0;
  virtual StoreCounts counts() = 0;
  virtual int schema_version() = 0;
  // For a server's GET handlers: from now on this store refuses writes and
  // interrupts a query that runs longer than timeout_ms.
  virtual void limit_reads(int timeout_ms) = 0;
};

}  // namespace sitrep::store
