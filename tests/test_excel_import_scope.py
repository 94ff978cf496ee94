"""An Excel import changes only what the workbook says (issue 18 "Found", issue 16 "Excel import").

Each test reproduces a finding with openpyxl on a copy of the sample basket.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from koszyk.cli import main

from .conftest import ROOT, TODAY


def koszyk(*args: str):
    return CliRunner().invoke(main, [*args, "--today", TODAY])


def card(basket: Path, slug: str) -> dict:
    return yaml.safe_load((basket / "partnerzy" / f"{slug}.yml").read_text(encoding="utf-8"))


def snapshot(basket: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((basket / "partnerzy").iterdir())}


def export(basket: Path, target: Path, variant: str = "intranet") -> Path:
    result = koszyk("export-xlsx", "--basket", str(basket), "--variant", variant, "-o", str(target))
    assert result.exit_code == 0, result.output
    return target


def edit(workbook: Path, change) -> None:
    """``change(sheet, column index by header)`` on the Koszyk sheet, saved in place."""
    book = load_workbook(workbook)
    sheet = book["Koszyk"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    change(sheet, columns)
    book.save(workbook)


def rows_of(sheet, columns, slug: str) -> list[int]:
    return [row for row in range(2, sheet.max_row + 1) if sheet.cell(row, columns["Plik karty"]).value == slug]


def test_reimporting_the_public_workbook_removes_no_intranet_data(tmp_path, basket_copy):
    workbook = export(basket_copy, tmp_path / "publiczny.xlsx", "public")
    before = snapshot(basket_copy)
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 0, result.output
    assert "Bez zmian" in result.output and "usunięto" not in result.output
    assert snapshot(basket_copy) == before


def test_a_workbook_cut_down_to_one_partner_keeps_its_other_data_and_other_cards(tmp_path, basket_copy):
    workbook = export(basket_copy, tmp_path / "koszyk.xlsx")

    def keep_only_gkrpa_first_service(sheet, columns):
        mine = rows_of(sheet, columns, "gkrpa")
        for row in range(sheet.max_row, 1, -1):
            if row != mine[0]:
                sheet.delete_rows(row)
        for header in ("Osoba do kontaktu (intranet)", "Telefon osoby (intranet)", "Uwagi wewnętrzne (intranet)"):
            sheet.cell(2, columns[header]).value = None
        sheet.cell(2, columns["Godziny"]).value = "pon. 16:00–18:00"

    edit(workbook, keep_only_gkrpa_first_service)
    before = card(basket_copy, "gkrpa")
    others = {name: data for name, data in snapshot(basket_copy).items() if name != "gkrpa.yml"}
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 0, result.output
    after = card(basket_copy, "gkrpa")
    assert after["partner"]["kontakt_wewnetrzny"] == before["partner"]["kontakt_wewnetrzny"]
    assert [s["id"] for s in after["uslugi"]] == [s["id"] for s in before["uslugi"]]
    assert after["uslugi"][0]["godziny"] == "pon. 16:00–18:00"
    assert {n: d for n, d in snapshot(basket_copy).items() if n != "gkrpa.yml"} == others


def test_a_service_is_withdrawn_by_its_status_not_by_deleting_its_row(tmp_path, basket_copy):
    workbook = export(basket_copy, tmp_path / "koszyk.xlsx")

    def withdraw(sheet, columns):
        row = rows_of(sheet, columns, "gkrpa")[0]
        sheet.cell(row, columns["Status"]).value = "Wycofana"

    edit(workbook, withdraw)
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 0, result.output
    assert "Status: „Oferowana” → „Wycofana”" in result.output
    assert card(basket_copy, "gkrpa")["uslugi"][0]["status"] == "wycofana"


def _changed_after_export(tmp_path, basket_copy, fingerprints: bool = True) -> Path:
    """An export; then gkrpa's card changes on disk, and the workbook gets an edit to that card."""
    workbook = export(basket_copy, tmp_path / "koszyk.xlsx")
    if not fingerprints:  # as in workbooks made before they were kept
        book = load_workbook(workbook)
        sheet = book["Metadane"]
        for row in reversed(range(1, sheet.max_row + 1)):
            if sheet.cell(row, 1).value == "karta":
                sheet.delete_rows(row)
        book.save(workbook)
    path = basket_copy / "partnerzy" / "gkrpa.yml"
    time.sleep(0.01)
    path.write_text(path.read_text(encoding="utf-8").replace("Rozmowy motywujące", "Rozmowy wspierające"), encoding="utf-8")

    def rename(sheet, columns):
        sheet.cell(rows_of(sheet, columns, "gkrpa")[1], columns["Godziny"]).value = "wt. 10:00"

    edit(workbook, rename)
    return workbook


