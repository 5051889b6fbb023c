// core/huge_pages.h — memory for the large tables the engine probes at random
// (the tagger's weights and its word memory, the gazetteer).
//
// Contract: an allocator for std::vector and friends. A block of 1 MB or more
// is 2 MB aligned, rounded up to whole 2 MB pages and advised for transparent
// huge pages (madvise MADV_HUGEPAGE, before it is first touched); a smaller
// block is plain operator new. Contents and behaviour are those of
// std::allocator: only the page size changes, so a random probe costs a cache
// miss but seldom also a TLB miss (a page walk is several dependent memory
// reads, more of them under virtualisation). Where the kernel refuses huge
// pages the memory is ordinary memory.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>

namespace sitrep {

inline constexpr size_t kHugePage = size_t{2} << 20;

// Raw huge-page-advised memory (see above); free with huge_free(p, bytes).
inline void* huge_alloc(size_t bytes) {
  if (bytes < (size_t{1} << 20)) return ::operator new(bytes);
  size_t rounded = (bytes + kHugePage - 1) & ~(kHugePage - 1);
  void* p = std::aligned_alloc(kHugePage, rounded);
  if (!p) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  madvise(p, rounded, MADV_HUGEPAGE);
#endif
  return p;
}
inline void huge_free(void* p, size_t bytes) {
  if (bytes < (size_t{1} << 20))
    ::operator delete(p);
  else
    std::free(p);
}

template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}
  T* allocate(size_t n) { return static_cast<T*>(huge_alloc(n * sizeof(T))); }
  void deallocate(T* p, size_t n) { huge_free(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

}  // namespace sitrep
