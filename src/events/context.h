// Events, pass 0: the per-document view every later pass reads. Input: a
// Document after text/, numbers/, time/, entities/ (entities may be empty).
// Output (a Context, not the Document): lower-cased token views, quantities and
// time references (read from numbers/ and time/ only: a document that skipped
// them has none), and per-token noun-phrase "chunks" that can fill a role:
// entity mentions, or, where entities are missing, country names, demonyms
// ("Israeli forces") and unnamed parties ("gunmen") from the country table and
// cues.tsv; names themselves come from entities/ only.
// Cost: one pass over tokens; the lower-cased tokens are the ones entities/
// folded (Document::lower_text), else one arena per document.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/lexicon.h"
#include "sitrep/document.h"

namespace sitrep::events {

struct Num {
  uint32_t tok_begin = 0, tok_end = 0;  // the whole expression
  std::optional<int64_t> low, high;
  bool approx = false;
  int64_t value = 0;
};

struct TimeRef {
  uint32_t tok_begin = 0, tok_end = 0;
  std::optional<Date> first, last;
  bool relative = false;
  std::string precision;  // day | month | year | week | unknown
};

enum class ChunkKind : uint8_t { Person, Org, Place, Group, Nominal };

struct Chunk {
  uint32_t b = 0, e = 0;  // token range
  ChunkKind kind = ChunkKind::Nominal;
  int entity = -1;
  std::string name;
  std::string country;
  std::string sector;
  bool adjective = false;  // a demonym used as a modifier ("Israeli attack")
  bool possessor = false;  // followed by 's
  bool selfref = false;    // "its forces": the reporting party
  bool capital = false;  // a national capital or a seat of government: may stand for its government ("Moscow
                         // warned Kyiv")
  std::optional<double> lat, lon;
  std::string admin1;
  std::string precision;
};

struct Context {
  const Document& doc;
  const EventLexicon& lex;
  std::string arena;                  // lower-cased tokens when the document has none
  std::vector<std::string_view> low;  // lower-cased token texts
  std::vector<uint32_t> mask;         // EventLexicon::mask_of each token
  // PatternSet::classes_of each token (null: in no class of the rules files):
  // a pass tests a token against a word class with one bit (in_class).
  std::vector<const uint64_t*> classes;
  std::vector<Num> nums;
  std::vector<TimeRef> times;
  std::vector<Chunk> chunks;         // in token order, non-overlapping
  std::vector<int> chunk_of_tok;     // index into chunks or -1
  std::vector<int> num_of_tok;       // index into nums or -1
  std::vector<int> time_of_tok;      // index into times or -1
  std::vector<uint8_t> in_duration;  // 1: the token is inside a duration ("over five days")
  std::vector<bool> long_span_sentence;
  std::string home_country;  // the country most of the report's places lie in, or ""  // a year-long date or
                             // a duration of a month or more ("over four decades")

  // Unique per instance (never reused by a later report in the same
  // process): keys per-thread caches of one report's derived sums (typing.cc).
  const uint64_t serial = new_serial();

  Context(const Document& d, const EventLexicon& l) : doc(d), lex(l) {}
  std::string_view w(size_t i) const { return i < low.size() ? low[i] : std::string_view(); }
  bool may(int bit, size_t i) const { return i < mask.size() && (mask[i] & (1u << bit)); }
  // Whether token i is in word class `cls` of the rules (-1: a class they lack, which holds none).
  bool in_class(int cls, size_t i) const {
    return cls >= 0 && i < classes.size() && classes[i] && (classes[i][cls >> 6] >> (cls & 63) & 1);
  }
  bool is_upper(size_t i) const { return i < doc.tokens.size() && (doc.tokens[i].flags & kTokUpper); }
  // Cue phrase of class c starting at token i (0 = none).
  int cue_at(Cue c, size_t i, size_t end, int* value = nullptr) const {
    if (i >= mask.size() || !(mask[i] & (1u << static_cast<int>(c)))) return 0;
    int v = 0;
    int n = lex.cue(c).match(low, i, end, &v);
    if (value) *value = v;
    return n;
  }

 private:
  static uint64_t new_serial();
};

void build_context(Context& ctx);

// The one country a report's `source` names ("Libya Herald", "Zambian
// Watchdog", "La Nation (Benin)") or, for a national outlet of
// outlet_homes.tsv ("Radio Okapi"), covers; "" when it names none or several.
// The pipeline sets Document::source_country with it once per report, before
// geo/ (a document focus) and the events stage (a home country) read it.
std::string outlet_country(const EventLexicon& lex, const std::optional<std::string>& source);

// A month name next to a number ("21 march 2020", "MARCH 3"): a date, whatever
// the time layer made of it.
bool month_beside_number(const Context& ctx, size_t i);

// The country table's entry for a lower-case phrase at token i: returns the
// number of tokens matched and sets *country / *kind (0 name, 1 adjective,
// 2 people; the table: entities/nations.tsv, lexicon/country_aliases.tsv and
// lexicon/demonyms.tsv, load_context_words).
int country_at(const Context& ctx, size_t i, size_t end, int* country, int* kind);

}  // namespace sitrep::events
