// One event of a document as compact schema v1 JSON (SCHEMA.md "An event"),
// written straight to a string: the store keeps it beside every report and
// cannot afford a JSON tree per report. Same fields, order and values as
// output/json_writer.cc (a test checks they parse to the same value).
#pragma once

#include <string>

#include "sitrep/document.h"

namespace sitrep::store {

void append_event_json(const Document& doc, const Event& ev, std::string& out);

}  // namespace sitrep::store
