#include "entities/ner.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "core/hash.h"
#include "text/tokenizer.h"

namespace sitrep::ner {

namespace {

constexpr char kMagic[8] = {'S', 'R', 'N', 'E', 'R', '0', '0', '1'};
constexpr uint32_t kFormat = 2;  // 2: a gazetteer section after the rows (1 still loads)
constexpr float kNegInf = -1e30f;

inline uint64_t combine(uint64_t a, uint64_t b) {
  return splitmix64_mix(a ^ (b * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL));
}
inline uint64_t feat(uint64_t tmpl, uint64_t v) { return combine(tmpl * 0xd6e8feb86659fd93ULL + 1, v); }

struct Fnv {
  uint64_t h = 0xcbf29ce484222325ULL;
  void add(unsigned char c) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  uint64_t get() const { return splitmix64_mix(h); }
};

// What the features need to know of one token; computed once per sentence.
struct TokInfo {
  uint64_t lower = 0;    // lower-cased, digits → 0, quotes normalised
  uint64_t exact = 0;    // case kept, digits → 0, quotes normalised
  uint64_t shape = 0;    // Xx, X.X., d,d, x-Xx (runs collapsed)
  uint64_t pre[4] = {};  // lower-case prefixes of 1..4 bytes (0 = too short)
  uint64_t suf[4] = {};
  uint8_t caps = 0;  // bit 0 init upper, 1 all upper, 2 has digit, 3 hyphen, 4 period, 5 has lower
  bool letters = false;
  uint8_t tmpl = 0;    // feature template offset: 0 in mixed case, kCaseless in text without case
  uint8_t gpos = 0;    // BILOU position (1..4) in the longest gazetteer match covering it, 0 none
  uint32_t gself = 0;  // gazetteer code of the token alone (GazTable::single), with its cue class
  uint32_t gcode = 0;  // kinds (and common bit) of the match covering it
  uint8_t cue_after = 0,
          cue_before = 0;  // nearest cue class * 4 + distance (1..3) among the words after / before it
  TokenWords gw;           // its folded words (gazetteer keys)
};

// The gazetteer fields of one token (its own text) and of a sentence (matches).
void gaz_analyse(const GazTable* gaz, std::string_view t, TokInfo* info) {
  if (!gaz || gaz->empty()) return;
  info->gw = token_words(t);
  info->gself = gaz->single(info->gw);
}
void gaz_sentence(const GazTable* gaz, TokInfo* ti, int n) {
  if (!gaz || gaz->empty()) return;
  gaz_matches(*gaz, ti, n);
  // The nearest cue within three words after and before each token: one
  // pass each way (a non-word ends the reach).
  int cls = 0, at = 0;
  for (int i = n - 1; i >= 0; --i) {
    ti[i].cue_after = cls && at - i <= 3 ? static_cast<uint8_t>(cls * 4 + (at - i)) : 0;
    if (ti[i].gw.n == 0)
      cls = 0;
    else if (int c = ti[i].gself >> kGazCueShift & 15)
      cls = c, at = i;
  }
  cls = 0;
  for (int i = 0; i < n; ++i) {
    ti[i].cue_before = cls && i - at <= 3 ? static_cast<uint8_t>(cls * 4 + (i - at)) : 0;
    if (ti[i].gw.n == 0)
      cls = 0;
    else if (int c = ti[i].gself >> kGazCueShift & 15)
      cls = c, at = i;
  }
}

// Text whose capitals say nothing (ALL CAPS, no capitals) is read folded to
// lower case, with its own copy of every feature template (offset kCaseless),
// so its weights never pull on those of sentence-case text.
constexpr uint8_t kCaseless = 64;

// Normalises the token's bytes into buf (≤ 48 bytes kept): curly quotes and
// apostrophes become ASCII, dashes become '-'. Returns the length.
size_t normalise(std::string_view t, bool fold, char* buf, TokInfo* info, char* shape, size_t* shape_len) {
  size_t n = 0, sn = 0;
  char last_shape = 0;
  int run = 0;
  bool first = true, all_upper = true, any_letter = false;
  for (size_t i = 0; i < t.size() && n < 48;) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    char out[4];
    int out_n = 0;
    char sh;
    if (c < 0x80) {
      if (fold && c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c | 0x20);
      out[out_n++] = static_cast<char>(c);
      ++i;
      if (c >= 'A' && c <= 'Z') {
        sh = 'X';
        if (first) info->caps |= 1;
        any_letter = true;
      } else if (c >= 'a' && c <= 'z') {
        sh = 'x';
        all_upper = false;
        any_letter = true;
        info->caps |= 32;
      } else if (c >= '0' && c <= '9') {
        sh = 'd';
        out[0] = '0';
        info->caps |= 4;
      } else {
        sh = static_cast<char>(c);
        if (c == '-') info->caps |= 8;
        if (c == '.') info->caps |= 16;
      }
    } else {
      int len = 1;
      char32_t cp = decode_utf8(t, i, &len);
      if (cp == 0x2018 || cp == 0x2019 || cp == 0x2032) {
        out[out_n++] = '\'';
        sh = '\'';
      } else if (cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0xAB || cp == 0xBB) {
        out[out_n++] = '"';
        sh = '"';
      } else if (cp == 0x2013 || cp == 0x2014 || cp == 0x2010 || cp == 0x2011) {
        out[out_n++] = '-';
        sh = '-';
        info->caps |= 8;
      } else {
        for (int k = 0; k < len && i + k < t.size(); ++k) out[out_n++] = t[i + k];
        if (is_upper_cp(cp)) {
          sh = 'X';
          if (first) info->caps |= 1;
          any_letter = true;
        } else if (is_letter_cp(cp)) {
          sh = 'x';
          all_upper = false;
          any_letter = true;
          info->caps |= 32;
        } else {
          sh = 'o';
        }
      }
      i += static_cast<size_t>(len);
    }
    first = false;
    for (int k = 0; k < out_n && n < 48; ++k) buf[n++] = out[k];
    if (sh == last_shape) {
      if (++run > 1) continue;  // runs of one class collapse to two: "Xxxxx" → "Xxx"
    } else {
      run = 0;
    }
    last_shape = sh;
    if (sn < 16) shape[sn++] = sh;
  }
  if (any_letter && all_upper) info->caps |= 2;
  info->letters = any_letter;
  *shape_len = sn;
  return n;
}

// Hashes the token's normalised text, its lower-cased form, its shape, its
// prefixes and suffixes.
void analyse(std::string_view t, bool caseless, TokInfo* info) {
  char buf[48], shape[16];
  size_t sn = 0;
  *info = TokInfo{};
  info->tmpl = caseless ? kCaseless : 0;
  size_t n = normalise(t, caseless, buf, info, shape, &sn);
  Fnv ex, lo, sh;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(buf[i]);
    ex.add(c);
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c | 0x20);
    buf[i] = static_cast<char>(c);
    lo.add(c);
  }
  for (size_t i = 0; i < sn; ++i) sh.add(static_cast<unsigned char>(shape[i]));
  info->exact = ex.get();
  info->lower = lo.get();
  info->shape = sh.get();
  for (size_t k = 1; k <= 4 && k <= n; ++k) {
    if (k == n && n <= 4) break;  // an affix as long as the word says nothing new
    Fnv p, s;
    for (size_t i = 0; i < k; ++i) p.add(static_cast<unsigned char>(buf[i]));
    for (size_t i = n - k; i < n; ++i) s.add(static_cast<unsigned char>(buf[i]));
    info->pre[k - 1] = p.get();
    info->suf[k - 1] = s.get();
  }
}

constexpr uint64_t kBos = 0x1111111111111111ULL, kEos = 0x2222222222222222ULL;

// A token's features come in three groups, in this order (the trainer sums
// floats in it):
//   local       bias, word, exact word, shape, the affixes it has: the token's text alone;
//   neighbour   the word, then the shape, of the tokens at kNeighbourOffsets:
//               each depends on one neighbour's text alone;
//   context     word and shape pairs, sentence position, capitals.
// The tagger sums the first two groups once per distinct token text.
constexpr int kNeighbours = 4;
constexpr int kNeighbourOffsets[kNeighbours] = {-1, +1, -2, +2};
inline uint64_t neighbour_word(int r, uint64_t lower, int tmpl) { return feat(tmpl + 12 + r, lower); }
inline uint64_t neighbour_shape(int r, uint64_t shape, int tmpl) { return feat(tmpl + 16 + r, shape); }

// A lexicon match: its kinds with the common-word bit, then each kind alone,
// by BILOU position (4 = U) and the token's capital. ≤ 9.
int match_features(const TokInfo& t, uint32_t code, int pos, uint64_t* out) {
  int k = 0;
  const int o = t.tmpl;
  const uint64_t cap = o ? 0 : t.caps & 1;
  out[k++] = feat(o + 28, (uint64_t{code} << 4) | (uint64_t(pos) << 1) | cap);
  for (int b = 0; b < 8; ++b)
    if (code >> b & 1) out[k++] = feat(o + 29, uint64_t(b * 16) | (uint64_t(pos) << 1) | cap);
  return k;
}

