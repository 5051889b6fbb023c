// The one record every stage reads and annotates. The document owns its text
// once; every annotation is a byte span [start, end) into that text, never a
// copy. Stages append to the vectors below; the output stage turns a finished
// Document into schema v1 JSON (../shared/design/SCHEMA.md).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/date.h"

namespace sitrep {

struct Span {
  uint32_t start = 0;
  uint32_t end = 0;  // exclusive
  uint32_t size() const { return end - start; }
  bool operator==(const Span&) const = default;
};

enum class TokenKind : uint8_t { Word, Number, Punct, Symbol };

// Token flags (bit set).
enum TokenFlag : uint8_t {
  kTokUpper = 1,     // first character is an upper-case letter
  kTokAllUpper = 2,  // every letter is upper case (and there are 2+ letters)
  kTokHasDigit = 4,
  kTokHyphen = 8,   // contains an inner hyphen (Al-Qudra)
  kTokPeriod = 16,  // ends with a period that belongs to it (U.S., Oct.)
  kTokNonAscii = 32,
  kTokParaStart = 64,  // first token of a paragraph
  kTokInMisc = 128,    // inside a name the tagger typed MISC ("U.S. Open", "Gulf War"); set by entities/
};

struct Token {
  uint32_t start = 0;
  uint32_t end = 0;
  TokenKind kind = TokenKind::Word;
  uint8_t flags = 0;
  uint32_t sentence = 0;  // index into Document::sentences
};

struct Paragraph {
  uint32_t start = 0;
  uint32_t end = 0;
  bool headline = false;  // a title or a short line without final punctuation
};

// How a document uses capitals (text/ decides, from its words' first
// letters): sentence case, ALL CAPS (wire style), or none at all. In the last
// two, capitals tell nothing; entities/ then rewrites kTokUpper from the
// tagger (names and sentence starts) and clears kTokAllUpper, so the later
// stages read the document as if it were in sentence case.
enum class TextCase : uint8_t { Mixed, AllCaps, NoCaps };

// A dateline opening the body: "LIMA, 10 JAN 90 (EFE) --", "KYIV, Dec 3
// (AFP) -", "kolkata :". Its tokens date and place the report; they are no
// party to the first sentence's events. Empty (tok_begin == tok_end) when none.
struct Dateline {
  uint32_t tok_begin = 0;  // the place name starts here
  uint32_t tok_end = 0;    // one past the closing dash or colon
  uint32_t place_end = 0;  // one past the place name (before the comma / colon / bracket)
  bool empty() const { return tok_end <= tok_begin; }
};

struct Sentence {
  uint32_t start = 0;
  uint32_t end = 0;
  uint32_t tok_begin = 0;  // token index range [tok_begin, tok_end)
  uint32_t tok_end = 0;
  uint32_t paragraph = 0;
  bool headline = false;
};

// What a quantity counts: a bare count, a percentage ("12 percent", "12%") or
// an amount of money ("$5 million"); only Count is a head count.
enum class QuantityUnit : uint8_t { Count, Percent, Money };

// A quantity read from the text, as an interval by SCHEMA.md's rules:
// "at least 37" → 37/null, "more than 100" → 101/null, "nearly 40" → null/39,
// "about 50" → 50/50 approx, "dozens" → 24/null, "20 to 30" → 20/30.
struct Quantity {
  uint32_t start = 0;
  uint32_t end = 0;
  std::optional<double> low;
  std::optional<double> high;
  bool approx = false;
  double value = 0;        // the bare number as written (37 for "at least 37")
  uint32_t num_start = 0;  // span of the bare number inside [start, end)
  uint32_t num_end = 0;
  uint32_t tok_begin = 0;  // token range of the whole expression
  uint32_t tok_end = 0;
  QuantityUnit unit = QuantityUnit::Count;
  bool vague = false;  // a vague plural ("dozens", "hundreds of"): low is a floor, not a reading
};

enum class TimeType : uint8_t { Date, Time, Duration, Set };

// A time expression normalised against the published date (TimeML TIMEX3 value).
struct TimeExpr {
  uint32_t start = 0;
  uint32_t end = 0;
  TimeType type = TimeType::Date;
  std::string value;          // "2023-11-05", "2023-W45", "P1M", "PRESENT_REF" …
  std::optional<Date> first;  // the calendar interval the value covers, when it is one
  std::optional<Date> last;
  bool relative = false;  // resolved against the published date ("Sunday")
  uint32_t tok_begin = 0;
  uint32_t tok_end = 0;
};

enum class EntityType : uint8_t { Person, Org, Place, Group };
enum class MentionKind : uint8_t { Name, Nominal, Pronoun };

struct Mention {
  uint32_t start = 0;
  uint32_t end = 0;
  MentionKind kind = MentionKind::Name;
};

struct ActorInfo {
  std::string code;     // CAMEO-style actor code, e.g. "IRNGOV"
  std::string country;  // ISO 3166-1 alpha-3 or ""
  std::string sector;   // GOV MIL REB … or ""
  std::string role;     // "Supreme Leader" or ""
  std::string org;      // the institution a person speaks for, or ""
};

struct PlaceInfo {
  int64_t geonames_id = 0;  // 0 = none
  std::string name;
  std::optional<double> lat;
  std::optional<double> lon;
  std::string country;    // alpha-3 or ""
  std::string admin1;     // name or ""
  std::string feature;    // GeoNames feature code or ""
  std::string precision;  // exact | town | district | admin1 | country | unknown
  // A first-order division's capital, where an event told only by the
  // division is pinned (analysts' convention: ACLED codes such an event at
  // the provincial capital); the entity keeps the division's own point. Not
  // written out.
  std::optional<double> seat_lat, seat_lon;
};

struct Entity {
  std::string id;  // "e1", "e2", … in order of first mention
  EntityType type = EntityType::Person;
  std::string name;
  std::vector<Mention> mentions;
  std::optional<ActorInfo> actor;
  std::optional<PlaceInfo> place;
};

// Why a field of an event has its value (sitrep extract --explain): the rules
// that decided it, first the one that set it. `name` is a static string (a C++
// decision point such as "passive-agent", "trigger", a cue class such as
// "report", "model:events"); `key` the data row it used (a trigger's form, a
// cue's phrase) or the model's top features; [start, end) the bytes of the
// words it matched in Document::text (start == end: none). Recording costs a
// pointer and two offsets; the words are read from the text only on output.
struct Rule {
  const char* name = nullptr;
  std::string key;
  uint32_t start = 0;
  uint32_t end = 0;
};
using Why = std::vector<Rule>;

struct Interval {
  std::optional<int64_t> low;
  std::optional<int64_t> high;
  bool approx = false;
  std::string text;
  Why why;
};

struct Casualties {
  std::optional<Interval> killed, injured, missing, arrested, displaced;
  std::vector<std::string> victims;
};

struct Party {
  int entity = -1;  // index into Document::entities, -1 = none
  std::string name;
  std::string country;
  std::string sector;
  Why why;
  // The text names no such party: `name` is a label the engine inferred
  // ("civilians" for an attack's unnamed dead); the output writes it as null.
  bool inferred = false;
};

struct EventPlace {
  int entity = -1;
  std::string name;
  std::optional<double> lat;
  std::optional<double> lon;
  std::string country;
  std::string admin1;
  std::string relation = "in";
  std::string precision = "unknown";
  Why why;
};

struct DateRange {
  std::optional<Date> start;
  std::optional<Date> end;
  std::string precision = "unknown";  // day | days | week | month | year | unknown
  std::string basis = "none";         // explicit | relative | published | none
  Why why;
};

struct Materiel {
  std::string what;
  int64_t count = 1;
  std::string fate;
};

// A physical thing an event hit ("a police station") or an instrument it was
// done with ("mortar shells"): `what` its canonical noun, `text` the words, [start, end) their bytes.
struct ObjectRef {
  std::string what;
  std::string text;
  uint32_t start = 0;
  uint32_t end = 0;
};

struct Attribution {
  std::string name;
  int entity = -1;
  std::string kind;  // official | media | source | actor | unknown
  std::vector<std::string> via;
  Why why;
};

struct Event {
  std::string id;
  std::string type;  // PLOVER
  std::string mode;  // "" = null
  std::string cameo;
  std::string acled_type;  // "" = acled null
  std::string acled_sub;
  std::optional<Party> actor;
  std::optional<Party> recipient;
  std::vector<Party> co_actors;  // other coordinated actors ("U.S. and British warplanes"): JSON "co_actors"
  std::optional<EventPlace> place;
  DateRange date;
  Casualties casualties;
  std::vector<Materiel> materiel;
  std::vector<ObjectRef> targets;  // physical things hit (buildings, vehicles, infrastructure)
  std::vector<ObjectRef> weapons;  // instruments named
  std::vector<Attribution> attribution;
  std::string claim = "reported";
  std::string modality = "asserted";
  bool background = false;
  std::vector<Span> evidence;
  double confidence = 0.5;
  // --explain: why type (PLOVER and ACLED), mode and modality have their values;
  // the other fields carry theirs (Party, EventPlace, DateRange, Interval, Attribution).
  Why why_type, why_mode, why_modality;
};

struct Tally {
  std::string metric;  // killed | injured | missing | arrested | displaced
  std::string group;
  std::string country;
  std::optional<EventPlace> place;
  std::optional<int64_t> low;
  std::optional<int64_t> high;
  std::optional<Date> as_of;
  std::optional<Date> since;
  std::vector<Attribution> attribution;
  std::vector<Span> evidence;
};

// A lexicon key written in the text (lexicon/ annotate_lexicon): tokens
// [tok_begin, tok_end) of one sentence, holding a capitalised word, fold to a
// key of lexicon.bin that has entries. Every key along each name's words is
// kept, not only the longest ("Gaza" and "Gaza Strip"): each reader picks the
// longest of the kinds it wants (lexicon/lexicon.h longest_matches).
struct LexHit {
  uint32_t tok_begin = 0, tok_end = 0;  // token range
  uint32_t start = 0, end = 0;          // byte span
  uint32_t slot = 0;                    // index of the key in the lexicon's key table
  uint32_t kinds = 0;                   // bits 1 << LexKind of the key's entries
};

struct DocumentMeta {
  std::string id;        // "d:" + 16 hex digits: hash of text + published date
  std::string input_id;  // JSONL "id", else "PATH:LINE", the file path, or "-:LINE"
  std::optional<Date> published;
  std::optional<std::string> source, title, url;
  std::string extra_json;  // JSONL fields beyond the known ones, as a JSON object text ("" = none)
};

struct Document {
  DocumentMeta meta;
  std::string text;

