#!/usr/bin/env python3
"""Convert the PETRARCH2/Phoenix actor and agent dictionaries into sitrep's
actor TSV format (data/actors/*.tsv), and validate actor TSV files.

    python3 scripts/convert_petrarch.py            # regenerate petrarch.tsv + agents.tsv, then check
    python3 scripts/convert_petrarch.py --check    # only validate data/actors/*.tsv

Input (default ../shared/data/petrarch2 or /work/shared/data/petrarch2):
  Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,
  Phoenix.MilNonState.actors.txt (TABARI/PETRARCH actor format) and
  Phoenix.agents.txt (PETRARCH agent format).

Actor file format, as PETRARCH's reader interprets it:
  - '#' starts a comment (whole line or trailing); '<!-- ... -->' lines too;
  - a line starting in column 1 is a primary phrase, optionally followed by
    one or more '[CODE restriction]' groups on the same line;
  - '+PHRASE' is a synonym of the current entry;
  - an indented line '\t[CODE restriction]' adds a (dated) code; restriction is
    empty (default code), '<DATE' (until), '>DATE' (from) or 'DATE-DATE';
    DATE is YYMMDD or YYYYMMDD;
  - a primary phrase without any code shares the codes of the entry that
    follows it (PETRARCH behaviour); here a blank line ends an entry, and a
    code-less entry ended by a blank line is folded into the entry directly
    above it (no blank line between) or dropped.
Output is deterministic (sorted); see data/actors/README.md.
"""

import argparse
import datetime
import json
import os
import re
import sys
import unicodedata

HEADER = ["id", "type", "name", "aliases", "code", "country", "sector",
          "role", "org", "start", "end", "source"]
TYPES = {"PERSON", "ORG", "GROUP"}
SOURCES = {"petrarch2", "curated"}

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ACTOR_FILES = ["Phoenix.Countries.actors.txt",
               "Phoenix.International.actors.txt",
               "Phoenix.MilNonState.actors.txt"]
AGENT_FILE = "Phoenix.agents.txt"

# Phoenix/CAMEO 3-letter codes that are not ISO 3166-1 alpha-3 but map to one.
COUNTRY_FIX = {"TMP": "TLS", "ROM": "ROU", "UAE": "ARE", "LEB": "LBN",
               "KUW": "KWT", "JAP": "JPN", "BUL": "BGR", "ZAM": "ZMB",
               "ZBW": "ZWE", "PAL": "PSE", "IVO": "CIV"}
# Codes that are actors without a country: keep, country empty.
# CAMEO regions:
REGIONS = {"AFR", "ASA", "BLK", "CAS", "CAU", "CEU", "CFR", "CRB", "EAF", "EEU",
           "EIN", "EUR", "LAM", "MDT", "MEA", "NAF", "NMR", "PGS", "SAF", "SAM",
           "SAS", "SCN", "SEA", "WAF", "WEU", "WST"}
# Transnational actor types (first component) -> sector.
TRANSNATIONAL = {"IGO": "IGO", "NGO": "NGO", "MNC": "BUS", "IMG": "REB",
                 "NGM": "NGO", "UIS": "REB", "ELI": "ELI"}
# CAMEO religion codes -> sector REL.
RELIGIONS = {"ADR", "ATH", "BAH", "BUD", "CHR", "CON", "HIN", "ITR", "JAN",
             "JEW", "MOS", "MUS", "SHN", "SIK", "TAO", "ZRO"}
# CAMEO role codes -> sitrep sector.  Codes not listed here keep no sector.
SECTOR = {"GOV": "GOV", "MIL": "MIL", "REB": "REB", "OPP": "OPP",
          "PTY": "POL", "JUD": "JUD", "LEG": "LEG", "MED": "MED",
          "BUS": "BUS", "CVL": "CVL", "SPY": "SPY", "COP": "COP",
          "INS": "REB", "SEP": "REB", "UAF": "REB", "IGO": "IGO",
          "NGO": "NGO", "MNC": "BUS", "NGM": "NGO", "PPL": "CVL",
          "ELI": "ELI", "EDU": "EDU", "HLH": "HLH", "LAB": "LAB",
          "REF": "REF", "AGR": "AGR", "ENV": "ENV", "HRI": "HRI",
          "DEV": "DEV", "CRM": "CRM", "MOD": "MOD", "RAD": "RAD",
          "REL": "REL"}

