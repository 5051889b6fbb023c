#!/usr/bin/env python3
"""Writes tests/web/fixture.json: a few short invented reports and the events,
spans and tallies an engine would give for them, in the HTTP API's shapes
(apps/server/queries.h). Byte offsets are computed here from the phrases, so
the reports can be edited freely. Used by `sitrep serve --fixture`, the API
gtests and the browser tests."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# (doc id, published, source, title, text, entities [(phrase, type, name)], numbers [phrase])
DOCS = [
    ("d:1000000000000001", "2024-03-04", "Harbour Wire", "Shelling hits market in Kharkiv",
     "Shelling hits market in Kharkiv\n\nAt least 7 people were killed and 21 injured on Sunday when "
     "artillery shells struck a covered market in Kharkiv, the regional governor said. Russian forces "
     "fired from positions north of the city, officials added.",
     [("Kharkiv", "PLACE", "Kharkiv"), ("Russian forces", "ORG", "Russian forces"),
      ("the regional governor", "PERSON", "regional governor")],
     ["At least 7", "21"]),
    ("d:1000000000000002", "2024-03-05", "Delta Daily", "Kharkiv market toll rises",
     "Kharkiv market toll rises\n\nThe number of people killed in Sunday's shelling of a market in "
     "Kharkiv rose to 9, emergency services said on Tuesday.",
     [("Kharkiv", "PLACE", "Kharkiv"), ("emergency services", "ORG", "emergency services")],
     ["9"]),
    ("d:1000000000000003", "2024-03-06", "Harbour Wire", "Air strike on Rafah home",
     "Air strike on Rafah home\n\nAn Israeli air strike on a house in Rafah killed 12 people, "
     "including five children, the Health Ministry in Gaza said on Wednesday. The Israeli army said it "
     "targeted a militant commander.",
     [("Rafah", "PLACE", "Rafah"), ("Health Ministry", "ORG", "Health Ministry"),
      ("The Israeli army", "ORG", "Israeli army"), ("Gaza", "PLACE", "Gaza Strip")],
     ["12", "five"]),
    ("d:1000000000000004", "2024-03-07", "Sahel Monitor", "Protest in Bamako",
     "Protest in Bamako\n\nSeveral hundred traders marched through Bamako on Thursday to protest "
     "against power cuts. Police watched and no one was hurt.",
     [("Bamako", "PLACE", "Bamako"), ("traders", "GROUP", "traders"), ("Police", "ORG", "police")],
     ["Several hundred"]),
    ("d:1000000000000005", "2024-03-08", "Nile Courier", "Fighting near El Fasher",
     "Fighting near El Fasher\n\nClashes between the army and the Rapid Support Forces near El Fasher "
     "killed about 30 fighters on Friday, a local monitoring group said. Dozens were wounded.",
     [("El Fasher", "PLACE", "El Fasher"), ("the army", "ORG", "Sudanese Armed Forces"),
      ("the Rapid Support Forces", "ORG", "Rapid Support Forces")],
     ["about 30", "Dozens"]),
    ("d:1000000000000006", "2024-03-09", "Gulf Ledger", "Ministers meet in Doha",
     "Ministers meet in Doha\n\nThe foreign ministers of Qatar and Egypt met in Doha on Saturday to "
     "discuss a ceasefire proposal, their offices said.",
     [("Doha", "PLACE", "Doha"), ("Qatar", "PLACE", "Qatar"), ("Egypt", "PLACE", "Egypt")],
     []),
    # A hostile report: its text must show as text on the page, never run.
    ("d:1000000000000007", "2024-03-10", "<script>alert(1)</script>", "<img src=x onerror=alert(2)> Attack in Kyiv",
     "<img src=x onerror=\"document.body.dataset.pwned=1\"> Attack in Kyiv\n\nA drone hit a depot in Kyiv "
     "and killed 2 guards <script>document.body.dataset.pwned=2</script> on Sunday, police said.",
     [("Kyiv", "PLACE", "Kyiv")],
     ["2"]),
    ("d:1000000000000008", "2024-03-10", "Delta Daily", "Gaza toll",
     "Gaza toll\n\nThe Health Ministry in Gaza said on Sunday that 31,045 Palestinians had been killed "
     "since October 7.",
     [("Health Ministry", "ORG", "Health Ministry"), ("Gaza", "PLACE", "Gaza Strip"),
      ("Palestinians", "GROUP", "Palestinians")],
     ["31,045"]),
]

# (event id, type, mode, date, place (name, lat, lon, country, admin1, precision), actor, recipient,
#  killed (low, best, high) or None, injured or None, reports [(doc index, evidence phrase)])
EVENTS = [
    ("ev:kharkiv-market", "ASSAULT", "heavy-weapons", "2024-03-03",
     ("Kharkiv", 49.9935, 36.2304, "UKR", "Kharkiv", "town"), ("Russian forces", "RUS"), ("civilians", "UKR"),
     (7, 9, 9), (21, 21, 21),
     [(0, "At least 7 people were killed and 21 injured on Sunday when artillery shells struck a covered market in Kharkiv",
       (7, None, "At least 7"), (21, 21, "21")),
      (1, "The number of people killed in Sunday's shelling of a market in Kharkiv rose to 9", (9, 9, "9"), None)]),
    ("ev:rafah-house", "ASSAULT", "aerial", "2024-03-06",
     ("Rafah", 31.2969, 34.2455, "PSE", "Rafah", "town"), ("Israeli army", "ISR"), ("Palestinians", "PSE"),
     (12, 12, 12), None,
     [(2, "An Israeli air strike on a house in Rafah killed 12 people", (12, 12, "12"), None)]),
    ("ev:bamako-protest", "PROTEST", "demonstrate", "2024-03-07",
     ("Bamako", 12.6392, -8.0029, "MLI", "Bamako", "town"), ("traders", "MLI"), None,
     (0, 0, 0), (0, 0, 0),
     [(3, "Several hundred traders marched through Bamako on Thursday to protest against power cuts", (0, 0, "no one"), (0, 0, "no one"))]),
    ("ev:el-fasher-clash", "ASSAULT", "firearms", "2024-03-08",
     ("El Fasher", 13.6279, 25.3494, "SDN", "North Darfur", "town"), ("Sudanese Armed Forces", "SDN"),
     ("Rapid Support Forces", "SDN"), (30, 30, 30), (24, 24, None),
     [(4, "Clashes between the army and the Rapid Support Forces near El Fasher killed about 30 fighters on Friday",
       (30, 30, "about 30"), (24, None, "Dozens"))]),
    ("ev:doha-meeting", "CONSULT", "visit", "2024-03-09",
     ("Doha", 25.2854, 51.5310, "QAT", "Baladiyat ad Dawhah", "town"), ("Qatar", "QAT"), ("Egypt", "EGY"),
     None, None,
     [(5, "The foreign ministers of Qatar and Egypt met in Doha on Saturday", None, None)]),
    ("ev:kyiv-depot", "ASSAULT", "drone", "2024-03-10",
     ("Kyiv", 50.4501, 30.5234, "UKR", "Kyiv City", "town"), None, None,
     (2, 2, 2), None,
     [(6, "A drone hit a depot in Kyiv and killed 2 guards", (2, 2, "2"), None)]),
]

# Why each report's fields have their values, as `sitrep extract --explain`
# gives them (rule names from the engine's own output on these sentences):
# {event id: [per report {field: [(rule, phrase or None)]}]}. A phrase's span
# is its first occurrence from the report's evidence on.
EXPLAIN = {
    "ev:kharkiv-market": [
        {"type": [("trigger:kill", "killed")], "mode": [("trigger:shells", "artillery")],
         "actor": [("subject-of-trigger", "Russian forces")], "recipient": [("passive-subject", "people")],
         "place": [("place-phrase-after-trigger", "Kharkiv")], "date": [("nearest-time-in-sentence", "Sunday")],
         "killed": [("casualty:killed", "killed"), ("casualty-figure-before-casualty-word", "At least 7")],
         "injured": [("casualty:injured", "injured"), ("casualty-figure-before-casualty-word", "21")],
         "modality": [("no-modality-cue", None)]},
        {"type": [("trigger:shell", "shelling")], "place": [("place-phrase-after-trigger", "Kharkiv")],
         "date": [("nearest-time-in-sentence", "Sunday")], "killed": [("figure-of-the-attack-before", "9")]},
    ],
    "ev:kyiv-depot": [
        {"type": [("trigger:drone", "drone")], "place": [("place-phrase-after-trigger", "Kyiv")],
         "killed": [("casualty:killed", "killed"), ("casualty-figure-after-casualty-word", "2")]},
    ],
}


def explain_of(text, start, fields):
    """The explain object of one report: a rule, or a list when several."""
    b, out = text.encode(), {}
    for field, rules in fields.items():
        items = []
        for rule, phrase in rules:
            if phrase is None:
                items.append({"rule": rule, "text": None, "span": None})
                continue
            at = b.find(phrase.encode(), start)
            if at < 0:
                at = b.find(phrase.encode())
            if at < 0:
                sys.exit(f"make_fixture: {phrase!r} not in the text")
            items.append({"rule": rule, "text": phrase, "span": [at, at + len(phrase.encode())]})
        out[field] = items[0] if len(items) == 1 else items
    return out


def spans_of(text, phrase):
    """Byte spans of every occurrence of phrase in text."""
    b, p = text.encode(), phrase.encode()
    out, i = [], b.find(p)
    while i >= 0:
        out.append((i, i + len(p)))
        i = b.find(p, i + 1)
    if not out:
        sys.exit(f"make_fixture: {phrase!r} not in the text")
    return out


def cas(t):
    return None if t is None else {"low": t[0], "high": t[1], "approx": False, "text": t[2]}


def interval(t):
    return None if t is None else {"low": t[0], "best": t[1], "high": t[2]}


def main():
    docs, events = [], []
    for did, pub, src, title, text, ents, nums in DOCS:
        spans = []
        for k, (phrase, typ, name) in enumerate(ents):
            for s, e in spans_of(text, phrase):
                spans.append({"start": s, "end": e, "kind": "entity", "label": typ, "ref": f"e{k + 1}", "name": name})
        for phrase in nums:
            s, e = spans_of(text, phrase)[0]
            spans.append({"start": s, "end": e, "kind": "number", "label": "NUMBER", "ref": None})
        docs.append({"id": did, "published": pub, "source": src, "title": title, "url": None,
                     "text": text, "spans": spans})
    for eid, typ, mode, date, place, actor, recip, killed, injured, reps in EVENTS:
        report_list, sources = [], []
        for n, (di, phrase, rk, ri) in enumerate(reps):
            d = docs[di]
            s, e = spans_of(d["text"], phrase)[0]
            rid = f"{d['id']}#{1 + sum(sp['kind'] == 'evidence' for sp in d['spans'])}"
            d["spans"].append({"start": s, "end": e, "kind": "evidence", "label": typ, "ref": rid})
            if d["source"] not in sources:
                sources.append(d["source"])
            report_list.append({
                "id": rid, "document": d["id"], "published": d["published"], "source": d["source"],
                "title": d["title"], "url": None, "evidence_text": [phrase],
                "event": {"id": rid, "type": typ, "modality": "asserted",
                          "casualties": {"killed": cas(rk), "injured": cas(ri)},
                          "evidence": [{"start": s, "end": e}]},
                "explain": explain_of(d["text"], s, EXPLAIN[eid][n]) if n < len(EXPLAIN.get(eid, [])) else None})
        name, lat, lon, country, admin1, prec = place
        events.append({
            "id": eid, "type": typ, "mode": mode, "cameo": None, "acled": None,
            "date": {"start": date, "end": date, "precision": "day"},
            "actor": {"name": actor[0], "country": actor[1]} if actor else None,
            "recipient": {"name": recip[0], "country": recip[1]} if recip else None,
            "place": {"name": name, "lat": lat, "lon": lon, "country": country, "admin1": admin1, "precision": prec},
            "killed": interval(killed) or {"low": None, "best": None, "high": None},
            "injured": interval(injured) or {"low": None, "best": None, "high": None},
            "sources": sources, "reports": len(report_list),
            "first_seen": report_list[0]["published"], "last_seen": report_list[-1]["published"],
            "notes": None, "report_list": report_list})
    tallies = [{"metric": "killed", "group": "Palestinians", "place": "Gaza Strip", "country": "PSE",
                "source": "Health Ministry",
                "points": [{"as_of": "2024-03-06", "since": "2023-10-07", "low": 30717, "high": 30717, "document": "d:1000000000000003"},
                           {"as_of": "2024-03-08", "since": "2023-10-07", "low": 30878, "high": 30878, "document": "d:1000000000000003"},
                           {"as_of": "2024-03-10", "since": "2023-10-07", "low": 31045, "high": 31045, "document": "d:1000000000000008"}]}]
    out = {"events": events, "documents": docs, "tallies": tallies}
    with open(os.path.join(HERE, "fixture.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
