// Events, pass 6: in-document merge. Input: candidates with every field filled.
// Output: Document::events. Candidates of one sentence with the same type and
// compatible parties are one event (the weapon, the casualties and the place
// told around one trigger), unless a relative clause ("which witnessed deadly
// clashes") opens a new one; across sentences, a definite mention ("the Israeli
// bombing") joins a compatible event told just before, a headline joins the
// body event it announces, and meetings of the same two parties are one
// meeting. The merged event keeps every evidence span, the most specific mode,
// place and date. Ids are "<doc id>#<n>" in order of first evidence.
#include <algorithm>
#include <unordered_map>

#include "events/passes.h"
#include "events/pattern.h"
#include "events/typing.h"

namespace sitrep::events {

namespace {

// The word classes and rule uses of data/events/merge.rules this pass reads.
struct MergeTag {};
enum MergeClass : size_t {
  kWordFigure,
  kDefinite,
  kRaid,
  kMore,
  kAlso,
  kCivilianSector,
  kRiotEvidence,
  kKeptCoercion,
  kStateSector,
  kCombatantVictim,
  kReciprocal,
  kSeizedArms,
  kObjectStop,
  kActAgent,
  kLaterDeath,
  kMergeClasses
};
constexpr std::string_view kMergeClassNames =
    "merge-word-figure merge-definite merge-raid merge-more merge-also merge-civilian-sector "
    "merge-riot-evidence merge-kept-coercion merge-state-sector merge-combatant-victim "
    "merge-reciprocal merge-seized-arms merge-object-stop merge-act-agent "
    "merge-later-death";
enum MergeUse : size_t { kRelativeClause, kOtherDead, kMergeUses };

const PassNames<MergeTag, kMergeClasses, kMergeUses>& names(const Context& ctx) {
  return pass_names<MergeTag, kMergeClasses, kMergeUses>(ctx, kMergeClassNames,
                                                         "merge-relative-clause merge-other-dead");
}

bool is(const Context& ctx, MergeClass c, std::string_view w) { return names(ctx).has(c, w); }
bool is_at(const Context& ctx, MergeClass c, size_t tok) { return names(ctx).has_at(c, ctx, tok); }

// Whether a CAMEO sector code is in a class of merge.rules (written lower case there).
bool sector_in(const Context& ctx, MergeClass c, std::string_view sector) {
  return names(ctx).has_code(c, sector);
}

// A CAMEO sector of unarmed people (civilians, farmers, students, traders …; merge.rules).
bool civilian_sector(const Context& ctx, std::string_view sector) {
  return sector_in(ctx, kCivilianSector, sector);
}

struct Group {
  std::vector<size_t> cands;
  Event ev;
  std::optional<Party> actor, recipient;
  bool headline_only = true;
  bool definite = false;
  uint32_t first_sent = 0, last_sent = 0;
  bool strong = false;
  bool place_inferred = false;  // its place is the paragraph's or the dateline's, not told with it
  // Its actor is the attack's told before ("… Two were killed"), none of its own.
  bool actor_of_outcome = false;
};

bool compatible(const std::string& a, const std::string& b) { return a.empty() || b.empty() || a == b; }
std::string country(const std::optional<Party>& p) { return p ? p->country : std::string(); }

int place_rank(const std::optional<EventPlace>& p) {
  if (!p) return 0;
  const std::string& pr = p->precision;
  int r = pr == "exact"      ? 6
          : pr == "town"     ? 5
          : pr == "district" ? 4
          : pr == "admin1"   ? 3
          : pr == "country"  ? 2
                             : 1;
  if (p->lat) r += 10;
  return r;
}

int date_rank(const DateRange& d) {
  // A day told only for the telling ("said Monday") dates the act loosely.
  if (!d.why.empty() && d.why.front().name && std::string_view(d.why.front().name) == "reporting-day"sv)
    return 1;
  return d.basis == "explicit"sv ? 3 : d.basis == "relative"sv ? 2 : d.basis == "published"sv ? 1 : 0;
}

bool dates_compatible(const DateRange& a, const DateRange& b) {
  if (date_rank(a) < 2 || date_rank(b) < 2) return true;
  if (!a.start || !b.start || !a.end || !b.end) return true;
  return !(*a.end < *b.start || *b.end < *a.start);
}

// `add`: two figures of one sentence told by one source are different dead
// ("killing 10 militants, while 4 soldiers were killed"): they add up; told by
// two sources they are two readings of one toll (see span below).
void absorb(const Context& ctx, Group& g, const Group& o, bool add = false) {
  for (size_t k : o.cands) g.cands.push_back(k);
  Event& e = g.ev;
  const Event& x = o.ev;
  // (Before the places merge: the two events' own places differ.)
  const bool apart =
      e.place && x.place && !g.place_inferred && !o.place_inferred && e.place->name != x.place->name;
  if (e.mode.empty() && !x.mode.empty()) e.mode = x.mode, e.cameo = x.cameo, e.why_mode = x.why_mode;
  // "Gunmen abducted 25 passengers": the act (abduction, sexual violence)
  // names the event better than the attackers' weapon.
  if (e.mode == "firearms"sv && (x.mode == "abduct"sv || x.mode == "sexual"sv)) {
    e.mode = x.mode, e.cameo = x.cameo, e.why_mode = x.why_mode;
    e.acled_type = x.acled_type, e.acled_sub = x.acled_sub;
  }
  if ((e.cameo.empty() || e.cameo == "190"sv || e.cameo == "040"sv) && !x.cameo.empty() &&
      x.cameo != e.cameo && x.cameo.substr(0, 2) == e.cameo.substr(0, 2) && !x.mode.empty() &&
      x.mode == e.mode)
    e.cameo = x.cameo;
  if (e.acled_type.empty() && !x.acled_type.empty()) e.acled_type = x.acled_type, e.acled_sub = x.acled_sub;
  // Prefer a specific weapon's ACLED label over a generic one.
  if (!x.mode.empty() && x.mode == e.mode && !x.acled_type.empty())
    e.acled_type = x.acled_type, e.acled_sub = x.acled_sub;
  // Not a party already in the other role ("A Russian drone attack … dozens were
  // wounded": the attack's modifier is no patient).
  auto same = [](const std::optional<Party>& p, const std::optional<Party>& q) {
    return p && q && p->name == q->name && p->country == q->country;
  };
  if (!g.actor || (g.actor->country.empty() && o.actor && !o.actor->country.empty())) {
    if (o.actor && !same(o.actor, g.recipient)) g.actor = o.actor;
  }
  // "A suicide bomber killed 14 … Al Shabaab claimed responsibility for the
  // attack": the named party claiming it is the actor behind the unnamed one.
  if (x.claim == "claimed_by_actor" && o.actor && o.actor->entity >= 0 && g.actor && g.actor->entity < 0 &&
      g.actor->sector == "UAF" && !same(o.actor, g.recipient))
    g.actor = o.actor;
  if (!g.recipient || (g.recipient->country.empty() && o.recipient && !o.recipient->country.empty())) {
    if (o.recipient && !same(o.recipient, g.actor)) g.recipient = o.recipient;
  }
  // A place told with the event beats one only inferred (the dateline), then
  // the more specific one wins.
  if (x.place && (!e.place || (g.place_inferred && !o.place_inferred) ||
                  (g.place_inferred == o.place_inferred && place_rank(x.place) > place_rank(e.place)))) {
    e.place = x.place;
    g.place_inferred = o.place_inferred;
  }
  if (date_rank(x.date) > date_rank(e.date)) e.date = x.date;
  // "deadly" (1/null) is no figure; "five" is one.
  auto word_only = [&ctx](const Interval& v) {
    std::string t;
    for (char ch : v.text) t += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    return is(ctx, kWordFigure, t);
  };
  auto take = [&](std::optional<Interval>& a, const std::optional<Interval>& b) {
    if (!b) return;
    if (!a || (word_only(*a) && !word_only(*b))) a = b;  // a number beats "deadly"
  };
  // Two figures for one metric told in one sentence of one event ("killed 3,
  // according to the ministry, while witnesses said 7 were killed") are two
  // sources' readings: the interval they span; told by one source, the sum.
  bool one_sentence =
      g.first_sent == g.last_sent && o.first_sent == o.last_sent && g.first_sent == o.first_sent;
  auto span = [&](std::optional<Interval>& a, const std::optional<Interval>& b) {
    if (!one_sentence || !a || !b || !a->low || !b->low || word_only(*a) || word_only(*b)) return;
    // (The same figure again is the same dead, "a man was shot dead … 1
    // fatality", unless told of two places: "2 killed in X and 2 killed in Y".)
    bool same = a->low == b->low && a->high == b->high;
    if (add && (!same || apart) && *a->low > 0 && *b->low > 0) {
      *a->low += *b->low;
      if (a->high && b->high)
        *a->high += *b->high;
      else
        a->high.reset();
      a->text += "; " + b->text;
      return;
    }
    if (same) return;
    if (*b->low < *a->low) a->low = b->low;
    if (!a->high || !b->high)
      a->high.reset();
    else if (*b->high > *a->high)
      a->high = b->high;
    a->text += "; " + b->text;
  };
  span(e.casualties.killed, x.casualties.killed);
  span(e.casualties.injured, x.casualties.injured);
  take(e.casualties.killed, x.casualties.killed);
  take(e.casualties.injured, x.casualties.injured);
  take(e.casualties.missing, x.casualties.missing);
  take(e.casualties.arrested, x.casualties.arrested);
  take(e.casualties.displaced, x.casualties.displaced);
  for (const auto& v : x.casualties.victims)
    if (std::find(e.casualties.victims.begin(), e.casualties.victims.end(), v) == e.casualties.victims.end())
      e.casualties.victims.push_back(v);
  for (const auto& m : x.materiel) e.materiel.push_back(m);
  for (auto* objs : {&e.targets, &e.weapons}) {
    const auto& more = objs == &e.targets ? x.targets : x.weapons;
    for (const auto& o : more)
      if (std::none_of(objs->begin(), objs->end(), [&](const ObjectRef& y) { return y.start == o.start; }))
        objs->push_back(o);
  }
  // Attribution: keep the first chain, add new ones.
  for (const auto& a : x.attribution) {
    bool dup = false;
    for (auto& b : e.attribution)
      if (a.name == b.name) {
        dup = true;
        for (const auto& v : a.via)
          if (std::find(b.via.begin(), b.via.end(), v) == b.via.end()) b.via.push_back(v);
      }
    if (!dup) e.attribution.push_back(a);
  }
  if (e.claim == "reported"sv && x.claim != "reported"sv) e.claim = x.claim;
  e.background = e.background || x.background;
  for (const auto& sp : x.evidence)
    if (std::find(e.evidence.begin(), e.evidence.end(), sp) == e.evidence.end()) e.evidence.push_back(sp);
  g.headline_only = g.headline_only && o.headline_only;
  g.strong = g.strong || o.strong;
  g.first_sent = std::min(g.first_sent, o.first_sent);
  g.last_sent = std::max(g.last_sent, o.last_sent);
}

// Whether a reporting word ("said", "according to") stands between two
// triggers of one sentence: the later figure is another source's.
bool source_between(const Context& ctx, size_t from, size_t to) {
  for (size_t k = from; k < to; ++k)
    if (ctx.cue_at(Cue::Report, k, to) || ctx.cue_at(Cue::According, k, to)) return true;
  return false;
}

// "…, which witnessed deadly field clashes": a relative clause with its own verb
// tells another event.
bool relative_clause_between(const Context& ctx, const Cand& a, const Cand& b) {
  // ("…, where he met senior officials": another event there; merge.rules.)
  const auto& n = names(ctx);
  for (size_t k = a.te; k < b.tb; ++k)
    if (n.set->matches_at(ctx, n.use[kRelativeClause], k, b.tb)) return true;
  return false;
}

// Whether two events' actors may be one party: one is missing or unidentified
// ("armed men", "suspected jihadists"), or both name the same party.
bool unnamed_or_same(const std::optional<Party>& a, const std::optional<Party>& b) {
  if (!a || !b || a->sector == "UAF"sv || b->sector == "UAF"sv) return true;
  return a->name == b->name && a->country == b->country;
}

// Sentences between an act of force and a definite mention of it far on.
constexpr uint32_t kFarDefinite = 10;
// Sentences between an arrest of several and the arrest of one of them named.
constexpr uint32_t kNamedArrested = 4;

// Whether two events' places may lie in one country: one is missing or has
// no country, or both have the same.
bool countries_agree(const std::optional<EventPlace>& a, const std::optional<EventPlace>& b) {
  return !a || !b || a->country.empty() || b->country.empty() || a->country == b->country;
}

// Whether two events' places may be one: one is missing, one is a country or
// a first-order division the other lies in, or both are the same place.
bool places_agree(const std::optional<EventPlace>& a, const std::optional<EventPlace>& b) {
  using namespace std::string_view_literals;
  if (!a || !b) return true;
  if (!countries_agree(a, b)) return false;
  auto coarse = [](const EventPlace& p) { return p.precision == "country"sv || p.precision == "admin1"sv; };
  if (coarse(*a) || coarse(*b)) return true;
  return (a->entity >= 0 && a->entity == b->entity) || a->name == b->name;
}

// Whether two events' modes may be one: one is missing or both are the same;
// a bomb's mode is decided late (planted or dropped), so "the bombing" may be
// either.
bool modes_agree(const std::string& a, const std::string& b) {
  using namespace std::string_view_literals;
  auto bomb = [](const std::string& m) { return m == "aerial"sv || m == "explosives"sv; };
  return a.empty() || b.empty() || a == b || (bomb(a) && bomb(b));
}

bool figures_agree(const Event& a, const Event& b) {
  const auto& x = a.casualties.killed;
  const auto& y = b.casualties.killed;
  return !x || !y || (x->low == y->low && x->high == y->high);
}

// Whether a sentence mentions the entity: by a definite description ("the
// village") or by a name.
bool mentions_entity(const Context& ctx, const Sentence& s, int entity, bool definite) {
  for (size_t k = s.tok_begin; k < s.tok_end; ++k) {
    int ci = ctx.chunk_of_tok[k];
    if (ci < 0) continue;
    if (ctx.chunks[ci].entity == entity && is_at(ctx, kDefinite, ctx.chunks[ci].b) == definite) return true;
    k = ctx.chunks[ci].e - 1;
  }
  return false;
}

// Violence against civilians, real and told for itself. (A bomb no one
// claimed keeps no attacker: "no group has claimed responsibility".)
bool unclaimed_attack(const Event& e) {
  using namespace std::string_view_literals;
  return e.modality == "asserted"sv &&
         (e.acled_type == "Violence against civilians"sv || e.acled_type == "Explosions/Remote violence"sv ||
          e.acled_type == "Battles"sv);
}

// "Guerrillas bombed the embassy", "a bombing by the rebels": a bombing by a
// non-state party is a planted bomb, not an air raid (rebels, gunmen and
// terrorists fly no bombers), unless an aircraft word of the event says so.
// Parties with no sector (a country, a name) keep the air raid. "A bomb
// ripped through a church": the bomb told as a thing, not the act of
// bombing, is a planted one whoever set it, unless an aircraft word says so.
void planted_bombing(const Context& ctx, std::span<const Cand> cands, std::span<const size_t> group,
                     Event& e) {
  using namespace std::string_view_literals;
  const EventLexicon& lex = ctx.lex;
  if (e.type != "ASSAULT"sv || e.mode != "aerial"sv) return;
  bool thing = false;
  for (size_t k : group) {
    const Cand& c = cands[k];
    std::string_view w = ctx.w(c.te - 1);
    thing = thing || ((lex.triggers[c.def].flags & kPlanted) && c.noun && !w.ends_with("ing"));
  }
  const std::string s = e.actor ? e.actor->sector : std::string();
  if (!thing && s != "REB"sv && s != "UAF"sv && s != "RAD"sv && s != "INS"sv && s != "SEP"sv &&
      s != "CRM"sv && s != "CVL"sv && s != "OPP"sv)
    return;
  for (size_t k : group) {
    const TriggerDef& d = lex.triggers[cands[k].def];
    if (d.mode == "aerial"sv && !(d.flags & kPlanted)) return;  // warplanes, an airstrike
  }
  e.mode = "explosives", e.cameo = "183";
  if (e.acled_sub == "Air/drone strike"sv)
    e.acled_type = "Explosions/Remote violence", e.acled_sub = "Remote explosive/landmine/IED";
  e.why_type.push_back(
      Rule{thing ? "bomb-told-as-a-thing-is-planted" : "bombing-by-non-state-party-is-planted", {}, 0, 0});
}

// "Troops clashed with rebels": the trigger's mode (small arms) helps merging
// and typing but is an assumption; the event is written with no mode unless
// the report tells it: a trigger of that mode without the assumption ("shot",
// "opened fire") or a weapon named with the event ("with rifles").
void assumed_mode(const EventLexicon& lex, const std::vector<Cand>& cands, std::span<const size_t> group,
                  Event& e) {
  if (e.mode.empty() || !e.weapons.empty()) return;
  bool assumed = false;
  for (size_t k : group) {
    const TriggerDef& d = lex.triggers[cands[k].def];
    if (d.mode != e.mode) continue;
    if (!(d.flags & kAssumed)) return;
    assumed = true;
  }
  if (!assumed) return;
  e.mode.clear();
  e.why_mode.push_back(Rule{"assumed-mode-not-told", {}, 0, 0});
}

// A protest that the report says was met by an intervention ("the police
// dispersed the sit-in", "arrested the students", "fired tear gas at the
// marchers") is ACLED's "Protest with intervention" (or "Excessive force
// against protesters" where the intervention was labelled so), not a
// peaceful protest: ACLED codes the protest and its policing as one event,
// where the engine finds two. The intervention is a real event of the
// report's own time told after the protest began: crowd control (excessive
// force where so labelled), or an arrest of the protesters (a party the
// report names as a protest's actor: "protested against the arrest of the
// editor" names an arrest that is the grievance, not the intervention).
// ACLED's types follow who fights whom: violence against the police or the
// army ("gunmen shot dead a lieutenant", "armed men attacked two police
// agents") is a battle, not violence against civilians; violence by the
// police or the army ("police assaulted a taxi driver") is never a mob's.
void types_by_parties(std::vector<Event>& evs) {
  using namespace std::string_view_literals;
  auto force = [](const std::optional<Party>& p) {
    return p && !p->inferred && (p->sector == "MIL"sv || p->sector == "COP"sv);
  };
  for (Event& e : evs) {
    if (e.type != "ASSAULT"sv) continue;
    if (e.acled_type == "Violence against civilians"sv &&
        (e.acled_sub == "Attack"sv || e.acled_sub == "Abduction/forced disappearance"sv) &&
        force(e.recipient) && e.actor && !force(e.actor)) {
      e.acled_type = "Battles", e.acled_sub = "Armed clash";
      e.why_type.push_back(Rule{"violence-on-security-forces-is-battle", {}, 0, 0});
    } else if (e.acled_type == "Riots"sv && e.acled_sub == "Mob violence"sv && force(e.actor)) {
      e.acled_type = "Violence against civilians", e.acled_sub = "Attack";
      e.why_type.push_back(Rule{"security-forces-are-no-mob", {}, 0, 0});
    }
  }
}

// An event told only by its first-order division ("in Carabobo state",
// "in Saladin province") is pinned at the division's capital, as analysts
// code it (ACLED: geo-precision 3, the provincial capital); its precision
// stays "admin1". So is an event told only by its country, at the country's
// seat of government (precision "country"). Decision: the entity keeps the
// division's or the country's own point, the one gazetteers and toponym
// corpora give.
void divisions_at_capitals(const Document& doc, std::vector<Event>& evs) {
  for (Event& e : evs) {
    if (!e.place || (e.place->precision != "admin1" && e.place->precision != "country") ||
        e.place->entity < 0 || static_cast<size_t>(e.place->entity) >= doc.entities.size())
      continue;
    const Entity& en = doc.entities[static_cast<size_t>(e.place->entity)];
    const auto& p = en.place;
    // The event's place is the division as the text names it ("Farah
    // province", "Hajjah governorate") or as the gazetteer spells it.
    if (!p || !p->seat_lat || (p->name != e.place->name && en.name != e.place->name)) continue;
    e.place->lat = p->seat_lat, e.place->lon = p->seat_lon;
  }
}

void protest_met_by_intervention(std::vector<Event>& evs) {
  using namespace std::string_view_literals;
  auto real = [](const Event& e) { return e.modality == "asserted"sv && !e.background; };
  auto protester = [&](const std::optional<Party>& r) {
    if (!r || r->inferred) return false;
    for (const Event& q : evs)
      if (q.type == "PROTEST"sv && q.actor &&
          ((r->entity >= 0 && q.actor->entity == r->entity) ||
           (!r->name.empty() && q.actor->name == r->name)))
        return true;
    return false;
  };
  for (Event& p : evs) {
    if (!real(p) || p.type != "PROTEST"sv || p.acled_sub != "Peaceful protest"sv || p.evidence.empty())
      continue;
    const char* sub = nullptr;
    for (const Event& i : evs) {
      if (&i == &p || !real(i) || i.type == "PROTEST"sv || i.evidence.empty() ||
          i.evidence.front().start < p.evidence.front().start)
        continue;
      bool crowd = i.type == "ASSAULT"sv && i.mode == "crowd-control"sv;
      if (crowd && i.acled_sub == "Excessive force against protesters"sv)
        sub = "Excessive force against protesters";
      else if (!sub && (crowd || (i.type == "COERCE"sv && i.mode == "arrest"sv && protester(i.recipient))))
        sub = "Protest with intervention";
    }
    if (!sub) continue;
    p.acled_sub = sub;
    p.why_type.push_back(Rule{"protest-met-by-intervention", {}, 0, 0});
  }
}

// One document's merge: candidates into groups (one sentence's triggers of a
// type), groups across sentences into events, then each event finished
// (parties, PLOVER recoding, ACLED defaults, confidence, dyads).
class MergePass {
 public:
  MergePass(const Context& c, std::vector<Cand>& cs) : ctx(c), doc(c.doc), lex(c.lex), cands(cs) {}
  void run(std::vector<Event>& out);