// The features of the gazetteer that depend on the token's text alone: the
// token as a whole lexicon key (as a U match) and its own cue class. ≤ 10.
int own_gazetteer_features(const TokInfo& t, uint64_t* out) {
  int k = 0;
  if (t.gself & kGazKey) k += match_features(t, t.gself & (kGazKinds | kGazCommon), 4, out);
  if (uint32_t cls = t.gself >> kGazCueShift & 15)
    out[k++] = feat(t.tmpl + 30, cls * 2 + (t.tmpl ? 0 : t.caps & 1));
  return k;
}

int local_features(const TokInfo& t, uint64_t* out) {
  int k = 0;
  const int o = t.tmpl;
  out[k++] = feat(o + 0, 0);
  out[k++] = feat(o + 1, t.lower);
  out[k++] = feat(o + 2, t.exact);
  out[k++] = feat(o + 3, t.shape);
  for (int a = 0; a < 4; ++a) {
    if (t.pre[a]) out[k++] = feat(o + 4 + a, t.pre[a]);
    if (t.suf[a]) out[k++] = feat(o + 8 + a, t.suf[a]);
  }
  return k + own_gazetteer_features(t, out + k);
}

// The features of the gazetteer that depend on the words around: the longest
// lexicon match of several tokens covering it (by position), and the nearest
// organisation cue within three words after and before it. None for a token
// outside every such match and far from cues, or without a gazetteer. ≤ 11.
int gazetteer_features(const TokInfo* ti, int i, uint64_t* out) {
  int k = 0;
  const TokInfo& t = ti[i];
  const int o = t.tmpl;
  const uint64_t cap = o ? 0 : t.caps & 1;
  if (t.gpos && t.gpos < 4) out[k++] = feat(o + 28, (uint64_t{t.gcode} << 4) | (uint64_t{t.gpos} << 1) | cap);
  if (t.cue_after) out[k++] = feat(o + 31, uint64_t{t.cue_after} * 2 + cap);
  if (t.cue_before) out[k++] = feat(o + 32, uint64_t{t.cue_before} * 2 + cap);
  return k;
}

// The capitals feature: the token's capitals, the sentence's, and whether it
// opens the sentence. Inside a sentence of mixed capitals it depends on the
// token's text alone (the tagger remembers it with the text's sums).
inline uint64_t flags_feature(const TokInfo& t, int i, bool caps_sentence) {
  return feat(t.tmpl + 27, t.caps | (caps_sentence ? 64 : 0) | (i == 0 ? 128 : 0));
}

// The context features of token i (with_flags: the capitals feature too).
int context_features(const TokInfo* ti, int n, int i, bool caps_sentence, uint64_t* out,
                     bool with_flags = true) {
  int k = 0;
  auto L = [&](int j) { return j < 0 ? kBos : j >= n ? kEos : ti[j].lower; };
  auto S = [&](int j) { return j < 0 ? kBos : j >= n ? kEos : ti[j].shape; };
  const TokInfo& t = ti[i];
  const int o = t.tmpl;
  out[k++] = feat(o + 20, combine(L(i - 1), t.lower));
  out[k++] = feat(o + 21, combine(t.lower, L(i + 1)));
  out[k++] = feat(o + 22, combine(combine(S(i - 1), t.shape), S(i + 1)));
  if (i == 0) out[k++] = feat(o + 23, t.shape);
  if (caps_sentence) out[k++] = feat(o + 24, t.lower);
  out[k++] = feat(o + 25, combine(L(i - 1), t.shape));
  out[k++] = feat(o + 26, combine(t.shape, L(i + 1)));
  if (with_flags) out[k++] = flags_feature(t, i, caps_sentence);
  return k + gazetteer_features(ti, i, out + k);
}

// All features of token i of an analysed sentence.
int token_features(const TokInfo* ti, int n, int i, bool caps_sentence, uint64_t* out) {
  int k = local_features(ti[i], out);
  const int o = ti[i].tmpl;
  for (int r = 0; r < kNeighbours; ++r) {
    int j = i + kNeighbourOffsets[r];
    out[k++] = neighbour_word(r, j < 0 ? kBos : j >= n ? kEos : ti[j].lower, o);
  }
  for (int r = 0; r < kNeighbours; ++r) {
    int j = i + kNeighbourOffsets[r];
    out[k++] = neighbour_shape(r, j < 0 ? kBos : j >= n ? kEos : ti[j].shape, o);
  }
  k += context_features(ti, n, i, caps_sentence, out + k);
  return k;  // ≤ 52: leaves room for the document feature
}

bool is_caps_sentence(const TokInfo* ti, int n) {
  int words = 0, caps = 0;
  for (int i = 0; i < n; ++i) {
    if (!ti[i].letters) continue;
    ++words;
    if (ti[i].caps & 2) ++caps;
  }
  return words >= 2 && caps * 5 >= words * 4;
}

// Open-addressing set: word key → type of the latest entity containing it.
// Kept per thread across documents: clear() empties only the slots used.
struct DocMemory {
  std::array<uint64_t, 1024> keys{};
  std::array<uint8_t, 1024> types{};
  std::vector<uint16_t> filled;  // slots in use, ≤ 700
  void clear() {
    for (uint16_t s : filled) keys[s] = 0;
    filled.clear();
  }
  int find(uint64_t k) const {
    k |= 1;
    for (size_t s = k & 1023;; s = (s + 1) & 1023) {
      if (keys[s] == 0) return -1;
      if (keys[s] == k) return types[s];
    }
  }
  void put(uint64_t k, uint8_t type) {
    k |= 1;
    for (size_t s = k & 1023;; s = (s + 1) & 1023) {
      if (keys[s] == k) {
        types[s] = type;
        return;
      }
      if (keys[s] == 0) {
        if (filled.size() >= 700) return;  // full enough: stop remembering
        keys[s] = k;
        types[s] = type;
        filled.push_back(static_cast<uint16_t>(s));
        return;
      }
    }
  }
};

// Viterbi over one sentence. emit: n × kClasses; trans: (kClasses+1) × kClasses
// with forbidden BILOU transitions already set to -inf (masked()), so the
// inner loop has no branches.
struct AllowedTable {
  bool t[kClasses + 1][kClasses];
  bool f[kClasses];
  AllowedTable() {
    for (int p = 0; p <= kClasses; ++p)
      for (int c = 0; c < kClasses; ++c) {
        // inside = p is B or I of some type
        bool p_open = p < kClasses && p > 0 && ((p - 1) % 4 == 0 || (p - 1) % 4 == 1);
        int ptype = p < kClasses && p > 0 ? (p - 1) / 4 : -1;
        bool c_cont = c > 0 && ((c - 1) % 4 == 1 || (c - 1) % 4 == 2);  // I or L
        int ctype = c > 0 ? (c - 1) / 4 : -1;
        t[p][c] = p_open ? (c_cont && ctype == ptype) : !c_cont;
      }
    for (int c = 0; c < kClasses; ++c) f[c] = !(c > 0 && ((c - 1) % 4 == 0 || (c - 1) % 4 == 1));
  }
};
const AllowedTable kAllowed;
// Viterbi over one sentence, eight lanes per vector. Class c sits in lane
// c + 3 of kLanes: the first vector holds O and the first type's B I L U,
// each further one two types (the last one type and padding). emit: n ×
// kClasses; trans: (kClasses + 1) rows of kLanes, row p holding the scores
// of p → c with forbidden BILOU transitions (and the padding lanes) at
// kNegInf, row kClasses the start. Each class is scored against its
// predecessors in class order and the first strictly better one wins: O, L
// and U (which may precede O, B and U of every type) on all vectors, B and I
// (which precede their own type's I and L) on the vector holding that type.
// A forbidden transition scores kNegInf plus a score far smaller in
// magnitude, which rounds to kNegInf or below, so it never beats the start
// value kNegInf nor an allowed transition: from the second token on, every
// class has an allowed predecessor with a finite score.
constexpr int kLanes = 24;
constexpr int kVectors = kLanes / 8;
constexpr int lane(int c) { return c + 3; }
// On x86-64 the decoder is also built for AVX2 and picked at load time (the
// same arithmetic, so the same output): a third fewer instructions. Not on a
// member function whose linkage is internal (a parameter type from this
// file's anonymous namespace): clang 14 reads its parameters as null there.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SITREP_AVX2_CLONE __attribute__((target_clones("avx2", "default")))
#else
#define SITREP_AVX2_CLONE
#endif
using F8 = float __attribute__((vector_size(32)));
using I8 = int32_t __attribute__((vector_size(32)));

// Predecessors in class order: O, L and U of each type (which may precede
// any class), then B and I of each type (which precede their own type only).
constexpr int kOpenFree[] = {0, 3, 4, 7, 8, 11, 12, 15, 16};
constexpr int kOpening[] = {1, 2, 5, 6, 9, 10, 13, 14};
static_assert(kClasses == 17 && kTypes == 4);

// best/arg of one vector of classes against predecessor p.
inline void relax(const float (*trans)[kLanes], const float* prev, int p, int k, F8* best, I8* arg) {
  F8 v;
  std::memcpy(&v, &trans[p][8 * k], sizeof(F8));
  v += prev[p];
  I8 better = v > *best;  // all ones where v wins
  *best = reinterpret_cast<F8>((reinterpret_cast<I8>(v) & better) | (reinterpret_cast<I8>(*best) & ~better));
  *arg = ((I8{} + p) & better) | (*arg & ~better);
}

