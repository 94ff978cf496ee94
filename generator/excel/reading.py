"""Reading a filled card template or a basket workbook back into card data.

Every cell is mapped to the card key it fills, and the result is checked with the
same rules as a YAML card (``generator.schema``): a problem is reported at its
cell, e.g. ``Usługi!D7``, and nothing is written while any problem remains.

Values are read with calamine (Rust; a 30,000-row basket in about a second);
formulas, which calamine hides behind their cached values, are found by
``formulas.formula_cells`` and refused.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from openpyxl.utils import get_column_letter
from python_calamine import CalamineError, CalamineWorkbook

from .. import schema
from ..loading import FieldPath, field_name
from ..problems import ERROR, WARNING, HasProblems, Problem
from ..taxonomy import Taxonomy
from .cells import from_cell, get_path, set_path, to_cell
from .columns import BASKET_SHEET, PARTNER_COLUMNS, PARTNER_SHEET, SERVICE_COLUMNS, SERVICES_SHEET, Column
from .formulas import formula_cells
from .metadata import WorkbookMetadata, read_metadata
from .safety import workbook_problem
from .sheet_words import value_problem

_BY_HEADER = {column.header: column for column in PARTNER_COLUMNS + SERVICE_COLUMNS}
_PARTNER_HEADERS = {column.header for column in PARTNER_COLUMNS}


@dataclass
class SheetCard:
    """One card read from a workbook, with the cell behind every value."""

    slug: str
    data: dict
    cells: dict[FieldPath, tuple[str, int, int]] = field(default_factory=dict)  # path → (sheet, row, column)
    # path → the cell where a value would go, filled or not: a missing value is reported there
    slots: dict[FieldPath, tuple[str, int, int]] = field(default_factory=dict)
    slug_cell: tuple[str, int, int] = (PARTNER_SHEET, 1, 1)
    generated_ids: set[int] = field(default_factory=set)  # services whose empty id was made from the name


@dataclass
class WorkbookReading(HasProblems):
    cards: list[SheetCard] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    metadata: WorkbookMetadata = field(default_factory=WorkbookMetadata)


def slugify(name: str) -> str:
    """A card file name from a partner's name: ``Poradnia PP w Łodzi`` → ``poradnia-pp-w-lodzi``."""
    text = name.replace("ł", "l").replace("Ł", "L")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60] or "partner"


class _Cell(NamedTuple):
    row: int
    column: int
    value: object
    formula: bool


def _rows(book: CalamineWorkbook, name: str, formulas: dict[str, set[tuple[int, int]]]):
    """The sheet's rows as lists of ``_Cell``, 1-based like the sheet's own addresses."""
    in_sheet = formulas.get(name, set())
    for row_number, row in enumerate(book.get_sheet_by_name(name).to_python(skip_empty_area=False), start=1):
        yield [_Cell(row_number, column, None if value == "" else value, (row_number, column) in in_sheet)
               for column, value in enumerate(row, start=1)]


class _Problems:
    def __init__(self, display: str, reading: WorkbookReading):
        self.display = display
        self.reading = reading

    def at(self, sheet: str, row: int, column: int, field_label: str, message: str, severity: str = ERROR):
        where = f"{sheet}!{get_column_letter(column)}{row}"
        label = f"{where} · {field_label}" if field_label else where
        self.reading.problems.append(Problem(self.display, row, column, label, message, severity))


def _cell_text(value) -> str:
    return str(value).strip() if value is not None else ""


def read_workbook(path: Path, taxonomy: Taxonomy, today: dt.date, display: str | None = None) -> WorkbookReading:
    reading = WorkbookReading()
    display = display or path.name
    report = _Problems(display, reading)
    refused = workbook_problem(path)
    if refused:
        reading.problems.append(Problem(display, 1, 1, "", refused))
        return reading
    try:
        book = CalamineWorkbook.from_path(str(path))
        formulas = formula_cells(path)
    except (CalamineError, ValueError, KeyError, OSError, SyntaxError, zipfile.BadZipFile) as error:
        reading.problems.append(Problem(display, 1, 1, "", f"nie można odczytać skoroszytu ({type(error).__name__})"))
        return reading
    reading.metadata, damaged = read_metadata(book)
    if damaged:
        reading.problems.append(Problem(display, 1, 1, "", damaged))
        return reading
    if BASKET_SHEET in book.sheet_names:
        _read_basket_sheet(_rows(book, BASKET_SHEET, formulas), taxonomy, reading, report)
    elif PARTNER_SHEET in book.sheet_names and SERVICES_SHEET in book.sheet_names:
        _read_card_sheets(_rows(book, PARTNER_SHEET, formulas), _rows(book, SERVICES_SHEET, formulas),
                          taxonomy, reading, report)
    else:
        reading.problems.append(Problem(display, 1, 1, "",
            f"brak arkuszy „{PARTNER_SHEET}” i „{SERVICES_SHEET}” (karta) ani „{BASKET_SHEET}” (koszyk)"))
    for card in reading.cards:  # formulas and unknown columns do not hide the other problems
        _check_card(card, taxonomy, today, report)
    return reading


