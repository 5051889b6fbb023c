// Events: the rule language of data/events/*.rules — small token patterns over
// lower-case words, word classes, cue classes of cues.tsv, numbers, time
// expressions and entity chunks, with named captures and an action. Input: the
// text of a rules file and the EventLexicon (for cue classes). Output: an
// immutable PatternSet, compiled once per Engine, that the event passes ask
// "which rule of use U matches at token t" (the syntax is documented at the top
// of data/events/casualties.rules). Matching reads a Context (context.h), never
// the raw text. Cost: rules are dispatched by their first element — one hash
// probe of the token's lower-case word (a bit filter answers most words
// without it), the Context's cue mask for a cue class, the number / time /
// chunk tables for the typed elements — so a token no rule can start at costs
// one probe; a candidate rule is a bounded backtracking walk over its few
// elements (no regular expressions, no scan over all rules).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep::events {

struct Context;
struct EventLexicon;

// One element of a rule, compiled.
struct PatNode {
  enum Kind : uint8_t {
    Word,     // a literal lower-case word (one token)
    Class,    // a word class of the rules file (one token)
    Cue,      // a phrase of a cues.tsv class (its length), optionally of one value
    Num,      // a number expression (numbers layer) covering the token: to its end
    Time,     // a time expression covering the token: to its end
    NumTok,   // one token inside a number expression
    TimeTok,  // one token inside a time expression
    DurTok,   // one token inside a duration ("five days", which is neither count nor date)
    Chunk,    // an entity chunk (PERSON / ORG / PLACE / GROUP / NAME any named one)
    Any,      // any one token
    AnyWord,  // any one word token
    Group,    // a sequence of alternatives (…|…), maybe a capture
  };
  Kind kind = Any;
  bool negated = false;                    // !X: one token X does not match at
  uint8_t min = 1, max = 1;                // repetition ({m,n}, ?)
  int arg = -1;                            // word id, class id, cue class, chunk kind (-1 any named)
  int value = -1;                          // Cue: the cue value's text id (-1 any)
  int capture = -1;                        // Group: capture index, -1 none
  bool lookahead = false;                  // Group (?= …): must match here, takes no tokens
  std::vector<std::vector<PatNode>> alts;  // Group: its alternatives
};

struct PatAction {
  std::string key, value;  // "since" "$d"; value empty for a bare key
  int capture = -1;        // value "$name": the capture's index
};

struct PatRule {
  const char* name = nullptr;  // interned: lives for the process (Rule records point at it)
  std::string file;
  int line = 0;
  int use = -1;  // the first action key's id: the pass that reads the rule
  std::vector<PatNode> seq;
  std::vector<std::string> captures;  // capture names by index
  std::vector<PatAction> actions;
  // The value of action `key` ("" when absent or bare).
  std::string_view action(std::string_view key) const;
  bool has_action(std::string_view key) const;
};

constexpr int kMaxCaptures = 4;
// Word classes a PatternSet may define (over all its rules files).
constexpr int kMaxWordClasses = 512;

struct PatMatch {
  int rule = -1;
  uint32_t b = 0, e = 0;                                        // tokens matched [b, e)
  uint32_t cap_b[kMaxCaptures] = {}, cap_e[kMaxCaptures] = {};  // cap_e == 0: unset
  bool has(int c) const { return c >= 0 && c < kMaxCaptures && cap_e[c] > cap_b[c]; }
  // One past the last token the match or a capture (in a lookahead) reached.
  uint32_t reach() const {
    uint32_t r = e;
    for (uint32_t x : cap_e) r = x > r ? x : r;
    return r;
  }
};

class PatternSet {
 public:
  // Compiles one rules file's text; `file` names it in errors ("file:line: …").
  // Cue classes resolve against `lex` (its cues must be loaded). Rules append.
  void compile(std::string_view text, const std::string& file, const EventLexicon& lex,
               std::vector<std::string>& errors);
  // Builds the first-element dispatch; call once after the last compile().
  void index();

  // The id of a use (a rule's first action key) or word class; -1 = none.
  int use(std::string_view name) const;
  int word_class(std::string_view name) const;
  // Whether a lower-case word is in word class `cls` (cheap: one probe).
  // (Inline: most words asked about are in no class, and one bit test of the
  // class's filter answers them without a call.)
  bool in_class(int cls, std::string_view w) const {
    if (cls < 0 || w.empty()) return false;
    size_t fb = filter_bit(w);
    if (!(class_filter_[cls][fb >> 6] & (1ULL << (fb & 63)))) return false;
    return in_class_probe(cls, w);
  }
  // The class bits of a lower-case word (kMaxWordClasses of them, class id
  // order), or null when it is in no class nor starts a rule: one probe. The
  // Context keeps them per token (Context::classes), so that a pass's test of
  // a token is one bit (PassNames::has_at).
  const uint64_t* classes_of(std::string_view w) const {
    const WordSlot* s = find(w);
    return s ? s->classes.data() : nullptr;
  }
  // A word's bit in the (length, first byte, last byte) filters.
  static size_t filter_bit(std::string_view w) {
    if (w.empty()) return 0;
    return ((w.size() & 31) * 131 + static_cast<unsigned char>(w.front()) * 7 +
            static_cast<unsigned char>(w.back())) &
           4095;
  }
  const PatRule& rule(int i) const { return rules_[i]; }
  // A number no other PatternSet of the process has (a cache key that a set
  // allocated where a freed one was cannot take over).
  uint64_t serial() const { return serial_; }
  size_t size() const { return rules_.size(); }

