#include "events/pattern.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <unordered_set>

#include "events/context.h"

namespace sitrep::events {

namespace {

// Rule names outlive any one PatternSet: Rule records in Documents point at them.
const char* intern_name(const std::string& s) {
  static std::mutex mu;
  static std::unordered_set<std::string> names;
  std::lock_guard<std::mutex> lock(mu);
  return names.insert(s).first->c_str();
}

uint64_t word_hash(std::string_view w) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : w) h = (h ^ c) * 0x100000001b3ULL;
  return h | 1;
}

std::string lower(std::string_view s) {
  std::string o(s);
  for (char& c : o)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return o;
}

// The lexemes of a rule line: "quoted words", ( (?<name> ) | ? {m,n} ! => and bare words.
std::vector<std::string> lex_line(std::string_view s, std::string* err) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == '"') {
      size_t j = s.find('"', i + 1);
      if (j == std::string_view::npos) {
        *err = "unclosed quote";
        return {};
      }
      out.emplace_back(s.substr(i, j + 1 - i));
      i = j + 1;
    } else if (c == '(' && s.substr(i, 3) == "(?=") {
      out.emplace_back("(?=");
      i += 3;
    } else if (c == '(' && s.substr(i, 3) == "(?<") {
      size_t j = s.find('>', i);
      if (j == std::string_view::npos) {
        *err = "unclosed capture name";
        return {};
      }
      out.emplace_back(s.substr(i, j + 1 - i));
      i = j + 1;
    } else if (c == '{') {
      size_t j = s.find('}', i);
      if (j == std::string_view::npos) {
        *err = "unclosed {";
        return {};
      }
      out.emplace_back(s.substr(i, j + 1 - i));
      i = j + 1;
    } else if (c == '(' || c == ')' || c == '|' || c == '?' || c == '!') {
      out.emplace_back(1, c);
      ++i;
    } else {
      size_t j = i;
      while (j < s.size() && s[j] != ' ' && s[j] != '\t' && s[j] != '(' && s[j] != ')' && s[j] != '|' &&
             s[j] != '{' && s[j] != '"' && s[j] != '\r' && !(s[j] == '?' && j > i))
        ++j;
      out.emplace_back(s.substr(i, j - i));
      i = j;
    }
  }
  return out;
}

}  // namespace

uint64_t PatternSet::next_serial() {
  static std::atomic<uint64_t> n{0};
  return ++n;
}

std::string_view PatRule::action(std::string_view key) const {
  for (const auto& a : actions)
    if (a.key == key) return a.value;
  return {};
}

bool PatRule::has_action(std::string_view key) const {
  for (const auto& a : actions)
    if (a.key == key) return true;
  return false;
}

int PatternSet::intern_word(std::string_view w) {
  for (size_t i = 0; i < words_.size(); ++i)
    if (words_[i] == w) return static_cast<int>(i);
  words_.emplace_back(w);
  return static_cast<int>(words_.size() - 1);
}

int PatternSet::use(std::string_view name) const {
  for (size_t i = 0; i < uses_.size(); ++i)
    if (uses_[i] == name) return static_cast<int>(i);
  return -1;
}

int PatternSet::word_class(std::string_view name) const {
  for (size_t i = 0; i < classes_.size(); ++i)
    if (classes_[i] == name) return static_cast<int>(i);
  return -1;
}

const PatternSet::WordSlot* PatternSet::find(std::string_view w) const {
  if (slots_.empty() || w.empty()) return nullptr;
  size_t fb = filter_bit(w);
  if (!(filter_[fb >> 6] & (1ULL << (fb & 63)))) return nullptr;
  uint64_t h = word_hash(w);
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const WordSlot& s = slots_[i];
    if (!s.hash) return nullptr;
    if (s.hash == h && words_[s.word] == w) return &s;
  }
}

bool PatternSet::in_class_probe(int cls, std::string_view w) const {
  const WordSlot* s = find(w);
  return s && (s->classes[static_cast<size_t>(cls) >> 6] >> (cls & 63) & 1);
}

