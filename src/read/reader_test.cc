#include "read/reader.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
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
  r.read_bytes(
      name, bytes, [&](Document&& d) { c.docs.push_back(std::move(d)); },
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
  auto c = read_bytes(
      " date 2023-11-06 Body sentence one.\n\nLeader meets envoy, extends support\n\nMore body text.\n");
  ASSERT_EQ(c.docs.size(), 1u);
  const auto& p = c.docs[0].paragraphs;
  ASSERT_EQ(p.size(), 3u);
  EXPECT_FALSE(p[0].headline);
  EXPECT_TRUE(p[1].headline);
  EXPECT_FALSE(p[2].headline);
}

TEST(Reader, LinesWrappedInsideASentenceStayOneParagraph) {
  // A text of one line per paragraph, wrapped at a width: a line without final
  // punctuation that goes on in lower case continues its paragraph.
  auto c = read_bytes(
      " date 2016-12-19 Gunmen attack castle\nFour soldiers were killed in Sunday's\n   attacks, officials "
      "said.\n"
      "Police are searching the area.\n");
  ASSERT_EQ(c.docs.size(), 1u);
  const Document& d = c.docs[0];
  ASSERT_EQ(d.paragraphs.size(), 3u);
  EXPECT_TRUE(d.paragraphs[0].headline);
  EXPECT_EQ(d.view(d.paragraphs[1].start, d.paragraphs[1].end),
            "Four soldiers were killed in Sunday's\n   attacks, officials said.");
  EXPECT_FALSE(d.paragraphs[1].headline);
  EXPECT_EQ(d.view(d.paragraphs[2].start, d.paragraphs[2].end), "Police are searching the area.");
}