  // The first rule of `use`, in file order, that matches starting at token t
  // and inside [t, end) and that `accept` takes; false when none. With
  // `to_end`, only a match that ends exactly at `end` counts.
  // (Ctx is Context, a template parameter like names_for's: the tests of
  // whether any rule may start at t run inline, where Context is defined,
  // and answer most tokens without a call.)
  template <class Accept, class Ctx>
  bool match_at(const Ctx& ctx, int use, size_t t, size_t end, PatMatch& m, Accept accept,
                bool to_end = false) const {
    if (use < 0 || use >= static_cast<int>(typed_.size())) return false;
    const int* wb = nullptr;
    size_t wn = 0;
    if (t < end) {  // (one bit of the use's filter rules out most words)
      std::string_view w = ctx.w(t);
      size_t fb = filter_bit(w);
      if (!w.empty() && (use_filter_[use][fb >> 6] >> (fb & 63) & 1)) wn = word_rules(ctx, use, t, end, &wb);
    }
    const std::vector<Typed>& ty = typed_[use];
    size_t a = 0, b = 0;
    for (;;) {  // the two rule lists merged in file order
      while (a < wn && rules_[wb[a]].use != use) ++a;
      int r;
      if (a < wn && (b >= ty.size() || wb[a] < ty[b].rule)) {
        r = wb[a++];
      } else if (b < ty.size()) {
        if (!may_start(ctx, *ty[b].first, t)) {
          ++b;
          continue;
        }
        r = ty[b++].rule;
      } else {
        return false;
      }
      if (try_rule(ctx, r, t, end, to_end, m) && accept(rules_[r])) return true;
    }
  }
  template <class Ctx>
  bool match_at(const Ctx& ctx, int use, size_t t, size_t end, PatMatch& m, bool to_end = false) const {
    return match_at(
        ctx, use, t, end, m, [](const PatRule&) { return true; }, to_end);
  }
  // The leftmost match of `use` in [b, end) (rules in file order at each token).
  template <class Ctx>
  bool first_match(const Ctx& ctx, int use, size_t b, size_t end, PatMatch& m) const {
    for (size_t t = b; t < end; ++t)
      if (match_at(ctx, use, t, end, m)) return true;
    return false;
  }
  // Whether any rule of `use` matches starting at token t (inside [t, end)).
  template <class Ctx>
  bool matches_at(const Ctx& ctx, int use, size_t t, size_t end) const {
    PatMatch m;
    return match_at(ctx, use, t, end, m);
  }

 private:
  struct WordSlot {
    uint64_t hash = 0;  // 0 = empty
    int word = -1;
    std::array<uint64_t, kMaxWordClasses / 64> classes{};  // word-class bits
    uint32_t first_b = 0, first_n = 0;  // rules whose first element is this word: first_rules_[b, b+n)
  };
  struct Typed {  // rules whose first element is not a word
    int rule;
    const PatNode* first;
  };

  // Rules whose first element is the word at t (all uses, in file order): their count, *ids set.
  size_t word_rules(const Context& ctx, int use, size_t t, size_t end, const int** ids) const;
  // Whether a rule whose first element is `first` (no word) may start at t.
  template <class Ctx>
  static bool may_start(const Ctx& ctx, const PatNode& n, size_t t) {
    if (n.negated || n.min == 0) return true;
    switch (n.kind) {
      case PatNode::Cue:
        return ctx.may(n.arg, t);
      case PatNode::Num:
      case PatNode::NumTok:
        return t < ctx.num_of_tok.size() && ctx.num_of_tok[t] >= 0;
      case PatNode::Time:
      case PatNode::TimeTok:
        return t < ctx.time_of_tok.size() && ctx.time_of_tok[t] >= 0;
      case PatNode::DurTok:
        return t < ctx.in_duration.size() && ctx.in_duration[t];
      case PatNode::Chunk:
        return t < ctx.chunk_of_tok.size() && ctx.chunk_of_tok[t] >= 0;
      default:
        return true;
    }
  }
  bool try_rule(const Context& ctx, int r, size_t t, size_t end, bool to_end, PatMatch& m) const;
  int intern_word(std::string_view w);
  const WordSlot* find(std::string_view w) const;
  bool in_class_probe(int cls, std::string_view w) const;  // in_class past its filter
  void first_words(const PatNode& n, std::vector<int>& words, bool& typed) const;

