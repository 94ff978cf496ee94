"""Build time and peak memory of `koszyk build` (both variants) on synthetic baskets.

    python -m bench.build_bench                 # 1k, 10k, 30k + naive nav at 500 and 1k
    python -m bench.build_bench --sizes 1000    # quick

CPU seconds (user + system of the build and every process it waited for) are
reported too: on a shared machine under load they move much less than wall time.
Peak memory is the largest sum of resident memory of the whole process tree
(both variant builds run at once), sampled every 0.1 s from /proc.
The naive baseline puts every service and partner page in the MkDocs nav.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def _descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                children = Path(f"/proc/{current}/task/{task}/children").read_text().split()
                queue.extend(int(child) for child in children)
        except OSError:
            pass
    return found


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(command: list[str], env: dict | None = None, cwd: Path = ROOT) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MiB of ``command`` and all its children."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(_rss_kib(pid) for pid in _descendants(process.pid)))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors[-2000:]}")
    return time.perf_counter() - started, _children_cpu() - cpu_before, peak / 1024


def koszyk_build(basket: Path, site: Path, config: Path = ROOT / "mkdocs.yml") -> tuple[float, float, float]:
    """Both variants into a fresh ``site`` folder, as CI builds them."""
    shutil.rmtree(site, ignore_errors=True)
    return measure([sys.executable, "-m", "koszyk.cli", "build", "--basket", str(basket),
                    "--site-dir", str(site), "-f", str(config), "--today", "2026-11-23"])


def naive_config() -> Path:
    config = ROOT / ".mkdocs-naive.yml"  # beside mkdocs.yml, so relative paths mean the same
    config.write_text("INHERIT: mkdocs.yml\nhooks:\n  - bench/naive_nav_hook.py\n", encoding="utf-8")
    return config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 30000])
    parser.add_argument("--naive-sizes", type=int, nargs="*", default=[500, 1000])
    args = parser.parse_args()
    rows = []
    for size in sorted(set(args.sizes) | set(args.naive_sizes)):
        basket = generate(size, OUT / f"basket-{size}")
        if size in args.sizes:
            seconds, cpu, mib = koszyk_build(basket, OUT / f"site-{size}")
            rows.append({"services": size, "mode": "koszyk", "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
                         "peak_mib": round(mib)})
            print(json.dumps(rows[-1]), flush=True)
        if size in args.naive_sizes:
            seconds, cpu, mib = koszyk_build(basket, OUT / f"site-naive-{size}", naive_config())
            rows.append({"services": size, "mode": "naive-nav", "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
                         "peak_mib": round(mib)})
            print(json.dumps(rows[-1]), flush=True)
    print(f"\ncores: {os.cpu_count()}, python {sys.version.split()[0]}")
    print(f"{'usługi':>8} {'tryb':>10} {'sekundy':>8} {'CPU s':>8} {'MiB':>6}")
    for row in rows:
        print(f"{row['services']:>8} {row['mode']:>10} {row['seconds']:>8} {row['cpu_seconds']:>8} {row['peak_mib']:>6}")


if __name__ == "__main__":
    main()
