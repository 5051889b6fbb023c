// Events, pass 5: casualties, victims, materiel and tallies. Input: candidates
// and the Context's quantities. Output: casualty intervals on the assault told
// in the same sentence ("At least 37 Palestinians were killed" → killed 37/null,
// text "At least 37"), "deadly"/"fatal" → killed 1/null, "no one was hurt" →
// 0/0, victim categories, materiel ("destruction of two tanks"); a figure in a
// cumulative frame ("has led to the deaths of", "death toll", "since", a
// paragraph that began one) becomes a Tally (as_of the published date, since
// the stated or the paragraph's earliest background date) and never an event's
// casualties; targets and weapons (cues.tsv classes target/weapon: "a police
// station", "AK-47 rifles") on the sentence's nearest violent event. Deaths
// told without a figure count their people: a body found ("the body of a
// man"), a victim told by manner or later ("beat a man to death", "was
// stabbed … and later died"), a subject with more words before its verb ("a
// man driving a car was shot dead", "Five policemen escorting a bus have been
// killed"); another source's figure ("other sources report …", cues.tsv class
// death) widens the figure told before instead of adding dead. The phrase
// grammar and word lists are data/events/casualties.rules (pattern.h); this
// file keeps the counting and the choice of event: `CasualtyPass` reads one
// sentence at a time (its frame, each casualty word's figure, then
// adjectives, victim categories, materiel, targets and weapons). Cost: one
// scan per sentence.
#include <algorithm>
#include <cstring>

#include "events/passes.h"
#include "events/pattern.h"

