#include "text/tokenizer.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

#include "core/flat_map.h"

namespace sitrep {

char32_t decode_utf8(std::string_view s, size_t i, int* len) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  if (i + n > s.size()) {
    *len = 1;
    return 0xFFFD;
  }
  char32_t cp = c & (0xFF >> (n + 1));
  for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  *len = n;
  return cp;
}

bool is_upper_cp(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return utf8proc_category(static_cast<utf8proc_int32_t>(c)) == UTF8PROC_CATEGORY_LU;
}

bool is_letter_cp(char32_t c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(c));
  return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

namespace {

// Byte classes for the ASCII fast path.
enum : uint8_t { kSpace = 1, kAlpha = 2, kDigit = 4, kPunct = 8, kHigh = 16 };

constexpr std::array<uint8_t, 256> make_classes() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
      t[c] = kSpace;
    else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
      t[c] = kAlpha;
    else if (c >= '0' && c <= '9')
      t[c] = kDigit;
    else if (c >= 0x80)
      t[c] = kHigh;
    else
      t[c] = kPunct;
  }
  return t;
}
constexpr auto kClass = make_classes();

// What a non-ASCII code point is for tokenisation.
enum class Cp { Space, Word, Punct, Apostrophe, Dash };

Cp classify_cp(char32_t c) {
  switch (c) {
    case 0x00A0:
    case 0x2002:
    case 0x2003:
    case 0x2009:
    case 0x200A:
    case 0x202F:
    case 0x3000:
    case 0x200B:
    case 0xFEFF:
    case 0x2028:
    case 0x2029:
      return Cp::Space;
    case 0x2019:
    case 0x2018:
    case 0x02BC:
      return Cp::Apostrophe;  // ’ ‘ ʼ (quotes or apostrophes, decided in context)
    case 0x2010:
    case 0x2011:
      return Cp::Dash;  // hyphens that may join words
    default:
      break;
  }
  if (c >= 0x2000 && c <= 0x206F) return Cp::Punct;  // general punctuation: “ ” – — … •
  if (c == 0xAB || c == 0xBB || c == 0xA7 || c == 0xB7 || c == 0xBF || c == 0xA1) return Cp::Punct;
  if (c >= 0x3000 && c <= 0x303F) return Cp::Punct;
  auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(c));
  if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO) return Cp::Word;  // letters, marks, numbers
  if (cat == UTF8PROC_CATEGORY_ZS) return Cp::Space;
  if (cat == UTF8PROC_CATEGORY_SC) return Cp::Punct;  // currency symbols stand alone
  return Cp::Punct;
}

struct Scanner {
  std::string_view s;
  size_t n;

  // The kind of the code point at i and its byte length.
  Cp at(size_t i, int* len) const {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      *len = 1;
      uint8_t k = kClass[c];
      if (k & kSpace) return Cp::Space;
      if (k & (kAlpha | kDigit)) return Cp::Word;
      if (c == '\'') return Cp::Apostrophe;
      return Cp::Punct;
    }
    return classify_cp(decode_utf8(s, i, len));
  }
  bool word_at(size_t i) const {
    if (i >= n) return false;
    int len;
    return at(i, &len) == Cp::Word;
  }
  bool letter_at(size_t i) const {
    if (i >= n) return false;
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return kClass[c] & kAlpha;
    int len;
    return is_letter_cp(decode_utf8(s, i, &len));
  }
  bool digit_at(size_t i) const { return i < n && (kClass[static_cast<unsigned char>(s[i])] & kDigit); }
};

}  // namespace

namespace {

template <size_t N>
FlatStrMap<bool> word_set(const std::string_view (&words)[N]) {
  FlatStrMap<bool> set;
  for (std::string_view w : words) set[w] = true;
  return set;
}

// Abbreviations that are also words ending a sentence ("he said no.", "was
// ill."): in text without case they end the sentence.
bool is_ambiguous_abbreviation(std::string_view lower) {
  static constexpr std::string_view kWords[] = {
      "no.", "nos.", "sun.", "wed.", "sat.",  "mass.", "ind.", "ill.", "la.",  "pa.", "co.",
      "mo.", "mar.", "del.", "ore.", "wash.", "fig.",  "vol.", "est.", "det.", "al.", "etc."};
  static const FlatStrMap<bool> kSet = word_set(kWords);
  return kSet.count(lower) != 0;
}

bool is_abbreviation_exact(std::string_view w);

}  // namespace

