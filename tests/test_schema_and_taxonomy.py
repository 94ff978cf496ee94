"""The JSON Schema is generated, committed up to date, and agrees with the validator."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import yaml

from koszyk import monitoring
from koszyk.monitoring_schema import ALLOWED, monitoring_json_schema
from koszyk.schema_export import repository_schema_files
from koszyk.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "site_config" / "schema"


def test_committed_schema_matches_the_model():
    for name, text in repository_schema_files().items():
        committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert committed == text, f"{name} is stale: run `koszyk schema`"


def _as_json(value):
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_every_sample_card_passes_the_json_schema():
    card_schema = json.loads((SCHEMA_DIR / "karta.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(card_schema)
    cards = sorted(ROOT.glob("baskets/*/partnerzy/*.yml"))
    assert len(cards) > 30
    for card in cards:
        data = _as_json(yaml.safe_load(card.read_text(encoding="utf-8")))
        errors = list(validator.iter_errors(data))
        assert not errors, f"{card.name}: {errors[0].message}"


def test_schema_rejects_what_the_validator_rejects():
    card_schema = json.loads((SCHEMA_DIR / "karta.schema.json").read_text(encoding="utf-8"))
    bad = {"partner": {"nazwa": "X", "typ": "nieznany"}, "uslugi": []}
    assert list(jsonschema.Draft202012Validator(card_schema).iter_errors(bad))


def test_every_sample_card_points_editors_at_the_schema():
    for card in ROOT.glob("baskets/*/partnerzy/*.yml"):
        first = card.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../../site_config/schema/karta.schema.json"


def test_taxonomy_has_every_vocabulary_of_the_contract():
    taxonomy = load_taxonomy()
    assert len(taxonomy.areas) == 14 and len(taxonomy.groups) == 13
    assert taxonomy.access_modes.keys == ["powszechny", "selektywny", "selektywny_do_upowszechnienia"]
    assert "poradnia_pp" in taxonomy.partner_types and "inny" in taxonomy.partner_types
    for vocabulary in taxonomy.vocabularies.values():
        for term in vocabulary:
            assert term.label and term.description, f"{vocabulary.name}.{term.key}"


def _monitoring_validator():
    register_schema = json.loads((SCHEMA_DIR / "monitoring.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(register_schema, format_checker=jsonschema.FormatChecker())


def _sample_register():
    return _as_json(yaml.safe_load((ROOT / "baskets" / "przykladowo" / "monitoring.yml").read_text(encoding="utf-8")))


def test_the_sample_monitoring_register_passes_its_json_schema_and_points_editors_at_it():
    path = ROOT / "baskets" / "przykladowo" / "monitoring.yml"
    assert path.read_text(encoding="utf-8").splitlines()[0] == \
        "# yaml-language-server: $schema=../../site_config/schema/monitoring.schema.json"
    register = _sample_register()
    assert all(register[section] for section in ("wnioski", "konsultacje", "konflikty"))
    errors = list(_monitoring_validator().iter_errors(register))
    assert not errors, errors[0].message


def test_the_monitoring_schema_rejects_a_pesel_field_and_a_pesel_shaped_number():
    with_key = _sample_register()
    with_key["konsultacje"][0]["pesel"] = "85010112345"
    assert any("pesel" in error.message for error in _monitoring_validator().iter_errors(with_key))
    in_text = _sample_register()
    in_text["wnioski"][0]["czego_dotyczy"] = "Pomoc dla osoby 85010112345"
    errors = list(_monitoring_validator().iter_errors(in_text))
    assert [list(error.path) for error in errors] == [["wnioski", 0, "czego_dotyczy"]]


def test_the_monitoring_schema_rejects_an_unknown_decision_and_a_missing_date():
    bad = _sample_register()
    bad["wnioski"][0]["decyzja"] = "zaakceptowany"
    del bad["konflikty"][0]["data"]
    paths = sorted(list(error.path) for error in _monitoring_validator().iter_errors(bad))
    assert paths == [["konflikty", 0], ["wnioski", 0, "decyzja"]]


def test_the_monitoring_schema_has_exactly_the_registers_fields():
    properties = monitoring_json_schema()["properties"]
    for section, allowed in ALLOWED.items():
        assert set(properties[section]["items"]["properties"]) == allowed
        assert not set(properties[section]["items"]["properties"]) & monitoring.PERSONAL_KEYS
