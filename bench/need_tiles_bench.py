"""Need tile counts at scale: counted from the search index (this tree) against a rescan of
every service per tile (a git revision's ``pages/needs.py``, e.g. main), same run, same basket.

    python -m bench.need_tiles_bench --baseline main             # 30,000 services
    python -m bench.need_tiles_bench --baseline main --size 2000

Times only what differs: the baseline's ``count_matches`` over the public basket, and this
tree's ``_Collector.tile_counts`` (the collector and the forms table are made by the index
build anyway, so they are timed apart and not added).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import subprocess
import sys
import time
from pathlib import Path

from bench.synthetic import generate
from koszyk.search import search_records
from koszyk.search.concepts import build_concepts
from koszyk.search.indexing import _Collector
from koszyk.search.thesaurus import load_thesaurus
from koszyk.taxonomy import load_taxonomy
from koszyk.validation import read_basket
from koszyk.variants import basket_for

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def baseline_module(revision: str):
    """``koszyk.pages.needs`` as it is at ``revision``, loaded beside this tree's package."""
    source = subprocess.run(["git", "show", f"{revision}:generator/koszyk/pages/needs.py"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    spec = importlib.util.spec_from_loader("koszyk.pages._needs_baseline", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "koszyk.pages"
    sys.modules[spec.name] = module  # dataclasses look their module up
    exec(compile(source, f"{revision}:needs.py", "exec"), module.__dict__)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=30_000)
    parser.add_argument("--baseline", metavar="REV", required=True)
    parser.add_argument("--basket", type=Path, help="a synthetic basket already generated (skips generating)")
    args = parser.parse_args()
    folder = args.basket or generate(args.size, OUT / f"tiles-{args.size}" / "koszyk")
    taxonomy = load_taxonomy(ROOT / "site_config" / "taxonomy.yml")
    thesaurus = load_thesaurus(ROOT / "site_config" / "potrzeby.yml", taxonomy)
    basket = basket_for(read_basket(Path(folder), taxonomy, dt.date(2026, 11, 23), ROOT).baskets[0], "public")
    old = baseline_module(args.baseline)
    start = time.perf_counter()
    old_counts = old.count_matches(thesaurus.tiles, basket)
    old_seconds = time.perf_counter() - start
    concepts = build_concepts(taxonomy, thesaurus)
    start = time.perf_counter()
    collector = _Collector()
    for record in search_records(basket, taxonomy):
        collector.add(record)
    impacts = collector.impacts()
    needs = collector.need_postings(concepts, impacts)
    forms = collector.forms_table(concepts.query_keys())
    index_seconds = time.perf_counter() - start
    start = time.perf_counter()
    new_counts = collector.tile_counts(concepts, needs, forms)
    new_seconds = time.perf_counter() - start
    print(f"services: {len(basket.listed_services)}; tiles: {len(thesaurus.tiles)}")
    print(f"{args.baseline}: rescan per tile {old_seconds:.2f} s")
    print(f"this tree: counted from the postings {new_seconds:.2f} s (index made anyway: {index_seconds:.1f} s)")
    for group in thesaurus.tiles:
        print(f"  {group.label}: {old_counts[group.id]} → {new_counts.get(group.label, 0)}", file=sys.stderr)


if __name__ == "__main__":
    main()
