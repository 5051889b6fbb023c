#include "read/json_limits.h"

#include <cstring>

namespace sitrep {

size_t find_json_too_deep(std::string_view s, int max_depth) {
  const char* p = s.data();
  size_t n = s.size();
  int depth = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = p[i];
    if (c == '"') {
      // Skip the string: to the next quote not escaped by an odd run of backslashes.
      ++i;
      while (i < n) {
        const void* q = std::memchr(p + i, '"', n - i);
        if (!q) return std::string_view::npos;
        size_t j = static_cast<const char*>(q) - p;
        size_t k = j;
        while (k > i && p[k - 1] == '\\') --k;
        i = j;
        if ((j - k) % 2 == 0) break;
        ++i;
      }
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if (c == ']' || c == '}') {
      if (depth > 0) --depth;
    }
  }
  return std::string_view::npos;
}

std::string check_json_limits(std::string_view s, size_t max_bytes, int max_depth) {
  if (s.size() > max_bytes)
    return "JSON text of " + std::to_string(s.size()) + " bytes is larger than the limit of " +
           std::to_string(max_bytes) + " bytes";
  size_t at = find_json_too_deep(s, max_depth);
  if (at != std::string_view::npos)
    return "JSON nested deeper than " + std::to_string(max_depth) + " levels at byte " + std::to_string(at);
  return "";
}

}  // namespace sitrep
