// ASCII case-insensitive word comparison for short fixed word lists (geo/,
// actors/): a byte-wise compare with bit 0x20 folded, no locale, no UTF-8
// folding (lexicon/normalize.h folds names; this only matches English words).
#pragma once

#include <cstddef>
#include <string_view>

namespace sitrep {

inline bool ascii_ieq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  return true;
}

// Word lists are string_views: their lengths are known at compile time, so a
// miss costs one length compare per entry (no strlen).
template <size_t N>
bool ascii_ieq_any(std::string_view w, const std::string_view (&list)[N]) {
  for (std::string_view s : list)
    if (ascii_ieq(w, s)) return true;
  return false;
}

}  // namespace sitrep
