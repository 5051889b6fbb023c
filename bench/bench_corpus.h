// The benchmark corpus: bench/corpus/*.jsonl if present, else the shared
// bench-corpus.jsonl (SITREP_BENCH_CORPUS overrides), read once.
#pragma once

#include <vector>

#include "sitrep/document.h"

namespace sitrep {

// Documents as the reader gives them (text, meta, paragraphs), unsegmented.
const std::vector<Document>& bench_documents();

// Aborts the benchmark run when segmentation breaks its invariants (tokens in
// order, inside their sentence, no whitespace inside a token).
void check_segmentation(const std::vector<Document>& docs);

}  // namespace sitrep
