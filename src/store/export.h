// Exports of merged events: an aligned table for people, JSON Lines, CSV with
// SCHEMA.md's ACLED-like columns (exactly, in order, then more), ACLED's
// standard columns and codes, and GeoJSON points with flat properties.
// Pure functions over EventRows; output is UTF-8 text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace sitrep::store {

// A country as ISO 3166-1 and ACLED name it (src/store/countries.inc).
struct CountryInfo {
  const char* alpha3;
  int numeric;  // ISO 3166-1 numeric: ACLED's "iso" column
  const char* name;
  const char* common;    // "" or a common name ("Bolivia")
  const char* official;  // "" or the official name
  const char* region;    // ACLED region ("Western Africa")
};
const CountryInfo* country_by_alpha3(std::string_view alpha3);
// By alpha-3 or alpha-3 in any case, or by its ISO name, common or official name (any case).
const CountryInfo* find_country(std::string_view name_or_code);

// ACLED's codes for an event (its codebook): inter codes 1-8 from an actor's
// sector (and the event type: protesters 6, rioters 5; a state's forces
// outside their country are 8), interaction (the two inter codes, smaller
// first; a sole actor's code × 10), time precision 1-3 and geo precision 1-3.
int acled_inter(const std::string& sector, const std::string& actor_country, const std::string& event_country,
                const std::string& acled_type, bool is_actor1);
int acled_interaction(int inter1, int inter2);
int acled_time_precision(const std::string& date_precision);
int acled_geo_precision(const std::string& geo_precision);
std::string acled_disorder_type(const std::string& acled_type, const std::string& acled_sub);
std::string acled_event_id(const EventRow& r);  // "NGA" + the event's hex id: event_id_cnty

// Streams events in one export format: begin() once, row() per event, end()
// once; each returns text to write. Counts the rows and the events without
// coordinates (GeoJSON keeps those as features with a null geometry).
enum class ExportFormat { Table, Jsonl, Csv, Acled, Geojson };
class Exporter {
 public:
  explicit Exporter(ExportFormat f) : f_(f) {}
  std::string begin() const;
  std::string row(const EventRow& r);
  std::string end() const;
  int64_t rows() const { return rows_; }
  int64_t unlocated() const { return unlocated_; }
  // ACLED format: events ACLED would not code (no ACLED type: meetings,
  // statements) are left out and counted here.
  int64_t not_acled() const { return not_acled_; }

 private:
  ExportFormat f_;
  int64_t rows_ = 0, unlocated_ = 0, not_acled_ = 0;
};

// The CSV header line (no newline): SCHEMA.md's column list, then ACLED's
// standard columns it lacks and sitrep's own (csv_extra_columns).
const std::string& csv_header();
// One CSV column's text for an event (csv_header's names; "" when empty).
std::string csv_value(const EventRow& r, std::string_view column);

// The ACLED export's header: ACLED's standard columns in ACLED's order, then sitrep's own.
const std::string& acled_header();
std::string to_acled(const std::vector<EventRow>& rows);
std::string to_csv(const std::vector<EventRow>& rows);    // header + one line per event
std::string to_jsonl(const std::vector<EventRow>& rows);  // one object per line
std::string to_geojson(
    const std::vector<EventRow>& rows);  // FeatureCollection, flat properties; unlocated: null geometry
std::string to_table(const std::vector<EventRow>& rows);  // fixed columns for a terminal
std::string event_json(const EventRow& r);                // one compact object
std::string detail_json(const EventDetail& d);            // event + reports + evidence text
// For `sitrep show`; explain: under each report, the rule behind each field
// and the words it matched (`sitrep show --explain`).
std::string detail_text(const EventDetail& d, bool explain = false);
std::string tallies_text(const std::vector<TallySeries>& s);
std::string tallies_jsonl(const std::vector<TallySeries>& s);

}  // namespace sitrep::store
