// The tagger's gazetteer: keys fold like the lexicon's (case, particles), a
// table built from lexicon.bin and the cue file answers the same for any
// case, matches are the longest and carry BILOU positions, cue words have
// their class, and the table round-trips through its slots and filter.
#include "entities/gazetteer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "entities/ner.h"
#include "pipeline/resources.h"

namespace sitrep::ner {
namespace {

struct Tok {
  TokenWords gw;
  uint32_t gself = 0, gcode = 0;
  uint8_t gpos = 0;
};

TEST(Gazetteer, TokenWordsFoldCaseAndParticles) {
  auto same = [](const TokenWords& a, const TokenWords& b) {
    return a.n == b.n && a.overflow == b.overflow && std::equal(a.w, a.w + a.n, b.w);
  };
  EXPECT_TRUE(same(token_words("GAZA"), token_words("gaza")));
  EXPECT_TRUE(same(token_words("al-Mughazi"), token_words("Mughazi")));
  EXPECT_FALSE(same(token_words("Gaza"), token_words("Gazan")));
  EXPECT_EQ(token_words(",").n, 0);
  EXPECT_EQ(token_words("Khan").n, 1);
}

TEST(Gazetteer, TableFromLexiconIgnoresCase) {
  std::string lexicon = find_resource("", "lexicon.bin"), err;
  if (lexicon.empty()) GTEST_SKIP() << "no lexicon.bin (build the sitrep_lexicon target)";
  GazTable built;
  ASSERT_TRUE(built.build(lexicon, std::string(SITREP_TEST_DIR) + "/../data/entities/ner_cues.tsv", &err))
      << err;
  GazTable g;  // as a model file gives it back
  g.assign(built.slots().data(), static_cast<uint32_t>(built.slots().size()), built.filter().data(),
           static_cast<uint32_t>(built.filter().size()));
  ASSERT_FALSE(g.empty());
  EXPECT_EQ(g.keys(), built.keys());
  uint32_t paris = g.single(token_words("Paris"));
  EXPECT_TRUE(paris & kGazKey);
  EXPECT_TRUE(paris & kGazTown);
  EXPECT_EQ(g.single(token_words("PARIS")), paris);
  EXPECT_EQ(g.single(token_words("paris")), paris);
  EXPECT_TRUE(g.single(token_words("France")) & kGazCountry);
  EXPECT_EQ(g.cue(token_words("plc")), 1u << kGazCueShift);
  EXPECT_EQ(g.cue(token_words("FC")), 2u << kGazCueShift);
  EXPECT_EQ(g.cue(token_words("Ministry")), 3u << kGazCueShift);
  EXPECT_EQ(g.cue(token_words("walked")), 0u);

  // "flew to new york city": the longest match covers "new york" (or more),
  // and "flew" and "to" are in none.
  std::vector<std::string> words = {"flew", "to", "new", "york", "city"};
  std::vector<Tok> t(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    t[i].gw = token_words(words[i]);
    t[i].gself = g.single(t[i].gw);
  }
  gaz_matches(g, t.data(), static_cast<int>(t.size()));
  EXPECT_EQ(t[0].gpos, 0);
  EXPECT_EQ(t[1].gpos, 0);
  EXPECT_EQ(t[2].gpos, 1);  // B
  EXPECT_TRUE(t[3].gpos == 2 || t[3].gpos == 3);
  EXPECT_TRUE(t[2].gcode & kGazTown);
}

}  // namespace
}  // namespace sitrep::ner
