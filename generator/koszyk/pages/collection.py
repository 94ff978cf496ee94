"""What a collection adds to the site: one page per gmina (its services and its matrix).

Every service of a collection knows its ``Source``; the browse index gets a "Gmina"
section, each gmina a page ``przegladaj/gminy/<id>/`` with the counts of its
services by area and target group and the list of them (in a national list, a
link to them in the search page instead: ``Taxonomy.lists_in_search``). A plain
basket has no sources and gets none of this.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..model import Basket, Service, Source
from .rendering import Renderer, SitePage

GMINA_FOLDER = "przegladaj/gminy"


def gmina_src_uri(source: Source) -> str:
    return f"{GMINA_FOLDER}/{source.id}.md"


def services_by_source(basket: Basket) -> dict[str, list[Service]]:
    """Source id → its services (as the basket, already cut to a variant, holds them), by name."""
    grouped: dict[str, list[Service]] = {source.id: [] for source in basket.sources}
    for service in sorted(basket.services, key=lambda s: s.name.casefold()):
        if service.source is not None:
            grouped.setdefault(service.source.id, []).append(service)
    return grouped


def gmina_browse_entries(basket: Basket) -> list[tuple[str, int, str]]:
    """(label, count, src_uri) for the browse index's "Gmina" section; empty for a plain basket."""
    grouped = services_by_source(basket)
    return [(source.name, len(grouped.get(source.id, [])), gmina_src_uri(source)) for source in basket.sources]


def gmina_pages(basket: Basket, renderer: Renderer) -> Iterator[SitePage]:
    partners = {partner.slug: partner for partner in basket.partners}
    grouped = services_by_source(basket)
    taxonomy = renderer.taxonomy
    for source in basket.sources:
        services = grouped.get(source.id, [])
        counts = Counter((area, group) for service in services for area in service.areas for group in service.groups)
        matrix = {(a.key, g.key): counts.get((a.key, g.key), 0) for a in taxonomy.areas for g in taxonomy.groups}
        if renderer.lists_in_search:  # the counts only; the search page lists the services
            yield renderer.render_later("gmina.html", gmina_src_uri(source), source.name,
                                        source=source, matrix=matrix, total=len(services))
        else:
            yield from renderer.render_listing_later("gmina.html", gmina_src_uri(source), source.name, services,
                                                     partners, source=source, matrix=matrix)
