// One function per subcommand, each in its own file: it declares its flags on
// the CLI11 subcommand and returns the callback that runs it. Flags shared by
// several subcommands are declared once, in flags.h.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace sitrep::cli {

// A subcommand's body; returns the process exit status.
using Run = std::function<int()>;

struct Command {
  CLI::App* app;  // the CLI11 subcommand, with its flags
  Run run;
};

Command add_extract(CLI::App& app);
Command add_eval_times(CLI::App& app);  // under "eval"
Command add_train_ner(CLI::App& train);
Command add_train_events(CLI::App& train);
Command add_eval_ner(CLI::App& eval);
Command add_lexicon_build(CLI::App& app);
Command add_lexicon_lookup(CLI::App& app);
Command add_eval_geo(CLI::App& app);
Command add_ingest(CLI::App& app);
Command add_events(CLI::App& app);
Command add_show(CLI::App& app);
Command add_tallies(CLI::App& app);
Command add_eval_events(CLI::App& app);  // under "eval"
Command add_eval_plover(CLI::App& app);  // under "eval"
Command add_serve(CLI::App& app);

}  // namespace sitrep::cli
