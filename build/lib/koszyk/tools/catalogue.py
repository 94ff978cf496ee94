"""The model's 21 tools, one YAML source each in ``content/narzedzia/``.

A source says what the tool is for, when in the DPZM cycle it is used and who
fills it, and holds the document body as blocks (``tresc``). Sources are read
with the same position-keeping loader as the cards, so a mistake is reported as
``path:line:col: field: message``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..loading import Document as YamlDocument, load_document
from ..problems import HasProblems, Problem, display_path
from .document import Block, Bullets, Checkboxes, Document, Fields, Heading, Paragraph, Table

STAGES = {
    "diagnoza": "Diagnoza",
    "planowanie": "Planowanie",
    "zapewnianie": "Zapewnianie usług",
    "monitoring": "Monitoring",
}
LEVELS = {"instytucja": "Partnerstwo (PZK)", "osoba": "Praca z osobą i rodziną (ZZK)"}
_NUMBER = re.compile(r"^(\d{1,2})")
BLANK_ROWS_LIMIT = 30


@dataclass(frozen=True)
class Extra:
    """A further download made elsewhere (e.g. the card workbook), linked from the tool's page."""

    path: str  # site path, e.g. "pobierz/karta-uslug.xlsx"
    label: str


@dataclass(frozen=True)
class Tool:
    number: int
    slug: str  # file stem, e.g. "07-karta-uslug"
    title: str
    purpose: str
    stages: tuple[str, ...]
    when: str
    who: str
    level: str
    document: Document
    digest: str  # of the source text: rendered files are cached by it
    extras: tuple[Extra, ...] = ()

    @property
    def stage_labels(self) -> str:
        return ", ".join(STAGES[stage] for stage in self.stages)

    @property
    def file_stem(self) -> str:
        return f"narzedzie-{self.slug}"

    @property
    def page_uri(self) -> str:
        return f"model/narzedzia/{self.slug}.md"


@dataclass
class ToolsResult(HasProblems):
    tools: list[Tool]
    problems: list[Problem]


def load_tools(folder: Path, root: Path | None = None) -> ToolsResult:
    """Every ``NN-name.yml`` under ``folder``, ordered by number, with all problems found."""
    tools, problems = [], []
    for path in sorted(folder.glob("*.yml")):
        source = load_document(path, display_path(path, root))
        tool = _tool(source) if source.data is not None else None
        problems += source.problems
        if tool is not None and not source.problems:
            tools.append(tool)
    tools.sort(key=lambda tool: tool.number)
    return ToolsResult(tools, problems)


def _text(source: YamlDocument, data: dict, key: str, path: tuple = ()) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        source.problem(path + (key,), "wymagany tekst (niepusty)", at_key=key in data)
        return ""
    return value.strip()


def _texts(source: YamlDocument, value, path: tuple) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(item, str) for item in value):
        source.problem(path, "wymagana lista tekstów")
        return ()
    return tuple(item.strip() for item in value)


def _tool(source: YamlDocument) -> Tool | None:
    data = source.data
    number = _NUMBER.match(source.path.stem)
    if not isinstance(data, dict) or number is None:
        source.problem((), "plik narzędzia to mapa z kluczami tytul, cel, etap, kiedy, kto, tresc; "
                           "nazwa pliku zaczyna się numerem narzędzia, np. 07-karta-uslug.yml")
        return None
    stages = data.get("etap")
    stages = [stages] if isinstance(stages, str) else stages
    if not isinstance(stages, list) or not stages or any(stage not in STAGES for stage in stages):
        source.problem(("etap",), "etap cyklu to jedna lub kilka z wartości: " + ", ".join(STAGES))
        stages = []
    level = data.get("poziom")
    if level not in LEVELS:
        source.problem(("poziom",), "poziom to „instytucja” albo „osoba”")
    title = _text(source, data, "tytul")
    blocks = _blocks(source, data.get("tresc"))
    digest = hashlib.sha256(source.path.read_bytes()).hexdigest()
    return Tool(
        number=int(number.group(1)), slug=source.path.stem, title=title,
        purpose=_text(source, data, "cel"), stages=tuple(stages), when=_text(source, data, "kiedy"),
        who=_text(source, data, "kto"), level=level if level in LEVELS else "",
        document=Document(f"Narzędzie {int(number.group(1))}. {title}", str(data.get("podtytul") or ""), blocks),
        digest=digest, extras=_extras(source, data.get("pliki")),
    )


