// Events, pass 4: modality, dates, background. Input: candidates. Output: each
// candidate's modality (a negation, modal or future cue a few words before the
// trigger in its clause, or "if" earlier in the clause), its date (the time
// expression nearest the trigger in the sentence, else the paragraph's, else the
// published date with basis "published") and `background` (an explicit date more
// than a week before publication, or "which triggered …"). Cost: bounded scans.
#include "events/passes.h"
#include "events/pattern.h"

namespace sitrep::events {

namespace {

constexpr int kBackgroundDays = 7;

// The word classes of data/events/modality.rules this pass reads.
struct ModalityTag {};
enum ModalityClass : size_t {
  kProgressive,
  kSpanStop,
  kSpanPrep,
  kSince,
  kSpanUnit,
  kVagueCount,
  kPluralLead,
  kCaseNoun,
  kDenyStop,
  kDenyVerb,
  kDeniedObject,
  kDismissVerb,
  kAllegation,
  kClauseStop,
  kNegatedModal,
  kRefusalModal,
  kCannot,
  kWould,
  kRelative,
  kHypotheticalModal,
  kFutureModal,
  kTo,
  kExpected,
  kLikely,
  kCondition,
  kProtestWord,
  kGrievance,
  kChargeWord,
  kChargeLink,
  kChargeDet,
  kProspective,
  kReprisal,
  kReprisalLink,
  kModalityClasses
};
constexpr std::string_view kModalityClassNames =
    "modality-progressive modality-span-stop modality-span-prep modality-since modality-span-unit "
    "modality-vague-count modality-plural-lead modality-case-noun modality-deny-stop modality-deny-verb "
    "modality-denied-object "
    "modality-dismiss-verb modality-allegation modality-clause-stop modality-negated-modal "
    "modality-refusal-modal modality-cannot modality-would modality-relative modality-hypothetical-modal "
    "modality-future-modal modality-to modality-expected modality-likely modality-condition "
    "modality-protest-word modality-grievance modality-charge-word modality-charge-link modality-charge-det "
    "modality-prospective modality-reprisal modality-reprisal-link";

bool is(const Context& ctx, ModalityClass c, std::string_view w) {
  return pass_names<ModalityTag, kModalityClasses>(ctx, kModalityClassNames).has(c, w);
}
// is(ctx, c, ctx.w(tok)), read from the token's class bits.
bool is_at(const Context& ctx, ModalityClass c, size_t tok) {
  return pass_names<ModalityTag, kModalityClasses>(ctx, kModalityClassNames).has_at(c, ctx, tok);
}

bool is_old(const Context& ctx, const TimeRef& t) {
  const auto& pub = ctx.doc.meta.published;
  return pub && t.last && t.last->to_days() < pub->to_days() - kBackgroundDays;
}

void set_date(const Context& ctx, Cand& c, const TimeRef& t) {
  c.ev.date.start = t.first;
  c.ev.date.end = t.last;
  c.ev.date.precision = t.precision.empty() ? "unknown" : t.precision;
  c.ev.date.basis = t.relative ? "relative" : "explicit";
  const Sentence& s = ctx.doc.sentences[c.sent];
  bool here = t.tok_begin >= s.tok_begin && t.tok_end <= s.tok_end;
  c.ev.date.why.assign(
      1, rule_at(ctx, here ? "nearest-time-in-sentence" : "paragraph-date", t.tok_begin, t.tok_end));
}

// An event named as a protest's grievance ("protested against attacks that
// killed seven", "marched to denounce the killing of a student"): a protest
// word, then a grievance word, then the trigger, with no clause stop between
// the grievance and the trigger (a relative pronoun may stand there).
bool protest_grievance(const Context& ctx, const Cand& c, const Sentence& s) {
  constexpr size_t kReach = 14;
  const size_t lim = c.tb > s.tok_begin + kReach ? c.tb - kReach : s.tok_begin;
  for (size_t k = c.tb; k > lim; --k) {
    const size_t t = k - 1;
    if (is_clause_break(ctx, t) || is_at(ctx, kClauseStop, t)) return false;
    if (!is_at(ctx, kGrievance, t)) continue;
    for (size_t j = t; j > s.tok_begin && j + kReach > t; --j)
      if (is_at(ctx, kProtestWord, j - 1)) return true;
    return false;
  }
  return false;
}

// An act named as what someone is suspected, charged, accused or convicted of
// ("arrested six men on suspicion of rioting", "a man accused of killing a
// farmer", "charged with the murder of"): an earlier act, alleged; `charge`
// is set to the charge word's token.
bool charged_act(const Context& ctx, const Cand& c, const Sentence& s, size_t* charge) {
  size_t k = c.tb;
  for (int det = 0; det < 2 && k > s.tok_begin && is_at(ctx, kChargeDet, k - 1); ++det) --k;
  if (k < s.tok_begin + 2 || !is_at(ctx, kChargeLink, k - 1)) return false;
  // (The charge word right before the link, or before its object: "arrested
  // two men for the killing of".)
  for (size_t j = k - 1; j > s.tok_begin && k - 1 - j < 5; --j) {
    if (is_at(ctx, kChargeWord, j - 1)) {
      *charge = j - 1;
      return true;
    }
    if (is_clause_break(ctx, j - 1) || ctx.time_of_tok[j - 1] >= 0) return false;
  }
  return false;
}

// A habitual or generic mention, not one event: "has been fighting for more
// than 15 years", "has carried out scores of attacks this year" (a plural
// trigger counted vaguely, with no day of its own).
// Whether the sentence tells a count of casualties: a casualty word with a
// number within a few words of it ("killed at least 11", "three people were
// wounded").
bool counted_casualties(const Context& ctx, const Sentence& s) {
  for (size_t k = s.tok_begin; k < s.tok_end; ++k) {
    if (!ctx.cue_at(Cue::Casualty, k, s.tok_end)) continue;
    for (size_t j = k > s.tok_begin + 4 ? k - 4 : s.tok_begin; j < s.tok_end && j < k + 5; ++j)
      if (ctx.num_of_tok[j] >= 0 && ctx.time_of_tok[j] < 0) return true;
  }
  return false;
}

bool generic_mention(const Context& ctx, const Cand& c, const Sentence& s) {
  std::string_view verb = ctx.w(c.tb);
  if (!c.noun && c.tb >= s.tok_begin + 1 && is_at(ctx, kProgressive, c.tb - 1) && verb.size() > 4 &&
      verb.substr(verb.size() - 3) == "ing")  // a progressive ("have been demobilized since" is done)
    for (size_t k = c.te; k + 1 < s.tok_end && k < c.te + 6; ++k) {
      if (is_at(ctx, kSpanStop, k)) break;
      if (is_at(ctx, kSpanPrep, k)) {
        for (size_t j = k + 1; j < s.tok_end && j < k + 5; ++j)
          if (is_at(ctx, kSpanUnit, j)) return true;
        if (is_at(ctx, kSince, k)) return true;  // "has been fighting since 2011"
      }
    }
  std::string_view last = ctx.w(c.te - 1);
  // Counted acts are a tally of acts, not one: "700 political assassinations so
  // far this year", "more than 600 clashes", "4 murders ... since August" (a
  // count of two or more, or a vague one, before a plural event noun or "cases
  // of" one ("9 cases of torture") that has no day of its own; "two bombings on
  // Tuesday" stay events).
  bool counted_cases =
      c.tb >= s.tok_begin + 2 && ctx.w(c.tb - 1) == "of"sv && is_at(ctx, kCaseNoun, c.tb - 2);
  if (c.noun && !last.empty() && (last.back() == 's' || counted_cases) && c.ev.date.precision != "day")
    for (size_t k = c.tb; k > s.tok_begin && c.tb - k < 4; --k) {
      if (is_at(ctx, kVagueCount, k - 1)) return true;
      if (int n = ctx.num_of_tok[k - 1]; n >= 0 && ctx.nums[n].value >= 2) return true;
    }
  // A bare plural in a sentence without a date of a report that dates what it
  // tells ("terrorists who place bombs and engage in kidnappings", "daily
  // bombings"): a kind of act, not one event.
  // Protests in the plural are events ("arrested at protests"); so is an act
  // that sets the scene of another ("during clashes").
  std::string_view type = ctx.lex.triggers[c.def].type;
  if (c.noun && !last.empty() && last.back() == 's' && c.tb > s.tok_begin &&
      (type == "ASSAULT"sv || type == "COERCE"sv)) {
    std::string_view p = ctx.w(c.tb - 1);
    bool bare = !is(ctx, kPluralLead, p) && ctx.num_of_tok[c.tb - 1] < 0;
    bool dated = ctx.times.empty();  // a report that tells no date at all dates none of its events
    for (size_t k = s.tok_begin; k < s.tok_end && !dated; ++k) dated = ctx.time_of_tok[k] >= 0;
    // ("Israeli air strikes on Rafah killed at least 11 people overnight": acts
    // with a count of their dead are an event, dated or not.)
    const bool act = !(ctx.lex.triggers[c.def].flags & kCasualty);  // (not "deaths" itself)
    if (bare && !dated && !(act && counted_casualties(ctx, s))) return true;
  }
  return false;
}

// Whether a time dates the telling, right after a reporting verb ("officials
// said Monday", "told reporters on Tuesday", "announced on Friday"): the day
// the report was given, not the day of what it tells.
bool reporting_time(const Context& ctx, const TimeRef& t, size_t sb) {
  size_t p = t.tok_begin;
  if (p > sb && ctx.w(p - 1) == "on") --p;
  for (size_t j = p > sb + 3 ? p - 3 : sb; j < p; ++j)
    if (int n = ctx.cue_at(Cue::Report, j, p); n > 0 && j + static_cast<size_t>(n) == p) return true;
  return false;
}

// "Turkey denied that its jets had bombed the villages", "Hamas denied
// responsibility for the attack", "the army dismissed reports that …": a
// party denies the event told after it (its claim is disputed; the event is
// not negated, as others report it).
bool denied_before(const Context& ctx, size_t tb, size_t sb) {
  for (size_t k = tb; k > sb && tb - k < 10; --k) {
    if (is_at(ctx, kDenyStop, k - 1)) return false;
    if (is_at(ctx, kDenyVerb, k - 1)) return is_at(ctx, kDeniedObject, k);
    if (is_at(ctx, kDismissVerb, k - 1)) return is_at(ctx, kAllegation, k);
  }
  return false;
}

// One document's modality and dates: each candidate's modality from cues
// around its trigger, then its date (the nearest time in the sentence, else
// its paragraph's).
class ModalityPass {
 public:
  explicit ModalityPass(const Context& c);
  void run(Cand& c);

