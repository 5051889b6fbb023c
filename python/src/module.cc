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

namespace py = pybind11;

namespace sitrep::python {
namespace {

// A read error crossing into Python; translated to sitrep.InputError.
struct InputFailure : std::runtime_error {
  explicit InputFailure(ReadError e) : std::runtime_error(e.format()), err(std::move(e)) {}
  ReadError err;
};

PyObject* g_input_error = nullptr;  // sitrep._native.InputError (a ValueError)

// Error messages may quote the bad bytes they found; invalid UTF-8 becomes U+FFFD.
py::str lenient_str(const std::string& s) {
  return py::reinterpret_steal<py::str>(PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace"));
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
  if (!d) throw py::value_error(std::string(what) + ": \"" + *s + "\" is not a real date in the form YYYY-MM-DD");
  return d;
}

AnnotateLayers parse_layers(const std::string& spec) {
  AnnotateLayers layers;
  std::string err;
  if (!parse_annotate(spec, &layers, &err)) throw py::value_error("annotate: " + err);
  return layers;
}

// Outcome of one record: JSON text, or the reader's error.
struct Outcome {
  bool ok = false;
  std::string json;
  ReadError err;
};

class NativeEngine {
 public:
  explicit NativeEngine(const std::string& data_dir) : engine_(EngineOptions{data_dir}) {}

  std::string data_dir() const { return engine_.resources().data_dir; }

  // One JSON Lines record → schema v1 JSON (the CLI's `--format jsonl` line, or
  // `--format json` with indent 2).
  std::string extract_line(const std::string& line, const std::string& input, uint64_t line_no, uint64_t offset,
                           const std::optional<std::string>& date, const std::string& annotate, int indent) const {
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
    if (!line_nos.empty() && line_nos.size() != lines.size())
      throw py::value_error("line_nos must be empty or as long as lines");
    if (!offsets.empty() && offsets.size() != lines.size())
      throw py::value_error("offsets must be empty or as long as lines");
    Reader reader(ReaderOptions{parse_date_arg(date, "date")});
    AnnotateLayers layers = parse_layers(annotate);
    std::vector<Outcome> outs(lines.size());
    {
      py::gil_scoped_release nogil;
      auto work = [&](size_t i) {
        run_one(reader, layers, indent, lines[i], input, line_nos.empty() ? i + 1 : line_nos[i],
                offsets.empty() ? 0 : offsets[i], outs[i]);
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
    py::list result;
    for (auto& o : outs) {
      if (o.ok) result.append(py::str(o.json));
      else result.append(make_input_error(o.err));
    }
    return result;
  }

  // Files, directories or "-" through the CLI's own runner (run_inputs): the
  // same documents, ids and order as `sitrep extract`. on_result(str) and
  // on_error(InputError) are called in input order with the GIL held.
  py::tuple extract_paths(const std::vector<std::string>& inputs, const std::optional<std::string>& date,
                          int threads, const std::string& annotate, int indent, const py::function& on_result,
                          const py::function& on_error) const {
    Reader reader(ReaderOptions{parse_date_arg(date, "date")});
    AnnotateLayers layers = parse_layers(annotate);
    std::exception_ptr failure;  // a Python exception raised by a callback
    bool stop = false;
    RunStats st;
    {
      py::gil_scoped_release nogil;
      auto render = [&](const Document& d) { return to_json(d, layers, indent); };
      auto sink = [&](Document&, std::string& s) {
        if (stop) return;
        py::gil_scoped_acquire gil;
        try {
          on_result(py::str(s));
        } catch (...) {
          failure = std::current_exception();
          stop = true;
        }
      };
      auto err = [&](const ReadError& e) {
        if (stop) return;
        py::gil_scoped_acquire gil;
        try {
          on_error(make_input_error(e));
        } catch (...) {
          failure = std::current_exception();
          stop = true;
        }
      };
      st = run_inputs(engine_, reader, inputs, threads, render, sink, err);
    }
    if (failure) std::rethrow_exception(failure);
    return py::make_tuple(st.documents, st.failed, st.warnings, st.bytes);
  }

 private:
  void run_one(const Reader& reader, const AnnotateLayers& layers, int indent, const std::string& line,
               const std::string& input, uint64_t line_no, uint64_t offset, Outcome& out) const {
    Document doc;
    if (line.size() > reader_limit()) {
      out.err = ReadError{input, line_no, offset,
                          "line longer than " + std::to_string(reader_limit()) + " bytes; skipped", false};
      return;
    }
    if (!reader.from_json_line(line, input, line_no, offset, doc, out.err)) return;
    engine_.process(doc);
    out.json = to_json(doc, layers, indent);
    out.ok = true;
  }
  static size_t reader_limit() { return ReaderOptions{}.max_document_bytes; }

  Engine engine_;
};

}  // namespace
}  // namespace sitrep::python

PYBIND11_MODULE(_native, m) {
  using namespace sitrep::python;
  m.doc() = "C++ core of the sitrep binding; use the `sitrep` package instead.";
  m.attr("__version__") = sitrep::version();

  static py::exception<InputFailure> input_error(m, "InputError", PyExc_ValueError);
  g_input_error = input_error.ptr();
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputFailure& f) {
      py::object exc = make_input_error(f.err);
      PyErr_SetObject(g_input_error, exc.ptr());
    }
  });

  py::class_<NativeEngine>(m, "Engine")
      .def(py::init<const std::string&>(), py::arg("data_dir") = "")
      .def_property_readonly("data_dir", &NativeEngine::data_dir)
      .def("extract_line", &NativeEngine::extract_line, py::arg("line"), py::arg("input"), py::arg("line_no"),
           py::arg("offset"), py::arg("date"), py::arg("annotate"), py::arg("indent"))
      .def("extract_batch", &NativeEngine::extract_batch, py::arg("lines"), py::arg("input"), py::arg("line_nos"),
           py::arg("offsets"), py::arg("date"), py::arg("threads"), py::arg("annotate"), py::arg("indent"))
      .def("extract_paths", &NativeEngine::extract_paths, py::arg("inputs"), py::arg("date"), py::arg("threads"),
           py::arg("annotate"), py::arg("indent"), py::arg("on_result"), py::arg("on_error"));
}
