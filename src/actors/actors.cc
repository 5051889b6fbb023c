#include "actors/actors.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/ascii.h"

namespace sitrep {
namespace {

// The actor of dictionary entry `id` on `date`: its role's code, country,
// sector, office and organisation; without a role, its country as the code.
ActorInfo actor_from(const Lexicon& lex, uint32_t id, std::optional<Date> date) {
  ActorInfo a;
  a.country = lex.country(id);
  if (const LexRole* r = lex.role_on(id, date)) {
    a.code = std::string(lex.str(r->code));
    if (r->country.len) a.country = std::string(lex.str(r->country));
    a.sector = std::string(lex.str(r->sector));
    a.role = std::string(lex.str(r->role));
    a.org = std::string(lex.str(r->org));
  } else {
    a.code = a.country;
  }
  return a;
}

// The dictionary actor a tagger entity's names name: the first actor entry
// of the first of its names (the entity's name, then each name mention as
// written) that is a key; -1 when none.
int named_actor(const Document& doc, const Lexicon& lex, const Entity& en) {
  std::vector<std::string_view> names{en.name};
  for (const auto& m : en.mentions)
    if (m.kind == MentionKind::Name) names.push_back(doc.view(m.start, m.end));
  std::unordered_set<std::string_view> seen;
  for (std::string_view n : names) {
    if (!seen.insert(n).second) continue;  // written as before: found as before
    const LexSlot* s = lex.find_name(n);
    if (!s) continue;
    for (uint32_t k = 0; k < s->post_count; ++k) {
      uint32_t id = lex.postings(*s)[k] & kPostIdMask;
      if (lex.entry(id).kind == LexKind::Actor) return static_cast<int>(id);
    }
  }
  return -1;
}

// How an actor entry's canonical name is written, for `actor_entry`.
enum class Initial { Any, Capital, Lower };

// The first actor entry among a key's postings whose type (extra) is `type`,
// whose canonical name starts as `initial` says, and, with `own_name`, that
// the key names by the entry's own name (not an alternate one); -1 when none.
int actor_entry(const Lexicon& lex, const LexSlot* s, std::string_view type, Initial initial,
                bool own_name = false) {
  for (uint32_t k = 0; s && k < s->post_count; ++k) {
    const uint32_t post = lex.postings(*s)[k];
    const LexEntry& e = lex.entry(post & kPostIdMask);
    if (e.kind != LexKind::Actor || lex.str(e.extra) != type || (own_name && (post & kPostAltName))) continue;
    std::string_view name = lex.str(e.name);
    const bool capital = !name.empty() && name[0] >= 'A' && name[0] <= 'Z';
    if (initial == Initial::Any || capital == (initial == Initial::Capital))
      return static_cast<int>(post & kPostIdMask);
  }
  return -1;
}

// Whether a key names a place by the place's own name.
bool place_own_name(const Lexicon& lex, const LexSlot* s) {
  for (uint32_t k = 0; s && k < s->post_count; ++k) {
    const uint32_t post = lex.postings(*s)[k];
    if (is_place_kind(lex.entry(post & kPostIdMask).kind) && !(post & kPostAltName)) return true;
  }
  return false;
}

// Without case the tagger may take the noun after an organisation's name into
// the name ("SHINING PATH GUERRILLAS"): a name whose last word is a generic
// agent (data/actors/agents.tsv: "guerrillas", "rebels") and whose other
// words name an organisation of the dictionary is that organisation's name,
// the noun left outside it. The organisation's entry; -1 (nothing changed)
// otherwise.
int cut_agent_noun(Document& doc, const Lexicon& lex, Entity& en) {
  if (doc.text_case == TextCase::Mixed || (en.type != EntityType::Org && en.type != EntityType::Person))
    return -1;
  const size_t sp = en.name.rfind(' ');
  if (sp == std::string::npos) return -1;
  const std::string_view head = std::string_view(en.name).substr(0, sp);
  const std::string_view agent = std::string_view(en.name).substr(sp + 1);
  if (actor_entry(lex, lex.find_name(agent), "GROUP", Initial::Lower) < 0) return -1;
  const int org = actor_entry(lex, lex.find_name(head), "ORG", Initial::Capital);
  if (org < 0) return -1;
  for (auto& m : en.mentions) {  // (only the mentions that end with the noun)
    if (m.kind != MentionKind::Name || m.end <= m.start || m.end > doc.text.size()) continue;
    const uint32_t last = doc.token_at(m.end - 1);
    if (last > 0 && doc.tokens[last].start > m.start && ascii_ieq(doc.token_text(last), agent))
      m.end = doc.tokens[last - 1].end;
  }
  en.name = std::string(head);
  return org;
}

// Without case the tagger may cut an organisation's name short ("AL-QASSAM"
// of "AL-QASSAM BRIGADES", "al" of "al-qassam brigades"): an ORG name mention
// grows over the rest of its token and up to three tokens after it, in its
// sentence, to the longest name of a dictionary organisation, never over a
// generic agent noun ("ELN rebels" stays "ELN", see cut_agent_noun); the name
// mentions of other entities inside the grown span go with it.
void grow_cut_organisations(Document& doc, const Lexicon& lex) {
  if (doc.text_case == TextCase::Mixed) return;
  std::vector<std::pair<uint32_t, uint32_t>> grown;
  for (Entity& en : doc.entities) {
    if (en.type != EntityType::Org) continue;
    for (auto& m : en.mentions) {
      if (m.kind != MentionKind::Name || m.end <= m.start || m.end > doc.text.size()) continue;
      const uint32_t last = doc.token_at(m.end - 1);
      const uint32_t sent = doc.tokens[last].sentence;
      uint32_t best = m.end;
      for (uint32_t t = doc.tokens[last].end > m.end ? last : last + 1;
           t < doc.tokens.size() && t <= last + 3 && doc.tokens[t].sentence == sent &&
           doc.tokens[t].kind == TokenKind::Word;
           ++t)
        if (actor_entry(lex, lex.find_name(doc.view(m.start, doc.tokens[t].end)), "ORG", Initial::Any,
                        true) >= 0 &&
            actor_entry(lex, lex.find_name(doc.token_text(t)), "GROUP", Initial::Lower) < 0)
          best = doc.tokens[t].end;
      if (best == m.end) continue;
      const bool whole = en.name == doc.view(m.start, m.end);
      m.end = best;
      if (whole) en.name = std::string(doc.view(m.start, m.end));
      grown.emplace_back(m.start, m.end);
    }
  }
  if (grown.empty()) return;
  auto inside = [&](const Mention& m) {
    if (m.kind != MentionKind::Name) return false;
    for (const auto& [b, e] : grown)
      if (m.start >= b && m.end <= e && !(m.start == b && m.end == e)) return true;
    return false;
  };
  for (Entity& en : doc.entities) std::erase_if(en.mentions, inside);
  std::erase_if(doc.entities, [](const Entity& en) { return en.mentions.empty(); });
}

// A tagger PLACE whose name is an organisation's own name in the dictionary
// and a place's only by an alternate name ("Hamas", an alternate name of
// Hamm): the organisation's entry; -1 when the name is a place's own name or
// no organisation's.
int organisation_not_place(const Lexicon& lex, const Entity& en) {
  const LexSlot* s = lex.find_name(en.name);
  return place_own_name(lex, s) ? -1 : actor_entry(lex, s, "ORG", Initial::Capital, true);
}

// A tagger ORG, PERSON or GROUP: the lexicon's actor of that name, or
// nationality + institution ("Israeli army", "Iraqi security forces").
void tagger_actor(const Document& doc, const Lexicon& lex, Entity& en, int actor, std::optional<Date> date) {
  if (actor >= 0) {
    en.actor = actor_from(lex, static_cast<uint32_t>(actor), date);
    return;
  }
  if (en.type != EntityType::Org) return;
  std::string_view nm = en.name;
  size_t sp = nm.find(' ');
  if (sp == std::string_view::npos) return;
  // The first word's nationality, else its country ("Chad government"):
  // the key's first demonym entry, else its first place entry if a country.
  int dem = -1, place = -1;
  if (const LexSlot* s = lex.find_name(nm.substr(0, sp)))
    for (uint32_t k = 0; k < s->post_count; ++k) {
      uint32_t id = lex.postings(*s)[k] & kPostIdMask;
      LexKind kind = lex.entry(id).kind;
      if (is_place_kind(kind) && place < 0) place = static_cast<int>(id);
      if (kind == LexKind::Demonym && dem < 0) dem = static_cast<int>(id);
    }
  std::string country = dem >= 0 ? lex.country(static_cast<uint32_t>(dem))
                        : (place >= 0 && lex.entry(static_cast<uint32_t>(place)).kind == LexKind::Country)
                            ? lex.country(static_cast<uint32_t>(place))
                            : "";
  if (country.empty() || en.mentions.empty()) return;
  uint32_t t = doc.token_at(en.mentions[0].start);
  uint32_t words = 0;
  for (uint32_t i = t + 1; i < doc.tokens.size() && doc.tokens[i].start < en.mentions[0].end; ++i) {
    if (const char* sec = institution_sector(doc, i, &words)) {
      en.actor = ActorInfo{country + sec, country, sec, "", ""};
      break;
    }
  }
}

// A lower-case Arabic article that opens a name ("al Shabaab", "ad-Dawla").
bool is_name_article(std::string_view w) {
  return w == "al" || w == "el" || w == "al-" || w == "ad" || w == "as";
}

// The tokens inside an entity mention that blocks an actor name. A
// collective word (a group of no country) opening an organisation's name
// ("Islamic" of "Islamic State", "Arab" of "Arab League") does not block the
// name: its GROUP mention gives way (add_actor_names). Nationalities do.
std::vector<uint8_t> blocking_tokens(const Document& doc) {
  const uint32_t n_tok = static_cast<uint32_t>(doc.tokens.size());
  std::vector<uint8_t> in_entity(n_tok, 0);
  for (const auto& en : doc.entities)
    for (const auto& m : en.mentions)
      if (en.type != EntityType::Group || (en.actor && !en.actor->country.empty()) ||
          (en.place && !en.place->country.empty()))
        for (uint32_t t = doc.token_at(m.start); t < n_tok && doc.tokens[t].start < m.end; ++t)
          in_entity[t] = 1;
  return in_entity;
}

// Dictionary keys outside the blocking mentions that may name an actor, in
// token order within each of two groups: the longest actor keys of the runs
// of capitalised words, then the tokens of letters and digits that are keys.
// A word that reads as an acronym, not as English: no vowel among its
// letters ("fmln", "cjng"), or three consonants to start that no English word
// starts with ("psdb"; not "str", "thr", "sch" …); of three letters, no vowel
// after the first ("eln", "epl", "idf"; not "ira", "eta", "ngo").
bool uncommon_acronym(std::string_view w) {
  auto low = [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); };
  auto vowel = [&](char c) { return std::strchr("aeiouy", low(c)) != nullptr; };
  if (w.size() < 3) return false;
  size_t vowels = 0;
  for (char c : w) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return false;
    vowels += vowel(c);
  }
  if (w.size() == 3) return !vowel(w[1]) && !vowel(w[2]);
  if (vowels == 0) return true;
  if (vowel(w[0]) || vowel(w[1]) || vowel(w[2])) return false;
  static constexpr std::string_view kOnsets[] = {"str", "spr", "scr", "spl", "thr",
                                                 "chr", "shr", "sch", "phr", "squ"};
  std::string head{low(w[0]), low(w[1]), low(w[2])};
  for (std::string_view o : kOnsets)
    if (head == o) return false;
  return true;
}

