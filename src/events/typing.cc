#include "events/typing.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <unordered_map>

#include "core/hash.h"

namespace sitrep::events::typing {

namespace {

// Feature templates.
enum Tag : uint64_t {
  kBias = 1,
  kTrigger,
  kRuleType,
  kRuleCameo,
  kRuleAcled,
  kEvType,
  kEvMode,
  kEvAcled,
  kActorSector,
  kRecipSector,
  kActorName,
  kRecipName,
  kKilled,
  kInjured,
  kArrested,
  kMissing,
  kDisplaced,
  kVictim,
  kWord,
  kBigram,
  kNearBefore,
  kNearAfter,
  kMateriel,
  kNoActor,
  kNoRecip,
  kTriggerRule,
  kCands,
  kDocWord,
  kSectorPair,
  kAcledRecip,
  kActorHead,
  kRecipHead,
};

// A text's hash: lower-cased (ASCII), digits folded to 0.
uint64_t text_hash(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<unsigned char>(c + 32);
    else if (c >= '0' && c <= '9')
      c = '0';
    h = (h ^ c) * 0x100000001b3ULL;
  }
  return h;
}
inline uint64_t feat(Tag t, uint64_t v) {
  return murmur_fmix64(v ^ (static_cast<uint64_t>(t) * 0x9e3779b97f4a7c15ULL));
}
inline uint64_t feat(Tag t, std::string_view s) { return feat(t, text_hash(s)); }
inline uint64_t feat2(Tag t, uint64_t a, uint64_t b) {
  return feat(t, murmur_fmix64(a * 0x2545f4914f6cdd1dULL + b));
}

bool is_word(std::string_view w) {
  for (unsigned char c : w)
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 || (c >= 'A' && c <= 'Z')) return true;
  return false;
}

int bucket(const std::optional<Interval>& v) {
  if (!v) return 0;
  if (!v->low) return 1;  // "deadly", "several"
  int64_t n = *v->low;
  return n <= 0 ? 2 : n == 1 ? 3 : n <= 5 ? 4 : n <= 20 ? 5 : 6;
}

// Whether two names are the same, ignoring ASCII case and blanks (no allocation:
// label_event asks for every event).
bool same_folded(std::string_view a, std::string_view b) {
  auto blank = [](char c) { return c == ' ' || c == '\t'; };
  auto low = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  size_t i = 0, j = 0;
  for (;; ++i, ++j) {
    while (i < a.size() && blank(a[i])) ++i;
    while (j < b.size() && blank(b[j])) ++j;
    if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
    if (low(a[i]) != low(b[j])) return false;
  }
}

thread_local Capture* g_capture = nullptr;

// ---- file image ------------------------------------------------------------

constexpr char kMagic[8] = {'S', 'R', 'E', 'V', 'T', 'Y', 'P', '4'};

struct Writer {
  std::vector<uint8_t> b;
  void raw(const void* p, size_t n) {
    const auto* c = static_cast<const uint8_t*>(p);
    b.insert(b.end(), c, c + n);
  }
  void u32(uint32_t v) { raw(&v, 4); }
  void f32(float v) { raw(&v, 4); }
  void str(const std::string& s) {
    uint16_t n = static_cast<uint16_t>(std::min<size_t>(s.size(), 65535));
    raw(&n, 2);
    raw(s.data(), n);
  }
};

struct Reader {
  const std::vector<uint8_t>& b;
  size_t p = 0;
  bool ok = true;
  bool raw(void* out, size_t n) {
    if (!ok || p + n > b.size()) return ok = false;
    std::memcpy(out, b.data() + p, n);
    p += n;
    return true;
  }
  // The next n bytes in place, or null (and !ok) when fewer are left.
  const uint8_t* take(size_t n) {
    if (!ok || p + n > b.size()) return ok = false, nullptr;
    p += n;
    return b.data() + p - n;
  }
  uint32_t u32() {
    uint32_t v = 0;
    raw(&v, 4);
    return v;
  }
  float f32() {
    float v = 0;
    raw(&v, 4);
    return v;
  }
  std::string str() {
    uint16_t n = 0;
    if (!raw(&n, 2) || p + n > b.size()) {
      ok = false;
      return {};
    }
    std::string s(reinterpret_cast<const char*>(b.data() + p), n);
    p += n;
    return s;
  }
};

inline uint32_t fingerprint(uint64_t h) { return static_cast<uint32_t>(h >> 32) | 1u; }

}  // namespace

// ---- labels ----------------------------------------------------------------

bool SubLabel::untyped_allows(std::string_view actor_sector) const {
  if (untyped_sectors == "*") return true;
  if (actor_sector.empty()) return false;
  std::string_view l = untyped_sectors;
  while (!l.empty()) {
    size_t sp = l.find(' ');
    if (l.substr(0, sp) == actor_sector) return true;
    if (sp == std::string_view::npos) break;
    l.remove_prefix(sp + 1);
  }
  return false;
}

int Labels::type_index(std::string_view name) const {
  for (size_t k = 0; k < types.size(); ++k)
    if (same_folded(types[k], name)) return static_cast<int>(k);
  return -1;
}

int Labels::sub_index(std::string_view name) const {
  for (size_t k = 0; k < subs.size(); ++k)
    if (same_folded(subs[k].name, name)) return static_cast<int>(k);
  return -1;
}

