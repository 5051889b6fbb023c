#include "geo/geo.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <map>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "actors/actors.h"
#include "core/ascii.h"
#include "core/geodesy.h"
#include "geo/spelling.h"
#include "lexicon/normalize.h"
#include "numbers/words.h"

namespace sitrep {
namespace {

// The prior (see `prior`) from which a name reads as a place in text
// without case wherever it stands (a city of a million, a capital).
constexpr double kCaselessProminent = 6.0;
constexpr std::string_view kLocPreps[] = {"in",   "at",     "near",      "from",    "outside",
                                          "into", "across", "toward",    "towards", "around",
                                          "via",  "inside", "throughout"};
// Pronouns that are also place keys ("us", "me"): after an article, a name.
constexpr std::string_view kPronouns[] = {"us", "me", "we", "him", "them", "it", "i"};
constexpr std::string_view kDirAdj[] = {
    "northern",     "southern",     "eastern",      "western",   "central",   "north",     "south",
    "east",         "west",         "northeast",    "northwest", "southeast", "southwest", "northeastern",
    "northwestern", "southeastern", "southwestern", "occupied",  "upper",     "lower"};
// Calendar words that are also place names somewhere (March, May, Christmas):
// months and weekdays from numbers/words.h (the one list), holidays and time
// zones ("5 p.m. EST", never Burkina Faso's Est region) here.
constexpr std::string_view kCalendarOther[] = {"Christmas", "Easter", "Ramadan", "Eid", "EST",  "EDT", "CST",
                                               "CDT",       "MST",    "MDT",     "PST", "PDT",  "GMT", "UTC",
                                               "BST",       "CET",    "CEST",    "EET", "EEST", "IST", "JST"};
bool is_calendar_word(std::string_view w) {
  words::W c = words::lookup(w).cls;
  return c == words::W::Month || c == words::W::Weekday || ascii_ieq_any(w, kCalendarOther);
}
constexpr std::string_view kDirs[] = {"north",     "south",     "east",      "west",
                                      "northeast", "northwest", "southeast", "southwest"};
// Nouns that name a division after its name ("Borno state", "Baringo county").
constexpr std::string_view kAdmin1Nouns[] = {"region",      "province", "state",
                                             "governorate", "oblast",   "prefecture"};
// Nouns of a part before "of" + its place ("the Chirimina quarter of
// Natitingou", "the centre of Sirte").
constexpr std::string_view kPartOf[] = {"quarter",       "centre",       "center",      "outskirts",
                                        "part",          "heart",        "suburbs",     "area",
                                        "neighbourhood", "neighborhood", "countryside", "vicinity"};
constexpr std::string_view kAdmin2Nouns[] = {"district", "county",     "township",
                                             "raion",    "department", "municipality"};
constexpr std::string_view kPlaceNouns[] = {
    "city",        "town",  "village", "camp",          "district",     "province", "capital", "region",
    "governorate", "state", "area",    "neighbourhood", "neighborhood", "suburb",   "port",    "county"};

double distance_km(double lat1, double lon1, double lat2, double lon2) {
  return great_circle_km(lat1, lon1, lat2, lon2);
}

// A point on the unit sphere. The straight-line (chord) distance between two
// points grows with their great-circle distance, so the nearest of many
// points is found with a few multiplications per pair and the trigonometry
// done once per point (see nearest_km).
struct UnitVec {
  double x, y, z;
};

UnitVec unit_vec(double lat, double lon) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  double cl = std::cos(lat * kRad);
  return {cl * std::cos(lon * kRad), cl * std::sin(lon * kRad), std::sin(lat * kRad)};
}

double chord2(const UnitVec& a, const UnitVec& b) {
  double dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
  return dx * dx + dy * dy + dz * dz;
}

// Great-circle kilometres for a squared chord (the haversine's own formula:
// sqrt(a) = chord / 2). Equal to distance_km up to rounding.
double chord2_km(double c2) { return 2 * 6371.0088 * std::asin(std::min(1.0, std::sqrt(c2) / 2)); }

// An entry's country as a number (its alpha-3 bytes; 0 when none): the same
// country compares equal with no string built.
uint32_t country_code(const Lexicon& lex, uint32_t id) {
  const char* c = lex.entry(id).country;
  uint32_t code = 0;
  for (int i = 0; i < 3 && c[i]; ++i)
    code |= static_cast<uint32_t>(static_cast<unsigned char>(c[i])) << (8 * i);
  return code;
}

uint32_t country_code(std::string_view a3) {
  uint32_t code = 0;
  for (size_t i = 0; i < 3 && i < a3.size(); ++i)
    code |= static_cast<uint32_t>(static_cast<unsigned char>(a3[i])) << (8 * i);
  return code;
}

// The entry's feature code is `f` (the zero-padded field holds f and a zero
// after it): a fixed-size compare the compiler inlines, no strncmp call.
template <size_t N>
bool feature_is(const LexEntry& e, const char (&f)[N]) {
  static_assert(N <= sizeof(LexEntry::feature), "a feature code has at most 5 letters");
  return std::memcmp(e.feature, f, N) == 0;
}

// log10(population + 1), memoised per thread: prior() scores the same
// candidates several times per report and log10 costs more than the rest.
double log_population(uint64_t population) {
  struct Memo {
    bool set = false;
    uint64_t population = 0;
    double value = 0;
  };
  thread_local std::array<Memo, 1024> memo;
  Memo& m = memo[(population * 0x9E3779B97F4A7C15ull) >> 54];
  if (!m.set || m.population != population)
    m = {true, population, std::log10(static_cast<double>(population) + 1.0)};
  return m.value;
}

// How likely a bare mention of this name means this entry, before context.
double prior(const Lexicon& lex, uint32_t id, bool alt) {
  const LexEntry& e = lex.entry(id);
  double pop = log_population(e.population);
  double s = 0;
  switch (e.kind) {
    case LexKind::Country:
      s = 12;
      break;
    case LexKind::Area:
      if (feature_is(e, "CONT") || feature_is(e, "RGN") || feature_is(e, "TERR"))
        s = 11;
      else if (std::memcmp(e.feature, "PPL", 3) == 0)
        s = pop + ((e.flags & kLexCapital) ? 3 : 1);  // a town
      else
        s = 4 + 0.5 * pop;
      break;
    case LexKind::Admin1:
      s = 5 + 0.5 * pop;
      break;
    case LexKind::Admin2:
      s = 3 + 0.5 * pop;
      break;
    case LexKind::City:
      s = pop;
      if (e.flags & kLexCapital)
        s += 3;
      else if (feature_is(e, "PPLA"))
        s += 1;
      else if (feature_is(e, "PPLA2"))
        s += 0.5;
      else if (feature_is(e, "PPLX"))
        s -= 1;
      break;
    default:
      s = 0;
  }
  if (e.flags & kLexCurated) s += 1.5;
  if (alt) s -= 2.0;
  return s;
}

struct Cand {
  uint32_t id;
  bool alt;
  double score;
  bool vetoed = false;  // lies outside what the text says contains it (see `veto`)
};

struct PMention {
  uint32_t start, end, tok_begin, tok_end;
  int entity = -1;  // an existing entity, or -1: a new one
  EntityType type = EntityType::Place;
  std::string key;
  std::vector<Cand> cands;  // place candidates
  int demonym = -1;
  int chosen = -1;
  bool strong = false;   // names a country or a large territory
  bool context = false;  // "in X", "X, Country"
  bool inner = false;    // read through a place inside a longer name ("Auckland Park")
  int host = -1;         // the tagger entity whose name mention this place takes over
  int org_host = -1;     // the ORG whose name holds this place ("Texas A&M University"): its place
  std::string org_name;  // new ORG ("Israeli forces")
  std::string sector;
};

// Whether the name that ends at token `last` (one to three words) lies in a
// first-order division that key `slot` names: some reading of it does
// ("Pratapgarh" in Uttar Pradesh for "UP"), or, named with a place noun, it
// has no reading anywhere ("Budgam district, J&K": a spelling the gazetteer
// lacks).
bool name_in_abbrev_division(const Document& doc, const Lexicon& lex, const LexSlot* slot, uint32_t last) {
  bool noun = false, known = false;
  if (last > 0 && last < doc.tokens.size() && ascii_ieq_any(doc.token_text(last), kPlaceNouns))
    --last, noun = true;
  for (uint32_t n = 1; n <= 3 && n <= last + 1; ++n) {
    const uint32_t first = last + 1 - n;
    if (doc.tokens[first].sentence != doc.tokens[last].sentence) break;
    const LexSlot* name = lex.find_name(doc.view(doc.tokens[first].start, doc.tokens[last].end));
    for (uint32_t j = 0; name && j < name->post_count; ++j) {
      const LexEntry& e = lex.entry(lex.postings(*name)[j] & kPostIdMask);
      if (!is_place_kind(e.kind)) continue;
      known = true;
      if (e.kind == LexKind::Admin1 || e.kind == LexKind::Country) continue;
      for (uint32_t k = 0; k < slot->post_count; ++k) {
        const LexEntry& d = lex.entry(lex.postings(*slot)[k] & kPostIdMask);
        if (d.kind == LexKind::Admin1 && std::memcmp(d.country, e.country, 3) == 0 &&
            ascii_ieq(lex.str(e.admin1), lex.str(d.name)))
          return true;
      }
    }
  }
  return noun && !known;
}

// A division's news abbreviation in its place ("Newton County, Ga.", "Peoria,
// Ill."): written with its dot, after a name and a comma; or closing the
// bracket after a place's name, alone or after a comma, where that name lies
// in the division ("Pratapgarh (UP)", "(Poonch district, J&K)", "(Warangal,
// TS)"; "WASHINGTON (AP)" is a wire's credit). Elsewhere the key it shares
// ("I'll", "Ten", "up") names no division.
bool abbrev_position(const Document& doc, const Lexicon& lex, const LexSlot* slot, uint32_t start,
                     uint32_t end) {
  uint32_t t = doc.token_at(start);
  if (t < 2 || t >= doc.tokens.size()) return false;
  const auto word_before = [&](uint32_t k) {
    return doc.tokens[k].kind == TokenKind::Word && doc.tokens[k].sentence == doc.tokens[t].sentence;
  };
  const uint32_t last = doc.token_at(end - 1);
  if (last + 1 < doc.tokens.size() && doc.token_text(last + 1) == ")" &&
      (doc.token_text(t - 1) == "(" || doc.token_text(t - 1) == ",") && word_before(t - 2))
    return name_in_abbrev_division(doc, lex, slot, t - 2);
  bool dot = (end > start && doc.text[end - 1] == '.') || (end < doc.text.size() && doc.text[end] == '.');
  return dot && doc.token_text(t - 1) == "," && word_before(t - 2);
}

// Drops the first-order divisions a key reaches only as an abbreviation when
// the text is no abbreviation in its place.
void drop_abbrev_cands(const Document& doc, const Lexicon& lex, const LexSlot* slot, uint32_t start,
                       uint32_t end, std::vector<Cand>& cands) {
  if (!(slot->flags & kKeyAbbrev) || abbrev_position(doc, lex, slot, start, end)) return;
  std::erase_if(cands, [&](const Cand& c) { return lex.entry(c.id).kind == LexKind::Admin1; });
}

void fill_place(const Lexicon& lex, uint32_t id, PlaceInfo* p) {
  const LexEntry& e = lex.entry(id);
  p->geonames_id = e.geonames_id;
  p->name = std::string(lex.name(id));
  if (!std::isnan(e.lat)) {
    p->lat = std::round(e.lat * 1e4) / 1e4;
    p->lon = std::round(e.lon * 1e4) / 1e4;
  }
  p->country = lex.country(id);
  p->admin1 = std::string(lex.str(e.admin1));
  p->feature = lex.feature(id);
  p->precision = place_precision(lex, id);
}

void country_place(const Lexicon& lex, std::string_view a3, PlaceInfo* p) {
  int c = lex.country_entry(a3);
  if (c >= 0) fill_place(lex, static_cast<uint32_t>(c), p);
}

// A capitalised name that opens a paragraph and is followed by a comma, a
// bracket or a dash: a dateline ("KYIV, Dec 3 -", "GAZA CITY —"), not a
// heading ("EASTERN DIVISION").
// A name that is a common word: a frequent word or first name of news text
// (kKeyCommon), or a word of general English where case says nothing
// (kKeyCaselessCommon: "CARBON", "salt").
bool is_common(const LexSlot* s, const Document& doc) {
  return (s->flags & kKeyCommon) || (doc.text_case != TextCase::Mixed && (s->flags & kKeyCaselessCommon));
}

bool is_dateline(const Document& doc, const LexMatch& m) {
  const Token& first = doc.tokens[m.tok_begin];
  if (!(first.flags & kTokAllUpper) || !(first.flags & kTokParaStart) || m.end - m.start < 4) return false;
  if (m.tok_end >= doc.tokens.size()) return false;
  std::string_view w = doc.token_text(m.tok_end);
  return w == "," || w == "(" || w == "-" || w == "--" || w == "\xe2\x80\x94" || w == "\xe2\x80\x93";
}

// Whether a gazetteer match [m.start, m.end) inside the name mention
// [hs, he) of a tagger ORG or PERSON is a place of its own.
bool nested_place_ok(const Document& doc, const Lexicon& lex, const LexMatch& m, uint32_t hs, uint32_t he,
                     const Entity& host, const std::vector<Cand>& cands, int demonym, bool context) {
  if (demonym >= 0 || cands.empty()) return false;
  if (doc.text[m.start] < 'A' || doc.text[m.start] > 'Z') return false;
  const Token& first = doc.tokens[m.tok_begin];
  bool single = m.tok_end - m.tok_begin == 1;
  if (single && is_calendar_word(doc.view(m.start, m.end))) return false;
  bool strong = false;
  double best = -1e9;
  for (const auto& c : cands) {
    LexKind k = lex.entry(c.id).kind;
    if (k == LexKind::Country || (k == LexKind::Area && prior(lex, c.id, false) >= 11)) strong = true;
    best = std::max(best, prior(lex, c.id, c.alt));
  }
  // Capitals alone never make a common word a name ("CENTRAL" in a table);
  // a capitalised dateline does.
  bool dateline = is_dateline(doc, m);
  bool common = is_common(m.slot, doc) && !dateline;
  // A short acronym ("BBC", "BC") folds onto place keys too easily.
  std::string_view w = doc.view(m.start, m.end);
  if (single && (first.flags & kTokAllUpper) && w.size() <= 4 && w.find('.') == std::string_view::npos &&
      !strong)
    return false;
  // An office or local-government word after a place ("Leeds Mayor …",
  // "Enfield Council", "Granville County Fire Marshal").
  static constexpr std::string_view kTitles[] = {
      "Mayor",      "Governor",     "Gov.",     "Senator", "Sen.",    "Rep.",  "Councillor", "Councilor",
      "Councilman", "Councilwoman", "Alderman", "Sheriff", "Premier", "Judge", "Coroner",    "Police"};
  static constexpr std::string_view kLocalOrg[] = {"Council", "Borough", "Township", "Municipality",
                                                   "Police",  "Fire",    "Sheriff",  "Sheriff's",
                                                   "Court",   "Schools", "Mayor",    "Coroner"};
  auto titled = [&](std::string_view rest) {
    size_t sp = rest.find(' ');
    std::string_view w1 = rest.substr(0, sp);
    return ascii_ieq_any(w1, kTitles) || ascii_ieq_any(w1, kLocalOrg);
  };
  if (m.start == hs && m.end == he) {
    // The tagger's whole name is the place: only when the entity is no
    // longer name ("Clinton" of "Hillary Clinton") or a titled one ("Aleppo"
    // of "Aleppo Mayor …"), and the place is large, multi-word, a dateline,
    // or named after "in" / before ", Country".
    std::string_view hn = host.name;
    if (lex::name_key(hn) != lex::name_key(w) && !(hn.size() > w.size() + 1 && hn.substr(0, w.size()) == w &&
                                                   hn[w.size()] == ' ' && titled(hn.substr(w.size() + 1))))
      return false;
    if (!single && !common && best >= 4) return true;
    if (dateline) return !common || best >= 5;
    if (common && !context) return false;
    return strong || best >= 5.5 || (context && best >= 5);
  }
  uint32_t ht = doc.token_at(hs), he_t = doc.token_at(he - 1) + 1;
  if (host.type == EntityType::Org) {
    // The ORG begins with the place, names it after "of" / "in", or ends
    // with it (a regional branch: "CBC Toronto", "Environment Canada").
    // No place inside a club's, company's or institution's name ("Real
    // Madrid", "New York Stock Exchange", "Bank of Canada", "Organisation for
    // Security and Cooperation in Europe"): only a local government or
    // service named by its place ("Enfield Council", "Leeds Police").
    // And a country before its institution ("Chad government", "Canada
    // Health Ministry"), never before armed forces (SCHEMA.md).
    (void)ht;
    if (m.start != hs || m.tok_end >= he_t) return false;
    if (strong && m.end == doc.tokens[m.tok_end - 1].end) {
      uint32_t words = 0;
      const char* sec = institution_sector(doc, m.tok_end, &words);
      if (sec) return std::strcmp(sec, "MIL") != 0;
    }
    if (!ascii_ieq_any(doc.token_text(m.tok_end), kLocalOrg)) return false;
    if (common && !strong) return false;
    return best >= 3;
  }
  // PERSON: "Calgary MLA Sandra Jansen", "Leeds Mayor Jo Smith": the place,
  // then an all-caps or office title (a mayor's town may be small).
  if (m.start != hs || m.tok_end >= he_t) return false;
  bool acronym = (doc.tokens[m.tok_end].flags & kTokAllUpper) != 0;
  if (!acronym && !ascii_ieq_any(doc.token_text(m.tok_end), kTitles)) return false;
  if (common && !strong) return false;
  return strong || best >= (acronym ? 5 : 2);
}

// The best prior of a key's place readings (-1e9 when none).
double best_place_prior(const Lexicon& lex, const LexSlot* slot) {
  double best = -1e9;
  for (uint32_t k = 0; slot && k < slot->post_count; ++k) {
    uint32_t p = lex.postings(*slot)[k];
    uint32_t id = p & kPostIdMask;
    if (is_place_kind(lex.entry(id).kind)) best = std::max(best, prior(lex, id, (p & kPostAltName) != 0));
  }
  return best;
}

// Whether a place named by a part of a hyphenated word stands for that place
// (written text only): the word's other parts are lower case ("Gaza-based",
// "made-in-China") or places too ("Russia-Turkey", "Khulna-Jessore
// highway") or acronyms ("EU-Canada"), or the part opens the word (a city before its quarter,
// "Mogadishu-Dharkenley"; a commune before its town, "Seme-Krake"). The
// tail of a name the gazetteer lacks is none: "Xaaji-Cali" is no Cali.
bool hyphen_part_stands(const Document& doc, const LexMatch& m, const std::vector<LexMatch>& parts) {
  if (doc.text_case != TextCase::Mixed || m.tok_begin >= doc.tokens.size()) return true;
  const Token& tk = doc.tokens[m.tok_begin];
  bool capital_other = false, place_other = false;
  for (uint32_t b = tk.start; b < tk.end;) {
    uint32_t e = b;
    while (e < tk.end && doc.text[e] != '-') ++e;
    if (e > b && (e <= m.start || b >= m.end)) {
      // (An acronym names an organisation, no place: "EU-Canada trade".)
      bool lower = false;
      for (uint32_t c = b + 1; c < e && !lower; ++c) lower = doc.text[c] >= 'a' && doc.text[c] <= 'z';
      if (doc.text[b] >= 'A' && doc.text[b] <= 'Z' && lower) {
        capital_other = true;
        for (const LexMatch& q : parts)
          if (q.tok_begin == m.tok_begin && q.start == b) place_other = true;
      }
    }
    b = e + 1;
  }
  if (!capital_other || place_other) return true;
  return m.start == tk.start;
}

// The best-attested capitalised place named inside a tagger PLACE entity's
// first name mention (tokens, or parts of a hyphenated token): its candidates
// into *out and its key, or "" when there is none. *located: the name's other
// words only locate that place ("Diyala province", "North London"), so the
// name is that place, no weaker than its own name.
std::string inner_place(const Document& doc, const Lexicon& lex, const Entity& en, std::vector<Cand>* out,
                        bool* located) {
  const Mention* nm = nullptr;
  for (const auto& m : en.mentions)
    if (m.kind == MentionKind::Name && m.start < m.end && m.end <= doc.text.size()) {
      nm = &m;
      break;
    }
  if (!nm || doc.tokens.empty()) return "";
  uint32_t tb = doc.token_at(nm->start), te = doc.token_at(nm->end - 1) + 1;
  if (tb >= te || te > doc.tokens.size()) return "";
  std::vector<const LexSlot*> slots;
  std::vector<LexMatch> matches;
  longest_matches(doc, lex, tb, te, kPlaceKinds, matches);
  std::vector<bool> placey;  // the name's other words only locate it ("North", "province")
  static constexpr std::string_view kMore[] = {
      "province",   "provinces",  "municipality", "borough",     "oblast", "greater", "island", "islands",
      "prefecture", "department", "commune",      "subdivision", "lga",    "of",      "airport"};
  for (const auto& m : matches) {
    if (m.start < nm->start || m.end > nm->end) continue;
    // Without case a lower-case place counts only when the name's other words
    // just locate it ("bungudu lga", "hays city"): the tagger said PLACE.
    const bool capital = doc.text[m.start] >= 'A' && doc.text[m.start] <= 'Z';
    if (!capital && doc.text_case == TextCase::Mixed) continue;
    bool rest = true;
    for (uint32_t t = tb; t < te && rest; ++t) {
      if (t >= m.tok_begin && t < m.tok_end) continue;
      std::string_view w = doc.token_text(t);
      rest = ascii_ieq_any(w, kDirAdj) || ascii_ieq_any(w, kPlaceNouns) || ascii_ieq_any(w, kMore);
    }
    if (!capital && !rest) continue;
    slots.push_back(m.slot);
    placey.push_back(rest);
  }
  std::vector<LexMatch> parts;  // ("Middlesex-London")
  hyphen_parts(doc, lex, tb, te, parts);
  for (const auto& m : parts) {
    if (!hyphen_part_stands(doc, m, parts)) continue;
    slots.push_back(m.slot);
    placey.push_back(false);
  }
  std::string key;
  double best = -1e9;
  for (size_t si = 0; si < slots.size(); ++si) {
    const LexSlot* s = slots[si];
    std::vector<Cand> c;
    bool strong = false;
    double pr = -1e9;
    for (uint32_t k = 0; k < s->post_count; ++k) {
      uint32_t p = lex.postings(*s)[k];
      uint32_t id = p & kPostIdMask;
      LexKind kind = lex.entry(id).kind;
      if (!is_place_kind(kind)) continue;
      c.push_back({id, (p & kPostAltName) != 0, 0});
      pr = std::max(pr, prior(lex, id, (p & kPostAltName) != 0));
      strong |= kind == LexKind::Country;
    }
    // A well-known place, or any place the other words only locate.
    if (c.empty() || (is_common(s, doc) && !strong) || pr < (placey[si] ? 3 : 5)) continue;
    if (pr > best) {
      best = pr;
      *out = std::move(c);
      key = std::string(lex.str(s->key));
      *located = placey[si];
    }
  }
  return key;
}

}  // namespace

