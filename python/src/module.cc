// sitrep._native: the C++ side of the Python binding (python/sitrep/ wraps it).
// Input: JSON Lines records (one report each), file paths, or batches of
// records. Output: schema v1 JSON text from the same writer as the CLI
// (output/json_writer.h), so results equal `sitrep extract` byte for byte.
// Documents are built by the reader (read/reader.h), so validation and error
// messages are the CLI's. The GIL is released while the engine runs; one
// Engine serves any number of Python threads.
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "output/json_writer.h"
#include "pipeline/resources.h"
#include "pipeline/runner.h"
#include "read/reader.h"
#include "sitrep/engine.h"
#include "store/export.h"
#include "store/filters.h"
#include "store/store.h"
#include "store/testing.h"

namespace py = pybind11;

namespace sitrep::python {
namespace {

// A keyword from a Python dict: left as it is when absent or None.
bool given(const py::dict& d, const char* k) { return d.contains(k) && !d[k].is_none(); }
template <class T>
void take(const py::dict& d, const char* k, std::optional<T>& out) {
  if (given(d, k)) out = d[k].cast<T>();
}
void take(const py::dict& d, const char* k, std::string& out) {
  if (given(d, k)) out = py::str(d[k]);
}

// A read error crossing into Python; translated to sitrep.InputError.
struct InputFailure : std::runtime_error {
  explicit InputFailure(ReadError e) : std::runtime_error(e.format()), err(std::move(e)) {}
  ReadError err;
};

PyObject* g_input_error = nullptr;  // sitrep._native.InputError (a ValueError)

// Error messages may quote the bad bytes they found; invalid UTF-8 becomes U+FFFD.
py::str lenient_str(const std::string& s) {
  return py::reinterpret_steal<py::str>(
      PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace"));
}

py::object make_input_error(const ReadError& e) {
  py::object exc = py::reinterpret_borrow<py::object>(g_input_error)(lenient_str(e.format()));
  exc.attr("input") = lenient_str(e.input);
  exc.attr("line") = e.line;
  exc.attr("offset") = e.offset;
  exc.attr("reason") = lenient_str(e.message);
  exc.attr("warning") = e.warning;
  return exc;
}

std::optional<Date> parse_date_arg(const std::optional<std::string>& s, const char* what) {
  if (!s) return std::nullopt;
  auto d = parse_iso_date(*s);
  if (!d)
    throw py::value_error(std::string(what) + ": \"" + *s + "\" is not a real date in the form YYYY-MM-DD");
  return d;
}

AnnotateLayers parse_layers(const std::string& spec) {
  AnnotateLayers layers;
  std::string err;
  if (!parse_annotate(spec, &layers, &err)) throw py::value_error("annotate: " + err);
  return layers;
}

// Outcome of one record: JSON text, or the reader's error; the document is
// kept when it is to be stored.
struct Outcome {
  bool ok = false;
  std::string json;
  ReadError err;
  Document doc;
};

struct StoreFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Appends `s` as a JSON string literal (UTF-8 passed through; quote,
// backslash and control characters escaped), as the reader will parse it.
void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    // Skip 8 bytes at a time while none needs escaping (SWAR: no byte below
    // 0x20, none equal to '"' or '\\').
    while (i + 8 <= s.size()) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      constexpr uint64_t k01 = 0x0101010101010101ull, k80 = 0x8080808080808080ull;
      uint64_t lt20 = (w - k01 * 0x20) & ~w & k80;
      uint64_t q = w ^ (k01 * '"'), b = w ^ (k01 * '\\');
      uint64_t eq = ((q - k01) & ~q & k80) | ((b - k01) & ~b & k80);
      if (lt20 | eq) break;
      i += 8;
    }
    if (i >= s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c != '"' && c != '\\' && c >= 0x20) continue;
    out.append(s.data() + start, i - start);
    if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else {
      static const char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
    start = i + 1;
  }
  out.append(s.data() + start, s.size() - start);
  out += '"';
}

// The UTF-8 of a Python str without a copy; false for lone surrogates.
bool utf8_of(PyObject* o, std::string_view* out) {
  Py_ssize_t n = 0;
  const char* p = PyUnicode_AsUTF8AndSize(o, &n);
  if (!p) {
    PyErr_Clear();
    return false;
  }
  *out = std::string_view(p, static_cast<size_t>(n));
  return true;
}

// The common record shapes straight to JSON Lines text: a str (the text, with
// `date` when given) or a dict of str keys to str / None values. False for
// anything else (the caller falls back to Python's json). GIL held.
bool fast_record(PyObject* item, const std::optional<std::string>& date, std::string& out) {
  out.clear();
  std::string_view v;
  if (PyUnicode_Check(item)) {
    if (!utf8_of(item, &v)) return false;
    out.reserve(v.size() + 40);
    out += "{\"text\":";
    append_json_string(out, v);
    if (date) {
      out += ",\"date\":";
      append_json_string(out, *date);
    }
    out += '}';
    return true;
  }
  if (!PyDict_CheckExact(item)) return false;
  PyObject *key, *value;
  Py_ssize_t pos = 0;
  out += '{';
  bool first = true;
  while (PyDict_Next(item, &pos, &key, &value)) {
    std::string_view k;
    if (!PyUnicode_Check(key) || !utf8_of(key, &k)) return false;
    if (!first) out += ',';
    first = false;
    append_json_string(out, k);
    out += ':';
    if (value == Py_None) {
      out += "null";
    } else if (PyUnicode_Check(value) && utf8_of(value, &v)) {
      append_json_string(out, v);
    } else {
      return false;
    }
  }
  out += '}';
  return true;
}

class NativeEngine {
 public:
  explicit NativeEngine(const std::string& data_dir) : engine_(EngineOptions{data_dir}) {}