bool read_labels(const std::string& path, Labels* out, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    if (error) *error = "cannot read " + path;
    return false;
  }
  *out = Labels{};
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    size_t a = 0;
    for (size_t b; (b = line.find('\t', a)) != std::string::npos; a = b + 1)
      f.push_back(line.substr(a, b - a));
    f.push_back(line.substr(a));
    if (f.size() < 7) {
      if (error) *error = path + ": a row with fewer than 7 columns";
      return false;
    }
    int t = out->type_index(f[1]);
    if (t < 0) {
      t = static_cast<int>(out->types.size());
      out->types.push_back(f[1]);
    }
    auto dash = [](const std::string& s) { return s == "-" ? std::string() : s; };
    out->subs.push_back({f[2], t, dash(f[4]), dash(f[5]), dash(f[6]), dash(f[3])});
    if (f.size() > 7) out->subs.back().untyped_sectors = dash(f[7]);
  }
  if (out->subs.empty() || out->types.size() > 16 || out->subs.size() > 48) {
    if (error) *error = path + ": no labels, or too many";
    return false;
  }
  return true;
}

// ---- features --------------------------------------------------------------

namespace {

// The sentences of an event's first candidates (≤ 3, in order, no repeats).
struct EventSentences {
  uint32_t ids[3];
  int n = 0;
};

// Bias, curated labels, triggers (the first few candidates) and the words
// around the first trigger; *sents gets the event's sentences.
void head_features(const Context& ctx, const std::vector<Cand>& cands, std::span<const size_t> group,
                   const Event& e, std::vector<uint64_t>* out, EventSentences* sents) {
  const EventLexicon& lex = ctx.lex;
  out->push_back(feat(kBias, uint64_t{1}));
  out->push_back(feat(kEvType, e.type));
  out->push_back(feat2(kEvMode, text_hash(e.type), text_hash(e.mode)));
  out->push_back(feat(kEvAcled, e.acled_sub.empty() ? e.acled_type : e.acled_sub));
  out->push_back(feat(kRuleCameo, e.cameo));
  out->push_back(feat(kCands, std::min<uint64_t>(group.size(), 4)));
  size_t n = 0;
  for (size_t k : group) {
    if (++n > 6) break;
    const Cand& c = cands[k];
    const TriggerDef& d = lex.triggers[c.def];
    std::string trig;
    for (uint32_t t = c.tb; t < c.te && t < c.tb + 4; ++t) {
      if (!trig.empty()) trig += ' ';
      trig += ctx.w(t);
    }
    out->push_back(feat(kTrigger, trig));
    out->push_back(feat2(kRuleType, text_hash(d.type), text_hash(d.mode)));
    out->push_back(feat(kRuleAcled, d.acled_sub));
    out->push_back(feat2(kTriggerRule, text_hash(trig), text_hash(d.acled_sub)));
    bool seen = false;
    for (int s = 0; s < sents->n; ++s) seen = seen || sents->ids[s] == c.sent;
    if (!seen && sents->n < 3) sents->ids[sents->n++] = c.sent;
  }
  // (The ACLED labels of the report's other acts as features were tried: out of
  // fold type accuracy +0.0015, but MUC-4 DEV role F1 -0.005 and "the army shot
  // dead four peasants" in a report of retaken towns typed a battle; left out.)
  if (group.empty()) return;
  const Cand& c = cands[group.front()];
  const Sentence& s = ctx.doc.sentences[c.sent];
  for (uint32_t t = c.tb > s.tok_begin + 5 ? c.tb - 5 : s.tok_begin; t < c.tb; ++t)
    if (is_word(ctx.w(t))) out->push_back(feat(kNearBefore, ctx.w(t)));
  for (uint32_t t = c.te; t < s.tok_end && t < c.te + 5; ++t)
    if (is_word(ctx.w(t))) out->push_back(feat(kNearAfter, ctx.w(t)));
}

// Words and word pairs of one sentence (its first 70 words).
void sentence_words(const Context& ctx, uint32_t sent, std::vector<uint64_t>* out) {
  const Sentence& s = ctx.doc.sentences[sent];
  uint64_t prev = 0;
  size_t m = 0;
  for (uint32_t t = s.tok_begin; t < s.tok_end && m < 70; ++t) {
    std::string_view w = ctx.w(t);
    if (!is_word(w)) continue;
    ++m;
    uint64_t h = text_hash(w);
    out->push_back(feat(kWord, h));
    if (prev) out->push_back(feat2(kBigram, prev, h));
    prev = h;
  }
}

// Words of the report's opening (its first 60 words), for the context an event sentence leaves out.
void opening_words(const Context& ctx, std::vector<uint64_t>* out) {
  size_t m = 0;
  for (uint32_t t = 0; t < ctx.low.size() && m < 60; ++t) {
    std::string_view w = ctx.w(t);
    if (!is_word(w)) continue;
    ++m;
    out->push_back(feat(kDocWord, w));
  }
}

// A party's head word: the last word of its name ("a group of farmers": "farmers").
std::string_view head_word(std::string_view name) {
  while (!name.empty() && !is_word(name.substr(name.size() - 1))) name.remove_suffix(1);
  size_t sp = name.find_last_of(' ');
  return sp == std::string_view::npos ? name : name.substr(sp + 1);
}

// Parties, casualties and materiel.
void party_features(const Event& e, std::vector<uint64_t>* out) {
  if (e.actor) {
    out->push_back(feat(kActorSector, e.actor->sector));
    out->push_back(feat(kActorName, e.actor->name));
    out->push_back(feat(kActorHead, head_word(e.actor->name)));
  } else {
    out->push_back(feat(kNoActor, uint64_t{1}));
  }
  if (e.recipient) {
    out->push_back(feat(kRecipSector, e.recipient->sector));
    out->push_back(feat(kRecipName, e.recipient->name));
    out->push_back(feat(kRecipHead, head_word(e.recipient->name)));
  } else {
    out->push_back(feat(kNoRecip, uint64_t{1}));
  }
  // Who against whom: the parties' sectors together, and with the curated label.
  const uint64_t as = text_hash(e.actor ? std::string_view(e.actor->sector) : "-");
  const uint64_t rs = text_hash(e.recipient ? std::string_view(e.recipient->sector) : "-");
  out->push_back(feat2(kSectorPair, as, rs));
  out->push_back(feat2(kAcledRecip, text_hash(e.acled_sub.empty() ? e.acled_type : e.acled_sub), rs));
  const Casualties& cs = e.casualties;
  out->push_back(feat(kKilled, static_cast<uint64_t>(bucket(cs.killed))));
  out->push_back(feat(kInjured, static_cast<uint64_t>(bucket(cs.injured))));
  out->push_back(feat(kArrested, static_cast<uint64_t>(bucket(cs.arrested))));
  out->push_back(feat(kMissing, static_cast<uint64_t>(bucket(cs.missing))));
  out->push_back(feat(kDisplaced, static_cast<uint64_t>(bucket(cs.displaced))));
  for (size_t k = 0; k < cs.victims.size() && k < 4; ++k) out->push_back(feat(kVictim, cs.victims[k]));
  out->push_back(feat(kMateriel, std::min<uint64_t>(e.materiel.size(), 2)));
}

// The summed weights of the features every event of one report may share:
// its opening's words and each sentence's words, each summed the first time
// an event asks (per thread; a new report, by Context::serial, starts over).
class SharedSums {
 public:
  static SharedSums& for_report(const Context& ctx, const Model& m) {
    thread_local SharedSums s;
    if (s.serial_ != ctx.serial || s.model_ != &m) s.reset(ctx, m);
    return s;
  }
  void add_opening(Model::Sums* acc) {
    add(opening_, have_opening_, acc, [&](auto* f) { opening_words(*ctx_, f); });
  }
  void add_sentence(uint32_t sent, Model::Sums* acc) {
    add(sentences_[sent], have_sentence_[sent], acc, [&](auto* f) { sentence_words(*ctx_, sent, f); });
  }

