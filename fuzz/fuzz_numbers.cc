// libFuzzer target: the numbers stage on arbitrary valid UTF-8 (time stage first,
// as in the engine). Build with the fuzz preset; run build-fuzz/fuzz_numbers.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_document.h"
#include "numbers/numbers.h"
#include "text/tokenizer.h"
#include "time/timex.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sitrep::Document d;
  if (!sitrep::fuzz::segmented_document(data, size, &d)) return 0;
  sitrep::find_times(d);
  sitrep::find_numbers(d);
  for (const auto& q : d.numbers)
    if (q.end > d.text.size() || q.start >= q.end || q.num_start < q.start || q.num_end > q.end)
      __builtin_trap();
  return 0;
}
