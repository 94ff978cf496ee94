"""Hashes of what an output is made from, so a rebuild can tell which outputs it may reuse.

A key is a SHA-256 of length-prefixed parts (no two part lists hash alike). Every
key that decides a reuse starts from ``code_digest()``: the bytes of koszyk's own
source, templates and assets (an edited checkout keeps its version number) and the
versions of the libraries that shape the output. Model objects (``Service``,
``Partner``, ``Taxonomy``) are plain dataclasses whose ``repr`` shows every field,
so ``repr`` is their content; a value whose ``repr`` is not stable (an object
address) only makes the key miss, never match wrongly.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
import sys
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# what shapes a page body, a workbook or a data file besides koszyk's own code
_LIBRARIES = ("koszyk", "mkdocs", "mkdocs-material", "jinja2", "markupsafe", "markdown", "nh3", "openpyxl",
              "odfdo", "python-docx", "pyyaml", "morfeusz2", "snowballstemmer")


def digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", errors="surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


class ObjectDigests:
    """``digest(text(value))`` for model objects, made once per object: a partner or a service
    is asked for on its page, in its rows and in its dicts of partners, and its ``repr`` is long.
    Kept by identity, with the object itself, so an ``id`` reused by a new object never answers
    for it; right because a model object is not changed once read."""

    def __init__(self, text: Callable[[object], str] = repr):
        self._text = text
        self._kept: dict[int, tuple[object, str]] = {}

    def __call__(self, value: object) -> str:
        kept = self._kept.get(id(value))
        if kept is None or kept[0] is not value:
            kept = self._kept[id(value)] = (value, digest(self._text(value)))
        return kept[1]


def library_version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def folder_digest(folder: Path | None) -> str:
    """Every file under ``folder`` (path and bytes), e.g. the theme's ``custom_dir``."""
    if folder is None or not folder.is_dir():
        return ""
    return digest(*(part for path in sorted(folder.rglob("*"))
                    if path.is_file() and "__pycache__" not in path.parts
                    for part in (path.relative_to(folder).as_posix(), path.read_bytes())))


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """koszyk's source, templates and assets, the libraries' versions and Python's."""
    return digest(folder_digest(PACKAGE), sys.version, *(f"{name}={library_version(name)}" for name in _LIBRARIES))
