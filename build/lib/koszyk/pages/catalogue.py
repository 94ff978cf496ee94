"""Pages for every service and partner, and the list of partners."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Basket
from .rendering import Renderer, SitePage


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
    for partner in basket.partners:
        yield renderer.render(
            "partner.html", f"partnerzy/{partner.slug}.md", partner.name,
            edit_path=card_paths.get(partner.slug, ""), partner=partner, partners=partners,
        )
    ordered = sorted(basket.partners, key=lambda p: p.name.casefold())
    yield renderer.render("partners_index.html", "partnerzy/index.md", "Partnerzy", partners=ordered)
