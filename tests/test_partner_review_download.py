"""A partner's intranet page offers its yearly-review workbook (tool 7), made in the browser;
the public site offers nothing of the kind."""

from __future__ import annotations

import zipfile

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from koszyk.cli import main
from koszyk.excel.confirmation import CONFIRMATION_SHEET, QUESTION

from .browser import serve
from .conftest import TODAY
from .sample_data import raw_cards

pytestmark = pytest.mark.browser
SLUG = "poradnia-pp"


@pytest.fixture(scope="module")
def downloaded(sample_site, browser, tmp_path_factory):
    """The workbook as a social worker downloads it from the partner's page, and the page's requests."""
    folder = tmp_path_factory.mktemp("karta")
    with serve(sample_site / "intranet") as base:
        context = browser.new_context(locale="pl-PL")
        requests = []
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        page.goto(f"{base}partnerzy/{SLUG}/")
        page.wait_for_selector("#karta-do-przegladu:not([hidden])")
        with page.expect_download() as download:
            page.click("#karta-do-przegladu")
        target = folder / download.value.suggested_filename
        download.value.save_as(target)
        assert "Pobrano kartę do przeglądu" in page.inner_text("#karta-stan")
        context.close()
    return target, requests, base


def test_the_partner_page_workbook_is_the_partners_card_with_the_confirmation_sheet(downloaded, basket_copy):
    workbook, requests, base = downloaded
    assert workbook.name == f"{SLUG}.xlsx"
    with zipfile.ZipFile(workbook) as archive:
        assert archive.testzip() is None
    book = load_workbook(workbook)
    assert book.sheetnames[0] == CONFIRMATION_SHEET
    sheet = book["Koszyk"]
    header = [cell.value for cell in sheet[1]]
    names = [row[header.index("Nazwa usługi")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    card = raw_cards(basket_copy)[SLUG]
    assert names == [service["nazwa"] for service in card["uslugi"]]
    assert {row[header.index("Plik karty")] for row in sheet.iter_rows(min_row=2, values_only=True)} == {SLUG}
    assert f"{base}partnerzy/karta-do-przegladu.json" in requests


def test_the_partner_page_workbook_comes_back_through_import_unchanged_and_confirms(downloaded, basket_copy, tmp_path):
    workbook, _requests, _base = downloaded
    before = {p.name: p.read_bytes() for p in (basket_copy / "partnerzy").glob("*.yml")}
    result = CliRunner().invoke(main, ["import-xlsx", str(workbook), "--basket", str(basket_copy), "--today", TODAY])
    assert result.exit_code == 0, result.output
    assert "Bez zmian" in result.stdout
    assert {p.name: p.read_bytes() for p in (basket_copy / "partnerzy").glob("*.yml")} == before
    book = load_workbook(workbook)
    sheet = book[CONFIRMATION_SHEET]
    rows = {row[0].value: row[0].row for row in sheet.iter_rows(max_col=1)}
    sheet.cell(rows[QUESTION], 2, "Tak")
    sheet.cell(rows[QUESTION] + 1, 2, "2026-11-20")
    confirmed = tmp_path / workbook.name
    book.save(confirmed)
    result = CliRunner().invoke(main, ["import-xlsx", str(confirmed), "--basket", str(basket_copy), "--today", TODAY])
    assert result.exit_code == 0, result.output
    assert "→ 2026-11-20" in result.stdout


def test_the_public_site_offers_no_partner_workbook(sample_site):
    assert not (sample_site / "public" / "partnerzy" / "karta-do-przegladu.json").exists()
    assert not (sample_site / "public" / "javascripts" / "partner-karta.js").exists()
    page = (sample_site / "public" / "partnerzy" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "karta-do-przegladu" not in page and "karta-wiersze" not in page
    intranet = (sample_site / "intranet" / "partnerzy" / SLUG / "index.html").read_text(encoding="utf-8")
    assert 'id="karta-wiersze"' in intranet