 private:
  const Context& ctx;
  const Document& doc;
  // Each paragraph's first recent date.
  std::vector<int> first_recent;
  // Per time: it dates the telling ("said Monday", reporting_time).
  std::vector<uint8_t> reporting_;

  std::string cues_before(Cand& c, const Sentence& s);
  void modal_after_noun(Cand& c, const Sentence& s, std::string& mod);
  void expected_to(Cand& c, const Sentence& s, std::string& mod);
  void purpose_infinitive(Cand& c, const Sentence& s, std::string& mod);
  void if_earlier(Cand& c, const Sentence& s, std::string& mod);
  void prospective_attribute(Cand& c, const Sentence& s, std::string& mod);
  void date(Cand& c, const Sentence& s);
};

// Each paragraph's first recent date (one pass over the times).
ModalityPass::ModalityPass(const Context& x)
    : ctx(x), doc(x.doc), first_recent(x.doc.paragraphs.size() + 1, -1), reporting_(x.times.size(), 0) {
  for (size_t k = 0; k < ctx.times.size(); ++k) {
    const TimeRef& t = ctx.times[k];
    if (t.tok_begin >= doc.tokens.size()) continue;
    const Sentence& ts = doc.sentences[doc.tokens[t.tok_begin].sentence];
    reporting_[k] = reporting_time(ctx, t, ts.tok_begin);
    if (is_old(ctx, t)) continue;
    // Not a dateline's date ("GOMA, April 11 (Reuters) -"): that dates the report.
    bool dateline = false;
    if (doc.tokens[ts.tok_begin].flags & kTokAllUpper)
      for (size_t j = t.tok_end; j + 1 < ts.tok_end && j < t.tok_end + 4 && !dateline; ++j)
        dateline = ctx.w(j) == ")" &&
                   (ctx.w(j + 1) == "-" || ctx.w(j + 1) == "--" || ctx.w(j + 1) == "\xe2\x80\x94");
    if (dateline || reporting_[k]) continue;
    uint32_t para = ts.paragraph;
    if (para < first_recent.size() && first_recent[para] < 0) first_recent[para] = static_cast<int>(k);
  }
}

void ModalityPass::run(Cand& c) {
  const Sentence& s = doc.sentences[c.sent];
  std::string mod = cues_before(c, s);
  // "would call for an inquiry into the murder of X": a modal before an act told
  // as known ("the murder of X", triggers.cc) is the other act's; the murder happened.
  if (c.known_act && (mod == "hypothetical"sv || mod == "future"sv))
    mod = "asserted", c.ev.why_modality.assign(1, rule_at(ctx, "known-act-is-real", c.tb, c.te));
  modal_after_noun(c, s, mod);
  expected_to(c, s, mod);
  purpose_infinitive(c, s, mod);
  if_earlier(c, s, mod);
  prospective_attribute(c, s, mod);
  c.ev.modality = mod;
  if (c.ev.why_modality.empty()) c.ev.why_modality.assign(1, Rule{"no-modality-cue", {}, 0, 0});
  if (denied_before(ctx, c.tb, s.tok_begin)) c.ev.claim = "disputed";
  date(c, s);
  for (size_t k = c.te; k < s.tok_end; ++k)
    if (ctx.cue_at(Cue::Background, k, s.tok_end)) c.ev.background = true;
  if (ctx.lex.triggers[c.def].type != "PROTEST"sv && protest_grievance(ctx, c, s)) c.ev.background = true;
  // The act of a charge is an earlier one, and not the doing of whoever
  // arrested or charged its suspect.
  if (size_t charge = 0; charged_act(ctx, c, s, &charge)) {
    c.ev.background = true;
    if (c.actor >= 0 && ctx.chunks[c.actor].e <= charge) c.actor = -1, c.actor_rule = nullptr;
  }
  c.generic = generic_mention(ctx, c, s);
}

// Modality: cues before the trigger, inside its clause.
std::string ModalityPass::cues_before(Cand& c, const Sentence& s) {
  std::string mod = "asserted";
  bool modal = false;
  size_t lim = c.tb > s.tok_begin + 7 ? c.tb - 7 : s.tok_begin;
  for (size_t k = c.tb; k > lim; --k) {
    size_t t = k - 1;
    std::string_view w = ctx.w(t);
    if (is_clause_break(ctx, t) || is_at(ctx, kClauseStop, t)) break;
    // A word of a date is no cue ("on 5 may 2020 workers protested": lower-case feeds).
    if (ctx.time_of_tok[t] >= 0 || month_beside_number(ctx, t)) continue;
    if (w.size() > 3 && w.substr(w.size() - 3) == "n't" && c.tb - t <= 4) {
      mod = "negated", c.ev.why_modality.assign(1, rule_at(ctx, "negated-contraction", t, t + 1));
      modal = modal || is_at(ctx, kNegatedModal, t);
      c.refusal = modal;
      break;
    }
    int n = 0;
    if ((n = ctx.cue_at(Cue::Negation, t, c.tb)) && c.tb - t <= 4) {
      mod = "negated", c.ev.why_modality.assign(1, cue_rule(ctx, Cue::Negation, t, t + n));
      if (t > s.tok_begin) {
        modal = modal || is_at(ctx, kRefusalModal, t - 1);
      }
      c.refusal = modal;
      break;
    }
    if (is_at(ctx, kCannot, t)) {
      mod = "negated", c.ev.why_modality.assign(1, rule_at(ctx, "cannot", t, t + 1));
      c.refusal = true;
      break;
    }
    if ((n = ctx.cue_at(Cue::Hypothetical, t, c.tb))) {
      // "said they would meet": future in reported speech, not a condition.
      bool reported = false;
      if (is_at(ctx, kWould, t))
        for (size_t r = s.tok_begin; r < t && !reported; ++r) reported = ctx.cue_at(Cue::Report, r, t) > 0;
      if (mod == "asserted")
        mod = reported ? "future" : "hypothetical",
        c.ev.why_modality.assign(1, cue_rule(ctx, Cue::Hypothetical, t, t + n));
      continue;
    }
    if ((n = ctx.cue_at(Cue::Future, t, c.tb))) {
      if (mod == "asserted")
        mod = "future", c.ev.why_modality.assign(1, cue_rule(ctx, Cue::Future, t, t + n));
      continue;
    }
  }
  return mod;
}

// "a planned protest", "the proposed general strike": an act a participle or
// adjective before its noun (up to one word apart) tells as still to come.
void ModalityPass::prospective_attribute(Cand& c, const Sentence& s, std::string& mod) {
  if (mod != "asserted"sv || !c.noun) return;
  for (size_t t = c.tb; t > s.tok_begin && t + 2 >= c.tb; --t) {
    if (is_clause_break(ctx, t - 1) || is_at(ctx, kClauseStop, t - 1)) return;
    if (is_at(ctx, kProspective, t - 1)) {
      mod = "future", c.ev.why_modality.assign(1, rule_at(ctx, "prospective-attributive", t - 1, c.te));
      return;
    }
  }
}

// "an attack on the port could come": a modal right after the noun phrase.
void ModalityPass::modal_after_noun(Cand& c, const Sentence& s, std::string& mod) {
  if (mod == "asserted" && c.noun) {
    for (size_t k = c.te; k < s.tok_end && k < c.te + 6; ++k) {
      std::string_view w = ctx.w(k);
      if (w == "," || w == "." || is_clause_break(ctx, k)) break;
      // "a demonstration against a plan that would cut pensions": the modal
      // of a relative clause is the plan's, not the event's.
      if (is_at(ctx, kRelative, k)) break;
      if (ctx.cue_at(Cue::Hypothetical, k, s.tok_end) && is_at(ctx, kHypotheticalModal, k)) {
        mod = "hypothetical", c.ev.why_modality.assign(1, rule_at(ctx, "modal-after-event-noun", k, k + 1));
        break;
      }
      if (is_at(ctx, kFutureModal, k)) {
        mod = "future", c.ev.why_modality.assign(1, rule_at(ctx, "modal-after-event-noun", k, k + 1));
        break;
      }
      if (is_be_form(ctx, w)) break;
    }
  }
}

// "talks (between the two sides) are expected to resume next week", "a
// vote is due to take place": the verb after the event's phrase.
void ModalityPass::expected_to(Cand& c, const Sentence& s, std::string& mod) {
  for (size_t k = c.te; mod == "asserted" && k + 2 < s.tok_end && k < c.te + 8; ++k) {
    std::string_view w = ctx.w(k);
    if (w == "," || w == "." || is_clause_break(ctx, k)) break;
    if (!is_be_form(ctx, w)) continue;
    std::string_view v = ctx.w(k + 1);
    if (is_at(ctx, kTo, k + 2)) {
      if (is(ctx, kExpected, v))
        mod = "future", c.ev.why_modality.assign(1, rule_at(ctx, "expected-to-after-event", k, k + 3));
      else if (is(ctx, kLikely, v))
        mod = "hypothetical", c.ev.why_modality.assign(1, rule_at(ctx, "expected-to-after-event", k, k + 3));
    }
    break;
  }
}

// "military aid to fight drug trafficking", "troops sent to attack the
// rebels": an act of force in a purpose infinitive has not happened (it has
// after "began to", "continued to": class aspect of cues.tsv). Protests are
// left alone ("gathered to protest" tells the protest).
void ModalityPass::purpose_infinitive(Cand& c, const Sentence& s, std::string& mod) {
  if (mod == "asserted" && !c.noun && c.tb >= s.tok_begin + 2 && is_at(ctx, kTo, c.tb - 1)) {
    std::string_view type = ctx.lex.triggers[c.def].type;
    bool force = type == "ASSAULT"sv || type == "COERCE"sv;
    bool aspect = false;
    for (size_t k = c.tb - 1; k > s.tok_begin && c.tb - 1 - k < 3 && !aspect; --k)
      aspect = ctx.cue_at(Cue::Aspect, k - 1, c.tb - 1) == static_cast<int>(c.tb - k);
    if (force && !aspect)
      mod = "hypothetical", c.ev.why_modality.assign(1, rule_at(ctx, "purpose-infinitive", c.tb - 1, c.te));
  }
}

// "if" anywhere earlier in the clause.
void ModalityPass::if_earlier(Cand& c, const Sentence& s, std::string& mod) {
  if (mod == "asserted") {
    for (size_t k = c.tb; k > s.tok_begin; --k) {
      std::string_view w = ctx.w(k - 1);
      if (is_clause_break(ctx, k - 1) || w == ";") break;
      if (is_at(ctx, kCondition, k - 1)) {
        mod = "hypothetical", c.ev.why_modality.assign(1, rule_at(ctx, "if-earlier-in-clause", k - 1, k));
        break;
      }
    }
  }
}

// Date: the nearest time expression in the sentence, after its dateline
// ("YANGON, Feb 14 (Reuters) -" dates the report, not the event), else the
// paragraph's (recent) date, else the publication date.
void ModalityPass::date(Cand& c, const Sentence& s) {
  int best = -1, reporting = -1;
  size_t best_d = SIZE_MAX;
  size_t body = s.tok_begin;
  if (body < doc.tokens.size() && (doc.tokens[body].flags & kTokAllUpper))
    for (size_t k = body + 2; k < s.tok_end && k < body + 16; ++k)
      if (ctx.w(k - 1) == ")" && (ctx.w(k) == "-" || ctx.w(k) == "--" || ctx.w(k) == "\xe2\x80\x94")) {
        body = c.tb >= k ? k + 1 : s.tok_begin;
        break;
      }
  // "the strikes were retaliation for an explosion … on Saturday": a time past
  // a reprisal's link dates the act the reprisal answers, not this one.
  size_t end = s.tok_end;
  for (size_t k = c.te; k + 1 < end; ++k)
    if (is_at(ctx, kReprisal, k) && is_at(ctx, kReprisalLink, k + 1)) end = k;
  for (size_t k = body; k < end; ++k) {
    int ti = ctx.time_of_tok[k];
    if (ti < 0) continue;
    // "…, state media said Monday": the day the report was told; the act's only
    // when the sentence gives no other.
    if (reporting_[static_cast<size_t>(ti)]) {
      if (reporting < 0) reporting = ti;
      k = ctx.times[ti].tok_end - 1;
      continue;
    }
    size_t d = k < c.tb ? c.tb - k : k - c.tb;
    // A date later in the sentence after a relative clause still counts; prefer the nearest.
    if (d < best_d) best_d = d, best = ti;
    k = ctx.times[ti].tok_end - 1;
  }
  c.told_time = reporting;
  if (best < 0 && reporting >= 0 && ctx.times[reporting].first) {
    // ("Police said Thursday that gunmen killed three": the act is dated by the
    // telling, loosely: a day told for the act elsewhere wins when they merge.)
    set_date(ctx, c, ctx.times[reporting]);
    c.ev.date.why.assign(
        1, rule_at(ctx, "reporting-day", ctx.times[reporting].tok_begin, ctx.times[reporting].tok_end));
    return;
  }
  // Else the paragraph's (recent) date, else that of the paragraph or two it
  // continues (never across a headline).
  for (uint32_t back = 0; best < 0 && back < 3 && back <= s.paragraph; ++back) {
    uint32_t para = s.paragraph - back;
    if (back > 0 && para < doc.paragraphs.size() && doc.paragraphs[para].headline) break;
    if (back > 0 && s.headline) break;
    if (para < first_recent.size()) best = first_recent[para];
    // (Not the answered act's time past the reprisal, in this sentence.)
    if (best >= 0 && back == 0 && ctx.times[best].tok_begin >= end && ctx.times[best].tok_begin < s.tok_end)
      best = -1;
  }
  if (best >= 0 && ctx.times[best].first) {
    set_date(ctx, c, ctx.times[best]);
    c.ev.background = is_old(ctx, ctx.times[best]);
  } else if (doc.meta.published) {
    c.ev.date.start = doc.meta.published;
    c.ev.date.end = doc.meta.published;
    c.ev.date.precision = "day";
    c.ev.date.basis = "published";
    c.ev.date.why.assign(1, Rule{"published-date", {}, 0, 0});
  }
}

}  // namespace

void assign_modality_and_dates(const Context& ctx, std::vector<Cand>& cands) {
  ModalityPass pass(ctx);
  for (Cand& c : cands) pass.run(c);
}

}  // namespace sitrep::events
