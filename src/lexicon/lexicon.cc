#include "lexicon/lexicon.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <climits>
#include <cmath>
#include <cstring>

#include "lexicon/normalize.h"

namespace sitrep {

const char* to_string(LexKind k) {
  switch (k) {
    case LexKind::Country:
      return "country";
    case LexKind::Admin1:
      return "admin1";
    case LexKind::Admin2:
      return "admin2";
    case LexKind::City:
      return "city";
    case LexKind::Area:
      return "area";
    case LexKind::Demonym:
      return "demonym";
    case LexKind::Actor:
      return "actor";
  }
  return "?";
}

Lexicon::Lexicon() {
  static std::atomic<uint64_t> next{1};
  generation_ = next++;
}

Lexicon::~Lexicon() {
  if (mapped_ && base_) munmap(const_cast<char*>(base_), size_);
}

std::unique_ptr<Lexicon> Lexicon::open(const std::string& path, std::string* err) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *err = path + ": cannot open: " + std::strerror(errno);
    return nullptr;
  }
  struct stat st {};
  if (fstat(fd, &st) != 0 || st.st_size < static_cast<off_t>(sizeof(LexHeader))) {
    ::close(fd);
    *err = path + ": not a lexicon (too small)";
    return nullptr;
  }
  void* p = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (p == MAP_FAILED) {
    *err = path + ": mmap failed: " + std::strerror(errno);
    return nullptr;
  }
#ifdef MADV_HUGEPAGE
  // The slot table is probed at random: where the kernel keeps read-only
  // file pages as huge pages, a probe then seldom misses the TLB too.
  madvise(p, static_cast<size_t>(st.st_size), MADV_HUGEPAGE);
#endif
  std::unique_ptr<Lexicon> lx(new Lexicon());
  lx->base_ = static_cast<const char*>(p);
  lx->size_ = static_cast<size_t>(st.st_size);
  lx->mapped_ = true;
  if (!lx->init(err)) {
    *err = path + ": " + *err;
    return nullptr;
  }
  return lx;
}

std::unique_ptr<Lexicon> Lexicon::from_bytes(std::string bytes, std::string* err) {
  std::unique_ptr<Lexicon> lx(new Lexicon());
  lx->owned_ = std::move(bytes);
  lx->base_ = lx->owned_.data();
  lx->size_ = lx->owned_.size();
  if (lx->size_ < sizeof(LexHeader)) {
    *err = "not a lexicon (too small)";
    return nullptr;
  }
  if (!lx->init(err)) return nullptr;
  return lx;
}

bool Lexicon::init(std::string* err) {
  h_ = reinterpret_cast<const LexHeader*>(base_);
  if (std::memcmp(h_->magic, "SITRLEX", 8) != 0) {
    *err = "not a lexicon (bad magic)";
    return false;
  }
  if (h_->version != kLexVersion) {
    *err = "lexicon version " + std::to_string(h_->version) + ", this build reads " +
           std::to_string(kLexVersion) + " (rebuild it with `sitrep lexicon build`)";
    return false;
  }
  auto in = [&](uint64_t off, uint64_t bytes) { return off <= size_ && bytes <= size_ - off; };
  if (h_->file_size != size_ || !in(h_->off_entries, uint64_t{h_->n_entries} * sizeof(LexEntry)) ||
      !in(h_->off_roles, uint64_t{h_->n_roles} * sizeof(LexRole)) ||
      !in(h_->off_slots, uint64_t{h_->n_slots} * sizeof(LexSlot)) ||
      !in(h_->off_postings, uint64_t{h_->n_postings} * 4) || !in(h_->off_strings, h_->n_strings) ||
      !in(h_->off_countries, 26 * 26 * 26 * 4) || !in(h_->off_lower_bits, uint64_t{kLowerBitsWords} * 8) ||
      !in(h_->off_key_bits, uint64_t{kKeyBitsWords} * 8) || (h_->n_slots & (h_->n_slots - 1)) != 0 ||
      h_->n_slots == 0) {
    *err = "lexicon is truncated or corrupt (section out of bounds)";
    return false;
  }
  entries_ = reinterpret_cast<const LexEntry*>(base_ + h_->off_entries);
  roles_ = reinterpret_cast<const LexRole*>(base_ + h_->off_roles);
  slots_ = reinterpret_cast<const LexSlot*>(base_ + h_->off_slots);
  postings_ = reinterpret_cast<const uint32_t*>(base_ + h_->off_postings);
  strings_ = base_ + h_->off_strings;
  country_by_code_ = reinterpret_cast<const int32_t*>(base_ + h_->off_countries);
  lower_bits_ = reinterpret_cast<const uint64_t*>(base_ + h_->off_lower_bits);
  key_bits_ = reinterpret_cast<const uint64_t*>(base_ + h_->off_key_bits);
  return true;
}

