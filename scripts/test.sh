#!/usr/bin/env bash
# Set-up command 2: install everything the tests need and run every test.
# Browser tests need Debian's Chromium, the LibreOffice round trip needs soffice
# (libreoffice-calc-nogui) and the print test needs pdftotext (poppler-utils);
# each is installed here when missing (as root, with apt-get), never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh test
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v soffice >/dev/null || missing+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Instaluję (apt-get) programy potrzebne testom: ${missing[*]}…"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
export KOSZYK_CHROMIUM=/usr/bin/chromium
export KOSZYK_SOFFICE="$(command -v soffice)"
exec .venv/bin/python -m pytest "$@"