const char* place_precision(const Lexicon& lex, uint32_t id) {
  const LexEntry& e = lex.entry(id);
  switch (e.kind) {
    case LexKind::Country:
      return "country";
    case LexKind::Demonym:
      return "country";
    case LexKind::Admin1:
      return "admin1";
    case LexKind::Admin2:
      return "district";
    case LexKind::City:
      return "town";
    case LexKind::Area:
      if (feature_is(e, "CONT") || feature_is(e, "RGN")) return "country";
      if (feature_is(e, "TERR")) return "admin1";
      if (feature_is(e, "AREA")) return "district";
      if (feature_is(e, "PSTB") || feature_is(e, "HSP") || feature_is(e, "PWRN")) return "exact";
      return "town";
    default:
      return "unknown";
  }
}

std::string place_relation(const Document& doc, uint32_t mention_start) {
  uint32_t t = doc.token_at(mention_start);
  if (t >= doc.tokens.size() || t == 0) return "in";
  uint32_t sent = doc.tokens[t].sentence;
  auto word = [&](uint32_t i) -> std::string_view {
    return i < doc.tokens.size() && doc.tokens[i].sentence == sent ? doc.token_text(i) : std::string_view();
  };
  // "the northern Gaza Strip" (an area the lexicon lacks as a whole)
  std::string_view p1 = word(t - 1);
  for (const char* d : {"northern", "southern", "eastern", "western", "central"})
    if (ascii_ieq(p1, d)) return std::string(d) + " part of";
  // "east of Khan Younis", "10 km north of", "on the outskirts of"
  if (ascii_ieq(p1, "of") && t >= 2) {
    std::string_view p2 = word(t - 2);
    for (std::string_view d : kDirs)
      if (ascii_ieq(p2, d)) return std::string(d) + " of";
    if (ascii_ieq(p2, "outskirts") || ascii_ieq(p2, "outside")) return "near";
  }
  if (ascii_ieq(p1, "near") || ascii_ieq(p1, "outside") || ascii_ieq(p1, "around") || ascii_ieq(p1, "nearby"))
    return "near";
  // "east of the southern Gaza Strip city of Khan Younis": the relation sits
  // before a descriptive phrase that ends in "<place noun> of".
  if (ascii_ieq(p1, "of") && t >= 3 && ascii_ieq_any(word(t - 2), kPlaceNouns)) {
    for (uint32_t k = t - 2; k >= 2 && t - k < 9; --k) {
      std::string_view w = word(k - 1);
      if (w.empty()) break;
      if (ascii_ieq(w, "of") && ascii_ieq_any(word(k - 2), kDirs)) return std::string(word(k - 2)) + " of";
      if (ascii_ieq(w, "near") || ascii_ieq(w, "outside")) return "near";
      bool filler = ascii_ieq(w, "the") || ascii_ieq_any(w, kDirAdj) || ascii_ieq_any(w, kPlaceNouns) ||
                    (!w.empty() && w[0] >= 'A' && w[0] <= 'Z');
      if (!filler) break;
    }
  }
  return "in";
}

std::optional<EventPlace> place_in_span(const Document& doc, uint32_t tok_begin, uint32_t tok_end) {
  if (tok_begin >= tok_end || tok_end > doc.tokens.size()) return std::nullopt;
  uint32_t b = doc.tokens[tok_begin].start, e = doc.tokens[tok_end - 1].end;
  static const char* const kRank[] = {"exact", "town", "district", "admin1", "country", "unknown"};
  auto rank = [](const std::string& p) {
    for (int i = 0; i < 6; ++i)
      if (p == kRank[i]) return i;
    return 6;
  };
  int best = -1, best_rank = 7;
  uint32_t best_start = 0;
  for (size_t k = 0; k < doc.entities.size(); ++k) {
    const Entity& en = doc.entities[k];
    if (!en.place || (en.type != EntityType::Place)) continue;
    for (const auto& m : en.mentions) {
      if (m.start < b || m.end > e) continue;
      int r = rank(en.place->precision);
      if (r < best_rank || (r == best_rank && m.start < best_start)) {
        best = static_cast<int>(k);
        best_rank = r;
        best_start = m.start;
      }
    }
  }
  if (best < 0) return std::nullopt;
  const Entity& en = doc.entities[best];
  EventPlace p;
  p.entity = best;
  p.name = en.name;
  p.lat = en.place->lat;
  p.lon = en.place->lon;
  p.country = en.place->country;
  p.admin1 = en.place->admin1;
  p.precision = en.place->precision.empty() ? "unknown" : en.place->precision;
  p.relation = place_relation(doc, best_start);
  return p;
}

// Whether the lexicon knows `name` as a place.
static bool lex_place(const Lexicon& lex, std::string_view name) {
  const LexSlot* slot = lex.find_name(name);
  for (uint32_t k = 0; slot && k < slot->post_count; ++k)
    if (is_place_kind(lex.entry(lex.postings(*slot)[k] & kPostIdMask).kind)) return true;
  return false;
}

// The datelines in capitals that name a lexicon place (start, end), in text
// order: capitalised words opening a paragraph, then a comma, a bracket or a
// dash.
static std::vector<std::pair<uint32_t, uint32_t>> dateline_places(const Document& doc, const Lexicon& lex) {
  auto is_sep = [](std::string_view w) {
    return w == "," || w == "(" || w == "-" || w == "--" || w == "\xe2\x80\x94" || w == "\xe2\x80\x93";
  };
  std::vector<std::pair<uint32_t, uint32_t>> datelines;
  for (size_t t = 0; t < doc.tokens.size(); ++t) {
    const Token& first = doc.tokens[t];
    if (!(first.flags & kTokParaStart) || !(first.flags & kTokAllUpper)) continue;
    size_t u = t;
    while (u < doc.tokens.size() && u < t + 4 && doc.tokens[u].kind == TokenKind::Word &&
           (doc.tokens[u].flags & kTokAllUpper) && (u == t || !(doc.tokens[u].flags & kTokParaStart)))
      ++u;
    if (u >= doc.tokens.size() || !is_sep(doc.view(doc.tokens[u].start, doc.tokens[u].end))) continue;
    uint32_t bs = first.start, be = doc.tokens[u - 1].end;
    if (!lex_place(lex, doc.view(bs, be))) continue;
    datelines.emplace_back(bs, be);
  }
  return datelines;
}

// A tagger ORG or PERSON named in a dateline and nowhere otherwise is a
// place: one pass over the mentions, each looked up among the (sorted)
// datelines.
static void dateline_entities(Document& doc, const std::vector<std::pair<uint32_t, uint32_t>>& datelines) {
  for (Entity& en : doc.entities) {
    if (datelines.empty()) break;
    if (en.type == EntityType::Place || en.type == EntityType::Group) continue;
    const std::pair<uint32_t, uint32_t>* hit = nullptr;
    for (const auto& m : en.mentions)
      if (m.kind == MentionKind::Name &&
          std::binary_search(datelines.begin(), datelines.end(), std::make_pair(m.start, m.end)))
        hit = &*std::lower_bound(datelines.begin(), datelines.end(), std::make_pair(m.start, m.end));
    if (!hit) continue;
    bool other = false;
    for (const auto& m : en.mentions)
      if (m.kind == MentionKind::Name &&
          !ascii_ieq(doc.view(m.start, m.end), doc.view(hit->first, hit->second)))
        other = true;
    if (!other) en.type = EntityType::Place, en.actor.reset();
  }
}

// A name hyphenated after a well-known place ("Belgrade-Stari Grad",
// "Lima-La Victoria": a city and its quarter, written as the analysts of
// conflict data write them): the part before the first hyphen is a place
// the lexicon knows well (the prior inner_place asks of a part).
static bool hyphen_head_place(const Lexicon& lex, std::string_view name) {
  const size_t d = name.find('-');
  if (d == std::string_view::npos || d < 3 || name.find(' ') < d) return false;
  const LexSlot* slot = lex.find_name(name.substr(0, d));
  return slot && !(slot->flags & kKeyCommon) && best_place_prior(lex, slot) >= 5;
}

// A PERSON name that the lexicon knows as a place and that only ever follows
// a locative preposition ("in Ras al-Ain", "near Deir Hafer"), a verb of
// striking a place ("Israeli forces struck Khan Younis") or a compass
// adjective ("northwestern Zamfara"), or comes before a division noun
// ("Niger's Tillaberi region"), is a place (and no dictionary actor's;
// a person the entity stage gave a title, "President X", stays a person).
// Before a lower-case settlement or division noun every time ("PD2 of
// Lashkargah city"), it is a place though the lexicon spells it otherwise
// (spelled_otherwise may then find it in its container). So is a PERSON or
// ORG name hyphenated after a well-known place ("in Belgrade-Stari Grad",
// "in Lima-La Victoria"): the city's quarter, placed at the city.
static void located_persons(Document& doc, const Lexicon& lex) {
  static constexpr std::string_view kSettlement[] = {"city", "town", "village"};
  for (Entity& en : doc.entities) {
    // (An ORG only when hyphenated after a place: "in Lima-La Victoria".)
    const bool hyphen_org = en.type == EntityType::Org && !en.actor && hyphen_head_place(lex, en.name);
    if ((en.type != EntityType::Person && !hyphen_org) || titled_actor(en)) continue;
    bool all_loc = false, ok = true, all_noun = true;
    for (const auto& m : en.mentions) {
      if (m.kind != MentionKind::Name || m.end <= m.start || m.end > doc.text.size()) continue;
      uint32_t t = doc.token_at(m.start);
      std::string_view prev =
          t > 0 ? doc.view(doc.tokens[t - 1].start, doc.tokens[t - 1].end) : std::string_view();
      static constexpr std::string_view kStruck[] = {"struck",    "hit",     "shelled",  "bombed",
                                                     "bombarded", "pounded", "raided",   "stormed",
                                                     "besieged",  "entered", "captured", "seized"};
      bool loc = ascii_ieq(prev, "in") || ascii_ieq(prev, "near") || ascii_ieq(prev, "outside") ||
                 ascii_ieq(prev, "around") || ascii_ieq(prev, "at") || ascii_ieq(prev, "into") ||
                 ascii_ieq(prev, "towards") || ascii_ieq(prev, "toward") || ascii_ieq_any(prev, kStruck) ||
                 ascii_ieq_any(prev, kDirAdj);  // "Nigeria's northwestern Zamfara state"
      uint32_t after = doc.token_at(m.end);
      bool noun = false;
      if (after < doc.tokens.size() && doc.tokens[after].start >= m.end) {
        std::string_view next = doc.token_text(after);
        const bool division = ascii_ieq_any(next, kAdmin1Nouns) || ascii_ieq_any(next, kAdmin2Nouns);
        noun = (division || ascii_ieq_any(next, kSettlement)) && next[0] >= 'a' && next[0] <= 'z';
        loc = loc || division;
      }
      ok = ok && (loc || noun);
      all_noun = all_noun && noun;
      all_loc = true;
    }
    if (!all_loc || !ok) continue;
    if (all_noun || lex_place(lex, en.name) || hyphen_org || hyphen_head_place(lex, en.name))
      en.type = EntityType::Place, en.actor.reset();
  }
}

