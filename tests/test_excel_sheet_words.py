"""Import messages speak the sheet's language, and cards are written without churn (issue 18)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from koszyk.cli import main

from .conftest import TODAY
from .test_excel import GOOD_ROW, column_letter, fill_template


def koszyk(*args: str):
    return CliRunner().invoke(main, [*args, "--today", TODAY] if args[0] != "template-xlsx" else list(args))


def template(tmp_path: Path, rows: list[dict], **partner: object) -> Path:
    workbook = tmp_path / "karta.xlsx"
    koszyk("template-xlsx", "-o", str(workbook))
    fill_template(workbook, rows)
    if partner:
        book = load_workbook(workbook)
        sheet = book["Partner"]
        at = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
        for header, value in partner.items():
            sheet.cell(at[header], 2).value = value
        book.save(workbook)
    return workbook


def partner_row(workbook: Path, header: str) -> int:
    sheet = load_workbook(workbook)["Partner"]
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == header)


def test_suggestions_name_the_dropdown_labels_not_the_keys(tmp_path, basket_copy):
    workbook = template(tmp_path, [dict(GOOD_ROW, **{"Odpłatność": "Bezpłatn"})])
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1
    assert f"Usługi!{column_letter('Odpłatność')}2" in result.output
    assert "czy chodziło o „Bezpłatna”?" in result.output and "„bezplatna”" not in result.output


def test_a_list_typed_with_commas_is_explained(tmp_path, basket_copy):
    workbook = template(tmp_path, [dict(GOOD_ROW, **{"Obszary": "Kultura, Edukacja i wychowanie"})])
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1
    assert "oddziel średnikiem „;”, nie przecinkiem" in result.output


def test_a_missing_partner_name_points_at_the_partner_name_cell(tmp_path, basket_copy):
    workbook = template(tmp_path, [GOOD_ROW], **{"Nazwa partnera": None, "Plik karty": "fundacja-nowa"})
    row = partner_row(workbook, "Nazwa partnera")
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1
    assert f"Partner!B{row} · partner.nazwa: brak wymaganego pola" in result.output
    assert "klucz" not in result.output


def test_a_service_without_id_or_name_points_at_the_id_column(tmp_path, basket_copy):
    workbook = template(tmp_path, [dict(GOOD_ROW, **{"ID usługi": None, "Nazwa usługi": None})])
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1
    assert f"Usługi!{column_letter('ID usługi')}2 · uslugi[1].id: brak wymaganego pola" in result.output
    assert f"Usługi!{column_letter('Nazwa usługi')}2 · uslugi[1].nazwa: brak wymaganego pola" in result.output


def test_an_empty_id_is_made_from_the_name_and_never_takes_an_existing_services_id(tmp_path, basket_copy):
    rows = [dict(GOOD_ROW, **{"ID usługi": None, "Nazwa usługi": "Terapia logopedyczna"}),
            dict(GOOD_ROW, **{"ID usługi": None, "Nazwa usługi": "Kółko szachowe dla seniorów"})]
    workbook = template(tmp_path, rows)
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 0, result.output
    card = yaml.safe_load((basket_copy / "partnerzy" / "fundacja-pod-debem.yml").read_text(encoding="utf-8"))
    assert [s["id"] for s in card["uslugi"]] == ["terapia-logopedyczna-2", "kolko-szachowe-dla-seniorow"]


def test_an_age_range_typed_in_one_cell_gets_a_hint(tmp_path, basket_copy):
    workbook = template(tmp_path, [dict(GOOD_ROW, **{"Wiek od": "7-12"})])
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 1
    assert f"Usługi!{column_letter('Wiek od')}2" in result.output
    assert "wpisz 7 w kolumnie „Wiek od” i 12 w kolumnie „Wiek do”" in result.output


def test_polish_dates_are_accepted_and_normalised(tmp_path, basket_copy):
    for typed in ("5.11.2026", "05.11.2026"):
        workbook = template(tmp_path, [GOOD_ROW], **{"Ostatnia weryfikacja": typed})
        target = basket_copy / "partnerzy" / "fundacja-pod-debem.yml"
        target.unlink(missing_ok=True)
        result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
        assert result.exit_code == 0, result.output
        assert "ostatnia_weryfikacja: 2026-11-05\n" in target.read_text(encoding="utf-8")


def test_dropdowns_refuse_values_outside_the_list(tmp_path):
    workbook = tmp_path / "karta.xlsx"
    koszyk("template-xlsx", "-o", str(workbook))
    book = load_workbook(workbook)
    for name in ("Partner", "Usługi"):
        validations = book[name].data_validations.dataValidation
        assert validations and all(v.showErrorMessage and v.errorStyle in (None, "stop") for v in validations)


def test_an_empty_member_cell_is_not_silently_a_member(tmp_path, basket_copy):
    workbook = template(tmp_path, [GOOD_ROW])
    row = partner_row(workbook, "Członek PZK")
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 0, result.output
    assert f"Partner!B{row} · partner.czlonek_pzk: ostrzeżenie" in result.output or \
        f"ostrzeżenie: Partner!B{row} · partner.czlonek_pzk" in result.output


def test_new_cards_quote_phones_and_postal_codes_like_the_sample_cards(tmp_path, basket_copy):
    workbook = template(tmp_path, [GOOD_ROW], **{"Kod pocztowy": "00-123"})
    assert koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy)).exit_code == 0
    text = (basket_copy / "partnerzy" / "fundacja-pod-debem.yml").read_text(encoding="utf-8")
    assert 'telefon: "+48 00 123 45 67"' in text and 'kod: "00-123"' in text
    assert "\nuslugi:\n  - id: klub-wsparcia\n    nazwa: Klub wsparcia\n" in text


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                               "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin"}).stdout


def test_a_one_field_change_to_a_new_card_is_a_one_line_diff(tmp_path, basket_copy):
    workbook = template(tmp_path, [GOOD_ROW, dict(GOOD_ROW, **{"ID usługi": "drugi-klub", "Nazwa usługi": "Drugi klub"})])
    assert koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy)).exit_code == 0
    _git(basket_copy, "init", "-q")
    _git(basket_copy, "add", ".")
    _git(basket_copy, "commit", "-qm", "start")
    fill_template(workbook, [GOOD_ROW, dict(GOOD_ROW, **{"ID usługi": "drugi-klub", "Nazwa usługi": "Drugi klub seniora"})])
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 0, result.output
    assert _git(basket_copy, "diff", "--numstat").split() == ["1", "1", "partnerzy/fundacja-pod-debem.yml"]


def test_the_change_summary_uses_ids_and_iso_dates_for_new_services(tmp_path, basket_copy):
    workbook = template(tmp_path, [GOOD_ROW])
    assert koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy)).exit_code == 0
    fill_template(workbook, [GOOD_ROW, dict(GOOD_ROW, **{"ID usługi": "drugi-klub", "Nazwa usługi": "Drugi klub"})])
    result = koszyk("import-xlsx", str(workbook), "--basket", str(basket_copy))
    assert result.exit_code == 0, result.output
    assert "usługa drugi-klub („Drugi klub”): nowa usługa" in result.output
    card = yaml.safe_load((basket_copy / "partnerzy" / "fundacja-pod-debem.yml").read_text(encoding="utf-8"))
    assert [s["id"] for s in card["uslugi"]] == ["klub-wsparcia", "drugi-klub"]