 private:
  void reset(const Context& ctx, const Model& m) {
    serial_ = ctx.serial, model_ = &m, ctx_ = &ctx, have_opening_ = 0;
    sentences_.resize(ctx.doc.sentences.size());
    have_sentence_.assign(ctx.doc.sentences.size(), 0);
  }
  template <class Features>
  void add(Model::Sums& sums, uint8_t& have, Model::Sums* acc, const Features& features) {
    if (!have) {
      feats_.clear();
      features(&feats_);
      sums.fill(0);
      model_->add(feats_, &sums);
      have = 1;
    }
    for (size_t k = 0; k < acc->size(); ++k) (*acc)[k] += sums[k];
  }
  uint64_t serial_ = 0;
  const Model* model_ = nullptr;
  const Context* ctx_ = nullptr;
  Model::Sums opening_{};
  uint8_t have_opening_ = 0;
  std::vector<Model::Sums> sentences_;
  std::vector<uint8_t> have_sentence_;
  std::vector<uint64_t> feats_;
};

// The model's reading of an event: its own features probed, the shared sums added.
Result classify_event(const Model& m, const Context& ctx, const std::vector<Cand>& cands,
                      std::span<const size_t> group, const Event& e) {
  thread_local std::vector<uint64_t> buf;
  buf.clear();
  EventSentences sents;
  head_features(ctx, cands, group, e, &buf, &sents);
  party_features(e, &buf);
  Model::Sums acc{};
  m.add(buf, &acc);
  SharedSums& shared = SharedSums::for_report(ctx, m);
  for (int s = 0; s < sents.n; ++s) shared.add_sentence(sents.ids[s], &acc);
  shared.add_opening(&acc);
  return m.classify(acc);
}

}  // namespace

void event_features(const Context& ctx, const std::vector<Cand>& cands, std::span<const size_t> group,
                    const Event& e, std::vector<uint64_t>* out) {
  EventSentences sents;
  head_features(ctx, cands, group, e, out, &sents);
  for (int s = 0; s < sents.n; ++s) sentence_words(ctx, sents.ids[s], out);
  opening_words(ctx, out);
  party_features(e, out);
}

// ---- model -----------------------------------------------------------------

std::unique_ptr<Model> Model::load(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error) *error = "cannot read " + path;
    return nullptr;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return from_bytes(std::move(bytes), error);
}

std::unique_ptr<Model> Model::from_bytes(std::vector<uint8_t> bytes, std::string* error) {
  auto fail = [&](const char* why) -> std::unique_ptr<Model> {
    if (error) *error = std::string("event typing model: ") + why;
    return nullptr;
  };
  if (bytes.size() < 8 || std::memcmp(bytes.data(), kMagic, 8) != 0) return fail("bad magic");
  std::unique_ptr<Model> m(new Model());
  Reader r{bytes, 8};
  uint32_t nt = r.u32(), ns = r.u32(), slots = r.u32(), used = r.u32();
  m->scale_ = r.f32();
  m->threshold_ = r.f32();
  m->sub_threshold_ = r.f32();
  m->untyped_threshold_ = r.f32();
  if (!r.ok || nt == 0 || nt > 16 || ns > 48 || slots == 0 || (slots & (slots - 1)) || used > slots)
    return fail("bad header");
  for (uint32_t k = 0; k < nt; ++k) m->labels_.types.push_back(r.str());
  for (uint32_t k = 0; k < ns; ++k) {
    SubLabel s;
    s.name = r.str();
    s.parent = static_cast<int>(r.u32());
    s.plover = r.str();
    s.mode = r.str();
    s.cameo = r.str();
    s.kept = r.u32() != 0;
    s.untyped_sectors = r.str();
    if (s.parent < 0 || s.parent >= static_cast<int>(nt)) return fail("bad sub-type parent");
    m->labels_.subs.push_back(std::move(s));
  }
  m->none_ = m->labels_.type_index("none");
  m->n_slots_ = slots;
  m->k_ = nt + ns;
  m->n_used_ = used;
  m->fps_.resize(slots);
  r.raw(m->fps_.data(), slots * sizeof(uint32_t));
  // The file's rows are k_ wide; each is kept kRow wide, zero-padded, so that
  // add() sums whole rows of a fixed width (one vector loop, no per-label
  // count). Only the rows of used slots are read (a fingerprint is never 0).
  m->w_.assign(static_cast<size_t>(slots) * kRow, 0);
  if (const uint8_t* rows = r.take(static_cast<size_t>(slots) * m->k_))
    for (uint32_t i = 0; i < slots; ++i)
      if (m->fps_[i])
        std::memcpy(&m->w_[static_cast<size_t>(i) * kRow], rows + static_cast<size_t>(i) * m->k_, m->k_);
  if (!r.ok || r.p != bytes.size()) return fail("truncated or trailing bytes");
  return m;
}

