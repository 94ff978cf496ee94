"""Index build time with the thesaurus, this tree against another revision's, on one basket.

    python -m bench.search_index_time bench/out/search-30000/koszyk --baseline main
    python -m bench.search_index_time bench/out/search-30000/koszyk --baseline f336a69

Times ``search_records`` + ``build_concepts`` + ``write_search_index`` (the index part
of a real build, thesaurus and cue words included; reading the basket is left out),
twice per tree, alternating, each in a subprocess importing that tree's own code.
``bench.search_bench`` makes the basket (``bench/out/search-30000/koszyk``).

A baseline from before the thesaurus (f336a69, the engine issue 19 started from: the
package was then ``generator`` and had synonyms only) is timed with its own calls,
``search_records(basket, taxonomy, synonyms)`` + ``write_search_index(records, work)``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.search_quality import ROOT, tree_environment, worktree_at

_TIMED = """
import shutil, sys, time
from pathlib import Path
from koszyk.search import search_records, write_search_index
from koszyk.search.concepts import build_concepts
from koszyk.search.thesaurus import load_thesaurus
from koszyk.taxonomy import load_taxonomy
import bench.search_bench as bench
root, basket_dir, work = map(Path, sys.argv[1:4])
taxonomy = load_taxonomy(root / "site_config" / "taxonomy.yml")
public = bench.basket_for(bench.read_basket(basket_dir, taxonomy, bench.TODAY, root).baskets[0], "public")
shutil.rmtree(work, ignore_errors=True)
start, cpu = time.perf_counter(), time.process_time()
records = list(search_records(public, taxonomy))
concepts = build_concepts(taxonomy, load_thesaurus(root / "site_config" / "potrzeby.yml", taxonomy))
write_search_index(records, work, concepts, {})
print(round(time.perf_counter() - start, 1), round(time.process_time() - cpu, 1))
"""

_TIMED_BEFORE_THESAURUS = """
import datetime as dt, shutil, sys, time
from pathlib import Path
from generator.search import load_synonyms, search_records, write_search_index
from generator.taxonomy import load_taxonomy
from generator.validation import read_basket
from generator.variants import basket_for
root, basket_dir, work = map(Path, sys.argv[1:4])
taxonomy = load_taxonomy(root / "site_config" / "taxonomy.yml")
public = basket_for(read_basket(basket_dir, taxonomy, dt.date(2026, 11, 23), root).baskets[0], "public")
shutil.rmtree(work, ignore_errors=True)
start, cpu = time.perf_counter(), time.process_time()
records = list(search_records(public, taxonomy, load_synonyms(root / "site_config" / "synonyms.yml")))
write_search_index(records, work)
print(round(time.perf_counter() - start, 1), round(time.process_time() - cpu, 1))
"""


def timed(tree: Path, basket: Path, work: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one index build by ``tree``'s code: CPU seconds are steadier on a busy machine."""
    env = tree_environment(tree)
    env["PYTHONPATH"] = f"{tree / 'generator'}:{tree}:{env['PYTHONPATH']}"
    script = _TIMED if (tree / "generator" / "koszyk").is_dir() else _TIMED_BEFORE_THESAURUS
    done = subprocess.run([sys.executable, "-c", script, str(tree), str(basket), str(work)],
                          cwd=tree, capture_output=True, text=True, env=env, check=True)
    wall, cpu = done.stdout.split()[-2:]
    return float(wall), float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("basket", type=Path)
    parser.add_argument("--baseline", metavar="REV", default="main")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    basket = args.basket.resolve()
    with worktree_at(args.baseline) as tree, tempfile.TemporaryDirectory() as scratch:
        for _ in range(args.rounds):
            for name, source, work in ((args.baseline, tree, "a"), ("this tree", ROOT, "b")):
                wall, cpu = timed(source, basket, Path(scratch) / work)
                print(f"{name}: {wall:.1f} s wall, {cpu:.1f} CPU-s", flush=True)


if __name__ == "__main__":
    main()
