#include "numbers/numbers.h"

#include <cctype>
#include <cmath>

#include "numbers/words.h"

namespace sitrep {

using words::ieq;
using words::Info;
using words::W;

const char* to_string(QuantityUnit u) {
  switch (u) {
    case QuantityUnit::Count:
      return "count";
    case QuantityUnit::Percent:
      return "percent";
    case QuantityUnit::Money:
      return "money";
  }
  return "count";
}

namespace {

double pow10i(int e) {
  double v = 1;
  for (int k = 0; k < e; ++k) v *= 10;
  return v;
}

bool is_word_number(W c) { return c == W::Digit || c == W::Teen || c == W::Tens; }

bool tok_is(const Document& doc, size_t i, std::string_view lower) {
  return i < doc.tokens.size() && ieq(doc.token_text(i), lower);
}

// Is the hyphenated token i "thirty-seven"?
bool hyphen_number(const Document& doc, size_t i, double* v) {
  const Token& t = doc.tokens[i];
  if (t.kind != TokenKind::Word || !(t.flags & kTokHyphen) || (t.flags & kTokHasDigit)) return false;
  return words::parse_simple_number(doc.token_text(i), v);
}

// Digits, with a scale word after them: "9,770", "1.5 million", "5 hundred".
bool parse_digit_core(const Document& doc, size_t i, size_t lim, NumberCore c, NumberCore* out) {
  if (!words::parse_simple_number(doc.token_text(i), &c.value)) return false;
  size_t j = i + 1;
  if (j < lim) {
    Info s = words::lookup_token(doc, j);
    if (s.cls == W::Scale) {
      c.scale = pow10i(s.val);
      c.value *= c.scale;
      ++j;
    } else if (s.cls == W::Hundred && c.value < 100) {
      c.scale = 100;
      c.value *= 100;
      ++j;
    }
  }
  c.high = c.value;
  c.tok_end = static_cast<uint32_t>(j);
  *out = c;
  return true;
}

// After "a" or "several" (first): "a dozen", "a hundred", "several
// thousand", "a couple of", "a handful of", "several others".
bool parse_article_core(const Document& doc, size_t i, size_t lim, Info first, NumberCore c,
                        NumberCore* out) {
  if (i + 1 >= lim) return false;
  Info nx = words::lookup_token(doc, i + 1);
  bool several = first.cls == W::Qual;
  if (nx.cls == W::Dozen) {
    c.value = several ? 36 : 12;
    c.vague = several;
    c.approx = !several;
    c.words = true;
    c.tok_end = static_cast<uint32_t>(i + 2);
    c.high = c.value;
    *out = c;
    return true;
  }
  if (nx.cls == W::Hundred || nx.cls == W::Scale) {
    double sc = nx.cls == W::Hundred ? 100 : pow10i(nx.val);
    c.words = true;
    c.scale = sc;
    c.tok_end = static_cast<uint32_t>(i + 2);
    if (several) {
      c.value = 2 * sc;
      c.vague = true;
    } else {
      c.value = sc;
    }
    c.high = c.value;
    *out = c;
    return true;
  }
  // "several others were injured", "several people", "several suspected
  // prisoners": more than two, no upper bound (a vague count: 3/null) before
  // any word that is no number word (what it counts is the reader's to say:
  // the casualty pass wants people, and "several days" is the time layer's).
  if (several && nx.cls == W::None && doc.tokens[i + 1].kind == TokenKind::Word &&
      !tok_is(doc, i + 1, "of")) {
    c.value = 3;
    c.vague = true;
    c.words = true;
    c.tok_end = static_cast<uint32_t>(i + 1);
    c.high = c.value;
    *out = c;
    return true;
  }
  if (!several && nx.cls == W::Qual && (nx.val == words::kCouple || nx.val == words::kHandful)) {
    c.words = true;
    c.approx = true;
    c.value = nx.val == words::kCouple ? 2 : 3;
    c.high = nx.val == words::kCouple ? 2 : 5;
    c.tok_end = static_cast<uint32_t>(i + 2);
    if (tok_is(doc, i + 2, "of")) ++c.tok_end;
    *out = c;
    return true;
  }
  return false;
}

// Vague plurals (first): "dozens", "hundreds of thousands", "tens of thousands".
bool parse_vague_core(const Document& doc, size_t i, size_t lim, Info first, NumberCore c, NumberCore* out) {
  double base = words::vague_base(first.val);
  size_t j = i + 1;
  while (j + 1 < lim && tok_is(doc, j, "of")) {
    Info nx = words::lookup_token(doc, j + 1);
    if (nx.cls != W::Vague || words::vague_base(nx.val) <= base || nx.val <= 2) break;
    base *= words::vague_base(nx.val);
    j += 2;
  }
  // "tens" and "scores" alone are not quantities ("scores" of a game).
  // "scores wounded", "scores more were hurt": a casualty word after it makes it a count.
  if ((first.val == 0 || first.val == 2) && j == i + 1 && !tok_is(doc, j, "of") &&
      !(j < lim && (tok_is(doc, j, "wounded") || tok_is(doc, j, "injured") || tok_is(doc, j, "killed") ||
                    tok_is(doc, j, "dead") || tok_is(doc, j, "hurt") || tok_is(doc, j, "others") ||
                    tok_is(doc, j, "more") || tok_is(doc, j, "were") || tok_is(doc, j, "people"))))
    return false;
  c.value = 2 * base;
  c.high = c.value;
  c.vague = true;
  c.words = true;
  c.tok_end = static_cast<uint32_t>(j);
  *out = c;
  return true;
}

// Number words: "two hundred and fifty thousand", "thirty-seven", "seventy million".
bool parse_words_core(const Document& doc, size_t i, size_t lim, NumberCore c, NumberCore* out) {
  double total = 0, cur = 0;
  W last = W::None;
  bool any = false;
  size_t j;
  for (j = i; j < lim; ++j) {
    double hv;
    Info w = words::lookup_token(doc, j);
    if (w.cls == W::None && hyphen_number(doc, j, &hv)) {
      if (last == W::Digit || last == W::Teen || last == W::Tens) break;
      cur += hv;
      last = W::Digit;
      any = true;
      continue;
    }
    if (w.cls == W::Digit || w.cls == W::Teen) {
      if (last == W::Digit || last == W::Teen) break;
      if (last == W::Tens && (w.cls == W::Teen || w.val == 0)) break;
      cur += w.val;
      last = w.cls;
      any = true;
    } else if (w.cls == W::Tens) {
      if (last == W::Digit || last == W::Teen || last == W::Tens) break;
      cur += w.val;
      last = W::Tens;
      any = true;
    } else if (w.cls == W::Hundred) {
      if (!any || last == W::Hundred || last == W::Scale || cur == 0 || cur >= 100) break;
      cur *= 100;
      last = W::Hundred;
    } else if (w.cls == W::Scale) {
      if (!any || last == W::Scale || cur == 0) break;
      total += cur * pow10i(w.val);
      c.scale = pow10i(w.val);
      cur = 0;
      last = W::Scale;
    } else if (w.cls == W::Dozen) {
      if (!any || last == W::Scale || cur == 0 || cur >= 100) break;
      cur *= 12;
      last = W::Scale;
    } else if (w.cls == W::Qual && w.val == words::kAnd && (last == W::Hundred || last == W::Scale) &&
               j + 1 < lim && is_word_number(words::lookup_token(doc, j + 1).cls)) {
      continue;
    } else {
      break;
    }
  }
  if (!any) return false;
  c.value = total + cur;
  c.high = c.value;
  c.words = true;
  c.tok_end = static_cast<uint32_t>(j);
  *out = c;
  return true;
}

}  // namespace

bool parse_number_core(const Document& doc, size_t i, size_t lim, NumberCore* out) {
  if (i >= lim) return false;
  NumberCore c;
  c.tok_begin = static_cast<uint32_t>(i);
  const Token& t = doc.tokens[i];
  if (t.kind == TokenKind::Number) return parse_digit_core(doc, i, lim, c, out);
  if (t.kind != TokenKind::Word || (t.flags & kTokNonAscii)) return false;
  Info first = words::lookup_token(doc, i);
  if (first.cls == W::A || (first.cls == W::Qual && (first.val == words::kSeveral)))
    return parse_article_core(doc, i, lim, first, c, out);
  if (first.cls == W::Vague) return parse_vague_core(doc, i, lim, first, c, out);
  return parse_words_core(doc, i, lim, c, out);
}

namespace {

// Is the digit number at token i part of a name ("Al-Yassin 105", "Resolution
// 2334", "Flight 800") or an id ("No. 5", "#5")?
bool part_of_name(const Document& doc, size_t i, const Sentence& s) {
  // "colonia 20 de noviembre", "rua 25 de março", "avenida 9 de julio": a
  // figure before "de" names a street or district in any case.
  if (i + 1 < s.tok_end && (ieq(doc.token_text(i + 1), "de") || ieq(doc.token_text(i + 1), "del")))
    return true;
  if (i == s.tok_begin) return false;
  const Token& p = doc.tokens[i - 1];
  std::string_view pt = doc.token_text(i - 1);
  if (pt == "#" || ieq(pt, "no.") || ieq(pt, "nos.") || ieq(pt, "number")) return true;
  if (p.kind != TokenKind::Word || !(p.flags & kTokUpper)) return false;
  // Where capitals say nothing ("KILLED 50 PEASANTS") they mark no name.
  if (doc.text_case != TextCase::Mixed) return false;
  if (i - 1 == s.tok_begin) return false;  // "About 50 …": a capital that only starts the sentence
  // In a Title Case headline every word is capitalised ("Israel Kills 37 In
  // Gaza"): there a name needs a lower-case word or the end after the number.
  if (s.headline && i + 1 < s.tok_end && (doc.tokens[i + 1].flags & kTokUpper)) return false;
  Info w = words::lookup_token(doc, i - 1);
  // Capitalised function words and qualifiers are not names ("More Than 100").
  return w.cls == W::None || w.cls == W::Currency;
}

// The digits of a Number token look like an id, not a count.
bool id_like(std::string_view text) {
  size_t digits = 0;
  for (char c : text) digits += c >= '0' && c <= '9';
  return text.find(',') == std::string_view::npos && text.find('.') == std::string_view::npos && digits >= 7;
}

struct Builder {
  Document& doc;
  const Sentence& s;