// emit: n × kClasses, readable kLanes floats past its end; delta: n × kLanes
// (lane layout, padding lanes hold junk no class reads); back: n × kLanes.
SITREP_AVX2_CLONE void viterbi(const float* emit, int n, const float (*trans)[kLanes], const float* fin,
                               float* delta, int32_t* back, uint8_t* out) {
  if (n == 0) return;
  for (int c = 0; c < kClasses; ++c) delta[lane(c)] = emit[c] + trans[kClasses][lane(c)];
  for (int i = 1; i < n; ++i) {
    const float* prev = delta + (i - 1) * kLanes;
    F8 best[kVectors];
    I8 arg[kVectors];
    for (int k = 0; k < kVectors; ++k) {
      best[k] = F8{} + kNegInf;
      arg[k] = I8{};
    }
    // (Unrolled: each predecessor's row and index are constants.)
#pragma GCC unroll 9
    for (int p : kOpenFree)
#pragma GCC unroll 3
      for (int k = 0; k < kVectors; ++k) relax(trans, prev + 3, p, k, &best[k], &arg[k]);
#pragma GCC unroll 8
    for (int p : kOpening) relax(trans, prev + 3, p, lane(p) / 8, &best[lane(p) / 8], &arg[lane(p) / 8]);
    // Lane l of the row is class l - 3: its emission sits 3 floats earlier
    // (the padding lanes add a neighbour's, or junk past the end, unread).
    const float* e = emit + i * kClasses - 3;
    for (int k = 0; k < kVectors; ++k) {
      F8 ev;
      std::memcpy(&ev, e + 8 * k, sizeof(F8));
      F8 cur = best[k] + ev;
      std::memcpy(delta + i * kLanes + 8 * k, &cur, sizeof(F8));
      std::memcpy(back + i * kLanes + 8 * k, &arg[k], sizeof(I8));
    }
  }
  const float* last = delta + (n - 1) * kLanes;
  float best = last[lane(0)] + fin[0];
  int arg = 0;
  for (int c = 1; c < kClasses; ++c) {
    float v = last[lane(c)] + fin[c];
    if (v > best) {
      best = v;
      arg = c;
    }
  }
  for (int i = n - 1; i >= 0; --i) {
    out[i] = static_cast<uint8_t>(arg);
    if (i > 0) arg = back[i * kLanes + lane(arg)];
  }
}

// One sentence as a scorer sees it: its analysed tokens (affixes only where
// its analyser computed them) and per token the document feature (0 = none).
struct Sentence {
  const TokInfo* ti;
  const uint64_t* doc_feature;
  int n;
  uint32_t first;  // index of its first token in the document
  bool caps;       // a capitals-only sentence
};

// Scores a sentence token by token with a per-token scorer
// (feats, count, token index in the document, scores[kClasses] zeroed).
template <class Scorer>
struct PerToken {
  const Scorer& scorer;
  void operator()(const Sentence& s, float* emit) const {
    uint64_t feats[kMaxFeatures];
    for (int i = 0; i < s.n; ++i) {
      int k = token_features(s.ti, s.n, i, s.caps, feats);
      if (s.doc_feature[i]) feats[k++] = s.doc_feature[i];
      float* sc = emit + i * kClasses;
      std::fill(sc, sc + kClasses, 0.0f);
      scorer(feats, k, s.first + static_cast<uint32_t>(i), sc);
    }
  }
};
template <class Scorer>
PerToken(const Scorer&) -> PerToken<Scorer>;

// Analyses every token with its affixes.
struct AnalyseAll {
  const TagInput& doc;
  const GazTable* gaz;
  void operator()(uint32_t first, int n, bool caseless, TokInfo* out) const {
    for (int i = 0; i < n; ++i) {
      analyse(doc.tokens[first + i], caseless, &out[i]);
      gaz_analyse(gaz, doc.tokens[first + i], &out[i]);
    }
  }
};

// The decoder's buffers, kept per thread across documents: grown, never
// shrunk, and written before they are read, so a document costs no
// allocation and no zeroing.
struct DecodeScratch {
  std::vector<TokInfo> info;
  std::vector<float> emit, delta;
  std::vector<int32_t> back;
  std::vector<uint8_t> cls;
  std::vector<uint64_t> doc_feats;
  DocMemory memory;
};
DecodeScratch& decode_scratch(size_t n_tok, size_t max_len) {
  thread_local DecodeScratch s;
  auto grow = [](auto& v, size_t n) {
    if (v.size() < n) v.resize(n);
  };
  grow(s.info, n_tok);
  grow(s.emit, max_len * kClasses + kLanes);  // viterbi reads whole vectors past the last row
  grow(s.delta, max_len * kLanes);
  grow(s.back, max_len * kLanes);
  grow(s.cls, max_len);
  grow(s.doc_feats, max_len);
  return s;
}

// Shared document decoder, sentence by sentence: analyse(sentence's first
// token, count, TokInfo out[]) hashes its tokens (affixes are optional);
// score(sentence, emit) fills its emission scores (n × kClasses); Viterbi
// picks its classes; the spans found feed the document memory of later
// sentences.
template <class Analyser, class SentenceScorer>
void decode_document(const TagInput& doc, bool caseless, const GazTable* gaz, const Analyser& analyse_tokens,
                     const SentenceScorer& score, const float* const* trans_by_case,
                     const float* const* fin_by_case, std::vector<uint8_t>* classes_out,
                     std::vector<NerSpan>* spans) {
  size_t n_tok = doc.tokens.size();
  size_t max_len = 0;
  uint32_t b = 0;
  for (uint32_t e : doc.sentence_ends) {  // sentence ends must ascend inside the document
    if (e < b || e > n_tok) break;
    max_len = std::max<size_t>(max_len, e - b);
    b = e;
  }
  DecodeScratch& scratch = decode_scratch(n_tok, max_len);
  TokInfo* info = scratch.info.data();
  float* emit = scratch.emit.data();
  uint8_t* cls = scratch.cls.data();
  if (classes_out) classes_out->assign(n_tok, 0);
  const float* trans = trans_by_case[caseless];
  const float* fin = fin_by_case[caseless];
  // Transitions with the BILOU constraints folded in (-inf where forbidden).
  alignas(32) float mtrans[kClasses + 1][kLanes];
  float mfin[kClasses];
  for (int p = 0; p <= kClasses; ++p)
    for (int c = 0; c < kLanes; ++c) mtrans[p][c] = kNegInf;
  for (int p = 0; p <= kClasses; ++p)
    for (int c = 0; c < kClasses; ++c)
      if (allowed(p, c)) mtrans[p][lane(c)] = trans[p * kClasses + c];
  for (int c = 0; c < kClasses; ++c) mfin[c] = allowed_final(c) ? fin[c] : kNegInf;
  DocMemory& memory = scratch.memory;
  memory.clear();
  uint64_t* doc_feats = scratch.doc_feats.data();
  b = 0;
  for (uint32_t e : doc.sentence_ends) {
    if (e > n_tok || e < b) break;
    int n = static_cast<int>(e - b);
    TokInfo* ti = info + b;
    analyse_tokens(b, n, caseless, ti);
    gaz_sentence(gaz, ti, n);
    for (int i = 0; i < n; ++i) {
      int mem = memory.find(ti[i].lower);
      doc_feats[i] = mem >= 0 ? doc_feature(mem, caseless ? 2 : ti[i].caps & 1) : 0;
    }
    score(Sentence{ti, doc_feats, n, b, is_caps_sentence(ti, n)}, emit);
    viterbi(emit, n, mtrans, mfin, scratch.delta.data(), scratch.back.data(), cls);
    size_t first = spans->size();
    classes_to_spans(std::span<const uint8_t>(cls, n), b, spans);
    for (size_t s = first; s < spans->size(); ++s)
      for (uint32_t t = (*spans)[s].begin; t < (*spans)[s].end; ++t)
        memory.put(info[t].lower, (*spans)[s].type);
    if (classes_out) std::copy(cls, cls + n, classes_out->begin() + b);
    b = e;
  }
}

}  // namespace

const char* type_name(int type) {
  static const char* const kNames[] = {"PER", "ORG", "LOC", "MISC"};
  return type >= 0 && type < kTypes ? kNames[type] : "?";
}

int type_from_name(std::string_view n) {
  for (int t = 0; t < kTypes; ++t)
    if (n == type_name(t)) return t;
  return -1;
}

bool allowed(int prev, int cur) { return kAllowed.t[prev][cur]; }
bool allowed_final(int c) { return kAllowed.f[c]; }

uint64_t doc_feature(int type, int capitalised) {
  return capitalised < 2 ? feat(40, static_cast<uint64_t>(type * 2 + capitalised))
                         : feat(41, static_cast<uint64_t>(type));
}

uint64_t word_key(std::string_view token) {
  TokInfo ti;
  analyse(token, false, &ti);
  return ti.lower;
}

