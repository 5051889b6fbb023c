#include "read/reader.h"

#include <gtest/gtest.h>

#include <vector>

namespace sitrep {
namespace {

struct Collected {
  std::vector<Document> docs;
  std::vector<ReadError> errors;
};

Collected read_bytes(std::string_view bytes, const std::string& name = "in.txt", ReaderOptions opt = {},
                     InputFormat format = InputFormat::Auto) {
  Collected c;
  Reader r(opt);
  r.read_bytes(name, bytes, [&](Document&& d) { c.docs.push_back(std::move(d)); },
               [&](const ReadError& e) { c.errors.push_back(e); }, format);
  return c;
}

TEST(Reader, SeedFormatHeaderAndBody) {
  auto c = read_bytes(" date 2023-11-06 First paragraph here.\n\nSecond one.\n", "seed.txt");
  ASSERT_EQ(c.docs.size(), 1u);
  ASSERT_TRUE(c.errors.empty());
  const Document& d = c.docs[0];
  EXPECT_EQ(d.text, "First paragraph here.\n\nSecond one.\n");
  ASSERT_TRUE(d.meta.published);
  EXPECT_EQ(d.meta.published->iso(), "2023-11-06");
  EXPECT_EQ(d.meta.input_id, "seed.txt");
  ASSERT_EQ(d.paragraphs.size(), 2u);
  EXPECT_EQ(d.view(d.paragraphs[1].start, d.paragraphs[1].end), "Second one.");
}

TEST(Reader, HeadlinesAreShortLinesWithoutFinalPunctuation) {
  auto c = read_bytes(" date 2023-11-06 Body sentence one.\n\nLeader meets envoy, extends support\n\nMore body text.\n");
  ASSERT_EQ(c.docs.size(), 1u);
  const auto& p = c.docs[0].paragraphs;
  ASSERT_EQ(p.size(), 3u);
  EXPECT_FALSE(p[0].headline);
  EXPECT_TRUE(p[1].headline);
  EXPECT_FALSE(p[2].headline);
}

TEST(Reader, JsonLinesWithTitleAndExtraFields) {
  auto c = read_bytes(
      R"({"id":"a1","date":"2024-01-02","title":"Big news","text":"Body.","source":"Wire","url":"http://x","lang":"en"})"
      "\n",
      "in.jsonl");
  ASSERT_EQ(c.docs.size(), 1u);
  const Document& d = c.docs[0];
  EXPECT_EQ(d.text, "Big news\n\nBody.");
  EXPECT_EQ(d.meta.input_id, "a1");
  EXPECT_EQ(*d.meta.source, "Wire");
  EXPECT_EQ(d.meta.extra_json, R"({"lang":"en"})");
  ASSERT_FALSE(d.paragraphs.empty());
  EXPECT_TRUE(d.paragraphs[0].headline);
}

TEST(Reader, JsonLineWithoutIdIsNamedByPathAndLine) {
  auto c = read_bytes("{\"date\":\"2024-01-02\",\"text\":\"One.\"}\n\n{\"date\":\"2024-01-02\",\"text\":\"Two.\"}\n",
                      "f.jsonl");
  ASSERT_EQ(c.docs.size(), 2u);
  EXPECT_EQ(c.docs[0].meta.input_id, "f.jsonl:1");
  EXPECT_EQ(c.docs[1].meta.input_id, "f.jsonl:3");
}

struct BadCase {
  const char* name;
  std::string bytes;
  uint64_t line;
  uint64_t offset;
  const char* needle;
};

TEST(Reader, BadInputsGiveOneErrorWithPosition) {
  std::vector<BadCase> cases = {
      {"invalid utf8", std::string(" date 2023-11-06 Good text \xC3\x28 here.", 35), 1, 27, "UTF-8"},
      {"nul byte", std::string(" date 2023-11-06 ab\0cd", 22), 1, 19, "NUL"},
      {"empty", " date 2023-11-06   \n\n", 1, 17, "empty"},
      {"impossible date", " date 2023-02-30 Text.", 1, 6, "date"},
      {"malformed json", "{\"date\":\"2024-01-02\",\"text\":\"ok\"}\n{\"date\": \"2024-01-02\", \"text\": }\n", 2, 65,
       "malformed JSON"},
      {"json no text", "{\"date\":\"2024-01-02\"}\n", 1, 0, "text"},
      {"json bad date", "{\"date\":\"2024-13-01\",\"text\":\"x\"}\n", 1, 0, "date"},
  };
  for (const auto& bc : cases) {
    auto c = read_bytes(bc.bytes, "bad.txt");
    ASSERT_EQ(c.errors.size(), 1u) << bc.name;
    EXPECT_EQ(c.errors[0].line, bc.line) << bc.name;
    EXPECT_EQ(c.errors[0].offset, bc.offset) << bc.name << ": " << c.errors[0].format();
    EXPECT_NE(c.errors[0].format().find(bc.needle), std::string::npos) << c.errors[0].format();
    EXPECT_NE(c.errors[0].format().find("bad.txt"), std::string::npos);
  }
}

TEST(Reader, MalformedLineDoesNotLoseTheNextOne) {
  auto c = read_bytes("{\"date\":\"2024-01-02\",\"text\":\"One.\"}\n{oops\n{\"date\":\"2024-01-02\",\"text\":\"Three.\"}\n",
                      "f.jsonl");
  EXPECT_EQ(c.docs.size(), 2u);
  EXPECT_EQ(c.errors.size(), 1u);
}

// Regression (fuzz_reader crash dd5457de): a JSON number too large for a double
// threw out_of_range past the parse_error handler and aborted the run.
TEST(Reader, FuzzHugeJsonNumberIsAnErrorNotACrash) {
  auto c = read_bytes("[\n!\n" + std::string(300, '6') + "E666]\n{\"date\":\"2024-01-02\",\"text\":\"ok\"}\n",
                      "f.jsonl", {}, InputFormat::Jsonl);
  EXPECT_EQ(c.docs.size(), 1u);
  ASSERT_EQ(c.errors.size(), 3u);
  EXPECT_EQ(c.errors[2].line, 3u);
  EXPECT_NE(c.errors[2].message.find("malformed JSON"), std::string::npos);
}

TEST(Reader, MissingDateIsAWarningAndTheDocumentStays) {
  auto c = read_bytes("Plain text without a date.", "plain.txt");
  ASSERT_EQ(c.docs.size(), 1u);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_TRUE(c.errors[0].warning);
  EXPECT_FALSE(c.docs[0].meta.published);
  auto d = read_bytes("Plain text without a date.", "plain.txt", ReaderOptions{Date{2020, 5, 6}});
  ASSERT_EQ(d.docs.size(), 1u);
  EXPECT_TRUE(d.errors.empty());
  EXPECT_EQ(d.docs[0].meta.published->iso(), "2020-05-06");
}

TEST(Reader, OversizedReportIsRefusedWhole) {
  ReaderOptions opt;
  opt.max_document_bytes = 100;
  auto c = read_bytes(std::string(500, 'a'), "big.txt", opt);
  EXPECT_TRUE(c.docs.empty());
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].message.find("larger"), std::string::npos);
}