namespace sitrep::events {

namespace {

// The word classes and rule uses of data/events/casualties.rules this pass
// reads, in the order of their names below (pass_names looks them up once per
// rule set and thread). The *_word classes hold one word each, named after it:
// the literal words the code tests.
struct CasualtyTag {};
namespace cr {
enum Class : size_t {
  unit,
  currency,
  np_end,
  list_stop,
  determiner,
  outcome_verb,
  clause_opener,
  list_opener,
  comma_verb,
  later,
  beside,
  no_object,
  object_verb,
  article,
  passive_be,
  aux,
  governing,
  one_det,
  person_stop,
  head_det,
  head_opener,
  name_stop,
  count_adverb,
  subject_stop,
  head_stop,
  body_det,
  list_det,
  pronoun_one,
  kin_det,
  death_adverb,
  have,
  be_form,
  victim_adverb,
  he_she,
  definite_person_det,
  plural_pronoun,
  figure_stop,
  people_plural,
  active_verb,
  reflexive,
  more,
  casualty_noun,
  definite_attack,
  aside_opener,
  intransitive_death,
  subject_death,
  object_death,
  leave,
  victims_noun,
  toll_start,
  restating_noun,
  and_word,
  of_word,
  in_word,
  by_word,
  from_word,
  or_word,
  including_word,
  which_word,
  that_word,
  when_word,
  to_word,
  the_word,
  a_word,
  an_word,
  one_word,
  another_word,
  his_word,
  her_word,
  were_word,
  was_word,
  been_word,
  others_word,
  shot_word,
  hit_word,
  struck_word,
  cut_word,
  head_word,
  children_word,
  famil_word,
  dead_word,
  other_person,
  instrument_prep,
  attacker_verb,
  disaster_frame,
  reflexive_plural,
  only_word,
  kClasses
};
enum Use : size_t {
  tally_frame,
  since,
  tally_place,
  no_death,
  none,
  figure_after,
  killed_adjective,
  figure_far_after,
  figure_far_before,
  outcome_death,
  count_aside,
  list_joiner,
  not_a_count,
  kUses
};
}  // namespace cr

// Their names in the rules file, in the order of the enums above.
constexpr std::string_view kClassNames =
    "unit currency np-end list-stop determiner outcome-verb clause-opener list-opener comma-verb later "
    "beside no-object object-verb article passive-be aux governing one-det person-stop head-det "
    "head-opener name-stop count-adverb subject-stop head-stop body-det list-det pronoun-one kin-det "
    "death-adverb have be-form victim-adverb he-she definite-person-det plural-pronoun figure-stop "
    "people-plural "
    "active-verb reflexive more casualty-noun definite-attack aside-opener intransitive-death "
    "subject-death object-death leave victims-noun toll-start restating-noun "
    "and-word of-word in-word by-word from-word or-word including-word which-word that-word when-word "
    "to-word "
    "the-word a-word an-word one-word another-word his-word her-word were-word was-word been-word "
    "others-word shot-word hit-word struck-word cut-word head-word children-word famil-word dead-word "
    "other-person instrument-prep attacker-verb disaster-frame reflexive-plural only-word";
constexpr std::string_view kUseNames =
    "tally-frame since tally-place no-death none figure-after killed-adjective figure-far-after "
    "figure-far-before outcome-death count-aside list-joiner not-a-count";
using CasualtyRules = PassNames<CasualtyTag, cr::kClasses, cr::kUses>;

const CasualtyRules& rules_of(const Context& ctx) {
  return pass_names<CasualtyTag, cr::kClasses, cr::kUses>(ctx, kClassNames, kUseNames);
}

// Whether a rule of `use` matches exactly the tokens [b, e) (sets *m).
bool rule_over(const Context& ctx, int use, size_t b, size_t e, PatMatch* m = nullptr) {
  PatMatch x;
  return rules_of(ctx).set->match_at(ctx, use, b, e, m ? *m : x, true);
}

// A rule's record for --explain: its name over the words it matched.
Rule pattern_rule(const Context& ctx, const PatMatch& m) {
  return rule_at(ctx, rules_of(ctx).set->rule(m.rule).name, m.b, m.e);
}

Interval interval_of(const Context& ctx, const Num& q) {
  Interval v;
  v.low = q.low;
  v.high = q.high;
  v.approx = q.approx;
  v.text = std::string(ctx.doc.view(ctx.doc.tokens[q.tok_begin].start, ctx.doc.tokens[q.tok_end - 1].end));
  return v;
}

std::optional<Interval>* slot(Casualties& c, std::string_view metric) {
  if (metric == "killed"sv) return &c.killed;
  if (metric == "injured"sv) return &c.injured;
  if (metric == "missing"sv) return &c.missing;
  if (metric == "arrested"sv) return &c.arrested;
  if (metric == "displaced"sv) return &c.displaced;
  return nullptr;
}

// The quantity a casualty word at [k, k+n) reads from: before it ("37
// Palestinians were killed", "100 others injured") or after it ("the deaths of
// 9,770", "killing at least 12").
bool person_noun(const Context& ctx, std::string_view w);

// Money, measures, spans of time and animals are no head counts.
bool not_a_count(const Context& ctx, const Num& q) {
  std::string_view before = q.tok_begin > 0 ? ctx.w(q.tok_begin - 1) : std::string_view();
  std::string_view after = ctx.w(q.tok_end);
  const CasualtyRules& R = rules_of(ctx);
  if (R.has(cr::currency, before)) return true;
  std::string_view first = ctx.w(q.tok_begin);
  if (!first.empty() && (first[0] == '$' || first.rfind("\xe2\x82\xac", 0) == 0)) return true;
  if (R.has(cr::unit, after)) return true;
  // "Pablo Pelaez, 45, a former mayor": an age in apposition (casualties.rules, use not-a-count).
  if (q.tok_begin >= 2 && R.set->matches_at(ctx, R.use[cr::not_a_count], q.tok_begin - 2,
                                            std::min<size_t>(q.tok_end + 2, ctx.low.size())))
    return true;
  // "murdered at 1620 this afternoon": a 24-hour clock time (wire style), no head count.
  if (before == "at"sv && q.tok_end == q.tok_begin + 1 && first.size() == 4 && q.low && *q.low <= 2359 &&
      *q.low % 100 < 60 &&
      std::all_of(first.begin(), first.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return true;
  // "two cows were killed", "12 head of cattle": animals are no human dead; nor
  // weapons and materiel ("killed when 2 unexploded bombs exploded", "3 vehicles").
  // "cattle breeder(s)", "cattle herdsmen", "cattle thieves", "camel rustlers": a person noun
  // (singular or plural) or a party after the animal heads the phrase.
  auto person_after = [&](size_t t) {
    if (t >= ctx.low.size()) return false;
    if (ctx.cue_at(Cue::Party, t, t + 1) || ctx.cue_at(Cue::Victim, t, t + 1)) return true;
    std::string_view w = ctx.w(t);
    if (person_noun(ctx, w)) return true;
    std::string one(w);  // the singular of a regular or an -f plural ("thieves" -> "thief")
    if (one.ends_with("ves"))
      one.replace(one.size() - 3, 3, "f");
    else if (one.ends_with("ies"))
      one.replace(one.size() - 3, 3, "y");
    else if (one.ends_with("s"))
      one.pop_back();
    return person_noun(ctx, one) || one.ends_with("er") || one.ends_with("man") || one.ends_with("men");
  };
  for (size_t t = q.tok_end; t < q.tok_end + 3 && t < ctx.low.size(); ++t)
    if (ctx.cue_at(Cue::Animal, t, t + 1) || ctx.cue_at(Cue::Weapon, t, t + 1) ||
        ctx.cue_at(Cue::Materiel, t, t + 1))
      return !person_after(t + 1) && !person_after(t + 2);  // ("tank crew members")
    else if (!R.has_at(cr::head_word, ctx, t) && !R.has_at(cr::of_word, ctx, t) &&
             (t > q.tok_end || ctx.doc.tokens[t].kind != TokenKind::Word))
      break;
  return false;
}

// "13 peacekeepers from South Africa and Malawi were killed": the figure
// before a head noun and its "from …" phrase that ends at token t.
int number_before_from(const Context& ctx, size_t t, size_t sb, const std::vector<bool>& used) {
  const CasualtyRules& R = rules_of(ctx);
  for (size_t m = t; m > sb + 1 && t - m < 8; --m) {
    std::string_view w = ctx.w(m);
    if (w == "." || w == ";" || R.has(cr::were_word, w) || R.has(cr::was_word, w)) return -1;
    if (!R.has(cr::from_word, w)) continue;
    // NUM NOUN from, NUM ADJ NOUN from
    for (size_t back = 2; back <= 3 && m >= sb + back; ++back)
      if (int q = ctx.num_of_tok[m - back]; q >= 0) return used[q] || not_a_count(ctx, ctx.nums[q]) ? -1 : q;
    return -1;
  }
  return -1;
}

// A past participle ("shot", "stabbed", "beaten"): a verb joined to a casualty word.
bool participle(const CasualtyRules& R, std::string_view w) {
  bool ed = w.size() > 3 && w.substr(w.size() - 2) == "ed";
  bool en = w.size() > 4 && w.substr(w.size() - 2) == "en";
  return ed || en || R.has(cr::shot_word, w) || R.has(cr::hit_word, w) || R.has(cr::struck_word, w) ||
         R.has(cr::cut_word, w);
}

// Between the comma at t and the casualty word at k only be-forms and
// adverbs ("…, was killed", "…, were reportedly killed"): false; else true.
bool past_noun_after_comma(const Context& ctx, size_t t, size_t k) {
  const CasualtyRules& R = rules_of(ctx);
  for (size_t a = t + 1; a < k; ++a)
    if (!R.has_at(cr::comma_verb, ctx, a)) return true;
  return false;
}

// A figure-far rule over the casualty word [k, k+n) ("the death toll … has
// risen to", "the number of people killed … rose to"): its figure may come up
// to 14 words on. Sets *m to the match.
bool figure_far(const Context& ctx, size_t k, size_t n, size_t sb, size_t se, PatMatch* m = nullptr) {
  const CasualtyRules& R = rules_of(ctx);
  PatMatch x;
  PatMatch& mm = m ? *m : x;
  if (R.set->match_at(ctx, R.use[cr::figure_far_after], k, se, mm)) return true;
  for (size_t j = k; j > sb && k - j < 3; --j)
    if (rule_over(ctx, R.use[cr::figure_far_before], j - 1, k + n, &mm)) return true;
  return false;
}

// A definite object right after an active casualty verb ending before t:
// "the pastoralist", "his brother", a person's name; not a time ("the next day").
bool definite_object_after(const Context& ctx, size_t t, size_t se) {
  const CasualtyRules& R = rules_of(ctx);
  if (t >= se || t == 0 || !R.has_at(cr::object_verb, ctx, t - 1)) return false;
  if (int c = ctx.chunk_of_tok[t]; c >= 0 && ctx.chunks[c].kind == ChunkKind::Person) return true;
  return R.has_at(cr::definite_person_det, ctx, t) && t + 1 < se && ctx.time_of_tok[t + 1] < 0 &&
         ctx.time_of_tok[t] < 0 && ctx.doc.tokens[t + 1].kind == TokenKind::Word;
}

int number_for(const Context& ctx, size_t k, size_t n, size_t sb, size_t se, const std::vector<bool>& used) {
  const CasualtyRules& R = rules_of(ctx);
  bool past_noun = false;  // a word other than a be-form or adverb was passed
  bool passive = false;    // "were" / "was" / "been" was passed
  // "Thousands protested the death of …", "arrested over the killing": a
  // definite death noun has its count after it or none ("the deaths of 9").
  bool definite_noun = k > sb && rule_over(ctx, rules_of(ctx).use[cr::figure_after], k - 1, k + 1);
  // "3 civilians including a former military commander were kidnapped and
  // killed": the words from "including" to the verb cost no step.
  size_t from = k;
  for (size_t t = k; !definite_noun && t > sb + 1 && k - t < 12; --t) {
    std::string_view w = ctx.w(t - 1);
    // (An aside with figures of its own is a list: "21 militants including 2 commanders and 4 soldiers".)
    if (w == "," || w == "." || w == ";" || w == "(" || w == ")" || ctx.num_of_tok[t - 1] >= 0 ||
        (t - 1 != k && ctx.cue_at(Cue::Casualty, t - 1, k)))
      break;
    if (R.has(cr::including_word, w)) {
      from = t;  // the loop's first token is "including"
      for (size_t a = t; a < k; ++a)
        passive |= R.has_at(cr::were_word, ctx, a) || R.has_at(cr::was_word, ctx, a);
      past_noun = true;
      break;
    }
  }
  for (size_t j = definite_noun ? sb : from, steps = 0; j > sb && steps < 6; --j, ++steps) {
    size_t t = j - 1;
    std::string_view w = ctx.w(t);
    // "30 State of Sinai militants were killed": a name modifying the noun is one word.
    if (int ci = ctx.chunk_of_tok[t]; ci >= 0 && ctx.chunks[ci].kind != ChunkKind::Nominal &&
                                      ctx.chunks[ci].kind != ChunkKind::Place && ctx.chunks[ci].b + 1 < j &&
                                      ctx.chunks[ci].b > sb && ctx.num_of_tok[t] < 0) {
      j = ctx.chunks[ci].b + 1;  // the loop's --j moves to the name's first word
      past_noun = true;
      continue;
    }
    // "3 policemen (2 according to Taliban sources) were killed": skip the aside.
    if (w == ")") {
      size_t m = t;
      while (m > sb && t - m < 12 && ctx.w(m) != "(") --m;
      if (ctx.w(m) == "(" && m > sb) {
        j = m + 1;               // the loop's --j moves before the "("
        if (steps > 0) --steps;  // (an aside costs no step)
        continue;
      }
    }
    // "4 Taliban militants including a commander were killed": the count is before the aside.
    if (R.set->matches_at(ctx, R.use[cr::count_aside], t, k)) {
      j = t + 1;
      steps = 0;
      continue;
    }
    // Another clause's casualty word: "two were wounded and civilians were killed".
    if (ctx.cue_at(Cue::Casualty, t, k) && t + 1 < k) break;
    // "1 fighter was shot and killed": two verbs of one clause.
    if (R.has(cr::and_word, w) && !past_noun && t > sb && participle(R, ctx.w(t - 1))) {
      if (steps > 0) --steps;
      j = t;  // ("were kidnapped and killed": the first verb costs no step either)
      continue;
    }
    // "25 soldiers and policemen were killed", "1 scholar and teacher was killed":
    // nouns joined by "and" with no figure or article after it are one group.
    if (R.has(cr::and_word, w) && past_noun && t + 1 < k && ctx.num_of_tok[t + 1] < 0 &&
        !R.has_at(cr::article, ctx, t + 1) && !R.has_at(cr::the_word, ctx, t + 1) && t > sb &&
        ctx.num_of_tok[t - 1] < 0) {
      if (steps > 0) --steps;
      continue;
    }
    if (!R.has(cr::aux, w)) past_noun = true;
    if (R.has(cr::passive_be, w)) passive = true;
    if (int q = ctx.num_of_tok[t]; q >= 0) {
      // "a man accused of stealing 11 goats was beaten to death": a gerund's object is no head count.
      // (Not "leaving 2 dead": a gerund after "of / for / after / by / while / from".)
      if (size_t qb = ctx.nums[q].tok_begin; qb > sb + 1) {
        std::string_view pw = ctx.w(qb - 1), ppw = ctx.w(qb - 2);
        bool governed = R.has(cr::governing, ppw);
        if (governed && pw.size() > 4 && pw.substr(pw.size() - 3) == "ing" &&
            !ctx.cue_at(Cue::Casualty, qb - 1, qb))
          return -1;
      }
      // "Four members of one family": the head count is before "of".
      size_t b = ctx.nums[q].tok_begin;
      if (b > sb + 1 && R.has_at(cr::of_word, ctx, b - 1))
        for (size_t a = b - 1; a > sb && b - 1 - a < 3; --a)
          if (int q2 = ctx.num_of_tok[a - 1]; q2 >= 0) {
            q = q2;
            break;
          }
      // ("2 bombs planted by rebels killed 3 soldiers": no head count before; the one after.)
      if (!used[q] && not_a_count(ctx, ctx.nums[q])) break;
      // "several farmers killed the pastoralist": an active verb with a definite
      // object after it; the figure counts its subject.
      if (!passive && definite_object_after(ctx, k + n, se)) return -1;
      // "two men beat a woman to death": an object between the verb and "to death"; the
      // figure counts the subject.
      if (!passive && R.has_at(cr::to_word, ctx, k))
        for (size_t a = ctx.nums[q].tok_end + 1; a < k; ++a)
          if (R.has_at(cr::article, ctx, a) || R.has_at(cr::definite_person_det, ctx, a)) return -1;
      return used[q] ? -1 : q;
    }
    if (R.has(cr::and_word, w) || w == "," || R.has(cr::of_word, w)) {
      if (int q = number_before_from(ctx, t, sb, used); q >= 0) return q;
    }
    // "four of his bodyguards were killed": the count before "of".
    if (R.has(cr::of_word, w) && t > sb)
      if (int q = ctx.num_of_tok[t - 1]; q >= 0) return used[q] || not_a_count(ctx, ctx.nums[q]) ? -1 : q;
    // "2 members of the regime's intelligence were killed": NUM NOUN of ….
    // (Only before a passive: in "100 residents of X lynched two men" the figure is the subject's.)
    // (Also one person: "1 resident of Garin Goje was killed".)
    if (R.has(cr::of_word, w) && t > sb + 1 && passive && ctx.num_of_tok[t - 1] < 0 &&
        ctx.w(t - 1).size() > 3 && (ctx.w(t - 1).back() == 's' || person_noun(ctx, ctx.w(t - 1))))
      if (int q = ctx.num_of_tok[t - 2]; q >= 0 && ctx.nums[q].tok_end == t - 1)
        return used[q] || not_a_count(ctx, ctx.nums[q]) ? -1 : q;
    // "Five Palestinians, including two children, were killed": skip the aside.
    if (w == "," && t > sb) {
      size_t m = t;
      while (m > sb && t - m < 10 && ctx.w(m - 1) != ",") --m;
      if (m > sb && t - m < 10 && R.has_at(cr::aside_opener, ctx, m)) {
        j = m;  // the loop's --j moves before the opening comma
        continue;
      }
      // "1 civilian, a tribal elder, was killed", "1 civilian, working as a
      // cook, was killed": an apposition right before the verb, after a counted noun.
      bool clean = m > sb + 2 && t - m < 10 && !past_noun_after_comma(ctx, t, k);
      for (size_t a = m; clean && a < t; ++a)
        clean = ctx.num_of_tok[a] < 0 && !ctx.cue_at(Cue::Casualty, a, t);
      if (clean && (ctx.num_of_tok[m - 2] >= 0 || (m > sb + 3 && ctx.num_of_tok[m - 3] >= 0))) {
        j = m;
        continue;
      }
    }
    if (w == "," || w == "." || w == ";" || R.has(cr::and_word, w) || R.has(cr::in_word, w) ||
        R.has(cr::of_word, w))
      break;
  }
  // "the death toll … has risen to 12,000": the figure comes further on.
  // (Also "bringing the total killed since the coup to 180", "the number of
  // people killed in the attack rose to 31".)
  size_t ahead = figure_far(ctx, k, n, sb, se) ? 14 : 4;
  for (size_t t = k + n, steps = 0; t < se && steps < ahead; ++t, ++steps) {
    // "shot dead by 4 men", "killed by five attackers": the figure counts the perpetrators.
    if (int q = ctx.num_of_tok[t]; q >= 0)
      return used[q] || not_a_count(ctx, ctx.nums[q]) || R.has_at(cr::by_word, ctx, t - 1) ? -1 : q;
    std::string_view w = ctx.w(t);
    // "A soldier was killed and two others were wounded": the next clause's figure.
    bool self = t > 0 && (R.has_at(cr::reflexive, ctx, t - 1) ||
                          R.has_at(cr::reflexive_plural, ctx, t - 1));  // "himself and seven others"
    if (R.has(cr::figure_stop, w) || (R.has(cr::and_word, w) && !self)) break;
  }
  return -1;
}

// A verb that introduces an outcome ("resulting in the death of", "which
// led to 2 fatalities").
bool outcome_verb(const Context& ctx, std::string_view v) { return rules_of(ctx).has(cr::outcome_verb, v); }

bool is_determiner_word(const Context& ctx, std::string_view w) {
  return rules_of(ctx).has(cr::determiner, w);
}

// One person named as the victim: "killed a 67-year-old man", "shot dead a
// protester", "A soldier was killed", "an Israeli woman died".
bool person_noun(const Context& ctx, std::string_view w) {
  if (ctx.lex.cue(Cue::Person).has(w)) return true;
  // A hyphenated compound is the person its last part names ("sub-inspector", "ex-soldier").
  size_t h = w.rfind('-');
  return h != std::string_view::npos && h > 0 && h + 2 < w.size() &&
         ctx.lex.cue(Cue::Person).has(w.substr(h + 1));
}

// A be-form or stop that ends a subject's phrase at token p; not one right after a
// determiner, where it is a name ("an IS leader", "the IS fighters", lower case alike).
bool subject_stop_at(const Context& ctx, size_t p, size_t sb) {
  const CasualtyRules& R = rules_of(ctx);
  if (!R.has_at(cr::subject_stop, ctx, p)) return false;
  return !(p > sb && ctx.w(p).size() > 1 && R.has_at(cr::determiner, ctx, p - 1));
}

// The noun phrase before token t ends at t: t is the end, a preposition, a
// clause word or punctuation.
bool doc_word_ends_np(const Context& ctx, size_t t, size_t end) {
  if (t >= end) return true;
  return rules_of(ctx).has_at(cr::np_end, ctx, t);
}

// [a|an|the|her|his] [≤ 3 modifiers] PERSON starting at token b (before
// `end`): the noun's index, or 0.
size_t singular_person_at(const Context& ctx, size_t b, size_t end, bool any_noun = false) {
  const CasualtyRules& R = rules_of(ctx);
  // "a man", "an elderly woman"; "her husband", "his son" (one relative).
  std::string_view det = b < end ? ctx.w(b) : std::string_view();
  // ("another soldier": one more person.)
  if (!R.has(cr::one_det, det)) return 0;
  for (size_t t = b + 1; t < end && t <= b + 4; ++t) {
    std::string_view w = ctx.w(t);
    if (person_noun(ctx, w)) {
      // "a man's body" is a man, "a soldiers' …" no singular; "a man and …" handled by the caller.
      // ("a civilian woman", "a police officer": the last of the nouns.)
      while (t + 1 < end && person_noun(ctx, ctx.w(t + 1))) ++t;
      return t;
    }
    // Whom a killing verb names is a person of some kind ("killed a real estate
    // agent", "assassinated an economic operator", "a jawan was killed"): the
    // noun before the phrase ends.
    if (any_noun && R.has(cr::article, det) && t > b + 1 && doc_word_ends_np(ctx, t, end))
      return ctx.cue_at(Cue::Animal, t - 1, t) ? 0 : t - 1;  // ("killed an ox": no person)
    if (R.has(cr::person_stop, w)) return 0;
    // ("a second man": an ordinal of one more, no count.)
    if (ctx.num_of_tok[t] >= 0 && ctx.w(t).find("year") == std::string_view::npos && !R.has(cr::more, w))
      return 0;  // "a 67-year-old" is fine
  }
  // "a jawan was killed": the phrase ran up to the casualty words.
  if (any_noun && R.has(cr::article, det) && end > b + 1 && end <= b + 5) return end - 1;
  return 0;
}

// "the commander and NUM …": one person named before the figure and joined
// to it by "and"; returns the first token of that person's phrase, or SIZE_MAX.
size_t person_and_before(const Context& ctx, size_t num_b, size_t sb) {
  const CasualtyRules& R = rules_of(ctx);
  if (num_b < sb + 3 || !R.has_at(cr::and_word, ctx, num_b - 1) || !person_noun(ctx, ctx.w(num_b - 2)))
    return SIZE_MAX;
  for (size_t b = num_b - 2; b > sb && num_b - 2 - b < 4; --b) {
    std::string_view w = ctx.w(b - 1);
    if (R.has(cr::head_det, w)) {
      size_t d = b - 1;
      // Only at the head of its clause: "The commander and …", "…, said the commander and …" is not.
      std::string_view o = d > sb ? ctx.w(d - 1) : std::string_view();
      bool opens = d == sb || R.has(cr::head_opener, o);
      return opens ? d : SIZE_MAX;
    }
    // (Names may modify the noun: "an Indian army officer and two soldiers".)
    if (ctx.num_of_tok[b - 1] >= 0 || ctx.w(b - 1) == "," || R.has_at(cr::and_word, ctx, b - 1))
      return SIZE_MAX;
    if (int ci = ctx.chunk_of_tok[b - 1]; ci >= 0 && ctx.chunks[ci].kind == ChunkKind::Person)
      return SIZE_MAX;
  }
  return SIZE_MAX;
}

// After a figure and its noun ("10 police officers"), "and their driver" /
// "and a civilian": the end of that one more person, or 0.
size_t person_and_after(const Context& ctx, size_t t, size_t se) {
  const CasualtyRules& R = rules_of(ctx);
  for (size_t steps = 0; t < se && steps < 3 && !R.has_at(cr::and_word, ctx, t); ++t, ++steps) {
    std::string_view w = ctx.w(t);
    // ("Two men died and an officer was injured": the figure's own verb ends its phrase.)
    if (w == "," || w == "." || R.has(cr::of_word, w) || R.has(cr::in_word, w) || R.has(cr::were_word, w) ||
        R.has(cr::was_word, w) || ctx.num_of_tok[t] >= 0 || ctx.cue_at(Cue::Casualty, t, t + 1))
      return 0;
  }
  if (t + 2 >= se || !R.has_at(cr::and_word, ctx, t)) return 0;
  std::string_view det = ctx.w(t + 1);
  if (!R.has(cr::kin_det, det) && !R.has(cr::article, det)) return 0;
  if (!person_noun(ctx, ctx.w(t + 2))) return 0;
  return t + 3;
}

// A person named at token b, after up to `titles` words of title ("militia
// commander Yusuf Barre", "Hamas leader X"): the name's last token, or 0.
size_t named_person_at(const Context& ctx, size_t b, size_t end, size_t titles) {
  const CasualtyRules& R = rules_of(ctx);
  for (size_t t = b; t < end && t <= b + titles; ++t) {
    if (int ci = ctx.chunk_of_tok[t];
        ci >= 0 && ctx.chunks[ci].kind == ChunkKind::Person && ctx.chunks[ci].b == t) {
      // "opposition lawmaker Ana Ruiz": a title mention, then the name of the same person.
      size_t e = ctx.chunks[ci].e;
      if (int nx = e < end ? ctx.chunk_of_tok[e] : -1; nx >= 0 && ctx.chunks[nx].kind == ChunkKind::Person &&
                                                       ctx.chunks[nx].b == e && ctx.chunks[nx].entity >= 0 &&
                                                       ctx.chunks[nx].entity == ctx.chunks[ci].entity)
        e = ctx.chunks[nx].e;
      return e - 1;
    }
    std::string_view w = ctx.w(t);
    if (R.has(cr::name_stop, w) || ctx.num_of_tok[t] >= 0) return 0;
  }
  return 0;
}

// One victim starting at token b: "a man", "the mayor", "commander X"; its last token, or 0.
size_t one_victim_at(const Context& ctx, size_t b, size_t end, size_t titles, bool any_noun = false) {
  if (size_t noun = singular_person_at(ctx, b, end, any_noun)) return noun;
  return named_person_at(ctx, b, end, titles);
}

// A plural noun naming people: a victim or party noun, or the plural of a
// person noun ("men", "policemen", "farmers").
bool people_noun(const Context& ctx, std::string_view w) {
  if (ctx.lex.cue(Cue::Victim).has(w) || ctx.lex.cue(Cue::Party).has(w)) return true;
  if (w.size() > 3 && w.size() < 64 && w.ends_with("men")) {  // "policemen" → "policeman", no allocation
    char one[64];
    std::memcpy(one, w.data(), w.size());
    one[w.size() - 2] = 'a';
    return person_noun(ctx, std::string_view(one, w.size()));
  }
  return w.size() > 2 && w.ends_with("s") && person_noun(ctx, w.substr(0, w.size() - 1));
}

// A counted group told with more words before its passive verb or "died" at
// k: "Five policemen escorting a bus have been killed", "nine fighters from
// the X Brigade (military police) were reported killed", "five members of the
// CV (Red Command) died". The figure opens the sentence or a clause after a
// comma and a noun naming people follows it within five words; no be-form of
// another clause, casualty word or other count lies between. The figure's
// index, or -1.
int long_count(const Context& ctx, size_t k, size_t sb, const std::vector<bool>& used) {
  const CasualtyRules& R = rules_of(ctx);
  size_t v = k;
  bool passive = R.has_at(cr::intransitive_death, ctx, k);
  while (v > sb) {
    std::string_view w = ctx.w(v - 1);
    if (R.has(cr::were_word, w) || R.has(cr::been_word, w))
      passive = true;
    else if (!R.has(cr::count_adverb, w))
      break;
    --v;
  }
  if (!passive) return -1;
  // "29 soldiers … were killed and wounded": one figure for both, no dead count.
  if (std::string_view nx = ctx.w(k + 1); R.has(cr::and_word, nx) || R.has(cr::or_word, nx) || nx == ",") {
    int cv = 0;
    if (ctx.cue_at(Cue::Casualty, k + 2, k + 3, &cv) && ctx.lex.cue_value(cv) != "killed"sv) return -1;
  }
  for (size_t t = v; t > sb && v - t < 24; --t) {
    size_t p = t - 1;
    std::string_view w = ctx.w(p);
    if (w == ")") {  // over an aside
      size_t m = p;
      while (m > sb && p - m < 12 && ctx.w(m) != "(") --m;
      if (ctx.w(m) != "(" || m == sb) return -1;
      t = m + 1;
      continue;
    }
    if (subject_stop_at(ctx, p, sb) || ctx.cue_at(Cue::Casualty, p, v)) return -1;
    int qi = ctx.num_of_tok[p];
    if (qi < 0 || ctx.time_of_tok[p] >= 0) continue;
    const Num& q = ctx.nums[qi];
    size_t b = q.tok_begin;
    bool opens = b == sb || ctx.w(b - 1) == "," || R.has_at(cr::that_word, ctx, b - 1) ||
                 R.has_at(cr::when_word, ctx, b - 1);
    if (!opens || used[qi] || not_a_count(ctx, q) || !q.low) return -1;
    // (A name among the modifiers counts as one word, whatever it holds: "30 alleged
    // State of Sinai militants".)
    for (size_t h = q.tok_end, n = 0; h < v && n < 5; ++h, ++n) {
      if (int c = ctx.chunk_of_tok[h];
          c >= 0 && ctx.chunks[c].kind != ChunkKind::Nominal && ctx.chunks[c].b == h && ctx.chunks[c].e < v) {
        h = ctx.chunks[c].e - 1;
        continue;
      }
      std::string_view hw = ctx.w(h);
      bool of_name = R.has(cr::of_word, hw) && h > q.tok_end && h + 1 < v && ctx.chunk_of_tok[h + 1] >= 0 &&
                     ctx.chunks[ctx.chunk_of_tok[h + 1]].kind != ChunkKind::Nominal;
      if (R.has(cr::head_stop, hw) && !of_name) break;
      if (people_noun(ctx, hw)) return qi;
    }
    // ("five members of the CV": the group's noun before "of".)
    if (q.tok_end + 1 < v && R.has_at(cr::of_word, ctx, q.tok_end + 1) && ctx.w(q.tok_end).size() > 3 &&
        ctx.w(q.tok_end).back() == 's')
      return qi;
    return -1;
  }
  return -1;
}

// A counted group ending at `end` ("four men" before "and a woman"): the
// token of its figure when the words after the figure are one or two nouns
// naming people, else SIZE_MAX.
size_t counted_group_ending_at(const Context& ctx, size_t end, size_t sb) {
  // Up to three words back; a bracketed aside or a name counts as one ("four
  // Communist Party of India-Maoist (CPI-Maoist) cadres").
  for (size_t a = end, items = 0; a > sb && items <= 3; ++items) {
    --a;
    if (ctx.w(a) == ")" && items > 0) {
      size_t m = a;
      while (m > sb && a - m < 8 && ctx.w(m) != "(") --m;
      if (ctx.w(m) != "(" || m == sb) return SIZE_MAX;
      a = m;
      continue;
    }
    if (int c = ctx.chunk_of_tok[a];
        c >= 0 && ctx.chunks[c].kind != ChunkKind::Nominal && ctx.chunks[c].b > sb && ctx.chunks[c].b < a) {
      a = ctx.chunks[c].b;
      continue;
    }
    int qi = ctx.num_of_tok[a];
    if (qi < 0) {
      if (ctx.doc.tokens[a].kind != TokenKind::Word || ctx.cue_at(Cue::Casualty, a, end)) return SIZE_MAX;
      continue;
    }
    const Num& m = ctx.nums[qi];
    if (m.tok_end == end || not_a_count(ctx, m) || !m.low || !people_noun(ctx, ctx.w(end - 1)))
      return SIZE_MAX;
    return a;
  }
  return SIZE_MAX;
}

struct LoneVictims {
  size_t b = 0, e = 0;  // the words that name them
  int64_t count = 0;
  PatMatch by;  // the rule that found them, if one did (by.rule >= 0)
  LoneVictims() = default;
  LoneVictims(size_t b_, size_t e_, int64_t n, const PatMatch& m = {}) : b(b_), e(e_), count(n), by(m) {}
};

// A noun for one dead person's body at k (cues.tsv class body, value one).
bool one_body_at(const Context& ctx, size_t k, size_t se) {
  int v = 0;
  return ctx.cue_at(Cue::Death, k, std::min(se, k + 1), &v) == 1 && ctx.lex.cue_value(v) == "one"sv;
}

// One dead told by the body at k: "the (partially burnt) body of a man",
// "a man's body", "a dead body", "a (female) body was found". Not "his body",
// "the body" alone (a person told before) nor "a governing body" (no person,
// nothing found).
LoneVictims body_of_one(const Context& ctx, size_t k, size_t sb, size_t se) {
  const CasualtyRules& R = rules_of(ctx);
  // The phrase's determiner: back over up to three modifiers.
  size_t det = SIZE_MAX;
  bool dead = false;
  for (size_t b = k; b > sb && k - b < 4; --b) {
    std::string_view w = ctx.w(b - 1);
    if (R.has(cr::body_det, w)) {
      det = b - 1;
      break;
    }
    if (ctx.doc.tokens[b - 1].kind != TokenKind::Word || ctx.num_of_tok[b - 1] >= 0 || w == "'s") break;
    dead |= ctx.cue_at(Cue::Casualty, b - 1, k) > 0;
  }
  // "the body of a man", "the body of an unidentified regime fighter".
  if (k + 2 < se && R.has_at(cr::of_word, ctx, k + 1) && R.has_at(cr::article, ctx, k + 2))
    if (size_t noun = singular_person_at(ctx, k + 2, se, true))
      return {det != SIZE_MAX ? det : k, noun + 1, 1};
  // "a man's body", "an old man's body".
  if (k >= sb + 3 && ctx.w(k - 1) == "'s")
    for (size_t b = k - 1; b > sb && k - 1 - b < 5; --b)
      if (R.has_at(cr::article, ctx, b - 1)) {
        if (singular_person_at(ctx, b - 1, k - 1) + 1 == k - 1) return {b - 1, k + 1, 1};
        break;
      }
  if (det == SIZE_MAX || R.has_at(cr::the_word, ctx, det)) return {};
  // "a dead body", "a body was found in a ditch".
  bool found = dead;
  for (size_t t = k + 1; t < se && !found; ++t) {
    int v = 0;
    found = ctx.cue_at(Cue::Death, t, se, &v) && ctx.lex.cue_value(v) == "found"sv;
  }
  return found ? LoneVictims{det, k + 1, 1} : LoneVictims{};
}

// A singular subject with no determiner that opens the sentence, as
// telegraphic notes and headlines write it ("Soldier was shot dead", "DRC
// soldier found on Rwandan soil was shot and killed"): up to three modifiers
// and a singular person noun, with "was" before the verb at v; the caller has
// checked that no stop, count or casualty word lies between.
LoneVictims bare_subject(const Context& ctx, size_t v, size_t sb) {
  const CasualtyRules& R = rules_of(ctx);
  size_t noun = SIZE_MAX;
  for (size_t h = sb; h < v && h <= sb + 3 && noun == SIZE_MAX; ++h) {
    std::string_view hw = ctx.w(h);
    if (R.has(cr::head_stop, hw) || R.has(cr::determiner, hw) || ctx.num_of_tok[h] >= 0 ||
        ctx.doc.tokens[h].kind != TokenKind::Word)
      return {};
    if (person_noun(ctx, hw)) noun = h;
  }
  if (noun == SIZE_MAX) return {};
  bool singular_verb = false;  // (v is the be-form of the verb group when there is one)
  for (size_t h = noun + 1; h <= v && !singular_verb; ++h) singular_verb = R.has_at(cr::was_word, ctx, h);
  return singular_verb ? LoneVictims{sb, noun + 1, 1} : LoneVictims{};
}

// One person, the subject of the clause whose verb is at v, told with more
// words between ("a man driving a motorcycle was shot to death", "the leader
// of group X was shot dead", "a man from Saqba died", "An IS leader, X, was
// killed"): [a|an|one|the] [≤ 3 modifiers] PERSON opening the sentence or a
// clause after a comma, then no other verb's count, person or be-form before v.
LoneVictims long_subject(const Context& ctx, size_t v, size_t sb) {
  const CasualtyRules& R = rules_of(ctx);
  if (v <= sb + 2) return bare_subject(ctx, v, sb);
  size_t best = SIZE_MAX, head = 0;
  size_t t = v;
  for (; t > sb && v - t < 24; --t) {
    size_t p = t - 1;
    std::string_view w = ctx.w(p);
    // "… (KADRE) was shot dead": over an aside.
    if (w == ")") {
      size_t m = p;
      while (m > sb && p - m < 12 && ctx.w(m) != "(") --m;
      if (ctx.w(m) != "(" || m == sb) break;
      t = m + 1;  // the loop's --t moves to the "("
      continue;
    }
    if (subject_stop_at(ctx, p, sb) || w == "(" || ctx.cue_at(Cue::Casualty, p, v)) break;
    // A count is another group ("a man and 3 children"); a date's number is not,
    // nor money, measures or animals ("a man accused of stealing 11 goats").
    if (int qi = ctx.num_of_tok[p]; qi >= 0 && ctx.time_of_tok[p] < 0 && !not_a_count(ctx, ctx.nums[qi]))
      break;
    if (R.has(cr::and_word, w) && p + 1 < v && R.has_at(cr::list_det, ctx, p + 1))
      break;  // ("a farmer and a woman": people listed, counted elsewhere)
    if (!R.has(cr::a_word, w) && !R.has(cr::an_word, w) && !R.has(cr::the_word, w) && !R.has(cr::one_word, w))
      continue;
    bool opens = p == sb || ctx.w(p - 1) == ",";
    if (!opens) continue;
    // "one man": the word after is a person; "a/the …": up to three modifiers.
    // The head: the first person noun within five words ("a drug and kidnapping suspect").
    size_t noun = 0;
    for (size_t h = p + 1; h < v && h <= p + (R.has(cr::one_word, w) ? 1 : 5) && !noun; ++h) {
      std::string_view hw = ctx.w(h);
      if (R.has(cr::head_stop, hw) || (ctx.num_of_tok[h] >= 0 && hw.find("year") == std::string_view::npos))
        break;
      if (person_noun(ctx, hw)) {
        noun = h;
        while (noun + 1 < v && person_noun(ctx, ctx.w(noun + 1))) ++noun;
      }
    }
    if (noun) best = p, head = noun;
  }
  if (best == SIZE_MAX && t == sb) return bare_subject(ctx, v, sb);
  if (best == SIZE_MAX) return {};
  // "the police officer": a definite subject only after a date or place that opens the sentence.
  if (R.has_at(cr::the_word, ctx, best) && best == sb) return {};
  return {best, head + 1, 1};
}

// Victims named one by one, told with the casualty word at [k, k+n): "a man",
// "a woman and her two children" (3), "a soldier and a policeman" (2).
// The phrase "a PERSON" (or, with `kin`, "his/her PERSON") that ends at `end`
// after sb: its first token, or SIZE_MAX.
size_t person_ending_at(const Context& ctx, size_t sb, size_t end, bool any_noun, bool kin = false) {
  const CasualtyRules& R = rules_of(ctx);
  for (size_t b = end; b > sb && end - b < 6; --b) {
    size_t a = b - 1;
    // (After the first: "a farmer and his brother".)
    if (!R.has_at(cr::article, ctx, a) && !R.has_at(cr::another_word, ctx, a) &&
        !(kin && (R.has_at(cr::his_word, ctx, a) || R.has_at(cr::her_word, ctx, a))))
      continue;
    size_t noun = singular_person_at(ctx, a, end, any_noun);
    return noun && noun + 1 == end ? a : SIZE_MAX;
  }
  return SIZE_MAX;
}

// The counted group of people that opens the sentence before token `upto` ("Two
// suicide bombers detonated their vests, killing themselves"): its count, or 0.
int64_t opening_group_count(const Context& ctx, size_t sb, size_t upto) {
  for (size_t t = sb; t < upto && t < sb + 12; ++t) {
    int q = ctx.num_of_tok[t];
    if (q < 0 || ctx.time_of_tok[t] >= 0) continue;  // ("On 5 May 2020, two bombers …")
    const Num& m = ctx.nums[q];
    if (!m.low || m.high != m.low || not_a_count(ctx, m)) return 0;
    for (size_t h = m.tok_end; h < upto && h < m.tok_end + 4; ++h)
      if (people_noun(ctx, ctx.w(h))) return *m.low;
    return 0;
  }
  return 0;
}

// The attackers as the dead, told by a reflexive object at b after a killing verb
// (casualties.rules reflexive, reflexive-plural, only-word): "killing himself" is one,
// "killing (only) themselves" the counted group opening the sentence; none when a figure
// follows ("themselves and three worshippers": the figure's own count adds them).
LoneVictims reflexive_dead(const Context& ctx, size_t b, size_t sb, size_t se) {
  const CasualtyRules& R = rules_of(ctx);
  size_t t = b;
  if (t < se && R.has_at(cr::only_word, ctx, t)) ++t;
  if (t >= se) return {};
  if (t + 1 < se && R.has_at(cr::and_word, ctx, t + 1)) return {};
  if (R.has_at(cr::reflexive, ctx, t)) return {t, t + 1, 1};
  if (!R.has_at(cr::reflexive_plural, ctx, t)) return {};
  int64_t n = opening_group_count(ctx, sb, b);
  return n > 0 ? LoneVictims{t, t + 1, n} : LoneVictims{};
}

// One victim named after a casualty verb at b and the people joined to it by
// "and" ("killed a woman and her two children": 3); none when no victim opens there.
std::optional<LoneVictims> victims_after_verb(const Context& ctx, size_t b, size_t se, bool kills) {
  const CasualtyRules& R = rules_of(ctx);
  size_t noun = one_victim_at(ctx, b, se, 3, kills);
  if (!noun) return std::nullopt;
  LoneVictims v{b, noun + 1, 1};
  // More people joined by "and": another "a PERSON" or name, "her/his/their (N) PERSON(s)".
  while (v.e + 1 < se && R.has_at(cr::and_word, ctx, v.e)) {
    size_t t = v.e + 1;
    if (size_t more = one_victim_at(ctx, t, se, 0)) {
      v.e = more + 1;
      v.count += 1;
      continue;
    }
    std::string_view w = ctx.w(t);
    // "the driver and two passengers": a counted group of people.
    if (int qi = ctx.num_of_tok[t]; qi >= 0 && ctx.nums[qi].tok_begin == t) {
      const Num& q = ctx.nums[qi];
      std::string_view noun = q.tok_end < se ? ctx.w(q.tok_end) : std::string_view();
      if (noun.size() > 3 && noun.back() == 's') noun.remove_suffix(1);
      if (!q.low || !q.high || *q.low != *q.high ||
          (!person_noun(ctx, noun) && !R.has(cr::people_plural, noun)))
        break;
      v.e = q.tok_end + 1;
      v.count += *q.low;
      continue;
    }
    if (!R.has(cr::kin_det, w)) break;
    // "killed a pastoralist and his animals": animals and things are no dead.
    if (t + 1 < se && ctx.num_of_tok[t + 1] < 0 && !person_noun(ctx, ctx.w(t + 1))) {
      std::string_view nw = ctx.w(t + 1);
      if (nw.size() > 3 && nw.back() == 's') nw.remove_suffix(1);
      if (!person_noun(ctx, nw) && !R.has(cr::children_word, nw) && !R.has(cr::famil_word, nw)) break;
    }
    if (t + 2 < se && ctx.num_of_tok[t + 1] >= 0) {
      const Num& q = ctx.nums[ctx.num_of_tok[t + 1]];
      if (!q.low || !q.high || *q.low != *q.high || q.tok_end >= se) return LoneVictims{};
      v.e = q.tok_end + 1;
      v.count += *q.low;
      continue;
    }
    if (t + 1 < se && person_noun(ctx, ctx.w(t + 1))) {
      v.e = t + 2;
      v.count += 1;
      continue;
    }
    return LoneVictims{};  // "and their homes"? unclear: no figure
  }
  return v;
}

// "2 armed men shot at the police. They were killed when …": a plural pronoun
// that is the whole subject at sb stands for the counted group that opens
// the sentence before (its first figure of people); none when there is none.
LoneVictims pronoun_group(const Context& ctx, size_t v, size_t sb) {
  const CasualtyRules& R = rules_of(ctx);
  if (v != sb + 1 || !R.has_at(cr::plural_pronoun, ctx, sb)) return {};
  const auto& ss = ctx.doc.sentences;
  auto it =
      std::upper_bound(ss.begin(), ss.end(), sb, [](size_t t, const Sentence& s) { return t < s.tok_begin; });
  if (it == ss.begin() || --it == ss.begin()) return {};
  const Sentence& prev = *(it - 1);
  if (prev.paragraph != it->paragraph) return {};
  for (size_t t = prev.tok_begin; t < prev.tok_end && t < prev.tok_begin + 12; ++t) {
    int q = ctx.num_of_tok[t];
    if (q < 0 || ctx.time_of_tok[t] >= 0) continue;
    const Num& m = ctx.nums[q];
    if (!m.low || m.high != m.low || not_a_count(ctx, m)) return {};
    for (size_t h = m.tok_end; h < prev.tok_end && h < m.tok_end + 3; ++h)
      if (people_noun(ctx, ctx.w(h))) return {sb, sb + 1, *m.low};
    return {};
  }
  return {};
}

// Before a passive or "died" at k: "A soldier was killed", "a man died", "a
// man and a woman were found dead", "the leader of X was shot dead".
LoneVictims victims_before_verb(const Context& ctx, size_t k, size_t n, size_t sb, bool kills) {
  const CasualtyRules& R = rules_of(ctx);
  std::string_view cue = ctx.w(k);
  size_t v = k;
  // "was shot and killed", "was found dead", "was reportedly killed".
  if (v > sb + 1 && R.has_at(cr::and_word, ctx, v - 1) && participle(R, ctx.w(v - 2))) v -= 2;
  if (v > sb && R.has_at(cr::death_adverb, ctx, v - 1)) --v;
  if (v > sb && R.has_at(cr::shot_word, ctx, v - 1)) --v;  // "was shot dead"
  if (v > sb && R.has_at(cr::be_form, ctx, v - 1)) --v;
  if (v > sb && R.has_at(cr::have, ctx, v - 1)) --v;
  if (LoneVictims g = pronoun_group(ctx, v, sb); g.count > 0) return g;
  size_t a = person_ending_at(ctx, sb, v, kills);
  // (A relative told with the first: "a farmer and his brother were killed".)
  if (size_t r = person_ending_at(ctx, sb, v, false, true);
      r != SIZE_MAX && r > sb + 1 && R.has_at(cr::and_word, ctx, r - 1) &&
      (R.has_at(cr::his_word, ctx, r) || R.has_at(cr::her_word, ctx, r)))
    a = r;
  // "a local leader of Jubo League was stabbed to death", "the leader of X was
  // shot dead": one person, told with what they belong to.
  if (a == SIZE_MAX || (a > sb + 1 && R.has_at(cr::of_word, ctx, a - 1))) {
    size_t of = SIZE_MAX;
    for (size_t t = v; t > sb + 1 && v - t < 8; --t)
      if (R.has_at(cr::of_word, ctx, t - 1)) {
        of = t - 1;
        break;
      } else if (ctx.w(t - 1) == "," || R.has_at(cr::and_word, ctx, t - 1) || ctx.num_of_tok[t - 1] >= 0) {
        break;
      }
    if (of != SIZE_MAX)
      for (size_t b = of; b > sb && of - b < 5; --b) {
        std::string_view d = ctx.w(b - 1);
        if (!R.has(cr::article, d) && !R.has(cr::the_word, d)) continue;
        size_t noun = singular_person_at(ctx, b - 1, of, false);
        bool opens = b - 1 == sb;
        opens |= b - 1 > sb && R.has_at(cr::clause_opener, ctx, b - 2);
        if (noun + 1 == of && opens) return {b - 1, v, 1};
        break;
      }
  }
  // (A subject with more words before its verb: "a man driving a car was shot dead".)
  if (a == SIZE_MAX && (R.has(cr::subject_death, cue) || n > 1)) return long_subject(ctx, v, sb);
  if (a == SIZE_MAX) return {};
  LoneVictims lv{a, v, 1};
  // "a man and a woman were found dead", "a boy, a girl and a woman were killed":
  // the people listed before, one each.
  while (lv.b > sb + 2 && (R.has_at(cr::and_word, ctx, lv.b - 1) || ctx.w(lv.b - 1) == ",")) {
    size_t end = lv.b - 1;
    if (R.has_at(cr::and_word, ctx, end) && ctx.w(end - 1) == ",") --end;  // ", and a woman"
    size_t more = person_ending_at(ctx, sb, end, false);
    // "the district governor and his driver were killed": a definite person joined to a relative.
    if (more == SIZE_MAX && R.has_at(cr::kin_det, ctx, lv.b))
      for (size_t b = end; b > sb && end - b < 6 && more == SIZE_MAX; --b)
        if (R.has_at(cr::the_word, ctx, b - 1))
          if (size_t noun = singular_person_at(ctx, b - 1, end, false); noun && noun + 1 == end) more = b - 1;
    if (more == SIZE_MAX) {
      // "Four men and a woman were killed": a counted group before them.
      size_t g = counted_group_ending_at(ctx, end, sb);
      if (g == SIZE_MAX) break;
      lv.b = ctx.nums[ctx.num_of_tok[g]].tok_begin;
      lv.count += ctx.nums[ctx.num_of_tok[g]].low.value_or(0);
      continue;
    }
    lv.b = more;
    ++lv.count;
  }
  bool opens = lv.b == sb;
  opens |= lv.b > sb && R.has_at(cr::clause_opener, ctx, lv.b - 1);
  // ("a man driving a motorcycle was shot": "a motorcycle" opens no clause; the subject is further back.)
  if (!opens && lv.count == 1 && (R.has(cr::subject_death, cue) || n > 1)) return long_subject(ctx, v, sb);
  return opens ? lv : LoneVictims{};
}

// An animal heads the noun phrase at `b` ("an ox", "nine sheep", "two of
// their cows"), within four words.
bool animal_object(const Context& ctx, size_t b, size_t se) {
  for (size_t t = b; t < se && t < b + 4; ++t) {
    if (ctx.cue_at(Cue::Animal, t, t + 1)) return true;
    if (t > b && doc_word_ends_np(ctx, t, se) && !rules_of(ctx).has_at(cr::of_word, ctx, t)) return false;
  }
  return false;
}

LoneVictims lone_victim(const Context& ctx, size_t k, size_t n, size_t sb, size_t se) {
  const CasualtyRules& R = rules_of(ctx);
  if (one_body_at(ctx, k, se)) return body_of_one(ctx, k, sb, se);
  std::string_view cue = ctx.w(k);
  // "beat a young man to death", "burned him to death": the object before "to death".
  // (Also before "dead": "shot a man dead", "shot the driver dead".)
  if (((R.has(cr::to_word, cue) && n == 2) || (R.has(cr::dead_word, cue) && n == 1)) && k > sb + 1) {
    std::string_view o = ctx.w(k - 1);
    if (R.has(cr::pronoun_one, o) && ctx.doc.tokens[k - 2].kind == TokenKind::Word &&
        !doc_word_ends_np(ctx, k - 2, k))
      return {k - 1, k, 1};
    for (size_t a = k - 1; a > sb && k - a < 6; --a)
      if (R.has_at(cr::article, ctx, a) || R.has_at(cr::the_word, ctx, a)) {
        if (size_t noun = singular_person_at(ctx, a, k, true);
            noun + 1 == k && ctx.doc.tokens[a - 1].kind == TokenKind::Word &&
            !doc_word_ends_np(ctx, a - 1, k))
          return {a, k, 1};
        break;
      }
    // (Else the object after it: "beat to death a suspected thief".)
  }
  // "a dead man was thrown from a car": the dead told as an adjective.
  if (R.has(cr::dead_word, cue) && k > sb && R.has_at(cr::article, ctx, k - 1))
    if (size_t noun = singular_person_at(ctx, k - 1, se); noun > k) return {k - 1, noun + 1, 1};
  // After an active verb: "killed a man", "killing an Israeli soldier".
  // (Any casualty verb phrase: "gunned down a trader", "hacked to death a man".)
  bool verb = n > 1 || rules_of(ctx).has(cr::object_verb, cue);
  int cv = 0;
  bool kills = ctx.cue_at(Cue::Casualty, k, se, &cv) && ctx.lex.cue_value(cv) == "killed"sv;
  // Any killing verb in the past ("lynched", "executed") takes its victim after it.
  verb = verb || (kills && n == 1 && participle(R, cue) && !R.has(cr::dead_word, cue));
  // "killed and mutilated a security guard": the object of both verbs.
  size_t obj = k + n;
  if (verb && obj + 1 < se && R.has_at(cr::and_word, ctx, obj) && participle(R, ctx.w(obj + 1)) &&
      !ctx.cue_at(Cue::Casualty, obj + 1, se) && R.has_at(cr::article, ctx, obj + 2))
    n += 2;
  // "resulting in the death of a local man": the one whose death it was.
  // (Only as an outcome: "protested the death of X", "revenge for the killing of X" tell an earlier event.)
  PatMatch om;
  auto outcome = [&](size_t t) {
    return (t >= sb + 3 && rule_over(ctx, R.use[cr::outcome_death], t - 3, t + 2, &om)) ||
           (t >= sb + 2 && rule_over(ctx, R.use[cr::outcome_death], t - 2, t + 2, &om));
  };
  if (n == 1 && k + 2 < se && outcome(k))
    if (size_t noun = one_victim_at(ctx, k + 2, se, 3, false)) return {k + 2, noun + 1, 1, om};
  // Headline English, no article: "Gunmen kill NISS officer", "Farmer killed in Selea".
  auto bare_person = [&](size_t b, size_t end) -> size_t {  // the noun's end, or 0
    size_t t = b;
    while (t < end && t < b + 3 && !doc_word_ends_np(ctx, t, end) && ctx.w(t) != "(" &&
           ctx.num_of_tok[t] < 0 && !is_determiner_word(ctx, ctx.w(t)) &&
           ctx.doc.tokens[t].kind == TokenKind::Word)
      ++t;
    return t > b && (t == end || doc_word_ends_np(ctx, t, end) || ctx.w(t) == "(") &&
                   person_noun(ctx, ctx.w(t - 1))
               ? t
               : 0;
  };
  if (verb && kills && !R.has(cr::dead_word, cue) && !R.has_at(cr::article, ctx, k + n) &&
      !R.has_at(cr::the_word, ctx, k + n))
    if (size_t e = bare_person(k + n, se)) return {k + n, e, 1};
  if (k > sb && k - sb <= 3 && (R.has(cr::object_death, cue) || n > 1) && bare_person(sb, k) == k)
    return {sb, k, 1};
  // "attacked the house of an officer, leaving him killed / dead": the one told before.
  if (k > sb + 1 && R.has_at(cr::pronoun_one, ctx, k - 1) && R.has_at(cr::leave, ctx, k - 2) &&
      R.has(cr::object_death, cue))
    return {k - 1, k, 1};
  // "opened fire on a civilian, killing him": the one told before.
  if (verb && kills && k + n < se && R.has_at(cr::pronoun_one, ctx, k + n)) return {k + n, k + n + 1, 1};
  // "killed by machete a pastoralist", "shot with a rifle a man": the object
  // after an instrument phrase (a weapon of cues.tsv) told between.
  if (verb && kills && k + n + 2 < se && R.has_at(cr::instrument_prep, ctx, k + n))
    for (size_t j = k + n + 2; j < se && j <= k + n + 4; ++j)
      if (R.has_at(cr::article, ctx, j) && ctx.cue_at(Cue::Weapon, j - 1, j) == 1) {
        if (size_t noun = singular_person_at(ctx, j, se, true)) return {j, noun + 1, 1};
        break;
      }
  // "blew himself up, killing himself", "killing only themselves": the attackers are the dead.
  if (verb && kills)
    if (LoneVictims r = reflexive_dead(ctx, k + n, sb, se); r.count > 0) return r;
  if (verb)
    if (auto v = victims_after_verb(ctx, k + n, se, kills)) return *v;
  // "shot and killed nine sheep", "killed an ox": the verb's object is an
  // animal, and the subject before it is the killer, no victim.
  if (verb && animal_object(ctx, k + n, se)) return {};
  return victims_before_verb(ctx, k, n, sb, kills);
}

// More counted groups listed with a figure: "Four soldiers and three
// militants were killed", "Two policemen, a teacher and five students died"
// (before it, the list opening its clause), "killed four soldiers and three
// civilians" (after it). `low`/`high` are what they add; `b`/`e` the words of
// the whole list.
struct Listed {
  size_t b = 0, e = 0;
  int64_t low = 0;
  std::optional<int64_t> high = 0;
  bool any = false;
  void add(const Num& q) {
    low += q.low.value_or(0);
    if (high && q.high)
      *high += *q.high;
    else
      high.reset();
    any = true;
  }
};

bool list_stop(const Context& ctx, std::string_view w) { return rules_of(ctx).has(cr::list_stop, w); }

// The words joining a counted group to the one before `start`, in (sb, start):
// "and" or a comma (1), a list-joiner rule ("as well as", "in addition to":
// its length), or 0.
size_t joiner_before(const Context& ctx, size_t start, size_t sb) {
  const CasualtyRules& R = rules_of(ctx);
  if (start <= sb + 1) return 0;
  if (R.has_at(cr::and_word, ctx, start - 1) || ctx.w(start - 1) == ",") return 1;
  PatMatch jm;
  for (size_t len = 2; len <= 3 && start > sb + len; ++len)
    if (rule_over(ctx, R.use[cr::list_joiner], start - len, start, &jm)) return len;
  return 0;
}

// Counted groups before the figure q, in [sb, q).
// The figure of a counted group with an "of" phrase ending at `end` ("four
// members of the security forces", "two of the guards"): a number, one word
// at most, "of", then words without a list stop other than an article; -1 when
// there is none.
int partitive_group_before(const Context& ctx, size_t end, size_t sb) {
  const CasualtyRules& R = rules_of(ctx);
  for (size_t a = end; a > sb + 1 && end - a < 8;) {
    --a;
    std::string_view w = ctx.w(a);
    if (R.has(cr::of_word, w)) {
      for (size_t b = a; b > sb && a - b < 2;) {
        --b;
        int qi = ctx.num_of_tok[b];
        if (qi < 0) continue;
        const Num& m = ctx.nums[qi];
        return m.tok_end + 1 >= a && !not_a_count(ctx, m) && m.low ? qi : -1;
      }
      return -1;
    }
    if (a + 1 == end && R.has(cr::article, w)) return -1;
    if (ctx.cue_at(Cue::Casualty, a, end) || ctx.num_of_tok[a] >= 0 ||
        (list_stop(ctx, w) && !R.has(cr::article, w) && !R.has(cr::the_word, w)))
      return -1;
  }
  return -1;
}

Listed groups_before(const Context& ctx, const Num& q, size_t sb) {
  const CasualtyRules& R = rules_of(ctx);
  Listed l;
  // "Three suspects fled and one was killed": a bare figure right before its verb
  // names no group of its own and opens its clause, so nothing before it is listed.
  if (q.tok_end < ctx.doc.tokens.size() &&
      (R.has_at(cr::passive_be, ctx, q.tok_end) || ctx.cue_at(Cue::Casualty, q.tok_end, q.tok_end + 1)))
    return {};
  int64_t last = 0;  // the last group's figure
  l.e = q.tok_end;
  size_t start = q.tok_begin;
  while (size_t jl = joiner_before(ctx, start, sb)) {
    size_t end = start - jl;  // one past the previous group
    if (jl == 1 && R.has_at(cr::and_word, ctx, end) && end > sb + 1 && ctx.w(end - 1) == ",")
      --end;  // ", and 1 civilian"
    // "4 people (including 1 journalist) as well as 2 policemen": over an aside in brackets.
    if (end > sb + 2 && ctx.w(end - 1) == ")") {
      for (size_t a = end - 1; a > sb && end - a < 16; --a) {
        if (ctx.w(a - 1) == "(") {
          end = a - 1;
          break;
        } else if (ctx.w(a - 1) == ")") {
          break;
        }
      }
    }
    size_t g = SIZE_MAX;
    // "four members of the security forces and two civilians": a counted
    // group with an "of" phrase of its own.
    if (int pq = partitive_group_before(ctx, end, sb); pq >= 0) {
      const Num& m = ctx.nums[pq];
      l.add(m);
      last = m.low.value_or(0);
      g = m.tok_begin;
    }
    for (size_t a = end; g == SIZE_MAX && a > sb && end - a < 5;) {
      --a;
      if (int qi = ctx.num_of_tok[a]; qi >= 0) {
        const Num& m = ctx.nums[qi];
        if (m.tok_end == end || not_a_count(ctx, m) || !m.low) break;  // a bare number names no group
        l.add(m);
        last = m.low.value_or(0);
        g = m.tok_begin;
        break;
      }
      std::string_view w = ctx.w(a);
      if (ctx.cue_at(Cue::Casualty, a, end)) break;
      if (R.has(cr::article, w)) {
        if (singular_person_at(ctx, a, end) + 1 == end) {
          Num one;
          one.low = one.high = 1;
          l.add(one);
          g = a;
        }
        break;
      }
      if (list_stop(ctx, w)) break;
    }
    if (g == SIZE_MAX) break;
    start = g;
    // "21 militants including 2 commanders and 4 soldiers": the group after
    // "including" is part of the one before it; "5 personnel including one
    // policeman and four soldiers": all of them, when they add up to it.
    if (start > sb + 2 && R.has_at(cr::including_word, ctx, start - 1) && l.high) {
      int inc = -1;
      for (size_t a = start - 1; a > sb && start - 1 - a < 4 && inc < 0; --a) inc = ctx.num_of_tok[a - 1];
      if (inc < 0 || not_a_count(ctx, ctx.nums[inc]) || !ctx.nums[inc].low) break;
      const Num& m = ctx.nums[inc];
      int64_t all = q.low.value_or(0) + l.low;
      l.low = all == *m.low ? *m.low - q.low.value_or(0) : l.low - last + *m.low;
      if (m.high && *m.high == *m.low)
        l.high = l.low;
      else
        l.high.reset();
      start = m.tok_begin;
    }
  }
  if (!l.any) return {};
  // The list opens its clause: "arrested nine people and two guards were wounded" is two clauses.
  bool opens = start == sb || (start > sb && R.has_at(cr::list_opener, ctx, start - 1));
  // "… resulting in 2 rebel and 1 military fatality": the outcome's object.
  if (start > sb + 1 && R.has_at(cr::in_word, ctx, start - 1)) {
    std::string_view v = ctx.w(start - 2);
    opens |= outcome_verb(ctx, v) || R.has(cr::which_word, v);
  }
  if (!opens) return {};
  l.b = start;
  return l;
}

// Counted groups joined by "and" after the figure q and its noun, before
// `se` (a comma may open an apposition: "12 people, five women and seven children").
Listed groups_after(const Context& ctx, const Num& q, size_t se) {
  const CasualtyRules& R = rules_of(ctx);
  auto noun_end = [&](size_t from) {  // one past a group's noun words
    size_t e = from;
    while (e < se && e < from + 3 && !list_stop(ctx, ctx.w(e)) && ctx.num_of_tok[e] < 0 &&
           !ctx.cue_at(Cue::Casualty, e, se))  // "five dead and 20 injured" are no groups
      ++e;
    return e;
  };
  // "four members of the security forces": a group's "of" phrase after its noun.
  auto of_phrase = [&](size_t e) {
    if (e + 1 >= se || !R.has_at(cr::of_word, ctx, e)) return e;
    size_t f = e + 1;
    if (R.has_at(cr::article, ctx, f) || R.has_at(cr::the_word, ctx, f)) ++f;
    size_t pe = noun_end(f);
    return pe > f ? pe : e;
  };
  Listed l;
  l.b = q.tok_begin;
  size_t e = noun_end(q.tok_end);
  if (e == q.tok_end) return {};
  e = of_phrase(e);
  for (;;) {
    // "and", or a rule of use list-joiner ("in addition to", "as well as").
    size_t j = R.has_at(cr::and_word, ctx, e) ? 1 : 0;
    PatMatch jm;
    for (size_t len = 2; !j && len <= 3 && e + len < se; ++len)
      if (rule_over(ctx, R.use[cr::list_joiner], e, e + len, &jm)) j = len;
    if (!j || e + j >= se) break;
    int qi = ctx.num_of_tok[e + j];
    if (qi < 0 || ctx.nums[qi].tok_begin != e + j) break;
    const Num& m = ctx.nums[qi];
    if (not_a_count(ctx, m) || !m.low) break;
    size_t me = noun_end(m.tok_end);
    // "in addition to 3 of his guards": a part of a group.
    if (size_t pe = me + 1 < se ? noun_end(me + 1) : me;
        me == m.tok_end && j > 1 && R.has_at(cr::of_word, ctx, me) && pe > me + 1)
      me = pe;
    if (me == m.tok_end) break;  // "and three were wounded": no group
    me = of_phrase(me);
    if (me < se && (R.has_at(cr::were_word, ctx, me) || R.has_at(cr::was_word, ctx, me)))
      return {};  // "and three civilians were hurt"
    l.add(m);
    e = l.e = me;
  }
  return l.any ? l : Listed{};
}

// The first tally frame of a sentence (casualties.rules, use tally-frame):
// its token, or SIZE_MAX. Rules valued `none` ("a total of") and, beside an
// incident, `incident-source` ("officials put the toll at 11": another
// source's figure for it) skip their words.
size_t sentence_tally_cue(const Context& ctx, const Sentence& s, bool incident) {
  const CasualtyRules& R = rules_of(ctx);
  auto skip = [&](const PatRule& r) {
    std::string_view v = r.action("tally-frame");
    return v == "none"sv || (incident && v == "incident-source"sv);
  };
  for (size_t i = s.tok_begin; i < s.tok_end; ++i) {
    PatMatch m;
    // (A skipping rule that does not apply lets the next rule try the token.)
    if (!R.set->match_at(ctx, R.use[cr::tally_frame], i, s.tok_end, m, [&](const PatRule& r) {
          return incident || r.action("tally-frame") != "incident-source"sv;
        }))
      continue;
    if (!skip(R.set->rule(m.rule))) return i;
    i = m.reach() - 1;
  }
  return SIZE_MAX;
}

// Whether the sentence's figure counts its casualty word `put` by another
// source beside an incident ("officials put the toll at 11"): the rule's words.
bool put_figure_at(const Context& ctx, size_t i, size_t end, int* n) {
  const CasualtyRules& R = rules_of(ctx);
  PatMatch m;
  if (!R.set->match_at(ctx, R.use[cr::tally_frame], i, end, m,
                       [](const PatRule& r) { return r.action("tally-frame") == "incident-source"sv; }))
    return false;
  *n = m.has(0) ? static_cast<int>(m.cap_e[0] - m.cap_b[0]) : 0;
  return *n > 0;
}

// "The victim died", "the nurse later succumbed": one person told before
// the casualty word at k (a definite phrase opening the sentence), counted
// only as the victim of an event told before.
LoneVictims definite_victim(const Context& ctx, size_t k, size_t sb) {
  const CasualtyRules& R = rules_of(ctx);
  size_t v = k;
  while (v > sb && R.has_at(cr::victim_adverb, ctx, v - 1)) --v;
  // "He died the next day": one person told before, opening the sentence.
  if (v == sb + 1 && R.has_at(cr::he_she, ctx, sb)) return {sb, v, 1};
  for (size_t b = v; b > sb && v - b < 5; --b) {
    std::string_view d = ctx.w(b - 1);
    if (!R.has(cr::definite_person_det, d)) continue;
    size_t a = b - 1;
    // (Opening the sentence or a clause joined by "and": "…, and the soldier later died".)
    bool opens = a == sb || (a > sb + 1 && R.has_at(cr::and_word, ctx, a - 1));
    // ("the other died", "the latter was killed": one of the people told before.)
    if (!opens || !(person_noun(ctx, ctx.w(v - 1)) ||
                    (v == b + 1 && R.has(cr::the_word, d) && R.has_at(cr::other_person, ctx, b))))
      return {};
    for (size_t t = a + 1; t + 1 < v; ++t)
      if (doc_word_ends_np(ctx, t, v) || ctx.num_of_tok[t] >= 0) return {};
    return {a, v, 1};
  }
  return {};
}

// "A student was injured by a bullet and later died", "a supporter was
// attacked at his home and died on 19 January", "a trader was abducted and
// later found dead", "… and was later killed": one person opening the
// sentence (or its clause after a comma), told in the passive, whose death
// the casualty word at k tells after "and" (over up to three words of the
// classes later, be-form and death-adverb of casualties.rules).
LoneVictims later_death(const Context& ctx, size_t k, size_t sb) {
  const CasualtyRules& R = rules_of(ctx);
  size_t v = k;
  while (v > sb + 1 && k - v < 3 &&
         (R.has_at(cr::later, ctx, v - 1) || R.has_at(cr::be_form, ctx, v - 1) ||
          R.has_at(cr::death_adverb, ctx, v - 1)))
    --v;
  if (v <= sb + 3 || !R.has_at(cr::and_word, ctx, v - 1)) return {};
  size_t was = SIZE_MAX;  // the subject's "was", the first be-form of the clause
  for (size_t t = v - 1; t > sb; --t) {
    std::string_view w = ctx.w(t - 1);
    // (A date's number is no count: "was abducted on 3 May and later found dead".)
    if ((ctx.num_of_tok[t - 1] >= 0 && ctx.time_of_tok[t - 1] < 0) || w == ";") return {};
    if (R.has(cr::was_word, w)) was = t - 1;
    if (R.has(cr::were_word, w) || (R.has(cr::and_word, w) && was == SIZE_MAX)) return {};
    // (The clause opens after a comma or "and": "A shoot-out broke out and a police officer was shot … and
    // died".)
    if ((w != "," && !R.has(cr::and_word, w)) || was == SIZE_MAX) continue;
    size_t a = t;  // the clause after the comma
    if (size_t noun = singular_person_at(ctx, a, was, true);
        noun && noun < was && !R.has_at(cr::the_word, ctx, a))
      return {a, noun + 1, 1};
    return {};
  }
  if (was == SIZE_MAX) return {};
  if (size_t noun = singular_person_at(ctx, sb, was, true);
      noun && noun < was && !R.has_at(cr::the_word, ctx, sb))
    return {sb, noun + 1, 1};
  return {};
}

// "sentenced him to death": a court's sentence, no death (cues.tsv class
// death, value verdict) before the casualty word at k in its clause.
bool verdict_before(const Context& ctx, size_t k, size_t sb) {
  const CasualtyRules& R = rules_of(ctx);
  for (size_t t = k; t > sb && k - t < 8; --t) {
    int v = 0;
    if (ctx.cue_at(Cue::Death, t - 1, k, &v) && ctx.lex.cue_value(v) == "verdict"sv) return true;
    std::string_view w = ctx.w(t - 1);
    if (w == "," || w == ";" || R.has(cr::and_word, w)) break;
  }
  return false;
}

// Whether token t lies inside a parenthesis opened in the sentence from sb:
// "(VoJ reported 7 fatalities)" is another source's aside.
bool in_aside(const Context& ctx, size_t t, size_t sb) {
  for (size_t j = t; j > sb; --j) {
    if (ctx.w(j - 1) == ")") return false;
    if (ctx.w(j - 1) == "(") return true;
  }
  return false;
}

}  // namespace

int64_t lone_victims(const Context& ctx, size_t k, size_t sb, size_t se) {
  int n = ctx.cue_at(Cue::Casualty, k, se);
  return n ? lone_victim(ctx, k, n, sb, se).count : 0;
}

namespace {

// The pass over one document: its state, then each sentence in turn
// (begin_sentence reads the sentence's frame; each casualty word's figure goes
// to a tally, an event, or widens a figure told before; then adjectives,
// victim categories, materiel, targets and weapons).
// Two accounts' figures: the interval that spans both (an open top stays open).
void span_both(Interval& iv, const Interval& other) {
  if (iv.low && other.low && *other.low < *iv.low) iv.low = other.low;
  if (!iv.high || !other.high)
    iv.high.reset();
  else if (*other.high > *iv.high)
    iv.high = other.high;
}

class CasualtyPass {
 public:
  CasualtyPass(const Context& c, std::vector<Cand>& cs, std::vector<Tally>& ts,
               const std::vector<std::optional<Attribution>>& srcs);
  void run();

 private:
  const Context& ctx;
  const Document& doc;
  const EventLexicon& lex;
  const CasualtyRules& R;
  std::vector<Cand>& cands;
  std::vector<Tally>& tallies;
  const std::vector<std::optional<Attribution>>& sources;
  std::vector<bool> used;
  std::vector<std::vector<size_t>> by_sent;
  // Each paragraph's earliest date more than a week before publication (a toll's "since").
  std::vector<std::optional<Date>> earliest_old;
  bool prev_tally = false;
  uint32_t prev_para = UINT32_MAX;
  // The paragraph's last assault told before this sentence: a sentence that
  // tells no event of its own ("1 fatality.", "The victim died later.") gives
  // its figures to it.
  uint32_t carry_sent = UINT32_MAX, para_sent = 0;
  // The sentence being read.
  uint32_t si = 0;
  Sentence s;
  bool eventless = true, incident = false, tally_frame = false, own_date = false, this_tally = false,
       other_source = false, casualty_here = false, outcome_only = false;
  size_t tally_tok = SIZE_MAX;
  size_t first_day_tok = SIZE_MAX;  // where the sentence's first recent day or week is told

  void begin_sentence();
  bool party_did_it(const Cand& c) const;
  bool disaster_is_frame(size_t i) const;
  Cand* carried(std::string_view metric, int64_t figure);
  Cand* target_for(size_t tok, std::string_view metric);
  Cand* target_at(size_t tok) { return target_for(tok, "killed"); }
  bool widen_other(std::string_view metric, const Interval& other, size_t b, size_t e, bool adds = false);
  bool restated(size_t i, std::string_view metric, int q);
  size_t casualty_word(size_t i);
  void no_figure(size_t i, int n, std::string_view metric, const PatMatch& none_m);
  void lone_figure(size_t i, int n, std::string_view metric);
  void figure(size_t i, int n, std::string_view metric, int q);
  void make_tally(size_t i, std::string_view metric, const Num& num, bool incident_before);
  void attach_figure(size_t i, int n, std::string_view metric, const Num& num, Cand* c);
  void deadly_adjectives();
  void victim_categories();
  void materiel();
  Cand* violent_near(size_t tok);
  void targets_and_weapons();
  void end_sentence();
};

CasualtyPass::CasualtyPass(const Context& c, std::vector<Cand>& cs, std::vector<Tally>& ts,
                           const std::vector<std::optional<Attribution>>& srcs)
    : ctx(c),
      doc(c.doc),
      lex(c.lex),
      R(rules_of(c)),
      cands(cs),
      tallies(ts),
      sources(srcs),
      used(c.nums.size(), false),
      by_sent(c.doc.sentences.size()),
      earliest_old(c.doc.paragraphs.size() + 1) {
  for (size_t k = 0; k < cands.size(); ++k) by_sent[cands[k].sent].push_back(k);
  if (doc.meta.published)
    for (const TimeRef& tr : ctx.times) {
      if (tr.tok_begin >= doc.tokens.size() || !tr.first) continue;
      uint32_t para = doc.sentences[doc.tokens[tr.tok_begin].sentence].paragraph;
      if (para >= earliest_old.size()) continue;
      if (tr.first->to_days() < doc.meta.published->to_days() - 7 &&
          (!earliest_old[para] || *tr.first < *earliest_old[para]))
        earliest_old[para] = tr.first;
    }
}

void CasualtyPass::run() {
  for (si = 0; si < doc.sentences.size(); ++si) {
    s = doc.sentences[si];
    if (s.paragraph != prev_para) prev_tally = false, carry_sent = UINT32_MAX, para_sent = si;
    prev_para = s.paragraph;
    begin_sentence();
    for (size_t i = s.tok_begin; i < s.tok_end; ++i) i = casualty_word(i);
    deadly_adjectives();
    victim_categories();
    materiel();
    targets_and_weapons();
    end_sentence();
  }
}

// The sentence's frame: whether it tells an event, a tally, a disaster, its own recent date.
void CasualtyPass::begin_sentence() {
  eventless = true;
  for (size_t k : by_sent[si]) eventless &= cands[k].absorbed;
  // "… killed a man. 1 fatality.": an outcome noun alone in its sentence after an
  // assault of the paragraph tells that assault's dead, no event of its own (the
  // figure is carried; the noun, left without one, makes no event).
  outcome_only = false;
  if (!eventless && carry_sent != UINT32_MAX) {
    outcome_only = true;
    // (Also a casualty word in a sentence of a figure and it alone: "2 killed.", "Three dead.")
    bool bare = s.tok_end - s.tok_begin <= 4;
    for (size_t k : by_sent[si])
      if (uint8_t fl = lex.triggers[cands[k].def].flags; !cands[k].absorbed)
        outcome_only &= (fl & (kResult | kCasualty)) == (kResult | kCasualty) || (bare && (fl & kCasualty));
    eventless = outcome_only;
  }
  // A toll over a year or decades ("in 2015", "over four decades") is cumulative too.
  incident = false;
  for (size_t k : by_sent[si])
    incident |= !(lex.triggers[cands[k].def].flags & (kWeak | kCasualty | kResult));
  tally_tok = sentence_tally_cue(ctx, s, incident);
  tally_frame = tally_tok != SIZE_MAX || ctx.long_span_sentence[si];
  // Deaths in a disaster or an accident are no attack.
  bool disaster = false;
  for (size_t i = s.tok_begin; i < s.tok_end && !disaster; ++i)
    disaster = ctx.cue_at(Cue::Disaster, i, s.tok_end) > 0 && !disaster_is_frame(i);
  if (disaster)
    for (size_t k : by_sent[si]) {
      const TriggerDef& d = lex.triggers[cands[k].def];
      // "earthquakes struck Iran, leaving 180 dead": no assault either, unless a
      // party that is no disaster carried it out ("police assaulted a family
      // … amid the coronavirus outbreak").
      if ((d.flags & kCasualty) || (d.type == "ASSAULT"sv && d.mode.empty() && !party_did_it(cands[k])))
        cands[k].in_tally = true;
    }
  // A figure told with its own recent day or week starts a new incident.
  own_date = false;
  first_day_tok = SIZE_MAX;  // where the sentence's first recent day or week is told
  // Not in a dateline ("ISLAMABAD, Jan 2 (Reuters) -"): that is the report's date.
  size_t body = s.tok_begin;
  if (body < doc.tokens.size() && (doc.tokens[body].flags & kTokAllUpper))
    for (size_t k = body + 2; k < s.tok_end && k < body + 16; ++k)
      if (ctx.w(k - 1) == ")" && (ctx.w(k) == "-" || ctx.w(k) == "--" || ctx.w(k) == "\xe2\x80\x94")) {
        body = k + 1;
        break;
      }
  for (size_t i = body; i < s.tok_end && !own_date; ++i)
    if (int ti = ctx.time_of_tok[i]; ti >= 0) {
      const TimeRef& tr = ctx.times[ti];
      const std::string& p = tr.precision;
      bool recent =
          !doc.meta.published || !tr.last || tr.last->to_days() >= doc.meta.published->to_days() - 7;
      own_date = recent && (p == "day" || p == "days" || p == "week");
      if (own_date) first_day_tok = i;
    }
  if (own_date && !tally_frame) prev_tally = false;
  this_tally = false;
  // "Other sources report that 2 soldiers were killed": another source's
  // figure for dead an earlier sentence of the paragraph counted; it widens
  // that figure (two sources, two figures) and adds no dead.
  other_source = false;
  for (size_t t = s.tok_begin; t < s.tok_end && !other_source; ++t) {
    int v = 0;
    other_source = ctx.cue_at(Cue::Death, t, s.tok_end, &v) && lex.cue_value(v) == "other"sv;
  }
  casualty_here = false;
}

// Whether the disaster noun at token i is the time frame of the sentence's
// event, after "during" / "amid" within four words ("during the coronavirus
// pandemic"), not what caused it.
bool CasualtyPass::disaster_is_frame(size_t i) const {
  for (size_t k = i; k > s.tok_begin && k + 4 > i; --k)
    if (R.has_at(cr::disaster_frame, ctx, k - 1)) return true;
  return false;
}

// `figure` people more: none when the paragraph's figures already reach
// it (a summary repeats them), the last assault when none is told, the
// one assault with a lower figure (it was a part: "a woman was killed …
// 2 fatalities"), else none.
// An actor that carried out the act and is no disaster itself ("police
// assaulted …", not "an earthquake struck …").
bool CasualtyPass::party_did_it(const Cand& c) const {
  if (c.actor < 0) return false;
  const Chunk& a = ctx.chunks[c.actor];
  for (size_t i = a.b; i < a.e; ++i)
    if (ctx.cue_at(Cue::Disaster, i, a.e) > 0) return false;
  return true;
}

Cand* CasualtyPass::carried(std::string_view metric, int64_t figure) {
  bool person_metric = metric == "killed"sv || metric == "injured"sv || metric == "missing"sv;
  if (!eventless || !person_metric || carry_sent == UINT32_MAX) return nullptr;
  Cand* last = nullptr;
  Cand* holder = nullptr;
  int64_t told = 0, holders = 0;
  for (uint32_t sj = para_sent; sj < si; ++sj)
    for (size_t k : by_sent[sj]) {
      Cand& c = cands[k];
      // (Not one told as possible: "the attack could be related to … . 1 fatality.")
      if (c.absorbed || c.in_tally || lex.triggers[c.def].type != "ASSAULT"sv ||
          c.ev.modality != "asserted"sv)
        continue;
      last = &c;
      if (auto* sl = slot(c.ev.casualties, metric); sl && *sl) {
        told += (*sl)->low.value_or(1);
        ++holders;
        holder = &c;
      }
    }
  if (told >= figure) return nullptr;
  if (told == 0) return last;
  return holders == 1 && !(*slot(holder->ev.casualties, metric))->approx ? holder : nullptr;
}

// The assault candidate figures in this sentence attach to.
// Arrests go to a coercion, other figures to an assault, else to any event.
Cand* CasualtyPass::target_for(size_t tok, std::string_view metric) {
  std::string_view want = metric == "arrested"sv ? "COERCE" : "ASSAULT";
  Cand* best = nullptr;
  if (outcome_only) return nullptr;
  size_t best_d = SIZE_MAX;
  for (int pass = 0; pass < 2 && !best; ++pass)
    for (size_t k : by_sent[si]) {
      Cand& c = cands[k];
      if (c.absorbed || (pass == 0 && lex.triggers[c.def].type != want)) continue;
      if (pass == 1 && metric != "arrested"sv && metric != "displaced"sv) continue;
      size_t d = c.tb > tok ? c.tb - tok : tok - c.tb;
      if (d < best_d) best_d = d, best = &c;
    }
  return best;
}

// Widens the earlier figure with this one; false when none holds the metric.
// (`adds`: the other account tells more dead than those told, "a report said a
// second assailant was found dead": the top rises by them.)
bool CasualtyPass::widen_other(std::string_view metric, const Interval& other, size_t b, size_t e,
                               bool adds) {
  std::optional<Interval>* sl = nullptr;
  Cand* told = nullptr;  // the latest assault with any figure
  for (uint32_t sj = para_sent; other_source && sj < si; ++sj)
    for (size_t k : by_sent[sj])
      if (Cand& c = cands[k]; !c.absorbed && !c.in_tally && lex.triggers[c.def].type == "ASSAULT"sv) {
        if (auto* o = slot(c.ev.casualties, metric); o && *o) sl = o;
        if (c.ev.casualties.killed || c.ev.casualties.injured || c.ev.casualties.arrested) told = &c;
      }
  // "One militant was wounded and arrested. Some reports state that three
  // were killed": the first account told no dead; the other's is the top.
  if (!sl && told && (sl = slot(told->ev.casualties, metric))) {
    *sl = Interval{0, other.high, other.approx, other.text, {}};
    (*sl)->why.push_back(rule_at(ctx, "other-source-figure", b, e));
    return true;
  }
  if (!sl) return false;
  Interval& iv = **sl;
  if (adds) {  // the low stays the first account's; the other's adds to the top
    if (iv.high && other.high) *iv.high += *other.high;
  } else {
    span_both(iv, other);
  }
  iv.text += "; " + other.text;
  iv.why.push_back(rule_at(ctx, "other-source-figure", b, e));
  return true;
}

// The casualty word at token i, if any: its figure, its lone victims, or
// none. Returns the last token it read (the caller's loop goes on after it).
size_t CasualtyPass::casualty_word(size_t i) {
  int v = 0;
  int n = ctx.cue_at(Cue::Casualty, i, s.tok_end, &v);
  if (!n) return i;
  std::string_view metric = lex.cue_value(v);
  // "attempted to kill", "threatened to assassinate": an infinitive tells no death.
  // ("believed to have murdered X", "accused of killing X": an allegation, casualties.rules.)
  for (size_t b = i; b > s.tok_begin && i - b < 4; --b)
    if (rule_over(ctx, R.use[cr::no_death], b - 1, i + n)) return i + n - 1;
  // "sentenced five men to death": a verdict, no dead.
  // ("attempted to burn to death a man", "tried to beat him to death": an infinitive, no death.)
  bool infinitive = false;
  for (size_t t = i;
       n == 2 && R.has_at(cr::to_word, ctx, i) && t > s.tok_begin + 1 && i - t < 5 && !infinitive; --t)
    infinitive = rule_over(ctx, R.use[cr::no_death], t - 2, i + 2);
  if (n == 2 && R.has_at(cr::to_word, ctx, i) && (infinitive || verdict_before(ctx, i, s.tok_begin)))
    return i + 1;
  casualty_here = true;
  // "no one was killed", "no casualties": none.
  PatMatch none_m;
  bool none = false;
  for (size_t j = i; j > s.tok_begin && i - j < 4 && !none; --j)
    none = rule_over(ctx, R.use[cr::none], j - 1, i + n, &none_m);
  // (One body is one dead: "the body of a man was found with 23 gunshot wounds".)
  // "Gunmen executed two men. Their bodies were found on the road": the
  // bodies are the dead an earlier sentence of the paragraph counted.
  if (int bv = 0; ctx.cue_at(Cue::Death, i, i + 1, &bv) && lex.cue_value(bv) != "found"sv &&
                  lex.cue_value(bv) != "verdict"sv && lex.cue_value(bv) != "other"sv) {
    // (Not "another dead body was found": one more.)
    bool counted = false, more = false;
    for (size_t t = i; t > s.tok_begin && i - t < 4; --t) more |= R.has_at(cr::more, ctx, t - 1);
    for (uint32_t sj = para_sent; sj < si && !counted && !more; ++sj)
      for (size_t k : by_sent[sj])
        counted |= !cands[k].absorbed && !cands[k].in_tally && cands[k].ev.casualties.killed.has_value();
    if (counted) {
      return i + n - 1;
    }
  }
  int q = one_body_at(ctx, i, s.tok_end) ? -1 : number_for(ctx, i, n, s.tok_begin, s.tok_end, used);
  if (q < 0 && !one_body_at(ctx, i, s.tok_end) && metric == "killed"sv)
    q = long_count(ctx, i, s.tok_begin, used);
  // "three men … killed a farmer": with a lone object after the verb, a
  // figure before it counts the killers.
  if (q >= 0 && ctx.nums[q].tok_end <= i && R.has_at(cr::article, ctx, i + n) &&
      lone_victim(ctx, i, n, s.tok_begin, s.tok_end).b == i + n)
    q = -1;
  // "No one was killed": "one" belongs to the "no" phrase, no figure.
  if (none && q >= 0 && ctx.nums[q].tok_begin >= none_m.b) q = -1;
  if (none && q < 0) {
    no_figure(i, n, metric, none_m);
    return i + n - 1;
  }
  if (q < 0) {
    if (!none && !tally_frame) lone_figure(i, n, metric);
    return i + n - 1;
  }
  if (restated(i, metric, q)) return i + n - 1;
  figure(i, n, metric, q);
  return i + n - 1;
}

// "One person died and two were injured. … 1 fatality, 2 injured": a figure of a
// summary noun (casualties.rules class restating-noun) in a sentence whose event is
// only casualty words, equal to the dead the paragraph's assaults told before,
// restates them (no new dead).
bool CasualtyPass::restated(size_t i, std::string_view metric, int q) {
  const Num& num = ctx.nums[q];
  if (metric != "killed"sv || !num.low || num.high != num.low) return false;
  Cand* c = target_for(i, metric);
  if (!R.has_at(cr::restating_noun, ctx, i) || !c || !(lex.triggers[c->def].flags & kCasualty)) return false;
  int64_t told =
      0;  // (this sentence's figures told before it too: "11 were also killed (12 fatalities in all)")
  for (uint32_t sj = para_sent; sj <= si; ++sj)
    for (size_t k : by_sent[sj])
      if (const Cand& o = cands[k];
          !o.absorbed && !o.in_tally && o.ev.casualties.killed && o.ev.casualties.killed->low)
        told += *o.ev.casualties.killed->low;
  return told == *num.low;
}

// "No one was killed", "no casualties": 0/0 on the event.
void CasualtyPass::no_figure(size_t i, int n, std::string_view metric, const PatMatch& none_m) {
  if (Cand* c = target_for(i, metric)) {
    std::string words(ctx.doc.view(doc.tokens[i].start, doc.tokens[i + n - 1].end));
    auto* sl = slot(c->ev.casualties, metric);
    if (sl && !*sl) *sl = Interval{0, 0, false, words, {}}, (*sl)->why.assign(1, pattern_rule(ctx, none_m));
    // "No casualties" says nobody was killed or hurt.
    std::string_view w = ctx.w(i);
    if (R.has(cr::casualty_noun, w)) {
      auto* killed = slot(c->ev.casualties, "killed");
      if (killed && !*killed)
        *killed = Interval{0, 0, false, words, {}}, (*killed)->why.assign(1, pattern_rule(ctx, none_m));
    }
  }
}

// No figure: victims named one by one, a definite victim told before, a later death.
void CasualtyPass::lone_figure(size_t i, int n, std::string_view metric) {
  LoneVictims lv = lone_victim(ctx, i, n, s.tok_begin, s.tok_end);
  Cand* c = target_for(i, metric);
  // "him", "the victim": a person told before, maybe counted already.
  bool anaphor = lv.count == 1 && lv.e == lv.b + 1 && R.has_at(cr::pronoun_one, ctx, lv.b);
  if (lv.count == 0) lv = definite_victim(ctx, i, s.tok_begin), anaphor = lv.count > 0;
  if (lv.count == 0 && metric == "killed"sv) lv = later_death(ctx, i, s.tok_begin);
  // (An earlier sentence of the paragraph that gave an assault this
  // metric counted them: "… killed a soldier. The victim was heading
  // home when fighters killed him".)
  for (uint32_t sj = para_sent; anaphor && c && sj < si; ++sj)
    for (size_t k : by_sent[sj])
      if (auto* o = slot(cands[k].ev.casualties, metric); o && *o && !cands[k].absorbed) c = nullptr, lv = {};
  if (!c) c = carried(metric, lv.count);
  // "a second assailant", "another soldier": one more than the account before.
  bool one_more = false;
  for (size_t t = lv.b; lv.count == 1 && t < lv.e && t < lv.b + 2; ++t)
    one_more |= R.has_at(cr::more, ctx, t);
  if (lv.count > 0 &&
      widen_other(metric,
                  Interval{lv.count,
                           lv.count,
                           false,
                           std::string(ctx.doc.view(doc.tokens[lv.b].start, doc.tokens[lv.e - 1].end)),
                           {}},
                  lv.b, lv.e, one_more))
    c = nullptr;
  if (lv.count > 0 && c) {
    auto* sl = slot(c->ev.casualties, metric);
    if (sl && !*sl)
      *sl = Interval{lv.count,
                     lv.count,
                     false,
                     std::string(ctx.doc.view(doc.tokens[lv.b].start, doc.tokens[lv.e - 1].end)),
                     {}},
      (*sl)->why = {cue_rule(ctx, Cue::Casualty, i, i + n),
                    rule_at(ctx, "victims-named-one-by-one", lv.b, lv.e)};
    if (sl && lv.by.rule >= 0) (*sl)->why.push_back(pattern_rule(ctx, lv.by));
  }
}

// The figure q of the casualty word at i: a tally's, another source's, or an event's.
void CasualtyPass::figure(size_t i, int n, std::string_view metric, int q) {
  const Num& num = ctx.nums[q];
  // Cumulative: the sentence frames it, or the paragraph began a tally and
  // no incident is told before the figure.
  bool incident_before = false;
  for (size_t k : by_sent[si]) {
    const Cand& c = cands[k];
    uint8_t fl = lex.triggers[c.def].flags;
    if (c.absorbed || c.tb >= num.tok_begin) continue;
    // A trigger, or a casualty verb with its killer ("fighters killed three soldiers").
    if (!(fl & (kWeak | kCasualty | kResult)) || ((fl & kCasualty) && c.actor >= 0 && !c.passive))
      incident_before = true;
  }
  bool is_tally = tally_frame || (prev_tally && !incident_before);
  // "Thirty-two people were killed in strikes on Sunday, …, bringing the
  // death toll since the war began to 39,897": the day's figure, told
  // before the toll, is the incident's.
  if (is_tally && incident && own_date && tally_tok != SIZE_MAX && num.tok_end <= tally_tok &&
      first_day_tok < tally_tok &&  // (not "…, the UN said on Friday" after the toll)
      !ctx.long_span_sentence[si] && i < tally_tok)
    is_tally = false;
  used[q] = true;
  if (is_tally) {
    make_tally(i, metric, num, incident_before);
  } else if (widen_other(metric, interval_of(ctx, num), num.tok_begin, num.tok_end)) {
    // (Another source's figure for the dead counted before.)
  } else if (Cand* c = target_for(i, metric) ? target_for(i, metric)
                       : num.tok_end <= i && !in_aside(ctx, num.tok_begin, s.tok_begin) && num.low
                           ? carried(metric, *num.low)
                           : nullptr) {
    attach_figure(i, n, metric, num, c);
  }
}

// A cumulative figure: a Tally with its group, place, since; an incident named with it keeps its own.
void CasualtyPass::make_tally(size_t i, std::string_view metric, const Num& num, bool incident_before) {
  this_tally = true;
  Tally t;
  t.metric = std::string(metric);
  t.low = num.low;
  t.high = num.high;
  // Group: the people named by the figure, else a demonym in the sentence.
  size_t after = num.tok_end;
  int gc = after < s.tok_end ? ctx.chunk_of_tok[after] : -1;
  if (gc >= 0 && ctx.chunks[gc].kind == ChunkKind::Place) gc = -1;
  if (gc < 0)
    for (size_t k = s.tok_begin; k < s.tok_end && gc < 0; ++k) {
      int c = ctx.chunk_of_tok[k];
      if (c < 0 || ctx.chunks[c].kind != ChunkKind::Group) continue;
      // Not the attacker's demonym ("Israeli strikes"): a modifier of a trigger.
      bool modifies_trigger = false;
      for (size_t j : by_sent[si]) modifies_trigger |= cands[j].tb == ctx.chunks[c].e;
      if (!modifies_trigger) gc = c;
    }
  if (gc >= 0) {
    const Chunk& g = ctx.chunks[gc];
    t.group = g.name;
    t.country = g.country;
    if (g.adjective) {
      int ci = 0, kind = 0;
      if (country_at(ctx, g.b, g.e, &ci, &kind)) t.group = lex.countries[ci].people;
    }
  }
  // Place: "in Gaza" after the figure, else "in / on X" anywhere in the sentence.
  for (int pass = 0; pass < 2 && !t.place; ++pass) {
    size_t from = pass == 0 ? num.tok_end : s.tok_begin;
    size_t to = pass == 0 ? std::min<size_t>(s.tok_end, num.tok_end + 7) : s.tok_end;
    PatMatch pm;
    for (size_t k = from; k + 1 < to; ++k)
      if (R.set->match_at(ctx, R.use[cr::tally_place], k, s.tok_end, pm)) {
        t.place = place_of(ctx, ctx.chunk_of_tok[pm.cap_b[0]], "in");
        break;
      }
  }
  if (t.place && t.country.empty()) {
    t.country = t.place->country;
    if (t.group.empty())
      for (const auto& cd : lex.countries)
        if (cd.alpha3 == t.country) t.group = cd.people;
  }
  t.as_of = doc.meta.published;
  // Since: "since DATE", else the paragraph's earliest date before the published one.
  // (The last one told; "since the start of the year": January 1 of the published year.)
  for (size_t k = s.tok_begin; k + 1 < s.tok_end; ++k) {
    PatMatch sm;
    if (!R.set->match_at(ctx, R.use[cr::since], k, s.tok_end, sm)) continue;
    const PatRule& r = R.set->rule(sm.rule);
    if (r.action("since") == "year-start"sv && doc.meta.published)
      t.since = Date{doc.meta.published->year, 1, 1};
    else if (sm.has(0) && ctx.time_of_tok[sm.cap_b[0]] >= 0)
      t.since = ctx.times[ctx.time_of_tok[sm.cap_b[0]]].first;
  }
  if (!t.since && s.paragraph < earliest_old.size()) t.since = earliest_old[s.paragraph];
  t.evidence.push_back({s.start, s.end});
  if (si < sources.size() && sources[si]) t.attribution.push_back(*sources[si]);
  // "The death toll from Sunday's attack rose to 31": the toll of one
  // incident (a singular, definite attack named between) is its dead too.
  if (metric == "killed"sv)
    for (size_t k : by_sent[si]) {
      Cand& c = cands[k];
      if (c.absorbed || c.in_tally || lex.triggers[c.def].type != "ASSAULT"sv) continue;
      if (c.tb <= i || c.te > num.tok_begin) continue;
      std::string_view tw = ctx.w(c.te - 1);
      std::string_view before = c.tb > 0 ? ctx.w(c.tb - 1) : std::string_view();
      bool singular = !tw.empty() && tw.back() != 's';
      bool definite = R.has(cr::definite_attack, before);
      bool told = false;
      for (size_t k2 : by_sent[si]) told = told || cands[k2].ev.casualties.killed;
      if (singular && definite && !told)
        c.ev.casualties.killed = interval_of(ctx, num),
        c.ev.casualties.killed->why.assign(
            1, rule_at(ctx, "figure-of-the-attack-before", num.tok_begin, num.tok_end));
    }
  // "Shelling of a market on Monday killed six, officials said, raising an
  // earlier toll of five": a dated incident told before its figure owns
  // the updated figure too.
  bool told = false;  // the sentence already gave the incident its own figure
  for (size_t k : by_sent[si])
    if (auto* o = slot(cands[k].ev.casualties, metric); o && *o) told = true;
  if (first_day_tok < num.tok_begin && incident_before && !prev_tally && !ctx.long_span_sentence[si] &&
      !told) {
    Cand* best = nullptr;
    for (size_t k : by_sent[si]) {
      Cand& c = cands[k];
      uint8_t fl = lex.triggers[c.def].flags;
      if (c.absorbed || c.in_tally || c.tb >= num.tok_begin || (fl & (kCasualty | kResult))) continue;
      if (lex.triggers[c.def].type != (metric == "arrested"sv ? "COERCE" : "ASSAULT")) continue;
      if (!best || c.tb > best->tb) best = &c;
    }
    if (best)
      if (auto* sl = slot(best->ev.casualties, metric); sl && !*sl)
        *sl = interval_of(ctx, num),
        (*sl)->why.assign(1, rule_at(ctx, "dated-incident-owns-updated-toll", num.tok_begin, num.tok_end));
  }
  tallies.push_back(std::move(t));
}

// An incident's figure on candidate c, with the groups listed beside it.
void CasualtyPass::attach_figure(size_t i, int n, std::string_view metric, const Num& num, Cand* c) {
  int pn = 0;
  bool put = incident && put_figure_at(ctx, i, s.tok_end, &pn);
  if (put)  // the candidate that already holds this sentence's figure
    for (size_t k : by_sent[si])
      if (auto* o = slot(cands[k].ev.casualties, metric); o && *o && !cands[k].absorbed) {
        c = &cands[k];
        break;
      }
  auto* sl = slot(c->ev.casualties, metric);
  // "… a woman was killed. 2 fatalities.": a summary figure above the
  // only figure told is the event's whole count.
  if (sl && *sl && !target_for(i, metric)) sl->reset();
  if (sl && *sl && put) {
    // Two sources, two figures: the interval they span.
    Interval other = interval_of(ctx, num);
    Interval& iv = **sl;
    span_both(iv, other);
    iv.text += "; " + other.text;
    iv.why.push_back(rule_at(ctx, "second-source-figure", num.tok_begin, num.tok_end));
  } else if (sl && !*sl) {
    *sl = interval_of(ctx, num);
    (*sl)->why = {cue_rule(ctx, Cue::Casualty, i, i + n),
                  rule_at(ctx,
                          num.tok_begin >= i + n ? "casualty-figure-after-casualty-word"
                                                 : "casualty-figure-before-casualty-word",
                          num.tok_begin, num.tok_end)};
    // (Read far on by a rule: "the number of people killed … rose to 31".)
    if (PatMatch fm; num.tok_begin >= i + n + 4 && figure_far(ctx, i, n, s.tok_begin, s.tok_end, &fm))
      (*sl)->why.push_back(pattern_rule(ctx, fm));
    Listed more = groups_before(ctx, num, s.tok_begin);
    if (!more.any) more = groups_after(ctx, num, s.tok_end);
    if (more.any) {
      Interval& iv = **sl;
      if (iv.low) *iv.low += more.low;
      if (iv.high && more.high)
        *iv.high += *more.high;
      else
        iv.high.reset();
      iv.text = std::string(ctx.doc.view(doc.tokens[more.b].start, doc.tokens[more.e - 1].end));
    }
    // "the commander and four of his bodyguards were killed": one more.
    else if (size_t b = person_and_before(ctx, num.tok_begin, s.tok_begin); b != SIZE_MAX) {
      Interval& iv = **sl;
      if (iv.low) ++*iv.low;
      if (iv.high) ++*iv.high;
      iv.text = std::string(ctx.doc.view(doc.tokens[b].start, doc.tokens[num.tok_end - 1].end));
    }
    // "killed 10 police officers and their driver": one more named after the figure's noun.
    else if (size_t e = person_and_after(ctx, num.tok_end, s.tok_end); e != 0) {
      Interval& iv = **sl;
      if (iv.low) ++*iv.low;
      if (iv.high) ++*iv.high;
      iv.text = std::string(ctx.doc.view(doc.tokens[num.tok_begin].start, doc.tokens[e - 1].end));
    }
    // "a suicide bomber killed himself and seven others": the attacker is one of the dead
    // ("two bombers …, killing themselves and three worshippers": the two).
    else if (metric == "killed"sv && num.tok_begin >= 2 && R.has_at(cr::and_word, ctx, num.tok_begin - 1) &&
             (R.has_at(cr::reflexive, ctx, num.tok_begin - 2) ||
              R.has_at(cr::reflexive_plural, ctx, num.tok_begin - 2))) {
      Interval& iv = **sl;
      int64_t self = R.has_at(cr::reflexive, ctx, num.tok_begin - 2)
                         ? 1
                         : opening_group_count(ctx, s.tok_begin, num.tok_begin - 2);
      if (iv.low) *iv.low += self;
      if (iv.high) *iv.high += self;
      iv.text =
          std::string(ctx.doc.view(doc.tokens[num.tok_begin - 2].start, doc.tokens[num.tok_end - 1].end));
    }
  }
}

// "deadly clashes", "a fatal shooting": killed, at least one.
void CasualtyPass::deadly_adjectives() {
  for (size_t k : by_sent[si]) {
    Cand& c = cands[k];
    for (size_t j = c.tb; j > s.tok_begin && c.tb - j < 3; --j) {
      PatMatch dm;
      if (!c.ev.casualties.killed && R.set->match_at(ctx, R.use[cr::killed_adjective], j - 1, j, dm))
        c.ev.casualties.killed =
            Interval{1,
                     std::nullopt,
                     false,
                     std::string(ctx.doc.view(doc.tokens[dm.b].start, doc.tokens[dm.e - 1].end)),
                     {}},
        c.ev.casualties.killed->why.assign(1, pattern_rule(ctx, dm));
    }
  }
}

// Victim categories.
void CasualtyPass::victim_categories() {
  bool victims_word = casualty_here;
  for (size_t i = s.tok_begin; i < s.tok_end; ++i) victims_word |= R.has_at(cr::victims_noun, ctx, i);
  if (victims_word && !this_tally) {
    std::vector<std::string> victims;
    // "Jihadist fighters killed 21 civilians": the subject of an active
    // casualty verb is the attacker, not a victim.
    size_t from = s.tok_begin;
    for (size_t i = s.tok_begin; i < s.tok_end; ++i) {
      if (!ctx.cue_at(Cue::Casualty, i, s.tok_end)) continue;
      std::string_view w = ctx.w(i), prev = i > s.tok_begin ? ctx.w(i - 1) : std::string_view();
      bool active = w.size() > 3 && (w.ends_with("ing") || R.has(cr::active_verb, w));
      bool passive = is_be_form(ctx, prev) || R.has(cr::been_word, prev) || R.has(cr::others_word, prev) ||
                     ctx.num_of_tok[i - (i > s.tok_begin)] >= 0;
      std::string_view nx = ctx.w(i + 1);  // "Five soldiers killed in an ambush": a reduced passive
      bool object = !nx.empty() && !R.has(cr::no_object, nx);
      if (active && !passive && object) from = i;
      break;
    }
    for (size_t i = from; i < s.tok_end; ++i) {
      int v = 0;
      if (int n = ctx.cue_at(Cue::Victim, i, s.tok_end, &v)) {
        // "killed by soldiers", "when a soldier fired at the car": the attacker, no victim.
        if ((i > s.tok_begin && R.has_at(cr::by_word, ctx, i - 1)) ||
            (i + n < s.tok_end && R.has_at(cr::attacker_verb, ctx, i + n))) {
          i += n - 1;
          continue;
        }
        std::string cat(lex.cue_value(v));
        bool dup = false;
        for (auto& x : victims) dup |= x == cat;
        if (!dup) victims.push_back(cat);
        i += n - 1;
      }
    }
    if (!victims.empty())
      if (Cand* c = target_at(s.tok_begin)) c->ev.casualties.victims = victims;
  }
}

// Materiel destroyed, damaged or captured.
void CasualtyPass::materiel() {
  std::string fate;
  for (size_t i = s.tok_begin; i < s.tok_end && fate.empty(); ++i) {
    int v = 0;
    if (ctx.cue_at(Cue::Fate, i, s.tok_end, &v)) fate = std::string(lex.cue_value(v));
  }
  if (!fate.empty()) {
    for (size_t i = s.tok_begin; i < s.tok_end; ++i) {
      int v = 0;
      int n = ctx.cue_at(Cue::Materiel, i, s.tok_end, &v);
      if (!n) continue;
      int q = i > s.tok_begin ? ctx.num_of_tok[i - 1] : -1;
      if (q >= 0 || (i > s.tok_begin && R.has_at(cr::article, ctx, i - 1))) {
        Materiel m;
        m.what = std::string(lex.cue_value(v));
        m.count = q >= 0 && ctx.nums[q].low ? *ctx.nums[q].low : 1;
        m.fate = fate;
        if (q >= 0) used[q] = true;
        if (Cand* c = target_at(i)) c->ev.materiel.push_back(m);
      }
      i += n - 1;
    }
  }
}

// The nearest violent event of the sentence to token tok.
Cand* CasualtyPass::violent_near(size_t tok) {
  Cand* best = nullptr;
  size_t best_d = SIZE_MAX;
  for (size_t k : by_sent[si]) {
    Cand& c = cands[k];
    const TriggerDef& d = lex.triggers[c.def];
    if (c.absorbed ||
        !(d.type == "ASSAULT"sv || d.type == "COERCE"sv || (d.type == "PROTEST"sv && d.mode == "riot"sv)))
      continue;
    size_t dist = c.tb > tok ? c.tb - tok : tok - c.tb;
    if (dist < best_d) best_d = dist, best = &c;
  }
  return best;
}

// Targets and weapons: the things hit and the instruments named, on the
// nearest violent event of the sentence.
void CasualtyPass::targets_and_weapons() {
  if (!by_sent[si].empty() && !this_tally)
    for (size_t i = s.tok_begin; i < s.tok_end; ++i) {
      int v = 0;
      bool weapon = false;
      int n = ctx.cue_at(Cue::Target, i, s.tok_end, &v);
      if (int nw = ctx.cue_at(Cue::Weapon, i, s.tok_end); nw > n)
        n = ctx.cue_at(Cue::Weapon, i, s.tok_end, &v), weapon = true;
      if (!n) continue;
      // "police station", not the "police" party; a name's own word ("Shifa Hospital") is the name's.
      if (int ci = ctx.chunk_of_tok[i]; ci >= 0 && ctx.chunks[ci].kind != ChunkKind::Nominal) {
        i += n - 1;
        continue;
      }
      // The noun phrase: back over up to three modifiers to its determiner or count.
      size_t b = i;
      for (size_t j = i; j > s.tok_begin && i - j < 3; --j) {
        std::string_view w = ctx.w(j - 1);
        if (is_determiner_word(ctx, w) || ctx.num_of_tok[j - 1] >= 0) {
          b = j - 1;
          break;
        }
        if (list_stop(ctx, w) || ctx.cue_at(Cue::Casualty, j - 1, i) ||
            doc.tokens[j - 1].kind != TokenKind::Word)
          break;
      }
      std::string_view before = b > s.tok_begin ? ctx.w(b - 1) : std::string_view();
      // A thing the event happened beside is no target ("near a checkpoint").
      bool beside = !weapon && R.has(cr::beside, before);
      if (!beside)
        if (Cand* c = violent_near(i)) {
          ObjectRef o;
          o.what = std::string(lex.cue_value(v));
          o.start = doc.tokens[b].start;
          o.end = doc.tokens[i + n - 1].end;
          o.text = std::string(doc.view(o.start, o.end));
          auto& objs = weapon ? c->ev.weapons : c->ev.targets;
          // "AK-47 rifles": one weapon told in two names.
          if (!objs.empty() && objs.back().end + 1 >= o.start && o.start > objs.back().start &&
              doc.tokens[b].start == o.start && b > s.tok_begin && doc.tokens[b - 1].end == objs.back().end) {
            objs.back().end = o.end;
            objs.back().what = o.what;
            objs.back().text = std::string(doc.view(objs.back().start, o.end));
          } else if (auto same = std::find_if(objs.begin(), objs.end(),
                                              [&](const ObjectRef& y) { return y.start == o.start; });
                     same == objs.end()) {
            objs.push_back(std::move(o));
          } else if (same->end < o.end) {
            // "a U.S. embassy warehouse": the phrase's last noun is the thing.
            *same = std::move(o);
          }
        }
      i += n - 1;
    }
}

// The paragraph's last assault; a tally sentence's triggers that tell no incident.
void CasualtyPass::end_sentence() {
  // (A sentence that only restated the paragraph's dead is part of its assault: no event of its own.)
  for (size_t k : by_sent[si])
    if (Cand& c = cands[k]; outcome_only && !c.ev.casualties.killed && !c.ev.casualties.injured)
      c.absorbed = true;
  for (size_t k : by_sent[si])
    if (Cand& c = cands[k];
        !outcome_only && !c.absorbed && !c.in_tally && lex.triggers[c.def].type == "ASSAULT"sv)
      carry_sent = si;
  if (this_tally) {
    prev_tally = true;
    for (size_t k : by_sent[si]) {
      Cand& c = cands[k];
      // "… killed since the Russian invasion began": the toll's start, no event told here.
      for (size_t j = c.tb; j > s.tok_begin && c.tb - j < 4; --j)
        if (R.has_at(cr::toll_start, ctx, j - 1)) c.in_tally = true;
      // (Not one that holds an incident's own figure told before the toll.)
      if ((lex.triggers[c.def].flags & (kCasualty | kResult)) && !c.ev.casualties.killed &&
          !c.ev.casualties.injured)
        c.in_tally = true;
      // "Militant attacks killed 1,500 people this year": plural attacks with no
      // day of their own are the tally's, not one incident.
      std::string_view tw = ctx.w(c.te - 1);
      bool dated = first_day_tok <= c.tb;  // "on Monday, strikes …"
      for (size_t j = c.te; j < s.tok_end && j < c.te + 6 && !dated;
           ++j)  // "the attacks on Israel on October 7"
        if (int ti = ctx.time_of_tok[j]; ti >= 0) dated = ctx.times[ti].precision == "day"sv;
      // (Also a mass noun: "Fighting in Sudan has killed 12,000 since April".)
      bool mass = tw.size() > 4 && tw.substr(tw.size() - 3) == "ing";
      if ((c.noun || ctx.chunk_of_tok[c.te] < 0) && !tw.empty() && (tw.back() == 's' || mass) && !dated &&
          !c.ev.casualties.killed && lex.triggers[c.def].type == "ASSAULT"sv)
        c.in_tally = true;
    }
  }
}

}  // namespace

void assign_casualties(const Context& ctx, std::vector<Cand>& cands, std::vector<Tally>& tallies,
                       const std::vector<std::optional<Attribution>>& sources) {
  CasualtyPass(ctx, cands, tallies, sources).run();
}

}  // namespace sitrep::events
