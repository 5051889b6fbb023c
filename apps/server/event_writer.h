// Store event rows → the API's event JSON, written straight into a string.
// The same object as store::event_json (a test checks they parse equal), without
// building a JSON tree per row: /api/events spends its time here.
#pragma once

#include <string>

#include "store/store.h"

namespace sitrep::server {

void append_event_json(const store::EventRow& r, std::string* out);
// A JSON string literal for s (quotes included), escaping what RFC 8259 requires;
// invalid UTF-8 bytes become U+FFFD.
void append_json_string(std::string_view s, std::string* out);

}  // namespace sitrep::server
