"""The needs thesaurus: what people type, mapped to what the basket's cards say.

``site_config/potrzeby.yml`` is a list of need groups, kept by the partnership::

    - id: brak-pieniedzy
      etykieta: Pieniądze na życie
      kafel: true                       # shown as a tile on the public home
      frazy: [nie mam pieniędzy, brak kasy, nie starcza do pierwszego]
      terminy: [zasiłek celowy, zasiłek okresowy, pomoc finansowa]
      obszary: [pomoc_spoleczna]
      grupy_docelowe: [rodziny_z_trudnosciami]

    - id: dzieci-mlodziez
      etykieta: Dzieci i młodzież
      wskazowka: true                   # its words say who, not what: a soft hint in a query
      frazy: [dziecko, syn, córka, nastolatek]
      grupy_docelowe: [dzieci_mlodziez]

``frazy`` are the everyday words and phrases a resident or a worker types;
``terminy`` are the words a partner's card would use for the service; ``obszary``
and ``grupy_docelowe`` are taxonomy keys a matching service is tagged with. The
label counts as one more phrase of the group (the home's tiles search for it).

``wskazowka: true`` marks a group whose words name a person ("syn", "mama", "dziadek"):
who the help is for, not what help. In a query that also names a need ("syn ćpa",
"ojciec jest alkoholikiem") such a group is a soft hint: its services gain a little
score but the words do not count as covered, so the need's services are not pushed
down by every service for children. Typed alone ("senior") it finds as any group does.

The file is read like a card (``loading.load_document``: positions, no
duplicate keys, no alias bombs) and every problem is a ``Problem`` with file,
line and column, so ``koszyk validate`` and the build print it the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..loading import Document, FieldPath, load_document
from ..problems import FileProblems, HasProblems, Problem, display_path
from ..schema import suggestion
from ..taxonomy import Taxonomy
from .text import fold

DEFAULT_PATH = Path("site_config") / "potrzeby.yml"
MAX_TILES = 14
MAX_PHRASE_LENGTH = 80
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WORD_LISTS = {"frazy": "fraza", "terminy": "termin"}
_TAXONOMY_LISTS = {"obszary": "areas", "grupy_docelowe": "groups"}
_FIELDS = ("id", "etykieta", "kafel", "wskazowka", "frazy", "terminy", "obszary", "grupy_docelowe", "opis")


class ThesaurusError(FileProblems):
    """The thesaurus has errors; ``problems`` lists all of them (and the warnings)."""

    what = "Słownik potrzeb"


@dataclass(frozen=True)
class NeedGroup:
    """One need, in people's words and in the basket's words."""

    id: str
    label: str
    tile: bool
    phrases: tuple[str, ...]
    terms: tuple[str, ...]
    areas: tuple[str, ...]
    groups: tuple[str, ...]
    description: str = ""
    line: int = 1
    hint: bool = False  # ``wskazowka``: its words name who, a soft hint beside a need

    @property
    def words(self) -> tuple[str, ...]:
        """The label, every phrase and every term: all the text this group matches."""
        return (self.label, *self.phrases, *self.terms)


@dataclass(frozen=True)
class Thesaurus:
    groups: tuple[NeedGroup, ...] = ()

    def __len__(self) -> int:
        return len(self.groups)

    def __iter__(self):
        return iter(self.groups)

    @property
    def tiles(self) -> tuple[NeedGroup, ...]:
        """The groups shown as tiles on the public home, in file order (at most ``MAX_TILES``)."""
        return tuple(group for group in self.groups if group.tile)[:MAX_TILES]

    def group(self, group_id: str) -> NeedGroup | None:
        return next((group for group in self.groups if group.id == group_id), None)



@dataclass
class ThesaurusReading(HasProblems):
    thesaurus: Thesaurus
    problems: list[Problem]


def read_thesaurus(path: Path, taxonomy: Taxonomy, root: Path | None = None) -> ThesaurusReading:
    """The thesaurus with every problem found; a missing file is an empty thesaurus."""
    if not path.exists():
        return ThesaurusReading(Thesaurus(), [])
    document = load_document(path, display_path(path, root))
    if document.data is None:
        return ThesaurusReading(Thesaurus(), [_named(problem) for problem in document.problems])
    indexed = _groups(document, taxonomy)
    _check_across_groups(document, indexed)
    _check_tiles(document, indexed)
    problems = sorted((_named(problem) for problem in document.problems), key=lambda p: (p.line, p.column))
    return ThesaurusReading(Thesaurus(tuple(group for _, group in indexed)), problems)


def load_thesaurus(path: Path, taxonomy: Taxonomy, root: Path | None = None) -> Thesaurus:
    """The thesaurus, or ``ThesaurusError`` when it has errors (warnings do not stop it)."""
    reading = read_thesaurus(path, taxonomy, root)
    if reading.errors:
        raise ThesaurusError(reading.problems)
    return reading.thesaurus


def _groups(document: Document, taxonomy: Taxonomy) -> list[tuple[int, NeedGroup]]:
    """Every readable group, with its position in the file's list."""
    data = document.data
    if not isinstance(data, list):
        document.problem((), "oczekiwano listy grup potrzeb, z których każda zaczyna się od „- id: …”")
        return []
    if not data:
        document.problem((), "lista grup potrzeb jest pusta")
    groups = []
    for index, raw in enumerate(data):
        group = _group(document, (index,), raw, taxonomy)
        if group is not None:
            groups.append((index, group))
    return groups