// A word that may stand inside a place name between its capitalised words:
// a short lower-case particle ("Barra de Santo Antonio", "Deir ez-Zor",
// "Port of Spain", "Kut e Abdollah").
static bool name_particle(const Document& doc, uint32_t t) {
  const Token& tk = doc.tokens[t];
  if (tk.kind != TokenKind::Word || tk.end - tk.start > 3) return false;
  for (uint32_t k = tk.start; k < tk.end; ++k)
    if (!(doc.text[k] >= 'a' && doc.text[k] <= 'z')) return false;
  return true;
}

// The longest lexicon place that extends a PLACE mention by up to three
// words after it or before it ("Deir" of "Deir ez-Zor", "Spain" of "Port of
// Spain", "Barra" of "Barra de Santo Antonio"): [*s, *e), true when longer.
// The words added are names and particles, never a common noun ("region");
// the longer name may take in whole name mentions of other entities ("Santo
// Antonio", typed PERSON), never part of one.
bool longest_lexicon_place(const Document& doc, const Lexicon& lex,
                           const std::vector<std::pair<uint32_t, uint32_t>>& spans, uint32_t* s,
                           uint32_t* e) {
  const bool caseless = doc.text_case != TextCase::Mixed;
  // Whether [a, b) cuts through some name mention other than [*s, *e).
  auto cuts = [&](uint32_t a, uint32_t b) {
    for (auto it = spans.begin(); it != spans.end() && it->first < b; ++it)
      if (it->second > a && (it->first < a || it->second > b)) return true;
    return false;
  };
  auto name_word = [&](uint32_t u) {
    const Token& tk = doc.tokens[u];
    unsigned char c0 = static_cast<unsigned char>(doc.text[tk.start]);
    return tk.kind == TokenKind::Word && ((c0 >= 'A' && c0 <= 'Z') || (tk.flags & kTokHyphen) || caseless);
  };
  const uint32_t tb = doc.token_at(*s), te = doc.token_at(*e - 1) + 1;
  const uint32_t sent = doc.tokens[tb].sentence;
  uint32_t best_s = *s, best_e = *e;
  for (uint32_t u = te; u < doc.tokens.size() && u < te + 3; ++u) {
    const Token& tk = doc.tokens[u];
    if (tk.sentence != sent || !(name_word(u) || name_particle(doc, u))) break;
    if (name_word(u) && !cuts(*e, tk.end) && lex_place(lex, doc.view(*s, tk.end))) best_e = tk.end;
  }
  for (uint32_t u = tb; u > 0 && u + 3 > tb; --u) {
    const Token& tk = doc.tokens[u - 1];
    if (tk.sentence != sent || !(name_word(u - 1) || name_particle(doc, u - 1))) break;
    if (name_word(u - 1) && !cuts(tk.start, *s) && lex_place(lex, doc.view(tk.start, best_e)))
      best_s = tk.start;
  }
  // (An article the key drops, "The Republic of Congo", adds nothing.)
  while (best_s < *s && ascii_ieq(doc.token_text(doc.token_at(best_s)), "the"))
    best_s = doc.tokens[doc.token_at(best_s) + 1].start;
  if ((best_s == *s && best_e == *e) ||
      lex::name_key(doc.view(best_s, best_e)) == lex::name_key(doc.view(*s, *e)))
    return false;
  *s = best_s, *e = best_e;
  return true;
}

// A PERSON or ORG name that is a division noun and a lexicon place ("the
// Municipality of Alvaro Obregon", "Machiques municipality"), only ever
// after a locative preposition ("in the Municipality of X"), is a place: the
// division the noun names (a local government acting keeps its ORG: "the
// Municipality of X announced").
static void division_named_entities(Document& doc, const Lexicon& lex) {
  static constexpr std::string_view kNouns[] = {"municipality", "municipio", "commune",
                                                "district",     "county",    "province",
                                                "department",   "region",    "governorate"};
  auto place_part = [&](std::string_view name) -> std::string_view {
    size_t sp = name.find(' ');
    if (sp != std::string_view::npos && ascii_ieq_any(name.substr(0, sp), kNouns) &&
        name.substr(sp + 1).starts_with("of "))
      return name.substr(sp + 4);
    sp = name.rfind(' ');
    if (sp != std::string_view::npos && ascii_ieq_any(name.substr(sp + 1), kNouns)) return name.substr(0, sp);
    return {};
  };
  for (Entity& en : doc.entities) {
    if ((en.type != EntityType::Person && en.type != EntityType::Org) || titled_actor(en)) continue;
    bool any = false, ok = true;
    for (const auto& m : en.mentions) {
      if (m.kind != MentionKind::Name || m.end <= m.start || m.end > doc.text.size()) continue;
      std::string_view part = place_part(doc.view(m.start, m.end));
      uint32_t t = doc.token_at(m.start);
      if (t > 0 && ascii_ieq(doc.token_text(t - 1), "the")) --t;
      const LexSlot* slot = part.empty() ? nullptr : lex.find_name(part);
      ok = ok && slot && !is_common(slot, doc) && t > 0 && ascii_ieq_any(doc.token_text(t - 1), kLocPreps) &&
           lex_place(lex, part);
      any = true;
    }
    if (any && ok) en.type = EntityType::Place, en.actor.reset();
  }
}

// A place name the tagger cut short grows to the longest lexicon place
// around it (longest_lexicon_place); name mentions of other entities inside
// the longer name go, and an entity left without a mention with them.
static void extend_cut_places(Document& doc, const Lexicon& lex) {
  std::vector<std::pair<uint32_t, uint32_t>> spans;  // name mentions, by start
  for (const Entity& en : doc.entities)
    for (const auto& m : en.mentions)
      if (m.kind == MentionKind::Name) spans.emplace_back(m.start, m.end);
  std::sort(spans.begin(), spans.end());
  struct Grown {
    ptrdiff_t entity;
    Mention from;
    std::pair<uint32_t, uint32_t> to;
  };
  std::vector<Grown> grown;  // mentions that grow to a longer name
  const bool caseless = doc.text_case != TextCase::Mixed;
  for (Entity& en : doc.entities) {
    if (en.type != EntityType::Place) continue;
    for (auto& m : en.mentions) {
      if (m.kind != MentionKind::Name || m.end <= m.start || m.end > doc.text.size()) continue;
      uint32_t t = doc.token_at(m.end - 1);
      // Without case the tagger may take the place noun after a name into
      // it ("sialkot city", "jericho city"): the name without the noun is
      // the place when the whole is none ("gaza city" stays).
      if (caseless && t > 0 && doc.tokens[t].start > m.start &&
          ascii_ieq_any(doc.token_text(t), kPlaceNouns)) {
        uint32_t e = doc.tokens[t - 1].end;
        if (e > m.start && !lex_place(lex, doc.view(m.start, m.end)) &&
            lex_place(lex, doc.view(m.start, e))) {
          bool whole = en.name == doc.view(m.start, m.end);
          m.end = e;
          if (whole) en.name = std::string(doc.view(m.start, m.end));
          continue;
        }
      }
      uint32_t s = m.start, e = m.end;
      if (!longest_lexicon_place(doc, lex, spans, &s, &e)) continue;
      // ("Ras" and "al Ain" both grow to "Ras Al Ain": the first takes it,
      // the second is a part of it.)
      if (std::none_of(grown.begin(), grown.end(),
                       [&](const Grown& g) { return g.to == std::make_pair(s, e); }))
        grown.push_back({&en - doc.entities.data(), m, {s, e}});
    }
  }
  if (grown.empty()) return;
  // A grown mention of an entity named otherwise elsewhere ("Spain", then
  // "Port of Spain") is a place of its own.
  for (const Grown& g : grown) {
    Entity& en = doc.entities[g.entity];
    size_t names = 0;
    for (const auto& m : en.mentions) names += m.kind == MentionKind::Name;
    std::string name(doc.view(g.to.first, g.to.second));
    if (names == 1) {
      for (auto& m : en.mentions)
        if (m.kind == MentionKind::Name) m.start = g.to.first, m.end = g.to.second;
      en.name = name;
      en.actor.reset();  // (the actor of "Spain" is not that of "Port of Spain")
      continue;
    }
    std::erase_if(en.mentions,
                  [&](const Mention& m) { return m.start == g.from.start && m.end == g.from.end; });
    Entity place;
    place.type = EntityType::Place;
    place.name = name;
    place.mentions.push_back({g.to.first, g.to.second, MentionKind::Name});
    doc.entities.push_back(std::move(place));
  }
  // Name mentions of other entities inside a longer name go with it.
  auto absorbed = [&](const Mention& m) {
    if (m.kind != MentionKind::Name) return false;
    for (const Grown& g : grown)
      if (m.start >= g.to.first && m.end <= g.to.second && !(m.start == g.to.first && m.end == g.to.second))
        return true;
    return false;
  };
  size_t kept = 0;
  for (size_t k = 0; k < doc.entities.size(); ++k) {
    const bool lost = std::erase_if(doc.entities[k].mentions, absorbed) > 0;
    if (lost && doc.entities[k].mentions.empty()) continue;
    if (kept != k) doc.entities[kept] = std::move(doc.entities[k]);
    ++kept;
  }
  doc.entities.resize(kept);
}

// Drops the entities all of whose names lie inside a time expression.
static void drop_time_entities(Document& doc) {
  if (doc.times.empty()) return;
  // Time expressions by start, with the running maximum of their ends.
  std::vector<std::pair<uint32_t, uint32_t>> times;
  for (const auto& tx : doc.times) times.emplace_back(tx.start, tx.end);
  std::sort(times.begin(), times.end());
  std::vector<uint32_t> time_end(times.size());
  for (size_t i = 0; i < times.size(); ++i) time_end[i] = std::max(times[i].second, i ? time_end[i - 1] : 0u);
  std::erase_if(doc.entities, [&](const Entity& en) {
    bool any = false;
    for (const auto& m : en.mentions) {
      if (m.kind != MentionKind::Name) continue;
      auto it = std::upper_bound(times.begin(), times.end(), std::make_pair(m.start, UINT32_MAX));
      bool inside = it != times.begin() && time_end[static_cast<size_t>(it - times.begin()) - 1] >= m.end;
      if (!inside) return false;
      any = true;
    }
    return any;
  });
}

// A dateline in capitals ("KYIV, Dec 3 (AFP) -", "NAIROBI, Kenya (Reuters) -",
// "GAZA CITY —") opens a paragraph: capitalised words, then a comma, a bracket
// or a dash. The tagger, trained on mixed case, may call it an ORG or PERSON;
// when the lexicon knows it as a place it is a PLACE. So may a person name
// only ever in a place's position, and a place the tagger cut short grows to
// the lexicon's name. An entity that is only a part of a time expression
// ("Dec" of "Dec 3") is no entity.
static void fix_tagger_entities(Document& doc, const Lexicon& lex) {
  dateline_entities(doc, dateline_places(doc, lex));
  located_persons(doc, lex);
  division_named_entities(doc, lex);
  extend_cut_places(doc, lex);
  drop_time_entities(doc);
}

// Results and standings lines ("Glamorgan 259 and 207 , Durham 114 and 211",
// "BOSTON 69 66 .511 6 1/2"): sentences with two or more numbers outside
// time expressions and at most two words per such number. 1 per sentence.
std::vector<uint8_t> table_sentences(const Document& doc) {
  std::vector<uint8_t> in_time(doc.tokens.size(), 0);
  for (const auto& tx : doc.times)
    for (uint32_t t = tx.tok_begin; t < tx.tok_end && t < in_time.size(); ++t) in_time[t] = 1;
  std::vector<uint8_t> out(doc.sentences.size(), 0);
  for (size_t s = 0; s < doc.sentences.size(); ++s) {
    uint32_t nums = 0, words = 0;
    for (uint32_t t = doc.sentences[s].tok_begin; t < doc.sentences[s].tok_end && t < doc.tokens.size();
         ++t) {
      if (doc.tokens[t].kind == TokenKind::Number && !in_time[t])
        ++nums;
      else if (doc.tokens[t].kind == TokenKind::Word)
        ++words;
    }
    out[s] = nums >= 2 && words <= 2 * nums;
  }
  return out;
}

namespace {

// The best-scoring reading of a mention that its container has not vetoed,
// or -1.
int top(const PMention& p) {
  int best = -1;
  for (size_t c = 0; c < p.cands.size(); ++c)
    if (!p.cands[c].vetoed && (best < 0 || p.cands[c].score > p.cands[best].score))
      best = static_cast<int>(c);
  return best;
}

// One report's toponym resolution: the state its steps share. run() calls
// the steps in order; each reads what the steps before it left.
class GeoResolver {
 public:
  GeoResolver(Document& doc, const Lexicon& lex) : doc(doc), lex(lex) {}
  void run();

 private:
  struct Cover {  // a name mention of a tagger entity
    uint32_t start, end;
    int entity;
  };
  struct MatchContext {  // what the words around a gazetteer match say
    bool single, capital, sent_start, loc_prep, comma_place, dateline, bracket_pair;
    bool bracket_place;      // "X (Y)", "X (Y, Z)": this is the X, a lexicon name fills the bracket
    bool bracket_container;  // this is the Y of "Name (Y)" or "Name (Y, Z)"
    bool abbrev;             // a division's abbreviation in its place ("Kaushambi (UP)")
    bool held;               // a common word as the X of "X, Y", Y a country or division holding it
    uint32_t sent;
  };
  struct Anchor {  // a place chosen in pass 1, for closeness
    uint32_t key;
    double lat, lon;
    UnitVec v;
  };
  struct Reading {     // one reading per name
    bool any = false;  // some mention of the name has a reading
    double score = 0;
    uint32_t id = 0;
  };

  // Name mentions and candidates.
  void cover_names();
  const Cover* overlaps(uint32_t s, uint32_t e) const;
  void place_cands(const LexSlot* s, std::vector<Cand>& out, int* demonym, int* actor) const;
  void tagger_entities();
  void tagger_place(size_t k, std::vector<Cand> cands, int demonym);
  void add_bare_divisions(std::string_view name, std::vector<Cand>& c) const;
  // Gazetteer matches the tagger missed.
  void gazetteer_matches();
  void hyphen_part_matches();
  bool cap_word(uint32_t i, uint32_t sent) const;
  void add_match(size_t mi);
  void add_hosted_match(size_t mi, const Cover& host, PMention p, const MatchContext& x);
  bool bracket_pair(size_t mi) const;
  bool bracket_place(size_t mi) const;
  bool bracket_container(size_t mi) const;
  bool placed_by_context(size_t mi, const PMention& p, const MatchContext& x) const;
  bool misc_place_context(size_t mi, const PMention& p, const MatchContext& x) const;
  void add_demonym_match(const LexMatch& m, PMention p, const MatchContext& x);
  void add_free_match(const LexMatch& m, PMention p, int actor, const MatchContext& x);
  bool prominent(const LexSlot* slot) const;
  bool any_prominent(const std::vector<Cand>& cands) const;
  bool unknown_place_said(const Entity& en) const;
  bool comma_place_after(const Entity& en) const;
  void drop_name_parts();
  // Ranking.
  void number_keys();
  void document_focus();
  void entity_focus();
  void note_nested_country(const PMention& p);
  double focus_from_others(uint32_t key, uint32_t country) const;
  void find_containers();
  void admin1_focus();
  bool in_admin_focus(uint32_t key, uint32_t id) const;
  int division_after(const PMention& p) const;
  bool town_before(const PMention& p) const;
  void seat_over_its_division(size_t i);
  int seat_of(uint32_t id, const std::vector<uint32_t>& a2) const;
  bool elsewhere(size_t i, uint32_t country) const;
  void score_prior();
  bool list_after(const PMention& q) const;
  bool inside(uint32_t c, uint32_t d) const;
  void container_vetoes();
  void veto_by_container(size_t i, std::vector<std::pair<uint32_t, uint32_t>>& vetoes);
  void build_anchors();
  double nearest_km(uint32_t key, double lat, double lon) const;
  void score_closeness();
  void veto_far_quarters();
  void pick_readings();
  // Entities.
  bool said_place(const PMention& p) const;
  bool foreign_alt(size_t i, uint32_t id) const;
  bool stray_abroad(size_t i, uint32_t id) const;
  bool org_place_reading(size_t i, uint32_t id) const;
  void emit_entities();
  void resolve_tagger_place(size_t i);
  bool keep_unknown_place(size_t i);
  bool place_reading(size_t i, uint32_t* id) const;
  void add_to_entity(const PMention& p, uint32_t id);
  void release_moved_mentions();
  void spelled_otherwise();
  void division_seats();
  void division_capitals();

