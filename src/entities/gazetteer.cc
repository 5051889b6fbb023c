#include "entities/gazetteer.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/hash.h"
#include "lexicon/lexicon.h"
#include "lexicon/normalize.h"

namespace sitrep::ner {

namespace {

uint64_t word_hash(std::string_view w) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : w) h = (h ^ c) * 0x100000001b3ULL;
  return splitmix64_mix(h);
}

// Towns smaller than this add no feature (by an alternate name: the larger
// bound): the table stays small, and small towns' names are mostly other
// words too.
constexpr uint64_t kMinTownPopulation = 15000, kMinTownPopulationAlt = 100000;

// Calls f(word) for each folded word of `folded` (space-separated) that is
// no particle.
template <class F>
void each_word(std::string_view folded, F&& f) {
  size_t a = 0;
  while (a < folded.size()) {
    size_t b = folded.find(' ', a);
    if (b == std::string_view::npos) b = folded.size();
    std::string_view w = folded.substr(a, b - a);
    if (!w.empty() && !lex::is_particle(w)) f(w);
    a = b + 1;
  }
}

uint32_t entry_bits(const LexEntry& e, std::string_view extra, bool alt) {
  switch (e.kind) {
    case LexKind::Country:
      return kGazCountry;
    case LexKind::Admin1:
    case LexKind::Admin2:
      return kGazAdmin;
    case LexKind::City:
      return e.population >= (alt ? kMinTownPopulationAlt : kMinTownPopulation) || (e.flags & kLexCapital)
                 ? uint32_t{kGazTown}
                 : 0u;
    case LexKind::Area:
      return kGazArea;
    case LexKind::Demonym:
      return kGazDemonym;
    case LexKind::Actor:
      return extra == "PERSON"  ? uint32_t{kGazPerson}
             : extra == "ORG"   ? uint32_t{kGazOrg}
             : extra == "GROUP" ? uint32_t{kGazGroup}
                                : 0u;
  }
  return 0;
}

}  // namespace

TokenWords token_words(std::string_view token) {
  TokenWords out;
  thread_local std::string folded;
  folded.resize(token.size());
  int words = 0;
  int n = token.empty() ? 0 : lex::fold_ascii_words(token, folded.data(), &words);
  if (n < 0) {
    folded.clear();
    lex::fold_words(token, folded);
    n = static_cast<int>(folded.size());
  }
  each_word(std::string_view(folded.data(), static_cast<size_t>(n)), [&](std::string_view w) {
    if (out.n < kMaxTokenWords)
      out.w[out.n++] = word_hash(w);
    else
      out.overflow = true;
  });
  return out;
}

uint64_t gaz_extend(uint64_t key, uint64_t word) {
  return splitmix64_mix(key ^ (word * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL));
}

void GazTable::insert(uint64_t key, uint32_t bits) {
  const uint64_t mask = slots_.size() - 1;
  const uint32_t fp = fingerprint(key);
  for (uint64_t s = key & mask;; s = (s + 1) & mask) {
    if (slots_[s] == 0) {
      slots_[s] = fp << 16 | bits;
      ++keys_;
      return;
    }
    if (slots_[s] >> 16 == fp) {
      slots_[s] |= bits;
      return;
    }
  }
}

uint32_t GazTable::find(uint64_t key) const {
  if (slots_.empty()) return 0;
  const uint64_t mask = slots_.size() - 1;
  const uint32_t fp = fingerprint(key);
  for (uint64_t s = key & mask;; s = (s + 1) & mask) {
    if (slots_[s] == 0) return 0;
    if (slots_[s] >> 16 == fp) return slots_[s] & 0xffff;
  }
}

uint32_t GazTable::single(const TokenWords& w) const {
  if (w.n == 0 || w.overflow || slots_.empty()) return 0;
  return find(single_key(w));  // a cue word's class is on its own key
}

