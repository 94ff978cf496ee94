"""A build with a cache folder loads unchanged cards from it; any change reads the card again."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml

from koszyk.card_cache import CardCache, reading_with
from koszyk.taxonomy import load_taxonomy
from koszyk.validation import read_basket

from .conftest import ROOT, SAMPLE

TODAY = dt.date(2026, 11, 23)


def _read(basket: Path, cache: CardCache | None, taxonomy=None, today: dt.date = TODAY):
    with reading_with(cache):
        result = read_basket(basket, taxonomy or load_taxonomy(), today)
    return _Compared(result)


class _Compared:
    """A reading's result whose ``repr`` also holds the cards' data (``Basket.cards`` is left out of its repr)."""

    def __init__(self, result):
        self.result = result

    def __getattr__(self, name):
        return getattr(self.result, name)

    def __repr__(self) -> str:
        return repr(self.result) + repr([basket.cards for basket in self.result.baskets])


def _copy(tmp_path: Path) -> Path:
    basket = tmp_path / "koszyk"
    shutil.copytree(SAMPLE, basket)
    return basket


def test_second_reading_loads_every_card_and_gives_the_same_basket(tmp_path):
    basket = _copy(tmp_path)
    cards = len(list((basket / "partnerzy").glob("*.yml")))
    first = CardCache.in_folder(tmp_path / "pamiec")
    without_cache = _read(basket, None)
    assert repr(_read(basket, first)) == repr(without_cache)
    assert (first.hits, first.misses) == (0, cards)
    second = CardCache.in_folder(tmp_path / "pamiec")
    assert repr(_read(basket, second)) == repr(without_cache)
    assert (second.hits, second.misses) == (cards, 0)


def test_a_changed_card_is_read_again_and_shows_its_change(tmp_path):
    basket = _copy(tmp_path)
    _read(basket, CardCache.in_folder(tmp_path / "pamiec"))
    card_path = sorted((basket / "partnerzy").glob("*.yml"))[0]
    card = yaml.safe_load(card_path.read_text(encoding="utf-8"))
    card["uslugi"][0]["opis"] = "Opis po zmianie karty."
    card_path.write_text(yaml.safe_dump(card, allow_unicode=True, sort_keys=False), encoding="utf-8")
    cache = CardCache.in_folder(tmp_path / "pamiec")
    result = _read(basket, cache)
    assert cache.misses == 1
    service = next(s for s in result.baskets[0].services if s.id == card["uslugi"][0]["id"])
    assert service.description == "Opis po zmianie karty."
    assert repr(result) == repr(_read(basket, None))


def test_another_taxonomy_or_date_reads_every_card_again(tmp_path):
    basket = _copy(tmp_path)
    cards = len(list((basket / "partnerzy").glob("*.yml")))
    _read(basket, CardCache.in_folder(tmp_path / "pamiec"))
    later = CardCache.in_folder(tmp_path / "pamiec")
    stale_date = dt.date(2031, 1, 1)  # cards not reviewed for years are stale then: warnings change
    assert repr(_read(basket, later, today=stale_date)) == repr(_read(basket, None, today=stale_date))
    assert later.misses == cards
    text = (ROOT / "site_config" / "taxonomy.yml").read_text(encoding="utf-8")
    assert "etykieta: Pomoc społeczna," in text
    (tmp_path / "taxonomy.yml").write_text(text.replace("etykieta: Pomoc społeczna,", "etykieta: Inna etykieta,"),
                                           encoding="utf-8")
    taxonomy = load_taxonomy(tmp_path / "taxonomy.yml")
    relabelled = CardCache.in_folder(tmp_path / "pamiec")
    _read(basket, relabelled, taxonomy=taxonomy)
    assert relabelled.misses == cards


def test_a_damaged_entry_is_read_from_the_card(tmp_path):
    basket = _copy(tmp_path)
    _read(basket, CardCache.in_folder(tmp_path / "pamiec"))
    for entry in (tmp_path / "pamiec").rglob("*.pickle"):
        entry.write_bytes(entry.read_bytes()[:20])
    cache = CardCache.in_folder(tmp_path / "pamiec")
    assert repr(_read(basket, cache)) == repr(_read(basket, None))
    assert cache.hits == 0


def test_an_empty_cache_variable_turns_every_cache_off(monkeypatch):
    """``KOSZYK_CACHE_DIR=`` (the benches' "no cache" builds): YAML reads an empty value as null."""
    from mkdocs.config import load_config

    monkeypatch.setenv("KOSZYK_CACHE_DIR", "")
    assert not load_config(str(ROOT / "mkdocs.yml")).plugins["koszyk"].config["cache_dir"]
    monkeypatch.delenv("KOSZYK_CACHE_DIR")
    assert load_config(str(ROOT / "mkdocs.yml")).plugins["koszyk"].config["cache_dir"] == ".cache/koszyk"


def test_cards_in_a_folder_linked_out_of_the_project_get_no_key_and_others_the_same_key(tmp_path):
    """``CardCache.keys`` checks the way to the cards once per folder; it must say what
    ``CardCache.key`` says of each card: no key (never opened) behind a link out of the project."""
    project = tmp_path / "projekt"
    inside, outside = project / "koszyk" / "partnerzy", tmp_path / "poza"
    inside.mkdir(parents=True)
    outside.mkdir()
    (project / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    for folder in (inside, outside):
        for name in ("a.yml", "b.yml"):
            (folder / name).write_text(f"partner: {{nazwa: {name}}}\n", encoding="utf-8")
    (inside / "link.yml").symlink_to(inside / "a.yml")
    (project / "drugi").mkdir()
    (project / "drugi" / "partnerzy").symlink_to(outside, target_is_directory=True)
    cards = sorted(inside.glob("*.yml")) + sorted((project / "drugi" / "partnerzy").glob("*.yml"))
    displays = [card.name for card in cards]
    keys = CardCache.keys("stamp", cards, displays)
    assert keys == [CardCache.key("stamp", card, display) for card, display in zip(cards, displays)]
    assert [key is not None for key in keys] == [True, True, False, False, False]
