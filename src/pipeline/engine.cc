// The stage loop. Each stage is Document& → void; the order below is the data
// flow of ARCHITECTURE.md.
#include "sitrep/engine.h"

#include <cstdio>
#include <mutex>

#include "actors/actors.h"
#include "entities/entities.h"
#include "events/context.h"
#include "events/events.h"
#include "geo/geo.h"
#include "lexicon/lexicon.h"
#include "numbers/numbers.h"
#include "pipeline/resources.h"
#include "text/tokenizer.h"
#include "time/tables.h"
#include "time/timex.h"

namespace sitrep {

const char* version() { return "0.1.0"; }

Engine::Engine(const EngineOptions& options) : res_(std::make_unique<Resources>()) {
  res_->data_dir = locate_data_dir(options.data_dir);
  {  // entity tagger + tables: missing files mean no entities, with one warning
    std::string err;
    auto tables = std::make_shared<EntityTables>();
    if (load_entity_tables(options.data_dir, tables.get(), &err))
      res_->entity_tables = std::move(tables);
    else
      std::fprintf(stderr, "sitrep: warning: %s; entities will lack titles and nationalities\n", err.c_str());
    std::string path = find_resource(options.data_dir, "models/ner.bin");
    if (path.empty())
      err = "models/ner.bin not found";
    else if (auto m = ner::Model::load(path, &err))
      res_->ner = std::move(m);
    if (!res_->ner) std::fprintf(stderr, "sitrep: warning: %s; no entities will be tagged\n", err.c_str());
  }
  res_->events = events::load_event_lexicon_from_data(options.data_dir);
  // (A bad row or rule — "casualties.rules:12: rule x: unknown element FOO" — is
  // skipped; say so once per process, so a rule writer sees it.)
  if (!res_->events->errors.empty()) {
    static std::once_flag warned;
    std::call_once(warned, [&] {
      for (const auto& e : res_->events->errors)
        std::fprintf(stderr, "sitrep: warning: data/events: %s\n", e.c_str());
    });
  }
  res_->times = timex::load_time_tables(options.data_dir);
  // The lexicon: a missing or bad file is one warning per process, and the
  // engine runs without places and actors.
  std::string path = find_resource(options.data_dir, "lexicon.bin"), err;
  if (!path.empty())
    res_->lexicon = Lexicon::open(path, &err);
  else
    err = "lexicon.bin not found (run `sitrep lexicon build`)";
  if (!res_->lexicon) {
    static std::once_flag warned;
    std::call_once(warned,
                   [&] { std::fprintf(stderr, "sitrep: warning: %s; no places or actors\n", err.c_str()); });
  }
}

Engine::~Engine() = default;

void Engine::process(Document& doc) const {
  segment(doc);
  find_times(doc, res_->times.get());  // before numbers: a number inside a time expression is no quantity
  find_numbers(doc);
  static const EntityTables kNoTables;
  find_entities(doc, res_->ner.get(), res_->entity_tables ? *res_->entity_tables : kNoTables);
  // The country the report's outlet is named after or covers ("Radio Okapi"):
  // a weak focus for places, a home country for parties (events/context.h).
  if (res_->events) doc.source_country = events::outlet_country(*res_->events, doc.meta.source);
  if (res_->lexicon) {
    const Lexicon& lex = *res_->lexicon;
    annotate_lexicon(doc, lex);     // every lexicon key in the text, once
    link_actors(doc, lex);          // the tagger's entities that are actors
    annotate_geo(doc, lex);         // places and nationalities
    add_untagged_actors(doc, lex);  // actors the tagger missed; entities renumbered
  }
  if (res_->events) extract_events(doc, *res_->events);
}

}  // namespace sitrep
