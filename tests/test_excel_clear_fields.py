"""A workbook clears a card's field only when asked by name („Usuń pola…”); an empty cell never does."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from koszyk.cli import main

from .conftest import TODAY

SLUG, SERVICE = "poradnia-pp", "interwencja-kryzysowa-w-szkole"


def koszyk(*args):
    return CliRunner().invoke(main, [*args, "--today", TODAY])


@pytest.fixture
def workbook(basket_copy, tmp_path):
    target = tmp_path / "koszyk.xlsx"
    assert koszyk("export-xlsx", "--basket", str(basket_copy), "--variant", "intranet", "-o", str(target)).exit_code == 0
    return target


def edit(workbook, change):
    book = load_workbook(workbook)
    sheet = book["Koszyk"]
    header = {cell.value: cell.column for cell in sheet[1]}
    rows = [row for row in range(2, sheet.max_row + 1) if sheet.cell(row, header["Plik karty"]).value == SLUG]
    change(sheet, header, rows)
    book.save(workbook)


def card(basket):
    return yaml.safe_load((basket / "partnerzy" / f"{SLUG}.yml").read_text(encoding="utf-8"))


def service(data):
    return next(s for s in data["uslugi"] if s["id"] == SERVICE)


def test_fields_named_in_the_clear_columns_are_removed_and_the_summary_says_so(workbook, basket_copy):
    def change(sheet, header, rows):
        for row in rows:
            sheet.cell(row, header["Strona WWW"]).value = None
        sheet.cell(rows[-1], header["Usuń pola partnera"], "Strona WWW")
        row = next(r for r in rows if sheet.cell(r, header["ID usługi"]).value == SERVICE)
        sheet.cell(row, header["Uwagi wewnętrzne (intranet)"]).value = None
        sheet.cell(row, header["Usuń pola usługi"], "Uwagi wewnętrzne (intranet)")
    edit(workbook, change)
    before = card(basket_copy)
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 0, result.output
    after = card(basket_copy)
    assert "www" in before["partner"]["kontakt"] and "www" not in after["partner"]["kontakt"]
    assert "uwagi_wewnetrzne" in service(before) and "uwagi_wewnetrzne" not in service(after)
    assert f"Partner: Strona WWW: usunięto „{before['partner']['kontakt']['www']}”" in result.stdout
    assert f"usługa {SERVICE}" in result.stdout and "Uwagi wewnętrzne (intranet): usunięto" in result.stdout
    assert koszyk("validate", str(basket_copy)).exit_code == 0


def test_an_emptied_cell_without_a_clear_request_removes_nothing(workbook, basket_copy):
    def change(sheet, header, rows):
        for row in rows:
            sheet.cell(row, header["Strona WWW"]).value = None
            sheet.cell(row, header["Uwagi wewnętrzne (intranet)"]).value = None
    edit(workbook, change)
    before = (basket_copy / "partnerzy" / f"{SLUG}.yml").read_bytes()
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 0 and "Bez zmian" in result.stdout
    assert (basket_copy / "partnerzy" / f"{SLUG}.yml").read_bytes() == before


@pytest.mark.parametrize("asked, message", [
    ("Strona WWW", "kolumna „Strona WWW” ma wartość, a jest też na liście do wyczyszczenia"),
    ("Strona internetowa", "„Strona internetowa” nie jest kolumną partnera, którą można wyczyścić"),
    ("Plik karty", "„Plik karty” nie jest kolumną partnera"),
])
def test_a_clear_request_that_cannot_be_right_is_refused_at_its_cell(workbook, basket_copy, asked, message):
    edit(workbook, lambda sheet, header, rows: sheet.cell(rows[0], header["Usuń pola partnera"], asked))
    before = (basket_copy / "partnerzy" / f"{SLUG}.yml").read_bytes()
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1 and message in result.stderr, result.output
    assert "Nic nie zapisano" in result.stderr
    assert (basket_copy / "partnerzy" / f"{SLUG}.yml").read_bytes() == before


def test_clearing_a_required_field_is_refused(workbook, basket_copy):
    def change(sheet, header, rows):
        row = next(r for r in rows if sheet.cell(r, header["ID usługi"]).value == SERVICE)
        sheet.cell(row, header["Nazwa usługi"]).value = None
        sheet.cell(row, header["Usuń pola usługi"], "Nazwa usługi")
    edit(workbook, change)
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1 and "brak wymaganego pola „nazwa”" in result.stderr, result.output


def test_a_public_workbook_cannot_clear_an_intranet_field(basket_copy, tmp_path):
    target = tmp_path / "publiczny.xlsx"
    assert koszyk("export-xlsx", "--basket", str(basket_copy), "--variant", "public", "-o", str(target)).exit_code == 0
    edit(target, lambda sheet, header, rows: sheet.cell(rows[0], header["Usuń pola usługi"],
                                                        "Uwagi wewnętrzne (intranet)"))
    result = koszyk("import-xlsx", str(target), "--basket", str(basket_copy))
    assert result.exit_code == 1 and "jest tylko dla intranetu" in result.stderr, result.output


def test_the_blank_card_template_has_the_clear_fields_on_both_sheets(tmp_path):
    target = tmp_path / "karta.xlsx"
    assert CliRunner().invoke(main, ["template-xlsx", "-o", str(target)]).exit_code == 0
    book = load_workbook(target)
    assert "Usuń pola partnera" in [row[0].value for row in book["Partner"].iter_rows(max_col=1)]
    assert "Usuń pola usługi" in [cell.value for cell in book["Usługi"][1]]
