// Flags shared by several subcommands, defined once.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sitrep/date.h"

namespace sitrep::cli {

struct InputFlags {
  std::vector<std::string> inputs;
  std::string date;
  int threads = 1;
  std::string data_dir;

  void add(CLI::App* cmd) {
    cmd->add_option("INPUT", inputs,
                    "reports: seed-format or plain-text files, JSON Lines (.jsonl), any of them .gz, "
                    "directories (recursive), or - for stdin (the default)");
    cmd->add_option("--date", date, "published date YYYY-MM-DD for inputs that carry none");
    cmd->add_option("--threads,-j", threads, "worker threads (0 = one per core)")->check(CLI::Range(0, 256));
    cmd->add_option("--data", data_dir, "folder with lexicon.bin and models/ (default: found automatically)");
  }

  // Checks the values; returns an error message or "".
  std::string check(std::optional<Date>* out_date) {
    if (inputs.empty()) inputs.push_back("-");
    if (threads == 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    if (!date.empty()) {
      auto d = parse_iso_date(date);
      if (!d) return "--date: \"" + date + "\" is not a real date in the form YYYY-MM-DD";
      *out_date = d;
    }
    return "";
  }
};

}  // namespace sitrep::cli
