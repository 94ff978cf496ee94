"""Time of `koszyk validate` on a synthetic basket, against a plain YAML parse of the same files.

    python -m bench.validate_bench [--services 30000]

The baseline is PyYAML's C loader reading every card with no checks, in one
process, in the same run: the ratio is what safety and line numbers cost.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

import yaml

from bench.synthetic import generate

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=30000)
    args = parser.parse_args()
    basket = generate(args.services, ROOT / "bench" / "out" / f"basket-{args.services}")
    started = time.perf_counter()
    for card in sorted((basket / "partnerzy").glob("*.yml")):
        yaml.load(card.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    plain = time.perf_counter() - started
    started, cpu_before = time.perf_counter(), _children_cpu()
    subprocess.run([sys.executable, "-m", "koszyk.cli", "validate", str(basket), "--today", "2026-11-23"],
                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    validate, cpu = time.perf_counter() - started, _children_cpu() - cpu_before
    print(f"{args.services} usług: plain YAML load {plain:.1f} s (1 process), "
          f"koszyk validate {validate:.1f} s (all cores) = {validate / plain:.2f}× plain load; "
          f"validate CPU {cpu:.1f} s (all processes; steadier than wall time on a shared machine)")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