def _value(cell: _Cell, sheet: str, report: _Problems):
    if cell.formula:
        report.at(sheet, cell.row, cell.column, "", "komórka zawiera formułę; wpisz samą wartość")
        return None
    return cell.value


def _header_columns(rows, sheet: str, report: _Problems, public: bool = False) -> list[Column | None]:
    header = next(rows, ())
    columns = []
    for cell in header:
        text = _cell_text(cell.value)
        column = _BY_HEADER.get(text)
        if text and column is None:
            report.at(sheet, cell.row, cell.column, "", f"nieznana kolumna „{text}”; nie zmieniaj nagłówków")
        if column is not None and column.intranet_only and public:
            report.at(sheet, cell.row, cell.column, "",
                      f"kolumna „{text}” jest tylko dla intranetu, a to arkusz publiczny; "
                      "dane wewnętrzne zmieniaj w arkuszu intranetowym")
        columns.append(column)
    return columns


def _fill(card: SheetCard, column: Column, value, prefix: tuple, taxonomy: Taxonomy, where: tuple[str, int, int],
          report: _Problems | None = None):
    path = prefix + column.path
    if column.path == ("_slug",):
        card.slug_cell = where
        return
    card.slots.setdefault(path, where)
    problem = value_problem(column, value, taxonomy)
    if problem and report is not None:
        suffix, message = problem
        report.at(*where, field_name(path + suffix), message)
        return
    converted = from_cell(column, value, taxonomy)
    if converted is None:
        return
    set_path(card.data, path, converted)
    card.cells[path] = where


def _read_card_sheets(partner_rows, service_rows, taxonomy, reading: WorkbookReading, report: _Problems):
    card = SheetCard(slug="", data={"partner": {}, "uslugi": []})
    for row in list(partner_rows)[1:]:
        if not row:
            continue
        header = _cell_text(row[0].value)
        if not header:
            continue
        column = _BY_HEADER.get(header)
        if column is None or header not in _PARTNER_HEADERS:
            report.at(PARTNER_SHEET, row[0].row, 1, "", f"nieznane pole „{header}”; nie zmieniaj kolumny A")
            continue
        if len(row) < 2:
            card.slots.setdefault(("partner",) + column.path, (PARTNER_SHEET, row[0].row, 2))
            continue
        value = _value(row[1], PARTNER_SHEET, report)
        if column.path == ("_slug",):
            card.slug = _cell_text(value)
        _fill(card, column, value, ("partner",), taxonomy, (PARTNER_SHEET, row[1].row, 2), report)
    _read_service_rows(service_rows, SERVICES_SHEET, lambda _: card, taxonomy, report)
    card.slug = card.slug or slugify(card.data["partner"].get("nazwa", ""))
    reading.cards.append(card)


def _read_basket_sheet(rows, taxonomy, reading: WorkbookReading, report: _Problems):
    by_slug: dict[str, SheetCard] = {}

    def card_for(row) -> SheetCard | None:
        slug, slug_cell = "", None
        for column, cell in row:
            if column is not None and column.path == ("_slug",):
                slug, slug_cell = _cell_text(cell.value), cell
        if not slug:
            column = slug_cell.column if slug_cell else 1
            report.at(BASKET_SHEET, row[0][1].row, column, "Plik karty", "brak nazwy pliku karty w kolumnie „Plik karty”")
            return None
        if slug not in by_slug:
            by_slug[slug] = SheetCard(slug=slug, data={"partner": {}, "uslugi": []})
            for column, cell in row:
                if column is not None and column.header in _PARTNER_HEADERS:
                    value = _value(cell, BASKET_SHEET, report)
                    _fill(by_slug[slug], column, value, ("partner",), taxonomy,
                          (BASKET_SHEET, cell.row, cell.column), report)
        else:
            _compare_partner_cells(by_slug[slug], row, taxonomy, report)
        return by_slug[slug]

    _read_service_rows(rows, BASKET_SHEET, card_for, taxonomy, report, reading.metadata.is_public)
    reading.cards.extend(by_slug.values())


