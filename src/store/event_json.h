// One event of a document as compact schema v1 JSON (SCHEMA.md "An event"),
// written straight to a string: the store keeps it beside every report and
// cannot afford a JSON tree per report. Same fields, order and values as
// output/json_writer.cc (a test checks they parse to the same value).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "sitrep/document.h"

namespace sitrep::store {

void append_event_json(const Document& doc, const Event& ev, std::string& out);

// Why the event's fields have their values (the rule records of the events
// stage): the object `sitrep extract --explain` writes (output/json_writer.h
// explain_json), written straight to a string. Appends nothing and returns
// false when the event carries no rule record at all (hand-built Documents).
bool append_explain_json(const Document& doc, const Event& ev, std::string& out);

// Reads back JSON text kept in a store (an event, a report's extra fields).
// The store is data from disk, so it is bounded like any input: text larger
// than kMaxStoredJsonBytes, nested deeper than kMaxJsonDepth (nlohmann's
// dump() recurses) or malformed gives null, never a crash.
inline constexpr size_t kMaxStoredJsonBytes = 16u << 20;
nlohmann::json parse_stored_json(std::string_view text);

}  // namespace sitrep::store
