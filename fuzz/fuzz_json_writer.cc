// libFuzzer: the JSON writer on a document whose text and extra fields are
// arbitrary bytes (the Python binding can hand it anything): the output is
// always valid JSON, whatever the nesting of the extra fields.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "fuzz_document.h"
#include "output/json_writer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  size_t cut = size > 0 ? data[0] % (size + 1) : 0;
  sitrep::Document d;
  if (!sitrep::fuzz::segmented_document(data + cut, size - cut, &d)) return 0;
  d.meta.extra_json.assign(reinterpret_cast<const char*>(data), cut);
  d.meta.title = std::string(reinterpret_cast<const char*>(data), cut);
  for (int indent : {-1, 2}) {
    std::string out = sitrep::to_json(d, sitrep::AnnotateLayers{true, true, false, false}, indent);
    if (nlohmann::json::parse(out, nullptr, false).is_discarded()) std::abort();
  }
  return 0;
}
