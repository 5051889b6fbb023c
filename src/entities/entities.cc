#include "entities/entities.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include "pipeline/resources.h"

namespace sitrep {

namespace {

// ASCII lower case into a caller-owned buffer (no allocation once it has
// grown); the typographic apostrophe becomes '.
std::string_view lower_into(std::string_view s, std::string& out) {
  out.clear();
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0x99 || static_cast<unsigned char>(s[i + 2]) == 0x98)) {
      out += '\'';
      i += 2;
      continue;
    }
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : static_cast<char>(c);
  }
  return out;
}

std::string lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  lower_into(s, out);
  return out;
}

std::vector<std::string> split_words(std::string_view phrase) {
  std::vector<std::string> w;
  size_t i = 0;
  while (i < phrase.size()) {
    while (i < phrase.size() && phrase[i] == ' ') ++i;
    size_t j = i;
    while (j < phrase.size() && phrase[j] != ' ') ++j;
    if (j > i) w.push_back(lower(phrase.substr(i, j - i)));
    i = j;
  }
  return w;
}

// Splits TSV text into rows of fields, skipping '#' comments, blank lines and
// the first remaining line (the column names).
std::vector<std::vector<std::string_view>> tsv_rows(std::string_view text) {
  std::vector<std::vector<std::string_view>> rows;
  bool header = true;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string_view> f;
    size_t a = 0;
    while (true) {
      size_t t = line.find('\t', a);
      f.push_back(line.substr(a, t == std::string_view::npos ? std::string_view::npos : t - a));
      if (t == std::string_view::npos) break;
      a = t + 1;
    }
    rows.push_back(std::move(f));
  }
  return rows;
}

bool read_file(const std::string& path, std::string* out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  std::ostringstream ss;
  ss << f.rdbuf();
  *out = ss.str();
  return true;
}

}  // namespace

namespace {

// ASCII A-Z → a-z over n bytes, 8 at a time: a byte is upper case when its low
// 7 bits are in 'A'..'Z' and its high bit is clear (UTF-8 bytes never fold).
void lower_ascii(const char* in, char* out, size_t n) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, in + i, 8);
    uint64_t low7 = w & ~kHigh;
    uint64_t ge_a = low7 + (0x80 - 'A') * kOnes;  // high bit set where low7 >= 'A'
    uint64_t gt_z = low7 + (0x7F - 'Z') * kOnes;  // high bit set where low7 > 'Z'
    w ^= (ge_a & ~gt_z & ~w & kHigh) >> 2;        // 0x80 >> 2 = 0x20, the case bit
    std::memcpy(out + i, &w, 8);
  }
  for (; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    out[i] = static_cast<char>(c + (static_cast<unsigned char>(c - 'A') < 26 ? 32 : 0));
  }
}

// U+2018 / U+2019 (E2 80 98 / E2 80 99) starting at byte q, inside [0, end).
bool apostrophe_at(std::string_view text, size_t q, size_t end) {
  return q + 2 < end && static_cast<unsigned char>(text[q]) == 0xE2 &&
         static_cast<unsigned char>(text[q + 1]) == 0x80 &&
         (static_cast<unsigned char>(text[q + 2]) == 0x98 || static_cast<unsigned char>(text[q + 2]) == 0x99);
}

// The next U+2018 / U+2019 at or after byte `from`, or npos.
size_t next_apostrophe(std::string_view text, size_t from) {
  while (from < text.size()) {
    const void* hit = std::memchr(text.data() + from, 0xE2, text.size() - from);
    if (!hit) return std::string_view::npos;
    size_t q = static_cast<size_t>(static_cast<const char*>(hit) - text.data());
    if (apostrophe_at(text, q, text.size())) return q;
    from = q + 1;
  }
  return std::string_view::npos;
}

// Folds every token of doc; spans index arena. The whole text is lower-cased
// once, so a token's folded text sits at its own offsets; only a token with a
// typographic apostrophe (3 bytes that become 1) is folded again and appended.
void fold_tokens(const Document& doc, std::string& arena, std::vector<Span>& spans) {
  std::string_view text = doc.text;
  arena.resize(text.size());
  lower_ascii(text.data(), arena.data(), text.size());
  spans.resize(doc.tokens.size());
  size_t q = next_apostrophe(text, 0);
  for (size_t i = 0; i < doc.tokens.size(); ++i) {
    const Token& t = doc.tokens[i];
    while (q < t.start) q = next_apostrophe(text, q + 1);
    if (q >= t.end) {
      spans[i] = {t.start, t.end};
      continue;
    }
    spans[i].start = static_cast<uint32_t>(arena.size());
    for (uint32_t k = t.start; k < t.end; ++k) {
      if (apostrophe_at(text, k, t.end)) {
        arena += '\'';
        k += 2;
        continue;
      }
      arena += arena[k];  // already folded
    }
    spans[i].end = static_cast<uint32_t>(arena.size());
  }
}

}  // namespace

void lower_tokens(Document& doc) { fold_tokens(doc, doc.lower_text, doc.lower_tok); }

void lower_token_views(const Document& doc, std::string& arena, std::vector<std::string_view>& out) {
  thread_local std::vector<Span> scratch;
  const bool own = doc.lower_tok.size() != doc.tokens.size();
  if (own) fold_tokens(doc, arena, scratch);
  const std::string& text = own ? arena : doc.lower_text;
  const std::vector<Span>& spans = own ? scratch : doc.lower_tok;
  out.resize(spans.size());
  for (size_t i = 0; i < spans.size(); ++i)
    out[i] = std::string_view(text.data() + spans[i].start, spans[i].size());
}

// ---- PhraseTable ----

void PhraseTable::add(std::string_view phrase, int value) {
  auto words = split_words(phrase);
  if (words.empty()) return;
  longest_ = std::max(longest_, words.size());
  auto& v = first_[words[0]];
  v.push_back({std::move(words), value});
  std::stable_sort(v.begin(), v.end(),
                   [](const Entry& a, const Entry& b) { return a.words.size() > b.words.size(); });
}

int PhraseTable::match_at(const Words& low, size_t i, size_t limit, size_t* len) const {
  if (i >= limit || i >= low.size()) return -1;
  auto it = first_.find(low[i]);
  if (it == first_.end()) return -1;
  for (const auto& e : it->second) {
    if (i + e.words.size() > limit) continue;
    bool ok = true;
    for (size_t k = 1; k < e.words.size() && ok; ++k) ok = low[i + k] == e.words[k];
    if (ok) {
      *len = e.words.size();
      return e.value;
    }
  }
  return -1;
}

int PhraseTable::match_word(std::string_view w) const {
  thread_local std::string buf;
  auto it = first_.find(lower_into(w, buf));
  if (it == first_.end()) return -1;
  for (const auto& e : it->second)
    if (e.words.size() == 1) return e.value;
  return -1;
}

