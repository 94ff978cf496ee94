"""Time from saving a card to seeing the change under `koszyk serve` (sample basket).

    python -m bench.serve_reload [--rounds 5]

Serves a copy of the sample basket on 127.0.0.1, edits one service name per
round, and polls the service page until the new name is served.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDRESS = "127.0.0.1:8123"
URL = f"http://{ADDRESS}/uslugi/terapia-logopedyczna/"


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(text: str, limit: float = 60.0) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if text in fetch(URL):
            return time.perf_counter() - started
        time.sleep(0.05)
    raise SystemExit(f"„{text}” did not appear within {limit} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    basket = Path(tempfile.mkdtemp()) / "przykladowo"
    shutil.copytree(ROOT / "baskets" / "przykladowo", basket)
    card = basket / "partnerzy" / "poradnia-pp.yml"
    original = card.read_text(encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "koszyk.cli", "serve", "--variant", "public", "--basket", str(basket), "-a", ADDRESS],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        print(f"first build served after {wait_for('Terapia logopedyczna'):.1f} s")
        timings = []
        for round_number in range(1, args.rounds + 1):
            name = f"Terapia logopedyczna wersja {round_number}"
            time.sleep(1.0)
            card.write_text(original.replace("nazwa: Terapia logopedyczna", f"nazwa: {name}"), encoding="utf-8")
            timings.append(wait_for(name))
            print(f"round {round_number}: {timings[-1]:.2f} s")
        print(f"edit → visible: median {statistics.median(timings):.2f} s, max {max(timings):.2f} s")
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(basket.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
