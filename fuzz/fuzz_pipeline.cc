// libFuzzer: the whole pipeline (reader → every stage, geo and events
// included → JSON writer) on arbitrary JSON Lines or text. Every output must
// be one line of valid JSON.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "output/json_writer.h"
#include "read/reader.h"
#include "sitrep/engine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const sitrep::Engine engine;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  sitrep::Reader reader(sitrep::ReaderOptions{sitrep::Date{2024, 1, 1}, 1 << 16});
  reader.read_bytes(
      "fuzz", bytes,
      [](sitrep::Document&& d) {
        engine.process(d);
        std::string out = sitrep::to_json(d, sitrep::AnnotateLayers{true, true, true, true});
        if (out.find('\n') != std::string::npos) std::abort();
        if (nlohmann::json::parse(out, nullptr, false).is_discarded()) std::abort();
      },
      [](const sitrep::ReadError&) {}, sitrep::InputFormat::Auto);
  return 0;
}
