// Word tables of the time stage, read from data/time/ (cues.tsv, holidays.tsv):
// tense cues and clause breaks for dates without a year, words that make a
// number no year or "daily" no SET, and the holidays news dates events by.
// Input: a data folder ("" = the located default). Output: read-only tables.
// Invariant: built once, never changed after; lookups do not allocate.
// Cost: one hash probe per word looked up; the holiday filter rejects most
// words on (length, first letter, last letter) before any probe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sitrep/date.h"

namespace sitrep::timex {

// kCopula: "is"/"are" right before a date ("the funeral is Saturday"): a future cue there only.
enum Tense : uint8_t { kNoTense = 0, kPastAux, kFutureAux, kPast, kFuture, kNeverCue, kReport, kCopula };

enum WordFlag : uint8_t {
  kClauseBreak = 1,        // "that", "which", "and": tense cues are not read across it
  kNotYearAfter = 2,       // "1987 Chevrolet": a model year
  kNotSetAfter = 4,        // "daily newspaper"
  kNotPresentAfter = 8,    // "current account"
  kPeriodLatest = 16,      // "the latest quarter"
  kPeriodSame = 32,        // "the same period", "the comparable quarter"
  kPeriodYearAgo = 64,     // "the year-ago quarter", "year-earlier"
  kClauseBeforeAux = 128,  // "and", "or": a clause break when an auxiliary follows ("… and will …")
};

struct TensePhrase {
  std::vector<std::string> rest;  // the words after the first
  Tense tense = kNoTense;
};

// A fixed phrase that is a vague reference ("the near term": FUTURE_REF).
struct RefPhrase {
  std::vector<std::string> rest;       // the words after the first
  std::vector<std::string> before;     // words that must come right before the phrase (not in its span)
  std::vector<std::string> not_after;  // words that must not follow it
  std::string value;                   // PAST_REF, PRESENT_REF or FUTURE_REF
};

struct Holiday {
  enum Kind : uint8_t { Fixed, Nth, Easter, Table, Before };
  std::string rule;
  std::string name;  // lower case, single spaces
  Kind kind = Fixed;
  int month = 0, day = 0, n = 0, weekday = 0, offset = 0;  // weekday 0 = Monday
  std::vector<Date> dates;                                 // Table, sorted
  int base = -1;                                           // Before: index of the rule it precedes
  int span = 1;                                            // days covered (Before)
};

class TimeTables {
 public:
  // Tense of a single word (lower case or not); kNoTense when unlisted.
  Tense word_tense(std::string_view w) const;
  // Phrases ("as early as") that begin with word w; null when none.
  const std::vector<TensePhrase>* tense_phrases(std::string_view w) const;
  uint8_t flags(std::string_view w) const;
  // Holidays whose name begins with word w (indexes into holidays()); null when none.
  const std::vector<uint16_t>* holidays_starting(std::string_view w) const;
  // A cheap shape test: false when w certainly begins no holiday, reference phrase, decade word or
  // day in words.
  bool maybe_holiday_start(std::string_view w) const;
  // Reference phrases ("these days") that begin with word w; null when none.
  const std::vector<RefPhrase>* ref_phrases(std::string_view w) const;
  // Day of the month of a spelled ordinal ("eighth" 8, "twenty-first" 21); 0 when none.
  int day_ordinal(std::string_view w) const;
  // Decade digit of a decade word ("nineties" 9); -1 when none.
  int decade_word(std::string_view w) const;
  // Phrases that put the date right after them ahead ("postponed until"), whatever the clause's tense.
  const std::vector<std::vector<std::string>>& future_before() const { return future_before_; }
  // A word right before a calendar date that joins its span ("around Nov. 1", "sometime next year").
  bool approx_before(std::string_view w) const;
  const std::vector<Holiday>& holidays() const { return holidays_; }
  // The day of holiday h in year y (the first day of its span); nullopt when the table lacks that year.
  std::optional<Date> holiday_in(const Holiday& h, int y) const;
  // All occurrences starting in years y-1..y+1, in order (a lunar holiday can fall twice in a year).
  void occurrences(const Holiday& h, int y, std::vector<Date>* out) const;
  const std::vector<std::string>& errors() const { return errors_; }

  bool load(const std::string& folder);  // adds cues.tsv and holidays.tsv of a folder

 private:
  std::unordered_map<std::string, uint8_t> tense_;
  std::unordered_map<std::string, std::vector<TensePhrase>> phrases_;
  std::unordered_map<std::string, uint8_t> flags_;
  std::vector<Holiday> holidays_;
  std::vector<std::vector<std::string>> future_before_;
  std::unordered_map<std::string, uint8_t> approx_before_;
  std::unordered_map<std::string, std::vector<RefPhrase>> ref_phrases_;
  std::unordered_map<std::string, uint8_t> ordinals_, decades_;
  void add_filter(std::string_view w);
  std::unordered_map<std::string, std::vector<uint16_t>> holiday_first_;
  static constexpr size_t kMaxLen = 24;
  uint64_t filter_[(kMaxLen + 1) * 26 * 26 / 64 + 1] = {};
  std::vector<std::string> errors_;
  void load_cues(const std::string& path);
  void load_holidays(const std::string& path);
};

// Tables from data/time/ of a data folder ("" = $SITREP_DATA, the build tree, the source tree).
std::shared_ptr<const TimeTables> load_time_tables(const std::string& data_dir);
// The tables of the default data folder, loaded once on first use.
const TimeTables& default_time_tables();

// Western Easter Sunday of a Gregorian year.
Date easter_sunday(int year);

}  // namespace sitrep::timex
