// Numbers: quantities as intervals.
// Input: Document with tokens and sentences, and doc.times already found (the
// time stage runs first: tokens inside a time expression, or inside the
// dateline text/ found, are never quantities).
// Output: Document::numbers, one Quantity per number expression (digits with
// separators and decimals, number words to the trillions, "dozens", "a dozen",
// qualifiers "at least", "more than", "nearly", "about", "up to", ranges "20 to
// 30", "between 5 and 10") with low/high by SCHEMA.md's rules. Numbers inside
// names ("Al-Yassin 105", "Resolution 2334"), ordinals, ids and clock times are
// not quantities; percentages and money are kept with their unit.
// Cost: one pass over tokens, one hash probe per word token, no allocation
// beyond the output vector.
#pragma once

#include <cstddef>

#include "sitrep/document.h"

namespace sitrep {

void find_numbers(Document& doc);

// The bare number (no qualifier) starting at token i, within tokens [i, lim):
// "9,770", "1.5 million", "thirty-seven", "two hundred and five", "a dozen",
// "dozens", "tens of thousands". Used by the time stage for durations.
struct NumberCore {
  double value = 0;  // the number as written, scale applied
  uint32_t tok_begin = 0;
  uint32_t tok_end = 0;
  bool words = false;   // written in words
  bool vague = false;   // a vague plural: value is its floor (dozens → 24)
  bool approx = false;  // "a dozen", "a couple", "a handful"
  double high = 0;      // upper end for "a handful" (else = value)
  double scale = 1;     // the trailing scale word's factor ("million" → 1e6), 1 = none
};
bool parse_number_core(const Document& doc, size_t i, size_t lim, NumberCore* out);

}  // namespace sitrep
