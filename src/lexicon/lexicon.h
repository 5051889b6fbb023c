// The compiled lexicon: places (countries, admin1, cities, curated areas),
// demonyms and actors with dated roles, in ONE binary file every process
// memory-maps read-only (lexicon.bin, written by `sitrep lexicon build`).
// Input: the file (or its bytes). Output: entries and a hash table from folded
// name keys (normalize.h) to entry ids, plus prefix keys for longest match.
// Invariants: the file is position-independent (offsets, no pointers), checked
// on open (magic, version, section bounds). Cost: open = mmap + header check
// (well under 50 ms); lookup = one hash probe of the key.
// As a pipeline stage (annotate_lexicon, below) it writes the lexicon layer,
// Document::lexicon: every key in the text, read by the later stages through
// longest_matches and hyphen_parts. find_name stays for single strings that
// are no run of the text's words (an entity's name, a dateline).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/date.h"
#include "sitrep/document.h"

namespace sitrep {

enum class LexKind : uint8_t {
  Country = 1,  // ISO 3166-1 country (or a curated country-like territory)
  Admin1 = 2,   // first-order division (GeoNames admin1)
  Admin2 = 3,   // second-order division
  City = 4,     // GeoNames populated place
  Area = 5,     // curated region, territory, camp, crossing, neighbourhood
  Demonym = 6,  // nationality or collective ("Palestinians", "Muslim")
  Actor = 7,    // person, organisation or group from data/actors/*.tsv
};
const char* to_string(LexKind k);

// The bit of a kind in LexSlot::kinds and LexHit::kinds.
constexpr uint32_t kind_bit(LexKind k) { return 1u << static_cast<unsigned>(k); }
// The kinds that are places.
constexpr uint32_t kPlaceKinds = kind_bit(LexKind::Country) | kind_bit(LexKind::Admin1) |
                                 kind_bit(LexKind::Admin2) | kind_bit(LexKind::City) |
                                 kind_bit(LexKind::Area);
constexpr bool is_place_kind(LexKind k) { return (kind_bit(k) & kPlaceKinds) != 0; }

// Entry flags.
enum LexEntryFlag : uint8_t {
  kLexCapital = 1,      // national capital (PPLC)
  kLexCurated = 2,      // from data/ TSV (not GeoNames)
  kLexNationality = 4,  // demonym of one country
};

// Posting flags (high bits of a posting).
constexpr uint32_t kPostAltName = 0x80000000u;  // reached through an alternate name
constexpr uint32_t kPostIdMask = 0x7fffffffu;

// Key flags.
enum LexKeyFlag : uint16_t {
  kKeyPrefix = 1,  // a longer key starts with this one followed by a space
  kKeyCommon = 2,  // a frequent English word or a first name
  kKeyAbbrev =
      4,  // a news abbreviation of a division reaches it ("Ill.", "Tenn."): a place only with its dot
  kKeyCaselessCommon = 8,  // a word of general English ("carbon", "salt"): common where case says nothing
};

struct LexStr {
  uint32_t off = 0;
  uint32_t len = 0;
};

// Fixed layouts with explicit padding (no implicit padding bytes: the file is
// deterministic) and natural alignment (sections start 8-aligned).
// How strongly a town of GeoNames feature `feature` stands for the capital of
// its first-order division: 2 a national capital (PPLC, the seat of its own
// province too: Kabul), 1 a division's seat (PPLA), 0 none. The lexicon
// builder (a division without towns) and geo/ (an event told by its
// province) take the highest rank, then the most populous.
inline int division_capital_rank(std::string_view feature) {
  return feature == "PPLC" ? 2 : feature == "PPLA" ? 1 : 0;
}

struct LexEntry {
  int64_t geonames_id;  // 0 = none
  float lat, lon;       // NaN = none
  uint64_t population;
  LexStr name;          // canonical name
  LexStr admin1;        // admin1 name ("" for countries)
  LexStr extra;         // demonym: the group name; actor: type PERSON|ORG|GROUP
  uint32_t role_begin;  // actors: range into roles
  uint32_t role_count;
  int32_t country_entry;  // entry id of its country (a regional demonym: its region), -1 = none
  char country[3];        // ISO alpha-3, zero-padded when none
  char feature[6];        // GeoNames feature code, zero-padded
  LexKind kind;
  uint8_t flags;
  uint8_t pad;
};

struct LexRole {
  LexStr code, country, sector, role, org;
  int32_t start_days;  // INT32_MIN = open
  int32_t end_days;    // INT32_MAX = open
};

struct LexSlot {
  uint64_t hash;  // 0 = empty
  LexStr key;
  uint32_t post_off;  // into postings
  uint32_t post_count;
  uint16_t flags;  // LexKeyFlag
  uint16_t words;
  uint32_t kinds;  // bit (1 << LexKind) for each kind among the postings
};

struct LexHeader {
  char magic[8];  // "SITRLEX\0"
  uint32_t version;
  uint32_t pad;
  uint32_t n_entries, n_roles, n_slots, n_postings;
  uint64_t off_entries, off_roles, off_slots, off_postings, off_strings, n_strings;
  uint64_t off_countries;   // int32[26*26*26]: alpha-3 → country entry id, -1 = none
  uint64_t off_lower_bits;  // uint64[kLowerBitsWords]: one-word prefix keys a lower-case token may open
  uint64_t off_key_bits;    // uint64[kKeyBitsWords]: Bloom filter of every key (2 bits per key)
  uint64_t file_size;
};
static_assert(sizeof(LexEntry) == 72);
static_assert(sizeof(LexRole) == 48);
static_assert(sizeof(LexSlot) == 32);
static_assert(sizeof(LexHeader) == 112);

constexpr uint32_t kLexVersion = 6;
// A 2^20-bit filter (128 KB, cache-resident) of the one-word keys that begin a
// longer key: most lower-case tokens skip the hash-table probe.
constexpr uint32_t kLowerBitsWords = (1u << 20) / 64;
// A 2^23-bit (1 MB) Bloom filter of all keys, two bits each in one 64-bit
// word: most names that are no key (three in four missed lookups) are
// answered without touching the tens-of-MB slot table.
constexpr uint32_t kKeyBitsWords = (1u << 23) / 64;
inline bool key_bits_test(const uint64_t* bits, uint64_t hash) {
  uint64_t word = bits[(hash >> 20) & (kKeyBitsWords - 1)];
  uint64_t m = (uint64_t{1} << (hash & 63)) | (uint64_t{1} << ((hash >> 6) & 63));
  return (word & m) == m;
}
inline void key_bits_set(uint64_t* bits, uint64_t hash) {
  bits[(hash >> 20) & (kKeyBitsWords - 1)] |=
      (uint64_t{1} << (hash & 63)) | (uint64_t{1} << ((hash >> 6) & 63));
}

class Lexicon {
 public:
  ~Lexicon();
  Lexicon(const Lexicon&) = delete;
  Lexicon& operator=(const Lexicon&) = delete;

