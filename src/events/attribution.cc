// Events, pass 3: attribution and claims. Input: candidates with roles. Output:
// each candidate's attribution chain and claim. A sentence's reporting clauses
// ("X said", "said X", "according to X", "X news agency reported") give its
// sources, innermost speaker first; a spokesperson of an institution named
// earlier is attributed to that institution, with the speaker and any relaying
// agency in `via`. Sentences without a reporting clause take their paragraph's.
// "its forces" in what a party reports is that party: the event is then
// claimed_by_actor. Cost: one scan per sentence.
#include <algorithm>

#include "events/passes.h"
#include "events/pattern.h"

namespace sitrep::events {

namespace {

// The word classes and rule uses of data/events/attribution.rules this pass reads.
struct AttributionTag {};
enum AttributionClass : size_t {
  kStop,
  kArticle,
  kTrailingPrep,
  kOf,
  kAux,
  kAnd,
  kSpeakerPronoun,
  kSpokesperson,
  kParagraphPronoun,
  kSubjectPronoun,
  kRecordVerb,
  kClaimVerb,
  kBlameVerb,
  kBlameFor,
  kBlamePassiveVerb,
  kBlamePassivePrep,
  kAttributionClasses
};
constexpr std::string_view kAttributionClassNames =
    "attribution-stop attribution-article attribution-trailing-prep attribution-of attribution-aux "
    "attribution-and attribution-speaker-pronoun attribution-spokesperson attribution-paragraph-pronoun "
    "attribution-subject-pronoun attribution-record-verb attribution-claim-verb attribution-blame-verb "
    "attribution-blame-for attribution-blame-passive-verb attribution-blame-passive-prep";
enum AttributionUse : size_t { kClaimSubject, kClaimAgent, kAttributionUses };

const PassNames<AttributionTag, kAttributionClasses, kAttributionUses>& names(const Context& ctx) {
  return pass_names<AttributionTag, kAttributionClasses, kAttributionUses>(
      ctx, kAttributionClassNames, "attribution-claim-subject attribution-claim-agent");
}

bool is(const Context& ctx, AttributionClass c, std::string_view w) { return names(ctx).has(c, w); }
bool is_at(const Context& ctx, AttributionClass c, size_t tok) { return names(ctx).has_at(c, ctx, tok); }

struct Source {
  std::string name;
  std::string kind;
  int chunk = -1;        // the speaking party, when one chunk names it
  bool subject = false;  // the source stands before its verb ("X said")
  uint32_t tok = 0;
  uint32_t end = 0;  // first token after the source phrase
};

std::string span_text(const Context& ctx, size_t b, size_t e) {
  if (b >= e) return "";
  return std::string(ctx.doc.view(ctx.doc.tokens[b].start, ctx.doc.tokens[e - 1].end));
}

std::string kind_of(const Context& ctx, size_t b, size_t e, int chunk) {
  std::string kind;
  for (size_t k = b; k < e; ++k) {
    int v = 0;
    if (ctx.cue_at(Cue::Source, k, e, &v)) {
      std::string_view kv = ctx.lex.cue_value(v);
      // Media beats official when both appear ("state news agency").
      if (kind.empty() || kv == "media") kind = std::string(kv);
    }
  }
  if (kind.empty() && chunk >= 0) {
    const Chunk& c = ctx.chunks[chunk];
    if (c.sector == "MED"sv)
      kind = "media";
    else if (c.sector == "GOV"sv || c.sector == "MIL"sv || c.sector == "COP"sv)
      kind = "official";
    else if (c.kind == ChunkKind::Org || c.kind == ChunkKind::Person)
      kind = "actor";
  }
  return kind.empty() ? "unknown" : kind;
}

bool stop_word(const Context& ctx, std::string_view w) { return is(ctx, kStop, w); }

// The noun phrase after a reporting word: "a Palestinian security source",
// "a statement published on the leader's website", "local media reports".
Source source_after(const Context& ctx, size_t from, size_t end) {
  Source s;
  size_t b = from;
  while (b < end && is_at(ctx, kArticle, b)) ++b;
  size_t e = b;
  while (e < end && e < b + 8 && !stop_word(ctx, ctx.w(e)) && ctx.time_of_tok[e] < 0) ++e;
  // "… published on the leader's website on Sunday": drop a trailing preposition.
  while (e > b && is_at(ctx, kTrailingPrep, e - 1)) --e;
  if (e <= b) return s;
  for (size_t k = b; k < e; ++k)
    if (int ci = ctx.chunk_of_tok[k]; ci >= 0 && !ctx.chunks[ci].adjective) {
      // A named party right after the verb is the source ("said Health Minister X").
      s.chunk = ci;
      break;
    }
  // "the separatist Balochistan Liberation Army (BLA)": the name, past lower-case modifiers.
  bool head = s.chunk >= 0 && ctx.chunks[s.chunk].b <= b + 2;
  for (size_t k = b; head && k < static_cast<size_t>(s.chunk >= 0 ? ctx.chunks[s.chunk].b : b); ++k)
    head = ctx.doc.tokens[k].kind == TokenKind::Word && !(ctx.doc.tokens[k].flags & kTokUpper) &&
           ctx.cue_at(Cue::Source, k, e) == 0 && !is_at(ctx, kOf, k);
  // "according to Gaza health authorities": the institution, not the place.
  if (head && ctx.chunks[s.chunk].kind == ChunkKind::Place && ctx.chunks[s.chunk].e < e &&
      ctx.chunk_of_tok[ctx.chunks[s.chunk].e] < 0 && ctx.cue_at(Cue::Source, ctx.chunks[s.chunk].e, e) == 0 &&
      ctx.doc.tokens[ctx.chunks[s.chunk].e].kind == TokenKind::Word &&
      !(ctx.doc.tokens[ctx.chunks[s.chunk].e].flags & kTokUpper)) {
    head = false;
    s.chunk = -1;
  }
  s.name = head ? ctx.chunks[s.chunk].name : span_text(ctx, b, e);
  s.kind = kind_of(ctx, b, e, s.chunk);
  s.tok = static_cast<uint32_t>(b);
  s.end = static_cast<uint32_t>(e);
  return s;
}

// The subject before a reporting verb: "the Gaza-based Health Ministry has said",
// "Xinhua news agency reported", "the Israeli army said".
Source source_before(const Context& ctx, size_t verb, size_t sb) {
  Source s;
  size_t k = verb;
  // Skip auxiliaries and source nouns that follow the name ("news agency").
  size_t stop = verb > sb + 6 ? verb - 6 : sb;
  size_t np_end = verb;
  while (k > stop) {
    std::string_view w = ctx.w(k - 1);
    if (is(ctx, kAux, w)) {
      --k;
      np_end = k;
      continue;
    }
    break;
  }
  for (; k > stop; --k) {
    size_t t = k - 1;
    if (stop_word(ctx, ctx.w(t)) && ctx.w(t) != ",") break;
    int ci = ctx.chunk_of_tok[t];
    if (ci >= 0) {
      const Chunk& c = ctx.chunks[ci];
      if (c.adjective && c.e < np_end) {
        // "the Israeli army said" was one chunk; a bare demonym modifies a noun.
        s.chunk = ci;
        s.name = span_text(ctx, c.b, np_end);
      } else if (c.kind == ChunkKind::Place && c.e < np_end && !c.possessor && ctx.chunk_of_tok[c.e] < 0 &&
                 ctx.doc.tokens[c.e].kind == TokenKind::Word) {
        // "The Gaza health ministry said": the institution, not the place.
        s.chunk = -1;
        s.name = span_text(ctx, c.b, np_end);
      } else {
        s.chunk = ci;
        s.name = c.name;
      }
      s.kind = kind_of(ctx, c.b, np_end, s.chunk);
      s.subject = true;
      s.tok = c.b;
      // "The Al-Qassam Brigades, the armed wing of Hamas, announced": the head.
      if (t > sb) {
        size_t j = c.b;
        if (j > sb && is_at(ctx, kOf, j - 1)) {
          for (size_t m = j - 1; m > sb; --m) {
            if (ctx.w(m - 1) == ",") {
              for (size_t q = m - 1; q > sb; --q) {
                int cj = ctx.chunk_of_tok[q - 1];
                if (cj >= 0) {
                  s.chunk = cj;
                  s.name = ctx.chunks[cj].name;
                  s.kind = kind_of(ctx, ctx.chunks[cj].b, ctx.chunks[cj].e, cj);
                  s.tok = ctx.chunks[cj].b;
                  break;
                }
                if (stop_word(ctx, ctx.w(q - 1)) && ctx.w(q - 1) != ",") break;
              }
              break;
            }
          }
        }
      }
      return s;
    }
    if (ctx.w(t) == "," && k < verb) break;
  }
  // A common-noun speaker: "a statement said", "officials said".
  size_t b = np_end;
  // (The last of coordinated speakers: "a military officer and a medical source said".)
  while (b > sb && b + 4 > np_end && !stop_word(ctx, ctx.w(b - 1)) && !is_at(ctx, kAnd, b - 1) &&
         ctx.doc.tokens[b - 1].kind == TokenKind::Word)
    --b;
  while (b < np_end && is_at(ctx, kArticle, b)) ++b;
  if (b < np_end) {
    s.name = span_text(ctx, b, np_end);
    s.kind = kind_of(ctx, b, np_end, -1);
    s.subject = true;
    s.tok = static_cast<uint32_t>(b);
  }
  return s;
}

bool contains_word(std::string_view hay, std::string_view word) {
  if (word.empty()) return false;
  size_t p = hay.find(word);
  return p != std::string_view::npos;
}

// One document's attribution: each sentence's reporting sources, the
// attribution each sentence falls under, then each candidate's source,
// claim and speaker-as-actor.
class AttributionPass {
 public:
  AttributionPass(const Context& c, std::vector<Cand>& cs);
  std::vector<std::optional<Attribution>> run();