  std::string data_dir() const { return engine_.resources().data_dir; }

  // One JSON Lines record → schema v1 JSON (the CLI's `--format jsonl` line, or
  // `--format json` with indent 2).
  std::string extract_line(const std::string& line, const std::string& input, uint64_t line_no,
                           uint64_t offset, const std::optional<std::string>& date,
                           const std::string& annotate, int indent) const {
    Reader reader(ReaderOptions{parse_date_arg(date, "date")});
    AnnotateLayers layers = parse_layers(annotate);
    Outcome out;
    {
      py::gil_scoped_release nogil;
      run_one(reader, layers, indent, line, input, line_no, offset, out);
    }
    if (!out.ok) throw InputFailure(out.err);
    return std::move(out.json);
  }

  // A batch of records, extracted on `threads` C++ threads with the GIL
  // released. Returns, in order, a str per good record and an InputError
  // instance per bad one (not raised: the caller decides).
  py::list extract_batch(const std::vector<std::string>& lines, const std::string& input,
                         const std::vector<uint64_t>& line_nos, const std::vector<uint64_t>& offsets,
                         const std::optional<std::string>& date, int threads, const std::string& annotate,
                         int indent) const {
    check_lengths(lines, line_nos, offsets);
    std::optional<Date> d = date_opt(date);
    AnnotateLayers layers = parse_layers(annotate);
    std::vector<Outcome> outs(lines.size());
    {
      py::gil_scoped_release nogil;
      run_batch(lines, input, line_nos, offsets, d, threads, layers, indent, false, outs);
    }
    return results(outs);
  }

  // The batch (GIL released by the caller), documents kept when keep_docs.
  void run_batch(const std::vector<std::string>& lines, const std::string& input,
                 const std::vector<uint64_t>& line_nos, const std::vector<uint64_t>& offsets,
                 std::optional<Date> date, int threads, const AnnotateLayers& layers, int indent,
                 bool keep_docs, std::vector<Outcome>& outs) const {
    Reader reader(ReaderOptions{date});
    auto work = [&](size_t i) {
      run_one(reader, layers, indent, lines[i], input, line_nos.empty() ? i + 1 : line_nos[i],
              offsets.empty() ? 0 : offsets[i], outs[i]);
      if (!keep_docs) outs[i].doc = Document{};
    };
    size_t n = lines.size();
    size_t t = static_cast<size_t>(std::max(1, threads));
    if (t > n) t = n;
    if (t <= 1) {
      for (size_t i = 0; i < n; ++i) work(i);
    } else {
      std::atomic<size_t> next{0};
      std::vector<std::thread> pool;
      for (size_t k = 0; k < t; ++k)
        pool.emplace_back([&] {
          for (size_t i; (i = next.fetch_add(1)) < n;) work(i);
        });
      for (auto& th : pool) th.join();
    }
  }

  static void check_lengths(const std::vector<std::string>& lines, const std::vector<uint64_t>& line_nos,
                            const std::vector<uint64_t>& offsets) {
    if (!line_nos.empty() && line_nos.size() != lines.size())
      throw py::value_error("line_nos must be empty or as long as lines");
    if (!offsets.empty() && offsets.size() != lines.size())
      throw py::value_error("offsets must be empty or as long as lines");
  }