bool is_abbreviation(std::string_view w) {
  if (is_abbreviation_exact(w)) return true;
  // The same abbreviation in lower case or in capitals ("mr.", "GEN."), unless
  // it is also a plain word.
  char buf[16];
  if (w.size() < 2 || w.size() > sizeof buf) return false;
  for (size_t i = 0; i < w.size(); ++i)
    buf[i] = w[i] >= 'A' && w[i] <= 'Z' ? static_cast<char>(w[i] | 0x20) : w[i];
  std::string_view low(buf, w.size());
  if (is_ambiguous_abbreviation(low)) return false;
  if (is_abbreviation_exact(low)) return true;  // "a.m.", "approx."
  if (buf[0] >= 'a' && buf[0] <= 'z') buf[0] = static_cast<char>(buf[0] & ~0x20);
  return is_abbreviation_exact(low);  // "Mr.", "Calif."
}

namespace {

bool is_abbreviation_exact(std::string_view w) {
  static constexpr std::string_view kAbbr[] = {
      "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Lt.", "Col.", "Maj.", "Capt.", "Sgt.", "Cpl.", "Pvt.", "Adm.",
      "Brig.", "Cmdr.", "Rep.", "Sen.", "Gov.", "Pres.", "Prof.", "Rev.", "Hon.", "St.", "Jr.", "Sr.", "Jan.",
      "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.", "No.", "Nos.",
      "vs.", "etc.", "Inc.", "Corp.", "Ltd.", "Co.", "Mt.", "Ft.", "Gov't.", "approx.", "est.", "Fig.",
      "Vol.", "pp.", "al.", "Bros.", "Messrs.", "Mmes.", "Supt.", "Insp.", "Det.", "Ave.", "Blvd.", "Rd.",
      "Dept.", "Univ.", "Assn.", "Mon.", "Tue.", "Tues.", "Wed.", "Thu.", "Thur.", "Thurs.", "Fri.", "Sat.",
      "Sun.", "a.m.", "p.m.", "i.e.", "e.g.", "U.S.", "U.K.", "U.N.", "E.U.", "D.C.", "S.A.",
      // US state abbreviations as datelines write them ("EDMONTON, Ky.").
      "Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "Del.", "Fla.", "Ga.", "Ill.", "Ind.", "Kan.",
      "Ky.", "La.", "Md.", "Mass.", "Mich.", "Minn.", "Mo.", "Mont.", "Neb.", "Nev.", "Okla.", "Ore.", "Pa.",
      "Tenn.", "Tex.", "Va.", "Vt.", "Wash.", "Wis.", "Wyo.", "Gens.", "Reps.", "Sens."};
  // Asked of every word followed by a period, up to three times: a hash set,
  // not a scan of the list.
  static const FlatStrMap<bool> kSet = word_set(kAbbr);
  return kSet.count(w) != 0;
}

}  // namespace

namespace {

// One document's tokenisation, left to right from byte i.
class Tokenizer {
 public:
  explicit Tokenizer(Document& doc) : doc_(doc), s_(doc.text), n_(s_.size()), sc_{s_, n_} {}
  void run();

 private:
  // What the scan of a word token has seen (word → word_end).
  struct WordState {
    uint8_t flags = 0;
    bool all_digits = true;  // digits and number separators only
    int letters = 0, uppers = 0;
  };
  [[gnu::always_inline]] void push(size_t b, size_t e, TokenKind kind, uint8_t flags);
  size_t word(size_t i, unsigned char c);
  size_t word_end(size_t b, size_t i, WordState& w);
  size_t punct(size_t i, unsigned char c, Cp cp, int len);

