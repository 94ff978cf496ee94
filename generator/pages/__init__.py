"""Everything the site shows of a basket, as pages: pure functions of the basket.

``site_pages`` takes a basket already cut to one variant (``variants.basket_for``)
and returns the pages; the MkDocs plugin only hands them to MkDocs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..model import Basket
from ..reports import Report
from ..taxonomy import Taxonomy
from .browse import browse_pages, home_page, matrix_pages
from .catalogue import partner_pages, service_pages
from .needs import need_tiles
from ..helplines import Helpline
from ..search.thesaurus import Thesaurus
from .reference import reference_page
from ..history import History
from .individual import basket_page
from .news import news_page, visible_changes
from .open_data import open_data_page
from .search import search_page
from .report_pages import report_pages
from .statutory import AccessibilityInfo, statutory_pages
from .rendering import Renderer, SitePage, page_url

__all__ = ["SitePage", "page_url", "repository_links", "site_pages"]


def repository_links(repo_url: str, branch: str) -> tuple[str, str]:
    """Where a card is edited and where a change is proposed, on GitHub or GitLab."""
    if not repo_url:
        return "", ""
    base = repo_url.rstrip("/")
    if "gitlab" in base:
        return f"{base}/-/edit/{branch}/", f"{base}/-/issues/new"
    return f"{base}/edit/{branch}/", f"{base}/issues/new"


def site_pages(basket: Basket, taxonomy: Taxonomy, variant: str, today: dt.date,
               repo_root: Path, repo_url: str = "", branch: str = "main",
               accessibility: AccessibilityInfo | None = None, report: Report | None = None,
               other_reports: list[Report] | None = None, history: History | None = None,
               fingerprints: dict[str, str] | None = None, thesaurus: Thesaurus | None = None,
               helplines: tuple[Helpline, ...] = ()) -> list[SitePage]:
    """Every page of one variant. ``report`` (intranet only) adds the ``raporty/`` pages;
    ``fingerprints`` (intranet) go on the "Dodaj do koszyka" buttons; the public home
    shows the ``thesaurus``'s need tiles and the crisis block's ``helplines``."""
    renderer = Renderer(taxonomy, variant, today, *repository_links(repo_url, branch), fingerprints)
    card_paths = {
        partner.slug: partner.path.resolve().relative_to(repo_root.resolve()).as_posix()
        for partner in basket.partners if partner.path is not None
        and partner.path.resolve().is_relative_to(repo_root.resolve())
    }
    tiles = need_tiles(thesaurus, basket) if thesaurus is not None and variant == "public" else []
    pages = [home_page(basket, renderer, tiles, helplines if variant == "public" else ())]
    pages += service_pages(basket, renderer, card_paths)
    pages += partner_pages(basket, renderer, card_paths)
    pages += browse_pages(basket, renderer)
    pages += matrix_pages(basket, renderer)
    pages.append(reference_page(renderer))
    pages.append(search_page(basket, renderer))
    if variant == "public":
        pages.append(open_data_page(renderer))
    if history is not None:
        listed = {service.id for service in basket.services}
        pages.append(news_page(history, visible_changes(history, variant == "intranet"), renderer, listed))
    if variant == "intranet":
        pages.append(basket_page(renderer))
    if accessibility is not None:
        pages += statutory_pages(accessibility, renderer)
    if report is not None:
        pages += report_pages(report, renderer, other_reports or [])
    return pages