TEST(Reader, LowerCasedLinesStayParagraphsOfTheirOwn) {
  // In a lower-cased feed every line goes on in lower case: no line is taken
  // for a wrapped one.
  auto c =
      read_bytes(" date 2016-12-19 gunmen attack castle\nfour soldiers were killed on sunday\npolice said\n");
  ASSERT_EQ(c.docs.size(), 1u);
  EXPECT_EQ(c.docs[0].paragraphs.size(), 3u);
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
  auto c = read_bytes(
      "{\"date\":\"2024-01-02\",\"text\":\"One.\"}\n\n{\"date\":\"2024-01-02\",\"text\":\"Two.\"}\n",
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
      {"malformed json",
       "{\"date\":\"2024-01-02\",\"text\":\"ok\"}\n{\"date\": \"2024-01-02\", \"text\": }\n", 2, 65,
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
  auto c = read_bytes(
      "{\"date\":\"2024-01-02\",\"text\":\"One.\"}\n{oops\n{\"date\":\"2024-01-02\",\"text\":\"Three.\"}\n",
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
  EXPECT_EQ(find_bad_utf8("ab\xE2\x80", &what), 2u);            // truncated
  EXPECT_EQ(find_bad_utf8("ab\xC0\xAF", &what), 2u);            // overlong
  EXPECT_EQ(find_bad_utf8("abcdefgh\xED\xA0\x80", &what), 8u);  // surrogate
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
      R"({"id":7,"text":"A number id.")",            // not a string: general path both times
      R"({"text":"Bad date.","date":"2024-02-30")",  // an error either way
      R"({"text":"x","text":null)",                  // the last "text" is not a string
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

namespace sitrep {
namespace {

// Issue 18: a line nested 70,000 levels deep in an extra field overflowed the
// stack in nlohmann's dump(); now it is one error naming the line and byte.
TEST(ReaderLimits, DeeplyNestedJsonLineIsAnErrorWithItsPosition) {
  std::string deep = R"({"date":"2024-01-02","text":"Body.","extra":)" + std::string(70000, '[') +
                     std::string(70000, ']') + "}";
  auto c = read_bytes(R"({"date":"2024-01-02","text":"First."})"
                      "\n" +
                          deep + "\n" +
                          R"({"date":"2024-01-02","text":"Third.","tags":[["a"]]})"
                          "\n",
                      "in.jsonl");
  ASSERT_EQ(c.docs.size(), 2u);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].line, 2u);
  EXPECT_NE(c.errors[0].message.find("nested deeper than"), std::string::npos);
  EXPECT_EQ(c.errors[0].format().rfind("in.jsonl:2: byte ", 0), 0u) << c.errors[0].format();
  EXPECT_EQ(c.docs[1].meta.extra_json, R"({"tags":[["a"]]})");
}

TEST(ReaderLimits, ByteOrderMarkIsNotText) {
  auto seed = read_bytes("\xEF\xBB\xBF date 2023-11-06 A report.\n", "seed.txt");
  ASSERT_EQ(seed.docs.size(), 1u);
  ASSERT_TRUE(seed.docs[0].meta.published);
  EXPECT_EQ(seed.docs[0].text, "A report.\n");
  auto jl = read_bytes("\xEF\xBB\xBF{\"date\":\"2024-01-02\",\"text\":\"Body.\"}\n", "in.jsonl");
  ASSERT_EQ(jl.docs.size(), 1u);
  EXPECT_TRUE(jl.errors.empty());
}

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("sitrep-reader-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

Collected read_path(const std::string& path) {
  Collected c;
  Reader r;
  r.read(
      path, [&](Document&& d) { c.docs.push_back(std::move(d)); },
      [&](const ReadError& e) { c.errors.push_back(e); });
  return c;
}

void write_gz(const std::string& path, const std::string& text, size_t keep_bytes) {
  std::string tmp = path + ".full";
  gzFile gz = gzopen(tmp.c_str(), "wb");
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
  std::ifstream in(tmp, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(std::min(keep_bytes, bytes.size())));
  std::filesystem::remove(tmp);
}

TEST(ReaderLimits, TruncatedGzipIsReportedNotReadAsComplete) {
  std::string lines;
  for (int i = 0; i < 2000; ++i)
    lines += R"({"date":"2024-01-02","text":"Report number )" + std::to_string(i) +
             R"( of a long file."})"
             "\n";
  std::string jl = temp_path("cut.jsonl.gz");
  write_gz(jl, lines, 4000);
  auto c = read_path(jl);
  ASSERT_FALSE(c.errors.empty());
  EXPECT_NE(c.errors.back().message.find("truncated gzip"), std::string::npos) << c.errors.back().format();
  EXPECT_LT(c.docs.size(), 2000u);
  std::string one = temp_path("cut.txt.gz");
  write_gz(one, " date 2024-01-02 " + std::string(50000, 'x') + " end.\n", 100);
  auto d = read_path(one);
  EXPECT_TRUE(d.docs.empty());
  ASSERT_EQ(d.errors.size(), 1u);
  EXPECT_NE(d.errors[0].format().find("truncated gzip"), std::string::npos);
  std::string whole = temp_path("whole.jsonl.gz");
  write_gz(whole, lines, std::string::npos);
  auto w = read_path(whole);
  EXPECT_EQ(w.docs.size(), 2000u);
  EXPECT_TRUE(w.errors.empty());
  for (const auto& p : {jl, one, whole}) std::filesystem::remove(p);
}

TEST(ReaderLimits, OpenErrorsSayWhy) {
  auto c = read_path(temp_path("does-not-exist.txt"));
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].message.find("cannot open: No such file or directory"), std::string::npos)
      << c.errors[0].message;
  // A directory that cannot be listed is named (root reads every directory:
  // then only the listing of the readable ones is checked).
  std::string dir = temp_path("tree");
  std::filesystem::create_directories(dir + "/sub");
  std::ofstream(dir + "/a.txt") << " date 2024-01-02 One.\n";
  std::ofstream(dir + "/sub/b.txt") << " date 2024-01-02 Two.\n";
  std::filesystem::permissions(dir + "/sub", std::filesystem::perms::none);
  auto t = read_path(dir);
  if (::geteuid() != 0) {
    EXPECT_EQ(t.docs.size(), 1u);
    ASSERT_EQ(t.errors.size(), 1u);
    EXPECT_NE(t.errors[0].format().find("sub: byte 0: error: cannot list directory: Permission denied"),
              std::string::npos)
        << t.errors[0].format();
  } else {
    EXPECT_EQ(t.docs.size(), 2u);
  }
  std::filesystem::permissions(dir + "/sub", std::filesystem::perms::owner_all);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sitrep
