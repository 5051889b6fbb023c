// Test support (not part of the library): the lexicon compiled from the
// fixtures beside this file (cities.txt, admin1.json, data/), and a Document
// run through the stages that read it in the engine's order (lexicon layer,
// actors, geo, untagged actors). Shared by geo/ and actors/ tests.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "actors/actors.h"
#include "geo/geo.h"
#include "lexicon/builder.h"
#include "read/reader.h"
#include "text/tokenizer.h"

namespace sitrep::testing {

inline const Lexicon& fixture_lexicon() {
  static std::unique_ptr<Lexicon> l = [] {
    std::filesystem::path td = std::filesystem::path(__FILE__).parent_path();
    LexiconSources s;
    s.geonames = (td / "cities.txt").string();
    s.admin1_json = (td / "admin1.json").string();
    s.data_dir = (td / "data").string();
    s.alt_name_min_population = 10000;
    std::string bytes, err;
    LexiconBuildStats st;
    EXPECT_TRUE(build_lexicon(s, &bytes, &st, &err)) << err;
    return Lexicon::from_bytes(bytes, &err);
  }();
  return *l;
}

inline Document run_lexicon_stages(const std::string& text, std::vector<Entity> entities, const char* date) {
  Document d;
  d.text = text;
  d.meta.published = parse_iso_date(date);
  split_paragraphs(d, 0);
  segment(d);
  d.entities = std::move(entities);
  const Lexicon& lex = fixture_lexicon();
  annotate_lexicon(d, lex);
  link_actors(d, lex);
  annotate_geo(d, lex);
  add_untagged_actors(d, lex);
  return d;
}

// The entity one of whose mentions reads `mention`, or nullptr.
inline const Entity* find_mention(const Document& d, std::string_view mention) {
  for (const auto& e : d.entities)
    for (const auto& m : e.mentions)
      if (d.view(m.start, m.end) == mention) return &e;
  return nullptr;
}

}  // namespace sitrep::testing