size_t PatternSet::word_rules(const Context& ctx, int use, size_t t, size_t end, const int** ids) const {
  if (t >= end) return 0;
  std::string_view w = ctx.w(t);
  // (Most tokens start no rule of the use: one bit test, no probe.)
  size_t fb = filter_bit(w);
  if (w.empty() || !(use_filter_[use][fb >> 6] & (1ULL << (fb & 63)))) return 0;
  const WordSlot* s = find(w);
  if (!s || !s->first_n) return 0;
  *ids = first_rules_.data() + s->first_b;
  return s->first_n;
}

// ---- matching -------------------------------------------------------------

namespace {

struct Cont {  // what follows a group's alternative
  const std::vector<PatNode>* seq;
  size_t i;
  const Cont* up;
  int cap;
  uint32_t cap_begin;
  bool look = false;  // a lookahead: what follows resumes at cap_begin
};

struct Matcher {
  const Context& ctx;
  const std::vector<std::string>& words;
  const std::vector<std::string>& cue_values;
  const PatternSet& set;
  uint32_t end;
  bool to_end;
  PatMatch& m;

  // One element of width ≥ 1 at t: the token after it, or 0 (no match).
  uint32_t step(const PatNode& n, uint32_t t) const {
    if (t >= end) return 0;
    uint32_t nx = 0;
    switch (n.kind) {
      case PatNode::Word:
        nx = ctx.w(t) == words[n.arg] ? t + 1 : 0;
        break;
      case PatNode::Class:
        nx = set.in_class(n.arg, ctx.w(t)) ? t + 1 : 0;
        break;
      case PatNode::Cue: {
        int v = 0;
        int len = ctx.cue_at(static_cast<Cue>(n.arg), t, end, &v);
        if (len && (n.value < 0 || ctx.lex.cue_value(v) == cue_values[n.value])) nx = t + len;
        break;
      }
      case PatNode::Num:
        if (int q = ctx.num_of_tok[t]; q >= 0) nx = ctx.nums[q].tok_end;
        break;
      case PatNode::Time:
        if (int q = ctx.time_of_tok[t]; q >= 0) nx = ctx.times[q].tok_end;
        break;
      case PatNode::Chunk:
        if (int c = ctx.chunk_of_tok[t]; c >= 0) {
          ChunkKind k = ctx.chunks[c].kind;
          bool ok = n.arg == -2 || (n.arg == -1 ? k != ChunkKind::Nominal : static_cast<int>(k) == n.arg);
          if (ok) nx = ctx.chunks[c].e;
        }
        break;
      case PatNode::NumTok:
        nx = ctx.num_of_tok[t] >= 0 ? t + 1 : 0;
        break;
      case PatNode::TimeTok:
        nx = ctx.time_of_tok[t] >= 0 ? t + 1 : 0;
        break;
      case PatNode::DurTok:
        nx = t < ctx.in_duration.size() && ctx.in_duration[t] ? t + 1 : 0;
        break;
      case PatNode::Any:
        nx = t + 1;
        break;
      case PatNode::AnyWord:
        nx = ctx.doc.tokens[t].kind == TokenKind::Word ? t + 1 : 0;
        break;
      case PatNode::Group:
        return 0;
    }
    if (n.negated) return nx ? 0 : t + 1;
    return nx > t && nx <= end ? nx : 0;
  }

