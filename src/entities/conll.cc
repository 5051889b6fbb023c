#include "entities/conll.h"

#include <fstream>
#include <sstream>

namespace sitrep::ner {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

}  // namespace

std::vector<NerSpan> iob_to_spans(const std::vector<std::string_view>& tags, uint32_t offset) {
  std::vector<NerSpan> out;
  int open = -1;
  uint32_t begin = 0;
  for (uint32_t i = 0; i < tags.size(); ++i) {
    std::string_view t = tags[i];
    int type = -1;
    char pos = 'O';
    if (t.size() > 2 && t[1] == '-') {
      pos = t[0];
      type = type_from_name(t.substr(2));
    }
    bool starts = type >= 0 && (pos == 'B' || pos == 'S' || pos == 'U' || type != open);
    if (open >= 0 && (type < 0 || starts)) {
      out.push_back({offset + begin, offset + i, static_cast<uint8_t>(open)});
      open = -1;
    }
    if (starts) {
      open = type;
      begin = i;
    }
  }
  if (open >= 0)
    out.push_back({offset + begin, offset + static_cast<uint32_t>(tags.size()), static_cast<uint8_t>(open)});
  return out;
}

ConllData parse_conll(std::string_view text) {
  ConllData data;
  TrainDoc doc;
  std::vector<std::string_view> tags;  // of the current sentence
  uint32_t sent_begin = 0;
  auto end_sentence = [&]() {
    if (doc.tokens.size() == sent_begin) return;
    auto spans = iob_to_spans(tags, sent_begin);
    doc.gold.insert(doc.gold.end(), spans.begin(), spans.end());
    doc.sentence_ends.push_back(static_cast<uint32_t>(doc.tokens.size()));
    sent_begin = static_cast<uint32_t>(doc.tokens.size());
    tags.clear();
  };
  auto end_doc = [&]() {
    end_sentence();
    if (!doc.tokens.empty()) data.docs.push_back(std::move(doc));
    doc = TrainDoc{};
    sent_begin = 0;
  };
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = trim(text.substr(pos, nl - pos));
    pos = nl + 1;
    if (line.empty()) {
      end_sentence();
      if (nl >= text.size()) break;
      continue;
    }
    size_t sp = line.find_first_of(" \t");
    std::string_view token = line.substr(0, sp);
    if (token == "-DOCSTART-") {
      end_doc();
      continue;
    }
    if (sp == std::string_view::npos) {
      ++data.bad_lines;
      continue;
    }
    size_t last = line.find_last_of(" \t");
    std::string_view tag = line.substr(last + 1);
    if (tag != "O" && !(tag.size() > 2 && tag[1] == '-' && type_from_name(tag.substr(2)) >= 0)) {
      ++data.bad_lines;
      tag = "O";
    }
    doc.tokens.emplace_back(token);
    tags.push_back(tag);
    ++data.tokens;
  }
  end_doc();
  return data;
}

bool read_conll(const std::string& path, ConllData* out, std::string* error) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    *error = "cannot open " + path;
    return false;
  }
  std::ostringstream ss;
  ss << f.rdbuf();
  std::string text = ss.str();
  *out = parse_conll(text);
  return true;
}

void Score::add(const std::vector<NerSpan>& gold, const std::vector<NerSpan>& pred) {
  size_t g = 0;
  size_t hits[kTypes] = {};
  for (const auto& p : pred) {
    while (g < gold.size() && gold[g].begin < p.begin) ++g;
    bool hit = false;
    for (size_t j = g; j < gold.size() && gold[j].begin == p.begin; ++j)
      if (gold[j] == p) hit = true;
    if (hit) {
      ++tp[p.type];
      ++hits[p.type];
    } else {
      ++fp[p.type];
    }
  }
  for (const auto& x : gold) ++fn[x.type];
  for (int t = 0; t < kTypes; ++t) fn[t] -= hits[t];
}

namespace {
double safe_div(size_t a, size_t b) { return b ? double(a) / double(b) : 0.0; }
double harmonic(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0.0; }
}  // namespace

double Score::precision(int type) const {
  if (type >= 0) return safe_div(tp[type], tp[type] + fp[type]);
  size_t a = 0, b = 0;
  for (int t = 0; t < kTypes; ++t) a += tp[t], b += tp[t] + fp[t];
  return safe_div(a, b);
}

double Score::recall(int type) const {
  if (type >= 0) return safe_div(tp[type], tp[type] + fn[type]);
  size_t a = 0, b = 0;
  for (int t = 0; t < kTypes; ++t) a += tp[t], b += tp[t] + fn[t];
  return safe_div(a, b);
}

double Score::f1(int type) const { return harmonic(precision(type), recall(type)); }

double Score::f1_mask(unsigned mask) const {
  size_t a = 0, p = 0, r = 0;
  for (int t = 0; t < kTypes; ++t) {
    if (!(mask & (1u << t))) continue;
    a += tp[t];
    p += tp[t] + fp[t];
    r += tp[t] + fn[t];
  }
  return harmonic(safe_div(a, p), safe_div(a, r));
}

}  // namespace sitrep::ner
