#include "time/timex.h"

namespace sitrep {

void find_times(Document& doc) { doc.times.clear(); }

}  // namespace sitrep