  bool run(const std::vector<PatNode>& seq, size_t i, uint32_t t, const Cont* up) {
    if (i == seq.size()) {
      if (!up) {
        if (to_end && t != end) return false;
        m.e = t;
        return true;
      }
      uint32_t ob = 0, oe = 0;
      if (up->cap >= 0)
        ob = m.cap_b[up->cap], oe = m.cap_e[up->cap], m.cap_b[up->cap] = up->cap_begin, m.cap_e[up->cap] = t;
      if (run(*up->seq, up->i, up->look ? up->cap_begin : t, up->up)) return true;
      if (up->cap >= 0) m.cap_b[up->cap] = ob, m.cap_e[up->cap] = oe;
      return false;
    }
    const PatNode& n = seq[i];
    if (n.kind == PatNode::Group) {
      Cont c{&seq, i + 1, up, n.capture, t, n.lookahead};
      for (const auto& alt : n.alts)
        if (run(alt, 0, t, &c)) return true;
      return n.min == 0 && run(seq, i + 1, t, up);
    }
    uint32_t pos[17];
    int k = 0;
    pos[0] = t;
    while (k < n.max && k < 16) {
      uint32_t nx = step(n, pos[k]);
      if (!nx) break;
      pos[++k] = nx;
    }
    for (int j = k; j >= n.min; --j)  // greedy, backtracking
      if (run(seq, i + 1, pos[j], up)) return true;
    return false;
  }
};

}  // namespace

bool PatternSet::try_rule(const Context& ctx, int r, size_t t, size_t end, bool to_end, PatMatch& m) const {
  PatMatch x;
  x.rule = r;
  x.b = static_cast<uint32_t>(t);
  end = std::min(end, ctx.low.size());
  if (t >= end) return false;
  Matcher mt{ctx, words_, cue_values_, *this, static_cast<uint32_t>(end), to_end, x};
  if (!mt.run(rules_[r].seq, 0, static_cast<uint32_t>(t), nullptr)) return false;
  m = x;
  return true;
}

// ---- compiling ------------------------------------------------------------

namespace {

struct Parser {
  PatternSet& set;
  const std::vector<std::string>& lx;
  size_t p = 0;
  PatRule& rule;
  std::string err;
  // Callbacks into the set (private members are reached through lambdas).
  std::function<int(std::string_view)> word_id, class_id, cue_class, cue_value;

  bool at(const char* s) const { return p < lx.size() && lx[p] == s; }

  // alternatives until ')' or '=>' or the end
  std::vector<std::vector<PatNode>> alts() {
    std::vector<std::vector<PatNode>> out(1);
    while (p < lx.size() && err.empty()) {
      if (at(")") || at("=>")) break;
      if (at("|")) {
        ++p;
        out.emplace_back();
        continue;
      }
      element(out.back());
    }
    return out;
  }

  void quantifier(PatNode& n) {
    if (at("?")) {
      n.min = 0;
      ++p;
    } else if (p < lx.size() && lx[p].front() == '{') {
      int a = 0, b = 0;
      if (std::sscanf(lx[p].c_str(), "{%d,%d}", &a, &b) != 2 || a < 0 || b < a || b > 16)
        err = "bad repetition " + lx[p];
      n.min = static_cast<uint8_t>(a), n.max = static_cast<uint8_t>(b);
      ++p;
    }
  }

