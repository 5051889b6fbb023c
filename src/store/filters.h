// What a person types into an event filter, resolved to what the store holds:
// "assault" → PLOVER ASSAULT, "battles" → ACLED "Battles", "Nigeria" → NGA,
// "RSF" → the dictionary's Rapid Support Forces and its aliases. Unknown
// values are errors (never a silently empty answer). Shared by the CLI, the
// HTTP API and the Python binding.
#pragma once

#include <string>
#include <vector>

#include "store/store.h"

namespace sitrep::store {

const std::vector<std::string>& plover_types();  // AGREE … ASSAULT
const std::vector<std::string>& acled_types();   // Battles … Strategic developments

// Resolves q->type (a PLOVER type or an ACLED event type, any case),
// q->acled_type, q->country (alpha-3 or a country name or alias, any case)
// and q->modality ("any" → ""), and adds q->actor's dictionary names (from
// actors/curated.tsv and lexicon/country_aliases.tsv in `data_dir`, or where
// find_resource finds them when it is "").
// Returns "" or an error message naming the bad value and the valid ones.
std::string resolve_filters(EventQuery* q, const std::string& data_dir);

}  // namespace sitrep::store
