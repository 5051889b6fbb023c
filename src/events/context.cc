#include "events/context.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <unordered_map>

#include "entities/entities.h"
#include "events/pattern.h"
#include "numbers/words.h"

namespace sitrep::events {

uint64_t Context::new_serial() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

namespace {

// The context.rules classes this pass reads (pass_names: looked up once per
// rule set and thread).
struct ContextTag {};
enum ContextClass : size_t {
  kTitleModifier,
  kOrgWord,
  kPartyModifierHead,
  kPartyGroupHead,
  kPartyGroupModifier,
  kContextClasses
};

bool in_class(const Context& ctx, ContextClass c, std::string_view w) {
  return pass_names<ContextTag, kContextClasses>(
             ctx,
             "context-title-modifier context-org-word context-party-modifier-head context-party-group-head "
             "context-party-group-modifier")
      .has(c, w);
}

// Words that may stand between a country or group and a person's name: titles.
bool is_title_word(const Context& ctx, std::string_view w) {
  return ctx.lex.title_words.count(w) || in_class(ctx, kTitleModifier, w);
}

bool is_org_word(const Context& ctx, std::string_view w) {
  return ctx.lex.org_words.count(w) || in_class(ctx, kOrgWord, w);
}

bool name_like(const Context& ctx, size_t i) {
  const Token& t = ctx.doc.tokens[i];
  if (t.kind != TokenKind::Word) return false;
  if (t.flags & kTokUpper) return true;
  // "al-Mughazi", "el-Sisi", "bin Salman": lower-case particles before a capital.
  std::string_view s = ctx.doc.token_text(i);
  if ((s.size() > 3 && (s.substr(0, 3) == "al-" || s.substr(0, 3) == "el-" || s.substr(0, 3) == "ad-") &&
       s[3] >= 'A' && s[3] <= 'Z'))
    return true;
  return false;
}

void lower_tokens(Context& ctx) {
  // entities/ folded the tokens already (Document::lower_text); a document
  // that skipped that stage is folded here, into ctx.arena.
  lower_token_views(ctx.doc, ctx.arena, ctx.low);
  ctx.mask.resize(ctx.low.size());
  for (size_t i = 0; i < ctx.low.size(); ++i) ctx.mask[i] = ctx.lex.mask_of(ctx.low[i]);
  const PatternSet& rules = patterns_of(ctx);
  ctx.classes.resize(ctx.low.size());
  for (size_t i = 0; i < ctx.low.size(); ++i) ctx.classes[i] = rules.classes_of(ctx.low[i]);
}

uint32_t token_at_byte(const Document& doc, uint32_t byte) {
  auto it = std::lower_bound(doc.tokens.begin(), doc.tokens.end(), byte,
                             [](const Token& t, uint32_t b) { return t.end <= b; });
  return static_cast<uint32_t>(it - doc.tokens.begin());
}

// The token range [*b, *e) of a layer's span: its own token indices, or the
// tokens its bytes [start, end) cover when it has none.
template <class Span>
void span_tokens(const Document& doc, const Span& x, uint32_t* b, uint32_t* e) {
  *b = x.tok_begin;
  *e = x.tok_end;
  if (*e > *b) return;
  *b = token_at_byte(doc, x.start);
  *e = token_at_byte(doc, x.end > 0 ? x.end - 1 : 0) + 1;
}

Chunk* add_chunk(Context& ctx, size_t b, size_t e, ChunkKind kind) {
  for (size_t k = b; k < e; ++k)
    if (ctx.chunk_of_tok[k] >= 0) return nullptr;
  Chunk c;
  c.b = static_cast<uint32_t>(b);
  c.e = static_cast<uint32_t>(e);
  c.kind = kind;
  ctx.chunks.push_back(std::move(c));
  for (size_t k = b; k < e; ++k) ctx.chunk_of_tok[k] = static_cast<int>(ctx.chunks.size() - 1);
  return &ctx.chunks.back();
}

std::string span_text(const Context& ctx, size_t b, size_t e) {
  if (b >= e) return "";
  return std::string(ctx.doc.view(ctx.doc.tokens[b].start, ctx.doc.tokens[e - 1].end));
}

// A country for an entity the upstream layers gave none: the groups or country
// table over its mentions' words ("Hamas", "Hamas leader Ismail Haniyeh").
void table_country(const Context& ctx, const Entity& en, std::string* country, std::string* sector) {
  const Document& doc = ctx.doc;
  for (const Mention& m : en.mentions) {
    if (m.kind == MentionKind::Pronoun) continue;
    uint32_t b = token_at_byte(doc, m.start);
    for (uint32_t i = b; i < doc.tokens.size() && doc.tokens[i].start < m.end; ++i) {
      int v = 0;
      if (ctx.may(EventLexicon::kMaskGroup, i) &&
          ctx.lex.group_phrases.match(ctx.low, i, doc.tokens.size(), &v)) {
        *country = ctx.lex.groups[v].alpha3;
        if (sector->empty()) *sector = ctx.lex.groups[v].sector;
        return;
      }
      int ci = 0, kind = 0;
      if (country_at(ctx, i, doc.tokens.size(), &ci, &kind) && doc.tokens[i].start < m.end) {
        *country = ctx.lex.countries[ci].alpha3;
        return;
      }
    }
  }
}

// Chunks from the entity layer.
void entity_chunks(Context& ctx) {
  const Document& doc = ctx.doc;
  for (size_t ei = 0; ei < doc.entities.size(); ++ei) {
    const Entity& en = doc.entities[ei];
    std::string fb_country, fb_sector;
    bool has_country = (en.actor && !en.actor->country.empty()) || (en.place && !en.place->country.empty());
    if (!has_country && en.type != EntityType::Place) table_country(ctx, en, &fb_country, &fb_sector);
    for (const Mention& m : en.mentions) {
      uint32_t b = token_at_byte(doc, m.start);
      uint32_t e = b;
      while (e < doc.tokens.size() && doc.tokens[e].start < m.end) ++e;
      if (b >= e) continue;
      // "the US dollar", "the Lebanese pound": a currency's name, no party or place.
      if (words::currency_at(doc, e)) continue;
      // "Urban guerrillas attacked …", "URBAN COMMANDOS": a capital the tagger
      // took for an organisation's name is a modifier of the party noun after
      // it (context-party-group-modifier), no organisation.
      if (en.type != EntityType::Place && e == b + 1 && in_class(ctx, kPartyGroupModifier, ctx.w(b)) &&
          ctx.cue_at(Cue::Party, e, doc.tokens.size()))
        continue;
      ChunkKind k = en.type == EntityType::Person  ? ChunkKind::Person
                    : en.type == EntityType::Org   ? ChunkKind::Org
                    : en.type == EntityType::Place ? ChunkKind::Place
                                                   : ChunkKind::Group;
      Chunk* c = add_chunk(ctx, b, e, k);
      if (!c) continue;
      c->entity = static_cast<int>(ei);
      c->name = en.name;
      if (en.actor) c->country = en.actor->country, c->sector = en.actor->sector;
      if (en.place) {
        if (c->country.empty()) c->country = en.place->country;
        c->lat = en.place->lat;
        c->lon = en.place->lon;
        c->admin1 = en.place->admin1;
        c->precision = en.place->precision;
        c->capital = en.place->feature == "PPLC" || en.place->feature == "BLDG";  // "the White House said"
      }
      if (c->country.empty()) c->country = fb_country;
      if (c->sector.empty()) c->sector = fb_sector;
      // A known armed group the entity layer took for a place ("Separately,
      // Hezbollah fired"): the group table's country and sector win.
      if (k == ChunkKind::Place) {
        int v = -1;
        if (ctx.lex.group_phrases.match(ctx.low, b, e, &v) == static_cast<int>(e - b) && v >= 0) {
          const GroupDef& g = ctx.lex.groups[v];
          c->kind = ChunkKind::Group;
          c->country = g.alpha3;
          c->sector = g.sector;
          c->lat.reset(), c->lon.reset();
          c->admin1.clear(), c->precision.clear();
        }
      }
      // A nationality adjective the entity layer took for a place ("the
      // salvadoran guerrillas"): a demonym modifying the noun after it.
      if (c->kind == ChunkKind::Place && e < doc.tokens.size() && doc.tokens[e].kind == TokenKind::Word) {
        int v = -1;
        if (ctx.lex.country_phrases.match(ctx.low, b, e, &v) == static_cast<int>(e - b) && v >= 0 &&
            v % 4 == 1) {
          const CountryDef& cd = ctx.lex.countries[static_cast<size_t>(v / 4)];
          c->kind = ChunkKind::Group, c->adjective = true;
          c->name = cd.people, c->country = cd.alpha3;
          c->lat.reset(), c->lon.reset();
          c->admin1.clear(), c->precision.clear();
          continue;
        }
      }
      c->possessor = e < doc.tokens.size() && ctx.w(e) == "'s";
      if (k == ChunkKind::Group && e < doc.tokens.size() && doc.tokens[e].kind == TokenKind::Word &&
          !(doc.tokens[e].flags & kTokUpper))
        c->adjective = true;
    }
  }
}

int sector_at(const Context& ctx, size_t i, size_t end, std::string* sector) {
  int v = 0;
  int n = ctx.cue_at(Cue::Sector, i, end, &v);
  if (n) *sector = std::string(ctx.lex.cue_value(v));
  return n;
}

// Extends a country or group chunk over titles to a following name:
// "US Secretary of State Antony Blinken", "Hamas leader Ismail Haniyeh".
size_t title_bridge(const Context& ctx, size_t e, size_t end, size_t* name_b) {
  size_t k = e;
  if (k < end && ctx.w(k) == "'s") ++k;
  size_t titles = 0;
  while (k < end && titles < 6 && is_title_word(ctx, ctx.w(k))) ++k, ++titles;
  if (titles == 0) return 0;
  size_t nb = k;
  while (k < end && name_like(ctx, k) && !is_title_word(ctx, ctx.w(k)) && !is_org_word(ctx, ctx.w(k))) ++k;
  if (k == nb) return 0;
  *name_b = nb;
  return k;
}

// "police station", "police officers", "troops' positions": the party noun
// modifies another noun here (the phrase names no acting party).
bool noun_modifier_use(const Context& ctx, size_t next, size_t end) {
  if (next >= end) return false;
  return in_class(ctx, kPartyModifierHead, ctx.w(next));
}

// "a guerrilla column", "guerrilla urban commands", "terrorist squads": a party noun
// before a noun of an armed body (context-party-group-head, perhaps after one
// modifier) is that body's modifier; the phrase ends at the body's noun, which
// heads it. Returns the phrase's end (`e` when no such noun follows).
size_t party_group_end(const Context& ctx, size_t e, size_t end) {
  auto free = [&](size_t k) { return k < end && ctx.chunk_of_tok[k] < 0; };
  if (free(e) && in_class(ctx, kPartyGroupHead, ctx.w(e))) return e + 1;
  if (free(e) && free(e + 1) && in_class(ctx, kPartyGroupModifier, ctx.w(e)) &&
      in_class(ctx, kPartyGroupHead, ctx.w(e + 1)))
    return e + 2;
  return e;
}

// The country an unnamed party's own words give it: a demonym before it
// ("Chinese demonstrators", "Kyrgyz border guards") or a country after "of"
// ("military forces of Armenia", "soldiers of the Sudanese army" aside).
std::string party_country(const Context& ctx, size_t b, size_t e, size_t end) {
  if (b > 0) {
    int pc = ctx.chunk_of_tok[b - 1];
    if (pc >= 0 && ctx.chunks[pc].adjective && ctx.chunks[pc].e == b) return ctx.chunks[pc].country;
  }
  size_t k = e;
  if (k < end && ctx.w(k) == "of") {
    ++k;
    if (k < end && ctx.w(k) == "the") ++k;
    int ci = ctx.chunk_of_tok[k];
    if (ci >= 0) {
      const Chunk& c = ctx.chunks[ci];
      if (c.b == k && c.kind == ChunkKind::Place && !c.adjective && c.precision == "country")
        return c.country;
      return "";
    }
    int cn = 0, kind = 0;
    if (k < end && country_at(ctx, k, end, &cn, &kind) && kind == 0) return ctx.lex.countries[cn].alpha3;
  }
  return "";
}

void fallback_chunks(Context& ctx) {
  const Document& doc = ctx.doc;
  const EventLexicon& lex = ctx.lex;
  for (const Sentence& s : doc.sentences) {
    size_t end = s.tok_end;
    for (size_t i = s.tok_begin; i < end; ++i) {
      if (ctx.chunk_of_tok[i] >= 0) continue;
      int v = 0;
      // Countries, demonyms, places inside a country.
      int ci = 0, kind = 0;
      // (The mask test first: most tokens open no country phrase, and skip the call.)
      if (int n = ctx.may(EventLexicon::kMaskCountry, i) ? country_at(ctx, i, end, &ci, &kind) : 0;
          n && (name_like(ctx, i) || doc.tokens[i].flags & kTokAllUpper)) {
        const CountryDef& cd = lex.countries[ci];
        size_t e = i + n;
        // "the US dollar": a currency's name, no party.
        if (e < end && words::currency_at(doc, e)) {
          i = e - 1;
          continue;
        }
        std::string sector;
        size_t nb = 0;
        if (size_t ne = title_bridge(ctx, e, end, &nb); ne) {
          if (Chunk* c = add_chunk(ctx, i, ne, ChunkKind::Person)) {
            c->name = span_text(ctx, nb, ne), c->country = cd.alpha3, c->sector = "GOV";
            i = ne - 1;
            continue;
          }
        }
        if (kind == 1) {
          // "Israeli forces", "Palestinian security source", "Iraqi security forces"
          size_t k = e;
          while (k < end && k < e + 2 && !sector_at(ctx, k, end, &sector) &&
                 ctx.lex.force_modifiers.count(ctx.w(k)))
            ++k;
          if (int sn = sector_at(ctx, k, end, &sector)) {
            if (Chunk* c = add_chunk(ctx, i, k + sn, ChunkKind::Org)) {
              c->name = span_text(ctx, i, k + sn), c->country = cd.alpha3, c->sector = sector;
              c->possessor = k + sn < end && ctx.w(k + sn) == "'s";
            }
            i = k + sn - 1;
            continue;
          }
        }
        ChunkKind ck = kind == 2 || kind == 1 ? ChunkKind::Group : ChunkKind::Place;
        if (Chunk* c = add_chunk(ctx, i, e, ck)) {
          c->name = kind == 1 ? cd.people : span_text(ctx, i, e);
          c->country = cd.alpha3;
          c->adjective = kind == 1;
          c->possessor = e < end && ctx.w(e) == "'s";
          c->precision = kind == 0 ? "country" : "town";
          if (kind == 2) c->sector = "CVL";
        }
        i = e - 1;
        continue;
      }
      // "its forces", "their fighters": the party that reports them.
      if (ctx.cue_at(Cue::SelfRef, i, end) && i + 1 < end) {
        std::string sector;
        if (int sn = sector_at(ctx, i + 1, end, &sector)) {
          if (Chunk* c = add_chunk(ctx, i, i + 1 + sn, ChunkKind::Org)) {
            c->name = span_text(ctx, i, i + 1 + sn), c->sector = sector, c->selfref = true;
          }
          i += sn;
          continue;
        }
      }
      // Unnamed parties: "armed men", "suspected jihadists", "protesters".
      // (Not after a place it belongs to: "Montreal police" is the place's institution.)
      bool after_place = i > s.tok_begin && ctx.chunk_of_tok[i - 1] >= 0 &&
                         ctx.chunks[ctx.chunk_of_tok[i - 1]].kind == ChunkKind::Place &&
                         !ctx.chunks[ctx.chunk_of_tok[i - 1]].possessor;
      // (Nor after a named group it belongs to: "Al Shabaab militants", "JNIM fighters" are the group.)
      const Chunk* before =
          i > s.tok_begin && ctx.chunk_of_tok[i - 1] >= 0 ? &ctx.chunks[ctx.chunk_of_tok[i - 1]] : nullptr;
      bool after_org =
          before && before->entity >= 0 && !before->adjective &&
          (before->kind == ChunkKind::Org || (before->kind == ChunkKind::Person && !before->sector.empty()));
      int n = ctx.cue_at(Cue::Party, i, end, &v);
      if (n) n = static_cast<int>(party_group_end(ctx, i + n, end) - i);
      // ("the FMLN guerrilla forces": the whole phrase is the group's, no party of its own.)
      if (n && after_org && !noun_modifier_use(ctx, i + n, end)) {
        i += n - 1;
        continue;
      }
      if (n && !after_place && !after_org && !noun_modifier_use(ctx, i + n, end)) {
        if (Chunk* c = add_chunk(ctx, i, i + n, ChunkKind::Nominal)) {
          // An unnamed party is written in lower case ("Gunmen", "GUNMEN" → "gunmen").
          c->name.clear();
          for (size_t k = i; k < i + n; ++k) {
            if (k > i && ctx.doc.tokens[k].start > ctx.doc.tokens[k - 1].end) c->name += ' ';
            c->name += ctx.w(k);
          }
          c->sector = std::string(lex.cue_value(v));
          c->country = party_country(ctx, i, i + n, end);
        }
        i += n - 1;
        continue;
      }
    }
  }
}

std::string_view last_word(std::string_view name) {
  size_t p = name.rfind(' ');
  return p == std::string_view::npos ? name : name.substr(p + 1);
}

std::string lower(std::string_view s) {
  std::string o(s);
  for (auto& c : o)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return o;
}

// Countries for chunks that have none: a person's surname or an institution
// noun seen elsewhere with a country (and then that entity: "the army" after
// "the Salvadoran army"), a place "in" a known place, a pronoun's antecedent.
void fill_countries(Context& ctx) {
  std::unordered_map<std::string, size_t> known;  // lower surname → chunk
  for (size_t ci = 0; ci < ctx.chunks.size(); ++ci) {
    const Chunk& c = ctx.chunks[ci];
    if ((c.kind == ChunkKind::Person || c.kind == ChunkKind::Org) && !c.country.empty() && !c.name.empty()) {
      known.emplace(lower(last_word(c.name)), ci);
      known.emplace(lower(c.name), ci);
    }
  }
  for (auto& c : ctx.chunks) {
    if (!c.country.empty() || c.name.empty()) continue;
    if (auto it = known.find(lower(last_word(c.name))); it != known.end()) {
      const Chunk& k = ctx.chunks[it->second];
      c.country = k.country;
      if (c.sector.empty()) c.sector = k.sector;
      if (c.kind == ChunkKind::Nominal) c.kind = k.kind;
      c.name = k.name;
      // "the army" after "the Salvadoran army": that organisation, not a namesake.
      if (c.entity < 0) c.entity = k.entity;
      continue;
    }
    if (c.kind == ChunkKind::Place) {
      // "X refugee camp in the central Gaza Strip": the country of the next place.
      for (size_t k = c.e; k < c.e + 6 && k < ctx.chunk_of_tok.size(); ++k) {
        if (ctx.w(k) == "." || ctx.w(k) == ";") break;
        int o = ctx.chunk_of_tok[k];
        if (o >= 0 && &ctx.chunks[o] != &c && !ctx.chunks[o].country.empty() &&
            (ctx.chunks[o].kind == ChunkKind::Place)) {
          c.country = ctx.chunks[o].country;
          break;
        }
      }
    }
  }
  // Pronouns (only when the entity layer did no coreference).
  if (!ctx.doc.entities.empty()) return;
  int last_person = -1;
  size_t n = ctx.doc.tokens.size();
  for (size_t i = 0; i < n; ++i) {
    int ci = ctx.chunk_of_tok[i];
    if (ci >= 0) {
      if (ctx.chunks[ci].kind == ChunkKind::Person) last_person = ci;
      i = ctx.chunks[ci].e - 1;
      continue;
    }
    std::string_view w = ctx.w(i);
    if ((w == "he" || w == "she") && last_person >= 0) {
      Chunk copy = ctx.chunks[last_person];
      Chunk* c = add_chunk(ctx, i, i + 1, ChunkKind::Person);
      if (c) {
        c->name = copy.name, c->country = copy.country, c->sector = copy.sector, c->entity = copy.entity;
      }
      last_person = static_cast<int>(ctx.chunks.size() - 1);
    }
  }
}

}  // namespace

int country_at(const Context& ctx, size_t i, size_t end, int* country, int* kind) {
  if (!ctx.may(EventLexicon::kMaskCountry, i)) return 0;
  int v = 0;
  int n = ctx.lex.country_phrases.match(ctx.low, i, end, &v);
  if (!n) return 0;
  *country = v / 4;
  *kind = v % 4;
  return n;
}

namespace {

// The country more than half of the report's places lie in ("" when there is
// none), counting its place names or, with `parties`, its demonyms and the
// parties of a known country ("Kenyan policemen").
std::string home_country_of(const std::vector<Chunk>& chunks, bool parties) {
  std::vector<std::pair<std::string_view, int>> seen;
  std::string_view home;
  int best = 0, total = 0;
  for (const Chunk& c : chunks) {
    bool place_name = c.kind == ChunkKind::Place && !c.adjective;
    if (place_name == parties || c.country.empty()) continue;
    ++total;
    auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& x) { return x.first == c.country; });
    if (it == seen.end()) it = seen.insert(seen.end(), {c.country, 0});
    if (++it->second > best) best = it->second, home = c.country;
  }
  return best * 2 > total ? std::string(home) : std::string();
}

}  // namespace

