// Events, pass 2: roles. Input: candidates and the Context's chunks. Output:
// each candidate's actor, recipient and place (chunk indices) and the place
// relation, read from shallow syntax: the subject to the left of an active verb,
// the object or "with/on/against" phrase to its right, the patient subject of a
// passive ("were killed") and its agent after "by", a noun trigger's demonym,
// possessive or name modifier ("a massive Israeli attack", "Israel's strike"),
// and the first place after "in / on / near / east of …" (else before the
// trigger). Cost: bounded scans around each trigger.
#include <algorithm>

#include "core/geodesy.h"
#include "events/passes.h"
#include "events/pattern.h"
#include "lexicon/lexicon.h"

namespace sitrep::events {

namespace {

// The word classes of data/events/roles.rules this pass reads, looked up by
// name once per rule set and thread.
struct RolesTag {};
enum RoleClass : size_t {
  kPrep,
  kRelativizer,
  kPlaceModifier,
  kNpPremodifier,
  kDirection,
  kIrregularParticiple,
  kPlaceScanStop,
  kPlaceNounAfter,
  kModifierStop,
  kDeterminer,
  kAfterSecondParticiple,
  kReducedPassiveNext,
  kVerbContext,
  kGerundPrep,
  kSettlementNoun,
  kLocativePrep,
  kAdminNoun,
  kContainerNoun,
  kIntransitiveDeath,
  kParticipleNoObject,
  kAgentStop,
  kRecipientPrep,
  kSubordinator,
  kCountNoun,
  kObjectSkip,
  kReciprocalVerb,
  kStrikeVerb,
  kObjectPlaceNoun,
  kPlaceBefore,
  kCapitalLead,
  kRelativeWord,
  kSpeechVerb,
  kSettlementHead,
  kToldPlacePrep,
  kFightingPrep,
  kOf,
  kArticle,
  kAnd,
  kBy,
  kBetween,
  kFrom,
  kThat,
  kWith,
  kListConjunction,
  kPolice,
  kResolvedStop,
  kAt,
  kLeastMost,
  kSettingPrep,
  kContainerGapStop,
  kAlso,
  kSupporterPrep,
  kCommaSubordinator,
  kAntecedentPronoun,
  kAddresseePrep,
  kPluralLead,
  kPronounLead,
  kBoth,
  kPair,
  kStancePrefix,
  kWitnessVerb,
  kOwnerStop,
  kClauseOpener,
  kPersonalPronoun,
  kNearGap,
  kNameRoleWord,
  kChargeParticiple,
  kChargeLink,
  kRoleClasses
};
// Their names in the rules file, in the order of RoleClass.
constexpr std::string_view kClassNames =
    "roles-prep roles-relativizer roles-place-modifier roles-np-premodifier roles-direction "
    "roles-irregular-participle roles-place-scan-stop roles-place-noun-after roles-modifier-stop "
    "roles-determiner roles-after-second-participle roles-reduced-passive-next roles-verb-context "
    "roles-gerund-prep roles-settlement-noun roles-locative-prep roles-admin-noun roles-container-noun "
    "roles-intransitive-death roles-participle-no-object roles-agent-stop roles-recipient-prep "
    "roles-subordinator roles-count-noun roles-object-skip roles-reciprocal-verb roles-strike-verb "
    "roles-object-place-noun roles-place-before roles-capital-lead roles-relative-word roles-speech-verb "
    "roles-settlement-head roles-told-place-prep roles-fighting-prep "
    "roles-of roles-article roles-and roles-by roles-between roles-from roles-that roles-with "
    "roles-list-conjunction roles-police roles-resolved-stop roles-at roles-least-most roles-setting-prep "
    "roles-container-gap-stop roles-also roles-supporter-prep roles-comma-subordinator "
    "roles-antecedent-pronoun roles-addressee-prep roles-plural-lead roles-pronoun-lead roles-both "
    "roles-pair roles-stance-prefix roles-witness-verb roles-owner-stop roles-clause-opener "
    "roles-personal-pronoun roles-near-gap roles-name-role-word roles-charge-participle "
    "roles-charge-link";

// Whether a lower-case word is in a roles.rules class.
bool is(const Context& ctx, RoleClass c, std::string_view w) {
  return pass_names<RolesTag, kRoleClasses>(ctx, kClassNames).has(c, w);
}
// is(ctx, c, ctx.w(tok)), read from the token's class bits.
bool is_at(const Context& ctx, RoleClass c, size_t tok) {
  return pass_names<RolesTag, kRoleClasses>(ctx, kClassNames).has_at(c, ctx, tok);
}

bool is_prep(const Context& ctx, std::string_view w) { return is(ctx, kPrep, w); }

bool is_relativizer(const Context& ctx, std::string_view w) { return is(ctx, kRelativizer, w); }

// ("in the area of X", "in the vicinity of X", "on the outskirts of X")
bool is_skippable_modifier(const Context& ctx, std::string_view w) { return is(ctx, kPlaceModifier, w); }

bool is_direction(const Context& ctx, std::string_view w) { return is(ctx, kDirection, w); }

bool preceded_by_prep(const Context& ctx, const Chunk& c, size_t sb) {
  size_t k = c.b;
  // Skip determiners and adjectives back to the word before the noun phrase.
  int steps = 0, list_steps = 0;
  while (k > sb && steps < 3) {
    std::string_view w = ctx.w(k - 1);
    if (is(ctx, kNpPremodifier, w) || is_direction(ctx, w)) {
      --k, ++steps;
      continue;
    }
    // "a group of farmers", "hundreds of students", "members of the union": the
    // party is the head of the collective or quantity before "of".
    if (is(ctx, kOf, w) && k - 1 > sb && ctx.cue_at(Cue::Collective, k - 2, k - 1)) {
      k -= 2, ++steps;
      continue;
    }
    // "in Pakistan's Balochistan province": the possessed noun is in its possessor's phrase.
    if (w == "'s" && k - 1 > sb && ctx.chunk_of_tok[k - 2] >= 0) {
      k = ctx.chunks[ctx.chunk_of_tok[k - 2]].b, ++steps;
      continue;
    }
    // "from South Africa, Malawi and Uruguay": a list member is in the list's phrase.
    // (A comma only inside a list already seen to end in "and": "with Clinton, Blair pledged" is none.)
    if ((is(ctx, kListConjunction, w) || (w == "," && list_steps > 0)) && k - 1 > sb &&
        ctx.chunk_of_tok[k - 2] >= 0 && list_steps < 6) {
      k = ctx.chunks[ctx.chunk_of_tok[k - 2]].b, ++list_steps;
      continue;
    }
    break;
  }
  return k > sb && is_prep(ctx, ctx.w(k - 1));
}

// Police, troops, armed forces: the chunk's sector, or its last word's.
bool security_force(const Context& ctx, const Chunk& c) {
  if (c.sector == "MIL"sv || c.sector == "COP"sv) return true;
  int v = 0;
  if (c.e > c.b && ctx.cue_at(Cue::Sector, c.e - 1, c.e, &v)) {
    std::string_view sv = ctx.lex.cue_value(v);
    return sv == "MIL" || is_at(ctx, kPolice, c.e - 1);
  }
  return false;
}

// "the Sudanese army-backed government": a demonym before a sector noun
// names that party (a demonym before a trigger noun does not).
bool demonym_of_sector_noun(const Context& ctx, const Chunk& c) {
  for (size_t k = c.e; k < c.e + 3 && k < ctx.chunk_of_tok.size(); ++k) {
    if (ctx.chunk_of_tok[k] >= 0 || ctx.doc.tokens[k].kind != TokenKind::Word) return false;
    if (ctx.cue_at(Cue::Sector, k, ctx.chunk_of_tok.size())) return true;
  }
  return false;
}

// "in Yae Shin village, Myebon Township, Rakhine State, the army …": a name
// after a comma that follows a locative phrase continues that phrase when it
// is a place or is itself followed by a comma (the chain goes on), whatever
// type the tagger gave it. `loc_end` is the end of the locative chunk before.
bool locative_tail(const Context& ctx, const Chunk& c, size_t loc_end) {
  if (loc_end == 0 || c.b <= loc_end || c.b > loc_end + 3 || ctx.w(c.b - 1) != ",") return false;
  // (Across place nouns: "Yae Shin village, Myebon Township".)
  for (size_t k = loc_end; k + 1 < c.b; ++k)
    if (is_at(ctx, kArticle, k) || ctx.cue_at(Cue::Container, k, k + 1) != 1) return false;
  if (c.kind == ChunkKind::Place && !c.adjective && !c.possessor) return true;
  if (c.kind == ChunkKind::Nominal || c.adjective || c.possessor || !c.sector.empty()) return false;
  std::string_view nx = ctx.w(c.e);
  return nx == "," || nx == "(";
}

// The first chunk of the sentence that is not inside a prepositional phrase.
int sentence_subject(const Context& ctx, const Sentence& s, size_t before) {
  size_t loc_end = 0;
  for (size_t i = s.tok_begin; i < before && i < s.tok_end; ++i) {
    int ci = ctx.chunk_of_tok[i];
    if (ci < 0) continue;
    const Chunk& c = ctx.chunks[ci];
    i = c.e - 1;
    if (locative_tail(ctx, c, loc_end)) {
      loc_end = c.e;
      continue;
    }
    if (preceded_by_prep(ctx, c, s.tok_begin)) {
      loc_end = c.e;
      continue;
    }
    loc_end = 0;
    // A dateline ("KABUL, May 6 -") is no subject.
    if (c.kind == ChunkKind::Place && (ctx.doc.tokens[c.b].flags & kTokAllUpper) && ctx.w(c.e) == ",")
      continue;
    if (c.b > s.tok_begin && ctx.w(c.b - 1) == "(") continue;  // "(Reuters)"
    // "[Kotov] according to the police, …": a name alone in square brackets
    // is a gloss or a transcript's speaker label, no subject.
    if (c.b > s.tok_begin && ctx.w(c.b - 1) == "[" && ctx.w(c.e) == "]") continue;
    if (c.kind == ChunkKind::Place && c.possessor) return ci;  // "Iran's top leader"
    if (c.adjective && !demonym_of_sector_noun(ctx, c)) continue;
    return ci;
  }
  return -1;
}

bool passive_subject(const Context& ctx, const Chunk& c, size_t se) {
  // "37 Palestinians were killed", "he was arrested"
  for (size_t k = c.e; k < c.e + 3 && k + 1 < se; ++k)
    if (is_be_form(ctx, ctx.w(k))) {
      std::string_view v = ctx.w(k + 1);
      return v.size() > 3 && (v.substr(v.size() - 2) == "ed" || is(ctx, kIrregularParticiple, v));
    }
  return false;
}

int place_after(const Context& ctx, size_t i, size_t end, std::string* relation,
                bool found_unresolved = false);

// A resolved place in a prepositional phrase right after an unresolved one, in
// the same clause (up to a comma, a relative pronoun or the sentence end).
int place_after_resolved(const Context& ctx, size_t i, size_t end, std::string* relation) {
  size_t stop = i;
  while (stop < end && stop < i + 12) {
    std::string_view w = ctx.w(stop);
    if (is(ctx, kResolvedStop, w) || is_relativizer(ctx, w)) break;
    ++stop;
  }
  int p = place_after(ctx, i, stop, relation, true);
  return p >= 0 && ctx.chunks[p].lat ? p : -1;
}

// The end of a name at token j the gazetteer does not resolve: a chunk that
// is no resolved place (a person's or group's chunk, an unknown place), or up
// to `words` capitalised words with no chunk; 0 when none. `capital`: the
// chunk's first word must have a capital too.
size_t unresolved_name_end(const Context& ctx, size_t j, size_t end, size_t words, bool capital) {
  if (int ci = ctx.chunk_of_tok[j]; ci >= 0) {
    const Chunk& c = ctx.chunks[ci];
    if (c.kind == ChunkKind::Place && c.lat) return 0;
    if (capital && !token_has_capital(ctx.doc, static_cast<uint32_t>(j))) return 0;
    return c.e;
  }
  size_t k = j;
  while (k < end && k < j + words && ctx.chunk_of_tok[k] < 0 && ctx.doc.tokens[k].kind == TokenKind::Word &&
         token_has_capital(ctx.doc, static_cast<uint32_t>(k)))
    ++k;
  return k == j ? 0 : k;
}

// The resolved place chunk that starts at token b, or -1.
int resolved_place_at(const Context& ctx, size_t b) {
  int pi = ctx.chunk_of_tok[b];
  if (pi < 0) return -1;
  const Chunk& p = ctx.chunks[pi];
  return p.kind == ChunkKind::Place && p.lat && p.b == b ? pi : -1;
}

// "in Caluco (Sonsonate)", "in Ras Jabel (Bizerte, Tunisia)": a name the
// gazetteer does not resolve, then a bracket that opens with a resolved
// place: that place, the town's division. `j` is the name's first token; -1
// when none.
int bracketed_container(const Context& ctx, size_t j, size_t end) {
  const size_t k = unresolved_name_end(ctx, j, end, 4, false);
  if (k == 0 || k + 1 >= end || ctx.w(k) != "(") return -1;
  const int pi = resolved_place_at(ctx, k + 1);
  if (pi < 0) return -1;
  std::string_view after = ctx.w(ctx.chunks[pi].e);
  return after == ")" || after == "," ? pi : -1;
}

// "in PD2 of Lashkargah city", "in Band Sharan of Ab Kamari district": a
// name the gazetteer does not resolve, then "of" and a resolved place: that
// place, which holds it. `j` is the name's first token; -1 when none. (Only
// written names, with a capital or a digit: "in front of", "in support of"
// name no place.)
int of_container(const Context& ctx, size_t j, size_t end) {
  const size_t k = unresolved_name_end(ctx, j, end, 3, true);
  if (k == 0 || k + 1 >= end || !is_at(ctx, kOf, k)) return -1;
  return resolved_place_at(ctx, k + 1);
}

// One position k of a place search that ends before `end`: a relation cue
// there, modifiers, a place chunk. Returns the place or -1; *stop when the word
// at k ends the search.
int place_at(const Context& ctx, size_t k, size_t end, std::string* relation, bool found_unresolved,
             bool* stop) {
  // (Nor past "and then …" or a quotation: another act's place.)
  // (Nor into an aside naming some of the victims: "including a family of
  // nine in Rafah" is where some died, not the event's place.)
  *stop = is_at(ctx, kPlaceScanStop, k);
  if (*stop) return -1;
  int rv = 0;
  int n = ctx.cue_at(Cue::Relation, k, end, &rv);
  if (!n) return -1;
  size_t j = k + n;
  for (int steps = 0; j < end && steps < 7; ++steps) {
    int ci = ctx.chunk_of_tok[j];
    if (ci >= 0) {
      const Chunk& c = ctx.chunks[ci];
      if (c.adjective) {
        j = c.e;
        continue;
      }
      if (c.kind != ChunkKind::Place || !c.lat) {
        int in = bracketed_container(ctx, j, end);
        if (in < 0) in = of_container(ctx, j, end);
        if (in >= 0) {
          *relation = std::string(ctx.lex.cue_value(rv));
          return in;
        }
      }
      if (c.kind != ChunkKind::Place) break;
      int best = ci;
      // "the southern Gaza Strip city of Khan Younis": the most specific.
      // (A bare "of" is the other way round: "the Shujaiyya neighbourhood of
      // Gaza City" names the neighbourhood.)
      size_t m = c.e;
      bool noun = false;
      while (m < end && m < c.e + 3 && (is_at(ctx, kPlaceNounAfter, m) || is_at(ctx, kOf, m))) {
        noun |= !is_at(ctx, kOf, m);
        ++m;
      }
      if (m > c.e && m < end && ctx.chunk_of_tok[m] >= 0 &&
          ctx.chunks[ctx.chunk_of_tok[m]].kind == ChunkKind::Place) {
        const Chunk& after = ctx.chunks[ctx.chunk_of_tok[m]];
        // (… unless the neighbourhood resolves only far from it: a homonym.)
        bool far = !c.lat || (after.lat && great_circle_km(*c.lat, *c.lon, *after.lat, *after.lon) > 150);
        if (noun || far) best = ctx.chunk_of_tok[m];
      }
      // "Yemen's Taiz province", "Iraq's Diyala province": the place inside.
      size_t q = c.e < end && ctx.w(c.e) == "'s" ? c.e + 1 : c.e;
      if (best == ci && (c.possessor || q > c.e)) {
        while (q < end && q < c.e + 4 && ctx.chunk_of_tok[q] < 0 && is_skippable_modifier(ctx, ctx.w(q))) ++q;
        if (q < end && ctx.chunk_of_tok[q] >= 0 && ctx.chunk_of_tok[q] != ci &&
            ctx.chunks[ctx.chunk_of_tok[q]].kind == ChunkKind::Place && ctx.chunks[ctx.chunk_of_tok[q]].lat)
          best = ctx.chunk_of_tok[q];  // when it resolved: else the country is the better place
      }
      // "the village of X in Gezira state", X unknown to the gazetteer: the
      // first place further on in the clause that resolves.
      if (!ctx.chunks[best].lat && !found_unresolved) {
        std::string later_rel;
        int later = place_after_resolved(ctx, ctx.chunks[best].e, end, &later_rel);
        if (later >= 0) {
          *relation = later_rel;
          return later;
        }
      }
      *relation = std::string(ctx.lex.cue_value(rv));
      return best;
    }
    int in = bracketed_container(ctx, j, end);
    if (in < 0) in = of_container(ctx, j, end);
    if (in >= 0) {
      *relation = std::string(ctx.lex.cue_value(rv));
      return in;
    }
    if (!is_skippable_modifier(ctx, ctx.w(j))) break;
    ++j;
  }
  return -1;
}

// A place after position i: the first position that names one, up to a word
// that ends the search.
int place_after(const Context& ctx, size_t i, size_t end, std::string* relation, bool found_unresolved) {
  for (size_t k = i; k < end; ++k) {
    bool stop = false;
    int p = place_at(ctx, k, end, relation, found_unresolved, &stop);
    if (stop) return -1;
    if (p >= 0) return p;
  }
  return -1;
}

int modifier_actor(const Context& ctx, const Cand& c, size_t sb) {
  // Up to four words before a noun trigger: "a massive Israeli attack",
  // "Israel's strike", "the Hamas attacks".
  for (size_t k = c.tb, steps = 0; k > sb && steps < 4; --k, ++steps) {
    size_t t = k - 1;
    std::string_view w = ctx.w(t);
    if (w == "'s") continue;
    // "Ruto said the protests": nothing before the determiner modifies the noun.
    if (is_at(ctx, kModifierStop, t)) return -1;
    // "pro-Palestinian protests", "anti-government rallies": for or against
    // the group named, not by it.
    // (The word up to its first hyphen is a stance prefix of roles.rules.)
    if (size_t d = w.find('-'); d != std::string_view::npos && is(ctx, kStancePrefix, w.substr(0, d + 1)))
      return -1;
    // "Lysak said missiles hit": a speaker before its verb modifies nothing after
    // it, nor does a witness ("the OSCE observed 40 explosions").
    if (ctx.cue_at(Cue::Report, t, c.tb) || is_at(ctx, kWitnessVerb, t)) return -1;
    int ci = ctx.chunk_of_tok[t];
    if (ci >= 0) {
      const Chunk& ch = ctx.chunks[ci];
      if (ch.adjective || ch.possessor || ch.kind == ChunkKind::Org || ch.kind == ChunkKind::Group ||
          ch.kind == ChunkKind::Person)
        return ci;
      if (ch.kind == ChunkKind::Place && (t + 1 == c.tb || ctx.w(t + 1) == "'s")) return ci;
      // "a police raid", "an army assault": an unnamed armed party right
      // before the noun (not its victims: "the Jesuits murder case").
      if (ch.kind == ChunkKind::Nominal && ch.e == c.tb &&
          (ch.sector == "MIL"sv || ch.sector == "COP"sv || ch.sector == "UAF"sv || ch.sector == "REB"sv ||
           ch.sector == "CRM"sv))
        return ci;
      return -1;
    }
    if (w == "," || w == "." || is(ctx, kAnd, w) || is_prep(ctx, w) || is_be_form(ctx, w)) return -1;
  }
  return -1;
}

// "by U.S. embassy employees", "by El Salvador air force units": a place
// right before the words of a noun phrase modifies it; the party is the
// phrase's own unnamed party (a party noun within three words: "employees",
// "troops"), not the place. -1: none (a named person or body after a place
// is left to the place: "Iraq President Saddam Hussein").
static int party_after_place_modifier(const Context& ctx, const Chunk& place, size_t end) {
  for (size_t j = place.e; j < end && j < place.e + 3; ++j) {
    std::string_view w = ctx.w(j);
    if (ctx.doc.tokens[j].kind != TokenKind::Word || w == "'s" || is_at(ctx, kPrep, j) ||
        is_at(ctx, kAnd, j) || is_at(ctx, kRelativizer, j) || is_be_form(ctx, w) || ctx.num_of_tok[j] >= 0)
      return -1;
    int cj = ctx.chunk_of_tok[j];
    if (cj < 0) continue;
    const Chunk& h = ctx.chunks[cj];
    return h.kind == ChunkKind::Nominal && !h.adjective && !h.sector.empty() ? cj : -1;
  }
  return -1;
}

int chunk_after(const Context& ctx, size_t from, size_t end, bool allow_place, size_t limit) {
  for (size_t k = from; k < end && k < from + limit; ++k) {
    std::string_view w = ctx.w(k);
    if (w == "," || w == "." || w == ";" || is_at(ctx, kRelativizer, k) || is_at(ctx, kAnd, k)) {
      if (k > from) return -1;
    }
    int ci = ctx.chunk_of_tok[k];
    if (ci < 0) continue;
    const Chunk& ch = ctx.chunks[ci];
    if (ch.adjective) {
      // "Israeli forces" is one chunk; a bare demonym is a modifier of what follows.
      if (k + 1 < end && ctx.chunk_of_tok[k + 1] < 0 && ctx.doc.tokens[k + 1].kind == TokenKind::Word)
        return ci;
      k = ch.e - 1;
      continue;
    }
    if (ch.kind == ChunkKind::Place && !allow_place) {
      // "in Tehran" is a place, "met Iraq's PM" / "attack on Israel" a party.
      size_t j = k;  // "in western Niger": past a direction word
      while (j > from + 1 && is_direction(ctx, ctx.w(j - 1))) --j;
      if (j > from && is_at(ctx, kPlaceBefore, j - 1)) return -1;
    }
    if (ch.kind == ChunkKind::Place)
      if (int head = party_after_place_modifier(ctx, ch, end); head >= 0) return head;
    return ci;
  }
  return -1;
}

bool is_determiner(const Context& ctx, std::string_view w) { return is(ctx, kDeterminer, w); }

// "a list of 47 people killed and 50 missing", "three soldiers wounded in the
// attack", "the number of people killed and injured in it": a casualty
// participle right after its noun with no object after it is a reduced
// passive; the noun is its patient, not its doer. ("killed at least 40
// people" has its object after "at least".)
bool reduced_passive(const Context& ctx, const Cand& c, size_t sb, size_t se) {
  std::string_view w = ctx.w(c.tb);
  if (w.size() <= 2 || !w.ends_with("ed") || c.tb <= sb || ctx.chunk_of_tok[c.tb - 1] < 0) return false;
  const Chunk& before = ctx.chunks[ctx.chunk_of_tok[c.tb - 1]];
  if (before.kind == ChunkKind::Place || before.adjective) return false;
  std::string_view nx = c.te < se ? ctx.w(c.te) : std::string_view(".");
  if (is(ctx, kAnd, nx) && c.te + 1 < se) {
    if (ctx.chunk_of_tok[c.te + 1] >= 0 || ctx.num_of_tok[c.te + 1] >= 0 ||
        is_determiner(ctx, ctx.w(c.te + 1)))
      return true;
    if (c.te + 2 < se && ctx.w(c.te + 1).ends_with("ed")) {
      std::string_view n2 = ctx.w(c.te + 2);
      return is(ctx, kAfterSecondParticiple, n2);
    }
    return false;
  }
  // "Four people killed, five injured": a counted noun before the participle and a comma
  // after it (headline and list style); a doer is rarely counted so.
  if (nx == ","sv && (ctx.num_of_tok[before.b] >= 0 || (before.b > sb && ctx.num_of_tok[before.b - 1] >= 0)))
    return true;
  bool at = is(ctx, kAt, nx);
  bool at_least = at && c.te + 1 < se && is_at(ctx, kLeastMost, c.te + 1);
  return (at && !at_least) || is(ctx, kReducedPassiveNext, nx);
}

bool verb_context_word(const Context& ctx, std::string_view w) {
  if (is(ctx, kVerbContext, w)) return true;
  return w.size() > 3 && (w.substr(w.size() - 3) == "n't" || w.substr(w.size() - 2) == "ly");
}

// Whether a trigger is used as a noun here: the vocabulary says so, or its
// context does ("its attacks", "a tight ambush", "the bombing").
bool used_as_noun(const Context& ctx, const Cand& c, size_t sb, const TriggerDef& d) {
  if (d.noun) return true;
  if (c.te - c.tb > 1) return false;  // phrases ("held talks", "called on") are verbal
  std::string_view w = ctx.w(c.tb);
  std::string_view prev = c.tb > sb ? ctx.w(c.tb - 1) : std::string_view();
  if (prev.empty()) return false;  // a headline verb: "Iran's leader meets Hamas"
  if (is_determiner(ctx, prev)) return true;
  int pc = ctx.chunk_of_tok[c.tb - 1];
  if (pc >= 0) {
    const Chunk& ch = ctx.chunks[pc];
    // "the Hamas attacks": a name between a determiner and the trigger modifies it.
    bool det_before = ch.b > sb && is_determiner(ctx, ctx.w(ch.b - 1));
    if (ch.adjective || ch.possessor) return true;
    // "The United States warned Iran", "the Kremlin warns Kyiv": a past form,
    // or a party right after it (its object), makes it the name's verb.
    bool ed = w.size() > 2 && w.substr(w.size() - 2) == "ed";
    bool object = c.te < ctx.chunk_of_tok.size() && ctx.chunk_of_tok[c.te] >= 0 &&
                  !ctx.chunks[ctx.chunk_of_tok[c.te]].adjective;
    return det_before && !ed && !object;
  }
  if (prev == "'s") return true;
  bool ed = w.size() > 2 && w.substr(w.size() - 2) == "ed";
  bool ing = w.size() > 3 && w.substr(w.size() - 3) == "ing";
  // "shelling by Afghan forces killed 7": a gerund with its agent is a noun.
  if (ing && is_at(ctx, kBy, c.te)) return true;
  if (ed || ing) return false;
  // "after clashes", "before talks": prepositions take gerunds as verbs, nouns otherwise.
  if (is(ctx, kGerundPrep, prev)) return true;
  return !verb_context_word(ctx, prev);
}

// The subject of the clause holding token t: the first party after the clause
// opening (a quote, "that", the sentence start) that is not in a prepositional phrase.
int clause_subject(const Context& ctx, const Sentence& s, size_t t) {
  size_t b = t;
  while (b > s.tok_begin) {
    std::string_view w = ctx.w(b - 1);
    bool quote = w == "\"" || w == "\xe2\x80\x9c";  // reported speech continues its clause
    if ((is_clause_break(ctx, b - 1) && !quote) || is(ctx, kThat, w)) break;
    --b;
  }
  size_t loc_end = 0;
  for (size_t i = b; i < t; ++i) {
    int ci = ctx.chunk_of_tok[i];
    if (ci < 0) continue;
    const Chunk& c = ctx.chunks[ci];
    i = c.e - 1;
    if (locative_tail(ctx, c, loc_end)) {
      loc_end = c.e;
      continue;
    }
    if (preceded_by_prep(ctx, c, b)) {
      loc_end = c.e;
      continue;
    }
    loc_end = 0;
    if (c.adjective) continue;
    return ci;
  }
  return -1;
}

// "the village", "the town": a definite description the entity layer joined
// to a place named before; the first in the sentence.
int definite_place(const Context& ctx, size_t sb, size_t se) {
  for (size_t k = sb; k < se; ++k) {
    int ci = ctx.chunk_of_tok[k];
    if (ci < 0) continue;
    const Chunk& ch = ctx.chunks[ci];
    k = ch.e - 1;
    if (ch.kind != ChunkKind::Place || ch.entity < 0 || ch.e - ch.b != 2 || !is_at(ctx, kArticle, ch.b))
      continue;
    std::string_view n = ctx.w(ch.b + 1);
    if (is(ctx, kSettlementNoun, n)) return ci;
  }
  return -1;
}

// "near Donetsk Filtration Station", "targeted Hama Airbase", "at the Port
// of Manila": a facility or organisation the entity layer found named after
// a town (its entity carries that town's place), told where a place would
// be: right after the trigger, or after a relation cue ("in", "at", "near"),
// an article between them allowed. The first such chunk after the trigger
// in the sentence [sb, se), or -1. (A name after a country or a region,
// "Kenya Airways", "Lagos State University", places nothing.)
int facility_place(const Context& ctx, size_t sb, size_t tb, size_t te, size_t se) {
  for (size_t k = te; k < se; ++k) {
    int ci = ctx.chunk_of_tok[k];
    if (ci < 0) continue;
    const Chunk& ch = ctx.chunks[ci];
    if (ch.b != k) continue;
    k = ch.e - 1;
    if (ch.kind != ChunkKind::Org || !ch.lat || ch.possessor ||
        !(ch.precision == "town" || ch.precision == "district" || ch.precision == "exact"))
      continue;
    // (A party named after a place is no facility: "the Kurdistan Workers Party".)
    if (!ch.sector.empty()) continue;
    size_t j = ch.b;
    if (j > te && is_at(ctx, kArticle, j - 1)) --j;
    if (!(j == te || (j > tb && j > 0 && ctx.cue_at(Cue::Relation, j - 1, j) == 1))) continue;
    // (Not against the sentence's own places: "in Band Sharan of Ab Kamari
    // district, Badghis" is no place in another province.)
    for (size_t q = sb; q < se; ++q) {
      int qi = ctx.chunk_of_tok[q];
      if (qi < 0 || qi == ci) continue;
      const Chunk& o = ctx.chunks[qi];
      q = o.e - 1;
      if (o.kind == ChunkKind::Place && o.lat && !o.adjective && o.precision != "country" &&
          !o.admin1.empty() && o.admin1 != ch.admin1)
        return -1;
    }
    return ci;
  }
  return -1;
}

int precision_rank(const std::string& p) {
  return p == "exact"      ? 5
         : p == "town"     ? 4
         : p == "district" ? 3
         : p == "admin1"   ? 2
         : p == "country"  ? 1
                           : 0;
}

// Whether a chunk can be a party to an event: not a town, village or province
// (unless a capital standing for its government).
bool acts_as_party(const Context& ctx, const Chunk& ch) {
  if (ch.kind != ChunkKind::Place) return true;
  if (ch.capital) {
    // "in the Libyan capital Tripoli": a capital inside a locative phrase is where.
    for (size_t k = ch.b, steps = 0; k > 0 && steps < 4; --k, ++steps) {
      std::string_view w = ctx.w(k - 1);
      if (is(ctx, kLocativePrep, w)) return false;
      int ci = ctx.chunk_of_tok[k - 1];
      if (!is(ctx, kCapitalLead, w) && !(ci >= 0 && ctx.chunks[ci].adjective)) break;
    }
    return true;
  }
  // "Montreal police", "the Cairns police force": the place's institution.
  if (!ch.possessor && ch.e < ctx.chunk_of_tok.size() && ctx.chunk_of_tok[ch.e] < 0 &&
      ctx.cue_at(Cue::Sector, ch.e, ctx.chunk_of_tok.size()))
    return true;
  const std::string& pr = ch.precision;
  // A name the gazetteer does not know may be no place at all ("Montedison
  // agreed"); a definite description ("the village") is one.
  if (!ch.lat) return !is_at(ctx, kArticle, ch.b);
  if (pr == "town" || pr == "district" || pr == "exact") return ch.entity < 0;
  if (pr == "admin1") {
    std::string_view last = ctx.w(ch.e - 1);
    return !is(ctx, kAdminNoun, last);
  }
  return true;
}

// The named organisation an unnamed party belongs to ("members of the armed
// forces" aside: "terrorists of the FMLN"), else the party itself.
int organisation_of(const Context& ctx, int ci, size_t se) {
  const Chunk& c = ctx.chunks[ci];
  if (c.kind != ChunkKind::Nominal || c.sector.empty()) return ci;
  size_t k = c.e;
  if (k >= se || !is_at(ctx, kOf, k)) return ci;
  ++k;
  if (k < se && is_at(ctx, kArticle, k)) ++k;
  int o = k < se ? ctx.chunk_of_tok[k] : -1;
  if (o < 0 || ctx.chunks[o].b != k || ctx.chunks[o].adjective) return ci;
  const Chunk& oc = ctx.chunks[o];
  return (oc.kind == ChunkKind::Org || oc.kind == ChunkKind::Group) && oc.entity >= 0 ? o : ci;
}

// The "between" of a clash told after its setting ("clashes were reported in
// Annaba on Monday between ..."): from `from`, past places, times and words
// that are no party, within the clause; `end` when there is none.
size_t between_past_setting(const Context& ctx, size_t from, size_t end) {
  for (size_t k = from; k < end && k < from + 16; ++k) {
    std::string_view w = ctx.w(k);
    if (is_at(ctx, kBetween, k)) return k;
    if (is_clause_break(ctx, k) || w == "." || is_at(ctx, kRelativizer, k)) break;
    int ci = ctx.chunk_of_tok[k];
    if (ci < 0) continue;
    if (ctx.chunks[ci].kind != ChunkKind::Place || ctx.chunks[ci].adjective) break;
    k = ctx.chunks[ci].e - 1;
  }
  return end;
}

// The party of the nearest earlier act of c's sentence that has one, told
// before c (active verbs only when `verbs_only`), or -1.
int earlier_actor(const std::vector<Cand>& cands, const Cand& c, bool verbs_only) {
  for (const Cand* p = &c; p > cands.data();) {
    --p;
    if (p->sent != c.sent) break;
    if (p->actor >= 0 && !p->passive && p->te <= c.tb && !(verbs_only && p->noun)) return p->actor;
  }
  return -1;
}

}  // namespace

// Whether a clause subject ending at `from` carries out the act of force a
// noun trigger at `to` names: a perform cue between them ("rebels carried out
// an attack", "launched an offensive"), a phrase of its own right after it
// ("the army, in a raid, …"), or nothing between. "The judge charged them with
// the murder", "he accused X of fighting" or "X said the bombings …" name no
// doer: the subject only talks of the act.
bool subject_performs(const Context& ctx, size_t from, size_t to) {
  if (from >= to) return true;
  size_t k = from;
  if (ctx.w(k) == ",") ++k;
  if (k < to && is_at(ctx, kSettingPrep, k)) {
    size_t j = k + 1;
    while (j < to && ctx.chunk_of_tok[j] < 0 && ctx.w(j) != "," && !ctx.cue_at(Cue::Report, j, to)) ++j;
    if (j == to) return true;
  }
  // The verb governs the noun: at most four words ("carried out a new car
  // bomb attack") between them, no comma ("the strike they began, after X's
  // murder" is no doing of the murder).
  for (k = from; k < to; ++k) {
    int n = ctx.cue_at(Cue::Perform, k, to);
    if (n <= 0) continue;
    size_t j = k + static_cast<size_t>(n);
    bool near = j + 4 >= to;
    for (size_t t = j; t < to && near; ++t)
      near = ctx.w(t) != "," && !is_clause_break(ctx, t) && !is_prep(ctx, ctx.w(t));
    if (near) return true;
  }
  return false;
}

Party party_of(const Context& ctx, int chunk) {
  Party p;
  if (chunk < 0) return p;
  const Chunk& c = ctx.chunks[chunk];
  p.entity = c.entity;
  p.name = c.name;
  p.country = c.country;
  p.sector = c.sector;
  if (c.kind == ChunkKind::Place && c.capital && p.sector.empty()) p.sector = "GOV";
  if (c.adjective || (c.kind == ChunkKind::Place && !c.possessor)) {
    // "the Sudanese army-backed government": the demonym's noun names the
    // sector; "Montreal police": the place's.
    for (size_t k = c.e; k < c.e + 3 && k < ctx.chunk_of_tok.size(); ++k) {
      if (ctx.chunk_of_tok[k] >= 0 || ctx.doc.tokens[k].kind != TokenKind::Word) break;
      int v = 0;
      if (int n = ctx.cue_at(Cue::Sector, k, ctx.chunk_of_tok.size(), &v)) {
        p.sector = std::string(ctx.lex.cue_value(v));
        p.name = std::string(ctx.doc.view(ctx.doc.tokens[c.b].start, ctx.doc.tokens[k + n - 1].end));
        return p;
      }
    }
  }
  // "a U.S. citizen", "two U.S. missionaries", "Salvadoran bishops": a country
  // or a demonym right before a noun of persons (a party noun, perhaps after a
  // modifier) names those persons, of that country; they are the party, not
  // the country. (A town before one stays the party: "Montreal residents".)
  if (c.adjective || (c.kind == ChunkKind::Place && !c.possessor && c.precision == "country"sv)) {
    for (size_t k = c.e; k < c.e + 3 && k < ctx.chunk_of_tok.size(); ++k) {
      if (ctx.doc.tokens[k].kind != TokenKind::Word) break;
      size_t e = 0;
      std::string sector;
      if (int ci = ctx.chunk_of_tok[k]; ci >= 0) {
        const Chunk& nx = ctx.chunks[ci];
        if (nx.kind != ChunkKind::Nominal || nx.b != k) break;
        e = nx.e, sector = nx.sector;
      } else if (int v = 0, n = ctx.cue_at(Cue::Party, k, ctx.chunk_of_tok.size(), &v); n) {
        e = k + static_cast<size_t>(n), sector = std::string(ctx.lex.cue_value(v));
      }
      if (e == 0) continue;
      p.entity = -1;
      p.name = std::string(ctx.doc.view(ctx.doc.tokens[c.b].start, ctx.doc.tokens[e - 1].end));
      p.sector = sector;
      return p;
    }
  }
  // "police forces", "the Federal Police": police are their own sector (COP).
  if (p.sector.empty() || p.sector == "GOV"sv)
    for (size_t k = c.b; k < c.e; ++k) {
      int v = 0;
      if (ctx.cue_at(Cue::Sector, k, k + 1, &v) && ctx.lex.cue_value(v) == "COP"sv) p.sector = "COP";
    }
  if (c.adjective && c.entity < 0) {
    // A demonym as actor: the country ("Israeli attack" → Israel).
    int ci = 0, kind = 0;
    if (country_at(ctx, c.b, c.e, &ci, &kind)) p.name = ctx.lex.countries[ci].name;
  }
  return p;
}

void settle_party_countries(const Context& ctx, Event& e, bool state_only) {
  const Document& doc = ctx.doc;
  auto place_entity = [&](const Party& p) {
    return p.entity >= 0 && static_cast<size_t>(p.entity) < doc.entities.size() &&
           doc.entities[p.entity].type == EntityType::Place;
  };
  // A town, district or region is where an event happens, not who acts
  // (a country or a seat of government may stand for its state).
  if (e.actor && place_entity(*e.actor) && e.actor->sector.empty()) {
    const Entity& en = doc.entities[e.actor->entity];
    // (A name the gazetteer did not resolve may be a company or a group.)
    bool town = en.place && !en.place->feature.empty() && en.place->feature.rfind("PCL", 0) != 0;
    if (town) e.actor.reset();
  }
  // A protest is always someone's: told with no party named ("a protest was
  // held", "hundreds of migrant labourers protested"), it is its protesters'.
  if (!state_only && !e.actor && e.type == "PROTEST"sv) {
    Party p;
    p.name = e.mode == "riot"sv ? "rioters" : "protesters";
    p.sector = "CVL";
    p.why.assign(1, Rule{"protest-is-its-protesters", {}, 0, 0});
    e.actor = p;
  }
  std::string_view home = e.place && !e.place->country.empty() ? std::string_view(e.place->country)
                          : state_only                         ? std::string_view()
                                                               : std::string_view(ctx.home_country);
  if (home.empty()) return;
  bool own_place = e.place && !e.place->country.empty();
  // A name typed PLACE that the gazetteer did not resolve and that acts
  // ("members of Polo Obrero protested") is a group, and is settled as one.
  auto resolved_place = [&](const Party& p) {
    return place_entity(p) && doc.entities[p.entity].place && doc.entities[p.entity].place->lat;
  };
  for (auto* p : {&e.actor, &e.recipient}) {
    if (!*p || !(*p)->country.empty() || resolved_place(**p)) continue;
    // A named target takes only the country of the event's own place.
    if ((*p)->entity >= 0 && !own_place && p == &e.recipient) continue;
    if (state_only && ((*p)->entity >= 0 || (*p)->sector.empty() || (*p)->sector == "UAF"sv ||
                       (*p)->sector == "REB"sv || (*p)->sector == "CRM"sv))
      continue;
    // Unnamed parties need a sector ("police", "gunmen"); named ones are
    // organisations, people or groups the dictionary knows no country of.
    if ((*p)->entity < 0 && (*p)->sector.empty()) continue;
    (*p)->country = std::string(home);
  }
}

namespace {

// The entity named inside bytes [b, e) ("the Avianca building", "the U.S.
// embassy") or right after them by "of" ("the offices of the telephone
// company"): an organisation, else a country or other place; -1 when none.
int owner_of_object(const Document& doc, uint32_t b, uint32_t e) {
  std::string_view after = std::string_view(doc.text).substr(std::min<size_t>(e, doc.text.size()));
  size_t of_end = 0;
  if (after.size() > 4 && (after.substr(0, 4) == " of "sv || after.substr(0, 4) == " OF "sv)) of_end = e + 4;
  int best = -1;
  for (size_t i = 0; i < doc.entities.size(); ++i) {
    const Entity& en = doc.entities[i];
    if (en.type != EntityType::Org && en.type != EntityType::Place) continue;
    for (const Mention& m : en.mentions) {
      bool inside = m.start >= b && m.end <= e;
      // ("of the telephone company": an article between.)
      bool of = of_end && m.start >= of_end && m.start <= of_end + 4;
      if (m.kind == MentionKind::Pronoun || !(inside || of)) continue;
      if (best < 0 || (en.type == EntityType::Org && doc.entities[best].type != EntityType::Org))
        best = static_cast<int>(i);
    }
  }
  return best;
}

// The words of an owner the entity layer did not name, after "of" right after
// an object ("the residence of vice president-elect Francisco Merino", "the
// headquarters of the new liberalism party"): up to six words, ending at a
// preposition, a relative word, a verb of being or a conjunction (roles.rules
// roles-prep, roles-relativizer, roles-owner-stop) or at a sign; "" when none.
std::string owner_words_after(const Context& ctx, uint32_t end) {
  const Document& doc = ctx.doc;
  size_t j = doc.token_at(end);  // (the token after the object, which ends at a token's end)
  if (j >= doc.tokens.size() || !is_at(ctx, kOf, j) || doc.tokens[j].start > end + 1) return "";
  size_t k = j + 1, last = j;
  if (k < doc.tokens.size() && is_at(ctx, kArticle, k)) ++k;
  for (size_t n = 0; k < doc.tokens.size() && n < 6; ++k, ++n) {
    if (doc.tokens[k].kind != TokenKind::Word || is_at(ctx, kPrep, k) || is_at(ctx, kRelativizer, k) ||
        is_at(ctx, kOwnerStop, k))
      break;
    last = k;
  }
  if (last == j) return "";
  return std::string(doc.view(end, doc.tokens[last].end));
}

// The object's words without a leading article ("the U.S. embassy" -> "U.S.
// embassy"), and with the owner named after it ("offices of the company").
std::string object_name(const Document& doc, const ObjectRef& o, int owner) {
  std::string_view t = o.text;
  auto starts = [&](std::string_view a) {
    if (t.size() <= a.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if ((t[i] | 0x20) != a[i] && !(a[i] == ' ' && t[i] == ' ')) return false;
    return true;
  };
  for (std::string_view a : {"the "sv, "a "sv, "an "sv})
    if (starts(a)) t.remove_prefix(a.size());
  std::string name(t);
  if (owner >= 0)
    for (const Mention& m : doc.entities[owner].mentions)
      if (m.start > o.end && m.start <= o.end + 8 && m.kind != MentionKind::Pronoun) {
        name.append(doc.text, o.end, m.end - o.end);
        break;
      }
  return name;
}

// Whether the event tells people killed or wounded (a figure above zero).
bool people_hurt(const Event& e) {
  for (const auto* iv : {&e.casualties.killed, &e.casualties.injured})
    if (*iv && (((*iv)->low && *(*iv)->low > 0) || ((*iv)->high && *(*iv)->high > 0))) return true;
  return false;
}

// An assault on a thing no party owns ("dynamited ten power pylons in San
// Salvador", "set fire to a bus"), in an event with no recipient the text names
// and no one hurt: the first thing struck is the recipient, named by its words
// and pointing to the event's place, where the thing stands (its country the
// place's). Where people were killed or wounded ("a bomb exploded in a market,
// killing six") they stay the recipient, inferred.
void struck_object_in_place(const Context& ctx, Event& e) {
  const Document& doc = ctx.doc;
  if (e.recipient && people_hurt(e)) return;
  if (!e.place || e.place->entity < 0 || static_cast<size_t>(e.place->entity) >= doc.entities.size()) return;
  if (doc.entities[e.place->entity].type != EntityType::Place) return;
  const ObjectRef& o = e.targets.front();
  Party p = e.recipient ? *e.recipient : Party{};
  p.inferred = false;
  p.entity = e.place->entity;
  p.name = object_name(doc, o, -1) + owner_words_after(ctx, o.end);
  if (p.country.empty()) p.country = e.place->country;
  p.why.push_back(Rule{"recipient-is-struck-object-in-place", {}, o.start, o.end});
  e.recipient = std::move(p);
}

}  // namespace

void struck_object_recipient(const Context& ctx, Event& e) {
  const Document& doc = ctx.doc;
  if ((e.type != "ASSAULT"sv && e.type != "COERCE"sv) || e.targets.empty()) return;
  bool open = !e.recipient || e.recipient->inferred;
  for (const ObjectRef& o : e.targets) {
    int owner = owner_of_object(doc, o.start, o.end);
    if (owner < 0) continue;
    if (!open && e.recipient->entity != owner) continue;
    const Entity& en = doc.entities[owner];
    Party p = open ? Party{} : *e.recipient;
    if (open) {
      p.entity = owner;
      if (en.actor) p.country = en.actor->country, p.sector = en.actor->sector;
      if (p.country.empty() && en.place) p.country = en.place->country;
    }
    p.name = object_name(doc, o, owner);
    p.why.push_back(Rule{"recipient-is-struck-object", {}, o.start, o.end});
    e.recipient = std::move(p);
    return;
  }
  if (open) struck_object_in_place(ctx, e);
}

EventPlace place_of(const Context& ctx, int chunk, const std::string& relation) {
  EventPlace p;
  if (chunk < 0) return p;
  const Chunk& c = ctx.chunks[chunk];
  p.entity = c.entity;
  p.name = c.name;
  p.lat = c.lat;
  p.lon = c.lon;
  p.country = c.country;
  p.admin1 = c.admin1;
  p.relation = relation.empty() ? "in" : relation;
  p.precision = c.precision.empty() ? "unknown" : c.precision;
  return p;
}

// A word between a place and the place that contains it ("Samboko village
// (Mambasa, Nord-Kivu)", "the Z camp in W"): cues.tsv class container.
bool container_gap(const Context& ctx, size_t k) {
  return ctx.cue_at(Cue::Container, k, k + 1) == 1 || is_skippable_modifier(ctx, ctx.w(k));
}

// A street, square or landmark named after a place ("Baghdad Street",
// "Kuwait roundabout"): the word after the place's name (cues.tsv landmark).
bool landmark_noun(const Context& ctx, size_t k) { return ctx.cue_at(Cue::Landmark, k, k + 1) == 1; }

int chunk_rank(const Chunk& c) { return precision_rank(c.precision); }

// The resolved place named right before place `ci` that it contains ("Jarablus
// in Aleppo", "Tepeaca, Puebla", "Nova Iguacu, Rio de Janeiro"): across
// container words only, in the same country and the same first-order division
// or near it. Across a word of nearness ("raided the Nur Shams camp near
// Tulkarm"), the place before lies beside the other, not inside it: it wins
// when it is at least as fine and close (kNearKm), and *near is set. -1 when
// none.
int contained_before(const Context& ctx, int ci, size_t sb, bool* near) {
  constexpr double kNearKm = 30;
  const Chunk& c = ctx.chunks[ci];
  if (c.kind != ChunkKind::Place || !c.lat || c.country.empty()) return -1;
  bool across_near = false;
  for (size_t k = c.b, n = 0; k > sb && n < 4; --k, ++n) {
    int qi = ctx.chunk_of_tok[k - 1];
    if (qi >= 0 && qi != ci) {
      const Chunk& q = ctx.chunks[qi];
      if (q.kind != ChunkKind::Place || !q.lat || q.adjective || q.possessor || q.precision == "country" ||
          q.country != c.country)
        return -1;
      double km = great_circle_km(*q.lat, *q.lon, *c.lat, *c.lon);
      if (across_near && (km > kNearKm || chunk_rank(q) < chunk_rank(c))) return -1;
      bool same_division = !q.admin1.empty() && q.admin1 == c.admin1;
      if (!same_division && km > 150) return -1;
      // ("a man from Afrin in Idleb": where he came from.)
      if (q.b > sb && is_at(ctx, kFrom, q.b - 1)) return -1;
      if (near) *near = across_near;
      return qi;
    }
    std::string_view w = ctx.w(k - 1);
    if (is(ctx, kContainerGapStop, w) || !container_gap(ctx, k - 1)) return -1;
    if (is(ctx, kNearGap, w)) {
      if (across_near) return -1;  // ("X near Y near Z")
      across_near = true;
    }
    // ("the Northern Sinai town of Arish": the one before contains it.)
    if (is(ctx, kOf, w) && k >= 2 && is_at(ctx, kContainerNoun, k - 2)) return -1;
  }
  return -1;
}

// A country or region told as the place ("protested … in Paraguay") while
// the sentence also names a finer place inside it ("in Villa Elisa
// (Central), parents protested … in Paraguay"): the first such place of the
// sentence (a chain names the finest first: "in Hays city in western Yemen
// (Hays, Al Hudaydah)"). Inside: the same country, and for a region its own
// first-order division. Not a place someone came from ("from X"), a
// possessor ("Kabul's governor") or a demonym. -1 when none.
int finer_inside(const Context& ctx, int pl, size_t sb, size_t se) {
  const Chunk& c = ctx.chunks[pl];
  if (c.country.empty()) return -1;
  const bool region = c.precision == "admin1";
  for (size_t k = sb; k < se; ++k) {
    int ci = ctx.chunk_of_tok[k];
    if (ci < 0 || ci == pl || ctx.chunks[ci].b != k) continue;
    const Chunk& q = ctx.chunks[ci];
    k = q.e - 1;
    if (q.kind != ChunkKind::Place || !q.lat || q.adjective || q.possessor || q.country != c.country ||
        chunk_rank(q) <= chunk_rank(c) || (region && q.admin1 != c.admin1) ||
        (q.b > sb && is_at(ctx, kFrom, q.b - 1)))
      continue;
    return ci;
  }
  return -1;
}

// The event's place is the finest place the text gives it that the gazetteer
// resolves and that agrees with the sentence's other places:
// - a name the gazetteer lacks ("Samboko village (Mambasa, Nord-Kivu)", "in
//   Pacaja, Para, … in Olimpinho neighborhood") gives way to the resolved
//   place that contains it: the next one after it across place nouns and
//   brackets, else the nearest one before it in the sentence;
// - a place inside a street's or landmark's name ("Kuwait roundabout") is not
//   that place: the event takes the town around it, relation "near";
// - a country or region gives way to the first finer place of the sentence
//   inside it ("in Villa Elisa (Central), … in Paraguay"; see finer_inside);
// - a place in another country than every town, district or region the
//   sentence names (two agreeing), and far from them all ("in Leon, Guanajuato,
//   … in Colonia San Francisco" → Colonia, Uruguay) is a homonym: the finest
//   of those wins.
int settle_place_named(const Context& ctx, int pl, size_t sb, size_t se, std::string* rel) {
  if (pl < 0) return pl;
  const Chunk& c = ctx.chunks[pl];
  // (The landmark noun may end the name: "Sanaa Street".)
  bool landmark = (c.e < se && landmark_noun(ctx, c.e)) || (c.e > c.b + 1 && landmark_noun(ctx, c.e - 1));
  auto container = [&]() {
    for (size_t k = c.e + (landmark ? 1 : 0), n = 0; k < se && n < 8; ++k, ++n) {
      int ci = ctx.chunk_of_tok[k];
      if (ci >= 0 && ci != pl) {
        const Chunk& q = ctx.chunks[ci];
        if (q.kind == ChunkKind::Place && q.lat && !q.adjective) return ci;
        // An unknown place of the chain ("Mifi" of "(Mifi, Ouest)"), or a
        // name the tagger typed otherwise, inside the brackets.
        if (q.kind != ChunkKind::Place && ctx.w(k - 1) != "(" && ctx.w(k - 1) != ",") break;
        k = q.e - 1;
        continue;
      }
      if (ci < 0 && !container_gap(ctx, k)) break;
    }
    // Before it: the finest resolved place, the nearest on ties.
    int best = -1;
    for (size_t k = c.b; k > sb; --k) {
      int ci = ctx.chunk_of_tok[k - 1];
      if (ci < 0 || ci == pl || ctx.chunks[ci].b != k - 1) continue;
      const Chunk& q = ctx.chunks[ci];
      // ("in Juliaca, Puno, … in Armas square": Puno only contains Juliaca.)
      if (q.kind == ChunkKind::Place && q.lat && !q.adjective && !q.possessor && q.precision != "country" &&
          (best < 0 || chunk_rank(q) > chunk_rank(ctx.chunks[best])) &&
          contained_before(ctx, ci, sb, nullptr) < 0)
        best = ci;
    }
    return best;
  };
  if (landmark) {
    int ci = container();
    if (ci >= 0) {
      *rel = "near";
      return ci;
    }
    return c.precision == "country" ? -1 : pl;
  }
  if (!c.lat) {
    int ci = container();
    return ci >= 0 ? ci : pl;
  }
  if (c.precision == "country" || c.precision == "admin1") {
    int fine = finer_inside(ctx, pl, sb, se);
    if (fine >= 0) {
      *rel = "in";
      return fine;
    }
  }
  if (c.precision == "country" || c.country.empty()) return pl;
  // The place that the text says contains it: the possessor right before it
  // ("Beirut's Hamra district") or the place after it across place nouns and
  // commas ("Hamra, Beirut"). A reading farther from it than its size allows
  // is a homonym: the container wins.
  // (After it, a town's name may stand for its division, "San Antonio
  // (Valparaiso)": only a district or region counts, or a town far away.)
  int holder = -1;
  bool possessor = false;
  if (c.b > sb + 1 && ctx.w(c.b - 1) == "'s")
    holder = ctx.chunk_of_tok[c.b - 2], possessor = true;
  else if (c.b > sb && ctx.chunk_of_tok[c.b - 1] >= 0 && ctx.chunks[ctx.chunk_of_tok[c.b - 1]].possessor)
    holder = ctx.chunk_of_tok[c.b - 1], possessor = true;
  if (holder < 0 || holder == pl) {
    holder = -1;
    possessor = false;
    for (size_t k = c.e, n = 0; k < se && n < 8; ++k, ++n) {
      int ci = ctx.chunk_of_tok[k];
      if (ci >= 0 && ci != pl) {
        const Chunk& q = ctx.chunks[ci];
        if (k > c.e && q.kind == ChunkKind::Place && q.lat) holder = ci;
        if (k > c.e && q.kind == ChunkKind::Place && !q.lat) {  // an unknown place of the chain
          k = q.e - 1;
          continue;
        }
        break;
      }
      if (!container_gap(ctx, k)) break;
    }
  }
  if (holder >= 0) {
    const Chunk& h = ctx.chunks[holder];
    double reach = h.precision == "town"       ? 50
                   : h.precision == "district" ? 150
                   : h.precision == "admin1"   ? 600
                                               : 0;
    if (h.kind == ChunkKind::Place && h.lat && !h.adjective && reach > 0 && chunk_rank(h) <= chunk_rank(c)) {
      double km = great_circle_km(*h.lat, *h.lon, *c.lat, *c.lon);
      // (A town after it counts when the two are a continent apart:
      // "Chalala area of Lusaka" read in another country.)
      // (A national capital is no namesake: "Brasilia, Distrito Federal" is
      // not the Mexican one.)
      bool counts =
          (possessor || h.precision != "town" || km > 1000) && !(c.capital && h.country != c.country);
      if (counts && km > reach) return holder;
    }
  }
  // Other towns, districts and regions of the sentence; a country of theirs
  // frames the sentence when two of them agree ("in Leon, Guanajuato"). In
  // the place's own country they frame it when two agree on a first-order
  // division that is not the place's, far from it ("in Sao Goncalo, Rio de
  // Janeiro, … in Trindade community": not the Trindade of Goias).
  std::vector<int> others;
  for (size_t k = sb; k < se; ++k) {
    int ci = ctx.chunk_of_tok[k];
    if (ci < 0 || ci == pl || ctx.chunks[ci].b != k) continue;
    const Chunk& q = ctx.chunks[ci];
    if (q.kind != ChunkKind::Place || !q.lat || q.adjective || q.country.empty() || q.precision == "country")
      continue;
    const double km = great_circle_km(*q.lat, *q.lon, *c.lat, *c.lon);
    // The sentence places it in its own country and division, or near it.
    if (q.country == c.country && ((!q.admin1.empty() && q.admin1 == c.admin1) || km < 150)) return pl;
    // A border town near the sentence's places abroad ("Rafah" after "North
    // Sinai") is no homonym.
    if (q.country != c.country && km < 500) return pl;
    others.push_back(ci);
  }
  int frame = -1;
  for (int ci : others) {
    const Chunk& q = ctx.chunks[ci];
    const bool home = q.country == c.country;
    int agree = 0;
    for (int cj : others)
      agree += ctx.chunks[cj].country == q.country && (!home || ctx.chunks[cj].admin1 == q.admin1);
    if (agree < 2 || (home && q.admin1.empty())) continue;
    if (frame < 0 || chunk_rank(q) > chunk_rank(ctx.chunks[frame])) frame = ci;
  }
  if (frame >= 0) {
    *rel = "in";
    return frame;
  }
  return pl;
}

// The place settled as above, then the finer place named right before it that
// it contains, if any ("civilians in Jarablus in Aleppo protested": Jarablus).
int settle_place(const Context& ctx, int pl, size_t sb, size_t se, std::string* rel) {
  pl = settle_place_named(ctx, pl, sb, se, rel);
  for (int step = 0; pl >= 0 && step < 3; ++step) {
    bool near = false;
    int inner = contained_before(ctx, pl, sb, &near);
    if (inner < 0) break;
    pl = inner;
    if (near) *rel = "in";  // the place beside the one told, named as where it happened
  }
  return pl;
}

// A place heading a paragraph ("Gaza – Shujaiyya: An airstrike killed …",
// "Khan Younis: …"): a place, then a dash or a colon; after a dash, a second
// place closed by a colon or a dash is the finer one. -1 when none.
int header_place(const Context& ctx, uint32_t para) {
  const Document& doc = ctx.doc;
  if (para >= doc.paragraphs.size()) return -1;
  uint32_t start = doc.paragraphs[para].start;
  size_t t = 0, hi = doc.tokens.size();  // the first token ending after `start`
  while (t < hi) {
    size_t mid = (t + hi) / 2;
    if (doc.tokens[mid].end <= start)
      t = mid + 1;
    else
      hi = mid;
  }
  if (t >= doc.tokens.size()) return -1;
  auto sep = [&](size_t k) {
    std::string_view w = ctx.w(k);
    return w == ":" || w == "-" || w == "--" || w == "\xe2\x80\x94" || w == "\xe2\x80\x93";
  };
  auto place = [&](size_t k) {
    int ci = k < doc.tokens.size() ? ctx.chunk_of_tok[k] : -1;
    return ci >= 0 && ctx.chunks[ci].kind == ChunkKind::Place && ctx.chunks[ci].b == k &&
                   !ctx.chunks[ci].adjective
               ? ci
               : -1;
  };
  int first = place(t);
  if (first < 0 || ctx.chunks[first].e >= doc.tokens.size() || !sep(ctx.chunks[first].e)) return -1;
  size_t k = ctx.chunks[first].e;
  if (ctx.w(k) != ":") {
    int second = place(k + 1);
    if (second >= 0 && ctx.chunks[second].e < doc.tokens.size() && sep(ctx.chunks[second].e) &&
        (ctx.chunks[second].lat || !ctx.chunks[first].lat))
      return second;
  }
  return first;
}

namespace {

// The dateline's place ("KHAN YOUNIS, Nov 5 (Xinhua) --"): the report's default place.
int dateline_place(const Context& ctx) {
  const Document& doc = ctx.doc;
  int dateline = -1;
  if (!doc.sentences.empty()) {
    const Sentence& s0 = doc.sentences[doc.sentences[0].headline && doc.sentences.size() > 1 ? 1 : 0];
    uint32_t t = s0.tok_begin;
    if (t < doc.tokens.size() && (doc.tokens[t].flags & kTokAllUpper)) {
      int ci = ctx.chunk_of_tok[t];
      if (ci >= 0 && ctx.chunks[ci].kind == ChunkKind::Place && ctx.chunks[ci].e < s0.tok_end) {
        std::string_view nx = ctx.w(ctx.chunks[ci].e);
        if (nx == "," || nx == "(" || nx == "-" || nx == "\xe2\x80\x94" || nx == "\xe2\x80\x93")
          dateline = ci;
      }
    }
  }
  return dateline;
}

// Where the dateline ends: the token after the dash of "PLACE, Month Day
// (Agency) -"; the place and the agency there are no party to the first
// sentence's events.
size_t dateline_end_of(const Context& ctx) {
  const Document& doc = ctx.doc;
  size_t dateline_end = 0;
  if (!doc.sentences.empty()) {
    const Sentence& s0 = doc.sentences[doc.sentences[0].headline && doc.sentences.size() > 1 ? 1 : 0];
    uint32_t t = s0.tok_begin;
    if (t < doc.tokens.size() && (doc.tokens[t].flags & kTokAllUpper))
      for (size_t k = t + 1, open = 0; k < s0.tok_end && k < t + 16; ++k) {
        std::string_view w = ctx.w(k);
        // (A dash inside brackets joins two agencies: "(ACAN - EFE) --".)
        if (w == "(" || w == ")") open = w == "(" ? open + 1 : open - (open > 0);
        if (open == 0 && (w == "-" || w == "--" || w == "\xe2\x80\x94" || w == "\xe2\x80\x93")) {
          bool agency = ctx.w(k - 1) == ")";
          for (size_t j = t; j < k && !agency; ++j)
            agency = ctx.time_of_tok[j] >= 0 || ctx.num_of_tok[j] >= 0;
          // "MOGADISHU, Somalia —": places and commas only.
          bool places = !agency;
          for (size_t j = t; j < k && places; ++j) {
            int ci = ctx.chunk_of_tok[j];
            places = ctx.w(j) == "," || (ci >= 0 && ctx.chunks[ci].kind == ChunkKind::Place);
          }
          agency = agency || places;
          if (agency) dateline_end = k + 1;
          break;
        }
      }
  }
  if (!doc.dateline.empty())
    dateline_end = std::max<size_t>(dateline_end, doc.dateline.tok_end);  // text/'s, any case
  return dateline_end;
}

// One candidate's roles, read in its sentence (past the dateline): its voice,
// its actor and recipient, its place, then what carries over from the
// sentence before and what a place or organisation stands for.
class CandRoles {
 public:
  CandRoles(const Context& x, std::vector<Cand>& cs, Cand& cand, int dl, size_t dateline_end);
  void run();