  Document& doc_;
  const std::string_view s_;
  const size_t n_;
  const Scanner sc_;
  size_t para_ = 0;
  bool single_quote_open_ = false;  // an opening ' or ‘ not closed yet in this paragraph
};

inline void Tokenizer::push(size_t b, size_t e, TokenKind kind, uint8_t flags) {
  while (para_ < doc_.paragraphs.size() && doc_.paragraphs[para_].end <= b) {
    ++para_;
    single_quote_open_ = false;
    flags |= kTokParaStart;
  }
  if (doc_.tokens.empty()) flags |= kTokParaStart;
  doc_.tokens.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e), kind, flags, 0});
}

void Tokenizer::run() {
  doc_.tokens.clear();
  doc_.tokens.reserve(n_ / 5 + 16);
  const std::string_view s = s_;
  size_t i = 0;
  while (i < n_) {
    auto c = static_cast<unsigned char>(s[i]);
    // Skip whitespace (ASCII fast path).
    if (kClass[c] & kSpace) {
      ++i;
      continue;
    }
    int len = 1;
    Cp cp = c < 0x80 ? (kClass[c] & (kAlpha | kDigit) ? Cp::Word
                        : c == '\''                   ? Cp::Apostrophe
                                                      : Cp::Punct)
                     : sc_.at(i, &len);
    if (cp == Cp::Space) {
      i += len;
      continue;
    }
    i = cp == Cp::Word ? word(i, c) : punct(i, c, cp, len);
  }
}

// A word or number token starting at i (first byte c); returns its end. The scan works on
// locals (kept in registers), as one loop.
size_t Tokenizer::word(size_t i, unsigned char c) {
  const std::string_view s = s_;
  const size_t n = n_;
  const Scanner sc = sc_;
  const size_t b = i;
  uint8_t flags = 0;
  bool all_digits = true;  // digits and number separators only
  int letters = 0, uppers = 0;
  {
    int l;
    char32_t first = c < 0x80 ? c : decode_utf8(s, i, &l);
    if (is_upper_cp(first)) flags |= kTokUpper;
  }
  while (i < n) {
    auto ch = static_cast<unsigned char>(s[i]);
    if (ch < 0x80) {
      uint8_t k = kClass[ch];
      if (k & kAlpha) {
        all_digits = false;
        ++letters;
        if (ch <= 'Z') ++uppers;
        ++i;
        continue;
      }
      if (k & kDigit) {
        flags |= kTokHasDigit;
        ++i;
        continue;
      }
      if (k & kSpace) break;
      // Inner punctuation that may stay inside the token.
      if (ch == '-' && sc.word_at(i + 1) && i > b) {
        flags |= kTokHyphen;
        all_digits = false;
        ++i;
        continue;
      }
      if ((ch == ',' || ch == '.') && all_digits && i > b && sc.digit_at(i + 1)) {
        // 9,770 / 3.5 / 1.400.000; a comma needs exactly three digits after it.
        if (ch == ',') {
          size_t k2 = i + 1;
          while (k2 < n && sc.digit_at(k2)) ++k2;
          if (k2 - (i + 1) != 3) break;
        }
        ++i;
        continue;
      }
      if (ch == '\'') {
        // Shi'ite, O'Brien: an apostrophe between letters, but not the possessive 's.
        bool poss = i + 1 < n && (s[i + 1] == 's' || s[i + 1] == 'S') && !sc.letter_at(i + 2);
        if (sc.letter_at(i + 1) && !poss && letters > 0) {
          all_digits = false;
          ++i;
          continue;
        }
        break;
      }
      if (ch == '&' && letters > 0 && letters <= 2 && flags & kTokUpper && i + 1 < n &&
          (kClass[static_cast<unsigned char>(s[i + 1])] & kAlpha) && s[i + 1] <= 'Z') {
        ++i;  // AT&T, S&P
        continue;
      }
      break;
    }
    int l;
    char32_t x = decode_utf8(s, i, &l);
    Cp k = classify_cp(x);
    if (k == Cp::Word) {
      all_digits = false;
      ++letters;
      if (is_upper_cp(x)) ++uppers;
      flags |= kTokNonAscii;
      i += l;
      continue;
    }
    if (k == Cp::Dash && sc.word_at(i + l)) {
      flags |= kTokHyphen;
      all_digits = false;
      i += l;
      continue;
    }
    if (k == Cp::Apostrophe && x == 0x2019) {
      bool poss = i + l < n && (s[i + l] == 's' || s[i + l] == 'S') && !sc.letter_at(i + l + 1);
      if (sc.letter_at(i + l) && !poss && letters > 0) {
        i += l;
        continue;
      }
    }
    break;
  }
  WordState w{flags, all_digits, letters, uppers};
  return word_end(b, i, w);
}

