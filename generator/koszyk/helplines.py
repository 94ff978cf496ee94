"""National free help lines for the public home's crisis block: ``site_config/telefony.yml``.

Numbers change, so they live in a file the partnership keeps, not in a
template. It is read like a card (positions, no duplicate keys) and checked
by ``koszyk validate`` and at build, with the same ``path:line:col`` messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .loading import Document, load_document
from .problems import FileProblems, HasProblems, Problem, display_path
from .schema import suggestion

HELPLINES_FILE = "telefony.yml"
_FIELDS = ("numer", "nazwa", "opis", "godziny")
_NUMBER = re.compile(r"^\d{3}( ?\d{1,3}){0,3}$")
MAX_TEXT = 200


class HelplinesError(FileProblems):
    what = "Plik telefonów pomocowych"


@dataclass(frozen=True)
class Helpline:
    number: str
    name: str
    description: str = ""
    hours: str = ""

    @property
    def href(self) -> str:
        """``tel:116123``: digits only, so every phone dials it."""
        return "tel:" + self.number.replace(" ", "")


@dataclass
class HelplinesReading(HasProblems):
    helplines: tuple[Helpline, ...]
    problems: list[Problem]


def read_helplines(path: Path, root: Path | None = None) -> HelplinesReading:
    """The help lines and every problem; a missing file means no crisis block."""
    if not path.exists():
        return HelplinesReading((), [])
    document = load_document(path, display_path(path, root))
    if document.data is None:
        return HelplinesReading((), document.problems)
    if not isinstance(document.data, list):
        document.problem((), "oczekiwano listy telefonów, z których każdy zaczyna się od „- numer: …”")
        return HelplinesReading((), document.problems)
    helplines = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(document.data):
        helpline = _helpline(document, index, raw)
        if helpline is None:
            continue
        if helpline.number in seen:
            document.problem((index, "numer"), f"numer {helpline.number} jest już w pozycji nr {seen[helpline.number] + 1}")
            continue
        seen[helpline.number] = index
        helplines.append(helpline)
    problems = [replace(p, field="telefony" + p.field) if p.field.startswith("[") else p for p in document.problems]
    return HelplinesReading(tuple(helplines), sorted(problems, key=lambda p: (p.line, p.column)))


def load_helplines(path: Path, root: Path | None = None) -> tuple[Helpline, ...]:
    reading = read_helplines(path, root)
    if reading.errors:
        raise HelplinesError(reading.problems)
    return reading.helplines


def _helpline(document: Document, index: int, raw: Any) -> Helpline | None:
    if not isinstance(raw, dict):
        document.problem((index,), "każdy telefon to mapa z polami numer, nazwa, opis, godziny")
        return None
    for key in raw:
        if key not in _FIELDS:
            document.problem((index, key), f"nieznane pole „{key}”{suggestion(str(key), list(_FIELDS))}", at_key=True)
    number = raw.get("numer")
    if isinstance(number, int) and not isinstance(number, bool):
        number = str(number)
    if not isinstance(number, str) or not _NUMBER.match(" ".join(number.split())):
        document.problem((index, "numer") if "numer" in raw else (index,),
                         "podaj numer cyframi, grupy oddzielone spacją, np. \"116 123\" albo \"800 120 002\"")
        return None
    texts = {key: _text(document, raw, index, key) for key in ("nazwa", "opis", "godziny")}
    if not texts["nazwa"]:
        if "nazwa" not in raw:
            document.problem((index,), "brak pola „nazwa”")
        return None
    return Helpline(" ".join(number.split()), texts["nazwa"], texts["opis"], texts["godziny"])


def _text(document: Document, raw: dict, index: int, key: str) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str) or not value.strip():
        document.problem((index, key), "wpisz niepusty tekst")
        return ""
    if len(value) > MAX_TEXT:
        document.problem((index, key), f"tekst ma {len(value)} znaków, najwyżej {MAX_TEXT}")
        return ""
    return " ".join(value.split())
