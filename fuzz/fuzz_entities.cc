// Fuzz target: arbitrary text through tokens, sentences, the tagger and the
// entity stage. Every mention must lie inside the text and every entity must
// have one; nothing may crash or read out of bounds.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "entities/entities.h"
#include "pipeline/resources.h"
#include "read/reader.h"
#include "text/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sitrep;
  static const std::unique_ptr<ner::Model> model = [] {
    std::string err, path = find_resource("", "models/ner.bin");
    return path.empty() ? nullptr : ner::Model::load(path, &err);
  }();
  static const EntityTables tables = [] {
    EntityTables t;
    std::string err;
    load_entity_tables("", &t, &err);
    return t;
  }();
  Document doc;
  doc.text.assign(reinterpret_cast<const char*>(data), size);
  const char* what = nullptr;
  if (find_bad_utf8(doc.text, &what) != std::string::npos) return 0;  // the reader refuses these
  split_paragraphs(doc, 0);
  segment(doc);
  find_entities(doc, model.get(), tables);
  for (const auto& e : doc.entities) {
    if (e.mentions.empty() || e.name.empty()) std::abort();
    for (const auto& m : e.mentions)
      if (m.start >= m.end || m.end > doc.text.size()) std::abort();
  }
  return 0;
}