  Document& doc;
  const Lexicon& lex;
  std::vector<Cover> covered;  // by start
  std::vector<PMention> pm;
  std::vector<LexMatch> matches;
  std::vector<std::string> name_part_keys;         // keys seen as part of a longer capitalised name
  std::vector<std::string> place_keys;             // names the tagger itself typed PLACE somewhere
  std::vector<uint8_t> table;                      // results or standings sentences
  std::vector<uint32_t> key_id;                    // per mention: its name's number
  std::unordered_map<uint32_t, double> focus;      // by country code
  std::unordered_map<uint64_t, double> own_focus;  // by key id << 32 | country code
  std::vector<int> parent;                         // per mention: its container, or -1
  std::vector<size_t> order;                       // mentions by start
  // Per division ("country\tadmin1"): the first key naming it, and whether
  // another key names it too.
  std::unordered_map<std::string, std::pair<uint32_t, bool>> admin_focus;
  std::vector<Anchor> anchors;
  std::vector<Reading> by_key;                            // by key id
  std::map<std::pair<int, uint32_t>, size_t> new_entity;  // (type, lexicon id) → index
  std::unordered_map<uint32_t, size_t> unknown_entity;    // key id → index (every reading vetoed)
  std::vector<std::pair<int, uint32_t>> moved;            // (tagger entity, mention start) now a place's
  double top_focus = 0;
  // Weak evidence of the report's country, used only where no place names
  // one: the countries of its nationalities and known actors ("Kenyan
  // policemen", "Boko Haram") and of places inside its organisations' names
  // ("University of Zambia", "Derna Mujahideen Shoura Council").
  std::unordered_map<uint32_t, double> weak_focus;  // by country code
};

void GeoResolver::run() {
  cover_names();
  tagger_entities();
  gazetteer_matches();
  drop_name_parts();
  number_keys();
  document_focus();
  entity_focus();
  find_containers();
  admin1_focus();
  score_prior();
  container_vetoes();
  build_anchors();
  score_closeness();
  veto_far_quarters();
  pick_readings();
  emit_entities();
  release_moved_mentions();
  spelled_otherwise();
  division_seats();
  division_capitals();
}

// Name mentions block gazetteer matches (a description such as "the head
// of forensics in eastern Aleppo" does not: its place is a place).
void GeoResolver::cover_names() {
  for (size_t k = 0; k < doc.entities.size(); ++k)
    for (const auto& m : doc.entities[k].mentions)
      if (m.kind == MentionKind::Name && m.start < m.end && m.end <= doc.text.size())
        covered.push_back({m.start, m.end, static_cast<int>(k)});
  std::sort(covered.begin(), covered.end(), [](const Cover& a, const Cover& b) { return a.start < b.start; });
}

// The first name mention overlapping [s, e), or nullptr.
const GeoResolver::Cover* GeoResolver::overlaps(uint32_t s, uint32_t e) const {
  auto it = std::lower_bound(covered.begin(), covered.end(), s,
                             [](const Cover& a, uint32_t v) { return a.end <= v; });
  for (; it != covered.end() && it->start < e; ++it)
    if (it->end > s) return &*it;
  return nullptr;
}

// A key's place readings into `out`; its first demonym and actor entries.
void GeoResolver::place_cands(const LexSlot* s, std::vector<Cand>& out, int* demonym, int* actor) const {
  for (uint32_t k = 0; k < s->post_count; ++k) {
    uint32_t p = lex.postings(*s)[k];
    uint32_t id = p & kPostIdMask;
    LexKind kind = lex.entry(id).kind;
    if (is_place_kind(kind))
      out.push_back({id, (p & kPostAltName) != 0, 0});
    else if (kind == LexKind::Demonym && demonym && *demonym < 0)
      *demonym = static_cast<int>(id);
    else if (kind == LexKind::Actor && actor && *actor < 0)
      *actor = static_cast<int>(id);
  }
}

// (a) Entities the tagger found: nationality groups, places to resolve
// (the others' actors are actors/').
void GeoResolver::tagger_entities() {
  for (size_t k = 0; k < doc.entities.size(); ++k) {
    Entity& en = doc.entities[k];
    if (en.place || (en.type != EntityType::Place && en.type != EntityType::Group)) continue;
    std::vector<std::string_view> names{en.name};
    for (const auto& m : en.mentions)
      if (m.kind == MentionKind::Name) names.push_back(doc.view(m.start, m.end));
    std::vector<Cand> cands;
    int demonym = -1;
    std::unordered_set<std::string_view> seen;
    for (size_t ni = 0; ni < names.size(); ++ni) {
      std::string_view n = names[ni];
      if (!seen.insert(n).second) continue;  // written as before: found as before
      const LexSlot* s = lex.find_name(n);
      if (!s) continue;
      std::vector<Cand> c;
      place_cands(s, c, &demonym, nullptr);
      if ((s->flags & kKeyAbbrev) && !en.mentions.empty())
        drop_abbrev_cands(doc, lex, s, en.mentions[0].start, en.mentions[0].end, c);
      if (!c.empty()) add_bare_divisions(n, c);
      if (cands.empty()) cands = std::move(c);
    }
    if (en.type == EntityType::Group && demonym >= 0) {
      std::string c = lex.country(static_cast<uint32_t>(demonym));
      int32_t pe = lex.entry(static_cast<uint32_t>(demonym)).country_entry;
      if (!c.empty()) {
        en.place = PlaceInfo{};
        country_place(lex, c, &*en.place);
        if (!en.actor) en.actor = ActorInfo{c, c, "", "", ""};
      } else if (pe >= 0) {
        en.place = PlaceInfo{};
        fill_place(lex, static_cast<uint32_t>(pe), &*en.place);
      }
    }
    if (en.type == EntityType::Place) tagger_place(k, std::move(cands), demonym);
  }
}

// A division named with its noun ("Poonch district") may be filed under
// that name in one country and under its bare name in another ("Punch"):
// the bare name's divisions of the noun's order join the readings, so that
// a container after it ("(Poonch district, J&K)") can choose between them.
void GeoResolver::add_bare_divisions(std::string_view name, std::vector<Cand>& c) const {
  const size_t sp = name.rfind(' ');
  if (sp == std::string_view::npos || sp == 0) return;
  const std::string_view noun = name.substr(sp + 1);
  const bool admin2 = ascii_ieq_any(noun, kAdmin2Nouns);
  if (!admin2 && !ascii_ieq_any(noun, kAdmin1Nouns)) return;
  const LexSlot* s = lex.find_name(name.substr(0, sp));
  for (uint32_t k = 0; s && k < s->post_count; ++k) {
    uint32_t p = lex.postings(*s)[k];
    uint32_t id = p & kPostIdMask;
    if (lex.entry(id).kind != (admin2 ? LexKind::Admin2 : LexKind::Admin1)) continue;
    if (std::none_of(c.begin(), c.end(), [&](const Cand& x) { return x.id == id; }))
      c.push_back({id, (p & kPostAltName) != 0, 0});
  }
}

// A tagger PLACE entity k with no place yet: a demonym's country, a place
// the lexicon lacks, or one mention to resolve per name mention.
void GeoResolver::tagger_place(size_t k, std::vector<Cand> cands, int demonym) {
  Entity& en = doc.entities[k];
  if (cands.empty() && demonym >= 0) {
    std::string c = lex.country(static_cast<uint32_t>(demonym));
    if (!c.empty()) {
      en.place = PlaceInfo{};
      country_place(lex, c, &*en.place);
    }
    return;
  }
  // A name the lexicon lacks as a whole takes the best-known place inside
  // it ("Sichuan province", "North London", "Middlesex-London").
  std::string inner_key;
  bool located = false;
  if (cands.empty()) inner_key = inner_place(doc, lex, en, &cands, &located);
  if (cands.empty()) {
    // Without case the tagger's one-word name the gazetteer lacks is no
    // known place unless a locative preposition stands before it ("nikki",
    // "genitalia" in ALL CAPS or lower case; "near wadi x" keeps it).
    if (doc.text_case != TextCase::Mixed && !unknown_place_said(en)) return;
    en.place = PlaceInfo{};
    en.place->name = en.name;
    en.place->precision = "unknown";
    return;
  }
  // Without case a tagger PLACE whose name is a common word ("CARBON",
  // "lakes") is a known place only where place words stand around one of
  // its mentions, or a comma and another place name follow it.
  if (doc.text_case != TextCase::Mixed && inner_key.empty() && !unknown_place_said(en)) {
    const LexSlot* s = lex.find_name(en.name);
    // (A country's or division's name stands as it is: "the us", "mo.")
    const bool wide = std::any_of(cands.begin(), cands.end(), [&](const Cand& c) {
      const LexKind kind = lex.entry(c.id).kind;
      return kind == LexKind::Country || kind == LexKind::Admin1;
    });
    if (s && !wide && is_common(s, doc) && !comma_place_after(en)) return;
  }
  for (const auto& m : en.mentions) {
    if (m.kind != MentionKind::Name || m.end <= m.start || m.end > doc.text.size() || doc.tokens.empty())
      continue;  // a malformed span from upstream is skipped, never read
    if (words::currency_at(doc, doc.token_at(m.end - 1) + 1)) continue;  // "US dollar"
    PMention p;
    p.start = m.start;
    p.end = m.end;
    p.tok_begin = doc.token_at(m.start);
    p.tok_end = doc.token_at(m.end - 1) + 1;
    p.entity = static_cast<int>(k);
    p.key = inner_key.empty() ? lex::name_key(en.name) : inner_key;
    p.inner = !inner_key.empty() && !located;
    p.cands = cands;
    pm.push_back(std::move(p));
  }
}

// (b) Gazetteer matches the tagger missed: each match that the words around
// it make a place, a demonym group or a nationality's institution.
void GeoResolver::gazetteer_matches() {
  longest_matches(doc, lex, 0, static_cast<uint32_t>(doc.tokens.size()),
                  kPlaceKinds | kind_bit(LexKind::Demonym), matches);
  hyphen_part_matches();
  table = table_sentences(doc);
  for (const Entity& en : doc.entities)
    if (en.type == EntityType::Place)
      for (const auto& m : en.mentions)
        if (m.kind == MentionKind::Name && m.start < m.end && m.end <= doc.text.size())
          place_keys.push_back(lex::name_key(doc.view(m.start, m.end)));
  std::sort(place_keys.begin(), place_keys.end());
  place_keys.erase(std::unique(place_keys.begin(), place_keys.end()), place_keys.end());
  for (size_t mi = 0; mi < matches.size(); ++mi) add_match(mi);
}

// Names inside hyphenated compounds: "Turkish-Russian", "Russia-Turkey",
// "Gaza-based", "made-in-China" (when the whole token is no name).
void GeoResolver::hyphen_part_matches() {
  std::vector<LexMatch> parts;
  hyphen_parts(doc, lex, 0, static_cast<uint32_t>(doc.tokens.size()), parts);
  // Without case a part's capital says nothing: only a compound the tagger
  // took into a name (entities/ set its kTokUpper) holds a place
  // ("SOFT-SPOKEN", "PRE-CLOSE" in ALL CAPS hold none), and no common word.
  const bool caseless = doc.text_case != TextCase::Mixed;
  const size_t n = matches.size();
  size_t mi = 0;
  for (const LexMatch& m : parts) {
    const uint32_t t = m.tok_begin;
    while (mi < n && matches[mi].tok_end <= t) ++mi;
    if (mi < n && matches[mi].tok_begin <= t) continue;  // inside a whole name
    // A prominent place's name may stand all the same ("seattle-based",
    // "montreal-area mayors", "russia-turkey ties"), as it does alone.
    if (caseless && (is_common(m.slot, doc) || !((doc.tokens[t].flags & kTokUpper) || prominent(m.slot))))
      continue;
    if (!hyphen_part_stands(doc, m, parts)) continue;
    matches.push_back(m);
  }
  std::stable_sort(matches.begin(), matches.end(),
                   [](const LexMatch& x, const LexMatch& y) { return x.start < y.start; });
}

// A country, a city of a million or a large capital (prior >=
// kCaselessProminent) among the key's readings.
bool GeoResolver::prominent(const LexSlot* slot) const {
  std::vector<Cand> cands;
  int demonym = -1, actor = -1;
  place_cands(slot, cands, &demonym, &actor);
  return demonym < 0 && any_prominent(cands);
}

bool GeoResolver::any_prominent(const std::vector<Cand>& cands) const {
  return std::any_of(cands.begin(), cands.end(),
                     [&](const Cand& c) { return prior(lex, c.id, c.alt) >= kCaselessProminent; });
}

// Whether a tagger PLACE name is of several words, or follows a locative
// preposition, a bracket or a place noun and "of", or comes before a place
// noun, somewhere.
bool GeoResolver::unknown_place_said(const Entity& en) const {
  for (const auto& m : en.mentions) {
    if (m.kind != MentionKind::Name || m.end <= m.start || m.end > doc.text.size() || doc.tokens.empty())
      continue;
    const uint32_t a = doc.token_at(m.start), b = doc.token_at(m.end - 1);
    if (b > a) return true;
    const uint32_t sent = doc.tokens[a].sentence;
    auto word = [&](uint32_t t) {
      return doc.tokens[t].sentence == sent ? doc.token_text(t) : std::string_view();
    };
    // (And "nacutuco (mucojo, cabo delgado)": a bracketed container.)
    if (a > 0 && (ascii_ieq_any(word(a - 1), kLocPreps) || word(a - 1) == "(")) return true;
    // "the village of x", "x village", "the outskirts of x".
    if (a > 1 && ascii_ieq(word(a - 1), "of") &&
        (ascii_ieq_any(word(a - 2), kPlaceNouns) || ascii_ieq_any(word(a - 2), kPartOf)))
      return true;
    if (b + 1 < doc.tokens.size() && ascii_ieq_any(word(b + 1), kPlaceNouns)) return true;
  }
  return false;
}

// Whether a mention of en is followed by a comma and a place name the
// lexicon knows, not a common word ("beaver, west virginia").
bool GeoResolver::comma_place_after(const Entity& en) const {
  for (const auto& m : en.mentions) {
    if (m.kind != MentionKind::Name || m.end <= m.start || m.end > doc.text.size() || doc.tokens.empty())
      continue;
    const uint32_t b = doc.token_at(m.end - 1);
    if (b + 2 >= doc.tokens.size() || doc.token_text(b + 1) != "," ||
        doc.tokens[b + 2].sentence != doc.tokens[b].sentence)
      continue;
    const LexSlot* s = lex.find_name(doc.token_text(b + 2));
    if (s && !is_common(s, doc)) return true;
  }
  return false;
}

bool GeoResolver::cap_word(uint32_t i, uint32_t sent) const {
  return i < doc.tokens.size() && doc.tokens[i].sentence == sent && doc.tokens[i].kind == TokenKind::Word &&
         token_has_capital(doc, i);
}

// One gazetteer match: its candidates and context, then the rule for a match
// inside a tagger name, a demonym, or a free-standing name.
void GeoResolver::add_match(size_t mi) {
  const LexMatch& m = matches[mi];
  // Inside a tagger ORG or PERSON name: see add_hosted_match.
  const Cover* host = overlaps(m.start, m.end);
  if (host &&
      (doc.entities[host->entity].type == EntityType::Place ||
       doc.entities[host->entity].type == EntityType::Group || m.start < host->start || m.end > host->end))
    return;
  // No place in a results or standings line ("Durham 114 and 211", "BOSTON
  // 69 66 .511"): its names are teams.
  if (table[doc.tokens[m.tok_begin].sentence]) return;
  // "the US dollar", "the Lebanese pound": a currency's name (numbers/words.h).
  if (words::currency_at(doc, m.tok_end)) return;
  PMention p;
  p.start = m.start;
  p.end = m.end;
  p.tok_begin = m.tok_begin;
  p.tok_end = m.tok_end;
  p.key = std::string(lex.str(m.slot->key));
  int actor = -1;
  place_cands(m.slot, p.cands, &p.demonym, &actor);
  drop_abbrev_cands(doc, lex, m.slot, m.start, m.end, p.cands);
  const Token& first = doc.tokens[m.tok_begin];
  MatchContext x;
  x.single = m.tok_end - m.tok_begin == 1;
  x.capital = false;  // "northern Gaza Strip" counts by its capitalised words
  if (m.start != first.start)
    x.capital = doc.text[m.start] >= 'A' && doc.text[m.start] <= 'Z';
  else
    for (uint32_t t = m.tok_begin; t < m.tok_end && !x.capital; ++t) x.capital = token_has_capital(doc, t);
  x.sent = first.sentence;
  x.sent_start = m.tok_begin == doc.sentences[x.sent].tok_begin;
  std::string_view prev = m.tok_begin > 0 && doc.tokens[m.tok_begin - 1].sentence == x.sent
                              ? doc.token_text(m.tok_begin - 1)
                              : std::string_view();
  x.loc_prep = !prev.empty() && ascii_ieq_any(prev, kLocPreps);
  x.comma_place = m.tok_end + 1 < doc.tokens.size() && doc.token_text(m.tok_end) == "," &&
                  mi + 1 < matches.size() && matches[mi + 1].tok_begin == m.tok_end + 1;
  x.dateline = is_dateline(doc, m);
  x.bracket_pair = bracket_pair(mi);
  x.bracket_place = bracket_place(mi);
  x.bracket_container = bracket_container(mi);
  // A division's abbreviation in its place names only the division.
  x.abbrev = (m.slot->flags & kKeyAbbrev) && abbrev_position(doc, lex, m.slot, m.start, m.end) &&
             std::any_of(p.cands.begin(), p.cands.end(),
                         [&](const Cand& c) { return lex.entry(c.id).kind == LexKind::Admin1; });
  if (x.abbrev)
    std::erase_if(p.cands, [&](const Cand& c) { return lex.entry(c.id).kind != LexKind::Admin1; });
  x.held = is_common(m.slot, doc) && x.comma_place && placed_by_context(mi, p, x);
  // Inside a name the tagger typed MISC ("Hong Kong Open", "U.S. Treasuries"):
  // no place, unless the words around say place ("in Kurdistan", "the Paie
  // Nawa area of Tarinkot city, Urozgan").
  // (A nationality the tagger typed MISC, as CoNLL types them, is a GROUP all
  // the same: "Salvadoran troops", "a Peruvian official".)
  if (!host && p.demonym < 0 && !x.loc_prep && !x.dateline && !misc_place_context(mi, p, x))
    for (uint32_t t = m.tok_begin; t < m.tok_end; ++t)
      if (doc.tokens[t].flags & kTokInMisc) return;
  if (host)
    add_hosted_match(mi, *host, std::move(p), x);
  else if (p.demonym >= 0)
    add_demonym_match(m, std::move(p), x);
  else
    add_free_match(m, std::move(p), actor, x);
}

// No second opinion on a name the tagger typed: a place named inside a
// club's or company's name ("Real Madrid", "Sheffield Wednesday", "Texas A&M
// University") stays part of that name. The tagger's whole name becomes a
// place only where the context says place ("in Ottawa", "DETROIT, Mich. -",
// "Ottawa, Canada"), and then the mention moves from the tagger's entity to
// the place (one mention, one entity). Never a nationality, never the
// country of armed forces ("U.S. military", SCHEMA.md).
void GeoResolver::add_hosted_match(size_t mi, const Cover& host, PMention p, const MatchContext& x) {
  const LexMatch& m = matches[mi];
  bool whole = m.start == host.start && m.end == host.end;
  if (!whole && doc.entities[host.entity].type == EntityType::Org) note_nested_country(p);
  // (The Y of "X, Y" too: "Shreveport, Louisiana"; of "X and Y",
  // "between X and Y"; of "X's Y", "North Sinai's Al Arish"; of "X (Y,
  // Z)".)
  auto linked = [&](std::string_view w) {
    return w == "," || w == "(" || ascii_ieq(w, "and") || ascii_ieq(w, "or") || w == "'s";
  };
  bool after_comma_place = false;
  if (m.tok_begin >= 2 && linked(doc.token_text(m.tok_begin - 1)) &&
      doc.tokens[m.tok_begin - 2].sentence == x.sent) {
    if (mi > 0 && matches[mi - 1].tok_end == m.tok_begin - 1) after_comma_place = true;
    const Token& before = doc.tokens[m.tok_begin - 2];
    if (const Cover* c = overlaps(before.start, before.end);
        c && c->end == before.end && doc.entities[c->entity].type == EntityType::Place)
      after_comma_place = true;  // "between Lafoole and Mogadishu"
  }
  // "the Chirimina quarter of Natitingou", "the centre of Sirte".
  if (m.tok_begin >= 2 && ascii_ieq(doc.token_text(m.tok_begin - 1), "of") &&
      (ascii_ieq_any(doc.token_text(m.tok_begin - 2), kPartOf) ||
       ascii_ieq_any(doc.token_text(m.tok_begin - 2), kPlaceNouns)))
    after_comma_place = true;
  const bool placed = whole && (placed_by_context(mi, p, x) || x.bracket_container || x.abbrev);
  if (whole &&
      !(x.loc_prep || x.comma_place || x.bracket_place || x.bracket_container || x.abbrev ||
        after_comma_place || x.dateline || std::binary_search(place_keys.begin(), place_keys.end(), p.key)))
    return;
  // A name the tagger typed ORG ("Nice", "Surrey" the clubs) is a place only
  // where its own words say so: after a locative preposition, in a dateline,
  // or as the X of "X, Y" with Y holding it — not because it is listed
  // beside places ("Essex, Derbyshire and Surrey") or is a place elsewhere
  // in the report.
  if (whole && doc.entities[host.entity].type == EntityType::Org && !(x.loc_prep || x.dateline || placed))
    return;
  if (!placed && !nested_place_ok(doc, lex, m, host.start, host.end, doc.entities[host.entity], p.cands,
                                  p.demonym, x.loc_prep || x.comma_place)) {
    // A place inside an organisation's name stays part of the name, but is
    // the organisation's place ("Texas A&M University", "University of
    // Zambia"): resolved with the rest, never a PLACE entity or an event place.
    // (Without case, "environment canada", "ctv edmonton": its capital says
    // nothing, the tagger's name does.)
    if (!whole && doc.entities[host.entity].type == EntityType::Org && !doc.entities[host.entity].place &&
        p.demonym < 0 && !p.cands.empty() && !is_common(m.slot, doc) &&
        (doc.text_case != TextCase::Mixed || (doc.text[m.start] >= 'A' && doc.text[m.start] <= 'Z')) &&
        !(x.single && is_calendar_word(doc.view(m.start, m.end)))) {
      p.org_host = host.entity;
      pm.push_back(std::move(p));
    }
    return;
  }
  p.strong = true;  // attested: no neighbour or focus filter
  p.context = true;
  if (whole) p.host = host.entity;
  pm.push_back(std::move(p));
}

// Match mi is one of two lexicon names that fill a bracket, "(X, Y)".
bool GeoResolver::bracket_pair(size_t mi) const {
  auto tok_is = [&](uint32_t t, std::string_view w) {
    return t < doc.tokens.size() && doc.token_text(t) == w;
  };
  auto pair_at = [&](size_t a) {  // matches a and a + 1 fill the bracket
    if (a + 1 >= matches.size()) return false;
    const LexMatch& x = matches[a];
    const LexMatch& y = matches[a + 1];
    return x.tok_begin > 0 && tok_is(x.tok_begin - 1, "(") && tok_is(x.tok_end, ",") &&
           y.tok_begin == x.tok_end + 1 && tok_is(y.tok_end, ")");
  };
  return pair_at(mi) || (mi > 0 && pair_at(mi - 1));
}

// Match mi is the X of "X (Y)" or "X (Y, Z)": a bracket opens right after
// it and the next lexicon name fills the bracket up to ")" or ",".
bool GeoResolver::bracket_place(size_t mi) const {
  if (mi + 1 >= matches.size()) return false;
  const LexMatch& m = matches[mi];
  const LexMatch& y = matches[mi + 1];
  if (m.tok_end >= doc.tokens.size() || doc.token_text(m.tok_end) != "(" || y.tok_begin != m.tok_end + 1)
    return false;
  if (y.tok_end >= doc.tokens.size()) return false;
  std::string_view after = doc.token_text(y.tok_end);
  return after == ")" || after == ",";
}

// Match mi is the Y of "Name (Y)" or "Name (Y, Z)": a place name that opens a
// bracket right after a name, the way reports place a town in its division
// ("in Caluco (Sonsonate)", "in Ras Jabel (Bizerte)"), whether or not the
// name before is known. Not a common word, not a person's or group's name.
bool GeoResolver::bracket_container(size_t mi) const {
  const LexMatch& m = matches[mi];
  if (m.tok_begin < 2 || m.tok_end >= doc.tokens.size() || is_common(m.slot, doc)) return false;
  if (doc.token_text(m.tok_begin - 1) != "(") return false;
  std::string_view after = doc.token_text(m.tok_end);
  if (after != ")" && after != ",") return false;
  const uint32_t name = m.tok_begin - 2;
  const Token& t = doc.tokens[name];
  if (t.kind != TokenKind::Word || t.sentence != doc.tokens[m.tok_begin].sentence) return false;
  if (doc.text_case == TextCase::Mixed && !token_has_capital(doc, name)) return false;
  for (uint32_t k = 0; k < m.slot->post_count; ++k) {
    LexKind kind = lex.entry(lex.postings(*m.slot)[k] & kPostIdMask).kind;
    if (kind == LexKind::Country || kind == LexKind::Admin1 || kind == LexKind::Admin2 ||
        kind == LexKind::City)
      return true;
  }
  return false;
}

// Whether the words around a tagger ORG or PERSON name that the lexicon knows
// as a place say place, whatever its size: a name of several words after a
// locative preposition ("villages near Tal Tamr"), or the X of "X, Y" where
// Y is a country or division that holds one of X's places ("Lougou
// (Segbana, Alibori)", "Cuautla, Morelos").
bool GeoResolver::placed_by_context(size_t mi, const PMention& p, const MatchContext& x) const {
  const LexMatch& m = matches[mi];
  if (p.demonym >= 0 || p.cands.empty()) return false;
  if (x.loc_prep && !x.single && !is_common(m.slot, doc)) return true;
  if (!x.comma_place && !x.bracket_place) return false;
  const LexMatch& y = matches[mi + 1];
  for (uint32_t k = 0; k < y.slot->post_count; ++k) {
    const LexEntry& c = lex.entry(lex.postings(*y.slot)[k] & kPostIdMask);
    bool country = c.kind == LexKind::Country, division = c.kind == LexKind::Admin1;
    // In a bracket, a town or district of the same division holds it too
    // ("Al Ajaylat (An Nuqat al Khams)", "Ar Rudayyif (Gafsa)").
    bool town = x.bracket_place && (c.kind == LexKind::City || c.kind == LexKind::Admin2);
    if (!country && !division && !town) continue;
    for (const auto& xc : p.cands) {
      const LexEntry& e = lex.entry(xc.id);
      if (std::memcmp(e.country, c.country, 3) != 0) continue;
      if (country || (division && ascii_ieq(lex.str(e.admin1), lex.str(c.name))) ||
          (town && !lex.str(c.admin1).empty() && ascii_ieq(lex.str(e.admin1), lex.str(c.admin1))))
        return true;
    }
  }
  return false;
}

// Whether the words around a match inside a tagger MISC name say place
// all the same: a lower-case place noun after it ("Taloqan city", "Nahri
// Saraj district"; in text with case, "Mexico City Marathon" says nothing),
// a part noun and "of" before it ("the Paie Nawa area of Tarinkot"), or
// the X of "X, Y" where Y holds it ("Taloqan, Takhar").
bool GeoResolver::misc_place_context(size_t mi, const PMention& p, const MatchContext& x) const {
  const LexMatch& m = matches[mi];
  if (p.demonym >= 0 || p.cands.empty()) return false;
  const bool whole_tokens =
      m.start == doc.tokens[m.tok_begin].start && m.end == doc.tokens[m.tok_end - 1].end;
  if (whole_tokens && m.tok_end < doc.tokens.size() && doc.tokens[m.tok_end].sentence == x.sent &&
      ascii_ieq_any(doc.token_text(m.tok_end), kPlaceNouns) &&
      (doc.text_case != TextCase::Mixed || !token_has_capital(doc, m.tok_end)))
    return true;
  if (m.tok_begin >= 2 && ascii_ieq(doc.token_text(m.tok_begin - 1), "of") &&
      doc.tokens[m.tok_begin - 2].sentence == x.sent &&
      ascii_ieq_any(doc.token_text(m.tok_begin - 2), kPartOf))
    return true;
  return x.comma_place && placed_by_context(mi, p, x);
}

// A demonym outside every tagger name: a GROUP ("Israelis"), or an ORG with
// the institution after it ("Israeli forces").
void GeoResolver::add_demonym_match(const LexMatch& m, PMention p, const MatchContext& x) {
  if (!x.capital) return;
  // "Mohammed Shia' al-Sudani": a demonym inside a person's name.
  if (m.tok_begin > 0 && cap_word(m.tok_begin - 1, x.sent) &&
      m.tok_begin - 1 != doc.sentences[x.sent].tok_begin && cap_word(m.tok_end, x.sent))
    return;
  uint32_t words = 0;
  if (const char* sec = institution_sector(doc, m.tok_end, &words)) {
    p.type = EntityType::Org;
    p.sector = sec;
    uint32_t last = m.tok_end + words - 1;
    p.end = doc.tokens[last].end;
    p.org_name = std::string(doc.view(p.start, p.end));
  } else {
    p.type = EntityType::Group;
  }
  p.cands.clear();
  pm.push_back(std::move(p));
}

// A place name outside every tagger name, kept when capitalised (or after a
// locative preposition without case) and not part of a longer name.
void GeoResolver::add_free_match(const LexMatch& m, PMention p, int actor, const MatchContext& x) {
  const Token& first = doc.tokens[m.tok_begin];
  bool capital = x.capital;
  // Without case (ALL CAPS, no capitals) an unflagged name counts only
  // after a locative preposition ("protested in rasht"), and never a
  // common word ("in front", "outside of").
  // So do the two names of a bracketed container ("in sirarou (n'dali,
  // borgou)"), which read as places whatever the case.
  if (!capital && doc.text_case != TextCase::Mixed && (x.loc_prep || x.bracket_pair) &&
      !is_common(m.slot, doc))
    capital = true;
  // So does a curated name of two words or more that ends in its own place
  // noun ("raided the nur shams camp", "THE SHATI CAMP"), or a district's
  // or county's name with its own noun ("a metcalfe county man"): the noun
  // says place.
  if (!capital && doc.text_case != TextCase::Mixed && m.tok_end - m.tok_begin >= 2 &&
      m.end == doc.tokens[m.tok_end - 1].end && ascii_ieq_any(doc.token_text(m.tok_end - 1), kPlaceNouns) &&
      !is_common(m.slot, doc))
    for (const auto& c : p.cands)
      if ((lex.entry(c.id).flags & kLexCurated) ||
          (ascii_ieq_any(doc.token_text(m.tok_end - 1), kAdmin2Nouns) &&
           lex.entry(c.id).kind == LexKind::Admin2))
        capital = true;
  if (x.abbrev) capital = true;
  // A common word without case needs its place beside it: "in beaver, west
  // virginia", "SALT, UTAH" (the Y a country or division that holds it).
  if (!capital && doc.text_case != TextCase::Mixed && x.held) capital = true;
  // Nor a name whose common word is a pronoun, after an article: a pronoun
  // never follows one ("the us election", "outside of the us").
  if (!capital && doc.text_case != TextCase::Mixed && x.single && is_common(m.slot, doc) && m.tok_begin > 0 &&
      doc.tokens[m.tok_begin - 1].sentence == x.sent && ascii_ieq(doc.token_text(m.tok_begin - 1), "the") &&
      ascii_ieq_any(doc.view(m.start, m.end), kPronouns))
    capital = true;
  // Nor need a prominent place (a country, a city of a million, a large
  // capital: prior >= kCaselessProminent) a preposition: "the winnipeg jail",
  // "montreal police", "canada's economy" read as places whatever the case.
  if (!capital && doc.text_case != TextCase::Mixed && !is_common(m.slot, doc) && any_prominent(p.cands))
    capital = true;
  if (p.cands.empty() || !capital) return;
  if (x.single && is_calendar_word(doc.view(m.start, m.end))) return;
  bool strong = false;  // a country or a large territory stands on its own
  for (const auto& c : p.cands) {
    LexKind k = lex.entry(c.id).kind;
    if (k == LexKind::Country || (k == LexKind::Area && prior(lex, c.id, false) >= 11)) strong = true;
  }
  // "Hamas" is the movement, not Hamm; country actors (typed GROUP, with city
  // aliases) do not block.
  if (actor >= 0 && !strong && lex.str(lex.entry(static_cast<uint32_t>(actor)).extra) != "GROUP" &&
      ascii_ieq(lex.name(static_cast<uint32_t>(actor)), doc.view(m.start, m.end)))
    return;
  if (is_common(m.slot, doc) && !x.dateline && !x.loc_prep && !x.comma_place && !x.abbrev &&
      !(strong && !x.sent_start))
    return;
  double best_prior = 0;
  for (const auto& c : p.cands) best_prior = std::max(best_prior, prior(lex, c.id, c.alt));
  if (!strong && !x.dateline && !x.abbrev && best_prior < 7) {
    // A capitalised neighbour makes a small place's name part of a longer
    // name ("Austin Powers", "Hinton Hall"), unless the neighbour starts the
    // sentence. Large places keep it ("Texas Senator", "London City airport").
    bool in_word = m.start != first.start || m.end != doc.tokens[m.tok_end - 1].end;  // part of a compound
    bool prev_cap = !in_word && m.tok_begin > 0 && cap_word(m.tok_begin - 1, x.sent) &&
                    m.tok_begin - 1 != doc.sentences[x.sent].tok_begin;
    if ((!in_word && cap_word(m.tok_end, x.sent)) || prev_cap) {
      // "Jim Burton": a surname here, so "Burton said" is one too ("Glasgow
      // Police" says nothing about "in Glasgow").
      if (x.single && prev_cap) name_part_keys.push_back(p.key);
      return;
    }
    if (x.single && x.sent_start && !x.loc_prep && is_common(m.slot, doc)) return;
  }
  p.strong = strong;
  p.context = x.loc_prep || x.comma_place || x.abbrev || !x.single;
  pm.push_back(std::move(p));
}

// A small place's name that the document also uses inside a person's or
// organisation's name is that name elsewhere too ("Burton said").
void GeoResolver::drop_name_parts() {
  if (name_part_keys.empty()) return;
  std::sort(name_part_keys.begin(), name_part_keys.end());
  pm.erase(std::remove_if(pm.begin(), pm.end(),
                          [&](const PMention& p) {
                            return p.entity < 0 && p.type == EntityType::Place && !p.strong &&
                                   p.tok_end - p.tok_begin == 1 &&
                                   std::binary_search(name_part_keys.begin(), name_part_keys.end(), p.key);
                          }),
           pm.end());
}

// Each distinct name (key) gets a number below pm.size() (its first rank in
// key order): focus, anchors and readings are kept per number, not in maps
// keyed by strings.
void GeoResolver::number_keys() {
  key_id.resize(pm.size());
  std::vector<uint32_t> by_name(pm.size());
  for (uint32_t i = 0; i < pm.size(); ++i) by_name[i] = i;
  std::sort(by_name.begin(), by_name.end(), [&](uint32_t a, uint32_t b) { return pm[a].key < pm[b].key; });
  for (size_t r = 0; r < by_name.size(); ++r)
    key_id[by_name[r]] = r > 0 && pm[by_name[r]].key == pm[by_name[r - 1]].key ? key_id[by_name[r - 1]]
                                                                               : static_cast<uint32_t>(r);
}

// Document focus: countries named unambiguously (a demonym, a name whose
// every reading lies in one country).
void GeoResolver::document_focus() {
  auto own = [](uint32_t key, uint32_t country) { return uint64_t{key} << 32 | country; };
  for (size_t i = 0; i < pm.size(); ++i) {
    const PMention& p = pm[i];
    if (p.org_host >= 0) continue;  // (weak evidence: note_nested_country)
    if (p.demonym >= 0) {
      uint32_t c = country_code(lex, static_cast<uint32_t>(p.demonym));
      if (c) focus[c] += 1;
      if (c) own_focus[own(key_id[i], c)] += 1;
      continue;
    }
    if (p.cands.empty()) continue;
    uint32_t c0 = country_code(lex, p.cands[0].id);
    bool one = c0 != 0;
    for (const auto& c : p.cands) one &= country_code(lex, c.id) == c0;
    if (one) {
      double w = lex.entry(p.cands[0].id).kind == LexKind::Country ? 1.5 : 1.0;
      focus[c0] += w;
      own_focus[own(key_id[i], c0)] += w;
    }
  }
  // The country the report's outlet is named after or covers ("Radio
  // Dabanga": Sudan) counts as two more such names: a national outlet
  // reports its own country (an "Aberdeen" in News24 is the Eastern Cape town).
  if (doc.source_country.size() == 3) focus[country_code(doc.source_country)] += 2;
  for (const auto& [cc, f] : focus) top_focus = std::max(top_focus, f);
}

// Weak focus from the tagger's names that are no place: the country of each
// nationality group and known actor, once per entity.
void GeoResolver::entity_focus() {
  for (const Entity& en : doc.entities) {
    if (en.type == EntityType::Place) continue;
    std::string_view c = en.actor && !en.actor->country.empty() ? std::string_view(en.actor->country)
                         : en.place                             ? std::string_view(en.place->country)
                                                                : std::string_view();
    if (c.size() == 3) weak_focus[country_code(c)] += 1;
  }
}

// A place or nationality inside an organisation's name that stays part of
// it ("South African Broadcasting Corporation", "University of Zambia"):
// weak focus on its country when its readings agree on one.
void GeoResolver::note_nested_country(const PMention& p) {
  if (p.demonym >= 0) {
    if (uint32_t c = country_code(lex, static_cast<uint32_t>(p.demonym))) weak_focus[c] += 1;
    return;
  }
  if (p.cands.empty()) return;
  const uint32_t c0 = country_code(lex, p.cands[0].id);
  for (const auto& c : p.cands)
    if (country_code(lex, c.id) != c0) return;
  if (c0) weak_focus[c0] += 1;
}

// A country's focus from names other than `key` (a name's own mentions do
// not count towards its own focus).
double GeoResolver::focus_from_others(uint32_t key, uint32_t country) const {
  auto f = focus.find(country);
  if (f == focus.end()) return 0.0;
  auto o = own_focus.find(uint64_t{key} << 32 | country);
  return f->second - (o == own_focus.end() ? 0.0 : o->second);
}

// The place named right after ("Jenin, West Bank", "Khan Younis in the
// southern Gaza Strip") or before ("the Gaza Strip city of Rafah") contains
// the mention.
void GeoResolver::find_containers() {
  parent.assign(pm.size(), -1);
  order.resize(pm.size());
  for (size_t i = 0; i < pm.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return pm[a].start < pm[b].start; });
  for (size_t oi = 0; oi < order.size(); ++oi) {
    PMention& p = pm[order[oi]];
    if (p.cands.empty()) continue;
    if (oi + 1 < order.size()) {
      const PMention& q = pm[order[oi + 1]];
      uint32_t t = p.tok_end, skipped = 0;
      bool bracket = false;
      while (t < q.tok_begin && t < doc.tokens.size() && skipped < 6) {
        auto w = doc.token_text(t);
        // ("Mora village (Surat, Gujarat)": a place noun between them too;
        // "Chapa village (Kalale, Borgou)": inside the brackets, a name the
        // gazetteer lacks.)
        bool name_in_bracket = bracket && doc.tokens[t].kind == TokenKind::Word && token_has_capital(doc, t);
        if (!(w == "," || w == "(" || ascii_ieq(w, "in") || ascii_ieq(w, "the") || ascii_ieq(w, "of") ||
              ascii_ieq_any(w, kDirAdj) || ascii_ieq_any(w, kPlaceNouns) || ascii_ieq_any(w, kPartOf) ||
              name_in_bracket))
          break;
        bracket |= w == "(";
        ++t;
        ++skipped;
      }
      if (t == q.tok_begin && skipped > 0 && !q.cands.empty())
        parent[order[oi]] = static_cast<int>(order[oi + 1]);
    }
    if (parent[order[oi]] < 0 && oi > 0 && p.tok_begin >= 2) {
      const PMention& q = pm[order[oi - 1]];
      if (p.tok_begin <= doc.tokens.size() && ascii_ieq(doc.token_text(p.tok_begin - 1), "of") &&
          ascii_ieq_any(doc.token_text(p.tok_begin - 2), kPlaceNouns) && q.tok_end + 2 == p.tok_begin &&
          !q.cands.empty())
        parent[order[oi]] = static_cast<int>(order[oi - 1]);
    }
    // "Burkina Faso's Sahel region", "Nigeria's northwestern Zamfara state":
    // the possessor contains the place.
    if (parent[order[oi]] < 0 && oi > 0) {
      const PMention& q = pm[order[oi - 1]];
      uint32_t t = q.tok_end;
      if (!q.cands.empty() && t < p.tok_begin && t < doc.tokens.size() && doc.token_text(t) == "'s") {
        ++t;
        while (t < p.tok_begin && ascii_ieq_any(doc.token_text(t), kDirAdj)) ++t;
        if (t == p.tok_begin) parent[order[oi]] = static_cast<int>(order[oi - 1]);
      }
    }
  }
}

