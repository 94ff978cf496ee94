"""A published source (a gmina's koszyk.json from the internet) that tries to smuggle
intranet-only data and HTML into a collection: it is cut when read and escaped when shown."""

from __future__ import annotations

import hashlib
import json

import pytest
from bs4 import BeautifulSoup

from koszyk.building import build_site
from koszyk.collections.cache import ORIGIN_KEY, Fetched, parse_published, write_cache
from koszyk.collections.spec import SourceEntry

from .collection_support import DELTA_ADDRESS, PUBLISHED, copy_collection
from .conftest import ROOT, TODAY
from .hostile_card import MARK, PAYLOAD, hostile_card

SMUGGLED = ("Przemytnik Wewnętrzny-Plikowy", "Uwaga przemycona z pliku", "Tajna usługa z pliku",
            "+48 00 999 88 77")


def hostile_published_file() -> bytes:
    """Delta's koszyk.json plus a card with the payload in every text field, internal
    contacts and notes on the partner and every service, and an internal service."""
    data = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    card = hostile_card()
    card["partner"]["kontakt_wewnetrzny"] = {"osoba": SMUGGLED[0], "telefon": SMUGGLED[3]}
    for service in card["uslugi"]:
        service["uwagi_wewnetrzne"] = SMUGGLED[1]
        service["kontakt_wewnetrzny"] = {"osoba": SMUGGLED[0]}
    secret = {**card["uslugi"][0], "id": "tajna", "nazwa": SMUGGLED[2], "widocznosc": "wewnetrzna"}
    card["uslugi"].append(secret)
    data["karty"].append(card)
    return json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("wrogie-zrodlo")
    collection = copy_collection(root / "zrodla")
    raw = hostile_published_file()
    entry = SourceEntry(3, address=DELTA_ADDRESS)
    data = parse_published(raw, entry)
    data[ORIGIN_KEY] = {"adres": DELTA_ADDRESS, "pobrano": "2026-11-20T08:00:00Z", "sha256": hashlib.sha256(raw).hexdigest()}
    write_cache(collection, [Fetched(entry, data)])
    outcome = build_site(ROOT / "mkdocs.yml", ["public", "intranet"], root, collection, today=TODAY)
    assert outcome == {"public": None, "intranet": None}, outcome
    return root


def test_intranet_fields_and_internal_services_of_a_published_source_reach_neither_site(hostile_site):
    for variant in ("public", "intranet"):
        for path in (hostile_site / variant).rglob("*"):
            if path.is_file() and path.suffix in {".html", ".json", ".csv", ".xml", ".js", ".txt"}:
                text = path.read_text(encoding="utf-8", errors="replace")
                assert not [secret for secret in SMUGGLED if secret in text], path


def test_html_in_every_text_field_of_a_published_card_is_shown_as_text(hostile_site):
    for variant in ("public", "intranet"):
        site = hostile_site / variant
        for path in site.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            # as text (&lt;img…) or inside JSON (\u003cimg…) it is inert; as markup it would run
            assert f"<img src=x onerror=window.{MARK}" not in text, path
            assert f"<svg onload=window.{MARK}" not in text and f"<script>window.{MARK}" not in text, path
        service = BeautifulSoup((site / "uslugi" / "delta-wrogi-tekst" / "index.html").read_text(encoding="utf-8"), "lxml")
        assert service.h1.get_text() == PAYLOAD
        assert not service.select(".md-content img, .md-content svg")