bool starts_after(std::string_view prev) {
  return prev.empty() || prev == "." || prev == "!" || prev == "?" || prev == "--" || prev == ":" ||
         prev == "\"" || prev == "(" || prev == "[" || prev == "..." || prev == "\xE2\x80\x9C" ||
         prev == "\xE2\x80\x9D" || prev == "\xE2\x80\xA6" || prev == "-" || prev == "\xE2\x80\x94";
}

CaseMode case_mode(std::span<const std::string_view> tokens) {
  // First letters of words: capitalised ones under 1 in 40 is text without
  // capitals; words of 2+ letters whose first two are capitals, 4 in 5 or
  // more, is ALL CAPS. Non-ASCII first letters are not counted.
  // A capital that only starts a sentence says nothing: text capitalised
  // only there ("Guerrillas killed 12 peasants in ayacucho.") has no case.
  size_t words = 0, capitalised = 0, pairs = 0, caps_pairs = 0;
  bool any_capital = false;
  std::string_view prev;
  for (std::string_view t : tokens) {
    std::string_view before = prev;
    prev = t;
    if (t.empty()) continue;
    char c = t[0];
    bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z';
    if (!up && !lo) continue;
    ++words;
    capitalised += up && !starts_after(before);
    any_capital |= up;
    if (t.size() >= 2 && ((t[1] | 0x20) >= 'a' && (t[1] | 0x20) <= 'z')) {
      ++pairs;
      caps_pairs += up && t[1] <= 'Z';
    }
  }
  if (words == 0) return kMixedCase;
  // No capital at all, or (in 20 words or more) under 1 in 40 outside sentence starts.
  if (!any_capital || (words >= 20 && capitalised * 40 < words)) return kNoCaps;
  if (pairs >= 3 && caps_pairs * 5 >= pairs * 4) return kAllCaps;
  return kMixedCase;
}

void sentence_features(std::span<const std::string_view> sentence, CaseMode mode, const GazTable* gaz,
                       uint64_t* out, uint8_t* counts) {
  int n = static_cast<int>(sentence.size());
  std::vector<TokInfo> info(sentence.size());
  for (int i = 0; i < n; ++i) {
    analyse(sentence[i], mode != kMixedCase, &info[i]);
    gaz_analyse(gaz, sentence[i], &info[i]);
  }
  gaz_sentence(gaz, info.data(), n);
  bool caps = is_caps_sentence(info.data(), n);
  for (int i = 0; i < n; ++i)
    counts[i] = static_cast<uint8_t>(token_features(info.data(), n, i, caps, out + i * kMaxFeatures));
}

void classes_to_spans(std::span<const uint8_t> cls, uint32_t offset, std::vector<NerSpan>* out) {
  int open_type = -1;
  uint32_t open_begin = 0;
  for (uint32_t i = 0; i < cls.size(); ++i) {
    int c = cls[i];
    int type = c > 0 ? (c - 1) / 4 : -1;
    int pos = c > 0 ? (c - 1) % 4 : -1;  // 0 B 1 I 2 L 3 U
    if (open_type >= 0 && (type != open_type || pos == 0 || pos == 3)) {
      out->push_back({offset + open_begin, offset + i, static_cast<uint8_t>(open_type)});
      open_type = -1;
    }
    if (type < 0) continue;
    if (pos == 3) {
      out->push_back({offset + i, offset + i + 1, static_cast<uint8_t>(type)});
    } else if (open_type < 0) {
      open_type = type;
      open_begin = i;
    }
    if (pos == 2 && open_type >= 0) {
      out->push_back({offset + open_begin, offset + i + 1, static_cast<uint8_t>(open_type)});
      open_type = -1;
    }
  }
  if (open_type >= 0)
    out->push_back(
        {offset + open_begin, offset + static_cast<uint32_t>(cls.size()), static_cast<uint8_t>(open_type)});
}

std::string change_case(std::string_view t, bool upper) {
  std::string out;
  out.reserve(t.size());
  for (size_t i = 0; i < t.size();) {
    auto c = static_cast<unsigned char>(t[i]);
    if (c < 0x80) {
      out += static_cast<char>(upper ? (c >= 'a' && c <= 'z' ? c - 32 : c)
                                     : (c >= 'A' && c <= 'Z' ? c + 32 : c));
      ++i;
      continue;
    }
    int len = 1;
    char32_t cp = decode_utf8(t, i, &len);
    auto x = static_cast<utf8proc_int32_t>(cp);
    utf8proc_int32_t y = upper ? utf8proc_toupper(x) : utf8proc_tolower(x);
    utf8proc_uint8_t enc[4];
    auto n = utf8proc_encode_char(y, enc);
    if (n <= 0)
      out.append(t.substr(i, static_cast<size_t>(len)));
    else
      out.append(reinterpret_cast<const char*>(enc), static_cast<size_t>(n));
    i += static_cast<size_t>(len);
  }
  return out;
}

TrainDoc change_case(const TrainDoc& doc, bool upper) {
  TrainDoc d = doc;
  for (auto& t : d.tokens) t = change_case(t, upper);
  return d;
}

// ---- the model file ----
//
// Layout (little-endian, 8-byte aligned sections):
//   magic[8] "SRNER001" | u32 format | u32 classes | u32 n_slots | u32 n_rows | f32 scale | u32 0
//   f32 trans[(classes+1)*classes] f32 final[classes] (padded to 8)
//   u64 slots[n_slots]: (fingerprint:32 | row+1:32), 0 = empty; slot = hash & (n_slots-1), linear probing
//   i16 rows[n_rows][classes] (padded to 8)
//   format 2: u32 n_gaz | u32 n_filter | u32 gazetteer slots[n_gaz] (GazTable; n_gaz 0 = none), padded to 8 |
//             u64 filter[n_filter] (multi-word keys and prefixes)

namespace {
constexpr size_t kHeader = 32;
constexpr size_t kTransFloats = (kClasses + 1) * kClasses + kClasses;
size_t pad8(size_t x) { return (x + 7) & ~size_t(7); }
}  // namespace

std::unique_ptr<Model> Model::load(const std::string& path, std::string* error) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    *error = "cannot open " + path;
    return nullptr;
  }
  std::fseek(f, 0, SEEK_END);
  long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  std::unique_ptr<Model> m(new Model());
  if (size < static_cast<long>(kHeader)) {
    std::fclose(f);
    *error = path + ": too short for a tagger model";
    return nullptr;
  }
  m->image_.resize((static_cast<size_t>(size) + 7) / 8);
  size_t got = std::fread(m->image_.data(), 1, static_cast<size_t>(size), f);
  std::fclose(f);
  if (got != static_cast<size_t>(size)) {
    *error = path + ": short read";
    return nullptr;
  }
  m->image_.resize((static_cast<size_t>(size) + 7) / 8);
  if (!m->bind(error)) {
    *error = path + ": " + *error;
    return nullptr;
  }
  // A model for text without case beside it ("ner.bin" → "ner.caseless.bin"),
  // trained with case copies: documents in ALL CAPS or without capitals go to it.
  if (path.size() > 4 && path.ends_with(".bin") && !path.ends_with(".caseless.bin")) {
    std::string side = path.substr(0, path.size() - 4) + ".caseless.bin";
    if (FILE* g = std::fopen(side.c_str(), "rb")) {
      std::fclose(g);
      m->caseless_ = load(side, error);
      if (!m->caseless_) return nullptr;
    }
  }
  return m;
}

std::unique_ptr<Model> Model::from_bytes(std::vector<uint8_t> bytes, std::string* error) {
  std::unique_ptr<Model> m(new Model());
  m->image_.assign((bytes.size() + 7) / 8, 0);
  std::memcpy(m->image_.data(), bytes.data(), bytes.size());
  if (!m->bind(error)) return nullptr;
  return m;
}