// First-order divisions the document names ("Alberta", "Ohio"): a town in
// one of them is likelier than its namesake elsewhere.
void GeoResolver::admin1_focus() {
  for (size_t i = 0; i < pm.size(); ++i)
    for (const auto& c : pm[i].cands)
      if (lex.entry(c.id).kind == LexKind::Admin1 && !c.alt) {
        auto [it, fresh] =
            admin_focus.try_emplace(lex.country(c.id) + '\t' + std::string(lex.name(c.id)), key_id[i], false);
        if (!fresh && it->second.first != key_id[i]) it->second.second = true;
      }
}

bool GeoResolver::in_admin_focus(uint32_t key, uint32_t id) const {
  const LexEntry& e = lex.entry(id);
  if (e.kind != LexKind::City && e.kind != LexKind::Admin2) return false;
  auto it = admin_focus.find(lex.country(id) + '\t' + std::string(lex.str(e.admin1)));
  return it != admin_focus.end() && (it->second.second || it->second.first != key);
}

// The word after a name can say which kind of place it is: "the Sagaing
// region", "Borno state" (a first-order division, though a town shares
// the name), "Kanbalu township", "Baringo county" (a second-order one).
// (The noun may end the name itself: "Taiz province".) 1 admin1, 2 admin2,
// 0 none.
int GeoResolver::division_after(const PMention& p) const {
  auto noun = [&](uint32_t t) -> int {
    std::string_view w = doc.token_text(t);
    return ascii_ieq_any(w, kAdmin1Nouns) ? 1 : ascii_ieq_any(w, kAdmin2Nouns) ? 2 : 0;
  };
  if (p.tok_end > p.tok_begin + 1)
    if (int d = noun(p.tok_end - 1)) return d;
  if (p.tok_end >= doc.tokens.size() || doc.tokens[p.tok_end].sentence != doc.tokens[p.tok_end - 1].sentence)
    return 0;
  return noun(p.tok_end);
}

