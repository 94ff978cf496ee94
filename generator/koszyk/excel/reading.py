"""Reading a filled card template or a basket workbook back into card data.

Every cell is mapped to the card key it fills, and the result is checked with the
same rules as a YAML card (``koszyk.schema``): a problem is reported at its
cell, e.g. ``Usługi!D7``, and nothing is written while any problem remains.

Cells are streamed from the sheet XML by ``sheets.Package`` (.xlsx) or
``ods_sheets.OdsPackage`` (.ods; only the cells that exist, so a far-away cell costs
nothing); a cell outside the table, a repeated or unknown header, a formula and a
value of the wrong type are reported at their cell, in the sheet's words
(``sheet_words``). A hidden sheet says which variant the workbook is (``metadata``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from openpyxl.utils import get_column_letter

from .. import schema
from ..loading import FieldPath, field_name
from ..problems import ERROR, WARNING, HasProblems, Problem
from ..taxonomy import Taxonomy
from .cells import from_cell, get_path, set_path, to_cell
from .columns import BASKET_SHEET, PARTNER_COLUMNS, PARTNER_SHEET, SERVICE_COLUMNS, SERVICES_SHEET, Column
from .confirmation import CONFIRMATION_SHEET, Confirmation, read_confirmation
from .metadata import WorkbookMetadata, read_metadata
from .ods_sheets import OdsPackage
from .safety import is_ods, workbook_problem
from .sheet_words import value_problem
from .sheets import Cell, Package, WorkbookError, shown

_BY_HEADER = {column.header: column for column in PARTNER_COLUMNS + SERVICE_COLUMNS}
_PARTNER_HEADERS = {column.header for column in PARTNER_COLUMNS}
_AGE_FROM, _AGE_TO = ("dostep", "wiek", "od"), ("dostep", "wiek", "do")
PARTNER_SHEET_COLUMNS = 3  # field name, value, hint
# what a damaged archive or XML part raises while it is streamed
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError, LookupError,
               NotImplementedError, etree.LxmlError, RuntimeError)


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
    # fields the workbook asks to clear („Usuń pola…” columns): path → (cell of the request, the field's column)
    clear: dict[FieldPath, tuple[tuple[str, int, int], Column]] = field(default_factory=dict)


@dataclass
class WorkbookReading(HasProblems):
    cards: list[SheetCard] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    metadata: WorkbookMetadata = field(default_factory=WorkbookMetadata)
    confirmation: Confirmation = field(default_factory=Confirmation)


def slugify(name: str) -> str:
    """A card file name from a partner's name: ``Poradnia PP w Łodzi`` → ``poradnia-pp-w-lodzi``."""
    text = name.replace("ł", "l").replace("Ł", "L")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60] or "partner"
    return "index-1" if slug == "index" else slug  # "index" is a list's own page (``kinds.RESERVED_NAME``)


class _Problems:
    def __init__(self, display: str, reading: WorkbookReading):
        self.display = display
        self.reading = reading

    def at(self, sheet: str, row: int, column: int, field_label: str, message: str, severity: str = ERROR):
        where = f"{sheet}!{get_column_letter(column)}{row}"
        label = f"{where} · {field_label}" if field_label else where
        self.reading.problems.append(Problem(self.display, row, column, label, _one_line(message), severity))

    def unreadable(self, error: WorkbookError) -> None:
        where = error.where
        message = f"{where}: {error.message}" if where and not (error.row and error.column) else error.message
        if error.row and error.column:
            self.at(error.sheet, error.row, error.column, "", message)
        else:
            self.reading.problems.append(Problem(self.display, error.row or 1, error.column or 1, "", message))


def _one_line(message: str) -> str:
    """Cell text quoted in a message (a validator's too) must not break the one-line format."""
    return "".join(char if char.isprintable() else " " for char in message)


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
        with zipfile.ZipFile(path) as archive:
            _read_package((OdsPackage if is_ods(path) else Package).open(archive), taxonomy, today, reading, report)
    except WorkbookError as error:
        reading.cards.clear()
        report.unreadable(error)
        return reading
    except READ_ERRORS:
        reading.cards.clear()
        reading.problems.append(Problem(display, 1, 1, "", "skoroszyt jest uszkodzony i nie da się go odczytać; "
                                                           "otwórz go i zapisz ponownie jako .xlsx lub .ods"))
        return reading
    for card in reading.cards:  # formulas and unknown columns do not hide the other problems
        _check_card(card, taxonomy, today, report)
    return reading


