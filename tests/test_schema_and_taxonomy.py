"""The JSON Schema is generated, committed up to date, and agrees with the validator."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import yaml

from koszyk.schema_export import schema_files
from koszyk.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "site_config" / "schema"


def test_committed_schema_matches_the_model():
    for name, text in schema_files().items():
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
