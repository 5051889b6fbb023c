// libFuzzer: the reader on arbitrary bytes, as a file and as JSON Lines.
// Every input must give documents or errors, never a crash; documents must hold
// valid UTF-8 and paragraphs inside the text.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "read/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  sitrep::Reader reader(sitrep::ReaderOptions{sitrep::Date{2024, 1, 1}, 1 << 16});
  auto check = [](sitrep::Document&& d) {
    const char* what;
    if (sitrep::find_bad_utf8(d.text, &what) != std::string_view::npos) std::abort();
    for (const auto& p : d.paragraphs)
      if (p.start > p.end || p.end > d.text.size()) std::abort();
  };
  auto ignore = [](const sitrep::ReadError&) {};
  reader.read_bytes("fuzz.txt", bytes, check, ignore, sitrep::InputFormat::Auto);
  reader.read_bytes("fuzz.jsonl", bytes, check, ignore, sitrep::InputFormat::Jsonl);
  return 0;
}
