"""Plain data classes for a basket, its partners and their services.

Python names are English; the Polish YAML key each field comes from is named in
``koszyk.schema``, which is also where defaults live.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

STALE_AFTER_DAYS = 365


def from_card(key: str, **options):
    """A model field filled from the card key ``key``.

    The key is how ``koszyk.variants`` finds which model fields hold a field the
    schema marks intranet-only, so the public cut follows the schema by itself.
    """
    return field(metadata={"card_key": key}, **options)


@dataclass(slots=True)
class Address:
    street: str = ""
    postal_code: str = ""
    town: str = ""

    def one_line(self) -> str:
        town = " ".join(part for part in (self.postal_code, self.town) if part)
        return ", ".join(part for part in (self.street, town) if part)


@dataclass(slots=True)
class Contact:
    phone: str = ""
    email: str = ""
    www: str = ""

    def __bool__(self) -> bool:
        return bool(self.phone or self.email or self.www)


@dataclass(slots=True)
class InternalContact:
    """A named person and direct lines: intranet only, never public."""

    person: str = ""
    phone: str = ""
    email: str = ""

    def __bool__(self) -> bool:
        return bool(self.person or self.phone or self.email)


@dataclass(slots=True)
class Criterion:
    kind: str
    condition: str = ""


@dataclass(slots=True)
class AgeRange:
    min: int | None = None
    max: int | None = None

    def admits(self, age: int) -> bool:
        return (self.min is None or age >= self.min) and (self.max is None or age <= self.max)


def age_text(age: AgeRange | None) -> str:
    """"od 60 lat", "do 6 lat", "6–14 lat", or "" when there is no limit."""
    if age is None or (age.min is None and age.max is None):
        return ""
    if age.max is None:
        return f"od {age.min} lat"
    if age.min is None:
        return f"do {age.max} lat"
    return f"{age.min}–{age.max} lat"


@dataclass(slots=True)
class Access:
    mode: str
    criteria: list[Criterion] = field(default_factory=list)
    age: AgeRange | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    """One basket a collection (``zestawienie.yml``) is made of: a gmina, or the
    collection's own institutions. Plain data, so pages, search and reports read it
    without knowing how the source was read.

    ``site_url`` is the base of the source's published koszyk site (empty when there is
    none): each service's page there is ``uslugi/<id>/`` under it.
    """

    id: str
    name: str
    teryt: str = ""
    level: str = "gmina"
    site_url: str = ""
    origin: str = ""
    """Where it was read from: a folder, or the address of its published ``koszyk.json``."""
    fetched: str = ""
    """When a published source was fetched (ISO 8601, UTC); empty for a local folder."""
    own: bool = False
    """The collection's own institutions (``partnerzy/`` of the collection folder), not a gmina."""

    def service_url(self, service_id: str) -> str:
        """The page of a service on the source's own site, or "" when it publishes none."""
        if not self.site_url:
            return ""
        return self.site_url.rstrip("/") + f"/uslugi/{service_id}/"


@dataclass(slots=True)
class Service:
    id: str = from_card("id")
    name: str = from_card("nazwa")
    areas: list[str] = from_card("obszary")
    groups: list[str] = from_card("grupy_docelowe")
    access: Access = from_card("dostep")
    description: str = from_card("opis", default="")
    status: str = from_card("status", default="oferowana")
    reach: str = from_card("zasieg", default="pzk")
    cost: str = from_card("odplatnosc", default="")
    cost_description: str = from_card("odplatnosc_opis", default="")
    delivery: str = from_card("forma_realizacji", default="")
    signup: str = from_card("zapisy", default="")
    hours: str = from_card("godziny", default="")
    place: str = from_card("miejsce", default="")
    visibility: str = from_card("widocznosc", default="publiczna")
    internal_contact: InternalContact | None = from_card("kontakt_wewnetrzny", default=None)
    internal_notes: str = from_card("uwagi_wewnetrzne", default="")
    partner_slug: str = ""
    line: int = 0
    source: Source | None = None
    """In a collection: the basket the service comes from (None in a plain basket)."""
    source_id: str = ""
    """In a collection: the service's id in its source basket (``id`` is made unique across sources)."""
    listed: bool = True
    """Shown at all: the taxonomy's flag for ``status`` (set by ``koszyk.validation``)."""
    public: bool = True
    """Shown to the public: the taxonomy's flag for ``widocznosc``."""

    @property
    def is_listed(self) -> bool:
        return self.listed

    @property
    def is_public(self) -> bool:
        return self.public


@dataclass(slots=True)
class Partner:
    slug: str
    name: str = from_card("nazwa")
    type: str = from_card("typ")
    role: str = from_card("rola", default="wykonawca")
    member: bool = from_card("czlonek_pzk", default=True)
    description: str = from_card("opis", default="")
    address: Address = from_card("adres", default_factory=Address)
    contact: Contact = from_card("kontakt", default_factory=Contact)
    hours: str = from_card("godziny", default="")
    internal_contact: InternalContact | None = from_card("kontakt_wewnetrzny", default=None)
    verified: dt.date | None = from_card("ostatnia_weryfikacja", default=None)
    keepers: list[str] = from_card("opiekunowie", default_factory=list)
    regon: str = from_card("regon", default="")
    services: list[Service] = field(default_factory=list)
    path: Path | None = None
    sources: list[Source] = field(default_factory=list)
    """In a collection: every source whose basket has this partner's card (one partner, many gminas)."""

    def is_stale(self, today: dt.date) -> bool:
        return self.verified is None or (today - self.verified).days > STALE_AFTER_DAYS


@dataclass(slots=True)
class Basket:
    id: str
    name: str
    teryt: str = ""
    leader: str = ""
    level: str = "gmina"
    description: str = ""
    partners: list[Partner] = field(default_factory=list)
    path: Path | None = None
    cards: dict[str, dict] = field(default_factory=dict, repr=False)
    """Each card as checked (Polish keys, as in the YAML), by slug: what the workbook export writes."""
    sources: list[Source] = field(default_factory=list)
    """A collection's sources, in the order of ``zestawienie.yml``; empty for a plain basket."""

    @property
    def is_collection(self) -> bool:
        return bool(self.sources)

    def keeps_card_of(self, partner: Partner) -> bool:
        """Whether this basket's own folder holds the partner's card as the site shows it: always in a
        plain basket; in a collection only for a partner of its own ``partnerzy/`` alone. Any other is
        made from cards of its sources (merged, each service's id prefixed with its gmina's): offered
        in the card form as the partner's card, it would come back as services no gmina has. Its own
        source is told by the collection's id, which no source may take (``assembly._first_clash``):
        a list inside the list, or a published file saying ``wlasne``, has its own institutions too."""
        if not self.is_collection:
            return True
        return bool(partner.sources) and all(self.is_own(source) for source in partner.sources)

    def is_own(self, source: Source) -> bool:
        """Whether ``source`` is this collection's own institutions (``partnerzy/`` of its folder)."""
        return source.own and source.id == self.id

    @property
    def services(self) -> list[Service]:
        return [service for partner in self.partners for service in partner.services]

    @property
    def listed_services(self) -> list[Service]:
        return [service for service in self.services if service.is_listed]

    def partner(self, slug: str) -> Partner:
        return next(partner for partner in self.partners if partner.slug == slug)
