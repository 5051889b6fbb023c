// Runs the declarative golden cases in tests/golden/*.test. A case is
//   # name: what it checks          (header lines start with "# ")
//   # date: YYYY-MM-DD              (optional published date)
//   # source: Outlet Name           (optional source of the report)
//   the report text (written by us)
//   ----
//   an expected JSON subset of `sitrep extract --annotate all` for it
// Matching: objects match when every expected key matches; arrays when every
// expected element matches some actual element; {"$none": X} in an array
// asserts that no element matches X; "$text": "…" in an object with start/end
// asserts the text those offsets cut out. See tests/golden/README.md.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "events/pattern.h"
#include "output/json_writer.h"
#include "read/reader.h"
#include "sitrep/engine.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

struct GoldenCase {
  std::string path;
  std::string name;
  std::optional<Date> date;
  std::optional<std::string> source;
  std::string text;
  json expected;
};

GoldenCase parse_case(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string all = ss.str();
  GoldenCase c;
  c.path = path;
  c.name = fs::path(path).stem().string();
  size_t pos = 0;
  while (pos < all.size() && all.compare(pos, 2, "# ") == 0) {
    size_t nl = all.find('\n', pos);
    std::string line = all.substr(pos + 2, nl - pos - 2);
    if (line.rfind("date:", 0) == 0) {
      std::string d = line.substr(5);
      d.erase(0, d.find_first_not_of(' '));
      c.date = parse_iso_date(d);
    } else if (line.rfind("source:", 0) == 0) {
      c.source = line.substr(line.find_first_not_of(' ', 7));
    } else if (line.rfind("name:", 0) == 0) {
      c.name = line.substr(5);
    }
    pos = nl == std::string::npos ? all.size() : nl + 1;
  }
  size_t sep = all.find("\n----\n", pos);
  if (sep == std::string::npos) throw std::runtime_error(path + ": no ---- separator line");
  c.text = all.substr(pos, sep - pos + 1);
  c.expected = json::parse(all.substr(sep + 6));
  return c;
}

// Returns "" when `actual` contains `expected`, else where it differs.
std::string subset_mismatch(const json& expected, const json& actual, const std::string& text,
                            const std::string& where) {
  if (expected.is_object()) {
    if (!actual.is_object()) return where + ": expected an object, got " + actual.dump();
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      if (it.key() == "$text") {
        if (!actual.contains("start") || !actual.contains("end")) return where + ": $text needs start/end";
        size_t s = actual["start"].get<size_t>(), e = actual["end"].get<size_t>();
        std::string cut = e <= text.size() && s <= e ? text.substr(s, e - s) : "<out of range>";
        if (cut != it.value().get<std::string>())
          return where + ": text is \"" + cut + "\", expected \"" + it.value().get<std::string>() + "\"";
        continue;
      }
      if (!actual.contains(it.key())) return where + ": missing key \"" + it.key() + "\"";
      auto m = subset_mismatch(it.value(), actual[it.key()], text, where + "." + it.key());
      if (!m.empty()) return m;
    }
    return "";
  }
  if (expected.is_array()) {
    if (!actual.is_array()) return where + ": expected an array, got " + actual.dump();
    for (size_t i = 0; i < expected.size(); ++i) {
      const json& want = expected[i];
      if (want.is_object() && want.size() == 1 && want.contains("$none")) {
        for (const auto& a : actual)
          if (subset_mismatch(want["$none"], a, text, where).empty())
            return where + ": has an element it must not have: " + a.dump();
        continue;
      }
      bool found = false;
      std::string first_reason;
      for (const auto& a : actual) {
        auto m = subset_mismatch(want, a, text, where + "[" + std::to_string(i) + "]");
        if (m.empty()) {
          found = true;
          break;
        }
        if (first_reason.empty()) first_reason = m;
      }
      if (!found)
        return where + ": no element matches " + want.dump() +
               (first_reason.empty() ? std::string(" (array is empty)") : " (e.g. " + first_reason + ")");
    }
    return "";
  }
  if (expected.is_number() && actual.is_number()) {
    return expected.get<double>() == actual.get<double>()
               ? ""
               : where + ": " + actual.dump() + " != " + expected.dump();
  }
  return expected == actual ? "" : where + ": " + actual.dump() + " != " + expected.dump();
}

std::vector<std::string> golden_files() {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(std::string(SITREP_TEST_DIR) + "/golden", ec))
    if (e.path().extension() == ".test") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