  // Memory-maps a lexicon file; nullptr and *err on a missing or bad file.
  static std::unique_ptr<Lexicon> open(const std::string& path, std::string* err);
  // A lexicon over bytes it keeps (tests, the builder's self-check).
  static std::unique_ptr<Lexicon> from_bytes(std::string bytes, std::string* err);

  uint32_t size() const { return h_->n_entries; }
  size_t file_size() const { return size_; }
  const LexEntry& entry(uint32_t id) const { return entries_[id]; }
  std::string_view str(LexStr s) const { return {strings_ + s.off, s.len}; }
  std::string_view name(uint32_t id) const { return str(entries_[id].name); }
  std::string country(uint32_t id) const;  // alpha-3 or ""
  std::string feature(uint32_t id) const;

  // The slot of a folded key, or nullptr.
  const LexSlot* find_key(std::string_view key) const;
  // The same, given hash == lex::key_hash(key) (a caller building keys word
  // by word hashes as it goes).
  const LexSlot* find_key(std::string_view key, uint64_t hash) const;
  // The key table's slot `i` (a LexHit's slot), and the index of a slot.
  const LexSlot& slot(uint32_t i) const { return slots_[i]; }
  uint32_t slot_index(const LexSlot* s) const { return static_cast<uint32_t>(s - slots_); }
  // Postings of a slot (entry ids with kPost* flags).
  const uint32_t* postings(const LexSlot& s) const { return postings_ + s.post_off; }
  // Entry ids for a free-text name (folded with name_key), flags stripped.
  std::vector<uint32_t> lookup(std::string_view name) const;
  // The slot of a free-text name (folded with name_key), or nullptr: one
  // probe, for a string that is no run of the text's words and so not in the
  // lexicon layer (a tagger entity's name as a whole, a dateline's words, a
  // token of letters and digits as a whole).
  const LexSlot* find_name(std::string_view name) const;