  void element(std::vector<PatNode>& seq) {
    std::string x = lx[p++];
    PatNode n;
    if (x == "!") {
      if (p >= lx.size()) return void(err = "! at the end");
      size_t before = seq.size();
      element(seq);
      if (!err.empty()) return;
      // (!E{m,n}: m to n tokens, none of them an E.)
      if (seq.size() != before + 1 || seq.back().kind == PatNode::Group)
        return void(err = "! takes one single-token element");
      seq.back().negated = true;
      return;
    }
    if (x == "(" || x == "(?=" || x.rfind("(?<", 0) == 0) {
      n.kind = PatNode::Group;
      n.lookahead = x == "(?=";
      if (x.rfind("(?<", 0) == 0) {
        std::string name = x.substr(3, x.size() - 4);
        if (rule.captures.size() >= kMaxCaptures) return void(err = "too many captures");
        n.capture = static_cast<int>(rule.captures.size());
        rule.captures.push_back(name);
      }
      n.alts = alts();
      if (!at(")")) return void(err = "unclosed (");
      ++p;
      if (p < lx.size() && lx[p].front() == '{') return void(err = "a group takes only ?");
      if (n.lookahead && at("?")) return void(err = "a lookahead takes no ?");
      quantifier(n);
      seq.push_back(std::move(n));
      return;
    }
    if (x.front() == '"') {
      std::string body = lower(x.substr(1, x.size() - 2));
      std::vector<PatNode> words;
      std::istringstream in(body);
      for (std::string w; in >> w;) {
        PatNode wn;
        wn.kind = PatNode::Word;
        wn.arg = word_id(w);
        words.push_back(wn);
      }
      if (words.empty()) return void(err = "empty literal");
      if (words.size() == 1) {
        n = words[0];
      } else {
        n.kind = PatNode::Group;
        n.alts.push_back(std::move(words));
        if (p < lx.size() && lx[p].front() == '{') return void(err = "a phrase takes only ?");
      }
    } else if (x.front() == '@') {
      std::string name = x.substr(1), value;
      if (auto eq = name.find('='); eq != std::string::npos) value = name.substr(eq + 1), name.resize(eq);
      if (int c = class_id(name); c >= 0 && value.empty()) {
        n.kind = PatNode::Class, n.arg = c;
      } else if (int q = cue_class(name); q >= 0) {
        n.kind = PatNode::Cue, n.arg = q;
        if (!value.empty()) n.value = cue_value(value);
      } else {
        return void(err = "unknown class @" + name);
      }
    } else if (x == "NUM") {
      n.kind = PatNode::Num;
    } else if (x == "DATE") {
      n.kind = PatNode::Time;
    } else if (x == "num") {
      n.kind = PatNode::NumTok;
    } else if (x == "date") {
      n.kind = PatNode::TimeTok;
    } else if (x == "dur") {
      n.kind = PatNode::DurTok;
    } else if (x == "PERSON" || x == "ORG" || x == "PLACE" || x == "GROUP" || x == "NAME" || x == "CHUNK") {
      n.kind = PatNode::Chunk;
      n.arg = x == "PERSON"  ? static_cast<int>(ChunkKind::Person)
              : x == "ORG"   ? static_cast<int>(ChunkKind::Org)
              : x == "PLACE" ? static_cast<int>(ChunkKind::Place)
              : x == "GROUP" ? static_cast<int>(ChunkKind::Group)
              : x == "NAME"  ? -1
                             : -2;
    } else if (x == "_") {
      n.kind = PatNode::Any;
    } else if (x == "WORD") {
      n.kind = PatNode::AnyWord;
    } else {
      return void(err = "unknown element " + x);
    }
    quantifier(n);
    seq.push_back(std::move(n));
  }
};

}  // namespace

