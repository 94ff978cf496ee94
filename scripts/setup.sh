#!/usr/bin/env bash
# Creates .venv (Python 3.11+) and installs koszyk with pinned dependencies.
# Re-installs only when pyproject.toml or requirements.lock changed.
# Usage: source scripts/setup.sh [test]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-python3}
extras=${1:-}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "koszyk potrzebuje Pythona 3.11 lub nowszego")'
  "$PYTHON" -m venv .venv
fi
# before the package moved to generator/koszyk/, setuptools left its metadata at the top;
# pytest puts the top folder on sys.path, so that stale copy would shadow the real one
rm -rf koszyk.egg-info
stamp=".venv/.koszyk-installed-${extras:-base}"
wanted=$(cat pyproject.toml requirements.lock | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  target="."
  [ -n "$extras" ] && target=".[$extras]"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e "$target"
  echo "$wanted" > "$stamp"
fi
export NO_MKDOCS_2_WARNING=1
