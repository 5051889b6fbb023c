// Shared by the fuzz targets: a segmented Document from fuzzer bytes, or
// false when the reader would refuse them (invalid UTF-8, NUL bytes). The
// first byte also picks a published date, so relative dates get exercised.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "read/reader.h"
#include "text/tokenizer.h"

namespace sitrep::fuzz {

inline bool segmented_document(const uint8_t* data, size_t size, Document* d) {
  d->text.assign(reinterpret_cast<const char*>(data), size);
  const char* what = nullptr;
  if (find_bad_utf8(d->text, &what) != std::string::npos) return false;
  if (size > 0) d->meta.published = Date{1990 + data[0] % 40, 1 + data[0] % 12, 1 + data[0] % 28};
  split_paragraphs(*d, size > 1 ? data[1] % 8 : 0);
  segment(*d);
  return true;
}

}  // namespace sitrep::fuzz
