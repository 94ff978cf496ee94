"""The public home's need tiles: a thesaurus group, the search it starts, and how many services it finds.

The count on a tile is the number of services the tile's search lists, counted by
the search index from its postings while it is written (``indexing._Collector.tile_counts``),
so the tile and the results page agree, and the public home counts public services only
(the public index holds nothing else). Counting here by scanning every service's text
per tile took 12–25 s at 30,000 services.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..search.thesaurus import NeedGroup, Thesaurus


@dataclass(frozen=True)
class NeedTile:
    group: NeedGroup
    count: int

    @property
    def query(self) -> str:
        """What the tile searches for: its label, which the thesaurus counts as a phrase of the group."""
        return self.group.label


def need_tiles(thesaurus: Thesaurus, counts: Mapping[str, int]) -> list[NeedTile]:
    """One tile per tile group of the thesaurus; ``counts``: tile label → services its search lists."""
    return [NeedTile(group, counts.get(group.label, 0)) for group in thesaurus.tiles]
