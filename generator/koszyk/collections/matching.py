"""One institution, one partner: matching partners across the sources of a collection.

The powiat labour office or the district court appears in the basket of every gmina
it serves. Partners are the same institution when they share a REGON
(``partner.regon``), or, when a card has none, the same name (folded: case, accents,
punctuation) and postal code. A merged partner keeps the first source's data (the
collection's own institutions come first, then the order of ``zestawienie.yml``),
all services of all its cards, and the list of sources it appears in; where two
sources disagree on the institution's data, ``koszyk validate`` warns, naming both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..loading import Document, load_document
from ..model import Partner, Service, Source
from ..problems import WARNING, Problem
from ..name_twins import folded_name


@dataclass
class Member:
    """A partner as one source has it."""

    partner: Partner
    card: dict
    source: Source
    display: str
    """The file that holds the card (a card file, or a source's cached ``koszyk.json``)."""
    record: str = ""
    """In a cached ``koszyk.json`` (one line of JSON): the card's place in it, ``karty[3]``."""

    def field(self, name: str) -> str:
        """``name`` as a person finds it in this member's file."""
        return f"{self.record}.{name}" if self.record else name


@dataclass
class Group:
    members: list[Member] = field(default_factory=list)
    regon: str = ""


def name_key(partner: Partner) -> tuple[str, str]:
    return folded_name(partner.name), partner.address.postal_code


def match(members: list[Member]) -> list[Group]:
    """Members grouped by institution, groups in the order their first member comes."""
    groups: list[Group] = []
    by_regon: dict[str, Group] = {}
    by_name: dict[tuple[str, str], Group] = {}
    for member in members:
        partner = member.partner
        group = by_regon.get(partner.regon) if partner.regon else None
        if group is None:
            named = by_name.get(name_key(partner))
            if named is not None and (not partner.regon or not named.regon):
                group = named
        if group is None:
            group = Group()
            groups.append(group)
        group.members.append(member)
        if partner.regon and not group.regon:
            group.regon = partner.regon
            by_regon[partner.regon] = group
        by_name.setdefault(name_key(partner), group)
    return groups


_COMPARED = (  # (field as the card names it, how to read it, how to compare it)
    ("partner.typ", lambda p: p.type, str),
    ("partner.kontakt.telefon", lambda p: p.contact.phone, lambda v: re.sub(r"\D", "", v).removeprefix("48")),
    ("partner.kontakt.email", lambda p: p.contact.email, str.lower),
    ("partner.kontakt.www", lambda p: p.contact.www, lambda v: v.lower().rstrip("/")),
    ("partner.adres", lambda p: p.address.one_line(), folded_name),
    ("partner.godziny", lambda p: p.hours, folded_name),
)


def conflicts(group: Group) -> list[Problem]:
    """A warning for each field where a member differs from the first member that fills it.

    Each card is parsed for line numbers at most once per group: parsed again for every
    warning, 1,256 warnings (a voivodeship whose shared institutions disagreed everywhere)
    took 3.9 s of each build."""
    problems = []
    documents: dict[Path, Document] = {}
    for name, read, normal in _COMPARED:
        first: Member | None = None
        for member in group.members:
            value = read(member.partner)
            if not value:
                continue
            if first is None:
                first = member
            elif normal(value) != normal(read(first.partner)):
                problems.append(Problem(
                    member.display, *_position(member, name, documents), member.field(name),
                    f"ta sama instytucja („{member.partner.name}”{_regon_note(group)}) ma w źródle "
                    f"„{member.source.name}” wartość „{value}”, a w źródle „{first.source.name}” "
                    f"„{read(first.partner)}” ({_where(first, name, documents)}); uzgodnijcie jedne dane", WARNING))
    return problems


def _position(member: Member, name: str, documents: dict[Path, Document]) -> tuple[int, int]:
    """Line and column of the field in the member's card file (1, 1 for a published card)."""
    path = member.partner.path
    if path is None:
        return 1, 1
    if path not in documents:
        documents[path] = load_document(path)
    return documents[path].where(tuple(name.split(".")))


def _where(member: Member, name: str, documents: dict[Path, Document]) -> str:
    line, column = _position(member, name, documents)
    if member.partner.path is not None:
        return f"{member.display}:{line}:{column}"
    return f"{member.display}: {member.field(name)}"


def _regon_note(group: Group) -> str:
    return f", REGON {group.regon}" if group.regon else ""


def merged_partner(group: Group, slug: str) -> tuple[Partner, dict]:
    """The group's one partner (first member's data, everyone's services) and its card data."""
    first = group.members[0]
    services: list[Service] = []
    card_services: list[dict] = []
    sources: list[Source] = []
    for member in group.members:
        services.extend(_from_source(service, member.source, slug) for service in member.partner.services)
        card_services.extend(_card_service(raw, member.source, member.partner) for raw in member.card.get("uslugi", []))
        for source in member.partner.sources or [member.source]:
            if source not in sources:
                sources.append(source)
    partner = replace(first.partner, slug=slug, services=services, sources=sources, regon=group.regon)
    return partner, {**first.card, "uslugi": card_services}


def collection_id(source: Source, service_id: str) -> str:
    """A service's id in the collection: its source's id first, so two gminas' ids never collide."""
    return f"{source.id}-{service_id}"


def _from_source(service: Service, source: Source, slug: str) -> Service:
    """``service`` of the partner ``slug`` in the collection: one ``replace`` a service (two were
    0.2 s of reading the voivodeship's 30,000 services)."""
    if service.source is not None:  # read from a nested collection: already placed
        return replace(service, partner_slug=slug)
    return replace(service, id=collection_id(source, service.id), source=source, source_id=service.id,
                   partner_slug=slug)


def _card_service(raw: dict, source: Source, partner: Partner) -> dict:
    if partner.sources or "id" not in raw:  # a nested collection's card data are already renamed
        return raw
    return {**raw, "id": collection_id(source, raw["id"])}
