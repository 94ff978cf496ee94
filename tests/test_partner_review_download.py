"""A partner's intranet page offers its yearly-review workbook (tool 7) and its declaration of
joining (tool 8, DOCX and ODT), made in the browser; the public site offers nothing of the kind."""

from __future__ import annotations

import os
import time
import zipfile

import docx
import odfdo
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from koszyk.cli import main
from koszyk.escaping import json_for_html
from koszyk.excel.confirmation import CONFIRMATION_SHEET, QUESTION

from .browser import serve
from .conftest import SAMPLE, TODAY
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
        files = {}
        for button in ("karta-do-przegladu", "deklaracja-docx", "deklaracja-odt"):
            with page.expect_download() as download:
                page.click(f"#{button}")
            files[button] = folder / download.value.suggested_filename
            download.value.save_as(files[button])
            assert f"Pobrano: {files[button].name}." in page.inner_text("#karta-stan")
        context.close()
    return files, requests, base


@pytest.fixture
def downloaded_workbook(downloaded):
    files, requests, base = downloaded
    return files["karta-do-przegladu"], requests, base


def test_the_partner_page_workbook_is_the_partners_card_with_the_confirmation_sheet(downloaded_workbook, basket_copy):
    workbook, requests, base = downloaded_workbook
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
    assert [url for url in requests if url.endswith(".json")] == [f"{base}partnerzy/wzory-dokumentow.json"]


def test_the_partner_page_workbook_comes_back_through_import_unchanged_and_confirms(downloaded_workbook, basket_copy,
                                                                                    tmp_path):
    workbook, _requests, _base = downloaded_workbook
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


def test_the_partner_page_workbook_knows_the_card_it_was_made_from(downloaded_workbook, basket_copy, tmp_path):
    """It carried no fingerprint of the card, so the import fell back to the card's time of change,
    and a change merged from an older commit was undone by a pack made after the merge."""
    workbook, _requests, _base = downloaded_workbook
    metadata = [row[:2] for row in load_workbook(workbook)["Metadane"].iter_rows(values_only=True)]
    assert ("karta", SLUG) in metadata and ("koszyk", "przykladowo") in metadata
    card_file = basket_copy / "partnerzy" / f"{SLUG}.yml"
    card_file.write_text(card_file.read_text(encoding="utf-8").replace("+48 00 666 30 01", "+48 00 666 30 09"),
                         encoding="utf-8")
    os.utime(card_file, (time.time() - 30 * 86400,) * 2)  # as if from an older commit
    book = load_workbook(workbook)
    sheet = book["Koszyk"]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(2, header.index("Godziny") + 1, "wt. 9:00")
    edited = tmp_path / workbook.name
    book.save(edited)
    result = CliRunner().invoke(main, ["import-xlsx", str(edited), "--basket", str(basket_copy), "--partner", SLUG,
                                       "--today", TODAY])
    assert result.exit_code == 1
    assert f"{SLUG}.yml ma inne dane niż w chwili pobrania arkusza" in result.output
    assert "+48 00 666 30 09" in card_file.read_text(encoding="utf-8")


def test_the_partner_page_declaration_matches_the_command_line_one(downloaded, tmp_path):
    files, _requests, _base = downloaded
    result = CliRunner().invoke(main, ["deklaracje", "--basket", str(SAMPLE), "--partner", SLUG,
                                       "--output-dir", str(tmp_path), "--today", TODAY])
    assert result.exit_code == 0, result.output
    assert files["deklaracja-docx"].name == f"deklaracja-{SLUG}.docx"

    def docx_text(path):
        word = docx.Document(str(path))
        return [p.text for p in word.paragraphs], [[[c.text for c in row.cells] for row in t.rows] for t in word.tables]

    def odt_text(path):
        document = odfdo.Document(str(path))
        return ([str(p).strip() for p in document.body.get_paragraphs()],
                [[[cell or "" for cell in row] for row in t.get_values()] for t in document.body.get_tables()])

    assert docx_text(files["deklaracja-docx"]) == docx_text(tmp_path / f"deklaracja-{SLUG}.docx")
    assert odt_text(files["deklaracja-odt"]) == odt_text(tmp_path / f"deklaracja-{SLUG}.odt")
    paragraphs, tables = docx_text(files["deklaracja-docx"])
    assert "☒ wykonawca usług" in paragraphs and tables[0][0][1].startswith("Poradnia")
    for path in (files["deklaracja-docx"], files["deklaracja-odt"]):
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
            assert not any(b"[[" in archive.read(name) for name in archive.namelist())


def test_the_public_site_offers_no_partner_documents(sample_site):
    assert not (sample_site / "public" / "partnerzy" / "wzory-dokumentow.json").exists()
    assert not (sample_site / "public" / "javascripts" / "partner-karta.js").exists()
    page = (sample_site / "public" / "partnerzy" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "karta-do-przegladu" not in page and "karta-wiersze" not in page and "deklaracja-docx" not in page
    intranet = (sample_site / "intranet" / "partnerzy" / SLUG / "index.html").read_text(encoding="utf-8")
    assert 'id="karta-wiersze"' in intranet


def test_a_hostile_partner_name_stays_text_in_the_partner_documents(sample_site, browser, tmp_path):
    payload = "<img src=x onerror=alert(1)>"
    escaped = str(json_for_html(payload))[1:-1]
    with serve(sample_site / "intranet") as base:
        context = browser.new_context(locale="pl-PL")
        page = context.new_page()

        def hostile(route):
            response = route.fetch()
            body = response.text()
            head, data = body.split('id="karta-wiersze">', 1)
            data = data.replace("Poradnia Psychologiczno-Pedagogiczna w Przykładowie", escaped)
            route.fulfill(response=response, body=head + 'id="karta-wiersze">' + data)

        page.route(f"{base}partnerzy/{SLUG}/", hostile)
        page.goto(f"{base}partnerzy/{SLUG}/")
        page.wait_for_selector("#deklaracja-docx:not([hidden])")
        files = {}
        for button in ("karta-do-przegladu", "deklaracja-docx"):
            with page.expect_download() as download:
                page.click(f"#{button}")
            files[button] = tmp_path / download.value.suggested_filename
            download.value.save_as(files[button])
        context.close()
    book = load_workbook(files["karta-do-przegladu"])
    header = [cell.value for cell in book["Koszyk"][1]]
    assert {row[header.index("Nazwa partnera")] for row in book["Koszyk"].iter_rows(min_row=2, values_only=True)} \
        == {payload}
    word = docx.Document(str(files["deklaracja-docx"]))
    assert word.tables[0].rows[0].cells[1].text == payload
    for path, part in ((files["karta-do-przegladu"], "xl/worksheets/sheet2.xml"),
                       (files["deklaracja-docx"], "word/document.xml")):
        with zipfile.ZipFile(path) as archive:
            xml = archive.read(part)
        assert b"<img" not in xml and b"&lt;img src=x onerror=alert(1)&gt;" in xml
