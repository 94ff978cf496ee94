"""Browse pages (by area, target group, access mode, partner type), the matrix and the home page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..helplines import Helpline
from ..model import Basket, Service
from ..taxonomy import Taxonomy, Vocabulary
from .collection import gmina_browse_entries
from .needs import NeedTile
from .rendering import Renderer, SitePage


@dataclass(frozen=True)
class Dimension:
    """One way to browse: a URL folder, a vocabulary and which keys a service has in it."""

    slug: str
    title: str
    vocabulary: Vocabulary
    keys_of: Callable[[Service], list[str]]
    resident_title: str = ""  # the public site's heading, where the model's word is jargon


@dataclass(frozen=True)
class FacetValue:
    label: str
    src_uri: str
    count: int


def dimensions(taxonomy: Taxonomy, partner_type: dict[str, str]) -> list[Dimension]:
    return [
        Dimension("obszary", "Obszary współpracy", taxonomy.areas, lambda s: s.areas),
        Dimension("grupy", "Grupy docelowe", taxonomy.groups, lambda s: s.groups),
        Dimension("dostep", "Tryb dostępu", taxonomy.access_modes, lambda s: [s.access.mode], "Kto może skorzystać"),
        Dimension("typy", "Typy partnerów", taxonomy.partner_types, lambda s: [partner_type[s.partner_slug]]),
    ]


def browse_pages(basket: Basket, renderer: Renderer) -> Iterator[SitePage]:
    partners = {partner.slug: partner for partner in basket.partners}
    services = sorted(basket.services, key=lambda s: s.name.casefold())
    index = []
    for dimension in dimensions(renderer.taxonomy, {p.slug: p.type for p in basket.partners}):
        by_key: dict[str, list[Service]] = {term.key: [] for term in dimension.vocabulary}
        for service in services:
            for key in dimension.keys_of(service):
                by_key[key].append(service)
        values = []
        public = renderer.variant != "intranet"
        title = (dimension.resident_title if public else "") or dimension.vocabulary.title
        for term in dimension.vocabulary:
            src_uri = f"przegladaj/{dimension.slug}/{term.key}.md"
            label = renderer.words(dimension.vocabulary, term.key) or term.label
            values.append(FacetValue(label, src_uri, len(by_key[term.key])))
            yield from renderer.render_listing_later(
                "listing.html", src_uri, f"{title}: {label}", by_key[term.key], partners, intro=term.description,
                caption=label, gap_hint=False, back=("przegladaj/index.md", "Wszystkie kategorie"),
            )
        index.append((Dimension(dimension.slug, (dimension.resident_title if public else "") or dimension.title,
                                dimension.vocabulary, dimension.keys_of), values))
    gminas = [FacetValue(label, src_uri, count) for label, count, src_uri in gmina_browse_entries(basket)]
    if gminas:
        index.append((Dimension("gminy", "Gmina", None, lambda s: []), gminas))
    yield renderer.render("browse_index.html", "przegladaj/index.md", "Przeglądaj lokalny koszyk usług", dimensions=index)


def area_group_counts(basket: Basket) -> Counter:
    """(area, group) → number of listed services that have both."""
    counts: Counter = Counter()
    for service in basket.services:
        for area in service.areas:
            for group in service.groups:
                counts[(area, group)] += 1
    return counts


def matrix_pages(basket: Basket, renderer: Renderer) -> Iterator[SitePage]:
    """One listing per area × target group, unless the list's level leaves them to the
    search page (``Taxonomy.lists_in_search``)."""
    if renderer.lists_in_search:
        return
    taxonomy = renderer.taxonomy
    partners = {partner.slug: partner for partner in basket.partners}
    cells: dict[tuple[str, str], list[Service]] = {}
    for service in sorted(basket.services, key=lambda s: s.name.casefold()):
        for area in service.areas:
            for group in service.groups:
                cells.setdefault((area, group), []).append(service)
    for area in taxonomy.areas:
        for group in taxonomy.groups:
            found = cells.get((area.key, group.key), [])
            yield from renderer.render_listing_later(
                "listing.html", f"przegladaj/macierz/{area.key}/{group.key}.md",
                f"{area.label} · {group.label}", found, partners, intro="",
                caption=f"{area.label}, {group.label}", gap_hint=True, back=("index.md", "Wróć do macierzy"),
            )


def home_page(basket: Basket, renderer: Renderer, tiles: list[NeedTile] | None = None,
              helplines: tuple[Helpline, ...] = ()) -> SitePage:
    """The home: on the public site, a search box, need tiles and help lines come first; both keep the matrix."""
    counts = area_group_counts(basket)
    matrix = {(a.key, g.key): counts.get((a.key, g.key), 0) for a in renderer.taxonomy.areas for g in renderer.taxonomy.groups}
    return renderer.render(
        "home.html", "index.md", basket.name, basket=basket, matrix=matrix,
        service_count=len(basket.services), partner_count=len(basket.partners),
        tiles=tiles or [], helplines=helplines,
    )