TEST(Reader, IdDependsOnTextAndDateOnly) {
  auto a = read_bytes(" date 2023-11-06 Same text.", "a.txt");
  auto b = read_bytes(" date 2023-11-06 Same text.", "b.txt");
  auto c = read_bytes(" date 2023-11-07 Same text.", "a.txt");
  ASSERT_EQ(a.docs.size(), 1u);
  EXPECT_EQ(a.docs[0].meta.id, b.docs[0].meta.id);
  EXPECT_NE(a.docs[0].meta.id, c.docs[0].meta.id);
  EXPECT_EQ(a.docs[0].meta.id.size(), 18u);
}

TEST(Utf8, AcceptsValidRejectsInvalid) {
  const char* what = nullptr;
  EXPECT_EQ(find_bad_utf8("plain ascii text that is long enough", &what), std::string_view::npos);
  EXPECT_EQ(find_bad_utf8("Khān Yūnis — “quoted” ʿ 😀", &what), std::string_view::npos);
  EXPECT_EQ(find_bad_utf8("ab\xE2\x80", &what), 2u);             // truncated
  EXPECT_EQ(find_bad_utf8("ab\xC0\xAF", &what), 2u);             // overlong
  EXPECT_EQ(find_bad_utf8("abcdefgh\xED\xA0\x80", &what), 8u);   // surrogate
  EXPECT_EQ(find_bad_utf8(std::string_view("abcdefghij\0", 11), &what), 10u);
}

// Records of known string fields take a fast parser; one more field (kept as
// extra_json) sends the same record through the general one. Both must read
// the same document.
TEST(Reader, FastAndGeneralJsonPathsAgree) {
  const char* cases[] = {
      R"({"id":"a1","date":"2024-01-02","title":"Big news","text":"Body.","source":"Wire","url":"http://x")",
      R"({"text":"Caf\u00e9 \ud83d\ude00 \"q\" \\ \n\nPara two.","date":null,"id":null)",
      R"({"text":"first","text":"second","title":"","date":"2024-01-02T10:00:00Z")",
      R"({"id":7,"text":"A number id.")",                 // not a string: general path both times
      R"({"text":"Bad date.","date":"2024-02-30")",       // an error either way
      R"({"text":"x","text":null)",                       // the last "text" is not a string
  };
  for (const char* c : cases) {
    Reader r;
    Document fast, general;
    ReadError e1, e2;
    bool ok1 = r.from_json_line(std::string(c) + "}", "in.jsonl", 3, 10, fast, e1);
    bool ok2 = r.from_json_line(std::string(c) + R"(,"lang":"en"})", "in.jsonl", 3, 10, general, e2);
    ASSERT_EQ(ok1, ok2) << c;
    EXPECT_EQ(e1.message, e2.message) << c;
    if (!ok1) continue;
    EXPECT_EQ(fast.text, general.text) << c;
    EXPECT_EQ(fast.meta.id, general.meta.id) << c;
    EXPECT_EQ(fast.meta.input_id, general.meta.input_id) << c;
    EXPECT_EQ(fast.meta.title, general.meta.title) << c;
    EXPECT_EQ(fast.meta.source, general.meta.source) << c;
    EXPECT_EQ(fast.meta.url, general.meta.url) << c;
    EXPECT_EQ(fast.meta.published, general.meta.published) << c;
    EXPECT_EQ(fast.paragraphs.size(), general.paragraphs.size()) << c;
    EXPECT_EQ(fast.meta.extra_json, "") << c;
    EXPECT_EQ(general.meta.extra_json, R"({"lang":"en"})") << c;
  }
}

}  // namespace
}  // namespace sitrep
