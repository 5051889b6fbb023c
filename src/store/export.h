// Exports of merged events: an aligned table for people, JSON Lines, CSV with
// SCHEMA.md's ACLED-like columns (exactly, in order) and GeoJSON points.
// Pure functions over EventRows; output is UTF-8 text.
#pragma once

#include <string>
#include <vector>

#include "store/store.h"

namespace sitrep::store {

// The CSV header line (no newline): SCHEMA.md's column list.
const std::string& csv_header();
std::string to_csv(const std::vector<EventRow>& rows);       // header + one line per event
std::string to_jsonl(const std::vector<EventRow>& rows);     // one object per line
std::string to_geojson(const std::vector<EventRow>& rows);   // FeatureCollection of located events
std::string to_table(const std::vector<EventRow>& rows);     // fixed columns for a terminal
std::string event_json(const EventRow& r);                   // one compact object
std::string detail_json(const EventDetail& d);               // event + reports + evidence text
std::string detail_text(const EventDetail& d);               // for `sitrep show`
std::string tallies_text(const std::vector<TallySeries>& s);
std::string tallies_jsonl(const std::vector<TallySeries>& s);

}  // namespace sitrep::store
