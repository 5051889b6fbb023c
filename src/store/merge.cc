#include "store/merge.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string_view>

#include "core/geodesy.h"

namespace sitrep::store {

bool mergeable(const ReportKey& r, const MergeRules& rules) {
  if (!r.asserted) return false;
  if (r.place_key.empty() && !(r.lat && r.lon)) return false;
  if (r.geo_precision == "country") return false;
  if (r.date_end - r.date_start > rules.max_date_span_days) return false;
  return true;
}

double distance_km(double lat1, double lon1, double lat2, double lon2) {
  return great_circle_km(lat1, lon1, lat2, lon2);
}

bool compatible(const ReportKey& a, const ReportKey& b, const MergeRules& rules) {
  if (!mergeable(a, rules) || !mergeable(b, rules)) return false;
  // Two events of one document are two events: the events stage already
  // joined what a report tells twice (a strike and nearby clashes stay apart).
  std::string_view da(a.id), db(b.id);
  if (da.substr(0, da.find('#')) == db.substr(0, db.find('#'))) return false;
  if (a.type != b.type) return false;
  if (a.date_start - rules.date_window_days > b.date_end ||
      b.date_start - rules.date_window_days > a.date_end)
    return false;
  if (a.lat && a.lon && b.lat && b.lon) {
    if (distance_km(*a.lat, *a.lon, *b.lat, *b.lon) > rules.max_km) return false;
  } else if (a.place_key.empty() || a.place_key != b.place_key) {
    return false;
  }
  if (!a.actor_country.empty() && !b.actor_country.empty() && a.actor_country != b.actor_country)
    return false;
  if (!a.recipient_country.empty() && !b.recipient_country.empty() &&
      a.recipient_country != b.recipient_country)
    return false;
  return true;
}

bool anchor_before(const ReportKey& a, const ReportKey& b) {
  if (a.published != b.published) return a.published < b.published;
  return a.id < b.id;
}

std::string event_id_for(const std::string& anchor_report_id) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : anchor_report_id) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  static const char* hex = "0123456789abcdef";
  std::string s = "v:";
  for (int i = 15; i >= 0; --i) s += hex[(h >> (i * 4)) & 15];
  return s;
}

int64_t lat_cell(double lat) { return static_cast<int64_t>(std::floor(lat / 0.25)); }

LowBestHigh combine(const std::vector<Figure>& figures) {
  LowBestHigh out;
  const Figure* latest = nullptr;
  // An interval open above ("at least 37") stays open unless another report
  // gives an upper bound.
  bool bounded = false;
  for (const auto& f : figures)
    if (f.high) bounded = true;
  for (const auto& f : figures) {
    auto lo = f.low ? f.low : f.high;
    auto hi = f.high ? f.high : f.low;
    if (!lo) continue;
    if (!out.low || *lo < *out.low) out.low = lo;
    if (!out.high || *hi > *out.high) out.high = hi;
    auto value = [](const Figure& x) { return x.low ? *x.low : *x.high; };
    if (!latest || f.published > latest->published ||
        (f.published == latest->published &&
         (f.sources > latest->sources ||
          (f.sources == latest->sources &&
           (value(f) > value(*latest) || (value(f) == value(*latest) && f.report_id > latest->report_id))))))
      latest = &f;
  }
  if (latest) {
    int64_t b = latest->low ? *latest->low : *latest->high;
    out.best = std::clamp(b, *out.low, *out.high);
  }
  if (!bounded) out.high = std::nullopt;
  return out;
}

}  // namespace sitrep::store