def _extras(source: YamlDocument, value) -> tuple[Extra, ...]:
    if value is None:
        return ()
    extras = []
    for index, item in enumerate(value if isinstance(value, list) else [None]):
        if not isinstance(item, dict) or not isinstance(item.get("plik"), str) or not isinstance(item.get("opis"), str):
            source.problem(("pliki", index), "plik do pobrania to mapa: plik (ścieżka na stronie), opis")
            continue
        extras.append(Extra(item["plik"], item["opis"]))
    return tuple(extras)


def _blocks(source: YamlDocument, value) -> tuple[Block, ...]:
    if not isinstance(value, list) or not value:
        source.problem(("tresc",), "treść dokumentu to lista bloków (naglowek, akapit, lista, pola, wybor, tabela)")
        return ()
    return tuple(block for index, item in enumerate(value)
                 if (block := _block(source, item, ("tresc", index))) is not None)


def _block(source: YamlDocument, item, path: tuple) -> Block | None:
    if not isinstance(item, dict) or len(item) != 1:
        source.problem(path, "blok to jeden klucz: naglowek, podnaglowek, akapit, lista, pola, wybor albo tabela")
        return None
    (kind, value), = item.items()
    here = path + (kind,)
    if kind in ("naglowek", "podnaglowek", "akapit"):
        if not isinstance(value, str) or not value.strip():
            source.problem(here, "wymagany tekst (niepusty)")
            return None
        text = " ".join(value.split())
        return Paragraph(text) if kind == "akapit" else Heading(text, 2 if kind == "naglowek" else 3)
    if kind == "lista":
        return Bullets(_texts(source, value, here))
    if kind == "pola":
        return Fields(tuple((label, "") for label in _texts(source, value, here)))
    if kind == "wybor":
        if not isinstance(value, dict):
            source.problem(here, "wybór to mapa: pytanie, opcje")
            return None
        options = _texts(source, value.get("opcje"), here + ("opcje",))
        return Checkboxes(_text(source, value, "pytanie", here), tuple((option, False) for option in options))
    if kind == "tabela":
        return _table(source, value, here)
    source.problem(path, f"nieznany rodzaj bloku „{kind}”; dozwolone: naglowek, podnaglowek, akapit, lista, "
                         "pola, wybor, tabela", at_key=True)
    return None


def _table(source: YamlDocument, value, here: tuple) -> Table | None:
    if not isinstance(value, dict):
        source.problem(here, "tabela to mapa: kolumny, wiersze i/lub puste_wiersze")
        return None
    columns = _texts(source, value.get("kolumny"), here + ("kolumny",))
    rows = []
    for index, row in enumerate(value.get("wiersze") or []):
        cells = [str(cell) if cell is not None else "" for cell in row] if isinstance(row, list) else []
        if len(cells) != len(columns):
            source.problem(here + ("wiersze", index), f"wiersz ma mieć {len(columns)} komórek, tyle ile kolumn")
            continue
        rows.append(tuple(cells))
    blank = value.get("puste_wiersze", 0)
    if not isinstance(blank, int) or isinstance(blank, bool) or not 0 <= blank <= BLANK_ROWS_LIMIT:
        source.problem(here + ("puste_wiersze",), f"liczba pustych wierszy od 0 do {BLANK_ROWS_LIMIT}")
        blank = 0
    rows += [("",) * len(columns)] * blank
    return Table(columns, tuple(rows))
