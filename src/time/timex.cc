#include "time/timex.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "numbers/numbers.h"
#include "numbers/words.h"
#include "time/tables.h"

namespace sitrep {

using words::ieq;
using words::Info;
using words::W;

void iso_week(const Date& d, int* year, int* week) {
  Date thu = d.plus_days(3 - d.weekday());
  int doy = static_cast<int>(thu.to_days() - Date{thu.year, 1, 1}.to_days());
  *year = thu.year;
  *week = doy / 7 + 1;
}

namespace {

// A match under construction.
struct Res {
  size_t tb = 0, te = 0;
  TimeType type = TimeType::Date;
  char value[48];  // NUL-terminated by every set_* (left uninitialised: built per candidate token)
  Res() { value[0] = 0; }
  std::optional<Date> first, last;
  bool relative = false;
  bool date_like = false;   // denotes a calendar date/period (can take "early", "mid-", a clock time)
  std::optional<Date> day;  // the day, when the value is one day (for clock times)
  bool ago = false;         // "two years ago": a qualifier before it belongs to it
  bool clock = false;       // starts with a clock time ("7:15 p.m.")
  uint8_t gran = kNoGran;   // the unit of a calendar value (words::kDay, kWeek, kMonth, kQuarter, kYear)
  static constexpr uint8_t kNoGran = 0xFF;
};

Date month_end(int y, int m) { return Date{y, m, days_in_month(y, m)}; }

Date add_months(const Date& d, int n) {
  int idx = d.year * 12 + (d.month - 1) + n;
  int y = idx / 12, m = idx % 12 + 1;
  return Date{y, m, std::min(d.day, days_in_month(y, m))};
}

void set_day(Res& r, const Date& d) {
  std::snprintf(r.value, sizeof r.value, "%04d-%02d-%02d", d.year, d.month, d.day);
  r.first = r.last = d;
  r.day = d;
  r.date_like = true;
  r.gran = words::kDay;
}
void set_month(Res& r, int y, int m) {
  std::snprintf(r.value, sizeof r.value, "%04d-%02d", y, m);
  r.first = Date{y, m, 1};
  r.last = month_end(y, m);
  r.date_like = true;
  r.gran = words::kMonth;
}
void set_year(Res& r, int y) {
  std::snprintf(r.value, sizeof r.value, "%04d", y);
  r.first = Date{y, 1, 1};
  r.last = Date{y, 12, 31};
  r.date_like = true;
  r.gran = words::kYear;
}
void set_week(Res& r, const Date& any, bool weekend) {
  int wy, wn;
  iso_week(any, &wy, &wn);
  std::snprintf(r.value, sizeof r.value, weekend ? "%04d-W%02d-WE" : "%04d-W%02d", wy, wn);
  Date mon = any.plus_days(-any.weekday());
  r.first = weekend ? mon.plus_days(5) : mon;
  r.last = mon.plus_days(6);
  r.date_like = true;
  r.gran = weekend ? Res::kNoGran : static_cast<uint8_t>(words::kWeek);
}
void set_quarter(Res& r, int y, int q) {
  std::snprintf(r.value, sizeof r.value, "%04d-Q%d", y, q);
  r.first = Date{y, q * 3 - 2, 1};
  r.last = month_end(y, q * 3);
  r.date_like = true;
  r.gran = words::kQuarter;
}
void set_half(Res& r, int y, int h) {
  std::snprintf(r.value, sizeof r.value, "%04d-H%d", y, h);
  r.first = Date{y, h == 1 ? 1 : 7, 1};
  r.last = h == 1 ? Date{y, 6, 30} : Date{y, 12, 31};
  r.date_like = true;
}
void set_decade(Res& r, int decade) {  // decade = year / 10
  std::snprintf(r.value, sizeof r.value, "%03d", decade);
  if (decade >= 1) r.first = Date{decade * 10, 1, 1};
  r.last = Date{decade * 10 + 9, 12, 31};
  r.date_like = true;
}
void set_century(Res& r, int c) {  // c = year / 100
  std::snprintf(r.value, sizeof r.value, "%02d", c);
  if (c >= 1) r.first = Date{c * 100, 1, 1};
  r.last = Date{c * 100 + 99, 12, 31};
  r.date_like = true;
}
const char* kSeasonCode[] = {"SP", "SU", "FA", "WI"};
void set_season(Res& r, int y, int s) {
  std::snprintf(r.value, sizeof r.value, "%04d-%s", y, kSeasonCode[s]);
  static const int kStart[] = {3, 6, 9, 12};
  Date f{y, kStart[s], 1};
  r.first = f;
  r.last = add_months(f, 3).plus_days(-1);
  r.date_like = true;
}
void set_text(Res& r, const char* v) {
  std::snprintf(r.value, sizeof r.value, "%s", v);
  r.first.reset();
  r.last.reset();
  r.gran = Res::kNoGran;
}

// "P3D", "PT48H", "P1.5Y", "PXW", "P2DE".
void set_duration(Res& r, double n, uint8_t unit, bool vague) {
  r.type = TimeType::Duration;
  r.first.reset();
  r.last.reset();
  r.gran = Res::kNoGran;
  const bool t = unit == words::kSecond || unit == words::kMinute || unit == words::kHour;
  char num[24];
  if (vague)
    std::snprintf(num, sizeof num, "X");
  else if (unit == words::kFortnight)
    std::snprintf(num, sizeof num, "%g", n * 2);
  else if (unit == words::kDecade)
    std::snprintf(num, sizeof num, "%g", n * 10);
  else if (unit == words::kCentury)
    std::snprintf(num, sizeof num, "%g", n * 100);
  else
    std::snprintf(num, sizeof num, "%g", n);
  const char* code = "D";
  switch (unit) {
    case words::kSecond:
      code = "S";
      break;
    case words::kMinute:
      code = "M";
      break;
    case words::kHour:
      code = "H";
      break;
    case words::kDay:
      code = "D";
      break;
    case words::kWeek:
      code = "W";
      break;
    case words::kFortnight:
      code = "W";
      break;
    case words::kWeekend:
      code = "WE";
      break;
    case words::kMonth:
      code = "M";
      break;
    case words::kQuarter:
      code = "Q";
      break;
    case words::kYear:
      code = "Y";
      break;
    case words::kDecade:
      code = vague ? "DE" : "Y";
      break;
    case words::kCentury:
      code = vague ? "CE" : "Y";
      break;
  }
  std::snprintf(r.value, sizeof r.value, "P%s%s%s", t ? "T" : "", num, code);
}

// The day n units before (n < 0) or after a date, for "3 days ago".
Date shift(const Date& d, uint8_t unit, int n) {
  switch (unit) {
    case words::kDay:
      return d.plus_days(n);
    case words::kWeek:
    case words::kWeekend:
      return d.plus_days(7 * n);
    case words::kFortnight:
      return d.plus_days(14 * n);
    case words::kMonth:
      return add_months(d, n);
    case words::kQuarter:
      return add_months(d, 3 * n);
    case words::kYear:
      return add_months(d, 12 * n);
    case words::kDecade:
      return add_months(d, 120 * n);
    case words::kCentury:
      return add_months(d, 1200 * n);
    default:
      return d;
  }
}

// The period of a unit containing d ("this week", "last month").
void set_period(Res& r, const Date& d, uint8_t unit) {
  switch (unit) {
    case words::kDay:
      set_day(r, d);
      break;
    case words::kWeek:
      set_week(r, d, false);
      break;
    case words::kWeekend:
      set_week(r, d, true);
      break;
    case words::kFortnight:
      set_week(r, d, false);
      break;
    case words::kMonth:
      set_month(r, d.year, d.month);
      break;
    case words::kQuarter:
      set_quarter(r, d.year, (d.month - 1) / 3 + 1);
      break;
    case words::kYear:
      set_year(r, d.year);
      break;
    case words::kDecade:
      set_decade(r, d.year / 10);
      break;
    case words::kCentury:
      set_century(r, d.year / 100);
      break;
    default:
      set_day(r, d);
      break;
  }
}

// Same, with X placeholders when there is no published date.
void set_period_unknown(Res& r, uint8_t unit) {
  switch (unit) {
    case words::kDay:
      set_text(r, "XXXX-XX-XX");
      break;
    case words::kWeek:
    case words::kFortnight:
      set_text(r, "XXXX-WXX");
      break;
    case words::kWeekend:
      set_text(r, "XXXX-WXX-WE");
      break;
    case words::kMonth:
      set_text(r, "XXXX-XX");
      break;
    case words::kQuarter:
      set_text(r, "XXXX-QX");
      break;
    case words::kDecade:
      set_text(r, "XXX");
      break;
    case words::kCentury:
      set_text(r, "XX");
      break;
    default:
      set_text(r, "XXXX");
      break;
  }
  r.date_like = true;
}

// Clock suffix of a part of the day.
const char* part_code(uint8_t p) {
  switch (p) {
    case words::kMorning:
      return "TMO";
    case words::kAfternoon:
      return "TAF";
    case words::kEvening:
      return "TEV";
    case words::kNight:
    case words::kOvernight:
      return "TNI";
    case words::kNoon:
      return "T12:00";
    case words::kMidnight:
      return "T24:00";
  }
  return "";
}

// Appends a clock/part-of-day suffix to a one-day value: TIME.
void add_clock(Res& r, const char* suffix) {
  size_t n = std::strlen(r.value);
  std::snprintf(r.value + n, sizeof r.value - n, "%s", suffix);
  r.type = TimeType::Time;
}

class Finder {
 public:
  Finder(Document& doc, const timex::TimeTables& tab) : doc_(doc), tab_(tab), dct_(doc.meta.published) {}

  void run() {
    doc_.times.clear();
    size_t last_end = 0;
    ref_.reset();
    if (dct_) {
      ref_.emplace();
      set_day(*ref_, *dct_);
    }
    ref_from_text_ = false;
    period_ref_.reset();
    stretch_sentence_ = kNone;
    first_quarter_.reset();
    story_.reset();
    for (const Sentence& s : doc_.sentences) {
      s_ = &s;
      sentence_ = static_cast<size_t>(&s - doc_.sentences.data());
      for (size_t i = s.tok_begin; i < s.tok_end; ++i) {
        const Token& t = doc_.tokens[i];
        if (t.kind == TokenKind::Punct || t.kind == TokenKind::Symbol) continue;
        Res r;
        if (t.kind == TokenKind::Word) {
          // The hot path: one hash probe rejects almost every word.
          if (t.flags & kTokNonAscii) continue;
          const bool special = t.flags & (kTokHasDigit | kTokHyphen);
          std::string_view x = doc_.token_text(i);
          bool starter = special || words::maybe_starter(x, words::kTimeStarters);
          // Holidays ("Thanksgiving Day") and anaphoric dates ("that day", "the
          // same week", "the day after"): a filter on the word's shape first.
          const bool other = tab_.maybe_holiday_start(x) || anaphor_word(x);
          if (!starter && !other) continue;
          Info w = words::lookup(x);
          starter = starter && (special || words::starts_time(w));
          head_ = i;
          head_info_ = w;
          if (!starter && !other) continue;
          if (!(starter && match(i, &r)) &&
              !(other && (holiday(i, &r) || anaphor(i, &r) || decade_word(i, &r) || ref_phrase(i, &r) ||
                          ordinal_of_month(i, &r))))
            continue;
        } else if (!match(i, &r)) {
          continue;
        }
        if (r.tb == i && (r.type == TimeType::Duration || r.ago)) extend_back(&r);
        if (r.tb == i && r.clock && i > s.tok_begin &&
            (ieq(text(i - 1), "around") || ieq(text(i - 1), "about") || ieq(text(i - 1), "approximately")))
          --r.tb;  // "around 7:15 p.m."
        if (r.date_like && r.type == TimeType::Date) extend_edge(&r);
        // A pattern may reach back over a word ("the"); never over the last expression.
        if (r.tb < last_end) r.tb = last_end;
        if (r.tb >= r.te) continue;
        last_end = r.te;
        TimeExpr e;
        e.tok_begin = static_cast<uint32_t>(r.tb);
        e.tok_end = static_cast<uint32_t>(r.te);
        e.start = doc_.tokens[r.tb].start;
        e.end = doc_.tokens[r.te - 1].end;
        e.type = r.type;
        e.value = r.value;
        e.first = r.first;
        e.last = r.last;
        e.relative = r.relative;
        doc_.times.push_back(std::move(e));
        i = r.te - 1;
        // The reference time of later anaphoric dates: the last calendar date the text gave.
        // Comparisons ("a year earlier") are no new reference; the last quarter
        // or month is kept apart for them ("profit rose in the third quarter
        // from a year earlier").
        if (r.type == TimeType::Duration) stretch_sentence_ = sentence_;
        if ((r.type == TimeType::Date || r.type == TimeType::Time) && r.first && r.gran != Res::kNoGran &&
            !r.ago) {
          ref_ = r;
          ref_from_text_ = true;
          // The story's last day or month that told its year; a date read from it ("that
          // month", "a week later") in the same year carries the story on, any other ends it.
          if (r.gran == words::kDay || r.gran == words::kMonth) {
            if (!r.relative || (story_ && r.first->year == story_->year))
              story_ = r.first, story_sentence_ = sentence_;
            else
              story_.reset();
          }
          if (r.gran == words::kQuarter || r.gran == words::kMonth)
            period_ref_ = r, period_sentence_ = sentence_;
          if (r.gran == words::kQuarter && !first_quarter_) first_quarter_ = r;
        }
      }
    }
  }

 private:
  Document& doc_;
  const timex::TimeTables& tab_;
  std::optional<Date> dct_;
  const Sentence* s_ = nullptr;
  static constexpr size_t kNone = static_cast<size_t>(-1);

  size_t end() const { return s_->tok_end; }
  // Out of the sentence reads as "" (so look-aheads need no bounds checks).
  std::string_view text(size_t i) const {
    return i < end() && i >= s_->tok_begin ? doc_.token_text(i) : std::string_view();
  }
  bool is(size_t i, std::string_view w) const { return i < end() && i >= s_->tok_begin && ieq(text(i), w); }
  Info info(size_t i) const {
    if (i == head_) return head_info_;
    return i < end() ? words::lookup_token(doc_, i) : Info{};
  }

