#include "read/reader.h"

#include <simdjson.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "read/json_limits.h"

namespace sitrep {
namespace fs = std::filesystem;

std::string ReadError::format() const {
  std::string s = input;
  if (line) s += ":" + std::to_string(line);
  s += ": byte " + std::to_string(offset) + ": ";
  s += warning ? "warning: " : "error: ";
  s += message;
  return s;
}

size_t find_bad_utf8(std::string_view s, const char** what) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    // Fast path: 8 ASCII bytes at a time, none of them NUL.
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      bool ascii = (w & 0x8080808080808080ull) == 0;
      bool has_zero = ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull) != 0;
      if (!ascii || has_zero) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned c = p[i];
    if (c == 0) {
      *what = "NUL byte (binary data?)";
      return i;
    }
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF)
      len = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
      len = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
      len = 4, min = 0x10000;
    else {
      *what = "invalid UTF-8 lead byte";
      return i;
    }
    if (i + len > n) {
      *what = "truncated UTF-8 sequence";
      return i;
    }
    unsigned cp = c & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; ++k) {
      unsigned cc = p[i + k];
      if ((cc & 0xC0) != 0x80) {
        *what = "invalid UTF-8 continuation byte";
        return i;
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      *what = "invalid UTF-8 code point";
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

std::string document_id(std::string_view text, const std::optional<Date>& published) {
  // FNV-1a 64 over the date then the text, finished with a murmur-style mix.
  uint64_t h = 0xcbf29ce484222325ull;
  auto feed = [&](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 0x100000001b3ull;
    }
  };
  feed(published ? published->iso() : std::string("none"));
  feed("\n");
  feed(text);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  char buf[24];
  std::snprintf(buf, sizeof buf, "d:%016llx", static_cast<unsigned long long>(h));
  return buf;
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

bool ends_with_final_punct(std::string_view line) {
  while (!line.empty() && is_space(line.back())) line.remove_suffix(1);
  if (line.empty()) return true;
  static const std::string_view kAscii = ".!?:;,\"')]";
  if (kAscii.find(line.back()) != std::string_view::npos) return true;
  // Closing curly quotes and the ellipsis (3-byte UTF-8 sequences).
  for (std::string_view end : {"\xE2\x80\x9D", "\xE2\x80\x99", "\xE2\x80\xA6", "\xC2\xBB"}) {
    if (line.size() >= end.size() && line.substr(line.size() - end.size()) == end) return true;
  }
  return false;
}

// Whether the line before `next` was wrapped inside a sentence (a feed that
// breaks its lines at a width, "… killed in Sunday's\n   attacks, officials
// said."): it ends without final punctuation and the next line goes on in
// lower case. (In a text of one line per paragraph, each line stands alone
// otherwise.)
bool soft_wrap(const std::string& t, size_t next, std::string_view line) {
  while (!line.empty() &&
         (is_space(line.back()) || line.back() == '"' || line.back() == '\'' || line.back() == ')'))
    line.remove_suffix(1);
  if (line.empty() || line.back() == '.' || line.back() == '!' || line.back() == '?') return false;
  size_t k = next;
  while (k < t.size() && (t[k] == ' ' || t[k] == '\t')) ++k;
  return k < t.size() && t[k] >= 'a' && t[k] <= 'z';
}

// Whether a text is written with capitals: at least one letter in a hundred
// is a capital (a lower-cased feed has none, or only stray ones).
bool has_capitals(std::string_view s) {
  size_t letters = 0, capitals = 0;
  for (unsigned char c : s) {
    bool upper = c >= 'A' && c <= 'Z';
    letters += upper || (c >= 'a' && c <= 'z');
    capitals += upper;
  }
  return letters > 0 && capitals * 100 >= letters;
}

bool has_letter(std::string_view s) {
  for (unsigned char c : s)
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return false;
}

}  // namespace

void split_paragraphs(Document& doc, size_t title_bytes) {
  const std::string& t = doc.text;
  doc.paragraphs.clear();
  size_t body = std::min(title_bytes, t.size());
  if (title_bytes > 0) {
    size_t e = body;
    while (e > 0 && is_space(t[e - 1])) --e;
    if (e > 0) doc.paragraphs.push_back({0, static_cast<uint32_t>(e), true});
  }
  bool blank_lines = t.find("\n\n", body) != std::string::npos || t.find("\n\r\n", body) != std::string::npos;
  // Only a text written with capitals tells a wrapped line by the lower case
  // after it: in a lower-cased feed every line goes on in lower case.
  bool cased = !blank_lines && has_capitals(std::string_view(t).substr(body));
  size_t i = body, n = t.size();
  while (i < n) {
    while (i < n && is_space(t[i])) ++i;
    if (i >= n) break;
    size_t start = i, end = i;
    size_t lines = 0;
    // A paragraph runs to a blank line (or to the end of the line when the text
    // has no blank lines at all).
    while (i < n) {
      size_t nl = t.find('\n', i);
      size_t line_end = nl == std::string::npos ? n : nl;
      std::string_view line(t.data() + i, line_end - i);
      bool blank = std::all_of(line.begin(), line.end(), is_space);
      if (blank) break;
      end = line_end;
      ++lines;
      i = nl == std::string::npos ? n : nl + 1;
      if (!blank_lines && !(cased && soft_wrap(t, i, line))) break;
    }
    while (end > start && is_space(t[end - 1])) --end;
    std::string_view para(t.data() + start, end - start);
    bool headline = lines == 1 && para.size() <= 150 && !ends_with_final_punct(para) && has_letter(para);
    doc.paragraphs.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(end), headline});
  }
}