std::vector<LexMatch> candidate_names(const Document& doc, const Lexicon& lex,
                                      const std::vector<uint8_t>& in_entity) {
  const uint32_t n_tok = static_cast<uint32_t>(doc.tokens.size());
  const bool caseless = doc.text_case != TextCase::Mixed;
  std::vector<LexMatch> matches;
  // Only runs of capitalised words outside every entity can hold such a name
  // (few per report): the longest actor names inside each run, from the
  // lexicon layer (a longer key across the run's edge hides none).
  for (uint32_t t = 0; t < n_tok;) {
    // (In text without case an acronym by its letters counts as capitalised: "fmln".)
    auto free_cap = [&](uint32_t i) {
      return !in_entity[i] && doc.tokens[i].kind == TokenKind::Word &&
             (token_has_capital(doc, i) || (caseless && uncommon_acronym(doc.token_text(i))));
    };
    if (!free_cap(t)) {
      ++t;
      continue;
    }
    uint32_t e = t + 1;
    while (e < n_tok && doc.tokens[e].sentence == doc.tokens[t].sentence && free_cap(e)) ++e;
    longest_matches(doc, lex, t, e, kind_bit(LexKind::Actor), matches);
    t = e;
  }
  // Tokens of letters and digits ("M23") are also looked up on their own (a
  // whole-token probe: a run's longest match may hide them).
  for (uint32_t t = 0; t < n_tok; ++t) {
    // Such a token starts with a capital letter and holds a digit: its flags
    // say so (kTokUpper, kTokHasDigit) without reading it.
    if ((doc.tokens[t].flags & (kTokUpper | kTokHasDigit)) != (kTokUpper | kTokHasDigit)) continue;
    std::string_view w = doc.token_text(t);
    if (in_entity[t] || w.size() < 2 || w[0] < 'A' || w[0] > 'Z') continue;
    bool upper = false, digit = false;
    for (char c : w) {
      upper |= c >= 'A' && c <= 'Z';
      digit |= c >= '0' && c <= '9';
    }
    if (!upper || !digit || w.size() < 2) continue;
    if (const LexSlot* sl = lex.find_name(w); sl && sl->post_count > 0) {
      LexMatch m;
      m.tok_begin = t;
      m.tok_end = t + 1;
      m.start = doc.tokens[t].start;
      m.end = doc.tokens[t].end;
      m.slot = sl;
      matches.push_back(m);
    }
  }
  return matches;
}