std::string Lexicon::country(uint32_t id) const {
  const auto& e = entries_[id];
  return std::string(e.country, strnlen(e.country, 3));
}

std::string Lexicon::feature(uint32_t id) const {
  const auto& e = entries_[id];
  return std::string(e.feature, strnlen(e.feature, 6));
}

const LexSlot* Lexicon::find_key(std::string_view key) const { return find_key(key, lex::key_hash(key)); }

const LexSlot* Lexicon::find_key(std::string_view key, uint64_t h) const {
  // The table is tens of MB and probed at random: each probe is a cache (and
  // TLB) miss. Names repeat within and across reports ("Gaza", "Monday",
  // "The"), so each thread keeps a small direct-mapped cache of recent
  // answers, found or not, for keys short enough to store whole.
  struct Cached {
    uint64_t hash = 0;
    const LexSlot* slot = nullptr;
    uint8_t len = 0;
    char key[39];
  };
  struct Cache {
    uint64_t generation = 0;
    std::array<Cached, 4096> e;
  };
  thread_local Cache cache;
  Cached* c = nullptr;
  if (key.size() <= sizeof(Cached::key)) {
    if (cache.generation != generation_) {
      cache.e.fill(Cached{});
      cache.generation = generation_;
    }
    c = &cache.e[(h ^ (h >> 29)) & (cache.e.size() - 1)];
    if (c->hash == h && c->len == key.size() && std::memcmp(c->key, key.data(), key.size()) == 0)
      return c->slot;
  }
  const LexSlot* found = nullptr;
  uint32_t mask = h_->n_slots - 1;
  for (uint32_t i = static_cast<uint32_t>(h) & mask; key_bits_test(key_bits_, h); i = (i + 1) & mask) {
    const LexSlot& s = slots_[i];
    if (s.hash == 0) break;
    if (s.hash == h && str(s.key) == key) {
      found = &s;
      break;
    }
  }
  if (c) {
    c->hash = h;
    c->slot = found;
    c->len = static_cast<uint8_t>(key.size());
    std::memcpy(c->key, key.data(), key.size());
  }
  return found;
}

const LexSlot* Lexicon::find_name(std::string_view name) const { return find_key(lex::name_key(name)); }

std::vector<uint32_t> Lexicon::lookup(std::string_view name) const {
  std::vector<uint32_t> ids;
  const LexSlot* s = find_key(lex::name_key(name));
  if (!s) return ids;
  for (uint32_t k = 0; k < s->post_count; ++k) ids.push_back(postings(*s)[k] & kPostIdMask);
  return ids;
}

int Lexicon::country_entry(std::string_view a3) const {
  if (a3.size() != 3) return -1;
  int a = a3[0] - 'A', b = a3[1] - 'A', c = a3[2] - 'A';
  if (a < 0 || a >= 26 || b < 0 || b >= 26 || c < 0 || c >= 26) return -1;
  return country_by_code_[(a * 26 + b) * 26 + c];
}

const LexRole* Lexicon::roles(uint32_t id, uint32_t* count) const {
  const auto& e = entries_[id];
  *count = e.role_count;
  return roles_ + e.role_begin;
}

const LexRole* Lexicon::role_on(uint32_t id, std::optional<Date> date) const {
  uint32_t n = 0;
  const LexRole* r = roles(id, &n);
  const LexRole* best = nullptr;
  if (date) {
    int64_t d = date->to_days();
    for (uint32_t k = 0; k < n; ++k)
      if (r[k].start_days <= d && d <= r[k].end_days && (!best || r[k].start_days > best->start_days))
        best = &r[k];
    return best;
  }
  for (uint32_t k = 0; k < n; ++k)
    if (r[k].end_days == INT32_MAX && (!best || r[k].start_days > best->start_days)) best = &r[k];
  if (!best)
    for (uint32_t k = 0; k < n; ++k)
      if (!best || r[k].start_days > best->start_days) best = &r[k];
  return best;
}

bool token_has_inner_capital(const Document& doc, uint32_t tok) {
  auto w = doc.token_text(tok);
  for (size_t i = 1; i < w.size(); ++i)
    if (w[i] >= 'A' && w[i] <= 'Z' && (w[i - 1] == '-' || w[i - 1] == '\'')) return true;
  return false;
}