  // Entry id of the country with this alpha-3 code, -1 when none.
  int country_entry(std::string_view alpha3) const;

  // False when no key starts with this one-word key followed by more words
  // (cheap, may say true wrongly).
  bool may_open(uint64_t hash) const {
    uint32_t b = static_cast<uint32_t>(hash >> 20) & ((1u << 20) - 1);
    return (lower_bits_[b >> 6] >> (b & 63)) & 1;
  }

  // Roles of an actor entry.
  const LexRole* roles(uint32_t id, uint32_t* count) const;
  // The role valid on `date` (latest start wins); without a date, the open one
  // or the latest. nullptr when the actor has no roles.
  const LexRole* role_on(uint32_t id, std::optional<Date> date) const;

 private:
  Lexicon();
  bool init(std::string* err);

  uint64_t generation_;  // unique per instance: keys find_key's per-thread cache

  const char* base_ = nullptr;
  size_t size_ = 0;
  bool mapped_ = false;
  std::string owned_;
  const LexHeader* h_ = nullptr;
  const LexEntry* entries_ = nullptr;
  const LexRole* roles_ = nullptr;
  const LexSlot* slots_ = nullptr;
  const uint32_t* postings_ = nullptr;
  const char* strings_ = nullptr;
  const int32_t* country_by_code_ = nullptr;
  const uint64_t* lower_bits_ = nullptr;
  const uint64_t* key_bits_ = nullptr;  // 26*26*26 → entry id
};

// True when the token starts with a capital or has one after an inner hyphen
// or particle ("al-Mughazi", "el-Sisi"). Inline: the flags answer for most
// tokens, and callers test every token of a report.
bool token_has_inner_capital(const Document& doc, uint32_t tok);
inline bool token_has_capital(const Document& doc, uint32_t tok) {
  const Token& t = doc.tokens[tok];
  if (t.flags & (kTokUpper | kTokAllUpper)) return true;
  if (!(t.flags & (kTokHyphen | kTokNonAscii))) return false;
  return token_has_inner_capital(doc, tok);
}

// One longest match of lexicon keys over document tokens.
struct LexMatch {
  uint32_t tok_begin = 0, tok_end = 0;  // token range
  uint32_t start = 0, end = 0;          // byte span
  const LexSlot* slot = nullptr;
};

// The lexicon layer, once per report (the stage after entities/: it reads the
// token flags that stage settles). Input: a segmented Document. Output:
// doc.lexicon, every key of the lexicon written in the text (LexHit) in token
// order. A key holds at least one capitalised token (in a document without
// case, any word: geo/ admits those by context), never crosses a sentence end
// or a non-word token and spans at most 8 tokens; a lower-case word opens one
// only when some longer key continues it. Also doc.lexicon_parts: the keys
// that are parts of hyphenated words (hyphen_parts). Cost: one walk of the text; from
// each word with a capital within reach, one probe per word while the words so
// far are a prefix of some key (the probes stop at the first word that
// continues none).
void annotate_lexicon(Document& doc, const Lexicon& lex);

// Longest matches over tokens [tok_begin, tok_end), left to right, no
// overlaps, of keys with an entry of a kind in `kinds` (bits kind_bit), read
// from doc.lexicon (annotate_lexicon): the same matches a scan of those tokens
// alone would find, so a reader may ask for part of the text (the words of one
// name, a run of capitalised words) or for some kinds only (a longer actor
// name, "U.S. President", does not hide a place, "U.S."). Appends to `out`.
// Cost: a binary search, then one step per hit in the range.
constexpr uint32_t kAllKinds = 0xffffffffu;
void longest_matches(const Document& doc, const Lexicon& lex, uint32_t tok_begin, uint32_t tok_end,
                     uint32_t kinds, std::vector<LexMatch>& out);

// The parts of hyphenated words among tokens [tok_begin, tok_end) that are
// keys with entries ("Gaza" of "Gaza-based", "Turkish" of "Turkish-Russian"):
// a part of three or more bytes that opens with a capital A-Z and is not the
// whole word, read from doc.lexicon_parts (annotate_lexicon). Each match is
// one token with the part's bytes. Appends to `out`, in text order.
void hyphen_parts(const Document& doc, const Lexicon& lex, uint32_t tok_begin, uint32_t tok_end,
                  std::vector<LexMatch>& out);

}  // namespace sitrep
