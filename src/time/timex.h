// Time expressions: find and normalise against the published date.
// Input: Document with tokens and sentences (and meta.published, may be null).
// Output: Document::times in text order, never overlapping, each a TimeML
// TIMEX3-style value ("2023-11-05", "2023-11-05TEV", "2023-W44", "2023-Q4",
// "P1M", "PT48H", "PRESENT_REF", SET "P1W") with its calendar interval
// (first/last) when it denotes one. Weekdays and dates without a year resolve
// to the nearest such day on or before the published date unless the clause
// is future ("will", "next"); without a published date relative values keep
// X placeholders ("XXXX-XX-XX") and no interval. Cost: one pass over tokens,
// one hash probe per word token; allocation only per expression found.
#pragma once

#include <optional>

#include "sitrep/document.h"

namespace sitrep {

void find_times(Document& doc);

// ISO 8601 week of a date: sets the week-numbering year and week (1..53).
void iso_week(const Date& d, int* year, int* week);

}  // namespace sitrep
