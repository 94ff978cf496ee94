"""Writing workbooks: the blank partner card (tool 7) and the local basket (tool 11).

Text that starts like a formula (``=``, ``+``, ``-``, ``@``) is always written as
text, so a hostile description can never run in someone's spreadsheet.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ..partner_outputs import PartnerOutputs
from ..taxonomy import Taxonomy
from .cells import to_cell
from .columns import (
    BASKET_SHEET, DICTIONARY_SHEET, INSTRUCTIONS_SHEET, NO, PARTNER_COLUMNS, PARTNER_SHEET,
    SERVICE_COLUMNS, SERVICES_SHEET, VOCABULARY_SHEET, YES, Column, columns_for,
)
from .confirmation import CONFIRMATION_SHEET, write_confirmation_sheet
from .metadata import METADATA_SHEET, card_fingerprint, hide, metadata_rows
from .ods import xlsx_to_ods
from .reproducible import save_workbook
from .sheet_rows import SheetRows

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E9C")
INTRANET_FILL = PatternFill("solid", fgColor="7A4A00")
TEMPLATE_ROWS = 200
UNLOCKED = Protection(locked=False)


def _header(sheet, columns: tuple[Column, ...], row: int = 1) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=index, value=column.header)
        cell.font = HEADER_FONT
        cell.fill = INTRANET_FILL if column.intranet_only else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = column.width


def _vocabulary_sheet(book, taxonomy: Taxonomy) -> dict[str, str]:
    """A sheet listing every vocabulary's labels; returns vocabulary → cell range for dropdowns.
    Written row by row, so it works in openpyxl's write-only mode (the basket export) too."""
    sheet = book.create_sheet(VOCABULARY_SHEET)
    lists = [(name, vocabulary.title, [term.label for term in vocabulary])
             for name, vocabulary in taxonomy.vocabularies.items()] + [("_bool", "tak / nie", [YES, NO])]
    ranges = {}
    for index, (name, _title, labels) in enumerate(lists, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 34
        ranges[name] = f"{quote_sheetname(VOCABULARY_SHEET)}!${letter}$2:${letter}${len(labels) + 1}"
    header = []
    for _name, title, _labels in lists:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in range(max(len(labels) for _name, _title, labels in lists)):
        sheet.append([labels[row] if row < len(labels) else None for _name, _title, labels in lists])
    return ranges


def _basket_dropdowns(sheet, columns: tuple[Column, ...], ranges: dict[str, str], last_row: int) -> None:
    """Dropdowns on the basket sheet's single-choice columns, down to ``last_row`` (rows for new services too)."""
    for index, column in enumerate(columns, start=1):
        source = ranges.get(column.vocabulary) or (ranges["_bool"] if column.kind == "bool" else None)
        if source:
            letter = get_column_letter(index)
            validation = _dropdown(source, column.header)
            validation.add(f"{letter}2:{letter}{last_row}")
            sheet.data_validations.append(validation)


def _dictionary_rows(columns: tuple[Column, ...], taxonomy: Taxonomy) -> list[list[str]]:
    rows = []
    for column in columns:
        if column.vocabulary:
            allowed = "jedna z: " + ", ".join(term.label for term in taxonomy[column.vocabulary])
        elif column.many:
            allowed = "kilka z (oddziel ;): " + ", ".join(term.label for term in taxonomy[column.many])
        else:
            allowed = column.note
        where = "tylko intranet" if column.intranet_only else "publiczne"
        rows.append([column.header, ".".join(str(step) for step in column.path), allowed, where])
    return rows


def _dropdown(source: str, header: str) -> DataValidation:
    """A list of labels that refuses anything else typed into the cell (Excel and LibreOffice)."""
    return DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                          errorStyle="stop", errorTitle=header,
                          error="Wybierz wartość z listy rozwijanej (lista wszystkich wartości: arkusz „Słowniki”).")


