#include "time/tables.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "pipeline/resources.h"

namespace sitrep::timex {

namespace {

std::string lower(std::string_view s) {
  std::string o;
  o.reserve(s.size());
  for (size_t q = 0; q < s.size(); ++q) {
    if (s.substr(q, 3) == "\xE2\x80\x99") {  // a typographic apostrophe as the plain one ("year’s")
      o += '\'';
      q += 2;
    } else {
      o += s[q] >= 'A' && s[q] <= 'Z' ? static_cast<char>(s[q] | 0x20) : s[q];
    }
  }
  return o;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t b = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      if (i > b) out.emplace_back(s.substr(b, i - b));
      b = i + 1;
    }
  return out;
}

size_t filter_index(std::string_view w) {
  unsigned a = static_cast<unsigned char>(w.front() | 0x20) - 'a',
           b = static_cast<unsigned char>(w.back() | 0x20) - 'a';
  if (a >= 26) a = 0;
  if (b >= 26) b = 0;
  return (w.size() * 26 + a) * 26 + b;
}

}  // namespace

Date easter_sunday(int y) {
  // The anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return Date{y, month, day};
}

Tense TimeTables::word_tense(std::string_view w) const {
  auto it = tense_.find(lower(w));
  return it == tense_.end() ? kNoTense : static_cast<Tense>(it->second);
}

const std::vector<TensePhrase>* TimeTables::tense_phrases(std::string_view w) const {
  if (phrases_.empty()) return nullptr;
  auto it = phrases_.find(lower(w));
  return it == phrases_.end() ? nullptr : &it->second;
}

uint8_t TimeTables::flags(std::string_view w) const {
  auto it = flags_.find(lower(w));
  return it == flags_.end() ? 0 : it->second;
}

bool TimeTables::approx_before(std::string_view w) const {
  return !approx_before_.empty() && w.size() <= kMaxLen && approx_before_.count(lower(w));
}

bool TimeTables::maybe_holiday_start(std::string_view w) const {
  if (w.empty() || w.size() > kMaxLen) return false;
  size_t k = filter_index(w);
  return (filter_[k / 64] >> (k % 64)) & 1;
}

const std::vector<RefPhrase>* TimeTables::ref_phrases(std::string_view w) const {
  if (ref_phrases_.empty() || !maybe_holiday_start(w)) return nullptr;
  auto it = ref_phrases_.find(lower(w));
  return it == ref_phrases_.end() ? nullptr : &it->second;
}

int TimeTables::day_ordinal(std::string_view w) const {
  if (w.size() < 5 || w.size() > 14) return 0;
  auto it = ordinals_.find(lower(w));
  return it == ordinals_.end() ? 0 : it->second;
}

int TimeTables::decade_word(std::string_view w) const {
  if (w.size() < 6 || w.size() > 9) return -1;
  auto it = decades_.find(lower(w));
  return it == decades_.end() ? -1 : it->second;
}

void TimeTables::add_filter(std::string_view w) {
  if (w.empty() || w.size() > kMaxLen) return;
  size_t k = filter_index(w);
  filter_[k / 64] |= uint64_t{1} << (k % 64);
}

const std::vector<uint16_t>* TimeTables::holidays_starting(std::string_view w) const {
  if (!maybe_holiday_start(w)) return nullptr;
  auto it = holiday_first_.find(lower(w));
  return it == holiday_first_.end() ? nullptr : &it->second;
}

std::optional<Date> TimeTables::holiday_in(const Holiday& h, int y) const {
  switch (h.kind) {
    case Holiday::Fixed:
      if (!is_valid_date(y, h.month, h.day)) return std::nullopt;
      return Date{y, h.month, h.day};
    case Holiday::Nth: {
      if (h.n > 0) {
        Date first{y, h.month, 1};
        int ahead = (h.weekday - first.weekday() + 7) % 7;
        return first.plus_days(ahead + 7 * (h.n - 1) + h.offset);
      }
      Date last{y, h.month, days_in_month(y, h.month)};
      int back = (last.weekday() - h.weekday + 7) % 7;
      return last.plus_days(-back + h.offset);
    }
    case Holiday::Easter:
      return easter_sunday(y).plus_days(h.offset);
    case Holiday::Table:
      for (const Date& d : h.dates)
        if (d.year == y) return d;
      return std::nullopt;
    case Holiday::Before:
      if (h.base < 0) return std::nullopt;
      for (const Date& d : holidays_[h.base].dates)
        if (d.plus_days(-h.span).year == y) return d.plus_days(-h.span);
      return std::nullopt;
  }
  return std::nullopt;
}

void TimeTables::occurrences(const Holiday& h, int y, std::vector<Date>* out) const {
  out->clear();
  if (h.kind == Holiday::Table || h.kind == Holiday::Before) {
    const std::vector<Date>& src = h.kind == Holiday::Table ? h.dates : holidays_[h.base].dates;
    int off = h.kind == Holiday::Before ? -h.span : 0;
    for (const Date& d0 : src) {
      Date d = d0.plus_days(off);
      if (d.year >= y - 1 && d.year <= y + 1) out->push_back(d);
    }
    return;
  }
  for (int k = y - 1; k <= y + 1; ++k)
    if (auto d = holiday_in(h, k)) out->push_back(*d);
}

