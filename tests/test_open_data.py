"""Open data: `koszyk export` writes CSV + Data Package, JSON and HSDS 3.0, public data only."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import frictionless
import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from koszyk.cli import main
from koszyk.leaks import find_leaks, intranet_only_values

from .conftest import ROOT, SAMPLE
from .sample_data import listed_services, raw_cards

HSDS = Path(__file__).resolve().parent / "hsds"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("otwarte-dane")
    result = CliRunner().invoke(main, ["export", "--basket", str(SAMPLE), "--output-dir", str(folder), "--today", "2026-11-23",
                                       "--site-url", "https://koszyk.przykladowo.example.org/"])
    assert result.exit_code == 0, result.output
    return folder


def closed(schema):
    """The schema with additionalProperties false on every object, as HSDS's own example check does."""
    if isinstance(schema, dict):
        schema = {key: closed(value) for key, value in schema.items()}
        if schema.get("type") == "object" and "properties" in schema:
            schema["additionalProperties"] = False
        return schema
    if isinstance(schema, list):
        return [closed(item) for item in schema]
    return schema


def hsds_validator(name: str, *inner: str):
    """The official schema of ``name``, or of the object at ``inner`` property names inside it
    (HSDS's compiled schemas hold the taxonomy term table's schema inside the attribute's)."""
    schema = json.loads((HSDS / f"{name}.json").read_text(encoding="utf-8"))
    for key in inner:
        schema = schema["properties"][key]
        schema = schema.get("items", schema)
    return jsonschema.Draft202012Validator(closed(schema), format_checker=jsonschema.FormatChecker())


