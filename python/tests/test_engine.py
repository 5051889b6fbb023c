"""The binding against the CLI: same bytes, same errors, any thread count."""
import concurrent.futures
import json
import threading

import pytest

import sitrep
from conftest import ROOT, run_cli, write_corpus


def cli_lines(*args):
    out, err, rc = run_cli("extract", "-q", "--format", "jsonl", *args)
    return out.decode("utf-8").splitlines(), err, rc


def test_extract_many_equals_cli_byte_for_byte(engine, corpus):
    want, _, rc = cli_lines(str(corpus))
    assert rc == 0 and len(want) == 300
    records = [json.loads(l) for l in corpus.read_text(encoding="utf-8").splitlines()]
    got = list(engine.extract_many(records, input=str(corpus), as_json=True, batch_size=17))
    assert got == want
    # dicts are json.loads of the same text
    assert list(engine.extract_many(records[:5], input=str(corpus))) == [json.loads(x) for x in want[:5]]


def test_input_ids_follow_line_numbers_like_the_cli(engine, tmp_path):
    path = write_corpus(tmp_path / "noid.jsonl", 20, seed=3, with_id=False)
    want, _, _ = cli_lines(str(path))
    records = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines()]
    got = list(engine.extract_many(records, input=str(path), as_json=True))
    assert got == want
    assert json.loads(got[4])["document"]["input_id"] == f"{path}:5"


def test_extract_json_equals_cli_for_one_record(engine, tmp_path):
    for rec in [{"id": "one", "date": "2024-03-12", "title": "Shelling kills five",
                 "text": "At least five civilians were killed on Monday.\n\nThe governor said so.",
                 "source": "wire", "url": "http://example.org/x", "tags": ["a", 1]},
                {"id": "é", "text": "Ünïcödé — “quotes” 2023年11月6日", "date": "2023-11-06T10:00:00Z"}]:
        p = tmp_path / "one.jsonl"
        p.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
        want, _, _ = cli_lines(str(p))
        assert engine.extract_json(rec) == want[0]
        text = rec.pop("text")
        assert engine.extract_json(text, **rec) == want[0]
        rec["text"] = text
        pretty, _, _ = run_cli("extract", "-q", "--format", "json", str(p))
        assert engine.extract_json(rec, indent=2) + "\n" == pretty.decode("utf-8")


def test_extract_file_equals_cli_on_every_input_kind(engine, tmp_path):
    write_corpus(tmp_path / "a.jsonl.gz", 30, seed=5, gz=True)
    (tmp_path / "seed.txt").write_text(" date 2023-11-06 \nAt least 37 people were killed on Sunday.\n")
    (tmp_path / "plain.txt").write_text("Two people were hurt in Kharkiv.\n")
    samples = ROOT / "examples" / "sample-reports.jsonl"
    want, err, _ = run_cli("extract", "-q", "--date", "2024-01-02", str(tmp_path), str(samples))
    errs = []
    got = "".join(s + "\n" for s in engine.extract_file(str(tmp_path), str(samples), date="2024-01-02",
                                                           as_json=True, on_error=errs.append, threads=2))
    assert got.encode("utf-8") == want
    assert [f"sitrep: {e}" for e in errs] == [l for l in err.splitlines() if not l.startswith("sitrep extract:")]


def test_annotate_layers_equal_cli(engine, corpus):
    want, _, _ = cli_lines("--annotate", "all", str(corpus))
    records = [json.loads(l) for l in corpus.read_text(encoding="utf-8").splitlines()][:25]
    assert list(engine.extract_many(records, input=str(corpus), annotate="all", as_json=True)) == want[:25]
    with pytest.raises(ValueError):
        engine.extract("x", annotate="bogus")