void TimeTables::load_cues(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    errors_.push_back(path + ": cannot read");
    return;
  }
  std::string line;
  size_t ln = 0;
  while (std::getline(in, line)) {
    ++ln;
    if (line.empty() || line[0] == '#') continue;
    auto cols = split(line, '\t');
    if (cols.size() < 2) {
      errors_.push_back(path + ":" + std::to_string(ln) + ": expected class<TAB>word");
      continue;
    }
    const std::string& cls = cols[0];
    std::string w = lower(cols[1]);
    if (cls == "tense") {
      std::string v = cols.size() > 2 ? cols[2] : "";
      Tense t = v == "past_aux"     ? kPastAux
                : v == "future_aux" ? kFutureAux
                : v == "past"       ? kPast
                : v == "future"     ? kFuture
                : v == "none"       ? kNeverCue
                : v == "report"     ? kReport
                : v == "copula"     ? kCopula
                                    : kNoTense;
      if (t == kNoTense) {
        errors_.push_back(path + ":" + std::to_string(ln) + ": unknown tense value '" + v + "'");
        continue;
      }
      auto words = split(w, ' ');
      if (words.size() == 1) {
        tense_[w] = t;
      } else {
        TensePhrase p;
        p.rest.assign(words.begin() + 1, words.end());
        p.tense = t;
        phrases_[words[0]].push_back(std::move(p));
      }
    } else if (cls == "clause") {
      std::string v = cols.size() > 2 ? cols[2] : "";
      flags_[w] |= v == "before_aux" ? kClauseBeforeAux : kClauseBreak;
    } else if (cls == "not_year_after") {
      flags_[w] |= kNotYearAfter;
    } else if (cls == "not_set_after") {
      flags_[w] |= kNotSetAfter;
    } else if (cls == "approx_before") {
      approx_before_[w] = 1;
    } else if (cls == "future_before") {
      future_before_.push_back(split(w, ' '));
    } else if (cls == "not_present_after") {
      flags_[w] |= kNotPresentAfter;
    } else if (cls == "period_adj") {
      std::string v = cols.size() > 2 ? cols[2] : "";
      uint8_t f = v == "latest"     ? kPeriodLatest
                  : v == "same"     ? kPeriodSame
                  : v == "year_ago" ? kPeriodYearAgo
                                    : 0;
      if (!f) {
        errors_.push_back(path + ":" + std::to_string(ln) + ": unknown period_adj value '" + v + "'");
        continue;
      }
      flags_[w] |= f;
    } else if (cls == "ref") {
      std::string v = cols.size() > 2 ? cols[2] : "";
      // "at | the time !of": words before "|" must precede the phrase, "!word" must not follow it.
      auto all = split(w, ' ');
      std::vector<std::string> before, words, not_after;
      if (std::find(all.begin(), all.end(), "|") != all.end()) {
        auto bar = std::find(all.begin(), all.end(), "|");
        before.assign(all.begin(), bar);
        all.erase(all.begin(), bar + 1);
      }
      for (auto& x : all)
        (x.size() > 1 && x[0] == '!' ? not_after.push_back(x.substr(1)) : words.push_back(x));
      if (words.empty() || !(v == "PAST_REF" || v == "PRESENT_REF" || v == "FUTURE_REF" || v == "YEAR")) {
        errors_.push_back(path + ":" + std::to_string(ln) +
                          ": ref needs a phrase and PAST_REF|PRESENT_REF|FUTURE_REF|YEAR");
        continue;
      }
      add_filter(words[0]);
      RefPhrase p;
      p.rest.assign(words.begin() + 1, words.end());
      p.before = std::move(before);
      p.not_after = std::move(not_after);
      p.value = v;
      auto& list = ref_phrases_[words[0]];
      list.push_back(std::move(p));
      // Longest first, so "the near term" is tried before a shorter phrase of the same start.
      std::stable_sort(list.begin(), list.end(),
                       [](const RefPhrase& a, const RefPhrase& b) { return a.rest.size() > b.rest.size(); });
    } else if (cls == "day_ordinal" || cls == "decade") {
      int v = cols.size() > 2 ? std::atoi(cols[2].c_str()) : -1;
      const bool day = cls == "day_ordinal";
      if (day ? (v < 1 || v > 31) : (v < 0 || v > 9)) {
        errors_.push_back(path + ":" + std::to_string(ln) + ": " + cls + " value out of range");
        continue;
      }
      if (day) {
        ordinals_[w] = static_cast<uint8_t>(v);
        add_filter(w);  // "the fifth of March"
      } else {
        decades_[w] = static_cast<uint8_t>(v);
        add_filter(w);
      }
    } else {
      errors_.push_back(path + ":" + std::to_string(ln) + ": unknown class '" + cls + "'");
    }
  }
}

