// placeholder, replaced below
#include "commands.h"
namespace sitrep::cli {
Command add_eval_geo(CLI::App& app) {
  auto* cmd = app.get_subcommand("eval")->add_subcommand("geo", "toponym recognition and resolution");
  return {cmd, []() -> int { return 0; }};
}
}  // namespace sitrep::cli
