// Limits on untrusted JSON text, checked before any tree is built: nlohmann's
// parser is iterative, but dump(), copies and comparisons of its trees recurse
// once per nesting level, so a 140 KB line of "[[[[…" would overflow the stack.
// Input: JSON text (need not be valid). Output: the byte offset of the first
// bracket that nests deeper than the limit, or npos. Cost: one pass, no
// allocation; strings (with escapes) are skipped so brackets inside them do
// not count.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sitrep {

// Deep enough for any report's metadata or any stored event (SCHEMA.md nests 4).
inline constexpr int kMaxJsonDepth = 64;

size_t find_json_too_deep(std::string_view s, int max_depth = kMaxJsonDepth);

// "" when `s` is within the limits, else the message naming the byte offset:
// "JSON nested deeper than 64 levels at byte N" or "JSON text larger than … bytes".
std::string check_json_limits(std::string_view s, size_t max_bytes, int max_depth = kMaxJsonDepth);

}  // namespace sitrep