// "the southern city of Odesa", "the town of Kupiansk": a town, though a
// division shares the name.
bool GeoResolver::town_before(const PMention& p) const {
  if (p.tok_begin < 2 || !ascii_ieq(doc.token_text(p.tok_begin - 1), "of")) return false;
  static constexpr std::string_view kTown[] = {"city", "town", "village", "port", "capital"};
  return ascii_ieq_any(doc.token_text(p.tok_begin - 2), kTown);
}

// The report names a place of another country (focus from names other than
// mention i's) and none of `country`, weakly or not, and i has no container.
bool GeoResolver::elsewhere(size_t i, uint32_t country) const {
  if (parent[i] >= 0 || focus_from_others(key_id[i], country) > 0 || weak_focus.count(country)) return false;
  for (const auto& [other, f] : focus)
    if (other != country && focus_from_others(key_id[i], other) >= 1) return true;
  return false;
}

// The division of `a2` whose seat town `id` is (the same first-order
// division, within 60 km of its centre), or -1.
int GeoResolver::seat_of(uint32_t id, const std::vector<uint32_t>& a2) const {
  const LexEntry& e = lex.entry(id);
  if (std::isnan(e.lat)) return -1;
  for (uint32_t d : a2) {
    const LexEntry& de = lex.entry(d);
    if (country_code(lex, d) == country_code(lex, id) && lex.str(de.admin1) == lex.str(e.admin1) &&
        !std::isnan(de.lat) && distance_km(e.lat, e.lon, de.lat, de.lon) <= 60.0)
      return static_cast<int>(d);
  }
  return -1;
}

// Pass 1: prior, focus, hierarchy.
void GeoResolver::score_prior() {
  for (size_t i = 0; i < pm.size(); ++i) {
    PMention& p = pm[i];
    const int division = division_after(p);
    // Countries where a division shares the name: there "city of X" means the town.
    std::vector<std::string> division_countries;
    if (town_before(p))
      for (const auto& c : p.cands)
        if (lex.entry(c.id).kind == LexKind::Admin1 || lex.entry(c.id).kind == LexKind::Admin2)
          division_countries.push_back(lex.country(c.id));
    // A bare name shared by a first-order division and the town that is its
    // seat or a city of a million ("Kharkiv", "Kano", "Kherson", "Lagos") is
    // the town; "Kharkiv region" the division. (A national capital has its
    // own, equal bonus in prior().)
    std::vector<std::pair<uint32_t, std::string_view>> same_named_admin1;  // (country, name)
    // Likewise a bare name shared by a second-order division and a town near
    // its centre (its seat: "Satna", "Alwar", "Dadu", districts named after
    // their seats) is the town wherever the division would be: the town
    // takes the division's prior when higher; "Satna district" stays the
    // division. (Not a namesake village far off in the division: "Cintalapa,
    // Chiapas" is the municipality of Cintalapa de Figueroa.)
    std::vector<uint32_t> same_named_admin2;
    if (division == 0)
      for (const auto& c : p.cands) {
        if (c.alt) continue;
        if (lex.entry(c.id).kind == LexKind::Admin1)
          same_named_admin1.push_back({country_code(lex, c.id), lex.name(c.id)});
        else if (lex.entry(c.id).kind == LexKind::Admin2)
          same_named_admin2.push_back(c.id);
      }
    for (auto& c : p.cands) {
      c.score = prior(lex, c.id, c.alt);
      const LexKind kind = lex.entry(c.id).kind;
      if ((division == 1 && kind == LexKind::Admin1) || (division == 2 && kind == LexKind::Admin2))
        c.score += 3;
      if (kind == LexKind::City && !c.alt && !(lex.entry(c.id).flags & kLexCapital) &&
          (feature_is(lex.entry(c.id), "PPLA") || lex.entry(c.id).population >= 1000000))
        for (const auto& [cc, name] : same_named_admin1)
          if (cc == country_code(lex, c.id) && name == lex.str(lex.entry(c.id).admin1)) c.score += 3;
      // (Not a town abroad while the report is about another country: the
      // division's reading of a namesake there is weak, its seat no less.)
      if (kind == LexKind::City && !c.alt && !elsewhere(i, country_code(lex, c.id)))
        if (const int d = seat_of(c.id, same_named_admin2); d >= 0)
          c.score = std::max(c.score, prior(lex, static_cast<uint32_t>(d), false) + 0.01);
      if (kind == LexKind::City && std::find(division_countries.begin(), division_countries.end(),
                                             lex.country(c.id)) != division_countries.end())
        c.score += 3;
      const uint32_t cc = country_code(lex, c.id);
      double other = focus_from_others(key_id[i], cc);
      if (other > 0) {
        c.score += 2.5 + std::min(other, 4.0) * 0.25;
      } else if (top_focus == 0) {
        if (auto w = weak_focus.find(cc); w != weak_focus.end()) c.score += 2;
      }
      if (!admin_focus.empty() && in_admin_focus(key_id[i], c.id)) c.score += 1.5;
      if (parent[i] >= 0) {
        const PMention& q = pm[parent[i]];
        for (const auto& qc : q.cands) {
          const LexEntry& qe = lex.entry(qc.id);
          if (qe.kind != LexKind::Country && qe.kind != LexKind::Admin1 && qe.kind != LexKind::Area) continue;
          if (country_code(lex, qc.id) == cc && qc.id != c.id) {
            double bonus = 4;
            if (qe.kind != LexKind::Country && (lex.str(qe.admin1) == lex.str(lex.entry(c.id).admin1) ||
                                                lex.name(qc.id) == lex.str(lex.entry(c.id).admin1)))
              bonus += 2;
            c.score += bonus;
            break;
          }
        }
      }
    }
    if (division == 0) seat_over_its_division(i);
    p.chosen = top(p);
  }
}

// The rule above for a name that reaches the division or its seat only by
// another spelling ("Mogilev": the region's name, Mahilyow's other one;
// "Coquimbo": the town's, the Coquimbo Region's other one): the seat (PPLA)
// scores just above its own division, so it wins where the division would
// and nowhere else. Not a name that holds another place ("Zamanly,
// Gadabay") or is followed by a place noun other than a town's ("Ar-Raqqa
// countryside"): there the division.
void GeoResolver::seat_over_its_division(size_t i) {
  PMention& p = pm[i];
  for (size_t j = 0; j < pm.size(); ++j)
    if (parent[j] == static_cast<int>(i)) return;
  // (Nor the Y of "X, Y" or "X (Y" where the gazetteer lacks X.)
  if (p.tok_begin >= 2) {
    std::string_view before = doc.token_text(p.tok_begin - 1);
    if ((before == "," || before == "(") && doc.tokens[p.tok_begin - 2].kind == TokenKind::Word &&
        token_has_capital(doc, p.tok_begin - 2))
      return;
  }
  if (p.tok_end < doc.tokens.size() && doc.tokens[p.tok_end].sentence == doc.tokens[p.tok_begin].sentence) {
    std::string_view w = doc.token_text(p.tok_end);
    if (ascii_ieq(w, "countryside") || ascii_ieq_any(w, kPlaceNouns)) {
      static constexpr std::string_view kTown[] = {"city", "town", "capital"};
      if (!ascii_ieq_any(w, kTown)) return;
    }
  }
  for (auto& c : p.cands) {
    const LexEntry& e = lex.entry(c.id);
    if (e.kind != LexKind::City || (e.flags & kLexCapital) || !feature_is(e, "PPLA")) continue;
    // (Not the seat's name cut short to the division's: "Oklahoma" is the
    // state, though Oklahoma City has it as another name.)
    if (c.alt && lex::name_key(lex.name(c.id)).starts_with(p.key + " ")) continue;
    for (const auto& a : p.cands)
      if (lex.entry(a.id).kind == LexKind::Admin1 && (a.alt || c.alt) &&
          country_code(lex, a.id) == country_code(lex, c.id) && lex.name(a.id) == lex.str(e.admin1))
        c.score = std::max(c.score, a.score + 0.5);
  }
}

