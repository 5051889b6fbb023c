// EventQueries over the store (src/store/): the adapter between the HTTP layer
// and store::Store. Query logic lives in the store; this file only maps filters
// and rows to the API's JSON shapes and keeps one connection per server thread.
#pragma once

#include <memory>
#include <string>

#include "server/queries.h"

namespace sitrep::server {

// Opens the store at `url` (SQLite path or postgresql://…). Returns nullptr and
// sets `error` when it cannot be opened.
std::unique_ptr<EventQueries> open_store_queries(const std::string& url, bool writable, std::string* error);

}  // namespace sitrep::server