 private:
  const Context& ctx;
  const Document& doc;
  const EventLexicon& lex;
  std::vector<Cand>& cands;
  std::vector<Group> groups;
  std::vector<Event> evs;
  std::vector<std::pair<size_t, typing::Result>> pending;  // real events without a curated ACLED label

  void raids_with_arrests();
  void candidates_to_groups();
  Group group_of_cand(size_t k);
  void join_result(const Cand& c, Group& g);
  void join_in_sentence(const Cand& c, Group& g);
  void across_sentences();
  bool linked(size_t a, size_t b, bool& headline_twin, bool& outcome_only);
  bool plural_trigger(const Group& g) const;
  bool a_named_one_of_those_arrested(const Group& A, const Group& B) const;
  bool definite_act_agent(const Group& g) const;
  bool later_death(const Group& A, const Group& B) const;
  bool headline_link(size_t a, size_t b, bool same_dir, const std::string& aa, const std::string& ar,
                     const std::string& ba, const std::string& br);
  void join(Group& A, Group& B, bool headline_twin, bool outcome_only);
  void finish(Group& g);
  void plover_recode(Event& e, const Group& g);
  void country_target_civilians(Event& e);
  void place_people_target(Event& e);
  void acled_assault_default(Event& e);
  void battle_victims(Event& e, const Group& g);
  bool seized_arms(Event& e, const Group& g);
  bool violence_told();
  bool violence_in(const Group& g) const;
  void keep_coercion(Event& e, const Group& g, const std::string& type, const std::string& sub, size_t why);
  int violence_ = -1;  // violence_told(), once per report (-1: not yet)
  void confidence(Event& e, const Group& g);
  void dyads(Event& e, const Group& g, const typing::Result& untyped);
  void unnamed_actors();
  void number_in_order(std::vector<Event>& out);
};

void MergePass::run(std::vector<Event>& out) {
  raids_with_arrests();
  candidates_to_groups();
  // Weak-only groups (a stray "hit") are not events.
  std::erase_if(groups, [](const Group& g) {
    return !(g.strong || g.ev.casualties.killed || g.ev.casualties.injured);
  });
  across_sentences();
  // Finish: parties, ACLED defaults, confidence, ids in order of first evidence.
  evs.reserve(groups.size());
  for (auto& g : groups) {
    if (g.cands.empty()) continue;
    finish(g);
  }
  typing::label_untyped(lex, evs, pending);
  protest_met_by_intervention(evs);
  types_by_parties(evs);
  divisions_at_capitals(ctx.doc, evs);
  unnamed_actors();
  number_in_order(out);
}

// "Forces arrested 25 people in raids across the West Bank": a raid that
// hurt nobody, told with arrests, is the arrests' operation, not an assault.
void MergePass::raids_with_arrests() {
  // The arrests are indexed by sentence first (a scan of every candidate per
  // raid was quadratic in report length).
  std::unordered_map<uint32_t, std::vector<const Cand*>> arrests_in;
  for (const Cand& o : cands)
    if (!o.absorbed && lex.triggers[o.def].type == "COERCE"sv && lex.triggers[o.def].mode == "arrest"sv)
      arrests_in[static_cast<uint32_t>(o.sent)].push_back(&o);
  for (Cand& c : cands) {
    const TriggerDef& d = lex.triggers[c.def];
    if (c.absorbed || d.type != "ASSAULT"sv || !is_at(ctx, kRaid, c.tb) || c.ev.casualties.killed ||
        c.ev.casualties.injured)
      continue;
    auto it = arrests_in.find(static_cast<uint32_t>(c.sent));
    if (it == arrests_in.end()) continue;
    for (const Cand* o : it->second)
      if (o != &c && o->ev.modality == c.ev.modality) {
        c.absorbed = true;
        break;
      }
  }
}

// Candidate → event fields; same sentence, same type, compatible parties: one group.
void MergePass::candidates_to_groups() {
  std::vector<Group> groups;
  groups.reserve(cands.size());  // a Group holds an Event: no moves on growth
  std::vector<int> group_of(cands.size(), -1);
  for (size_t k = 0; k < cands.size(); ++k) {
    Cand& c = cands[k];
    if (c.absorbed || c.in_tally || c.generic) continue;
    Group g = group_of_cand(k);
    // A result noun ("the destruction of two tanks") joins the event before it.
    if (lex.triggers[c.def].flags & kResult) {
      join_result(c, g);
      continue;
    }
    join_in_sentence(c, g);
  }
}

// A candidate's own group: its event's fields and its parties.
Group MergePass::group_of_cand(size_t k) {
  Cand& c = cands[k];
  const TriggerDef& d = lex.triggers[c.def];
  const Sentence& s = doc.sentences[c.sent];
  Event& e = c.ev;
  e.type = d.type;
  e.mode = d.mode;
  e.cameo = d.cameo;
  e.acled_type = d.acled_type;
  e.acled_sub = d.acled_sub;
  e.evidence.push_back({s.start, s.end});
  e.why_type.assign(1, trigger_rule(ctx, c)), e.why_mode = e.why_type;
  if (c.place >= 0)
    e.place = place_of(ctx, c.place, c.place_relation),
    explain_role(ctx, e.place->why, c.place_rule, c.place);
  Group g;
  g.cands.push_back(k);
  g.ev = std::move(e);  // the candidate's event is not read again
  if (c.actor >= 0) g.actor = party_of(ctx, c.actor), explain_role(ctx, g.actor->why, c.actor_rule, c.actor);
  g.actor_of_outcome = c.actor >= 0 && c.actor_rule && c.actor_rule == "actor-of-attack-before"sv;
  if (c.recipient >= 0)
    g.recipient = party_of(ctx, c.recipient),
    explain_role(ctx, g.recipient->why, c.recipient_rule, c.recipient);
  if (g.recipient && g.recipient->country.empty()) g.recipient->country = c.recipient_country;
  g.headline_only = s.headline;
  g.definite = c.definite;
  g.first_sent = g.last_sent = c.sent;
  g.place_inferred = c.place_inferred;
  g.strong = !(d.flags & (kWeak | kResult)) || c.forced_strong;
  return g;
}

// A result noun joins the group of its type before it in the sentence (else
// stands alone when it tells deaths).
void MergePass::join_result(const Cand& c, Group& g) {
  const TriggerDef& d = lex.triggers[c.def];
  bool joined = false;
  for (size_t j = groups.size(); j > 0 && !joined; --j) {
    Group& o = groups[j - 1];
    if (o.last_sent != c.sent) break;
    if (o.ev.type == d.type && o.ev.modality == g.ev.modality) {
      // (The event keeps its own mode and CAMEO code: the result noun tells none.)
      auto mode = o.ev.mode;
      auto cameo = o.ev.cameo;
      absorb(ctx, o, g, !source_between(ctx, cands[o.cands.front()].te, c.tb));
      o.ev.mode = std::move(mode);
      o.ev.cameo = std::move(cameo);
      joined = true;
    }
  }
  if (!joined && g.ev.casualties.killed) {
    groups.push_back(std::move(g));
  }
}

// Same sentence, same type, compatible parties: one event.
void MergePass::join_in_sentence(const Cand& c, Group& g) {
  const TriggerDef& d = lex.triggers[c.def];
  bool merged = false;
  for (size_t j = groups.size(); j > 0 && !merged; --j) {
    Group& o = groups[j - 1];
    if (o.last_sent != c.sent) break;
    if (o.ev.type != d.type || o.ev.modality != g.ev.modality) continue;
    // (An act recalled as a charge or a grievance, "assaulted two men accused
    // of murdering a woman", is another event than the one told.)
    if (o.ev.background != g.ev.background) continue;
    // A weak trigger ("struck Houthi targets", "rockets") is only a detail of the
    // event beside it, whatever its nearest noun.
    bool outcome = (d.flags & kCasualty) || (lex.triggers[cands[o.cands.front()].def].flags & kCasualty) ||
                   ((d.flags & kWeak) && o.strong);
    if (!outcome && (!compatible(country(o.actor), country(g.actor)) ||
                     !compatible(country(o.recipient), country(g.recipient))))
      continue;
    if (relative_clause_between(ctx, cands[o.cands.back()], c)) continue;
    o.definite = o.definite || g.definite;
    // Two weak triggers of one type ("delivered food aid"): a giving verb
    // and its material make an event.
    bool pair = !o.strong && !g.strong && !(d.flags & kResult) && cands[o.cands.front()].def != c.def &&
                ((lex.triggers[cands[o.cands.front()].def].flags ^ d.flags) & kWeak) == 0 &&
                !lex.triggers[cands[o.cands.front()].def].noun && d.noun;  // the verb, then its material
    absorb(ctx, o, g, !source_between(ctx, cands[o.cands.front()].te, c.tb));
    if (pair) o.strong = true;
    merged = true;
  }
  if (!merged) groups.push_back(std::move(g));
}

// Across sentences: each group joins the nearest earlier group that tells the
// same event.
void MergePass::across_sentences() {
  // reach[a]: the largest first sentence of groups 0..a before this pass;
  // merging only lowers a group's first sentence, so once reach[a] is out of
  // the window every group at or before a is too. The scan stops there, also
  // over groups already merged away (walking back through those to the start
  // of a long report was quadratic).
  std::vector<uint32_t> reach(groups.size());
  for (size_t a = 0; a < groups.size(); ++a) reach[a] = std::max(groups[a].first_sent, a ? reach[a - 1] : 0u);
  for (size_t b = 0; b < groups.size(); ++b) {
    if (groups[b].cands.empty()) continue;
    // Nearest earlier group first (groups are in sentence order); beyond a
    // window of sentences only headlines, so long inputs stay linear.
    constexpr uint32_t kWindow = 60;
    for (size_t a = b; a-- > 0;) {
      if (reach[a] + 4 * kWindow < groups[b].first_sent) break;
      if (groups[a].cands.empty()) continue;
      if (groups[a].first_sent + kWindow < groups[b].first_sent && !groups[a].headline_only) continue;
      if (groups[a].first_sent + 4 * kWindow < groups[b].first_sent) break;
      bool headline_twin = false, outcome_only = false;
      if (!linked(a, b, headline_twin, outcome_only)) continue;
      join(groups[a], groups[b], headline_twin, outcome_only);
      break;
    }
  }
}

// Whether group b tells again the event of the earlier group a.
bool MergePass::linked(size_t a, size_t b, bool& headline_twin, bool& outcome_only) {
  Group& A = groups[a];
  Group& B = groups[b];
  if (A.first_sent > B.first_sent || (A.first_sent == B.first_sent && a > b)) return false;
  if (A.ev.type != B.ev.type || A.ev.modality != B.ev.modality || A.ev.background != B.ev.background)
    return false;
  // (An interception, "shot down 43 of the 84 missiles", is told apart from
  // the strikes: a trigger's own "Strategic developments" joins only its like.)
  if ((A.ev.acled_type == "Strategic developments"sv) != (B.ev.acled_type == "Strategic developments"sv))
    return false;
  if (!dates_compatible(A.ev.date, B.ev.date) && !later_death(A, B)) return false;
  std::string aa = country(A.actor), ar = country(A.recipient), ba = country(B.actor),
              br = country(B.recipient);
  bool same_dir = compatible(aa, ba) && compatible(ar, br);
  bool swapped = compatible(aa, br) && compatible(ar, ba);
  bool link = false;
  if (A.ev.type == "CONSULT"sv) {
    // Meetings of the same two parties in one report are one meeting.
    bool known = (!aa.empty() && (aa == ba || aa == br)) || (!ar.empty() && (ar == ba || ar == br));
    link = known && (same_dir || swapped) && countries_agree(A.ev.place, B.ev.place);
  }
  if (!link && A.headline_only != B.headline_only) {
    link = headline_link(a, b, same_dir, aa, ar, ba, br);
    headline_twin = link && A.headline_only;
  }
  bool place_countries_agree = countries_agree(A.ev.place, B.ev.place);
  if (!link && B.definite && !B.actor && !B.recipient && B.first_sent <= A.last_sent + 3 &&
      place_countries_agree) {
    // "after the meeting": the nearest one told before.
    link = true;
    for (size_t c = a + 1; c < b; ++c)
      if (c != a && c != b && !groups[c].cands.empty() && groups[c].ev.type == B.ev.type &&
          groups[c].last_sent > A.last_sent && groups[c].first_sent < B.first_sent)
        link = false;
  }
  // "Two soldiers were killed": the outcome of the fighting told just before.
  outcome_only = (!B.actor || B.actor_of_outcome) && A.ev.type == "ASSAULT"sv;
  for (size_t k : B.cands) outcome_only = outcome_only && (lex.triggers[cands[k].def].flags & kCasualty);
  if (!link && outcome_only && B.first_sent <= A.last_sent + 1 &&
      doc.sentences[B.first_sent].paragraph == doc.sentences[A.last_sent].paragraph)
    link = true;
  // Wire copy gives each sentence a paragraph: the deaths told in the very next
  // one ("The blast hit a church … / At least 25 people are dead") are its
  // outcome too, where their place does not disagree.
  if (!link && outcome_only && B.first_sent == A.last_sent + 1 && !A.headline_only && !B.headline_only &&
      places_agree(A.ev.place, B.ev.place))
    link = true;
  // "Medics said another 45 people were wounded" a paragraph or two later:
  // more of the nearest attack's casualties.
  if (!link && outcome_only && B.first_sent <= A.last_sent + 4 && !B.headline_only) {
    const Sentence& sb = doc.sentences[B.first_sent];
    bool more = false;
    for (size_t t = sb.tok_begin; t < sb.tok_end && !more; ++t) more = is_at(ctx, kMore, t);
    link = more;
    if (link && A.ev.place) B.ev.place.reset();  // "Medics at a hospital in X": not where it happened
  }
  // "Suspected jihadists killed 40 … in the village of X" then "Armed men
  // surrounded the village and opened fire": the same place, taken up
  // again within a few sentences, by no other named attacker.
  if (!link && A.ev.type == "ASSAULT"sv && B.ev.place && B.ev.place->entity >= 0 &&
      B.ev.place->precision != "country"sv && B.ev.place->precision != "admin1"sv &&
      B.first_sent > A.last_sent && B.first_sent <= A.last_sent + 3 && same_dir && !A.headline_only &&
      !B.headline_only && unnamed_or_same(A.actor, B.actor) && figures_agree(A.ev, B.ev))
    link = mentions_entity(ctx, doc.sentences[B.first_sent], B.ev.place->entity, true) &&
           mentions_entity(ctx, doc.sentences[A.first_sent], B.ev.place->entity, false);
  if (!link && A.ev.type != "CONSULT"sv && B.definite && B.first_sent <= A.last_sent + 2 && same_dir) {
    link = countries_agree(A.ev.place, B.ev.place);
  }
  // "… condemned the attack", "Sunday's explosion came two days after …" many
  // paragraphs on: a definite act of force is the nearest one of its kind told
  // before, when nothing it tells disagrees (no other named party, place or
  // death figure).
  if (!link && A.ev.type == "ASSAULT"sv && B.definite && !plural_trigger(B) && !B.headline_only &&
      !A.headline_only && B.first_sent <= A.last_sent + kFarDefinite && same_dir &&
      unnamed_or_same(A.actor, B.actor) && figures_agree(A.ev, B.ev) && modes_agree(A.ev.mode, B.ev.mode))
    link = places_agree(A.ev.place, B.ev.place);
  if (!link && a_named_one_of_those_arrested(A, B) && same_dir && places_agree(A.ev.place, B.ev.place))
    link = true;
  // "Gunmen killed 12 villagers in a raid … / The attackers stormed the
  // village and shot residents": a body sentence right after the act whose
  // doer is a definite description of no named party ("the attackers", "the
  // gunmen") tells that act on, where nothing it tells disagrees.
  if (!link && A.ev.type == "ASSAULT"sv && !A.headline_only && !B.headline_only &&
      B.first_sent <= A.last_sent + 2 && same_dir && definite_act_agent(B) &&
      (!A.actor || A.actor->sector == B.actor->sector) && unnamed_or_same(A.actor, B.actor) &&
      figures_agree(A.ev, B.ev))
    link = places_agree(A.ev.place, B.ev.place);
  return link;
}

// "Police arrested three activists … / The three, John Mwangi, … / Police
// arrested Mwangi at his home": an arrest of a person named, in the sentences
// since, among those an arrest of several took is that arrest, by the same
// kind of party (or one not named).
bool MergePass::a_named_one_of_those_arrested(const Group& A, const Group& B) const {
  using namespace std::string_view_literals;
  const auto& arrested = A.ev.casualties.arrested;
  if (A.ev.mode != "arrest"sv || B.ev.mode != "arrest"sv || !arrested || arrested->high < 2 || !B.recipient ||
      B.recipient->entity < 0 || B.first_sent <= A.first_sent || B.first_sent > A.last_sent + kNamedArrested)
    return false;
  if (A.actor && B.actor && (A.actor->country != B.actor->country || A.actor->sector != B.actor->sector))
    return false;
  for (uint32_t s = A.first_sent; s < B.first_sent; ++s)
    if (mentions_entity(ctx, doc.sentences[s], B.recipient->entity, false)) return true;
  return false;
}

// "One man was shot dead on Monday … Another man died in hospital on
// Tuesday": a death told after an attack, a day or more later, of a wound
// (merge-later-death: "died", "succumbed") with no doer of its own, or of
// the attack named again ("wounded in the shooting"), is that attack's
// outcome; the attack keeps its day.
bool MergePass::later_death(const Group& A, const Group& B) const {
  if (A.ev.type != "ASSAULT"sv || B.headline_only || A.headline_only || B.first_sent > A.last_sent + 2 ||
      !A.ev.date.end || !B.ev.date.start || !(*A.ev.date.end < *B.ev.date.start) ||
      !places_agree(A.ev.place, B.ev.place))
    return false;
  bool outcome = !B.actor || B.actor_of_outcome;
  for (size_t k : B.cands) outcome = outcome && (lex.triggers[cands[k].def].flags & kCasualty);
  if (!outcome && !B.definite) return false;
  const Sentence& sb = doc.sentences[B.first_sent];
  for (size_t t = sb.tok_begin; t < sb.tok_end; ++t)
    if (is_at(ctx, kLaterDeath, t)) return true;
  return false;
}

// Whether the group's first doer is a definite description by the act alone,
// naming no party ("the attackers", "the gunmen"; merge-act-agent), in a
// sentence that tells no other act ("also", "another").
bool MergePass::definite_act_agent(const Group& g) const {
  if (!g.actor || g.actor->entity >= 0 || g.cands.empty()) return false;
  const Cand& c = cands[g.cands.front()];
  if (c.actor < 0) return false;
  const size_t b = ctx.chunks[c.actor].b, e = ctx.chunks[c.actor].e;  // (a chunk may start after its article)
  if (!is_at(ctx, kActAgent, e - 1) || !(is_at(ctx, kDefinite, b) || (b > 0 && is_at(ctx, kDefinite, b - 1))))
    return false;
  const Sentence& s = doc.sentences[c.sent];
  for (size_t t = s.tok_begin; t < s.tok_end; ++t)
    if (is_at(ctx, kAlso, t) || is_at(ctx, kMore, t)) return false;
  return true;
}

// Whether a group's triggers are plural nouns ("the recent bomb attacks"): acts
// of a kind, not the one act told before.
bool MergePass::plural_trigger(const Group& g) const {
  for (size_t k : g.cands) {
    std::string_view last = ctx.w(cands[k].te - 1);
    if (!cands[k].noun || last.empty() || last.back() != 's') return false;
  }
  return !g.cands.empty();
}

// A headline and a body group: the same parties, the first body event of its
// type the headline does not contradict, or the same death figure.
bool MergePass::headline_link(size_t a, size_t b, bool same_dir, const std::string& aa, const std::string& ar,
                              const std::string& ba, const std::string& br) {
  const Group& A = groups[a];
  const Group& B = groups[b];
  bool link = false;
  link = same_dir && (!aa.empty() || !ar.empty()) && ((!aa.empty() && aa == ba) || (!ar.empty() && ar == br));
  // A headline announces the first body event of its type that does not
  // contradict it (no other actor, recipient or place country).
  if (!link && A.headline_only && same_dir) {
    bool same_place = countries_agree(A.ev.place, B.ev.place);
    bool first_body = true;
    for (size_t c = a + 1; c < b && first_body; ++c)
      if (!groups[c].cands.empty() && !groups[c].headline_only && groups[c].ev.type == A.ev.type)
        first_body = false;
    link = same_place && first_body;
  }
  // "Drone strike kills 8 in eastern Congo" over "A drone strike killed 8
  // people … near Goma": the same figure for the same kind of event is
  // the same event, whatever country each resolved its place to.
  const auto& ka = A.ev.casualties.killed;
  const auto& kb = B.ev.casualties.killed;
  if (!link && ka && kb && ka->low && ka->low == kb->low && ka->high == kb->high && *ka->low > 0 &&
      (A.ev.mode.empty() || B.ev.mode.empty() || A.ev.mode == B.ev.mode))
    link = true;
  return link;
}

// B joins A (or, for a headline's twin, the headline joins the body).
void MergePass::join(Group& A, Group& B, bool headline_twin, bool outcome_only) {
  if (headline_twin) {
    // The body tells the figures; the headline adds its evidence.
    bool def = B.definite;
    absorb(ctx, B, A);
    B.definite = def;
    A.cands.clear();
    return;
  }
  // "The army said it killed 15 militants … Two soldiers were also killed":
  // other dead of the same fighting add up ("also", "another").
  auto& ka = A.ev.casualties.killed;
  const auto& kb = B.ev.casualties.killed;
  // "Also" tells more dead whoever they are (the first sentence may name
  // the militants as the soldiers' foes).
  if (outcome_only && ka && kb && ka->low && kb->low && *ka->low > 0 && *kb->low > 0) {
    bool also = false;
    const Sentence& sb = doc.sentences[B.first_sent];
    const auto& n = names(ctx);
    for (size_t t = sb.tok_begin; t < sb.tok_end && !also; ++t)
      also = is_at(ctx, kAlso, t) || n.set->matches_at(ctx, n.use[kOtherDead], t, sb.tok_end);
    if (also) {
      *ka->low += *kb->low;
      if (ka->high && kb->high)
        *ka->high += *kb->high;
      else
        ka->high.reset();
      ka->text += "; " + kb->text;
    }
  }
  bool hb = B.headline_only;
  absorb(ctx, A, B);
  A.definite = A.definite && !hb;
  B.cands.clear();
}

// A group as an event (or one per coordinated actor).
void MergePass::finish(Group& g) {
  Event e = std::move(g.ev);
  e.actor = g.actor;
  e.recipient = g.recipient;
  // Unnamed parties ("soldiers", "police", "protesters", "unknown gunmen") in
  // a place of one country are most likely that country's (roles.cc).
  settle_party_countries(ctx, e, true);
  plover_recode(e, g);
  country_target_civilians(e);
  place_people_target(e);
  settle_party_countries(ctx, e, false);
  planted_bombing(ctx, cands, g.cands, e);
  acled_assault_default(e);
  // The trained model re-labels the event where it is sure (events/typing.h);
  // a protest becomes a riot only in a report that tells some violence.
  std::string protest_sub = e.acled_type == "Protests"sv ? e.acled_sub : std::string();
  std::string curated_type = e.acled_type, curated_sub = e.acled_sub;
  size_t why = e.why_type.size();
  typing::Result untyped = typing::label_event(ctx, cands, g.cands, e);
  keep_coercion(e, g, curated_type, curated_sub, why);
  if (!protest_sub.empty() && e.acled_type == "Riots"sv && !violence_told())
    e.acled_type = "Protests", e.acled_sub = protest_sub, e.why_type.resize(why),
    e.why_type.push_back(Rule{"no-violence-told-no-riot", {}, 0, 0});
  assumed_mode(lex, cands, g.cands, e);
  struck_object_recipient(ctx, e);
  battle_victims(e, g);
  if (seized_arms(e, g)) untyped.type = -1;  // (no model label after)
  confidence(e, g);
  dyads(e, g, untyped);
}

// "troops seized 22 rifles and ammunition", "the police confiscated explosives": a
// seizure of arms by the state or by no one named (merge.rules merge-state-sector) is
// disrupted weapons use, no looting or attack: a weapon cue (cues.tsv weapon) or a word of
// arms (merge-seized-arms) within the seizing verb's object, or a passive's subject before
// it ("arms have been confiscated"), up to a clause's end (merge-object-stop).
bool MergePass::seized_arms(Event& e, const Group& g) {
  if (e.mode != "seize"sv || (e.actor && !sector_in(ctx, kStateSector, e.actor->sector))) return false;
  bool arms = false;
  for (size_t k : g.cands) {
    const Cand& c = cands[k];
    if (c.sent >= doc.sentences.size()) continue;
    size_t end = std::min<size_t>(doc.sentences[c.sent].tok_end, c.te + 12);
    for (size_t t = c.te; t < end && !arms && !is_at(ctx, kObjectStop, t); ++t)
      arms = is_at(ctx, kSeizedArms, t) || ctx.cue_at(Cue::Weapon, t, end) > 0;
    // "arms and ammunition have been confiscated": a passive's subject before it.
    size_t sb = doc.sentences[c.sent].tok_begin;
    for (size_t t = c.tb; c.passive && t > sb && c.tb - t < 10 && !arms && !is_at(ctx, kObjectStop, t - 1);
         --t)
      arms = is_at(ctx, kSeizedArms, t - 1) || ctx.cue_at(Cue::Weapon, t - 1, c.tb) > 0;
  }
  if (!arms) return false;
  e.type = "COERCE", e.acled_type = "Strategic developments", e.acled_sub = "Disrupted weapons use";
  e.why_type.push_back(Rule{"seized-arms-are-disrupted-weapons-use", {}, 0, 0});
  return true;
}

// A clash's fallen are its combatants, not victims: in a battle told by a word of
// fighting between sides (merge.rules, merge-reciprocal: "clash", "fighting", "battle"),
// the victim categories of armed parties (merge-combatant-victim: soldiers, police,
// fighters …) leave the victims list, which keeps the unarmed people caught in it ("two
// soldiers and a child were killed in a clash": children). A one-sided attack on them
// ("militants attacked a checkpoint, killing 10 soldiers") keeps them. After typing, which
// reads the list as told.
void MergePass::battle_victims(Event& e, const Group& g) {
  if (e.acled_type != "Battles"sv) return;
  bool fighting = false;
  for (size_t k : g.cands)
    for (uint32_t t = cands[k].tb; t < cands[k].te && t < ctx.low.size(); ++t)
      fighting |= is_at(ctx, kReciprocal, t);
  if (!fighting) return;
  std::erase_if(e.casualties.victims, [&](const std::string& v) { return is(ctx, kCombatantVictim, v); });
}

// Whether the report has a word of violence (merge.rules, merge-riot-evidence:
// stones, burned, clashed, injured …), computed once.
bool MergePass::violence_told() {
  if (violence_ < 0) {
    violence_ = 0;
    for (size_t i = 0; i < ctx.low.size() && !violence_; ++i) violence_ = is_at(ctx, kRiotEvidence, i);
  }
  return violence_ > 0;
}

// Whether the group's own sentences have a word of violence (merge-riot-evidence).
bool MergePass::violence_in(const Group& g) const {
  for (uint32_t si = g.first_sent; si <= g.last_sent && si < doc.sentences.size(); ++si)
    for (uint32_t i = doc.sentences[si].tok_begin; i < doc.sentences[si].tok_end && i < ctx.low.size(); ++i)
      if (is_at(ctx, kRiotEvidence, i)) return true;
  return false;
}

// An arrest or a curfew (merge.rules, merge-kept-coercion: the PLOVER mode) by the state
// or by no one named, which the typing model moved into political violence, keeps its
// curated label unless its own sentences tell violence: an arrest told in a report of
// attacks is no attack ("arrested and beat him" is; an armed group's "arrests" are
// abductions, which the model may say).
void MergePass::keep_coercion(Event& e, const Group& g, const std::string& type, const std::string& sub,
                              size_t why) {
  if (e.type != "COERCE"sv || e.acled_type == type || !is(ctx, kKeptCoercion, e.mode)) return;
  if (e.actor && !e.actor->sector.empty() && !sector_in(ctx, kStateSector, e.actor->sector)) return;
  if (e.acled_type != "Battles"sv && e.acled_type != "Violence against civilians"sv &&
      e.acled_type != "Explosions/Remote violence"sv)
    return;
  if (violence_in(g)) return;
  e.acled_type = type, e.acled_sub = sub;
  e.why_type.resize(why);
  e.why_type.push_back(Rule{"coercion-told-without-violence", {}, 0, 0});
}

// PLOVER: a party's future cooperative act is a promise (AGREE), its future
// hostile act a threat (THREATEN); a refusal of a cooperative act is REJECT.
// The promise, threat or refusal itself is what happened.
void MergePass::plover_recode(Event& e, const Group& g) {
  bool cooperative = e.type == "CONSULT"sv || e.type == "AID"sv || e.type == "COOPERATE"sv ||
                     e.type == "RETREAT"sv || e.type == "SUPPORT"sv || e.type == "CONCEDE"sv ||
                     e.type == "AGREE"sv;
  bool hostile = e.type == "ASSAULT"sv || e.type == "COERCE"sv || e.type == "SANCTION"sv ||
                 e.type == "MOBILIZE"sv || (e.type == "PROTEST"sv && e.mode == "boycott"sv);
  bool refusal = false;
  for (size_t k : g.cands) refusal = refusal || cands[k].refusal;
  bool stated = e.actor || !e.attribution.empty();  // someone's promise or threat
  // The promise or threat is dated by its telling ("said on Sunday that the
  // army would attack … by Ramadan"), else by the report, not by the act.
  auto date_by_telling = [&] {
    for (size_t k : g.cands)
      if (int t = cands[k].told_time; t >= 0 && ctx.times[t].first) {
        const TimeRef& tr = ctx.times[t];
        e.date.start = tr.first, e.date.end = tr.last;
        e.date.precision = tr.precision.empty() ? "unknown" : tr.precision;
        e.date.basis = tr.relative ? "relative" : "explicit";
        e.date.why.assign(1,
                          rule_at(ctx, "promise-or-threat-dated-by-its-telling", tr.tok_begin, tr.tok_end));
        return;
      }
    if (doc.meta.published) {
      e.date.start = e.date.end = doc.meta.published;
      e.date.precision = "day", e.date.basis = "published";
      e.date.why.assign(1, Rule{"promise-or-threat-dated-by-the-report", {}, 0, 0});
    }
  };
  if (e.modality == "future"sv && stated && cooperative && e.type != "AGREE"sv) {
    e.type = "AGREE", e.cameo = "030", e.mode.clear(), e.modality = "asserted";
    e.why_type.push_back(Rule{"future-cooperative-act-is-promise", {}, 0, 0});
    date_by_telling();
    e.acled_type.clear(), e.acled_sub.clear();
  } else if (e.modality == "future"sv && stated && hostile) {
    e.mode = e.type == "ASSAULT"sv    ? "violence"
             : e.type == "SANCTION"sv ? "relations"
             : e.type == "COERCE"sv   ? "restrict"
                                      : "";
    e.type = "THREATEN", e.cameo = e.mode == "violence"sv ? "138" : "130", e.modality = "asserted";
    e.why_type.push_back(Rule{"future-hostile-act-is-threat", {}, 0, 0});
    date_by_telling();
    e.acled_type.clear(), e.acled_sub.clear();
    e.casualties = Casualties{};
  } else if (e.modality == "negated"sv && refusal && cooperative && e.actor) {
    e.type = "REJECT", e.cameo = "120", e.mode.clear(), e.modality = "asserted";
    e.why_type.push_back(Rule{"refused-cooperative-act-is-rejection", {}, 0, 0});
    e.acled_type.clear(), e.acled_sub.clear();
  }
}

// "killed 21 civilians in an attack on a village in central Mali": a
// country read as the target is its civilians when only civilians are named
// among the victims.
void MergePass::country_target_civilians(Event& e) {
  if (e.type == "ASSAULT"sv && e.recipient && e.recipient->sector.empty() && !e.recipient->country.empty() &&
      !e.casualties.victims.empty()) {
    bool civilian = true;
    for (const auto& v : e.casualties.victims)
      civilian = civilian && v != "soldiers" && v != "police" && v != "fighters" && v != "militants";
    bool country_name = false;
    for (const auto& cd : lex.countries)
      country_name = country_name || (cd.alpha3 == e.recipient->country && cd.name == e.recipient->name);
    if (civilian && country_name) {
      Party p;
      p.name = "civilians", p.country = e.recipient->country, p.sector = "CVL", p.inferred = true;
      p.why = e.recipient->why, p.why.push_back(Rule{"country-target-is-its-civilians", {}, 0, 0});
      for (const auto& v : e.casualties.victims) p.inferred = p.inferred && v != p.name;
      e.recipient = p;
    }
  }
}

// An assault on a place with no named target hits that place's people.
void MergePass::place_people_target(Event& e) {
  // Its civilians when the victims are people ("six people", "civilians"),
  // even at the hands of their own state's forces; the state itself when the
  // place is a country, else its people. Unless the victims name them, the
  // text names none of these: the recipient is inferred (country and
  // sector; its label is written as null).
  bool civilians = !e.casualties.victims.empty() || e.casualties.killed || e.casualties.injured;
  for (const auto& v : e.casualties.victims)
    civilians = civilians && v != "soldiers" && v != "police" && v != "fighters" && v != "militants";
  if (e.type == "ASSAULT"sv && !e.recipient && e.place && !e.place->country.empty() &&
      (!e.actor || e.actor->country != e.place->country || civilians)) {
    Party p;
    p.country = e.place->country, p.inferred = true;
    p.why.assign(1, Rule{"target-is-the-place-people",
                         {},
                         e.place->why.empty() ? 0 : e.place->why[0].start,
                         e.place->why.empty() ? 0 : e.place->why[0].end});
    bool police = false, soldiers = false;
    for (const auto& v : e.casualties.victims) police |= v == "police", soldiers |= v == "soldiers";
    if (civilians) {
      p.name = "civilians", p.sector = "CVL";
    } else if (police != soldiers) {
      // "shot dead a police officer", "claimed the lives of two soldiers"
      p.name = police ? "police" : "soldiers", p.sector = police ? "COP" : "MIL";
    } else if (e.place->precision == "country"sv) {
      p.name = e.place->name;
    } else {
      p.name = e.place->name;
      for (const auto& cd : lex.countries)
        if (cd.alpha3 == p.country && !cd.people.empty()) p.name = cd.people;
    }
    // Named so when the victims are ("killed 11 civilians", "two soldiers").
    for (const auto& v : e.casualties.victims) p.inferred = p.inferred && v != p.name;
    e.recipient = p;
  }
}

// An assault's ACLED type from its mode and parties, when the trigger gave none.
void MergePass::acled_assault_default(Event& e) {
  if (e.type == "ASSAULT"sv && e.acled_type.empty()) {
    // Taking territory: by state forces a regain, by others an overtaking.
    bool state =
        e.actor && (e.actor->sector == "MIL"sv || e.actor->sector == "GOV"sv || e.actor->sector == "COP"sv);
    if (e.cameo == "192"sv)
      e.acled_type = "Battles",
      e.acled_sub = state ? "Government regains territory" : "Non-state actor overtakes territory";
    else if (e.mode == "aerial"sv || e.mode == "drone"sv)
      e.acled_type = "Explosions/Remote violence", e.acled_sub = "Air/drone strike";
    else if (e.mode == "heavy-weapons"sv)
      e.acled_type = "Explosions/Remote violence", e.acled_sub = "Shelling/artillery/missile attack";
    else if (e.mode == "explosives"sv)
      e.acled_type = "Explosions/Remote violence", e.acled_sub = "Remote explosive/landmine/IED";
    else if (e.recipient && civilian_sector(ctx, e.recipient->sector))
      e.acled_type = "Violence against civilians", e.acled_sub = "Attack";
    else if (e.mode == "destroy"sv)
      e.acled_type = "Strategic developments", e.acled_sub = "Looting/property destruction";
    else
      e.acled_type = "Battles", e.acled_sub = "Armed clash";
    e.why_type.push_back(Rule{"acled-from-mode-and-parties", {}, 0, 0});
  }
}

// The event's confidence, from what it names; its evidence in text order.
void MergePass::confidence(Event& e, const Group& g) {
  double conf = 0.45;
  if (e.actor && !e.actor->country.empty()) conf += 0.12;
  if (e.recipient && !e.recipient->country.empty()) conf += 0.08;
  if (e.place) conf += 0.08;
  if (e.date.basis == "explicit"sv || e.date.basis == "relative"sv) conf += 0.07;
  if (!e.attribution.empty()) conf += 0.05;
  conf += 0.04 * static_cast<double>(std::min<size_t>(e.evidence.size() - 1, 3));
  if (g.headline_only) conf -= 0.15;
  if (e.modality != "asserted"sv) conf -= 0.1;
  e.confidence = std::clamp(conf, 0.05, 0.95);
  std::sort(e.evidence.begin(), e.evidence.end(),
            [](const Span& x, const Span& y) { return x.start < y.start; });
}

// One event per coordinated actor (CAMEO / PLOVER code dyads).
void MergePass::dyads(Event& e, const Group& g, const typing::Result& untyped) {
  std::vector<int> co;
  for (size_t k : g.cands)
    for (int ci : cands[k].co_actors)
      if (std::find(co.begin(), co.end(), ci) == co.end()) co.push_back(ci);
  std::vector<Party> all;  // the coordinated actors, in text order
  for (auto it = co.rbegin(); it != co.rend(); ++it) {
    Party p = party_of(ctx, *it);
    explain_role(ctx, p.why, "coordinated-actor", *it);
    bool dup = e.actor && p.country == e.actor->country && p.name == e.actor->name;
    for (const Party& q : all) dup = dup || (q.country == p.country && q.name == p.name);
    if (!dup) all.push_back(std::move(p));
  }
  if (!all.empty() && e.actor) all.push_back(*e.actor);
  // Each event also names the others (co_actors). A dyadic act is one event
  // per actor (CAMEO / PLOVER dyads); an event with casualty figures stays one
  // event so its dead and wounded are never counted twice.
  bool figures = e.casualties.killed || e.casualties.injured || e.casualties.missing ||
                 e.casualties.arrested || e.casualties.displaced;
  bool twins = !figures && e.actor;
  for (size_t i = 0; i + 1 < all.size() && twins; ++i) {
    Event twin = e;
    twin.actor = all[i];
    for (size_t j = 0; j < all.size(); ++j)
      if (j != i) twin.co_actors.push_back(all[j]);
    evs.push_back(std::move(twin));
  }
  for (size_t j = 0; j + 1 < all.size(); ++j) e.co_actors.push_back(all[j]);
  evs.push_back(std::move(e));
  if (untyped.type >= 0) pending.emplace_back(evs.size() - 1, untyped);
}

// Riots and unclaimed violence get their unnamed actor; "Change to
// group/activity" gives way to any other coded event.
void MergePass::unnamed_actors() {
  // A riot is always someone's, as a protest is: told with no party named
  // ("a scuffle led to firing", "stones were pelted"), it is its rioters'.
  // (An arrest in a riot is the arresting party's, told or not: its rioters
  // are the ones arrested.)
  for (Event& e : evs)
    if (!e.actor && e.acled_type == "Riots"sv && !(e.type == "COERCE"sv && e.mode == "arrest"sv)) {
      Party p;
      p.name = "rioters", p.sector = "CVL";
      p.why.assign(1, Rule{"riot-is-its-rioters", {}, 0, 0});
      e.actor = p;
      settle_party_countries(ctx, e, false);
    }
  // "Russia fired dozens of missiles at cities … / In Kyiv, missiles struck a
  // playground": fire from afar (shells, missiles, air or drone strikes) told
  // with no one named, in a report where all such fire told before is one
  // named party's, in the same country, is that party's. (Where both sides
  // fire, or some fire told before is no one's, it stays unattributed.)
  auto remote = [](const Event& e) {
    return e.type == "ASSAULT"sv && e.modality == "asserted"sv &&
           (e.mode == "heavy-weapons"sv || e.mode == "aerial"sv || e.mode == "drone"sv);
  };
  for (size_t i = 0; i < evs.size(); ++i) {
    Event& e = evs[i];
    if (e.actor || !remote(e)) continue;
    const Party* one = nullptr;
    bool sole = true;
    for (size_t j = 0; j < i && sole; ++j) {
      const Event& o = evs[j];
      if (!remote(o)) continue;
      if (!o.actor || o.actor->inferred || o.actor->sector == "UAF"sv || o.actor->name.empty() ||
          !countries_agree(o.place, e.place) ||
          (one && (one->name != o.actor->name || one->country != o.actor->country)))
        sole = false;
      else
        one = &*o.actor;
    }
    if (!sole || !one) continue;
    Party p = *one;
    p.why.assign(1, Rule{"remote-fire-of-the-one-party-told-before", {}, 0, 0});
    e.actor = std::move(p);
  }
  // Violence told with no attacker named ("a man was found shot dead", "a
  // woman was abducted", "explosions were heard near X") is an unidentified
  // armed group's, of
  // the country it happens in (ACLED's "Unidentified Armed Group (X)"): an
  // actor with a sector and a country but no name, as the text names none.
  for (Event& e : evs)
    if (!e.actor && unclaimed_attack(e)) {
      Party p;
      p.sector = "UAF";
      p.why.assign(1, Rule{"unclaimed-violence-unidentified-group", {}, 0, 0});
      e.actor = p;
      settle_party_countries(ctx, e, false);
    }
  // An arrest told with no arrester named ("two people were arrested"), and
  // force used on a protest with no one named ("two demonstrators were
  // killed"), are the police's, of the country they happen in.
  for (Event& e : evs)
    if (!e.actor && e.modality == "asserted"sv &&
        (e.mode == "arrest"sv || e.acled_sub == "Excessive force against protesters"sv)) {
      Party p;
      p.sector = "COP";
      p.why.assign(1, Rule{"unnamed-arrest-or-force-is-police", {}, 0, 0});
      e.actor = p;
      settle_party_countries(ctx, e, false);
    }
  // ACLED's "Change to group/activity" (forces moved, a curfew) is what a
  // report tells when nothing else happened: beside another coded event of
  // the report ("the army was deployed where protesters set fire to …") it
  // names no event of its own.
  bool other_coded = false;
  for (const Event& e : evs)
    other_coded = other_coded || (!e.acled_sub.empty() && e.acled_sub != "Change to group/activity"sv &&
                                  e.modality == "asserted"sv);
  if (other_coded)
    for (Event& e : evs)
      if (e.acled_sub == "Change to group/activity"sv) e.acled_type.clear(), e.acled_sub.clear();
}

// In order of first evidence (stable), with ids.
void MergePass::number_in_order(std::vector<Event>& out) {
  std::vector<uint32_t> order(evs.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = static_cast<uint32_t>(k);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    return evs[x].evidence.front().start < evs[y].evidence.front().start;
  });
  out.clear();
  out.reserve(evs.size());
  for (uint32_t k : order) {
    out.push_back(std::move(evs[k]));
    out.back().id = doc.meta.id + "#" + std::to_string(out.size());
  }
}

}  // namespace

void merge_events(const Context& ctx, std::vector<Cand>& cands, std::vector<Event>& out) {
  MergePass(ctx, cands).run(out);
}

}  // namespace sitrep::events