  uint64_t serial_ = next_serial();
  static uint64_t next_serial();
  std::vector<PatRule> rules_;
  std::vector<std::string> words_;  // literal words and class members by id
  std::vector<std::string> uses_, classes_;
  std::vector<std::vector<int>> class_words_;
  std::vector<std::string> cue_values_;  // Cue node values by id
  const EventLexicon* lex_ = nullptr;
  // Dispatch.
  std::vector<WordSlot> slots_;
  std::vector<int> first_rules_;
  std::vector<std::vector<Typed>> typed_;  // per use, in rule order
  std::vector<uint64_t> filter_;           // (length, first byte, last byte) bits of every word in slots_
  std::vector<std::vector<uint64_t>> use_filter_;
  std::vector<std::vector<uint64_t>> class_filter_;  // the same bits of each class's words  // the same bits
                                                     // of the words that start a rule, per use
};

// The rule set of the Context's lexicon, or an empty one when it has none.
const PatternSet& patterns_of(const Context& ctx);

// Calls f(i, name) for each space-separated name of `list`, in order (the
// passes list the classes and uses they read as one string, looked up once).
template <class F>
void each_name(std::string_view list, F f) {
  size_t i = 0;
  while (!list.empty()) {
    size_t sp = list.find(' ');
    f(i++, list.substr(0, sp));
    list.remove_prefix(sp == std::string_view::npos ? list.size() : sp + 1);
  }
}

// A pass's ids of the classes and uses it reads (`Names`, with a `set`
// member), looked up once per rule set and thread: fill(names, set) fills them.
// (Ctx is Context: a template parameter so that the hot path reads the
// lexicon's rule set inline, where the Context's definition is seen.)
// (The refill is out of line: the passes ask for their names at every class
// test, and the check alone, inlined, costs a few instructions.)
template <class Names, class Fill>
[[gnu::noinline, gnu::cold]] void refill_names(Names& r, uint64_t& serial, const PatternSet* set, Fill fill) {
  r.set = set;
  serial = set->serial();
  fill(r, *set);
}
template <class Names, class Fill, class Ctx = Context>
const Names& names_for(const Ctx& ctx, Fill fill) {
  const PatternSet* set = ctx.lex.patterns ? ctx.lex.patterns.get() : &patterns_of(ctx);
  thread_local Names r;
  thread_local uint64_t serial = 0;
  if (r.set != set || serial != set->serial()) [[unlikely]]
    refill_names(r, serial, set, fill);
  return r;
}

// The word classes a pass tests tokens against and the rule uses it asks for,
// each named in one space-separated list (`Tag` gives each pass its own cache):
// pass_names<Tag, NC, NU>(ctx, classes, uses) looks them up once per rule set
// and thread; has(i, w) asks whether the lower-case word w is in the i-th class
// (one probe; a class the rules lack holds no word), use[i] is the i-th use.
template <class Tag, size_t NC, size_t NU = 0>
struct PassNames {
  const PatternSet* set = nullptr;
  std::array<int, NC> cls{};
  std::array<int, NU> use{};
  bool has(size_t i, std::string_view w) const { return set->in_class(cls[i], w); }
  // has(i, ctx.w(tok)), read from the token's class bits (Ctx is Context).
  template <class Ctx>
  bool has_at(size_t i, const Ctx& ctx, size_t tok) const {
    return ctx.in_class(cls[i], tok);
  }
  // Whether a code written in capitals ("MIL", a CAMEO sector) is in class i, whose
  // rules file lists it in lower case.
  bool has_code(size_t i, std::string_view code) const {
    char low[8];
    if (code.empty() || code.size() > sizeof low) return false;
    for (size_t k = 0; k < code.size(); ++k)
      low[k] = code[k] >= 'A' && code[k] <= 'Z' ? static_cast<char>(code[k] + 32) : code[k];
    return has(i, std::string_view(low, code.size()));
  }
};

// Records the names a pass asks `set` for and those it lacks: a class or use
// the rules files do not define holds no word and matches nothing, so a typo in
// a name would be silent. The first missing name is reported on stderr once;
// the golden tests fail on any (missing_rule_names()). An empty set (no rules
// loaded) lacks every name and is not recorded.
void note_rule_names(const PatternSet& set, std::string_view classes, std::string_view uses);
std::vector<std::string> missing_rule_names();

template <class Tag, size_t NC, size_t NU = 0>
const PassNames<Tag, NC, NU>& pass_names(const Context& ctx, std::string_view classes,
                                         std::string_view uses = {}) {
  using Names = PassNames<Tag, NC, NU>;
  return names_for<Names>(ctx, [classes, uses](Names& r, const PatternSet& set) {
    r.cls.fill(-1);
    r.use.fill(-1);
    each_name(classes, [&](size_t i, std::string_view n) {
      if (i < NC) r.cls[i] = set.word_class(n);
    });
    each_name(uses, [&](size_t i, std::string_view n) {
      if (i < NU) r.use[i] = set.use(n);
    });
    note_rule_names(set, classes, uses);
  });
}

// Loads every data/events/*.rules file of `dir` (sorted by name) into one set.
std::shared_ptr<const PatternSet> load_patterns(const std::string& dir, const EventLexicon& lex,
                                                std::vector<std::string>& errors);

}  // namespace sitrep::events
