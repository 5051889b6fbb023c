// libFuzzer: the compiled lexicon loader on arbitrary bytes (a damaged
// lexicon.bin): it is refused with a reason or usable for look-ups.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "lexicon/lexicon.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string err;
  auto lex = sitrep::Lexicon::from_bytes(std::string(reinterpret_cast<const char*>(data), size), &err);
  if (!lex) {
    if (err.empty()) std::abort();
    return 0;
  }
  for (const char* name : {"gaza", "new york", "x"}) (void)lex->lookup(name);
  return 0;
}
