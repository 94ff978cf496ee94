"""The search page ``szukaj/``: a form whose facets are rendered here, driven by ``szukaj.js``.

The page carries what the script needs as JSON (facet headings and labels), so
the script holds no vocabulary of its own; the index itself is ``szukaj/indeks/``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..escaping import json_for_html
from ..model import Basket
from ..search.records import FACETS, GMINA_HEADING
from .rendering import Renderer, SitePage

SEARCH_URI = "szukaj/index.md"


@dataclass(frozen=True)
class FacetOption:
    key: str
    label: str


@dataclass(frozen=True)
class FacetGroup:
    param: str
    heading: str
    options: list[FacetOption]


def facet_groups(basket: Basket, renderer: Renderer) -> list[FacetGroup]:
    """Every facet with its possible values; the place facet only when partners sit in several places.

    In a collection the ``gmina`` facet lists the collection's sources (the gmina a
    service comes from), whatever town its partner sits in."""
    groups = []
    for facet in FACETS:
        if facet.vocabulary is not None:
            vocabulary = renderer.taxonomy[facet.vocabulary]
            options = [FacetOption(term.key, term.label) for term in vocabulary]
        elif basket.is_collection:  # the gmina each service comes from, in the order of zestawienie.yml
            options = [FacetOption(source.id, source.name) for source in basket.sources]
            groups.append(FacetGroup(facet.param, GMINA_HEADING, options))
            continue
        else:
            places = sorted({p.address.town for p in basket.partners if p.address.town}, key=str.casefold)
            if len(places) < 2:
                continue
            options = [FacetOption(place, place) for place in places]
        groups.append(FacetGroup(facet.param, facet.heading, options))
    return groups


def search_page(basket: Basket, renderer: Renderer) -> SitePage:
    groups = facet_groups(basket, renderer)
    settings = {
        "facets": {g.param: {"heading": g.heading, "labels": {o.key: o.label for o in g.options}} for g in groups},
        "modes": {term.key: term.label for term in renderer.taxonomy.access_modes},
        "statuses": {term.key: term.label for term in renderer.taxonomy.statuses},
    }
    return renderer.render("search.html", SEARCH_URI, "Szukaj usług", groups=groups,
                           settings=json_for_html(settings), total=len(basket.listed_services))
