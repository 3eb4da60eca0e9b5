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
