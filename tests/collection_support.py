"""The test collection (``tests/collection/``) copied to a writable place, its published source
either fetched from a local server by ``koszyk pobierz`` or written straight into the cache."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from koszyk.collections.cache import ORIGIN_KEY, Fetched, parse_published, write_cache
from koszyk.collections.spec import SourceEntry

FIXTURE = Path(__file__).resolve().parent / "collection"
PUBLISHED = FIXTURE / "opublikowane" / "delta.json"
DELTA_ADDRESS = "https://delta.example.org/koszyk.json"
PAYLOAD = "<img src=x onerror=alert(1)>"


def copy_collection(target: Path, address: str = DELTA_ADDRESS) -> Path:
    """The fixture copied under ``target``; returns the collection folder. ``address``
    replaces the published source's address in ``zestawienie.yml``."""
    shutil.copytree(FIXTURE, target)
    collection = target / "powiat"
    spec = collection / "zestawienie.yml"
    spec.write_text(spec.read_text(encoding="utf-8").replace(DELTA_ADDRESS, address), encoding="utf-8")
    return collection


def cache_published(collection: Path, address: str = DELTA_ADDRESS) -> None:
    """What ``koszyk pobierz`` would write for the published source, without a server."""
    raw = PUBLISHED.read_bytes()
    entry = SourceEntry(3, address=address)
    data = parse_published(raw, entry)
    data[ORIGIN_KEY] = {"adres": address, "pobrano": "2026-11-20T08:00:00Z", "sha256": hashlib.sha256(raw).hexdigest()}
    write_cache(collection, [Fetched(entry, data)])
