// Output: a finished Document → schema v1 JSON (../shared/design/SCHEMA.md).
// Input: a Document after every stage. Output: one JSON object text with every
// field the schema lists present (null or [] when unknown). The optional
// --annotate layers go inside "document". Pure function; no state.
#pragma once

#include <string>

#include "sitrep/document.h"

namespace sitrep {

struct AnnotateLayers {
  bool tokens = false;
  bool sentences = false;
  bool numbers = false;
  bool times = false;
  bool explain = false;  // --explain: an "explain" object on each event (not a document layer)
  bool any() const { return tokens || sentences || numbers || times; }
};

// Parses "tokens,sentences,numbers,times" (or "all"); returns false and names
// the bad layer in `error` on an unknown one.
bool parse_annotate(const std::string& spec, AnnotateLayers* out, std::string* error);

// --explain: why each field of an event has its value, as a JSON object text:
// {field: {"rule", "text", "span": [start, end]}} (a list when several rules
// decided it; "text" and "span" null when the rule matched no words).
std::string explain_json(const Event& ev, const Document& doc);

// indent < 0: compact, one line (JSON Lines).
// The compact form is written directly (no JSON tree); indented output goes
// through nlohmann. Both give the same record.
std::string to_json(const Document& doc, const AnnotateLayers& layers, int indent = -1);
// The reference writer: builds an nlohmann tree and dumps it (tests compare).
std::string to_json_tree(const Document& doc, const AnnotateLayers& layers, int indent = -1);

}  // namespace sitrep