def _read_package(package: Package | OdsPackage, taxonomy: Taxonomy, today: dt.date, reading: WorkbookReading,
                  report: _Problems) -> None:
    reading.metadata, damaged = read_metadata(package)
    if damaged:
        reading.problems.append(Problem(report.display, 1, 1, "", damaged))
        return
    if CONFIRMATION_SHEET in package.sheets:
        reading.confirmation, problems = read_confirmation(package.rows(CONFIRMATION_SHEET), today)
        for problem in problems:
            report.at(CONFIRMATION_SHEET, problem.row, problem.column, problem.field, problem.message)
    if BASKET_SHEET in package.sheets:
        _read_basket_sheet(package.rows(BASKET_SHEET), taxonomy, reading, report)
    elif PARTNER_SHEET in package.sheets and SERVICES_SHEET in package.sheets:
        _read_card_sheets(package.rows(PARTNER_SHEET), package.rows(SERVICES_SHEET), taxonomy, reading, report)
    else:
        reading.problems.append(Problem(report.display, 1, 1, "",
            f"brak arkuszy „{PARTNER_SHEET}” i „{SERVICES_SHEET}” (karta) ani „{BASKET_SHEET}” (koszyk)"))


def _value(cell: Cell, sheet: str, report: _Problems):
    if cell.formula:
        report.at(sheet, cell.row, cell.column, "", "komórka zawiera formułę; wpisz samą wartość")
        return None
    return cell.value


def _header_columns(rows, sheet: str, report: _Problems, public: bool = False) -> dict[int, Column]:
    """Column number → the column its header names; a missing, repeated or unknown header is an error."""
    header = next(rows, None)
    if header is None or header[0].row != 1:
        report.at(sheet, 1, 1, "", "brak nagłówków kolumn w wierszu 1; nie zmieniaj ani nie usuwaj nagłówków")
        return {}
    columns: dict[int, Column] = {}
    seen: dict[str, str] = {}
    for cell in header:
        text = _cell_text(cell.value)
        if cell.formula or not text:
            continue
        where = f"{get_column_letter(cell.column)}1"
        column = _BY_HEADER.get(text)
        if column is None:
            report.at(sheet, 1, cell.column, "", f"nieznana kolumna „{shown(text)}”; nie zmieniaj nagłówków")
        elif text in seen:
            report.at(sheet, 1, cell.column, "", f"kolumna „{shown(text)}” powtarza się (pierwsza w {seen[text]}); "
                                                 "nie zmieniaj nagłówków")
        else:
            seen[text] = where
            columns[cell.column] = column
            if column.intranet_only and public:
                report.at(sheet, 1, cell.column, "",
                          f"kolumna „{text}” jest tylko dla intranetu, a to arkusz publiczny; "
                          "dane wewnętrzne zmieniaj w arkuszu intranetowym")
    return columns


def _fill(card: SheetCard, column: Column, value, prefix: tuple, taxonomy: Taxonomy, where: tuple[str, int, int],
          report: _Problems):
    path = prefix + column.path
    if column.path == ("_slug",):
        card.slug_cell = where
        return
    if column.kind == "clear":
        _ask_to_clear(card, value, prefix, where, report)
        return
    card.slots.setdefault(path, where)
    problem = value_problem(column, value, taxonomy)
    if problem:
        suffix, message = problem
        report.at(*where, field_name(path + suffix), message)
        return
    converted = from_cell(column, value, taxonomy)
    if converted is None:
        return
    set_path(card.data, path, converted)
    card.cells[path] = where


_CLEARABLE = {
    "partner": {c.header: c for c in PARTNER_COLUMNS if c.path != ("_slug",) and c.kind != "clear"},
    "uslugi": {c.header: c for c in SERVICE_COLUMNS if c.path != ("id",) and c.kind != "clear"
               and "kryteria" not in c.path},
}


def _ask_to_clear(card: SheetCard, value, prefix: tuple, where: tuple[str, int, int], report: _Problems) -> None:
    """The headers named in a „Usuń pola…” cell become fields to clear; anything else is an error there."""
    if value is None or not str(value).strip():
        return
    if not isinstance(value, str):
        report.at(*where, "", "wpisz nagłówki kolumn do wyczyszczenia, oddzielone średnikiem")
        return
    allowed = _CLEARABLE[prefix[0]]
    for header in (part.strip() for part in value.split(";")):
        if not header:
            continue
        column = allowed.get(header)
        if column is None:
            whose = "partnera" if prefix[0] == "partner" else "usługi"
            report.at(*where, "", f"„{shown(header)}” nie jest kolumną {whose}, którą można wyczyścić; wpisz dokładny "
                                  "nagłówek (identyfikatora, nazwy pliku karty i kryteriów nie usuwa się tą drogą)")
            continue
        card.clear[prefix + column.path] = (where, column)


