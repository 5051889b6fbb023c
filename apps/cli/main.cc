// sitrep: the command-line front end. It parses flags and calls the library;
// it holds no extraction logic of its own.
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "sitrep/engine.h"

int main(int argc, char** argv) {
  CLI::App app{"sitrep: dated news reports -> sourced, geolocated, deduplicated event records"};
  app.set_version_flag("--version", std::string("sitrep ") + sitrep::version());
  app.require_subcommand(1);
  // Parents of nested subcommands ("sitrep eval times", "sitrep train ner" …).
  auto* eval = app.add_subcommand("eval", "measure the engine against annotated data")->require_subcommand(1);
  auto* train = app.add_subcommand("train", "train a model from annotated data")->require_subcommand(1);
  auto* lexicon =
      app.add_subcommand("lexicon", "build and query the compiled lexicon")->require_subcommand(1);
  (void)eval;
  (void)train;
  (void)lexicon;
  // One line per leaf subcommand; each lives in its own cmd_*.cc file.
  std::vector<sitrep::cli::Command> commands = {
      sitrep::cli::add_extract(app),        sitrep::cli::add_eval_times(app),
      sitrep::cli::add_train_ner(*train),   sitrep::cli::add_train_events(*train),
      sitrep::cli::add_eval_ner(*eval),     sitrep::cli::add_lexicon_build(app),
      sitrep::cli::add_lexicon_lookup(app), sitrep::cli::add_eval_geo(app),
      sitrep::cli::add_ingest(app),         sitrep::cli::add_events(app),
      sitrep::cli::add_show(app),           sitrep::cli::add_tallies(app),
      sitrep::cli::add_eval_events(app),    sitrep::cli::add_eval_plover(app),
      sitrep::cli::add_serve(app),
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  for (const auto& c : commands) {
    if (!c.app->parsed()) continue;
    try {
      return c.run();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "sitrep %s: error: %s\n", c.app->get_name().c_str(), e.what());
      return 1;
    }
  }
  return 2;
}
