"""Pages for every service and partner, and the list of partners."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from ..escaping import json_for_html
from ..model import Basket, Partner
from ..tools.partner_files import declaration_values, listed_card, review_rows
from ..taxonomy import Taxonomy
from ..excel.metadata import card_fingerprint_for
from ..variants import INTRANET, PUBLIC, Variant, partner_for
from .rendering import Renderer, SitePage


@dataclass(frozen=True)
class PartnerTools:
    """What the intranet partner page's tools are filled with (``tools.partner_files``): the review
    workbook's rows (every field: the workbook goes to the partner itself) and the declaration's
    values (public data only, as ``koszyk deklaracje``). Made only when the page is rendered
    (``__html__``): making them for all 3,000 partners of a 30,000-service basket cost about 4 s
    of every intranet rebuild, for pages the cache then served.

    Its ``repr`` (what the page is keyed on, ``Renderer.render_later``) is the card's data; the
    partner is keyed as the page's own ``partner`` and the taxonomy in the renderer's stamp."""

    slug: str
    card: dict | None
    partner: Partner = field(repr=False)
    taxonomy: Taxonomy = field(repr=False)

    def __bool__(self) -> bool:
        return bool(self.card)

    def __html__(self) -> str:
        public = partner_for(self.partner, PUBLIC)
        return json_for_html({"file": self.slug,
                              "rows": review_rows(self.slug, listed_card(self.card, self.partner), self.taxonomy),
                              # the whole card as the intranet workbooks' fingerprint takes it (intranet pages only)
                              "fingerprint": card_fingerprint_for(self.card, INTRANET, self.taxonomy),
                              "declaration": declaration_values(public, self.taxonomy)})


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
                service=service, partner=alone,  # keyed without its line in the card (``service_digest``)
            )


def partner_pages(basket: Basket, renderer: Renderer, card_paths: dict[str, str]) -> Iterator[SitePage]:
    partners = {partner.slug: partner for partner in basket.partners}
    intranet = Variant(renderer.variant).is_intranet
    for partner in basket.partners:
        own = {slug: partners[slug] for slug in sorted({partner.slug, *(s.partner_slug for s in partner.services)})}
        yield renderer.render_later(
            "partner.html", f"partnerzy/{partner.slug}.md", partner.name,
            edit_path=card_paths.get(partner.slug, ""), shown_services=[s.id for s in partner.services],
            partner=partner, partners=own,  # the partners its service rows name, no other card
            card_here=basket.keeps_card_of(partner),  # the card form offers it (else: kept by its sources)
            own_card=any(basket.is_own(source) for source in partner.sources),  # merged with a card of its own
            partner_tools=(PartnerTools(partner.slug, basket.cards.get(partner.slug), partner, renderer.taxonomy)
                           if intranet else ""),
        )
    ordered = sorted(basket.partners, key=lambda p: p.name.casefold())
    yield renderer.render("partners_index.html", "partnerzy/index.md", "Partnerzy", partners=ordered)
