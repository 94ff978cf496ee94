"""Full and incremental builds at scale, against a same-run baseline.

    python -m bench.scale_bench                      # 30,000 services in one basket, then a voivodeship
    python -m bench.scale_bench --services 3000 --gminas 15   # quick
    python -m bench.scale_bench --gminas 0 --unchanged --baseline main   # this tree against main

Each row is one ``koszyk build`` of both variants (two processes side by side):

- ``bez pamięci``: the page cache off (``KOSZYK_CACHE_DIR=""``), every page rendered: the baseline;
- ``pusta pamięć``: a first build with an empty cache (renders everything and fills it);
- ``jedna karta``: the same build after one card changed (one service's description),
  reusing the cache: the incremental rebuild;
- ``bez zmian``: once more with nothing changed (``--unchanged``).

The same four on the voivodeship of ``bench.synthetic.generate_voivodeship``
(150 gmina baskets × 200 services in one ``zestawienie.yml``), the single basket
being its same-run baseline.

With ``--baseline REV`` (e.g. ``main``), each build is made with REV's code too, right
before this tree's, on its own copy of the basket and its own cache: the ratios compare
two trees under the same load (``this / REV``).

Each full build goes into new folders; the last run's are removed first, and the bench
waits a minute after (``_clear``). Reported: wall seconds, CPU seconds (user + system of
the whole process tree: it moves much less than wall time when other work shares the machine), peak
resident memory of the tree (both variants together) and per variant, the load
average before each build, and what takes the space in the public site
(``bench.site_size``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import time
from pathlib import Path

import yaml

from bench.build_bench import OUT, ROOT, measure
from bench.search_quality import tree_environment, worktree_at
from bench.site_size import format_sizes, site_sizes
from bench.synthetic import generate, generate_voivodeship


def build(basket: Path, site: Path, cache: Path | None, tree: Path = ROOT) -> dict:
    """One ``koszyk build`` of both variants with ``tree``'s code and ``mkdocs.yml``."""
    load = os.getloadavg()[0]
    env = {"KOSZYK_CACHE_DIR": str(cache) if cache else ""}
    if tree != ROOT:
        env = tree_environment(tree) | env
    seconds, cpu, mib = measure([sys.executable, "-m", "koszyk.cli", "build", "--basket", str(basket),
                                 "--site-dir", str(site), "--today", "2026-11-23", "-f", str(tree / "mkdocs.yml")],
                                env, cwd=tree)
    return {"seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1), "peak_mib": round(mib), "load": round(load, 1)}


def change_one_card(basket: Path) -> None:
    """A new description for a service in the middle card (of the middle gmina, for a collection)."""
    cards = sorted(basket.glob("partnerzy/*.yml")) or sorted(basket.parent.glob("gmina-*/partnerzy/*.yml"))
    card_path = cards[len(cards) // 2]
    card = yaml.safe_load(card_path.read_text(encoding="utf-8"))
    card["uslugi"][0]["opis"] = "Opis zmieniony w jednej karcie, by zmierzyć budowanie przyrostowe."
    card_path.write_text(yaml.safe_dump(card, allow_unicode=True, sort_keys=False), encoding="utf-8")


def run(basket: Path, label: str, unchanged: bool, baseline: tuple[str, Path] | None = None) -> list[dict]:
    """The builds of the module docstring on one basket (or collection) folder; with ``baseline``
    (revision, worktree), each made with the baseline's code first, on a copy of the folder."""
    trees = [("ta wersja", ROOT, basket)]
    if baseline is not None:
        copy = basket.with_name(f"{basket.name}-baza")
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(basket, copy)
        trees.insert(0, (baseline[0], baseline[1], copy))
    _clear([path for _version, _tree, folder in trees for path in _outputs(folder)])
    rows = []
    builds = [("bez pamięci", False, False), ("pusta pamięć", True, False), ("jedna karta", True, True)]
    for name, use_cache, change in builds + ([("bez zmian", True, False)] if unchanged else []):
        for version, tree, folder in trees:
            no_cache_site, site, cache = _outputs(folder)
            if change:
                change_one_card(folder)
            row = {"koszyk": label, "wersja": version, "budowanie": name,
                   **build(folder, site if use_cache else no_cache_site, cache if use_cache else None, tree)}
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
            if name == "bez pamięci" and tree == ROOT:
                print(format_sizes(site_sizes(no_cache_site / "public")), flush=True)
                print("intranet:", format_sizes(site_sizes(no_cache_site / "intranet")).splitlines()[-1], flush=True)
    return rows


def _outputs(folder: Path) -> tuple[Path, Path, Path]:
    """The site built without a cache, and the site and cache of the builds with one: each full
    build goes into new folders, as in CI after a fresh clone."""
    return (OUT / f"scale-site-{folder.name}-bez-pamieci", OUT / f"scale-site-{folder.name}",
            OUT / f"scale-cache-{folder.name}")


def _clear(folders: list[Path]) -> None:
    """Remove the last run's sites and caches, then wait a minute: on ext4 without a journal (this
    machine's disk) a new file skips inodes freed within about the last minute, and making 30,000
    files right after deleting 100,000 took 10.0 s instead of 1.3 s. Without the wait, the first
    builds were charged for deleting the last run's 200,000 files (81-85 s against 50-54 s)."""
    removed = False
    for folder in folders:
        if folder.exists():
            shutil.rmtree(folder)
            removed = True
    if removed:
        os.sync()
        time.sleep(65)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=30000)
    parser.add_argument("--gminas", type=int, default=150, help="0: no voivodeship")
    parser.add_argument("--unchanged", action="store_true", help="also a rebuild with nothing changed")
    parser.add_argument("--baseline", metavar="REV", help="also build with the git revision REV (e.g. main)")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        baseline = (args.baseline, stack.enter_context(worktree_at(args.baseline))) if args.baseline else None
        rows = run(generate(args.services, OUT / f"basket-{args.services}"), f"{args.services} usług",
                   args.unchanged, baseline)
        if args.gminas:
            collection = generate_voivodeship(OUT / f"woj-{args.gminas}", args.gminas)
            rows += run(collection, f"{args.gminas} gmin × 200", args.unchanged, baseline)
    print(f"\ncores: {os.cpu_count()}, python {sys.version.split()[0]}")
    print(f"{'koszyk':>16} {'wersja':>10} {'budowanie':>14} {'sekundy':>8} {'CPU s':>8} {'MiB':>6} {'load':>5}"
          f" {'CPU/baza':>9} {'s/wersja bazowa':>16}")
    for row in rows:
        first = next(other for other in rows if other["koszyk"] == row["koszyk"] and other["wersja"] == row["wersja"])
        same = [other for other in rows if other["koszyk"] == row["koszyk"] and other["budowanie"] == row["budowanie"]]
        against = f"{row['seconds'] / same[0]['seconds']:.2f}" if len(same) > 1 and same[0] is not row else ""
        print(f"{row['koszyk']:>16} {row['wersja']:>10} {row['budowanie']:>14} {row['seconds']:>8} {row['cpu_seconds']:>8}"
              f" {row['peak_mib']:>6} {row['load']:>5} {row['cpu_seconds'] / first['cpu_seconds']:>9.2f} {against:>16}")


if __name__ == "__main__":
    main()