void TimeTables::load_holidays(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    errors_.push_back(path + ": cannot read");
    return;
  }
  std::string line;
  size_t ln = 0;
  std::vector<std::pair<size_t, std::string>> before;  // resolved after all rules are read
  while (std::getline(in, line)) {
    ++ln;
    if (line.empty() || line[0] == '#') continue;
    auto cols = split(line, '\t');
    auto bad = [&](const char* why) { errors_.push_back(path + ":" + std::to_string(ln) + ": " + why); };
    if (cols.size() < 4) {
      bad("expected rule<TAB>name<TAB>kind<TAB>args");
      continue;
    }
    Holiday h;
    h.rule = cols[0];
    auto words = split(lower(cols[1]), ' ');
    if (words.empty()) {
      bad("empty name");
      continue;
    }
    for (const auto& w : words) h.name += (h.name.empty() ? "" : " ") + w;
    const std::string& kind = cols[2];
    if (kind == "fixed") {
      h.kind = Holiday::Fixed;
      if (std::sscanf(cols[3].c_str(), "%d-%d", &h.month, &h.day) != 2 ||
          !is_valid_date(2000, h.month, h.day)) {
        bad("fixed: expected MM-DD");
        continue;
      }
    } else if (kind == "nth") {
      h.kind = Holiday::Nth;
      if (cols.size() < 6) {
        bad("nth: expected MONTH N WEEKDAY [OFFSET]");
        continue;
      }
      h.month = std::atoi(cols[3].c_str());
      h.n = std::atoi(cols[4].c_str());
      h.weekday = std::atoi(cols[5].c_str()) - 1;
      h.offset = cols.size() > 6 ? std::atoi(cols[6].c_str()) : 0;
      if (h.month < 1 || h.month > 12 || h.n < -1 || h.n == 0 || h.n > 5 || h.weekday < 0 || h.weekday > 6) {
        bad("nth: bad month, count or weekday");
        continue;
      }
    } else if (kind == "easter") {
      h.kind = Holiday::Easter;
      h.offset = std::atoi(cols[3].c_str());
    } else if (kind == "table") {
      h.kind = Holiday::Table;
      for (const auto& s : split(cols[3], ' '))
        if (auto d = parse_iso_date(s)) h.dates.push_back(*d);
      std::sort(h.dates.begin(), h.dates.end());
      if (h.dates.empty()) {
        bad("table: no dates");
        continue;
      }
    } else if (kind == "before") {
      h.kind = Holiday::Before;
      h.span = cols.size() > 4 ? std::atoi(cols[4].c_str()) : 1;
      before.emplace_back(holidays_.size(), cols[3]);
    } else {
      bad("unknown kind");
      continue;
    }
    if (holidays_.size() >= 65535) break;
    holiday_first_[words[0]].push_back(static_cast<uint16_t>(holidays_.size()));
    if (words[0].size() <= kMaxLen) {
      size_t k = filter_index(words[0]);
      filter_[k / 64] |= uint64_t{1} << (k % 64);
    }
    holidays_.push_back(std::move(h));
  }
  for (const auto& [idx, rule] : before) {
    for (size_t k = 0; k < holidays_.size(); ++k)
      if (holidays_[k].rule == rule && holidays_[k].kind == Holiday::Table)
        holidays_[idx].base = static_cast<int>(k);
    if (holidays_[idx].base < 0) errors_.push_back(path + ": before: no table rule '" + rule + "'");
  }
  // Longer names first, so "christmas eve" is tried before "christmas".
  for (auto& [w, v] : holiday_first_)
    std::stable_sort(v.begin(), v.end(), [&](uint16_t a, uint16_t b) {
      return holidays_[a].name.size() > holidays_[b].name.size();
    });
}

bool TimeTables::load(const std::string& folder) {
  size_t before = errors_.size();
  load_cues(folder + "/cues.tsv");
  load_holidays(folder + "/holidays.tsv");
  return errors_.size() == before;
}

std::shared_ptr<const TimeTables> load_time_tables(const std::string& data_dir) {
  auto t = std::make_shared<TimeTables>();
  std::string p = find_resource(data_dir, "time/cues.tsv");
  if (p.empty()) {
    static std::once_flag warned;
    std::call_once(warned, [] {
      std::fprintf(stderr,
                   "sitrep: warning: data/time/cues.tsv not found; dates without a year use no tense cues\n");
    });
    return t;
  }
  if (!t->load(std::filesystem::path(p).parent_path().string()))
    for (const auto& e : t->errors()) std::fprintf(stderr, "sitrep: warning: %s\n", e.c_str());
  return t;
}

const TimeTables& default_time_tables() {
  static const std::shared_ptr<const TimeTables> t = load_time_tables("");
  return *t;
}

}  // namespace sitrep::timex
