#!/usr/bin/env bash
# Load test for `sitrep serve` on loopback: builds a throwaway SQLite store of
# N synthetic events (default 5000; invented text, random places and dates),
# serves it, and runs wrk (two threads, bounded duration) on
# /api/events?limit=50. Prints wrk's summary with the latency distribution.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5000}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-16}
BIN=${SITREP_BIN:-build/sitrep}
command -v wrk >/dev/null || { echo "bench-web: wrk not installed (scripts/setup.sh)" >&2; exit 1; }
tmp=$(mktemp -d)
python3 - "$N" > "$tmp/fixture.json" <<'PY'
import json, random, sys
n = int(sys.argv[1]); rnd = random.Random(7)
types = ["ASSAULT", "PROTEST", "CONSULT", "COERCE", "MOBILIZE"]
docs, events = [], []
for i in range(n):
    did = "d:%016x" % (i + 1)
    day = "2024-%02d-%02d" % (1 + i % 12, 1 + i % 28)
    text = "Report %d\n\nSomething happened in Town %d on this day; %d people were hurt." % (i, i, i % 40)
    docs.append({"id": did, "published": day, "source": "Source %d" % (i % 30), "title": "Report %d" % i,
                 "url": None, "text": text, "spans": []})
    s = text.index("Something"); e = len(text.encode())
    lat, lon = rnd.uniform(-50, 60), rnd.uniform(-120, 140)
    events.append({"id": "x%d" % i, "type": types[i % 5], "mode": None,
                   "date": {"start": day, "end": day, "precision": "day"},
                   "actor": {"name": "Group %d" % (i % 50), "country": None}, "recipient": None,
                   "place": {"name": "Town %d" % i, "lat": lat, "lon": lon, "country": "XXX", "admin1": None, "precision": "town"},
                   "report_list": [{"id": did + "#1", "document": did,
                                    "event": {"casualties": {"killed": {"low": i % 7, "high": i % 7, "text": "x"}, "injured": None},
                                              "evidence": [{"start": s, "end": e}]}}]})
print(json.dumps({"documents": docs, "events": events, "tallies": []}))
PY
. scripts/lib/serve-fixture.sh
serve_fixture bench-web "$tmp/bench.db" "$tmp/fixture.json" 60
curl -fsS "$url/api/stats"; echo
echo "wrk -t2 -c$CONNS -d$DURATION --latency '$url/api/events?limit=50'"
wrk -t2 -c"$CONNS" -d"$DURATION" --latency "$url/api/events?limit=50"
