"""Write the search index of a site: static files the search page reads in the browser.

Layout of ``<site>/szukaj/indeks/`` (N services, numbered in the order of their names):

- ``manifest.json``: N, the first stem of every postings shard, the facets' values
  in file order, and the byte stride of one bitset;
- ``p<k>.json``: postings shards, ``{stem: [docs, docs with the stem in the name]}``,
  each list base64 of delta-encoded varints; a query fetches only the shards of its words;
- ``facets.bin``: one bitset of N bits per facet value (bit i = service i has it),
  so a facet count is a popcount of two ANDed bitsets;
- ``ages.bin``: two bytes per service, lowest and highest age admitted (255 = no limit);
- ``d/<k>.json``: what a result shows, for services 16k … 16k+15 (a list); fetched
  for shown results only. Chunks of 16 keep a page of 20 results under ~150 KB while
  sparing the build tens of thousands of tiny files.

Why not Pagefind: on a 30,000-service basket a query matching most services took
1.7–4.2 s in Pagefind, and 8–35 s once its filter counts were on (headless Chromium,
figures in the issue note); here the same query is a few bitset operations.
"""

from __future__ import annotations

import base64
import json
import math
import shutil
from array import array
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from .records import FACETS, SearchRecord

INDEX_FOLDER = "szukaj/indeks"
SHARD_BYTES = 48_000
DOCUMENTS_PER_FILE = 16
NO_AGE = 255


class SearchIndexError(RuntimeError):
    """The index could not be written; the message says why, in Polish."""


def varints(numbers: list[int]) -> str:
    """Ascending ``numbers`` as base64 of LEB128 varints of their gaps."""
    out, previous = bytearray(), 0
    for number in numbers:
        gap, previous = number - previous, number
        while gap >= 0x80:
            out.append((gap & 0x7F) | 0x80)
            gap >>= 7
        out.append(gap)
    return base64.b64encode(bytes(out)).decode("ascii")


def _shards(postings: dict[str, tuple[array, array]]) -> list[dict[str, list[str]]]:
    shards: list[dict[str, list[str]]] = [{}]
    size = 0
    for stem in sorted(postings):
        if size > SHARD_BYTES:
            shards.append({})
            size = 0
        docs, in_name = postings[stem]
        entry = [varints(docs), varints(in_name)]
        shards[-1][stem] = entry
        size += len(stem) + len(entry[0]) + len(entry[1]) + 8
    return shards


class _Collector:
    """Everything the index files need, gathered one record at a time (records are not kept)."""

    def __init__(self):
        self.count = 0
        self.postings: dict[str, tuple[array, array]] = defaultdict(lambda: (array("I"), array("I")))
        self.facets: dict[str, dict[str, array]] = {facet.param: defaultdict(lambda: array("I")) for facet in FACETS}
        self.ages = bytearray()

    def add(self, record: SearchRecord) -> None:
        number = self.count
        self.count += 1
        for stem in record.stems | record.title_stems:
            docs, in_name = self.postings[stem]
            docs.append(number)
            if stem in record.title_stems:
                in_name.append(number)
        for param, values in record.filters.items():
            for value in values:
                self.facets[param][value].append(number)
        low, high = record.age
        self.ages += bytes([NO_AGE if low is None else min(low, 254), NO_AGE if high is None else min(high, 254)])

    def facet_bits(self, stride: int) -> tuple[dict[str, list[str]], bytes]:
        values, blob = {}, bytearray()
        for param, by_value in self.facets.items():
            values[param] = sorted(by_value)
            for value in values[param]:
                bits = bytearray(stride)
                for number in by_value[value]:
                    bits[number >> 3] |= 1 << (number & 7)
                blob += bits
        return values, bytes(blob)


def _write_documents(staging: Path, count: int, chunk: list[dict]) -> None:
    number = (count - 1) // DOCUMENTS_PER_FILE
    text = json.dumps(chunk, ensure_ascii=False, separators=(",", ":"))
    (staging / "d" / f"{number}.json").write_text(text, encoding="utf-8")


def write_search_index(records: Iterable[SearchRecord], site_dir: Path) -> int:
    """Replace ``<site>/szukaj/indeks`` with an index of ``records`` (in name order); returns their number."""
    output = site_dir / INDEX_FOLDER
    staging = output.with_name("indeks.nowy")
    shutil.rmtree(staging, ignore_errors=True)
    collected = _Collector()
    try:
        (staging / "d").mkdir(parents=True)
        chunk: list[dict] = []
        for record in records:
            chunk.append({**record.meta, "url": record.url})
            collected.add(record)
            if len(chunk) == DOCUMENTS_PER_FILE:
                _write_documents(staging, collected.count, chunk)
                chunk = []
        if chunk:
            _write_documents(staging, collected.count, chunk)
        stride = 4 * math.ceil(max(collected.count, 1) / 32)  # whole 32-bit words, for Uint32Array
        shards = _shards(collected.postings)
        for number, shard in enumerate(shards):
            (staging / f"p{number}.json").write_text(json.dumps(shard, separators=(",", ":")), encoding="utf-8")
        facet_values, facet_blob = collected.facet_bits(stride)
        (staging / "facets.bin").write_bytes(facet_blob)
        (staging / "ages.bin").write_bytes(bytes(collected.ages))
        manifest = {"version": 1, "count": collected.count, "stride": stride, "perFile": DOCUMENTS_PER_FILE,
                    "shards": [next(iter(shard), "") for shard in shards], "facets": facet_values}
        (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise SearchIndexError(f"Nie udało się zapisać indeksu wyszukiwarki w {output}: {error}") from None
    shutil.rmtree(output, ignore_errors=True)
    staging.rename(output)
    return collected.count
