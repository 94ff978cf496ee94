"""The individual basket page ``koszyk/`` (intranet): a shell that ``koszyk-strona.js`` fills
from the browser's storage and ``koszyk/uslugi.json`` (see ``individual_basket``)."""

from __future__ import annotations

from .rendering import Renderer, SitePage

BASKET_URI = "koszyk/index.md"
BASKET_DATA = "koszyk/uslugi.json"


def basket_page(renderer: Renderer) -> SitePage:
    return renderer.render("basket.html", BASKET_URI, "Koszyk indywidualny")
