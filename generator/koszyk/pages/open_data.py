"""The page ``otwarte-dane/``: the open data files, their formats and the data dictionary."""

from __future__ import annotations

from ..open_data.hsds import HSDS_VERSION
from ..open_data.tables import FORMULA_NOTE, PARTNER_COLUMNS, SERVICE_COLUMNS
from .rendering import Renderer, SitePage

OPEN_DATA_URI = "otwarte-dane/index.md"


def open_data_page(renderer: Renderer) -> SitePage:
    return renderer.render("open_data.html", OPEN_DATA_URI, "Otwarte dane", hsds_version=HSDS_VERSION,
                           formula_note=FORMULA_NOTE,
                           tables=[("uslugi.csv", "Usługi", SERVICE_COLUMNS), ("partnerzy.csv", "Partnerzy", PARTNER_COLUMNS)])