  // Qualifier before the core at token b; returns the first token of the
  // expression and sets kind.
  enum Kind { Exact, AtLeast, MoreThan, LessThan, AtMost, About };
  size_t qualifier(size_t b, Kind* kind) {
    *kind = Exact;
    auto is = [&](size_t k, std::string_view w) {
      return k >= s.tok_begin && k < b && ieq(doc.token_text(k), w);
    };
    size_t one = b - 1, two = b - 2, three = b - 3;
    if (b < s.tok_begin + 1) return b;
    // Three-word qualifiers.
    if (b >= s.tok_begin + 3) {
      if ((is(three, "no") || is(three, "not")) && (is(two, "more") || is(two, "fewer") || is(two, "less")) &&
          is(one, "than")) {
        *kind = is(two, "more") ? AtMost : AtLeast;
        return three;
      }
      if (is(three, "as") && is(two, "many") && is(one, "as")) {
        *kind = AtMost;
        return three;
      }
      if (is(three, "as") && is(two, "much") && is(one, "as")) {
        *kind = AtMost;
        return three;
      }
      if (is(three, "in") && is(two, "excess") && is(one, "of")) {
        *kind = MoreThan;
        return three;
      }
    }
    if (b >= s.tok_begin + 2) {
      if (is(two, "at") && is(one, "least")) {
        *kind = AtLeast;
        return two;
      }
      if (is(two, "at") && is(one, "most")) {
        *kind = AtMost;
        return two;
      }
      if (is(two, "more") && is(one, "than")) {
        *kind = MoreThan;
        return two;
      }
      if (is(two, "upwards") && is(one, "of")) {
        *kind = MoreThan;
        return two;
      }
      if ((is(two, "fewer") || is(two, "less")) && is(one, "than")) {
        *kind = LessThan;
        return two;
      }
      if (is(two, "up") && is(one, "to")) {
        *kind = AtMost;
        return two;
      }
      if (is(two, "close") && is(one, "to")) {
        *kind = About;
        return two;
      }
      if ((is(two, "just") || is(two, "well")) && is(one, "over")) {
        *kind = MoreThan;
        return two;
      }
      if (is(two, "just") && is(one, "under")) {
        *kind = LessThan;
        return two;
      }
      if ((is(two, "an") || is(two, "some")) && is(one, "estimated")) {
        *kind = About;
        return two;
      }
    }
    if (is(one, "over")) {
      *kind = MoreThan;
      return one;
    }
    if (is(one, "nearly") || is(one, "almost") || is(one, "under")) {
      *kind = LessThan;
      return one;
    }
    if (is(one, "about") || is(one, "around") || is(one, "some") || is(one, "approximately") ||
        is(one, "roughly") || is(one, "estimated") || is(one, "approx.") || is(one, "circa")) {
      *kind = About;
      return one;
    }
    return b;
  }