def _group(document: Document, path: FieldPath, raw: Any, taxonomy: Taxonomy) -> NeedGroup | None:
    if not isinstance(raw, dict):
        document.problem(path, "każda grupa potrzeb to mapa z polami id, etykieta, frazy, terminy…")
        return None
    for key in raw:
        if key not in _FIELDS:
            document.problem(path + (key,), f"nieznane pole „{key}”{suggestion(str(key), list(_FIELDS))}",
                             at_key=True)
    group_id = _text(document, raw, path, "id")
    label = _text(document, raw, path, "etykieta")
    if group_id and not _ID.match(group_id):
        document.problem(path + ("id",), f"„{group_id}” nie nadaje się na id: użyj małych liter bez polskich "
                                         "znaków, cyfr i łączników, np. „brak-pieniedzy”")
    tile = raw.get("kafel", False)
    if not isinstance(tile, bool):
        document.problem(path + ("kafel",), "wpisz true (pokaż jako kafel na stronie głównej) albo false")
        tile = False
    hint = raw.get("wskazowka", False)
    if not isinstance(hint, bool):
        document.problem(path + ("wskazowka",), "wpisz true (słowa grupy mówią, kogo dotyczy sprawa) albo false")
        hint = False
    description = raw.get("opis", "")
    if not isinstance(description, str):
        document.problem(path + ("opis",), "opis musi być tekstem")
        description = ""
    phrases = _words(document, raw, path, "frazy")
    terms = _words(document, raw, path, "terminy")
    areas = _keys(document, raw, path, "obszary", taxonomy)
    target_groups = _keys(document, raw, path, "grupy_docelowe", taxonomy)
    if not (phrases or terms or areas or target_groups) and label:
        document.problem(path, f"grupa „{group_id or label}” jest pusta: dodaj frazy, terminy, obszary "
                               "albo grupy docelowe")
    if not (group_id and label):
        return None
    line = document.where(path)[0]
    return NeedGroup(group_id, label, tile, phrases, terms, areas, target_groups, description.strip(), line, hint)


def _text(document: Document, raw: dict, path: FieldPath, key: str) -> str:
    value = raw.get(key)
    if value is None:
        document.problem(path, f"brak pola „{key}”")
        return ""
    if not isinstance(value, str) or not value.strip():
        document.problem(path + (key,), "wpisz niepusty tekst")
        return ""
    return value.strip()


def _list(document: Document, raw: dict, path: FieldPath, key: str) -> list[tuple[int, Any]]:
    value = raw.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        document.problem(path + (key,), f"„{key}” to lista, np. [{'…, …'}] albo wiersze zaczynające się od „- ”")
        return []
    return list(enumerate(value))


