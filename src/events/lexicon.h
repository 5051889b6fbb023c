// Events, resources: the curated vocabularies under data/events/ (triggers.tsv, cues.tsv,
// groups.tsv), its rule files (*.rules, pattern.h) and, from the entity and lexicon tables,
// the country table and the words context.cc reads (load_context_words), parsed once per
// Engine into phrase tables keyed by their first lower-case word. Input: the data folder.
// Output: an immutable EventLexicon shared by every thread. A missing or malformed file
// leaves its table empty and adds a line to `errors` (never throws). Cost: matching a phrase
// at a token is one hash lookup plus a few word compares.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/flat_map.h"

namespace sitrep::events {

namespace typing {
class Model;  // events/typing.h
}
class PatternSet;  // events/pattern.h

enum TriggerFlag : uint8_t {
  kWeak = 1,      // counts only beside another event of its type in the sentence
  kResult = 2,    // an outcome noun: joins the event before it
  kCasualty = 4,  // the word itself reports casualties
  kSpeech = 8,    // a verbal act: what follows in its clause is its content
  kPlanted = 16,  // "bomb", "bombing": an air raid by a state's forces, a planted bomb by others
  kAssumed = 32,  // the mode is assumed ("clashed": small arms), not told: written only when told
};

struct TriggerDef {
  std::string form;  // the row's first form ("airstrike"): its name in --explain
  std::string type, mode, cameo, acled_type, acled_sub;
  uint8_t flags = 0;
  bool noun = false;
};

struct CountryDef {
  std::string alpha3;
  std::string name;    // first listed name, title-cased for output
  std::string people;  // "Palestinians"
};

struct GroupDef {
  std::string name;
  std::string alpha3;
  std::string sector;
};

struct SvHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Phrases keyed by their first word; match() finds the longest one starting at
// a token. Words are compared lower-cased, exactly.
class PhraseTable {
 public:
  void add(std::string_view phrase, int value);
  // Longest phrase starting at words[i] and ending before `end`; returns its
  // length in words (0 = none) and sets *value.
  int match(const std::vector<std::string_view>& words, size_t i, size_t end, int* value) const;
  bool has(std::string_view word) const { return first_.count(word) > 0; }
  template <class F>
  void for_each_first_word(F f) const {
    for (const auto& [w, v] : first_.entries()) f(w);
  }
  size_t size() const { return n_; }

 private:
  struct Entry {
    std::vector<std::string> rest;  // words after the first
    int value;
  };
  FlatStrMap<std::vector<Entry>> first_;
  size_t n_ = 0;
};

// Cue classes of cues.tsv.
enum class Cue : uint8_t {
  Report,
  According,
  Negation,
  Hypothetical,
  Future,
  Casualty,
  Tally,
  Victim,
  Materiel,
  Fate,
  Source,
  Relation,
  Sector,
  Background,
  SelfRef,
  Labour,
  Release,
  Disaster,
  Party,
  Container,
  Landmark,
  Target,
  Weapon,
  Collective,
  Aspect,
  Person,
  Animal,
  Death,
  Perform,
  kCount
};

// A cue class's name in cues.tsv ("report"): --explain names a cue row "class:phrase".
const char* cue_name(Cue c);

struct EventLexicon {
  std::vector<TriggerDef> triggers;
  PhraseTable trigger_phrases;  // value: index into triggers
  // Triggers the trigger pass turns others into (index_triggers(); -1 = none):
  // a labour strike (PROTEST/strike), an eased restriction (RETREAT/ease) and
  // the first strong threat of force (THREATEN/violence).
  int labour_strike = -1, eased = -1, threat = -1;
  void index_triggers() {
    labour_strike = eased = threat = -1;
    for (size_t k = 0; k < triggers.size(); ++k) {
      const TriggerDef& d = triggers[k];
      int i = static_cast<int>(k);
      if (labour_strike < 0 && d.type == "PROTEST" && d.mode == "strike") labour_strike = i;
      if (eased < 0 && d.type == "RETREAT" && d.mode == "ease") eased = i;
      if (threat < 0 && d.type == "THREATEN" && d.mode == "violence" && !(d.flags & kWeak)) threat = i;
    }
  }

  PhraseTable cues[static_cast<int>(Cue::kCount)];  // value: index into cue_values
  std::vector<std::string> cue_values;