BAD_LINES = [
    b'{"id": "x", "text": "fine", "date": "2023-02-30"}',
    b'not json at all',
    b'{"id": "y"}',
    b'{"id": "z", "text": 5}',
    b'[1, 2]',
    b'{"text": "   \\n  "}',
    b'{"text": "bad \xff byte"}',
    b'{"text": "nul \\u0000 inside"}',
]


@pytest.mark.parametrize("line", BAD_LINES)
def test_bad_input_raises_input_error_with_cli_message(engine, tmp_path, line):
    p = tmp_path / "bad.jsonl"
    p.write_bytes(b'{"text": "a good one", "date": "2023-01-01"}\n' + line + b"\n")
    _, err, rc = cli_lines(str(p))
    assert rc == 1
    cli_msg = err.splitlines()[0]
    assert cli_msg.startswith("sitrep: ")
    res = engine.extract_lines([b'{"text": "a good one", "date": "2023-01-01"}', line], input=str(p),
                               offsets=[0, 45])
    assert isinstance(res[0], str)
    assert isinstance(res[1], sitrep.InputError)
    assert "sitrep: " + str(res[1]) == cli_msg
    # extract_many raises at the bad item after yielding the good one
    try:
        obj = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return
    if isinstance(obj, dict):
        it = engine.extract_many([{"text": "a good one", "date": "2023-01-01"}, obj], input=str(p))
        assert next(it)["document"]["bytes"] == 10
        with pytest.raises(sitrep.InputError) as ei:
            next(it)
        assert isinstance(ei.value, ValueError)
        assert ei.value.line == 2
        # offsets are not known for in-memory items; the message is otherwise the CLI's
        assert str(ei.value).split(": error: ")[1] == cli_msg.split(": error: ")[1]


def test_on_error_skips_like_the_cli(engine):
    seen = []
    out = list(engine.extract_many(["one text", {"id": "no-text"}, "another"], date="2023-05-01",
                                   on_error=seen.append))
    assert [d["document"]["bytes"] for d in out] == [8, 7]
    assert len(seen) == 1 and seen[0].line == 2 and "no \"text\" string" in str(seen[0])


def test_bad_date_argument(engine):
    with pytest.raises(sitrep.InputError, match="impossible or malformed date"):
        engine.extract("text", date="2023-13-45")
    import datetime
    assert engine.extract("text", date=datetime.date(2023, 11, 6))["document"]["published"] == "2023-11-06"


def test_cpp_threads_give_identical_results(engine, corpus):
    records = [json.loads(l) for l in corpus.read_text(encoding="utf-8").splitlines()]
    one = list(engine.extract_many(records, threads=1, as_json=True))
    for threads, batch in [(2, 64), (4, 7), (3, 1000)]:
        assert list(engine.extract_many(records, threads=threads, batch_size=batch, as_json=True)) == one


def test_python_threads_share_one_engine(engine, corpus):
    records = [json.loads(l) for l in corpus.read_text(encoding="utf-8").splitlines()]
    want = [engine.extract_json(r) for r in records]
    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        got = list(ex.map(engine.extract_json, records))
    assert got == want
    # ids are stable across runs and engines
    other = sitrep.Engine()
    assert [other.extract_json(r) for r in records[:10]] == want[:10]


def test_gil_is_released_while_extracting(engine):
    # A long report extracted in one thread must not stop another Python thread.
    big = {"text": ("At least 37 people were killed in Gaza City on Sunday, officials said. " * 20000),
           "date": "2023-11-06"}
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        engine.extract_json(big)
        engine.extract_json(big)
    finally:
        stop.set()
        t.join()
    assert len(ticks) > 3


def test_rejects_wrong_item_types(engine):
    with pytest.raises(TypeError):
        list(engine.extract_many([42]))
    # raised in its turn: the items before it are yielded first
    it = engine.extract_many(["a", "b", "c", 42, "d"], batch_size=2)
    assert [next(it)["document"]["bytes"] for _ in range(3)] == [1, 1, 1]
    with pytest.raises(TypeError):
        next(it)
    with pytest.raises(ValueError):
        list(engine.extract_many(["x"], batch_size=0))