int PhraseTable::match_ending(const Words& low, size_t j, size_t floor, size_t* len) const {
  for (size_t n = std::min(longest_, j + 1 - floor); n >= 1; --n) {
    size_t l = 0;
    int v = match_at(low, j + 1 - n, j + 1, &l);
    if (v >= 0 && l == n) {
      *len = n;
      return v;
    }
    if (n == 1) break;
  }
  return -1;
}

// ---- tables ----

bool parse_entity_tables(std::string_view nations, std::string_view titles, std::string_view nouns,
                         EntityTables* out, std::string* error) {
  *out = EntityTables{};
  for (const auto& r : tsv_rows(nations)) {
    if (r.size() < 3) {
      *error = "nations.tsv: a row needs iso3, kind, text";
      return false;
    }
    EntityTables::NationKind k;
    if (r[1] == "country")
      k = EntityTables::NationKind::Country;
    else if (r[1] == "demonym")
      k = EntityTables::NationKind::Demonym;
    else if (r[1] == "people")
      k = EntityTables::NationKind::People;
    else if (r[1] == "collective")
      k = EntityTables::NationKind::Collective;
    else {
      *error = "nations.tsv: unknown kind \"" + std::string(r[1]) + "\"";
      return false;
    }
    out->nation_phrases.add(r[2], static_cast<int>(out->nations.size()));
    out->nations.push_back({r[0] == "-" ? "" : std::string(r[0]), k});
  }
  for (const auto& r : tsv_rows(titles)) {
    if (r.size() < 2) {
      *error = "titles.tsv: a row needs role, sector";
      return false;
    }
    out->title_phrases.add(r[0], static_cast<int>(out->titles.size()));
    std::string role(r.size() >= 3 && !r[2].empty() ? r[2] : r[0]);  // "Gen." → "General"
    out->titles.push_back({role, r[1] == "-" ? "" : std::string(r[1]), lower(role)});
  }
  for (const auto& r : tsv_rows(nouns)) {
    if (r.size() < 3) {
      *error = "nouns.tsv: a row needs noun, use, value";
      return false;
    }
    std::string n = lower(r[0]);
    if (r[1] == "force")
      out->force[n] = r[2] == "-" ? "" : std::string(r[2]);
    else if (r[1] == "modifier")
      out->modifier[n] = true;
    else if (r[1] == "orghead")
      out->orghead[n] = true;
    else if (r[1] == "placecue")
      out->placecue[n] = true;
    else if (r[1] == "honorific")
      out->honorific[n] = true;
    else if (r[1] == "routehead")
      out->routehead[n] = true;
    else if (r[1] == "placehead")
      out->placehead.add(r[0], 0);
    else if (r[1] == "describes") {
      out->describes[n] = r[2] == "PERSON"  ? EntityType::Person
                          : r[2] == "PLACE" ? EntityType::Place
                                            : EntityType::Org;
    } else {
      *error = "nouns.tsv: unknown use \"" + std::string(r[1]) + "\"";
      return false;
    }
  }
  return true;
}

bool load_entity_tables(const std::string& data_dir, EntityTables* out, std::string* error) {
  std::string text[3];
  const char* names[3] = {"entities/nations.tsv", "entities/titles.tsv", "entities/nouns.tsv"};
  for (int i = 0; i < 3; ++i) {
    std::string path = find_resource(data_dir, names[i]);
    if (path.empty() || !read_file(path, &text[i])) {
      *error = std::string("cannot read ") + names[i];
      return false;
    }
  }
  return parse_entity_tables(text[0], text[1], text[2], out, error);
}

// ---- building entities ----

namespace {

constexpr int kNone = -1;

struct Cand {
  uint32_t tb = 0, te = 0;      // tokens [tb, te)
  uint32_t start = 0, end = 0;  // bytes
  EntityType type = EntityType::Person;
  MentionKind kind = MentionKind::Name;
  int link = kNone;           // for nominal mentions: the candidate they describe
  int entity = kNone;         // filled by clustering
  bool partial = false;       // a part of a hyphenated token: joins an entity named the same, else dropped
  bool fallback_org = false;  // a partial that becomes an ORG when nothing matches
  // Facts are views of the EntityTables strings (a Cand stays cheap to move).
  std::string_view iso3, sector, role;
  std::string_view title;          // the title written right before the name (not an appositive's)
  int org_cand = kNone;            // the ORG candidate a title holder speaks for
  uint32_t org_word = UINT32_MAX;  // a lone capitalised word naming that ORG ("Ministry spokesman")
  bool dead = false;
};

struct Ent {
  std::vector<int> cands;
  // Name words are views of the Builder's lower-cased tokens.
  std::vector<std::string_view> words;      // lower-cased name words (PERSON matching)
  std::string key;                          // ORG / PLACE / GROUP matching
  std::vector<std::string_view> org_words;  // lower-cased words of an ORG's longest name
  int votes[4] = {};
  std::string_view iso3, sector, role;  // views of the EntityTables strings
  std::string role_lower;               // role, lower-cased (merge_facts)
  int org_cand = kNone;
  uint32_t org_word = UINT32_MAX;
  int org_entity = kNone;
  uint8_t gender = 0;  // from pronouns already resolved to it: 1 he, 2 she
};

bool is_function_word(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "the", "a", "an", "in", "on", "at", "for", "but", "and", "or", "of", "to", "by", "with", "from", "as",
      "after", "before", "while", "when", "if", "this", "that", "these", "those", "his", "her", "its",
      "their", "our", "my", "since",
      // sentence-initial quantifiers and prepositions ("Between 10 and 12 people …")
      "between", "among", "during", "despite", "nearly", "around", "about", "some", "several", "dozens",
      "scores", "hundreds", "thousands", "up", "more"};
  for (std::string_view k : kWords)
    if (w == k) return true;
  return false;
}

bool is_corporate(std::string_view w) {
  static constexpr std::string_view kWords[] = {"inc.", "inc",   "corp.",    "corp",    "co.",        "co",
                                                "ltd.", "ltd",   "plc",      "llc",     "ag",         "s.a.",
                                                "n.v.", "group", "holdings", "company", "corporation"};
  for (std::string_view k : kWords)
    if (w == k) return true;
  return false;
}

// True when `shorter` names the organisation `longer` in short: a prefix of
// it when the longer name ends in a company suffix, or its acronym.
bool org_alias(const std::vector<std::string_view>& shorter, const std::vector<std::string_view>& longer) {
  if (shorter.empty() || shorter.size() >= longer.size()) return false;
  if (is_corporate(longer.back()) && std::equal(shorter.begin(), shorter.end(), longer.begin())) return true;
  if (shorter.size() != 1 || shorter[0].size() < 2 || shorter[0].size() > 6) return false;
  std::string initials;
  for (std::string_view w : longer)
    if (w != "of" && w != "the" && w != "and" && w != "for" && w != "&" && !w.empty()) initials += w[0];
  std::string a;
  for (char ch : shorter[0])
    if (ch != '.') a += ch;
  return a.size() >= 2 && a == initials;
}