// The one country the report's source names ("Libya Herald", "Zambian
// Watchdog", "La Nation (Benin)"), or "" when it names none or several.
// Several sources are separated by ";"; an edition's language after " - "
// ("Xinhua - French") and international outlets (outlets.tsv: "Agence
// France-Presse") name no home; a national outlet of outlet_homes.tsv ("Radio
// Okapi") names its country.
std::string outlet_country(const EventLexicon& lex, const std::optional<std::string>& src) {
  if (!src || src->size() > 300) return {};
  std::string_view found;
  size_t from = 0;
  while (from <= src->size()) {
    size_t semi = std::min(src->find(';', from), src->size());
    std::string_view part(src->data() + from, semi - from);
    from = semi + 1;
    part = part.substr(0, part.find(" - "));
    std::vector<std::string> words;
    std::string w;
    for (char ch : std::string(part) + " ") {
      if (std::isalnum(static_cast<unsigned char>(ch)) || (ch & 0x80)) {
        w += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      } else if (!w.empty()) {
        words.push_back(std::move(w));
        w.clear();
      }
    }
    std::vector<std::string_view> views(words.begin(), words.end());
    // A national outlet covers its country ("Radio Okapi": DR Congo).
    if (int v = 0; !views.empty() && lex.outlet_home_phrases.match(views, 0, views.size(), &v) ==
                                         static_cast<int>(views.size())) {
      std::string_view c = lex.outlet_homes[v];
      if (!found.empty() && found != c) return {};
      found = c;
      continue;
    }
    bool international = false;
    for (size_t i = 0; i < views.size() && !international; ++i) {
      int v = 0;
      international = lex.outlet_phrases.match(views, i, views.size(), &v) > 0;
    }
    for (size_t i = 0; i < views.size() && !international; ++i) {
      int v = 0;
      int n = lex.country_phrases.match(views, i, views.size(), &v);
      if (!n) continue;
      std::string_view c = lex.countries[v / 4].alpha3;
      if (!found.empty() && found != c) return {};
      found = c;
      i += n - 1;
    }
  }
  return std::string(found);
}

