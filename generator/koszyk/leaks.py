"""Looking for intranet-only values in a built site, inside compressed files too (``koszyk check-leaks``).

Secrets come from the raw YAML, not from the generator's model, so a bug in the
model cannot hide a leak from this check; which raw values are secret is asked of
``koszyk.variants``, the one place that knows.
"""

from __future__ import annotations

import gzip
import html
import io
import re
import zipfile
from pathlib import Path
from urllib.parse import quote

from . import variants
from .escaping import json_for_html
from .loading import load_yaml_data
from .search.text import fold
from .taxonomy import Taxonomy, load_taxonomy
from .collections.leaks import card_sources, published_cards_raw

_XML_TAG = re.compile(r"<[^>]*>")  # a word processor may split one phrase into several runs
MIN_LENGTH = 6  # shorter values ("tak", "12") would match by accident


def intranet_only_values(basket: Path, taxonomy: Taxonomy | None = None) -> set[str]:
    """Every value the public must never see, from every card the site would build.

    Which values those are is decided by ``variants.intranet_only_values`` (the
    schema's and the taxonomy's flags); cards are found by ``validation.card_paths``,
    for a collection in every local source (``collections.card_sources``), and the raw
    cards of its cached published sources are read too: whatever a downloaded file
    carried that the public may not see must not show up either.
    """
    taxonomy = taxonomy or load_taxonomy()
    secrets: set[str] = set()
    for path, prefix in card_sources(basket, taxonomy):
        # a card that cannot be read stops the check (YamlFileError): its secrets would go unchecked
        secrets.update(_placed(secret, prefix) for secret in variants.intranet_only_values(load_yaml_data(path), taxonomy))
    for prefix, card in published_cards_raw(basket):
        secrets.update(_placed(secret, prefix) for secret in variants.intranet_only_values(card, taxonomy))
    return {secret.strip() for secret in secrets if len(secret.strip()) >= MIN_LENGTH}


def _placed(secret: str, prefix: str) -> str:
    """A service page address as the collection names it (``uslugi/<source>-<id>/``)."""
    if prefix and secret.startswith("uslugi/"):
        return f"uslugi/{prefix}-{secret.removeprefix('uslugi/')}"
    return secret


def _forms(secret: str) -> set[str]:
    """The ways a value can be written into a file: plain, HTML-escaped, URL-encoded, as a JSON
    string inside a page (``<`` as ``\\u003c``…), a dialable number."""
    forms = {secret, html.escape(secret), html.escape(secret, quote=False), quote(secret),
             str(json_for_html(secret))[1:-1]}
    digits = re.sub(r"[^\d+]", "", secret)
    if len(digits) >= 9 and re.fullmatch(r"[+\d\s()-]+", secret):
        forms.add(digits)
    return forms


def _texts(path: Path) -> list[tuple[str, str]]:
    """(label, text) for a file and, for archives, for each member."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # gzip, with or without a .gz name
        return [(f"{path}!gunzip", gzip.decompress(data).decode("utf-8", "replace"))]
    if zipfile.is_zipfile(io.BytesIO(data)):  # XLSX, ODT, DOCX: every member, XML also as plain text
        texts = []
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                text = archive.read(name).decode("utf-8", "replace")
                texts.append((f"{path}!{name}", text))
                if name.endswith(".xml"):
                    texts.append((f"{path}!{name}!tekst", _XML_TAG.sub("", text)))
        return texts
    return [(str(path), data.decode("utf-8", "replace"))]


def find_leaks(site: Path, secrets: set[str]) -> list[tuple[str, str]]:
    """(file, secret) for every secret found anywhere under ``site``."""
    patterns = {secret: (_forms(secret), fold(secret)) for secret in secrets}
    found = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        for label, text in _texts(path):
            unescaped = html.unescape(text)
            folded = fold(unescaped)  # search data may hold text folded: "Łącznik" as "lacznik"
            for secret, (forms, folded_secret) in patterns.items():
                if any(form in text for form in forms) or secret in unescaped or folded_secret in folded:
                    found.append((label, secret))
    return found
