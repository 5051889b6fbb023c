// The compiled lexicon: places (countries, admin1, cities, curated areas),
// demonyms and actors with dated roles, in ONE binary file every process
// memory-maps read-only (lexicon.bin, written by `sitrep lexicon build`).
// Input: the file (or its bytes). Output: entries and a hash table from folded
// name keys (normalize.h) to entry ids, plus prefix keys for longest match.
// Invariants: the file is position-independent (offsets, no pointers), checked
// on open (magic, version, section bounds). Cost: open = mmap + header check
// (well under 50 ms); lookup = one hash probe of the key.
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
};

struct LexStr {
  uint32_t off = 0;
  uint32_t len = 0;
};

#pragma pack(push, 1)
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
};

struct LexHeader {
  char magic[8];  // "SITRLEX\0"
  uint32_t version;
  uint32_t n_entries, n_roles, n_slots, n_postings;
  uint64_t off_entries, off_roles, off_slots, off_postings, off_strings, n_strings;
  uint64_t file_size;
};
#pragma pack(pop)

constexpr uint32_t kLexVersion = 1;

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
  // Postings of a slot (entry ids with kPost* flags).
  const uint32_t* postings(const LexSlot& s) const { return postings_ + s.post_off; }
  // Entry ids for a free-text name (folded with name_key), flags stripped.
  std::vector<uint32_t> lookup(std::string_view name) const;

  // Entry id of the country with this alpha-3 code, -1 when none.
  int country_entry(std::string_view alpha3) const;

  // Roles of an actor entry.
  const LexRole* roles(uint32_t id, uint32_t* count) const;
  // The role valid on `date` (latest start wins); without a date, the open one
  // or the latest. nullptr when the actor has no roles.
  const LexRole* role_on(uint32_t id, std::optional<Date> date) const;

 private:
  Lexicon() = default;
  bool init(std::string* err);

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
  std::vector<int> country_by_code_;  // 26*26*26 → entry id
};

// True when the token starts with a capital or has one after an inner hyphen
// or particle ("al-Mughazi", "el-Sisi").
bool token_has_capital(const Document& doc, uint32_t tok);

// One longest match of lexicon keys over document tokens.
struct LexMatch {
  uint32_t tok_begin = 0, tok_end = 0;  // token range
  uint32_t start = 0, end = 0;          // byte span
  const LexSlot* slot = nullptr;
};

// Longest matches over tokens [tok_begin, tok_end) of doc, left to right, no
// overlaps. A match contains at least one capitalised token and never crosses a
// sentence end. Uses a caller-owned scratch buffer (no per-token allocation).
void match_lexicon(const Lexicon& lex, const Document& doc, uint32_t tok_begin, uint32_t tok_end,
                   std::vector<LexMatch>& out, std::string& scratch);

}  // namespace sitrep
