// Events, pass 1: triggers. Input: the Context. Output: one Cand per trigger
// word or phrase of triggers.tsv found in a sentence, outside names (a
// capitalised "Strike" mid-sentence is part of a name). Weak triggers ("hit",
// "shells", "injured") survive only beside a strong trigger of their type in the
// same sentence; triggers inside the content of a request, promise or threat
// ("called for a ceasefire") are marked absorbed. Cost: one hash lookup per token.
#include "events/passes.h"
#include "events/pattern.h"

namespace sitrep::events {

bool is_clause_break(const Context& ctx, size_t i) {
  std::string_view w = ctx.w(i);
  return w == ";" || w == ":" || w == "\"" || w == "(" || w == ")" || w == "\xe2\x80\x9c" ||
         w == "\xe2\x80\x9d";
}

namespace {

// The word classes and rule uses of data/events/triggers.rules this pass reads.
struct TriggerTag {};
enum TriggerClass : size_t {
  kStrike,
  kReasonPrep,
  kReason,
  kContentLead,
  kInfinitive,
  kVow,
  kDefinite,
  kDefinite2,
  kBeForm,
  kArmedSector,
  kAgentBy,
  kKnownActPrep,
  kTriggerClasses
};
constexpr std::string_view kTriggerClassNames =
    "triggers-strike triggers-reason-prep triggers-reason triggers-content-lead triggers-infinitive "
    "triggers-vow triggers-definite triggers-definite-2 triggers-be-form triggers-armed-sector "
    "triggers-agent-by triggers-known-act-prep";
enum TriggerUse : size_t { kAnonymity, kWeaponHeld, kAttributive, kGapped, kFigurative, kTriggerUses };

const PassNames<TriggerTag, kTriggerClasses, kTriggerUses>& names(const Context& ctx) {
  return pass_names<TriggerTag, kTriggerClasses, kTriggerUses>(
      ctx, kTriggerClassNames,
      "triggers-anonymity triggers-weapon-held triggers-attributive triggers-gapped triggers-figurative");
}

bool is(const Context& ctx, TriggerClass c, std::string_view w) { return names(ctx).has(c, w); }
bool is_at(const Context& ctx, TriggerClass c, size_t tok) { return names(ctx).has_at(c, ctx, tok); }

}  // namespace

bool is_be_form(const Context& ctx, std::string_view w) { return is(ctx, kBeForm, w); }

namespace {

// "asking not to be named", "requested anonymity", "asked not to be identified".
bool anonymity_after(const Context& ctx, size_t i, size_t end) {
  const auto& n = names(ctx);
  return n.set->matches_at(ctx, n.use[kAnonymity], i, end);
}

// A trigger found, before it becomes a Cand: a Cand carries a whole Event, so
// the filtering below works on these and each Cand is built once.
struct Hit {
  uint32_t sent = 0, tb = 0, te = 0;
  int def = -1;
  bool forced_strong = false, absorbed = false, definite = false, known_act = false;
};

// One document's trigger search, sentence by sentence: the trigger phrases,
// the weak ones kept beside a strong one, the contents of requests, promises
// and threats, then definiteness.
class TriggerPass {
 public:
  explicit TriggerPass(const Context& c) : ctx(c), doc(c.doc), lex(c.lex) {}
  std::vector<Cand> run();

 private:
  const Context& ctx;
  const Document& doc;
  const EventLexicon& lex;
  std::vector<Hit> out;
  std::vector<uint8_t> keep;
  PatMatch scratch_match;
  const int labour_strike = lex.labour_strike;
  const int eased = lex.eased;
  const int threat = lex.threat;  // a strong THREATEN of force

