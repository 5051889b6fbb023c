// The library facade: what the CLI, the server and the Python binding call.
// An Engine loads its resources (lexicon, tagger model) once and is then
// immutable: process() may be called from many threads at once.
#pragma once

#include <memory>
#include <string>

#include "sitrep/document.h"

namespace sitrep {

struct EngineOptions {
  // Folder holding the run-time resources (lexicon.bin, models/). Empty: the
  // SITREP_DATA environment variable, else the build tree's, else the
  // installed share/sitrep next to the binary.
  std::string data_dir;
};

struct Resources;  // loaded lexicon, models (src/pipeline/resources.h)

class Engine {
 public:
  explicit Engine(const EngineOptions& options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Runs every stage over a document the reader produced.
  void process(Document& doc) const;

  const Resources& resources() const { return *res_; }

 private:
  std::unique_ptr<Resources> res_;
};

// "0.1.0"
const char* version();

}  // namespace sitrep
