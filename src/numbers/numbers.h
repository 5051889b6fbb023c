// Numbers: quantities as intervals.
// Input: Document with tokens and sentences. Output: Document::numbers, one
// Quantity per number expression (digits with separators and decimals, number
// words to the millions, "dozens", "a dozen", qualifiers "at least", "more
// than", "nearly", "about", "up to", ranges "20 to 30", "between 5 and 10") with
// low/high by SCHEMA.md's rules. Numbers inside names ("Al-Yassin 105") and
// dates/times are not quantities. Cost: one pass over tokens.
#pragma once

#include "sitrep/document.h"

namespace sitrep {

void find_numbers(Document& doc);

}  // namespace sitrep
