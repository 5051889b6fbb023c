// The tagger: span decoding, transition constraints, CoNLL reading and
// scoring, and training on tiny hand-made data (determinism, generalisation
// to unseen names, a model file that round-trips and rejects garbage).
#include "entities/ner.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "entities/conll.h"

namespace sitrep::ner {
namespace {

TEST(Ner, ClassesToSpans) {
  auto c = [](int type, int pos) { return static_cast<uint8_t>(1 + 4 * type + pos); };  // pos 0 B 1 I 2 L 3 U
  struct Case {
    std::vector<uint8_t> classes;
    std::vector<NerSpan> want;
  } cases[] = {
      {{0, 0, 0}, {}},
      {{c(kPer, 3)}, {{0, 1, kPer}}},
      {{c(kPer, 0), c(kPer, 2), 0, c(kLoc, 3)}, {{0, 2, kPer}, {3, 4, kLoc}}},
      {{c(kOrg, 0), c(kOrg, 1), c(kOrg, 2)}, {{0, 3, kOrg}}},
      {{c(kOrg, 0), c(kOrg, 1)}, {{0, 2, kOrg}}},                // unterminated: lenient
      {{c(kOrg, 0), c(kLoc, 2)}, {{0, 1, kOrg}, {1, 2, kLoc}}},  // broken type: two spans
  };
  for (const auto& k : cases) {
    std::vector<NerSpan> got;
    classes_to_spans(k.classes, 10, &got);
    std::vector<NerSpan> want = k.want;
    for (auto& s : want) s.begin += 10, s.end += 10;
    EXPECT_EQ(got, want);
  }
}

TEST(Ner, TransitionsFollowBilou) {
  int B = 1 + 4 * kPer, I = B + 1, L = B + 2, U = B + 3, Bl = 1 + 4 * kLoc + 1;
  EXPECT_TRUE(allowed(kClasses, 0));
  EXPECT_TRUE(allowed(kClasses, B));
  EXPECT_FALSE(allowed(kClasses, I));
  EXPECT_TRUE(allowed(B, I));
  EXPECT_TRUE(allowed(B, L));
  EXPECT_FALSE(allowed(B, 0));
  EXPECT_FALSE(allowed(B, Bl));
  EXPECT_TRUE(allowed(L, U));
  EXPECT_FALSE(allowed(U, L));
  EXPECT_FALSE(allowed_final(B));
  EXPECT_TRUE(allowed_final(L));
  EXPECT_TRUE(allowed_final(0));
}

TEST(Conll, ReadsDocumentsSentencesAndIob1) {
  const char* text =
      "-DOCSTART- -X- O O\n\n"
      "EU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\ncall NN I-NP O\n\n"
      "Peter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\nJohn NNP I-NP B-PER\n\n"
      "-DOCSTART- -X- O O\n\n"
      "BRUSSELS NNP I-NP I-LOC\nbad-line\n";
  ConllData d = parse_conll(text);
  ASSERT_EQ(d.docs.size(), 2u);
  EXPECT_EQ(d.tokens, 8u);
  EXPECT_EQ(d.bad_lines, 1u);
  EXPECT_EQ(d.docs[0].sentence_ends, (std::vector<uint32_t>{4, 7}));
  std::vector<NerSpan> want = {{0, 1, kOrg}, {2, 3, kMisc}, {4, 6, kPer}, {6, 7, kPer}};
  EXPECT_EQ(d.docs[0].gold, want);
  EXPECT_EQ(d.docs[1].gold, (std::vector<NerSpan>{{0, 1, kLoc}}));
}

TEST(Conll, ScoresExactSpans) {
  Score s;
  s.add({{0, 2, kPer}, {3, 4, kLoc}, {5, 6, kOrg}}, {{0, 2, kPer}, {3, 5, kLoc}, {5, 6, kMisc}});
  EXPECT_EQ(s.tp[kPer], 1u);
  EXPECT_EQ(s.fp[kLoc], 1u);
  EXPECT_EQ(s.fn[kLoc], 1u);
  EXPECT_EQ(s.fn[kOrg], 1u);
  EXPECT_EQ(s.fp[kMisc], 1u);
  EXPECT_NEAR(s.f1(-1), 1.0 / 3.0, 1e-9);
  EXPECT_DOUBLE_EQ(s.f1(kPer), 1.0);
  EXPECT_DOUBLE_EQ(s.f1_mask(1u << kOrg), 0.0);
}

// Tiny synthetic news: "<First> <Last> said on <Day> in <City> ." and
// "<Org> Bank raised rates ." — names drawn from small lists.
std::vector<TrainDoc> synthetic(int docs, int offset) {
  const char* firsts[] = {"John",   "Maria", "Ahmed", "Li",   "Olga", "Pedro",
                          "Fatima", "Kenji", "Anna",  "Omar", "Sara", "Ivan"};
  const char* lasts[] = {"Smith", "Lopez", "Hassan", "Wei",  "Petrova", "Silva",
                         "Zahra", "Sato",  "Berg",   "Khan", "Novak",   "Reyes"};
  const char* cities[] = {"Paris", "Cairo", "Lima",  "Oslo", "Dakar", "Quito",
                          "Hanoi", "Accra", "Sofia", "Riga", "Minsk", "Kabul"};
  const char* orgs[] = {"Alpha", "Delta",  "Sigma", "Orion", "Vega",  "Atlas",
                        "Nova",  "Zenith", "Polar", "Apex",  "Crest", "Summit"};
  const char* days[] = {"Monday", "Tuesday", "Friday"};
  std::vector<TrainDoc> out;
  for (int d = 0; d < docs; ++d) {
    TrainDoc doc;
    for (int s = 0; s < 4; ++s) {
      int k = (d * 4 + s) * 7 + offset;
      uint32_t b = static_cast<uint32_t>(doc.tokens.size());
      if (s % 2 == 0) {
        doc.tokens.insert(doc.tokens.end(), {firsts[k % 12], lasts[(k / 3) % 12], "said", "on", days[k % 3],
                                             "in", cities[(k / 2) % 12], "."});
        doc.gold.push_back({b, b + 2, kPer});
        doc.gold.push_back({b + 6, b + 7, kLoc});
      } else {
        doc.tokens.insert(doc.tokens.end(), {"the", orgs[k % 12], "Bank", "raised", "rates", "."});
        doc.gold.push_back({b + 1, b + 3, kOrg});
      }
      doc.sentence_ends.push_back(static_cast<uint32_t>(doc.tokens.size()));
    }
    out.push_back(std::move(doc));
  }
  return out;
}

TEST(Ner, TrainsDeterministicallyAndTagsUnseenNames) {
  auto train_docs = synthetic(30, 0);
  auto dev_docs = synthetic(5, 3);
  TrainOptions opt;
  opt.epochs = 5;
  opt.seed = 7;
  opt.verbose = false;
  TrainReport r1, r2;
  auto a = train(train_docs, dev_docs, opt, &r1);
  auto b = train(train_docs, dev_docs, opt, &r2);
  EXPECT_EQ(a, b) << "same data and seed must give the same bytes";
  EXPECT_GT(r1.best_dev_f1, 0.9);
  std::string err;
  auto m = Model::from_bytes(a, &err);
  ASSERT_TRUE(m) << err;
  // Names and a city the training data never had.
  std::vector<std::string_view> toks = {"Greta", "Holm", "said",     "on",   "Monday", "in",    "Tromso",
                                        ".",     "the",  "Borealis", "Bank", "raised", "rates", "."};
  std::vector<uint32_t> ends = {8, 14};
  auto spans = m->tag(TagInput{toks, ends});
  std::vector<NerSpan> want = {{0, 2, kPer}, {6, 7, kLoc}, {9, 11, kOrg}};
  EXPECT_EQ(spans, want);
}

// The tagger keeps per-thread buffers and remembered texts between tag()
// calls. A document's spans must not depend on them: the same in a fresh
// thread as after longer documents and another model's, with sentences of
// one token and of none (whose emission sums read the sentence-edge rows on
// both sides). Before the emission sums left the Tagger class, clang 14 (the
// fuzz build's compiler) read their sentence and output as null pointers
// and this crashed at the first tag().
TEST(Ner, SpansDoNotDependOnWhatTheThreadTaggedBefore) {
  TrainOptions opt;
  opt.epochs = 5;
  opt.seed = 7;
  opt.verbose = false;
  TrainReport r;
  std::string err;
  auto a = Model::from_bytes(train(synthetic(30, 0), synthetic(5, 3), opt, &r), &err);
  ASSERT_TRUE(a) << err;
  opt.seed = 8;
  auto b = Model::from_bytes(train(synthetic(20, 5), synthetic(5, 3), opt, &r), &err);
  ASSERT_TRUE(b) << err;
  std::vector<std::string_view> toks = {"Greta", "Holm", "said",     "on",   "Monday", "in",    "Tromso", ".",
                                        "Oslo",  "the",  "Borealis", "Bank", "raised", "rates", "."};
  std::vector<uint32_t> ends = {8, 8, 9, 15};  // an empty sentence, then one of one token
  const TagInput doc{toks, ends};
  std::vector<NerSpan> fresh;
  std::thread([&] { fresh = a->tag(doc); }).join();
  EXPECT_EQ(fresh, (std::vector<NerSpan>{{0, 2, kPer}, {6, 7, kLoc}, {10, 12, kOrg}}));
  // This thread first tags longer documents, with the other model too.
  for (const TrainDoc& d : synthetic(3, 9)) {
    std::vector<std::string_view> t(d.tokens.begin(), d.tokens.end());
    (void)b->tag(TagInput{t, d.sentence_ends});
    (void)a->tag(TagInput{t, d.sentence_ends});
  }
  EXPECT_EQ(a->tag(doc), fresh);
  (void)b->tag(doc);
  EXPECT_EQ(a->tag(doc), fresh);
}

TEST(Ner, RejectsBadModelFiles) {
  std::string err;
  EXPECT_FALSE(Model::from_bytes(std::vector<uint8_t>(10, 0), &err));
  EXPECT_FALSE(err.empty());
  std::vector<uint8_t> junk(4096, 0x41);
  EXPECT_FALSE(Model::from_bytes(junk, &err));
  EXPECT_FALSE(Model::load("/nonexistent/ner.bin", &err));
  // A real image cut short is refused, not read past its end.
  TrainOptions opt;
  opt.epochs = 1;
  opt.verbose = false;
  TrainReport r;
  auto img = train(synthetic(3, 0), synthetic(1, 1), opt, &r);
  img.resize(img.size() / 2);
  EXPECT_FALSE(Model::from_bytes(img, &err));
}

TEST(Ner, EmptyAndDegenerateInputs) {
  TrainOptions opt;
  opt.epochs = 1;
  opt.verbose = false;
  TrainReport r;
  std::string err;
  auto m = Model::from_bytes(train(synthetic(2, 0), synthetic(1, 1), opt, &r), &err);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->tag(TagInput{}).empty());
  std::vector<std::string_view> toks = {"", "\xE2\x80\x9C", "x"};
  std::vector<uint32_t> bad_ends = {2, 1, 99};  // not ascending, past the end
  (void)m->tag(TagInput{toks, bad_ends});       // must not crash
}

}  // namespace
}  // namespace sitrep::ner

