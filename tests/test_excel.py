"""Excel as a way in and out: template, import, export, lossless round trip, hostile workbooks."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from koszyk.cli import main
from koszyk.excel.basket_io import basket_card_data
from koszyk.excel.columns import SERVICE_COLUMNS
from koszyk.taxonomy import load_taxonomy

from .conftest import SAMPLE, TODAY
from koszyk.leaks import find_leaks, intranet_only_values

TAXONOMY = load_taxonomy()
DAY = dt.date.fromisoformat(TODAY)


def koszyk(*args: str):
    return CliRunner().invoke(main, [*args, "--today", TODAY] if args[0] != "template-xlsx" else list(args))


def cards(basket: Path) -> dict[str, dict]:
    data, errors = basket_card_data(basket, TAXONOMY, DAY)
    assert errors == []
    return dict(data)


def column_letter(header: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(1 + [c.header for c in SERVICE_COLUMNS].index(header))


def test_template_has_dropdowns_instructions_and_protected_headers(tmp_path):
    target = tmp_path / "karta.xlsx"
    assert koszyk("template-xlsx", "-o", str(target)).exit_code == 0
    book = load_workbook(target)
    assert book.sheetnames == ["Instrukcja", "Partner", "Usługi", "Słowniki", "Słownik danych"]
    services = book["Usługi"]
    assert services.freeze_panes == "C2" and services.protection.sheet
    assert services["A1"].protection.locked and not services["A2"].protection.locked
    ranges = {str(dv.sqref): dv.formula1 for dv in services.data_validations.dataValidation}
    mode = column_letter("Tryb dostępu")
    assert any(key.startswith(f"{mode}2") for key in ranges)
    vocab = book["Słowniki"]
    labels = {cell.value for column in vocab.iter_cols() for cell in column}
    assert "Selektywny (do upowszechnienia)" in labels and "Dzieci i młodzież" in labels


def fill_template(path: Path, services: list[dict]) -> None:
    book = load_workbook(path)
    partner = book["Partner"]
    rows = {partner.cell(row=r, column=1).value: r for r in range(2, partner.max_row + 1)}
    partner.cell(row=rows["Nazwa partnera"], column=2, value="Fundacja Pod Dębem")
    partner.cell(row=rows["Typ partnera"], column=2, value="Organizacja pozarządowa")
    partner.cell(row=rows["Telefon"], column=2, value="+48 00 123 45 67")
    partner.cell(row=rows["Ostatnia weryfikacja"], column=2, value="2026-10-01")
    sheet = book["Usługi"]
    headers = [c.header for c in SERVICE_COLUMNS]
    for row, service in enumerate(services, start=2):
        for header, value in service.items():
            sheet.cell(row=row, column=1 + headers.index(header), value=value)
    book.save(path)


GOOD_ROW = {"ID usługi": "klub-wsparcia", "Nazwa usługi": "Klub wsparcia", "Obszary": "Kultura; Edukacja i wychowanie",
            "Grupy docelowe": "Seniorzy", "Tryb dostępu": "Selektywny", "Kryterium 1: rodzaj": "Wiek",
            "Kryterium 1: warunek": "od 60 lat", "Wiek od": 60, "Odpłatność": "Bezpłatna"}


def test_filled_template_becomes_a_valid_card(tmp_path, basket_copy):
    workbook = tmp_path / "karta.xlsx"
    koszyk("template-xlsx", "-o", str(workbook))
    fill_template(workbook, [GOOD_ROW])
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 0, result.output
    card_path = basket_copy / "partnerzy" / "fundacja-pod-debem.yml"
    assert "nowa karta" in result.output
    card = yaml.safe_load(card_path.read_text(encoding="utf-8"))
    service = card["uslugi"][0]
    assert card["partner"] == {"nazwa": "Fundacja Pod Dębem", "typ": "ngo", "kontakt": {"telefon": "+48 00 123 45 67"},
                               "ostatnia_weryfikacja": dt.date(2026, 10, 1)}
    assert service["obszary"] == ["kultura", "edukacja"] and service["grupy_docelowe"] == ["seniorzy"]
    assert service["dostep"] == {"tryb": "selektywny", "kryteria": [{"rodzaj": "wiek", "warunek": "od 60 lat"}],
                                 "wiek": {"od": 60}}
    assert koszyk("validate", str(basket_copy)).exit_code == 0


def test_errors_name_sheet_cell_and_field_and_nothing_is_written(tmp_path, basket_copy):
    workbook = tmp_path / "karta.xlsx"
    koszyk("template-xlsx", "-o", str(workbook))
    fill_template(workbook, [GOOD_ROW, dict(GOOD_ROW, **{"ID usługi": "druga", "Obszary": "Kultur",
                                                         "Tryb dostępu": "Selektywy", "Opis": "=SUM(1;2)"})])
    before = sorted(p.name for p in (basket_copy / "partnerzy").iterdir())
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1
    area, mode, text = column_letter("Obszary"), column_letter("Tryb dostępu"), column_letter("Opis")
    assert f"Usługi!{area}3 · uslugi[2].obszary[1]: nieznana wartość „Kultur”" in result.output
    assert f"Usługi!{mode}3 · uslugi[2].dostep.tryb: nieznana wartość „Selektywy”" in result.output
    assert f"Usługi!{text}3: komórka zawiera formułę" in result.output
    assert "Nic nie zapisano" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in (basket_copy / "partnerzy").iterdir()) == before


def test_basket_round_trip_is_lossless(tmp_path):
    workbook = tmp_path / "koszyk.xlsx"
    assert koszyk("export-xlsx", "--basket", str(SAMPLE), "--variant", "intranet", "-o", str(workbook)).exit_code == 0
    empty = tmp_path / "pusty"
    (empty / "partnerzy").mkdir(parents=True)
    result = koszyk("import-xlsx", str(workbook), "--basket", str(empty))
    assert result.exit_code == 0, result.output
    assert cards(empty) == cards(SAMPLE)


def test_importing_an_unchanged_export_changes_no_file(tmp_path, basket_copy):
    workbook = tmp_path / "koszyk.xlsx"
    koszyk("export-xlsx", "--basket", str(basket_copy), "--variant", "intranet", "-o", str(workbook))
    before = {p.name: p.read_bytes() for p in (basket_copy / "partnerzy").iterdir()}
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 0 and "Bez zmian" in result.output
    assert {p.name: p.read_bytes() for p in (basket_copy / "partnerzy").iterdir()} == before


def test_an_edit_in_excel_updates_the_card_keeping_comments_and_order(tmp_path, basket_copy):
    workbook = tmp_path / "koszyk.xlsx"
    koszyk("export-xlsx", "--basket", str(basket_copy), "--variant", "intranet", "-o", str(workbook))
    book = load_workbook(workbook)
    sheet = book["Koszyk"]
    headers = [cell.value for cell in sheet[1]]
    name_column = headers.index("Nazwa usługi")
    for row in sheet.iter_rows(min_row=2):
        if row[name_column].value == "Terapia logopedyczna":
            row[name_column].value = "Terapia logopedyczna dla dzieci"
    book.save(workbook)
    card = basket_copy / "partnerzy" / "poradnia-pp.yml"
    before = card.read_text(encoding="utf-8")
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 0, result.output
    assert ("usługa terapia-logopedyczna („Terapia logopedyczna dla dzieci”): Nazwa usługi: "
            "„Terapia logopedyczna” → „Terapia logopedyczna dla dzieci”") in result.output
    after = card.read_text(encoding="utf-8")
    assert after == before.replace("nazwa: Terapia logopedyczna\n", "nazwa: Terapia logopedyczna dla dzieci\n")
    assert after.startswith("# yaml-language-server: $schema=")


def test_import_never_writes_through_a_link_left_beside_a_card(tmp_path, basket_copy):
    """A pull request can add ``.poradnia-pp.yml.tmp`` as a link to another file: the import once
    wrote the card through that fixed name, replacing whatever the link pointed at."""
    workbook = tmp_path / "koszyk.xlsx"
    koszyk("export-xlsx", "--basket", str(basket_copy), "--variant", "intranet", "-o", str(workbook))
    book = load_workbook(workbook)
    sheet = book["Koszyk"]
    name_column = [cell.value for cell in sheet[1]].index("Nazwa usługi")
    for row in sheet.iter_rows(min_row=2):
        if row[name_column].value == "Terapia logopedyczna":
            row[name_column].value = "Terapia logopedyczna dla dzieci"
    book.save(workbook)
    victim = tmp_path / "cudzy-plik.txt"
    victim.write_text("nie ruszać\n", encoding="utf-8")
    (basket_copy / "partnerzy" / ".poradnia-pp.yml.tmp").symlink_to(victim)
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "nie ruszać\n"
    assert "Terapia logopedyczna dla dzieci" in (basket_copy / "partnerzy" / "poradnia-pp.yml").read_text(encoding="utf-8")
    assert not [path for path in (basket_copy / "partnerzy").glob(".*.tmp") if not path.is_symlink()]


def test_import_refuses_a_cards_folder_that_is_a_link(tmp_path, basket_copy):
    """A pull request can turn ``partnerzy`` into a link to another gmina's cards (or out of the
    project): a new card was written wherever it led."""
    other = tmp_path / "inna-gmina"
    shutil.copytree(basket_copy, other)
    before = sorted(path.name for path in (other / "partnerzy").iterdir())
    shutil.rmtree(basket_copy / "partnerzy")
    (basket_copy / "partnerzy").symlink_to(other / "partnerzy")
    workbook = tmp_path / "karta.xlsx"
    koszyk("template-xlsx", "-o", str(workbook))
    fill_template(workbook, [GOOD_ROW])
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "partnerzy:1:1: folder kart jest dowiązaniem symbolicznym" in result.output
    assert sorted(path.name for path in (other / "partnerzy").iterdir()) == before


def test_import_refuses_a_basket_with_two_cards_under_one_name(tmp_path, basket_copy):
    workbook = tmp_path / "koszyk.xlsx"
    koszyk("export-xlsx", "--basket", str(basket_copy), "--variant", "intranet", "-o", str(workbook))
    card = basket_copy / "partnerzy" / "poradnia-pp.yml"
    twin = card.with_suffix(".yaml")
    twin.write_text(card.read_text(encoding="utf-8"), encoding="utf-8")
    before = {path.name: path.read_bytes() for path in (basket_copy / "partnerzy").iterdir()}
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1 and "karta o tej samej nazwie co" in result.output
    assert {path.name: path.read_bytes() for path in (basket_copy / "partnerzy").iterdir()} == before
    again = tmp_path / "znowu.xlsx"  # nor is such a basket exported: its rows would hold both cards
    result = koszyk("export-xlsx", "--basket", str(basket_copy), "--variant", "intranet", "-o", str(again))
    assert result.exit_code == 1 and "karta o tej samej nazwie co" in result.output and not again.exists()


def test_public_export_has_no_intranet_column_or_row(tmp_path):
    workbook = tmp_path / "publiczny.xlsx"
    assert koszyk("export-xlsx", "--basket", str(SAMPLE), "--variant", "public", "-o", str(workbook)).exit_code == 0
    book = load_workbook(workbook, read_only=True)
    headers = [cell.value for cell in next(book["Koszyk"].iter_rows(max_row=1))]
    assert not [h for h in headers if "intranet" in h]
    assert find_leaks(tmp_path, intranet_only_values(SAMPLE)) == []
    ids = {row[headers.index("ID usługi")] for row in book["Koszyk"].iter_rows(min_row=2, values_only=True)}
    assert "kontrakt-socjalny-zespol" not in ids and "dowoz-posilkow" not in ids and "praca-socjalna" in ids


def test_site_offers_the_template_and_the_variants_basket_workbook(sample_site):
    for variant in ("public", "intranet"):
        downloads = sample_site / variant / "pobierz"
        assert load_workbook(downloads / "karta-uslug.xlsx").sheetnames[0] == "Instrukcja"
        rows = list(load_workbook(downloads / "koszyk-uslug.xlsx", read_only=True)["Koszyk"].iter_rows(values_only=True))
        assert len(rows) - 1 == (117 if variant == "public" else 122)


def test_formula_like_text_is_exported_as_text(tmp_path, basket_copy):
    card = basket_copy / "partnerzy" / "gkrpa.yml"
    data = yaml.safe_load(card.read_text(encoding="utf-8"))
    data["uslugi"][0]["opis"] = '=HYPERLINK("http://example.org";"klik")'
    data["uslugi"][1]["opis"] = "+48 to numer kierunkowy"
    card.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    workbook = tmp_path / "k.xlsx"
    assert koszyk("export-xlsx", "--basket", str(basket_copy), "--variant", "intranet", "-o", str(workbook)).exit_code == 0
    with zipfile.ZipFile(workbook) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "HYPERLINK" in sheet_xml
    empty = tmp_path / "pusty"
    (empty / "partnerzy").mkdir(parents=True)
    assert koszyk("import-xlsx", str(workbook), "--basket", str(empty)).exit_code == 0
    assert cards(empty)["gkrpa"] == cards(basket_copy)["gkrpa"]


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name,make,fragment", [
    ("macro.xlsm", lambda p: _zip(p, {"[Content_Types].xml": b"x", "xl/workbook.xml": b"x"}), "makrami"),
    ("hidden-macro.xlsx", lambda p: _zip(p, {"[Content_Types].xml": b"x", "xl/workbook.xml": b"x",
                                              "xl/vbaProject.bin": b"x"}), "zawiera makra"),
    ("tekst.xlsx", lambda p: _bytes(p, b"a;b;c\n"), "to nie jest plik .xlsx"),
    ("stary.xls", lambda p: _bytes(p, b"\xd0\xcf\x11\xe0" + b"\0" * 100), "stary format .xls"),
    ("bomba.xlsx", lambda p: _zip(p, {"[Content_Types].xml": b"x", "xl/workbook.xml": b"x",
                                       "xl/worksheets/sheet1.xml": b"0" * 50_000_000}), "bomba zip"),
    ("zwykly-zip.xlsx", lambda p: _zip(p, {"plik.txt": b"x"}), "nie skoroszyt"),
])
def test_hostile_workbooks_are_refused_with_a_message(tmp_path, basket_copy, name, make, fragment):
    path = make(tmp_path / name)
    result = koszyk("import-xlsx", str(path), "--basket", str(basket_copy))
    assert result.exit_code == 1
    assert fragment in result.output and "Traceback" not in result.output


def test_a_workbook_without_the_expected_sheets_is_refused(tmp_path, basket_copy):
    from openpyxl import Workbook

    path = tmp_path / "inny.xlsx"
    Workbook().save(path)
    result = koszyk("import-xlsx", str(path), "--basket", str(basket_copy))
    assert result.exit_code == 1 and "brak arkuszy" in result.output


# Text a partner may type: Polish letters, quotes, Markdown, line breaks, formula-like starts.
POLISH_TEXT = st.text(
    alphabet=st.sampled_from(list("aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄĆĘŁŃÓŚŹŻ 0123456789\"'*_#-=+@;:,.!?()[]<>&\n")),
    min_size=1, max_size=60,
).map(str.strip).filter(bool)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=POLISH_TEXT, description=POLISH_TEXT, condition=POLISH_TEXT, hours=POLISH_TEXT)
def test_any_text_survives_the_round_trip(tmp_path_factory, name, description, condition, hours):
    root = tmp_path_factory.mktemp("rt")
    basket = root / "k"
    (basket / "partnerzy").mkdir(parents=True)
    (basket / "basket.yml").write_text("id: k\nnazwa: K\n", encoding="utf-8")
    card = {"partner": {"nazwa": name, "typ": "ngo"},
            "uslugi": [{"id": "u", "nazwa": name, "opis": description, "obszary": ["kultura"],
                        "grupy_docelowe": ["seniorzy"], "godziny": hours.replace("\n", " "),
                        "dostep": {"tryb": "selektywny", "kryteria": [{"rodzaj": "inne", "warunek": condition}]}}]}
    (basket / "partnerzy" / "p.yml").write_text(yaml.safe_dump(card, allow_unicode=True), encoding="utf-8")
    original = cards(basket)
    workbook = root / "k.xlsx"
    assert koszyk("export-xlsx", "--basket", str(basket), "--variant", "intranet", "-o", str(workbook)).exit_code == 0
    again = root / "k-nowy"  # a new basket filled from the export (the same one refuses a deleted card)
    (again / "partnerzy").mkdir(parents=True)
    result = koszyk("import-xlsx", str(workbook), "--basket", str(again))
    assert result.exit_code == 0, result.output
    assert cards(again) == original


def test_export_refuses_a_basket_with_errors_and_leaves_no_file(tmp_path, basket_copy):
    card = basket_copy / "partnerzy" / "gkrpa.yml"
    card.write_text(card.read_text(encoding="utf-8").replace("tryb: powszechny", "tryb: otwarty", 1), encoding="utf-8")
    target = tmp_path / "koszyk.xlsx"
    result = koszyk("export-xlsx", "--basket", str(basket_copy), "--variant", "public", "-o", str(target))
    assert result.exit_code == 1 and "nieznana wartość „otwarty”" in result.output
    assert not target.exists() and not list(tmp_path.glob(".*.tmp"))


def test_text_that_looks_like_an_excel_escape_stays_and_a_carriage_return_excel_saved_is_a_line_break(tmp_path):
    """Excel saves a carriage return pasted into a cell as ``_x000D_`` (and a typed ``_x000D_`` as
    ``_x005F_x000D_``): read back, the first is a line break, never those seven characters in the card."""
    basket = tmp_path / "k"
    (basket / "partnerzy").mkdir(parents=True)
    (basket / "basket.yml").write_text("id: k\nnazwa: K\n", encoding="utf-8")
    card = {"partner": {"nazwa": "Fundacja _x0041_", "typ": "ngo"},
            "uslugi": [{"id": "u", "nazwa": "Klub", "opis": "Kod _x000D_ i _X005f_ zostają", "obszary": ["kultura"],
                        "grupy_docelowe": ["seniorzy"], "dostep": {"tryb": "powszechny"}}]}
    (basket / "partnerzy" / "p.yml").write_text(yaml.safe_dump(card, allow_unicode=True), encoding="utf-8")
    original = cards(basket)
    workbook = tmp_path / "k.xlsx"
    assert koszyk("export-xlsx", "--basket", str(basket), "--variant", "intranet", "-o", str(workbook)).exit_code == 0
    again = tmp_path / "k-nowy"
    (again / "partnerzy").mkdir(parents=True)
    assert koszyk("import-xlsx", str(workbook), "--basket", str(again)).exit_code == 0
    assert cards(again) == original

    book = load_workbook(workbook)
    sheet = book["Koszyk"]
    column = 1 + [cell.value for cell in sheet[1]].index("Opis")
    sheet.cell(2, column).value = "Pierwsza linia_x000D_\nDruga linia"  # openpyxl writes it as Excel does
    book.save(workbook)
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket))
    assert result.exit_code == 0, result.output
    assert cards(basket)["p"]["uslugi"][0]["opis"] == "Pierwsza linia\nDruga linia"
