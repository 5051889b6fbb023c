// Events, pass 7: stated totals. Input: the merged events. An editor's note that
// states the report's total dead outright ("Unknown fatalities coded as 10",
// "Fatalities are split across 3 events (5)"; rules of use `stated-total` in
// data/events/casualties.rules) replaces the killed figures of the report's real
// events: the event with the most dead (else the first assault) carries the
// total, the others none. "… coded as 3, in addition to 2 known fatalities"
// adds the figures told before; "split across three events" with no figure
// gives the carrier its even share of the dead told. The last such note of
// the report wins.
#include "events/passes.h"
#include "events/pattern.h"

namespace sitrep::events {

namespace {

struct TotalsTag {};

int64_t killed_of(const Event& e) {
  if (!e.casualties.killed) return 0;
  return e.casualties.killed->low.value_or(e.casualties.killed->high.value_or(0));
}

bool is_real(const Event& e) { return e.modality == "asserted"sv; }

// The event that carries the report's total: the real assault with the most
// dead, else the first real assault; -1 when the report tells none.
int carrier(const std::vector<Event>& events) {
  int best = -1;
  for (size_t k = 0; k < events.size(); ++k) {
    if (!is_real(events[k]) || events[k].type != "ASSAULT"sv) continue;
    if (best < 0 || killed_of(events[k]) > killed_of(events[best])) best = static_cast<int>(k);
  }
  return best;
}

}  // namespace

void apply_stated_totals(const Context& ctx, std::vector<Event>& events) {
  const auto& R = pass_names<TotalsTag, 1, 1>(ctx, "stated-start", "stated-total");
  const PatternSet& set = *R.set;
  PatMatch m, last;
  // (Only from a rule's first word: one class probe per token, most rejected by its filter.)
  for (size_t t = 0; t < ctx.doc.tokens.size(); ++t)
    if (R.has_at(0, ctx, t) && set.match_at(ctx, R.use[0], t, ctx.doc.tokens.size(), m))
      last = m, t = m.e - 1;
  if (last.rule < 0) return;
  const PatRule& rule = set.rule(last.rule);
  int cap = -1;
  for (const PatAction& a : rule.actions)
    if (a.key == "total"sv || a.key == "parts"sv) cap = a.capture;
  if (!last.has(cap)) return;
  int ni = ctx.num_of_tok[last.cap_b[cap]];
  if (ni < 0 || !ctx.nums[ni].low) return;
  int c = carrier(events);
  if (c < 0) return;
  int64_t total = *ctx.nums[ni].low, told = 0;
  for (const Event& e : events)
    if (is_real(e)) told += killed_of(e);
  std::string_view how = rule.action("stated-total");
  if (how == "add"sv) total += told;
  // ("split across three events": this event's part of the dead told.)
  bool divide = how == "divide"sv;
  if (divide && total <= 0) return;
  if (divide) total = told / total;
  for (Event& e : events)
    if (is_real(e)) e.casualties.killed.reset();
  Interval iv;
  iv.low = iv.high = total;
  const auto& tok = ctx.doc.tokens;
  // (The words of the figure; of the whole note where the figure is a share.)
  size_t b = divide ? last.b : last.cap_b[cap], e = divide ? last.e : last.cap_e[cap];
  iv.text = ctx.doc.text.substr(tok[b].start, tok[e - 1].end - tok[b].start);
  iv.why.assign(1, rule_at(ctx, rule.name, last.b, last.e));
  events[c].casualties.killed = std::move(iv);
}

}  // namespace sitrep::events
