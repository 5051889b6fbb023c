// Turns a fixture in the API's shapes (tests/web/fixture.json) back into the
// Documents an engine would have produced for its reports — text, entity
// mentions, one event per report with its evidence, casualties and rule
// records (a report's "explain", as `sitrep extract --explain` writes it), tallies —
// so tests and demos can fill a real store without the extraction stages.
// Pure function; errors are returned, not thrown.
#pragma once

#include <string>
#include <vector>

#include "server/queries.h"
#include "sitrep/document.h"

namespace sitrep::server {

// Returns "" on success, else what is wrong with the fixture.
std::string fixture_documents(const Json& fixture, std::vector<Document>* out);

}  // namespace sitrep::server
