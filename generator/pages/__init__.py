"""Everything the site shows of a basket, as pages: pure functions of the basket.

``site_pages`` takes a basket already cut to one variant (``variants.basket_for``)
and returns the pages; the MkDocs plugin only hands them to MkDocs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..model import Basket
from ..taxonomy import Taxonomy
from .browse import browse_pages, home_page, matrix_pages
from .catalogue import partner_pages, service_pages
from .rendering import Renderer, SitePage, page_url

__all__ = ["SitePage", "page_url", "site_pages"]


def site_pages(basket: Basket, taxonomy: Taxonomy, variant: str, today: dt.date,
               repo_root: Path, edit_base: str = "") -> list[SitePage]:
    renderer = Renderer(taxonomy, variant, today, edit_base)
    card_paths = {
        partner.slug: partner.path.resolve().relative_to(repo_root.resolve()).as_posix()
        for partner in basket.partners if partner.path is not None
        and partner.path.resolve().is_relative_to(repo_root.resolve())
    }
    pages = [home_page(basket, renderer)]
    pages += service_pages(basket, renderer, card_paths)
    pages += partner_pages(basket, renderer, card_paths)
    pages += browse_pages(basket, renderer)
    pages += matrix_pages(basket, renderer)
    return pages