namespace sitrep::ner {
namespace {

TEST(Ner, CaseModeAndChangeCase) {
  auto mode = [](std::vector<std::string_view> t) { return case_mode(t); };
  EXPECT_EQ(mode({"Police", "said", "two", "men", "died", "in", "Lima"}), kMixedCase);
  EXPECT_EQ(mode({"police", "said", "two", "men", "died", "in", "lima"}), kNoCaps);
  EXPECT_EQ(mode({"POLICE", "SAID", "TWO", "MEN", "DIED", "IN", "LIMA"}), kAllCaps);
  EXPECT_EQ(change_case("S\xC3\xA3o Paulo", true), "S\xC3\x83O PAULO");
  EXPECT_EQ(change_case("S\xC3\x83O", false), "s\xC3\xA3o");
}

TEST(Ner, CaseCopiesTrainACaselessReading) {
  auto train_docs = synthetic(30, 0);
  auto dev_docs = synthetic(5, 3);
  TrainOptions opt;
  opt.epochs = 5;
  opt.seed = 7;
  opt.verbose = false;
  TrainReport rep;
  auto bytes = train(train_docs, dev_docs, opt, &rep);
  EXPECT_GT(rep.caseless_dev_f1, 0.5);
  std::string err;
  auto m = Model::from_bytes(bytes, &err);
  ASSERT_TRUE(m) << err;
  // The same report as written, lower-cased and upper-cased: the spans agree.
  const TrainDoc& d = dev_docs[0];
  std::vector<std::string_view> as_is(d.tokens.begin(), d.tokens.end());
  TrainDoc low = change_case(d, false), up = change_case(d, true);
  std::vector<std::string_view> lv(low.tokens.begin(), low.tokens.end()),
      uv(up.tokens.begin(), up.tokens.end());
  auto a = m->tag(TagInput{as_is, d.sentence_ends});
  EXPECT_EQ(a, d.gold);
  EXPECT_EQ(m->tag(TagInput{lv, d.sentence_ends}), a);
  EXPECT_EQ(m->tag(TagInput{uv, d.sentence_ends}), a);
}

}  // namespace
}  // namespace sitrep::ner
