// Hand-built Documents for the store's tests and benchmarks: the events stage
// is not needed to exercise ingest, merging and queries. Header-only, never
// part of the engine.
#pragma once

#include <string>

#include "read/reader.h"
#include "sitrep/document.h"

namespace sitrep::store::testing {

struct ReportSpec {
  std::string type = "ASSAULT";
  std::string place = "Khan Younis";
  std::string country = "PSE";
  std::optional<double> lat = 31.346, lon = 34.306;
  std::string precision = "town";
  std::string date;  // YYYY-MM-DD; "" = published day
  std::optional<int64_t> killed_low, killed_high, injured_low, injured_high;
  std::string actor = "Israeli forces", actor_country = "ISR";
  std::string recipient = "civilians", recipient_country = "PSE";
  std::string modality = "asserted";
  int attributions = 0;
  bool background = false;
};

// One document with one event per spec; `text` makes the document id.
inline Document make_doc(const std::string& text, const std::string& published, const std::string& source,
                         const std::vector<ReportSpec>& specs) {
  Document d;
  d.text = text;
  d.meta.published = parse_iso_date(published);
  d.meta.id = document_id(d.text, d.meta.published);
  d.meta.input_id = "test:" + d.meta.id;
  if (!source.empty()) d.meta.source = source;
  d.meta.title = text.substr(0, std::min<size_t>(40, text.size()));
  Entity place;
  place.id = "e1";
  place.type = EntityType::Place;
  place.name = specs.empty() ? "" : specs[0].place;
  place.mentions.push_back({0, static_cast<uint32_t>(std::min<size_t>(5, text.size())), MentionKind::Name});
  d.entities.push_back(place);
  int n = 0;
  for (const auto& s : specs) {
    Event ev;
    ev.id = d.meta.id + "#" + std::to_string(++n);
    ev.type = s.type;
    ev.cameo = "19";
    ev.acled_type = "Explosions/Remote violence";
    ev.acled_sub = "Air/drone strike";
    if (!s.actor.empty()) ev.actor = Party{-1, s.actor, s.actor_country, "MIL", {}};
    if (!s.recipient.empty()) ev.recipient = Party{-1, s.recipient, s.recipient_country, "CVL", {}};
    if (!s.place.empty() || s.lat) {
      EventPlace p;
      p.entity = 0;
      p.name = s.place;
      p.lat = s.lat;
      p.lon = s.lon;
      p.country = s.country;
      p.precision = s.precision;
      ev.place = p;
    }
    auto day = parse_iso_date(s.date.empty() ? published : s.date);
    ev.date.start = ev.date.end = day;
    ev.date.precision = "day";
    ev.date.basis = s.date.empty() ? "published" : "explicit";
    if (s.killed_low || s.killed_high)
      ev.casualties.killed = Interval{s.killed_low, s.killed_high, false, "k", {}};
    if (s.injured_low || s.injured_high)
      ev.casualties.injured = Interval{s.injured_low, s.injured_high, false, "i", {}};
    for (int a = 0; a < s.attributions; ++a)
      ev.attribution.push_back({"src" + std::to_string(a), -1, "official", {}, {}});
    ev.modality = s.modality;
    ev.background = s.background;
    ev.evidence.push_back({0, static_cast<uint32_t>(text.size())});
    ev.confidence = 0.8;
    d.events.push_back(std::move(ev));
  }
  return d;
}

}  // namespace sitrep::store::testing
