"""One visibility policy: a new intranet-only field in the schema and a new status in the
taxonomy are followed by every output, with no other code touched."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
import yaml

from koszyk import schema
from koszyk.building import build_site
from koszyk.excel import write_basket_xlsx
from koszyk.history import ADDED, CHANGED, ServiceChange, compare_card
from koszyk.leaks import find_leaks, intranet_only_values
from koszyk.open_data import write_open_data
from koszyk.reports import basket_report
from koszyk.taxonomy import load_taxonomy
from koszyk.validation import read_basket
from koszyk.variants import INTRANET, PUBLIC, Policy, basket_for, card_data_for

from .conftest import ROOT, TODAY

TEAM_NOTE = "Notatka zespołu: klucz do sali u woźnego"
PARTNER_CODE = "Numer wewnętrzny 4471-ZX"
PLANNED = "Usługa w planach, jeszcze tajna"
PILOT = "Pilotażowy klub rodziców"


@pytest.fixture
def extended(tmp_path, monkeypatch):
    """A copy of the schema with two new intranet-only fields, a taxonomy with two new
    statuses (one not shown), and a basket that uses all of them."""
    note = schema.Field("notatka_zespolu", schema.LONG_TEXT, "Notatka zespołu.", intranet_only=True)
    code = schema.Field("numer_wewnetrzny", schema.SHORT_TEXT, "Numer wewnętrzny.", intranet_only=True)
    service = dataclasses.replace(schema.SERVICE, fields=schema.SERVICE.fields + (note,))
    partner = dataclasses.replace(schema.PARTNER, fields=schema.PARTNER.fields + (code,))
    card = schema.Record((dataclasses.replace(schema.CARD.field("partner"), kind=partner),
                          dataclasses.replace(schema.CARD.field("uslugi"), kind=schema.ListOf(service))))
    monkeypatch.setattr(schema, "SERVICE", service)
    monkeypatch.setattr(schema, "PARTNER", partner)
    monkeypatch.setattr(schema, "CARD", card)

    vocabularies = yaml.safe_load((ROOT / "site_config" / "taxonomy.yml").read_text(encoding="utf-8"))
    vocabularies["statusy"]["wartosci"]["planowana"] = {"etykieta": "Planowana", "opis": "W planach.", "pokazywana": False}
    vocabularies["statusy"]["wartosci"]["pilotazowa"] = {"etykieta": "Pilotażowa", "opis": "Na próbę."}
    taxonomy_path = tmp_path / "taxonomy.yml"
    taxonomy_path.write_text(yaml.safe_dump(vocabularies, allow_unicode=True), encoding="utf-8")

    basket = tmp_path / "koszyk"
    shutil.copytree(ROOT / "baskets" / "wzorowo", basket)
    path = basket / "partnerzy" / "gops-wzorowo.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["partner"]["numer_wewnetrzny"] = PARTNER_CODE
    data["uslugi"][0]["notatka_zespolu"] = TEAM_NOTE
    base = {"obszary": ["wspieranie_rodziny"], "grupy_docelowe": ["rodziny"], "dostep": {"tryb": "powszechny"}}
    data["uslugi"] += [{"id": "wzorowo-planowana", "nazwa": PLANNED, "status": "planowana", **base},
                       {"id": "wzorowo-pilot", "nazwa": PILOT, "status": "pilotazowa", **base}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return basket, taxonomy_path, load_taxonomy(taxonomy_path)


def _read(basket: Path, taxonomy):
    result = read_basket(basket, taxonomy, dt.date.fromisoformat(TODAY))
    assert not result.errors, [p.format_text() for p in result.errors]
    return result.baskets[0]


def test_the_model_and_the_card_cut_follow_new_flags(extended):
    basket_dir, _, taxonomy = extended
    full = _read(basket_dir, taxonomy)
    public_ids = {s.id for s in basket_for(full, PUBLIC).services}
    intranet_ids = {s.id for s in basket_for(full, INTRANET).services}
    assert "wzorowo-pilot" in public_ids and "wzorowo-planowana" not in public_ids | intranet_ids

    card = card_data_for(full.cards["gops-wzorowo"], PUBLIC, taxonomy)
    assert "numer_wewnetrzny" not in card["partner"]
    assert all("notatka_zespolu" not in s for s in card["uslugi"])
    assert [s["id"] for s in card["uslugi"]][-1] == "wzorowo-pilot"
    assert card_data_for(full.cards["gops-wzorowo"], INTRANET, taxonomy)["partner"]["numer_wewnetrzny"] == PARTNER_CODE


def test_leak_check_collects_new_intranet_fields_by_walking_the_schema(extended):
    basket_dir, _, taxonomy = extended
    secrets = intranet_only_values(basket_dir, taxonomy)
    assert {TEAM_NOTE, PARTNER_CODE} <= secrets


def test_public_outputs_carry_no_new_intranet_field_and_no_unlisted_status(extended, tmp_path):
    basket_dir, taxonomy_path, taxonomy = extended
    full = _read(basket_dir, taxonomy)
    secrets = intranet_only_values(basket_dir, taxonomy) | {PLANNED}

    outputs = tmp_path / "wyjscie"
    write_open_data(full, taxonomy, outputs / "otwarte-dane")
    workbook = io.BytesIO()
    write_basket_xlsx([(slug, card_data_for(data, PUBLIC, taxonomy)) for slug, data in full.cards.items()],
                      taxonomy, PUBLIC, workbook)
    (outputs / "koszyk.xlsx").write_bytes(workbook.getvalue())
    outcome = build_site(ROOT / "mkdocs.yml", ["public"], outputs / "site", basket_dir, today=TODAY,
                         taxonomy=taxonomy_path)
    assert outcome == {"public": None}

    assert find_leaks(outputs, secrets) == []
    assert PILOT in (outputs / "site" / "public" / "uslugi" / "wzorowo-pilot" / "index.html").read_text(encoding="utf-8")
    assert not (outputs / "site" / "public" / "uslugi" / "wzorowo-planowana").exists()


def test_reports_and_history_ask_the_same_flags(extended):
    basket_dir, _, taxonomy = extended
    report = basket_report(_read(basket_dir, taxonomy), taxonomy, dt.date.fromisoformat(TODAY))
    assert report.statuses["planowana"] == 1
    assert report.coverage["wspieranie_rodziny"]["rodziny"] == 1  # the pilot only: the planned one is not listed

    old = "partner: {nazwa: X, typ: ops}\nuslugi: []\n"
    new = yaml.safe_dump({"partner": {"nazwa": "X", "typ": "ops"}, "uslugi": [
        {"id": "a", "nazwa": "A", "status": "planowana"}, {"id": "b", "nazwa": "B", "status": "pilotazowa"}]})
    _, found = compare_card(old, new, Policy.from_taxonomy(taxonomy))
    assert [(service_id, kind) for service_id, _, kind, _, _ in found] == [("b", ADDED)]

    change = ServiceChange(dt.date(2026, 11, 1), "abc", "x", "X", "b", "B", CHANGED, ["notatka_zespolu"])
    assert change.for_public() is None
    assert ServiceChange(**{**change.__dict__, "fields": ["notatka_zespolu", "opis"]}).for_public().fields == ["opis"]


def test_cards_named_yaml_are_built_and_checked_for_leaks(tmp_path):
    basket = tmp_path / "koszyk"
    shutil.copytree(ROOT / "baskets" / "przykladowo", basket)
    before = intranet_only_values(basket)
    for card in ("ops-przykladowo", "poradnia-pp"):
        (basket / "partnerzy" / f"{card}.yml").rename(basket / "partnerzy" / f"{card}.yaml")
    assert intranet_only_values(basket) == before
    full = _read(basket, load_taxonomy())
    assert {"ops-przykladowo", "poradnia-pp"} <= {partner.slug for partner in full.partners}


def test_every_model_field_of_card_data_names_its_card_key():
    """The public cut finds intranet-only model fields by their card key: a model field
    filled from the card without ``from_card`` would escape it."""
    from koszyk.model import Partner, Service

    derived = {"slug", "services", "path", "partner_slug", "line", "listed", "public",
               "sources", "source", "source_id"}  # where a collection's partner or service comes from
    for model, record in ((Partner, schema.PARTNER), (Service, schema.SERVICE)):
        for model_field in dataclasses.fields(model):
            key = model_field.metadata.get("card_key")
            assert key in record.fields_by_key or (key is None and model_field.name in derived), model_field.name
