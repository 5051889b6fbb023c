#include "numbers/numbers.h"

namespace sitrep {

void find_numbers(Document& doc) { doc.numbers.clear(); }

}  // namespace sitrep