void build_context(Context& ctx) {
  const Document& doc = ctx.doc;
  lower_tokens(ctx);
  size_t n = doc.tokens.size();
  // Quantities.
  ctx.nums.clear();
  for (const Quantity& q : doc.numbers) {
    Num x;
    span_tokens(doc, q, &x.tok_begin, &x.tok_end);
    if (q.low) x.low = static_cast<int64_t>(*q.low);
    if (q.high) x.high = static_cast<int64_t>(*q.high);
    x.approx = q.approx;
    x.value = static_cast<int64_t>(q.value);
    ctx.nums.push_back(x);
  }
  // Times.
  ctx.times.clear();
  ctx.long_span_sentence.assign(doc.sentences.size(), false);
  auto mark_long = [&](uint32_t byte) {
    uint32_t tk = token_at_byte(doc, byte);
    if (tk < n) ctx.long_span_sentence[doc.tokens[tk].sentence] = true;
  };
  for (const TimeExpr& t : doc.times) {
    if (t.type == TimeType::Duration) {
      // P4DE, P2Y, P6M: a month or more.
      const std::string& v = t.value;
      bool days_only =
          v.find('T') != std::string::npos || (!v.empty() && (v.back() == 'D' || v.back() == 'W'));
      if (v.size() > 2 && v[0] == 'P' && !days_only && v.back() != 'H') mark_long(t.start);
      continue;
    }
    if (t.type != TimeType::Date && t.type != TimeType::Time) continue;
    if (t.first && t.last && t.last->to_days() - t.first->to_days() >= 300) mark_long(t.start);
    if (!t.first || !t.last) continue;
    TimeRef r;
    span_tokens(doc, t, &r.tok_begin, &r.tok_end);
    r.first = t.first;
    r.last = t.last;
    r.relative = t.relative;
    int64_t days = t.last->to_days() - t.first->to_days() + 1;
    r.precision = days == 1     ? "day"
                  : days <= 7   ? "week"
                  : days <= 31  ? "month"
                  : days <= 366 ? "year"
                                : "unknown";
    if (days > 1 && days < 7) r.precision = "days";
    ctx.times.push_back(r);
  }
  ctx.num_of_tok.assign(n, -1);
  for (size_t k = 0; k < ctx.nums.size(); ++k)
    for (uint32_t t = ctx.nums[k].tok_begin; t < ctx.nums[k].tok_end && t < n; ++t)
      ctx.num_of_tok[t] = static_cast<int>(k);
  ctx.time_of_tok.assign(n, -1);
  for (size_t k = 0; k < ctx.times.size(); ++k)
    for (uint32_t t = ctx.times[k].tok_begin; t < ctx.times[k].tok_end && t < n; ++t)
      ctx.time_of_tok[t] = static_cast<int>(k);
  ctx.in_duration.assign(n, 0);
  for (const TimeExpr& t : doc.times) {
    if (t.type != TimeType::Duration) continue;
    uint32_t b = 0, e = 0;
    span_tokens(doc, t, &b, &e);
    for (uint32_t k = b; k < e && k < n; ++k) ctx.in_duration[k] = 1;
  }
  // Chunks.
  ctx.chunks.clear();
  ctx.chunks.reserve(n + 4);  // never reallocates: add_chunk hands out pointers
  ctx.chunk_of_tok.assign(n, -1);
  entity_chunks(ctx);
  fallback_chunks(ctx);
  fill_countries(ctx);
  // Chunks in token order (entity chunks were added per entity).
  std::vector<size_t> order(ctx.chunks.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return ctx.chunks[a].b < ctx.chunks[b].b; });
  std::vector<Chunk> sorted;
  sorted.reserve(order.size());
  for (size_t k : order) sorted.push_back(std::move(ctx.chunks[k]));
  ctx.chunks = std::move(sorted);
  ctx.chunk_of_tok.assign(n, -1);
  for (size_t k = 0; k < ctx.chunks.size(); ++k)
    for (uint32_t t = ctx.chunks[k].b; t < ctx.chunks[k].e && t < n; ++t)
      ctx.chunk_of_tok[t] = static_cast<int>(k);
  ctx.home_country = home_country_of(ctx.chunks, false);
  // A report that names no place of its own ("Kenyan policemen were killed
  // in an ambush") is told from the country its demonyms and parties name.
  if (ctx.home_country.empty()) ctx.home_country = home_country_of(ctx.chunks, true);
  // Else from the country its source is named after or covers ("Sudan
  // Tribune", "Radio Okapi"; the pipeline sets it, outlet_country).
  if (ctx.home_country.empty()) ctx.home_country = doc.source_country;
}

