// Entity stage: tagger spans → Document::entities (PERSON ORG PLACE GROUP)
// with every mention (name | nominal | pronoun) of each entity in the report.
// Input: a segmented Document (tokens, sentences), the tagger model (may be
// null: then only table-driven mentions), and small curated tables
// (data/entities/*.tsv). Output: doc.entities, ids e1… in order of first
// mention, mentions sorted, canonical name = longest name mention; titles are
// kept apart from names and become actor.role. Cost: one tagger pass plus a
// few linear passes over tokens; coreference looks back a bounded window.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/flat_map.h"
#include "entities/ner.h"
#include "sitrep/document.h"

namespace sitrep {

// Lower-cased token texts (ASCII letters folded; U+2018 and U+2019 become '):
// fills doc.lower_text / doc.lower_tok, one arena per document; the stages
// after entities/ reuse them.
void lower_tokens(Document& doc);
// Views of the lower-cased tokens: doc's when they cover every token, else
// folded into `arena` (no allocation per token). Valid while doc / arena live.
void lower_token_views(const Document& doc, std::string& arena, std::vector<std::string_view>& out);

// String-keyed tables looked up with a string_view (no key string built).
template <class V>
using SvMap = FlatStrMap<V>;

// Case-insensitive whole-token phrase table: phrase → value index. Matching
// reads lower-cased token texts (lower_tokens).
class PhraseTable {
 public:
  using Words = std::vector<std::string_view>;
  void add(std::string_view phrase, int value);
  // Longest phrase starting at token i of `low` (not past token `limit`);
  // returns its value and sets *len, or -1.
  int match_at(const Words& low, size_t i, size_t limit, size_t* len) const;
  // Longest phrase ending at token j (inclusive), not before token `floor`.
  int match_ending(const Words& low, size_t j, size_t floor, size_t* len) const;
  // A one-word phrase equal to w (case-insensitive), or -1.
  int match_word(std::string_view w) const;
  bool empty() const { return first_.empty(); }

 private:
  struct Entry {
    std::vector<std::string> words;
    int value;
  };
  // By lower-cased first word.
  SvMap<std::vector<Entry>> first_;
  size_t longest_ = 0;
};

struct EntityTables {
  enum class NationKind : uint8_t { Country, Demonym, People, Collective };
  struct Nation {
    std::string iso3;  // "" for collectives
    NationKind kind;
  };
  struct Title {
    std::string role;
    std::string sector;      // "" when the title alone does not say
    std::string role_lower;  // role, lower-cased
  };
  std::vector<Nation> nations;
  PhraseTable nation_phrases;
  std::vector<Title> titles;
  PhraseTable title_phrases;
  SvMap<std::string> force;  // noun → sector
  SvMap<bool> modifier, orghead, placecue, honorific, routehead;
  PhraseTable placehead;
  SvMap<EntityType> describes;
};

// Parses the three tables from their TSV text (header comments and the
// column line skipped). False and *error on a malformed line.
bool parse_entity_tables(std::string_view nations, std::string_view titles, std::string_view nouns,
                         EntityTables* out, std::string* error);
// Reads entities/{nations,titles,nouns}.tsv from the data folder.
bool load_entity_tables(const std::string& data_dir, EntityTables* out, std::string* error);

// Builds doc.entities from tagger spans (token ranges) — the part after the
// tagger, exposed so it can be tested without a model.
void build_entities(Document& doc, const std::vector<ner::NerSpan>& spans, const EntityTables& tables);

// Runs the tagger over the document's tokens, then build_entities.
void find_entities(Document& doc, const ner::Model* model, const EntityTables& tables);

// In a document without case (doc.text_case not Mixed) capitals say nothing:
// rewrites the Word tokens' kTokUpper from the tagger's spans and sentence
// starts, kTokAllUpper for one-word acronym organisations in ALL CAPS text and
// the dateline's place, so later stages read it as sentence case. find_entities
// calls it.
void truecase_flags(Document& doc, const std::vector<ner::NerSpan>& spans);

}  // namespace sitrep