def test_csv_is_a_valid_frictionless_data_package(exported):
    report = frictionless.validate(str(exported / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]
    package = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    fields = package["resources"][0]["schema"]["fields"]
    assert all(field["title"] and field["description"] for field in fields)  # the dictionary, in Polish
    rows = list(csv.DictReader((exported / "uslugi.csv").open(encoding="utf-8")))
    assert sorted(row["id"] for row in rows) == sorted(s["id"] for _, s in listed_services("public"))
    art = next(row for row in rows if row["id"] == "zajecia-plastyczne-dzieci")
    assert (art["wiek_od"], art["wiek_do"]) == ("6", "14")


def test_json_holds_the_public_cards_in_the_card_format(exported):
    data = json.loads((exported / "koszyk.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "site_config" / "schema" / "karta.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for card in data["karty"]:
        assert not list(validator.iter_errors(card)), card["partner"]["nazwa"]
        assert "kontakt_wewnetrzny" not in card["partner"]
    assert len(data["karty"]) == len(raw_cards())
    assert data["koszyk"]["id"] == yaml.safe_load((SAMPLE / "basket.yml").read_text(encoding="utf-8"))["id"]


def test_hsds_services_and_organizations_validate_against_the_official_schemas(exported):
    services = json.loads((exported / "hsds" / "services.json").read_text(encoding="utf-8"))
    organizations = json.loads((exported / "hsds" / "organizations.json").read_text(encoding="utf-8"))
    service_check, organization_check = hsds_validator("service"), hsds_validator("organization")
    problems = [f"{s['name']}: {e.message}" for s in services for e in service_check.iter_errors(s)]
    problems += [f"{o['name']}: {e.message}" for o in organizations for e in organization_check.iter_errors(o)]
    assert problems == []
    assert len(services) == len(listed_services("public")) and len(organizations) == len(raw_cards())


def test_hsds_carries_eligibility_ages_assurance_and_our_vocabularies(exported):
    services = {s["name"]: s for s in json.loads((exported / "hsds" / "services.json").read_text(encoding="utf-8"))}
    cards = raw_cards()
    slug, raw = next((slug, s) for slug, s in listed_services("public") if s["id"] == "zajecia-plastyczne-dzieci")
    art = services[raw["nazwa"]]
    assert (art["minimum_age"], art["maximum_age"]) == (6, 14)
    assert art["assured_date"] == str(cards[slug]["partner"]["ostatnia_weryfikacja"])
    assert art["url"] == "https://koszyk.przykladowo.example.org/uslugi/zajecia-plastyczne-dzieci/"
    table = {term["id"]: term for term in json.loads((exported / "hsds" / "taxonomy_terms.json").read_text(encoding="utf-8"))}
    terms = {(a["link_type"], table[a["taxonomy_term_id"]]["code"]) for a in art["attributes"]}
    assert {("obszar", area) for area in raw["obszary"]} <= terms
    assert ("tryb_dostepu", raw["dostep"]["tryb"]) in terms
    condition = raw["dostep"]["kryteria"][0].get("warunek")
    if condition:
        assert condition in art["eligibility_description"]
    locations = {place["id"]: place for place in json.loads((exported / "hsds" / "locations.json").read_text(encoding="utf-8"))}
    address = locations[art["service_at_locations"][0]["location_id"]]["addresses"][0]
    assert address["country"] == "PL" and address["city"] == cards[slug]["partner"]["adres"]["miejscowosc"]


def test_hsds_terms_and_locations_are_published_once_and_every_link_of_a_service_resolves(exported):
    hsds = exported / "hsds"
    services = json.loads((hsds / "services.json").read_text(encoding="utf-8"))
    organizations = {o["id"] for o in json.loads((hsds / "organizations.json").read_text(encoding="utf-8"))}
    locations = json.loads((hsds / "locations.json").read_text(encoding="utf-8"))
    location_check = hsds_validator("service", "service_at_locations", "location")
    assert [e.message for place in locations for e in location_check.iter_errors(place)] == []
    assert {place["organization_id"] for place in locations} <= organizations
    terms = json.loads((hsds / "taxonomy_terms.json").read_text(encoding="utf-8"))
    taxonomies = json.loads((hsds / "taxonomies.json").read_text(encoding="utf-8"))
    term_check = hsds_validator("service", "attributes", "taxonomy_term")
    taxonomy_check = hsds_validator("service", "attributes", "taxonomy_term", "taxonomy_detail")
    assert [e.message for t in terms for e in term_check.iter_errors(t)] == []
    assert [e.message for t in taxonomies for e in taxonomy_check.iter_errors(t)] == []
    assert len({t["id"] for t in terms}) == len(terms)
    assert {t["taxonomy_id"] for t in terms} == {t["id"] for t in taxonomies}
    term_ids = {t["id"] for t in terms}
    for service in services:
        assert service["organization_id"] in organizations and "organization" not in service
        assert all(a["taxonomy_term_id"] in term_ids and "taxonomy_term" not in a for a in service["attributes"])
        assert all(at["location_id"] in {place["id"] for place in locations} and "location" not in at
                   for at in service.get("service_at_locations", []))
    text = (hsds / "services.json").read_text(encoding="utf-8")
    assert "Słownik „" not in text  # vocabularies are described once, in taxonomies.json


def test_exports_leak_nothing_internal(exported):
    assert find_leaks(exported, intranet_only_values(SAMPLE)) == []


def test_a_broken_basket_is_explained_and_nothing_is_written(basket_copy, tmp_path):
    card = basket_copy / "partnerzy" / "ops-przykladowo.yml"
    card.write_text(card.read_text(encoding="utf-8").replace("tryb: powszechny", "tryb: dla_wszystkich", 1),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["export", "--basket", str(basket_copy), "--output-dir", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "ops-przykladowo.yml:" in result.output and "tryb" in result.output
    assert "Nic nie zapisano" in result.output
    assert not (tmp_path / "out").exists()


def test_public_site_links_the_open_data(sample_site):
    page = (sample_site / "public" / "otwarte-dane" / "index.html").read_text(encoding="utf-8")
    for name in ("uslugi.csv", "partnerzy.csv", "datapackage.json", "slowniki.json", "koszyk.json",
                 "hsds/services.json", "hsds/organizations.json", "hsds/locations.json", "hsds/taxonomy_terms.json",
                 "hsds/taxonomies.json"):
        assert f'href="{name}"' in page
        assert (sample_site / "public" / "otwarte-dane" / name).exists()