ORG_WORDS = set("""
ARMY ARMIES FORCE FORCES MINISTRY MINISTRIES PARTY FRONT COUNCIL GOVERNMENT
COMMITTEE UNION ASSOCIATION BANK AGENCY ORGANIZATION ORGANISATION MOVEMENT
BRIGADE BRIGADES BATTALION BATTALIONS CORPS GUARD GUARDS POLICE COURT
TRIBUNAL PARLIAMENT ASSEMBLY CONGRESS SENATE HOUSE OFFICE DEPARTMENT
COMMISSION INSTITUTE INSTITUTION FOUNDATION FUND SERVICE SERVICES NEWS
AGENCY TIMES POST CORPORATION COMPANY CO INC LTD GROUP GROUPS ALLIANCE
LEAGUE FEDERATION CONFEDERATION NETWORK CENTRE CENTER UNIVERSITY COLLEGE
SCHOOL ACADEMY PRESS JOURNAL GUARDIAN TRIBUNE HERALD GAZETTE CHRONICLE MAGAZINE TELEGRAPH BROADCASTING INITIATIVE WATCH PROJECT TRUST CAMPAIGN CORP HOLDINGS PLC LLC SA AG GMBH SOCIETY CHURCH MOSQUE CABINET REGIME JUNTA NAVY AIRFORCE
BOARD AUTHORITY AUTHORITIES PROGRAM PROGRAMME MISSION MILITIA MILITIAS
COMMAND CELL CELLS NUCLEI UNITS UNIT ORGANIZATIONS COALITION BLOC
TELEVISION RADIO NEWSPAPER AIRLINES AIRWAYS INDUSTRIES SYNDICATE CARTEL
BUREAU SECRETARIAT DUMA KREMLIN PENTAGON MAJLIS KNESSET BUNDESTAG
BUNDESRAT SECURITY COMMUNITY CONFERENCE CLUB BROTHERHOOD TALIBAN JIHAD
JEMAAH JAMAAT HEZBOLLAH HIZBALLAH HAMAS FATAH QAEDA INTERNATIONAL
""".split())
GROUP_WORDS = set("""
PEOPLE TROOPS SOLDIERS REBELS MILITANTS INSURGENTS PROTESTERS CITIZENS
REFUGEES WORKERS STUDENTS TRIBES TRIBESMEN CIVILIANS PEACEKEEPERS
""".split())
PERSON_WORDS = set("""
PRESIDENT MINISTER SECRETARY ENVOY CHIEF SPOKESMAN SPOKESWOMAN AMBASSADOR
LEADER COMMANDER KING QUEEN PRINCE PRINCESS SHEIKH EMIR PREMIER CHANCELLOR
GENERAL DIRECTOR CHAIRMAN SENATOR GOVERNOR MAYOR POPE AYATOLLAH MULLAH
""".split())
COMMON_SHORT = set("""
abu add age ago aid aim air all arm art ash ask bad bag ban bar bay bed big bit
box boy bus buy car cat cow cry cup cut day den dog dry due ear eat egg end era
eve eye fan far fat few fin fir fit fix fly fox fun gap gas god gun guy hat hay
her him his hot how hub ice ill ink inn ion ivy jam jet job joy key kid kin lab
law lay leg let lid lip log lot low mad man map may men mix mud net new nor now
nut oak oil old one our out owl own pan pay pen pet pie pig pin pit pop pot put
ray red rib rid rod row run sad saw say sea see set she shy sin sit six sky son
sum sun tax tea ten tie tin tip toe top toy try two use van war way web wet who
why win wit yes yet you zoo ali amr ebu ibn bin sur san los las del new mar sol
""".split())
LOWER_PARTICLES = {"al", "el", "bin", "ibn", "bint", "de", "del", "della",
                   "van", "von", "der", "den", "da", "du", "dos", "das", "la",
                   "le", "of", "the", "and", "for", "in", "on", "y", "e",
                   "at", "to", "des", "di", "ul", "ud"}