  std::vector<Paragraph> paragraphs;     // set by the reader
  std::vector<Token> tokens;             // text/
  std::vector<Sentence> sentences;       // text/
  TextCase text_case = TextCase::Mixed;  // text/
  Dateline dateline;                     // text/
  std::string source_country;  // pipeline: the country meta.source names or covers (events::outlet_country)
  std::vector<Quantity> numbers;      // numbers/
  std::vector<TimeExpr> times;        // time/
  std::vector<Entity> entities;       // entities/ + actors/ + geo/
  std::vector<LexHit> lexicon;        // lexicon/: by tok_begin, then tok_end
  std::vector<LexHit> lexicon_parts;  // lexicon/: keys inside hyphenated words, in text order
  std::vector<Event> events;          // events/
  std::vector<Tally> tallies;         // events/

  // Lower-cased token texts, folded once by entities/ (lower_tokens) for every
  // later stage: token i is lower_text[lower_tok[i].start, lower_tok[i].end).
  // Whoever changes tokens after entities/ refolds (lower_tokens).
  std::string lower_text;
  std::vector<Span> lower_tok;

  std::string_view view(uint32_t start, uint32_t end) const {
    return std::string_view(text).substr(start, end - start);
  }
  std::string_view view(const Span& s) const { return view(s.start, s.end); }
  std::string_view token_text(size_t i) const { return view(tokens[i].start, tokens[i].end); }
  // The token that holds byte offset `byte` (the first whose end is past it;
  // tokens.size() when none).
  uint32_t token_at(uint32_t byte) const {
    auto it = std::lower_bound(tokens.begin(), tokens.end(), byte,
                               [](const Token& t, uint32_t b) { return t.end <= b; });
    return static_cast<uint32_t>(it - tokens.begin());
  }
};

const char* to_string(EntityType t);
const char* to_string(MentionKind k);
const char* to_string(TimeType t);
const char* to_string(QuantityUnit u);

}  // namespace sitrep