// A trailing apostrophe and the periods that belong to the word, then the token.
size_t Tokenizer::word_end(size_t b, size_t i, WordState& w) {
  const std::string_view s = s_;
  // A trailing apostrophe belongs to the word (Shia', Palestinians') unless it
  // closes a single-quoted passage.
  if (i < n_ && w.letters > 0) {
    int l = 1;
    bool apos = s[i] == '\'' || (static_cast<unsigned char>(s[i]) == 0xE2 &&
                                 sc_.at(i, &l) == Cp::Apostrophe && decode_utf8(s, i, &l) == 0x2019);
    if (apos && !single_quote_open_ && !sc_.word_at(i + l)) i += l;
  }
  // Periods that belong to the token: U.S., Oct., J. (initials).
  if (i < n_ && s[i] == '.' && w.letters > 0 && !w.all_digits) {
    size_t e = i + 1;
    // Letter-period chains: U.S., U.N., a.m.
    if (w.letters == 1 && i - b == 1) {
      while (e + 1 < n_ && (kClass[static_cast<unsigned char>(s[e])] & kAlpha) && s[e + 1] == '.') e += 2;
      i = e;
      w.flags |= kTokPeriod;
    } else if (is_abbreviation(std::string_view(s.data() + b, e - b))) {
      i = e;
      w.flags |= kTokPeriod;
    }
  }
  if (w.letters >= 2 && w.uppers == w.letters) w.flags |= kTokAllUpper;
  push(b, i, w.all_digits ? TokenKind::Number : TokenKind::Word, w.flags);
  return i;
}

// Punctuation at i: one code point a token, but "--" and "..." stay whole.
size_t Tokenizer::punct(size_t i, unsigned char c, Cp cp, int len) {
  const std::string_view s = s_;
  const size_t b = i;
  if (c == '.' && i + 2 < n_ && s[i + 1] == '.' && s[i + 2] == '.') {
    i += 3;
    while (i < n_ && s[i] == '.') ++i;
  } else if (c == '-' && i + 1 < n_ && s[i + 1] == '-') {
    i += 2;
    while (i < n_ && s[i] == '-') ++i;
  } else {
    i += len;
  }
  std::string_view p(s.data() + b, i - b);
  if (cp == Cp::Apostrophe) {
    // An apostrophe + s after a word is the possessive; otherwise a quote mark.
    bool after_word =
        !doc_.tokens.empty() && doc_.tokens.back().end == b && doc_.tokens.back().kind != TokenKind::Punct;
    if (after_word && i < n_ && (s[i] == 's' || s[i] == 'S') && !sc_.letter_at(i + 1)) {
      ++i;
      push(b, i, TokenKind::Word, 0);
      return i;
    }
    single_quote_open_ = !after_word;
  }
  TokenKind kind = TokenKind::Punct;
  if (p == "$" || p == "%" || p == "&" || p == "+" || p == "=" || p == "#" || p == "@" || p == "/" ||
      p == "\xE2\x82\xAC" || p == "\xC2\xA3")
    kind = TokenKind::Symbol;
  push(b, i, kind, 0);
  return i;
}

}  // namespace

void tokenize(Document& doc) { Tokenizer(doc).run(); }

