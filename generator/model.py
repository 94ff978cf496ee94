"""Plain data classes for a basket, its partners and their services.

Python names are English; the Polish YAML key each field comes from is named in
``generator.schema``, which is also where defaults live.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

LISTED_STATUSES = ("oferowana", "nowa", "zawieszona")
STALE_AFTER_DAYS = 365


@dataclass
class Address:
    street: str = ""
    postal_code: str = ""
    town: str = ""

    def one_line(self) -> str:
        town = " ".join(part for part in (self.postal_code, self.town) if part)
        return ", ".join(part for part in (self.street, town) if part)


@dataclass
class Contact:
    phone: str = ""
    email: str = ""
    www: str = ""

    def __bool__(self) -> bool:
        return bool(self.phone or self.email or self.www)


@dataclass
class InternalContact:
    """A named person and direct lines: intranet only, never public."""

    person: str = ""
    phone: str = ""
    email: str = ""

    def __bool__(self) -> bool:
        return bool(self.person or self.phone or self.email)


@dataclass
class Criterion:
    kind: str
    condition: str = ""


@dataclass
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


@dataclass
class Access:
    mode: str
    criteria: list[Criterion] = field(default_factory=list)
    age: AgeRange | None = None
    description: str = ""


@dataclass
class Service:
    id: str
    name: str
    areas: list[str]
    groups: list[str]
    access: Access
    description: str = ""
    status: str = "oferowana"
    reach: str = "pzk"
    cost: str = ""
    cost_description: str = ""
    delivery: str = ""
    signup: str = ""
    hours: str = ""
    place: str = ""
    visibility: str = "publiczna"
    internal_contact: InternalContact | None = None
    internal_notes: str = ""
    partner_slug: str = ""
    line: int = 0

    @property
    def is_listed(self) -> bool:
        return self.status in LISTED_STATUSES

    @property
    def is_public(self) -> bool:
        return self.visibility == "publiczna"


@dataclass
class Partner:
    slug: str
    name: str
    type: str
    role: str = "wykonawca"
    member: bool = True
    description: str = ""
    address: Address = field(default_factory=Address)
    contact: Contact = field(default_factory=Contact)
    hours: str = ""
    internal_contact: InternalContact | None = None
    verified: dt.date | None = None
    keepers: list[str] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    path: Path | None = None

    def is_stale(self, today: dt.date) -> bool:
        return self.verified is None or (today - self.verified).days > STALE_AFTER_DAYS


@dataclass
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

    @property
    def services(self) -> list[Service]:
        return [service for partner in self.partners for service in partner.services]

    @property
    def listed_services(self) -> list[Service]:
        return [service for service in self.services if service.is_listed]

    def partner(self, slug: str) -> Partner:
        return next(partner for partner in self.partners if partner.slug == slug)