 private:
  const Context& ctx;
  const Document& doc;
  std::vector<Cand>& cands;
  size_t ns;
  std::vector<std::vector<Source>> by_sentence;
  std::vector<Attribution> attr;
  std::vector<int> sayer;
  std::vector<int> claimant;  // "claimed by X" in the sentence
  std::vector<int> accused;   // "blamed X for the attack" in the sentence
  std::vector<bool> has;
  std::vector<std::string> institutions;  // named so far (for "Ministry spokesman")
  std::vector<size_t> source;             // the sentence whose attribution each sentence falls under

  void reporting_sources(size_t si);
  void attribute_sentence(size_t si);
  void institution_of_spokesman(Attribution& a, const Source& head, const Sentence& s);
  std::vector<std::optional<Attribution>> sentence_sources();
  void attribute_cand(Cand& c);
  bool pronoun_back_to_speaker(const Cand& c, int say);
  void self_references();
};

AttributionPass::AttributionPass(const Context& c, std::vector<Cand>& cs)
    : ctx(c),
      doc(c.doc),
      cands(cs),
      ns(c.doc.sentences.size()),
      by_sentence(ns),
      attr(ns),
      sayer(ns, -1),
      claimant(ns, -1),
      accused(ns, -1),
      has(ns, false) {}

std::vector<std::optional<Attribution>> AttributionPass::run() {
  for (size_t si = 0; si < ns; ++si) {
    reporting_sources(si);
    attribute_sentence(si);
  }
  std::vector<std::optional<Attribution>> per_sentence = sentence_sources();
  for (Cand& c : cands) attribute_cand(c);
  self_references();
  return per_sentence;
}

// The sentence's sources: after "according to", around a reporting verb, and
// the claimant of "claimed responsibility" / "claimed by".
void AttributionPass::reporting_sources(size_t si) {
  const Sentence& s = doc.sentences[si];
  auto& srcs = by_sentence[si];
  // The pass's classes, looked up once for the sentence's two tests per token.
  const auto& rules = names(ctx);
  for (size_t i = s.tok_begin; i < s.tok_end; ++i) {
    int v = 0;
    // "Police blamed the FMLN for the attack", "accused the cartel of the bombing": the
    // party blamed for an act of force told right after is the attacker of this
    // sentence's and the previous sentence's attack, where no other is named.
    if (rules.has_at(kBlameVerb, ctx, i)) {
      size_t b = i + 1;
      while (b < s.tok_end && is_at(ctx, kArticle, b)) ++b;
      int ch = b < s.tok_end ? ctx.chunk_of_tok[b] : -1;
      if (ch >= 0 && ctx.chunks[ch].b == b && !ctx.chunks[ch].adjective &&
          ctx.chunks[ch].kind != ChunkKind::Place && ctx.chunks[ch].e < s.tok_end &&
          is_at(ctx, kBlameFor, ctx.chunks[ch].e)) {
        size_t after = ctx.chunks[ch].e;
        bool assault = false;
        for (const Cand& c : cands)
          assault |= c.sent == si && c.tb > after && c.tb <= after + 4 &&
                     ctx.lex.triggers[c.def].type == "ASSAULT"sv;
        if (assault) {
          accused[si] = ch;
          if (si > 0 && accused[si - 1] < 0 && ctx.doc.sentences[si - 1].paragraph == s.paragraph)
            accused[si - 1] = ch;
        }
      }
    }
    // "The murder is attributed to the MRTA", "the bombing was blamed on the
    // FMLN": the party after the preposition is the attacker of an attack told
    // in this sentence or the one before it, where no other is named.
    if (rules.has_at(kBlamePassiveVerb, ctx, i) && i + 1 < s.tok_end &&
        rules.has_at(kBlamePassivePrep, ctx, i + 1)) {
      size_t b = i + 2;
      while (b < s.tok_end && is_at(ctx, kArticle, b)) ++b;
      int ch = b < s.tok_end ? ctx.chunk_of_tok[b] : -1;
      if (ch >= 0 && ctx.chunks[ch].b == b && !ctx.chunks[ch].adjective &&
          ctx.chunks[ch].kind != ChunkKind::Place) {
        bool assault = false;
        for (const Cand& c : cands)
          assault |=
              (c.sent == si || (si > 0 && c.sent == si - 1)) && ctx.lex.triggers[c.def].type == "ASSAULT"sv;
        if (assault && accused[si] < 0) {
          accused[si] = ch;
          if (si > 0 && accused[si - 1] < 0 && ctx.doc.sentences[si - 1].paragraph == s.paragraph)
            accused[si - 1] = ch;
        }
      }
    }
    // "Al-Shabaab claimed responsibility for the attack", "claimed credit for": the
    // claimant is the attacker of this sentence's and the previous sentence's attack.
    if (rules.has_at(kClaimVerb, ctx, i) &&
        rules.set->matches_at(ctx, rules.use[kClaimSubject], i, s.tok_end)) {
      Source x = source_before(ctx, i, s.tok_begin);
      if (!x.name.empty() && x.chunk >= 0 && !ctx.chunks[x.chunk].adjective &&
          ctx.chunks[x.chunk].kind != ChunkKind::Place) {
        claimant[si] = x.chunk;
        if (si > 0 && claimant[si - 1] < 0 && ctx.doc.sentences[si - 1].paragraph == s.paragraph)
          claimant[si - 1] = x.chunk;
        srcs.push_back(x);
      }
      i += 1;
      continue;
    }
    if (int n = ctx.cue_at(Cue::According, i, s.tok_end, &v)) {
      Source x = source_after(ctx, i + n, s.tok_end);
      if (!x.name.empty()) srcs.push_back(x);
      i = std::max<size_t>(i + n - 1, x.end > 0 ? x.end - 1 : 0);
      continue;
    }
    if (int n = ctx.cue_at(Cue::Report, i, s.tok_end, &v)) {
      std::string_view where = ctx.lex.cue_value(v);
      Source x;
      // "the blast, which was claimed by the BLA": the claimant is the source
      // and the attacker.
      if (rules.set->matches_at(ctx, rules.use[kClaimAgent], i, s.tok_end)) {
        x = source_after(ctx, i + 2, s.tok_end);
        if (!x.name.empty()) {
          if (x.chunk >= 0 && !ctx.chunks[x.chunk].adjective && ctx.chunks[x.chunk].kind != ChunkKind::Place)
            claimant[si] = x.chunk;
          srcs.push_back(x);
        }
        i += 1;
        continue;
      }
      if (where != "after") x = source_before(ctx, i, s.tok_begin);
      if (x.name.empty() && where != "before") x = source_after(ctx, i + n, s.tok_end);
      // "reports" as a noun ("media reports") is not a verb.
      if (!x.name.empty()) srcs.push_back(x);
      i += n - 1;
    }
  }
}

// The sentence's own attribution: its innermost speaker, relays as "via", a
// pronoun resolved to the speaker before.
void AttributionPass::attribute_sentence(size_t si) {
  const Sentence& s = doc.sentences[si];
  auto& srcs = by_sentence[si];
  if (srcs.empty()) return;
  has[si] = true;
  // Innermost speaker first: a person or party, then relays (media).
  std::stable_sort(srcs.begin(), srcs.end(), [](const Source& a, const Source& b) {
    return (a.kind == "media"sv) < (b.kind == "media"sv);
  });
  Attribution a;
  const Source& head = srcs.front();
  a.name = head.name;
  a.kind = head.kind;
  a.entity = head.chunk >= 0 ? ctx.chunks[head.chunk].entity : -1;
  a.why.assign(1, head.chunk >= 0 ? rule_of_chunk(ctx, "source-of-reporting-clause", head.chunk)
                                  : rule_at(ctx, "source-of-reporting-clause", head.tok, head.end));
  institution_of_spokesman(a, head, s);
  for (size_t k = 1; k < srcs.size(); ++k)
    if (srcs[k].name != a.name) a.via.push_back(srcs[k].name);
  for (const auto& x : srcs)
    if (x.kind == "official"sv && x.chunk >= 0 && ctx.chunks[x.chunk].kind != ChunkKind::Person)
      institutions.push_back(x.name);
  // "…, they said": the speaker named in a sentence before (this paragraph or the last).
  // (Lower case, or capitalised at its first letter only.)
  auto pronoun = [this](std::string_view w) {
    if (w.empty() || std::any_of(w.begin() + 1, w.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
      return false;
    std::string low(w);
    if (low[0] >= 'A' && low[0] <= 'Z') low[0] = static_cast<char>(low[0] + 32);
    return is(ctx, kSpeakerPronoun, low);
  };
  if (pronoun(a.name))
    for (size_t k = si; k > 0; --k) {
      const Sentence& ks = doc.sentences[k - 1];
      if (ks.paragraph + 1 < s.paragraph) break;
      if (has[k - 1] && !pronoun(attr[k - 1].name)) {
        a = attr[k - 1];
        break;
      }
    }
  attr[si] = a;
  for (const auto& x : srcs)
    if (x.subject && x.chunk >= 0) {
      sayer[si] = x.chunk;
      break;
    }
}

// "Ministry spokesman Ashraf Al-Qudra": the institution named before.
void AttributionPass::institution_of_spokesman(Attribution& a, const Source& head, const Sentence& s) {
  if (head.chunk >= 0 && ctx.chunks[head.chunk].kind == ChunkKind::Person) {
    const Chunk& p = ctx.chunks[head.chunk];
    for (size_t k = p.b; k > s.tok_begin && k + 3 > p.b; --k) {
      std::string_view w = ctx.w(k - 1);
      if (is(ctx, kSpokesperson, w)) {
        std::string_view inst = k >= 2 ? ctx.w(k - 2) : std::string_view();
        size_t looked = 0;
        for (auto it = institutions.rbegin(); it != institutions.rend() && looked < 20; ++it, ++looked) {
          std::string low = *it;
          for (auto& ch : low) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
          if (!inst.empty() && contains_word(low, inst)) {
            a.via.push_back(head.name);
            a.name = *it;
            a.kind = "official";
            break;
          }
        }
        break;
      }
    }
  }
}

// The attribution each sentence falls under: its own, else the nearest
// reporting sentence of its paragraph (two linear passes).
std::vector<std::optional<Attribution>> AttributionPass::sentence_sources() {
  std::vector<size_t> prev_src(ns, ns), next_src(ns, ns);
  source.assign(ns, ns);
  for (size_t si = 0; si < ns; ++si) {
    bool same = si > 0 && doc.sentences[si - 1].paragraph == doc.sentences[si].paragraph;
    prev_src[si] = has[si] ? si : (same ? prev_src[si - 1] : ns);
  }
  for (size_t si = ns; si > 0; --si) {
    size_t k = si - 1;
    bool same = k + 1 < ns && doc.sentences[k + 1].paragraph == doc.sentences[k].paragraph;
    next_src[k] = has[k] ? k : (same ? next_src[k + 1] : ns);
  }
  std::vector<std::optional<Attribution>> per_sentence(ns);
  size_t last_source = ns;  // the latest reporting sentence before this paragraph
  uint32_t para_of_last = UINT32_MAX;
  bool para_continues = false;
  for (size_t si = 0; si < ns; ++si) {
    const Sentence& s = doc.sentences[si];
    if (si == 0 || doc.sentences[si - 1].paragraph != s.paragraph) {
      // A paragraph that opens with a pronoun continues the one before ("He
      // also called on …"), and so does its attribution.
      std::string_view w0 = s.tok_begin < s.tok_end ? ctx.w(s.tok_begin) : std::string_view();
      para_continues = !s.headline && is(ctx, kParagraphPronoun, w0) && last_source < ns &&
                       para_of_last + 1 == s.paragraph;
    }
    size_t p = prev_src[si], n = next_src[si];
    source[si] = p == ns ? n : n == ns ? p : (si - p <= n - si ? p : n);
    if (source[si] == ns && para_continues) source[si] = last_source;
    if (source[si] < ns) per_sentence[si] = attr[source[si]];
    if (has[si]) last_source = si;
    if (source[si] < ns) para_of_last = s.paragraph;
  }
  return per_sentence;
}

// A candidate's attribution, claim and speaker: a claimed attack's claimant,
// the speaker as actor through a self-reference or a pronoun pointing back.
void AttributionPass::attribute_cand(Cand& c) {
  size_t si = c.sent;
  // A claimed attack: the claimant is its actor (unless another is named).
  if (int cl = claimant[si]; cl >= 0 && ctx.lex.triggers[c.def].type == "ASSAULT"sv) {
    if (c.actor < 0 ||
        (ctx.chunks[c.actor].entity >= 0 && ctx.chunks[c.actor].entity == ctx.chunks[cl].entity))
      c.actor = cl, c.actor_rule = "claimant";
    if (c.actor == cl) c.ev.claim = "claimed_by_actor";
  }
  // An attack its sentence or the next blames on a party: that party, where none is named.
  if (int ac = accused[si];
      ac >= 0 && c.actor < 0 && claimant[si] < 0 && ctx.lex.triggers[c.def].type == "ASSAULT"sv)
    c.actor = ac, c.actor_rule = "accused";
  size_t use = source[si];
  if (use == ns) return;
  // "The government condemned the attack. The RSF said …": a party's own
  // verbal act is not reported by the next sentence's speaker.
  if (use > si && c.actor >= 0) {
    const TriggerDef& d = ctx.lex.triggers[c.def];
    if ((d.flags & kSpeech) || d.type == "ACCUSE"sv || d.type == "THREATEN"sv || d.type == "REQUEST"sv ||
        d.type == "AGREE"sv || d.type == "REJECT"sv || d.type == "SUPPORT"sv)
      return;
  }
  c.ev.attribution.push_back(attr[use]);
  if (use != si) c.ev.attribution.back().why.push_back(Rule{"source-of-paragraph", {}, 0, 0});
  int say = sayer[use];
  c.source = say;
  if (c.actor >= 0 && ctx.chunks[c.actor].selfref && say >= 0)
    c.actor = say, c.actor_rule = "speaker-of-self-reference";
  // "Officials said an attack could come": the speaker is not the attacker,
  // unless a pronoun points back to it ("Hamas said it launched an attack").
  bool pronoun_back = pronoun_back_to_speaker(c, say);
  // (The speaker as a title and a name, "Governor X said", is one party.)
  bool actor_is_speaker = c.actor >= 0 && say >= 0 &&
                          (c.actor == say || (ctx.chunks[c.actor].entity >= 0 &&
                                              ctx.chunks[c.actor].entity == ctx.chunks[say].entity));
  if (actor_is_speaker && c.actor_from_subject && !pronoun_back) c.actor = -1;
  if (c.actor < 0 && say >= 0 && pronoun_back && ctx.chunks[say].e <= c.tb)
    c.actor = say, c.actor_rule = "speaker-pronoun-back";
  if (say >= 0 && c.actor >= 0) {
    const Chunk& a = ctx.chunks[c.actor];
    const Chunk& b = ctx.chunks[say];
    if (c.actor == say || (a.entity >= 0 && a.entity == b.entity) || (!a.name.empty() && a.name == b.name))
      c.ev.claim = "claimed_by_actor";
  }
  if (say >= 0 && c.recipient >= 0 && c.ev.claim == "reported"sv) {
    const Chunk& r = ctx.chunks[c.recipient];
    const Chunk& b = ctx.chunks[say];
    if (c.recipient == say || (r.entity >= 0 && r.entity == b.entity)) c.ev.claim = "claimed_by_recipient";
  }
}

// Whether a pronoun between the speaker and the trigger points back to the
// speaker as the doer ("Hamas said it launched an attack").
bool AttributionPass::pronoun_back_to_speaker(const Cand& c, int say) {
  bool pronoun_back = false;
  if (say < 0 || ctx.chunks[say].e > c.tb) return false;
  // ("Officials say … It comes a week after …": a singular pronoun is no
  // plural unnamed party.)
  const Chunk& sp = ctx.chunks[say];
  const bool plural_nominal = sp.kind == ChunkKind::Nominal && !sp.name.empty() && sp.name.back() == 's';
  const TriggerDef& td = ctx.lex.triggers[c.def];
  const bool force = td.type == "ASSAULT"sv || td.type == "COERCE"sv;
  for (size_t k = sp.e; k < c.tb; ++k) {
    std::string_view w = ctx.w(k);
    bool pron = is(ctx, kSubjectPronoun, w);
    if (pron && plural_nominal && (w == "it"sv || w == "he"sv || w == "she"sv)) pron = false;
    // "Amnesty said it had documented 200 arrests": the pronoun's verb is
    // not the act named by the noun (unlike "it launched an attack").
    if (pron && c.noun)
      for (size_t j = k + 1; j < c.tb && pron; ++j) {
        pron = !is_at(ctx, kRecordVerb, j);
      }
    // "Polay said he is not responsible for the kidnapping": a pronoun
    // is the doer of an act of force named by a noun only through a verb
    // of carrying it out ("it launched an attack").
    if (pron && c.noun && force) pron = subject_performs(ctx, k + 1, c.tb);
    pronoun_back |= pron;
  }
  return pronoun_back;
}

// A self-reference with no reporting party: the sentence subject it points back to.
void AttributionPass::self_references() {
  for (Cand& c : cands)
    if (c.actor >= 0 && ctx.chunks[c.actor].selfref) {
      const Sentence& s = doc.sentences[c.sent];
      int found = -1;
      for (size_t i = s.tok_begin; i < ctx.chunks[c.actor].b; ++i)
        if (int ci = ctx.chunk_of_tok[i]; ci >= 0 && !ctx.chunks[ci].selfref && !ctx.chunks[ci].adjective) {
          found = ci;
          break;
        }
      c.actor = found, c.actor_rule = "subject-of-self-reference";
    }
}

}  // namespace

std::vector<std::optional<Attribution>> assign_attribution(const Context& ctx, std::vector<Cand>& cands) {
  return AttributionPass(ctx, cands).run();
}

}  // namespace sitrep::events
