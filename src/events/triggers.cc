// Events, pass 1: triggers. Input: the Context. Output: one Cand per trigger
// word or phrase of triggers.tsv found in a sentence, outside names (a
// capitalised "Strike" mid-sentence is part of a name). Weak triggers ("hit",
// "shells", "injured") survive only beside a strong trigger of their type in the
// same sentence; triggers inside the content of a request, promise or threat
// ("called for a ceasefire") are marked absorbed. Cost: one hash lookup per token.
#include "events/passes.h"

namespace sitrep::events {

bool is_clause_break(const Context& ctx, size_t i) {
  std::string_view w = ctx.w(i);
  return w == ";" || w == ":" || w == "\"" || w == "(" || w == ")" || w == "\xe2\x80\x9c" || w == "\xe2\x80\x9d";
}

bool is_be_form(std::string_view w) {
  return w == "was" || w == "were" || w == "been" || w == "being" || w == "is" || w == "are" || w == "be" ||
         w == "got" || w == "get";
}

std::vector<Cand> find_triggers(const Context& ctx) {
  const Document& doc = ctx.doc;
  const EventLexicon& lex = ctx.lex;
  std::vector<Cand> out;
  for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
    const Sentence& s = doc.sentences[si];
    size_t first = out.size();
    for (size_t i = s.tok_begin; i < s.tok_end; ++i) {
      int ci = ctx.chunk_of_tok[i];
      if (ci >= 0 && ctx.chunks[ci].kind != ChunkKind::Nominal) continue;
      if (doc.tokens[i].kind != TokenKind::Word) continue;
      // A capitalised trigger word mid-sentence belongs to a name.
      if ((doc.tokens[i].flags & kTokUpper) && i != s.tok_begin && !s.headline) continue;
      if (!ctx.may(EventLexicon::kMaskTrigger, i)) continue;
      int v = 0;
      int n = lex.trigger_phrases.match(ctx.low, i, s.tok_end, &v);
      if (!n) continue;
      Cand c;
      c.sent = si;
      c.tb = static_cast<uint32_t>(i);
      c.te = static_cast<uint32_t>(i + n);
      c.def = v;
      out.push_back(std::move(c));
      i += n - 1;
    }
    // Weak triggers need a strong one of their type in the sentence.
    std::vector<Cand> kept;
    for (size_t k = first; k < out.size(); ++k) {
      const TriggerDef& d = lex.triggers[out[k].def];
      if (d.flags & kWeak) {
        bool strong = false;
        for (size_t j = first; j < out.size() && !strong; ++j) {
          const TriggerDef& o = lex.triggers[out[j].def];
          strong = j != k && !(o.flags & kWeak) && o.type == d.type;
        }
        // A casualty word ("were injured") stands alone in a sentence with a number.
        if (!strong && (d.flags & kCasualty)) {
          for (size_t t = s.tok_begin; t < s.tok_end && !strong; ++t) strong = ctx.num_of_tok[t] >= 0;
          strong = strong && !(d.type != "ASSAULT");
        }
        if (!strong) continue;
      }
      kept.push_back(std::move(out[k]));
    }
    out.resize(first);
    // Contents of requests, promises and threats are not events of their own.
    bool in_content = false;
    for (auto& c : kept) {
      const TriggerDef& d = lex.triggers[c.def];
      if (in_content) c.absorbed = true;
      if ((d.flags & kSpeech) && (d.type == "REQUEST" || d.type == "AGREE" || d.type == "THREATEN" || d.type == "REJECT"))
        in_content = true;
      out.push_back(std::move(c));
    }
    // Absorbed: reset at a new reporting clause is rare in one sentence; keep simple.
    for (size_t k = first; k < out.size(); ++k) {
      Cand& c = out[k];
      c.definite = c.tb > s.tok_begin && (ctx.w(c.tb - 1) == "the" || ctx.w(c.tb - 1) == "this" ||
                                          ctx.w(c.tb - 1) == "that" ||
                                          (c.tb > s.tok_begin + 1 && ctx.w(c.tb - 2) == "the"));
    }
  }
  return out;
}

}  // namespace sitrep::events
