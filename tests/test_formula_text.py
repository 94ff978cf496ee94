"""One rule for text bound for a spreadsheet (OWASP CSV injection): workbooks, open data CSV,
the individual basket's CSV download; phone numbers stay readable."""

from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from koszyk.cli import main
from koszyk.spreadsheet_text import csv_text, is_formula_like

from .conftest import ROOT, TODAY

HOSTILE = {
    "formula": '=HYPERLINK("http://example.org/x";"Kliknij")',
    "plus": "+SUM(1;2)",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUMA(A1:A2)",
    "tab": "\t=1+1",
}
READABLE = ["+48 00 123 45 67", "-5", "+48 (12) 345-67-89", "Ala = kot", "2 + 2", "Wtorek 8-16", "e-mail: a@b.pl"]


@pytest.mark.parametrize("text", list(HOSTILE.values()) + ["\r=1", "-", "+", "=", "+1-800-FLOWERS", "-1e5"])
def test_text_starting_like_a_formula_is_formula_like(text):
    assert is_formula_like(text)
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("text", READABLE + [None, 48, ""])
def test_phone_numbers_and_plain_text_are_left_alone(text):
    assert not is_formula_like(text)
    assert csv_text(text) == text


def _basket_with_hostile_text(tmp_path: Path) -> Path:
    basket = tmp_path / "koszyk"
    (basket / "partnerzy").mkdir(parents=True)
    (basket / "basket.yml").write_text("id: k\nnazwa: Koszyk testowy\n", encoding="utf-8")
    services = [{"id": f"usluga-{key}", "nazwa": f"Usługa {key}", "opis": text, "obszary": ["kultura"],
                 "grupy_docelowe": ["seniorzy"], "dostep": {"tryb": "powszechny"}}
                for key, text in HOSTILE.items()]
    card = {"partner": {"nazwa": "Fundacja", "typ": "ngo", "kontakt": {"telefon": "+48 00 123 45 67"},
                        "godziny": "=1+1"},
            "uslugi": services}
    (basket / "partnerzy" / "fundacja.yml").write_text(yaml.safe_dump(card, allow_unicode=True), encoding="utf-8")
    return basket


def test_open_data_csv_prefixes_formula_like_text_and_keeps_phone_numbers(tmp_path):
    basket = _basket_with_hostile_text(tmp_path)
    out = tmp_path / "dane"
    result = CliRunner().invoke(main, ["export", "--format", "csv", "--basket", str(basket), "--output-dir", str(out),
                                       "--today", TODAY])
    assert result.exit_code == 0, result.output
    with (out / "uslugi.csv").open(encoding="utf-8", newline="") as handle:
        descriptions = {row["id"]: row["opis"] for row in csv.DictReader(handle)}
    for key, text in HOSTILE.items():
        assert descriptions[f"usluga-{key}"] == "'" + text.strip()
    with (out / "partnerzy.csv").open(encoding="utf-8", newline="") as handle:
        partner = next(csv.DictReader(handle))
    assert partner["telefon"] == "+48 00 123 45 67" and partner["godziny"] == "'=1+1"
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    for described in [package, *package["resources"]]:
        assert "apostrof" in described["description"] and "+48" in described["description"]


def test_workbooks_keep_formula_like_text_unchanged_as_text_cells(tmp_path):
    basket = _basket_with_hostile_text(tmp_path)
    workbook = tmp_path / "k.xlsx"
    result = CliRunner().invoke(main, ["export-xlsx", "--basket", str(basket), "--variant", "intranet",
                                       "-o", str(workbook), "--today", TODAY])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(workbook) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    values = {cell.value for row in load_workbook(workbook)["Koszyk"].iter_rows() for cell in row}
    assert {text.strip() for text in HOSTILE.values()} <= values and "+48 00 123 45 67" in values


def test_the_individual_basket_download_follows_the_same_rule():
    """koszyk-strona.js cannot import Python: its two patterns must decide every sample as the Python rule does."""
    script = (ROOT / "generator" / "koszyk" / "assets" / "koszyk-strona.js").read_text(encoding="utf-8")
    start = re.search(r"const FORMULA_START = /(.+?)/;", script).group(1)
    number_like = re.search(r"const NUMBER_LIKE = /(.+?)/;", script).group(1)
    assert "FORMULA_START.test(text) && !NUMBER_LIKE.test(text)" in script
    for text in [*HOSTILE.values(), *READABLE, "\r=1", "-", "+1-800-FLOWERS", "-1e5", "'=1"]:
        by_script = bool(re.search(start, text)) and not re.search(number_like, text)
        assert by_script == is_formula_like(text), text


def test_the_open_data_page_explains_the_apostrophe(sample_site):
    page = (sample_site / "public" / "otwarte-dane" / "index.html").read_text(encoding="utf-8")
    assert "apostrof" in page and "OWASP" in page