// Span invariant (issue 15 item 5): every object of the output that gives a
// "text" with "start"/"end" (or an explain rule's "span": [start, end]) names
// exactly the bytes those offsets cut out of the document text. Returns the
// first violation's path, or "".
std::string span_mismatch(const json& v, const std::string& text, const std::string& where) {
  if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i)
      if (auto m = span_mismatch(v[i], text, where + "[" + std::to_string(i) + "]"); !m.empty()) return m;
    return "";
  }
  if (!v.is_object()) return "";
  if (v.contains("text") && v["text"].is_string()) {
    std::optional<std::pair<uint64_t, uint64_t>> sp;
    if (v.contains("start") && v.contains("end") && v["start"].is_number_unsigned() &&
        v["end"].is_number_unsigned())
      sp = {v["start"].get<uint64_t>(), v["end"].get<uint64_t>()};
    else if (v.contains("span") && v["span"].is_array() && v["span"].size() == 2)
      sp = {v["span"][0].get<uint64_t>(), v["span"][1].get<uint64_t>()};
    if (sp) {
      auto [b, e] = *sp;
      if (b > e || e > text.size())
        return where + ": span [" + std::to_string(b) + ", " + std::to_string(e) + ") out of the text";
      if (text.compare(b, e - b, v["text"].get<std::string>()) != 0)
        return where + ": span cuts \"" + text.substr(b, e - b) + "\", text says \"" +
               v["text"].get<std::string>() + "\"";
    }
  }
  for (const auto& [k, x] : v.items())
    if (auto m = span_mismatch(x, text, where + "." + k); !m.empty()) return m;
  return "";
}

const Engine& engine() {
  static Engine e;
  return e;
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, Matches) {
  GoldenCase c = parse_case(GetParam());
  Reader reader(ReaderOptions{c.date});
  std::vector<Document> docs;
  std::vector<std::string> errors;
  reader.read_bytes(
      c.path, c.text, [&](Document&& d) { docs.push_back(std::move(d)); },
      [&](const ReadError& e) {
        if (!e.warning) errors.push_back(e.format());
      },
      InputFormat::Text);
  ASSERT_TRUE(errors.empty()) << errors[0];
  ASSERT_EQ(docs.size(), 1u);
  if (c.source) docs[0].meta.source = c.source;
  engine().process(docs[0]);
  AnnotateLayers layers{true, true, true, true};
  layers.explain = true;  // (the explain object is checked for its spans below, never matched)
  json actual = json::parse(to_json(docs[0], layers));
  std::string m = subset_mismatch(c.expected, actual, docs[0].text, "$");
  EXPECT_TRUE(m.empty()) << c.path << " (" << c.name << ")\n  " << m;
  std::string bad = span_mismatch(actual, docs[0].text, "$");
  EXPECT_TRUE(bad.empty()) << c.path << " (" << c.name << ")\n  " << bad;
  // Every word class and rule use a pass read while coding the case exists in
  // the shipped rules files (a misspelt name would match nothing, silently).
  for (const std::string& n : events::missing_rule_names())
    ADD_FAILURE() << c.path << ": the events stage reads " << n << ", which no data/events/*.rules defines";
}

std::string case_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string n = fs::path(info.param).stem().string();
  for (char& ch : n)
    if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, ::testing::ValuesIn(golden_files()), case_name);

TEST(GoldenMatcher, DetectsDifferences) {
  json actual = json::parse(R"({"a":[{"start":0,"end":3,"x":1},{"start":4,"end":7,"x":2}],"b":"s"})");
  std::string text = "one two";
  EXPECT_EQ(subset_mismatch(json::parse(R"({"a":[{"x":2}]})"), actual, text, "$"), "");
  EXPECT_NE(subset_mismatch(json::parse(R"({"a":[{"x":3}]})"), actual, text, "$"), "");
  EXPECT_EQ(subset_mismatch(json::parse(R"({"a":[{"$text":"two","x":2}]})"), actual, text, "$"), "");
  EXPECT_NE(subset_mismatch(json::parse(R"({"a":[{"$text":"two","x":1}]})"), actual, text, "$"), "");
  EXPECT_NE(subset_mismatch(json::parse(R"({"a":[{"$none":{"x":1}}]})"), actual, text, "$"), "");
  EXPECT_EQ(subset_mismatch(json::parse(R"({"a":[{"$none":{"x":9}}]})"), actual, text, "$"), "");
  EXPECT_NE(subset_mismatch(json::parse(R"({"c":1})"), actual, text, "$"), "");
}

}  // namespace
}  // namespace sitrep

namespace sitrep {
namespace {

TEST(GoldenMatcher, SpanInvariant) {
  const std::string text = "one two three";
  EXPECT_EQ(span_mismatch(json::parse(R"({"a":[{"text":"two","start":4,"end":7}]})"), text, "$"), "");
  EXPECT_EQ(span_mismatch(json::parse(R"({"x":{"rule":"r","text":"three","span":[8,13]}})"), text, "$"), "");
  EXPECT_NE(span_mismatch(json::parse(R"({"a":[{"text":"twx","start":4,"end":7}]})"), text, "$"), "");
  EXPECT_NE(span_mismatch(json::parse(R"({"x":[{"rule":"r","text":"one","span":[8,13]}]})"), text, "$"), "");
  EXPECT_NE(span_mismatch(json::parse(R"({"a":{"text":"two","start":4,"end":70}})"), text, "$"), "");
}

}  // namespace
}  // namespace sitrep
