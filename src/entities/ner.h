// Entity tagger: a first-order structured (averaged) perceptron over BILOU tags
// with hashed sparse features. Input: one document's tokens as text views and
// its sentence ends. Output: typed token spans (PER ORG LOC MISC). Invariants:
// spans never overlap, lie inside one sentence, come in order; the same model
// and input give the same spans. Cost: ~30 hashed features per token; the
// ~21 that depend on one token's text alone (its capitals feature too, inside
// a sentence of mixed capitals) are summed once per distinct text and thread
// (a two-way cache of 8192 texts), so a token costs ~6 probes into an
// open-addressing table, and Viterbi over 17 tags; no heap allocation per
// token (buffers are per call).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/huge_pages.h"
#include "entities/gazetteer.h"

namespace sitrep::ner {

enum NerType : uint8_t { kPer = 0, kOrg = 1, kLoc = 2, kMisc = 3 };
constexpr int kTypes = 4;
constexpr int kClasses = 1 + 4 * kTypes;    // O, then B I L U for each type
const char* type_name(int type);            // "PER" "ORG" "LOC" "MISC"
int type_from_name(std::string_view name);  // -1 when unknown

// A tagged entity: tokens [begin, end) of the document, and its type.
struct NerSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint8_t type = 0;
  bool operator==(const NerSpan&) const = default;
};

// A document as the tagger sees it: token texts and the index one past the
// last token of each sentence (ascending, the last equals tokens.size()).
struct TagInput {
  std::span<const std::string_view> tokens;
  std::span<const uint32_t> sentence_ends;
};

// Static (tag-independent) feature hashes of every token of a sentence. Used by
// both the trainer and the model so the two can never disagree.
constexpr int kMaxFeatures = 56;

// The case a document is written in, from its tokens' first letters: mixed
// (sentence case), caps (ALL CAPITALS, wire style) or lower (no capitals). The
// features of every token carry it, so one model reads all three.
enum CaseMode : uint8_t { kMixedCase = 0, kAllCaps = 1, kNoCaps = 2 };
CaseMode case_mode(std::span<const std::string_view> tokens);
// True when a word after this token (or first, prev empty) may be capitalised
// only because a sentence or a quote starts there.
bool starts_after(std::string_view prev);

// Number of features written to out[i*kMaxFeatures …] for each token of the
// sentence; counts[i] gets the count. With a gazetteer (non-null, not empty)
// each token also gets the features of its longest lexicon match and the
// organisation cues around it.
void sentence_features(std::span<const std::string_view> sentence, CaseMode mode, const GazTable* gaz,
                       uint64_t* out, uint8_t* counts);

// Hash of the document-consistency feature "this token's text was inside an
// entity of type T earlier in the document" (T in 0..3), for a token of the
// given shape class (0 lower, 1 capitalised, 2 a document without case).
uint64_t doc_feature(int type, int capitalised);
// Hash of a token's lower-cased, normalised text (the key of that memory).
uint64_t word_key(std::string_view token);

// A trained model, read from disk in one read. Immutable; thread-safe.
class Model {
 public:
  // Returns null and sets *error when the file is missing or malformed. A
  // sibling "<name>.caseless.bin" is loaded too and tags documents in ALL CAPS
  // or without capitals.
  static std::unique_ptr<Model> load(const std::string& path, std::string* error);
  // From an in-memory image (the bytes of a model file).
  static std::unique_ptr<Model> from_bytes(std::vector<uint8_t> bytes, std::string* error);

  std::vector<NerSpan> tag(const TagInput& doc) const;

  size_t bytes() const { return image_.size() * sizeof(uint64_t); }
  uint32_t features() const { return n_rows_; }
  // The gazetteer the model was trained with (empty for a model without one).
  const GazTable& gazetteer() const { return gaz_; }

 private:
  Model() = default;
  bool bind(std::string* error);
  class Tagger;  // one tag() call (ner.cc)

  // The feature table as probed: each slot holds the fingerprint and the
  // weights inline (40 bytes), so a known feature costs one cache miss, not
  // two (slot, then row). Built from the file's slots and rows on load.
  struct Entry {
    uint32_t fp;  // 0 = empty
    int16_t w[kClasses];
    int16_t pad;
  };
  static_assert(sizeof(Entry) == 40);

