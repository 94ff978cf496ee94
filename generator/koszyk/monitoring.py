"""The partnership's monitoring register (``baskets/<id>/monitoring.yml``) and its figures.

The model asks the partnership to count: requests to add a service or a partner
(and how many were realised, refused and why), consultations the network worker
gave to task teams, and conflicts that needed mediation (and how many were
resolved). The register keeps those events in git, as YAML, with no data about
people: the validator refuses anything shaped like a PESEL number or like a
person's first name and surname, and keys that name personal data.

Messages follow the cards' form: ``path:line:col: field: message``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .loading import Document, load_document
from .characters import describe, first_hidden
from .kinds import suggestion
from .personal_data import pesel_shapes, person_name_in
from .problems import HasProblems, Problem, display_path

REGISTER_FILE = "monitoring.yml"

SOURCES = {"partner": "partner", "zespol_zadaniowy": "zespół zadaniowy (ZZK)",
           "pracownik_ds_sieci": "pracownik ds. sieci"}
SUBJECTS = {"usluga": "dodanie usługi", "partner": "dodanie partnera"}
DECISIONS = {"zrealizowany": "zrealizowany", "odrzucony": "odrzucony", "oczekuje": "czeka na decyzję"}
OUTCOMES = {"rozwiazany": "rozwiązany", "w_toku": "w toku", "nierozwiazany": "nierozwiązany"}

REQUEST_KEYS = {"data", "zrodlo", "rodzaj", "czego_dotyczy", "decyzja", "powod", "data_decyzji", "zgloszenie"}
CONSULTATION_KEYS = {"data", "liczba", "uwagi"}
CONFLICT_KEYS = {"data", "czego_dotyczy", "wynik", "data_rozwiazania"}
# the fields an entry cannot do without (the checker below reports each; the JSON Schema lists them)
REQUIRED_KEYS = {"wnioski": ("data", "zrodlo", "rodzaj", "czego_dotyczy", "decyzja"), "konsultacje": ("data",),
                 "konflikty": ("data", "czego_dotyczy", "wynik")}
PERSONAL_KEYS = {"imie", "nazwisko", "pesel", "osoba", "klient", "rodzina", "adres", "telefon", "email"}

MAX_TEXT = 2000  # a register entry describes a matter in a few sentences; a card field allows 20,000

@dataclass(frozen=True)
class Request:
    """A request to add a service or a partner to the basket."""

    date: dt.date
    source: str
    subject: str
    what: str
    decision: str
    reason: str = ""
    decided: dt.date | None = None
    issue: int | None = None


@dataclass(frozen=True)
class Consultation:
    date: dt.date
    count: int


@dataclass(frozen=True)
class Conflict:
    date: dt.date
    what: str
    outcome: str


@dataclass
class Register(HasProblems):
    requests: list[Request] = field(default_factory=list)
    consultations: list[Consultation] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    present: bool = False  # whether the basket keeps a register at all


def load_register(basket_dir: Path, today: dt.date, root: Path | None = None) -> Register:
    """The basket's register, or an empty one when the file does not exist."""
    path = basket_dir / REGISTER_FILE
    if not path.exists():
        return Register()
    document = load_document(path, display_path(path, root))
    register = Register(present=True)
    if document.data is not None:
        _Checker(document, today, register).check()
    register.problems = document.problems
    return register


