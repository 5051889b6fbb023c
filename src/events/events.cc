#include "events/events.h"

#include "events/passes.h"

namespace sitrep {

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
}

}  // namespace sitrep
