#!/usr/bin/env bash
# Set-up command 1: build both site variants, then serve a live preview that
# rebuilds on every card change (http://127.0.0.1:8000/, intranet variant).
#   bash scripts/serve.sh                 # intranet preview
#   bash scripts/serve.sh --variant public
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
.venv/bin/koszyk validate
.venv/bin/koszyk build
exec .venv/bin/koszyk serve "$@"
