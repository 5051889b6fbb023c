# Sourced by scripts/test-web.sh and scripts/bench-web.sh (needs $BIN and $tmp).
# serve_fixture NAME DB FIXTURE SECONDS: starts `sitrep serve` over a fixture on
# a free loopback port, sets $url, and stops the server (and removes $tmp) on
# exit; exits with the server's log when it does not come up in time.
serve_fixture() {
  local name=$1 db=$2 fixture=$3 seconds=$4 log=$tmp/serve.log
  "$BIN" serve --db "$db" --load-fixture "$fixture" --host 127.0.0.1 --port 0 2>"$log" &
  server_pid=$!
  trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
  url=""
  for _ in $(seq $((seconds * 10))); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" || true)
    [ -n "$url" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  echo "$name: the server did not start" >&2
  cat "$log" >&2
  exit 1
}