  std::vector<CountryDef> countries;
  // value: country index * 4 + kind (0 name, 1 adjective, 2 people)
  PhraseTable country_phrases;
  std::vector<GroupDef> groups;
  PhraseTable group_phrases;  // value: index into groups
  // International news outlets named after a country (outlets.tsv: "Agence
  // France-Presse"): a source so named tells no home country of its reports.
  PhraseTable outlet_phrases;
  // National outlets and the one country each covers (outlet_homes.tsv, learnt
  // from ACLED development rows: "Radio Okapi" -> COD).
  PhraseTable outlet_home_phrases;  // value: index into outlet_homes
  std::vector<std::string> outlet_homes;

  // Which tables have a phrase starting with a word: bit c for cue class c,
  // then kMaskTrigger, kMaskCountry, kMaskGroup. One lookup per token lets the
  // passes skip every table that cannot match there.
  static constexpr int kMaskTrigger = static_cast<int>(Cue::kCount);
  static constexpr int kMaskCountry = kMaskTrigger + 1;
  static constexpr int kMaskGroup = kMaskTrigger + 2;
  // The masks are 32 bits: a new cue class past this needs a wider mask.
  static_assert(kMaskGroup < 32, "cue classes + 3 table bits must fit the 32-bit first-word mask");
  std::unordered_map<std::string, uint32_t, SvHash, std::equal_to<>> first_word_mask;
  // mask_of runs once per token of every report: an open-addressing copy of
  // first_word_mask (index_masks() builds it after loading).
  struct MaskSlot {
    uint64_t hash = 0;  // 0 = empty
    uint32_t mask = 0;
    const std::string* word = nullptr;
  };
  std::vector<MaskSlot> mask_slots;
  static uint64_t word_hash(std::string_view w) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : w) h = (h ^ c) * 0x100000001b3ULL;
    return h | 1;
  }
  void index_masks() {
    size_t n = 16;
    while (n < first_word_mask.size() * 2) n <<= 1;
    mask_slots.assign(n, MaskSlot{});
    for (const auto& [w, m] : first_word_mask) {
      uint64_t h = word_hash(w);
      size_t i = h & (n - 1);
      while (mask_slots[i].hash) i = (i + 1) & (n - 1);
      mask_slots[i] = {h, m, &w};
    }
  }
  uint32_t mask_of(std::string_view w) const {
    if (mask_slots.empty()) return 0;
    uint64_t h = word_hash(w);
    const size_t m = mask_slots.size() - 1;
    for (size_t i = h & m;; i = (i + 1) & m) {
      const MaskSlot& s = mask_slots[i];
      if (!s.hash) return 0;
      if (s.hash == h && *s.word == w) return s.mask;
    }
  }

  // Words of the entity stage's tables the context pass reads (context.cc,
  // load_context_words): every word of a title (entities/titles.tsv) or an
  // honorific, organisation heads and force nouns (entities/nouns.tsv), the
  // words between a demonym and a force noun.
  using WordSet = std::unordered_set<std::string, SvHash, std::equal_to<>>;
  WordSet title_words, org_words, force_modifiers;

  // The rules of data/events/*.rules (pattern.h), compiled after the cues.
  std::shared_ptr<const PatternSet> patterns;

  std::vector<std::string> errors;
  // The event typing model (data/models/events.bin); null = curated labels only.
  std::shared_ptr<const typing::Model> typer;

  const PhraseTable& cue(Cue c) const { return cues[static_cast<int>(c)]; }
  std::string_view cue_value(int v) const { return cue_values[v]; }
};

// Fills lex's country table, title_words, org_words and force_modifiers from
// DATA/entities/{titles,nouns}.tsv (`data_dir` = DATA); a missing file adds an error.
// (Defined in context.cc, the pass that reads them.)
void load_context_words(const std::string& data_dir, EventLexicon& lex);

// Loads the files from `dir` (the folder holding them, e.g. DATA/events).
std::shared_ptr<const EventLexicon> load_event_lexicon(const std::string& dir);

// Loads them from the run-time data folder (pipeline/resources.h find_resource).
std::shared_ptr<const EventLexicon> load_event_lexicon_from_data(const std::string& data_dir);

}  // namespace sitrep::events