void Model::add(std::span<const uint64_t> features, Sums* sums) const {
  Sums& acc = *sums;
  const uint32_t mask = n_slots_ - 1;
  for (uint64_t h : features) {
    uint32_t fp = fingerprint(h);
    for (uint32_t i = static_cast<uint32_t>(h) & mask;; i = (i + 1) & mask) {
      uint32_t f = fps_[i];
      if (f == 0) break;
      if (f == fp) {
        const int8_t* w = &w_[static_cast<size_t>(i) * kRow];
        for (size_t k = 0; k < kRow; ++k) acc[k] += w[k];  // the padding adds 0
        break;
      }
    }
  }
}

Result Model::classify(std::span<const uint64_t> features) const {
  Sums acc{};
  add(features, &acc);
  return classify(acc);
}

Result Model::classify(const Sums& acc) const {
  Result res;
  const int nt = static_cast<int>(labels_.types.size());
  auto best2 = [&](int from, int to, auto keep, int* best, float* margin) {
    int32_t b = INT32_MIN, s = INT32_MIN;
    *best = -1;
    for (int k = from; k < to; ++k) {
      if (!keep(k)) continue;
      if (acc[k] > b)
        s = b, b = acc[k], *best = k;
      else if (acc[k] > s)
        s = acc[k];
    }
    *margin = s == INT32_MIN ? 1e9f : static_cast<float>(b - s) * scale_;
  };
  best2(
      0, nt, [](int) { return true; }, &res.type, &res.type_margin);
  if (res.type < 0) return res;
  int sub = -1;
  best2(
      nt, static_cast<int>(k_), [&](int k) { return labels_.subs[k - nt].parent == res.type; }, &sub,
      &res.sub_margin);
  res.sub = sub < 0 ? -1 : sub - nt;
  return res;
}

// ---- applying --------------------------------------------------------------

// --explain: the model's decision; its features are hashed, so the margin names it.
static Rule model_rule(float margin) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "margin %.2f", static_cast<double>(margin));
  return Rule{"model:events", buf, 0, 0};
}

Capture::Capture() { g_capture = this; }
Capture::~Capture() { g_capture = nullptr; }

// Whether the model's sub-type agrees with what the text told of the event: a bombing the
// parties made a planted bomb (merge.cc: rebels fly no bombers) is no air strike. (A violent
// demonstration told with no protest word was tried too: ACLED codes rioters' violence so,
// and the development reports lost by it.)
bool sub_agrees(const Event& e, const SubLabel& s) {
  if (s.mode != "aerial"sv) return true;
  for (const Rule& w : e.why_type)
    if (w.name && w.name == "bombing-by-non-state-party-is-planted"sv) return false;
  return true;
}

Result label_event(const Context& ctx, const std::vector<Cand>& cands, std::span<const size_t> group,
                   Event& e) {
  if (g_capture) {
    Captured c;
    c.start = UINT32_MAX;
    for (const auto& sp : e.evidence) c.start = std::min(c.start, sp.start);
    c.type = e.type;
    c.acled_type = e.acled_type;
    c.acled_sub = e.acled_sub;
    event_features(ctx, cands, group, e, &c.features);
    g_capture->events.push_back(std::move(c));
    return {};
  }
  const Model* m = ctx.lex.typer.get();
  if (!m || (e.acled_type.empty() && (e.modality != "asserted"sv || e.background))) return {};
  Result r = classify_event(*m, ctx, cands, group, e);
  if (r.type < 0 || r.sub < 0) return {};
  // A model whose best sub-type the text contradicts misread the event: the
  // curated labels stay (its next best was tried, and gave rare sub-types
  // such as a chemical weapon to a planted bomb).
  if (!sub_agrees(e, m->labels().subs[r.sub])) return {};
  if (e.acled_type.empty()) return r;  // no ACLED event by the curated vocabulary: label_untyped decides
  const Labels& L = m->labels();
  const SubLabel& s = L.subs[r.sub];
  int rule_sub = L.sub_index(e.acled_sub);
  if (rule_sub >= 0 && L.subs[rule_sub].kept) return {};  // the model does not beat this curated label
  int rule_type = L.type_index(e.acled_type);
  if (r.type != rule_type) {
    if (r.type_margin < m->threshold()) return {};  // unsure: the curated label stays
    if (r.type == m->none_type()) {  // no political violence or protest (a disaster, a crime, diplomacy)
      e.acled_type.clear(), e.acled_sub.clear();
      e.why_type.push_back(
          model_rule(r.type_margin));  // (--explain: the model, not the curated row, decided)
      return {};
    }
    e.acled_type = L.types[r.type];
    e.acled_sub = s.name;
    e.why_type.push_back(model_rule(r.type_margin));
    // PLOVER keeps its own type (police firing tear gas at marchers is an
    // ASSAULT there, a protest event for ACLED); an unknown mode is filled.
    if (s.plover == e.type && e.mode.empty() && !s.mode.empty()) e.mode = s.mode, e.cameo = s.cameo;
    return {};
  }
  if (s.name == e.acled_sub || r.sub_margin < m->sub_threshold()) return {};
  e.acled_sub = s.name, e.why_type.push_back(model_rule(r.sub_margin));
  if (!s.plover.empty() && s.plover == e.type && !s.mode.empty() && (e.mode.empty() || e.mode != s.mode) &&
      e.type != "ASSAULT"sv)
    e.mode = s.mode, e.cameo = s.cameo;
  return {};
}

