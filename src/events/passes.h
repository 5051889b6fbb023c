// Events: the passes of extract_events, in order, and the candidate record they
// share. A candidate is one trigger occurrence; passes fill its roles, figures,
// sources and modality; merge.cc folds candidates that tell one event into
// Document::events. Internal to src/events.
#pragma once

#include <optional>
#include <vector>

#include "events/context.h"

namespace sitrep::events {

// Lexicon strings (types, modes, kinds) are compared with "…"sv literals: an
// inline length check and memcmp instead of std::string::compare(const char*).
using namespace std::string_view_literals;

struct Cand {
  uint32_t sent = 0;
  uint32_t tb = 0, te = 0;                     // trigger tokens
  int def = -1;                                // index into EventLexicon::triggers
  int actor = -1, recipient = -1, place = -1;  // chunk indices
  std::string place_relation = "in";
  bool passive = false;
  bool place_inferred = false;  // the paragraph's last place or the dateline, not told with the trigger
  bool noun = false;            // used as a noun here ("its attacks", "a tight ambush")
  bool absorbed = false;   // the content of a request, promise or threat; a restated toll (casualties.cc)
  bool definite = false;   // "the bombing": may refer back to an event told before
  bool known_act = false;  // "the murder of X": an act of force told as known (no modal makes it unreal)
  int source = -1;         // chunk of the party that reports it (sentence or paragraph)
  bool in_tally = false;
  bool generic = false;  // a habitual or generic mention ("has been fighting for 15 years"): no event
  bool refusal = false;
  // The time of a reporting verb of its sentence ("Gantz said on Sunday that
  // the army would attack"), index into Context::times, -1 when none: it dates
  // a promise or a threat the act is recoded as.
  int told_time = -1;
  bool forced_strong = false;
  bool actor_from_subject = false;
  std::string
      recipient_country;  // "his Jordanian counterpart Ayman Safadi": the person's country from the demonym
  // --explain: the rule that chose actor, recipient and place (a static name).
  const char* actor_rule = nullptr;
  const char* recipient_rule = nullptr;
  const char* place_rule = nullptr;
  std::vector<int>
      co_actors;  // "Israel, Jordan and Egypt condemned": the other conjuncts  // the actor is only the
                  // sentence subject (no closer cue)  // a weak trigger turned into another event ("lifted
                  // the curfew")      // negated with a modal ("will not accept"): a refusal     // a
                  // casualty word of a cumulative figure, not an incident
  Event ev;
};

// triggers.cc: one candidate per trigger occurrence (weak triggers only beside
// a strong one of their type; contents of requests and promises absorbed).
std::vector<Cand> find_triggers(const Context& ctx);

// roles.cc: actor, recipient, place of each candidate from shallow syntax.
void assign_roles(const Context& ctx, std::vector<Cand>& cands);

// attribution.cc: who says so, per sentence and paragraph; claims. Returns each
// sentence's attribution (its own reporting clause, else its paragraph's).
std::vector<std::optional<Attribution>> assign_attribution(const Context& ctx, std::vector<Cand>& cands);

// modality.cc: negated / hypothetical / future; dates; background.
void assign_modality_and_dates(const Context& ctx, std::vector<Cand>& cands);

// casualties.cc: casualty intervals, victims and materiel for candidates; the
// cumulative figures become Document tallies instead.
void assign_casualties(const Context& ctx, std::vector<Cand>& cands, std::vector<Tally>& tallies,
                       const std::vector<std::optional<Attribution>>& sources);

// casualties.cc: how many people the casualty word at token k (a `casualty`
// cue) names one by one as its victims ("a man was found dead": 1, "killed a
// soldier and a policeman": 2), or 0; triggers.cc keeps a lone casualty word
// with such victims as an event.
int64_t lone_victims(const Context& ctx, size_t k, size_t sb, size_t se);

// merge.cc: candidates → Document::events (one event per real-world event told
// in the document), with ids, ACLED defaults and confidence.
void merge_events(const Context& ctx, std::vector<Cand>& cands, std::vector<Event>& out);

// totals.cc: an editor's note stating the report's total dead ("Unknown
// fatalities coded as 10") replaces the killed figures of its real events.
void apply_stated_totals(const Context& ctx, std::vector<Event>& events);

// Shared helpers.
bool is_clause_break(const Context& ctx, size_t i);
bool is_be_form(const Context& ctx, std::string_view w);
// Whether a party ending at token `from` carries out the act of force a noun
// trigger at `to` names (a `perform` cue between: "carried out an attack").
bool subject_performs(const Context& ctx, size_t from, size_t to);
Party party_of(const Context& ctx, int chunk);
EventPlace place_of(const Context& ctx, int chunk, const std::string& relation);
// roles.cc: an actor that is a town or district is none; unnamed parties
// ("police", "protesters", "unknown gunmen") and named ones the dictionary gives
// no country ("the National Congress Party") take the event place's country,
// else the report's home country (ACLED's "Protesters (India)"). `state_only`:
// only state and civil parties (not unidentified armed groups, rebels,
// criminals), and only from the event's place: merge runs it so before it
// infers an assault's target from the place, and in full after.
void settle_party_countries(const Context& ctx, Event& e, bool state_only);
// roles.cc: an assault on a thing an organisation or place owns or names
// ("bombed the U.S. embassy", "set fire to the Avianca building", "the offices
// of the telephone company") hits that organisation or place, named by the
// thing: the recipient when the event had none (or only an inferred one), or
// the recipient's own name widened to the thing ("U.S." -> "U.S. embassy").
// A thing no party owns ("blew up four power pylons near Kadugli") is the
// recipient of an event that had none (or only an inferred one) and hurt no
// one, pointing to the event's place.
void struck_object_recipient(const Context& ctx, Event& e);

// --explain: a rule over the words of tokens [tb, te) (none when te <= tb).
inline Rule rule_at(const Context& ctx, const char* name, size_t tb, size_t te, std::string key = {}) {
  Rule r{name, std::move(key), 0, 0};
  if (tb < te && te <= ctx.doc.tokens.size())
    r.start = ctx.doc.tokens[tb].start, r.end = ctx.doc.tokens[te - 1].end;
  return r;
}
// The words of a chunk (none for -1).
inline Rule rule_of_chunk(const Context& ctx, const char* name, int chunk) {
  if (chunk < 0 || chunk >= static_cast<int>(ctx.chunks.size())) return Rule{name, {}, 0, 0};
  return rule_at(ctx, name, ctx.chunks[chunk].b, ctx.chunks[chunk].e);
}
// A cue row of cues.tsv matched at tokens [tb, te): "class:phrase".
Rule cue_rule(const Context& ctx, Cue c, size_t tb, size_t te);
// The trigger row of a candidate: "trigger:form" over the trigger's words.
Rule trigger_rule(const Context& ctx, const Cand& c);
// A candidate's role chunk → the rule recorded on its Party or EventPlace.
inline void explain_role(const Context& ctx, Why& w, const char* rule, int chunk) {
  w.assign(1, rule_of_chunk(ctx, rule ? rule : "role", chunk));
}

}  // namespace sitrep::events