bool is_particle(std::string_view w) {
  if (w.size() > 4) return false;  // the longest particle has 4 letters
  char buf[4];
  for (size_t i = 0; i < w.size(); ++i)
    buf[i] = (w[i] >= 'A' && w[i] <= 'Z') ? static_cast<char>(w[i] | 0x20) : w[i];
  std::string_view l(buf, w.size());
  return l == "al" || l == "el" || l == "bin" || l == "ibn" || l == "abu" || l == "bint" || l == "ben" ||
         l == "abd" || l == "ould" || l == "van" || l == "von" || l == "de" || l == "da";
}

class Builder {
 public:
  Builder(Document& doc, const EntityTables& t) : doc_(doc), t_(t) {
    lower_tokens(doc);
    lower_token_views(doc, arena_, low_);
  }

  void run(const std::vector<ner::NerSpan>& spans);

 private:
  std::string_view tok(size_t i) const { return doc_.token_text(i); }
  // Lower-cased token text ("" past the end).
  std::string_view ltok(size_t i) const { return i < low_.size() ? low_[i] : std::string_view(); }
  bool cap(size_t i) const { return i < doc_.tokens.size() && (doc_.tokens[i].flags & kTokUpper); }
  uint32_t sent(size_t i) const { return doc_.tokens[i].sentence; }
  uint32_t sent_end(size_t i) const { return doc_.sentences[sent(i)].tok_end; }
  uint32_t sent_begin(size_t i) const { return doc_.sentences[sent(i)].tok_begin; }
  bool punct(size_t i) const {
    return doc_.tokens[i].kind == TokenKind::Punct || doc_.tokens[i].kind == TokenKind::Symbol;
  }

  int add(uint32_t tb, uint32_t te, EntityType type) {
    Cand c;
    c.tb = tb;
    c.te = te;
    c.start = doc_.tokens[tb].start;
    c.end = doc_.tokens[te - 1].end;
    c.type = type;
    cands_.push_back(std::move(c));
    return static_cast<int>(cands_.size()) - 1;
  }
  // Nation table match covering exactly tokens [b, e); -1 when none.
  int nation_exact(uint32_t b, uint32_t e) const {
    size_t len = 0;
    int v = t_.nation_phrases.match_at(low_, b, e, &len);
    return v >= 0 && len == e - b ? v : -1;
  }
  int nation_text(std::string_view s) const;

  void from_spans(const std::vector<ner::NerSpan>& spans);
  void forces();
  void untagged_nations();
  void titles();
  void retype_titled(size_t ci);
  void appositives();
  void cluster();
  void merge_facts();
  void index_mentions();
  void add_mention(uint32_t tb, uint32_t te, MentionKind kind, int entity);
  bool mentioned(uint32_t start, uint32_t end) const;
  void org_links();
  void repeats();
  void descriptions();
  void pronouns();
  void finish();

  int join(int c, int e) {
    cands_[c].entity = e;
    ents_[e].cands.push_back(c);
    if (cands_[c].kind == MentionKind::Name) ents_[e].votes[static_cast<int>(cands_[c].type)]++;
    return e;
  }
  int new_entity(int c) {
    ents_.emplace_back();
    return join(c, static_cast<int>(ents_.size()) - 1);
  }
  EntityType ent_type(int e) const {
    int best = 0;
    for (int t = 1; t < 4; ++t)
      if (ents_[e].votes[t] > ents_[e].votes[best]) best = t;
    return static_cast<EntityType>(best);
  }
  std::string group_key(const Cand& c) const {
    if (!c.iso3.empty()) return "#" + std::string(c.iso3);
    std::string k = lower(doc_.view(c.start, c.end));
    if (k.size() > 3 && k.back() == 's') k.pop_back();
    return k;
  }

  Document& doc_;
  const EntityTables& t_;
  std::string arena_;                  // unused: the document carries its lower-cased tokens
  std::vector<std::string_view> low_;  // token → its lower-cased text (doc_.lower_text)
  std::vector<Cand> cands_;
  std::vector<Ent> ents_;
  std::vector<int32_t> covered_;  // token → candidate covering it (names), -1
  std::vector<uint8_t> in_span_;  // token → inside some tagger span
  struct M {
    uint32_t start, end;
    int cand;
  };
  std::vector<M> ments_;            // mentions with an entity, by start
  std::vector<std::string> names_;  // per Ent: canonical name (finish)
  std::vector<int> slot_;           // per Ent: index in doc.entities, -1
};

int Builder::nation_text(std::string_view s) const { return t_.nation_phrases.match_word(s); }