namespace {

// The rows of a data TSV after its header comments and column line, split at tabs.
template <class Fn>
bool for_each_table_row(const std::string& path, Fn fn) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> f;
    for (size_t b = 0;;) {
      size_t t = line.find('\t', b);
      f.push_back(lower(line.substr(b, t == std::string::npos ? std::string::npos : t - b)));
      if (t == std::string::npos) break;
      b = t + 1;
    }
    fn(f);
  }
  return true;
}

}  // namespace

// The country table (EventLexicon::countries, country_phrases) from the one
// home of each fact: country names from entities/nations.tsv and
// lexicon/country_aliases.tsv, nationality adjectives and peoples from
// nations.tsv and lexicon/demonyms.tsv. Per country the names are added
// first, then the adjectives, then the people (a phrase's first entry wins).
void load_countries(const std::string& data_dir, EventLexicon& lex) {
  namespace fs = std::filesystem;
  struct Build {
    std::string display, people;
    std::vector<std::string> names, adjectives, peoples;
  };
  std::vector<std::string> order;
  std::unordered_map<std::string, Build> by;
  auto of = [&](const std::string& iso) -> Build& {
    auto [it, fresh] = by.try_emplace(iso);
    if (fresh) order.push_back(iso);
    return it->second;
  };
  auto path = [&](const char* sub, const char* f) { return (fs::path(data_dir) / sub / f).string(); };
  auto read = [&](const std::string& file, auto fn) {
    std::ifstream in(file);
    if (!in) return lex.errors.push_back("cannot read " + file);
    std::string line;
    bool header = true;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string> f;
      for (size_t b = 0;;) {
        size_t t = line.find('\t', b);
        f.push_back(line.substr(b, t == std::string::npos ? std::string::npos : t - b));
        if (t == std::string::npos) break;
        b = t + 1;
      }
      if (!header) fn(f);
      header = false;
    }
  };
  read(path("entities", "nations.tsv"), [&](const std::vector<std::string>& f) {
    if (f.size() < 3 || f[0] == "-") return;
    Build& b = of(f[0]);
    if (f[1] == "country") {
      if (b.display.empty()) b.display = f[2];
      b.names.push_back(lower(f[2]));
    } else if (f[1] == "demonym") {
      b.adjectives.push_back(lower(f[2]));
    } else if (f[1] == "people") {
      if (b.people.empty()) b.people = f[2];
      b.peoples.push_back(lower(f[2]));
    }
  });
  read(path("lexicon", "country_aliases.tsv"), [&](const std::vector<std::string>& f) {
    if (f.size() >= 2 && !f[1].empty()) of(f[1]).names.push_back(lower(f[0]));
  });
  // demonyms.tsv: name, group (its plural people), country, kind. A name
  // that is its own group is a people ("Palestinians"), unless the group has
  // no other form ("Burmese" is adjective and people).
  std::unordered_map<std::string, int> forms;  // group → rows naming it
  std::vector<std::vector<std::string>> rows;
  read(path("lexicon", "demonyms.tsv"), [&](const std::vector<std::string>& f) {
    if (f.size() < 4 || f[3] != "nationality" || f[2].empty()) return;
    rows.push_back(f);
    ++forms[f[1]];
  });
  for (const auto& f : rows) {
    Build& b = of(f[2]);
    if (b.people.empty()) b.people = f[1];
    if (f[0] != f[1] || forms[f[1]] == 1) b.adjectives.push_back(lower(f[0]));
    if (f[0] == f[1]) b.peoples.push_back(lower(f[0]));
  }
  for (const std::string& iso : order) {
    Build& b = by[iso];
    if (b.names.empty() && b.adjectives.empty()) continue;
    int idx = static_cast<int>(lex.countries.size());
    if (b.display.empty()) b.display = b.names.empty() ? iso : b.names.front();
    lex.countries.push_back({iso, b.display, b.people});
    for (const auto& n : b.names) lex.country_phrases.add(n, idx * 4 + 0);
    for (const auto& n : b.adjectives) lex.country_phrases.add(n, idx * 4 + 1);
    for (const auto& n : b.peoples) lex.country_phrases.add(n, idx * 4 + 2);
  }
}

