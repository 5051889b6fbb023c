// Time expressions: find and normalise against the published date.
// Input: Document with tokens and sentences (and meta.published, may be null).
// Output: Document::times in text order, never overlapping, each a TimeML
// TIMEX3-style value ("2023-11-05", "2023-11-05TEV", "2023-W44", "2023-Q4",
// "P1M", "PT48H", "PRESENT_REF", SET "P1W") with its calendar interval
// (first/last) when it denotes one. Weekdays and dates without a year resolve
// to the nearest such day on or before the published date unless their own
// clause is future ("will", "as early as"; the cues are data/time/cues.tsv);
// the published date's own weekday is that day. A month-day without a year is
// its occurrence within 90 days of the published date, else by tense.
// Anaphoric dates ("that day", "the next morning", "later that year", "a year
// earlier") are anchored to the last date the text gave (relative = true);
// holidays (data/time/holidays.tsv) to their nearest occurrence. Comparisons
// in results reports ("a year earlier", "the corresponding period last year",
// "the 1988 quarter") take the quarter the text gave. Without a
// published date relative values keep X placeholders ("XXXX-XX-XX") and no
// interval. Cost: one pass over tokens, one hash probe per word token;
// allocation only per expression found.
#pragma once

#include <optional>

#include "sitrep/document.h"

namespace sitrep {

namespace timex {
class TimeTables;
}

// tables: cue words and holidays (time/tables.h); null = the default data folder's.
void find_times(Document& doc, const timex::TimeTables* tables = nullptr);

// ISO 8601 week of a date: sets the week-numbering year and week (1..53).
void iso_week(const Date& d, int* year, int* week);

}  // namespace sitrep
