"""Export and import of a synthetic basket as a workbook: time and peak memory.

    python -m bench.excel_bench [--services 30000]

The baseline in the same run is `koszyk validate` of the same basket (every
import and export reads and checks the cards first).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from bench.build_bench import measure
from bench.synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def koszyk(*args: str) -> tuple[float, float]:
    """Wall seconds and peak MiB (``measure`` also gives CPU seconds, not reported here)."""
    seconds, _cpu, mib = measure([sys.executable, "-m", "koszyk.cli", *args, "--today", "2026-11-23"])
    return seconds, mib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=30000)
    args = parser.parse_args()
    basket = generate(args.services, OUT / f"basket-{args.services}")
    workbook = OUT / f"koszyk-{args.services}.xlsx"
    target = OUT / f"import-{args.services}"
    shutil.rmtree(target, ignore_errors=True)
    (target / "partnerzy").mkdir(parents=True)
    rows = [
        ("validate (baseline)", *koszyk("validate", str(basket))),
        ("export-xlsx intranet", *koszyk("export-xlsx", "--basket", str(basket), "--variant", "intranet", "-o", str(workbook))),
        ("import-xlsx into an empty basket", *koszyk("import-xlsx", str(workbook), "--basket", str(target))),
        ("import-xlsx again (no changes)", *koszyk("import-xlsx", str(workbook), "--basket", str(target))),
    ]
    baseline = rows[0][1]
    print(f"{args.services} usług")
    for name, seconds, mib in rows:
        print(f"  {name:34} {seconds:6.1f} s  {seconds / baseline:4.2f}× validate  {mib:6.0f} MiB")


if __name__ == "__main__":
    main()
