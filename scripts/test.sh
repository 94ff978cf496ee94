#!/usr/bin/env bash
# Set-up command 2: install everything the tests need and run every test.
# Browser tests need Debian's Chromium, and the print test needs pdftotext
# (poppler-utils); both are installed here when missing (as root, with apt-get),
# never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh test
if [ ! -x /usr/bin/chromium ]; then
  echo "Instaluję Chromium (apt-get) do testów w przeglądarce…"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if [ ! -x /usr/bin/pdftotext ]; then
  echo "Instaluję poppler-utils (apt-get) do sprawdzania wydruku PDF…"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq poppler-utils >/dev/null
fi
export KOSZYK_CHROMIUM=/usr/bin/chromium
exec .venv/bin/python -m pytest "$@"
