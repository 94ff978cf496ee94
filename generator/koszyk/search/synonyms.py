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
from .morphology import word_keys
from .text import words

WordKeys = tuple[str, ...]  # index keys of one word (its lemmas, or its marked stem)


class SynonymsError(ValueError):
    """The synonyms file cannot be used; the message says where and why, in Polish."""


@dataclass(frozen=True)
class SynonymGroup:
    terms: tuple[str, ...]
    term_keys: tuple[tuple[WordKeys, ...], ...]


def term_keys(term: str) -> tuple[WordKeys, ...]:
    """Keys of each word of a term: "urząd pracy" → (("urzad",), ("praca",))."""
    return tuple(word_keys(word) for word in words(term))


class Synonyms:
    """The groups, arranged so that finding the groups a text mentions costs one pass over it."""

    def __init__(self, groups: list[SynonymGroup]):
        self.groups = groups
        self.by_key: dict[str, set[int]] = {}
        self.phrases: list[tuple[int, tuple[frozenset[str], ...]]] = []
        for number, group in enumerate(groups):
            for term in group.term_keys:
                if len(term) == 1:
                    for key in term[0]:
                        self.by_key.setdefault(key, set()).add(number)
                elif term:
                    self.phrases.append((number, tuple(frozenset(word) for word in term)))

    def __len__(self) -> int:
        return len(self.groups)

    def expansions(self, text: list[WordKeys], distinct: set[str] | None = None) -> set[str]:
        """Keys of every term of every group the text (its words' keys; ``distinct``: all of them,
        when the caller has them) mentions, to index with it."""
        if distinct is None:
            distinct = {key for keys in text for key in keys}
        found: set[int] = set()
        for key in distinct & self.by_key.keys():
            found |= self.by_key[key]
        positions: dict[str, list[int]] | None = None
        for number, phrase in self.phrases:
            if number in found or any(distinct.isdisjoint(word) for word in phrase):
                continue  # some word of the phrase is nowhere in the text
            if positions is None:
                positions = {}
                for position, keys in enumerate(text):
                    for key in keys:
                        positions.setdefault(key, []).append(position)
            starts = {start for key in phrase[0] for start in positions.get(key, ())}
            if any(_phrase_at(text, phrase, start) for start in starts):
                found.add(number)
        return {key for number in found for term in self.groups[number].term_keys for keys in term for key in keys}


def _phrase_at(text: list[WordKeys], phrase: tuple[frozenset[str], ...], start: int) -> bool:
    return start + len(phrase) <= len(text) and all(
        not word.isdisjoint(text[start + i]) for i, word in enumerate(phrase[1:], start=1))


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
        groups.append(SynonymGroup(terms, tuple(term_keys(term) for term in terms)))
    return Synonyms(groups)
