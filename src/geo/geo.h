// Geo stage: runs after the entity stage. Input: a segmented Document with
// doc.entities (possibly empty), the lexicon, the published date. Output: actor
// info on entities the lexicon knows (roles valid on the date), new GROUP
// entities for demonyms and PLACE entities for gazetteer names the tagger
// missed, and Entity::place for every place resolved (toponym resolution by
// population, feature, the document's countries, the admin hierarchy named
// nearby and the other places in the report). Invariants: existing entities
// keep their mentions; entities end sorted by first mention and renumbered
// e1, e2, …; no exceptions. Cost: lexicon probes only from words with a
// capitalised word within match reach (one per word of a candidate name).
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