  // A number read at a token, before its qualifier, unit and suffixes.
  struct Found {
    NumberCore c;
    bool range = false;
    double hi_range = 0;  // the range's upper end
    size_t end_tok = 0;   // the token after the number (or range)
  };

  // A hyphenated token with digits: "20-30" is a range (true, f set);
  // "100-plus" is pushed at once; anything else (F-16, 9-year-old) is not a count.
  bool hyphen_token(size_t i, Found* f) {
    const Token& t = doc.tokens[i];
    std::string_view x = doc.token_text(i);
    size_t dash = x.find('-');
    double a, b;
    std::string_view l = x.substr(0, dash), r = x.substr(dash + 1);
    if (!words::parse_simple_number(l, &a)) return false;
    if (ieq(r, "plus")) {
      Quantity q;
      q.low = a;
      q.value = a;
      q.num_start = t.start;
      q.num_end = t.start + static_cast<uint32_t>(dash);
      Kind k;
      size_t b0 = qualifier(i, &k);
      q.start = doc.tokens[b0].start;
      q.end = t.end;
      q.tok_begin = static_cast<uint32_t>(b0);
      q.tok_end = static_cast<uint32_t>(i + 1);
      doc.numbers.push_back(q);
      return false;
    }
    if (!words::parse_simple_number(r, &b) || !(a < b) || b > 10 * a + 10 || (l.size() == 3 && r.size() == 4))
      return false;
    f->c.value = a;
    f->c.high = a;
    f->c.tok_begin = static_cast<uint32_t>(i);
    f->c.tok_end = static_cast<uint32_t>(i + 1);
    f->range = true;
    f->hi_range = b;
    f->end_tok = i + 1;
    return true;
  }