namespace {

bool is_terminal(std::string_view t) {
  return t == "." || t == "!" || t == "?" || t == "..." || t == "\xE2\x80\xA6" || t == "?!" || t == "!?";
}

bool is_closer(std::string_view t) {
  return t == "\"" || t == "'" || t == ")" || t == "]" || t == "\xE2\x80\x9D" || t == "\xE2\x80\x99" ||
         t == "\xC2\xBB";
}

bool starts_sentence(const Document& doc, const Token& t) {
  if (t.flags & kTokUpper) return true;
  // Without capitals a word after terminal punctuation starts one (the
  // abbreviations have kept their periods inside their tokens).
  if (doc.text_case == TextCase::NoCaps && t.kind == TokenKind::Word) return true;
  if (t.kind == TokenKind::Number) return true;
  std::string_view x = doc.view(t.start, t.end);
  return x == "\"" || x == "'" || x == "(" || x == "\xE2\x80\x9C" || x == "\xE2\x80\x98" || x == "\xC2\xAB" ||
         x == "-" || x == "\xE2\x80\x94";
}

}  // namespace

void split_sentences(Document& doc) {
  doc.sentences.clear();
  const size_t nt = doc.tokens.size();
  size_t ti = 0;
  for (uint32_t p = 0; p < doc.paragraphs.size(); ++p) {
    const Paragraph& para = doc.paragraphs[p];
    while (ti < nt && doc.tokens[ti].start < para.start) ++ti;  // (never happens: tokens lie in paragraphs)
    size_t pend = ti;
    while (pend < nt && doc.tokens[pend].start < para.end) ++pend;
    if (pend == ti) continue;
    size_t sb = ti;
    auto close = [&](size_t e) {
      Sentence s;
      s.start = doc.tokens[sb].start;
      s.end = doc.tokens[e - 1].end;
      s.tok_begin = static_cast<uint32_t>(sb);
      s.tok_end = static_cast<uint32_t>(e);
      s.paragraph = p;
      s.headline = para.headline;
      uint32_t idx = static_cast<uint32_t>(doc.sentences.size());
      for (size_t k = sb; k < e; ++k) doc.tokens[k].sentence = idx;
      doc.sentences.push_back(s);
      sb = e;
    };
    if (!para.headline) {
      for (size_t k = ti; k < pend; ++k) {
        const Token& t = doc.tokens[k];
        if (t.kind != TokenKind::Punct || !is_terminal(doc.view(t.start, t.end))) continue;
        size_t e = k + 1;
        while (e < pend && doc.tokens[e].kind == TokenKind::Punct &&
               is_closer(doc.view(doc.tokens[e].start, doc.tokens[e].end)) &&
               doc.tokens[e].start == doc.tokens[e - 1].end)
          ++e;
        if (e >= pend) break;  // the paragraph's end closes it anyway
        // A boundary needs whitespace and a sentence-like start after it.
        if (doc.tokens[e].start == doc.tokens[e - 1].end) continue;
        if (!starts_sentence(doc, doc.tokens[e])) continue;
        close(e);
        k = e - 1;
      }
    }
    if (sb < pend) close(pend);
    ti = pend;
  }
}

namespace {

// The same list as ner::starts_after (the tagger cannot see Documents).
bool ner_starts_after(std::string_view prev) {
  return prev.empty() || prev == "." || prev == "!" || prev == "?" || prev == "--" || prev == ":" ||
         prev == "\"" || prev == "(" || prev == "[" || prev == "..." || prev == "\xE2\x80\x9C" ||
         prev == "\xE2\x80\x9D" || prev == "\xE2\x80\xA6" || prev == "-" || prev == "\xE2\x80\x94";
}

}  // namespace

TextCase text_case_of(const Document& doc) {
  // First letters of words: capitalised ones under 1 in 40 is text without
  // capitals; 4 in 5 words of 2+ letters starting with two capitals is ALL
  // CAPS. (The tagger's ner::case_mode reads token texts the same way.)
  // A capital that only starts a sentence, a paragraph or a quote says
  // nothing: text capitalised only there has no case.
  size_t words = 0, capitalised = 0, pairs = 0, caps_pairs = 0;
  bool any_capital = false;
  for (size_t i = 0; i < doc.tokens.size(); ++i) {
    const Token& t = doc.tokens[i];
    if (t.kind != TokenKind::Word || t.end == t.start) continue;
    char c = doc.text[t.start];
    bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z';
    if (!up && !lo) continue;
    ++words;
    // (whether it starts a sentence is asked of capitalised words only)
    capitalised += up && !(i == 0 || (t.flags & kTokParaStart) || ner_starts_after(doc.token_text(i - 1)));
    any_capital |= up;
    if (t.end - t.start >= 2) {
      char d = doc.text[t.start + 1];
      if ((d | 0x20) >= 'a' && (d | 0x20) <= 'z') {
        ++pairs;
        caps_pairs += up && d <= 'Z';
      }
    }
  }
  if (words == 0) return TextCase::Mixed;
  // No capital at all, or (in 20 words or more) under 1 in 40 outside sentence starts.
  if (!any_capital || (words >= 20 && capitalised * 40 < words)) return TextCase::NoCaps;
  if (pairs >= 3 && caps_pairs * 5 >= pairs * 4) return TextCase::AllCaps;
  return TextCase::Mixed;
}

