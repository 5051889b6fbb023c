// Names the gazetteer spells otherwise, found inside the division the text
// names: "Dawlat Abad district, Faryab" is GeoNames' Dowlatābād, "Nahri Saraj
// district, Helmand" its Nahr-e Sarāj, "Obe district, Herat" its Ōbêh.
// Transliterations of one name differ in vowels, h, w and y, doubled letters
// and word breaks, rarely in the other consonants: two names agree when their
// consonant skeletons do. A skeleton alone says little, so it is only ever
// compared with the divisions and seats of one first-order division.
// Input: the lexicon (read-only). Output: lexicon ids. The index is built once
// per lexicon on first use (thread-safe): one pass over the entries, no name
// folded; a lookup is a hash probe and a pass over the skeletons of that one
// division's second-order divisions and seats (PPLA, PPLA2, PPLA3, PPLC), a
// few dozen, taken at the division's first lookup and kept.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lexicon/lexicon.h"

namespace sitrep::geo {

// The consonant skeleton of a name: its folded key without vowels, h, w, y,
// word breaks and doubled letters ("Nahr-e Sarāj" → "nrsrj").
std::string name_skeleton(std::string_view name);

struct SkeletonHit {
  int64_t division = -1;  // a second-order division of that skeleton, or -1
  int64_t seat = -1;      // a seat town (PPLA*, PPLC) of that skeleton, or -1
};

// The division and seat of `skeleton` inside the first-order division
// `admin1` of country `a3` (alpha-3); -1 where none, or where two different
// names share the skeleton there (no guess).
SkeletonHit find_by_skeleton(const Lexicon& lex, std::string_view a3, std::string_view admin1,
                             std::string_view skeleton);

// The capital of a first-order division (division_capital_rank, then the
// most populous); -1 when the gazetteer marks none.
int64_t division_capital(const Lexicon& lex, std::string_view a3, std::string_view admin1);

// A country's seat of government (alpha-3): the town GeoNames marks the seat
// (PPLG) when it is a city, else the capital (PPLC); -1 when none.
int64_t national_seat(const Lexicon& lex, std::string_view a3);

}  // namespace sitrep::geo