  // Is the number c read at token i no count: a name, an id, a clock time,
  // a score or fraction, or "one" as a pronoun ("no one", "one another")?
  // Whether "one" ending before token j stands alone: "of", a full stop or
  // other punctuation, or the sentence's end follows.
  bool pronoun_one_after(size_t j) const {
    if (j >= s.tok_end) return true;
    std::string_view nx = doc.token_text(j);
    if (ieq(nx, "of")) return true;
    unsigned char c0 = static_cast<unsigned char>(nx.empty() ? ' ' : nx[0]);
    return !std::isalnum(c0) && c0 < 0x80;
  }

  bool not_a_count(size_t i, const NumberCore& c) const {
    const Token& t = doc.tokens[i];
    if (t.kind == TokenKind::Number) {
      if (part_of_name(doc, i, s) || id_like(doc.token_text(i))) return true;
      // Clock times, scores and fractions: 10:30, 3/4, 2.5.1.
      if (i > s.tok_begin) {
        std::string_view p = doc.token_text(i - 1);
        if ((p == ":" || p == "/") && doc.tokens[i - 1].end == t.start) return true;
      }
      if (i + 1 < s.tok_end) {
        std::string_view nx = doc.token_text(i + 1);
        if ((nx == ":" || nx == "/") && doc.tokens[i + 1].start == t.end) return true;
      }
    }
    if (c.words && c.value == 1 && c.tok_end == i + 1 && !c.approx) {
      if (i > s.tok_begin) {
        std::string_view p = doc.token_text(i - 1);
        if (ieq(p, "no") || ieq(p, "the") || ieq(p, "this") || ieq(p, "any") || ieq(p, "each") ||
            ieq(p, "every") || ieq(p, "someone") || ieq(p, "only"))
          return true;
        // "which one of them", "that one." are pronouns; "in which one civilian
        // was killed", "said that one person died" count.
        if ((ieq(p, "which") || ieq(p, "that")) && pronoun_one_after(i + 1)) return true;
      }
      if (i + 1 < s.tok_end) {
        std::string_view nx = doc.token_text(i + 1);
        if (ieq(nx, "another") || ieq(nx, "'s") || ieq(nx, "\xE2\x80\x99s")) return true;
      }
    }
    return false;
  }