def _outside_table(cell: Cell, sheet: str, report: _Problems) -> None:
    report.at(sheet, cell.row, cell.column, "", "wartość poza tabelą (kolumna bez nagłówka); "
                                                "usuń ją albo przenieś do właściwej kolumny")


def _read_card_sheets(partner_rows, service_rows, taxonomy, reading: WorkbookReading, report: _Problems):
    card = SheetCard(slug="", data={"partner": {}, "uslugi": []})
    seen: dict[str, int] = {}
    for row in partner_rows:
        if row[0].row == 1:
            continue  # "Pole", "Wartość", "Wskazówka"
        cells = {cell.column: cell for cell in row}
        for cell in row:
            if cell.column > PARTNER_SHEET_COLUMNS and (cell.formula or _cell_text(cell.value)):
                _outside_table(cell, PARTNER_SHEET, report)
        name_cell, value_cell = cells.get(1), cells.get(2)
        header = _cell_text(name_cell.value) if name_cell else ""
        if not header:
            if value_cell is not None:
                report.at(PARTNER_SHEET, value_cell.row, 2, "", "wartość bez nazwy pola w kolumnie A")
            continue
        column = _BY_HEADER.get(header)
        if column is None or header not in _PARTNER_HEADERS:
            report.at(PARTNER_SHEET, name_cell.row, 1, "", f"nieznane pole „{shown(header)}”; nie zmieniaj kolumny A")
            continue
        if header in seen:
            report.at(PARTNER_SHEET, name_cell.row, 1, "",
                      f"pole „{shown(header)}” powtarza się (pierwsze w wierszu {seen[header]}); nie zmieniaj kolumny A")
            continue
        seen[header] = name_cell.row
        if column.path == ("_slug",):
            card.slug_cell = (PARTNER_SHEET, name_cell.row, 2)
        card.slots.setdefault(("partner",) + column.path, (PARTNER_SHEET, name_cell.row, 2))
        if value_cell is None:
            continue
        value = _value(value_cell, PARTNER_SHEET, report)
        if column.path == ("_slug",):
            card.slug = _cell_text(value)
        _fill(card, column, value, ("partner",), taxonomy, (PARTNER_SHEET, value_cell.row, 2), report)
    services = _read_service_rows(service_rows, SERVICES_SHEET, lambda _row, _slug_column: card, taxonomy, report)
    if not services and not any(card.data["partner"].values()) and not card.slug:
        report.at(PARTNER_SHEET, 2, 2, "", "karta jest pusta: wypełnij dane partnera (arkusz "
                                           f"„{PARTNER_SHEET}”) i usługi (arkusz „{SERVICES_SHEET}”, od wiersza 2)")
        return
    if not services:
        report.at(SERVICES_SHEET, 2, 1, "", f"arkusz „{SERVICES_SHEET}” nie ma żadnej usługi; "
                                            "opisz każdą usługę w osobnym wierszu, od wiersza 2")
    card.slug = card.slug or slugify(card.data["partner"].get("nazwa", ""))
    reading.cards.append(card)


def _read_basket_sheet(rows, taxonomy, reading: WorkbookReading, report: _Problems):
    by_slug: dict[str, SheetCard] = {}

    def card_for(row: list[tuple[Column, Cell]], slug_column: int) -> SheetCard | None:
        slug = ""
        for column, cell in row:
            if column.path == ("_slug",):
                slug = _cell_text(cell.value)
        if not slug:
            report.at(BASKET_SHEET, row[0][1].row, slug_column, "Plik karty", "brak nazwy pliku karty w kolumnie „Plik karty”")
            return None
        if slug not in by_slug:
            by_slug[slug] = SheetCard(slug=slug, data={"partner": {}, "uslugi": []})
            for column, cell in row:
                if column.header in _PARTNER_HEADERS:
                    value = _value(cell, BASKET_SHEET, report)
                    _fill(by_slug[slug], column, value, ("partner",), taxonomy,
                          (BASKET_SHEET, cell.row, cell.column), report)
        else:
            _compare_partner_cells(by_slug[slug], row, taxonomy, report)
        return by_slug[slug]

    rows_read = _read_service_rows(rows, BASKET_SHEET, card_for, taxonomy, report, reading.metadata.is_public)
    if not rows_read:
        report.at(BASKET_SHEET, 2, 1, "", f"arkusz „{BASKET_SHEET}” nie ma żadnego wiersza z danymi (od wiersza 2)")
    reading.cards.extend(by_slug.values())


