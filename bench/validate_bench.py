"""Time of `koszyk validate` on a synthetic basket, against a plain YAML parse of the same files.

    python -m bench.validate_bench [--services 30000]

The baseline is PyYAML's C loader reading every card with no checks, in one
process, in the same run: the ratio is what safety and line numbers cost.

It also times the near-twin partner-name check (``koszyk.name_twins``) on the
basket's partner names with their numbers taken out (the hard case: numbers no
longer tell names apart) and one typo twin per hundred names, against the same
plain load, and checks its answer against comparing every pair on a sample.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import yaml

from bench.synthetic import generate
from koszyk.name_twins import first_twins, first_twins_by_full_comparison

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=30000)
    args = parser.parse_args()
    basket = generate(args.services, ROOT / "bench" / "out" / f"basket-{args.services}")
    started, names = time.perf_counter(), []
    for card in sorted((basket / "partnerzy").glob("*.yml")):
        names.append(yaml.load(card.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["partner"]["nazwa"])
    plain = time.perf_counter() - started
    _bench_near_twins(names, plain)
    started, cpu_before = time.perf_counter(), _children_cpu()
    subprocess.run([sys.executable, "-m", "koszyk.cli", "validate", str(basket), "--today", "2026-11-23"],
                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    validate, cpu = time.perf_counter() - started, _children_cpu() - cpu_before
    print(f"{args.services} usług: plain YAML load {plain:.1f} s (1 process), "
          f"koszyk validate {validate:.1f} s (all cores) = {validate / plain:.2f}× plain load; "
          f"validate CPU {cpu:.1f} s (all processes; steadier than wall time on a shared machine)")


def _bench_near_twins(names: list[str], plain: float) -> None:
    rng = random.Random(18)
    names = [re.sub(r"\d+ ", "", name) for name in names]
    for index in range(0, len(names), 100):
        twin = list(names[index])
        twin[rng.randrange(len(twin))] = "x"
        names.append("".join(twin))
    started = time.perf_counter()
    twins = first_twins(names)
    blocked = time.perf_counter() - started
    sample = names[:600]
    started = time.perf_counter()
    agrees = first_twins(sample) == first_twins_by_full_comparison(sample)
    full_sample = time.perf_counter() - started
    print(f"near-twin names: {len(names)} names (numbers removed, {len(names) // 100} typo twins added) in "
          f"{blocked:.2f} s = {blocked / plain:.2f}× plain load, {len(twins)} names with a twin; "
          f"every-pair comparison of the first 600 names {full_sample:.1f} s "
          f"(≈{full_sample * (len(names) / 600) ** 2:.0f} s for all, extrapolated), same answer: {agrees}")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