void Builder::from_spans(const std::vector<ner::NerSpan>& tagged) {
  size_t n = doc_.tokens.size();
  in_span_.assign(n, 0);
  // "Army, Navy": a comma inside a span separates two names; so does a
  // bracket ("Kalale (Kalale, Borgou)", "Kangara [Kangara Peulh]": a name
  // and the place or full name in brackets after it).
  std::vector<ner::NerSpan> spans;
  for (const auto& s : tagged) {
    if (s.end > n || s.begin >= s.end) continue;
    // A letter or two in brackets ("Mladost ( BJ )", a league's group) is
    // a code, not a name of its own.
    auto piece = [&](uint32_t b, uint32_t e) {
      bool code = b > s.begin && (tok(b - 1) == "(" || tok(b - 1) == "[") && e - b == 1 && tok(b).size() <= 2;
      if (b < e && !code) spans.push_back({b, e, s.type});
    };
    uint32_t b = s.begin;
    for (uint32_t i = s.begin; i < s.end; ++i)
      if (tok(i) == "," || tok(i) == ";" || tok(i) == "(" || tok(i) == ")" || tok(i) == "[" ||
          tok(i) == "]") {
        piece(b, i);
        b = i + 1;
      }
    piece(b, s.end);
  }
  for (const auto& s : spans) {
    if (s.end > n || s.begin >= s.end) continue;
    for (uint32_t i = s.begin; i < s.end; ++i) in_span_[i] = 1;
    uint32_t b = s.begin, e = s.end;
    // Leading function words ("In New York …" at a sentence start) and
    // honorifics ("Mr. Edelman" is "Edelman") are not part of the name.
    while (b < e && (punct(b) || is_function_word(ltok(b)) || (e - b > 1 && t_.honorific.count(ltok(b)))))
      ++b;
    while (e > b && (punct(e - 1) || ltok(e - 1) == "'s")) --e;
    if (b == e) continue;
    int type = s.type;  // PER ORG LOC MISC
    // A lower-case Arabic article the tagger left out opens the name ("al
    // Shabaab", "el Sisi"): one name, as "Al Shabaab" elsewhere.
    if (type != ner::kMisc && b == s.begin && b > 0 && !in_span_[b - 1] && sent(b - 1) == sent(b) &&
        (ltok(b - 1) == "al" || ltok(b - 1) == "el") && !cap(b - 1))
      --b;

    // "Gaza-based Health Ministry": the place before "-based" is a mention of
    // its own; the rest of the span is the name.
    std::string_view first = tok(b);
    size_t hy = first.rfind('-');
    if (hy != std::string_view::npos && hy > 0 && hy + 1 < first.size() && cap(b)) {
      std::string_view tail = first.substr(hy + 1);
      bool lower_tail = std::all_of(tail.begin(), tail.end(), [](char c) { return c >= 'a' && c <= 'z'; });
      // Without case every tail is lower case: a name the tagger typed PER
      // or LOC stays whole ("nagorno-karabakh", "chester-le-street").
      bool suffix = tail == "based" || tail == "born" || tail == "bound";
      if (doc_.text_case != TextCase::Mixed && !suffix && (type == ner::kPer || type == ner::kLoc))
        lower_tail = false;
      if (lower_tail) {
        std::string_view head = first.substr(0, hy);
        int nv = nation_text(head);
        int c = add(b, b + 1, EntityType::Place);
        cands_[c].end = cands_[c].start + static_cast<uint32_t>(hy);
        if (nv >= 0) {
          const auto& nat = t_.nations[nv];
          cands_[c].iso3 = nat.iso3;
          cands_[c].type =
              nat.kind == EntityTables::NationKind::Country ? EntityType::Place : EntityType::Group;
        } else if (tail != "based" && tail != "born" && tail != "bound") {
          cands_[c].partial = true;  // "Hamas-run": whatever Hamas is elsewhere
          cands_[c].fallback_org = true;
        }
        ++b;
        if (b == e) continue;
      }
    }
    // "Israel-Hamas", "Israeli-Palestinian": a MISC compound of names. Before a noun of a
    // route (nouns.tsv routehead: "the Cotonou-Parakou highway", "the Dikwa-Marte axis")
    // its parts are the places the route joins.
    if (type == ner::kMisc && e - b == 1 && (doc_.tokens[b].flags & kTokHyphen)) {
      // (Not a compound with a nationality word: "the Pan-American Highway".)
      bool route = e < sent_end(b) && t_.routehead.count(ltok(e));
      std::string_view t = tok(b);
      size_t p = 0;
      bool all_cap = true;
      std::vector<std::pair<size_t, size_t>> parts;
      while (p <= t.size()) {
        size_t q = t.find('-', p);
        if (q == std::string_view::npos) q = t.size();
        std::string_view part = t.substr(p, q - p);
        if (part.size() < 2 || !(part[0] >= 'A' && part[0] <= 'Z') || is_particle(part)) all_cap = false;
        if (int nv = route ? nation_text(part) : -1;
            nv >= 0 && t_.nations[nv].kind != EntityTables::NationKind::Country)
          route = false;
        parts.emplace_back(p, q);
        p = q + 1;
      }
      if (all_cap && parts.size() >= 2) {
        for (auto [pb, pe] : parts) {
          int c = add(b, b + 1, route ? EntityType::Place : EntityType::Org);
          cands_[c].start = doc_.tokens[b].start + static_cast<uint32_t>(pb);
          cands_[c].end = doc_.tokens[b].start + static_cast<uint32_t>(pe);
          int nv = nation_text(t.substr(pb, pe - pb));
          if (nv >= 0) {
            const auto& nat = t_.nations[nv];
            cands_[c].iso3 = nat.iso3;
            cands_[c].type =
                nat.kind == EntityTables::NationKind::Country ? EntityType::Place : EntityType::Group;
          } else if (!route) {
            cands_[c].partial = true;
          }
        }
        continue;
      }
    }
    // A name followed by "refugee camp", "neighbourhood" …: a place, noun included.
    size_t len = 0;
    if (t_.placehead.match_at(low_, e, sent_end(e - 1), &len) >= 0 && !cap(e)) {
      e += static_cast<uint32_t>(len);
      type = ner::kLoc;
    }
    EntityType et;
    int nv = nation_exact(b, e);
    std::string_view iso;
    if (nv >= 0) {
      const auto& nat = t_.nations[nv];
      iso = nat.iso3;
      et = nat.kind == EntityTables::NationKind::Country ? EntityType::Place : EntityType::Group;
    } else if (type == ner::kMisc) {
      // "Muslim states": a nationality or collective at the head of a MISC span.
      size_t l = 0;
      int v = t_.nation_phrases.match_at(low_, b, e, &l);
      if (v < 0 || t_.nations[v].kind == EntityTables::NationKind::Country) continue;  // events, products…
      e = b + static_cast<uint32_t>(l);
      iso = t_.nations[v].iso3;
      et = EntityType::Group;
    } else {
      et = type == ner::kPer ? EntityType::Person : type == ner::kOrg ? EntityType::Org : EntityType::Place;
    }
    // "… Brigades", "… Ministry": an organisation whatever the tagger said.
    if (et == EntityType::Person && e - b >= 2 && t_.orghead.count(ltok(e - 1))) et = EntityType::Org;
    // "east of X", "city of X": a place.
    if ((et == EntityType::Person || et == EntityType::Org) && b >= 2 && ltok(b - 1) == "of" &&
        sent(b - 2) == sent(b) && t_.placecue.count(ltok(b - 2)))
      et = EntityType::Place;
    int c = add(b, e, et);
    cands_[c].iso3 = iso;
  }
}

void Builder::forces() {
  // "the Israeli army", "Iraqi security forces": one ORG, the nationality word
  // inside it is not a separate entity.
  size_t n = doc_.tokens.size();
  for (size_t i = 0; i < n; ++i) {
    if (!cap(i)) continue;
    size_t len = 0;
    int v = t_.nation_phrases.match_at(low_, i, sent_end(i), &len);
    if (v < 0) continue;
    const auto& nat = t_.nations[v];
    if (nat.iso3.empty()) continue;
    size_t k = i + len;
    while (k < sent_end(i) && t_.modifier.count(ltok(k))) ++k;
    if (k >= sent_end(i)) continue;
    auto f = t_.force.find(ltok(k));
    if (f == t_.force.end()) continue;
    uint32_t b = static_cast<uint32_t>(i), e = static_cast<uint32_t>(k + 1);
    // Drop name candidates inside (the nationality word); keep a longer name.
    bool longer = false;
    for (auto& c : cands_) {
      if (c.dead || c.kind != MentionKind::Name) continue;
      if (c.tb >= b && c.te <= e)
        c.dead = true;
      else if (c.tb < e && c.te > b)
        longer = true;
    }
    if (longer) continue;
    int c = add(b, e, EntityType::Org);
    cands_[c].iso3 = nat.iso3;
    cands_[c].sector = f->second;
    i = k;
  }
}

void Builder::untagged_nations() {
  // Nationality words and country names the tagger left out.
  size_t n = doc_.tokens.size();
  std::vector<uint8_t> taken(n, 0);
  for (const auto& c : cands_)
    if (!c.dead)
      for (uint32_t i = c.tb; i < c.te; ++i) taken[i] = 1;
  for (size_t i = 0; i < n; ++i) {
    if (in_span_[i] || taken[i] || !cap(i)) continue;
    size_t len = 0;
    int v = t_.nation_phrases.match_at(low_, i, sent_end(i), &len);
    if (v < 0) continue;
    bool free = true;
    for (size_t k = i; k < i + len; ++k) free &= !in_span_[k] && !taken[k];
    if (!free) continue;
    const auto& nat = t_.nations[v];
    int c = add(static_cast<uint32_t>(i), static_cast<uint32_t>(i + len),
                nat.kind == EntityTables::NationKind::Country ? EntityType::Place : EntityType::Group);
    cands_[c].iso3 = nat.iso3;
    i += len - 1;
  }
}