// A list ("in Ikelengi, Zambezi, and Chavuma", "Sidon, Tripoli, Matn and
// Zahle") goes on after q: q names no container.
bool GeoResolver::list_after(const PMention& q) const {
  uint32_t t = q.tok_end;
  const uint32_t sent = doc.tokens[q.tok_begin].sentence;
  if (t >= doc.tokens.size() || doc.tokens[t].sentence != sent) return false;
  auto w = doc.token_text(t);
  if (ascii_ieq(w, "and") || ascii_ieq(w, "or")) return true;
  if (w != ",") return false;
  // ", and …", ", Matn and …", ", Chavuma, …": capitalised words, then a list word or comma.
  uint32_t u = t + 1, words = 0;
  while (u < doc.tokens.size() && doc.tokens[u].sentence == sent && words < 4 &&
         doc.tokens[u].kind == TokenKind::Word && token_has_capital(doc, u) &&
         !ascii_ieq(doc.token_text(u), "and"))
    ++u, ++words;
  if (u >= doc.tokens.size() || doc.tokens[u].sentence != sent) return false;
  auto w2 = doc.token_text(u);
  return ascii_ieq(w2, "and") || ascii_ieq(w2, "or") || (words > 0 && w2 == ",");
}

// Reading c lies inside reading d (the same country, and the same
// first-order division or as near as d's size allows).
bool GeoResolver::inside(uint32_t c, uint32_t d) const {
  constexpr double kAcrossDivisionKm = 30.0;
  auto reach_km = [&](const LexEntry& de) {
    return de.kind == LexKind::Admin1                                           ? 400.0
           : de.kind == LexKind::Admin2                                         ? 150.0
           : de.kind == LexKind::Area && feature_is(de, "TERR")                 ? 300.0
           : de.kind == LexKind::Area && std::memcmp(de.feature, "PPL", 3) != 0 ? 150.0
                                                                                : 60.0;
  };
  if (c == d) return true;
  const LexEntry& e = lex.entry(c);
  const LexEntry& de = lex.entry(d);
  if (e.kind == LexKind::Country || country_code(lex, c) != country_code(lex, d)) return false;
  if (de.kind == LexKind::Country) return true;
  // A town or district holds only what lies within a district's reach of
  // it, though its first-order division holds more ("Jalalpur, Shamli":
  // not the Jalalpur 600 km away in Shamli's state).
  const bool small = de.kind == LexKind::City || de.kind == LexKind::Admin2 ||
                     (de.kind == LexKind::Area && std::memcmp(de.feature, "PPL", 3) == 0);
  if (e.admin1.len && lex.str(e.admin1) == lex.str(de.admin1))
    return !small || std::isnan(e.lat) || std::isnan(de.lat) ||
           distance_km(e.lat, e.lon, de.lat, de.lon) <= 200.0;
  // A place the gazetteer files under another first-order division (the
  // admin1 names come from one source: compared as written above) is inside
  // this one only near its centre: boundaries move (GeoNames files Burgersfort
  // under Mpumalanga, now Limpopo), but "Vodiane" of Zaporizhzhia, 250 km from
  // Donetsk's centre, is not in Donetsk.
  if (de.kind == LexKind::Admin1 && e.admin1.len)
    return !std::isnan(e.lat) && !std::isnan(de.lat) && distance_km(e.lat, e.lon, de.lat, de.lon) <= 200.0;
  // A town or district filed under another first-order division holds a
  // place only at its edge ("Tudun Wada (Kaduna North LGA, Kaduna)" is no
  // town of Kano State 130 km off).
  const double reach =
      small && e.admin1.len && de.admin1.len ? std::min(reach_km(de), kAcrossDivisionKm) : reach_km(de);
  return !std::isnan(e.lat) && !std::isnan(de.lat) && distance_km(e.lat, e.lon, de.lat, de.lon) <= reach;
}

// The container the text names ("Petrovskoye, Donetsk", "Nogales
// (Valparaiso)", "Zhari district, Kandahar", "Ermita, Manila") and the name
// it contains are read together. Two readings agree when they lie in one
// country and the first inside the second (the same first-order division,
// or as near as the container's size allows). Where some reading of the
// name agrees with some reading of the container, the container favours
// those readings of its own, and the name's readings that disagree with the
// container's chosen one are vetoed. Where none agrees, the readings that
// are weaker than the container's and not better attested by the rest of
// the report are vetoed (a namesake of a village the gazetteer lacks). One
// name, one set of vetoes: they hold for all its mentions; a name left with
// no reading is a place the gazetteer lacks.
void GeoResolver::container_vetoes() {
  std::vector<std::pair<uint32_t, uint32_t>> vetoes;  // (key id, lexicon id)
  for (size_t oi = order.size(); oi-- > 0;)           // a container's own reading first
    if (parent[order[oi]] >= 0) veto_by_container(order[oi], vetoes);
  if (vetoes.empty()) return;
  std::sort(vetoes.begin(), vetoes.end());
  for (size_t i = 0; i < pm.size(); ++i) {
    PMention& p = pm[i];
    bool any = false;
    for (auto& c : p.cands)
      if (!c.vetoed && std::binary_search(vetoes.begin(), vetoes.end(), std::make_pair(key_id[i], c.id)))
        c.vetoed = any = true;
    if (any) p.chosen = top(p);
  }
}

// Mention i and its container (see container_vetoes).
void GeoResolver::veto_by_container(size_t i, std::vector<std::pair<uint32_t, uint32_t>>& vetoes) {
  PMention& q = pm[parent[i]];
  PMention& p = pm[i];
  // (A name and its own partial mention, "Ciudad Bolivar, Bolivar state",
  // share their readings: no container.)
  if (q.chosen < 0 || p.chosen < 0 || key_id[parent[i]] == key_id[i] || list_after(q)) return;
  {
    const LexEntry& qe = lex.entry(q.cands[q.chosen].id);
    if (qe.kind == LexKind::Area && prior(lex, q.cands[q.chosen].id, false) >= 11 && !feature_is(qe, "TERR"))
      return;  // a continent or world region
  }
  // Readings of the container that hold some reading of the name.
  bool chosen_holds = false, any_holds = false;
  std::vector<uint8_t> holds(q.cands.size(), 0);
  for (size_t d = 0; d < q.cands.size(); ++d) {
    if (q.cands[d].vetoed) continue;
    for (const auto& c : p.cands)
      if (!c.vetoed && c.id != q.cands[d].id && inside(c.id, q.cands[d].id)) {
        holds[d] = 1;
        break;
      }
    any_holds |= holds[d] != 0;
    if (holds[d] && static_cast<int>(d) == q.chosen) chosen_holds = true;
  }
  if (any_holds && !chosen_holds) {
    for (size_t d = 0; d < q.cands.size(); ++d)
      if (holds[d]) q.cands[d].score += 2.5;
    q.chosen = top(q);
    chosen_holds = holds[q.chosen] != 0;
  }
  // (A container read only through a part of its name, "Mbuji-Mayi
  // Kasai-Oriental", is too weak to rule anything out.)
  if (!any_holds && q.inner) return;
  const uint32_t qid = q.cands[q.chosen].id;
  double qprior = prior(lex, qid, q.cands[q.chosen].alt);
  // A small container inside a larger one the text also names ("Lougou
  // (Segbana, Alibori)") is as strong as the chain. Such a chain in a
  // bracket right after the name locates it outright: no reading outside
  // it stands, however well known ("Kara (Karimama, Alibori)" is no town
  // of Togo's).
  bool bracket_chain = false;
  if (const int o = parent[parent[i]]; o >= 0 && pm[o].chosen >= 0) {
    const auto& oc = pm[o].cands[pm[o].chosen];
    if (inside(qid, oc.id)) {
      qprior = std::max(qprior, prior(lex, oc.id, oc.alt));
      bracket_chain = q.tok_begin == p.tok_end + 1 && doc.token_text(p.tok_end) == "(";
    }
  }
  const uint32_t qc = country_code(lex, qid);
  bool any = false;
  for (auto& c : p.cands) {
    if (c.vetoed || c.id == qid || lex.entry(c.id).kind == LexKind::Country || inside(c.id, qid)) continue;
    if (any_holds) {
      // Inside another reading of the container ("Ivankiv, Kyiv": the
      // province, though "Kyiv" reads as the city).
      bool held = false;
      for (size_t d = 0; d < q.cands.size() && !held; ++d) held = holds[d] && inside(c.id, q.cands[d].id);
      if (held) continue;
    } else if (!p.inner && !bracket_chain) {  // (a reading through a part of the name is no well-known place)
      const double cp = prior(lex, c.id, c.alt);
      // (A well-known place reached only through an alternate name is no
      // protection: "Pisky, Donetsk" is not Berdyansk, once called Pisky.)
      const bool other_name = c.alt || lex::name_key(lex.name(c.id)) != p.key;
      if ((!other_name && (cp >= 7 || lex.entry(c.id).population >= 100000)) || cp > qprior) continue;
      const uint32_t cc = country_code(lex, c.id);
      if (cc != qc && focus_from_others(key_id[i], cc) > focus_from_others(key_id[i], qc)) continue;
    }
    c.vetoed = any = true;
    vetoes.emplace_back(key_id[i], c.id);
  }
  if (any) p.chosen = top(p);
}

// The places chosen in pass 1 (no country, continent or world region), once
// per (name, point).
void GeoResolver::build_anchors() {
  for (size_t i = 0; i < pm.size(); ++i) {
    const PMention& p = pm[i];
    if (p.chosen < 0) continue;
    const LexEntry& e = lex.entry(p.cands[p.chosen].id);
    if (e.kind == LexKind::Country || std::isnan(e.lat) || prior(lex, p.cands[p.chosen].id, false) >= 11)
      continue;
    anchors.push_back({key_id[i], e.lat, e.lon, unit_vec(e.lat, e.lon)});
  }
  // The nearest distance over a set does not depend on repeats or order.
  auto anchor_less = [](const Anchor& a, const Anchor& b) {
    return std::tie(a.key, a.lat, a.lon) < std::tie(b.key, b.lat, b.lon);
  };
  std::sort(anchors.begin(), anchors.end(), anchor_less);
  anchors.erase(std::unique(anchors.begin(), anchors.end(),
                            [](const Anchor& a, const Anchor& b) {
                              return a.key == b.key && a.lat == b.lat && a.lon == b.lon;
                            }),
                anchors.end());
}

// Kilometres from (lat, lon) to the nearest anchor named otherwise than
// `key`, 1e9 when none. Found by chord; a distance within rounding of a
// scoring threshold is recomputed exactly, so the bands below are those of
// distance_km.
double GeoResolver::nearest_km(uint32_t key, double lat, double lon) const {
  UnitVec v = unit_vec(lat, lon);
  double best_c2 = -1;
  for (const Anchor& a : anchors)
    if (a.key != key) {
      double c2 = chord2(v, a.v);
      if (best_c2 < 0 || c2 < best_c2) best_c2 = c2;
    }
  if (best_c2 < 0) return 1e9;
  double km = chord2_km(best_c2);
  for (double band : {50.0, 200.0, 600.0})
    if (std::abs(km - band) <= 1e-6 * band) {
      double exact = 1e9;
      for (const Anchor& a : anchors)
        if (a.key != key) exact = std::min(exact, distance_km(lat, lon, a.lat, a.lon));
      return exact;
    }
  return km;
}

// Pass 2: closeness to the other places chosen in pass 1.
void GeoResolver::score_closeness() {
  // Every mention of a name has the same candidates: one search per (name, candidate).
  std::unordered_map<uint64_t, double> near_memo;
  for (size_t i = 0; i < pm.size(); ++i) {
    PMention& p = pm[i];
    if (p.cands.size() < 2) continue;
    bool territory = false;  // a territory shares the name ("Gaza")
    for (const auto& c : p.cands)
      territory |= lex.entry(c.id).kind == LexKind::Area && feature_is(lex.entry(c.id), "TERR");
    for (auto& c : p.cands) {
      const LexEntry& e = lex.entry(c.id);
      if (std::isnan(e.lat)) continue;
      auto [memo, fresh] = near_memo.try_emplace(uint64_t{key_id[i]} << 32 | c.id, 0.0);
      if (fresh) memo->second = nearest_km(key_id[i], e.lat, e.lon);
      double best = memo->second;
      c.score += best < 50 ? 3 : best < 200 ? 2 : best < 600 ? 1 : 0;
      // A town with another place of the report inside it (a neighbourhood,
      // a camp, "Gaza City" itself) is what its bare name means there, over
      // the territory named like it ("Gaza" with "Shujaiyya").
      bool town =
          e.kind == LexKind::City || (e.kind == LexKind::Area && std::memcmp(e.feature, "PPL", 3) == 0);
      if (territory && town && best < 10) c.score += 7;
    }
    p.chosen = top(p);
  }
}

// A neighbourhood ("Grande Vitoria neighborhood", "the Fonseca quarter")
// is part of a town the report names: a reading far from every other place
// of the report is a namesake elsewhere, and with none left the name is a
// place the gazetteer lacks (the event then takes the town).
void GeoResolver::veto_far_quarters() {
  if (anchors.empty()) return;
  static constexpr std::string_view kQuarter[] = {"neighborhood", "neighbourhood", "quarter", "suburb"};
  for (size_t i = 0; i < pm.size(); ++i) {
    PMention& p = pm[i];
    if (p.chosen < 0 || p.type != EntityType::Place) continue;
    bool quarter = (p.tok_end > p.tok_begin + 1 && ascii_ieq_any(doc.token_text(p.tok_end - 1), kQuarter)) ||
                   (p.tok_end < doc.tokens.size() &&
                    doc.tokens[p.tok_end].sentence == doc.tokens[p.tok_begin].sentence &&
                    ascii_ieq_any(doc.token_text(p.tok_end), kQuarter));
    if (!quarter) continue;
    const uint32_t noun_end =
        p.tok_end < doc.tokens.size() && ascii_ieq_any(doc.token_text(p.tok_end), kQuarter) ? p.tok_end + 1
                                                                                            : p.tok_end;
    const bool of_after = noun_end < doc.tokens.size() && ascii_ieq(doc.token_text(noun_end), "of");
    bool any = false;
    for (auto& c : p.cands) {
      const LexEntry& e = lex.entry(c.id);
      // (A city's own name before "neighbourhood of …", "the Cotonou
      // neighbourhood of the former president", is that city.)
      if (c.vetoed || std::isnan(e.lat) || e.kind == LexKind::Country || (of_after && e.population >= 100000))
        continue;
      if (nearest_km(key_id[i], e.lat, e.lon) > 50) c.vetoed = any = true;
    }
    if (any) p.chosen = top(p);
  }
}

// One reading per name in a document: the best-scoring one over its mentions.
void GeoResolver::pick_readings() {
  by_key.resize(pm.size());
  for (size_t i = 0; i < pm.size(); ++i) {
    const PMention& p = pm[i];
    if (p.chosen < 0) continue;
    const Cand& c = p.cands[p.chosen];
    Reading& b = by_key[key_id[i]];
    b.any = true;
    if (b.score == 0 || c.score > b.score) b.score = c.score, b.id = c.id;
  }
}

// "in X", "X, Y", "X (Y": the words around say place.
bool GeoResolver::said_place(const PMention& p) const {
  if (p.tok_begin > 0 && doc.tokens[p.tok_begin - 1].sentence == doc.tokens[p.tok_begin].sentence &&
      ascii_ieq_any(doc.token_text(p.tok_begin - 1), kLocPreps))
    return true;
  return p.tok_end < doc.tokens.size() &&
         (doc.token_text(p.tok_end) == "," || doc.token_text(p.tok_end) == "(");
}

// A small town's reading in a country nothing else in the report names,
// while the report names another country, with no container of its own:
// a namesake abroad of a place the gazetteer lacks ("Cano Furado community",
// "Thor village" in a Senegal report; "Colonia Agricola Pantitlan" in Mexico
// City). A local place of a report is in its country; a foreign town gets
// its country named.
bool GeoResolver::stray_abroad(size_t i, uint32_t id) const {
  const LexEntry& e = lex.entry(id);
  if (e.kind == LexKind::Country || (e.flags & (kLexCapital | kLexCurated)) || e.population >= 100000 ||
      prior(lex, id, false) >= 7 || parent[i] >= 0)
    return false;
  const uint32_t cc = country_code(lex, id);
  if (focus_from_others(key_id[i], cc) > 0 || weak_focus.count(cc)) return false;
  for (const auto& [other, f] : focus)
    if (other != cc && focus_from_others(key_id[i], other) >= 2) return true;
  return false;
}

