"""The JSON Schema files of a card, a basket and the monitoring register, as written to ``site_config/schema/``.

The site offers the card's and the basket's for download; the register's serves editors of the repository.
"""

from __future__ import annotations

import json

from . import schema
from .monitoring_schema import monitoring_json_schema
from .taxonomy import Taxonomy, load_taxonomy


def schema_files(taxonomy: Taxonomy | None = None) -> dict[str, str]:
    """The schema files for ``taxonomy`` (by default the repository's)."""
    taxonomy = taxonomy or load_taxonomy()
    documents = {
        "karta.schema.json": schema.json_schema(schema.CARD, taxonomy, "Karta usług partnera"),
        "koszyk.schema.json": schema.json_schema(schema.BASKET, taxonomy, "Koszyk usług"),
    }
    return {name: json.dumps(doc, ensure_ascii=False, indent=2) + "\n" for name, doc in documents.items()}


def repository_schema_files(taxonomy: Taxonomy | None = None) -> dict[str, str]:
    """Everything ``koszyk schema`` writes: the published schemas and the monitoring register's."""
    register = json.dumps(monitoring_json_schema(), ensure_ascii=False, indent=2) + "\n"
    return {**schema_files(taxonomy), "monitoring.schema.json": register}
