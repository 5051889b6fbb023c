// Cross-document merging rules, as pure functions over report summaries, so
// they are tested without a database and both backends share them.
// Input: reports (one per per-document event). Output: whether two reports
// tell the same real-world event, an event's id, and its casualty figures.
// Invariants: `compatible` is symmetric, so events are the connected
// components of the compatibility graph and do not depend on input order;
// the event id is a function of the component's earliest report. Cost: O(1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sitrep::store {

struct MergeRules {
  int date_window_days = 2;    // report date intervals may be this far apart
  int max_date_span_days = 7;  // vaguer dates (month, year) never merge
  double max_km = 25;          // places with coordinates
};

// What merging needs of a report.
struct ReportKey {
  std::string id;                        // report id: "d:…#N"
  std::string type;                      // PLOVER
  int64_t published = 0;                 // days since 1970 of the document; kNoDate if unknown
  int64_t date_start = 0, date_end = 0;  // days; the published day when the text gave none
  std::optional<double> lat, lon;
  std::string place_key;  // lower-case name + "|" + country, "" when no place
  std::string geo_precision;
  std::string actor_country, recipient_country;
  bool asserted = true;  // modality asserted (not negated / hypothetical / future)
};

constexpr int64_t kNoDate = 9999999;

// Whether a report may join a multi-report event at all (asserted, a place,
// a date no vaguer than rules.max_date_span_days, not country-wide).
bool mergeable(const ReportKey& r, const MergeRules& rules = {});
// Whether two mergeable reports tell the same event.
bool compatible(const ReportKey& a, const ReportKey& b, const MergeRules& rules = {});

double distance_km(double lat1, double lon1, double lat2, double lon2);

// The canonical order of reports: published date, then id. The first report
// in this order is the event's anchor.
bool anchor_before(const ReportKey& a, const ReportKey& b);
// "v:" + 16 hex digits of a hash of the anchor report id.
std::string event_id_for(const std::string& anchor_report_id);

// Latitude band used to find merge candidates (a cell is 0.25° ≈ 27.8 km).
int64_t lat_cell(double lat);

// One report's figure for a casualty metric.
struct Figure {
  std::optional<int64_t> low, high;
  int64_t published = kNoDate;
  std::string report_id;
  int sources = 1;  // how many sources back this report (attributions, min 1)
};

// UCDP GED's convention over an event's reports: low = min of the report
// lows, high = max of the report highs (a report's missing bound is read as
// its other bound; when no report gives an upper bound — "at least 37" —
// high stays null: the interval is open), best = the figure of the most recent report (latest
// published date; ties: more sources, then the larger figure — a bare
// "deadly" reads as 1 — then the larger report id), its low if
// it has one, else its high, clamped into [low, high]. Rationale: tolls grow
// as counting goes on, so the latest report is the most complete count.
struct LowBestHigh {
  std::optional<int64_t> low, best, high;
};
LowBestHigh combine(const std::vector<Figure>& figures);

}  // namespace sitrep::store