def test_a_workbook_showing_a_card_as_it_was_before_a_change_is_refused_for_that_card(tmp_path, basket_copy):
    workbook = _changed_after_export(tmp_path, basket_copy)
    before = snapshot(basket_copy)
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1
    assert "gkrpa.yml ma inne dane niż w chwili pobrania arkusza" in result.output
    assert snapshot(basket_copy) == before


def test_a_change_pulled_from_an_older_commit_is_not_undone_by_a_later_workbook(tmp_path, basket_copy):
    """The card's time of change (its commit's date, or the file's) said nothing had changed since
    the export when the change came from an older commit (a merge, a pull): the import undid it."""
    workbook = _changed_after_export(tmp_path, basket_copy)
    card_file = basket_copy / "partnerzy" / "gkrpa.yml"
    os.utime(card_file, (time.time() - 86400, time.time() - 86400))
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1
    assert "Rozmowy wspierające" in card_file.read_text(encoding="utf-8")


def test_a_workbook_without_fingerprints_older_than_the_card_is_refused_for_that_card(tmp_path, basket_copy):
    workbook = _changed_after_export(tmp_path, basket_copy, fingerprints=False)
    before = snapshot(basket_copy)
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1
    assert "gkrpa.yml zmieniła się później" in result.output and "czas modyfikacji pliku" in result.output
    assert snapshot(basket_copy) == before


def test_the_card_file_of_another_partner_is_refused(tmp_path, basket_copy):
    from .test_excel import GOOD_ROW, fill_template

    workbook = tmp_path / "karta.xlsx"
    CliRunner().invoke(main, ["template-xlsx", "-o", str(workbook)])
    fill_template(workbook, [GOOD_ROW])
    book = load_workbook(workbook)
    partner = book["Partner"]
    slug_row = next(r for r in range(2, partner.max_row + 1) if partner.cell(r, 1).value == "Plik karty")
    partner.cell(slug_row, 2).value = "gkrpa"
    book.save(workbook)
    before = snapshot(basket_copy)
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1
    assert f"Partner!B{slug_row} · Plik karty: „gkrpa” to karta innego partnera" in result.output
    assert snapshot(basket_copy) == before


def test_a_changed_phone_on_a_later_row_of_a_partner_is_an_error_naming_both_cells(tmp_path, basket_copy):
    workbook = export(basket_copy, tmp_path / "koszyk.xlsx")
    where = {}

    def change_second_row_phone(sheet, columns):
        first, second = rows_of(sheet, columns, "gkrpa")[:2]
        sheet.cell(second, columns["Telefon"]).value = "+48 00 111 99 99"
        where.update(first=sheet.cell(first, columns["Telefon"]).coordinate,
                     second=sheet.cell(second, columns["Telefon"]).coordinate)

    edit(workbook, change_second_row_phone)
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1
    assert f"Koszyk!{where['second']} · partner.kontakt.telefon:" in result.output
    assert f"w komórce Koszyk!{where['first']}" in result.output