namespace {

// The keys among the parts of hyphenated words into doc.lexicon_parts.
void annotate_hyphen_parts(Document& doc, const Lexicon& lex) {
  doc.lexicon_parts.clear();
  for (uint32_t t = 0; t < doc.tokens.size(); ++t) {
    if (!(doc.tokens[t].flags & kTokHyphen)) continue;
    std::string_view w = doc.token_text(t);
    for (size_t a = 0; a < w.size();) {
      size_t b = std::min(w.find('-', a), w.size());
      std::string_view part = w.substr(a, b - a);
      // (Without case a part's first letter says nothing: "seattle-based".)
      const bool opens = doc.text_case == TextCase::Mixed
                             ? part[0] >= 'A' && part[0] <= 'Z'
                             : (part[0] | 0x20) >= 'a' && (part[0] | 0x20) <= 'z';
      if (part.size() >= 3 && part.size() < w.size() && opens)
        if (const LexSlot* s = lex.find_name(part); s && s->post_count > 0) {
          uint32_t start = doc.tokens[t].start + static_cast<uint32_t>(a);
          doc.lexicon_parts.push_back(
              {t, t + 1, start, start + static_cast<uint32_t>(part.size()), lex.slot_index(s), s->kinds});
        }
      a = b + 1;
    }
  }
}

}  // namespace

void annotate_lexicon(Document& doc, const Lexicon& lex) {
  constexpr uint32_t kMaxTokens = 8;
  annotate_hyphen_parts(doc, lex);
  doc.lexicon.clear();
  const uint32_t tok_begin = 0, tok_end = static_cast<uint32_t>(doc.tokens.size());
  thread_local std::string key, folded, wide;
  // Token k's folded words: folded[fold_at[k - tok_begin], + fold_len[...]),
  // folded when a match attempt first reads the token (kUnfolded before).
  // `folded` only grows (its bytes past `used` are stale), so a report folds
  // into it with no allocation.
  constexpr uint32_t kUnfolded = UINT32_MAX;
  thread_local std::vector<uint32_t> fold_at, fold_len, fold_n, cap_from;  // fold_n: words
  size_t used = 0;
  fold_at.assign(tok_end - tok_begin, kUnfolded);
  fold_len.resize(tok_end - tok_begin);
  fold_n.resize(tok_end - tok_begin);
  auto folded_words = [&](uint32_t k) {
    uint32_t r = k - tok_begin;
    if (fold_at[r] == kUnfolded) {
      std::string_view text = doc.token_text(k);
      if (folded.size() < used + text.size()) folded.resize(std::max(2 * folded.size(), used + text.size()));
      int words = 0;
      int n = lex::fold_ascii_words(text, folded.data() + used, &words);
      if (n < 0) {
        wide.clear();
        words = lex::fold_words(text, wide);
        if (folded.size() < used + wide.size())
          folded.resize(std::max(2 * folded.size(), used + wide.size()));
        std::memcpy(folded.data() + used, wide.data(), wide.size());
        n = static_cast<int>(wide.size());
      }
      fold_at[r] = static_cast<uint32_t>(used);
      fold_len[r] = static_cast<uint32_t>(n);
      fold_n[r] = static_cast<uint32_t>(words);
      used += static_cast<size_t>(n);
    }
    return std::string_view(folded.data() + fold_at[r], fold_len[r]);
  };
  // A match holds a capitalised token and never leaves its run of words in
  // one sentence: cap_from[k - tok_begin] is the first capitalised token at or
  // after k in k's run (UINT32_MAX when none), so a start with none within
  // reach is skipped unread (most lower-case words).
  // In a document without case (ALL CAPS or no capitals) the capitals are
  // the tagger's guesses (entities/truecase_flags): every word may start a
  // match, and geo admits an unflagged one only where the context says place.
  cap_from.assign(tok_end - tok_begin, UINT32_MAX);
  const bool caseless = doc.text_case != TextCase::Mixed;
  for (uint32_t k = tok_end; k-- > tok_begin;) {
    const Token& t = doc.tokens[k];
    if (t.kind != TokenKind::Word) continue;
    if (caseless || token_has_capital(doc, k))
      cap_from[k - tok_begin] = k;
    else if (k + 1 < tok_end && doc.tokens[k + 1].kind == TokenKind::Word &&
             doc.tokens[k + 1].sentence == t.sentence)
      cap_from[k - tok_begin] = cap_from[k + 1 - tok_begin];
  }
  for (uint32_t i = tok_begin; i < tok_end; ++i) {
    const Token& ti = doc.tokens[i];
    if (ti.kind != TokenKind::Word) continue;
    const uint32_t first_cap = cap_from[i - tok_begin];
    if (first_cap == UINT32_MAX || first_cap - i >= kMaxTokens) continue;
    // The key so far (non-particle words) and its running hash; a particle
    // that ends the words so far waits in `pending` ("Sheikh al-" + more).
    key.clear();
    uint64_t key_h = lex::kKeyHashStart;
    char pending[3];  // particles are 2 or 3 letters
    size_t pending_len = 0;
    for (uint32_t j = i; j < tok_end && j - i < kMaxTokens; ++j) {
      const Token& tj = doc.tokens[j];
      if (tj.kind != TokenKind::Word || tj.sentence != ti.sentence) break;
      const bool has_upper = j >= first_cap;
      std::string_view word_buf = folded_words(j);
      auto add_word = [&](std::string_view w) {
        pending_len = 0;
        if (lex::is_particle(w)) {
          pending_len = w.size();
          std::memcpy(pending, w.data(), w.size());
        } else {
          if (!key.empty()) {
            key += ' ';
            key_h = lex::key_hash_more(key_h, " ");
          }
          key.append(w);
          key_h = lex::key_hash_more(key_h, w);
        }
      };
      if (fold_n[j - tok_begin] == 1) {
        add_word(word_buf);
      } else {
        for (size_t a = 0; a < word_buf.size();) {
          size_t b = word_buf.find(' ', a);
          if (b == std::string_view::npos) b = word_buf.size();
          add_word(word_buf.substr(a, b - a));
          a = b + 1;
        }
      }
      // A lower-case token opens a match only when some key continues it
      // ("northern Gaza Strip"): checked against the filter, no probe.
      if (!caseless && j == i && !(tj.flags & (kTokUpper | kTokAllUpper | kTokHyphen | kTokNonAscii)) &&
          pending_len == 0 && !lex.may_open(lex::key_hash_done(key_h)))
        break;
      if (key.empty() && pending_len > 0) {
        // "al-" joined to the next word, or a capitalised "Al": a particle may
        // open a name; a free-standing lower-case "at", "as", "an" may not.
        if (j == i && !(tj.flags & (kTokHyphen | kTokUpper))) break;
        continue;
      }
      const LexSlot* s;
      if (pending_len == 0) {
        s = lex.find_key(key, lex::key_hash_done(key_h));
      } else {  // key + ' ' + pending, probed in place
        std::string_view p(pending, pending_len);
        size_t n = key.size();
        key += ' ';
        key.append(p);
        s = lex.find_key(key, lex::key_hash_done(lex::key_hash_more(lex::key_hash_more(key_h, " "), p)));
        key.resize(n);
      }
      if (s && s->post_count > 0 && has_upper)
        doc.lexicon.push_back({i, j + 1, ti.start, tj.end, lex.slot_index(s), s->kinds});
      bool more = s && (s->flags & kKeyPrefix);
      if (!more && pending_len > 0 && !key.empty()) {  // "Sheikh al-" + more words
        const LexSlot* k = lex.find_key(key, lex::key_hash_done(key_h));
        more = k && (k->flags & kKeyPrefix);
      }
      if (!more) break;
    }
  }
}

