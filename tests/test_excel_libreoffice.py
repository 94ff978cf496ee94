"""LibreOffice: a basket workbook re-saved by LibreOffice (as .xlsx and as its own .ods)
imports back with no change, and the card template is offered as .ods too.

Needs ``soffice`` (Debian's libreoffice-calc-nogui), which scripts/test.sh installs when
missing; the test fails rather than skips without it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from koszyk.cli import main

from .conftest import TODAY

SOFFICE = os.environ.get("KOSZYK_SOFFICE") or shutil.which("soffice") or "soffice"


def koszyk(*args: str):
    return CliRunner().invoke(main, [*args, "--today", TODAY] if args[0] != "template-xlsx" else list(args))


def resave(source: Path, target_format: str, folder: Path) -> Path:
    """``source`` opened and saved again by LibreOffice headless, with a private profile."""
    profile = folder / "profil-libreoffice"
    filters = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "ods": "ods"}
    out = folder / target_format
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--convert-to", filters[target_format], "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=240)
    return out / f"{source.stem}.{target_format}"


@pytest.fixture(scope="module")
def libreoffice_copies(tmp_path_factory):
    """The intranet export of the sample basket, re-saved by LibreOffice as .xlsx and .ods."""
    from .conftest import SAMPLE

    folder = tmp_path_factory.mktemp("libreoffice")
    basket = folder / "koszyk"
    shutil.copytree(SAMPLE, basket)
    workbook = folder / "koszyk.xlsx"
    assert koszyk("export-xlsx", "--basket", str(basket), "--variant", "intranet", "-o", str(workbook)).exit_code == 0
    return basket, {fmt: resave(workbook, fmt, folder) for fmt in ("xlsx", "ods")}


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_a_workbook_resaved_by_libreoffice_imports_with_no_change(libreoffice_copies, fmt):
    basket, copies = libreoffice_copies
    before = {p.name: p.read_bytes() for p in (basket / "partnerzy").iterdir()}
    result = koszyk("import-xlsx", str(copies[fmt]), "--basket", str(basket))
    assert result.exit_code == 0, result.output
    assert "Bez zmian" in result.output
    assert {p.name: p.read_bytes() for p in (basket / "partnerzy").iterdir()} == before


def test_an_ods_keeps_the_workbooks_metadata_so_a_stale_copy_is_refused(libreoffice_copies):
    basket, copies = libreoffice_copies
    card = basket / "partnerzy" / "gkrpa.yml"
    text = card.read_text(encoding="utf-8")
    try:
        card.write_text(text.replace("Rozmowy motywujące", "Rozmowy wspierające"), encoding="utf-8")
        result = koszyk("import-xlsx", str(copies["ods"]), "--basket", str(basket))
        assert result.exit_code == 1 and "ma inne dane niż w chwili pobrania arkusza" in result.output
    finally:
        card.write_text(text, encoding="utf-8")


def test_a_formula_in_an_ods_is_refused_at_its_cell(tmp_path, libreoffice_copies, basket_copy):
    _, copies = libreoffice_copies
    ods = tmp_path / "z-formula.ods"
    shutil.copy(copies["ods"], ods)
    import zipfile

    with zipfile.ZipFile(ods) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    content = members["content.xml"].decode("utf-8")
    marker = "<text:p>Rozmowy motywujące do leczenia odwykowego</text:p>"
    assert marker in content
    start = content.rindex("<table:table-cell", 0, content.index(marker))
    content = content[:start] + '<table:table-cell table:formula="of:=1+1"' + content[start + len("<table:table-cell"):]
    members["content.xml"] = content.encode("utf-8")
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), members.pop("mimetype"))
        for name, data in members.items():
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)
    result = koszyk("import-xlsx", str(ods), "--basket", str(basket_copy))
    assert result.exit_code == 1
    assert "komórka zawiera formułę" in result.output and "Koszyk!" in result.output


def test_the_card_template_is_offered_as_ods(tmp_path, basket_copy):
    from .test_excel import GOOD_ROW, fill_template

    ods = tmp_path / "karta.ods"
    result = koszyk("template-xlsx", "-o", str(ods))
    assert result.exit_code == 0, result.output
    filled = resave(ods, "xlsx", tmp_path)  # as a partner would: open the .ods, fill it, save
    fill_template(filled, [GOOD_ROW])
    back = resave(filled, "ods", tmp_path / "z-powrotem")
    result = koszyk("import-xlsx", str(back), "--basket", str(basket_copy))
    assert result.exit_code == 0, result.output
    assert (basket_copy / "partnerzy" / "fundacja-pod-debem.yml").exists()
    book = load_workbook(filled)
    assert book["Usługi"].data_validations.dataValidation, "dropdowns survive LibreOffice"