// A name of two or more words that a person's title of known sector opens
// or stands right before ("magistrate Carlos Valencia's murder", "Judge Ana
// Soto said") is a person's, whatever type the tagger gave it: the tagger
// reads some personal names as places or organisations ("Valencia").
void Builder::retype_titled(size_t ci) {
  Cand& c = cands_[ci];
  if (c.dead || c.kind != MentionKind::Name || c.partial ||
      (c.type != EntityType::Place && c.type != EntityType::Org))
    return;
  size_t len = 0;
  int inside = t_.title_phrases.match_at(low_, c.tb, c.te, &len);
  int tv = (inside >= 0 && c.te - c.tb >= len + 2) ? inside : -1;
  if (tv < 0 && c.te - c.tb >= 2 && c.tb > sent_begin(c.tb) && covered_[c.tb - 1] < 0)
    tv = t_.title_phrases.match_ending(low_, c.tb - 1, sent_begin(c.tb), &len);
  if (tv < 0 || t_.titles[tv].sector.empty()) return;
  for (uint32_t i = c.tb; i < c.te; ++i)
    if (!cap(i)) return;  // "Minister of Defence": a title's own words
  c.type = EntityType::Person;
}

void Builder::titles() {
  // Titles before a person's name ("US Secretary of State Antony Blinken",
  // "Iran's Supreme Leader Ali Khamenei", "Hamas leader Ismail Haniyeh"):
  // the name stays clean, the title becomes the role, and title + its
  // country or organisation becomes a nominal mention of the person.
  std::sort(cands_.begin(), cands_.end(), [](const Cand& a, const Cand& b) { return a.start < b.start; });
  covered_.assign(doc_.tokens.size(), -1);
  for (size_t ci = 0; ci < cands_.size(); ++ci)
    if (!cands_[ci].dead && cands_[ci].kind == MentionKind::Name && !cands_[ci].partial)
      for (uint32_t i = cands_[ci].tb; i < cands_[ci].te; ++i) covered_[i] = static_cast<int32_t>(ci);
  size_t n_before = cands_.size();
  for (size_t ci = 0; ci < n_before; ++ci) retype_titled(ci);
  for (size_t ci = 0; ci < n_before; ++ci) {
    if (cands_[ci].dead || cands_[ci].type != EntityType::Person || cands_[ci].kind != MentionKind::Name)
      continue;
    uint32_t b = cands_[ci].tb;
    uint32_t floor = sent_begin(b);
    // A title the tagger put inside the name: "Supreme Leader Ali Khamenei".
    size_t len = 0;
    int inside = t_.title_phrases.match_at(low_, b, cands_[ci].te, &len);
    uint32_t title_begin = b, title_end = b;
    int tv = -1;
    if (inside >= 0 && len < cands_[ci].te - b && cap(b)) {
      tv = inside;
      title_end = b + static_cast<uint32_t>(len);
      cands_[ci].tb = title_end;
      cands_[ci].start = doc_.tokens[title_end].start;
    } else if (b > floor) {
      int v = t_.title_phrases.match_ending(low_, b - 1, floor, &len);
      if (v >= 0 && covered_[b - 1] < 0) {
        tv = v;
        title_begin = b - static_cast<uint32_t>(len);
        title_end = b;
      }
    }
    if (tv < 0) continue;  // the title is [title_begin, title_end)
    Cand& c = cands_[ci];
    c.role = t_.titles[tv].role;
    c.title = c.role;
    if (!t_.titles[tv].sector.empty()) c.sector = t_.titles[tv].sector;
    uint32_t tstart = title_begin, tstop = title_end;
    uint32_t nominal_begin = tstart;
    // What stands before the title: "Iran 's", "US", "Iraqi", "Hamas", "Ministry".
    if (tstart > floor) {
      uint32_t p = tstart - 1;
      if (ltok(p) == "'s" && p > floor) --p;
      int cv = covered_[p];
      if (cv >= 0 && cands_[cv].te == p + 1) {
        const Cand& pre = cands_[cv];
        if (pre.type == EntityType::Place || pre.type == EntityType::Group) {
          c.iso3 = pre.iso3;
          nominal_begin = pre.tb;
        } else if (pre.type == EntityType::Org) {
          c.org_cand = cv;
          nominal_begin = pre.tb;
        }
      } else if (cv < 0 && cap(p) && p + 1 == tstart && !punct(p)) {
        std::string_view w = ltok(p);
        if (w != "the" && w != "a" && w != "an" && w != "his" && w != "her" && w != "its" && w != "their" &&
            w != "this" && w != "that") {
          c.org_word = p;
          nominal_begin = p;
        }
      }
    }
    int nom = add(nominal_begin, tstop, EntityType::Person);
    cands_[nom].kind = MentionKind::Nominal;
    cands_[nom].link = static_cast<int>(ci);
  }
}

void Builder::appositives() {
  // "Haniyeh, the head of the political bureau of Hamas, …": a nominal
  // mention of the person when a title word opens the phrase after the comma.
  size_t n_before = cands_.size();
  for (size_t ci = 0; ci < n_before; ++ci) {
    const Cand& c = cands_[ci];
    if (c.dead || c.type != EntityType::Person || c.kind != MentionKind::Name) continue;
    uint32_t e = c.te, stop = sent_end(c.te - 1);
    if (e + 2 >= stop || tok(e) != ",") continue;
    uint32_t b = e + 1;
    std::string_view d = ltok(b);
    uint32_t k = b;
    if (d == "the" || d == "a" || d == "an") ++k;
    size_t len = 0;
    int v = -1;
    // The title may follow a modifier or two: "the Iraqi prime minister", "the group's leader".
    for (uint32_t j = k; j < std::min(k + 3, stop) && v < 0; ++j)
      v = t_.title_phrases.match_at(low_, j, stop, &len);
    if (v < 0) continue;
    uint32_t end = k;
    while (end < stop && end < b + 15 && tok(end) != "," && tok(end) != ";" && tok(end) != "." &&
           tok(end) != "\"")
      ++end;
    if (end == b) continue;
    int nom = add(b, end, EntityType::Person);
    cands_[nom].kind = MentionKind::Nominal;
    cands_[nom].link = static_cast<int>(ci);
    if (cands_[ci].role.empty()) {
      cands_[ci].role = t_.titles[v].role;
      if (!t_.titles[v].sector.empty()) cands_[ci].sector = t_.titles[v].sector;
    }
  }
}

