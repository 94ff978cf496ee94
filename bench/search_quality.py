"""Does the search find what people mean? Judged queries, run in Chromium, scored.

    python bench/search_quality.py                       # build the intranet site from this tree, run the queries
    python bench/search_quality.py --site site/intranet  # use a site already built
    python bench/search_quality.py --baseline main       # also build REV in a git worktree and compare, same run
    python bench/search_quality.py --show-misses         # list the queries whose judged services are not in the top 3
    python bench/search_quality.py --all-sets --baseline main   # judged, held-out and fresh sets, sites built once

``bench/search_queries.yml`` holds the judged queries: what a social worker or a
resident types, and the ids of the services that should come first. Each query
is loaded as ``szukaj/?q=…`` in headless Chromium; the order of the results is
read from the ``uslugi/<id>/`` links inside ``#szukaj-lista``. Printed:

- success@3: share of queries with a judged service among the first three results;
- MRR: mean of 1/rank of the first judged service (0 when none is shown);
- recall@10: share of the judged services found in the first ten, averaged over queries;
- zero results: share of queries that showed nothing at all.

The baseline is built from the given git revision's code and site_config, on the
same basket, so both numbers come from one run on one machine.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import launch, serve  # noqa: E402

QUERIES = ROOT / "bench" / "search_queries.yml"
# The tuned set, then the held-out sets that nobody tunes on (see their headers).
ALL_SETS = (QUERIES, ROOT / "bench" / "search_queries_holdout.yml", ROOT / "bench" / "search_queries_fresh.yml")
BASKET = ROOT / "baskets" / "przykladowo"
TODAY = "2026-11-23"
_SERVICE_LINK = re.compile(r"uslugi/([a-z0-9-]+)/")
_WAIT_FOR_RESULTS = ("() => document.body.dataset.searchDone"
                     " || document.querySelector('#szukaj-lista > li')")


@dataclass(frozen=True)
class Judged:
    query: str
    expected: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Outcome:
    judged: Judged
    found: tuple[str, ...]

    @property
    def first_rank(self) -> int | None:
        return next((rank for rank, found in enumerate(self.found, 1) if found in self.judged.expected), None)

    @property
    def success_at_3(self) -> bool:
        return self.first_rank is not None and self.first_rank <= 3

    @property
    def reciprocal_rank(self) -> float:
        return 1 / self.first_rank if self.first_rank else 0.0

    @property
    def recall_at_10(self) -> float:
        return len(set(self.found[:10]) & set(self.judged.expected)) / len(self.judged.expected)


@dataclass(frozen=True)
class Scores:
    success_at_3: float
    mrr: float
    recall_at_10: float
    zero_results: float

    @classmethod
    def of(cls, outcomes: list[Outcome]) -> "Scores":
        count = len(outcomes) or 1
        return cls(
            sum(o.success_at_3 for o in outcomes) / count,
            sum(o.reciprocal_rank for o in outcomes) / count,
            sum(o.recall_at_10 for o in outcomes) / count,
            sum(not o.found for o in outcomes) / count,
        )


def read_queries(path: Path, known_ids: set[str]) -> list[Judged]:
    """The judged queries; every id must be a service of the basket (a typo would score as a miss)."""
    with open(path, encoding="utf-8") as handle:
        nodes = yaml.compose(handle)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems, judged = [], []
    for node, raw in zip(nodes.value, data):
        line = node.start_mark.line + 1
        expected = tuple(raw.get("uslugi") or ())
        if not str(raw.get("q", "")).strip() or not expected:
            problems.append(f"{path}:{line}: zapytanie potrzebuje pól q i uslugi")
            continue
        unknown = [service_id for service_id in expected if service_id not in known_ids]
        if unknown:
            problems.append(f"{path}:{line}: uslugi: nie ma w koszyku usług {', '.join(unknown)}")
        judged.append(Judged(str(raw["q"]).strip(), expected, line))
    if problems:
        raise SystemExit("\n".join(problems))
    return judged


def basket_service_ids(basket: Path) -> set[str]:
    ids = set()
    for card in sorted((basket / "partnerzy").glob("*.yml")):
        data = yaml.safe_load(card.read_text(encoding="utf-8")) or {}
        ids |= {service["id"] for service in data.get("uslugi") or [] if isinstance(service, dict) and "id" in service}
    return ids


def tree_environment(tree: Path) -> dict[str, str]:
    """The environment of a subprocess that must import ``tree``'s own ``koszyk``: the venv's
    editable install points at the working tree, so its package folder goes first."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(tree / "generator"), os.environ.get("PYTHONPATH")]))}