namespace {

// Finishes a document: validates the text, sets id and paragraphs.
bool finish(Document& doc, size_t title_bytes, uint64_t text_offset, ReadError& err) {
  const char* what = nullptr;
  size_t bad = find_bad_utf8(doc.text, &what);
  if (bad != std::string_view::npos) {
    err.offset = text_offset + bad;
    err.message = what;
    return false;
  }
  bool blank = std::all_of(doc.text.begin(), doc.text.end(), is_space);
  if (blank) {
    err.offset = text_offset;
    err.message = "empty report (no text)";
    return false;
  }
  doc.meta.id = document_id(doc.text, doc.meta.published);
  split_paragraphs(doc, title_bytes);
  return true;
}

// " date YYYY-MM-DD body…": returns the header length, or 0 when absent.
size_t seed_header(std::string_view s, std::string_view* date) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  if (s.substr(i, 5) != "date ") return 0;
  i += 5;
  while (i < s.size() && s[i] == ' ') ++i;
  size_t ds = i;
  while (i < s.size() && !is_space(s[i])) ++i;
  *date = s.substr(ds, i - ds);
  if (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
    ++i;
  else if (i < s.size() && s[i] == '\r')
    ++i;
  if (i < s.size() && s[i] == '\n') ++i;
  return i;
}

// The UTF-8 byte order mark some editors put first: not part of the text.
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// gzerror's message, or strerror(errno) when zlib reports a system error.
std::string gz_reason(gzFile gz) {
  int errnum = 0;
  const char* msg = gzerror(gz, &errnum);
  if (errnum == Z_ERRNO) return std::strerror(errno);
  std::string m = msg && *msg ? msg : "unknown error";
  // zlib words it "PATH: reason"; the error names the input already.
  size_t colon = m.rfind(": ");
  return colon == std::string::npos ? m : m.substr(colon + 2);
}

// True when the stream ended early: zlib reads a truncated gzip member as far
// as it goes and then reports Z_BUF_ERROR ("unexpected end of file").
bool gz_truncated(gzFile gz) {
  int errnum = 0;
  gzerror(gz, &errnum);
  return errnum == Z_BUF_ERROR;
}

bool looks_like_jsonl(std::string_view head) {
  for (char c : head) {
    if (is_space(c)) continue;
    return c == '{';
  }
  return false;
}

bool name_says_jsonl(const std::string& name) {
  for (std::string_view ext : {".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".json", ".json.gz"}) {
    if (name.size() >= ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0)
      return true;
  }
  return false;
}

// The fields of one JSON Lines record that make a Document (views into the
// parsed record).
struct JsonFields {
  std::optional<std::string_view> id, title, source, url, date;
  std::string_view text;
  std::string extra_json;  // fields beyond the known ones, as a JSON object ("" = none)
};

// The common record, an object of the known keys only whose values are
// strings or null, read with simdjson (several times faster than building a
// nlohmann tree). False for anything else — malformed JSON, other keys, other
// value types — which then goes through nlohmann: it words the errors and
// keeps extra fields, exactly as before. Duplicate keys: the last one wins, as
// in nlohmann.
bool fast_json_fields(std::string_view line, JsonFields& f) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::object obj;
  if (parser.parse(line.data(), line.size(), true).get_object().get(obj)) return false;
  bool has_text = false;
  for (auto field : obj) {
    std::string_view key = field.key;
    std::optional<std::string_view>* slot = nullptr;
    if (key == "id")
      slot = &f.id;
    else if (key == "title")
      slot = &f.title;
    else if (key == "source")
      slot = &f.source;
    else if (key == "url")
      slot = &f.url;
    else if (key == "date")
      slot = &f.date;
    else if (key != "text")
      return false;
    std::string_view value;
    if (field.value.is_null() && slot) {
      slot->reset();
      continue;
    }
    if (field.value.get_string().get(value)) return false;
    if (slot)
      *slot = value;
    else
      f.text = value, has_text = true;
  }
  return has_text;
}

}  // namespace