void Builder::cluster() {
  ents_.reserve(ents_.size() + cands_.size());  // at most one entity per candidate: no regrowth below
  // Candidates in text order (links between them are indices: keep them).
  std::vector<size_t> order(cands_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (cands_[a].start != cands_[b].start) return cands_[a].start < cands_[b].start;
    return cands_[a].end > cands_[b].end;
  });
  auto words_of = [&](const Cand& c) {
    std::vector<std::string_view> w;
    for (uint32_t i = c.tb; i < c.te; ++i)
      if (!punct(i)) w.push_back(ltok(i));
    return w;
  };
  auto subset = [](const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
    for (const auto& x : a)
      if (std::find(b.begin(), b.end(), x) == b.end()) return false;
    return !a.empty();
  };
  for (size_t ci : order) {
    Cand& c = cands_[ci];
    if (c.dead || c.kind != MentionKind::Name || c.partial) continue;
    auto w = words_of(c);
    bool nation = nation_exact(c.tb, c.te) >= 0;
    int found = kNone;
    // A person named again, in full or in part ("Khamenei", "Al-Sudani").
    if (c.type == EntityType::Person || (!nation && w.size() <= 2 && c.type != EntityType::Group)) {
      for (int e = static_cast<int>(ents_.size()) - 1; e >= 0 && found < 0; --e) {
        if (ents_[e].votes[0] == 0) continue;
        // "King Hussein" is not "President Saddam Hussein": titles that differ keep them apart.
        bool roles_differ = false;
        if (!c.title.empty())
          for (int o : ents_[e].cands)
            if (!cands_[o].title.empty() && cands_[o].title != c.title) roles_differ = true;
        if (roles_differ) continue;
        if (subset(w, ents_[e].words) || (c.type == EntityType::Person && subset(ents_[e].words, w)))
          found = e;
      }
      if (found >= 0) {
        c.type = EntityType::Person;
        if (w.size() > ents_[found].words.size()) ents_[found].words = std::move(w);
        join(static_cast<int>(ci), found);
        continue;
      }
    }
    if (c.type == EntityType::Person) {
      int e = new_entity(static_cast<int>(ci));
      ents_[e].words = std::move(w);
      continue;
    }
    // An organisation named again in short: "Intelogic" for "Intelogic Trace
    // Inc.", "PLO" for "Palestine Liberation Organization" (either order).
    if (c.type == EntityType::Org && c.sector.empty()) {
      for (int e = static_cast<int>(ents_.size()) - 1; e >= 0 && found < 0; --e) {
        if (ent_type(e) != EntityType::Org || ents_[e].org_words.empty()) continue;
        if (org_alias(w, ents_[e].org_words) || org_alias(ents_[e].org_words, w)) found = e;
        // "the Ministry" after "the Health Ministry": the generic head alone
        // is a nominal mention of the latest organisation it heads.
        if (w.size() == 1 && ents_[e].org_words.size() > 1 && t_.orghead.count(w[0]) &&
            ents_[e].org_words.back() == w[0]) {
          found = e;
          c.kind = MentionKind::Nominal;
        }
      }
      if (found >= 0) {
        if (w.size() > ents_[found].org_words.size()) ents_[found].org_words = std::move(w);
        join(static_cast<int>(ci), found);
        continue;
      }
    }
    std::string key = c.type == EntityType::Group ? group_key(c) : lower(doc_.view(c.start, c.end));
    if (c.type == EntityType::Org && !c.sector.empty()) key = "#" + std::string(c.iso3) + "/" + key;
    if (c.type == EntityType::Place && !c.iso3.empty())
      key = "#" + std::string(c.iso3);  // "US" = "United States"
    for (int e = static_cast<int>(ents_.size()) - 1; e >= 0 && found < 0; --e) {
      if (ents_[e].key != key) continue;
      bool group_e = ents_[e].votes[3] > 0, group_c = c.type == EntityType::Group;
      // One mention, one entity: a name the tagger typed ORG here and PLACE
      // there ("CHICAGO" the team in a table, "AT CHICAGO" the venue) stays
      // two entities; no vote retypes every mention of the string.
      bool org_place = (c.type == EntityType::Org && ents_[e].votes[2] > 0 && ents_[e].votes[1] == 0) ||
                       (c.type == EntityType::Place && ents_[e].votes[1] > 0 && ents_[e].votes[2] == 0);
      if (group_e == group_c && !org_place) found = e;
    }
    int e = found >= 0 ? join(static_cast<int>(ci), found) : new_entity(static_cast<int>(ci));
    ents_[e].key = key;
    if (c.type == EntityType::Org && c.sector.empty() && ents_[e].org_words.empty())
      ents_[e].org_words = std::move(w);
  }
  // Parts of hyphenated compounds ("Israel-Hamas") join an entity of that name.
  for (size_t ci : order) {
    Cand& c = cands_[ci];
    if (c.dead || !c.partial) continue;
    std::string key = lower(doc_.view(c.start, c.end));
    int found = kNone;
    for (int e = 0; e < static_cast<int>(ents_.size()) && found < 0; ++e) {
      if (ents_[e].key == key)
        found = e;
      else if (ents_[e].votes[0] > 0 && ents_[e].words.size() > 0 && ents_[e].words.back() == key)
        found = e;
    }
    if (found >= 0) {
      c.type = ent_type(found);
      join(static_cast<int>(ci), found);
    } else if (c.fallback_org) {
      c.type = EntityType::Org;
      int e = new_entity(static_cast<int>(ci));
      ents_[e].key = key;
    } else {
      c.dead = true;
    }
  }
  // Title and appositive mentions join the person they describe.
  for (size_t ci : order) {
    Cand& c = cands_[ci];
    if (c.dead || c.link < 0) continue;
    if (cands_[c.link].dead || cands_[c.link].entity < 0) {
      c.dead = true;
      continue;
    }
    join(static_cast<int>(ci), cands_[c.link].entity);
  }
  merge_facts();
}

void Builder::merge_facts() {
  for (Cand& c : cands_) {
    if (c.dead || c.entity < 0) continue;
    Ent& e = ents_[c.entity];
    if (e.iso3.empty() && !c.iso3.empty()) e.iso3 = c.iso3;
    if (e.sector.empty() && !c.sector.empty()) e.sector = c.sector;
    if (e.role.empty() && !c.role.empty()) {
      e.role = c.role;
      e.role_lower = lower(c.role);
    }
    if (e.org_cand < 0 && c.org_cand >= 0) e.org_cand = c.org_cand;
    if (e.org_word == UINT32_MAX && c.org_word != UINT32_MAX) e.org_word = c.org_word;
  }
}

void Builder::index_mentions() {
  ments_.clear();
  for (size_t ci = 0; ci < cands_.size(); ++ci)
    if (!cands_[ci].dead && cands_[ci].entity >= 0)
      ments_.push_back({cands_[ci].start, cands_[ci].end, static_cast<int>(ci)});
  std::sort(ments_.begin(), ments_.end(), [](const M& a, const M& b) { return a.start < b.start; });
}

void Builder::add_mention(uint32_t tb, uint32_t te, MentionKind kind, int entity) {
  int c = add(tb, te, ent_type(entity));
  cands_[c].kind = kind;
  join(c, entity);
  M m{cands_[c].start, cands_[c].end, c};
  auto it = std::lower_bound(ments_.begin(), ments_.end(), m,
                             [](const M& a, const M& b) { return a.start < b.start; });
  ments_.insert(it, m);
}

