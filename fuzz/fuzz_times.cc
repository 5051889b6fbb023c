// libFuzzer target: the times stage on arbitrary valid UTF-8 (time stage first,
// as in the engine). Build with the fuzz preset; run build-fuzz/fuzz_times.
#include <cstddef>
#include <cstdint>
#include <string>

#include "numbers/numbers.h"
#include "read/reader.h"
#include "text/tokenizer.h"
#include "time/timex.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sitrep::Document d;
  d.text.assign(reinterpret_cast<const char*>(data), size);
  const char* what;
  if (sitrep::find_bad_utf8(d.text, &what) != std::string::npos) return 0;
  if (size > 0) d.meta.published = sitrep::Date{1990 + data[0] % 40, 1 + data[0] % 12, 1 + data[0] % 28};
  sitrep::split_paragraphs(d, 0);
  sitrep::segment(d);
  sitrep::find_times(d);
  for (const auto& t : d.times)
    if (t.end > d.text.size() || t.start >= t.end) __builtin_trap();
  return 0;
}
