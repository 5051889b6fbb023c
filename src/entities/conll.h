// CoNLL-2003 files for the tagger's training and evaluation. Input: the text
// of a CoNLL file (token first column, IOB1 tag last; -DOCSTART- lines split
// documents, blank lines split sentences). Output: TrainDocs with gold spans,
// and conlleval-compatible exact-span precision / recall / F1 per type.
// Errors are data: a malformed line is counted and skipped, never thrown.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "entities/ner.h"

namespace sitrep::ner {

struct ConllData {
  std::vector<TrainDoc> docs;
  size_t tokens = 0;
  size_t bad_lines = 0;  // lines with fewer than 2 columns or an unknown tag
};

// Parses CoNLL text (IOB1 or IOB2 tags in the last column).
ConllData parse_conll(std::string_view text);
// Reads and parses a file; false and *error when it cannot be read.
bool read_conll(const std::string& path, ConllData* out, std::string* error);

// Chunks of a tag sequence, conlleval's rules: a chunk starts at B-X, or at
// I-X after O or after a different type.
std::vector<NerSpan> iob_to_spans(const std::vector<std::string_view>& tags, uint32_t offset);

struct Score {
  size_t tp[kTypes] = {}, fp[kTypes] = {}, fn[kTypes] = {};
  void add(const std::vector<NerSpan>& gold, const std::vector<NerSpan>& pred);
  // type -1: overall; types given as a bit mask in `mask` for a subset.
  double precision(int type) const;
  double recall(int type) const;
  double f1(int type) const;
  double f1_mask(unsigned mask) const;  // micro F1 over the types whose bit is set
};

}  // namespace sitrep::ner