bool Model::bind(std::string* error) {
  const auto* base = reinterpret_cast<const uint8_t*>(image_.data());
  size_t size = image_.size() * 8;
  if (size < kHeader || std::memcmp(base, kMagic, 8) != 0) {
    *error = "not a sitrep tagger model (bad magic)";
    return false;
  }
  uint32_t hdr[6];
  std::memcpy(hdr, base + 8, sizeof hdr);
  if ((hdr[0] != 1 && hdr[0] != kFormat) || hdr[1] != kClasses) {
    *error = "unsupported model format or class count";
    return false;
  }
  n_slots_ = hdr[2];
  n_rows_ = hdr[3];
  std::memcpy(&scale_, &hdr[4], 4);
  if (n_slots_ == 0 || (n_slots_ & (n_slots_ - 1)) != 0 || n_rows_ >= n_slots_) {
    *error = "bad table size";
    return false;
  }
  size_t off = kHeader;
  if (hdr[5] > 1) {
    *error = "unsupported model format or class count";
    return false;
  }
  const uint32_t readings = 1 + hdr[5];  // transitions for sentence case, then (optionally) for caseless text
  size_t trans_bytes = pad8(readings * kTransFloats * 4);
  size_t need = off + trans_bytes + size_t(n_slots_) * 8 + pad8(size_t(n_rows_) * kClasses * 2);
  if (need > size) {
    *error = "truncated model";
    return false;
  }
  trans_[0] = reinterpret_cast<const float*>(base + off);
  final_[0] = trans_[0] + (kClasses + 1) * kClasses;
  trans_[1] = readings > 1 ? trans_[0] + kTransFloats : trans_[0];
  final_[1] = trans_[1] + (kClasses + 1) * kClasses;
  off += trans_bytes;
  const auto* slots = reinterpret_cast<const uint64_t*>(base + off);
  off += size_t(n_slots_) * 8;
  const auto* rows = reinterpret_cast<const int16_t*>(base + off);
  off += pad8(size_t(n_rows_) * kClasses * 2);
  gaz_ = GazTable{};
  if (hdr[0] >= 2) {
    uint32_t n_gaz[2] = {};
    if (off + 8 <= size) std::memcpy(n_gaz, base + off, 8);
    const size_t filter_at = off + 8 + pad8(size_t(n_gaz[0]) * 4);
    if (filter_at + size_t(n_gaz[1]) * 8 > size || (n_gaz[0] & (n_gaz[0] - 1)) != 0 ||
        (n_gaz[1] != 0 && n_gaz[1] != GazTable::kFilterWords)) {
      *error = "truncated or bad gazetteer section";
      return false;
    }
    gaz_.assign(reinterpret_cast<const uint32_t*>(base + off + 8), n_gaz[0],
                reinterpret_cast<const uint64_t*>(base + filter_at), n_gaz[1]);
  }
  filter_.assign(kFilterBits / 64, 0);
  table_.assign(n_slots_, Entry{});
  for (uint32_t s = 0; s < n_slots_; ++s) {
    uint32_t r = static_cast<uint32_t>(slots[s]);
    if (r > n_rows_) {
      *error = "bad row index";
      return false;
    }
    if (slots[s] == 0) continue;
    if (r == 0) {
      *error = "bad row index";
      return false;
    }
    uint32_t fp = static_cast<uint32_t>(slots[s] >> 32);
    for (int k = 0; k < 2; ++k) filter_[filter_bit(fp, k) >> 6] |= uint64_t{1} << (filter_bit(fp, k) & 63);
    table_[s].fp = fp;
    std::memcpy(table_[s].w, rows + size_t(r - 1) * kClasses, sizeof table_[s].w);
  }
  static_assert(std::size(decltype(edge_){}[0]) == kNeighbours);
  for (int m = 0; m < 2; ++m)
    for (int r = 0; r < kNeighbours; ++r) {
      uint64_t edge = kNeighbourOffsets[r] < 0 ? kBos : kEos;
      for (uint64_t h :
           {neighbour_word(r, edge, m ? kCaseless : 0), neighbour_shape(r, edge, m ? kCaseless : 0)})
        if (const Entry* e = find(h))
          for (int c = 0; c < kClasses; ++c) edge_[m][r][c] += e->w[c];
    }
  return true;
}

uint64_t Model::new_generation() {
  static std::atomic<uint64_t> next{1};
  return next++;
}

const Model::Entry* Model::find(uint64_t h) const {
  uint32_t fp = fingerprint(h);
  if (!may_know(fp)) return nullptr;
  const uint32_t mask = n_slots_ - 1;
  for (uint32_t s = static_cast<uint32_t>(h) & mask;; s = (s + 1) & mask) {
    if (table_[s].fp == 0) return nullptr;
    if (table_[s].fp == fp) return &table_[s];
  }
}

namespace {

// What the tagger remembers of one token text (per thread), keyed by a hash
// of its bytes: its analysis (no affixes), the summed weights of its local
// features, of its capitals feature inside a sentence (flags_feature, not
// first, the sentence of mixed capitals), and of its neighbour features for
// each position it can hold beside another token (kNeighbourOffsets).
struct WordSums {
  uint64_t key = 0;   // 0: empty
  uint64_t used = 0;  // the cache's tick when last read or written
  TokInfo info;
  int32_t own[kClasses];
  int32_t flags[kClasses];
  int32_t beside[kNeighbours][kClasses];
};
constexpr int32_t kZeroRow[kClasses] = {};
// Two ways per set (a text evicts the one used longer ago): a news report's
// vocabulary misses it on ~11% of tokens, against ~15% for one way.
struct WordCache {
  static constexpr size_t kSets = 4096;
  uint64_t generation = 0;
  uint64_t tick = 0;
  std::array<WordSums, 2 * kSets> e;
  WordSums* set(uint64_t key) { return &e[((key ^ (key >> 29)) & (kSets - 1)) * 2]; }
  void prefetch(uint64_t key) {
    __builtin_prefetch(set(key));
    __builtin_prefetch(set(key) + 1);
  }
  // The text's remembered sums, or null.
  const WordSums* find(uint64_t key) {
    WordSums* s = set(key);
    for (int w = 0; w < 2; ++w)
      if (s[w].key == key) return s[w].used = ++tick, &s[w];
    return nullptr;
  }
  // Where to remember the text: its own way, else the one used longer ago.
  WordSums& victim(uint64_t key) {
    WordSums* s = set(key);
    WordSums& w = s[1].key == key || (s[0].key != key && s[1].used < s[0].used) ? s[1] : s[0];
    w.used = ++tick;
    return w;
  }
};

uint64_t text_key(std::string_view t) {
  uint64_t h = splitmix64_mix(t.size() + 0x9e3779b97f4a7c15ULL);
  size_t i = 0;
  for (; i + 8 <= t.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, t.data() + i, 8);
    h = combine(h, w);
  }
  uint64_t w = 0;
  std::memcpy(&w, t.data() + i, t.size() - i);
  return combine(h, w) | 1;
}

// The per-thread text cache of the model with this generation (emptied when
// the thread last tagged with another model).
WordCache& word_cache(uint64_t generation) {
  struct FreeCache {
    void operator()(WordCache* c) const {
      c->~WordCache();
      huge_free(c, sizeof(WordCache));
    }
  };
  thread_local std::unique_ptr<WordCache, FreeCache> cache_owner;
  if (!cache_owner) cache_owner.reset(new (huge_alloc(sizeof(WordCache))) WordCache());
  WordCache& cache = *cache_owner;
  if (cache.generation != generation) {
    cache.e.fill(WordSums{});
    cache.generation = generation;
  }
  return cache;
}

// A sentence's emission scores (emit: n × kClasses) from its sums: token
// i's context row ctx + i × kClasses, its own row own[i], its capitals row
// flags[i] (kZeroRow when the context row has that feature), and the position
// rows of its neighbours at kNeighbourOffsets (beside[j] + r × kClasses for
// neighbour j at offset r; edge[mixed or caseless][r] past a sentence end).
// Built for AVX2 too: integer sums, one conversion and one product per
// class, the same in any instruction set. A free function, like viterbi:
// clang 14 compiles the body of a target_clones member function with
// internal linkage (declared in its class, defined outside) with every
// parameter but `this` read as a null pointer (the fuzz build's crash).
SITREP_AVX2_CLONE void emission_sums(const TokInfo* ti, int n, const int32_t* ctx, const int32_t* const* own,
                                     const int32_t* const* flags, const int32_t* const* beside,
                                     const int32_t (*edge)[kNeighbours][kClasses], float scale, float* emit) {
  static_assert(kNeighbours == 4);
  for (int i = 0; i < n; ++i) {
    const int32_t* nb[kNeighbours];
    for (int r = 0; r < kNeighbours; ++r) {
      int j = i + kNeighbourOffsets[r];
      nb[r] = j < 0 || j >= n ? edge[ti[i].tmpl ? 1 : 0][r] : beside[j] + r * kClasses;
    }
    const int32_t *mine = own[i], *fl = flags[i], *row = ctx + size_t(i) * kClasses;
    const int32_t *n0 = nb[0], *n1 = nb[1], *n2 = nb[2], *n3 = nb[3];
    float* out = emit + i * kClasses;
    for (int c = 0; c < kClasses; ++c)
      out[c] = static_cast<float>(row[c] + mine[c] + fl[c] + n0[c] + n1[c] + n2[c] + n3[c]) * scale;
  }
}

}  // namespace

// One tag() call: the analyser and scorer decode_document drives, sentence
// by sentence. A token's score is its text's sums (remembered, or probed and
// then remembered), its neighbours' sums for their positions, and its context
// features. Probes of a sentence go in one list, looked up in order with the
// entry kDistance ahead prefetched, so cache misses overlap. Weights are int16
// and a token has ≤ kMaxFeatures of them, so every partial sum is an integer
// below 2^24: summing in int32 in any order gives exactly the float sum of the
// features' weights.
class Model::Tagger {
 public:
  // One per thread, reused by every tag() call there (its buffers grow to
  // the longest sentence seen and stay).
  static Tagger& for_thread(const Model& m, const TagInput& doc) {
    thread_local Tagger t;
    t.m_ = &m, t.doc_ = &doc, t.cache_ = &word_cache(m.generation_);
    return t;
  }

  // Analysis: a remembered text's is copied; the others are hashed with
  // their affixes (the scorer probes their local features).
  void analyse_sentence(uint32_t first, int n, bool caseless, TokInfo* out);
  // Fills emit (n × kClasses) for a sentence analyse_sentence saw last.
  void score_sentence(const Sentence& s, float* emit);

