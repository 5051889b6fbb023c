#!/usr/bin/env bash
# Makes `import sitrep` work for Debian's /usr/bin/python3 (the interpreter the
# binding is built for; a pyenv python first on PATH is a different one): puts
# a sitrep.pth naming this tree's build/python into /usr/local/lib/python3.X/
# dist-packages. Run after the build (scripts/build.sh); idempotent. Without
# root it prints the PYTHONPATH to use instead.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${SITREP_PYTHON:-/usr/bin/python3}
dir="$(pwd)/build/python"
ls "$dir"/sitrep/_native*.so >/dev/null 2>&1 || { echo "install-python: build the binding first (scripts/build.sh)" >&2; exit 1; }
site=$("$py" -c 'import sys; print(f"/usr/local/lib/python{sys.version_info[0]}.{sys.version_info[1]}/dist-packages")')
if mkdir -p "$site" 2>/dev/null && echo "$dir" >"$site/sitrep.pth" 2>/dev/null; then
  "$py" -c "import sitrep" && echo "install-python: $py -c 'import sitrep' uses $dir ($site/sitrep.pth)"
else
  echo "install-python: cannot write $site; use PYTHONPATH=$dir $py" >&2
fi
