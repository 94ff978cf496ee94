"""Write a Pagefind index of search records into a built site.

Each record becomes a tiny HTML file in a scratch folder, marked with
Pagefind's ``data-pagefind-*`` attributes, and the Pagefind binary (shipped in
the ``pagefind_bin`` wheel) indexes that folder into ``<site>/pagefind``. The
real service pages are not crawled: their text is not folded, and reading 30,000
full pages back would cost more than writing these. (Pagefind's Python API was
tried first: it waits 0.1 s per record, 50 minutes at 30,000 services.)
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .records import SearchRecord

INDEX_FOLDER = "pagefind"


class SearchIndexError(RuntimeError):
    """Pagefind could not build the index; the message says why, in Polish."""


def record_html(record: SearchRecord) -> str:
    """The record as the page Pagefind reads: only the folded text is indexed as words."""
    tagged = [f'<span data-pagefind-meta="{key}">{html.escape(value)}</span>' for key, value in record.meta.items()]
    tagged += [f'<span data-pagefind-filter="{key}">{html.escape(value)}</span>'
               for key, values in record.filters.items() for value in values]
    tagged += [f'<span data-pagefind-sort="{key}">{html.escape(value)}</span>' for key, value in record.sort.items()]
    return ('<!doctype html><html lang="pl"><head><meta charset="utf-8"></head><body data-pagefind-body>'
            f'<div data-pagefind-ignore>{"".join(tagged)}</div><p>{html.escape(record.content)}</p></body></html>')


def write_search_index(records: Iterable[SearchRecord], site_dir: Path) -> int:
    """Replace ``site_dir/pagefind`` with an index of ``records``; returns how many were indexed."""
    output = site_dir / INDEX_FOLDER
    count = 0
    with tempfile.TemporaryDirectory(prefix="koszyk-szukaj-") as scratch:
        for record in records:
            page = Path(scratch, record.url, "index.html")
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(record_html(record), encoding="utf-8")
            count += 1
        staging = site_dir / f".{INDEX_FOLDER}-nowy"
        shutil.rmtree(staging, ignore_errors=True)
        command = [sys.executable, "-m", "pagefind", "--site", scratch, "--output-path", str(staging)]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0 or not (staging / "pagefind-entry.json").exists():
            shutil.rmtree(staging, ignore_errors=True)
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-5:])
            raise SearchIndexError(f"Nie udało się zbudować indeksu wyszukiwarki (Pagefind):\n{tail}")
    for path in staging.glob("pagefind-*ui*"):
        path.unlink()  # the search page has its own interface
    shutil.rmtree(output, ignore_errors=True)
    staging.rename(output)
    return count