def build_intranet(tree: Path, basket: Path, site_dir: Path) -> Path:
    """Build the intranet variant with ``tree``'s own code and config (a subprocess, so imports come from it)."""
    command = [sys.executable, "-c", "import sys; from koszyk.cli import main; sys.exit(main())",
               "build", "--variant", "intranet", "--site-dir", str(site_dir), "--basket", str(basket),
               "-f", str(tree / "mkdocs.yml"), "--today", TODAY]
    done = subprocess.run(command, cwd=tree, capture_output=True, text=True, env=tree_environment(tree))
    if done.returncode != 0:
        raise SystemExit(f"Nie zbudowano strony z {tree}:\n{done.stdout}\n{done.stderr}")
    return site_dir / "intranet"


@contextlib.contextmanager
def worktree_at(revision: str):
    """A detached git worktree of ``revision`` in a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="koszyk-baseline-") as folder:
        path = Path(folder) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(path), revision],
                       cwd=ROOT, check=True)
        try:
            yield path
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT, check=False)


def run_queries(site: Path, queries: list[Judged], browser) -> list[Outcome]:
    outcomes = []
    with serve(site) as base:
        page = browser.new_page()
        for judged in queries:
            page.goto(base + "szukaj/?q=" + quote(judged.query))
            page.wait_for_function(_WAIT_FOR_RESULTS, timeout=15_000)
            hrefs = page.eval_on_selector_all("#szukaj-lista a[href*='uslugi/']", "links => links.map(a => a.href)")
            found: list[str] = []
            for href in hrefs:
                match = _SERVICE_LINK.search(href)
                if match and match.group(1) not in found:
                    found.append(match.group(1))
            outcomes.append(Outcome(judged, tuple(found)))
        page.close()
    return outcomes


def report(name: str, outcomes: list[Outcome]) -> str:
    scores = Scores.of(outcomes)
    return (f"{name:<12} success@3 {scores.success_at_3:6.1%}   MRR {scores.mrr:.3f}   "
            f"recall@10 {scores.recall_at_10:6.1%}   zero results {scores.zero_results:6.1%}   "
            f"({len(outcomes)} queries)")


def misses(outcomes: list[Outcome]) -> list[str]:
    return [f"  {o.judged.query!r}: want {', '.join(o.judged.expected)}; got {', '.join(o.found[:3]) or 'nothing'}"
            for o in outcomes if not o.success_at_3]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an intranet site already built (skips building this tree)")
    parser.add_argument("--baseline", metavar="REV", help="also build and run the git revision REV (e.g. main)")
    parser.add_argument("--queries", type=Path, action="append", help="a judged set (repeatable; default: the tuned set)")
    parser.add_argument("--all-sets", action="store_true", help="run the tuned, held-out and fresh sets")
    parser.add_argument("--basket", type=Path, default=BASKET)
    parser.add_argument("--show-misses", action="store_true", help="list the queries that fail success@3")
    args = parser.parse_args()
    basket = args.basket.resolve()
    known = basket_service_ids(basket)
    paths = list(ALL_SETS) if args.all_sets else (args.queries or [QUERIES])
    sets = [(path, read_queries(path, known)) for path in paths]

    from playwright.sync_api import sync_playwright

    results: list[tuple[str, Path, list[Outcome]]] = []
    with tempfile.TemporaryDirectory(prefix="koszyk-quality-") as scratch, sync_playwright() as playwright:
        browser = launch(playwright)
        if args.baseline:
            with worktree_at(args.baseline) as tree:
                site = build_intranet(tree, basket, Path(scratch) / "baseline")
                results += [(args.baseline, path, run_queries(site, queries, browser)) for path, queries in sets]
        site = args.site or build_intranet(ROOT, basket, Path(scratch) / "current")
        results += [("this tree", path, run_queries(site, queries, browser)) for path, queries in sets]
        browser.close()
    for path, _ in sets:
        print(path.name)
        for name, where, outcomes in results:
            if where != path:
                continue
            print(report(name, outcomes))
            if args.show_misses:
                print("\n".join(misses(outcomes)))


if __name__ == "__main__":
    main()
