"""Write the search index of a site: static files the search page reads in the browser.

Layout of ``<site>/szukaj/indeks/`` (N services, numbered in the order of their names):

- ``manifest.json``: N, the first stem of every postings shard, the facets' values
  in file order, and the byte stride of one bitset;
- ``p<k>.json``: postings shards, ``{stem: [docs, docs with the stem in the name]}``,
  each list base64 of delta-encoded varints; a query fetches only the shards of its words;
- ``facets.bin``: one bitset of N bits per facet value (bit i = service i has it),
  so a facet count is a popcount of two ANDed bitsets;
- ``ages.bin``: two bytes per service, lowest and highest age admitted (255 = no limit);
- ``d/<i>.json``: what a result shows for service i, fetched for shown results only.

Why not Pagefind: on a 30,000-service basket a query matching most services took
1.7–4.2 s in Pagefind, and 8–35 s once its filter counts were on (headless Chromium,
figures in the issue note); here the same query is a few bitset operations.
"""

from __future__ import annotations

import base64
import json
import math
import shutil
from collections import defaultdict
from pathlib import Path

from .records import FACETS, SearchRecord

INDEX_FOLDER = "szukaj/indeks"
SHARD_BYTES = 48_000
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


def _postings(records: list[SearchRecord]) -> dict[str, tuple[list[int], list[int]]]:
    found: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for number, record in enumerate(records):
        for stem in record.stems | record.title_stems:
            docs, in_name = found[stem]
            docs.append(number)
            if stem in record.title_stems:
                in_name.append(number)
    return found


def _shards(postings: dict[str, tuple[list[int], list[int]]]) -> list[dict[str, list[str]]]:
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


def _facet_bits(records: list[SearchRecord], stride: int) -> tuple[dict[str, list[str]], bytes]:
    values: dict[str, list[str]] = {}
    blob = bytearray()
    for facet in FACETS:
        bits: dict[str, bytearray] = defaultdict(lambda: bytearray(stride))
        for number, record in enumerate(records):
            for key in record.filters.get(facet.param, ()):
                bits[key][number >> 3] |= 1 << (number & 7)
        values[facet.param] = sorted(bits)
        for key in values[facet.param]:
            blob += bits[key]
    return values, bytes(blob)


def _ages(records: list[SearchRecord]) -> bytes:
    out = bytearray()
    for low, high in (record.age for record in records):
        out += bytes([NO_AGE if low is None else min(low, 254), NO_AGE if high is None else min(high, 254)])
    return bytes(out)


def write_search_index(records: list[SearchRecord], site_dir: Path) -> int:
    """Replace ``<site>/szukaj/indeks`` with an index of ``records``; returns how many were indexed."""
    output = site_dir / INDEX_FOLDER
    staging = output.with_name("indeks.nowy")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        (staging / "d").mkdir(parents=True)
        stride = 4 * math.ceil(max(len(records), 1) / 32)  # whole 32-bit words, for Uint32Array
        shards = _shards(_postings(records))
        for number, shard in enumerate(shards):
            (staging / f"p{number}.json").write_text(json.dumps(shard, separators=(",", ":")), encoding="utf-8")
        facet_values, facet_blob = _facet_bits(records, stride)
        (staging / "facets.bin").write_bytes(facet_blob)
        (staging / "ages.bin").write_bytes(_ages(records))
        for number, record in enumerate(records):
            document = {**record.meta, "url": record.url}
            (staging / "d" / f"{number}.json").write_text(
                json.dumps(document, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        manifest = {"version": 1, "count": len(records), "stride": stride,
                    "shards": [next(iter(shard), "") for shard in shards], "facets": facet_values}
        (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise SearchIndexError(f"Nie udało się zapisać indeksu wyszukiwarki w {output}: {error}") from None
    shutil.rmtree(output, ignore_errors=True)
    staging.rename(output)
    return len(records)