# ----------------------------------------------------------------- helpers

def load_iso3(path="/usr/share/iso-codes/json/iso_3166-1.json"):
    with open(path, encoding="utf-8") as f:
        return {c["alpha_3"] for c in json.load(f)["3166-1"]}


def parse_date(s):
    """PETRARCH date (YYMMDD or YYYYMMDD) -> 'YYYY-MM-DD' or None."""
    s = s.strip()
    if not s.isdigit():
        return None
    if len(s) == 6:
        yy = int(s[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        md = s[2:]
    elif len(s) == 8:
        year = int(s[:4])
        md = s[4:]
    else:
        return None
    try:
        d = datetime.date(year, int(md[:2]), int(md[2:]))
    except ValueError:
        return None
    return d.isoformat()


def parse_restriction(body):
    """'CODE', 'CODE <D', 'CODE >D', 'CODE D-D' -> (code, start, end) or None."""
    body = body.strip()
    if not body:
        return None
    parts = body.split(None, 1)
    code = parts[0].upper()
    rest = parts[1].strip() if len(parts) > 1 else ""
    if not rest:
        return (code, "", "")
    if rest[0] in "<>":
        d = parse_date(rest[1:].strip())
        if d is None:
            return None
        return (code, "", d) if rest[0] == "<" else (code, d, "")
    if "-" in rest:
        a, _, b = rest.partition("-")
        da, db = parse_date(a), parse_date(b)
        if da is None or db is None or db < da:
            return None
        return (code, da, db)
    return None


def split_code(code, iso3):
    """CAMEO code -> (country, sector) or None if unusable."""
    if not re.fullmatch(r"[A-Z0-9]{3,}", code) or len(code) % 3 != 0:
        return None
    first, rest = code[:3], code[3:]
    second = rest[:3]
    if COUNTRY_FIX.get(first, first) in iso3:  # MUS is Mauritius when first
        return (COUNTRY_FIX.get(first, first), sector_of(second))
    if first in RELIGIONS:
        return ("", "REL")
    if first in TRANSNATIONAL:
        c2 = COUNTRY_FIX.get(second, second)
        ok = c2 in iso3 and second not in RELIGIONS  # IMGMUS: Muslim, not Mauritius
        return (c2 if ok else "", TRANSNATIONAL[first])  # MNCUSA -> USA
    if first in SECTOR:  # bare role code, e.g. [GOV]
        return ("", SECTOR[first])
    if first in REGIONS:
        return ("", sector_of(second))
    country = COUNTRY_FIX.get(first, first)
    if country not in iso3:
        return None
    return (country, sector_of(second))


def sector_of(comp):
    if not comp:
        return ""
    if comp in RELIGIONS:
        return "REL"
    return SECTOR.get(comp, "")


def strip_comment(line):
    for mark in ("#", ";"):
        i = line.find(mark)
        if i >= 0:
            line = line[:i]
    return line.rstrip()


def clean_phrase(p):
    """PETRARCH phrase -> (display text, [extra aliases from '(ABC)'])."""
    extra = [m for m in re.findall(r"\(([^()]{2,})\)", p)]
    p = re.sub(r"\([^()]*\)", " ", p)
    p = re.sub(r"\(.*$", " ", p).replace(")", " ")  # unbalanced "(acting"
    p = p.replace("_", " ").replace("\t", " ").replace("|", " ")
    p = re.sub(r"\s+", " ", p).strip(" +-,")
    extra = [re.sub(r"\s+", " ", e.replace("_", " ")).strip() for e in extra]
    return p, [e for e in extra if e]


ACRONYMS = {"UN", "US", "USA", "UK", "EU", "NATO", "AU", "OPEC", "IAEA", "UNSC",
            "UNHCR", "UNICEF", "UNDP", "IMF", "WHO", "WFP", "ICC", "ICJ", "ICRC",
            "OSCE", "ASEAN", "IDF", "PLO", "PKK", "ANC", "FBI", "CIA", "KGB", "FSB"}


def case_word(w, first, acronym_ok):
    if not w:
        return w
    low = w.lower()
    if w in ACRONYMS and (acronym_ok or w not in ("WHO", "US")):
        return w
    if re.fullmatch(r"[IVX]+", w) and not first and w != "X":  # Abdullah II
        return w
    if "." in w and len(w) <= 6:  # U.N., U.S.
        return w.upper()
    if acronym_ok and (not re.search(r"[AEIOUY]", w) or
                       (len(w) <= 3 and low not in COMMON_SHORT)) \
            and low not in LOWER_PARTICLES and w.isalpha() and len(w) >= 2:
        return w.upper()
    if not first and low in LOWER_PARTICLES:
        return low
    # capitalise each hyphen/apostrophe part: AL-QAEDA -> Al-Qaeda, O'NEILL
    out = []
    for i, part in enumerate(re.split(r"([-'/])", low)):
        if part in ("-", "'", "/"):
            out.append(part)
        elif i > 0 and part in ("al", "el") and out and out[-1] == "-":
            out.append(part)
        elif part == "s" and out and out[-1] == "'":
            out.append(part)
        else:
            out.append(part[:1].upper() + part[1:])
    s = "".join(out)
    if not first and low.startswith(("al-", "el-")):
        s = low[:3] + s[3:]
    return s


def display_case(text, kind):
    """Upper-case PETRARCH text -> display casing."""
    words = text.split(" ")
    if len(words) == 1 and kind == "ORG" and re.fullmatch(r"[A-Z.&-]+", text) \
            and (len(text) <= 4 or "." in text
                 or (len(text) <= 6 and len(re.findall(r"[AEIOU]", text)) <= 1)):
        return text  # acronym: UN, NATO, UNHCR, U.N.
    acronym_ok = kind == "ORG"
    return " ".join(case_word(w, i == 0, acronym_ok)
                    for i, w in enumerate(words))


def slug(text):
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = re.sub(r"[^a-z0-9]+", "_", t).strip("_")
    return t


TITLE_WORDS = PERSON_WORDS | {"SECRETARY-GENERAL", "FORMER", "EX", "MR", "MR.",
                              "MRS", "MRS.", "DR", "DR.", "VICE", "DEPUTY",
                              "FOREIGN", "DEFENSE", "DEFENCE", "PRIME", "US",
                              "U.S.", "UN", "U.N.", "UNITED", "SOVIET", "RUSSIAN"}


def is_titled(name_upper):
    return name_upper.split(" ")[0] in TITLE_WORDS


def classify(name_upper, has_dates, person_hint, codes, group_file=False):
    tokens = re.split(r"[ \-]+", name_upper)
    words = set(tokens)
    if words & ORG_WORDS:
        return "ORG"
    if group_file and not has_dates and not person_hint and not words & PERSON_WORDS:
        return "ORG"  # MilNonState: armed groups unless dated (leaders)
    if codes and not has_dates and not words & PERSON_WORDS and \
            all(c[:3] in ("MNC", "NGO", "IGO") for c in codes):
        return "ORG"
    if set(tokens[1:]) & {"FOR", "OF", "AND", "THE", "&"} and not words & PERSON_WORDS \
            and (not has_dates or len(tokens) >= 4):
        return "ORG"
    if words & GROUP_WORDS:
        return "GROUP"
    if any(len(c) == 3 and c not in SECTOR and c not in TRANSNATIONAL for c in codes):
        return "GROUP"  # country-level entry: the state / nationality
    if words & PERSON_WORDS or has_dates or person_hint:
        return "PERSON"
    n = len(name_upper.split())
    if 2 <= n <= 4 and all(re.fullmatch(r"[A-Z'.-]+", w) for w in name_upper.split()):
        return "PERSON"
    return "ORG"


# ----------------------------------------------------------------- actors

class Entry:
    def __init__(self, src, lineno):
        self.src = src
        self.lineno = lineno
        self.phrases = []       # display phrases, first = name
        self.restrictions = []  # (code, start, end)
        self.person_hint = False
        self.bad_dates = 0

    def add_codes(self, text):
        for body in re.findall(r"\[([^\]]*)\]", text):
            r = parse_restriction(body)
            if r is None:
                self.bad_dates += 1
            elif r[0] not in ("---", "+++", "###"):
                self.restrictions.append(r)


def read_actor_file(path, stats):
    entries = []
    cur = None
    prev_adjacent = None  # entry directly above cur with no blank line between
    blank_since = True

    def finish(e, blank_after):
        nonlocal prev_adjacent
        if e is None:
            return
        if e.restrictions:
            entries.append(e)
            prev_adjacent = None if blank_after else e
            return
        # code-less entry ended by a blank line or EOF
        if prev_adjacent is not None:
            prev_adjacent.phrases.extend(e.phrases)
            stats["folded_codeless"] += 1
        else:
            stats["dropped_codeless"] += 1
        prev_adjacent = None

    with open(path, encoding="utf-8", errors="replace") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n").rstrip("\r")
            if "---STOP---" in line:
                break
            if line.lstrip().startswith("<!--"):
                continue
            if line.startswith("#"):
                continue
            person_hint = "CountryInfo" in line
            body = strip_comment(line)
            if not body.strip():
                if not line.strip():  # genuine blank line ends the entry
                    finish(cur, True)
                    cur = None
                    prev_adjacent = None
                continue
            if body[0] in " \t" and body.lstrip().startswith("["):
                if cur is None:
                    stats["orphan_codes"] += 1
                    continue
                cur.add_codes(body)
                continue
            if body[0] in " \t":
                body = body.strip()
                if not body.startswith("+"):
                    body = "+" + body  # indented phrase: treat as synonym
            if body.startswith("+"):
                text = body[1:]
                if cur is None:
                    cur = Entry(path, lineno)
                phrase = text.split("[")[0]
                cur.phrases.append(phrase)
                if "[" in text:
                    cur.add_codes(text)
                continue
            # primary phrase
            if cur is not None and cur.restrictions:
                finish(cur, False)
                cur = None
            if cur is None:
                cur = Entry(path, lineno)
            cur.phrases.append(body.split("[")[0])
            cur.person_hint = cur.person_hint or person_hint
            if "[" in body:
                cur.add_codes(body)
    finish(cur, True)
    return entries


def entry_rows(e, iso3, stats, source_tag):
    """Entry -> (name, type, aliases, [row-tail tuples]) or None."""
    shown = []
    for p in e.phrases:
        text, extra = clean_phrase(p)
        for t in [text] + extra:
            if len(t) >= 2 and re.search(r"[A-Za-z]", t) and len(t) <= 100:
                shown.append(t.upper())
    if not shown:
        stats["dropped_noname"] += 1
        return None
    seen = set()
    uniq = []
    for t in shown:
        if t not in seen:
            seen.add(t)
            uniq.append(t)
    name_u = uniq[0]
    codes = []
    tails = []
    for code, start, end in e.restrictions:
        sc = split_code(code, iso3)
        if sc is None:
            stats["dropped_bad_code"] += 1
            continue
        codes.append(code)
        country, sector = sc
        tails.append((code, country, sector, "", "", start, end, source_tag))
    if not tails:
        stats["dropped_entry_no_usable_code"] += 1
        return None
    has_dates = any(t[5] or t[6] for t in tails)
    typ = classify(name_u, has_dates, e.person_hint, codes,
                   os.path.basename(e.src).startswith("Phoenix.MilNonState"))
    if typ == "PERSON" and is_titled(name_u):
        # "SECRETARY-GENERAL BAN KI-MOON" -> prefer the bare "BAN KI-MOON"
        for a in uniq[1:]:
            if not is_titled(a) and len(a.split()) >= 2 and \
                    name_u.replace("-", " ").endswith(a.replace("-", " ")):
                uniq.remove(a)
                uniq.insert(0, a)
                name_u = a
                break
    name = display_case(name_u, typ)
    aliases = [display_case(a, typ) for a in uniq[1:]]
    return name, typ, aliases, sorted(set(tails))


def convert_actors(indir, iso3, stats):
    groups = {}  # (slug, country) -> [name, type, aliases, set(tails)]
    for fn in ACTOR_FILES:
        path = os.path.join(indir, fn)
        for e in read_actor_file(path, stats):
            stats["bad_restrictions"] += e.bad_dates
            r = entry_rows(e, iso3, stats, "petrarch2")
            if r is None:
                continue
            name, typ, aliases, tails = r
            s = slug(name)
            if not s:
                stats["dropped_noname"] += 1
                continue
            country = tails[0][1]
            key = (s, country)
            if key in groups:
                g = groups[key]
                for a in [name] + aliases:
                    if a != g[0] and a not in g[2]:
                        g[2].append(a)
                g[3].update(tails)
                stats["merged_duplicates"] += 1
            else:
                groups[key] = [name, typ, [a for a in aliases if a != name], set(tails)]
    # a person listed both in International (no country) and under one country
    by_slug = {}
    for (s, c) in groups:
        by_slug.setdefault(s, []).append(c)
    for s, cs in by_slug.items():
        if "" in cs and len(cs) == 2:
            other = (s, [c for c in cs if c][0])
            g0, g1 = groups[(s, "")], groups[other]
            if g0[1] == g1[1] == "PERSON":
                for a in [g0[0]] + g0[2]:
                    if a != g1[0] and a not in g1[2]:
                        g1[2].append(a)
                g1[3].update(g0[3])
                del groups[(s, "")]
                stats["merged_duplicates"] += 1
    # ids: slug, or slug_country when the same slug names actors of several countries
    by_slug = {}
    for (s, c) in groups:
        by_slug.setdefault(s, []).append(c)
    rows = []
    for (s, c), (name, typ, aliases, tails) in groups.items():
        ident = s if len(by_slug[s]) == 1 else (s + "_" + (c.lower() or "int"))
        al = dedupe_aliases(name, aliases)
        for t in sorted(tails):
            rows.append((ident, typ, name, "|".join(al)) + t)
    rows.sort()
    return rows


def dedupe_aliases(name, aliases):
    seen = {name.lower()}
    out = []
    for a in aliases:
        k = a.lower()
        if k not in seen:
            seen.add(k)
            out.append(a)
    return out


# ----------------------------------------------------------------- agents

def plural(p):
    if p.endswith("Y") and not p.endswith(("AY", "EY", "OY", "UY")):
        return p[:-1] + "IES"
    if p.endswith(("SS", "SH", "CH", "X")):
        return p + "ES"
    if p.endswith("S"):
        return p
    return p + "S"


def convert_agents(indir, stats):
    path = os.path.join(indir, AGENT_FILE)
    subst = {}
    agents = {}  # phrase -> (code, set(plurals))
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith(("#", "<!--")):
                continue
            line = strip_comment(line).strip()
            if not line:
                continue
            if "!" in line and "=" in line and "[" not in line:
                m = re.match(r"!(\w+)!\s*=\s*(.*)", line)
                if m:
                    subst[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]
                continue
            m = re.match(r"([^\[{]+?)\s*(\{[^}]*\})?\s*\[([^\]]*)\]", line)
            if not m:
                stats["agents_skipped"] += 1
                continue
            phrase, plur, code = m.group(1).strip(), m.group(2), m.group(3).strip()
            code = code.replace("~", "").upper()
            if not re.fullmatch(r"[A-Z]{3,}", code) or len(code) % 3:
                stats["agents_skipped"] += 1
                continue
            forms = [phrase]
            mk = re.search(r"!(\w+)!", phrase)
            if mk:
                if mk.group(1) not in subst:
                    stats["agents_skipped"] += 1
                    continue
                forms = [phrase[:mk.start()] + s + phrase[mk.end():] for s in subst[mk.group(1)]]
                plurals = []
            elif plur is not None:
                inner = plur[1:-1].strip()
                plurals = [inner] if inner else []
            else:
                plurals = [plural(phrase.rstrip("_"))]
            forms = [clean_phrase(x)[0].upper() for x in forms]
            plurals = [clean_phrase(x)[0].upper() for x in plurals]
            base = forms[0]
            if len(base) < 2:
                continue
            key = ("agent_" + slug(base), code)
            if key in agents:
                cur = agents[key][1]
                forms = [base] + forms
                base = agents[key][0]
            else:
                agents[key] = (base, [])
                cur = agents[key][1]
            for x in forms[1:] + plurals:
                if x and x != base and x not in cur:
                    cur.append(x)
    rows = []
    slugs = {}
    for (s, code) in sorted(agents):
        slugs.setdefault(s, []).append(code)
    for (s, code), (base, al) in sorted(agents.items()):
        ident = s if len(slugs[s]) == 1 else s + "_" + code.lower()
        name = base.lower()
        aliases = dedupe_aliases(name, [a.lower() for a in al])
        first = code[:3]
        sector = "REL" if first in RELIGIONS else SECTOR.get(first, "")
        rows.append((ident, "GROUP", name, "|".join(aliases), code, "", sector,
                     "", "", "", "", "petrarch2"))
    rows.sort()
    return rows


# ----------------------------------------------------------------- output

LICENCE_NOTE = [
    "# Source: PETRARCH2 / Phoenix dictionaries (github.com/openeventdata/petrarch2,",
    "#   commit {commit}), files {files}.",
    "# Licence: MIT, Copyright (c) 2014 Open Event Data Alliance (see",
    "#   shared/data/petrarch2/LICENSE); facts (names, codes, dates) only.",
    "# Generated by scripts/convert_petrarch.py -- do not edit by hand; edit curated.tsv.",
    "# Names are machine-cased from PETRARCH's upper case; match case-insensitively.",
]


def write_tsv(path, rows, files, commit, extra_comments=()):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for c in LICENCE_NOTE:
            f.write(c.format(commit=commit, files=", ".join(files)) + "\n")
        for c in extra_comments:
            f.write("# " + c + "\n")
        f.write("\t".join(HEADER) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


# ----------------------------------------------------------------- checking

def check_file(path, iso3, errors):
    """Validate one actor TSV; returns number of data rows."""
    ids = {}
    n = 0
    header_seen = False
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            where = "%s:%d" % (os.path.basename(path), lineno)
            if not header_seen:
                if line.startswith("#"):
                    continue
                if line.split("\t") != HEADER:
                    errors.append(where + ": bad header")
                    return 0
                header_seen = True
                continue
            if line.startswith("#") or not line.strip():
                errors.append(where + ": comment/blank line after header")
                continue
            fields = line.split("\t")
            if len(fields) != len(HEADER):
                errors.append(where + ": %d fields, want %d" % (len(fields), len(HEADER)))
                continue
            n += 1
            (ident, typ, name, aliases, code, country, sector, role, org,
             start, end, source) = fields
            if not re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", ident):
                errors.append(where + ": bad id %r" % ident)
            if typ not in TYPES:
                errors.append(where + ": bad type %r" % typ)
            if not name.strip() or name != name.strip():
                errors.append(where + ": bad name %r" % name)
            if aliases and any(not a.strip() or a != a.strip() for a in aliases.split("|")):
                errors.append(where + ": empty/padded alias in %r" % aliases)
            if code and not re.fullmatch(r"[A-Z0-9]{3,}", code):
                errors.append(where + ": bad code %r" % code)
            if country and country not in iso3:
                errors.append(where + ": country %r is not ISO 3166-1 alpha-3" % country)
            if sector and not re.fullmatch(r"[A-Z]{3}", sector):
                errors.append(where + ": bad sector %r" % sector)
            for d in (start, end):
                if d:
                    try:
                        if datetime.date.fromisoformat(d).isoformat() != d:
                            raise ValueError
                    except ValueError:
                        errors.append(where + ": bad date %r" % d)
            if start and end and end < start:
                errors.append(where + ": end %s before start %s" % (end, start))
            if source not in SOURCES:
                errors.append(where + ": bad source %r" % source)
            key = (typ, name, aliases)
            if ident in ids and ids[ident] != key:
                errors.append(where + ": id %s has differing type/name/aliases" % ident)
            ids.setdefault(ident, key)
    if not header_seen:
        errors.append(os.path.basename(path) + ": no header")
    return n


def run_check(outdir, iso3):
    errors = []
    total = 0
    for fn in sorted(os.listdir(outdir)):
        if fn.endswith(".tsv"):
            n = check_file(os.path.join(outdir, fn), iso3, errors)
            print("%-16s %7d rows" % (fn, n))
            total += n
    for e in errors[:50]:
        print("ERROR " + e, file=sys.stderr)
    if errors:
        print("%d errors" % len(errors), file=sys.stderr)
        return 1
    print("ok: %d rows" % total)
    return 0


def default_indir():
    for d in (os.path.join(ROOT, "..", "shared", "data", "petrarch2"),
              "/work/shared/data/petrarch2"):
        if os.path.isdir(d):
            return os.path.normpath(d)
    return "/work/shared/data/petrarch2"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--in", dest="indir", default=default_indir())
    ap.add_argument("--out", dest="outdir", default=os.path.join(ROOT, "data", "actors"))
    ap.add_argument("--check", action="store_true", help="only validate the TSV files")
    args = ap.parse_args(argv)
    iso3 = load_iso3()
    if args.check:
        return run_check(args.outdir, iso3)
    stats = {k: 0 for k in ("folded_codeless", "dropped_codeless", "orphan_codes",
                            "dropped_noname", "dropped_bad_code",
                            "dropped_entry_no_usable_code", "bad_restrictions",
                            "merged_duplicates", "agents_skipped")}
    commit = "unknown"
    cpath = os.path.join(args.indir, "COMMIT")
    if os.path.exists(cpath):
        commit = open(cpath).read().strip()
    rows = convert_actors(args.indir, iso3, stats)
    write_tsv(os.path.join(args.outdir, "petrarch.tsv"), rows, ACTOR_FILES, commit, [
        "One row per (actor, CAMEO code, date range). Sector is the first role",
        "component of the code (PTY->POL; INS/SEP/UAF/IMG->REB; MNC->BUS; religions->REL).",
    ])
    arows = convert_agents(args.indir, stats)
    write_tsv(os.path.join(args.outdir, "agents.tsv"), arows, [AGENT_FILE], commit, [
        "Generic agent nouns (police, troops, foreign minister). code is the CAMEO",
        "role suffix to combine with a country; name is the singular, aliases the",
        "plural and variant forms.",
    ])
    for k, v in sorted(stats.items()):
        print("%-30s %d" % (k, v), file=sys.stderr)
    return run_check(args.outdir, iso3)


if __name__ == "__main__":
    sys.exit(main())
