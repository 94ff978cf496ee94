"""Time of `koszyk report` (JSON and XLSX) on a synthetic basket, against `koszyk validate` in the same run.

    python -m bench.report_bench [--services 30000]

Validation is the baseline: the report reads and checks the same files first,
so the ratio shows what the analysis itself adds.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from bench.synthetic import generate

ROOT = Path(__file__).resolve().parent.parent


def timed(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "koszyk.cli", *args], cwd=ROOT, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=30000)
    args = parser.parse_args()
    basket = generate(args.services, ROOT / "bench" / "out" / f"basket-{args.services}")
    validate = timed("validate", str(basket), "--today", "2026-11-23")
    report = timed("report", "--basket", str(basket), "--format", "json", "-o", "bench/out/report.json", "--today", "2026-11-23")
    xlsx = timed("report", "--basket", str(basket), "--format", "xlsx", "-o", "bench/out/report.xlsx", "--today", "2026-11-23")
    print(f"{args.services} usług: validate {validate:.1f} s, report json {report:.1f} s "
          f"({report / validate:.2f}× validate), report xlsx {xlsx:.1f} s")


if __name__ == "__main__":
    main()