 private:
  const Context& ctx;
  const Document& doc;
  std::vector<Cand>& cands;
  Cand& c;
  const TriggerDef& d;
  const int dateline;  // the dateline's place chunk, or -1
  Sentence s;
  size_t sb = 0, se = 0;
  bool noun = false;
  int by_agent = -1;  // the agent after "by"
  std::string rel;    // the place's relation
  int pl = -1;        // the place told in the sentence, settled

  void voice();
  void agent_after_by();
  void noun_parties();
  void subject_of_noun();
  bool clause_between(int subj) const;
  bool inside_quote(size_t t) const;
  int opened_clause_subject(int subj) const;
  void passive_parties();
  void active_parties();
  void subject_before_verb(int& found, int& reduced_agent);
  void object_of_verb();
  void between_sides();
  void coordinated_actors();
  void reciprocal_subjects();
  void person_after_demonym();
  void person_after_role_words();
  void demonym_before_struck_thing();
  void addressee_in_content();
  void place_object_of_verb();
  void told_place();
  void inferred_place();
  void recipient_not_place();
  void carry_over_previous_sentence();
  void header_label_subject();
  void settle_actor();
  void place_as_object();
  void no_speaker_label_party();
};

CandRoles::CandRoles(const Context& x, std::vector<Cand>& cs, Cand& cand, int dl, size_t dateline_end)
    : ctx(x), doc(x.doc), cands(cs), c(cand), d(x.lex.triggers[cand.def]), dateline(dl) {
  s = doc.sentences[c.sent];
  if (s.tok_begin < dateline_end && dateline_end < s.tok_end)
    s.tok_begin = static_cast<uint32_t>(dateline_end);
  sb = s.tok_begin, se = s.tok_end;
  noun = used_as_noun(ctx, c, sb, d);
  c.noun = noun;
}

void CandRoles::run() {
  voice();
  agent_after_by();
  if (noun) {
    noun_parties();
  } else if (int head = c.tb > sb ? ctx.chunk_of_tok[c.tb - 1] : -1;
             !c.passive && by_agent >= 0 && head >= 0 && ctx.chunks[head].e == c.tb &&
             ctx.chunks[head].kind != ChunkKind::Place && ctx.w(c.tb).size() > 3 &&
             ctx.w(c.tb).substr(ctx.w(c.tb).size() - 2) == "ed") {
    // "137 students kidnapped by gunmen": a past participle after its noun
    // and before "by" is passive, the noun its patient.
    c.passive = true;
    c.recipient = head, c.recipient_rule = "noun-before-participle";
    c.actor = by_agent, c.actor_rule = "passive-agent";
  } else if (c.passive) {
    passive_parties();
  } else {
    active_parties();
  }
  between_sides();
  coordinated_actors();
  reciprocal_subjects();
  if (c.recipient == c.actor) c.recipient = -1;
  person_after_demonym();
  person_after_role_words();
  demonym_before_struck_thing();
  addressee_in_content();
  told_place();
  recipient_not_place();
  carry_over_previous_sentence();
  header_label_subject();
  settle_actor();
  place_as_object();
  no_speaker_label_party();
}

// Passive verb: "were killed", "was hit", "had been destroyed".
void CandRoles::voice() {
  if (!noun && c.tb > sb) {
    size_t k = c.tb - 1;
    // ("was reportedly killed", "has been totally destroyed": past an adverb.)
    if (k > sb && (is_at(ctx, kAlso, k) || (ctx.w(k).size() > 4 && ctx.w(k).ends_with("ly")))) --k;
    c.passive = is_be_form(ctx, ctx.w(k));
    // A trigger phrase that carries its own auxiliary ("was beaten", "were
    // picked up") is passive too.
    if (c.te - c.tb >= 2 && is_be_form(ctx, ctx.w(c.tb))) c.passive = true;
    // "Two soldiers died": an intransitive casualty verb's subject is its patient.
    std::string_view tw = ctx.w(c.tb);
    if ((d.flags & kCasualty) && is(ctx, kIntransitiveDeath, tw)) c.passive = true;
    // "… and more than 100 others injured": a casualty participle with no object.
    std::string_view w = ctx.w(c.tb);
    if (!c.passive && (d.flags & kCasualty) && w.size() > 2 && w.substr(w.size() - 2) == "ed" && c.tb > sb &&
        ctx.chunk_of_tok[c.tb - 1] < 0) {
      std::string_view nx = c.te < se ? ctx.w(c.te) : std::string_view(".");
      if (is(ctx, kParticipleNoObject, nx)) c.passive = true;
    }
    if (!c.passive && (d.flags & kCasualty) && reduced_passive(ctx, c, sb, se)) c.passive = true;
  }
}

// The agent after "by".
void CandRoles::agent_after_by() {
  // ("was shot to death in Porto Meira neighborhood by two armed men": over a
  // place phrase, within the clause.)
  // (A passive's agent also after an aside between commas: "was kidnapped
  // on 5 January on the outskirts of Achi, 850 km north of Bogota, by a
  // group of armed men".)
  size_t by_reach = c.passive ? 18 : 9;
  // A trigger phrase that ends in "by" ("beaten by", "held by"): its agent follows at once.
  if (c.te - c.tb >= 2 && is_at(ctx, kBy, c.te - 1)) {
    by_agent = chunk_after(ctx, c.te, se, false, 4);
    return;
  }
  for (size_t k = c.te; k < se && k < c.te + by_reach; ++k) {
    std::string_view bw = ctx.w(k);
    if ((bw == "," && !c.passive) || is_at(ctx, kAgentStop, k) || is_at(ctx, kRelativizer, k) ||
        (c.passive && ctx.cue_at(Cue::Report, k, se)))
      break;
    if (is_at(ctx, kBy, k)) {
      by_agent =
          chunk_after(ctx, k + 1, se, false, 4);  // "by insurgents near Gao": no place after a preposition
      break;
    }
  }
}

// A noun trigger's parties: the party it names or its modifier, the object
// of its preposition, else the sentence's subject.
void CandRoles::noun_parties() {
  // "protesters", "rioters": the trigger names its own party.
  if (int self = ctx.chunk_of_tok[c.tb];
      self >= 0 && ctx.chunks[self].kind == ChunkKind::Nominal && !ctx.chunks[self].sector.empty())
    c.actor = self, c.actor_rule = "trigger-names-its-party";
  else
    c.actor = modifier_actor(ctx, c, sb), c.actor_rule = "modifier-of-trigger";
  // "the magistrate's murder", "Mir's kidnapping", "Galan's assassination":
  // a person named before a noun of killing or abduction is its victim.
  if (c.actor >= 0 && ctx.chunks[c.actor].kind == ChunkKind::Person && d.type == "ASSAULT"sv &&
      ((d.flags & kCasualty) || d.mode == "abduct"sv || d.mode == "targeted"sv)) {
    c.recipient = c.actor, c.recipient_rule = "person-before-killing-noun";
    c.actor = -1;
  }
  if (c.actor < 0) c.actor = by_agent, c.actor_rule = "passive-agent";
  // Recipient: "attack on X", "meeting with X", "talks with X", "strikes against X".
  for (size_t k = c.te; k < se && k < c.te + 3; ++k) {
    if (is_at(ctx, kBetween, k)) break;
    if (is_at(ctx, kRecipientPrep, k)) {
      c.recipient = chunk_after(ctx, k + 1, se, false, 5), c.recipient_rule = "object-after-preposition";
      break;
    }
  }
  // "the direct support of the United States": the supporter follows.
  if (c.actor < 0 && (d.type == "SUPPORT"sv || d.type == "AID"sv) && c.recipient >= 0 && c.te < se &&
      is_at(ctx, kSupporterPrep, c.te))
    std::swap(c.actor, c.recipient), c.actor_rule = "supporter-after-of";
  if (c.actor < 0) subject_of_noun();
}

// The sentence's subject as a noun trigger's actor, unless a relative,
// reported or subordinate clause lies between.
void CandRoles::subject_of_noun() {
  int subj = sentence_subject(ctx, s, c.tb);
  bool relative = subj >= 0 && clause_between(subj);
  // "Egypt condemned the raid": the object of a verbal act is not the speaker's act.
  for (size_t k = c.tb > sb + 6 ? c.tb - 6 : sb; k < c.tb && !relative; ++k) {
    int v = 0;
    if (ctx.may(EventLexicon::kMaskTrigger, k) && ctx.lex.trigger_phrases.match(ctx.low, k, c.tb, &v) &&
        (ctx.lex.triggers[v].flags & kSpeech))
      relative = true;
  }
  // "riot police deployed to break up a protest rally": security forces
  // do not protest.
  if (subj >= 0 && d.type == "PROTEST"sv && security_force(ctx, ctx.chunks[subj])) relative = true;
  // An act of force names its doer through a verb of carrying it out.
  bool force = d.type == "ASSAULT"sv || d.type == "COERCE"sv;
  if (subj >= 0 && !relative && !passive_subject(ctx, ctx.chunks[subj], se) &&
      (!force || subject_performs(ctx, ctx.chunks[subj].e, c.tb))) {
    c.actor = subj, c.actor_rule = "subject-of-trigger";
    c.actor_from_subject = true;
  }
}

// Whether token t lies inside a quotation of its sentence: an odd number of
// quotation marks before it.
bool CandRoles::inside_quote(size_t t) const {
  bool in = false;
  for (size_t k = sb; k < t && k < se; ++k) {
    std::string_view w = ctx.w(k);
    if (w == "\"" || w == "\xe2\x80\x9c" || w == "\xe2\x80\x9d") in = !in;
  }
  return in;
}

// Whether a clause of its own lies between the sentence's subject and the
// trigger, so the subject is not the trigger's party.
bool CandRoles::clause_between(int subj) const {
  // Not across a relative clause: "Khan Younis, which witnessed deadly clashes".
  for (size_t k = ctx.chunks[subj].e; k < c.tb; ++k)
    if (is_at(ctx, kRelativeWord, k)) return true;
  // "Ruto said the protests …", "police opened fire …, as demonstrations
  // spread": an act in a reported or subordinate clause is not the subject's.
  for (size_t k = ctx.chunks[subj].e; k < c.tb; ++k) {
    // ("as" and "while" open a clause after a comma: not "as much as 15%".)
    bool comma = k > 0 && ctx.w(k - 1) == ",";
    // ("the monitors observed 20 explosions": who saw or counted an act did not do it.)
    if ((is_at(ctx, kCommaSubordinator, k) && comma) || is_at(ctx, kSubordinator, k) ||
        ctx.cue_at(Cue::Report, k, c.tb) || is_at(ctx, kWitnessVerb, k))
      return true;
  }
  return false;
}

// "Reporters watched in horror as the gunman … fired": the subject of the
// first clause opened between the sentence's subject and the trigger by a
// conjunction with a party of its own right after it (maybe after "the"), or
// the sentence's subject when there is none.
int CandRoles::opened_clause_subject(int subj) const {
  for (size_t k = ctx.chunks[subj].e; k + 1 < c.tb; ++k) {
    if (!is_at(ctx, kClauseOpener, k)) continue;
    size_t h = k + 1 + (is_at(ctx, kArticle, k + 1) && k + 2 < c.tb ? 1 : 0);
    int ci = ctx.chunk_of_tok[h];
    // (A pronoun refers back to a party told before: "as he lay still".)
    if (ci >= 0 && ctx.chunks[ci].b == h && ctx.chunks[ci].e <= c.tb &&
        ctx.chunks[ci].kind != ChunkKind::Place && !is_at(ctx, kPersonalPronoun, h))
      return ci;
  }
  return subj;
}

// The party a relative pronoun at r stands for: the chunk right before it,
// past one comma ("the judge who was shot", "Galan, who was killed"); -1 when
// a word other than a party stands there ("said that ...").
static int relative_antecedent(const Context& ctx, size_t r, size_t sb) {
  size_t j = r;
  if (j > sb && ctx.w(j - 1) == ",") --j;
  if (j <= sb) return -1;
  int ci = ctx.chunk_of_tok[j - 1];
  if (ci < 0 || ctx.chunks[ci].e != j) return -1;
  const Chunk& ch = ctx.chunks[ci];
  // ("Algeria, which drafted the text, condemned the veto": a state named by
  // its country; not a place after a preposition, "police in Kano, which …".)
  if (ch.kind == ChunkKind::Place) return preceded_by_prep(ctx, ch, sb) ? -1 : ci;
  return ch.kind == ChunkKind::Person || (ch.kind == ChunkKind::Nominal && !ch.sector.empty()) ? ci : -1;
}

// A passive verb: the subject is the patient, the agent after "by" the actor.
void CandRoles::passive_parties() {
  // The subject is the patient. ("A man accused of supplying the gang with
  // food was arrested": not past a reduced relative of a charge, whose
  // object is no subject; the scan starts before its participle.)
  size_t from = c.tb;
  for (size_t k = c.tb; k > sb + 1 && c.tb - k < 12; --k) {
    if (is_clause_break(ctx, k - 1)) break;
    if (is_at(ctx, kChargeParticiple, k - 1) && k < c.tb && is_at(ctx, kChargeLink, k)) {
      from = k - 1;
      break;
    }
  }
  for (size_t k = from; k > sb; --k) {
    int ci = ctx.chunk_of_tok[k - 1];
    if (is_relativizer(ctx, ctx.w(k - 1))) {
      // "Galan, who was killed last Friday": the relative pronoun's antecedent.
      c.recipient = relative_antecedent(ctx, k - 1, sb);
      if (c.recipient >= 0) c.recipient_rule = "passive-relative-antecedent";
      break;
    }
    if (is_clause_break(ctx, k - 1) || ctx.cue_at(Cue::Report, k - 1, c.tb)) break;
    if (ci >= 0 && !preceded_by_prep(ctx, ctx.chunks[ci], sb)) {
      c.recipient = ci, c.recipient_rule = "passive-subject";
      break;
    }
  }
  c.actor = by_agent, c.actor_rule = "passive-agent";
  // "… were killed in a massive Israeli attack": the attack's modifier.
}

// Active verb: nearest subject to the left inside the clause, then its object.
void CandRoles::active_parties() {
  int found = -1;
  std::string_view prev = c.tb > sb ? ctx.w(c.tb - 1) : std::string_view();
  if (is(ctx, kGerundPrep, prev)) found = clause_subject(ctx, s, c.tb), c.actor_rule = "subject-of-clause";
  // "thousands of students protesting against quotas", "gunmen firing on
  // the crowd": a participle's party is the noun right before it.
  std::string_view tw = ctx.w(c.tb);
  if (found == -1 && c.tb > sb && tw.size() > 4 && tw.substr(tw.size() - 3) == "ing") {
    int ci = ctx.chunk_of_tok[c.tb - 1];
    if (ci >= 0 && ctx.chunks[ci].kind != ChunkKind::Place && ctx.chunks[ci].e == c.tb)
      found = ci, c.actor_rule = "noun-before-participle";
  }
  // "after two devices exploded", "a car bomb went off": an instrument
  // right before the verb, with no party before it ("Hamas rockets hit"),
  // is its subject; no party earlier in the sentence is the doer.
  for (size_t t = c.tb > sb + 3 ? c.tb - 3 : sb; found == -1 && t < c.tb; ++t)
    if (ctx.chunk_of_tok[t] < 0 && (t == sb || ctx.chunk_of_tok[t - 1] < 0) &&
        ctx.cue_at(Cue::Weapon, t, c.tb) == static_cast<int>(c.tb - t))
      found = -2;
  // (Also when the trigger phrase names it: "bombs exploded", "a car bomb went off".)
  if (int wn = ctx.cue_at(Cue::Weapon, c.tb, c.te); found == -1 && wn > 0 &&
                                                    wn < static_cast<int>(c.te - c.tb) &&
                                                    (c.tb == sb || ctx.chunk_of_tok[c.tb - 1] < 0))
    found = -2;
  int reduced_agent = -1;  // "an IED planted by an armed group … detonated": the participle's agent
  subject_before_verb(found, reduced_agent);
  // "X said the RSF attacked the village, killing 104": an adjunct
  // participle's party is the one of the verb before it in the sentence.
  if (found == -1 && reduced_agent >= 0) found = reduced_agent, c.actor_rule = "reduced-passive-agent";
  if (found == -1 && tw.size() > 4 && tw.substr(tw.size() - 3) == "ing" && c.tb > sb &&
      ctx.w(c.tb - 1) == ",")
    found = earlier_actor(cands, c, false), c.actor_rule = "actor-of-earlier-verb";
  if (found == -1) {
    found = sentence_subject(ctx, s, c.tb), c.actor_rule = "sentence-subject";
    if (int opened = found >= 0 ? opened_clause_subject(found) : -1; opened != found)
      found = opened;
    else if (found >= 0 && clause_between(found))
      found = -1;
    c.actor_from_subject = found >= 0;
  }
  c.actor = found >= 0 ? found : -1;
  object_of_verb();
}

// The party right before an active verb, back to the clause's start (past a
// bracketed gloss; the antecedent of a relative).
void CandRoles::subject_before_verb(int& found, int& reduced_agent) {
  bool crossed = false;  // a comma or "and" between: a coordinated or adjunct verb
  for (size_t k = c.tb; found == -1 && k > sb && c.tb - k < 14; --k) {
    size_t t = k - 1;
    std::string_view w = ctx.w(t);
    if (w == ")") {  // "the Rapid Support Forces (RSF) killed": past a bracketed gloss
      size_t o = t;
      while (o > sb && t - o < 6 && ctx.w(o - 1) != "(") --o;
      if (o > sb + 1 && ctx.w(o - 1) == "(") {
        k = o;  // the loop's --k moves before the bracket
        continue;
      }
    }
    if (is_clause_break(ctx, t)) break;
    if (w == "," || is(ctx, kAnd, w)) crossed = true;
    if (is(ctx, kAntecedentPronoun, w)) {
      // "those who threaten", "the gunman, who wore a dark suit, fired": the antecedent.
      int ci = t > sb ? ctx.chunk_of_tok[t - 1] : -1;
      if (ci < 0) ci = relative_antecedent(ctx, t, sb);
      if (ci >= 0) found = ci, c.actor_rule = "antecedent-of-relative";
      if (found < 0) found = -2;  // an unknown antecedent: no actor
      break;
    }
    if (is(ctx, kThat, w) && t > sb && is_at(ctx, kSpeechVerb, t - 1)) break;
    // "Governor X said the missiles hit a building": the speaker is no subject of the reported clause.
    if (ctx.cue_at(Cue::Report, t, c.tb)) break;
    // Nor is a witness ("the monitors observed bursts of fire"), nor anyone else in the sentence.
    if (is(ctx, kWitnessVerb, w)) {
      found = -2;
      break;
    }
    int ci = ctx.chunk_of_tok[t];
    if (ci < 0) continue;
    const Chunk& ch = ctx.chunks[ci];
    k = ch.b + 1;
    // "Thousands of farmers blocked roads": the people counted are the subject.
    bool counted = ch.b >= sb + 2 && is_at(ctx, kOf, ch.b - 1) &&
                   (ctx.num_of_tok[ch.b - 2] >= 0 || is_at(ctx, kCountNoun, ch.b - 2));
    if (ch.b >= sb + 2 && is_at(ctx, kBy, ch.b - 1) && reduced_agent < 0 && !ch.adjective &&
        ch.kind != ChunkKind::Place) {
      std::string_view pp = ctx.w(ch.b - 2);
      if (pp.size() > 3 && pp.substr(pp.size() - 2) == "ed" &&
          !(ch.b >= sb + 3 && is_be_form(ctx, ctx.w(ch.b - 3))))
        reduced_agent = ci;
      // "shelling by Afghan forces killed 7": the agent of the act noun heading the subject.
      for (const Cand* p = &c; reduced_agent < 0 && p > cands.data();) {
        --p;
        if (p->sent != c.sent) break;
        if (p->te + 1 == ch.b && p->tb >= sb && ctx.lex.triggers[p->def].type == d.type) reduced_agent = ci;
      }
    }
    if (preceded_by_prep(ctx, ch, sb) && !counted) continue;
    // "burning Serbian flags to protest": a demonym modifying a thing (no party
    // noun, no act) is no subject.
    if (ch.adjective && ch.e < c.tb && ctx.chunk_of_tok[ch.e] < 0 &&
        ctx.doc.tokens[ch.e].kind == TokenKind::Word && !demonym_of_sector_noun(ctx, ch) &&
        !ctx.may(EventLexicon::kMaskTrigger, ch.e))
      continue;
    if (ch.adjective && ch.e < c.tb && ctx.chunk_of_tok[ch.e] < 0 && ctx.w(ch.e) != ",") {
      // "the Iraqi leader said": a demonym modifying the subject noun.
    }
    found = ci, c.actor_rule = "subject-of-trigger";
    // "police fired rubber bullets and arrested 30 people": coordinated
    // verbs share the subject an earlier verb of the sentence took.
    if (crossed && earlier_actor(cands, c, true) != ci) found = -1;
    break;
  }
}

// An active verb's object: the next chunk, through "with / on / against / to".
void CandRoles::object_of_verb() {
  size_t k = c.te;
  while (k < se && is_at(ctx, kObjectSkip, k)) ++k;
  if (k > c.te || (k < se && ctx.chunk_of_tok[k] >= 0))
    c.recipient = chunk_after(ctx, k, se, false, 6);
  else
    c.recipient = chunk_after(ctx, c.te, se, false, 4);
  c.recipient_rule = "object-of-trigger";
}

// "clashes between X and Y" (a noun, or a verb opening the sentence): the two
// sides; also "clashes took place / erupted between X and Y".
void CandRoles::between_sides() {
  size_t btw = c.te;
  while (btw < se && btw < c.te + 3 && !is_at(ctx, kBetween, btw) && ctx.chunk_of_tok[btw] < 0 &&
         ctx.doc.tokens[btw].kind == TokenKind::Word && ctx.time_of_tok[btw] < 0)
    ++btw;
  // ... or past where and when: "clashes were reported in Annaba between X
  // and Y", "a shootout took place in the village of B, near T, between ...".
  if (c.actor < 0 && btw < se && !is_at(ctx, kBetween, btw)) btw = between_past_setting(ctx, c.te, se);
  if (c.actor < 0 && btw < se && is_at(ctx, kBetween, btw)) {
    int x = chunk_after(ctx, btw + 1, se, true, 4);
    if (x >= 0 && ctx.chunks[x].kind != ChunkKind::Place) {
      c.actor = x, c.actor_rule = "first-side-between";
      c.recipient = -1, c.recipient_rule = "second-side-between";
      size_t a = ctx.chunks[x].e;
      if (a < se && is_at(ctx, kAnd, a)) c.recipient = chunk_after(ctx, a + 1, se, true, 4);
      if (c.recipient >= 0 && ctx.chunks[c.recipient].kind == ChunkKind::Place) c.recipient = -1;
    }
  }
}

// Coordinated actors: "Israel, Jordan and Egypt condemned …", "U.S. and
// British warplanes struck …" (demonyms join a demonym actor only).
void CandRoles::coordinated_actors() {
  if (c.actor >= 0 && !ctx.chunks[c.actor].country.empty() && !c.passive) {
    bool adj = ctx.chunks[c.actor].adjective;
    size_t k = ctx.chunks[c.actor].b;
    while (k > sb) {
      size_t j = k;
      // A list ends in "and" next to the actor: "In the occupied West Bank,
      // Israeli troops …" is no coordination.
      if (is_at(ctx, kAnd, j - 1) || (ctx.w(j - 1) == "," && !c.co_actors.empty()))
        --j;
      else
        break;
      if (j > sb && ctx.w(j - 1) == ",") --j;
      if (j == sb) break;
      int ci = ctx.chunk_of_tok[j - 1];
      if (ci < 0 || ctx.chunks[ci].country.empty() || (ctx.chunks[ci].adjective && !adj) ||
          preceded_by_prep(ctx, ctx.chunks[ci], sb))
        break;
      if (ctx.chunks[ci].country == ctx.chunks[c.actor].country) break;
      c.co_actors.push_back(ci);
      k = ctx.chunks[ci].b;
    }
    if (!c.co_actors.empty() && k > sb && is_prep(ctx, ctx.w(k - 1))) c.co_actors.clear();
  }
}

// "Sudan's army and the RSF clashed": the coordinated subject of a
// reciprocal verb is its two sides, the first named acting.
void CandRoles::reciprocal_subjects() {
  if (c.actor >= 0 && c.recipient < 0 && !c.noun && !c.passive) {
    std::string_view v = ctx.w(c.tb);
    bool reciprocal = is(ctx, kReciprocalVerb, v);
    size_t k = ctx.chunks[c.actor].b;
    if (k > sb && is_at(ctx, kArticle, k - 1)) --k;
    if (reciprocal && k > sb + 1 && is_at(ctx, kAnd, k - 1))
      if (int ci = ctx.chunk_of_tok[k - 2];
          ci >= 0 && ci != c.actor && ctx.chunks[ci].kind != ChunkKind::Place && !ctx.chunks[ci].adjective &&
          !preceded_by_prep(ctx, ctx.chunks[ci], sb)) {
        c.recipient = c.actor, c.recipient_rule = "second-of-reciprocal-subjects";
        c.actor = ci, c.actor_rule = "first-of-reciprocal-subjects";
        c.co_actors.clear();
      }
  }
}

// "met his Jordanian counterpart Ayman Safadi": the person the demonym modifies.
void CandRoles::person_after_demonym() {
  if (c.recipient >= 0 && ctx.chunks[c.recipient].adjective) {
    const Chunk& adj = ctx.chunks[c.recipient];
    for (size_t k = adj.e; k < se && k < adj.e + 4; ++k) {
      if (is_clause_break(ctx, k) || ctx.w(k) == "," || is_at(ctx, kAnd, k)) break;
      int ci = ctx.chunk_of_tok[k];
      if (ci < 0) continue;
      if (ctx.chunks[ci].kind == ChunkKind::Person) {
        c.recipient_country = adj.country;
        c.recipient = ci, c.recipient_rule = "person-after-demonym";
      }
      break;
    }
  }
}

// "attacked the Salvadoran embassy in Lima", "sank a Honduran fishing boat": a
// demonym before a thing struck (cues.tsv target, perhaps after one modifier)
// only says whose the thing is; the thing, not that people, is what was hit
// (merge's struck-object recipient then names it).
void CandRoles::demonym_before_struck_thing() {
  if (c.recipient < 0 || !ctx.chunks[c.recipient].adjective) return;
  const Chunk& adj = ctx.chunks[c.recipient];
  for (size_t k = adj.e; k < se && k < adj.e + 2; ++k) {
    if (ctx.chunk_of_tok[k] >= 0 || ctx.doc.tokens[k].kind != TokenKind::Word) return;
    if (ctx.cue_at(Cue::Target, k, se)) {
      c.recipient = -1;
      return;
    }
  }
}

// "the assassination of MNR leader Hector Oqueli", "kidnapped U.S. citizen
// Scott Heyndal", "the home of MPSC secretary general Ruben Zamora" aside: an
// organisation or a country before words of a person's role or standing
// (roles.rules roles-name-role-word) and a person's name only says whose the
// person is; the person is the recipient. (A demonym: person_after_demonym.)
void CandRoles::person_after_role_words() {
  if (c.recipient < 0) return;
  const Chunk& org = ctx.chunks[c.recipient];
  if ((org.kind != ChunkKind::Org && org.kind != ChunkKind::Place) || org.adjective || org.possessor) return;
  // ("the home of MPSC secretary general Ruben Zamora": the thing struck is
  // the home, the person only its owner.)
  size_t o = org.b;
  if (o > sb && is(ctx, kArticle, ctx.w(o - 1))) --o;
  if (o > sb + 1 && is(ctx, kOf, ctx.w(o - 1)) && (o - 2 < c.tb || o - 2 >= c.te)) return;
  size_t k = org.e, words = 0;
  while (k < se && words < 4 && ctx.chunk_of_tok[k] < 0 && is(ctx, kNameRoleWord, ctx.w(k))) ++k, ++words;
  if (words == 0 || k >= se) return;
  int ci = ctx.chunk_of_tok[k];
  if (ci >= 0 && ctx.chunks[ci].b == k && ctx.chunks[ci].kind == ChunkKind::Person)
    c.recipient = ci, c.recipient_rule = "person-after-role-words";
}

// A verbal act's addressee inside its content: "willingness to continue
// cooperation with Iraq", "promised aid to Sudan".
void CandRoles::addressee_in_content() {
  if (c.recipient < 0 && (d.flags & kSpeech))
    for (size_t k = c.te; k + 1 < se && k < c.te + 15; ++k)
      if (is_at(ctx, kAddresseePrep, k)) {
        int ci = ctx.chunk_of_tok[k + 1];
        if (ci >= 0 && ci != c.actor && !ctx.chunks[ci].adjective) {
          c.recipient = ci, c.recipient_rule = "addressee-in-content";
          break;
        }
      }
}

// A place as the object of a verb of striking or of force ("hit Khan Younis",
// "shelled the southern city of Kherson").
void CandRoles::place_object_of_verb() {
  // "air strikes hit Khan Younis in southern Gaza": a noun trigger's verb of
  // striking names the place as its object, before any phrase further on.
  for (size_t t = c.te; noun && pl < 0 && t < se && t < c.te + 2; ++t) {
    std::string_view w = ctx.w(t);
    if (!is(ctx, kStrikeVerb, w)) continue;
    size_t k = t + 1;
    if (k < se && is_at(ctx, kArticle, k)) ++k;
    int ci = k < se ? ctx.chunk_of_tok[k] : -1;
    if (ci >= 0 && ctx.chunks[ci].kind == ChunkKind::Place && ctx.chunks[ci].b == k)
      pl = ci, rel = "in", c.place_rule = "object-of-strike-verb";
  }
  // "shelled the southern city of Kherson", "stormed the village of X": a
  // verb of force whose object is a place named through its place noun.
  if (pl < 0 && !noun && d.type == "ASSAULT") {
    size_t k = c.te;
    std::string_view last = ctx.w(c.te - 1);  // "captured the town" ends in its place noun
    bool place_noun = is(ctx, kSettlementHead, last);
    while (k < se && k < c.te + 5 && is_skippable_modifier(ctx, ctx.w(k)) && ctx.chunk_of_tok[k] < 0) {
      std::string_view w = ctx.w(k);
      place_noun |= is(ctx, kObjectPlaceNoun, w);
      ++k;
    }
    int ci = k < se ? ctx.chunk_of_tok[k] : -1;
    // (Followed by "in X", it is left to the phrase reading below: "the
    // village of X in Zamfara state" is placed through what contains it.)
    if (place_noun && is_at(ctx, kOf, k - 1) && ci >= 0 && ctx.chunks[ci].kind == ChunkKind::Place &&
        ctx.chunks[ci].b == k) {
      std::string unused;
      size_t e = ctx.chunks[ci].e;
      if (!ctx.cue_at(Cue::Relation, e, se) || place_after(ctx, e, std::min(se, e + 6), &unused) < 0)
        pl = ci, rel = "in", c.place_rule = "place-noun-of";
    }
  }
}

// Place: told in the sentence (after the trigger, else before it, else named
// before and taken up again) and settled, else inferred for the types placed
// by default.
void CandRoles::told_place() {
  place_object_of_verb();
  if (pl < 0) pl = place_after(ctx, c.te, se, &rel), c.place_rule = "place-phrase-after-trigger";
  // Else the nearest place before the trigger ("Khan Younis, which witnessed
  // clashes"): the search from each earlier word up to the trigger, nearest
  // first. Every later start found nothing, so a search from k - 1 finds a
  // place only at k - 1 itself: one position per start, not a rescan.
  for (size_t k = c.tb; pl < 0 && k > sb; --k) {
    bool stop = false;
    int p = place_at(ctx, k - 1, c.tb, &rel, false, &stop);
    if (p >= 0) pl = p, c.place_rule = "place-before-trigger";
  }
  // "Armed men surrounded the village and opened fire": a place named before
  // and taken up again in the sentence.
  if (pl < 0) pl = definite_place(ctx, sb, se), rel = "in", c.place_rule = "place-named-before-in-sentence";
  if (pl < 0)
    pl = facility_place(ctx, sb, c.tb, c.te, se), rel = "near", c.place_rule = "facility-named-after-place";
  const int told_place = pl;
  pl = settle_place(ctx, pl, sb, se, &rel);
  if (pl != told_place) c.place_rule = "finest-contained-place";
  // A place inside a quotation the trigger is outside of ("shouting: 'Don't
  // forget Aleppo!'") is what someone said, not where the act happened. (A
  // quoted act told at a place outside the quotes is: 'was "kidnapped" in X'.)
  if (!inside_quote(c.tb)) {
    if (pl >= 0 && pl != told_place && inside_quote(ctx.chunks[pl].b)) pl = told_place;
    if (pl >= 0 && inside_quote(ctx.chunks[pl].b)) pl = -1;
  }
  if (pl >= 0) {
    c.place = pl;
    c.place_relation = rel;
  } else if (d.type == "ASSAULT"sv || d.type == "COERCE"sv || d.type == "PROTEST"sv ||
             d.type == "MOBILIZE"sv || d.type == "CONSULT"sv || d.type == "AID"sv) {
    inferred_place();
  }
}

// Else the last place named earlier in the paragraph, else the header's place,
// else the dateline.
void CandRoles::inferred_place() {
  uint32_t para = s.paragraph;
  for (size_t k = sb; k > 0 && c.place < 0; --k) {
    const Token& tk = doc.tokens[k - 1];
    if (doc.sentences[tk.sentence].paragraph != para) break;
    int ci = ctx.chunk_of_tok[k - 1];
    if (ci >= 0 && ctx.chunks[ci].kind == ChunkKind::Place && !ctx.chunks[ci].possessor && k - 1 > 0 &&
        is_at(ctx, kToldPlacePrep, ctx.chunks[ci].b - 1)) {
      // Settled in its own sentence as the place told there would be
      // ("in Temixco, Morelos, … in Colonia los Presidentes": not Colonia, Uruguay).
      const Sentence& ps = doc.sentences[tk.sentence];
      std::string prel = "in";
      int settled = settle_place(ctx, ci, ps.tok_begin, ps.tok_end, &prel);
      c.place = settled >= 0 ? settled : ci, c.place_relation = "in",
      c.place_rule = "last-place-in-paragraph";
    }
  }
  if (c.place < 0) {
    int hp = header_place(ctx, para);
    if (hp >= 0) c.place = hp, c.place_relation = "in", c.place_rule = "header-place";
  }
  if (c.place < 0 && dateline >= 0 && !s.headline)
    c.place = dateline, c.place_relation = "in", c.place_rule = "dateline-place";
  c.place_inferred = c.place >= 0;
}

// A country or place as a recipient is fine for assaults ("attacks on Israel"),
// but a place that is only where it happened is not a recipient.
void CandRoles::recipient_not_place() {
  // Sanctions, threats, accusations and demands act on a state as a polity
  // ("sanctions on Iran"): there the country stays the recipient.
  bool on_polity = (d.type == "SANCTION"sv || d.type == "THREATEN"sv || d.type == "ACCUSE"sv ||
                    d.type == "REQUEST"sv || d.type == "REJECT"sv || d.type == "COERCE"sv) &&
                   c.recipient >= 0 && ctx.chunks[c.recipient].precision == "country"sv;
  if (c.recipient >= 0 && c.recipient == c.place && d.type != "ASSAULT"sv) {
    if (on_polity)
      c.place = -1, c.place_relation.clear();
    else
      c.recipient = -1;
  }
}

// "The two ministers called for …", "Both sides agreed …", "They urged …": the
// participants of the previous sentence's event.
void CandRoles::carry_over_previous_sentence() {
  if (c.actor < 0 && c.tb > sb && c.tb - sb <= 4 && c.sent > 0) {
    std::string_view w0 = ctx.w(sb), w1 = ctx.w(sb + 1);
    bool plural_head = true;
    for (size_t k = sb; k < c.tb; ++k) plural_head = plural_head && ctx.chunk_of_tok[k] < 0;
    std::string_view head = ctx.w(c.tb - 1);
    bool plural_np = is(ctx, kPluralLead, w0) && head.size() > 3 && head.back() == 's';
    bool pron = is(ctx, kPronounLead, w0) && c.tb - sb <= 2;
    if (plural_head &&
        (pron || (plural_np && (is(ctx, kBoth, w0) || is(ctx, kPair, w1) || c.tb - sb == 2)))) {
      const Cand* first = nullptr;  // the main event of the previous sentence: its first with an actor
      for (size_t j = &c - cands.data(); j-- > 0;) {
        const Cand& p = cands[j];
        if (p.sent + 1 < c.sent) break;
        if (p.sent == c.sent || p.actor < 0 || p.absorbed) continue;
        first = &p;
      }
      if (first) {
        c.actor = first->actor, c.actor_rule = "carry-over-previous-sentence";
        if (first->recipient >= 0 && ctx.chunks[first->recipient].kind != ChunkKind::Place)
          c.co_actors.push_back(first->recipient);
      }
    }
  }
}

// A trigger in a label before a colon ("Movement of forces: On 16 November, an
// armed group passed through X", "Arrests: police detained …") is done by the
// subject of the clause the label heads.
void CandRoles::header_label_subject() {
  if (c.actor >= 0 || c.tb < sb || c.tb - sb > 4) return;
  size_t colon = c.te;
  while (colon < se && colon < sb + 6 && ctx.w(colon) != ":") ++colon;
  if (colon >= se || ctx.w(colon) != ":") return;
  Sentence body = s;
  body.tok_begin = static_cast<uint32_t>(colon + 1);
  int subj = sentence_subject(ctx, body, se);
  if (subj >= 0 && ctx.chunks[subj].kind != ChunkKind::Place && !passive_subject(ctx, ctx.chunks[subj], se))
    c.actor = subj, c.actor_rule = "header-label-subject";
}

// An unnamed member of a named organisation is that organisation; a town,
// village or province is no actor.
void CandRoles::settle_actor() {
  // "terrorists of the Farabundo Marti National Liberation Front", "fighters
  // of the APCLS coalition": an unnamed party of a named organisation is
  // that organisation.
  const int member = c.actor;
  if (c.actor >= 0) c.actor = organisation_of(ctx, c.actor, se);
  if (c.actor != member) c.actor_rule = "organisation-of-member";
  // A town, village or province is no actor ("the village", "Pakistan's
  // Balochistan province"); a capital stands for its government ("Moscow said").
  if (c.actor >= 0 && !acts_as_party(ctx, ctx.chunks[c.actor])) c.actor = -1;
}

// "[Kotov] According to the police, unidentified persons planted a bomb",
// "[begin recording] [Reporter] two soldiers were killed": a name alone in
// square brackets opening a sentence (past other bracketed labels) is a
// transcript's speaker label; the speaker tells an act of force, and is no
// party to it.
void CandRoles::no_speaker_label_party() {
  if (d.type != "ASSAULT"sv && d.type != "COERCE"sv) return;
  auto label = [&](int ci) {
    if (ci < 0) return false;
    const Chunk& ch = ctx.chunks[ci];
    if (ch.b <= sb || ch.e >= se || ctx.w(ch.b - 1) != "[" || ctx.w(ch.e) != "]") return false;
    return ch.b - 1 == sb || ctx.w(ch.b - 2) == "]";
  };
  if (label(c.actor)) c.actor = -1, c.co_actors.clear();
  if (label(c.recipient)) c.recipient = -1;
}

// A town or region as a recipient is where an attack happened, not whom it hit.
void CandRoles::place_as_object() {
  // A town or region is where an attack happened, not whom it hit: only a
  // state is acted upon as a polity ("strikes on Israel"), or a capital in
  // words ("the Kremlin warned Kyiv").
  // (Only the object of a verbal act: "visit Baghdad", "fly to Ankara" name a place.)
  bool verbal = d.type == "THREATEN"sv || d.type == "ACCUSE"sv || d.type == "REQUEST"sv ||
                d.type == "REJECT"sv || d.type == "SANCTION"sv || d.type == "SUPPORT"sv;
  bool addressee = c.recipient >= 0 && ctx.chunks[c.recipient].capital && verbal &&
                   ctx.chunks[c.recipient].b <= c.te + 1 && ctx.chunks[c.recipient].b >= c.te;
  if (c.recipient >= 0 && ctx.chunks[c.recipient].kind == ChunkKind::Place &&
      !ctx.chunks[c.recipient].precision.empty() && ctx.chunks[c.recipient].precision != "country"sv &&
      !addressee) {
    // It beats a place only inferred (the paragraph's last place, the dateline).
    // And a place told in a phrase further on when it is coarser: "hit Saada
    // province in Yemen".
    const Chunk& rc = ctx.chunks[c.recipient];
    bool finer = !c.passive && !noun && rc.b >= c.te && c.place >= 0 && rc.lat &&
                 ctx.chunks[c.place].country == rc.country &&
                 precision_rank(rc.precision) > precision_rank(ctx.chunks[c.place].precision);
    if (c.place < 0 || pl < 0 || c.place == c.recipient || finer) {
      c.place = c.recipient, c.place_relation = "in", c.place_rule = "place-as-object";
      c.place_inferred = false;
    }
    c.recipient = -1;
  }
}

// "Israeli air strikes killed 25 … In Rafah, a strike on a house killed 11
// … Another strike killed eight": a later strike of the same kind, told
// with no party of its own, is the same party's, when the nearest earlier
// assault with a party (up to two paragraphs back) is of that kind.
void actor_of_earlier_strike(const Context& ctx, std::vector<Cand>& cands) {
  const Document& doc = ctx.doc;
  auto head = [&](const Cand& c) {
    std::string_view w = ctx.w(c.te - 1);
    return w.size() > 4 && w.back() == 's' ? w.substr(0, w.size() - 1) : w;
  };
  for (size_t k = 0; k < cands.size(); ++k) {
    Cand& c = cands[k];
    if (c.actor >= 0 || !c.noun || ctx.lex.triggers[c.def].type != "ASSAULT") continue;
    for (size_t j = k; j > 0; --j) {
      const Cand& p = cands[j - 1];
      if (doc.sentences[p.sent].paragraph + 2 < doc.sentences[c.sent].paragraph) break;
      if (p.actor < 0 || ctx.lex.triggers[p.def].type != "ASSAULT") continue;
      if (p.noun && head(p) == head(c) && !ctx.chunks[p.actor].country.empty() && p.actor != c.recipient)
        c.actor = p.actor, c.actor_rule = "actor-of-earlier-strike";
      break;
    }
  }
}

// "Unidentified gunmen attacked X. One guard was killed and three injured":
// an outcome told with no party of its own (a passive or casualty verb)
// is the doing of the attack told just before it, up to two sentences
// back in the paragraph.
void actor_of_outcome(const Context& ctx, std::vector<Cand>& cands) {
  const Document& doc = ctx.doc;
  for (size_t k = 0; k < cands.size(); ++k) {
    Cand& c = cands[k];
    const TriggerDef& d = ctx.lex.triggers[c.def];
    if (c.actor >= 0 || d.type != "ASSAULT"sv || !(c.passive || (d.flags & kCasualty))) continue;
    for (size_t j = k; j > 0; --j) {
      const Cand& p = cands[j - 1];
      if (p.sent + 2 < c.sent || doc.sentences[p.sent].paragraph != doc.sentences[c.sent].paragraph) break;
      if (p.absorbed || ctx.lex.triggers[p.def].type != "ASSAULT"sv) continue;
      if (p.actor < 0) {
        if (p.sent == c.sent) continue;
        break;
      }
      if (p.actor != c.recipient && !p.passive) c.actor = p.actor, c.actor_rule = "actor-of-attack-before";
      break;
    }
    // "14 militants were killed during clashes with Afghan forces": the other
    // side of the fighting that follows in the clause.
    for (size_t j = k + 1; c.actor < 0 && j < cands.size() && cands[j].sent == c.sent; ++j) {
      const Cand& p = cands[j];
      if (!p.noun || p.actor >= 0 || p.recipient < 0 || p.recipient == c.recipient ||
          ctx.lex.triggers[p.def].type != "ASSAULT"sv || p.tb == 0 || p.tb > c.te + 4)
        continue;
      std::string_view before = ctx.w(p.tb - 1), after = ctx.w(p.te);
      if (is(ctx, kFightingPrep, before) && is(ctx, kWith, after) &&
          ctx.chunks[p.recipient].kind != ChunkKind::Place)
        c.actor = p.recipient, c.actor_rule = "other-side-of-fighting";
    }
  }
}

}  // namespace

void assign_roles(const Context& ctx, std::vector<Cand>& cands) {
  const int dateline = dateline_place(ctx);
  const size_t dateline_end = dateline_end_of(ctx);
  for (Cand& c : cands) CandRoles(ctx, cands, c, dateline, dateline_end).run();
  actor_of_earlier_strike(ctx, cands);
  actor_of_outcome(ctx, cands);
}

}  // namespace sitrep::events
