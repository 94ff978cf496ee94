"""Search at scale: index build time, bytes fetched for the first query, query latency.

    python -m bench.search_bench                   # 30,000 services
    python -m bench.search_bench --size 2000       # quick
    python -m bench.search_bench --baseline main   # also build and drive REV's code, same run

Builds the public site of a synthetic basket, then drives the real szukaj/ page
in headless Chromium. Latency is measured in the page, from the form's submit
to the results being in the document (``data-search-done`` observed), over 50
queries (half of them with facets or an age). Bytes are counted by the test
server (every response body, the search index's worker-free fetches included).
Two baselines in the same run: the bare index query (``SearchIndex.search``) for
the same words, so the ratio shows what the page adds (loading the shown results,
facet counts, rendering); and with ``--baseline REV``, the same basket built with
REV's code and config (a git worktree, built in a subprocess) and driven by the same
queries right after this tree's, so both figures come from one machine in one run.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from contextlib import contextmanager
import datetime as dt
import json
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.search_quality import tree_environment, worktree_at
from bench.synthetic import WORDS, generate
from koszyk.building import build_site
from koszyk.search import search_records, write_search_index
from koszyk.taxonomy import load_taxonomy
from koszyk.validation import read_basket
from koszyk.variants import basket_for
from tests.browser import _QuietHandler, launch

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TODAY = dt.date(2026, 11, 23)
FACETS = ["", "&obszar=zdrowie", "&grupa=seniorzy", "&dostep=powszechny&wiek=30", "&odplatnosc=bezplatna"]

WATCH = """() => {
  window.__done = null;
  new MutationObserver(() => { window.__done = performance.now(); })
    .observe(document.body, { attributes: true, attributeFilter: ["data-search-done"] });
}"""
SUBMIT = """async (query) => {
  const input = document.getElementById("szukaj-q");
  window.__done = null;
  const start = performance.now();
  input.value = query;
  document.getElementById("szukaj-formularz").requestSubmit();
  while (window.__done === null) await new Promise((resolve) => setTimeout(resolve, 1));
  return window.__done - start;
}"""
BARE = """async (query) => {
  const { openIndex } = await import("../javascripts/szukaj-indeks.js");
  window.__index = window.__index || await openIndex(new URL("indeks/", location.href));
  const start = performance.now();
  const text = query.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ł/g, "l");
  await window.__index.search(window.__index.termsOf ? { text, facets: {}, age: null } : { terms: text.split(" "), facets: {}, age: null });
  return performance.now() - start;
}"""


def queries(count: int) -> list[str]:
    rng = random.Random(7)
    found = []
    for number in range(count):
        words = rng.sample(WORDS, rng.choice([1, 1, 2]))
        found.append(" ".join(words))
    return found


def index_build_time(basket_dir: Path, work: Path) -> dict:
    taxonomy = load_taxonomy(ROOT / "site_config" / "taxonomy.yml")
    start = time.perf_counter()
    basket = read_basket(basket_dir, taxonomy, TODAY, ROOT).baskets[0]
    read_seconds = time.perf_counter() - start
    start = time.perf_counter()
    records = list(search_records(basket_for(basket, "public"), taxonomy))
    records_seconds = time.perf_counter() - start
    start = time.perf_counter()
    write_search_index(records, work)
    write_seconds = time.perf_counter() - start
    size = sum(p.stat().st_size for p in (work / "szukaj" / "indeks").rglob("*") if p.is_file())
    return {"records": len(records), "read_basket_s": round(read_seconds, 2),
            "records_s": round(records_seconds, 2), "write_index_s": round(write_seconds, 2),
            "index_bytes": size}


class CountingHandler(_QuietHandler):
    """Records (path, body bytes) of every response, so the bench sees what a query costs."""

    sent: list[tuple[str, int]] = []

    def send_header(self, keyword, value):
        if keyword.lower() == "content-length":
            CountingHandler.sent.append((self.path, int(value)))
        super().send_header(keyword, value)


@contextmanager
def counting_server(directory: Path):
    handler = functools.partial(CountingHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def browser_figures(site: Path, sample: list[str]) -> dict:
    fetched = CountingHandler.sent
    fetched.clear()
    with counting_server(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.goto(base + "szukaj/")
        page.wait_for_function("document.getElementById('szukaj-stan').textContent.startsWith('Wpisz')")
        page.wait_for_load_state("networkidle")
        page_bytes = sum(size for _, size in fetched)
        index_at_load = sum(size for path, size in fetched if "/indeks/" in path)
        fetched.clear()
        page.evaluate(WATCH)
        first_ms = page.evaluate(SUBMIT, sample[0])
        page.wait_for_load_state("networkidle")
        first_bytes = sum(size for _, size in fetched)
        first_search_bytes = page_bytes + first_bytes
        print(f"first query: {first_ms:.0f} ms, {first_bytes} B", file=sys.stderr)
        timings = [page.evaluate(SUBMIT, query) for query in sample]
        print(f"typed queries: median {statistics.median(timings):.0f} ms", file=sys.stderr)
        faceted = []
        for number, query in enumerate(sample):
            page.goto(base + "szukaj/?q=" + query + FACETS[number % len(FACETS)])
            page.wait_for_function("document.body.dataset.searchDone")
            page.evaluate(WATCH)
            faceted.append(page.evaluate(SUBMIT, query))
        bare = [page.evaluate(BARE, query) for query in sample]
        browser.close()
    every = timings + faceted
    return {
        "page_load_bytes": page_bytes, "index_bytes_at_page_load": index_at_load,
        "first_query_extra_bytes": first_bytes, "page_and_first_query_bytes": first_search_bytes,
        "first_query_ms": round(first_ms, 1),
        "median_ms": round(statistics.median(every), 1),
        "p95_ms": round(statistics.quantiles(every, n=20)[18], 1),
        "max_ms": round(max(every), 1),
        "bare_index_median_ms": round(statistics.median(bare), 1),
        "queries": len(every),
    }


def build_public_with(tree: Path, basket: Path, site_dir: Path) -> float:
    """Build the public site with ``tree``'s own code and config (a subprocess); seconds taken."""
    command = [sys.executable, "-c", "import sys; from koszyk.cli import main; sys.exit(main())",
               "build", "--variant", "public", "--site-dir", str(site_dir), "--basket", str(basket),
               "-f", str(tree / "mkdocs.yml"), "--today", TODAY.isoformat()]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=tree, capture_output=True, text=True, env=tree_environment(tree))
    if done.returncode != 0:
        raise SystemExit(f"Nie zbudowano strony z {tree}:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=30_000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--baseline", metavar="REV", help="also build and drive the git revision REV (e.g. main)")
    args = parser.parse_args()
    work = OUT / f"search-{args.size}"
    shutil.rmtree(work, ignore_errors=True)
    basket = generate(args.size, work / "koszyk")
    index = index_build_time(basket, work / "index-only")
    print(f"index: {index}", file=sys.stderr)
    start = time.perf_counter()
    outcome = build_site(ROOT / "mkdocs.yml", ["public"], work / "site", basket, today=TODAY.isoformat())
    assert outcome == {"public": None}, outcome
    build_seconds = time.perf_counter() - start
    sample = queries(args.queries // 2)
    baseline = None
    if args.baseline:
        with worktree_at(args.baseline) as tree:
            seconds = build_public_with(tree, basket, work / "baseline")
        baseline = {"revision": args.baseline, "site_build_s": round(seconds, 1)}
    figures = {"size": args.size, "index": index, "site_build_s": round(build_seconds, 1),
               **browser_figures(work / "site" / "public", sample)}
    if baseline:
        # the baseline's figures right after this tree's, in the same browser set-up
        baseline.update(browser_figures(work / "baseline" / "public", sample))
        figures["baseline"] = baseline
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    (OUT / f"search-{args.size}.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
