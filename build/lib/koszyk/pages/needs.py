"""The public home's need tiles: a thesaurus group, the search it starts, and roughly what it finds.

The count on a tile is computed here, in Python, with a deliberately simple
rule, not by the search engine: a listed service counts for a need when its
name, description, access conditions or partner's name mention one of the
group's words (label, phrases, terms; compared folded, without diacritics,
each longer word by its start so that most inflected forms meet, the words of
a phrase in order), or when it is tagged
with one of the group's areas or target groups. The engine ranks and matches
more cleverly, so the number approximates what the tile's search shows; it
never counts a service the variant does not list (the public home counts
public services only, because it is given the public basket).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Basket, Service
from ..search.text import fold
from ..search.thesaurus import NeedGroup, Thesaurus

_SHORT = 4  # words this short must match whole; longer ones match by their start
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class NeedTile:
    group: NeedGroup
    count: int

    @property
    def query(self) -> str:
        """What the tile searches for: its label, which the thesaurus counts as a phrase of the group."""
        return self.group.label


def need_tiles(thesaurus: Thesaurus, basket: Basket) -> list[NeedTile]:
    """One tile per tile group of the thesaurus, counting the services ``basket`` lists."""
    groups = thesaurus.tiles
    counts = count_matches(groups, basket)
    return [NeedTile(group, counts[group.id]) for group in groups]


def count_matches(groups: Iterable[NeedGroup], basket: Basket) -> dict[str, int]:
    """Group id → number of the basket's listed services matching the group (see the module docstring)."""
    groups = list(groups)
    matcher = _Matcher(groups)
    partner_names = {partner.slug: partner.name for partner in basket.partners}
    counts = {group.id: 0 for group in groups}
    for service in basket.listed_services:
        for group_id in matcher.groups_of(service, partner_names.get(service.partner_slug, "")):
            counts[group_id] += 1
    return counts


Word = tuple[str, bool]  # a folded word or its start, and whether it must match whole
Phrase = tuple[Word, ...]


class _Matcher:
    """The groups' words as phrases of folded words, indexed so one service costs one pass over its words."""

    def __init__(self, groups: list[NeedGroup]):
        self.groups = groups
        self.tags = [(frozenset(group.areas), frozenset(group.groups)) for group in groups]
        self.phrases: dict[str, list[tuple[int, Phrase]]] = {}
        for number, group in enumerate(groups):
            for text in group.words:
                phrase = tuple(_loose(word) for word in _words(text))
                if phrase:
                    self.phrases.setdefault(phrase[0][0], []).append((number, phrase))
        self.longest = max((len(first) for first in self.phrases), default=0)
        self._by_word: dict[str, tuple[frozenset[int], tuple[tuple[int, Phrase], ...]]] = {}

    def groups_of(self, service: Service, partner_name: str) -> list[str]:
        areas, target_groups = set(service.areas), set(service.groups)
        found = {number for number, (group_areas, group_groups) in enumerate(self.tags)
                 if not (group_areas.isdisjoint(areas) and group_groups.isdisjoint(target_groups))}
        text = _words(_service_text(service, partner_name))
        for position, word in enumerate(text):
            single, longer = self._starting_with(word)
            found |= single
            for number, phrase in longer:
                if number not in found and _phrase_at(text, phrase, position):
                    found.add(number)
        return [self.groups[number].id for number in sorted(found)]

    def _starting_with(self, word: str) -> tuple[frozenset[int], tuple[tuple[int, Phrase], ...]]:
        """Groups a one-word entry finds at ``word``, and the longer phrases that may start there.

        Remembered per word: a basket repeats the same words thousands of times."""
        known = self._by_word.get(word)
        if known is None:
            candidates = list(self.phrases.get(word, ()))
            for end in range(_SHORT, min(len(word), self.longest + 1)):
                candidates += [entry for entry in self.phrases.get(word[:end], ()) if not entry[1][0][1]]
            single = frozenset(number for number, phrase in candidates if len(phrase) == 1)
            longer = tuple(entry for entry in candidates if len(entry[1]) > 1)
            known = self._by_word[word] = (single, longer)
        return known


def _service_text(service: Service, partner_name: str) -> str:
    conditions = " ".join(criterion.condition for criterion in service.access.criteria)
    return " ".join((service.name, service.description, service.access.description, conditions, partner_name))


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(text)))


def _loose(word: str) -> Word:
    """Short words match whole; a longer one by its start without the last two letters,
    where Polish endings change ("noclegownia" → "noclegown", "pracy" → "prac")."""
    if len(word) <= _SHORT:
        return word, True
    return word[: max(_SHORT, len(word) - 2)], False


def _phrase_at(text: tuple[str, ...], phrase: Phrase, start: int) -> bool:
    """Whether ``phrase`` (whose first word already matched at ``start``) goes on in ``text``."""
    if start + len(phrase) > len(text):
        return False
    for offset in range(1, len(phrase)):
        (word, whole), found = phrase[offset], text[start + offset]
        if found != word and (whole or not found.startswith(word)):
            return False
    return True