void load_context_words(const std::string& data_dir, EventLexicon& lex) {
  load_countries(data_dir, lex);
  namespace fs = std::filesystem;
  std::string titles = (fs::path(data_dir) / "entities" / "titles.tsv").string();
  bool ok = for_each_table_row(titles, [&](const std::vector<std::string>& f) {
    std::string_view t = f[0];
    while (!t.empty()) {
      size_t sp = t.find(' ');
      if (sp) lex.title_words.emplace(t.substr(0, sp));
      t.remove_prefix(sp == std::string_view::npos ? t.size() : sp + 1);
    }
  });
  if (!ok) lex.errors.push_back("cannot read " + titles);
  std::string nouns = (fs::path(data_dir) / "entities" / "nouns.tsv").string();
  ok = for_each_table_row(nouns, [&](const std::vector<std::string>& f) {
    if (f.size() < 2) return;
    const std::string& use = f[1];
    if (use == "honorific") lex.title_words.insert(f[0]);
    if (use == "orghead" || use == "force") lex.org_words.insert(f[0]);
    if (use == "modifier" || use == "force") lex.force_modifiers.insert(f[0]);
  });
  if (!ok) lex.errors.push_back("cannot read " + nouns);
}

bool month_beside_number(const Context& ctx, size_t i) {
  // The neighbours first: most words have no number beside them, and the
  // word lookup costs more than two token kinds.
  bool before = i > 0 && ctx.doc.tokens[i - 1].kind == TokenKind::Number;
  bool after = i + 1 < ctx.doc.tokens.size() && ctx.doc.tokens[i + 1].kind == TokenKind::Number;
  return (before || after) && words::lookup(ctx.w(i)).cls == words::W::Month;
}

}  // namespace sitrep::events