void PatternSet::compile(std::string_view text, const std::string& file, const EventLexicon& lex,
                         std::vector<std::string>& errors) {
  lex_ = &lex;
  size_t line_no = 0, b = 0;
  while (b <= text.size()) {
    size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = text.size();
    std::string_view line = text.substr(b, e - b);
    b = e + 1;
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.remove_suffix(1);
    size_t s = line.find_first_not_of(" \t");
    if (s == std::string_view::npos || line[s] == '#') {
      if (e == text.size()) break;
      continue;
    }
    line.remove_prefix(s);
    auto fail = [&](const std::string& why) {
      errors.push_back(file + ":" + std::to_string(line_no) + ": " + why);
    };
    if (line.starts_with("class ")) {  // class NAME word word … (split at spaces, as written)
      std::vector<std::string> lx;
      std::istringstream in{std::string(line)};
      for (std::string w; in >> w;) lx.push_back(w);
      if (lx.size() < 3) {
        fail("a class without words");
        continue;
      }
      int c = word_class(lx[1]);
      if (c < 0) {
        if (classes_.size() >= static_cast<size_t>(kMaxWordClasses)) {
          fail("more than " + std::to_string(kMaxWordClasses) + " word classes");
          continue;
        }
        c = static_cast<int>(classes_.size());
        classes_.push_back(lx[1]);
        class_words_.emplace_back();
      }
      for (size_t i = 2; i < lx.size(); ++i) class_words_[c].push_back(intern_word(lower(lx[i])));
      continue;
    }
    std::string err;
    std::vector<std::string> lx = lex_line(line, &err);
    if (!err.empty() || lx.size() < 2) {
      fail(err.empty() ? "too short" : err);
      continue;
    }
    if (lx[0] != "rule") {
      fail("a line starts with 'rule', 'class' or '#'");
      continue;
    }
    PatRule r;
    r.name = intern_name(lx[1]);
    r.file = file;
    r.line = static_cast<int>(line_no);
    std::vector<std::string> body(lx.begin() + 2, lx.end());
    Parser ps{*this, body, 0, r, {}, {}, {}, {}, {}};
    ps.word_id = [&](std::string_view w) { return intern_word(w); };
    ps.class_id = [&](std::string_view n) { return word_class(n); };
    ps.cue_class = [&](std::string_view n) {
      for (int c = 0; c < static_cast<int>(Cue::kCount); ++c)
        if (n == cue_name(static_cast<Cue>(c))) return c;
      return -1;
    };
    ps.cue_value = [&](std::string_view v) {
      for (size_t i = 0; i < cue_values_.size(); ++i)
        if (cue_values_[i] == v) return static_cast<int>(i);
      cue_values_.emplace_back(v);
      return static_cast<int>(cue_values_.size() - 1);
    };
    auto top = ps.alts();
    if (ps.err.empty() && top.size() != 1) ps.err = "alternatives at the top level need ( )";
    if (ps.err.empty() && !ps.at("=>")) ps.err = "no => action";
    if (ps.err.empty() && top[0].empty()) ps.err = "no elements";
    if (!ps.err.empty()) {
      fail("rule " + lx[1] + ": " + ps.err);
      continue;
    }
    r.seq = std::move(top[0]);
    for (size_t i = ps.p + 1; i < body.size(); ++i) {
      PatAction a;
      const std::string& kv = body[i];
      size_t eq = kv.find('=');
      a.key = kv.substr(0, eq);
      if (eq != std::string::npos) a.value = kv.substr(eq + 1);
      if (!a.value.empty() && a.value[0] == '$') {
        auto it = std::find(r.captures.begin(), r.captures.end(), a.value.substr(1));
        if (it == r.captures.end()) {
          ps.err = "no capture " + a.value;
          break;
        }
        a.capture = static_cast<int>(it - r.captures.begin());
      }
      r.actions.push_back(std::move(a));
    }
    if (ps.err.empty() && r.actions.empty()) ps.err = "no action after =>";
    if (!ps.err.empty()) {
      fail("rule " + lx[1] + ": " + ps.err);
      continue;
    }
    const std::string& u = r.actions[0].key;
    r.use = use(u);
    if (r.use < 0) {
      r.use = static_cast<int>(uses_.size());
      uses_.push_back(u);
    }
    rules_.push_back(std::move(r));
  }
}

void PatternSet::first_words(const PatNode& n, std::vector<int>& out, bool& typed) const {
  if (n.min == 0 || n.negated) {
    typed = true;
    return;
  }
  if (n.kind == PatNode::Word) {
    out.push_back(n.arg);
  } else if (n.kind == PatNode::Class) {
    out.insert(out.end(), class_words_[n.arg].begin(), class_words_[n.arg].end());
  } else if (n.kind == PatNode::Group) {
    for (const auto& alt : n.alts)
      if (alt.empty())
        typed = true;
      else
        first_words(alt[0], out, typed);
  } else {
    typed = true;
  }
}

