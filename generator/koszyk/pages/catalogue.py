"""Pages for every service and partner, and the list of partners."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from markupsafe import Markup

from ..escaping import json_for_html
from ..model import Basket, Partner
from ..tools.partner_files import declaration_values, listed_card, review_rows
from ..variants import PUBLIC, Variant, basket_for
from .rendering import Renderer, SitePage


def _partner_tools(basket: Basket, public: dict[str, Partner], partner: Partner, renderer: Renderer) -> Markup | str:
    """What the intranet partner page's tools are filled with (``tools.partner_files``): the review
    workbook's rows (every field: the workbook goes to the partner itself) and the declaration's
    values (public data only, as ``koszyk deklaracje``)."""
    slug = partner.slug
    card = basket.cards.get(slug)
    if not card:
        return ""
    return json_for_html({"file": slug, "rows": review_rows(slug, listed_card(card, partner), renderer.taxonomy),
                          "declaration": declaration_values(public[slug], renderer.taxonomy)})


def service_pages(basket: Basket, renderer: Renderer, card_paths: dict[str, str]) -> Iterator[SitePage]:
    """A page per service, rendered only when its finished page is not in the cache; the
    template gets the service and its partner's own data, nothing of other cards or services
    (``render_later``): a change to one service leaves its siblings' pages as they were."""
    for partner in basket.partners:
        alone = replace(partner, services=[])
        for service in partner.services:
            yield renderer.render_later(
                "service.html", f"uslugi/{service.id}.md", service.name,
                edit_path=card_paths.get(partner.slug, ""), shown_services=(service.id,),
                service=replace(service, line=0), partner=alone,  # its line in the card: for error messages only
            )


def partner_pages(basket: Basket, renderer: Renderer, card_paths: dict[str, str]) -> Iterator[SitePage]:
    partners = {partner.slug: partner for partner in basket.partners}
    intranet = Variant(renderer.variant).is_intranet
    public = {partner.slug: partner for partner in basket_for(basket, PUBLIC).partners} if intranet else {}
    for partner in basket.partners:
        own = {slug: partners[slug] for slug in sorted({partner.slug, *(s.partner_slug for s in partner.services)})}
        yield renderer.render_later(
            "partner.html", f"partnerzy/{partner.slug}.md", partner.name,
            edit_path=card_paths.get(partner.slug, ""), shown_services=[s.id for s in partner.services],
            partner=partner, partners=own,  # the partners its service rows name, no other card
            partner_tools=_partner_tools(basket, public, partner, renderer) if intranet else "",
        )
    ordered = sorted(basket.partners, key=lambda p: p.name.casefold())
    yield renderer.render("partners_index.html", "partnerzy/index.md", "Partnerzy", partners=ordered)
