"""Local deficits across a collection: what some gminas have and others lack.

The rural model found deficits by setting the gminas' lists side by side. For each
area × target group, a gmina of the collection with no listed service there, while
another gmina has one, is a deficit; the services of other gminas with reach
``sasiedztwo`` in that cell are what its residents may use meanwhile. The
collection's own institutions (a powiat's PCPR) are not a gmina: they are counted
apart, as what the level above already offers everyone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import Basket, Service, Source
from .taxonomy import Taxonomy

NEIGHBOURHOOD = "sasiedztwo"


@dataclass(frozen=True)
class Deficit:
    area: str
    group: str
    lacking: list[Source]
    counts: dict[str, int]
    """Gmina id → listed services in the cell (every gmina of the collection)."""
    neighbours: list[Service] = field(default_factory=list)
    """Services of other gminas in the cell open to residents of other gminas (reach ``sasiedztwo``)."""
    own: list[Service] = field(default_factory=list)
    """Services of the collection's own institutions in the cell."""


@dataclass
class Deficits:
    gminas: list[Source]
    deficits: list[Deficit]
    open_to_others: list[Service]
    """Every listed service with reach ``sasiedztwo``, by gmina and name."""
    partner_names: dict[str, str] = field(default_factory=dict, repr=False)

    def to_json(self) -> dict:
        return {
            "gminy": [_source_json(source) for source in self.gminas],
            "braki": [{
                "obszar": deficit.area, "grupa": deficit.group,
                "brak_w": [source.id for source in deficit.lacking],
                "uslugi_w_gminach": deficit.counts,
                "sasiedztwo": [service.id for service in deficit.neighbours],
                "instytucje_zestawienia": [service.id for service in deficit.own],
            } for deficit in self.deficits],
            "otwarte_dla_innych_gmin": [{
                "id": service.id, "nazwa": service.name, "partner": self.partner_names.get(service.partner_slug, ""),
                "gmina": service.source.id if service.source else "",
                "obszary": service.areas, "grupy_docelowe": service.groups,
            } for service in self.open_to_others],
        }


def _source_json(source: Source) -> dict:
    return {"id": source.id, "nazwa": source.name, "teryt": source.teryt, "poziom": source.level}


def collection_deficits(basket: Basket, taxonomy: Taxonomy) -> Deficits | None:
    """The deficits of a collection (None for a plain basket, or a list of fewer than two gminas)."""
    gminas = [source for source in basket.sources if not source.own]
    if len(gminas) < 2:
        return None
    cells: dict[tuple[str, str], dict[str, list[Service]]] = defaultdict(lambda: defaultdict(list))
    listed = sorted((s for s in basket.services if s.is_listed and s.source is not None), key=lambda s: s.name.casefold())
    for service in listed:
        for area in service.areas:
            for group in service.groups:
                cells[(area, group)][service.source.id].append(service)
    own_ids = {source.id for source in basket.sources if source.own}
    deficits = []
    for area in taxonomy.areas:
        for group in taxonomy.groups:
            cell = cells.get((area.key, group.key), {})
            counts = {source.id: len(cell.get(source.id, [])) for source in gminas}
            lacking = [source for source in gminas if counts[source.id] == 0]
            if not lacking or len(lacking) == len(gminas):
                continue
            neighbours = [s for source in gminas for s in cell.get(source.id, []) if s.reach == NEIGHBOURHOOD]
            own = [s for source_id in own_ids for s in cell.get(source_id, [])]
            deficits.append(Deficit(area.key, group.key, lacking, counts, neighbours, own))
    open_to_others = [s for source in gminas for s in listed if s.source.id == source.id and s.reach == NEIGHBOURHOOD]
    return Deficits(gminas, deficits, open_to_others, {p.slug: p.name for p in basket.partners})
