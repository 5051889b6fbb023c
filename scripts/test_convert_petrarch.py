#!/usr/bin/env python3
"""Tests for convert_petrarch.py.  Run: python3 -m unittest scripts/test_convert_petrarch.py
(also collected by pytest when available)."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import convert_petrarch as cp  # noqa: E402

ISO3 = {"AFG", "USA", "KOR", "PSE", "ISR", "TLS", "ROU", "MUS"}


def stats():
    return {k: 0 for k in ("folded_codeless", "dropped_codeless", "orphan_codes",
                           "dropped_noname", "dropped_bad_code",
                           "dropped_entry_no_usable_code", "bad_restrictions",
                           "merged_duplicates", "agents_skipped")}


class DateTest(unittest.TestCase):
    def test_dates(self):
        cases = [("090120", "2009-01-20"), ("330101", "1933-01-01"),
                 ("300101", "2030-01-01"), ("19270101", "1927-01-01"),
                 ("20130918", "2013-09-18"), ("9008223", None), ("991340", None),
                 ("abc", None)]
        for s, want in cases:
            self.assertEqual(cp.parse_date(s), want, s)

    def test_restrictions(self):
        cases = [("USAGOV 090120-170120", ("USAGOV", "2009-01-20", "2017-01-20")),
                 ("AFGGOV >011222", ("AFGGOV", "2001-12-22", "")),
                 ("HTIOPPMED <061231", ("HTIOPPMED", "", "2006-12-31")),
                 ("IGOUNO  >070201", ("IGOUNO", "2007-02-01", "")),
                 ("ISRMIL", ("ISRMIL", "", "")),
                 ("KORGOVBUS 2004017-20061201", None),
                 ("USAGOV 170120-090120", None)]
        for body, want in cases:
            self.assertEqual(cp.parse_restriction(body), want, body)


class CodeTest(unittest.TestCase):
    def test_split(self):
        cases = [("USAGOV", ("USA", "GOV")), ("AFG", ("AFG", "")),
                 ("PSEREBHMS", ("PSE", "REB")), ("IGOUNOKID", ("", "IGO")),
                 ("MNCUSA", ("USA", "BUS")), ("TMPGOV", ("TLS", "GOV")),
                 ("MEAREB", ("", "REB")), ("USAPTY", ("USA", "POL")),
                 ("CHRCTH", ("", "REL")), ("MUSGOV", ("MUS", "GOV")),
                 ("IMGMUSALQ", ("", "REB")), ("NGOISRHRI", ("ISR", "NGO")),
                 ("GOV", ("", "GOV")), ("KKLREB", None), ("ITHTV", None),
                 ("SUNGOV", None)]
        for code, want in cases:
            self.assertEqual(cp.split_code(code, ISO3), want, code)


class CaseTest(unittest.TestCase):
    def test_display(self):
        cases = [("HAMID KARZAI", "PERSON", "Hamid Karzai"),
                 ("ABU BAKR AL-BAGHDADI", "PERSON", "Abu Bakr al-Baghdadi"),
                 ("AL-QAEDA", "ORG", "Al-Qaeda"),
                 ("UN", "ORG", "UN"), ("UNHCR", "ORG", "UNHCR"),
                 ("HAMAS", "ORG", "Hamas"),
                 ("UN SECURITY COUNCIL", "ORG", "UN Security Council"),
                 ("TEL AVIV", "GROUP", "Tel Aviv"),
                 ("ABDULLAH II", "PERSON", "Abdullah II"),
                 ("POPE LEO XIV", "PERSON", "Pope Leo XIV")]
        for text, kind, want in cases:
            self.assertEqual(cp.display_case(text, kind), want, text)

    def test_slug(self):
        self.assertEqual(cp.slug("Mohammed Shia' al-Sudani"), "mohammed_shia_al_sudani")
        self.assertEqual(cp.slug("Zürich Ölwerk"), "zurich_olwerk")


SAMPLE = """# comment line
AFGHANISTAN_  [AFG]
+AFGHAN_
+KABUL_ # capital

# National Institutions
AFGHAN_NATIONAL_ARMY
+ANA
	[AFGMIL]

HAMID_KARZAI_  # CountryInfo.txt
+KARZAI_
	[AFGELI 750101-000101]
	[AFGGOV >011222]
LEONID_BREZHNEV_
LEONID_ILYICH_BREZHNEV
	[AFGGOV 641014-821110]
UN_ [IGOUNO]
U.N._

ORPHAN_NO_CODE_