void label_untyped(const EventLexicon& lex, std::vector<Event>& evs,
                   std::span<const std::pair<size_t, Result>> pending) {
  const Model* m = lex.typer.get();
  if (!m || pending.empty()) return;
  for (const Event& e : evs)
    if (!e.acled_type.empty() && e.modality == "asserted"sv)
      return;  // the report tells an ACLED event already
  for (const auto& [k, r] : pending) {
    if (k >= evs.size() || r.type == m->none_type() || r.type_margin < m->untyped_threshold()) continue;
    if (!m->labels().subs[r.sub].untyped_allows(evs[k].actor ? evs[k].actor->sector : std::string()))
      continue;  // a deal between companies is no ACLED agreement
    evs[k].acled_type = m->labels().types[r.type];
    evs[k].acled_sub = m->labels().subs[r.sub].name;
    evs[k].why_type.push_back(model_rule(r.type_margin));
  }
}

// ---- training --------------------------------------------------------------

namespace {

struct Perceptron {
  size_t k;
  std::unordered_map<uint64_t, uint32_t> index;
  std::vector<float> w, u;  // current and c-weighted update sums (averaging)
  int64_t c = 1;
  explicit Perceptron(size_t classes) : k(classes) {}
  uint32_t row(uint64_t h) {
    auto [it, fresh] = index.try_emplace(h, static_cast<uint32_t>(index.size()));
    if (fresh) {
      w.resize(w.size() + k, 0.f);
      u.resize(u.size() + k, 0.f);
    }
    return it->second;
  }
  void scores(const std::vector<uint32_t>& rows, float* s, bool averaged) const {
    std::fill(s, s + k, 0.f);
    for (uint32_t r : rows)
      for (size_t j = 0; j < k; ++j)
        s[j] += averaged ? w[r * k + j] - u[r * k + j] / static_cast<float>(c) : w[r * k + j];
  }
  void update(const std::vector<uint32_t>& rows, size_t good, size_t bad) {
    for (uint32_t r : rows) {
      w[r * k + good] += 1, u[r * k + good] += static_cast<float>(c);
      w[r * k + bad] -= 1, u[r * k + bad] -= static_cast<float>(c);
    }
  }
};

uint64_t splitmix(uint64_t& s) {
  uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

struct Trained {
  std::vector<float> avg;  // rows × k
  std::vector<uint64_t> keys;
  std::unordered_map<uint64_t, uint32_t> index;
};

// Joint training of the type block [0, nt) and the sub-type block [nt, k): `epochs`
// passes over the examples `order` names, shuffled by `seed`; after_epoch(ep) is called
// after each pass (ep 1-based), so that a run of E epochs also gives the models of
// 1 … E epochs (a shorter run with the same seed is a prefix of a longer one).
template <class AfterEpoch>
void passes(const std::vector<Example>& ex, const std::vector<std::vector<uint32_t>>& rows, size_t nt,
            size_t k, int epochs, uint64_t seed, std::vector<size_t> order, Perceptron* p_out,
            const AfterEpoch& after_epoch) {
  Perceptron& p = *p_out;
  uint64_t s = seed;
  std::vector<float> sc(k);
  for (int ep = 0; ep < epochs; ++ep) {
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[splitmix(s) % i]);
    for (size_t i : order) {
      const Example& e = ex[i];
      p.scores(rows[i], sc.data(), false);
      auto step = [&](size_t from, size_t to, uint32_t mask) {
        if (!mask) return;
        size_t pred = from, gold = SIZE_MAX;
        for (size_t j = from; j < to; ++j) {
          if (sc[j] > sc[pred]) pred = j;
          if ((mask >> (j - from) & 1) && (gold == SIZE_MAX || sc[j] > sc[gold])) gold = j;
        }
        if (!(mask >> (pred - from) & 1)) p.update(rows[i], gold, pred);
      };
      step(0, nt, e.type_mask);
      step(nt, k, e.sub_mask);
      ++p.c;
    }
    after_epoch(ep + 1);
  }
}

// Every example's features registered in example order (rows line up across runs).
std::vector<std::vector<uint32_t>> register_rows(const std::vector<Example>& ex, Perceptron* p) {
  std::vector<std::vector<uint32_t>> rows(ex.size());
  for (size_t i = 0; i < ex.size(); ++i)
    for (uint64_t h : ex[i].features) rows[i].push_back(p->row(h));
  return rows;
}

// One averaged perceptron trained on the examples `in_pool` admits.
Trained run(const std::vector<Example>& ex, size_t nt, size_t k, int epochs, uint64_t seed,
            const std::vector<uint8_t>& in_pool, Perceptron* p_out) {
  Perceptron& p = *p_out;
  std::vector<std::vector<uint32_t>> rows = register_rows(ex, &p);
  std::vector<size_t> order;
  for (size_t i = 0; i < ex.size(); ++i)
    if (in_pool[i]) order.push_back(i);
  passes(ex, rows, nt, k, epochs, seed, std::move(order), &p, [](int) {});
  Trained t;
  t.avg.resize(p.w.size());
  for (size_t j = 0; j < p.w.size(); ++j) t.avg[j] = p.w[j] - p.u[j] / static_cast<float>(p.c);
  t.keys.resize(p.index.size());
  for (const auto& [h, r] : p.index) t.keys[r] = h;
  return t;
}

// Bagging by shuffle: the mean of `bags` averaged perceptrons trained on the same examples
// in different orders (seeds seed, seed + 1, …). Every run registers the features in
// example order, so the rows line up and *p_out's index serves the mean.
Trained run_bags(const std::vector<Example>& ex, size_t nt, size_t k, int epochs, uint64_t seed,
                 const std::vector<uint8_t>& in_pool, int bags, Perceptron* p_out) {
  Trained mean = run(ex, nt, k, epochs, seed, in_pool, p_out);
  for (int b = 1; b < bags; ++b) {
    Perceptron p(k);
    Trained t = run(ex, nt, k, epochs, seed + static_cast<uint64_t>(b), in_pool, &p);
    for (size_t j = 0; j < mean.avg.size(); ++j) mean.avg[j] += t.avg[j];
  }
  for (float& w : mean.avg) w /= static_cast<float>(std::max(bags, 1));
  return mean;
}

// The labels (and margins) of one example's scores, sc[0, k).
Result choose(const float* sc, size_t k, const Labels& L) {
  size_t nt = L.types.size();
  Result r;
  auto best2 = [&](size_t from, size_t to, auto keep, int* best, float* margin) {
    float b = -1e30f, s = -1e30f;
    *best = -1;
    for (size_t j = from; j < to; ++j) {
      if (!keep(j)) continue;
      if (sc[j] > b)
        s = b, b = sc[j], *best = static_cast<int>(j);
      else if (sc[j] > s)
        s = sc[j];
    }
    *margin = s < -1e29f ? 1e9f : b - s;
  };
  best2(
      0, nt, [](size_t) { return true; }, &r.type, &r.type_margin);
  int sub = -1;
  best2(
      nt, k, [&](size_t j) { return L.subs[j - nt].parent == r.type; }, &sub, &r.sub_margin);
  r.sub = sub < 0 ? -1 : sub - static_cast<int>(nt);
  return r;
}

Result decide(const Trained& t, const Perceptron& p, const Labels& L, const std::vector<uint64_t>& feats) {
  const size_t k = p.k;
  std::vector<float> sc(k, 0.f);
  for (uint64_t h : feats) {
    auto it = p.index.find(h);
    if (it == p.index.end()) continue;
    for (size_t j = 0; j < k; ++j) sc[j] += t.avg[it->second * k + j];
  }
  return choose(sc.data(), k, L);
}

// Out-of-fold readings for choosing the epoch count and thresholds without the
// reports a model is measured on: the pool's examples are dealt into `folds`
// folds (every folds-th in example order, so each source is spread evenly); for
// each fold, `bags` perceptrons are trained on the others for `epochs` epochs,
// and after each epoch the fold's examples are scored with their averaged
// weights (the mean over bags). out[ep - 1][i] is example i's reading after ep
// epochs (pool examples only).
std::vector<std::vector<Result>> cross_readings(const std::vector<Example>& ex, const Labels& L,
                                                const std::vector<uint8_t>& in_pool, size_t k, int epochs,
                                                uint64_t seed, int bags, int folds) {
  const size_t nt = L.types.size();
  std::vector<int> fold(ex.size(), -1);
  int n = 0;
  for (size_t i = 0; i < ex.size(); ++i)
    if (in_pool[i]) fold[i] = n++ % folds;
  std::vector<std::vector<Result>> out(static_cast<size_t>(epochs), std::vector<Result>(ex.size()));
  for (int f = 0; f < folds; ++f) {
    std::vector<size_t> train_part, scored;
    for (size_t i = 0; i < ex.size(); ++i) {
      if (fold[i] < 0) continue;
      (fold[i] == f ? scored : train_part).push_back(i);
    }
    if (scored.empty()) continue;
    // sums[ep - 1][m * k + j]: scored example m's score for label j, summed over bags.
    std::vector<std::vector<float>> sums(static_cast<size_t>(epochs), std::vector<float>(scored.size() * k));
    for (int b = 0; b < bags; ++b) {
      Perceptron p(k);
      std::vector<std::vector<uint32_t>> rows = register_rows(ex, &p);
      std::vector<float> sc(k);
      passes(ex, rows, nt, k, epochs,
             seed + static_cast<uint64_t>(b) + 1000003ULL * static_cast<uint64_t>(f + 1), train_part, &p,
             [&](int ep) {
               for (size_t m = 0; m < scored.size(); ++m) {
                 p.scores(rows[scored[m]], sc.data(), true);
                 float* acc = &sums[static_cast<size_t>(ep - 1)][m * k];
                 for (size_t j = 0; j < k; ++j) acc[j] += sc[j];
               }
             });
    }
    for (int ep = 0; ep < epochs; ++ep)
      for (size_t m = 0; m < scored.size(); ++m) {
        float* acc = &sums[static_cast<size_t>(ep)][m * k];
        for (size_t j = 0; j < k; ++j) acc[j] /= static_cast<float>(std::max(bags, 1));
        out[static_cast<size_t>(ep)][scored[m]] = choose(acc, k, L);
      }
  }
  return out;
}

// The epoch (1-based) whose held-out accuracy, averaged with its neighbours',
// is highest: the curve is flat past a few epochs, and its single best point
// moved between training runs by one or two held-out examples.
int smoothed_best(const std::vector<double>& accs) {
  int best = 1;
  double best_mean = -1;
  for (size_t i = 0; i < accs.size(); ++i) {
    const size_t lo = i > 0 ? i - 1 : i, hi = std::min(i + 1, accs.size() - 1);
    double sum = 0;
    for (size_t j = lo; j <= hi; ++j) sum += accs[j];
    const double mean = sum / static_cast<double>(hi - lo + 1);
    if (mean > best_mean) best_mean = mean, best = static_cast<int>(i) + 1;
  }
  return best;
}

}  // namespace

