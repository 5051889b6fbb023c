// core/hash.h — the 64-bit mixing functions the project's hashed tables share.
//
// Contract: pure functions, stable across releases (model files and stored
// ids depend on their values); no state, no allocation.
#pragma once

#include <cstdint>

namespace sitrep {

// SplitMix64's finaliser (Steele, Lea, Flood 2014): the entity tagger's
// feature hashes and its gazetteer table.
inline uint64_t splitmix64_mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// MurmurHash3's 64-bit finaliser (fmix64): the event-typing model's feature
// hashes.
inline uint64_t murmur_fmix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

}  // namespace sitrep
