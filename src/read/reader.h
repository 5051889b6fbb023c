// Reader: turns inputs into Documents, and bad inputs into errors, never both
// and never neither.
// Input: file paths (seed format " date YYYY-MM-DD " + body, JSON Lines, plain
// text), any of them gzip-compressed, directories (recursive, sorted), "-" for
// stdin. Output: for each report, in input order, either one Document (text,
// meta, id, paragraphs) or one ReadError naming the input, line and byte offset.
// Invariants: document text is valid UTF-8 without NUL bytes; the id is a hash
// of text + published date, so stable across runs. Cost: one pass over bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "sitrep/document.h"

namespace sitrep {

struct ReadError {
  std::string input;    // path, or "-" for stdin
  uint64_t line = 0;    // 1-based line of the input where the report starts (0 = n/a)
  uint64_t offset = 0;  // byte offset in the (decompressed) input
  std::string message;
  bool warning = false;  // the document was still produced (e.g. no date)
  // "input:line: byte N: message" — the one line printed to stderr.
  std::string format() const;
};

struct ReaderOptions {
  std::optional<Date> default_date;       // --date: for plain text, and JSONL lines without one
  size_t max_document_bytes = 32u << 20;  // larger reports are refused, not truncated
};

enum class InputFormat { Auto, Seed, Jsonl, Text };

using DocumentFn = std::function<void(Document&&)>;
using ErrorFn = std::function<void(const ReadError&)>;

class Reader {
 public:
  explicit Reader(ReaderOptions options = {}) : opt_(std::move(options)) {}

  // Reads one command-line input: a file, a directory (recursively, in sorted
  // path order) or "-" for stdin. Each report gives exactly one callback.
  void read(const std::string& input, const DocumentFn& on_doc, const ErrorFn& on_error) const;

  // Reads bytes already in memory as if they were the file `name`.
  void read_bytes(const std::string& name, std::string_view bytes, const DocumentFn& on_doc,
                  const ErrorFn& on_error, InputFormat format = InputFormat::Auto) const;

  // Builds a document from one JSON Lines record (the server and the Python
  // binding use this too). Returns false and fills `err` when the record is bad.
  bool from_json_line(std::string_view line, const std::string& input, uint64_t line_no, uint64_t offset,
                      Document& doc, ReadError& err) const;

 private:
  void read_stream(const std::string& name, void* gz, const DocumentFn& on_doc,
                   const ErrorFn& on_error) const;
  ReaderOptions opt_;
};

// Checks UTF-8 validity and the absence of NUL bytes; returns the offset of the
// first bad byte, or npos. `what` is set to a short description.
size_t find_bad_utf8(std::string_view s, const char** what);

// The stable document id: "d:" + 16 hex digits of a 64-bit hash of the text and
// the published date.
std::string document_id(std::string_view text, const std::optional<Date>& published);

// Splits the text into paragraphs (blank-line separated when the text has blank
// lines, else one per line) and marks headlines: the first `title_bytes` bytes,
// and short single lines without final punctuation.
void split_paragraphs(Document& doc, size_t title_bytes);

}  // namespace sitrep