void PatternSet::index() {
  typed_.assign(uses_.size(), {});
  use_filter_.assign(uses_.size(), std::vector<uint64_t>(64, 0));
  std::vector<std::vector<int>> by_word(words_.size());
  for (size_t r = 0; r < rules_.size(); ++r) {
    std::vector<int> ws;
    bool typed = false;
    // (A lookahead takes no token: the element after it is the first.)
    const auto& seq = rules_[r].seq;
    size_t f = 0;
    while (f + 1 < seq.size() && seq[f].lookahead) ++f;
    first_words(seq[f], ws, typed);
    if (typed || seq[f].lookahead) {
      // A rule that may start anywhere is tried at every token of its use.
      typed_[rules_[r].use].push_back({static_cast<int>(r), &seq[f]});
      continue;
    }
    std::sort(ws.begin(), ws.end());
    ws.erase(std::unique(ws.begin(), ws.end()), ws.end());
    for (int w : ws) {
      by_word[w].push_back(static_cast<int>(r));
      size_t fb = filter_bit(words_[w]);
      use_filter_[rules_[r].use][fb >> 6] |= 1ULL << (fb & 63);
    }
  }
  size_t n = 16;
  while (n < words_.size() * 2) n <<= 1;
  slots_.assign(n, {});
  filter_.assign(64, 0);
  first_rules_.clear();
  std::vector<std::array<uint64_t, kMaxWordClasses / 64>> classes(words_.size());
  class_filter_.assign(class_words_.size(), std::vector<uint64_t>(64, 0));
  for (size_t c = 0; c < class_words_.size(); ++c)
    for (int w : class_words_[c]) {
      classes[w][c >> 6] |= 1ULL << (c & 63);
      size_t fb = filter_bit(words_[w]);
      class_filter_[c][fb >> 6] |= 1ULL << (fb & 63);
    }
  for (size_t w = 0; w < words_.size(); ++w) {
    uint64_t h = word_hash(words_[w]);
    size_t i = h & (n - 1);
    while (slots_[i].hash) i = (i + 1) & (n - 1);
    WordSlot& s = slots_[i];
    s.hash = h;
    s.word = static_cast<int>(w);
    s.classes = classes[w];
    s.first_b = static_cast<uint32_t>(first_rules_.size());
    s.first_n = static_cast<uint32_t>(by_word[w].size());
    first_rules_.insert(first_rules_.end(), by_word[w].begin(), by_word[w].end());
    size_t fb = filter_bit(words_[w]);
    filter_[fb >> 6] |= 1ULL << (fb & 63);
  }
}

std::shared_ptr<const PatternSet> load_patterns(const std::string& dir, const EventLexicon& lex,
                                                std::vector<std::string>& errors) {
  namespace fs = std::filesystem;
  auto set = std::make_shared<PatternSet>();
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".rules") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    set->compile(ss.str(), f.filename().string(), lex, errors);
  }
  set->index();
  return set;
}

namespace {
std::mutex g_names_mu;
std::vector<std::string> g_missing;  // "class NAME" / "use NAME", each once
}  // namespace

void note_rule_names(const PatternSet& set, std::string_view classes, std::string_view uses) {
  if (set.size() == 0) return;
  auto check = [&](const char* kind, std::string_view list, bool is_class) {
    each_name(list, [&](size_t, std::string_view n) {
      if ((is_class ? set.word_class(n) : set.use(n)) >= 0) return;
      std::string what = std::string(kind) + " " + std::string(n);
      std::lock_guard<std::mutex> lock(g_names_mu);
      if (std::find(g_missing.begin(), g_missing.end(), what) != g_missing.end()) return;
      if (g_missing.empty())
        std::fprintf(stderr, "sitrep: events: no rules file defines the %s the events stage reads\n",
                     what.c_str());
      g_missing.push_back(std::move(what));
    });
  };
  check("class", classes, true);
  check("use", uses, false);
}

std::vector<std::string> missing_rule_names() {
  std::lock_guard<std::mutex> lock(g_names_mu);
  return g_missing;
}

const PatternSet& patterns_of(const Context& ctx) {
  static const PatternSet kEmpty = [] {
    PatternSet p;
    p.index();
    return p;
  }();
  return ctx.lex.patterns ? *ctx.lex.patterns : kEmpty;
}

}  // namespace sitrep::events
