// Text layer, stage 1: tokens and sentences.
// Input: Document with text and paragraphs (from the reader). Output:
// Document::tokens (byte spans, kind, shape flags) and Document::sentences
// (token ranges; headline paragraphs are one sentence each). No dictionaries.
// Invariants: tokens are in order, never overlap, never contain whitespace;
// every token lies inside one sentence. Cost: one pass, no allocation per token
// beyond the output vectors (≥ 200 MB/s per core, see bench/).
#pragma once

#include <string_view>

#include "sitrep/document.h"

namespace sitrep {

// Fills doc.tokens for the whole text (paragraph by paragraph).
void tokenize(Document& doc);

// Fills doc.sentences from doc.tokens and doc.paragraphs, and sets each token's
// sentence index.
void split_sentences(Document& doc);

// How the document uses capitals (see TextCase), from its tokens.
TextCase text_case_of(const Document& doc);

// Sets doc.dateline when the body opens with one ("LIMA, 10 JAN 90 (EFE) --",
// "KYIV, Dec 3 (AFP) -", "kolkata :"); needs tokens and sentences.
void find_dateline(Document& doc);

// All of the text layer, in order.
inline void segment(Document& doc) {
  tokenize(doc);
  doc.text_case = text_case_of(doc);
  split_sentences(doc);
  find_dateline(doc);
}

// True when the token text is a known abbreviation that keeps its period
// ("Oct.", "Mr.", "U.S.").
bool is_abbreviation(std::string_view word_with_period);

// Decodes one UTF-8 code point at s[i] (valid UTF-8 assumed); sets len.
char32_t decode_utf8(std::string_view s, size_t i, int* len);
bool is_upper_cp(char32_t c);
bool is_letter_cp(char32_t c);

}  // namespace sitrep