def test_dry_run_shows_the_changes_in_peoples_words_and_writes_nothing(tmp_path, basket_copy):
    workbook = export(basket_copy, tmp_path / "koszyk.xlsx")

    def change(sheet, columns):
        rows = rows_of(sheet, columns, "gkrpa")
        for row in rows:  # a partner field repeats on every row of the partner
            sheet.cell(row, columns["Ostatnia weryfikacja"]).value = "5.11.2026"
        sheet.cell(rows[0], columns["Odpłatność"]).value = "Częściowo odpłatna"

    edit(workbook, change)
    before = snapshot(basket_copy)
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Partner: Ostatnia weryfikacja: " in result.output and "→ 2026-11-05" in result.output
    assert "Odpłatność: „Bezpłatna” → „Częściowo odpłatna”" in result.output
    assert "datetime" not in result.output and "czesciowo_odplatna" not in result.output
    assert "nic nie zapisano" in result.output
    assert snapshot(basket_copy) == before


def test_an_import_that_would_write_an_invalid_card_is_refused(tmp_path, basket_copy):
    """The sheet alone is fine (only „Wiek od” is given), the card after the merge is not:
    its existing „do” is 18. The card validator, run on the result, refuses it."""
    workbook = export(basket_copy, tmp_path / "koszyk.xlsx")
    where = {}

    def age_from_above_the_cards_age_to(sheet, columns):
        row = rows_of(sheet, columns, "poradnia-pp")[0]
        sheet.cell(row, columns["Wiek od"]).value = 30
        sheet.cell(row, columns["Wiek do"]).value = None  # empty: the card keeps „do: 18”
        where["cell"] = sheet.cell(row, columns["Wiek od"]).coordinate

    edit(workbook, age_from_above_the_cards_age_to)
    before = snapshot(basket_copy)
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1
    assert "karta po imporcie byłaby błędna" in result.output
    assert "wiek „od” (30) jest większy niż „do” (18)" in result.output
    assert f"Koszyk!{where['cell']}" in result.output
    assert snapshot(basket_copy) == before


def test_age_from_above_age_to_in_the_sheet_is_refused_at_its_cell(tmp_path, basket_copy):
    workbook = export(basket_copy, tmp_path / "koszyk.xlsx")

    def impossible_ages(sheet, columns):
        row = rows_of(sheet, columns, "poradnia-pp")[0]
        sheet.cell(row, columns["Wiek od"]).value = 10
        sheet.cell(row, columns["Wiek do"]).value = 3

    edit(workbook, impossible_ages)
    before = snapshot(basket_copy)
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1 and "jest mniejszy niż wiek „od” (10)" in result.output
    assert snapshot(basket_copy) == before


def test_a_card_sharing_values_by_an_alias_is_refused_not_silently_left_unchanged(tmp_path, basket_copy):
    path = basket_copy / "partnerzy" / "poradnia-pp.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("      wiek: {od: 0, do: 18}\n", "      wiek: &wiek {od: 0, do: 18}\n", 1)
    text = text.replace("      wiek: {od: 3, do: 15}\n", "      wiek: *wiek\n", 1)
    assert "*wiek" in text
    path.write_text(text, encoding="utf-8")
    workbook = export(basket_copy, tmp_path / "koszyk.xlsx")

    def change_age(sheet, columns):
        row = rows_of(sheet, columns, "poradnia-pp")[1]
        sheet.cell(row, columns["Wiek do"]).value = 16

    edit(workbook, change_age)
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1
    assert "aliasem YAML" in result.output and "Traceback" not in result.output
    assert path.read_text(encoding="utf-8") == text


