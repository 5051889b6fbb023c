// Time expressions: find and normalise against the published date.
// Input: Document with tokens and sentences (and meta.published). Output:
// Document::times, TimeML TIMEX3-style values ("2023-11-05", "2023-W45", "P1M",
// "PRESENT_REF" …) with the calendar interval each covers. Weekday names resolve
// to the nearest such day on or before the published date ("on Sunday" in a
// Monday report is the day before). Cost: one pass over tokens.
#pragma once

#include "sitrep/document.h"

namespace sitrep {

void find_times(Document& doc);

}  // namespace sitrep
