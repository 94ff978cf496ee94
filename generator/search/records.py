"""What the search index holds for each service: folded text, facets and display data.

One ``SearchRecord`` per listed service of a basket already cut to its variant
(``variants.basket_for``), so the public index can only hold public services.
Internal contacts and internal notes are never indexed, on either variant.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..individual_basket import basket_entry
from ..model import AgeRange, Basket, Partner, Service, age_text
from ..taxonomy import Taxonomy
from .synonyms import SynonymGroup, expansions
from .text import fold

MAX_AGE = 100
NO_AGE_LIMIT = "bez"
SNIPPET_LENGTH = 220
_MARKDOWN_LINK = re.compile(r"\]\([^)]*\)")
_MARKDOWN_MARKS = re.compile(r"[*_#>`\[\]]+")


@dataclass(frozen=True)
class Facet:
    """A filter of the search page: its URL parameter, heading and where its values come from."""

    param: str
    heading: str
    vocabulary: str | None  # taxonomy vocabulary giving keys and labels; None: values from the data
    values: Callable[[Service, Partner], list[str]]


FACETS: tuple[Facet, ...] = (
    Facet("obszar", "Obszar wsparcia", "obszary", lambda s, p: list(s.areas)),
    Facet("grupa", "Dla kogo", "grupy_docelowe", lambda s, p: list(s.groups)),
    Facet("dostep", "Tryb dostępu", "tryby_dostepu", lambda s, p: [s.access.mode]),
    Facet("kryterium", "Kryteria dostępu", "kryteria", lambda s, p: sorted({c.kind for c in s.access.criteria})),
    Facet("odplatnosc", "Odpłatność", "odplatnosci", lambda s, p: [s.cost] if s.cost else []),
    Facet("zasieg", "Zasięg", "zasiegi", lambda s, p: [s.reach]),
    Facet("typ", "Typ partnera", "typy_partnerow", lambda s, p: [p.type]),
    Facet("status", "Status usługi", "statusy", lambda s, p: [s.status]),
    Facet("gmina", "Miejscowość partnera", None, lambda s, p: [p.address.town] if p.address.town else []),
)


@dataclass
class SearchRecord:
    url: str  # relative to the site root: uslugi/<id>/
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)


def age_bands(services: list[Service]) -> list[tuple[int, int]]:
    """The fewest age bands that every service's age limit is a union of.

    Each band is [start, end]. A service with an age limit is filed under the
    bands inside its limit; the page looks up the band of the age typed in, so
    ``wiek=N`` is answered exactly with a dozen filter values instead of a hundred.
    """
    cuts = {0, MAX_AGE + 1}
    for service in services:
        age = service.access.age
        if age is not None:
            if age.min is not None:
                cuts.add(min(age.min, MAX_AGE + 1))
            if age.max is not None:
                cuts.add(min(age.max + 1, MAX_AGE + 1))
    ordered = sorted(cuts)
    return [(start, end - 1) for start, end in zip(ordered, ordered[1:])]


def band_key(band: tuple[int, int]) -> str:
    return f"{band[0]}-{band[1]}"


def _age_values(age: AgeRange | None, bands: list[tuple[int, int]]) -> list[str]:
    if age is None or (age.min is None and age.max is None):
        return [NO_AGE_LIMIT]
    return [band_key(band) for band in bands if age.admits(band[0]) and age.admits(band[1])]


def plain_text(markdown_text: str) -> str:
    """Partner Markdown without its marks, good enough for indexing and snippets."""
    return " ".join(_MARKDOWN_MARKS.sub("", _MARKDOWN_LINK.sub("]", markdown_text)).split())


def _searchable_text(service: Service, partner: Partner, taxonomy: Taxonomy) -> str:
    labels = [taxonomy.areas.label(k) for k in service.areas] + [taxonomy.groups.label(k) for k in service.groups]
    access = service.access
    criteria = [f"{taxonomy.criteria.label(c.kind)} {c.condition}" for c in access.criteria]
    parts = [
        service.name, partner.name, plain_text(service.description), *labels,
        taxonomy.access_modes.label(access.mode), *criteria, plain_text(access.description),
        taxonomy.costs.label(service.cost) if service.cost else "", service.cost_description,
        service.signup, service.place, taxonomy.partner_types.label(partner.type), partner.address.town,
    ]
    return " ".join(part for part in parts if part)


def search_records(basket: Basket, taxonomy: Taxonomy, synonyms: list[SynonymGroup],
                   basket_fingerprints: bool = False) -> Iterator[SearchRecord]:
    """One record per listed service, names first so that a name match ranks high.

    ``basket_fingerprints`` (intranet): each result carries the fingerprint the
    individual basket keeps, so a service added from the results can be checked later.
    """
    listed = [(service, partner) for partner in basket.partners for service in partner.services if service.is_listed]
    bands = age_bands([service for service, _ in listed])
    for service, partner in listed:
        text = _searchable_text(service, partner, taxonomy)
        content = " ".join([fold(text), *expansions(text, synonyms)])
        filters = {facet.param: facet.values(service, partner) for facet in FACETS}
        filters["wiek"] = _age_values(service.access.age, bands)
        meta = {
            "title": service.name, "id": service.id, "partner": partner.name,
            "dostep": service.access.mode, "status": service.status,
            "koszt": taxonomy.costs.label(service.cost) if service.cost else "",
            "wiek": age_text(service.access.age),
            "opis": _snippet(plain_text(service.description) or plain_text(service.access.description)),
        }
        if basket_fingerprints:
            meta["fp"] = basket_entry(service, partner, taxonomy)["fp"]
        yield SearchRecord(f"uslugi/{service.id}/", content, meta,
                           {key: values for key, values in filters.items() if values},
                           {"nazwa": fold(service.name)})


def _snippet(text: str) -> str:
    if len(text) <= SNIPPET_LENGTH:
        return text
    return text[:SNIPPET_LENGTH].rsplit(" ", 1)[0] + "…"