def test_native_batch_checks_its_arguments(engine):
    with pytest.raises(ValueError, match="line_nos"):
        engine._native.extract_batch([b'{"text":"a"}'], "x", [1, 2], [], None, 1, "", -1)
    with pytest.raises(ValueError, match="not a real date"):
        list(engine.extract_many(["a"], date="2023-02-30"))


ESCAPES = [
    {"id": "q", "date": "2023-01-02", "text": 'He said "no" \\ then\ttabbed\r\nand \x01 control \u2028 sep'},
    {"id": "n", "text": "null fields", "title": None, "source": None, "url": None},
    {"id": 7, "text": "an int id and extras", "date": "2023-01-02", "extra": {"a": [1, 2.5, None]}, "n": 3},
    {"id": "k", "text": "keys", "Ünï": "cödé", "": "empty key"},
    "a plain str with \"quotes\" and \\ and \x7f",
]


def test_fast_record_path_equals_cli(engine, tmp_path):
    # The C++ fast path (str and dicts of str) and the json fallback must give
    # the same records as the CLI reading the same JSON Lines.
    p = tmp_path / "esc.jsonl"
    recs = [r if isinstance(r, dict) else {"text": r, "date": "2024-02-29"} for r in ESCAPES]
    p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    want, err, rc = cli_lines("--date", "2024-02-29", str(p))
    assert rc == 0, err
    got = list(engine.extract_many(ESCAPES, date="2024-02-29", input=str(p), as_json=True, batch_size=2))
    assert got == want


def test_lone_surrogates_and_bad_bytes_are_input_errors(engine):
    with pytest.raises(sitrep.InputError):
        list(engine.extract_many(["bad \udcff surrogate"]))
    with pytest.raises(sitrep.InputError, match="UTF-8"):
        list(engine.extract_many([b"bad \xff byte"]))


def test_fast_record_escaping_fuzz(engine):
    # Random texts dense in characters that need escaping, at every alignment:
    # the C++ writer and Python's json must give the same documents.
    import random
    rng = random.Random(5)
    alphabet = ['"', "\\", "\n", "\t", "\x00", "\x1f", "\x7f", "a", "b", " ", "é", "—", "\U0001F600", "/"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) + " x" for _ in range(400)]
    errs = []
    fast = list(engine.extract_many(texts, date="2023-03-03", as_json=True, on_error=errs.append))
    lines = [json.dumps({"text": t, "date": "2023-03-03"}) for t in texts]
    slow = engine.extract_lines(lines, input="<python>")
    assert fast == [r for r in slow if isinstance(r, str)] and len(fast) > 100
    assert [str(e) for e in errs] == [str(r) for r in slow if not isinstance(r, str)] and errs  # NUL bytes


def test_extract_spans_slice_the_text(engine):
    text = "Ḩalab — at least 37 people were killed in Kharkiv on Monday, police said."
    doc = engine.extract(text, date="2024-03-12")
    assert doc["document"]["text"] == text
    spans = [e for ev in doc["events"] for e in ev["evidence"]]
    spans += [m for ent in doc["entities"] for m in ent["mentions"]]
    assert spans
    for s in spans:  # character offsets: slicing the str gives the span's words
        assert text[s["start"]:s["end"]].strip() == text[s["start"]:s["end"]] != ""
    kharkiv = [m for ent in doc["entities"] for m in ent["mentions"] if ent["name"] == "Kharkiv"]
    assert kharkiv and text[kharkiv[0]["start"]:kharkiv[0]["end"]] == "Kharkiv"
    raw = engine.extract(text, date="2024-03-12", offsets="bytes")
    b = text.encode("utf-8")
    m = [m for ent in raw["entities"] for m in ent["mentions"] if ent["name"] == "Kharkiv"][0]
    assert b[m["start"]:m["end"]] == b"Kharkiv"