 private:
  static constexpr size_t kDistance = 12;
  // Rows: one per token for its context features, then per missed text one
  // for its own sums, one for its capitals feature inside a sentence and
  // kNeighbours for its position sums (the layout of WordSums).
  static constexpr size_t kMissRows = 2 + kNeighbours;
  struct Probe {
    uint64_t h;
    uint32_t row;  // accumulator row
  };
  // Every feature is written, and kept when the filter may know it: no
  // branch on the filter's (unpredictable) answer.
  void probe(uint64_t h, size_t row) {
    probes_[n_probes_] = {h, static_cast<uint32_t>(row)};
    n_probes_ += m_->may_know_bit(fingerprint(h));
  }
  void collect_probes(const Sentence& s);
  void probe_text(const TokInfo& t, size_t row, uint64_t* f);
  SITREP_AVX2_CLONE static void add_weights(const Entry* table, uint32_t mask, const Probe* probes, size_t n,
                                            int32_t* acc);
  void sum_probes();
  void emit_scores(const Sentence& s, float* emit) const;
  void remember(const Sentence& s);

  const Model* m_ = nullptr;
  const TagInput* doc_ = nullptr;
  WordCache* cache_ = nullptr;
  std::vector<Probe> probes_;
  size_t n_probes_ = 0;
  int n_ = 0;  // tokens of the sentence being scored
  std::vector<int32_t> acc_;
  std::vector<uint64_t> keys_;          // per token of the sentence
  std::vector<uint64_t> gaz_keys_;      // per token: its gazetteer key (GazTable::single_key), 0 none
  std::vector<const WordSums*> known_;  // per token of the sentence: its remembered text, or null
  std::vector<const int32_t*> own_, flags_, beside_;  // per token: own sums; capitals row; position sums
  std::vector<uint32_t> misses_;                      // tokens of the sentence whose text was not remembered
};

void Model::Tagger::analyse_sentence(uint32_t first, int n, bool caseless, TokInfo* out) {
  if (keys_.size() < size_t(n))
    keys_.resize(size_t(n)), gaz_keys_.resize(size_t(n)), known_.resize(size_t(n));
  for (int i = 0; i < n; ++i) {  // start fetching the cache entries
    keys_[i] = text_key(doc_->tokens[first + i]) ^ (caseless ? 0x6A09E667F3BCC908ULL : 0);
    cache_->prefetch(keys_[i]);
  }
  const GazTable& gaz_table = m_->gaz_;
  const bool gaz = !gaz_table.empty();
  for (int i = 0; i < n; ++i) {
    if (const WordSums* c = cache_->find(keys_[i])) {
      out[i] = c->info;
      known_[i] = c;
    } else {
      known_[i] = nullptr;
      gaz_keys_[i] = 0;
      analyse(doc_->tokens[first + i], caseless, &out[i]);
      if (gaz) {  // the gazetteer slot: fetched now, read below
        out[i].gw = token_words(doc_->tokens[first + i]);
        gaz_keys_[i] = GazTable::single_key(out[i].gw);
        if (gaz_keys_[i]) gaz_table.prefetch(gaz_keys_[i]);
      }
    }
  }
  if (gaz)
    for (int i = 0; i < n; ++i)
      if (!known_[i] && gaz_keys_[i]) out[i].gself = gaz_table.find(gaz_keys_[i]);
}

void Model::Tagger::score_sentence(const Sentence& s, float* emit) {
  collect_probes(s);
  sum_probes();
  emit_scores(s, emit);
  remember(s);  // only now: a slot may serve an earlier token
}

// The probes of a sentence's tokens: the local and neighbour features of the
// texts not remembered, and every token's context features.
void Model::Tagger::collect_probes(const Sentence& s) {
  const int n = n_ = s.n;
  if (probes_.size() < size_t(n) * kMaxFeatures) probes_.resize(size_t(n) * kMaxFeatures);
  n_probes_ = 0;
  misses_.clear();
  if (own_.size() < size_t(n))  // every token's set below
    own_.resize(size_t(n)), flags_.resize(size_t(n)), beside_.resize(size_t(n));
  uint64_t f[kMaxFeatures];
  for (int i = 0; i < n; ++i) {
    const TokInfo& t = s.ti[i];
    if (known_[i]) {
      own_[i] = known_[i]->own;
      flags_[i] = known_[i]->flags;
      beside_[i] = known_[i]->beside[0];
    } else {
      probe_text(t, size_t(n) + misses_.size() * kMissRows, f);
      misses_.push_back(static_cast<uint32_t>(i));
      flags_[i] = nullptr;  // its row, set by sum_probes
    }
    // The capitals feature is the remembered one inside a sentence of mixed capitals.
    const bool plain_flags = i > 0 && !s.caps;
    if (!plain_flags) flags_[i] = kZeroRow;
    int k = context_features(s.ti, n, i, s.caps, f, !plain_flags);
    if (s.doc_feature[i]) f[k++] = s.doc_feature[i];
    for (int j = 0; j < k; ++j) probe(f[j], size_t(i));
  }
  acc_.assign((size_t(n) + misses_.size() * kMissRows) * kClasses, 0);
}

// The probes of a text not remembered, its rows from `row` on (kMissRows):
// local features, the capitals feature inside a sentence, neighbour features.
void Model::Tagger::probe_text(const TokInfo& t, size_t row, uint64_t* f) {
  int k = local_features(t, f);
  for (int j = 0; j < k; ++j) probe(f[j], row);
  probe(flags_feature(t, 1, false), row + 1);
  for (int r = 0; r < kNeighbours; ++r) {
    probe(neighbour_word(r, t.lower, t.tmpl), row + 2 + r);
    probe(neighbour_shape(r, t.shape, t.tmpl), row + 2 + r);
  }
}

// Adds each known feature's weights to its row (built for AVX2 too, like
// viterbi: integer sums, the same in any instruction set).
SITREP_AVX2_CLONE void Model::Tagger::add_weights(const Entry* table, uint32_t mask, const Probe* probes,
                                                  size_t n, int32_t* acc) {
  for (size_t k = 0; k < kDistance && k < n; ++k)
    __builtin_prefetch(&table[static_cast<uint32_t>(probes[k].h) & mask]);
  for (size_t k = 0; k < n; ++k) {
    if (k + kDistance < n) __builtin_prefetch(&table[static_cast<uint32_t>(probes[k + kDistance].h) & mask]);
    uint64_t h = probes[k].h;
    uint32_t fp = fingerprint(h);
    for (uint32_t slot = static_cast<uint32_t>(h) & mask;; slot = (slot + 1) & mask) {
      const Entry& e = table[slot];
      if (e.fp == 0) break;
      if (e.fp == fp) {
        int32_t* a = acc + size_t(probes[k].row) * kClasses;
        for (int c = 0; c < kClasses; ++c) a[c] += e.w[c];
        break;
      }
    }
  }
}

void Model::Tagger::sum_probes() {
  add_weights(m_->table_.data(), m_->n_slots_ - 1, probes_.data(), n_probes_, acc_.data());
  for (size_t m = 0; m < misses_.size(); ++m) {
    const int32_t* rows = acc_.data() + (size_t(n_) + m * kMissRows) * kClasses;
    own_[misses_[m]] = rows;
    if (!flags_[misses_[m]]) flags_[misses_[m]] = rows + kClasses;
    beside_[misses_[m]] = rows + 2 * kClasses;
  }
}

// A token's scores: context + own + its neighbours' position sums (a
// sentence edge's beyond the sentence), summed by emission_sums.
void Model::Tagger::emit_scores(const Sentence& s, float* emit) const {
  emission_sums(s.ti, s.n, acc_.data(), own_.data(), flags_.data(), beside_.data(), m_->edge_, m_->scale_,
                emit);
}

// Remembers the sentence's new texts: analysis (without affixes) and sums.
void Model::Tagger::remember(const Sentence& s) {
  for (size_t m = 0; m < misses_.size(); ++m) {
    uint32_t i = misses_[m];
    WordSums& slot = cache_->victim(keys_[i]);
    slot.key = keys_[i];
    slot.info = s.ti[i];
    for (int a = 0; a < 4; ++a) slot.info.pre[a] = slot.info.suf[a] = 0;  // analysed without affixes
    const int32_t* rows = acc_.data() + (size_t(s.n) + m * kMissRows) * kClasses;
    std::copy(rows, rows + kClasses, slot.own);
    std::copy(rows + kClasses, rows + 2 * kClasses, slot.flags);
    std::copy(rows + 2 * kClasses, rows + kMissRows * kClasses, slot.beside[0]);
  }
}

std::vector<NerSpan> Model::tag(const TagInput& doc) const {
  const bool caseless = case_mode(doc.tokens) != kMixedCase;
  if (caseless && caseless_) return caseless_->tag(doc);
  std::vector<NerSpan> spans;
  Tagger& t = Tagger::for_thread(*this, doc);
  auto analyser = [&](uint32_t first, int n, bool cl, TokInfo* out) {
    t.analyse_sentence(first, n, cl, out);
  };
  auto scorer = [&](const Sentence& s, float* emit) { t.score_sentence(s, emit); };
  decode_document(doc, caseless, &gaz_, analyser, scorer, trans_, final_, nullptr, &spans);
  return spans;
}