std::vector<uint8_t> train(const std::vector<Example>& examples, const Labels& labels,
                           const TrainOptions& options, TrainReport* report) {
  TrainReport rep;
  const size_t nt = labels.types.size(), k = nt + labels.subs.size();
  // 1. Epochs and thresholds by cross-validation over the training pool (every
  // example, or with final_on_train_part those not held out, which then measure
  // the written model honestly: nothing was chosen on them).
  std::vector<uint8_t> in_pool(examples.size());
  for (size_t i = 0; i < examples.size(); ++i)
    in_pool[i] = !options.final_on_train_part || !examples[i].held_out;
  const std::vector<std::vector<Result>> oof =
      cross_readings(examples, labels, in_pool, k, options.epochs, options.seed, options.bags, options.folds);
  std::vector<double> accs;
  for (int ep = 1; ep <= options.epochs; ++ep) {
    int n = 0, ok = 0;
    for (size_t i = 0; i < examples.size(); ++i) {
      const Example& e = examples[i];
      if (!in_pool[i] || !e.type_mask) continue;
      const Result& r = oof[static_cast<size_t>(ep - 1)][i];
      ++n;
      ok += r.type >= 0 && (e.type_mask >> r.type & 1);
    }
    double acc = n ? static_cast<double>(ok) / n : 0;
    if (options.verbose)
      std::fprintf(stderr, "  epoch %d: out-of-fold type accuracy (model alone) %.4f over %d\n", ep, acc, n);
    accs.push_back(acc);
  }
  const int best_epoch = smoothed_best(accs);
  rep.best_epoch = best_epoch;
  struct Held {
    const Example* e;
    Result r;
  };
  std::vector<Held> held;
  for (size_t i = 0; i < examples.size(); ++i)
    if (in_pool[i]) held.push_back({&examples[i], oof[static_cast<size_t>(best_epoch - 1)][i]});
  rep.held_out = held.size();
  // The policy of label_event, on held-out examples, for a pair of thresholds.
  const int none = labels.type_index("none");
  std::vector<uint8_t> protect;  // per curated sub-type: the model leaves it
  auto score = [&](float tt, float ts, double* type_acc, double* sub_acc, int mode, float tu = 1e30f) {
    int nt_ = 0, ok_t = 0, ns = 0, ok_s = 0;
    for (const Held& h : held) {
      const Example& e = *h.e;
      int type = e.rule_type, sub = e.rule_sub;
      if (mode == 1)
        type = h.r.type, sub = h.r.sub;  // the model alone
      else if (mode == 2 && e.rule_sub >= 0 && !protect.empty() && protect[e.rule_sub]) {
        // a curated label the model does not touch
      } else if (mode == 2 && e.rule_type >= 0) {
        if (h.r.type != e.rule_type) {
          if (h.r.type_margin >= tt) type = h.r.type, sub = h.r.sub;
        } else if (h.r.sub_margin >= ts) {
          sub = h.r.sub;
        }
      } else if (mode == 2 && h.r.type != none && h.r.type_margin >= tu) {
        type = h.r.type,
        sub = h.r.sub;  // an untyped main event: the report has no ACLED event by the curated labels
      }
      if (type < 0 || type == none) type = none, sub = -1;  // untyped: no ACLED event
      if (e.type_mask) ++nt_, ok_t += type >= 0 && (e.type_mask >> type & 1);
      if (e.sub_mask) ++ns, ok_s += sub >= 0 && (e.sub_mask >> sub & 1);
    }
    *type_acc = nt_ ? static_cast<double>(ok_t) / nt_ : 0;
    *sub_acc = ns ? static_cast<double>(ok_s) / ns : 0;
  };
  score(0, 0, &rep.held_type_rule, &rep.held_sub_rule, 0);
  score(0, 0, &rep.held_type_model, &rep.held_sub_model, 1);
  std::vector<float> cand_t{0.f}, cand_s{0.f};
  for (const Held& h : held) cand_t.push_back(h.r.type_margin), cand_s.push_back(h.r.sub_margin);
  std::sort(cand_t.begin(), cand_t.end());
  std::sort(cand_s.begin(), cand_s.end());
  auto quantiles = [](const std::vector<float>& v) {
    std::vector<float> q;
    for (int i = 0; i <= 40; ++i)
      q.push_back(v[std::min(v.size() - 1, v.size() * static_cast<size_t>(i) / 40)]);
    return q;
  };
  // The curated label stays unless the model is clearly surer: the largest
  // threshold whose held-out accuracy is within `tolerance` of the best one
  // (the held-out reports are of the training kind; other text is less sure).
  std::vector<std::pair<float, double>> curve_t, curve_s;
  for (float tt : quantiles(cand_t)) {
    double ta, sa;
    score(tt, 1e30f, &ta, &sa, 2);
    curve_t.push_back({tt, ta});
  }
  double bt = 0, bs = 0;
  for (const auto& [tt, a] : curve_t) bt = std::max(bt, a);
  float best_t = 0, best_s = 0;
  for (const auto& [tt, a] : curve_t)
    if (a >= bt - options.tolerance) best_t = std::max(best_t, tt);
  for (float ts : quantiles(cand_s)) {
    double ta, sa;
    score(best_t, ts, &ta, &sa, 2);
    curve_s.push_back({ts, sa});
  }
  for (const auto& [ts, a] : curve_s) bs = std::max(bs, a);
  for (const auto& [ts, a] : curve_s)
    if (a >= bs - options.tolerance) best_s = std::max(best_s, ts);
  if (options.verbose) {
    for (size_t i = 0; i < curve_t.size(); i += 4)
      std::fprintf(stderr,
                   "  threshold %.3f: out-of-fold type accuracy %.4f; sub-type threshold %.3f: %.4f\n",
                   curve_t[i].first, curve_t[i].second, curve_s[i].first, curve_s[i].second);
  }
  rep.sub_threshold = best_s;
  // Untyped main events (no event of the report has a curated ACLED label).
  std::vector<float> cand_u{0.f};
  for (const Held& h : held)
    if (h.e->rule_type < 0) cand_u.push_back(h.r.type_margin);
  std::sort(cand_u.begin(), cand_u.end());
  std::vector<std::pair<float, double>> curve_u;
  double bu = 0;
  for (float tu : quantiles(cand_u)) {
    double ta, sa;
    score(best_t, best_s, &ta, &sa, 2, tu);
    curve_u.push_back({tu, ta});
    bu = std::max(bu, ta);
  }
  float best_u = 1e30f;
  for (const auto& [tu, a] : curve_u)
    if (options.untyped && a >= bu - options.tolerance && a > curve_u.back().second)
      best_u = std::max(best_u == 1e30f ? 0.f : best_u, tu);
  rep.untyped_threshold = best_u;
  // A curated sub-type the model does not improve on held-out reports (or has
  // too few of to tell) is kept whatever the model says: the curated rules
  // stand where the data does not speak (territory taken, rare weapons).
  std::vector<int> gain(labels.subs.size(), 0), seen(labels.subs.size(), 0);
  for (const Held& h : held) {
    const Example& e = *h.e;
    if (e.rule_sub < 0) continue;
    int type = e.rule_type, sub = e.rule_sub;
    if (h.r.type != e.rule_type) {
      if (h.r.type_margin >= best_t) type = h.r.type, sub = h.r.sub;
    } else if (h.r.sub_margin >= best_s) {
      sub = h.r.sub;
    }
    if (type == none) type = none, sub = -1;
    auto ok = [&](int t, int u) {
      return (e.type_mask && t >= 0 && (e.type_mask >> t & 1)) +
             (e.sub_mask && u >= 0 && (e.sub_mask >> u & 1));
    };
    gain[e.rule_sub] += ok(type, sub) - ok(e.rule_type, e.rule_sub);
    ++seen[e.rule_sub];
  }
  protect.assign(labels.subs.size(), 0);
  for (size_t j = 0; j < labels.subs.size(); ++j) {
    protect[j] = seen[j] < options.min_held || gain[j] <= 0;
    if (options.verbose)
      std::fprintf(stderr, "  curated %-36s out of fold %4d, gain %+4d%s\n", labels.subs[j].name.c_str(),
                   seen[j], gain[j], protect[j] ? " (kept)" : "");
  }
  score(best_t, best_s, &rep.held_type_combined, &rep.held_sub_combined, 2, best_u);
  // 2. The final model on every example (averaged weights keep their scale, so
  // the thresholds carry over).
  Perceptron pf(k);
  Trained tf = run_bags(examples, nt, k, best_epoch, options.seed, in_pool, options.bags, &pf);
  if (options.final_on_train_part) {
    // The final model (float weights, before pruning) and thresholds on the held-out reports (chosen
    // without them).
    held.clear();
    for (const Example& e : examples)
      if (e.held_out) held.push_back({&e, decide(tf, pf, labels, e.features)});
    rep.inner = held.size();
    score(0, 0, &rep.inner_type_model, &rep.inner_sub_model, 1);
    score(best_t, best_s, &rep.inner_type_combined, &rep.inner_sub_combined, 2, best_u);
  }
  rep.features_seen = tf.keys.size();
  // Keep the features with the largest weights.
  std::vector<std::pair<float, uint32_t>> mass;
  for (uint32_t r = 0; r < tf.keys.size(); ++r) {
    float m = 0;
    for (size_t j = 0; j < k; ++j) m += std::fabs(tf.avg[r * k + j]);
    if (m > 0) mass.push_back({m, r});
  }
  std::sort(mass.begin(), mass.end(), [](const auto& a, const auto& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  });
  if (mass.size() > options.max_features) mass.resize(options.max_features);
  rep.features_kept = mass.size();
  float maxw = 1e-6f;
  for (const auto& [m, r] : mass)
    for (size_t j = 0; j < k; ++j) maxw = std::max(maxw, std::fabs(tf.avg[r * k + j]));
  float scale = maxw / 127.f;
  uint32_t slots = 16;
  while (slots < mass.size() * 4 / 3 + 1) slots <<= 1;
  std::vector<uint32_t> fps(slots, 0);
  std::vector<int8_t> w(static_cast<size_t>(slots) * k, 0);
  for (const auto& [m, r] : mass) {
    uint64_t h = tf.keys[r];
    uint32_t i = static_cast<uint32_t>(h) & (slots - 1);
    uint32_t fp = fingerprint(h);
    bool dup = false;
    for (; fps[i]; i = (i + 1) & (slots - 1)) dup = dup || fps[i] == fp;
    if (dup) continue;  // a fingerprint collision: the heavier feature keeps it
    fps[i] = fp;
    for (size_t j = 0; j < k; ++j)
      w[i * k + j] = static_cast<int8_t>(std::clamp(std::lround(tf.avg[r * k + j] / scale), -127L, 127L));
  }
  rep.threshold = best_t;
  Writer out;
  out.raw(kMagic, 8);
  out.u32(static_cast<uint32_t>(nt));
  out.u32(static_cast<uint32_t>(labels.subs.size()));
  out.u32(slots);
  out.u32(static_cast<uint32_t>(mass.size()));
  out.f32(scale);
  out.f32(best_t);
  out.f32(best_s);
  out.f32(best_u);
  for (const auto& t_ : labels.types) out.str(t_);
  for (const auto& s : labels.subs) {
    out.str(s.name);
    out.u32(static_cast<uint32_t>(s.parent));
    out.str(s.plover);
    out.str(s.mode);
    out.str(s.cameo);
    out.u32(protect.empty() ? 0u : protect[&s - labels.subs.data()]);
    out.str(s.untyped_sectors);
  }
  out.raw(fps.data(), fps.size() * sizeof(uint32_t));
  out.raw(w.data(), w.size());
  if (report) *report = rep;
  return std::move(out.b);
}

}  // namespace sitrep::events::typing
