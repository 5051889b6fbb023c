// libFuzzer: tokens and sentences on any valid UTF-8 text. Checks the
// segmentation invariants: tokens in order, non-empty, inside their sentence.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fuzz_document.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sitrep::Document doc;
  if (!sitrep::fuzz::segmented_document(data, size, &doc)) return 0;
  uint32_t prev = 0;
  for (const auto& t : doc.tokens) {
    if (t.start < prev || t.end <= t.start || t.end > doc.text.size()) std::abort();
    const auto& s = doc.sentences.at(t.sentence);
    if (t.start < s.start || t.end > s.end) std::abort();
    prev = t.end;
  }
  return 0;
}
