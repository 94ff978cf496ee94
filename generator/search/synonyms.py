"""Synonyms workers use for the same thing: ``site_config/synonyms.yml``.

The file is a list of groups; every term of a group means the same::

    - [PUP, powiatowy urząd pracy, urząd pracy]
    - [OIK, ośrodek interwencji kryzysowej]

A service that mentions any term of a group is indexed with all of them, so a
query with any term finds it. Expanding at index time (not by running several
queries) keeps one query per search, so facet counts stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..loading import YamlFileError, load_yaml_data
from ..problems import display_path
from .text import stems


class SynonymsError(ValueError):
    """The synonyms file cannot be used; the message says where and why, in Polish."""


@dataclass(frozen=True)
class SynonymGroup:
    terms: tuple[str, ...]
    term_stems: tuple[tuple[str, ...], ...]


class Synonyms:
    """The groups, arranged so that finding the groups a text mentions costs one pass over it."""

    def __init__(self, groups: list[SynonymGroup]):
        self.groups = groups
        self.by_word: dict[str, set[int]] = {}
        self.phrases: list[tuple[int, tuple[str, ...]]] = []
        for number, group in enumerate(groups):
            for term in group.term_stems:
                if len(term) == 1:
                    self.by_word.setdefault(term[0], set()).add(number)
                elif term:
                    self.phrases.append((number, term))

    def __len__(self) -> int:
        return len(self.groups)

    def expansions(self, text_stems: tuple[str, ...]) -> set[str]:
        """Stems of every term of every group the text (given as its stems) mentions, to index with it."""
        distinct = set(text_stems)
        found: set[int] = set()
        for stem in distinct & self.by_word.keys():
            found |= self.by_word[stem]
        starts = {stem[:3] for stem in distinct}
        for number, phrase in self.phrases:
            if number in found or not all(word[:3] in starts for word in phrase):
                continue  # some word of the phrase is nowhere in the text
            head = phrase[0][:3]
            if any(_phrase_at(text_stems, phrase, position)
                   for position, stem in enumerate(text_stems) if stem.startswith(head)):
                found.add(number)
        return {stem for number in found for term in self.groups[number].term_stems for stem in term}


def _loosely_equal(text_stem: str, term_stem: str) -> bool:
    """Snowball leaves vowel changes alone ("urząd" → urzad, "urzędzie" → urzedz): in a
    phrase of several words, the start of each stem is evidence enough."""
    return text_stem.startswith(term_stem[: max(3, len(term_stem) - 2)])


def _phrase_at(haystack: tuple[str, ...], phrase: tuple[str, ...], start: int) -> bool:
    return start + len(phrase) <= len(haystack) and all(
        _loosely_equal(haystack[start + i], word) for i, word in enumerate(phrase))


def load_synonyms(path: Path) -> Synonyms:
    """Groups from ``path``; a missing file means no synonyms."""
    if not path.exists():
        return Synonyms([])
    where = display_path(path)
    try:
        data = load_yaml_data(path, where)
    except YamlFileError as error:
        raise SynonymsError(f"{error} (plik synonimów)") from None
    if data is None:
        return Synonyms([])
    if not isinstance(data, list):
        raise SynonymsError(f"{where}: oczekiwano listy grup, np. „- [PUP, powiatowy urząd pracy]”")
    groups = []
    for number, group in enumerate(data, start=1):
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(t, str) and t.strip() for t in group):
            raise SynonymsError(f"{where}: grupa nr {number} musi być listą co najmniej dwóch niepustych napisów")
        terms = tuple(term.strip() for term in group)
        groups.append(SynonymGroup(terms, tuple(stems(term) for term in terms)))
    return Synonyms(groups)