// Armed groups and other actors the tagger missed, by a name of the actor
// dictionary that cannot be a common word: one with a digit or an acronym of
// three or more capitals ("M23", "JNIM", "CODECO"), or two or more
// capitalised words ("Allied Democratic Forces"). Outside every entity mention;
// each becomes an ORG with the dictionary's actor.
void add_actor_names(Document& doc, const Lexicon& lex, std::optional<Date> date) {
  std::vector<uint8_t> in_entity = blocking_tokens(doc);
  auto overlaps_entity = [&](const LexMatch& m) {
    for (uint32_t t = m.tok_begin; t < m.tok_end; ++t)
      if (in_entity[t]) return true;
    return false;
  };
  std::vector<LexMatch> matches = candidate_names(doc, lex, in_entity);
  std::map<uint32_t, size_t> entity_of_actor;
  std::vector<size_t> emptied;
  std::vector<std::pair<uint32_t, uint32_t>> taken;  // the organisations' names found here
  for (LexMatch& found : matches) {
    if (overlaps_entity(found)) continue;
    bool distinctive = true;
    for (uint32_t t = found.tok_begin; t < found.tok_end && distinctive; ++t)
      distinctive = token_has_capital(doc, t) ||
                    doc.token_text(t).find_first_of("0123456789") != std::string_view::npos;
    // (Text without case: an acronym by its letters, see below.)
    if (!distinctive &&
        !(doc.text_case != TextCase::Mixed && found.tok_end == found.tok_begin + 1 &&
          !(found.slot->flags & kKeyCommon) && uncommon_acronym(doc.token_text(found.tok_begin))))
      continue;
    // One word after a lower-case Arabic article ("the group al Shabaab") is
    // the article's name, which takes the article in.
    if (found.tok_end - found.tok_begin == 1 && found.tok_begin > 0 &&
        doc.tokens[found.tok_begin - 1].sentence == doc.tokens[found.tok_begin].sentence &&
        !in_entity[found.tok_begin - 1] && is_name_article(doc.token_text(found.tok_begin - 1))) {
      found.tok_begin -= 1;
      found.start = doc.tokens[found.tok_begin].start;
    } else if (found.tok_end - found.tok_begin == 1) {
      std::string_view w = doc.view(found.start, found.end);
      bool digit = false, all_caps = w.size() >= 3;
      for (char c : w) {
        digit |= c >= '0' && c <= '9';
        all_caps &= (c >= 'A' && c <= 'Z') || c == '-';
      }
      // Text without case ("fmln", "FMLN" in an ALL-CAPS wire) says nothing by its
      // letters: a word of three or more that is no common English word or first
      // name is the dictionary's acronym or name all the same.
      bool caseless_name =
          doc.text_case != TextCase::Mixed && w.size() >= 3 && !digit && !(found.slot->flags & kKeyCommon);
      if (caseless_name) {
        if (!uncommon_acronym(w)) continue;
      } else if (!digit && !all_caps) {
        continue;
      }
      // A dateline or headline in capitals is no acronym.
      if (!caseless_name && (doc.tokens[found.tok_begin].flags & kTokAllUpper)) {
        uint32_t sent = doc.tokens[found.tok_begin].sentence;
        int caps_words = 0;
        for (uint32_t t = doc.sentences[sent].tok_begin; t < doc.sentences[sent].tok_end && caps_words < 3;
             ++t)
          caps_words += doc.tokens[t].kind == TokenKind::Word && (doc.tokens[t].flags & kTokAllUpper) != 0;
        if (caps_words >= 3 && !digit) continue;
      }
    }
    // Organisations only (people and countries are the tagger's and the
    // gazetteer's), with a proper name (not a generic agent: "prime minister"),
    // by a name that is no place's.
    if (found.slot->kinds & kPlaceKinds) continue;
    int actor = -1;
    for (uint32_t k = 0; k < found.slot->post_count; ++k) {
      uint32_t post = lex.postings(*found.slot)[k];
      const LexEntry& e = lex.entry(post & kPostIdMask);
      std::string_view name = lex.str(e.name);
      if (e.kind == LexKind::Actor && !(post & kPostAltName) && lex.str(e.extra) == "ORG" && !name.empty() &&
          name[0] >= 'A' && name[0] <= 'Z') {
        actor = static_cast<int>(post & kPostIdMask);
        break;
      }
    }
    if (actor < 0) continue;
    LexMatch m = found;
    // "An Associated Press report": the article is no part of the name.
    while (m.tok_end - m.tok_begin > 1) {
      std::string_view w = doc.token_text(m.tok_begin);
      if (!ascii_ieq(w, "a") && !ascii_ieq(w, "an") && !ascii_ieq(w, "the")) break;
      ++m.tok_begin;
      m.start = doc.tokens[m.tok_begin].start;
    }
    auto [it, fresh] = entity_of_actor.emplace(static_cast<uint32_t>(actor), doc.entities.size());
    if (fresh) {
      Entity en;
      en.type = EntityType::Org;
      en.name = std::string(doc.view(m.start, m.end));
      en.actor = actor_from(lex, static_cast<uint32_t>(actor), date);
      doc.entities.push_back(std::move(en));
    }
    doc.entities[it->second].mentions.push_back({m.start, m.end, MentionKind::Name});
    for (uint32_t t = m.tok_begin; t < m.tok_end; ++t) in_entity[t] = 1;  // one name per token
    taken.emplace_back(m.start, m.end);
  }
  // GROUP mentions inside an organisation's name give way: one pass over the
  // groups' mentions, each looked up among the (sorted, disjoint) names.
  std::sort(taken.begin(), taken.end());
  auto inside_name = [&](const Mention& x) {
    auto it = std::lower_bound(taken.begin(), taken.end(), std::make_pair(x.end, uint32_t{0}));
    return it != taken.begin() && std::prev(it)->second > x.start;
  };
  for (size_t k = 0; k < doc.entities.size() && !taken.empty(); ++k) {
    Entity& en = doc.entities[k];
    if (en.type == EntityType::Group && std::erase_if(en.mentions, inside_name) > 0 && en.mentions.empty())
      emptied.push_back(k);
  }
  // Groups whose every mention was part of an organisation's name go.
  std::sort(emptied.rbegin(), emptied.rend());
  for (size_t k : emptied) doc.entities.erase(doc.entities.begin() + static_cast<std::ptrdiff_t>(k));
}