// ---- training ----

namespace {

struct Uniform {
  uint64_t s;
  uint64_t next() { return splitmix64_mix(s += 0x9e3779b97f4a7c15ULL); }
  uint64_t below(uint64_t n) { return next() % n; }
};

void gold_classes(const TrainDoc& d, std::vector<uint8_t>* cls) {
  cls->assign(d.tokens.size(), 0);
  for (const auto& s : d.gold) {
    if (s.end <= s.begin || s.end > d.tokens.size()) continue;
    int base = 1 + 4 * s.type;
    if (s.end - s.begin == 1) {
      (*cls)[s.begin] = static_cast<uint8_t>(base + 3);
      continue;
    }
    (*cls)[s.begin] = static_cast<uint8_t>(base);
    for (uint32_t t = s.begin + 1; t + 1 < s.end; ++t) (*cls)[t] = static_cast<uint8_t>(base + 1);
    (*cls)[s.end - 1] = static_cast<uint8_t>(base + 2);
  }
}

struct Prepared {
  std::vector<std::vector<std::string_view>> views;  // per doc
  std::vector<std::vector<uint8_t>> gold;            // per doc
};

Prepared prepare(const std::vector<TrainDoc>& docs) {
  Prepared p;
  for (const auto& d : docs) {
    p.views.emplace_back(d.tokens.begin(), d.tokens.end());
    p.gold.emplace_back();
    gold_classes(d, &p.gold.back());
  }
  return p;
}

struct Counts {
  size_t tp[kTypes] = {}, fp[kTypes] = {}, fn[kTypes] = {};
  double f1() const {
    size_t t = 0, p = 0, n = 0;
    for (int i = 0; i < kTypes; ++i) t += tp[i], p += fp[i], n += fn[i];
    double pr = t + p ? double(t) / double(t + p) : 0, rc = t + n ? double(t) / double(t + n) : 0;
    return pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0;
  }
};

void count(const std::vector<NerSpan>& gold, const std::vector<NerSpan>& pred, Counts* c) {
  size_t i = 0, hits[kTypes] = {};
  for (const auto& p : pred) {
    while (i < gold.size() && gold[i].begin < p.begin) ++i;
    bool hit = false;
    for (size_t j = i; j < gold.size() && gold[j].begin == p.begin; ++j)
      if (gold[j] == p) hit = true;
    if (hit)
      ++c->tp[p.type], ++hits[p.type];
    else
      ++c->fp[p.type];
  }
  for (const auto& g : gold) ++c->fn[g.type];
  for (int t = 0; t < kTypes; ++t) c->fn[t] -= hits[t];
}

}  // namespace

class Trainer {
 public:
  static std::vector<uint8_t> image(const std::unordered_map<uint64_t, uint32_t>& index,
                                    const std::vector<float>& w, const float* trans,
                                    const float* caseless_trans, float prune, const GazTable& gaz,
                                    size_t* kept);
};

std::vector<uint8_t> Trainer::image(const std::unordered_map<uint64_t, uint32_t>& index,
                                    const std::vector<float>& w, const float* trans,
                                    const float* caseless_trans, float prune, const GazTable& gaz,
                                    size_t* kept) {
  // Keep rows whose largest |weight| reaches the threshold; sort by hash so the
  // file does not depend on the hash map's iteration order.
  std::vector<std::pair<uint64_t, uint32_t>> rows;
  float maxabs = 0;
  for (const auto& [h, r] : index) {
    float m = 0;
    for (int c = 0; c < kClasses; ++c) m = std::max(m, std::fabs(w[size_t(r) * kClasses + c]));
    if (m > 0 && m >= prune) {
      rows.emplace_back(h, r);
      maxabs = std::max(maxabs, m);
    }
  }
  std::sort(rows.begin(), rows.end());
  *kept = rows.size();
  uint32_t n_slots = 16;
  while (n_slots < rows.size() * 10 / 7 + 1) n_slots <<= 1;
  float scale = maxabs > 0 ? maxabs / 32767.0f : 1.0f;
  const uint32_t readings = caseless_trans ? 2 : 1;
  size_t trans_bytes = pad8(readings * kTransFloats * 4);
  size_t size = kHeader + trans_bytes + size_t(n_slots) * 8 + pad8(rows.size() * kClasses * 2);
  const size_t gaz_at = size;
  size += 8 + pad8(gaz.slots().size() * 4) + gaz.filter().size() * 8;
  std::vector<uint8_t> out(size, 0);
  const uint32_t n_gaz[2] = {static_cast<uint32_t>(gaz.slots().size()),
                             static_cast<uint32_t>(gaz.filter().size())};
  std::memcpy(out.data() + gaz_at, n_gaz, 8);
  if (n_gaz[0]) std::memcpy(out.data() + gaz_at + 8, gaz.slots().data(), size_t(n_gaz[0]) * 4);
  if (n_gaz[1])
    std::memcpy(out.data() + gaz_at + 8 + pad8(size_t(n_gaz[0]) * 4), gaz.filter().data(),
                size_t(n_gaz[1]) * 8);
  std::memcpy(out.data(), kMagic, 8);
  uint32_t hdr[6] = {kFormat, kClasses, n_slots, static_cast<uint32_t>(rows.size()), 0, readings - 1};
  std::memcpy(&hdr[4], &scale, 4);
  std::memcpy(out.data() + 8, hdr, sizeof hdr);
  std::memcpy(out.data() + kHeader, trans, kTransFloats * 4);
  if (caseless_trans) std::memcpy(out.data() + kHeader + kTransFloats * 4, caseless_trans, kTransFloats * 4);
  auto* slots = reinterpret_cast<uint64_t*>(out.data() + kHeader + trans_bytes);
  auto* data = reinterpret_cast<int16_t*>(out.data() + kHeader + trans_bytes + size_t(n_slots) * 8);
  for (size_t i = 0; i < rows.size(); ++i) {
    uint64_t h = rows[i].first;
    uint32_t fp = static_cast<uint32_t>(h >> 32) | 1u;
    uint32_t s = static_cast<uint32_t>(h) & (n_slots - 1);
    while (slots[s] != 0) s = (s + 1) & (n_slots - 1);
    slots[s] = (uint64_t(fp) << 32) | (i + 1);
    for (int c = 0; c < kClasses; ++c) {
      float v = std::round(w[size_t(rows[i].second) * kClasses + c] / scale);
      data[i * kClasses + c] = static_cast<int16_t>(std::clamp(v, -32767.0f, 32767.0f));
    }
  }
  return out;
}

