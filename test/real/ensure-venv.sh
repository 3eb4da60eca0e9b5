#!/usr/bin/env bash
# Creates (once) the virtualenv for Airflow 3 or 2 outside the repo, keyed by a hash of its pinned
# requirements and constraints, and prints its path. A second run with the same pins reuses it.
# requirements-airflowN.txt holds the top-level pins; constraints-airflowN.txt the full resolved set
# (the public Airflow constraints files are not reachable from CI, so we record our own). After
# changing a top-level pin, refresh the constraints with: DAGDECK_REAL_RELOCK=1 ensure-venv.sh N
set -euo pipefail
flavour=$1
here=$(cd "$(dirname "$0")" && pwd)
req="$here/requirements-airflow$flavour.txt"
constraints="$here/constraints-airflow$flavour.txt"
hash=$(cat "$req" "$constraints" | sha256sum | cut -c1-12)
root=${DAGDECK_REAL_CACHE:-$HOME/.cache/dagdeck-real}
venv="$root/af$flavour-$hash"
if [ ! -x "$venv/bin/airflow" ] || [ -n "${DAGDECK_REAL_RELOCK:-}" ]; then
  # Airflow 3 needs Python >= 3.10 and Airflow 2.10 < 3.13; the constraints were resolved on 3.11.
  if ! python3 -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] <= (3, 12)))' 2>/dev/null; then
    echo "test:real needs python3 3.10 to 3.12 (found $(python3 -V 2>&1)); install one and put it first on PATH" >&2
    exit 1
  fi
  mkdir -p "$root"
  command -v uv >/dev/null 2>&1 || python3 -m pip install -q uv >&2
  rm -rf "$venv.partial"
  uv venv -q -p python3 "$venv.partial" >&2
  if [ -n "${DAGDECK_REAL_RELOCK:-}" ]; then
    VIRTUAL_ENV="$venv.partial" uv pip install -q -r "$req" >&2
    VIRTUAL_ENV="$venv.partial" uv pip freeze >"$constraints"
  else
    VIRTUAL_ENV="$venv.partial" uv pip install -q -r "$req" -c "$constraints" >&2
  fi
  rm -rf "$venv"
  mv "$venv.partial" "$venv"
  # venv scripts hard-code their interpreter path: rewrite after the move.
  grep -rl "$venv.partial" "$venv/bin" | xargs sed -i "s#$venv.partial#$venv#g"
fi
echo "$venv"
