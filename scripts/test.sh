#!/usr/bin/env bash
# Set-up command 2: install everything the tests need and run every test.
# Browser tests need Debian's Chromium and the LibreOffice round trip needs
# soffice (libreoffice-calc-nogui); both are installed here when missing
# (as root, with apt-get), never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh test
if [ ! -x /usr/bin/chromium ]; then
  echo "Instaluję Chromium (apt-get) do testów w przeglądarce…"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if ! command -v soffice >/dev/null; then
  echo "Instaluję LibreOffice Calc (apt-get) do testu zgodności arkuszy…"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libreoffice-calc-nogui >/dev/null
fi
export KOSZYK_CHROMIUM=/usr/bin/chromium
export KOSZYK_SOFFICE="$(command -v soffice)"
exec .venv/bin/python -m pytest "$@"