def _compare_partner_cells(card: SheetCard, row, taxonomy: Taxonomy, report: _Problems) -> None:
    """Partner fields repeat on every row of the partner: a later row that says otherwise is
    an error naming both cells, never silently ignored (an empty cell says nothing)."""
    for column, cell in row:
        if column.header not in _PARTNER_HEADERS or column.path == ("_slug",) or cell.formula:
            continue
        if column.kind == "clear":  # every row of the partner may ask; the requests add up
            _ask_to_clear(card, cell.value, ("partner",), (BASKET_SHEET, cell.row, cell.column), report)
            continue
        path = ("partner",) + column.path
        first = card.slots.get(path)
        if first is None or value_problem(column, cell.value, taxonomy):
            continue
        before = get_path(card.data, path)
        if from_cell(column, cell.value, taxonomy) != before:
            first_cell = f"{first[0]}!{get_column_letter(first[2])}{first[1]}"
            earlier = to_cell(column, card.data["partner"], taxonomy)
            earlier_shown = "pusta" if earlier is None else f"„{shown(_cell_text(earlier))}”"
            report.at(BASKET_SHEET, cell.row, cell.column, field_name(path),
                      f"„{column.header}” partnera: tu „{shown(_cell_text(cell.value))}”, a w komórce {first_cell} "
                      f"{earlier_shown}; dane partnera muszą być takie same we wszystkich jego wierszach")


def _read_service_rows(rows, sheet: str, card_for, taxonomy: Taxonomy, report: _Problems, public: bool = False) -> int:
    """Services read from the rows after the header; returns how many data rows there were."""
    columns = _header_columns(rows, sheet, report, public)
    slug_column = next((number for number, column in columns.items() if column.path == ("_slug",)), 1)
    if not columns:
        return 0
    data_rows = 0
    for row in rows:
        pairs = []
        for cell in row:
            if not (cell.formula or _cell_text(cell.value)):
                continue  # a space typed over a cell shows as blank: not a value
            column = columns.get(cell.column)
            if column is None:
                _outside_table(cell, sheet, report)
            else:
                pairs.append((column, cell))
        if not pairs:
            continue
        data_rows += 1
        card = card_for(pairs, slug_column)
        if card is None:
            continue
        row_number = pairs[0][1].row
        for number, column in columns.items():
            if column.header in _PARTNER_HEADERS:
                card.slots.setdefault(("partner",) + column.path, (sheet, row_number, number))
                if column.path == ("_slug",) and card.slug_cell[0] != sheet:
                    card.slug_cell = (sheet, row_number, number)
        service_cells = [(column, cell) for column, cell in pairs if column.header not in _PARTNER_HEADERS]
        if not service_cells:
            continue  # a partner row without services
        index = len(card.data["uslugi"])
        card.data["uslugi"].append({})
        prefix = ("uslugi", index)
        for number, column in columns.items():
            if column.header not in _PARTNER_HEADERS:
                card.slots[prefix + column.path] = (sheet, row_number, number)
        for column, cell in service_cells:
            value = _value(cell, sheet, report)
            _fill(card, column, value, prefix, taxonomy, (sheet, cell.row, cell.column), report)
        service = card.data["uslugi"][index]
        criteria = service.get("dostep", {}).get("kryteria")
        if criteria:  # empty criterion slots between filled ones
            service["dostep"]["kryteria"] = [c for c in criteria if c]
        _check_age_range(card, prefix, report)
    return data_rows


def _check_age_range(card: SheetCard, prefix: tuple, report: _Problems) -> None:
    age = card.data["uslugi"][prefix[1]].get("dostep", {}).get("wiek", {})
    low, high = age.get("od"), age.get("do")
    if all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)) and low > high:
        sheet, row, column = card.cells[prefix + _AGE_TO]
        report.at(sheet, row, column, field_name(prefix + _AGE_TO),
                  f"wiek „do” ({high}) jest mniejszy niż wiek „od” ({low})")


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
    for path, (where, column) in card.clear.items():
        if path in card.cells:
            report.at(*where, field_name(path), f"kolumna „{column.header}” ma wartość, a jest też na liście do "
                                                 "wyczyszczenia; zostaw jedno z dwóch")
    if not re.fullmatch(schema.SLUG.pattern, card.slug):
        report.at(*card.slug_cell, "Plik karty",
                  f"„{shown(card.slug)}”: nazwa pliku karty to małe litery, cyfry i myślniki")
    checked = schema.CARD.check(card.data, (), _CellReporter(card, taxonomy, today, report))
    if checked is not schema.INVALID:
        card.data = checked
