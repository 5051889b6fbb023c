// Events: who did what to whom, where, when, how many, according to whom.
// Input: a Document after text/, numbers/, time/, entities/ (each may be empty:
// the stage then reads digits, weekdays, months and capitalised names itself)
// and the curated vocabularies of data/events/. Output: Document::events (PLOVER
// type and mode, CAMEO code, ACLED labels, roles, place, date, casualties,
// attribution, modality, evidence) and Document::tallies (cumulative figures,
// never one incident's casualties). Invariants: event ids are "<doc id>#<n>" in
// order of first evidence, stable across runs; every evidence span lies inside
// the text. Cost: a few passes over tokens; lookups are hash tables built once.
#pragma once

#include "events/lexicon.h"
#include "sitrep/document.h"

namespace sitrep {

void extract_events(Document& doc, const events::EventLexicon& lexicon);

}  // namespace sitrep
