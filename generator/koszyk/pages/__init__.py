"""Everything the site shows of a basket, as pages: pure functions of the basket.

``site_pages`` takes a ``SiteContext`` (a basket already cut to one variant by
``variants.basket_for``, and what else the pages show) and returns the pages; the
MkDocs plugin only hands them to MkDocs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Basket
from ..problems import resolved_each
from ..reports import Report
from ..taxonomy import Taxonomy
from ..variants import Variant
from .browse import browse_pages, home_page, matrix_pages
from .catalogue import partner_pages, service_pages
from .collection import gmina_pages
from .needs import need_tiles
from ..helplines import Helpline
from ..search.thesaurus import Thesaurus
from .reference import reference_page
from ..history import History
from .individual import basket_page
from .form import form_page
from .news import news_page, visible_changes
from .open_data import open_data_page
from .search import search_page
from .report_pages import report_pages
from .statutory import AccessibilityInfo, statutory_pages
from .rendering import LISTING_ROWS, Renderer, SitePage, page_url

__all__ = ["IntranetData", "SiteContext", "SitePage", "page_url", "repository_links", "site_pages"]


def repository_links(repo_url: str, branch: str) -> tuple[str, str]:
    """Where a card is edited and where a change is proposed, on GitHub or GitLab."""
    if not repo_url:
        return "", ""
    base = repo_url.rstrip("/")
    if "gitlab" in base:
        return f"{base}/-/edit/{branch}/", f"{base}/-/issues/new"
    return f"{base}/edit/{branch}/", f"{base}/issues/new"


@dataclass(frozen=True)
class IntranetData:
    """What only the intranet shows: the reports and the individual basket's fingerprints."""

    report: Report
    other_reports: list[Report] = field(default_factory=list)
    fingerprints: dict[str, str] = field(default_factory=dict)  # service id → fingerprint, on "Dodaj do koszyka"


@dataclass(frozen=True)
class SiteContext:
    """Everything the pages of one variant are made from (the plugin builds it once)."""

    basket: Basket  # already cut to ``variant`` (``variants.basket_for``)
    taxonomy: Taxonomy
    variant: Variant
    today: dt.date
    repo_root: Path
    repo_url: str = ""
    edit_branch: str = "main"
    accessibility: AccessibilityInfo | None = None
    history: History | None = None
    intranet: IntranetData | None = None
    thesaurus: Thesaurus | None = None  # its need tiles go on the public home
    helplines: tuple[Helpline, ...] = ()  # the public home's crisis block
    repo_public: bool = False  # anyone may open repo_url: only then the public site links to the forge
    report_to: str = ""  # public site: "Zgłoś nieaktualne informacje" writes here (site_config/osrodek.yml)
    site_url: str = ""
    tile_counts: dict[str, int] | None = None  # need tile label → services its search lists (search index)
    cache_dir: Path | None = None  # what builds keep for the next (listing rows among them); None: nothing
    listing_rows: int = LISTING_ROWS  # services on one page of a listing

    def card_paths(self) -> dict[str, str]:
        """Each partner's card as a path in the repository, for "Zgłoś zmianę" links."""
        root = self.repo_root.resolve()
        placed = [partner for partner in self.basket.partners if partner.path is not None]
        return {partner.slug: path.relative_to(root).as_posix()
                for partner, path in zip(placed, resolved_each([partner.path for partner in placed]))
                if path is not None and path.is_relative_to(root)}


def site_pages(context: SiteContext) -> list[SitePage]:
    """Every page of one variant; the intranet adds the ``raporty/`` pages and the individual basket.

    Links to the forge (edit the card, open an issue) go on the intranet, and on the
    public site only when ``repo_public``: residents cannot sign in to a private
    repository. The public site offers an e-mail to ``report_to`` instead."""
    basket, variant, intranet = context.basket, Variant(context.variant), context.intranet
    forge = context.repo_public or variant.is_intranet
    renderer = Renderer(context.taxonomy, variant, context.today,
                        *(repository_links(context.repo_url, context.edit_branch) if forge else ("", "")),
                        intranet.fingerprints if intranet else None, basket.level)
    if not variant.is_intranet:
        renderer.report_to, renderer.site_url = context.report_to, context.site_url
    renderer.keep_rows_in(context.cache_dir)
    renderer.listing_rows = context.listing_rows
    card_paths = context.card_paths()
    public_home = not variant.is_intranet
    tiles = need_tiles(context.thesaurus, context.tile_counts or {}) if context.thesaurus is not None and public_home else []
    pages = [home_page(basket, renderer, tiles, context.helplines if public_home else ())]
    pages += service_pages(basket, renderer, card_paths)
    pages += partner_pages(basket, renderer, card_paths)
    pages += browse_pages(basket, renderer)
    pages += gmina_pages(basket, renderer)
    pages += matrix_pages(basket, renderer)
    pages.append(reference_page(renderer))
    pages.append(search_page(basket, renderer))
    pages.append(form_page(basket, renderer, forge and bool(context.repo_url)))
    if not variant.is_intranet:
        pages.append(open_data_page(renderer))
    if context.history is not None:
        listed = {service.id for service in basket.services}
        changes = visible_changes(context.history, variant.is_intranet)
        pages.append(news_page(context.history, changes, renderer, listed))
    if variant.is_intranet:
        pages.append(basket_page(renderer))
    if context.accessibility is not None:
        pages += statutory_pages(context.accessibility, renderer)
    if intranet is not None:
        pages += report_pages(intranet.report, renderer, intranet.other_reports)
    return pages