// Order by first mention; ids e1, e2, …
void order_entities(Document& doc) {
  for (auto& en : doc.entities)
    std::sort(en.mentions.begin(), en.mentions.end(),
              [](const Mention& a, const Mention& b) { return a.start < b.start; });
  // Sorted as indices, then moved once each (an Entity is large to swap).
  std::vector<std::pair<uint32_t, uint32_t>> by_first;  // (first mention, index)
  by_first.reserve(doc.entities.size());
  for (size_t i = 0; i < doc.entities.size(); ++i) {
    const Entity& en = doc.entities[i];
    by_first.emplace_back(en.mentions.empty() ? UINT32_MAX : en.mentions[0].start, static_cast<uint32_t>(i));
  }
  std::sort(by_first.begin(), by_first.end());  // ties keep their order: stable
  std::vector<Entity> sorted;
  sorted.reserve(by_first.size());
  for (const auto& o : by_first) sorted.push_back(std::move(doc.entities[o.second]));
  doc.entities = std::move(sorted);
  for (size_t i = 0; i < doc.entities.size(); ++i) {
    std::string& id = doc.entities[i].id;
    id.assign(1, 'e');
    id += std::to_string(i + 1);
  }
}

}  // namespace

const char* institution_sector(const Document& doc, uint32_t tok, uint32_t* words) {
  if (tok >= doc.tokens.size()) return nullptr;
  auto w = doc.token_text(tok);
  auto w2 = tok + 1 < doc.tokens.size() ? doc.token_text(tok + 1) : std::string_view();
  *words = 2;
  if ((ascii_ieq(w, "security") || ascii_ieq(w, "armed") || ascii_ieq(w, "defence") ||
       ascii_ieq(w, "defense") || ascii_ieq(w, "special") || ascii_ieq(w, "air") ||
       ascii_ieq(w, "occupation")) &&
      (ascii_ieq(w2, "forces") || ascii_ieq(w2, "force")))
    return "MIL";
  *words = 1;
  static constexpr std::string_view kMil[] = {"army",     "forces",    "military",   "troops",
                                              "soldiers", "navy",      "warplanes",  "jets",
                                              "tanks",    "artillery", "military's", "army's"};
  static constexpr std::string_view kGov[] = {"government", "authorities", "officials",      "ministry",
                                              "cabinet",    "police",      "administration", "regime"};
  if (ascii_ieq_any(w, kMil)) return "MIL";
  if (ascii_ieq_any(w, kGov)) return "GOV";
  if (ascii_ieq(w, "parliament")) return "LEG";
  return nullptr;
}

void link_actors(Document& doc, const Lexicon& lex) {
  grow_cut_organisations(doc, lex);
  for (Entity& en : doc.entities) {
    if (en.type == EntityType::Place && !en.actor)
      if (int org = organisation_not_place(lex, en); org >= 0) {
        en.type = EntityType::Org;
        tagger_actor(doc, lex, en, org, doc.meta.published);
        continue;
      }
    if (en.type != EntityType::Place && !en.actor) {
      int actor = cut_agent_noun(doc, lex, en);
      if (actor < 0) actor = named_actor(doc, lex, en);
      tagger_actor(doc, lex, en, actor, doc.meta.published);
    }
  }
}

void add_untagged_actors(Document& doc, const Lexicon& lex) {
  add_actor_names(doc, lex, doc.meta.published);
  order_entities(doc);
}

}  // namespace sitrep