namespace {

// One trained reading: the feature rows, the averaged weights of the best
// epoch on the development set, and its transitions.
struct Trained {
  std::unordered_map<uint64_t, uint32_t> index;
  std::vector<float> w, t;
};

Trained train_one(const std::vector<TrainDoc>& train_docs, const std::vector<TrainDoc>& dev_docs,
                  const TrainOptions& opt, const GazTable* gaz, TrainReport* report) {
  Prepared tr = prepare(train_docs), dv = prepare(dev_docs);
  // Map every static feature of the training set to a row.
  Trained result;
  auto& index = result.index;
  index.reserve(1 << 21);
  std::vector<std::vector<uint32_t>> feat_rows(train_docs.size());  // per doc: kMaxFeatures per token
  std::vector<std::vector<uint8_t>> feat_count(train_docs.size());
  auto row_of = [&](uint64_t h) {
    auto [it, inserted] = index.emplace(h, static_cast<uint32_t>(index.size()));
    return it->second;
  };
  for (int t = 0; t < kTypes; ++t)
    for (int c = 0; c < 3; ++c) row_of(doc_feature(t, c));
  std::vector<uint64_t> buf;
  std::vector<uint8_t> cnt;
  for (size_t d = 0; d < train_docs.size(); ++d) {
    const auto& doc = train_docs[d];
    const CaseMode mode = case_mode(tr.views[d]);
    feat_rows[d].assign(doc.tokens.size() * kMaxFeatures, 0);
    feat_count[d].assign(doc.tokens.size(), 0);
    uint32_t b = 0;
    for (uint32_t e : doc.sentence_ends) {
      size_t n = e - b;
      buf.assign(n * kMaxFeatures, 0);
      cnt.assign(n, 0);
      sentence_features(std::span<const std::string_view>(tr.views[d].data() + b, n), mode, gaz, buf.data(),
                        cnt.data());
      for (size_t i = 0; i < n; ++i) {
        feat_count[d][b + i] = cnt[i];
        for (int k = 0; k < cnt[i]; ++k)
          feat_rows[d][(b + i) * kMaxFeatures + k] = row_of(buf[i * kMaxFeatures + k]);
      }
      b = e;
    }
  }
  size_t n_rows = index.size();
  report->features_seen = n_rows;
  std::vector<float> w(n_rows * kClasses, 0.0f), best;
  std::vector<double> u(n_rows * kClasses, 0.0);
  std::vector<float> wt(kTransFloats, 0.0f), best_t(kTransFloats, 0.0f);
  std::vector<double> ut(kTransFloats, 0.0);
  double c = 1;

  auto averaged = [&](std::vector<float>* aw, std::vector<float>* at) {
    aw->resize(w.size());
    for (size_t i = 0; i < w.size(); ++i) (*aw)[i] = static_cast<float>(w[i] - u[i] / c);
    at->resize(wt.size());
    for (size_t i = 0; i < wt.size(); ++i) (*at)[i] = static_cast<float>(wt[i] - ut[i] / c);
  };

  // Decodes a dev document with dense weights (features looked up in index).
  auto eval_dev = [&](const std::vector<float>& aw, const std::vector<float>& at) {
    Counts cts;
    for (size_t d = 0; d < dev_docs.size(); ++d) {
      TagInput in{dv.views[d], dev_docs[d].sentence_ends};
      auto scorer = [&](const uint64_t* f, int k, uint32_t, float* sc) {
        for (int j = 0; j < k; ++j) {
          auto it = index.find(f[j]);
          if (it == index.end()) continue;
          const float* row = aw.data() + size_t(it->second) * kClasses;
          for (int cc = 0; cc < kClasses; ++cc) sc[cc] += row[cc];
        }
      };
      std::vector<NerSpan> spans;
      const float* t2[2] = {at.data(), at.data()};
      const float* f2[2] = {at.data() + (kClasses + 1) * kClasses, at.data() + (kClasses + 1) * kClasses};
      decode_document(in, case_mode(in.tokens) != kMixedCase, gaz, AnalyseAll{in, gaz}, PerToken{scorer}, t2,
                      f2, nullptr, &spans);
      count(dev_docs[d].gold, spans, &cts);
    }
    return cts.f1();
  };

  std::vector<size_t> order(train_docs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  Uniform rng{opt.seed};
  std::vector<float> avg_w, avg_t;
  for (int epoch = 1; epoch <= opt.epochs; ++epoch) {
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
    size_t errors = 0;
    for (size_t oi : order) {
      const auto& doc = train_docs[oi];
      const auto& gold = tr.gold[oi];
      const uint32_t* frows = feat_rows[oi].data();
      const uint8_t* fcnt = feat_count[oi].data();
      // The document feature's row per token, as decode_document saw it.
      std::vector<int32_t> doc_row(doc.tokens.size(), -1);
      TagInput in{tr.views[oi], doc.sentence_ends};
      auto scorer = [&](const uint64_t* f, int k, uint32_t tok, float* sc) {
        const uint32_t* r = frows + size_t(tok) * kMaxFeatures;
        for (int j = 0; j < fcnt[tok]; ++j) {
          const float* row = w.data() + size_t(r[j]) * kClasses;
          for (int cc = 0; cc < kClasses; ++cc) sc[cc] += row[cc];
        }
        if (k > fcnt[tok]) {  // the document feature is last
          uint32_t dr = index.at(f[k - 1]);
          doc_row[tok] = static_cast<int32_t>(dr);
          const float* row = w.data() + size_t(dr) * kClasses;
          for (int cc = 0; cc < kClasses; ++cc) sc[cc] += row[cc];
        }
      };
      // Decode the whole document with the current weights, then update per
      // sentence where the prediction differs (the document feature uses the
      // model's own earlier predictions, as at tagging time).
      std::vector<uint8_t> pred;
      std::vector<NerSpan> spans;
      const float* t2[2] = {wt.data(), wt.data()};
      const float* f2[2] = {wt.data() + (kClasses + 1) * kClasses, wt.data() + (kClasses + 1) * kClasses};
      decode_document(in, case_mode(in.tokens) != kMixedCase, gaz, AnalyseAll{in, gaz}, PerToken{scorer}, t2,
                      f2, &pred, &spans);
      uint32_t b = 0;
      for (uint32_t e : doc.sentence_ends) {
        bool diff = false;
        for (uint32_t i = b; i < e; ++i) diff |= pred[i] != gold[i];
        if (diff) {
          ++errors;
          auto upd = [&](size_t idx_w, bool is_trans, float delta) {
            if (is_trans) {
              wt[idx_w] += delta;
              ut[idx_w] += c * delta;
            } else {
              w[idx_w] += delta;
              u[idx_w] += c * delta;
            }
          };
          for (uint32_t i = b; i < e; ++i) {
            int g = gold[i], p = pred[i];
            int gp = i == b ? kClasses : gold[i - 1], pp = i == b ? kClasses : pred[i - 1];
            if (g != p) {
              const uint32_t* r = frows + size_t(i) * kMaxFeatures;
              for (int j = 0; j < fcnt[i]; ++j) {
                upd(size_t(r[j]) * kClasses + g, false, 1);
                upd(size_t(r[j]) * kClasses + p, false, -1);
              }
              if (doc_row[i] >= 0) {
                upd(size_t(doc_row[i]) * kClasses + g, false, 1);
                upd(size_t(doc_row[i]) * kClasses + p, false, -1);
              }
            }
            if (g != p || gp != pp) {
              upd(size_t(gp) * kClasses + g, true, 1);
              upd(size_t(pp) * kClasses + p, true, -1);
            }
          }
          if (e > b && gold[e - 1] != pred[e - 1]) {
            upd((kClasses + 1) * kClasses + gold[e - 1], true, 1);
            upd((kClasses + 1) * kClasses + pred[e - 1], true, -1);
          }
        }
        c += 1;
        b = e;
      }
    }
    averaged(&avg_w, &avg_t);
    double f1 = eval_dev(avg_w, avg_t);
    report->dev_f1.push_back(f1);
    if (opt.verbose) std::fprintf(stderr, "epoch %d: %zu sentence errors, dev F1 %.4f\n", epoch, errors, f1);
    if (f1 > report->best_dev_f1 || epoch == 1) {
      report->best_dev_f1 = f1;
      report->best_epoch = epoch;
      best.swap(avg_w);
      best_t = avg_t;
    }
  }
  if (best.empty()) {
    best.assign(n_rows * kClasses, 0.0f);
  }
  result.w.swap(best);
  result.t.swap(best_t);
  return result;
}

}  // namespace

std::vector<uint8_t> train(const std::vector<TrainDoc>& train_docs, const std::vector<TrainDoc>& dev_docs,
                           const TrainOptions& opt, TrainReport* report) {
  GazTable gaz;
  if (!opt.lexicon_path.empty()) {
    std::string err;
    if (!gaz.build(opt.lexicon_path, opt.cues_path, &err)) {
      std::fprintf(stderr, "train ner: no gazetteer features: %s\n", err.c_str());
      return {};
    }
    report->gazetteer_keys = gaz.keys();
  }
  if (opt.caseless_only) {
    // Only the caseless reading (a sibling model that tags caseless documents).
    std::vector<TrainDoc> low_train, low_dev;
    for (const auto& d : train_docs) low_train.push_back(change_case(d, false));
    for (const auto& d : dev_docs) low_dev.push_back(change_case(d, false));
    Trained low = train_one(low_train, low_dev, opt, &gaz, report);
    report->caseless_best_epoch = report->best_epoch;
    report->caseless_dev_f1 = report->best_dev_f1;
    return Trainer::image(low.index, low.w, low.t.data(), low.t.data(), opt.prune, gaz,
                          &report->features_kept);
  }
  Trained cased = train_one(train_docs, dev_docs, opt, &gaz, report);
  if (!opt.case_copies)
    return Trainer::image(cased.index, cased.w, cased.t.data(), nullptr, opt.prune, gaz,
                          &report->features_kept);
  // The caseless reading: the same documents lower-cased train its own
  // templates and transitions (ALL CAPS text is read folded, so this copy
  // serves it too), with its own best epoch; sentence-case weights stay
  // exactly those trained on the text as written.
  std::vector<TrainDoc> low_train, low_dev;
  for (const auto& d : train_docs) low_train.push_back(change_case(d, false));
  for (const auto& d : dev_docs) low_dev.push_back(change_case(d, false));
  TrainReport low_report;
  Trained low = train_one(low_train, low_dev, opt, &gaz, &low_report);
  report->caseless_best_epoch = low_report.best_epoch;
  report->caseless_dev_f1 = low_report.best_dev_f1;
  report->features_seen += low_report.features_seen;
  // Every caseless feature the first run saw (documents in ALL CAPS, read
  // folded) the second saw too, from the same document lower-cased: its
  // weights replace them.
  for (const auto& [h, r] : low.index) {
    const float* lw = low.w.data() + size_t(r) * kClasses;
    // Rows never updated are left out, and the caseless reading is pruned
    // three times harder (its F1 barely moves; the file stays small).
    float m = 0;
    for (int c = 0; c < kClasses; ++c) m = std::max(m, std::fabs(lw[c]));
    if (m == 0 || m < 3 * opt.prune) continue;
    auto [it, inserted] = cased.index.emplace(h, static_cast<uint32_t>(cased.index.size()));
    if (inserted) cased.w.resize(cased.w.size() + kClasses, 0.0f);
    for (int c = 0; c < kClasses; ++c) cased.w[size_t(it->second) * kClasses + c] = lw[c];
  }
  return Trainer::image(cased.index, cased.w, cased.t.data(), low.t.data(), opt.prune, gaz,
                        &report->features_kept);
}

}  // namespace sitrep::ner