def test_importing_into_a_damaged_card_gives_the_validators_message(tmp_path, basket_copy):
    workbook = export(basket_copy, tmp_path / "koszyk.xlsx")
    path = basket_copy / "partnerzy" / "gkrpa.yml"
    damages = {
        "brak id": path.read_text(encoding="utf-8").replace("  - id: motywowanie-do-leczenia\n    nazwa:", "  - nazwa:"),
        "składnia": "partner:\n  nazwa: [Test\n",
        "kodowanie": None,
    }
    for name, damaged in damages.items():
        if damaged is None:
            path.write_bytes("partner:\n  nazwa: Gminna Komisja Rozwiązywania\n".encode("cp1250"))
        else:
            path.write_text(damaged, encoding="utf-8")
        os.utime(path, (1, 1))  # older than the workbook: only the damage may stop the import
        result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
        assert result.exit_code == 1, name
        assert "Traceback" not in result.output and "gkrpa.yml:" in result.output, (name, result.output)
        assert "ma błędy (powyżej)" in result.output, name


def test_a_public_workbook_with_an_intranet_column_added_is_refused(tmp_path, basket_copy):
    workbook = export(basket_copy, tmp_path / "publiczny.xlsx", "public")

    def add_internal_notes(sheet, columns):
        new = sheet.max_column + 1
        sheet.cell(1, new).value = "Uwagi wewnętrzne (intranet)"
        sheet.cell(rows_of(sheet, columns, "gkrpa")[0], new).value = "nadpisane"

    edit(workbook, add_internal_notes)
    before = snapshot(basket_copy)
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1
    assert "jest tylko dla intranetu, a to arkusz publiczny" in result.output
    assert snapshot(basket_copy) == before


def _ods(path: Path, content: bytes) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


ODS_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
            b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>')


def test_damaged_or_hostile_ods_files_get_a_polish_message(tmp_path, basket_copy):
    cases = {
        "ucięty": ODS_HEAD + b'<table:table table:name="Koszyk"><table:table-row><table:table-cell office:value-type="str',
        "doctype": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>' + ODS_HEAD[ODS_HEAD.index(b"<office:"):]
                   + b"</office:spreadsheet></office:body></office:document-content>",
        "liczba": ODS_HEAD + b'<table:table table:name="Koszyk"><table:table-row><table:table-cell '
                  b'office:value-type="float" office:value="abc"/></table:table-row></table:table>'
                  b"</office:spreadsheet></office:body></office:document-content>",
        "milion pustych wierszy": ODS_HEAD + b'<table:table table:name="Koszyk"><table:table-row '
                  b'table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384"/>'
                  b"</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>",
    }
    expected = {"ucięty": "uszkodzony XML arkusza", "doctype": "", "liczba": "Koszyk!A1: „abc” w komórce liczbowej nie jest liczbą",
                "milion pustych wierszy": "brak nagłówków kolumn w wierszu 1"}
    before = snapshot(basket_copy)
    for name, content in cases.items():
        result = koszyk("import-xlsx", str(_ods(tmp_path / f"{name}.ods", content)), "--basket", str(basket_copy))
        assert result.exit_code == 1, name
        assert "Traceback" not in result.output and "Nic nie zapisano" in result.output, (name, result.output)
        assert expected[name] in result.output, (name, result.output)
    assert snapshot(basket_copy) == before


def test_a_public_workbook_cannot_overwrite_a_service_it_does_not_show(tmp_path, basket_copy):
    """A new row whose id is that of an internal or a withdrawn service (which the public
    workbook and the public form never show) is refused, not merged into the hidden service."""
    workbook = export(basket_copy, tmp_path / "publiczny.xlsx", "public")
    hidden = [s["id"] for s in card(basket_copy, "ops-przykladowo")["uslugi"]
              if s.get("widocznosc") == "wewnetrzna" or s.get("status") == "wycofana"]
    assert len(hidden) >= 2

    def add_colliding_rows(sheet, columns):
        template = rows_of(sheet, columns, "ops-przykladowo")[0]
        for service_id in hidden:
            row = sheet.max_row + 1
            for column in range(1, sheet.max_column + 1):
                sheet.cell(row, column).value = sheet.cell(template, column).value
            sheet.cell(row, columns["ID usługi"]).value = service_id
            sheet.cell(row, columns["Nazwa usługi"]).value = "Nowa usługa partnera"

    edit(workbook, add_colliding_rows)
    before = snapshot(basket_copy)
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1, result.output
    for service_id in hidden:
        assert f"karta ma już usługę „{service_id}”, której ten arkusz nie pokazuje" in result.output
    assert snapshot(basket_copy) == before