  // Widens f to a range when a second number follows: "20 to 30", "20 - 30",
  // "two or three", "between 5 and 10" (both in digits or both in words).
  void range_after(size_t time_limit, bool digits, Found* f) {
    NumberCore& c = f->c;
    size_t k = f->end_tok;
    if (k + 1 >= time_limit) return;
    std::string_view sep = doc.token_text(k);
    bool between = c.tok_begin > s.tok_begin && ieq(doc.token_text(c.tok_begin - 1), "between");
    bool ok_sep =
        between ? ieq(sep, "and") : (ieq(sep, "to") || ieq(sep, "or") || sep == "-" || sep == "\xE2\x80\x93");
    NumberCore c2;
    if (ok_sep && !c.vague && parse_number_core(doc, k + 1, time_limit, &c2) && !c2.vague &&
        (doc.tokens[k + 1].kind == TokenKind::Number) == digits) {
      double lo = c.value;
      // "1.5 to 2 million": the scale of the second applies to the first.
      if (c.scale == 1 && c2.scale > 1 && c.value * c2.scale <= c2.value) lo = c.value * c2.scale;
      if (lo < c2.value) {
        f->range = true;
        c.value = lo;
        f->hi_range = c2.value;
        f->end_tok = c2.tok_end;
      }
    }
  }

  // The number (digits or words) starting at token i, with a range after
  // it, within [i, time_limit); false when there is none or it is no count.
  bool number_at(size_t i, size_t time_limit, Found* f) {
    const Token& t = doc.tokens[i];
    if (t.kind == TokenKind::Word) {
      if (t.flags & (kTokHasDigit | kTokNonAscii)) return false;  // 7th, M16
      const bool hyphen = t.flags & kTokHyphen;                   // "thirty-seven"
      if (!hyphen && !words::maybe_starter(doc.token_text(i), words::kNumberStarters)) return false;
      if (!hyphen && !words::starts_number(words::lookup_token(doc, i))) return false;
    }
    if (!parse_number_core(doc, i, time_limit, &f->c)) return false;
    if (not_a_count(i, f->c)) return false;
    f->end_tok = f->c.tok_end;
    range_after(time_limit, t.kind == TokenKind::Number, f);
    return true;
  }

  // The unit: money before the number ($ € £; *b0 then starts there), percent
  // or a currency after it (*end_tok then moves past "%" or "per cent").
  QuantityUnit unit_of(const NumberCore& c, size_t* b0, size_t* end_tok) const {
    QuantityUnit unit = QuantityUnit::Count;
    if (c.tok_begin > s.tok_begin) {
      std::string_view p = doc.token_text(c.tok_begin - 1);
      if (p == "$" || p == "\xE2\x82\xAC" || p == "\xC2\xA3") {
        unit = QuantityUnit::Money;
        if (*b0 == c.tok_begin) *b0 = c.tok_begin - 1;
      }
    }
    if (*end_tok < s.tok_end) {
      std::string_view nx = doc.token_text(*end_tok);
      Info w = words::lookup_token(doc, *end_tok);
      if (nx == "%" || w.cls == W::Percent) {
        unit = QuantityUnit::Percent;
        ++*end_tok;
      } else if (ieq(nx, "per") && *end_tok + 1 < s.tok_end && ieq(doc.token_text(*end_tok + 1), "cent")) {
        unit = QuantityUnit::Percent;
        *end_tok += 2;
      } else if (w.cls == W::Currency) {
        unit = QuantityUnit::Money;
      }
    }
    return unit;
  }

  // Suffixes after a number: "100 or more", "50 or so", "20 or fewer".
  enum Suffix { NoSuffix, OrMore, OrSo, OrFewer };
  Suffix suffix_at(size_t* end_tok, size_t time_limit) const {
    if (!(*end_tok + 1 < time_limit && ieq(doc.token_text(*end_tok), "or"))) return NoSuffix;
    std::string_view w2 = doc.token_text(*end_tok + 1);
    Suffix sf = NoSuffix;
    if (ieq(w2, "more"))
      sf = OrMore;
    else if (ieq(w2, "so"))
      sf = OrSo;
    else if (ieq(w2, "fewer") || ieq(w2, "less"))
      sf = OrFewer;
    if (sf != NoSuffix) *end_tok += 2;
    return sf;
  }