void hyphen_parts(const Document& doc, const Lexicon& lex, uint32_t tok_begin, uint32_t tok_end,
                  std::vector<LexMatch>& out) {
  const std::vector<LexHit>& parts = doc.lexicon_parts;
  auto it = std::lower_bound(parts.begin(), parts.end(), tok_begin,
                             [](const LexHit& h, uint32_t t) { return h.tok_begin < t; });
  for (; it != parts.end() && it->tok_begin < tok_end; ++it)
    out.push_back({it->tok_begin, it->tok_end, it->start, it->end, &lex.slot(it->slot)});
}

void longest_matches(const Document& doc, const Lexicon& lex, uint32_t tok_begin, uint32_t tok_end,
                     uint32_t kinds, std::vector<LexMatch>& out) {
  const std::vector<LexHit>& hits = doc.lexicon;
  auto it = std::lower_bound(hits.begin(), hits.end(), tok_begin,
                             [](const LexHit& h, uint32_t t) { return h.tok_begin < t; });
  // The hits of one start are in order of length: the last that fits and
  // has a wanted kind is the longest match there. A match's tokens start no
  // other (`next`).
  uint32_t next = tok_begin;
  while (it != hits.end() && it->tok_begin < tok_end) {
    const uint32_t b = it->tok_begin;
    const LexHit* best = nullptr;
    for (; it != hits.end() && it->tok_begin == b; ++it)
      if (b >= next && it->tok_end <= tok_end && (it->kinds & kinds)) best = &*it;
    if (!best) continue;
    out.push_back({best->tok_begin, best->tok_end, best->start, best->end, &lex.slot(best->slot)});
    next = best->tok_end;
  }
}

}  // namespace sitrep
