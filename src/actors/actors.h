// Actors stage: who an entity is in the actor dictionary (data/actors, in
// lexicon.bin), in two steps around geo/. Input: a Document with entities
// (entities/) and the lexicon layer (lexicon/), the lexicon, the published
// date. link_actors (before geo/): actor info on the tagger's entities that
// are no place — the dictionary's actor of the name with its role valid on
// the date, or a nationality + institution ("Israeli army" → ISRMIL).
// add_untagged_actors (after geo/): ORG entities for dictionary organisations
// the tagger missed, then every entity sorted by first mention and numbered
// e1, e2, … Invariants: an actor the entity stage set (from a title) is kept;
// existing mentions are kept, except GROUP mentions inside a new name; no
// exceptions. Cost: one probe (Lexicon::find_name) per distinct name of each
// tagger entity and per token of letters and digits ("M23"), which are no run
// of the text's words; the other untagged names are read from the lexicon
// layer (no scan).
#pragma once

#include <cstdint>

#include "lexicon/lexicon.h"
#include "sitrep/document.h"

namespace sitrep {

// Before geo/: geo reads the entities' actor countries as weak evidence of
// the report's country, and geo's repairs of the tagger's types drop the
// actor of a name that turns out a place (a dateline, a PERSON only ever
// after "in").
void link_actors(Document& doc, const Lexicon& lex);

// After geo/: the words of the places and nationalities geo found (a
// nationality with its country) open or join no actor name. Names of
// the dictionary that cannot be common words (a digit, an acronym of three
// or more capitals, two or more capitalised words), outside every entity
// mention; each becomes an ORG with the dictionary's actor.
void add_untagged_actors(Document& doc, const Lexicon& lex);

// The armed-forces, government or legislature sector an institution noun at
// token `tok` gives the nationality before it ("Israeli forces" MIL, "Iraqi
// security forces" MIL, "Chad government" GOV), and its length in tokens in
// *words; nullptr when the token is no such noun. (geo/ reads it too: a
// nationality before its institution is an ORG, never a GROUP.)
const char* institution_sector(const Document& doc, uint32_t tok, uint32_t* words);

// An actor the entity stage read from a title or nationality ("President
// X", "Iraqi X"): it has no code, which only this stage sets (every role in
// data/actors has one).
inline bool titled_actor(const Entity& en) {
  return en.actor && en.actor->code.empty() &&
         !(en.actor->country.empty() && en.actor->sector.empty() && en.actor->role.empty() &&
           en.actor->org.empty());
}

}  // namespace sitrep
