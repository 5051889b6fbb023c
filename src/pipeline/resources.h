// Run-time resources an Engine holds: located once, loaded once, read-only
// afterwards. Each stage that needs data adds its handle here.
#pragma once

#include <memory>
#include <string>

namespace sitrep {

namespace events {
struct EventLexicon;
}
namespace ner {
class Model;
}
namespace timex {
class TimeTables;
}
struct EntityTables;
class Lexicon;

struct Resources {
  std::string data_dir;                                // where lexicon.bin and models/ were found ("" = none)
  std::shared_ptr<const ner::Model> ner;               // models/ner.bin; null: no tagger (no entities)
  std::shared_ptr<const EntityTables> entity_tables;   // entities/*.tsv (src/entities/)
  std::shared_ptr<const Lexicon> lexicon;              // memory-mapped lexicon.bin; null when missing
  std::shared_ptr<const events::EventLexicon> events;  // events/*.tsv (src/events/)
  std::shared_ptr<const timex::TimeTables> times;      // time/*.tsv (src/time/)
};

// Finds the resource folder: explicit dir, $SITREP_DATA, the build tree
// (SITREP_BUILD_DATA_DIR), the source tree's data/ (SITREP_SOURCE_DATA_DIR).
std::string locate_data_dir(const std::string& explicit_dir);

// Path of a named resource ("lexicon.bin", "models/ner.bin") in the first
// candidate folder that has it; "" when none has.
std::string find_resource(const std::string& explicit_dir, const std::string& name);

}  // namespace sitrep