// An organisation's place is a well-known one (a country, a division, a
// city of 100,000, a capital: "Texas A&M University", "University of
// Zambia") or one in a country the report names: "La Paradita market" is no
// Austrian village's.
bool GeoResolver::org_place_reading(size_t i, uint32_t id) const {
  const LexEntry& e = lex.entry(id);
  if (e.kind == LexKind::Country || e.kind == LexKind::Admin1 || (e.flags & kLexCapital) ||
      e.population >= 100000 || prior(lex, id, false) >= 7)
    return true;
  return focus_from_others(key_id[i], country_code(lex, id)) > 0;
}

// A reading reached only through an alternate name, in a country the rest
// of the report never names while it names another country clearly, is no
// reading ("Mambasa (Nord-Kivu)" is not Mombasa, Kenya).
// (For a name the tagger typed PLACE the other country must be named by
// the rest of the report: its own mentions, "Zaghouan (Zaghouan)", say
// nothing against it.)
bool GeoResolver::foreign_alt(size_t i, uint32_t id) const {
  const uint32_t cc = country_code(lex, id);
  // A reading through a part of a longer name ("Morro do Preventorio" as
  // Moro, Nigeria; "Colonia Agricola Pantitlan" as Uruguay's Colonia in a
  // Mexico City report) is as weak as an alternate name, however well known
  // the part: one other name of another country outweighs it.
  const bool weak_inner = pm[i].inner && lex.entry(id).kind != LexKind::Country;
  // So is a village's other name (the lexicon keeps those of small towns
  // only where nothing else holds the name: "Shalla" of a Russian hamlet in
  // a Darfur report).
  bool village_alt = false;
  for (const auto& c : pm[i].cands)
    if (c.id == id && c.alt && lex.entry(id).kind == LexKind::City && lex.entry(id).population < 15000)
      village_alt = true;
  const double clearly = weak_inner || village_alt ? 1 : 2;
  bool elsewhere = top_focus >= clearly;
  if (elsewhere && pm[i].entity >= 0) {
    elsewhere = false;
    for (const auto& [other, f] : focus)
      if (other != cc && focus_from_others(key_id[i], other) >= clearly) elsewhere = true;
  }
  if (!elsewhere) return false;
  if (parent[i] >= 0) {  // its container may say ("Niger's Tillaberi region")
    const PMention& q = pm[parent[i]];
    if (q.chosen >= 0 && country_code(lex, q.cands[q.chosen].id) == cc) return false;
  }
  for (const auto& c : pm[i].cands)
    if (c.id == id && !c.alt && !weak_inner) return false;
  return focus_from_others(key_id[i], cc) <= 0;
}

// Each mention's reading onto its entity: the tagger's, a new one per
// (type, lexicon entry), or an unknown place per name.
void GeoResolver::emit_entities() {
  for (size_t i = 0; i < pm.size(); ++i) {
    PMention& p = pm[i];
    if (p.org_host >= 0) {
      Entity& org = doc.entities[p.org_host];
      const Reading& r = by_key[key_id[i]];
      if (!org.place && r.any && !foreign_alt(i, r.id) && org_place_reading(i, r.id)) {
        org.place = PlaceInfo{};
        fill_place(lex, r.id, &*org.place);
      }
      continue;
    }
    if (p.entity >= 0) {
      resolve_tagger_place(i);
      continue;
    }
    uint32_t id;
    if (p.type == EntityType::Place) {
      if (keep_unknown_place(i) || !place_reading(i, &id)) continue;
    } else {
      id = static_cast<uint32_t>(p.demonym);
    }
    add_to_entity(p, id);
  }
}

// A tagger PLACE entity takes its name's reading (or none: a place the
// gazetteer lacks).
void GeoResolver::resolve_tagger_place(size_t i) {
  Entity& en = doc.entities[pm[i].entity];
  const Reading& r = by_key[key_id[i]];
  if (!en.place && r.any && (foreign_alt(i, r.id) || stray_abroad(i, r.id))) {
    en.place = PlaceInfo{};
    en.place->name = en.name;
    en.place->precision = "unknown";
  }
  if (!en.place && r.any) {
    en.place = PlaceInfo{};
    fill_place(lex, r.id, &*en.place);
  }
  if (!en.place && !r.any) {  // every reading vetoed: a place the gazetteer lacks
    en.place = PlaceInfo{};
    en.place->name = en.name;
    en.place->precision = "unknown";
  }
}

// A name whose every reading its container vetoed, said as a place ("in
// Nogales (Valparaiso)"): a place the gazetteer lacks, kept so that the
// events stage can place it through its container. True when kept.
bool GeoResolver::keep_unknown_place(size_t i) {
  const PMention& p = pm[i];
  const Reading& r = by_key[key_id[i]];
  if (r.any || !said_place(p) || p.cands.empty() ||
      !std::all_of(p.cands.begin(), p.cands.end(), [](const Cand& c) { return c.vetoed; }))
    return false;
  auto [it, fresh] = unknown_entity.try_emplace(key_id[i], doc.entities.size());
  if (fresh) {
    Entity en;
    en.type = EntityType::Place;
    en.name = std::string(doc.view(p.start, p.end));
    en.place = PlaceInfo{};
    en.place->name = en.name;
    en.place->precision = "unknown";
    doc.entities.push_back(std::move(en));
  }
  doc.entities[it->second].mentions.push_back({p.start, p.end, MentionKind::Name});
  if (p.host >= 0) moved.emplace_back(p.host, p.start);
  return true;
}

// The reading of gazetteer place mention i into *id; false when it is none.
bool GeoResolver::place_reading(size_t i, uint32_t* id) const {
  const PMention& p = pm[i];
  const Reading& r = by_key[key_id[i]];
  if (!r.any) return false;
  *id = r.id;
  // The name's reading must be one of this mention's own candidates (an
  // abbreviation's division is not the reading of "I'll").
  if (std::none_of(p.cands.begin(), p.cands.end(), [&](const Cand& c) { return c.id == *id; })) {
    if (p.chosen < 0) return false;
    *id = p.cands[p.chosen].id;
  }
  if (foreign_alt(i, *id) || stray_abroad(i, *id)) return false;
  // A lone capitalised word that is only a small or alternate-named place
  // abroad needs context ("Xinhua news agency", "Hamas").
  if (!p.strong && !p.context && parent[i] < 0) {
    const LexEntry& e = lex.entry(*id);
    bool alt = false;
    for (const auto& c : p.cands)
      if (c.id == *id) alt = c.alt;
    bool in_focus = focus_from_others(key_id[i], country_code(lex, *id)) > 0;
    if (!in_focus && (alt || e.population < 100000) && !(e.flags & kLexCurated)) return false;
  }
  return true;
}

// Mention p with lexicon entry id onto the new entity of that (type, id).
void GeoResolver::add_to_entity(const PMention& p, uint32_t id) {
  auto k = std::make_pair(static_cast<int>(p.type) * 16 + (p.type == EntityType::Org ? p.sector[0] : 0), id);
  auto it = new_entity.find(k);
  if (it == new_entity.end()) {
    Entity en;
    en.type = p.type;
    if (p.type == EntityType::Place) {
      en.name = std::string(doc.view(p.start, p.end));
      en.place = PlaceInfo{};
      fill_place(lex, id, &*en.place);
    } else {
      std::string c = lex.country(id);
      if (p.type == EntityType::Org) {
        en.name = p.org_name;
        if (!c.empty()) en.actor = ActorInfo{c + p.sector, c, p.sector, "", ""};
      } else {
        en.name = std::string(lex.name(id));
        if (!c.empty()) {
          en.actor = ActorInfo{c, c, "", "", ""};
          en.place = PlaceInfo{};
          country_place(lex, c, &*en.place);
        } else if (lex.entry(id).country_entry >= 0) {  // "European" → Europe
          en.place = PlaceInfo{};
          fill_place(lex, static_cast<uint32_t>(lex.entry(id).country_entry), &*en.place);
        }
      }
    }
    doc.entities.push_back(std::move(en));
    it = new_entity.emplace(k, doc.entities.size() - 1).first;
  }
  Entity& en = doc.entities[it->second];
  en.mentions.push_back({p.start, p.end, MentionKind::Name});
  if (p.host >= 0) moved.emplace_back(p.host, p.start);
  if (p.type == EntityType::Place && p.end - p.start > en.name.size())
    en.name = std::string(doc.view(p.start, p.end));
}

// The tagger entities lose the mentions a place took (one pass each); one
// left with none goes.
void GeoResolver::release_moved_mentions() {
  if (moved.empty()) return;
  std::sort(moved.begin(), moved.end());
  std::vector<int> emptied;
  for (size_t a = 0; a < moved.size();) {
    size_t b = a;
    while (b < moved.size() && moved[b].first == moved[a].first) ++b;
    Entity& h = doc.entities[moved[a].first];
    std::erase_if(h.mentions, [&](const Mention& hm) {
      return hm.kind == MentionKind::Name && std::binary_search(moved.begin() + a, moved.begin() + b,
                                                                std::make_pair(moved[a].first, hm.start));
    });
    if (std::none_of(h.mentions.begin(), h.mentions.end(),
                     [](const Mention& hm) { return hm.kind == MentionKind::Name; }))
      emptied.push_back(moved[a].first);  // (its pronouns referred to a place misread)
    a = b;
  }
  for (auto it = emptied.rbegin(); it != emptied.rend(); ++it) doc.entities.erase(doc.entities.begin() + *it);
}

// A place the gazetteer lacks under the text's spelling, named with the
// division that holds it ("Dawlat Abad district, Faryab", "Obe district
// (Herat)", "Lashkargah city, Helmand"): the division or seat of that
// first-order division whose consonant skeleton is the name's (spelling.h).
// "district" asks for the division, "city" / "town" for the seat; a
// division takes its seat's point (see division_seats).
void GeoResolver::spelled_otherwise() {
  std::vector<std::pair<uint32_t, int>> resolved;  // (mention start, entity) of placed names
  for (size_t k = 0; k < doc.entities.size(); ++k) {
    const Entity& en = doc.entities[k];
    if (en.type != EntityType::Place || !en.place || !en.place->lat || en.place->admin1.empty()) continue;
    for (const auto& m : en.mentions)
      if (m.kind == MentionKind::Name) resolved.emplace_back(m.start, static_cast<int>(k));
  }
  if (resolved.empty()) return;
  std::sort(resolved.begin(), resolved.end());
  for (Entity& en : doc.entities) {
    if (en.type != EntityType::Place || !en.place || en.place->lat || en.mentions.empty()) continue;
    const Mention& m = en.mentions[0];
    if (m.kind != MentionKind::Name || m.end <= m.start || m.end > doc.text.size()) continue;
    std::string_view name = doc.view(m.start, m.end);
    // "Hazar Asp of Nawa-e Barakzayi district": the tail is the division.
    for (size_t of = name.find(" of "); of != std::string_view::npos; of = name.find(" of "))
      name = name.substr(of + 4);
    const uint32_t last = doc.token_at(m.end - 1);
    uint32_t t = last + 1;
    std::string_view noun;
    if (size_t sp = name.rfind(' ');
        sp != std::string_view::npos && ascii_ieq_any(name.substr(sp + 1), kPlaceNouns)) {
      noun = name.substr(sp + 1);
      name = name.substr(0, sp);
    } else if (t < doc.tokens.size() && ascii_ieq_any(doc.token_text(t), kPlaceNouns)) {
      noun = doc.token_text(t++);
    }
    // "Naish district center, Kandahar", "Dawlat Abad district
    // administration center, Faryab": the seat.
    bool seat_words = false;
    for (int k = 0; k < 2 && t < doc.tokens.size(); ++k) {
      std::string_view w = doc.token_text(t);
      if (!(ascii_ieq(w, "center") || ascii_ieq(w, "centre") || ascii_ieq(w, "administration") ||
            ascii_ieq(w, "headquarters")))
        break;
      seat_words = true;
      ++t;
    }
    if (t + 1 >= doc.tokens.size() || doc.tokens[t + 1].sentence != doc.tokens[last].sentence) continue;
    std::string_view link = doc.token_text(t);
    if (!(link == "," || link == "(" || ascii_ieq(link, "in") || ascii_ieq(link, "of"))) continue;
    uint32_t cstart = doc.tokens[t + 1].start;
    auto it = std::lower_bound(resolved.begin(), resolved.end(), std::make_pair(cstart, -1));
    // "Umerkot city (Umerkot, Sindh)": the bracket opens with a name the
    // gazetteer lacks (the district, here the town's namesake); the province
    // after its comma is the container.
    if ((it == resolved.end() || it->first != cstart) && link == "(") {
      uint32_t u = t + 1;
      while (u < doc.tokens.size() && u < t + 5 && doc.tokens[u].kind == TokenKind::Word) ++u;
      if (u > t + 1 && u + 1 < doc.tokens.size() && doc.token_text(u) == "," &&
          doc.tokens[u + 1].sentence == doc.tokens[last].sentence) {
        cstart = doc.tokens[u + 1].start;
        it = std::lower_bound(resolved.begin(), resolved.end(), std::make_pair(cstart, -1));
      }
    }
    if (it == resolved.end() || it->first != cstart) continue;
    const PlaceInfo& box = *doc.entities[it->second].place;
    // The container is the first-order division (or its capital, which
    // stands for it: "Obe district, Herat"); inside a town or a smaller
    // division the name is a place smaller than any division ("Keremou
    // (Banikoara, Alibori)" is not the commune Karimama).
    if (box.feature != "ADM1" && box.feature != "PPLA" && box.feature != "PPLC") continue;
    const bool want_division =
        ascii_ieq(noun, "district") || ascii_ieq(noun, "county") || ascii_ieq(noun, "province");
    const bool want_seat = seat_words || ascii_ieq(noun, "city") || ascii_ieq(noun, "town");
    // (One consonant, "Obe district", only with its noun: one division of
    // one province.)
    std::string sk = geo::name_skeleton(name);
    if (sk.size() < (want_division ? 1u : 2u)) continue;
    geo::SkeletonHit hit = geo::find_by_skeleton(lex, box.country, box.admin1, sk);
    int64_t id = want_seat && hit.seat >= 0 ? hit.seat
                 : want_division            ? hit.division
                 : hit.seat >= 0            ? hit.seat
                                            : hit.division;
    if (id < 0) continue;
    fill_place(lex, static_cast<uint32_t>(id), &*en.place);
  }
}

// A second-order division's point is its seat's, the town of its name that
// GeoNames marks an administrative seat in the same first-order division
// (events "in X district" happen in and are coded at the seat; the
// lexicon's own division point is the mean of its towns).
void GeoResolver::division_seats() {
  constexpr double kSeatReachKm = 60;
  for (Entity& en : doc.entities) {
    if (en.type != EntityType::Place || !en.place || en.place->feature != "ADM2" || en.place->admin1.empty())
      continue;
    const std::string sk = geo::name_skeleton(en.place->name);
    if (sk.size() < 3) continue;  // ("Al Hali", "Shada'a": too short to tell)
    geo::SkeletonHit hit = geo::find_by_skeleton(lex, en.place->country, en.place->admin1, sk);
    if (hit.seat < 0) continue;
    const LexEntry& s = lex.entry(static_cast<uint32_t>(hit.seat));
    // The seat lies in its division: near the mean of the division's towns.
    if (std::isnan(s.lat) || !en.place->lat ||
        distance_km(*en.place->lat, *en.place->lon, s.lat, s.lon) > kSeatReachKm)
      continue;
    en.place->lat = std::round(s.lat * 1e4) / 1e4;
    en.place->lon = std::round(s.lon * 1e4) / 1e4;
  }
}

// A first-order division's capital and a country's seat of government
// (PlaceInfo::seat_lat/lon), for the events told only by the division or
// the country.
void GeoResolver::division_capitals() {
  for (Entity& en : doc.entities) {
    // A country's: its seat of government (geo::national_seat).
    if (en.type == EntityType::Place && en.place && en.place->precision == "country" && en.place->lat &&
        !en.place->country.empty()) {
      const int64_t seat = geo::national_seat(lex, en.place->country);
      if (seat >= 0) {
        const LexEntry& c = lex.entry(static_cast<uint32_t>(seat));
        en.place->seat_lat = std::round(c.lat * 1e4) / 1e4;
        en.place->seat_lon = std::round(c.lon * 1e4) / 1e4;
      }
      continue;
    }
    if (en.type != EntityType::Place || !en.place || en.place->feature != "ADM1" || en.place->admin1.empty())
      continue;
    const int64_t cap = geo::division_capital(lex, en.place->country, en.place->admin1);
    if (cap < 0) continue;
    const LexEntry& c = lex.entry(static_cast<uint32_t>(cap));
    en.place->seat_lat = std::round(c.lat * 1e4) / 1e4;
    en.place->seat_lon = std::round(c.lon * 1e4) / 1e4;
  }
}

}  // namespace

void annotate_geo(Document& doc, const Lexicon& lex) {
  fix_tagger_entities(doc, lex);
  GeoResolver(doc, lex).run();
}

}  // namespace sitrep
