// The stage loop. Each stage is Document& → void; the order below is the data
// flow of ARCHITECTURE.md.
#include "sitrep/engine.h"

#include "events/events.h"
#include "numbers/numbers.h"
#include "pipeline/resources.h"
#include "text/tokenizer.h"
#include "time/timex.h"

namespace sitrep {

const char* version() { return "0.1.0"; }

Engine::Engine(const EngineOptions& options) : res_(std::make_unique<Resources>()) {
  res_->data_dir = locate_data_dir(options.data_dir);
  res_->events = events::load_event_lexicon_from_data(options.data_dir);
}

Engine::~Engine() = default;

void Engine::process(Document& doc) const {
  segment(doc);
  find_times(doc);    // before numbers: a number inside a time expression is no quantity
  find_numbers(doc);
  if (res_->events) extract_events(doc, *res_->events);
}

}  // namespace sitrep
