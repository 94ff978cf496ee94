"""The partnership's analysis of its basket: coverage, gaps, stale cards, statuses.

``basket_report`` computes everything from the full basket (intranet view: the
centre analyses all its services); JSON keys are Polish, as partners and the
centre read them. ``compare_reports`` sets several baskets side by side, as the
county and voivodeship lists of the rural model do.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from .deficits import Deficits, collection_deficits
from .model import Basket, Service
from .monitoring_figures import MonitoringFigures
from .taxonomy import Taxonomy

PAID = ("odplatna", "czesciowo_odplatna")


@dataclass(frozen=True)
class StaleCard:
    slug: str
    partner: str
    verified: dt.date | None
    contact: str  # whom to ask: the internal contact, else the institution's phone or e-mail


@dataclass
class Report:
    basket_id: str
    basket_name: str
    level: str
    today: dt.date
    coverage: dict[str, dict[str, int]]
    gaps: list[tuple[str, str]]
    restricted_only: list[tuple[str, str]]
    stale: list[StaleCard]
    statuses: dict[str, int]
    access_by_area: dict[str, dict[str, int]]
    reach: dict[str, int]
    new: list[Service] = field(default_factory=list)
    suspended: list[Service] = field(default_factory=list)
    monitoring: MonitoringFigures | None = None  # from the basket's monitoring register, when it keeps one
    deficits: Deficits | None = None  # a collection's gminas side by side (``koszyk.deficits``)

    def to_json(self) -> dict:
        return {
            "koszyk": {"id": self.basket_id, "nazwa": self.basket_name, "poziom": self.level},
            "data": self.today.isoformat(),
            "pokrycie": self.coverage,
            "luki": {
                "brak_uslug": [{"obszar": a, "grupa": g} for a, g in self.gaps],
                "tylko_selektywne_lub_odplatne": [{"obszar": a, "grupa": g} for a, g in self.restricted_only],
            },
            "nieaktualne": [
                {"slug": s.slug, "partner": s.partner, "data": s.verified.isoformat() if s.verified else None,
                 "kontakt": s.contact}
                for s in self.stale
            ],
            "statusy": self.statuses,
            "dostep_wg_obszaru": self.access_by_area,
            "zasieg": self.reach,
            "nowe": [s.id for s in self.new],
            "zawieszone": [s.id for s in self.suspended],
        } | ({"monitoring": self.monitoring.to_json()} if self.monitoring else {}) | (
            {"braki_gmin": self.deficits.to_json()} if self.deficits else {})


def _is_open(service: Service) -> bool:
    """Universal and free: anyone can simply use it."""
    return service.access.mode == "powszechny" and service.cost not in PAID


def basket_report(basket: Basket, taxonomy: Taxonomy, today: dt.date) -> Report:
    listed = [service for service in basket.services if service.is_listed]
    pairs: dict[tuple[str, str], list[Service]] = {}
    for service in listed:
        for area in service.areas:
            for group in service.groups:
                pairs.setdefault((area, group), []).append(service)
    coverage = {a.key: {g.key: len(pairs.get((a.key, g.key), [])) for g in taxonomy.groups} for a in taxonomy.areas}
    all_pairs = [(a.key, g.key) for a in taxonomy.areas for g in taxonomy.groups]
    gaps = [pair for pair in all_pairs if not pairs.get(pair)]
    restricted = [pair for pair in all_pairs if pairs.get(pair) and not any(_is_open(s) for s in pairs[pair])]
    statuses = Counter(service.status for service in basket.services)
    access_by_area = {}
    for area in taxonomy.areas:
        in_area = [s for s in listed if area.key in s.areas]
        access_by_area[area.key] = {
            "powszechne": sum(s.access.mode == "powszechny" for s in in_area),
            "selektywne": sum(s.access.mode != "powszechny" for s in in_area),
            "bezplatne": sum(s.cost not in PAID for s in in_area),
            "odplatne": sum(s.cost in PAID for s in in_area),
        }
    return Report(
        basket_id=basket.id, basket_name=basket.name, level=basket.level, today=today,
        coverage=coverage, gaps=gaps, restricted_only=restricted,
        stale=[_stale(partner) for partner in basket.partners if partner.is_stale(today)],
        statuses={key: statuses.get(key, 0) for key in taxonomy.statuses.keys},
        access_by_area=access_by_area,
        reach={key: sum(s.reach == key for s in listed) for key in taxonomy.reaches.keys},
        new=[s for s in listed if s.status == "nowa"],
        suspended=[s for s in listed if s.status == "zawieszona"],
        deficits=collection_deficits(basket, taxonomy),
    )


def _stale(partner) -> StaleCard:
    internal = partner.internal_contact
    if internal:
        contact = ", ".join(part for part in (internal.person, internal.phone, internal.email) if part)
    else:
        contact = partner.contact.phone or partner.contact.email or "brak kontaktu w karcie"
    return StaleCard(partner.slug, partner.name, partner.verified, contact)


@dataclass(frozen=True)
class PairDifference:
    area: str
    group: str
    counts: dict[str, int]  # basket id → services

    @property
    def lacking(self) -> list[str]:
        return [basket for basket, count in self.counts.items() if count == 0]


def compare_reports(reports: list[Report]) -> dict:
    """Pairs that some baskets cover and others lack, and what a county list adds to gminas."""
    differences = []
    for area, groups in reports[0].coverage.items():
        for group in groups:
            counts = {report.basket_id: report.coverage[area][group] for report in reports}
            if any(counts.values()) and not all(counts.values()):
                differences.append(PairDifference(area, group, counts))
    county = [r for r in reports if r.level != "gmina"]
    gminas = [r for r in reports if r.level == "gmina"]
    adds = {
        upper.basket_id: [
            {"obszar": d.area, "grupa": d.group, "brakuje_w": [g.basket_id for g in gminas if d.counts[g.basket_id] == 0]}
            for d in differences if d.counts[upper.basket_id] and any(d.counts[g.basket_id] == 0 for g in gminas)
        ]
        for upper in county
    }
    return {
        "koszyki": [r.basket_id for r in reports],
        "roznice": [{"obszar": d.area, "grupa": d.group, "uslugi": d.counts, "brak_w": d.lacking} for d in differences],
        "uzupelnia_wyzszy_poziom": adds,
    }