  static std::optional<Date> date_opt(const std::optional<std::string>& date) {
    return parse_date_arg(date, "date");
  }

  // Python items (str texts or dicts in the JSON Lines format) → results, as
  // extract_batch. Items the fast path cannot write go through
  // `fallback(item) -> bytes` (sitrep._record_line). Conversion stops at the
  // first item that raises: returns (results before it, the exception), so
  // the caller raises it in its turn; else (results, None).
  py::tuple extract_items(const py::list& items, const std::string& input, uint64_t first_no,
                          const std::optional<std::string>& date, int threads, const std::string& annotate,
                          int indent, const py::function& fallback) const {
    std::optional<Date> d = date_opt(date);
    AnnotateLayers layers = parse_layers(annotate);
    std::vector<std::string> lines;
    lines.reserve(items.size());
    py::object failure = py::none();
    for (py::handle item : items) {
      lines.emplace_back();
      if (fast_record(item.ptr(), date, lines.back())) continue;
      try {
        lines.back() = fallback(item, date).cast<std::string>();
      } catch (py::error_already_set& e) {
        lines.pop_back();
        failure = e.value();
        break;
      }
    }
    std::vector<uint64_t> nos(lines.size());
    for (size_t i = 0; i < nos.size(); ++i) nos[i] = first_no + i;
    std::vector<Outcome> outs(lines.size());
    {
      py::gil_scoped_release nogil;
      run_batch(lines, input, nos, {}, d, threads, layers, indent, false, outs);
    }
    return py::make_tuple(results(outs), failure);
  }

  static py::list results(const std::vector<Outcome>& outs) {
    py::list result;
    for (auto& o : outs) {
      if (o.ok)
        result.append(py::str(o.json));
      else
        result.append(make_input_error(o.err));
    }
    return result;
  }

  // Files, directories or "-" through the CLI's own runner (run_inputs): the
  // same documents, ids and order as `sitrep extract`. on_batch(list) gets
  // the results in input order, a str per document and an InputError per
  // read error or warning, `batch` at a time, with the GIL held.
  py::tuple extract_paths(const std::vector<std::string>& inputs, const std::optional<std::string>& date,
                          int threads, const std::string& annotate, int indent, size_t batch,
                          const py::function& on_batch) const {
    Reader reader(ReaderOptions{parse_date_arg(date, "date")});
    AnnotateLayers layers = parse_layers(annotate);
    std::exception_ptr failure;  // a Python exception raised by the callback
    bool stop = false;
    RunStats st;
    std::vector<Outcome> pending;
    auto flush = [&] {  // called without the GIL
      if (pending.empty() || stop) return;
      py::gil_scoped_acquire gil;
      try {
        on_batch(results(pending));
      } catch (...) {
        failure = std::current_exception();
        stop = true;
      }
      pending.clear();
    };
    {
      py::gil_scoped_release nogil;
      auto render = [&](const Document& d) { return to_json(d, layers, indent); };
      auto sink = [&](Document&, std::string& s) {
        if (stop) return;
        pending.push_back(Outcome{true, std::move(s), {}, {}});
        if (pending.size() >= batch) flush();
      };
      auto err = [&](const ReadError& e) {
        if (stop) return;
        pending.push_back(Outcome{false, {}, e, {}});
        if (pending.size() >= batch) flush();
      };
      st = run_inputs(engine_, reader, inputs, threads, render, sink, err);
      flush();
    }
    if (failure) std::rethrow_exception(failure);
    return py::make_tuple(st.documents, st.failed, st.warnings, st.bytes);
  }

 private:
  void run_one(const Reader& reader, const AnnotateLayers& layers, int indent, const std::string& line,
               const std::string& input, uint64_t line_no, uint64_t offset, Outcome& out) const {
    if (line.size() > reader_limit()) {
      out.err = ReadError{input, line_no, offset,
                          "line longer than " + std::to_string(reader_limit()) + " bytes; skipped", false};
      return;
    }
    if (!reader.from_json_line(line, input, line_no, offset, out.doc, out.err)) return;
    engine_.process(out.doc);
    out.json = to_json(out.doc, layers, indent);
    out.ok = true;
  }
  static size_t reader_limit() { return ReaderOptions{}.max_document_bytes; }