  // Bits of the fingerprints the table holds (built on load): a feature whose
  // fingerprint is absent is unknown without walking its probe chain.
  static constexpr uint32_t kFilterBits = 1u << 20;
  static uint32_t filter_bit(uint32_t fp, int k) {
    return (k ? (fp * 0x9E3779B1u) >> 12 : fp >> 1) & (kFilterBits - 1);
  }
  bool may_know(uint32_t fp) const {
    for (int k = 0; k < 2; ++k)
      if (!(filter_[filter_bit(fp, k) >> 6] >> (filter_bit(fp, k) & 63) & 1)) return false;
    return true;
  }
  // may_know as 0 or 1, both bits read without a branch.
  uint32_t may_know_bit(uint32_t fp) const {
    const uint32_t b0 = filter_bit(fp, 0), b1 = filter_bit(fp, 1);
    return static_cast<uint32_t>(filter_[b0 >> 6] >> (b0 & 63) & filter_[b1 >> 6] >> (b1 & 63) & 1);
  }
  static uint32_t fingerprint(uint64_t h) { return static_cast<uint32_t>(h >> 32) | 1u; }
  const Entry* find(uint64_t h) const;  // null when the feature is unknown
  GazTable gaz_;                        // the file's gazetteer section (format 2)
  std::unique_ptr<Model> caseless_;     // the sibling *.caseless.bin, when there is one
  std::vector<uint64_t, HugePageAllocator<uint64_t>> filter_;
  std::vector<Entry, HugePageAllocator<Entry>> table_;
  std::vector<uint64_t> image_;  // the file, 8-byte aligned
  // Per case reading (0 sentence case, 1 caseless; the same when the file has
  // one): transitions [prev][cur], prev == kClasses is the start, and the
  // score of ending on [cur].
  const float* trans_[2] = {};
  const float* final_[2] = {};
  uint32_t n_slots_ = 0;
  uint32_t n_rows_ = 0;
  static uint64_t new_generation();
  const uint64_t generation_ = new_generation();  // unique per instance: keys tag()'s per-thread cache
  float scale_ = 1;
  // Summed weights of the neighbour features a sentence edge gives a token
  // (begin-of-sentence before it, end after it), per case reading (mixed,
  // caseless) and neighbour position.
  int32_t edge_[2][4][kClasses] = {};
  friend class Trainer;
};

// True when class `cur` may follow class `prev` (prev == kClasses: start).
bool allowed(int prev, int cur);
// True when a sentence may end on class c.
bool allowed_final(int c);

// Training data: documents of sentences of (token, type-per-token gold spans).
struct TrainDoc {
  std::vector<std::string> tokens;
  std::vector<uint32_t> sentence_ends;
  std::vector<NerSpan> gold;
};

struct TrainOptions {
  int epochs = 12;
  bool case_copies = true;     // train on a lower-cased copy of each document too
  bool caseless_only = false;  // train the caseless reading alone (for a sibling *.caseless.bin)
  uint64_t seed = 1;
  float prune = 0.0f;  // drop features whose largest |weight| is below this (in weight units)
  bool verbose = true;
  // The gazetteer features: lexicon.bin and the cue file (data/entities/
  // ner_cues.tsv); the table built from them goes into the model file. Empty
  // lexicon_path: no gazetteer features (a format-1 model).
  std::string lexicon_path, cues_path;
};

struct TrainReport {
  int best_epoch = 0;
  double best_dev_f1 = 0;
  std::vector<double> dev_f1;  // per epoch (exact-span F1 over all types)
  size_t features_seen = 0;
  size_t features_kept = 0;
  int caseless_best_epoch = 0;  // the caseless reading (case_copies)
  double caseless_dev_f1 = 0;
  size_t gazetteer_keys = 0;  // keys and cue words in the model's gazetteer (0: none)
};

// The token's text in lower or upper case (ASCII and Unicode letters).
std::string change_case(std::string_view token, bool upper);
// The document, every token lower-cased (upper = false) or upper-cased.
TrainDoc change_case(const TrainDoc& doc, bool upper);

// Trains on `train`, picks the epoch with the best exact-span F1 on `dev`
// (all four types), and returns the model file image; with case_copies a
// second reading for text without case is trained the same way on the
// lower-cased documents. Deterministic given the
// inputs and options.seed.
std::vector<uint8_t> train(const std::vector<TrainDoc>& train, const std::vector<TrainDoc>& dev,
                           const TrainOptions& options, TrainReport* report);

// Converts per-token BILOU classes of a sentence to spans (lenient: a broken
// sequence still yields a span for each B…/U run). Token indices are offset.
void classes_to_spans(std::span<const uint8_t> classes, uint32_t offset, std::vector<NerSpan>* out);

}  // namespace sitrep::ner