def _words(document: Document, raw: dict, path: FieldPath, key: str) -> tuple[str, ...]:
    found: dict[str, str] = {}
    for index, value in _list(document, raw, path, key):
        where = path + (key, index)
        if not isinstance(value, str) or not value.strip():
            document.problem(where, f"{_WORD_LISTS[key]} musi być niepustym tekstem (liczbę ujmij w cudzysłów)")
            continue
        text = " ".join(value.split())
        if len(text) > MAX_PHRASE_LENGTH:
            document.problem(where, f"{_WORD_LISTS[key]} ma {len(text)} znaków, najwyżej {MAX_PHRASE_LENGTH}; "
                                    "wpisz to, co ktoś naprawdę wpisałby w wyszukiwarkę")
            continue
        if not any(ch.isalnum() for ch in text):
            document.problem(where, f"{_WORD_LISTS[key]} „{text}” nie zawiera ani jednej litery ani cyfry")
            continue
        normal = normalized(text)
        if normal in found:
            document.problem(where, f"„{text}” powtarza „{found[normal]}” w tej samej grupie; zostaw jedno",
                             severity="warning")
            continue
        found[normal] = text
    return tuple(found.values())


def _keys(document: Document, raw: dict, path: FieldPath, key: str, taxonomy: Taxonomy) -> tuple[str, ...]:
    vocabulary = getattr(taxonomy, _TAXONOMY_LISTS[key])
    keys: list[str] = []
    for index, value in _list(document, raw, path, key):
        where = path + (key, index)
        if not isinstance(value, str) or value not in vocabulary:
            by_label = vocabulary.key_for_label(value) if isinstance(value, str) else None
            hint = f"; czy chodziło o „{by_label}”?" if by_label else suggestion(str(value), vocabulary.keys)
            document.problem(where, f"nieznana wartość „{value}” w słowniku „{vocabulary.title}”{hint}")
            continue
        if value not in keys:
            keys.append(value)
    return tuple(keys)


def _check_across_groups(document: Document, indexed: list[tuple[int, NeedGroup]]) -> None:
    """Ids are unique (error); a phrase in two groups is allowed but flagged (warning)."""
    ids: dict[str, int] = {}
    owners: dict[str, NeedGroup] = {}
    for index, group in enumerate(document.data if isinstance(document.data, list) else []):
        if not isinstance(group, dict) or not isinstance(group.get("id"), str):
            continue
        group_id = group["id"].strip()
        if group_id in ids:
            document.problem((index, "id"), f"id „{group_id}” ma już grupa nr {ids[group_id] + 1}; "
                                            "każda grupa potrzebuje własnego id")
        else:
            ids[group_id] = index
    for data_index, group in indexed:
        for phrase_index, phrase in enumerate(group.phrases):
            normal = normalized(phrase)
            owner = owners.setdefault(normal, group)
            if owner is not group:
                where = (data_index, "frazy", _position_in(document, data_index, "frazy", phrase, phrase_index))
                document.problem(where, f"fraza „{phrase}” jest też w grupie „{owner.id}”; wyszukiwarka pokaże "
                                        "usługi obu grup", severity="warning")


def _check_tiles(document: Document, indexed: list[tuple[int, NeedGroup]]) -> None:
    tiles = [index for index, group in indexed if group.tile]
    if len(tiles) > MAX_TILES:
        document.problem((tiles[MAX_TILES], "kafel"), f"kafli jest {len(tiles)}; strona główna pokazuje najwyżej "
                                                     f"{MAX_TILES}, dalsze zostaną pominięte", severity="warning")


def _position_in(document: Document, index: int, key: str, phrase: str, fallback: int) -> int:
    values = document.data[index].get(key) or []
    for position, value in enumerate(values):
        if isinstance(value, str) and " ".join(value.split()) == phrase:
            return position
    return fallback


def _named(problem: Problem) -> Problem:
    """``[3].frazy[2]`` → ``grupy[3].frazy[2]``: the file is a bare list, so name it."""
    if problem.field.startswith("["):
        return replace(problem, field="grupy" + problem.field)
    return problem


def normalized(text: str) -> str:
    """How two phrases are compared: case, diacritics and spacing do not count."""
    return " ".join(fold(text).split())