def write_card_template(taxonomy: Taxonomy, path: Path, ods: bool = False, variant: str = "",
                        exported_at: dt.datetime | None = None, basket: str = "") -> None:
    """The blank partner card: instructions, a partner sheet and a services sheet with dropdowns.

    With ``ods`` the same workbook is written as OpenDocument (LibreOffice's format). With a
    ``variant`` (the card form's template, filled from a card of that site) the workbook records
    it, ``exported_at`` and the ``basket`` id like a basket export, so the import applies the same
    rules: a public one cannot touch what the public does not see, an older one than the card is
    refused, and so is one from another basket. A given
    ``exported_at`` also stamps the file's own times (``reproducible``)."""
    book = Workbook()
    instructions = book.active
    instructions.title = INSTRUCTIONS_SHEET
    lines = [
        "Karta usług partnera – lokalny koszyk usług",
        "",
        "1. W arkuszu „Partner” wpisz dane instytucji w kolumnie B (kolumna A zawiera nazwy pól).",
        "2. W arkuszu „Usługi” opisz każdą usługę w osobnym wierszu, zaczynając od wiersza 2.",
        "3. Pola z listą rozwijaną wybieraj z listy. Obszary i grupy docelowe wpisz jako etykiety "
        "oddzielone średnikiem, np. „Edukacja i wychowanie; Ochrona zdrowia (w tym rehabilitacja, profilaktyka)”.",
        "4. Kolumny z brązowym nagłówkiem (intranet) widzą tylko pracownicy; nie trafiają na stronę publiczną.",
        "5. Nie wpisuj formuł. Zapisz plik jako .xlsx albo .ods (LibreOffice) i prześlij go e-mailem "
        "pracownikowi ds. sieci.",
        "6. Puste „ID usługi” nowej usługi powstanie z jej nazwy. Pusta komórka niczego nie usuwa z karty "
        "(pola wymagane muszą być wypełnione); "
        "usługę, która się skończyła, oznacz w kolumnie „Status” jako „Wycofana” (nie usuwaj wiersza).",
        "7. Aby wyczyścić pole w karcie, opróżnij jego komórkę i wpisz nagłówek jego kolumny w polu „Usuń pola "
        "partnera” (arkusz „Partner”) albo w kolumnie „Usuń pola usługi” (w wierszu usługi), np. „Godziny; Miejsce”.",
        "",
        "Wymagane: nazwa i typ partnera; dla usługi: nazwa, obszary, grupy docelowe, tryb dostępu.",
        "Wszystkie pola i dozwolone wartości: arkusz „Słownik danych” i „Słowniki”.",
    ]
    for row, line in enumerate(lines, start=1):
        instructions.cell(row=row, column=1, value=line)
    instructions["A1"].font = Font(bold=True, size=14)
    instructions.column_dimensions["A"].width = 120

    ranges = _vocabulary_sheet(book, taxonomy)
    partner = book.create_sheet(PARTNER_SHEET, 1)
    partner.append(["Pole", "Wartość", "Wskazówka"])
    for cell in partner[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for row, column in enumerate(PARTNER_COLUMNS, start=2):
        partner.cell(row=row, column=1, value=column.header).font = Font(bold=True)
        partner.cell(row=row, column=3, value=column.note)
        source = ranges.get(column.vocabulary) or (ranges["_bool"] if column.kind == "bool" else None)
        if source:
            validation = _dropdown(source, column.header)
            partner.add_data_validation(validation)
            validation.add(f"B{row}")
    partner.column_dimensions["A"].width, partner.column_dimensions["B"].width = 30, 50
    partner.column_dimensions["C"].width = 50
    partner.freeze_panes = "B2"

    services = book.create_sheet(SERVICES_SHEET, 2)
    _header(services, SERVICE_COLUMNS)
    for index, column in enumerate(SERVICE_COLUMNS, start=1):
        if column.vocabulary:
            letter = get_column_letter(index)
            validation = _dropdown(ranges[column.vocabulary], column.header)
            services.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
    services.freeze_panes = "C2"
    # headers and field names are protected (no password: it only prevents slips); data cells are open
    for row in range(2, len(PARTNER_COLUMNS) + 2):
        partner.cell(row=row, column=2).protection = UNLOCKED
    for row in range(2, TEMPLATE_ROWS + 1):
        for index in range(1, len(SERVICE_COLUMNS) + 1):
            services.cell(row=row, column=index).protection = UNLOCKED
    for sheet in (partner, services):
        sheet.protection.sheet = True
        sheet.protection.formatColumns = False  # widths may still be changed
    dictionary = book.create_sheet(DICTIONARY_SHEET)
    _write_dictionary(dictionary, PARTNER_COLUMNS + SERVICE_COLUMNS, taxonomy)
    if variant:
        metadata = book.create_sheet(METADATA_SHEET)
        hide(metadata)
        for row in metadata_rows(variant, exported_at or dt.datetime.now(dt.timezone.utc), basket):
            metadata.append(row)
    if not ods:
        save_workbook(book, path, exported_at)
        return
    with tempfile.TemporaryDirectory(prefix="koszyk-ods-") as folder:
        layout = Path(folder) / "karta.xlsx"
        book.save(layout)
        xlsx_to_ods(layout, path)


def _write_dictionary(sheet, columns: tuple[Column, ...], taxonomy: Taxonomy) -> None:
    sheet.append(["Kolumna", "Klucz w karcie YAML", "Dozwolone wartości / format", "Widoczność"])
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for row in _dictionary_rows(columns, taxonomy):
        sheet.append(row)
    for letter, width in zip("ABCD", (36, 34, 90, 16)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"


def write_basket_xlsx(cards: Iterable[tuple[str, dict]], taxonomy: Taxonomy, variant: str, path: Path,
                      exported_at: dt.datetime | None = None, confirmation: bool = False,
                      kept: PartnerOutputs | None = None, basket: str = "",
                      fingerprints: dict[str, str] | None = None) -> int:
    """The local basket: one row per service with its partner's columns. Returns the row count.

    ``cards`` are (slug, card data as in the YAML) already cut to the variant.
    Written in openpyxl's write-only mode, so 30,000 rows stay within memory. A hidden
    sheet records the variant, the ``basket`` id and ``exported_at`` (default: now, taken before
    the first card is read) for the import; a given ``exported_at`` also stamps the file's
    own times, so the same cards give the same bytes. ``fingerprints``: more rows of card
    fingerprints for the hidden sheet (the partner page's template: markers its page fills). With ``confirmation`` (the yearly review) a first
    sheet asks the partner to confirm the data are current (``confirmation``). ``kept`` (``basket_rows_kept``):
    each card's rows as written by an earlier build, keyed on the card's data.
    """
    stamped = exported_at is not None  # then the whole file is stamped with it (``reproducible``)
    exported_at = exported_at or dt.datetime.now(dt.timezone.utc)
    partner_columns = columns_for(variant, PARTNER_COLUMNS)
    service_columns = columns_for(variant, SERVICE_COLUMNS)
    columns = partner_columns + service_columns
    book = Workbook(write_only=True)
    if confirmation:
        write_confirmation_sheet(book.create_sheet(CONFIRMATION_SHEET))
    sheet = book.create_sheet(BASKET_SHEET)
    sheet.freeze_panes = "C2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = HEADER_FONT
        cell.fill = INTRANET_FILL if column.intranet_only else HEADER_FILL
        header.append(cell)
    sheet.append(header)
    data_rows = SheetRows(first_row=2, columns=len(columns))
    fingerprints = dict(fingerprints or {})
    try:
        for slug, card in cards:
            def rows_of_card(slug=slug, card=card) -> list[str]:
                return [data_rows.template(values)
                        for values in card_rows(slug, card, taxonomy, partner_columns, service_columns)]
            card_text = repr(card)
            fingerprints[slug] = card_fingerprint(card_text)
            for template in rows_of_card() if kept is None else kept.keyed(rows_of_card, slug, card_text):
                data_rows.add_template(template)
        rows = data_rows.count
        _finish_basket_book(book, sheet, columns, taxonomy, variant, rows, exported_at, basket, fingerprints)
        save_workbook(book, path, exported_at if stamped else None, {sheet: data_rows})
    finally:
        data_rows.close()
    return rows


def basket_rows_kept(cache_dir: Path | None, taxonomy: Taxonomy, variant: str) -> PartnerOutputs:
    """Where a build keeps the basket sheet's rows: a card's rows are made from the card (cut to
    the variant: its slug and data are the key), the variant's columns and the taxonomy."""
    return PartnerOutputs.in_cache(cache_dir, "arkusz", str(variant), repr(taxonomy))


def _finish_basket_book(book, sheet, columns: tuple[Column, ...], taxonomy: Taxonomy, variant: str, rows: int,
                        exported_at: dt.datetime, basket: str, fingerprints: dict[str, str]) -> None:
    """What follows the rows: the filter, the dropdowns, the dictionary and the hidden metadata."""
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{rows + 1}"
    _basket_dropdowns(sheet, columns, _vocabulary_sheet(book, taxonomy), rows + 1 + TEMPLATE_ROWS)
    dictionary = book.create_sheet(DICTIONARY_SHEET)
    dictionary.append(["Kolumna", "Klucz w karcie YAML", "Dozwolone wartości / format", "Widoczność"])
    for row in _dictionary_rows(columns, taxonomy):
        dictionary.append(row)
    metadata = book.create_sheet(METADATA_SHEET)
    hide(metadata)
    for row in metadata_rows(variant, exported_at, basket, fingerprints):
        metadata.append(row)


def card_rows(slug: str, card: dict, taxonomy: Taxonomy, partner_columns: tuple[Column, ...],
              service_columns: tuple[Column, ...]) -> list[list]:
    """The basket sheet's rows for one card: the partner's cells repeated on each service's row."""
    partner = dict(card["partner"], _slug=slug)
    partner_cells = [to_cell(column, partner, taxonomy) for column in partner_columns]
    return [partner_cells + [to_cell(column, service, taxonomy) if service else None for column in service_columns]
            for service in card.get("uslugi") or [None]]
