#include "lexicon/normalize.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>

#include "text/tokenizer.h"

namespace sitrep::lex {
namespace {

bool is_apostrophe(char32_t c) {
  return c == '\'' || c == '`' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x02BF || c == 0x02BE ||
         c == 0x02BB || c == 0x00B4;
}

void put_utf8(char32_t c, std::string& out) {
  utf8proc_uint8_t buf[4];
  auto n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(c), buf);
  out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

// Folds transliteration variants inside the word [b, e): ou/oo → u, ee → i,
// y → i, a letter written twice → once. Returns the word's new end.
char* fold_phonetic(char* b, char* e) {
  char* w = b;
  for (char* r = b; r < e; ++r) {
    char c = *r;
    char next = r + 1 < e ? r[1] : 0;
    if (c == 'o' && (next == 'u' || next == 'o')) {
      c = 'u';
      ++r;
    } else if (c == 'e' && next == 'e') {
      c = 'i';
      ++r;
    } else if (c == 'y') {
      c = 'i';
    }
    if (w > b && w[-1] == c && c >= 'a' && c <= 'z') continue;  // doubled letter
    *w++ = c;
  }
  return w;
}

void fold_phonetic(std::string& out, size_t from) {
  char* b = out.data();
  out.resize(static_cast<size_t>(fold_phonetic(b + from, b + out.size()) - b));
}

// What fold_words does with each ASCII byte: a letter or digit is kept (a
// letter in lower case), an apostrophe, backquote or period is dropped inside
// the word, anything else ends the word. Bytes >= 0x80 need utf8proc.
enum : char { kAsciiBreak = 0, kAsciiDrop = 1, kNotAscii = 2 };
constexpr std::array<char, 256> kAsciiFold = [] {
  std::array<char, 256> t{};
  for (int b = 0; b < 256; ++b) {
    char c = kAsciiBreak;
    if (b >= 0x80) {
      c = kNotAscii;
    } else if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) {
      c = static_cast<char>(b);
    } else if (b >= 'A' && b <= 'Z') {
      c = static_cast<char>(b | 0x20);
    } else if (b == '\'' || b == '`' || b == '.') {
      c = kAsciiDrop;
    }
    t[static_cast<size_t>(b)] = c;
  }
  return t;
}();

// fold_phonetic as the letters arrive: an 'o' or 'e' waits for the next
// letter (ou/oo -> u, ee -> i) and a letter equal to the last one written is
// dropped. Same output as fold_phonetic over the finished word.
struct PhoneticWriter {
  char* word;     // start of the word
  char* w;        // write position
  char held = 0;  // 'o' or 'e' waiting for the next letter, or 0

  void emit(char c) {
    if (w > word && w[-1] == c && c >= 'a' && c <= 'z') return;  // doubled letter
    *w++ = c;
  }
  void put(char c) {
    if (held) {
      char h = held;
      held = 0;
      if ((h == 'o' && (c == 'u' || c == 'o')) || (h == 'e' && c == 'e')) {
        emit(h == 'o' ? 'u' : 'i');  // the pair folds to one letter
        return;
      }
      emit(h);
    }
    if (c == 'o' || c == 'e') {
      held = c;
    } else {
      emit(c == 'y' ? 'i' : c);
    }
  }
  char* finish() {
    if (held) emit(held);
    held = 0;
    return w;
  }
};

}  // namespace

int fold_ascii_words(std::string_view text, char* out, int* words) {
  PhoneticWriter pw{out, out};
  bool in_word = false;
  int n = 0;
  for (char ch : text) {
    char c = kAsciiFold[static_cast<unsigned char>(ch)];
    if (c > kNotAscii) {
      if (!in_word) {
        if (n++ > 0) *pw.w++ = ' ';
        pw.word = pw.w;
        in_word = true;
      }
      pw.put(c);
    } else if (c == kAsciiBreak) {
      if (in_word) pw.finish();
      in_word = false;
    } else if (c == kNotAscii) {
      return -1;
    }
  }
  char* end = in_word ? pw.finish() : pw.w;
  *words = n;
  return static_cast<int>(end - out);
}

int fold_words(std::string_view text, std::string& out) {
  // Pure ASCII text (nearly every token of English news) is folded straight
  // into the buffer; its folded form is never longer than the text.
  size_t base = out.size();
  out.resize(base + text.size());
  int words = 0;
  int n = fold_ascii_words(text, out.data() + base, &words);
  out.resize(base + static_cast<size_t>(std::max(n, 0)));
  if (n >= 0) return words;
  bool in_word = false;
  size_t word_start = out.size();
  auto end_word = [&] {
    if (!in_word) return;
    fold_phonetic(out, word_start);
    in_word = false;
  };
  auto begin_word = [&] {
    if (in_word) return;
    if (words > 0) out += ' ';
    word_start = out.size();
    in_word = true;
    ++words;
  };
  for (size_t i = 0; i < text.size();) {
    auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      ++i;
      if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') {
        begin_word();
        out += static_cast<char>(b | 0x20);
      } else if (b >= '0' && b <= '9') {
        begin_word();
        out += static_cast<char>(b);
      } else if (b == '\'' || b == '`' || b == '.') {
        // dropped inside a word: "Shia'", "U.S."
      } else {
        end_word();
      }
      continue;
    }
    int len = 1;
    char32_t cp = decode_utf8(text, i, &len);
    i += static_cast<size_t>(len);
    if (is_apostrophe(cp)) continue;
    utf8proc_int32_t buf[8];
    auto n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(cp), buf, 8,
                                     static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |
                                                                    UTF8PROC_STRIPMARK | UTF8PROC_COMPAT),
                                     nullptr);
    if (n <= 0 || n > 8) {
      end_word();
      continue;
    }
    for (int k = 0; k < n; ++k) {
      char32_t c = static_cast<char32_t>(buf[k]);
      if (c < 0x80) {
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
          begin_word();
          out += static_cast<char>(c | 0x20);
        } else if (c >= '0' && c <= '9') {
          begin_word();
          out += static_cast<char>(c);
        } else if (c != '\'') {
          end_word();
        }
      } else if (c == 0x00DF) {  // ß
        begin_word();
        out += "ss";
      } else if (c == 0x0131) {  // dotless i
        begin_word();
        out += 'i';
      } else if (is_letter_cp(c) ||
                 utf8proc_category(static_cast<utf8proc_int32_t>(c)) == UTF8PROC_CATEGORY_ND) {
        begin_word();
        put_utf8(c, out);
      } else if (!is_apostrophe(c)) {
        end_word();
      }
    }
  }
  end_word();
  return words;
}

bool is_particle(std::string_view w) {
  if (w.size() < 2 || w.size() > 3) return false;
  return w == "al" || w == "el" || w == "ad" || w == "an" || w == "ar" || w == "as" || w == "ash" ||
         w == "at" || w == "az" || w == "ul";
}

std::string name_key(std::string_view name) {
  thread_local std::string folded;  // reused: no allocation per name
  folded.clear();
  fold_words(name, folded);
  std::string key;
  key.reserve(folded.size());
  size_t i = 0;
  bool first = true;
  while (i < folded.size()) {
    size_t j = folded.find(' ', i);
    if (j == std::string::npos) j = folded.size();
    std::string_view w(folded.data() + i, j - i);
    bool last = j == folded.size();
    bool drop = (!last && is_particle(w)) || (first && !last && w == "the");
    if (!drop) {
      if (!key.empty()) key += ' ';
      key.append(w);
    }
    first = false;
    i = j + 1;
  }
  return key;
}

}  // namespace sitrep::lex