def _pack_rewritten_for(pack: Path, victim: str, victims: dict, phone: str) -> None:
    """What a hostile partner can do to its own review pack: one row, now naming another card, with
    that partner's name and a service id (both public) and a new internal phone; the hidden
    Metadane sheet is gone."""
    book = load_workbook(pack)
    del book["Metadane"]
    sheet = book["Koszyk"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    sheet.delete_rows(3, sheet.max_row)
    sheet.cell(2, columns["Plik karty"]).value = victim
    sheet.cell(2, columns["Nazwa partnera"]).value = victims["partner"]["nazwa"]
    sheet.cell(2, columns["ID usługi"]).value = victims["uslugi"][0]["id"]
    sheet.cell(2, columns["Telefon osoby (intranet)"]).value = phone
    book.save(pack)


def test_with_partner_a_returned_pack_cannot_change_another_partners_card(tmp_path, basket_copy):
    """Nothing in a workbook proves who made it: a partner's returned review pack, rewritten to
    name another card, changed that card's internal contact (issue 14 note, third reader). With
    ``--partner`` the person importing says whose card it is, and other rows are refused."""
    output = tmp_path / "przeglad"
    assert koszyk("przeglad", "--basket", str(basket_copy), "--output-dir", str(output), "--months", "3").exit_code == 0
    own, victim = "gkrpa", "biblioteka-publiczna"
    pack = output / f"{own}.xlsx"
    _pack_rewritten_for(pack, victim, card(basket_copy, victim), "+48 600 000 666")
    before = snapshot(basket_copy)

    unchecked = koszyk("import-xlsx", str(pack), "--basket", str(basket_copy), "--dry-run")
    assert unchecked.exit_code == 0 and "+48 600 000 666" in unchecked.output, unchecked.output  # what --partner is for

    result = koszyk("import-xlsx", str(pack), "--basket", str(basket_copy), "--partner", f"partnerzy/{own}.yml")
    assert result.exit_code == 1
    assert f"Koszyk!A2 · Plik karty: wiersze karty „{victim}”, a import przyjmuje tylko kartę „{own}” (--partner)" \
        in result.output
    assert "Nic nie zapisano" in result.output and "Traceback" not in result.output
    assert snapshot(basket_copy) == before


def test_the_own_returned_pack_comes_in_with_partner(tmp_path, basket_copy):
    output = tmp_path / "przeglad"
    assert koszyk("przeglad", "--basket", str(basket_copy), "--output-dir", str(output), "--months", "3").exit_code == 0
    pack = output / "gkrpa.xlsx"
    edit(pack, lambda sheet, columns: [sheet.cell(row, columns["Telefon osoby (intranet)"]).__setattr__("value", "+48 600 000 777")
                                        for row in rows_of(sheet, columns, "gkrpa")])
    result = koszyk("import-xlsx", str(pack), "--basket", str(basket_copy), "--partner", "gkrpa")
    assert result.exit_code == 0, result.output
    assert card(basket_copy, "gkrpa")["partner"]["kontakt_wewnetrzny"]["telefon"] == "+48 600 000 777"


def test_a_workbook_from_another_basket_is_refused_whole(tmp_path, basket_copy):
    """An export of gmina A imported into gmina B came in as new cards, with A's internal data."""
    workbook = export(basket_copy, tmp_path / "inna-gmina.xlsx")
    other = tmp_path / "wzorowo"
    shutil.copytree(ROOT / "baskets" / "wzorowo", other)
    assert_refused(workbook, other, "Metadane!B4: arkusz pochodzi z koszyka „przykladowo”, a import dotyczy "
                                    "koszyka „wzorowo”")


def assert_refused(workbook: Path, basket: Path, message: str) -> None:
    before = snapshot(basket)
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket))
    assert result.exit_code == 1
    assert message in result.output
    assert snapshot(basket) == before


