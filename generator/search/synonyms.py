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

import yaml

from ..problems import display_path
from .text import fold, stems


class SynonymsError(ValueError):
    """The synonyms file cannot be used; the message says where and why, in Polish."""


@dataclass(frozen=True)
class SynonymGroup:
    terms: tuple[str, ...]
    term_stems: tuple[tuple[str, ...], ...]

    def mentioned_in(self, text_stems: tuple[str, ...], distinct: frozenset[str]) -> bool:
        for term in self.term_stems:
            if len(term) == 1 and term[0] in distinct:
                return True
            if len(term) > 1 and _contains_phrase(text_stems, term):
                return True
        return False


def _loosely_equal(text_stem: str, term_stem: str) -> bool:
    """Snowball leaves vowel changes alone ("urząd" → urzad, "urzędzie" → urzedz): in a
    phrase of several words, the start of each stem is evidence enough."""
    return text_stem.startswith(term_stem[: max(3, len(term_stem) - 2)])


def _contains_phrase(haystack: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(
        all(_loosely_equal(haystack[start + i], phrase[i]) for i in range(size))
        for start in range(len(haystack) - size + 1)
    )


def load_synonyms(path: Path) -> list[SynonymGroup]:
    """Groups from ``path``; a missing file means no synonyms."""
    if not path.exists():
        return []
    where = display_path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        at = f":{line + 1}" if line is not None else ""
        raise SynonymsError(f"{where}{at}: plik synonimów nie jest poprawnym YAML-em") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise SynonymsError(f"{where}: oczekiwano listy grup, np. „- [PUP, powiatowy urząd pracy]”")
    groups = []
    for number, group in enumerate(data, start=1):
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(t, str) and t.strip() for t in group):
            raise SynonymsError(f"{where}: grupa nr {number} musi być listą co najmniej dwóch niepustych napisów")
        terms = tuple(term.strip() for term in group)
        groups.append(SynonymGroup(terms, tuple(stems(term) for term in terms)))
    return groups


def expansions(text: str, groups: list[SynonymGroup]) -> list[str]:
    """Folded terms of every group ``text`` mentions, to add to its indexed text."""
    text_stems = stems(text)
    distinct = frozenset(text_stems)
    return [fold(term) for group in groups if group.mentioned_in(text_stems, distinct) for term in group.terms]