  Engine engine_;
};

py::object opt_date(const std::optional<Date>& d) {
  return d ? py::object(py::str(d->iso())) : py::object(py::none());
}
template <class T>
py::object opt(const std::optional<T>& v) {
  return v ? py::cast(*v) : py::object(py::none());
}
py::object nonempty(const std::string& s) {
  return s.empty() ? py::object(py::none()) : py::object(py::str(s));
}

py::dict event_row(const store::EventRow& e) {
  py::dict d;
  d["event_id"] = e.id;
  d["event_date"] = opt_date(e.date_start);
  d["date_end"] = opt_date(e.date_end);
  d["date_precision"] = e.date_precision;
  d["event_type"] = e.type;
  d["mode"] = nonempty(e.mode);
  d["cameo"] = nonempty(e.cameo);
  d["acled_event_type"] = nonempty(e.acled_type);
  d["acled_sub_event_type"] = nonempty(e.acled_sub);
  d["actor1"] = nonempty(e.actor1);
  d["actor1_country"] = nonempty(e.actor1_country);
  d["actor2"] = nonempty(e.actor2);
  d["actor2_country"] = nonempty(e.actor2_country);
  d["location"] = nonempty(e.location);
  d["admin1"] = nonempty(e.admin1);
  d["country"] = nonempty(e.country);
  d["latitude"] = opt(e.lat);
  d["longitude"] = opt(e.lon);
  d["geo_precision"] = nonempty(e.geo_precision);
  d["killed_low"] = opt(e.killed_low);
  d["killed_best"] = opt(e.killed_best);
  d["killed_high"] = opt(e.killed_high);
  d["injured_low"] = opt(e.injured_low);
  d["injured_best"] = opt(e.injured_best);
  d["injured_high"] = opt(e.injured_high);
  d["sources"] = e.sources;
  d["reports"] = e.reports;
  d["first_seen"] = opt_date(e.first_seen);
  d["last_seen"] = opt_date(e.last_seen);
  d["notes"] = nonempty(e.notes);
  // The rest of the CSV's columns (store/export.h), typed.
  static const char* kInts[] = {"year", "time_precision",     "inter1",    "inter2", "interaction",
                                "iso",  "geo_precision_code", "fatalities"};
  static const char* kText[] = {
      "event_id_cnty", "disorder_type", "assoc_actor_1", "assoc_actor_2", "civilian_targeting",
      "region",        "admin2",        "admin3",        "source_scale",  "tags",
      "actor1_code",   "actor2_code",   "attribution",   "claim",         "url"};
  for (const char* c : kInts) {
    std::string v = store::csv_value(e, c);
    d[c] = v.empty() ? py::object(py::none()) : py::object(py::int_(std::stoll(v)));
  }
  for (const char* c : kText) d[c] = nonempty(store::csv_value(e, c));
  d["modality"] = e.modality;
  d["background"] = e.background;
  return d;
}

// One connection to a store; calls are serialised (a connection is not
// shared between threads at once) and run with the GIL released.
class NativeStore {
 public:
  NativeStore(const std::string& url, bool create) : url_(url) {
    std::string err;
    {
      py::gil_scoped_release nogil;
      store_ = store::Store::open(url, &err, create);
    }
    if (!store_) throw StoreFailure(err);
  }

  void close() {
    py::gil_scoped_release nogil;
    std::lock_guard<std::mutex> lk(mu_);
    store_.reset();
  }

  py::list events(const py::dict& f) {
    store::EventQuery q;
    for (auto [k, out] : {std::pair{"date_from", &q.from}, std::pair{"date_to", &q.to}})
      if (given(f, k)) *out = parse_date_arg(std::string(py::str(f[k])), k);
    take(f, "type", q.type);
    take(f, "acled_type", q.acled_type);
    take(f, "country", q.country);
    take(f, "actor", q.actor);
    take(f, "modality", q.modality);
    if (given(f, "background")) {
      std::string b = std::string(py::str(f["background"]));
      if (b != "exclude" && b != "include" && b != "only")
        throw py::value_error("background: \"exclude\", \"include\" or \"only\"");
      q.background = b == "include" ? store::Background::Include
                     : b == "only"  ? store::Background::Only
                                    : store::Background::Exclude;
    }
    if (auto e = store::resolve_filters(&q, ""); !e.empty()) throw py::value_error(e);
    take(f, "text", q.text);
    take(f, "near_lat", q.near_lat);
    take(f, "near_lon", q.near_lon);
    take(f, "near_km", q.near_km);
    take(f, "west", q.west);
    take(f, "south", q.south);
    take(f, "east", q.east);
    take(f, "north", q.north);
    take(f, "min_killed", q.min_killed);
    if (given(f, "limit")) q.limit = f["limit"].cast<int64_t>();
    std::string err;
    std::vector<store::EventRow> rows;
    {
      py::gil_scoped_release nogil;
      std::lock_guard<std::mutex> lk(mu_);
      rows = live().events(q, &err);
    }
    if (!err.empty()) throw StoreFailure(err);
    py::list out;
    for (const auto& r : rows) out.append(event_row(r));
    return out;
  }