  void phrases(uint32_t si, const Sentence& s);
  int gapped(size_t i, const Sentence& s, int* def);
  bool disaster_subject(size_t i, const Sentence& s) const;
  void retype(Hit& c, size_t i, int n, int v, const Sentence& s);
  void weak_triggers(const Sentence& s, size_t first);
  bool armed_agent(const Hit& h, const Sentence& s) const;
  void contents(const Sentence& s, size_t first);
  void definites(const Sentence& s, size_t first);
  void held_weapons(const Sentence& s, size_t first);
  void figurative(const Sentence& s, size_t first);
};

std::vector<Cand> TriggerPass::run() {
  for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
    const Sentence& s = doc.sentences[si];
    size_t first = out.size();
    phrases(si, s);
    weak_triggers(s, first);
    contents(s, first);
    definites(s, first);
    held_weapons(s, first);
    figurative(s, first);
  }
  std::vector<Cand> cands(out.size());
  for (size_t k = 0; k < out.size(); ++k) {
    Cand& c = cands[k];
    c.sent = out[k].sent;
    c.tb = out[k].tb;
    c.te = out[k].te;
    c.def = out[k].def;
    c.forced_strong = out[k].forced_strong;
    c.absorbed = out[k].absorbed;
    c.definite = out[k].definite;
    c.known_act = out[k].known_act;
  }
  return cands;
}

// The sentence's trigger phrases (no word of a date or a name, no phrase
// that names no event or a party).
void TriggerPass::phrases(uint32_t si, const Sentence& s) {
  // An ALL-CAPS sentence (wire feeds, MUC) says nothing by its capitals.
  size_t words = 0, caps = 0;
  for (size_t i = s.tok_begin; i < s.tok_end; ++i)
    if (doc.tokens[i].kind == TokenKind::Word) ++words, caps += (doc.tokens[i].flags & kTokAllUpper) != 0;
  bool caps_sentence = words > 2 && caps * 2 > words;
  for (size_t i = s.tok_begin; i < s.tok_end; ++i) {
    int ci = ctx.chunk_of_tok[i];
    if (ci >= 0 && ctx.chunks[ci].kind != ChunkKind::Nominal) continue;
    if (doc.tokens[i].kind != TokenKind::Word) continue;
    // A word of a date is no trigger ("on 21 march 2020", lower-case feeds).
    if (ctx.time_of_tok[i] >= 0 || month_beside_number(ctx, i)) continue;
    // A capitalised trigger word mid-sentence belongs to a name.
    // (Not after a dateline's dash: "KHARTOUM, June 3 (Reuters) - Clashes …";
    // not an acronym in capitals among lower-case words: "an IED hit …".)
    bool acronym = (doc.tokens[i].flags & kTokAllUpper) && ctx.w(i).size() >= 2;
    if ((doc.tokens[i].flags & kTokUpper) && !acronym && i != s.tok_begin && !s.headline && !caps_sentence) {
      std::string_view p = ctx.w(i - 1);
      bool dash = p == "-" || p == "--" || p == "\xe2\x80\x94" || p == "\xe2\x80\x93";
      if (!dash) continue;
    }
    if (!ctx.may(EventLexicon::kMaskTrigger, i)) continue;
    int v = 0;
    int n = lex.trigger_phrases.match(ctx.low, i, s.tok_end, &v);
    // A phrase with words between its words beats a shorter one ("fired
    // dozens of missiles" is fired missiles, not fired).
    if (int gv = 0, gn = gapped(i, s, &gv); gn > n) n = gn, v = gv;
    if (!n) continue;
    // "cardiac arrest", "an arrest warrant": the phrase names no event (type "-").
    // "riot police" names a party, not a riot.
    if (lex.triggers[v].type == "-"sv || ctx.cue_at(Cue::Party, i, s.tok_end) > n) {
      i += n - 1;
      continue;
    }
    // "30 alleged militants", "the accused men", "a man accused of theft": a
    // participle that modifies a noun names no event (a rule may read one
    // word past the trigger).
    if (i > s.tok_begin && names(ctx).set->match_at(ctx, names(ctx).use[kAttributive], i - 1,
                                                    std::min<size_t>(i + n + 1, s.tok_end), scratch_match)) {
      i += n - 1;
      continue;
    }
    Hit c;
    c.sent = si;
    c.tb = static_cast<uint32_t>(i);
    c.te = static_cast<uint32_t>(i + n);
    c.def = v;
    retype(c, i, n, v, s);
    // "…, a local official said, asking not to be named": a source's terms, no request.
    if (lex.triggers[c.def].type == "REQUEST"sv && anonymity_after(ctx, i + n, s.tok_end)) {
      i += n - 1;
      continue;
    }
    // "Landslides blocked roads", "the storm blocked the highway": no protest.
    if (lex.triggers[c.def].type == "PROTEST"sv && disaster_subject(i, s)) {
      i += n - 1;
      continue;
    }
    out.push_back(c);
    i += n - 1;
  }
}

// A disaster noun (cues.tsv disaster) right before token i, maybe with an adverb between
// ("landslides reportedly blocked"): the verb's subject. ("Flood victims blocked the road":
// the subject is the victims.)
bool TriggerPass::disaster_subject(size_t i, const Sentence& s) const {
  size_t end = i;
  if (end > s.tok_begin + 1 && ctx.w(end - 1).ends_with("ly")) --end;
  for (size_t t = end; t > s.tok_begin && end - t < 3;) {
    --t;
    if (static_cast<size_t>(ctx.cue_at(Cue::Disaster, t, end)) == end - t) return true;
  }
  return false;
}

// A trigger phrase with words between its words ("blocked the Siglo XXI highway", "shouted
// anti-government slogans"): a rule of use triggers-gapped (triggers.rules) whose action
// `trigger=w1_w2` names the triggers.tsv phrase it stands for. Returns the tokens matched.
int TriggerPass::gapped(size_t i, const Sentence& s, int* def) {
  const auto& nm = names(ctx);
  if (!nm.set->match_at(ctx, nm.use[kGapped], i, s.tok_end, scratch_match)) return 0;
  std::string_view as = nm.set->rule(scratch_match.rule).action("trigger");
  std::vector<std::string_view> words;
  for (size_t b = 0; b <= as.size();) {
    size_t e = std::min(as.find('_', b), as.size());
    words.push_back(as.substr(b, e - b));
    b = e + 1;
  }
  if (lex.trigger_phrases.match(words, 0, words.size(), def) != static_cast<int>(words.size())) return 0;
  return static_cast<int>(scratch_match.e - i);
}

// A trigger's definition retyped by its neighbours: a labour strike, an eased
// restriction.
void TriggerPass::retype(Hit& c, size_t i, int n, int v, const Sentence& s) {
  std::string_view w = ctx.w(i);
  // "a four-day strike by teachers": a labour strike, not an attack.
  if (labour_strike >= 0 && n == 1 && is(ctx, kStrike, w) && lex.triggers[v].type == "ASSAULT"sv) {
    size_t b = i > s.tok_begin + 6 ? i - 6 : s.tok_begin, e = std::min<size_t>(s.tok_end, i + 7);
    for (size_t k = b; k < e; ++k)
      if (ctx.cue_at(Cue::Labour, k, e)) c.def = labour_strike;
  }
  // "lifted the curfew", "eased sanctions": the restriction ends.
  if (eased >= 0 && (lex.triggers[v].type == "COERCE"sv || lex.triggers[v].type == "SANCTION"sv)) {
    for (size_t k = i; k > s.tok_begin && i - k < 5; --k)
      if (ctx.cue_at(Cue::Release, k - 1, i)) {
        c.def = eased;
        c.forced_strong = true;
        break;
      }
  }
}

// Weak triggers need a strong one of their type in the sentence.
void TriggerPass::weak_triggers(const Sentence& s, size_t first) {
  keep.assign(out.size() - first, 1);
  for (size_t k = first; k < out.size(); ++k) {
    const TriggerDef& d = lex.triggers[out[k].def];
    if ((d.flags & kWeak) && !out[k].forced_strong) {
      bool strong = false;
      for (size_t j = first; j < out.size() && !strong; ++j) {
        const TriggerDef& o = lex.triggers[out[j].def];
        if (j == k || o.type != d.type) continue;
        // A strong trigger of the type, or a weak noun beside a weak verb
        // ("gave … aid", "shells hit").
        strong = !(o.flags & kWeak) || out[j].forced_strong || o.noun != d.noun;
        if (strong && (o.flags & kWeak) && o.noun != d.noun) out[k].forced_strong = true;
      }
      // "merchants gathered in the square to demand …": a crowd that gathers
      // to demand or denounce something is a demonstration.
      if (!strong && d.type == "PROTEST"sv)
        for (size_t j = first; j < out.size() && !strong; ++j) {
          const TriggerDef& o = lex.triggers[out[j].def];
          strong = j != k && out[j].tb > out[k].tb && (o.flags & kSpeech) &&
                   (o.type == "REQUEST"sv || o.type == "ACCUSE"sv);
          out[k].forced_strong = strong;
        }
      // A casualty word ("were injured") stands alone in a sentence with a number.
      if (!strong && (d.flags & kCasualty)) {
        for (size_t t = s.tok_begin; t < s.tok_end && !strong; ++t) strong = ctx.num_of_tok[t] >= 0;
        // (Or with people named one by one: "a man was found dead".)
        strong = strong || lone_victims(ctx, out[k].tb, s.tok_begin, s.tok_end) > 0;
        strong = strong && !(d.type != "ASSAULT"sv);
      }
      // "Taliban militants pounded a base", "police beat the driver", "was hit by an IED":
      // a weak verb of force told of an armed party or a weapon is the attack itself.
      if (!strong && d.type == "ASSAULT"sv && !d.noun && armed_agent(out[k], s))
        strong = out[k].forced_strong = true;
      if (!strong) keep[k - first] = 0;
    }
  }
  size_t kept = first;
  for (size_t k = first; k < out.size(); ++k)
    if (keep[k - first]) out[kept++] = out[k];
  out.resize(kept);
}

// The agent of a weak verb of force: an armed party (triggers.rules, armed sectors) or a
// weapon, as its subject in the clause before it ("an IED targeted a police vehicle") or
// after "by" in a passive ("was hit by a Taliban-planted IED").
bool TriggerPass::armed_agent(const Hit& h, const Sentence& s) const {
  auto armed = [&](size_t t, size_t end) {
    if (ctx.cue_at(Cue::Weapon, t, end)) return true;
    int ci = ctx.chunk_of_tok[t];
    return ci >= 0 && names(ctx).has_code(kArmedSector, ctx.chunks[ci].sector);
  };
  auto stop = [&](size_t t) {
    std::string_view w = ctx.w(t);
    return w == "," || w == "." || is_clause_break(ctx, t);
  };
  for (size_t t = h.tb; t > s.tok_begin && h.tb - t < 8;) {
    --t;
    // (Not across a reporting verb: "the military said it had targeted militants" tells
    // the attack the report is about, not one of its own.)
    if (stop(t) || ctx.cue_at(Cue::Report, t, h.tb)) break;
    if (armed(t, h.tb)) return true;
  }
  for (size_t t = h.te; t < s.tok_end && t < h.te + 3; ++t) {
    if (stop(t)) break;
    if (!is_at(ctx, kAgentBy, t)) continue;
    for (size_t u = t + 1; u < s.tok_end && u < t + 7 && !stop(u); ++u)
      if (armed(u, s.tok_end)) return true;
    break;
  }
  return false;
}

// Contents of requests, promises and threats are not events of their own.
// A promise of force ("vowed to attack") is a threat (PLOVER).
void TriggerPass::contents(const Sentence& s, size_t first) {
  bool in_content = false, protest = false;
  size_t promise = SIZE_MAX;  // index into out
  size_t content_from = 0;    // where the content began
  size_t opener = SIZE_MAX;   // the request that opened the content (index into out)
  for (size_t idx = first; idx < out.size(); ++idx) {
    Hit& c = out[idx];
    const TriggerDef& d = lex.triggers[c.def];
    // "…, demanding his resignation; police fired rubber bullets": a
    // semicolon ends the content.
    for (size_t k = content_from; in_content && k < c.tb; ++k)
      if (ctx.w(k) == ";") in_content = false;
    // "vowed revenge for the killing of X in a US drone strike": the reason
    // for a threat is an event of its own, not its content.
    bool reason = false;
    for (size_t k = c.tb; in_content && k > s.tok_begin + 1 && c.tb - k < 4; --k) {
      std::string_view w = ctx.w(k - 1);
      if (!is(ctx, kReasonPrep, w)) continue;
      reason = is_at(ctx, kReason, k - 2);
      break;
    }
    if (reason) in_content = false;
    // "people demanding housing staged a protest", "members of pressure
    // groups marched": a demand told by a participle or a noun beside the
    // protesters is the protest's own, not a request whose content the
    // protest is ("called for protests", "urged them to march" stay content).
    if (in_content && d.type == "PROTEST"sv && opener != SIZE_MAX && c.tb > s.tok_begin &&
        !is_at(ctx, kContentLead, c.tb - 1)) {
      std::string_view ow = ctx.w(out[opener].tb);
      if (lex.triggers[out[opener].def].noun || (ow.size() > 4 && ow.ends_with("ing"))) {
        out[opener].absorbed = true;
        in_content = false;
      }
    }
    // "condemned the murder of X", "called for an investigation into the
    // assassination of X": an act of force named by a noun after "the", with
    // its victim or target after it (triggers-known-act-prep), is told as
    // known, not as what is asked or rejected: an event of its own.
    c.known_act = d.type == "ASSAULT"sv && c.tb > s.tok_begin && c.te < s.tok_end &&
                  is_at(ctx, kDefinite2, c.tb - 1) && is_at(ctx, kKnownActPrep, c.te);
    if (in_content && !c.known_act) {
      c.absorbed = true;
      // Only the infinitive right after the vow ("vowed on Sunday to attack").
      if (promise != SIZE_MAX && threat >= 0 &&
          (d.type == "ASSAULT"sv || d.type == "COERCE"sv || d.type == "MOBILIZE"sv) && !d.noun &&
          c.tb > out[promise].te && c.tb - out[promise].te <= 6 && is_at(ctx, kInfinitive, c.tb - 1)) {
        out[promise].def = threat;
        promise = SIZE_MAX;
      }
    }
    if (in_content) promise = SIZE_MAX;  // one content per vow
    if ((d.flags & kSpeech) && d.type == "AGREE"sv && !in_content && !d.noun) {
      if (is_at(ctx, kVow, c.tb)) promise = idx;
    }
    // "thousands demonstrated, calling for independence": the protest's demand.
    if (protest && d.type == "REQUEST"sv) c.absorbed = true;
    if (d.type == "PROTEST"sv) protest = true;
    if ((d.flags & kSpeech) &&
        (d.type == "REQUEST"sv || d.type == "AGREE"sv || d.type == "THREATEN"sv || d.type == "REJECT"sv)) {
      in_content = true;
      content_from = c.te;
      opener = d.type == "REQUEST"sv ? idx : SIZE_MAX;
    }
  }
}

// A trigger after "the", "this" or "that" is definite (an event told before).
void TriggerPass::definites(const Sentence& s, size_t first) {
  // Absorbed: reset at a new reporting clause is rare in one sentence; keep simple.
  for (size_t k = first; k < out.size(); ++k) {
    Hit& c = out[k];
    c.definite = c.tb > s.tok_begin && (is_at(ctx, kDefinite, c.tb - 1) ||
                                        (c.tb > s.tok_begin + 1 && is_at(ctx, kDefinite2, c.tb - 2)));
  }
}

// "Troops seized 20 rifles and two grenades", "a cache of mortars": a weapon
// noun that was seized, found or held names no attack (rules of use
// triggers-weapon-held: a possession word, then the weapon's noun phrase up to
// the noun).
void TriggerPass::held_weapons(const Sentence& s, size_t first) {
  const auto& n = names(ctx);
  for (size_t k = first; k < out.size(); ++k) {
    Hit& c = out[k];
    const TriggerDef& d = lex.triggers[c.def];
    if (!d.noun || d.type != "ASSAULT"sv || d.mode.empty() || c.absorbed) continue;
    for (size_t b = c.tb; b > s.tok_begin && c.tb - b < 14 && !c.absorbed; --b)
      c.absorbed = n.set->match_at(ctx, n.use[kWeaponHeld], b - 1, c.tb, scratch_match, true);
  }
}

// "fought drug trafficking", "the fight against corruption", "fought for freedom": a
// fight whose object is a cause or an ill names no clash; "the population
// explosion" is no blast (rules of use triggers-figurative, matched from the
// trigger or from the word before it).
void TriggerPass::figurative(const Sentence& s, size_t first) {
  const auto& n = names(ctx);
  for (size_t k = first; k < out.size(); ++k) {
    Hit& c = out[k];
    if (c.absorbed || lex.triggers[c.def].type != "ASSAULT"sv) continue;
    c.absorbed =
        n.set->match_at(ctx, n.use[kFigurative], c.tb, s.tok_end, scratch_match) ||
        (c.tb > s.tok_begin && n.set->match_at(ctx, n.use[kFigurative], c.tb - 1, s.tok_end, scratch_match));
  }
}

}  // namespace

std::vector<Cand> find_triggers(const Context& ctx) { return TriggerPass(ctx).run(); }

}  // namespace sitrep::events