def _compare_partner_cells(card: SheetCard, row, taxonomy: Taxonomy, report: _Problems) -> None:
    """Partner fields repeat on every row of the partner: a row that says otherwise is an error
    naming both cells, never silently ignored."""
    for column, cell in row:
        if column is None or column.header not in _PARTNER_HEADERS or column.path == ("_slug",) or cell.formula:
            continue
        path = ("partner",) + column.path
        first = card.slots.get(path)
        if first is None or value_problem(column, cell.value, taxonomy):
            continue
        here = from_cell(column, cell.value, taxonomy)
        before = get_path(card.data, path)
        if here != before:
            first_cell = f"{first[0]}!{get_column_letter(first[2])}{first[1]}"
            shown = "pusta" if cell.value is None else f"„{_cell_text(cell.value)}”"
            earlier = to_cell(column, card.data["partner"], taxonomy)
            earlier_shown = "pusta" if earlier is None else f"„{_cell_text(earlier)}”"
            report.at(BASKET_SHEET, cell.row, cell.column, field_name(path),
                      f"„{column.header}” partnera: tu {shown}, a w komórce {first_cell} {earlier_shown}; "
                      "dane partnera muszą być takie same we wszystkich jego wierszach")


def _read_service_rows(rows, sheet: str, card_for, taxonomy: Taxonomy, report: _Problems, public: bool = False) -> None:
    columns = _header_columns(rows, sheet, report, public)
    service_indexes = [i for i, c in enumerate(columns) if c is not None and c.header not in _PARTNER_HEADERS]
    for row in rows:
        if all(cell.value is None or cell.value == " " for cell in row):
            continue
        pairs = list(zip(columns, row))
        card = card_for(pairs)
        if card is None:
            continue
        service_cells = [(columns[i], row[i]) for i in service_indexes
                         if i < len(row) and (row[i].value is not None or row[i].formula)]
        if not service_cells:
            continue  # a partner row without services
        index = len(card.data["uslugi"])
        card.data["uslugi"].append({})
        for position in service_indexes:
            if position < len(row):
                card.slots[("uslugi", index) + columns[position].path] = (sheet, row[position].row, row[position].column)
        for column, cell in service_cells:
            value = _value(cell, sheet, report)
            _fill(card, column, value, ("uslugi", index), taxonomy, (sheet, cell.row, cell.column), report)
        criteria = card.data["uslugi"][index].get("dostep", {}).get("kryteria")
        if criteria:  # empty criterion slots between filled ones
            card.data["uslugi"][index]["dostep"]["kryteria"] = [c for c in criteria if c]


class _CellReporter:
    """Reports schema problems at the cell a value came from."""

    def __init__(self, card: SheetCard, taxonomy: Taxonomy, today: dt.date, report: _Problems):
        self.card, self.taxonomy, self.today, self.report = card, taxonomy, today, report

    def _where(self, path: FieldPath, missing: str = "") -> tuple[str, int, int]:
        if missing and path + (missing,) in self.card.slots:
            return self.card.slots[path + (missing,)]
        probe = path
        while probe and probe not in self.card.cells:
            probe = probe[:-1]
        if probe in self.card.cells:
            return self.card.cells[probe]
        for cell_path, where in self.card.cells.items():  # a missing key: point at its row
            if cell_path[: len(path)] == path:
                return where
        return (PARTNER_SHEET, 1, 1)

    def error(self, path: FieldPath, message: str, *, at_key: bool = False, missing: str = "") -> None:
        sheet, row, column = self._where(path, missing)
        self.report.at(sheet, row, column, field_name(path + ((missing,) if missing else ())), message)

    def warning(self, path: FieldPath, message: str) -> None:
        sheet, row, column = self._where(path)
        self.report.at(sheet, row, column, field_name(path), message, WARNING)


def _ids_from_names(card: SheetCard) -> None:
    """A new service with an empty „ID usługi” gets one made from its name (the import makes it
    unique in the basket); without a name either, the validator reports both cells."""
    for index, service in enumerate(card.data.get("uslugi", [])):
        if isinstance(service, dict) and not service.get("id") and isinstance(service.get("nazwa"), str):
            service["id"] = slugify(service["nazwa"])
            card.generated_ids.add(index)
            if ("uslugi", index, "id") in card.slots:
                card.cells[("uslugi", index, "id")] = card.slots[("uslugi", index, "id")]


def _check_card(card: SheetCard, taxonomy: Taxonomy, today: dt.date, report: _Problems) -> None:
    _ids_from_names(card)
    if not re.fullmatch(schema.SLUG.pattern, card.slug):
        report.at(*card.slug_cell, "Plik karty", f"„{card.slug}”: nazwa pliku karty to małe litery, cyfry i myślniki")
    checked = schema.CARD.check(card.data, (), _CellReporter(card, taxonomy, today, report))
    if checked is not schema.INVALID:
        card.data = checked