  size_t head_ = static_cast<size_t>(-1);
  Info head_info_;
  std::optional<Res> ref_;  // the reference time: the last date the text gave, else the published day
  bool ref_from_text_ = false;
  std::optional<Date> story_;  // the last day or month the text dated with its year (narrative_year)
  size_t story_sentence_ = 0;
  std::optional<Res> first_quarter_;  // the first quarter the text gave: a results report's own
  std::optional<Res> period_ref_;     // the last quarter or month the text gave
  size_t period_sentence_ = 0, sentence_ = 0;
  size_t stretch_sentence_ = kNone;  // the last sentence that gave a stretch ("for the nine months")
  bool number(size_t i) const { return i < end() && doc_.tokens[i].kind == TokenKind::Number; }

  // Integer value of a plain digit token (no separators), or -1.
  long digits(size_t i, size_t max_len) const {
    if (!number(i)) return -1;
    std::string_view x = text(i);
    if (x.size() > max_len) return -1;
    long v = 0;
    for (char c : x) {
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }

  // A day of the month: "7", "07", "7th", "21st".
  int day_number(size_t i) const {
    if (i >= end()) return 0;
    std::string_view x = text(i);
    size_t k = 0;
    int v = 0;
    while (k < x.size() && k < 2 && x[k] >= '0' && x[k] <= '9') v = v * 10 + (x[k++] - '0');
    if (k == 0) return 0;
    std::string_view rest = x.substr(k);
    if (!rest.empty() && !(ieq(rest, "st") || ieq(rest, "nd") || ieq(rest, "rd") || ieq(rest, "th")))
      return 0;
    return v >= 1 && v <= 31 ? v : 0;
  }

  int year4(size_t i) const {
    long v = digits(i, 4);
    return v >= 1000 && text(i).size() == 4 ? static_cast<int>(v) : 0;
  }

  // Is token i a month name in use as one? Full names are; words that are
  // also verbs or names ("may", "march", "Jan") and abbreviations without a
  // period need a day, a year or a preposition beside them. Capitals are no
  // cue (feeds come in lower case and ALL CAPS).
  int month_at(size_t i, bool ordinal_ctx = false) const {
    if (i >= end()) return 0;
    Info w = info(i);
    if (w.cls != W::Month) return 0;
    std::string_view x = text(i);
    const bool period = x.back() == '.';
    const bool full = x.size() >= 5 || ieq(x, "may") || ieq(x, "june") || ieq(x, "july");
    if (w.val == 5 || w.val == 3 || !full) {
      if (period) return w.val;
      // "Jan 10", "Jan 1990", "10 JAN 90" (a day before the month, as datelines write it)
      // A day in words ("March eighth") counts only where a date is expected (after a weekday).
      bool ctx = day_number(i + 1) || year4(i + 1) || (i > s_->tok_begin && day_number(i - 1)) ||
                 ((ordinal_ctx || (i > s_->tok_begin && is(i - 1, "on"))) && tab_.day_ordinal(text(i + 1)));
      if (!ctx && full && (is(i + 1, "'s") || is(i + 1, "\xE2\x80\x99s"))) {
        // "March's sales", "to May's figures": a possessive is no verb, no modal; at the
        // sentence's start or after a function word, not after a name ("Theresa May's").
        const Info p = i > s_->tok_begin ? info(i - 1) : Info{};
        ctx = i == s_->tok_begin || p.cls == W::Qual || is(i - 1, "the") || is(i - 1, "than") ||
              is(i - 1, "with") || is(i - 1, "for") || is(i - 1, "on");
      }
      if (!ctx && full && i > s_->tok_begin) {  // "in May"; "by Jan" may be "by Jan Egeland"
        Info p = info(i - 1);
        ctx = (p.cls == W::Qual &&
               (p.val == words::kIn || p.val == words::kSince || p.val == words::kBy ||
                p.val == words::kUntil || p.val == words::kOf || p.val == words::kFrom ||
                p.val == words::kThrough || p.val == words::kDuring || p.val == words::kBefore ||
                p.val == words::kAfter || p.val == words::kBetween || p.val == words::kAround)) ||
              (p.cls == W::Rel && (p.val == words::kLast || p.val == words::kNext || p.val == words::kThis ||
                                   p.val == words::kEarly || p.val == words::kLate || p.val == words::kMid));
        // The second of two months ("between March and May,", "from April to May this year"),
        // where no verb follows ("in March and may rise").
        if (!ctx && i >= s_->tok_begin + 2 && p.cls == W::Qual &&
            (p.val == words::kAnd || p.val == words::kOr || p.val == words::kTo) &&
            info(i - 2).cls == W::Month) {
          const bool end_here = i + 1 >= end() || doc_.tokens[i + 1].kind == TokenKind::Punct;
          const Info n = info(i + 1);
          ctx = end_here || year4(i + 1) || n.cls == W::Rel || n.cls == W::Qual;
        }
      }
      if (!ctx) return 0;
    }
    return w.val;
  }

  // Does token k end a clause (punctuation that separates clauses, "that", "and")?
  bool clause_break(size_t k) const {
    const Token& t = doc_.tokens[k];
    if (t.kind == TokenKind::Punct) {
      std::string_view x = text(k);
      return x == "," || x == ";" || x == ":" || x == "(" || x == ")" || x == "\"" || x == "--" ||
             x == "\xE2\x80\x94" || x == "\xE2\x80\x9C" || x == "\xE2\x80\x9D";
    }
    if (t.kind != TokenKind::Word) return false;
    const uint8_t f = tab_.flags(text(k));
    if (f & timex::kClauseBreak) return true;
    if (!(f & timex::kClauseBeforeAux) || k + 1 >= s_->tok_end) return false;
    // "began Monday and will end Saturday": "and" before an auxiliary opens another clause.
    const timex::Tense n = tab_.word_tense(text(k + 1));
    return n == timex::kFutureAux || n == timex::kPastAux || n == timex::kCopula;
  }

  // +1 when the clause of [b, e) speaks of the future, -1 the past, 0 unknown.
  // Only the expression's own clause counts ("said Friday that he would …":
  // "would" is another clause's); a sentence-opening adverbial ("On Friday,
  // …") takes the clause after its comma.
  int tense(size_t b, size_t e) const {
    size_t cb = b, ce = e;
    while (cb > s_->tok_begin && !clause_break(cb - 1)) --cb;
    while (ce < s_->tok_end && !clause_break(ce)) ++ce;
    if (cb == s_->tok_begin && ce == e && ce < s_->tok_end && text(ce) == ",") {
      // The main clause, up to its reporting verb ("On Friday, the army said it will …": said on Friday).
      ++ce;
      while (ce < s_->tok_end && !clause_break(ce) && tab_.word_tense(text(ce)) != timex::kReport) ++ce;
    }
    cb_ = cb, ce_ = ce;
    // "postponed until Monday", "delayed to March 3": ahead, whatever the clause's tense.
    for (const auto& ph : tab_.future_before()) {
      if (b < cb + ph.size()) continue;
      bool ok = true;
      for (size_t q = 0; q < ph.size() && ok; ++q) ok = ieq(text(b - ph.size() + q), ph[q]);
      if (ok) return 1;
    }
    // "the funeral is Saturday", "the vote is on Tuesday": a copula right before the date.
    if (size_t k = b > cb && (is(b - 1, "on") || is(b - 1, "for")) ? b - 1 : b;
        k > cb && tab_.word_tense(text(k - 1)) == timex::kCopula)
      return 1;
    // Outward from the expression, nearest cue first (before wins a tie);
    // auxiliaries ("will", "was", "had", "as early as") first, then verb forms
    // ("killed"), since an -ed word may be an adjective ("preferred shares").
    for (int pass = 0; pass < 2; ++pass) {
      for (size_t d = 1; d <= 20; ++d) {
        if (b >= cb + d)
          if (int c = cue(b - d, pass == 0)) return c;
        if (e + d - 1 < ce)
          if (int c = cue(e + d - 1, pass == 0)) return c;
        if (b < cb + d && e + d - 1 >= ce) break;
      }
    }
    return 0;
  }
  mutable size_t cb_ = 0, ce_ = 0;  // the clause tense() read

  // Tense cue of token k: +1 future, -1 past, 0 none; aux_only: strong cues only.
  int cue(size_t k, bool aux_only) const {
    const Token& t = doc_.tokens[k];
    if (t.kind != TokenKind::Word) return 0;
    std::string_view w = text(k);
    if (w.size() < 2) return 0;
    if (const auto* ps = tab_.tense_phrases(w)) {
      for (const auto& p : *ps) {
        if (k + p.rest.size() >= ce_) continue;
        bool ok = true;
        for (size_t q = 0; q < p.rest.size() && ok; ++q) ok = ieq(text(k + 1 + q), p.rest[q]);
        if (ok && (p.tense == timex::kFutureAux || p.tense == timex::kPastAux || !aux_only))
          return p.tense == timex::kFutureAux || p.tense == timex::kFuture ? 1 : -1;
      }
    }
    timex::Tense tn = tab_.word_tense(w);
    if (tn == timex::kNeverCue || tn == timex::kReport || tn == timex::kCopula) return 0;
    if (tn != timex::kNoTense && month_at(k)) return 0;  // "in May": the month, not the modal
    const bool contraction = w.size() > 3 && (w.ends_with("'ll") || w.ends_with("\xE2\x80\x99ll"));
    const bool future = tn == timex::kFutureAux || tn == timex::kFuture || contraction;
    const bool past = tn == timex::kPastAux || tn == timex::kPast ||
                      (tn == timex::kNoTense && w.size() > 4 && (w[w.size() - 2] | 0x20) == 'e' &&
                       (w.back() | 0x20) == 'd');
    if (aux_only && !(tn == timex::kFutureAux || tn == timex::kPastAux || contraction)) return 0;
    if (future) {
      // "was due", "had been expected", "would have": the future of a past moment.
      for (size_t q = k > s_->tok_begin + 3 ? k - 3 : s_->tok_begin; q < k; ++q)
        if (ieq(text(q), "was") || ieq(text(q), "were") || ieq(text(q), "had")) return -1;
      if (k + 1 < s_->tok_end && ieq(text(k + 1), "have")) return -1;
      return 1;
    }
    if (past) {
      // "will be held", "is expected": a participle takes its tense from the auxiliary.
      if (k > s_->tok_begin && (w.back() | 0x20) == 'd') {
        std::string_view p = text(k - 1);
        if (ieq(p, "be") || ieq(p, "been") || ieq(p, "being") || ieq(p, "is") || ieq(p, "are") ||
            ieq(p, "am") || ieq(p, "get") || ieq(p, "gets"))
          return 0;
      }
      return -1;
    }
    return 0;
  }

  // The day with weekday wd nearest dct: on or before it, or (future) after it.
  Date weekday_day(int wd, int dir) const {
    int cur = dct_->weekday();
    if (dir > 0) {
      int ahead = (wd - cur + 7) % 7;
      return dct_->plus_days(ahead == 0 ? 7 : ahead);
    }
    int back = (cur - wd + 7) % 7;
    return dct_->plus_days(-back);
  }

  // Year for a month (and day) without a year. A day is the occurrence
  // within 90 days of the published date when there is one; otherwise (and
  // for a month alone) the tense decides: the most recent not after the
  // published date, the next one for a future clause, the nearest without a cue
  // (looking back up to eight months, ahead up to six).
  int infer_year(int m, int d, int dir) const {
    int y = dct_->year;
    if (d) {
      for (int k = y - 1; k <= y + 1; ++k) {
        Date c{k, m, std::min(d, days_in_month(k, m))};
        int64_t diff = c.to_days() - dct_->to_days();
        if (diff >= -90 && diff <= 90) return k;
      }
    }
    if (dir == 0) {
      // No tense cue: the nearest such date, looking back further than ahead (news
      // tells of the past more than of plans): up to eight months back, six ahead.
      Date c{y, m, std::min(d ? d : 15, days_in_month(y, m))};
      int64_t diff = c.to_days() - dct_->to_days();
      if (diff > 183) return y - 1;
      if (diff < -240) return y + 1;
      return y;
    }
    Date cand{y, m, std::min(d ? d : 1, days_in_month(y, m))};
    if (!d) {
      if (dir > 0) return m < dct_->month ? y + 1 : y;
      return m > dct_->month ? y - 1 : y;
    }
    if (dir > 0) return cand < *dct_ ? y + 1 : y;
    return cand > *dct_ ? y - 1 : y;
  }

  // ---- anchored to the reference time ------------------------------------

  static bool anaphor_word(std::string_view x) {
    return (x.size() == 4 && (ieq(x, "that") || ieq(x, "same"))) || (x.size() == 3 && ieq(x, "day")) ||
           (x.size() == 7 && ieq(x, "quarter")) || (x.size() == 6 && ieq(x, "period")) ||
           (x.size() == 4 && (ieq(x, "year") || ieq(x, "week"))) || (x.size() == 5 && ieq(x, "month"));
  }

  // "the year", "the full year", "the fiscal year", "the month", "earlier in
  // the year": the year (month) of the reference time. Not "of the year"
  // ("player of the year") unless an edge ("the end of the year"), nor "the
  // year before", "the year-".
  bool period_the(size_t i, Res* r) {
    const uint8_t unit = is(i, "year") ? words::kYear : words::kMonth;
    size_t b = i;
    if (b > s_->tok_begin && (is(b - 1, "full") || is(b - 1, "fiscal") || is(b - 1, "calendar"))) --b;
    if (b == s_->tok_begin || !is(b - 1, "the")) return false;
    --b;
    if (size_t ye = 0; unit == words::kYear) {
      if (int y = year_at(i + 1, &ye, true)) {  // "the year 2000", "the year two thousand"
        r->tb = b;
        r->te = ye;
        set_year(*r, y);
        return true;
      }
    }
    if ((is(i + 1, "before") || is(i + 1, "after")) && b + 1 == i && ref_ && ref_from_text_ && ref_->first &&
        (i + 2 >= end() || doc_.tokens[i + 2].kind == TokenKind::Punct)) {
      // "The year before, talks failed", "from the month before.": a year (month) before or after
      // the time the text is at ("the year before the war" is left out: its anchor is the event).
      r->tb = b;
      r->te = i + 2;
      const bool before = is(i + 1, "before");
      anchored(r, unit, before ? -1 : 1, ref_->gran == words::kQuarter ? ref_->gran : unit);
      r->ago = before;  // a comparison, like "a year earlier"
      return true;
    }
    if (is(i + 1, "ahead") && b + 1 == i) {
      r->tb = b;  // "the year ahead": the stretch to come, not the published year
      r->te = i + 2;
      set_duration(*r, 1, unit, false);
      return true;
    }
    if (is(i + 1, "before") || is(i + 1, "after") || is(i + 1, "earlier") || is(i + 1, "later") ||
        is(i + 1, "of") || is(i + 1, "ago") || is(i + 1, "since") || is(i + 1, "-") || is(i + 1, "'s") ||
        is(i + 1, "\xE2\x80\x99s"))
      return false;
    if (b > s_->tok_begin && is(b - 1, "of") && !of_the_period(b - 2)) return false;
    if (i + 1 < end() && (number(i + 1) || is_word_number(info(i + 1).cls))) return false;
    r->tb = b;
    r->te = i + 1;
    if (b >= s_->tok_begin + 2 && is(b - 1, "in") && (is(b - 2, "earlier") || is(b - 2, "later")))
      r->tb = b - 2;
    if (is(i + 1, "ending") || is(i + 1, "ended") || is(i + 1, "through") || is(i + 1, "to")) {
      set_duration(*r, 1, unit, false);  // "the year ended June 30": a stretch
      return true;
    }
    // "in 2008, the year the crisis began": an apposition to the year just given is that year.
    if (unit == words::kYear && b > s_->tok_begin && is(b - 1, ",") && !doc_.times.empty() &&
        doc_.times.back().tok_end == b - 1 && ref_ && ref_from_text_ && ref_->gran == words::kYear &&
        ref_->first) {
      r->relative = true;
      set_year(*r, ref_->first->year);
      return true;
    }
    // A year: the published one (accounts speak of the current year); a month: the reference time's.
    if (unit == words::kYear && dct_) {
      r->relative = true;
      set_year(*r, dct_->year);
      return true;
    }
    anchored(r, unit, 0, ref_ ? coarser(unit, ref_->gran) : unit);
    return true;
  }

  // The last quarter the text gave is still the last date it gave, and no stretch ("for the
  // nine months", compared with a year earlier) came in this sentence.
  bool period_is_ref() const {
    if (stretch_sentence_ == sentence_) return false;
    return period_ref_ && ref_ && period_ref_->gran == words::kQuarter &&
           std::strcmp(ref_->value, period_ref_->value) == 0;
  }

  // "the end of the year", "the first nine months of the year", "the second half of the
  // month": "of the year" is a time after an edge or a part of it (k: the word before "of").
  bool of_the_period(size_t k) const {
    if (is(k, "end") || is(k, "beginning") || is(k, "start") || is(k, "middle") || is(k, "rest")) return true;
    Info u = info(k);
    return u.cls == W::Unit && (u.val & 0x7F) != words::kYear;
  }

  // "the quarter", "the latest quarter", "the same period", "the year-ago
  // quarter": in reports of results, the quarter the text is about (the last
  // quarter it named; for "latest" without one, the last completed quarter),
  // or that quarter a year before. i: "quarter"/"period", or a lone "year-ago".
  bool period_anaphor(size_t i, Res* r) {
    const bool lone = !(is(i, "quarter") || is(i, "period"));
    if (!lone && is(i + 1, "of")) return false;  // "a quarter of the vote"
    size_t b = i, te = i + 1;
    uint8_t seen = 0;
    if (lone) {
      seen = tab_.flags(text(i)) & timex::kPeriodYearAgo;
      if (!seen) return false;
    } else {
      while (b > s_->tok_begin) {
        uint8_t f =
            tab_.flags(text(b - 1)) & (timex::kPeriodLatest | timex::kPeriodSame | timex::kPeriodYearAgo);
        if (!f) break;
        seen |= f;
        --b;
      }
      const size_t lb = last_years_at(b);
      if (lb != kNone) {
        b = lb + 1, seen |= timex::kPeriodYearAgo;  // "last year's quarter"
      } else if (b == s_->tok_begin || !is(b - 1, "the")) {
        return false;
      }
      if (const size_t ye = year_back_after(i + 1); ye != kNone) {
        te = ye, seen |= timex::kPeriodYearAgo;  // "the corresponding period last year"
      }
      if (is(i, "period") && !seen) return false;  // "the period" alone is too vague
      --b;
    }
    Res base;
    // "the latest quarter" is never one still to come.
    const bool ref_ok = period_ref_ && period_ref_->gran == words::kQuarter &&
                        !((seen & timex::kPeriodLatest) && dct_ && *period_ref_->last > *dct_);
    Res end_day;
    if (!lone && is(i, "quarter") && (is(i + 1, "ended") || is(i + 1, "ending")) && dct_ &&
        core(i + 2, &end_day) && end_day.day && end_day.type == TimeType::Date) {
      // "the quarter ended July 31": the calendar quarter holding most of its three months.
      Date mid = end_day.last->plus_days(-45);
      set_quarter(base, mid.year, (mid.month - 1) / 3 + 1);
    } else if (ref_ok) {
      base = *period_ref_;
    } else if (dct_ && ((seen & timex::kPeriodLatest) || (!lone && is(i, "quarter")))) {
      // No quarter told yet: results are reported for the last completed one.
      Date q = add_months(Date{dct_->year, ((dct_->month - 1) / 3) * 3 + 1, 1}, -3);
      set_quarter(base, q.year, (q.month - 1) / 3 + 1);
    } else {
      return false;
    }
    r->tb = lone ? i : b;
    r->te = te;
    r->relative = true;
    const bool year_ago = seen & timex::kPeriodYearAgo;
    Date f = year_ago ? add_months(*base.first, -12) : *base.first;
    set_quarter(*r, f.year, (f.month - 1) / 3 + 1);
    r->ago = year_ago;  // a comparison: no new reference
    return true;
  }

  // "last year" / "a year ago" / "a year earlier" from k: the index after it, else kNone.
  size_t year_back_after(size_t k) const {
    if (is(k, "last") && is(k + 1, "year") && !is(k + 2, "'s") && !is(k + 2, "\xE2\x80\x99s")) return k + 2;
    if ((is(k, "a") || is(k, "one")) && is(k + 1, "year") && (is(k + 2, "ago") || is(k + 2, "earlier")))
      return k + 3;
    return kNone;
  }

  // "last year's" ending right before k ("last year's quarter"): the index of "last", else kNone.
  size_t last_years_at(size_t k) const {
    if (k >= s_->tok_begin + 3 && (is(k - 1, "'s") || is(k - 1, "\xE2\x80\x99s")) && is(k - 2, "year") &&
        is(k - 3, "last"))
      return k - 3;
    if (k >= s_->tok_begin + 2 && (is(k - 1, "year's") || is(k - 1, "year\xE2\x80\x99s")) &&
        is(k - 2, "last"))
      return k - 2;
    return kNone;
  }

  static uint8_t coarser(uint8_t a, uint8_t b) {
    auto rank = [](uint8_t u) {
      return u == words::kDay       ? 0
             : u == words::kWeek    ? 1
             : u == words::kMonth   ? 2
             : u == words::kQuarter ? 3
                                    : 4;
    };
    return rank(a) >= rank(b) ? a : b;
  }

  // The period of unit `unit` n steps from the reference time, at granularity
  // gran ("the next day", "a year earlier", "that week"). Without a
  // reference (no published date) X placeholders.
  void anchored(Res* r, uint8_t unit, int n, uint8_t gran) {
    r->relative = true;
    r->type = TimeType::Date;
    if (!ref_) {
      set_period_unknown(*r, gran);
      return;
    }
    set_period(*r, shift(*ref_->first, unit, n), gran);
  }

  static bool anchor_unit(uint8_t u) {
    return u == words::kDay || u == words::kWeek || u == words::kMonth || u == words::kQuarter ||
           u == words::kYear;
  }

  // "that day", "that same week", "the same year", "that morning", "the day
  // before", "the day after": the reference time's period.
  bool anaphor(size_t i, Res* r) {
    if (is(i, "quarter") || is(i, "period")) return period_anaphor(i, r);
    if (is(i, "year") || is(i, "month")) return period_the(i, r);
    const bool the = i > s_->tok_begin && is(i - 1, "the");
    if (is(i, "same") && the && (is(i + 1, "quarter") || is(i + 1, "period")))
      return period_anaphor(i + 1, r);  // "the same quarter a year ago"
    if (is(i, "that") || (is(i, "same") && the)) {
      size_t b = is(i, "same") ? i - 1 : i, j = i + 1;
      if (is(i, "that") && is(j, "same")) ++j;
      Info u = info(j);
      if (is(j + 1, "after") || is(j + 1, "by")) return false;  // "week after week"
      r->tb = b;
      r->te = j + 1;
      // Not "that day" after "in 1987": the reference is no day.
      if (u.cls == W::Unit && !(u.val & words::kPlural) && anchor_unit(u.val) &&
          (!ref_ || coarser(u.val, ref_->gran) == u.val)) {
        anchored(r, u.val, 0, u.val);
        return true;
      }
      if (u.cls == W::PartOfDay && u.val != words::kNoon && u.val != words::kMidnight &&
          u.val != words::kOvernight && (!ref_ || ref_->gran == words::kDay)) {
        anchored(r, words::kDay, 0, words::kDay);
        add_clock(*r, part_code(u.val));
        return true;
      }
      return false;
    }
    if (is(i, "day") && the && i >= s_->tok_begin + 3 && is(i - 2, "in") &&
        (is(i - 3, "earlier") || is(i - 3, "later")) && (!ref_ || ref_->gran == words::kDay)) {
      r->tb = i - 1;  // "later in the day": the day the text speaks of
      r->te = i + 1;
      anchored(r, words::kDay, 0, words::kDay);
      return true;
    }
    if (is(i, "week") && the && (is(i + 1, "before") || is(i + 1, "after")) && ref_ && ref_from_text_ &&
        ref_->first && coarser(words::kWeek, ref_->gran) == words::kWeek &&
        (i + 2 >= end() || doc_.tokens[i + 2].kind == TokenKind::Punct)) {
      // "The week before, talks failed": the week before (after) the day the text is at.
      r->tb = i - 1;
      r->te = i + 2;
      anchored(r, words::kWeek, is(i + 1, "before") ? -1 : 1, words::kWeek);
      r->ago = is(i + 1, "before");
      return true;
    }
    if (is(i, "week") && the && i >= s_->tok_begin + 3 && is(i - 2, "in") &&
        (is(i - 3, "earlier") || is(i - 3, "later")) &&
        (!ref_ || coarser(words::kWeek, ref_->gran) == words::kWeek)) {
      r->tb = i - 3;  // "earlier in the week": the week the text speaks of
      r->te = i + 1;
      anchored(r, words::kWeek, 0, words::kWeek);
      return true;
    }
    if (is(i, "day") && the && (is(i + 1, "before") || is(i + 1, "after")) && dct_ &&
        (is(i + 2, "yesterday") || is(i + 2, "tomorrow"))) {
      // "the day before yesterday", "the day after tomorrow": one expression, two days from the
      // published day.
      const bool before = is(i + 1, "before");
      if (before == is(i + 2, "yesterday")) {
        r->tb = i - 1;
        r->te = i + 3;
        r->relative = true;
        set_day(*r, dct_->plus_days(before ? -2 : 2));
        return true;
      }
    }
    if (is(i, "day") && the && (is(i + 1, "before") || is(i + 1, "after"))) {
      r->tb = i - 1;
      r->te = i + 2;
      anchored(r, words::kDay, is(i + 1, "before") ? -1 : 1,
               ref_ ? ref_->gran : static_cast<uint8_t>(words::kDay));
      return true;
    }
    return false;
  }

  // Occurrences (years dct-1..dct+1, in date order) of every reading of a
  // holiday name: "Labor Day" is 1 May in most countries and September's
  // first Monday in the United States; the nearest occurrence decides.
  std::vector<std::pair<Date, uint16_t>> occurrences_of_name(const std::vector<uint16_t>& hs,
                                                             const std::string& name) const {
    std::vector<std::pair<Date, uint16_t>> occ;
    std::vector<Date> one;
    for (uint16_t j : hs) {
      const timex::Holiday& g = tab_.holidays()[j];
      if (g.name != name) continue;
      one.clear();
      tab_.occurrences(g, dct_->year, &one);
      for (const Date& c : one) occ.emplace_back(c, j);
    }
    std::sort(occ.begin(), occ.end());
    return occ;
  }

  // A holiday from data/time/holidays.tsv: "Thanksgiving Day", "Eid al-Adha",
  // "Easter week", "Christmas 1998"; the occurrence nearest the published date.
  bool holiday(size_t i, Res* r) {
    const auto* hs = tab_.holidays_starting(text(i));
    if (!hs) return false;
    std::string acc;
    for (uint16_t idx : *hs) {
      const timex::Holiday& h = tab_.holidays()[idx];
      acc.clear();
      size_t k = i;
      while (k < end() && acc.size() < h.name.size()) {
        if (k > i && doc_.tokens[k].start > doc_.tokens[k - 1].end) acc += ' ';
        std::string_view x = text(k);
        for (size_t q = 0; q < x.size(); ++q) {
          if (x.substr(q, 3) == "\xE2\x80\x99") {  // a typographic apostrophe as the plain one
            acc += '\'';
            q += 2;
          } else {
            acc += x[q] >= 'A' && x[q] <= 'Z' ? static_cast<char>(x[q] | 0x20) : x[q];
          }
        }
        ++k;
      }
      if (acc != h.name) continue;
      const timex::Holiday* hp = &h;  // the reading chosen (a name can have several)
      r->tb = i;
      r->te = k;
      int y = year4(k);
      if (y) ++r->te;
      const bool week = is(r->te, "week") || is(r->te, "weekend");
      std::optional<Date> d;
      if (y) {
        d = tab_.holiday_in(h, y);
      } else if (dct_) {
        r->relative = true;
        const auto occ = occurrences_of_name(*hs, h.name);
        int64_t best = INT64_MAX;
        for (const auto& [c, j] : occ) {
          int64_t diff = c.to_days() - dct_->to_days();
          if (std::abs(diff) < best) best = std::abs(diff), d = c, hp = &tab_.holidays()[j];
        }
        if (d && best > 90) {
          // Far from the published date: the tense of the clause decides.
          int dir = tense(i, r->te);
          for (const auto& [c, j] : occ) {
            if (dir > 0 && c > *dct_) {
              d = c, hp = &tab_.holidays()[j];
              break;
            }
            if (dir < 0 && c <= *dct_) d = c, hp = &tab_.holidays()[j];
          }
        }
      }
      if (!d) {
        // No published date (or a year the table lacks): placeholders.
        if (h.kind == timex::Holiday::Fixed)
          std::snprintf(r->value, sizeof r->value, "XXXX-%02d-%02d", h.month, h.day);
        else
          set_text(*r, "XXXX-XX-XX");
        r->date_like = true;
        if (week) ++r->te;
        return true;
      }
      if (week) {
        set_week(*r, *d, ieq(text(r->te), "weekend"));
        ++r->te;
      } else if (hp->kind == timex::Holiday::Before && hp->span > 1) {
        set_day(*r, *d);  // a stretch (Ramadan): its first day, the interval its days
        r->last = d->plus_days(hp->span - 1);
        r->day.reset();
        r->gran = Res::kNoGran;
      } else {
        set_day(*r, *d);
      }
      return true;
    }
    return false;
  }

  // ---- patterns ----------------------------------------------------------

  bool match(size_t i, Res* r) {
    // Prefixes that keep the value: "early", "late", "mid", "the end of" …
    size_t j = i;
    Info w = info(i);
    if (w.cls == W::Rel && (w.val == words::kEarly || w.val == words::kLate || w.val == words::kMid))
      j = i + 1;
    else if (is(i, "the") &&
             (is(i + 1, "end") || is(i + 1, "beginning") || is(i + 1, "start") || is(i + 1, "middle")) &&
             is(i + 2, "of"))
      j = i + 3;
    else if ((is(i, "end") || is(i, "beginning") || is(i, "start") || is(i, "middle")) && is(i + 1, "of"))
      j = i + 2;
    if (j > i && j < end()) {
      Res inner;
      if (core(j, &inner) && inner.date_like && inner.type == TimeType::Date) {
        *r = inner;
        r->tb = i;
        return true;
      }
      if (w.cls == W::Rel && (w.val == words::kEarly || w.val == words::kLate)) {
        // "late Sunday", "early yesterday"
        if (core(j, &inner) && inner.date_like) {
          *r = inner;
          r->tb = i;
          return true;
        }
      }
    }
    return core(i, r);
  }

  bool core(size_t i, Res* r) {
    const Token& t = doc_.tokens[i];
    r->tb = i;
    if (t.kind == TokenKind::Number) return number_start(i, r);
    if (t.kind != TokenKind::Word || (t.flags & kTokNonAscii)) return false;
    if (t.flags & kTokHasDigit) return digit_word(i, r);
    Info w = info(i);
    if (w.cls == W::None) {
      if (t.flags & kTokHyphen) return hyphen_word(i, r);
      if (decade_word(i, r)) return true;
      if (is(i, "once") || is(i, "twice")) return false;
      return false;
    }
    switch (w.cls) {
      case W::Month:
        return month_start(i, r);
      case W::Weekday:
        return weekday_start(i, r, 0, kNone);
      case W::DayWord:
        return dayword(i, r);
      case W::Rel:
        return rel_start(i, r, w.val);
      case W::Ref:
        return ref_start(i, r, w.val);
      case W::SetWord:
        // "the daily Haaretz", "a weekly newspaper", "the daily said": a paper, no SET.
        if ((i > s_->tok_begin && is(i - 1, "the")) ||
            (i + 1 < end() && (tab_.flags(text(i + 1)) & timex::kNotSetAfter)))
          return false;
        r->te = i + 1;
        r->type = TimeType::Set;
        set_duration(*r, 1, w.val, false);
        r->type = TimeType::Set;
        return true;
      case W::Ordinal:
        if (quarter(i, i, r)) return true;
        if (week_of_month(i, w.val, r)) return true;
        if (ordinal_of_month(i, r)) return true;
        return the_first_months(i, r);
      case W::PartOfDay:
        return part_start(i, r, w.val);
      case W::Unit:
        if (is(i, "second")) return quarter(i, i, r) || week_of_month(i, 2, r) || the_first_months(i, r);
        if (is(i, "weekend") && is(i - 1, "the") && i > s_->tok_begin)
          return qual_start(i - 1, r, words::kThe);
        return false;
      case W::Qual:
        if (w.val == words::kSeveral || w.val == words::kFew || w.val == words::kMany)
          return duration(i, i, r);
        return qual_start(i, r, w.val);
      case W::Teen:
        if (spoken_year(i, r)) return true;
        return duration(i, i, r);
      case W::Digit:
      case W::Tens:
      case W::A:
      case W::Vague:
        return duration(i, i, r);
      case W::Season:
        return season(i, r);
      default:
        return false;
    }
  }

  // "the fifth of March", "the twenty-first of June": a day in words before "of" and a month.
  bool ordinal_of_month(size_t i, Res* r) {
    const int d = tab_.day_ordinal(text(i));
    if (!d || !is(i + 1, "of")) return false;
    const int m = month_at(i + 2);
    if (!m || d > days_in_month(2000, m)) return false;
    if (!day_month(i, i + 3, d, m, r)) return false;
    if (i > s_->tok_begin && is(i - 1, "the")) r->tb = i - 1;
    return true;
  }

  // "7 October 2023", "1988", "3 days", "5 p.m.", "10:30".
  bool number_start(size_t i, Res* r) {
    if (decade_s(i, r)) return true;
    int d = day_number(i);
    if (d) {
      int m = month_at(i + 1);
      if (m && d <= days_in_month(2000, m)) return day_month(i, i + 2, d, m, r);
    }
    if (clock(i, r)) return true;
    int y = year4(i);
    // "the 1988 third quarter": one expression.
    if (y && (info(i + 1).cls == W::Ordinal || is(i + 1, "second")) && is(i + 2, "quarter") &&
        quarter(i + 1, i + 1, r))
      return true;
    if (y && year_part(i, y, r)) return true;
    if (y && year_period(i, y, r)) return true;
    if (y && year_context(i)) {
      r->te = i + 1;
      set_year(*r, y);
      return true;
    }
    return duration(i, i, r);
  }

  // "the 1980's", "the 80's" (NYT style), "the 90s": a decade, its "'s" or "s" joined to the
  // number, "the" (and "early"/"mid"/"late") before it ("1990's budget" is the year's).
  bool decade_s(size_t i, Res* r) {
    std::string_view x = text(i);
    const bool s_in = x.size() == 3 && (x[2] == 's' || x[2] == 'S');
    if (!(x.size() == 4 || x.size() == 2 || s_in) || !digits_only(x.substr(0, s_in ? 2 : x.size())) ||
        x[s_in ? 1 : x.size() - 1] != '0')
      return false;
    size_t e = i + 1;
    if (!s_in) {
      if (!(is(e, "'s") || is(e, "\xE2\x80\x99s")) || doc_.tokens[e].start != doc_.tokens[i].end)
        return false;
      ++e;
    }
    size_t b = i;
    if (b > s_->tok_begin && (is(b - 1, "early") || is(b - 1, "mid") || is(b - 1, "late"))) --b;
    if (b == s_->tok_begin || !is(b - 1, "the")) return false;
    --b;
    int decade;
    if (x.size() == 4) {
      int y = (x[0] - '0') * 1000 + (x[1] - '0') * 100 + (x[2] - '0') * 10;
      if (y < 1000) return false;
      r->tb = b, r->te = e;
      if (y % 100 == 0)
        set_century(*r, y / 100);
      else
        set_decade(*r, y / 10);
      return true;
    }
    const int d = x[0] - '0';  // as "the '80s": the century that puts it nearest the published year
    int c = 19;
    if (dct_) c = d * 10 <= dct_->year % 100 + 5 ? dct_->year / 100 : dct_->year / 100 - 1;
    decade = c * 10 + d;
    r->tb = b, r->te = e;
    set_decade(*r, decade);
    return true;
  }

  // "the 1988 quarter", "the 1989 period" (i: the year y): the quarter the text
  // speaks of (else the last completed one), in that year; a comparison when
  // the year is an earlier one.
  bool year_period(size_t i, int y, Res* r) {
    if (i == s_->tok_begin || !is(i - 1, "the") || !(is(i + 1, "quarter") || is(i + 1, "period")) || !dct_)
      return false;
    int q = 0, qy = 0;
    if (first_quarter_) {
      qy = first_quarter_->first->year, q = (first_quarter_->first->month - 1) / 3 + 1;
    } else {
      Date d = add_months(Date{dct_->year, ((dct_->month - 1) / 3) * 3 + 1, 1}, -3);
      qy = d.year, q = (d.month - 1) / 3 + 1;
    }
    r->tb = i - 1;
    r->te = i + 2;
    r->relative = true;
    set_quarter(*r, y, q);
    r->ago = y < qy;
    return true;
  }

  // "1988's fourth quarter", "1990's first half" (i: the year y): that year's
  // part, one expression.
  bool year_part(size_t i, int y, Res* r) {
    if (!(is(i + 1, "'s") || is(i + 1, "\xE2\x80\x99s"))) return false;
    const int n = is(i + 2, "second") ? 2 : info(i + 2).cls == W::Ordinal ? info(i + 2).val : 0;
    if (is(i + 3, "quarter") && n >= 1 && n <= 4) {
      set_quarter(*r, y, n);
    } else if (is(i + 3, "half") && (n == 1 || n == 2)) {
      set_half(*r, y, n);
    } else {
      return false;
    }
    r->tb = i;
    r->te = i + 4;
    return true;
  }

  // Is the 4-digit number at i a year? Numbers 1800..2100 written without a
  // comma are years in news unless a quantity word comes before ("about
  // 2000") or a unit or counted noun after ("2000 people", "1990 percent").
  bool year_context(size_t i) const {
    long v = digits(i, 4);
    if (v < 1800 || v > 2100) return false;
    if (i > s_->tok_begin) {
      std::string_view p = text(i - 1);
      if (p == "$" || p == "#" || p == "\xE2\x82\xAC" || p == "\xC2\xA3" || ieq(p, "no.") ||
          ieq(p, "number") || ieq(p, "only") || ieq(p, "total") || ieq(p, "flight") || ieq(p, "route"))
        return false;
      Info pw = info(i - 1);
      if (pw.cls == W::Qual) {
        switch (pw.val) {
          case words::kAt:
          case words::kLeast:
          case words::kMost:
          case words::kMore:
          case words::kThan:
          case words::kOver:
          case words::kNearly:
          case words::kAlmost:
          case words::kFewer:
          case words::kLess:
          case words::kUnder:
          case words::kAbout:
          case words::kAround:
          case words::kSome:
          case words::kApproximately:
          case words::kRoughly:
          case words::kEstimated:
          case words::kJust:
          case words::kMany:
          case words::kPlus:
          case words::kUp:
            return false;
          default:
            break;
        }
      }
    }
    if (i + 1 >= end()) return true;
    const Token& n = doc_.tokens[i + 1];
    if (n.kind == TokenKind::Punct || n.kind == TokenKind::Symbol) {
      std::string_view x = text(i + 1);
      return x != "%" && x != ":" && x != "/";
    }
    Info nw = info(i + 1);
    if (nw.cls == W::Percent || nw.cls == W::Currency || nw.cls == W::Scale || nw.cls == W::Unit ||
        nw.cls == W::Hundred)
      return false;
    if (n.kind == TokenKind::Word && (tab_.flags(text(i + 1)) & timex::kNotYearAfter)) return false;
    // "between 1910 and 1950 GMT": the first of two clock times joined by "and" / "to".
    if (n.kind == TokenKind::Word && (ieq(text(i + 1), "and") || ieq(text(i + 1), "to")) && i + 3 < end() &&
        digits(i + 2, 4) >= 0 && doc_.tokens[i + 3].kind == TokenKind::Word &&
        (tab_.flags(text(i + 3)) & timex::kNotYearAfter))
      return false;
    if (n.kind == TokenKind::Word) {
      static constexpr std::string_view kCounted[] = {
          "people",    "persons",  "men",      "women",      "children",   "troops",     "soldiers",
          "civilians", "families", "homes",    "houses",     "residents",  "refugees",   "workers",
          "employees", "members",  "students", "prisoners",  "deaths",     "casualties", "dead",
          "killed",    "injured",  "wounded",  "victims",    "fighters",   "militants",  "police",
          "officers",  "tons",     "tonnes",   "kilometers", "kilometres", "miles",      "meters",
          "metres",    "feet",     "shares",   "units",      "cases",      "votes",      "seats",
          "points",    "rockets",  "missiles", "shells",     "bombs",      "tanks",      "vehicles",
          "buildings", "patients", "others",   "more"};
      std::string_view x = text(i + 1);
      for (auto c : kCounted)
        if (ieq(x, c)) return false;
    }
    return true;
  }

  // A two-digit year after a day and month ("10 FEB 98"): the year of that century nearest the
  // published date (without one, the 1900s for 50..99); 0 when token j is none or may be a count:
  // a word after it unless the month was abbreviated ("5 JAN 90 REBELS", not "3 March 12 people").
  int short_year(size_t j, bool abbreviated) const {
    if (!number(j) || text(j).size() != 2) return 0;
    long v = digits(j, 2);
    if (v < 0) return 0;
    if (!abbreviated && j + 1 < end() && doc_.tokens[j + 1].kind == TokenKind::Word) return 0;
    int c = dct_ ? dct_->year / 100 * 100 : (v >= 50 ? 1900 : 2000);
    int y = c + static_cast<int>(v);
    if (dct_ && y > dct_->year + 20) y -= 100;
    if (dct_ && y < dct_->year - 80) y += 100;
    return y;
  }

  // A month name cut short: "JAN", "Feb.", "SEPT".
  bool abbreviated(size_t k) const {
    std::string_view x = text(k);
    return x.size() <= 3 || x.back() == '.' || ieq(x, "sept");
  }

  bool day_month(size_t b, size_t j, int d, int m, Res* r) {
    // j: the token after "7 October" / "October 7"; an optional ", 2023" or "2023".
    int y = 0;
    size_t e = j;
    if (j < end() && year4(j))
      y = year4(j), e = j + 1;
    else if (is(j, ",") && year4(j + 1))
      y = year4(j + 1), e = j + 2;
    else if (size_t ye = 0; (y = spoken_year_at(is(j, ",") ? j + 1 : j, &ye, true)))
      e = ye;
    else if (int yy = day_number(b) ? short_year(j, abbreviated(j - 1)) : 0) {  // "10 FEB 98"
      y = yy;
      e = j + 1;
    }
    if (!y && (is(j, "of") || is(j, ",")) && false) y = 0;
    r->tb = b;
    r->te = e;
    if (y) {
      if (!is_valid_date(y, m, d)) return false;
      set_day(*r, Date{y, m, d});
      return true;
    }
    r->relative = true;
    // "October 7 last year", "March 3 this year": the year is told.
    int shift = 0;
    bool told = (is(j, "this") || is(j, "last") || is(j, "next")) && is(j + 1, "year");
    if (told) shift = is(j, "last") ? -1 : is(j, "next") ? 1 : 0, r->te = e = j + 2;
    if (!dct_) {
      std::snprintf(r->value, sizeof r->value, "XXXX-%02d-%02d", m, d);
      r->date_like = true;
      return true;
    }
    if (!told) {
      const int dir = tense(b, e);
      y = narrative_year(m, dir, d);  // "on July 5, 2011 … On July 9, …": the story's year
      if (!y) y = infer_year(m, d, dir);
    } else {
      y = dct_->year + shift;
    }
    if (!is_valid_date(y, m, d)) return false;
    set_day(*r, Date{y, m, d});
    return true;
  }

  bool month_start(size_t i, Res* r, bool ordinal_ctx = false) {
    int m = month_at(i, ordinal_ctx);
    if (!m) return false;
    int d = day_number(i + 1);
    // "March eighth", "July twenty-first": a day in words.
    if (!d && i + 1 < end() && doc_.tokens[i + 1].kind == TokenKind::Word) d = tab_.day_ordinal(text(i + 1));
    bool clock_next = i + 3 < end() && text(i + 2) == ":" &&
                      doc_.tokens[i + 2].start == doc_.tokens[i + 1].end &&
                      doc_.tokens[i + 3].start == doc_.tokens[i + 2].end;
    if (d && !year4(i + 1) && !clock_next) return day_month(i, i + 2, d, m, r);
    size_t ye = 0;
    if (int y = year_at(i + 1, &ye, true)) {
      r->te = ye;
      set_month(*r, y, m);
      return true;
    }
    if (is(i + 1, ",") && year4(i + 2)) {
      r->te = i + 3;
      set_month(*r, year4(i + 2), m);
      return true;
    }
    r->te = i + 1;
    r->relative = true;
    // "January this year", "June last year".
    if ((is(i + 1, "this") || is(i + 1, "last") || is(i + 1, "next")) && is(i + 2, "year")) {
      r->te = i + 3;
      if (!dct_) {
        std::snprintf(r->value, sizeof r->value, "XXXX-%02d", m);
        r->date_like = true;
        return true;
      }
      set_month(*r, dct_->year + (is(i + 1, "last") ? -1 : is(i + 1, "next") ? 1 : 0), m);
      return true;
    }
    if (!dct_) {
      std::snprintf(r->value, sizeof r->value, "XXXX-%02d", m);
      r->date_like = true;
      return true;
    }
    const int dir = tense(i, i + 1);
    if (int y = narrative_year(m, dir)) {
      set_month(*r, y, m);  // "In July 2011, … In August, …": the story's year
      return true;
    }
    set_month(*r, infer_year(m, 0, dir), m);
    return true;
  }

  // A month (or month and day d) without a year inside a story the text dates itself: the last
  // date the text gave told its own year ("in July 2011", "on March 3, 2010"), in this sentence
  // or the one before, in a year before the published one, and the month (day) comes later in
  // that year. 0 otherwise (and for a future clause).
  int narrative_year(int m, int dir, int d = 0) const {
    if (!story_ || dir > 0 || !dct_ || sentence_ > story_sentence_ + 1) return 0;
    if (story_->year >= dct_->year) return 0;
    if (m < story_->month || (m == story_->month && (!d || d <= story_->day))) return 0;
    return story_->year;
  }

  // Is a reporting verb right before b ("said Friday", "announced on Friday", "told reporters late Friday")?
  bool said_before(size_t b) const {
    size_t k = b;
    for (int skip = 0; skip < 3 && k > s_->tok_begin; ++skip) {
      std::string_view w = text(k - 1);
      if (tab_.word_tense(w) == timex::kReport) return true;
      if (!(ieq(w, "on") || ieq(w, "late") || ieq(w, "early") || ieq(w, "reporters") ||
            ieq(w, "journalists")))
        return false;
      --k;
    }
    return false;
  }

  // Weekday at i; dir: -1 "last", +1 "next", 2 "this", 0 by tense. b: first token.
  bool weekday_start(size_t i, Res* r, int dir, size_t b) {
    int wd = info(i).val;
    if (b == kNone) b = i;
    size_t e = i + 1;
    // "Sunday, Nov. 5" / "Sunday 5 November": the explicit date wins.
    {
      size_t k = is(e, ",") ? e + 1 : e;
      Res inner;
      if (k < end() && (month_at(k, true) || (day_number(k) && month_at(k + 1)))) {
        if ((month_at(k, true) ? month_start(k, &inner, true) : core(k, &inner)) && inner.day) {
          *r = inner;
          r->tb = b;
          return true;
        }
      }
    }
    Info nx = info(e);
    const char* part = nullptr;
    if (nx.cls == W::PartOfDay) {
      part = part_code(nx.val);
      ++e;
    }
    r->tb = b;
    r->te = e;
    r->relative = true;
    if (!dct_) {
      std::snprintf(r->value, sizeof r->value, "XXXX-WXX-%d", wd + 1);
      r->date_like = true;
      if (part) add_clock(*r, part);
      return true;
    }
    Date d;
    if (dir == 2)
      d = dct_->plus_days(wd - dct_->weekday());
    else if (dir < 0)
      d = weekday_day(wd, -1) == *dct_ ? dct_->plus_days(-7) : weekday_day(wd, -1);
    else if (dir > 0)
      d = weekday_day(wd, 1);
    else if (wd == dct_->weekday())
      d = *dct_;  // "said Thursday" in a Thursday report: that day
    else if (said_before(b))
      d = weekday_day(wd, -1);  // "said on Friday he would …": the day of saying
    else
      d = weekday_day(wd, tense(b, e) > 0 ? 1 : -1);
    set_day(*r, d);
    if (part) add_clock(*r, part);
    return true;
  }

  bool dayword(size_t i, Res* r) {
    int w = info(i).val;
    r->te = i + 1;
    r->relative = true;
    int off = w == words::kYesterday ? -1 : w == words::kTomorrow ? 1 : 0;
    const char* part = w == words::kTonight ? "TNI" : nullptr;
    Info nx = info(i + 1);
    if (!part && nx.cls == W::PartOfDay && nx.val != words::kOvernight) {
      part = part_code(nx.val);
      r->te = i + 2;
    }
    if (!dct_) {
      set_text(*r, off == 0 && !part && w == words::kToday ? "XXXX-XX-XX" : "XXXX-XX-XX");
      r->date_like = true;
    } else {
      set_day(*r, dct_->plus_days(off));
    }
    if (part) add_clock(*r, part);
    return true;
  }

  // "noon Saturday", "midnight Friday", "morning" alone is not a time expression.
  bool part_start(size_t i, Res* r, uint8_t p) {
    if (p != words::kNoon && p != words::kMidnight) return false;
    Res inner;
    if (i + 1 < end() && (info(i + 1).cls == W::Weekday || info(i + 1).cls == W::DayWord) &&
        core(i + 1, &inner) && inner.day && inner.type == TimeType::Date) {
      *r = inner;
      r->tb = i;
      add_clock(*r, part_code(p));
      return true;
    }
    return false;
  }

  // "5 p.m.", "10:30", "17:45 GMT", optionally followed by a day: "5 p.m. EST Nov. 9".
  bool clock(size_t i, Res* r) {
    long h = digits(i, 2);
    if (h < 0 || h > 24) return false;
    long mi = 0;
    size_t e = i + 1;
    bool colon = false;
    if (is(e, ":") && doc_.tokens[e].start == doc_.tokens[i].end && digits(e + 1, 2) >= 0 &&
        text(e + 1).size() == 2) {
      mi = digits(e + 1, 2);
      if (mi > 59) return false;
      e += 2;
      colon = true;
    }
    bool ampm = false;
    if (e < end()) {
      std::string_view x = text(e);
      if (ieq(x, "a.m.") || ieq(x, "am") || ieq(x, "a.m")) {
        if (h > 12) return false;
        if (h == 12) h = 0;
        ampm = true;
        ++e;
      } else if (ieq(x, "p.m.") || ieq(x, "pm") || ieq(x, "p.m")) {
        if (h > 12) return false;
        if (h < 12) h += 12;
        ampm = true;
        ++e;
      }
    }
    if (!colon && !ampm) return false;
    // Time zone: "GMT", "EST", "local time".
    if (e < end() && (doc_.tokens[e].flags & kTokAllUpper) && text(e).size() >= 3 && text(e).size() <= 4 &&
        (text(e).back() == 'T' || ieq(text(e), "utc")))
      ++e;
    else if (is(e, "local") && is(e + 1, "time"))
      e += 2;
    r->clock = true;
    char clk[32];
    std::snprintf(clk, sizeof clk, "T%02ld:%02ld", h, mi);
    // A day after it.
    Res inner;
    size_t k = is(e, ",") || is(e, "on") ? e + 1 : e;
    if (k < end() && core(k, &inner) && inner.day && inner.type == TimeType::Date) {
      *r = inner;
      r->tb = i;
      r->clock = true;
      add_clock(*r, clk);
      return true;
    }
    r->te = e;
    r->type = TimeType::Time;
    r->relative = true;
    if (dct_) {
      set_day(*r, *dct_);
      add_clock(*r, clk);
    } else {
      std::snprintf(r->value, sizeof r->value, "XXXX-XX-XX%s", clk);
    }
    return true;
  }

  // A number from 1 to 99 said in words at i ("seven", "ninety-six", "ninety six"); 0 when none.
  int words_1_99(size_t i, size_t* e) const {
    if (i >= end() || doc_.tokens[i].kind != TokenKind::Word) return 0;
    Info b = info(i);
    double v;
    if (b.cls == W::Digit || b.cls == W::Teen) {
      *e = i + 1;
      return b.val;
    }
    if (b.cls == W::Tens) {
      *e = i + 1;
      Info c = info(i + 1);
      if (c.cls == W::Digit && c.val > 0) return ++*e, b.val + c.val;
      return b.val;
    }
    if ((doc_.tokens[i].flags & kTokHyphen) && words::parse_simple_number(text(i), &v) && v >= 1 && v < 100) {
      *e = i + 1;
      return static_cast<int>(v);
    }
    return 0;
  }

  // A year said in words at i: "nineteen ninety-six", "eighteen twelve",
  // "nineteen oh five"; with thousand_ok also "two thousand", "two thousand
  // and one" (only where a year is expected: after a month, "the year", "of").
  // Returns the year and sets *e past it; 0 when none.
  int spoken_year_at(size_t i, size_t* e, bool thousand_ok) const {
    if (i >= end()) return 0;
    Info a = info(i);
    if (a.cls == W::Teen && (a.val == 18 || a.val == 19 || a.val == 20)) {
      Info b = info(i + 1);
      if (b.cls == W::Digit) return 0;  // "nineteen five" is no way to say a year
      if (is(i + 1, "oh")) {
        Info c = info(i + 2);
        if (c.cls != W::Digit || c.val == 0) return 0;
        *e = i + 3;
        return a.val * 100 + c.val;
      }
      if (int lo = words_1_99(i + 1, e); lo >= 10) return a.val * 100 + lo;
      return 0;
    }
    if (thousand_ok && a.cls == W::Digit && a.val == 2 && is(i + 1, "thousand")) {
      size_t k = is(i + 2, "and") ? i + 3 : i + 2;
      size_t e2 = k;
      int lo = words_1_99(k, &e2);
      if (lo && info(e2).cls == W::Unit) return 0;  // "two thousand and five years"
      *e = lo ? e2 : i + 2;
      return 2000 + lo;
    }
    return 0;
  }

  // A year at i: four digits, or said in words (see spoken_year_at); 0 when none.
  int year_at(size_t i, size_t* e, bool thousand_ok) const {
    if (int y = year4(i)) return *e = i + 1, y;
    return spoken_year_at(i, e, thousand_ok);
  }

  // "nineteen ninety-six", "eighteen twelve": a year said in words.
  bool spoken_year(size_t i, Res* r) {
    size_t e = i;
    int y = spoken_year_at(i, &e, false);
    if (!y) return false;
    r->te = e;
    set_year(*r, y);
    return true;
  }

  // "the nineties", "the early eighties": a decade said in words, in the latest
  // century whose decade is not after the published year.
  bool decade_word(size_t i, Res* r) {
    int d = tab_.decade_word(text(i));
    if (d < 0) return false;
    size_t k = i;
    int c = 19;
    if (dct_) c = d * 10 <= dct_->year % 100 ? dct_->year / 100 : dct_->year / 100 - 1;
    // "the nineteen eighties", "the late eighteen nineties": the century said before the decade.
    if (k > s_->tok_begin && (is(k - 1, "nineteen") || is(k - 1, "eighteen")))
      c = is(k - 1, "nineteen") ? 19 : 18, --k;
    const size_t spoken = k;
    if (k > s_->tok_begin && (is(k - 1, "early") || is(k - 1, "mid") || is(k - 1, "late"))) --k;
    if (k == s_->tok_begin || !is(k - 1, "the")) return false;  // "in his forties": an age
    r->tb = i == k || spoken < i ? k - 1 : i;
    r->te = i + 1;
    set_decade(*r, c * 10 + d);
    return true;
  }

  // A fixed phrase from data/time/cues.tsv that is a vague reference ("the near term", "these days").
  bool ref_phrase(size_t i, Res* r) {
    const auto* ps = tab_.ref_phrases(text(i));
    if (!ps) return false;
    for (const auto& p : *ps) {
      bool ok = true;
      for (size_t q = 0; q < p.rest.size() && ok; ++q) ok = ieq(text(i + 1 + q), p.rest[q]);
      ok = ok && i >= s_->tok_begin + p.before.size();
      for (size_t q = 0; q < p.before.size() && ok; ++q) ok = ieq(text(i - p.before.size() + q), p.before[q]);
      for (const auto& x : p.not_after) ok = ok && !ieq(text(i + 1 + p.rest.size()), x);
      if (!ok) continue;
      r->tb = i;
      r->te = i + 1 + p.rest.size();
      r->type = TimeType::Date;
      if (p.value == "YEAR") {  // "by year-end": the published year (TimeML: the year, its end a mod)
        if (!dct_) return false;
        r->relative = true;
        set_year(*r, dct_->year);
        return true;
      }
      set_text(*r, p.value.c_str());
      if (dct_ && p.value == "PRESENT_REF") r->first = r->last = *dct_;
      return true;
    }
    return false;
  }

  // "the summer", "summer 2023", "the winter of 1994".
  bool season(size_t i, Res* r) {
    int sn = info(i).val;
    // "the early summer", "in late spring": a part of the season keeps its value.
    const bool part = i > s_->tok_begin && (is(i - 1, "early") || is(i - 1, "late") || is(i - 1, "mid"));
    const size_t q = part ? i - 1 : i;
    bool the = q > s_->tok_begin && (is(q - 1, "the") || (part && is(q - 1, "in")));
    size_t e = i + 1;
    int y = 0;
    size_t ye = 0;
    if (year4(e))
      y = year4(e), ++e;
    else if (is(e, "of") && (y = year_at(e + 1, &ye, true)))
      e = ye;
    if (!y && !the) return false;
    r->tb = the && is(q - 1, "the") ? q - 1 : q;
    r->te = e;
    if (!y) {
      r->relative = true;
      if (!dct_) {
        std::snprintf(r->value, sizeof r->value, "XXXX-%s", kSeasonCode[sn]);
        r->date_like = true;
        return true;
      }
      static const int kStart[] = {3, 6, 9, 12};
      y = dct_->year;
      if (tense(i, e) <= 0 && Date{y, kStart[sn], 1} > *dct_) --y;
    }
    set_season(*r, y, sn);
    return true;
  }

  // Word tokens with digits: ISO dates, "7th" (day before a month), decades
  // ("1990s"), "Q3", "30-year", "20th century".
  bool digit_word(size_t i, Res* r) {
    std::string_view x = text(i);
    if (x.size() == 10 && x[4] == '-' && x[7] == '-') {
      if (auto d = parse_iso_date(x)) {
        r->te = i + 1;
        set_day(*r, *d);
        return true;
      }
      return false;
    }
    if (int d = day_number(i)) {
      if (int m = month_at(i + 1)) return day_month(i, i + 2, d, m, r);
      if (int m = is(i + 1, "of") ? month_at(i + 2) : 0; m && d <= days_in_month(2000, m)) {
        // "the 31st of December"
        if (!day_month(i, i + 3, d, m, r)) return false;
        if (is(i - 1, "the") && i > s_->tok_begin) r->tb = i - 1;
        return true;
      }
      // "the 20th century"
      if (is(i + 1, "century")) {
        r->te = i + 2;
        if (is(i - 1, "the")) r->tb = i - 1;
        set_century(*r, d - 1);
        return true;
      }
      return false;
    }
    if (x.size() == 5 && (x[4] == 's' || x[4] == 'S') && digits_only(x.substr(0, 4))) {
      int y = (x[0] - '0') * 1000 + (x[1] - '0') * 100 + (x[2] - '0') * 10 + (x[3] - '0');
      if (y % 10 != 0 || y < 1000) return false;
      r->te = i + 1;
      if (is(i - 1, "the") && i > s_->tok_begin) r->tb = i - 1;
      if (y % 100 == 0)
        set_century(*r, y / 100);  // "the 1900s": the century
      else
        set_decade(*r, y / 10);
      return true;
    }
    if (decade_s(i, r)) return true;
    if (x.size() == 3 && (x[2] == 's' || x[2] == 'S') && x[1] == '0' && digits_only(x.substr(0, 2)) &&
        i > s_->tok_begin && (text(i - 1) == "'" || text(i - 1) == "\xE2\x80\x99") &&
        doc_.tokens[i - 1].end == doc_.tokens[i].start) {
      // "the '80s", "the early '90s": the decade of the century that puts it
      // nearest the published year (up to five years ahead).
      const int d = x[0] - '0';
      int c = 19;
      if (dct_) c = d * 10 <= dct_->year % 100 + 5 ? dct_->year / 100 : dct_->year / 100 - 1;
      size_t b = i - 1;
      if (b > s_->tok_begin && (is(b - 1, "early") || is(b - 1, "mid") || is(b - 1, "late"))) --b;
      if (b > s_->tok_begin && is(b - 1, "the")) --b;
      r->tb = b;
      r->te = i + 1;
      set_decade(*r, c * 10 + d);
      return true;
    }
    if (x.size() == 2 && (x[0] == 'Q' || x[0] == 'q') && x[1] >= '1' && x[1] <= '4') {
      int y = dct_ ? dct_->year : 0;
      r->te = i + 1;
      if (year4(i + 1)) y = year4(i + 1), r->te = i + 2;
      if (!y) {
        std::snprintf(r->value, sizeof r->value, "XXXX-Q%c", x[1]);
        r->date_like = true;
        return true;
      }
      set_quarter(*r, y, x[1] - '0');
      return true;
    }
    if (doc_.tokens[i].flags & kTokHyphen) return hyphen_word(i, r);
    return false;
  }

  static bool digits_only(std::string_view x) {
    for (char c : x)
      if (c < '0' || c > '9') return false;
    return !x.empty();
  }

  // "two-year", "30-year", "24-hour" (durations as modifiers); "mid-November",
  // "mid-1990s"; "third-quarter".
  bool hyphen_word(size_t i, Res* r) {
    std::string_view x = text(i);
    if (tab_.flags(x) & timex::kPeriodYearAgo) {  // "the year-ago quarter", "year-earlier"
      // "the year-earlier third quarter", "the year-ago first half": that period a year back,
      // read at the ordinal (quarter() looks back over this word).
      if ((info(i + 1).cls == W::Ordinal || is(i + 1, "second")) &&
          (is(i + 2, "quarter") || is(i + 2, "half")))
        return false;
      if (is(i + 1, "quarter") || is(i + 1, "period")) return period_anaphor(i + 1, r);
      return period_anaphor(i, r);
    }
    size_t dash = x.find('-');
    if (dash == std::string_view::npos) return false;
    std::string_view a = x.substr(0, dash), b = x.substr(dash + 1);
    if (b.find('-') != std::string_view::npos) return false;  // "9-year-old"
    Info bw = words::lookup(b);
    if (ieq(a, "mid")) {
      if (bw.cls == W::Month) {
        r->te = i + 1;
        r->relative = true;
        int m = bw.val;
        if (int y = year4(i + 1)) {
          r->te = i + 2;
          set_month(*r, y, m);
        } else if (!dct_) {
          std::snprintf(r->value, sizeof r->value, "XXXX-%02d", m);
        } else {
          set_month(*r, infer_year(m, 0, tense(i, i + 1)), m);
        }
        return true;
      }
      if (b.size() == 4 && digits_only(b)) {
        r->te = i + 1;
        set_year(*r, (b[0] - '0') * 1000 + (b[1] - '0') * 100 + (b[2] - '0') * 10 + (b[3] - '0'));
        return true;
      }
      if (b.size() == 5 && digits_only(b.substr(0, 4)) && (b[4] == 's')) {
        r->te = i + 1;
        set_decade(*r, ((b[0] - '0') * 1000 + (b[1] - '0') * 100 + (b[2] - '0') * 10 + (b[3] - '0')) / 10);
        return true;
      }
      return false;
    }
    if (ieq(a, "fiscal") && (bw.cls == W::Ordinal || ieq(b, "second")) && is(i + 1, "quarter"))
      return quarter_value(i, i + 2, ieq(b, "second") ? 2 : bw.val, r);  // "the fiscal-first quarter"
    Info aw = words::lookup(a);
    if (aw.cls == W::Ordinal || ieq(a, "second")) {
      if (bw.cls == W::Unit && (bw.val & 0x7F) == words::kQuarter && !(bw.val & words::kPlural))
        if (quarter_value(i, i + 1, ieq(a, "second") ? 2 : aw.val, r)) {
          r->tb = i;  // "the third-quarter results": the adjective alone
          return true;
        }
      const int n = ieq(a, "second") ? 2 : aw.val;
      if (ieq(b, "half") && (n == 1 || n == 2) && dct_) {
        // "first-half profit": the published year's, or last year's when still to come and the
        // clause is not future ("second-half results" in a February report).
        int y = dct_->year;
        if (Date{y, n * 6 - 5, 1} > *dct_ && tense(i, i + 1) <= 0) --y;
        r->te = i + 1;
        r->relative = true;
        set_half(*r, y, n);
        return true;
      }
      return false;
    }
    if (bw.cls == W::Unit && !(bw.val & words::kPlural)) {
      double n;
      if (!words::parse_simple_number(a, &n) || n <= 0) return false;
      r->te = i + 1;
      set_duration(*r, n, bw.val & 0x7F, false);
      return true;
    }
    return false;
  }

  // "of last year", "of this year", "of next year" at e (after a quarter or a half): the index
  // after it, with *shift the years from the published one; else kNone.
  size_t rel_year_of(size_t e, int* shift) const {
    if (!is(e, "of") || !is(e + 2, "year") || is(e + 3, "'s") || is(e + 3, "\xE2\x80\x99s")) return kNone;
    Info w = info(e + 1);
    if (w.cls != W::Rel) return kNone;
    if (w.val == words::kLast || w.val == words::kPrevious)
      *shift = -1;
    else if (w.val == words::kThis)
      *shift = 0;
    else if (w.val == words::kNext)
      *shift = 1;
    else
      return kNone;
    return e + 3;
  }

  // "third quarter", "the fourth quarter of 2023", "first half".
  bool quarter(size_t b, size_t i, Res* r) {
    Info w = info(i);
    int n = is(i, "second") ? 2 : w.cls == W::Ordinal ? w.val : 0;
    if (!n) return false;
    if (is(i + 1, "quarter")) return quarter_value(b, i + 2, n, r);
    if (is(i + 1, "half") && n <= 2) {
      int y = dct_ ? dct_->year : 0;
      size_t e = i + 2;
      if (size_t pe = period_year(e, &y, r); pe != kNone) {
        e = pe;  // "the first half of fiscal 1990", "the second half of last year"
      } else if (dct_ && b > s_->tok_begin && (tab_.flags(text(b - 1)) & timex::kPeriodYearAgo)) {
        --y, --b;  // "the year-ago first half"
        r->relative = true;
      }
      if (b > s_->tok_begin && is(b - 1, "the")) --b;
      r->tb = b;
      r->te = e;
      if (!y) {
        std::snprintf(r->value, sizeof r->value, "XXXX-H%d", n);
        r->date_like = true;
        return true;
      }
      set_half(*r, y, n);
      return true;
    }
    return false;
  }

  // The year told after a quarter or half at token e: "of fiscal 1990", "of
  // 1989", or relative to the published year *y ("of last year", which marks
  // *r relative). Sets *y; the end of the words read, or kNone (nothing told).
  size_t period_year(size_t e, int* y, Res* r) {
    if (is(e, "of") && is(e + 1, "fiscal") && year4(e + 2)) {
      *y = year4(e + 2);
      return e + 3;
    }
    if (is(e, "of") && year4(e + 1)) {
      *y = year4(e + 1);
      return e + 2;
    }
    int shift = 0;
    if (size_t re = dct_ ? rel_year_of(e, &shift) : kNone; re != kNone) {
      *y += shift;
      r->relative = true;
      return re;
    }
    return kNone;
  }

  bool quarter_value(size_t b, size_t e, int n, Res* r) {
    if (n < 1 || n > 4) return false;
    int y = dct_ ? dct_->year : 0;
    auto possessive = [&](size_t k) {  // "year's" / "year" "'s" ending before k: its first token, or kNone
      if (k >= s_->tok_begin + 2 && (is(k - 1, "'s") || is(k - 1, "\xE2\x80\x99s")) && is(k - 2, "year"))
        return k - 2;
      if (k >= s_->tok_begin + 1 && (is(k - 1, "year's") || is(k - 1, "year\xE2\x80\x99s"))) return k - 1;
      return kNone;
    };
    if (size_t pe = period_year(e, &y, r); pe != kNone) {
      e = pe;  // "the third quarter of fiscal 1990", "the first quarter of next year"
    } else if (year4(b > s_->tok_begin ? b - 1 : b) && b > s_->tok_begin) {
      y = year4(b - 1), --b;
    } else {
      r->relative = true;
      size_t p = possessive(b);
      if (p != kNone && p > s_->tok_begin && (is(p - 1, "this") || is(p - 1, "next") || is(p - 1, "last"))) {
        // "this year's third quarter", "next year's first quarter"
        y += is(p - 1, "next") ? 1 : is(p - 1, "last") ? -1 : 0;
        b = p - 1;
      } else if (b > s_->tok_begin && (tab_.flags(text(b - 1)) & timex::kPeriodYearAgo)) {
        --y;  // "the year-ago third quarter"
        --b;
      } else if (dct_ && Date{y, n * 3 - 2, 1} > *dct_ && tense(b, e) <= 0) {
        --y;  // "the fourth quarter" in a February report: last year's, unless the clause is future
      }
    }
    if (is(b - 1, "the") && b > s_->tok_begin) --b;
    r->tb = b;
    r->te = e;
    if (!y) {
      std::snprintf(r->value, sizeof r->value, "XXXX-Q%d", n);
      r->date_like = true;
      return true;
    }
    set_quarter(*r, y, n);
    return true;
  }

  // Relative words: "last week", "this month", "next year", "last Friday",
  // "last April", "the past two days", "earlier this month", "every week".
  bool rel_start(size_t i, Res* r, uint8_t rel) {
    const size_t b = is(i - 1, "the") && i > s_->tok_begin ? i - 1 : i;
    switch (rel) {
      case words::kEarlier:
      case words::kLater:
        return rel_earlier_later(i, r);
      case words::kEvery:
      case words::kEach:
        return set_expr(i, r);
      case words::kAgo:
        return false;
      default:
        break;
    }
    if (rel == words::kThis && (is(i + 1, "coming") || is(i + 1, "past"))) return rel_this_coming_past(i, r);
    const bool past = rel == words::kPastRel || (rel == words::kLast && b < i);
    const size_t j = i + 1;
    if (j >= end()) return false;
    if (rel == words::kLast && b < i && week_of_month(i, -1, r)) return true;  // "the last week of May"
    if (rel == words::kLast && b < i && is(j, "half") && is(j + 1, "of") && year4(j + 2)) {
      r->tb = b;  // "the last half of 1989": its second half
      r->te = j + 3;
      set_half(*r, year4(j + 2), 2);
      return true;
    }
    Info w = info(j);
    r->relative = true;
    // "the following Monday", "the previous Friday": that weekday after (before) the day the
    // story is at, when the text gave one.
    if (w.cls == W::Weekday && b < i && (rel == words::kFollowing || rel == words::kPrevious) && ref_ &&
        ref_from_text_ && ref_->day) {
      const int back = ((ref_->day->weekday() - static_cast<int>(w.val)) % 7 + 7) % 7;
      const int ahead = ((static_cast<int>(w.val) - ref_->day->weekday()) % 7 + 7) % 7;
      r->tb = b;
      r->te = j + 1;
      set_day(*r, rel == words::kFollowing ? ref_->day->plus_days(ahead ? ahead : 7)
                                           : ref_->day->plus_days(-(back ? back : 7)));
      return true;
    }
    // "last Friday", "next Monday", "this Sunday".
    if (w.cls == W::Weekday && rel != words::kPastRel && rel != words::kComing) {
      int dir = rel == words::kLast || rel == words::kPrevious ? -1 : rel == words::kThis ? 2 : 1;
      return weekday_start(j, r, dir, i);
    }
    int named = rel_named(i, b, r, rel, w);
    if (named >= 0) return named;
    // "last week", "this month", "the past year" …
    if (w.cls == W::Unit && !(w.val & words::kPlural)) return rel_unit(i, b, r, rel, past, w);
    // "the past two days", "the last five years", "the next 10 years", "the past few weeks".
    if (rel == words::kLast || rel == words::kPastRel || rel == words::kNext || rel == words::kComing ||
        rel == words::kPrevious || rel == words::kFollowing)
      return rel_stretch(i, b, r, rel, past, w);
    return false;
  }

  // "earlier this month", "later that year", "earlier today", "later Sunday" (i: the
  // "earlier"/"later" word).
  bool rel_earlier_later(size_t i, Res* r) {
    if (is(i + 1, "that")) {  // "later that year": the reference time's year
      Res inner;
      if (anaphor(i + 1, &inner)) {
        *r = inner;
        r->tb = i;
        return true;
      }
    }
    if (is(i + 1, "this")) {
      Res inner;
      if (rel_start(i + 1, &inner, words::kThis) && inner.type != TimeType::Duration) {
        *r = inner;
        r->tb = i;
        return true;
      }
    }
    if (info(i + 1).cls == W::DayWord || info(i + 1).cls == W::Weekday) {  // "earlier today", "later Sunday"
      Res inner;
      if (info(i + 1).cls == W::DayWord ? dayword(i + 1, &inner) : weekday_start(i + 1, &inner, 0, kNone)) {
        *r = inner;
        r->tb = i;
        return true;
      }
    }
    return false;
  }

  // "this coming Sunday", "this past weekend": the next (last) one (i: "this").
  bool rel_this_coming_past(size_t i, Res* r) {
    const bool coming = is(i + 1, "coming");
    Res inner;
    if (info(i + 2).cls == W::Season && dct_) {
      static const int kStart[] = {3, 6, 9, 12};
      int sn = info(i + 2).val, y = dct_->year;
      Date st{y, kStart[sn], 1};
      if (coming && st <= *dct_) ++y;
      if (!coming && st > *dct_) --y;
      r->tb = i;
      r->te = i + 3;
      r->relative = true;
      set_season(*r, y, sn);
      return true;
    }
    if (!rel_start(i + 1, &inner, coming ? words::kNext : words::kLast) || inner.type != TimeType::Date)
      return false;
    *r = inner;
    r->tb = i;
    return true;
  }

  // A relative word before a named month, season or part of the day ("last April",
  // "this winter", "the next morning", "last night"): 1 or 0 when it decided, -1 when
  // the word after it is none of these.
  int rel_named(size_t i, size_t b, Res* r, uint8_t rel, Info w) {
    const size_t j = i + 1;
    // "last April", "next January", "this September".
    if (w.cls == W::Month && month_at(j) &&
        (rel == words::kLast || rel == words::kNext || rel == words::kThis)) {
      int m = w.val;
      r->tb = i;
      r->te = j + 1;
      if (!dct_) {
        std::snprintf(r->value, sizeof r->value, "XXXX-%02d", m);
        r->date_like = true;
        return 1;
      }
      int y = dct_->year;
      // The month just ended (begun) is "last month" ("next month"): "last February" in a March
      // report is the February a year before, "next April" in March the April a year on.
      if (rel == words::kLast)
        y = m < dct_->month - 1 ? y : y - 1;
      else if (rel == words::kNext)
        y = m > dct_->month + 1 ? y : y + 1;
      set_month(*r, y, m);
      return 1;
    }
    // "last summer", "this winter".
    if (w.cls == W::Season && (rel == words::kLast || rel == words::kNext || rel == words::kThis)) {
      r->tb = i;
      r->te = j + 1;
      if (!dct_) {
        std::snprintf(r->value, sizeof r->value, "XXXX-%s", kSeasonCode[w.val]);
        r->date_like = true;
        return 1;
      }
      int y = dct_->year + (rel == words::kLast ? -1 : rel == words::kNext ? 1 : 0);
      set_season(*r, y, w.val);
      return 1;
    }
    // "the next morning", "the previous night": the day after (before) the reference time.
    if (w.cls == W::PartOfDay &&
        (rel == words::kNext || rel == words::kFollowing || rel == words::kPrevious) &&
        w.val != words::kNoon && w.val != words::kMidnight && w.val != words::kOvernight &&
        (!ref_ || ref_->gran == words::kDay)) {
      r->tb = b;
      r->te = j + 1;
      anchored(r, words::kDay, rel == words::kPrevious ? -1 : 1, words::kDay);
      add_clock(*r, part_code(w.val));
      return 1;
    }
    // "this morning", "last night", "this evening".
    if (w.cls == W::PartOfDay && (rel == words::kThis || (rel == words::kLast && w.val == words::kNight))) {
      r->tb = i;
      r->te = j + 1;
      if (dct_)
        set_day(*r, rel == words::kLast ? dct_->plus_days(-1) : *dct_);
      else
        set_text(*r, "XXXX-XX-XX");
      add_clock(*r, part_code(w.val));
      return 1;
    }
    return -1;
  }

  // "last week", "this month", "the past year", "the next day" (w: the singular unit
  // after the relative word at i; b: i or the "the" before it).
  bool rel_unit(size_t i, size_t b, Res* r, uint8_t rel, bool past, Info w) {
    const size_t j = i + 1;
    uint8_t u = w.val & 0x7F;
    if (u == words::kSecond || u == words::kMinute || u == words::kHour) return false;
    if (u == words::kYear && (is(j + 1, "'s") || is(j + 1, "\xE2\x80\x99s")) &&
        (((info(j + 2).cls == W::Ordinal || is(j + 2, "second")) && is(j + 3, "quarter")) ||
         (rel == words::kLast && (is(j + 2, "quarter") || is(j + 2, "period")))))
      return false;  // "this year's third quarter", "last year's quarter": one expression, read from the
                     // quarter
    r->te = j + 1;
    if (past && (u == words::kYear || u == words::kDecade) && b < i && dct_) {
      // "the past year": TimeML dates it as the year before the published one;
      // its interval stays the stretch up to the published day, and it is no reference.
      r->tb = b;
      if (u == words::kYear)
        set_year(*r, dct_->year - 1);
      else
        set_decade(*r, (dct_->year - 10) / 10);  // "the last decade"
      r->first = shift(*dct_, u, -1);
      r->last = *dct_;
      r->gran = Res::kNoGran;
      return true;
    }
    if (past && u == words::kWeekend && b < i) {
      r->tb = b;  // "the past weekend": the last one, as "last weekend"
      if (!dct_) {
        set_period_unknown(*r, u);
        return true;
      }
      set_period(*r, shift(*dct_, u, -1), u);
      return true;
    }
    if (past || rel == words::kComing) {
      // A stretch of time up to (or from) now: a duration.
      r->tb = b;
      set_duration(*r, 1, u, false);
      if (dct_ && past) {
        r->first = shift(*dct_, u, -1);
        r->last = *dct_;
      }
      return true;
    }
    // "convicted the next year": in a past clause after a date the text gave, the one after it.
    const bool narrative_next = rel == words::kNext && b < i && ref_from_text_ && tense(b, j + 1) < 0;
    if (u == words::kDay ||
        ((rel == words::kPrevious || rel == words::kFollowing || narrative_next) && b < i)) {
      // "the next day", "the previous week": anchored to the reference time.
      if (!(rel == words::kNext || rel == words::kFollowing || rel == words::kPrevious) || !anchor_unit(u))
        return false;
      r->tb = b;
      anchored(r, u, rel == words::kPrevious ? -1 : 1, ref_ ? coarser(u, ref_->gran) : u);
      return true;
    }
    int off = rel == words::kLast || rel == words::kPrevious ? -1 : rel == words::kThis ? 0 : 1;
    r->tb = i;
    if (!dct_) {
      set_period_unknown(*r, u);
      return true;
    }
    set_period(*r, shift(*dct_, u, off), u);
    return true;
  }

  // "the past two days", "the last five years", "the coming days", "recent weeks" (a
  // past or coming word at i, b as in rel_unit).
  bool rel_stretch(size_t i, size_t b, Res* r, uint8_t rel, bool past, Info w) {
    const size_t j = i + 1;
    Res d;
    if (rel == words::kLast && b == i && last_is_verb(i)) return false;  // "will last 90 days"
    if (duration(j, j, &d) && d.type == TimeType::Duration) {
      *r = d;
      r->tb = b;
      r->relative = true;
      if (duration_vague_) return true;  // "the past few weeks": PXW, no interval
      if (dct_ && (rel == words::kLast || rel == words::kPastRel) && !duration_vague_) {
        r->first = shift(*dct_, duration_unit_, -static_cast<int>(duration_n_));
        r->last = *dct_;
      }
      return true;
    }
    // "the coming days", "recent weeks"
    if (w.cls == W::Unit && (w.val & words::kPlural) && (rel == words::kComing || past)) {
      r->tb = b;
      r->te = j + 1;
      if (rel == words::kComing && (w.val & 0x7F) >= words::kWeek) {
        set_text(*r, "FUTURE_REF");  // "in coming months": some time ahead
        r->type = TimeType::Date;
        return true;
      }
      set_duration(*r, 0, w.val & 0x7F, true);  // "the coming days": PXD
      return true;
    }
    return false;
  }

  // Is "last" at i the verb ("is expected to last 90 days", "could last years")? After "to"
  // or an auxiliary of the future (the tense cues will, would, could, may …; data/time/cues.tsv).
  bool last_is_verb(size_t i) const {
    if (i == s_->tok_begin) return false;
    std::string_view p = text(i - 1);
    timex::Tense t = tab_.word_tense(p);
    return ieq(p, "to") || t == timex::kFutureAux || t == timex::kFuture || ieq(p, "did") || ieq(p, "does") ||
           ieq(p, "not") || p.ends_with("'ll");
  }

  // "every week", "each Thursday", "every two days", "each July".
  bool set_expr(size_t i, Res* r) {
    size_t j = i + 1;
    if (j >= end()) return false;
    Info w = info(j);
    r->type = TimeType::Set;
    r->tb = i;
    if (w.cls == W::Unit && !(w.val & words::kPlural)) {
      r->te = j + 1;
      set_duration(*r, 1, w.val & 0x7F, false);
      r->type = TimeType::Set;
      return true;
    }
    if (w.cls == W::Weekday) {
      r->te = j + 1;
      std::snprintf(r->value, sizeof r->value, "XXXX-WXX-%d", w.val + 1);
      return true;
    }
    if (w.cls == W::Month && month_at(j)) {
      r->te = j + 1;
      std::snprintf(r->value, sizeof r->value, "XXXX-%02d", w.val);
      return true;
    }
    Res d;
    if (duration(j, j, &d) && d.type == TimeType::Duration) {
      *r = d;
      r->tb = i;
      r->type = TimeType::Set;
      return true;
    }
    return false;
  }

  // now, currently, recently, soon, the past, the future, formerly.
  bool ref_start(size_t i, Res* r, uint8_t ref) {
    r->te = i + 1;
    switch (ref) {
      case words::kNow:
      case words::kCurrently:
      case words::kNowadays:
      case words::kPresently:
        if (doc_.tokens[i].flags & kTokHyphen) return false;
        set_text(*r, "PRESENT_REF");
        if (dct_) r->first = r->last = *dct_;
        return true;
      case words::kRecently:
        set_text(*r, "PAST_REF");
        return true;
      case words::kCurrent: {
        // "the current year", "the current fiscal quarter": that period; "current" alone: now.
        if (doc_.tokens[i].flags & kTokHyphen) return false;
        if (i + 1 < end() && (tab_.flags(text(i + 1)) & timex::kNotPresentAfter)) return false;
        if (i > s_->tok_begin && is(i - 1, "then")) {
          r->tb = i - 1;  // "the then current chairman": current at a past time
          set_text(*r, "PAST_REF");
          return true;
        }
        size_t j = is(i + 1, "fiscal") ? i + 2 : i + 1;
        Info u = info(j);
        if (u.cls == W::Unit && !(u.val & words::kPlural) && anchor_unit(u.val) && u.val != words::kDay) {
          r->tb = is(i - 1, "the") && i > s_->tok_begin ? i - 1 : i;
          r->te = j + 1;
          r->relative = true;
          if (dct_)
            set_period(*r, *dct_, u.val);
          else
            set_period_unknown(*r, u.val);
          return true;
        }
        set_text(*r, "PRESENT_REF");
        if (dct_) r->first = r->last = *dct_;
        return true;
      }
      case words::kSoon:
        set_text(*r, "FUTURE_REF");
        return true;
      case words::kRecent: {
        // "recent years", "recent weeks": an unspecified stretch up to now.
        Info w = info(i + 1);
        if (w.cls == W::Unit && (w.val & words::kPlural)) {
          // "recent weeks": a stretch of unknown length reaching now.
          r->tb = is(i - 1, "the") && i > s_->tok_begin ? i - 1 : i;
          r->te = i + 2;
          set_duration(*r, 0, w.val & 0x7F, true);
          return true;
        }
        return false;
      }
      case words::kPast: {
        // "the past two days" / "past week": relative stretch; "the past": PAST_REF.
        Res inner;
        if (rel_start(i, &inner, words::kPastRel)) {
          *r = inner;
          return true;
        }
        if (is(i - 1, "the") && i > s_->tok_begin) {
          Info nx = info(i + 1);
          // "in the past" is the time whatever follows ("in the past that they could"); a bare
          // "the past" before a word may be an adjective ("the past president").
          const bool in_the = i >= s_->tok_begin + 2 && is(i - 2, "in");
          if (!in_the && i + 1 < end() && doc_.tokens[i + 1].kind == TokenKind::Word && nx.cls != W::Qual)
            return false;
          r->tb = i - 1;
          set_text(*r, "PAST_REF");
          return true;
        }
        return false;
      }
      case words::kFuture: {
        // "the future", "the near future", "in future", "future quarters"; not "future talks".
        if (doc_.tokens[i].flags & kTokHyphen) return false;
        if (is(i - 1, "near") && is(i - 2, "the") && i >= s_->tok_begin + 2)
          r->tb = i - 2;
        else if (is(i - 1, "the") && i > s_->tok_begin)
          r->tb = i - 1;
        if (Info w = info(i + 1); w.cls == W::Unit && (w.val & words::kPlural))
          r->te = i + 2;
        else if (r->tb == i && !is(i - 1, "in"))
          return false;
        set_text(*r, "FUTURE_REF");
        return true;
      }
      case words::kPresent:
        if (is(i - 1, "at") && i > s_->tok_begin) {
          r->tb = i - 1;
          set_text(*r, "PRESENT_REF");
          if (dct_) r->first = r->last = *dct_;
          return true;
        }
        return false;
      default:
        return false;
    }
  }

  // "the first nine months": a duration after an ordinal.
  // "the first week of March", "the last week of May 1998" (i: the ordinal or "last", n: 1-4, or
  // -1 for the last): the week holding that month's 4th (11th …) day, or its fourth-last.
  bool week_of_month(size_t i, int n, Res* r) {
    if (i == s_->tok_begin || !is(i - 1, "the") || !is(i + 1, "week") || !is(i + 2, "of")) return false;
    const int m = month_at(i + 3);
    if (!m || n == 0 || n > 4) return false;
    size_t e = i + 4;
    int y = year4(e);
    if (y)
      ++e;
    else if (dct_)
      y = infer_year(m, 0, tense(i - 1, e));
    else
      return false;
    const Date d = n > 0 ? Date{y, m, (n - 1) * 7 + 4} : month_end(y, m).plus_days(-3);
    r->tb = i - 1;
    r->te = e;
    r->relative = !year4(i + 4);
    set_week(*r, d, false);
    return true;
  }

  bool the_first_months(size_t i, Res* r) {
    if (!is(i - 1, "the") || i == s_->tok_begin) return false;
    Res d;
    if (duration(i + 1, i + 1, &d) && d.type == TimeType::Duration && !duration_vague_) {
      *r = d;
      r->tb = i - 1;
      return true;
    }
    return false;
  }

  // Reaches back from a duration (or "… ago" date) over the qualifier before
  // it: "more than four hours", "nearly a month", "the nine months".
  void extend_back(Res* r) const {
    size_t b = r->tb;
    auto at = [&](size_t back, std::string_view w) {
      return b >= s_->tok_begin + back && ieq(text(b - back), w);
    };
    if ((at(2, "at") && (at(1, "least") || at(1, "most"))) ||
        ((at(2, "more") || at(2, "less") || at(2, "fewer")) && at(1, "than")) ||
        (at(2, "up") && at(1, "to")) || (at(2, "just") && (at(1, "over") || at(1, "under"))))
      b -= at(3, "no") || at(3, "not") ? 3 : 2;  // "no more than sixty days"
    else if (at(1, "nearly") || at(1, "almost") || at(1, "about") || at(1, "around") || at(1, "some") ||
             at(1, "approximately") || at(1, "roughly"))
      b -= 1;  // not "over three years": there "over" means during
    else if (at(1, "the") && r->type == TimeType::Duration && r->value[0] == 'P' && r->te > r->tb + 1)
      b -= 1;  // "the nine months", but "the 30-day" is a modifier
    r->tb = b;
  }

  // "the end of 1990", "the beginning of October", "fiscal 1989": words
  // before a calendar period that keep its value (TimeML puts them in the span).
  void extend_edge(Res* r) const {
    size_t b = r->tb;
    auto at = [&](size_t back, std::string_view w) {
      return b >= s_->tok_begin + back && ieq(text(b - back), w);
    };
    if (at(1, "of") && (at(2, "end") || at(2, "beginning") || at(2, "start") || at(2, "middle")))
      b -= at(3, "the") ? 3 : 2;
    else if (at(1, "fiscal") ||
             (at(1, "the") && r->value[0] >= '0' && r->value[0] <= '9' && std::strlen(r->value) == 3))
      b -= 1;  // "fiscal 1989", "the mid-1990s"
    if (b == r->tb && b > s_->tok_begin && tab_.approx_before(text(b - 1)))
      b -= 1;  // "around Nov. 1", "sometime next year" (data/time/cues.tsv approx_before)
    if (b < r->tb && ieq(text(b), "fiscal") && at(1, "the") &&
        (std::strchr(r->value, 'Q') || std::strchr(r->value, 'H')))
      b -= 1;  // "the fiscal first quarter"
    const size_t vn = std::strlen(r->value);
    if (b == r->tb && at(1, "the") &&
        (ieq(text(b), "early") || ieq(text(b), "late") || ieq(text(b), "mid")) && vn > 3 &&
        r->value[vn - 3] == '-' && r->value[vn - 1] >= 'A')
      b -= 1;  // "the early summer"
    r->tb = b;
  }

  // Qualifiers that open a duration ("more than four hours", "nearly a month",
  // "at least 20 years"), "the" before a duration or period, "in the past".
  bool qual_start(size_t i, Res* r, uint8_t q) {
    size_t j = 0;
    switch (q) {
      case words::kAt:
        if (is(i + 1, "least") || is(i + 1, "most")) j = i + 2;
        break;
      case words::kMore:
      case words::kLess:
      case words::kFewer:
        if (is(i + 1, "than")) j = i + 2;
        break;
      case words::kUp:
        if (is(i + 1, "to")) j = i + 2;
        break;
      case words::kNearly:
      case words::kAlmost:
      case words::kAbout:
      case words::kAround:
      case words::kSome:
      case words::kApproximately:
      case words::kRoughly:
      case words::kOver:
      case words::kJust:
      case words::kUnder:
        j = i + 1;
        break;
      case words::kThe: {
        // "the weekend": the last one, or the next one in a future clause.
        if (is(i + 1, "weekend")) {
          r->tb = i;
          r->te = i + 2;
          r->relative = true;
          if (!dct_) {
            set_period_unknown(*r, words::kWeekend);
            return true;
          }
          int wd = dct_->weekday();
          Date d = tense(i, i + 2) > 0 ? dct_->plus_days(wd >= 5 ? 0 : 5 - wd)
                                       : dct_->plus_days(wd >= 5 ? 0 : -wd - 1);
          set_week(*r, d, true);
          return true;
        }
        // "the 1990s", "the third quarter", "the nine months", "the first nine months".
        Info w = info(i + 1);
        if (w.cls == W::Ordinal || is(i + 1, "second")) {
          if (quarter(i, i + 1, r)) return true;
          if (w.cls == W::Ordinal || is(i + 1, "second")) {
            Res d;
            if (duration(i + 2, i + 2, &d) && d.type == TimeType::Duration && !duration_vague_) {
              *r = d;
              r->tb = i;
              return true;
            }
          }
          return false;
        }
        if (i + 1 < end() && (doc_.tokens[i + 1].kind == TokenKind::Number || is_word_number(w.cls))) {
          Res d;
          if (duration(i + 1, i + 1, &d) && d.type == TimeType::Duration) {
            *r = d;
            r->tb = i;
            return true;
          }
        }
        return false;
      }
      case words::kFor:
        // "for years", "for decades": an unspecified stretch.
        if (Info w = info(i + 1);
            w.cls == W::Unit && (w.val & words::kPlural) && (w.val & 0x7F) >= words::kDay) {
          r->tb = i + 1;
          r->te = i + 2;
          set_duration(*r, 0, w.val & 0x7F, true);
          return true;
        }
        return false;
      default:
        break;
    }
    if (!j || j >= end()) return false;
    Res d;
    if (!duration(j, j, &d)) return false;
    *r = d;
    r->tb = i;
    return true;
  }

  static bool is_word_number(W c) { return c == W::Digit || c == W::Teen || c == W::Tens; }

  // Set by duration(): the number and unit of the last duration read.
  double duration_n_ = 0;
  uint8_t duration_unit_ = 0;
  bool duration_vague_ = false;

  // "three years", "48 hours", "a month", "several weeks", "a few days",
  // "two years ago" (a date), "once a week" (a set).
  bool duration(size_t b, size_t i, Res* r) {
    if (i >= end()) return false;
    double n = 0;
    bool vague = false;
    size_t j;
    Info w = info(i);
    if (w.cls == W::Qual && (w.val == words::kSeveral || w.val == words::kFew || w.val == words::kMany)) {
      vague = true;
      j = i + 1;
    } else if (w.cls == W::A && is(i + 1, "few")) {
      vague = true;
      j = i + 2;
    } else if (w.cls == W::A || is(i, "one")) {
      n = 1;
      j = i + 1;
      Info u = info(j);
      if (!(u.cls == W::Unit && !(u.val & words::kPlural))) {
        // "a dozen years", "one hundred days"; anything else after "a" is no duration.
        if (u.cls != W::Dozen && u.cls != W::Hundred && u.cls != W::Scale &&
            !(u.cls == W::Qual && u.val == words::kCouple))
          return false;
        NumberCore c;
        if (!parse_number_core(doc_, i, end(), &c)) return false;
        n = c.value;  // "a couple of years": 2
        j = c.tok_end;
      }
    } else {
      NumberCore c;
      if (!parse_number_core(doc_, i, end(), &c) || c.approx) return false;
      if (c.vague) vague = true;
      n = c.value;
      j = c.tok_end;
      // "two to three weeks", "12-18 months": one expression, valued by its low end.
      NumberCore c2;
      if (!c.vague && (is(j, "to") || is(j, "or") || text(j) == "-" || text(j) == "\xE2\x80\x93") &&
          parse_number_core(doc_, j + 1, end(), &c2) && !c2.vague && c2.value > n &&
          info(c2.tok_end).cls == W::Unit)
        j = c2.tok_end;
    }
    Info u = info(j);
    if (u.cls != W::Unit) return false;
    uint8_t unit = u.val & 0x7F;
    bool plural = u.val & words::kPlural;
    if (!vague && n != 1 && !plural) {
      // "five year low" reads as a duration too; "10 second" is rare.
      if (unit == words::kSecond) return false;
    }
    if (vague && !plural) return false;
    if (!vague && n > 10000) return false;
    if (is(i, "one") && b == i && j == i + 1 && unit == words::kDay && i > s_->tok_begin) {
      // "will one day be", "could one day replace": some time ahead.
      const timex::Tense t = tab_.word_tense(text(i - 1));
      if (t == timex::kFutureAux || t == timex::kFuture) {
        r->te = j + 1;
        set_text(*r, "FUTURE_REF");
        return true;
      }
    }
    // Numbers inside names ("Al-Yassin 105 days"?) are rare; a year-like number is not a count of days.
    size_t e = j + 1;
    // "a week or so ago": the approximate date is still a date.
    if (is(e, "or") && is(e + 1, "so") && (is(e + 2, "ago") || is(e + 2, "earlier") || is(e + 2, "later")))
      e += 2;
    duration_n_ = n;
    duration_unit_ = unit;
    duration_vague_ = vague;
    r->tb = b;
    r->te = e;
    // "a quarter of the vote", "a second attack": not durations.
    if ((unit == words::kQuarter && is(e, "of")) || (unit == words::kSecond && n == 1 && !plural))
      return false;
    // "several years ago": some time in the past.
    if (vague && is(e, "ago")) {
      r->te = e + 1;
      r->ago = true;
      set_text(*r, "PAST_REF");
      r->type = TimeType::Date;
      return true;
    }
    // "two years from now", "a week from today": a date ahead of the published one.
    if (is(e, "from") && (is(e + 1, "now") || is(e + 1, "today")) && !vague && n == std::floor(n) && dct_ &&
        anchor_unit(unit)) {
      r->te = e + 2;
      r->relative = true;
      set_period(*r, shift(*dct_, unit, static_cast<int>(n)), unit);
      return true;
    }
    // "two years ago", "a year earlier", "two days later": a date. "Earlier"
    // and "later" count from the last date the text gave; "ago" from the
    // published date, but for a period compared with the same one a year
    // before ("third-quarter profit … a year ago").
    const bool anchorable = dct_ && ref_from_text_ && anchor_unit(unit);
    const bool later = is(e, "later") && anchorable;
    if ((is(e, "ago") || is(e, "earlier") || later) && !vague && n == std::floor(n)) {
      r->te = e + 1;
      // "three days later" moves the story on: the next anaphoric date counts from it; "ago" and
      // "earlier" compare ("profit rose from a year earlier") and leave the reference.
      r->ago = !later;
      r->relative = true;
      const int signed_n = later ? static_cast<int>(n) : -static_cast<int>(n);
      if (anchorable && unit == words::kYear && !later && period_ref_ &&
          (sentence_ <= period_sentence_ + 1 || period_is_ref())) {
        r->first = period_ref_->first;  // from the period compared
        std::swap(*ref_, *period_ref_);
        anchored(r, unit, signed_n, ref_->gran);
        std::swap(*ref_, *period_ref_);
        return true;
      }
      if (anchorable && !is(e, "ago") && (unit != words::kYear || ref_->gran == words::kYear || later)) {
        anchored(r, unit, signed_n, ref_->gran);
        return true;
      }
      if (!dct_) {
        set_period_unknown(*r, unit);
        return true;
      }
      uint8_t gran = unit;
      if (unit == words::kHour || unit == words::kMinute || unit == words::kSecond) gran = words::kDay;
      Date d = unit == words::kHour || unit == words::kMinute || unit == words::kSecond
                   ? (unit == words::kHour && n >= 24 ? dct_->plus_days(-static_cast<int>(n / 24)) : *dct_)
                   : shift(*dct_, unit, -static_cast<int>(n));
      set_period(*r, d, gran);
      r->type = TimeType::Date;
      return true;
    }
    // "a day" after "once", "twice", "three times", "per": a set.
    if (n == 1 && !plural && b == i && i > s_->tok_begin && (info(i).cls == W::A || is(i, "per")) &&
        (is(i - 1, "once") || is(i - 1, "twice") || is(i - 1, "times") ||
         doc_.tokens[i - 1].kind == TokenKind::Number ||
         words::lookup_token(doc_, i - 1).cls == W::Currency ||
         words::lookup_token(doc_, i - 1).cls == W::Percent ||
         words::lookup_token(doc_, i - 1).cls == W::Scale)) {
      set_duration(*r, 1, unit, false);
      r->type = TimeType::Set;
      return true;
    }
    set_duration(*r, n, unit, vague);
    return true;
  }
};

}  // namespace

void find_times(Document& doc, const timex::TimeTables* tables) {
  Finder f(doc, tables ? *tables : timex::default_time_tables());
  f.run();
}

}  // namespace sitrep
