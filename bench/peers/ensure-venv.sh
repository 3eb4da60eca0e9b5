#!/usr/bin/env bash
# Creates (once) the virtualenv of the peers bench:peers compares dagdeck with (the official
# Databricks SDK, the official Airflow Python client, airflowctl), outside the repo, keyed by a
# hash of the pinned requirements, and prints its path. A second run with the same pins reuses it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
req="$here/requirements.txt"
hash=$(sha256sum "$req" | cut -c1-12)
root=${DAGDECK_PEERS_CACHE:-$HOME/.cache/dagdeck-peers}
venv="$root/peers-$hash"
if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.complete" ]; then
  if ! python3 -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] <= (3, 13)))' 2>/dev/null; then
    echo "bench:peers needs python3 3.10 to 3.13 (found $(python3 -V 2>&1))" >&2
    exit 1
  fi
  mkdir -p "$root"
  command -v uv >/dev/null 2>&1 || python3 -m pip install -q uv >&2
  rm -rf "$venv"
  uv venv -q -p python3 "$venv" >&2
  VIRTUAL_ENV="$venv" uv pip install -q -r "$req" >&2
  touch "$venv/.complete"
fi
echo "$venv"
