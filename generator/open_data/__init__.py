"""Open data from a basket, always its public variant: CSV + Data Package, JSON, HSDS.

``open_data_files`` returns ``{relative path: text}``; ``koszyk export`` writes
them to a folder and the site publishes them under ``otwarte-dane/``.
"""

from __future__ import annotations

import json

from ..model import Basket
from ..taxonomy import Taxonomy
from ..variants import PUBLIC, basket_for, card_data_for
from .hsds import HSDS_VERSION, hsds_documents
from .tables import data_package

FORMATS = ("csv", "json", "hsds")


def _json(data, compact: bool = False) -> str:
    """Small files indented for people; the big ones (a line per record matters little) compact."""
    if compact:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str) + "\n"
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


def vocabularies(taxonomy: Taxonomy) -> dict:
    return {name: {term.key: {"etykieta": term.label, "opis": term.description} for term in vocabulary}
            for name, vocabulary in taxonomy.vocabularies.items()}


def open_data_files(full_basket: Basket, taxonomy: Taxonomy, formats: tuple[str, ...] = FORMATS,
                    site_url: str = "") -> dict[str, str]:
    """The files of the chosen formats, from the public variant of ``full_basket``."""
    basket = basket_for(full_basket, PUBLIC)
    files: dict[str, str] = {"slowniki.json": _json(vocabularies(taxonomy))}
    if "csv" in formats:
        files.update(data_package(basket, taxonomy))
    if "json" in formats:
        cards = [card_data_for(data, PUBLIC) for _, data in sorted(full_basket.cards.items())]
        header = {"id": basket.id, "nazwa": basket.name, "teryt": basket.teryt, "poziom": basket.level}
        files["koszyk.json"] = _json({"koszyk": header, "karty": cards}, compact=True)
    if "hsds" in formats:
        services, organizations = hsds_documents(basket, taxonomy, site_url)
        files["hsds/services.json"] = _json(services, compact=True)
        files["hsds/organizations.json"] = _json(organizations, compact=True)
        files["hsds/README.txt"] = (f"Open Referral HSDS {HSDS_VERSION}, format skompilowany (obiekty zagnieżdżone).\n"
                                    "services.json: usługi z organizacją, miejscem, atrybutami (słowniki koszyka).\n"
                                    "organizations.json: partnerzy.\n")
    return files
