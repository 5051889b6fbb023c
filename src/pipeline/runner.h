// Runs the engine over inputs on N threads and hands results back in input
// order, so output is identical whatever the thread count.
// Input: command-line inputs, a Reader, an Engine. Output: sink(doc) for each
// document read and processed, on_error(err) for each read failure or warning,
// both called in input order from one thread at a time. Memory: at most about
// 8 × threads documents in flight.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "read/reader.h"
#include "sitrep/engine.h"

namespace sitrep {

struct RunStats {
  size_t documents = 0;  // read and processed
  size_t failed = 0;     // inputs or reports that could not be read
  size_t warnings = 0;
  size_t bytes = 0;  // document text bytes processed
};

RunStats run_inputs(const Engine& engine, const Reader& reader, const std::vector<std::string>& inputs,
                    int threads, const std::function<void(Document&)>& sink,
                    const std::function<void(const ReadError&)>& on_error);

// The same, with a `render` step that runs on the worker threads right after
// the engine (e.g. serialising to JSON); sink receives its result in order.
RunStats run_inputs(const Engine& engine, const Reader& reader, const std::vector<std::string>& inputs,
                    int threads, const std::function<std::string(const Document&)>& render,
                    const std::function<void(Document&, std::string&)>& sink,
                    const std::function<void(const ReadError&)>& on_error);

}  // namespace sitrep
