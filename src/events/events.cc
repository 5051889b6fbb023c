#include "events/events.h"

#include "events/passes.h"

namespace sitrep {

namespace events {

Rule cue_rule(const Context& ctx, Cue c, size_t tb, size_t te) {
  std::string key;
  for (size_t k = tb; k < te && k < ctx.low.size(); ++k) {
    if (k > tb) key += ' ';
    key += ctx.low[k];
  }
  return rule_at(ctx, cue_name(c), tb, te, std::move(key));
}

Rule trigger_rule(const Context& ctx, const Cand& c) {
  const char* form = c.def >= 0 ? ctx.lex.triggers[c.def].form.c_str() : "";
  return rule_at(ctx, "trigger", c.tb, c.te, form);
}

}  // namespace events

void extract_events(Document& doc, const events::EventLexicon& lexicon) {
  doc.events.clear();
  doc.tallies.clear();
  if (doc.tokens.empty() || doc.sentences.empty() || lexicon.triggers.empty()) return;
  events::Context ctx(doc, lexicon);
  events::build_context(ctx);
  std::vector<events::Cand> cands = events::find_triggers(ctx);
  events::assign_roles(ctx, cands);
  auto sources = events::assign_attribution(ctx, cands);
  events::assign_modality_and_dates(ctx, cands);
  events::assign_casualties(ctx, cands, doc.tallies, sources);
  events::merge_events(ctx, cands, doc.events);
  events::apply_stated_totals(ctx, doc.events);
}

}  // namespace sitrep
