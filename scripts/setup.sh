#!/usr/bin/env bash
# Installs everything sitrep needs on Debian 12 (as root): compilers and
# libraries from Debian, pinned data and web packages from npm (package.json +
# package-lock.json). Idempotent and quiet when there is nothing to do.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  nlohmann-json3-dev libsimdjson-dev libsqlite3-dev sqlite3 zlib1g-dev libutf8proc-dev libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libpqxx-dev libpq-dev postgresql
  libcpp-httplib-dev
  iso-codes libtimezonemap-data
  clang libclang-rt-14-dev clang-format
  python3 python3-pybind11 python3-dev python3-pytest python3-pandas python3-dask python3-distributed
  chromium wrk
)
# Node.js and npm: Debian's, unless a node with npm is already on the machine.
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(nodejs npm)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages (GeoNames data, basemap, page libraries, browser-test driver),
# pinned by package-lock.json. Re-installed only when the lock file changes.
if command -v npm >/dev/null 2>&1; then
  stamp=node_modules/.sitrep-lock
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    echo "setup: npm ci"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    cp package-lock.json "$stamp"
  fi
else
  echo "setup: npm not found; the lexicon falls back to Debian's cities15000" >&2
fi
