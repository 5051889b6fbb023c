// Geo stage: places. Runs after actors/ links the tagger's entities. Input: a
// segmented Document with entities and the lexicon layer (lexicon/), the
// lexicon. Output: the tagger's types the lexicon contradicts repaired (a
// dateline ORG, a PERSON only ever after "in"); GROUP entities for
// nationalities, ORG for "Israeli forces", PLACE for gazetteer names the
// tagger missed; Entity::place for every place resolved (population, feature,
// the report's countries, the containers named nearby, the other places).
// Invariants: new entities are appended (actors/ orders and numbers them); a
// tagger name loses a mention only to the place it is; no exceptions. Cost:
// matches read from the layer; single-key probes (Lexicon::find_name) only
// for the tagger's names and dateline words, which are no run of the text.
#pragma once

#include <optional>
#include <string>

#include "lexicon/lexicon.h"
#include "sitrep/document.h"

namespace sitrep {

void annotate_geo(Document& doc, const Lexicon& lex);

// exact | town | district | admin1 | country for a lexicon entry.
const char* place_precision(const Lexicon& lex, uint32_t id);

// A place named in a token span, for the events stage: the most precise
// resolved place whose mention lies inside tokens [tok_begin, tok_end), and the
// relation the words before the mention give it ("in", "near", "east of",
// "northern part of" …). nullopt when the span names no place.
std::optional<EventPlace> place_in_span(const Document& doc, uint32_t tok_begin, uint32_t tok_end);

// The relation the words before byte offset `start` give a place mention.
std::string place_relation(const Document& doc, uint32_t mention_start);

}  // namespace sitrep
