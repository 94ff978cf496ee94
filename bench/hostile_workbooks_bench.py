"""Time and peak memory of `koszyk import-xlsx` on the workbooks of issue 16 that hit the old reader hardest.

    python -m bench.hostile_workbooks_bench [--code DIR] [--limit-gb 6] [--timeout 60]

``--code DIR`` runs the package found in DIR (``generator/koszyk``, or ``generator`` in older checkouts) (e.g. an older commit
unpacked with ``git archive``), so one run measures before and the next after.
Each import runs in its own process with an address-space limit, so the old
reader's giant allocations fail instead of swapping the machine; the baseline
in the same run is the import of the valid filled template.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.corpus.workbooks.make_corpus import REPRODUCERS, _shared_string_bomb
from tests.fuzz_workbooks_support import filled_card, small_basket

ROOT = Path(__file__).resolve().parent.parent
CASES = ("far-value-XFD1048576", "blank-styled-DP1048576", "blank-styled-AX1048576", "empty-styled-XFD1048576")


def run(workbook: Path, basket: Path, code: Path | None, limit_gb: float, timeout: float) -> tuple[str, float, float]:
    """(outcome, wall seconds, peak resident MiB) of one import in a fresh process."""
    # a checkout from before the package was named koszyk holds it as generator/, run as generator.cli
    old_layout = code is not None and not (code / "generator" / "koszyk").is_dir()
    module = "generator.cli" if old_layout else "koszyk.cli"
    env = dict(os.environ, PYTHONPATH=str(code if old_layout else code / "generator") if code else "")
    limit = int(limit_gb * 1024 ** 3)

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", module, "import-xlsx", str(workbook), "--basket",
                                str(basket), "--today", "2026-11-23"], cwd=code or ROOT, env=env, preexec_fn=limited,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    timer = threading.Timer(timeout, process.kill)
    timer.start()
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)  # this process's own peak, not the largest child so far
    timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode == -9 and seconds >= timeout:
        outcome = f"killed after {timeout:.0f} s"
    else:
        outcome = f"exit {process.returncode}" + (", traceback" if b"Traceback" in stderr else "")
    return outcome, seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, help="folder holding the generator package to measure")
    parser.add_argument("--limit-gb", type=float, default=6.0)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    by_name = {reproducer.name: reproducer for reproducer in REPRODUCERS}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        workbooks = [("valid filled template (baseline)", filled_card(root / "valid.xlsx"))]
        workbooks += [(name, by_name[name].build(root / f"{name}.xlsx")) for name in CASES]
        workbooks.append(("shared strings 4 MB -> 560 MB", _shared_string_bomb(560)(root / "bomb.xlsx")))
        print(f"code: {args.code or 'this worktree'}; limit {args.limit_gb} GB, timeout {args.timeout:.0f} s")
        for number, (name, workbook) in enumerate(workbooks):
            basket = small_basket(root / f"basket-{number}")
            outcome, seconds, peak = run(workbook, basket, args.code, args.limit_gb, args.timeout)
            size = workbook.stat().st_size / 1024 ** 2
            print(f"  {name:36} {size:6.1f} MB file  {seconds:6.1f} s  peak {peak:7.0f} MiB  {outcome}")


if __name__ == "__main__":
    main()