bool Builder::mentioned(uint32_t start, uint32_t end) const {
  // Mentions are short: look back from the first one starting at or after `end`.
  auto it =
      std::lower_bound(ments_.begin(), ments_.end(), end, [](const M& m, uint32_t v) { return m.start < v; });
  for (int k = 0; it != ments_.begin() && k < 64; ++k) {
    --it;
    if (it->end > start) return true;
  }
  return false;
}

void Builder::org_links() {
  // "Ministry spokesman Ashraf Al-Qudra": the lone word names an organisation
  // met before ("the Gaza-based Health Ministry"); it becomes a nominal
  // mention of it, and the organisation becomes the person's org.
  for (int e = 0; e < static_cast<int>(ents_.size()); ++e) {
    Ent& en = ents_[e];
    if (en.org_cand >= 0 && cands_[en.org_cand].entity >= 0) {
      en.org_entity = cands_[en.org_cand].entity;
    } else if (en.org_word != UINT32_MAX) {
      std::string_view w = ltok(en.org_word);
      int found = kNone;
      for (int o = 0; o < static_cast<int>(ents_.size()) && found < 0; ++o) {
        if (o == e || ent_type(o) != EntityType::Org) continue;
        const std::string& k = ents_[o].key;
        size_t sp = k.rfind(' ');
        std::string_view last =
            sp == std::string::npos ? std::string_view(k) : std::string_view(k).substr(sp + 1);
        if (last == w) found = o;
      }
      if (found >= 0) {
        // The word sits inside the person's nominal mention ("Ministry
        // spokesman") and is also a nominal mention of the organisation.
        en.org_entity = found;
        add_mention(en.org_word, en.org_word + 1, MentionKind::Nominal, found);
      }
    }
  }
}

void Builder::repeats() {
  // A name the tagger missed once (a title-case headline: "Blinken meets
  // Iraq PM"): a capitalised token equal to a person's last name word, or to
  // a one-word organisation or place name, is a mention of that entity.
  // Keys are views of entity words and keys: ents_ does not grow here.
  std::unordered_map<std::string_view, int> names;
  for (int e = 0; e < static_cast<int>(ents_.size()); ++e) {
    EntityType t = ent_type(e);
    if (t == EntityType::Person && ents_[e].words.size() >= 2 && !is_particle(ents_[e].words.back()))
      names.emplace(ents_[e].words.back(), e);
    else if ((t == EntityType::Org || t == EntityType::Place) && !ents_[e].key.empty() &&
             ents_[e].key[0] != '#' && ents_[e].key.find(' ') == std::string::npos)
      names.emplace(ents_[e].key, e);
    const auto& ow = ents_[e].org_words;  // "Intelogic" for "Intelogic Trace Inc."
    if (t == EntityType::Org && ow.size() >= 2 && is_corporate(ow.back()) && ow[0].size() >= 3 &&
        !is_function_word(ow[0]))
      names.emplace(ow[0], e);
  }
  if (names.empty()) return;
  for (size_t i = 0; i < doc_.tokens.size(); ++i) {
    if (!cap(i) || punct(i)) continue;
    auto it = names.find(ltok(i));
    if (it == names.end()) continue;
    if (mentioned(doc_.tokens[i].start, doc_.tokens[i].end)) continue;
    add_mention(static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1), MentionKind::Name, it->second);
  }
}

void Builder::descriptions() {
  // "the leader", "the ministry": the most salient compatible entity — the
  // first compatible mention of the current sentence (its subject), else the
  // most recent compatible mention of the previous sentences.
  size_t n = doc_.tokens.size();
  for (size_t i = 0; i + 1 < n; ++i) {
    if (ltok(i) != "the") continue;
    uint32_t stop = sent_end(i);
    if (i + 1 >= stop) continue;
    size_t len = 0;
    EntityType want;
    std::string_view noun;
    int tv = t_.title_phrases.match_at(low_, i + 1, stop, &len);
    if (tv >= 0) {
      want = EntityType::Person;
      noun = t_.titles[tv].role_lower;
    } else if (auto d = t_.describes.find(ltok(i + 1)); d != t_.describes.end() && !cap(i + 1)) {
      want = d->second;
      noun = d->first;
      len = 1;
    } else {
      continue;
    }
    size_t j = i + 1 + len;
    if (j < stop && (ltok(j) == "of" || (cap(j) && !punct(j))))
      continue;  // "the head of …", "the capital Baghdad"
    uint32_t bs = doc_.tokens[i].start, be = doc_.tokens[j - 1].end;
    if (mentioned(bs, be)) continue;
    auto compatible = [&](int e) {
      if (ent_type(e) != want) return false;
      const Ent& en = ents_[e];
      if (want == EntityType::Person) return en.role_lower.find(noun) != std::string::npos;
      bool named = en.key.find(noun) != std::string::npos;
      if (want == EntityType::Org) {
        if (named) return true;
        if (noun == "army") return en.sector == "MIL";
        // A group or movement is not a state's army or government.
        return en.sector.empty() && (noun == "group" || noun == "movement" || noun == "organization" ||
                                     noun == "organisation" || noun == "militia");
      }
      if (noun == "country") return !en.iso3.empty();  // a place: a country for "the country",
      if (noun == "camp") return named;                // a camp for "the camp",
      return en.iso3.empty();                          // else a place below country level
    };
    uint32_t s = sent(i);
    int pick = kNone;
    for (const M& m : ments_) {  // the subject of this sentence
      if (m.start >= bs) break;
      if (doc_.tokens[cands_[m.cand].tb].sentence == s && compatible(cands_[m.cand].entity)) {
        pick = cands_[m.cand].entity;
        break;
      }
    }
    if (pick < 0) {
      for (auto it = ments_.rbegin(); it != ments_.rend(); ++it) {
        if (it->start >= bs) continue;
        if (sent(cands_[it->cand].tb) + 5 < s) break;
        if (compatible(cands_[it->cand].entity)) {
          pick = cands_[it->cand].entity;
          break;
        }
      }
    }
    if (pick < 0) continue;
    add_mention(static_cast<uint32_t>(i), static_cast<uint32_t>(j), MentionKind::Nominal, pick);
    i = j - 1;
  }
}