uint32_t GazTable::cue(const TokenWords& w) const {
  if (w.n != 1 || slots_.empty()) return 0;
  return find(gaz_extend(kGazStart, w.w[0])) & (15u << kGazCueShift);
}

void GazTable::assign(const uint32_t* slots, uint32_t n, const uint64_t* filter, uint32_t filter_words) {
  slots_.assign(slots, slots + n);
  filter_.assign(filter, filter + filter_words);
  keys_ = 0;
  for (uint32_t s : slots_) keys_ += s != 0;
}

bool GazTable::build(const std::string& lexicon_path, const std::string& cues_path, std::string* error) {
  std::ifstream lf(lexicon_path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(lf)), std::istreambuf_iterator<char>());
  auto lex = Lexicon::from_bytes(bytes, error);  // checks the file
  if (!lex) return false;
  LexHeader h;
  std::memcpy(&h, bytes.data(), sizeof h);
  const auto* slots = reinterpret_cast<const LexSlot*>(bytes.data() + h.off_slots);
  // Keys (word hashes) and their bits, then the table sized for them.
  std::vector<std::pair<uint64_t, uint32_t>> keys;
  std::vector<uint64_t> multi;  // hashes of two words or more (the filter)
  std::string folded;
  for (uint32_t s = 0; s < h.n_slots; ++s) {
    const LexSlot& slot = slots[s];
    if (slot.hash == 0 || slot.post_count == 0) continue;
    uint32_t bits = 0;
    const uint32_t* post = lex->postings(slot);
    for (uint32_t p = 0; p < slot.post_count; ++p) {
      uint32_t id = post[p] & kPostIdMask;
      bits |= entry_bits(lex->entry(id), lex->str(lex->entry(id).extra), post[p] & kPostAltName);
    }
    if (bits == 0) continue;
    if (slot.flags & kKeyCommon) bits |= kGazCommon;
    uint64_t key = kGazStart;
    int words = 0;
    std::vector<uint64_t> prefixes;
    each_word(lex->str(slot.key), [&](std::string_view w) {
      if (key != kGazStart) prefixes.push_back(key);
      key = gaz_extend(key, word_hash(w));
      if (++words >= 2) multi.push_back(key);
    });
    if (key == kGazStart) continue;
    keys.emplace_back(key, bits | kGazKey);
    for (uint64_t p : prefixes) keys.emplace_back(p, kGazPrefix);
  }
  std::ifstream cf(cues_path);
  if (!cf) {
    *error = "cannot open " + cues_path;
    return false;
  }
  std::string line;
  while (std::getline(cf, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::string word;
    int cls = 0;
    if (!(std::getline(ls, word, '\t') >> cls) || cls < 1 || cls > 15) {
      *error = cues_path + ": bad line: " + line;
      return false;
    }
    TokenWords w = token_words(word);
    if (w.n != 1) continue;
    keys.emplace_back(gaz_extend(kGazStart, w.w[0]), static_cast<uint32_t>(cls) << kGazCueShift);
  }
  std::sort(keys.begin(), keys.end());
  size_t distinct = 0;
  for (size_t i = 0; i < keys.size(); ++i) distinct += i == 0 || keys[i].first != keys[i - 1].first;
  size_t n = 1024;
  // Load ≤ 0.5: most lookups miss (a word that is no key), and a miss walks
  // its probe chain to an empty slot — ~2 slots here, ~11 at load 0.8.
  while (n < distinct * 2) n <<= 1;
  slots_.assign(n, 0);
  keys_ = 0;
  for (const auto& [k, b] : keys) insert(k, b);
  filter_.assign(kFilterWords, 0);
  for (uint64_t k : multi) {
    uint64_t b = (k >> 24) & (uint64_t(kFilterWords) * 64 - 1);
    filter_[b >> 6] |= uint64_t{1} << (b & 63);
  }
  return true;
}

}  // namespace sitrep::ner