bool Reader::from_json_line(std::string_view line, const std::string& input, uint64_t line_no,
                            uint64_t offset, Document& doc, ReadError& err) const {
  err = ReadError{input, line_no, offset, "", false};
  JsonFields f;
  nlohmann::json j;     // the slow path's tree: f's views point into it
  std::string held[5];  // non-string values of known keys, as JSON text
  if (!fast_json_fields(line, f)) {
    f = JsonFields{};
    // nlohmann's trees recurse in dump() and copies: refuse deep nesting first.
    if (size_t deep = find_json_too_deep(line); deep != std::string_view::npos) {
      err.offset = offset + deep;
      err.message = "JSON line nested deeper than " + std::to_string(kMaxJsonDepth) + " levels; skipped";
      return false;
    }
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
      err.offset = offset + (e.byte > 0 ? e.byte - 1 : 0);
      std::string what = e.what();
      auto p = what.find("parse error");
      err.message = "malformed JSON line: " + (p == std::string::npos ? what : what.substr(p));
      return false;
    } catch (const nlohmann::json::exception& e) {
      // Found by fuzz_reader: a number too large for a double throws out_of_range.
      err.message = std::string("malformed JSON line: ") + e.what();
      return false;
    }
    if (!j.is_object()) {
      err.message = "malformed JSON line: expected an object";
      return false;
    }
    auto text_it = j.find("text");
    if (text_it == j.end() || !text_it->is_string()) {
      err.message = "JSON line has no \"text\" string";
      return false;
    }
    f.text = text_it->get_ref<const std::string&>();
    // A string value as itself, any other value as its JSON text, null as none.
    auto field = [&](const char* key, std::string& hold) -> std::optional<std::string_view> {
      auto it = j.find(key);
      if (it == j.end() || it->is_null()) return std::nullopt;
      if (it->is_string()) return std::string_view(it->get_ref<const std::string&>());
      hold = it->dump();
      return std::string_view(hold);
    };
    f.id = field("id", held[0]);
    f.source = field("source", held[1]);
    f.url = field("url", held[2]);
    f.title = field("title", held[3]);
    f.date = field("date", held[4]);
    nlohmann::json extra = nlohmann::json::object();
    for (auto it = j.begin(); it != j.end(); ++it) {
      static const char* kKnown[] = {"id", "date", "title", "text", "source", "url"};
      if (std::none_of(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return it.key() == k; }))
        extra[it.key()] = it.value();
    }
    if (!extra.empty()) f.extra_json = extra.dump();
  }

  doc = Document{};
  doc.meta.input_id = f.id ? std::string(*f.id) : input + ":" + std::to_string(line_no);
  if (f.source) doc.meta.source = std::string(*f.source);
  if (f.url) doc.meta.url = std::string(*f.url);
  if (f.title && f.title->empty()) f.title.reset();
  if (f.title) doc.meta.title = std::string(*f.title);
  doc.meta.extra_json = std::move(f.extra_json);

  size_t title_bytes = 0;
  if (f.title) {
    doc.text.reserve(f.title->size() + 2 + f.text.size());
    doc.text = *f.title;
    doc.text += "\n\n";
    title_bytes = doc.text.size();
  }
  doc.text += f.text;

  if (f.date) {
    std::string_view ds = *f.date;
    // Accept a full timestamp ("2023-11-06T10:00:00Z") by its date part.
    auto d = parse_iso_date(ds.substr(0, 10));
    if (!d || (ds.size() > 10 && ds[10] != 'T' && ds[10] != ' ')) {
      err.message = "impossible or malformed date \"" + std::string(ds) + "\" (want YYYY-MM-DD)";
      return false;
    }
    doc.meta.published = d;
  } else {
    doc.meta.published = opt_.default_date;
  }
  if (!finish(doc, title_bytes, offset, err)) {
    // Offsets into a JSON string are not file offsets; name the line start.
    err.offset = offset;
    err.message += " in \"text\"";
    return false;
  }
  return true;
}

