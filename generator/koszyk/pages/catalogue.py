"""Pages for every service and partner, and the list of partners."""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup

from ..escaping import json_for_html
from ..model import Basket
from ..tools.partner_files import review_rows
from ..variants import Variant
from .rendering import Renderer, SitePage


def _review_rows(basket: Basket, slug: str, renderer: Renderer) -> Markup | str:
    """The partner's review-workbook rows for its intranet page (``tools.partner_files``)."""
    card = basket.cards.get(slug)
    return json_for_html({"file": slug, "rows": review_rows(slug, card, renderer.taxonomy)}) if card else ""


def service_pages(basket: Basket, renderer: Renderer, card_paths: dict[str, str]) -> Iterator[SitePage]:
    partners = {partner.slug: partner for partner in basket.partners}
    for partner in basket.partners:
        for service in partner.services:
            yield renderer.render(
                "service.html", f"uslugi/{service.id}.md", service.name,
                edit_path=card_paths.get(partner.slug, ""),
                service=service, partner=partner, partners=partners,
            )


def partner_pages(basket: Basket, renderer: Renderer, card_paths: dict[str, str]) -> Iterator[SitePage]:
    partners = {partner.slug: partner for partner in basket.partners}
    intranet = Variant(renderer.variant).is_intranet
    for partner in basket.partners:
        yield renderer.render(
            "partner.html", f"partnerzy/{partner.slug}.md", partner.name,
            edit_path=card_paths.get(partner.slug, ""), partner=partner, partners=partners,
            review_rows=_review_rows(basket, partner.slug, renderer) if intranet else "",
        )
    ordered = sorted(basket.partners, key=lambda p: p.name.casefold())
    yield renderer.render("partners_index.html", "partnerzy/index.md", "Partnerzy", partners=ordered)