class _Checker:
    def __init__(self, document: Document, today: dt.date, register: Register):
        self.document, self.today, self.register = document, today, register

    def problem(self, path: tuple, message: str, at_key: bool = False) -> None:
        self.document.problem(path, message, at_key=at_key)

    def check(self) -> None:
        data = self.document.data
        if not isinstance(data, dict):
            self.problem((), "rejestr to mapa z listami: wnioski, konsultacje, konflikty")
            return
        for key in data:
            if key not in ("wnioski", "konsultacje", "konflikty"):
                self.problem((key,), f"nieznany klucz „{key}”; dozwolone: wnioski, konsultacje, konflikty", at_key=True)
        self.register.requests = self._items("wnioski", REQUEST_KEYS, self._request)
        self.register.consultations = self._items("konsultacje", CONSULTATION_KEYS, self._consultation)
        self.register.conflicts = self._items("konflikty", CONFLICT_KEYS, self._conflict)

    def _items(self, section: str, allowed: set[str], build) -> list:
        value = self.document.data.get(section)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem((section,), "wymagana lista wpisów (każdy zaczyna się od „- data: RRRR-MM-DD”)")
            return []
        items = []
        for index, entry in enumerate(value):
            path = (section, index)
            if not isinstance(entry, dict):
                self.problem(path, "wpis to mapa pól, np. „data: 2026-03-01”")
                continue
            before = len(self.document.problems)
            self._no_personal_data(entry, path, allowed)
            item = build(entry, path)
            if item is not None and len(self.document.problems) == before:
                items.append(item)
        return items

    def _no_personal_data(self, entry: dict, path: tuple, allowed: set[str]) -> None:
        for key, value in entry.items():
            here = path + (key,)
            if key in PERSONAL_KEYS:
                self.problem(here, f"pole „{key}” to dane osobowe; rejestr monitoringu ich nie przechowuje", at_key=True)
            elif key not in allowed:
                self.problem(here, f"nieznane pole „{key}”; dozwolone: {', '.join(sorted(allowed))}", at_key=True)
            elif isinstance(value, (str, int)) and not isinstance(value, bool):
                self._no_person_in_text(str(value), here)

    def _no_person_in_text(self, text: str, path: tuple) -> None:
        hidden = first_hidden(text)
        if hidden:
            index, char = hidden
            self.problem(path, f"tekst zawiera niewidoczny znak {describe(char)} na pozycji {index + 1}; usuń go")
        if len(text) > MAX_TEXT:
            self.problem(path, f"tekst ma {len(text)} znaków, dozwolone najwyżej {MAX_TEXT}; "
                               "opisz sprawę krócej, szczegóły zostają w dokumentach ośrodka")
        for shape in pesel_shapes(text):
            self.problem(path, f"„{shape}” wygląda jak numer PESEL; "
                               "rejestr nie przechowuje danych osób, usuń ten numer")
            break
        name = person_name_in(text)
        if name:
            self.problem(path, f"„{name}” wygląda na imię i nazwisko albo nazwisko osoby; rejestr nie przechowuje "
                               "danych osób, opisz sprawę bez nich (np. „rodzina z dwojgiem dzieci”)")

    def _date(self, entry: dict, path: tuple, key: str = "data", required: bool = True) -> dt.date | None:
        value = entry.get(key)
        if value is None:
            if required:
                self.problem(path, f"brak pola „{key}” (data RRRR-MM-DD)")
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.problem(path + (key,), f"„{value}” nie jest datą w postaci RRRR-MM-DD")
            return None
        if value > self.today:
            self.problem(path + (key,), f"data {value.isoformat()} jest w przyszłości (dziś {self.today.isoformat()}); "
                                        "rejestr zapisuje zdarzenia, które już nastąpiły")
            return None
        return value

    def _choice(self, entry: dict, path: tuple, key: str, allowed: dict[str, str]) -> str:
        value = entry.get(key)
        if value is None:
            self.problem(path, f"brak pola „{key}”; dozwolone: {', '.join(allowed)}")
            return ""
        if value not in allowed:
            self.problem(path + (key,), f"nieznana wartość „{value}”; dozwolone: {', '.join(allowed)}"
                                        + suggestion(str(value), list(allowed)))
            return ""
        return value

    def _text(self, entry: dict, path: tuple, key: str) -> str:
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            self.problem(path + ((key,) if key in entry else ()), f"pole „{key}” wymaga opisu (tekst)")
            return ""
        return value.strip()

    def _request(self, entry: dict, path: tuple) -> Request | None:
        date = self._date(entry, path)
        source = self._choice(entry, path, "zrodlo", SOURCES)
        subject = self._choice(entry, path, "rodzaj", SUBJECTS)
        what = self._text(entry, path, "czego_dotyczy")
        decision = self._choice(entry, path, "decyzja", DECISIONS)
        reason = entry.get("powod") or ""
        if decision == "odrzucony" and not (isinstance(reason, str) and reason.strip()):
            self.problem(path + ("decyzja",), "wniosek odrzucony wymaga pola „powod”: dlaczego partnerstwo go odrzuciło")
        decided = self._date(entry, path, "data_decyzji", required=False)
        if decided and date and decided < date:
            self.problem(path + ("data_decyzji",), "data decyzji jest wcześniejsza niż data wniosku")
        if decided and decision == "oczekuje":
            self.problem(path + ("data_decyzji",), "wniosek z datą decyzji nie może czekać na decyzję; "
                                                   "wpisz decyzję albo usuń datę")
        issue = entry.get("zgloszenie")
        if issue is not None and (not isinstance(issue, int) or isinstance(issue, bool) or issue < 1):
            self.problem(path + ("zgloszenie",), "numer zgłoszenia (issue) to liczba całkowita większa od zera")
        if not (date and source and subject and what and decision):
            return None
        return Request(date, source, subject, what, decision, str(reason).strip(), decided, issue)

    def _consultation(self, entry: dict, path: tuple) -> Consultation | None:
        date = self._date(entry, path)
        count = entry.get("liczba", 1)
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 1000:
            self.problem(path + ("liczba",), "liczba konsultacji to liczba całkowita od 1 do 1000")
            return None
        return Consultation(date, count) if date else None

    def _conflict(self, entry: dict, path: tuple) -> Conflict | None:
        date = self._date(entry, path)
        what = self._text(entry, path, "czego_dotyczy")
        outcome = self._choice(entry, path, "wynik", OUTCOMES)
        self._date(entry, path, "data_rozwiazania", required=False)
        return Conflict(date, what, outcome) if date and what and outcome else None
