// A string-keyed hash map for tables built once and then only read, looked
// up by string_view (no key string built): open addressing over one array of
// (hash tag, entry index) words, entries in insertion order. A lookup is one
// hash of the key's bytes, 8 at a time, and usually one probe, where
// std::unordered_map hashes byte by byte, divides by a prime and follows a
// node pointer. find/end/count/operator[] follow std::unordered_map's shape;
// an entry's address stays valid until the next insertion.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sitrep {

// Hash of a string's bytes, 8 at a time.
inline uint64_t flat_hash(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ (s.size() * 0xFF51AFD7ED558CCDULL);
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
    h ^= h >> 29;
  }
  if (i < s.size()) {
    uint64_t w = 0;
    std::memcpy(&w, s.data() + i, s.size() - i);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
  }
  h ^= h >> 32;
  h *= 0x9E3779B97F4A7C15ULL;
  return h ^ (h >> 29);
}

template <class V>
class FlatStrMap {
 public:
  using Entry = std::pair<std::string, V>;

  // The entry of key k, or end().
  const Entry* find(std::string_view k) const {
    if (entries_.empty()) return nullptr;
    const uint64_t h = flat_hash(k);
    const uint32_t tag = static_cast<uint32_t>(h >> 32);
    for (size_t s = h & mask_;; s = (s + 1) & mask_) {
      const uint64_t slot = slots_[s];
      if (slot == 0) return nullptr;
      if (static_cast<uint32_t>(slot >> 32) == tag) {
        const Entry& e = entries_[static_cast<uint32_t>(slot) - 1];
        if (e.first == k) return &e;
      }
    }
  }
  const Entry* end() const { return nullptr; }
  size_t count(std::string_view k) const { return find(k) ? 1 : 0; }
  bool empty() const { return entries_.empty(); }
  // The entries in insertion order.
  const std::vector<Entry>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }
  // k's value, inserted (value-initialised) when k is new.
  V& operator[](std::string_view k) {
    if (const Entry* e = find(k)) return const_cast<Entry*>(e)->second;
    entries_.emplace_back(std::string(k), V{});
    if (entries_.size() * 2 > slots_.size()) {
      rehash(slots_.empty() ? 16 : slots_.size() * 2);
    } else {
      place(entries_.size() - 1);
    }
    return entries_.back().second;
  }

 private:
  void place(size_t index) {
    const uint64_t h = flat_hash(entries_[index].first);
    size_t s = h & mask_;
    while (slots_[s] != 0) s = (s + 1) & mask_;
    slots_[s] = (h >> 32 << 32) | (index + 1);
  }
  void rehash(size_t n) {
    slots_.assign(n, 0);
    mask_ = n - 1;
    for (size_t i = 0; i < entries_.size(); ++i) place(i);
  }

  std::vector<Entry> entries_;
  std::vector<uint64_t> slots_;  // hash's high 32 bits << 32 | entry index + 1; 0 empty
  size_t mask_ = 0;
};

}  // namespace sitrep
