// Name normalisation shared by the lexicon builder and the matcher.
// Input: a name or one token's text (UTF-8). Output: a folded key: lower case,
// no diacritics (utf8proc), no apostrophes or ʿ, hyphens and periods removed or
// turned into word breaks, transliteration variants folded (ou→u, ee→i, y→i,
// doubled letters once) so "Khān Yūnis", "Khan Yunis" and "Khan Younis" meet.
// Invariant: fold(name) == the key the matcher builds from the same words as
// tokens. Cost: one pass per token, appends to a caller-owned buffer.
#pragma once

#include <string>
#include <string_view>

namespace sitrep::lex {

// Appends the folded words of `text` to `out`, separated by single spaces (no
// leading or trailing space). Returns the number of words appended.
int fold_words(std::string_view text, std::string& out);

// fold_words into a caller's buffer of at least text.size() bytes, for ASCII
// text (whose folded form is never longer): returns the folded length and sets
// *words. Returns -1 when the text has a non-ASCII byte (use fold_words).
int fold_ascii_words(std::string_view text, char* out, int* words);

// True for Arabic article particles (al, el, ad, an, ar, as, ash, at, az, ad)
// that a key drops when another word follows: "al-Mughazi" = "Mughazi".
bool is_particle(std::string_view folded_word);

// The lookup key of a whole name: folded words, particles dropped when another
// word follows, a leading "the" dropped. "the Gaza Strip" → "gaza strip".
std::string name_key(std::string_view name);

// 64-bit FNV-1a, built up piece by piece: key_hash(a + b) ==
// key_hash_done(key_hash_more(key_hash_more(kKeyHashStart, a), b)).
constexpr uint64_t kKeyHashStart = 1469598103934665603ull;
inline uint64_t key_hash_more(uint64_t h, std::string_view s) {
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}
inline uint64_t key_hash_done(uint64_t h) { return h | 1; }  // 0 marks an empty slot
inline uint64_t key_hash(std::string_view s) { return key_hash_done(key_hash_more(kKeyHashStart, s)); }

}  // namespace sitrep::lex
