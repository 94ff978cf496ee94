"""The yearly review: a card's verification date moves only when the partner confirmed its data."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from koszyk.cli import main
from koszyk.excel.confirmation import CONFIRMATION_SHEET, DATE_LABEL, QUESTION

from .conftest import SAMPLE, TODAY
from .test_excel_libreoffice import resave

SLUG = "poradnia-pp"


@pytest.fixture(scope="module")
def fresh_review(tmp_path_factory):
    """The sample partner's review workbook as ``koszyk przeglad`` writes it (made once)."""
    folder = tmp_path_factory.mktemp("przeglad")
    result = CliRunner().invoke(main, ["przeglad", "--basket", str(SAMPLE), "--output-dir", str(folder),
                                       "--months", "1", "--today", TODAY])
    assert result.exit_code == 0, result.output
    return folder / f"{SLUG}.xlsx"


@pytest.fixture
def review_workbook(fresh_review, tmp_path):
    return lambda: Path(shutil.copy(fresh_review, tmp_path / fresh_review.name))


def answer(workbook, reply, date=None, verified_column=None, service_name=None):
    """The partner's answer typed into its workbook (rows found by their labels, as a person reads them)."""
    book = load_workbook(workbook)
    sheet = book[CONFIRMATION_SHEET]
    rows = {row[0].value: row[0].row for row in sheet.iter_rows(max_col=1)}
    sheet.cell(rows[QUESTION], 2, reply)
    if date is not None:
        sheet.cell(rows[DATE_LABEL], 2, date)
    basket_sheet = book["Koszyk"]
    header = {cell.value: cell.column for cell in basket_sheet[1]}
    if verified_column is not None:  # partner columns repeat on every row of the partner
        for row in range(2, basket_sheet.max_row + 1):
            basket_sheet.cell(row, header["Ostatnia weryfikacja"], verified_column)
    if service_name is not None:
        basket_sheet.cell(2, header["Nazwa usługi"], service_name)
    book.save(workbook)
    return workbook


def verified(basket):
    card = yaml.safe_load((basket / "partnerzy" / f"{SLUG}.yml").read_text(encoding="utf-8"))
    return card["partner"].get("ostatnia_weryfikacja")


def import_xlsx(workbook, basket, *extra):
    return CliRunner().invoke(main, ["import-xlsx", str(workbook), "--basket", str(basket), "--today", TODAY, *extra])


def test_review_workbook_asks_for_the_confirmation_with_a_tak_nie_dropdown(review_workbook, basket_copy, tmp_path):
    book = load_workbook(review_workbook())
    sheet = book[CONFIRMATION_SHEET]
    assert book.sheetnames[0] == CONFIRMATION_SHEET
    labels = [row[0].value for row in sheet.iter_rows(max_col=1)]
    assert QUESTION in labels and DATE_LABEL in labels
    answer_cell = f"B{labels.index(QUESTION) + 1}"
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert [(v.formula1, v.showErrorMessage, v.errorStyle) for v in lists] == [('"Tak,Nie"', True, "stop")]
    assert answer_cell in str(lists[0].sqref)


def test_a_confirmed_review_moves_the_verification_date_to_the_confirmation_day(review_workbook, basket_copy, tmp_path):
    before = verified(basket_copy)
    workbook = answer(review_workbook(), "Tak", dt.datetime(2026, 11, 20))
    result = import_xlsx(workbook, basket_copy)
    assert result.exit_code == 0, result.output
    assert verified(basket_copy) == dt.date(2026, 11, 20) != before
    assert f"Ostatnia weryfikacja: {before.isoformat()} → 2026-11-20" in result.stdout
    assert "partner potwierdził, że dane są aktualne" in result.stdout


def test_an_unconfirmed_review_keeps_the_date_even_when_the_column_was_edited(review_workbook, basket_copy, tmp_path):
    before = verified(basket_copy)
    workbook = answer(review_workbook(), "Nie", verified_column=dt.datetime(2026, 11, 21),
                      service_name="Diagnoza po zmianie")
    result = import_xlsx(workbook, basket_copy)
    assert result.exit_code == 0, result.output
    assert verified(basket_copy) == before
    assert "Diagnoza po zmianie" in result.stdout  # the correction itself is imported
    assert ("partner nie potwierdził, że dane są aktualne (arkusz „Potwierdzenie”), "
            f"więc data ostatniej weryfikacji zostaje bez zmian ({before.isoformat()})") in result.stdout
    assert "Ostatnia weryfikacja" not in result.stdout


def test_an_empty_answer_counts_as_not_confirmed_and_changes_nothing(review_workbook, basket_copy, tmp_path):
    before = {p.name: p.read_bytes() for p in (basket_copy / "partnerzy").glob("*.yml")}
    workbook = answer(review_workbook(), None, dt.datetime(2026, 11, 20))
    result = import_xlsx(workbook, basket_copy)
    assert result.exit_code == 0, result.output
    assert "Bez zmian" in result.stdout and "nie potwierdził" in result.stdout
    assert {p.name: p.read_bytes() for p in (basket_copy / "partnerzy").glob("*.yml")} == before


def test_dry_run_shows_the_moved_date_and_writes_nothing(review_workbook, basket_copy, tmp_path):
    before = verified(basket_copy)
    workbook = answer(review_workbook(), "Tak", "20.11.2026")
    result = import_xlsx(workbook, basket_copy, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "→ 2026-11-20" in result.stdout and "Podgląd (--dry-run)" in result.stdout
    assert verified(basket_copy) == before


@pytest.mark.parametrize("reply, date, message", [
    ("Tak", None, "odpowiedź „Tak” potrzebuje daty potwierdzenia"),
    ("Tak", "wczoraj", "„wczoraj” nie jest datą"),
    ("Tak", dt.datetime(2030, 1, 1), "data potwierdzenia 2030-01-01 jest w przyszłości"),
    ("Tak", "2020-01-01", "data potwierdzenia 2020-01-01 jest wcześniejsza niż ostatnia weryfikacja karty"),
    ("Może", None, "wybierz „Tak” albo „Nie” z listy"),
])
def test_a_confirmation_that_cannot_be_right_is_refused_at_its_cell(review_workbook, basket_copy, tmp_path, reply, date, message):
    before = {p.name: p.read_bytes() for p in (basket_copy / "partnerzy").glob("*.yml")}
    workbook = answer(review_workbook(), reply, date)
    result = import_xlsx(workbook, basket_copy)
    assert result.exit_code == 1
    assert f"{CONFIRMATION_SHEET}!B" in result.stderr and message in result.stderr
    assert {p.name: p.read_bytes() for p in (basket_copy / "partnerzy").glob("*.yml")} == before


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_a_confirmation_resaved_by_libreoffice_still_moves_the_date(review_workbook, basket_copy, tmp_path, fmt):
    workbook = answer(review_workbook(), "Tak", dt.datetime(2026, 11, 19))
    copy = resave(workbook, fmt, tmp_path)
    result = import_xlsx(copy, basket_copy)
    assert result.exit_code == 0, result.output
    assert verified(basket_copy) == dt.date(2026, 11, 19)