void Reader::read_stream(const std::string& name, void* gzv, const DocumentFn& on_doc,
                         const ErrorFn& on_error) const {
  gzFile gz = static_cast<gzFile>(gzv);
  const size_t kChunk = 1 << 20;
  std::vector<char> buf(kChunk);
  int n = gzread(gz, buf.data(), kChunk);
  if (n < 0) {
    on_error({name, 0, 0, "cannot read: " + gz_reason(gz)});
    return;
  }
  std::string_view head(buf.data(), static_cast<size_t>(n));
  uint64_t bom = head.starts_with(kBom) ? kBom.size() : 0;
  head.remove_prefix(bom);
  bool jsonl = name_says_jsonl(name) || looks_like_jsonl(head);

  if (!jsonl) {
    // One report per file: read it whole (bounded).
    std::string all(head);
    while (all.size() <= opt_.max_document_bytes + 64) {
      int m = gzread(gz, buf.data(), kChunk);
      if (m <= 0) {
        if (m < 0) {
          on_error({name, 0, all.size(), "cannot read: " + gz_reason(gz)});
          return;
        }
        break;
      }
      all.append(buf.data(), static_cast<size_t>(m));
    }
    if (gz_truncated(gz)) {
      on_error({name, 0, bom + all.size(),
                "compressed data ends early (truncated gzip file: " + gz_reason(gz) + "); report skipped"});
      return;
    }
    read_bytes(name, all, on_doc, on_error, InputFormat::Auto);
    return;
  }

  // JSON Lines, streamed line by line; a line longer than the limit is skipped
  // whole with one error.
  std::string line;
  uint64_t line_no = 1, line_offset = bom, pos = bom;
  bool overflow = false;
  auto emit = [&](uint64_t next_offset) {
    std::string_view sv(line);
    while (!sv.empty() && (sv.back() == '\r')) sv.remove_suffix(1);
    bool blank = std::all_of(sv.begin(), sv.end(), is_space);
    if (overflow) {
      on_error({name, line_no, line_offset,
                "line longer than " + std::to_string(opt_.max_document_bytes) + " bytes; skipped"});
    } else if (!blank) {
      Document doc;
      ReadError err;
      if (from_json_line(sv, name, line_no, line_offset, doc, err))
        on_doc(std::move(doc));
      else
        on_error(err);
    }
    line.clear();
    overflow = false;
    ++line_no;
    line_offset = next_offset;
  };
  std::string_view chunk = head;
  while (true) {
    size_t i = 0;
    while (i < chunk.size()) {
      const void* nl = std::memchr(chunk.data() + i, '\n', chunk.size() - i);
      size_t end = nl ? static_cast<const char*>(nl) - chunk.data() : chunk.size();
      if (!overflow) {
        if (line.size() + (end - i) > opt_.max_document_bytes) {
          overflow = true;
          line.clear();
          line.shrink_to_fit();
        } else {
          line.append(chunk.data() + i, end - i);
        }
      }
      if (!nl) break;
      emit(pos + end + 1);
      i = end + 1;
    }
    pos += chunk.size();
    int m = gzread(gz, buf.data(), kChunk);
    if (m < 0) {
      on_error({name, line_no, pos, "cannot read: " + gz_reason(gz)});
      return;
    }
    if (m == 0) break;
    chunk = std::string_view(buf.data(), static_cast<size_t>(m));
  }
  if (gz_truncated(gz)) {
    on_error({name, line_no, pos,
              "compressed data ends early (truncated gzip file: " + gz_reason(gz) +
                  "); the lines before are read" +
                  (line.empty() && !overflow ? "" : ", the last partial line is skipped")});
    return;
  }
  if (!line.empty() || overflow) emit(pos);
}

