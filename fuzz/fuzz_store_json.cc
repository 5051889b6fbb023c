// libFuzzer: the store's JSON read-back (rows of a store are data from disk):
// any bytes give a value or null, and the value can be written out again.
#include <cstdint>
#include <string_view>

#include "store/event_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto j = sitrep::store::parse_stored_json(std::string_view(reinterpret_cast<const char*>(data), size));
  (void)j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return 0;
}