namespace {

bool is_dash(std::string_view t) {
  return t == "-" || t == "--" || t == "\xE2\x80\x94" || t == "\xE2\x80\x93";
}

}  // namespace

void find_dateline(Document& doc) {
  doc.dateline = Dateline{};
  // The body's first paragraph (after a title line).
  size_t p = 0;
  while (p < doc.paragraphs.size() && p < 2 && doc.paragraphs[p].headline) ++p;
  if (p >= doc.paragraphs.size() || doc.sentences.empty()) return;
  size_t t = 0;
  while (t < doc.tokens.size() && doc.tokens[t].start < doc.paragraphs[p].start) ++t;
  if (t >= doc.tokens.size() || doc.tokens[t].kind != TokenKind::Word) return;
  const size_t pend_byte = doc.paragraphs[p].end;
  // "PLACE[, REGION], DATE (AGENCY) --", "PLACE (AGENCY) -", "place :": at
  // most 14 tokens of words, numbers, commas, periods and brackets before a
  // dash or colon that more text follows.
  size_t place_end = 0;
  bool comma_or_bracket = false, dated = false, agency = false, all_caps_words = true;
  size_t words = 0;
  int open = 0;  // brackets open: a dash inside one joins two agencies ("(ACAN - EFE) --")
  for (size_t k = t; k < doc.tokens.size() && k < t + 14 && doc.tokens[k].start < pend_byte; ++k) {
    const Token& tk = doc.tokens[k];
    std::string_view w = doc.token_text(k);
    bool colon = w == ":";
    if ((is_dash(w) || colon) && k > t && open == 0) {
      if (k + 1 >= doc.tokens.size() || doc.tokens[k + 1].start >= pend_byte) return;
      if (!place_end) place_end = k;
      if (colon) {
        // "kolkata :", "NAIROBI:": a short name, no figures; spaced or in capitals.
        bool spaced = tk.start > 0 && doc.text[tk.start - 1] == ' ';
        if (words > 3 || dated || comma_or_bracket || !(spaced || all_caps_words)) return;
      } else if (!(comma_or_bracket && (dated || agency || all_caps_words))) {
        return;
      }
      doc.dateline =
          Dateline{static_cast<uint32_t>(t), static_cast<uint32_t>(k + 1), static_cast<uint32_t>(place_end)};
      return;
    }
    if (w == "," || w == "(") {
      if (k == t) return;
      if (!place_end) place_end = k;
      comma_or_bracket = true;
      open += w == "(";
      continue;
    }
    if (w == ")") {
      agency = true;
      open -= open > 0;
      continue;
    }
    if (open > 0 && is_dash(w)) continue;
    if (w == "." || w == "/") continue;
    // (A dateline opens with its place: a figure before the first comma or
    // bracket is a sentence's date or count, "On 6 May 2020, 2 fighters …".)
    if (tk.kind == TokenKind::Number) {
      if (!place_end) return;
      dated = true;
      continue;
    }
    if (tk.kind != TokenKind::Word) return;
    if (tk.flags & kTokHasDigit) {
      if (!place_end) return;
      dated = true;
    }
    ++words;
    if (!(tk.flags & kTokAllUpper) && !(tk.flags & kTokPeriod) && w.size() > 1) all_caps_words = false;
  }
}

}  // namespace sitrep