void Reader::read_bytes(const std::string& name, std::string_view bytes, const DocumentFn& on_doc,
                        const ErrorFn& on_error, InputFormat format) const {
  if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());
  if (format == InputFormat::Jsonl ||
      (format == InputFormat::Auto && looks_like_jsonl(bytes.substr(0, 4096)))) {
    uint64_t line_no = 1, off = 0;
    while (off < bytes.size()) {
      size_t nl = bytes.find('\n', off);
      size_t end = nl == std::string_view::npos ? bytes.size() : nl;
      std::string_view line = bytes.substr(off, end - off);
      while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!std::all_of(line.begin(), line.end(), is_space)) {
        Document doc;
        ReadError err;
        if (line.size() > opt_.max_document_bytes)
          on_error({name, line_no, off,
                    "line longer than " + std::to_string(opt_.max_document_bytes) + " bytes; skipped"});
        else if (from_json_line(line, name, line_no, off, doc, err))
          on_doc(std::move(doc));
        else
          on_error(err);
      }
      ++line_no;
      off = end + 1;
    }
    return;
  }
  if (bytes.size() > opt_.max_document_bytes) {
    on_error(
        {name, 1, 0, "report larger than " + std::to_string(opt_.max_document_bytes) + " bytes; skipped"});
    return;
  }
  Document doc;
  doc.meta.input_id = name;
  ReadError err{name, 1, 0, "", false};
  std::string_view date;
  size_t header = format == InputFormat::Text ? 0 : seed_header(bytes, &date);
  if (header > 0) {
    auto d = parse_iso_date(date);
    if (!d) {
      const char* what = nullptr;
      size_t bad = find_bad_utf8(bytes.substr(0, header), &what);
      err.offset = bad == std::string_view::npos ? date.data() - bytes.data() : bad;
      err.message = bad == std::string_view::npos ? "impossible or malformed date \"" + std::string(date) +
                                                        "\" in the header (want YYYY-MM-DD)"
                                                  : what;
      on_error(err);
      return;
    }
    doc.meta.published = d;
    doc.text.assign(bytes.substr(header));
  } else {
    doc.meta.published = opt_.default_date;
    doc.text.assign(bytes);
  }
  if (!finish(doc, 0, header, err)) {
    // The line of a bad byte helps find it in a large file.
    if (err.offset <= bytes.size())
      err.line = 1 + std::count(bytes.begin(), bytes.begin() + static_cast<long>(err.offset), '\n');
    on_error(err);
    return;
  }
  if (!doc.meta.published)
    on_error({name, 1, 0, "no published date (give --date); relative dates stay unresolved", true});
  on_doc(std::move(doc));
}

void Reader::read(const std::string& input, const DocumentFn& on_doc, const ErrorFn& on_error) const {
  if (input == "-") {
    gzFile gz = gzdopen(dup(0), "rb");
    if (!gz) {
      on_error({"-", 0, 0, "cannot read standard input"});
      return;
    }
    // stdin records are named "-:LINE"; read_stream names JSONL lines so already.
    read_stream("-", gz, on_doc, on_error);
    gzclose(gz);
    return;
  }
  std::error_code ec;
  auto st = fs::status(input, ec);
  if (ec || !fs::exists(st)) {
    on_error({input, 0, 0, "cannot open: " + (ec ? ec.message() : std::string("No such file or directory"))});
    return;
  }
  if (fs::is_directory(st)) {
    // Every directory that cannot be listed is an error naming it (the
    // others are still read); directory symlinks are not followed.
    std::vector<std::string> files, dirs = {input};
    while (!dirs.empty()) {
      std::string dir = std::move(dirs.back());
      dirs.pop_back();
      fs::directory_iterator it(dir, ec), end;
      for (; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        std::error_code e2;
        if (it->is_directory(e2) && !it->is_symlink(e2)) {
          dirs.push_back(it->path().string());
        } else if (it->is_regular_file(e2)) {
          if (!name.empty() && name[0] == '.') continue;  // hidden files (editor swap files …)
          files.push_back(it->path().string());
        }
      }
      if (ec) on_error({dir, 0, 0, "cannot list directory: " + ec.message()});
      ec.clear();
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) read(f, on_doc, on_error);
    return;
  }
  errno = 0;
  gzFile gz = gzopen(input.c_str(), "rb");
  if (!gz) {
    on_error({input, 0, 0, std::string("cannot open: ") + (errno ? std::strerror(errno) : "out of memory")});
    return;
  }
  gzbuffer(gz, 1 << 17);
  read_stream(input, gz, on_doc, on_error);
  gzclose(gz);
}

}  // namespace sitrep
