// The tagger's gazetteer: which word sequences the compiled lexicon knows and
// of which kinds (country, division, town, area, demonym, actor person / org /
// group), and which words are cues of an organisation's name (FC, plc,
// Ministry …, data/entities/ner_cues.tsv). Input: lexicon.bin and the cue
// file (training), or the table a model file carries (tagging). Output:
// per token of a sentence, the kinds and BILOU position of the longest match
// covering it, and its cue class. Invariants: keys are folded like the
// lexicon's (lex::fold_words, particles dropped), so the lookup ignores case;
// the table is built once at training time and stored in the model, so
// training and tagging see the same features even when lexicon.bin changes.
// Cost: one probe per token text (remembered with the text by the tagger),
// plus one per word that continues a longer key.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/huge_pages.h"

namespace sitrep::ner {

// Bits of a gazetteer code.
enum GazBits : uint32_t {
  kGazCountry = 1,
  kGazAdmin = 2,
  kGazTown = 4,
  kGazArea = 8,
  kGazDemonym = 16,
  kGazPerson = 32,
  kGazOrg = 64,
  kGazGroup = 128,
  kGazKinds = 255,
  kGazKey = 1u << 8,      // a whole key
  kGazPrefix = 1u << 9,   // a longer key continues it
  kGazCommon = 1u << 10,  // a common English word or first name
};
constexpr int kGazCueShift = 12;  // cue class in bits 12..15 of a cue word's code (0 = none)

// Up to kMaxTokenWords folded word hashes of one token (particles dropped).
constexpr int kMaxTokenWords = 3;
struct TokenWords {
  uint64_t w[kMaxTokenWords] = {};
  uint8_t n = 0;          // words kept
  bool overflow = false;  // more words than kept: the token matches nothing
};
TokenWords token_words(std::string_view token);

// Hash of a key's words so far, extended by one word.
uint64_t gaz_extend(uint64_t key, uint64_t word);
constexpr uint64_t kGazStart = 0x5bd1e9955bd1e995ULL;

class GazTable {
 public:
  // From lexicon.bin and the cue file; false and *error when either is bad.
  bool build(const std::string& lexicon_path, const std::string& cues_path, std::string* error);
  // From (to) the slots a model file stores.
  void assign(const uint32_t* slots, uint32_t n, const uint64_t* filter, uint32_t filter_words);
  const auto& slots() const { return slots_; }
  const auto& filter() const { return filter_; }
  // False when no key of two words or more is or starts with this one (a
  // 128 KB bit filter that stays in cache: most words after a possible first
  // word continue nothing, and are answered without probing the table).
  bool may_continue(uint64_t key) const {
    uint64_t b = (key >> 24) & (uint64_t(filter_.size()) * 64 - 1);
    return filter_.empty() || (filter_[b >> 6] >> (b & 63) & 1);
  }
  static constexpr uint32_t kFilterWords = (1u << 20) / 64;
  bool empty() const { return slots_.empty(); }
  size_t keys() const { return keys_; }

  // The code of a key hash (0 when unknown).
  uint32_t find(uint64_t key) const;
  // The cue class of a token's single word (0 when none).
  uint32_t cue(const TokenWords& w) const;
  // Code of the token alone (its words as a key), with its cue class.
  uint32_t single(const TokenWords& w) const;
  // The key single() looks up (0: none), and a prefetch of its slot, so a
  // caller with many tokens to look up overlaps their cache misses.
  static uint64_t single_key(const TokenWords& w) {
    if (w.n == 0 || w.overflow) return 0;
    uint64_t h = kGazStart;
    for (int k = 0; k < w.n; ++k) h = gaz_extend(h, w.w[k]);
    return h;
  }
  void prefetch(uint64_t key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[key & (slots_.size() - 1)]);
  }

 private:
  void insert(uint64_t key, uint32_t bits);
  static uint32_t fingerprint(uint64_t key) { return static_cast<uint32_t>(key >> 48) | 1; }
  // (fingerprint:16 | code:16), 0 = empty; slot = key & (size - 1), linear
  // probing. A 16-bit fingerprint lets about one unknown key in 30,000 pass
  // for a known one: a rare wrong feature, never a wrong answer elsewhere.
  std::vector<uint32_t, HugePageAllocator<uint32_t>> slots_;
  std::vector<uint64_t, HugePageAllocator<uint64_t>> filter_;  // kFilterWords, or empty
  size_t keys_ = 0;
};

// Per token t[0..n) of a sentence (fields gw: its token_words, gself: its
// GazTable::single): sets gcode, the code (kinds and common bit) of the
// longest match covering it, and gpos, its position there (0 none, 1 B, 2 I,
// 3 L, 4 U). Matches go left to right, longest first, ≤ 8 tokens.
template <class Tok>
void gaz_matches(const GazTable& table, Tok* t, int n) {
  constexpr int kMaxTokens = 8;
  for (int i = 0; i < n; ++i) t[i].gcode = 0, t[i].gpos = 0;
  for (int i = 0; i < n; ++i) {
    const uint32_t self = t[i].gself;
    if (!(self & (kGazKey | kGazPrefix))) continue;
    int best = (self & kGazKey) ? i + 1 : -1;
    uint32_t best_code = self;
    if (self & kGazPrefix) {
      uint64_t h = kGazStart;
      for (int k = 0; k < t[i].gw.n; ++k) h = gaz_extend(h, t[i].gw.w[k]);
      for (int j = i + 1; j < n && j - i < kMaxTokens; ++j) {
        if (t[j].gw.overflow || t[j].gw.n == 0) break;
        for (int k = 0; k < t[j].gw.n; ++k) h = gaz_extend(h, t[j].gw.w[k]);
        if (!table.may_continue(h)) break;
        uint32_t c = table.find(h);
        if (c & kGazKey) {
          best = j + 1;
          best_code = c;
        }
        if (!(c & kGazPrefix)) break;
      }
    }
    if (best < 0) continue;
    for (int k = i; k < best; ++k) {
      t[k].gcode = best_code & (kGazKinds | kGazCommon);
      t[k].gpos = static_cast<uint8_t>(best - i == 1 ? 4 : k == i ? 1 : k + 1 == best ? 3 : 2);
    }
    i = best - 1;
  }
}

}  // namespace sitrep::ner
