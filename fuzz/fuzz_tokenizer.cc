// libFuzzer: tokens and sentences on any valid UTF-8 text. Checks the
// segmentation invariants: tokens in order, non-empty, inside their sentence.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "read/reader.h"
#include "text/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const char* what;
  if (sitrep::find_bad_utf8(bytes, &what) != std::string_view::npos) return 0;
  sitrep::Document doc;
  doc.text.assign(bytes);
  sitrep::split_paragraphs(doc, size > 0 ? data[0] % 8 : 0);
  sitrep::segment(doc);
  uint32_t prev = 0;
  for (const auto& t : doc.tokens) {
    if (t.start < prev || t.end <= t.start || t.end > doc.text.size()) std::abort();
    const auto& s = doc.sentences.at(t.sentence);
    if (t.start < s.start || t.end > s.end) std::abort();
    prev = t.end;
  }
  return 0;
}