  py::object event(const std::string& id) {
    std::string err;
    std::optional<store::EventDetail> d;
    {
      py::gil_scoped_release nogil;
      std::lock_guard<std::mutex> lk(mu_);
      d = live().event(id, &err);
    }
    if (!err.empty()) throw StoreFailure(err);
    if (!d) return py::none();
    py::dict out = event_row(d->event);
    py::list reps;
    for (const auto& r : d->reports) {
      py::dict x;
      x["report_id"] = r.id;
      x["document_id"] = r.document_id;
      x["published"] = opt_date(r.published);
      x["source"] = nonempty(r.source);
      x["title"] = nonempty(r.title);
      x["url"] = nonempty(r.url);
      x["modality"] = r.modality;
      x["claim"] = r.claim;
      x["evidence"] = r.evidence;
      x["json"] = r.json;
      // Why its fields have their values (JSON text as `sitrep extract
      // --explain` gives it); None for reports stored before schema 6.
      x["explain"] = r.why.empty() ? py::object(py::none()) : py::object(py::str(r.why));
      reps.append(x);
    }
    out["report_list"] = reps;
    return out;
  }

  // One row per point of every series.
  py::list tallies(const std::string& metric, const std::string& group) {
    std::string err;
    std::vector<store::TallySeries> series;
    {
      py::gil_scoped_release nogil;
      std::lock_guard<std::mutex> lk(mu_);
      series = live().tallies(store::TallyQuery{metric, group}, &err);
    }
    if (!err.empty()) throw StoreFailure(err);
    py::list out;
    for (const auto& s : series)
      for (const auto& p : s.points) {
        py::dict d;
        d["metric"] = s.metric;
        d["group"] = nonempty(s.group);
        d["place"] = nonempty(s.place);
        d["country"] = nonempty(s.country);
        d["source"] = nonempty(s.source);
        d["as_of"] = opt_date(p.as_of);
        d["since"] = opt_date(p.since);
        d["low"] = opt(p.low);
        d["high"] = opt(p.high);
        d["document_id"] = p.document_id;
        out.append(d);
      }
    return out;
  }

  py::dict counts() {
    store::StoreCounts c;
    {
      py::gil_scoped_release nogil;
      std::lock_guard<std::mutex> lk(mu_);
      c = live().counts();
    }
    py::dict d;
    d["documents"] = c.documents;
    d["entities"] = c.entities;
    d["mentions"] = c.mentions;
    d["reports"] = c.reports;
    d["events"] = c.events;
    d["links"] = c.links;
    d["tallies"] = c.tallies;
    d["sources"] = c.sources;
    d["digest"] = c.digest;
    return d;
  }

  // Extracts a batch of JSON Lines records and adds the good documents in one
  // transaction (documents already stored are skipped). Returns the batch's
  // results (as NativeEngine.extract_batch) and the store's counts; a store
  // error raises StoreError and writes nothing.
  py::tuple ingest_lines(const NativeEngine& engine, const std::vector<std::string>& lines,
                         const std::string& input, const std::vector<uint64_t>& line_nos,
                         const std::vector<uint64_t>& offsets, const std::optional<std::string>& date,
                         int threads) {
    NativeEngine::check_lengths(lines, line_nos, offsets);
    std::optional<Date> d = NativeEngine::date_opt(date);
    std::vector<Outcome> outs(lines.size());
    store::AddResult r;
    {
      py::gil_scoped_release nogil;
      engine.run_batch(lines, input, line_nos, offsets, d, threads, AnnotateLayers{}, -1, true, outs);
      std::vector<Document> docs;
      docs.reserve(outs.size());
      for (auto& o : outs)
        if (o.ok) docs.push_back(std::move(o.doc));
      std::lock_guard<std::mutex> lk(mu_);
      r = live().add(docs);
    }
    if (!r.ok()) throw StoreFailure(r.error);
    py::dict add;
    add["added"] = r.added;
    add["skipped"] = r.skipped;
    add["reports"] = r.reports;
    return py::make_tuple(NativeEngine::results(outs), add);
  }