ANN_VENEMAN_	[USAGOV 010120-050120] [IGOUNOKID >050501]
BAD_ONE_	[KKLREB]
"""


class ReaderTest(unittest.TestCase):
    def read(self, text):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "x.actors.txt")
            with open(p, "w") as f:
                f.write(text)
            st = stats()
            return cp.read_actor_file(p, st), st

    def test_entries(self):
        entries, st = self.read(SAMPLE)
        by_name = {e.phrases[0].strip("_ \t"): e for e in entries}
        self.assertEqual(by_name["AFGHANISTAN"].phrases[1:], ["AFGHAN_", "KABUL_"])
        self.assertEqual(by_name["AFGHAN_NATIONAL_ARMY"].restrictions, [("AFGMIL", "", "")])
        k = by_name["HAMID_KARZAI"]
        self.assertTrue(k.person_hint)
        self.assertIn(("AFGGOV", "2001-12-22", ""), k.restrictions)
        # code-less primary shares the codes of the entry it precedes
        self.assertIn("LEONID_ILYICH_BREZHNEV", by_name["LEONID_BREZHNEV"].phrases)
        # code-less primary directly below a coded entry, ended by a blank line: folded
        self.assertIn("U.N._", by_name["UN"].phrases)
        self.assertEqual(st["folded_codeless"], 1)
        self.assertEqual(st["dropped_codeless"], 1)
        # several inline codes on one line
        self.assertEqual(len(by_name["ANN_VENEMAN"].restrictions), 2)

    def test_rows(self):
        entries, _ = self.read(SAMPLE)
        st = stats()
        out = {}
        for e in entries:
            r = cp.entry_rows(e, ISO3, st, "petrarch2")
            if r:
                out[r[0]] = r
        self.assertEqual(out["Hamid Karzai"][1], "PERSON")
        self.assertIn("Karzai", out["Hamid Karzai"][2])
        self.assertEqual(out["Afghanistan"][1], "GROUP")
        self.assertEqual(out["Afghan National Army"][1], "ORG")
        self.assertEqual(out["Afghan National Army"][3][0][:3], ("AFGMIL", "AFG", "MIL"))
        self.assertNotIn("Bad One", out)
        self.assertEqual(st["dropped_entry_no_usable_code"], 1)


class CheckTest(unittest.TestCase):
    def check(self, rows):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "t.tsv")
            with open(p, "w") as f:
                f.write("# test\n" + "\t".join(cp.HEADER) + "\n")
                for r in rows:
                    f.write(r + "\n")
            errors = []
            cp.check_file(p, cp.load_iso3(), errors)
            return errors

    def test_good(self):
        row = "ali_khamenei\tPERSON\tAli Khamenei\tKhamenei\tIRNGOV\tIRN\tGOV\tSupreme Leader\t\t1989-06-04\t\tcurated"
        self.assertEqual(self.check([row, row]), [])

    def test_bad(self):
        bad = [
            "x\tPERSON\tX\t\tIRNGOV\tXXX\tGOV\t\t\t\t\tcurated",       # country
            "x\tPERSON\tX\t\tIRNGOV\tIRN\tGOV\t\t\t2020-02-30\t\tcurated",  # date
            "x\tPERSON\tX\t\tIRNGOV\tIRN\tGOV\t\t\t\tcurated",          # 11 fields
            "x\tTHING\tX\t\tIRNGOV\tIRN\tGOV\t\t\t\t\tcurated",         # type
            "x\tPERSON\tX\t\tIRNGOV\tIRN\tGOV\t\t\t2020-01-02\t2020-01-01\tcurated",
        ]
        for r in bad:
            self.assertEqual(len(self.check([r])), 1, r)
        # same id, different name
        a = "x\tPERSON\tX\t\tIRNGOV\tIRN\tGOV\t\t\t\t\tcurated"
        b = "x\tPERSON\tY\t\tIRNGOV\tIRN\tGOV\t\t\t\t\tcurated"
        self.assertEqual(len(self.check([a, b])), 1)


class RepoDataTest(unittest.TestCase):
    def test_committed_files_are_valid(self):
        outdir = os.path.join(cp.ROOT, "data", "actors")
        iso3 = cp.load_iso3()
        for fn in ("curated.tsv", "petrarch.tsv", "agents.tsv"):
            errors = []
            n = cp.check_file(os.path.join(outdir, fn), iso3, errors)
            self.assertEqual(errors, [], fn)
            self.assertGreater(n, 100, fn)

    def test_curated_key_facts(self):
        rows = {}
        with open(os.path.join(cp.ROOT, "data", "actors", "curated.tsv"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or line.startswith("id\t"):
                    continue
                r = line.rstrip("\n").split("\t")
                rows.setdefault(r[0], []).append(r)
        k = rows["ali_khamenei"]
        self.assertIn(("IRNGOV", "IRN", "GOV", "Supreme Leader", "1989-06-04", ""),
                      [(r[4], r[5], r[6], r[7], r[9], r[10]) for r in k])
        self.assertIn("Khamenei", k[0][3].split("|"))
        b = rows["antony_blinken"][0]
        self.assertEqual((b[4], b[7], b[9], b[10]),
                         ("USAGOV", "Secretary of State", "2021-01-26", "2025-01-20"))
        s = rows["mohammed_shia_al_sudani"][0]
        self.assertIn("al-Sudani", s[3].split("|"))
        self.assertEqual(rows["hamas"][0][4:7], ["PSEREB", "PSE", "REB"])
        self.assertEqual(rows["xinhua"][0][4:7], ["CHNMED", "CHN", "MED"])


if __name__ == "__main__":
    unittest.main()
