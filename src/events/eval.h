// Events, evaluation: one document's events and tallies against an analyst gold
// in the seed gold's format (../shared/seed/report-2023-11-06.gold.json).
// Input: a processed Document and the parsed gold. Output: one line per gold
// event and tally (matched or the closest miss and why) and the counts. A gold
// event matches a real (asserted) engine event of its PLOVER type whose actor /
// recipient countries, background flag, mode (when the gold lists modes), place
// (within max(km, the gold place's tolerance) when the gold lists its
// coordinates), date (a listed day, or a listed day inside an interval of at most
// `max_days`) and killed / injured bounds agree; each engine event matches at
// most one gold event, required events first. Tallies: metric killed, low equal,
// as_of within 2 days, one to one. Pure function.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sitrep/document.h"

namespace sitrep::events {

struct EvalOptions {
  double event_km = 25;
  int max_days = 31;
};

struct EvalReport {
  std::vector<std::string> lines;  // human-readable, one per gold item
  int required_passed = 0, required_total = 0;
  int optional_passed = 0, optional_total = 0;
  int tallies_passed = 0, tallies_total = 0;
  int type_agree = 0;  // matched events whose CAMEO root / ACLED label also agree
  int type_checked = 0;
  nlohmann::json summary() const;
};

EvalReport evaluate_events(const Document& doc, const nlohmann::json& gold, const EvalOptions& opt = {});

// PLOVER type names of the 2016 gold-standard sentences mapped to PLOVER 2021:
// DEMAND → REQUEST, DISAPPROVE → ACCUSE, FIGHT → ASSAULT, INVESTIGATE → ACCUSE.
std::string modern_plover(const std::string& old_name);

}  // namespace sitrep::events