void Builder::pronouns() {
  // Subject pronouns he / she: inside a sentence, the first person of that
  // sentence before it (its subject: "Blinken … where he met"); at a
  // sentence start ("He also called on …"), the first person mentioned in
  // the nearest previous sentence that has one (up to three back).
  for (size_t s = 0; s < doc_.sentences.size(); ++s) {
    uint32_t b = doc_.sentences[s].tok_begin, e = doc_.sentences[s].tok_end;
    for (uint32_t i = b; i < e; ++i) {
      std::string_view w = ltok(i);
      if (w != "he" && w != "she") continue;
      bool initial = i == b || (i == b + 1 && (tok(b) == "\"" || tok(b) == "\xE2\x80\x9C"));
      int pick = kNone;
      uint8_t gender = w == "he" ? 1 : 2;
      auto person = [&](int e) {  // a person whose earlier pronouns do not say otherwise
        return ent_type(e) == EntityType::Person && (ents_[e].gender == 0 || ents_[e].gender == gender);
      };
      if (!initial) {
        for (const M& m : ments_) {
          if (m.start >= doc_.tokens[i].start) break;
          if (sent(cands_[m.cand].tb) == s && person(cands_[m.cand].entity)) {
            pick = cands_[m.cand].entity;
            break;
          }
        }
      }
      for (size_t back = 1; back <= 3 && back <= s && pick < 0; ++back) {
        uint32_t ps = static_cast<uint32_t>(s - back);
        for (const M& m : ments_) {
          uint32_t ms = sent(cands_[m.cand].tb);
          if (ms < ps) continue;
          if (ms > ps) break;
          if (person(cands_[m.cand].entity)) {
            pick = cands_[m.cand].entity;
            break;
          }
        }
      }
      if (pick < 0) continue;
      ents_[pick].gender = gender;
      add_mention(i, i + 1, MentionKind::Pronoun, pick);
    }
  }
}

void Builder::run(const std::vector<ner::NerSpan>& spans) {
  from_spans(spans);
  forces();
  untagged_nations();
  titles();
  appositives();
  cluster();
  index_mentions();
  org_links();
  repeats();
  descriptions();
  pronouns();
  finish();
}

void Builder::finish() {
  std::vector<std::pair<uint32_t, int>> firsts;
  for (int e = 0; e < static_cast<int>(ents_.size()); ++e) {
    uint32_t first = UINT32_MAX;
    bool has_name = false;
    for (int ci : ents_[e].cands) {
      if (cands_[ci].dead) continue;
      first = std::min(first, cands_[ci].start);
      has_name |= cands_[ci].kind == MentionKind::Name;
    }
    if (has_name) firsts.emplace_back(first, e);
  }
  std::sort(firsts.begin(), firsts.end());
  names_.assign(ents_.size(), std::string());
  slot_.assign(ents_.size(), -1);
  doc_.entities.clear();
  doc_.entities.reserve(firsts.size());
  for (auto [first, e] : firsts) {
    Entity out;
    out.id = "e" + std::to_string(doc_.entities.size() + 1);
    out.type = ent_type(e);
    size_t best = 0;
    for (int ci : ents_[e].cands) {
      const Cand& c = cands_[ci];
      if (c.dead) continue;
      out.mentions.push_back({c.start, c.end, c.kind});
      if (c.kind == MentionKind::Name && c.end - c.start > best) {
        best = c.end - c.start;
        out.name = std::string(doc_.view(c.start, c.end));
      }
    }
    std::sort(out.mentions.begin(), out.mentions.end(), [](const Mention& a, const Mention& b) {
      if (a.start != b.start) return a.start < b.start;
      if (a.end != b.end) return a.end < b.end;
      return a.kind < b.kind;
    });
    out.mentions.erase(
        std::unique(out.mentions.begin(), out.mentions.end(),
                    [](const Mention& a, const Mention& b) { return a.start == b.start && a.end == b.end; }),
        out.mentions.end());
    names_[e] = out.name;
    doc_.entities.push_back(std::move(out));
    slot_[e] = static_cast<int>(doc_.entities.size()) - 1;
  }
  for (int e = 0; e < static_cast<int>(ents_.size()); ++e) {
    if (slot_[e] < 0) continue;
    const Ent& en = ents_[e];
    std::string org = en.org_entity >= 0 && slot_[en.org_entity] >= 0 ? names_[en.org_entity] : "";
    if (!en.iso3.empty() || !en.sector.empty() || !en.role.empty() || !org.empty()) {
      ActorInfo a;
      a.country = en.iso3;
      a.sector = en.sector;
      a.role = en.role;
      a.org = org;
      doc_.entities[slot_[e]].actor = std::move(a);
    }
  }
}

}  // namespace

void build_entities(Document& doc, const std::vector<ner::NerSpan>& spans, const EntityTables& tables) {
  doc.entities.clear();
  if (doc.tokens.empty() || doc.sentences.empty()) return;
  Builder b(doc, tables);
  b.run(spans);
}

void find_entities(Document& doc, const ner::Model* model, const EntityTables& tables) {
  std::vector<ner::NerSpan> spans;
  if (model && !doc.tokens.empty()) {
    std::vector<std::string_view> views(doc.tokens.size());
    for (size_t i = 0; i < doc.tokens.size(); ++i) views[i] = doc.token_text(i);
    std::vector<uint32_t> ends;
    ends.reserve(doc.sentences.size());
    for (const auto& s : doc.sentences) ends.push_back(s.tok_end);
    spans = model->tag(ner::TagInput{views, ends});
  }
  // The tagger's MISC names (events, titles, products) hold no place of
  // their own: geo/ reads this flag ("Hong Kong" of "Hong Kong Open").
  for (const auto& s : spans)
    if (s.type == ner::kMisc)
      for (uint32_t i = s.begin; i < s.end && i < doc.tokens.size(); ++i) doc.tokens[i].flags |= kTokInMisc;
  if (doc.text_case != TextCase::Mixed) truecase_flags(doc, spans);
  build_entities(doc, spans, tables);
}

void truecase_flags(Document& doc, const std::vector<ner::NerSpan>& spans) {
  for (Token& t : doc.tokens)
    if (t.kind == TokenKind::Word) t.flags &= static_cast<uint8_t>(~(kTokUpper | kTokAllUpper));
  // Sentence case capitalises a sentence's first character: its first word
  // after opening quotes or brackets, none after a figure ("1 fatality.").
  for (const Sentence& s : doc.sentences)
    for (uint32_t i = s.tok_begin; i < s.tok_end && doc.tokens[i].kind != TokenKind::Number; ++i)
      if (doc.tokens[i].kind == TokenKind::Word) {
        doc.tokens[i].flags |= kTokUpper;
        break;
      }
  for (const auto& sp : spans) {
    for (uint32_t i = sp.begin; i < sp.end && i < doc.tokens.size(); ++i)
      if (doc.tokens[i].kind == TokenKind::Word) doc.tokens[i].flags |= kTokUpper;
    // A short one-word organisation in capitals is an acronym ("FMLN").
    if (doc.text_case == TextCase::AllCaps && sp.end == sp.begin + 1 && sp.type == ner::kOrg &&
        doc.tokens[sp.begin].end - doc.tokens[sp.begin].start <= 5)
      doc.tokens[sp.begin].flags |= kTokAllUpper;
  }
  // The dateline's place reads as a wire dateline does ("LIMA, 10 JAN 90 --").
  const Dateline& d = doc.dateline;
  for (uint32_t i = d.tok_begin; i < d.place_end && i < doc.tokens.size(); ++i)
    if (doc.tokens[i].kind == TokenKind::Word) doc.tokens[i].flags |= kTokUpper | kTokAllUpper;
}

}  // namespace sitrep
