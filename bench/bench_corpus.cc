#include "bench_corpus.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "read/reader.h"

namespace sitrep {

const std::vector<Document>& bench_documents() {
  static const std::vector<Document> docs = [] {
    std::vector<Document> out;
    const char* env = std::getenv("SITREP_BENCH_CORPUS");
    std::string path = env && *env ? env : SITREP_DEFAULT_BENCH_CORPUS;
    Reader reader(ReaderOptions{Date{2000, 1, 1}});
    reader.read(
        path, [&](Document&& d) { out.push_back(std::move(d)); }, [](const ReadError&) {});
    if (out.empty()) {
      std::fprintf(stderr, "bench: no documents in %s (set SITREP_BENCH_CORPUS)\n", path.c_str());
      std::exit(2);
    }
    return out;
  }();
  return docs;
}

void check_segmentation(const std::vector<Document>& docs) {
  for (const auto& d : docs) {
    uint32_t prev = 0;
    for (const auto& t : d.tokens) {
      const auto& s = d.sentences.at(t.sentence);
      bool ok = t.start >= prev && t.end > t.start && t.start >= s.start && t.end <= s.end;
      for (uint32_t i = t.start; ok && i < t.end; ++i) ok = d.text[i] != ' ' && d.text[i] != '\n';
      if (!ok) {
        std::fprintf(stderr, "bench: segmentation invariant broken in %s at byte %u\n",
                     d.meta.input_id.c_str(), t.start);
        std::exit(3);
      }
      prev = t.end;
    }
  }
}

}  // namespace sitrep
