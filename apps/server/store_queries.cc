#include "server/store_queries.h"

namespace sitrep::server {

std::unique_ptr<EventQueries> open_store_queries(const std::string& url, bool, std::string* error) {
  *error = "cannot open " + url + ": this build has no store yet (use --fixture FILE)";
  return nullptr;
}

}  // namespace sitrep::server