  // low/high (and approx) of q by SCHEMA.md's rules from the number, its
  // qualifier and suffix.
  static void set_interval(const Found& f, Kind kind, Suffix sf, Quantity* q) {
    const NumberCore& c = f.c;
    double v = c.value;
    bool integer = std::floor(v) == v;
    q->value = v;
    q->approx = c.approx;
    q->vague = c.vague;
    if (f.range) {
      q->low = v;
      q->high = f.hi_range;
      if (kind == About) q->approx = true;
      return;
    }
    if (c.vague) {
      q->low = v;
      if (kind == LessThan || kind == AtMost) q->low.reset();
      return;
    }
    switch (kind) {
      case Exact:
        q->low = v;
        q->high = c.high;
        break;
      case AtLeast:
        q->low = v;
        break;
      case MoreThan:
        q->low = integer ? v + 1 : v;
        break;
      case LessThan:
        q->high = integer ? v - 1 : v;
        break;
      case AtMost:
        q->high = v;
        break;
      case About:
        q->low = v;
        q->high = v;
        q->approx = true;
        break;
    }
    if (sf == OrMore) q->low = v, q->high.reset();
    if (sf == OrFewer) q->low.reset(), q->high = v;
    if (sf == OrSo) q->low = v, q->high = v, q->approx = true;
  }

  // Pushes the quantity of f with its qualifier, unit and suffix; returns
  // the token after it.
  size_t push(const Found& f, size_t time_limit) {
    const NumberCore& c = f.c;
    Kind kind = Exact;
    size_t b0 = qualifier(c.tok_begin, &kind);
    bool between = c.tok_begin > s.tok_begin && ieq(doc.token_text(c.tok_begin - 1), "between") && f.range;
    bool from = c.tok_begin > s.tok_begin && ieq(doc.token_text(c.tok_begin - 1), "from") && f.range;
    if (between || from) b0 = c.tok_begin - 1, kind = Exact;
    size_t end_tok = f.end_tok;
    Quantity q;
    q.unit = unit_of(c, &b0, &end_tok);
    Suffix sf = f.range ? NoSuffix : suffix_at(&end_tok, time_limit);
    set_interval(f, kind, sf, &q);
    q.tok_begin = static_cast<uint32_t>(b0);
    q.tok_end = static_cast<uint32_t>(end_tok);
    q.start = doc.tokens[b0].start;
    q.end = doc.tokens[end_tok - 1].end;
    q.num_start = doc.tokens[c.tok_begin].start;
    q.num_end = doc.tokens[f.end_tok - 1].end;
    doc.numbers.push_back(q);
    return end_tok;
  }
};

}  // namespace

void find_numbers(Document& doc) {
  doc.numbers.clear();
  size_t next_time = 0;  // doc.times is in text order
  for (const Sentence& s : doc.sentences) {
    Builder bld{doc, s};
    for (size_t i = s.tok_begin; i < s.tok_end; ++i) {
      const Token& t = doc.tokens[i];
      if (t.kind == TokenKind::Punct || t.kind == TokenKind::Symbol) continue;
      // The hot path: a plain word that cannot start a number costs one bit test.
      if (t.kind == TokenKind::Word && !(t.flags & (kTokHasDigit | kTokHyphen | kTokNonAscii)) &&
          !words::maybe_starter(doc.token_text(i), words::kNumberStarters))
        continue;
      // Skip the dateline ("LIMA, 10 JAN 90 (EFE) --"): its figures date the report.
      if (!doc.dateline.empty() && i >= doc.dateline.tok_begin && i < doc.dateline.tok_end) {
        i = doc.dateline.tok_end - 1;
        continue;
      }
      // Skip tokens inside time expressions.
      while (next_time < doc.times.size() && doc.times[next_time].tok_end <= i) ++next_time;
      if (next_time < doc.times.size() && doc.times[next_time].tok_begin <= i) {
        i = doc.times[next_time].tok_end - 1;
        continue;
      }
      size_t time_limit = next_time < doc.times.size()
                              ? std::min<size_t>(doc.times[next_time].tok_begin, s.tok_end)
                              : s.tok_end;
      Builder::Found f;
      if (t.kind == TokenKind::Word && (t.flags & kTokHyphen) && (t.flags & kTokHasDigit)) {
        if (!bld.hyphen_token(i, &f)) continue;
      } else if (!bld.number_at(i, time_limit, &f)) {
        continue;
      }
      i = bld.push(f, time_limit) - 1;
    }
  }
}

}  // namespace sitrep