  // Tests only: stores a hand-built document with one event per spec (the
  // store's own test helper, store/testing.h), so queries can be checked
  // without the events stage.
  py::dict testing_add(const std::string& text, const std::string& published, const std::string& source,
                       const std::vector<py::dict>& specs) {
    std::vector<store::testing::ReportSpec> rs;
    for (const auto& d : specs) {
      store::testing::ReportSpec r;
      take(d, "type", r.type);
      take(d, "place", r.place);
      take(d, "country", r.country);
      take(d, "date", r.date);
      take(d, "modality", r.modality);
      // An explicit None clears the default point.
      if (d.contains("lat")) r.lat = std::nullopt, take(d, "lat", r.lat);
      if (d.contains("lon")) r.lon = std::nullopt, take(d, "lon", r.lon);
      take(d, "killed_low", r.killed_low);
      take(d, "killed_high", r.killed_high);
      take(d, "injured_low", r.injured_low);
      take(d, "injured_high", r.injured_high);
      rs.push_back(std::move(r));
    }
    std::vector<Document> docs;
    docs.push_back(store::testing::make_doc(text, published, source, rs));
    store::AddResult r = live().add(docs);
    if (!r.ok()) throw StoreFailure(r.error);
    py::dict out;
    out["added"] = r.added;
    out["reports"] = r.reports;
    out["document_id"] = docs[0].meta.id;
    return out;
  }

  const std::string& url() const { return url_; }

 private:
  store::Store& live() {
    if (!store_) throw StoreFailure("the store is closed");
    return *store_;
  }
  std::string url_;
  std::unique_ptr<store::Store> store_;
  std::mutex mu_;
};

}  // namespace
}  // namespace sitrep::python

PYBIND11_MODULE(_native, m) {
  using namespace sitrep::python;
  m.doc() = "C++ core of the sitrep binding; use the `sitrep` package instead.";
  m.attr("__version__") = sitrep::version();

  static py::exception<InputFailure> input_error(m, "InputError", PyExc_ValueError);
  g_input_error = input_error.ptr();
  static py::exception<StoreFailure> store_error(m, "StoreError", PyExc_RuntimeError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputFailure& f) {
      py::object exc = make_input_error(f.err);
      PyErr_SetObject(g_input_error, exc.ptr());
    } catch (const StoreFailure& f) {
      PyErr_SetString(store_error.ptr(), f.what());
    }
  });

  py::class_<NativeEngine>(m, "Engine")
      .def(py::init<const std::string&>(), py::arg("data_dir") = "")
      .def_property_readonly("data_dir", &NativeEngine::data_dir)
      .def("extract_line", &NativeEngine::extract_line, py::arg("line"), py::arg("input"), py::arg("line_no"),
           py::arg("offset"), py::arg("date"), py::arg("annotate"), py::arg("indent"))
      .def("extract_batch", &NativeEngine::extract_batch, py::arg("lines"), py::arg("input"),
           py::arg("line_nos"), py::arg("offsets"), py::arg("date"), py::arg("threads"), py::arg("annotate"),
           py::arg("indent"))
      .def("extract_items", &NativeEngine::extract_items, py::arg("items"), py::arg("input"),
           py::arg("first_no"), py::arg("date"), py::arg("threads"), py::arg("annotate"), py::arg("indent"),
           py::arg("fallback"))
      .def("extract_paths", &NativeEngine::extract_paths, py::arg("inputs"), py::arg("date"),
           py::arg("threads"), py::arg("annotate"), py::arg("indent"), py::arg("batch"), py::arg("on_batch"));

  py::class_<NativeStore>(m, "Store")
      .def(py::init<const std::string&, bool>(), py::arg("url"), py::arg("create") = false)
      .def_property_readonly("url", &NativeStore::url)
      .def("close", &NativeStore::close)
      .def("events", &NativeStore::events, py::arg("filters"))
      .def("event", &NativeStore::event, py::arg("id"))
      .def("tallies", &NativeStore::tallies, py::arg("metric"), py::arg("group"))
      .def("counts", &NativeStore::counts)
      .def("_testing_add", &NativeStore::testing_add, py::arg("text"), py::arg("published"),
           py::arg("source"), py::arg("specs"))
      .def("ingest_lines", &NativeStore::ingest_lines, py::arg("engine"), py::arg("lines"), py::arg("input"),
           py::arg("line_nos"), py::arg("offsets"), py::arg("date"), py::arg("threads"));
}
