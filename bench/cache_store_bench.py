"""What keeping a page in the cache costs over writing it plainly, against a same-run baseline.

    python -m bench.cache_store_bench                       # this tree
    python -m bench.cache_store_bench --baseline 6d65a2f    # and that revision, alternating

An empty-cache build writes each page into the cache and links it into the site
(``render_cache.PageCache.store``), and keeps tens of thousands of per-partner outputs as
pickles (``pickle_store.store``). Each is timed on ``--pages`` new files against the plain
write MkDocs does for a page (``os.makedirs`` of its folder, then ``open(…, "wb")``), in the
same process, in folders made for the run. Reported: wall and CPU seconds (user + system)
and the ratio to the plain write of the same round.

Nothing is deleted until every round is done: on ext4 without a journal (this machine's
disk), a file made within a minute or so of many deletions costs several times more
(``ext4`` skips recently freed inodes), which would charge one method for another's cleanup.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.build_bench import OUT, ROOT
from bench.search_quality import tree_environment, worktree_at

PAGE = ("<p>" + "Usługa w koszyku, opis na całą stronę. " * 250 + "</p>").encode("utf-8")  # about 10 KB


def _timed(work) -> dict:
    times, start = os.times(), time.perf_counter()
    work()
    after = os.times()
    return {"seconds": round(time.perf_counter() - start, 2),
            "cpu_seconds": round(after.user - times.user + after.system - times.system, 2)}


def measure(folder: Path, pages: int) -> dict:
    """The three ways of writing ``pages`` files under ``folder``, with the code importable now."""
    from koszyk import pickle_store
    from koszyk.render_cache import PageCache

    def plain() -> None:
        for number in range(pages):
            target = folder / "zwykle" / "uslugi" / f"s{number}"
            os.makedirs(target)
            with open(target / "index.html", "wb") as stream:
                stream.write(PAGE)

    def cached() -> None:
        cache = PageCache(folder / "pamiec")
        for number in range(pages):
            assert cache.store(f"strona-{number}", PAGE, str(folder / "strona" / "uslugi" / f"s{number}" / "index.html"))

    def pickled() -> None:
        for number in range(pages):
            pickle_store.store(pickle_store.entry_path(folder / "pickle", f"wynik-{number}"), [PAGE[:2000], number])

    return {"zwykły zapis": _timed(plain), "pamięć stron": _timed(cached), "pickle": _timed(pickled)}


def run_in(tree: Path, folder: Path, pages: int) -> dict:
    """``measure`` in a subprocess importing ``tree``'s ``koszyk``."""
    code = (f"import json; from bench.cache_store_bench import measure; from pathlib import Path; "
            f"print(json.dumps(measure(Path({str(folder)!r}), {pages})))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=tree_environment(tree),
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--baseline", metavar="REV", help="also measure the git revision REV, alternating")
    args = parser.parse_args()
    work = OUT / "cache-store"
    shutil.rmtree(work, ignore_errors=True)
    rows = []
    with contextlib.ExitStack() as stack:
        trees = [("ta wersja", ROOT)]
        if args.baseline:
            trees.insert(0, (args.baseline, stack.enter_context(worktree_at(args.baseline))))
        try:
            for round_number in range(args.rounds):
                for version, tree in trees:
                    folder = work / f"{round_number}-{len(rows)}"
                    folder.mkdir(parents=True)
                    found = run_in(tree, folder, args.pages)
                    base = found["zwykły zapis"]
                    for method, figures in found.items():
                        row = {"wersja": version, "runda": round_number + 1, "sposób": method, **figures,
                               "wobec zwykłego": round(figures["cpu_seconds"] / max(base["cpu_seconds"], 0.01), 2)}
                        rows.append(row)
                        print(json.dumps(row, ensure_ascii=False), flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\n{args.pages} plików, cores: {os.cpu_count()}, load {os.getloadavg()[0]:.1f}")
    print(f"{'wersja':>10} {'runda':>5} {'sposób':>14} {'sekundy':>8} {'CPU s':>7} {'CPU/zwykły':>10}")
    for row in rows:
        print(f"{row['wersja']:>10} {row['runda']:>5} {row['sposób']:>14} {row['seconds']:>8} "
              f"{row['cpu_seconds']:>7} {row['wobec zwykłego']:>10}")


if __name__ == "__main__":
    main()
