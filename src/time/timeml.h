// TimeML reading and time-expression scoring, for `sitrep eval times`.
// Input: a .tml file's bytes. Output: the plain text of its <TEXT> element
// (tags removed, entities decoded) with gold TIMEX3 spans as byte offsets into
// that text, and the document creation time. Scoring compares the time stage's
// output with the gold spans: strict (same span) and relaxed (overlap) P/R/F1,
// value accuracy over relaxed matches, overall and per TIMEX3 type.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/document.h"

namespace sitrep {

struct GoldTimex {
  uint32_t start = 0, end = 0;
  std::string type;  // DATE TIME DURATION SET
  std::string value;
};

struct TimeMLDoc {
  std::string text;
  std::optional<Date> dct;
  std::vector<GoldTimex> gold;
};

// False (with *error) when the file has no <TEXT> element or a tag is unclosed.
bool parse_timeml(std::string_view xml, TimeMLDoc* out, std::string* error);

struct TimexCounts {
  size_t gold = 0, system = 0, strict = 0, relaxed = 0, value_ok = 0;
  size_t sys_strict = 0, sys_relaxed = 0;  // matches counted on the system side (by system type)
  double precision(bool strict_match) const {
    return system ? double(strict_match ? sys_strict : sys_relaxed) / system : 0;
  }
  double recall(bool strict_match) const { return gold ? double(strict_match ? strict : relaxed) / gold : 0; }
  double f1(bool strict_match) const {
    double p = precision(strict_match), r = recall(strict_match);
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
  double value_accuracy() const { return relaxed ? double(value_ok) / relaxed : 0; }
  void add(const TimexCounts& o) {
    gold += o.gold, system += o.system, strict += o.strict, relaxed += o.relaxed, value_ok += o.value_ok;
    sys_strict += o.sys_strict, sys_relaxed += o.sys_relaxed;
  }
};

struct TimexScore {
  TimexCounts all;
  std::map<std::string, TimexCounts> by_type;  // recall and value by gold type, precision by system type
  void add(const TimexScore& o) {
    all.add(o.all);
    for (const auto& [k, v] : o.by_type) by_type[k].add(v);
  }
};

// Scores system expressions against gold ones; SET is left out of both sides
// unless with_set. Matching is one-to-one, in text order.
TimexScore score_times(const std::vector<GoldTimex>& gold, const std::vector<TimeExpr>& system,
                       bool with_set);

}  // namespace sitrep
