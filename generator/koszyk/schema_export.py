"""The JSON Schema files of a card and a basket, as written to ``site_config/schema/``."""

from __future__ import annotations

import json

from . import schema
from .taxonomy import Taxonomy, load_taxonomy


def schema_files(taxonomy: Taxonomy | None = None) -> dict[str, str]:
    """The schema files for ``taxonomy`` (by default the repository's)."""
    taxonomy = taxonomy or load_taxonomy()
    documents = {
        "karta.schema.json": schema.json_schema(schema.CARD, taxonomy, "Karta usług partnera"),
        "koszyk.schema.json": schema.json_schema(schema.BASKET, taxonomy, "Koszyk usług"),
    }
    return {name: json.dumps(doc, ensure_ascii=False, indent=2) + "\n" for name, doc in documents.items()}