def test_a_card_deleted_since_the_export_is_not_made_again(tmp_path, basket_copy):
    workbook = export(basket_copy, tmp_path / "koszyk.xlsx")
    (basket_copy / "partnerzy" / "kgw-debina.yml").unlink()
    assert_refused(workbook, basket_copy, "karta „kgw-debina” była w koszyku, gdy pobrano ten arkusz, a teraz jej nie ma")


def test_an_export_of_a_list_is_refused_in_a_gmina_basket(tmp_path, basket_copy):
    workbook = export(ROOT / "baskets" / "powiat-przykladowski", tmp_path / "lista.xlsx")
    assert_refused(workbook, basket_copy, "arkusz pochodzi z koszyka „powiat-przykladowski”")


def test_the_cards_folder_given_as_the_basket_is_a_usage_error(tmp_path, basket_copy):
    workbook = export(basket_copy, tmp_path / "koszyk.xlsx")
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy / "partnerzy"))
    assert result.exit_code == 2 and "to folder kart, nie koszyka" in result.output
    assert not (basket_copy / "partnerzy" / "partnerzy").exists()


def test_a_partners_pack_without_its_confirmation_sheet_cannot_move_the_verification_date(tmp_path, basket_copy):
    output = tmp_path / "przeglad"
    assert koszyk("przeglad", "--basket", str(basket_copy), "--output-dir", str(output), "--months", "3").exit_code == 0
    pack = output / "kgw-debina.xlsx"
    kept = card(basket_copy, "kgw-debina")["partner"]["ostatnia_weryfikacja"]
    book = load_workbook(pack)
    del book["Potwierdzenie"]
    sheet = book["Koszyk"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    for row in rows_of(sheet, columns, "kgw-debina"):
        sheet.cell(row, columns["Ostatnia weryfikacja"]).value = "2026-11-22"
    book.save(pack)
    result = koszyk("import-xlsx", str(pack), "--basket", str(basket_copy), "--partner", "kgw-debina")
    assert result.exit_code == 0, result.output
    assert "data weryfikacji bez zmian" in result.output
    assert card(basket_copy, "kgw-debina")["partner"]["ostatnia_weryfikacja"] == kept


@pytest.mark.parametrize("given", ["", " ", ".", "/", "../../wzorowo/partnerzy/kgw-debina"])
def test_partner_must_name_a_card_file(tmp_path, basket_copy, given):
    workbook = export(basket_copy, tmp_path / "koszyk.xlsx")
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy), "--partner", given)
    assert result.exit_code == 2 and "podaj nazwę pliku karty" in result.output


def test_a_partner_name_with_no_card_is_named_as_a_slip(tmp_path, basket_copy):
    output = tmp_path / "przeglad"
    assert koszyk("przeglad", "--basket", str(basket_copy), "--output-dir", str(output), "--months", "3").exit_code == 0
    result = koszyk("import-xlsx", str(output / "gkrpa.xlsx"), "--basket", str(basket_copy), "--partner", "gkrpaa")
    assert result.exit_code == 1
    assert "--partner „gkrpaa”: w koszyku nie ma takiej karty" in result.output


def test_a_workbook_from_another_basket_is_named_before_its_cell_problems(tmp_path, basket_copy):
    other = tmp_path / "wzorowo"
    shutil.copytree(ROOT / "baskets" / "wzorowo", other)
    workbook = export(other, tmp_path / "wzorowo.xlsx")
    edit(workbook, lambda sheet, columns: setattr(sheet.cell(2, columns["Obszary"]), "value", "Kultur"))
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1
    assert "arkusz pochodzi z koszyka „wzorowo”" in result.output and "Kultur" not in result.output
