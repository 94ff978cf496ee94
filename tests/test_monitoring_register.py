"""The monitoring register: validated like a card, counted per quarter and year in the report and on the intranet."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from koszyk.cli import main
from koszyk.monitoring import load_register
from koszyk.monitoring_figures import monitoring_figures
from koszyk.pages.rendering import Renderer
from koszyk.pages.report_pages import monitoring_page
from koszyk.reports import basket_report
from koszyk.taxonomy import load_taxonomy
from koszyk.validation import read_basket

from .conftest import SAMPLE, TODAY

PAYLOAD = "<img src=x onerror=alert(1)>"
DAY = dt.date(2026, 11, 23)
REGISTER = """\
wnioski:
  - data: 2026-01-10
    zrodlo: partner
    rodzaj: usluga
    czego_dotyczy: Klub dla seniorów
    decyzja: zrealizowany
  - data: 2026-02-20
    zrodlo: zespol_zadaniowy
    rodzaj: partner
    czego_dotyczy: Fundacja pomocy rodzinie z sąsiedniej gminy
    decyzja: odrzucony
    powod: Fundacja nie działa na naszym terenie
  - data: 2026-08-01
    zrodlo: pracownik_ds_sieci
    rodzaj: usluga
    czego_dotyczy: Terapia rodzinna
    decyzja: oczekuje
konsultacje:
  - {data: 2026-01-31, liczba: 2}
  - {data: 2026-03-31, liczba: 3}
  - {data: 2026-09-30, liczba: 4}
konflikty:
  - {data: 2026-03-05, czego_dotyczy: Spór o termin, wynik: rozwiazany}
  - {data: 2026-09-05, czego_dotyczy: Odmowa udziału w zespole, wynik: w_toku}
"""


def register_in(tmp_path: Path, text: str) -> Path:
    basket = tmp_path / "koszyk"
    basket.mkdir(exist_ok=True)
    (basket / "monitoring.yml").write_text(text, encoding="utf-8")
    return basket


def messages(tmp_path: Path, text: str) -> list[str]:
    basket = register_in(tmp_path, text)
    return [p.format_text() for p in load_register(basket, DAY, tmp_path).problems]


def test_figures_per_quarter_and_year_count_the_entries(tmp_path):
    figures = monitoring_figures(load_register(register_in(tmp_path, REGISTER), DAY))
    assert [p.label for p in figures.quarters] == ["I kw. 2026", "II kw. 2026", "III kw. 2026"]
    first, quiet, third = figures.quarters
    assert (first.service_requests, first.partner_requests, first.realised, first.refused, first.pending) == (1, 1, 1, 1, 0)
    assert (first.consultations, first.conflicts, first.resolved) == (5, 1, 1)
    assert (quiet.requests, quiet.consultations, quiet.conflicts) == (0, 0, 0)
    assert (third.pending, third.consultations, third.conflicts, third.resolved) == (1, 4, 1, 0)
    (year,) = figures.years
    assert (year.requests, year.realised, year.refused, year.pending, year.consultations) == (3, 1, 1, 1, 9)
    assert [r.reason for r in figures.refused] == ["Fundacja nie działa na naszym terenie"]
    assert [r.what for r in figures.pending] == ["Terapia rodzinna"]


def test_a_basket_without_a_register_shows_no_monitoring(tmp_path):
    assert monitoring_figures(load_register(tmp_path, DAY)) is None


@pytest.mark.parametrize("line, expected", [
    ("    decyzja: przyjety", "koszyk/monitoring.yml:6:14: wnioski[1].decyzja: nieznana wartość „przyjety”; "
                              "dozwolone: zrealizowany, odrzucony, oczekuje"),
    ("    decyzja: oczekuje\n    powod: PESEL 85010112345",
     "koszyk/monitoring.yml:7:12: wnioski[1].powod: „85010112345” wygląda jak numer PESEL; "
     "rejestr nie przechowuje danych osób, usuń ten numer"),
    ("    decyzja: oczekuje\n    powod: Rodzina 850101 12345",
     "koszyk/monitoring.yml:7:12: wnioski[1].powod: „850101 12345” wygląda jak numer PESEL; "
     "rejestr nie przechowuje danych osób, usuń ten numer"),
    ("    decyzja: oczekuje\n    powod: 85-01-01-12345",
     "koszyk/monitoring.yml:7:12: wnioski[1].powod: „85-01-01-12345” wygląda jak numer PESEL; "
     "rejestr nie przechowuje danych osób, usuń ten numer"),
    ("    decyzja: oczekuje\n    powod: \"Korepetycje \\x1b[31m\"",
     "koszyk/monitoring.yml:7:12: wnioski[1].powod: tekst zawiera niewidoczny znak U+001B (znak sterujący ESC) "
     "na pozycji 13; usuń go"),
    ("    decyzja: odrzucona", "koszyk/monitoring.yml:6:14: wnioski[1].decyzja: nieznana wartość „odrzucona”; "
                               "dozwolone: zrealizowany, odrzucony, oczekuje; czy chodziło o „odrzucony”?"),
    ("    decyzja: oczekuje\n    powod: Zgłosiła Anna Kowalska",
     "koszyk/monitoring.yml:7:12: wnioski[1].powod: „Anna Kowalska” wygląda na imię i nazwisko albo nazwisko "
     "osoby; rejestr nie "
     "przechowuje danych osób, opisz sprawę bez nich (np. „rodzina z dwojgiem dzieci”)"),
    ("    decyzja: oczekuje\n    nazwisko: Nowak",
     "koszyk/monitoring.yml:7:5: wnioski[1].nazwisko: pole „nazwisko” to dane osobowe; rejestr monitoringu "
     "ich nie przechowuje"),
    ("    decyzja: odrzucony", "koszyk/monitoring.yml:6:14: wnioski[1].decyzja: wniosek odrzucony wymaga pola "
                               "„powod”: dlaczego partnerstwo go odrzuciło"),
])
def test_hostile_requests_are_refused_with_a_polish_message(tmp_path, line, expected):
    text = ("wnioski:\n  - data: 2026-05-04\n    zrodlo: partner\n    rodzaj: usluga\n"
            f"    czego_dotyczy: Zajęcia dla dzieci\n{line}\n")
    assert messages(tmp_path, text) == [expected]


def test_a_date_in_the_future_is_refused(tmp_path):
    text = "konsultacje:\n  - data: 2027-01-15\n    liczba: 2\n"
    assert messages(tmp_path, text) == [
        "koszyk/monitoring.yml:2:11: konsultacje[1].data: data 2027-01-15 jest w przyszłości (dziś 2026-11-23); "
        "rejestr zapisuje zdarzenia, które już nastąpiły"]


@pytest.mark.parametrize("text", ["Kowalska Anna prosi o pomoc", "Konflikt z kuratorem Janem Kowalskim",
                                  "w sprawie rodziny Nowaków", "pani Kowalska dzwoniła dwa razy"])
def test_a_person_named_in_any_case_or_order_is_refused(tmp_path, text):
    register = f"konflikty:\n  - data: 2026-05-04\n    czego_dotyczy: {text}\n    wynik: rozwiazany\n"
    [message] = messages(tmp_path, register)
    assert "wygląda na imię i nazwisko albo nazwisko osoby" in message


def test_institution_names_are_not_mistaken_for_people(tmp_path):
    text = ("konflikty:\n  - data: 2026-05-04\n    czego_dotyczy: Zespół Interdyscyplinarny i Sąd Rejonowy, "
            "Szkoła Podstawowa im. Marii Konopnickiej, Dom Pomocy Społecznej Jana Pawła II, tel. +48 123 456 789\n"
            "    wynik: rozwiazany\n")
    assert messages(tmp_path, text) == []


def test_a_text_longer_than_an_entry_needs_is_refused(tmp_path):
    text = f"konflikty:\n  - data: 2026-05-04\n    czego_dotyczy: {'a' * 2001}\n    wynik: rozwiazany\n"
    assert messages(tmp_path, text) == ["koszyk/monitoring.yml:3:20: konflikty[1].czego_dotyczy: tekst ma 2001 znaków, "
                                        "dozwolone najwyżej 2000; opisz sprawę krócej, szczegóły zostają w dokumentach "
                                        "ośrodka"]


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def test_report_shows_monitoring_in_text_json_and_xlsx(tmp_path):
    basket = tmp_path / "koszyk"
    shutil.copytree(SAMPLE, basket)
    (basket / "monitoring.yml").write_text(REGISTER, encoding="utf-8")
    text = cli("report", "--basket", str(basket), "--today", TODAY)
    assert text.exit_code == 0, text.output
    assert "I kw. 2026: wnioski 2 (usługa 1, partner 1); zrealizowane 1, odrzucone 1, czekają 0" in text.stdout
    data = json.loads(cli("report", "--basket", str(basket), "--today", TODAY, "--format", "json").stdout)
    assert data["monitoring"]["lata"] == [{"okres": "2026", "wnioski_usluga": 2, "wnioski_partner": 1,
                                           "zrealizowane": 1, "odrzucone": 1, "oczekujace": 1, "konsultacje_zzk": 9,
                                           "konflikty": 2, "konflikty_rozwiazane": 1}]
    output = tmp_path / "raport.xlsx"
    assert cli("report", "--basket", str(basket), "--today", TODAY, "--format", "xlsx", "-o", str(output)).exit_code == 0
    sheet = load_workbook(output)["Monitoring"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["Okres", "Wnioski: usługa", "Wnioski: partner"]
    assert ["2026", 2, 1, 1, 1, 1, 9, 2, 1] in rows
    assert ["III kw. 2026", 1, 0, 0, 0, 1, 4, 1, 0] in rows


def test_report_and_validate_refuse_a_broken_register(tmp_path):
    basket = tmp_path / "koszyk"
    shutil.copytree(SAMPLE, basket)
    (basket / "monitoring.yml").write_text("konsultacje:\n  - data: 2030-01-01\n", encoding="utf-8")
    report = cli("report", "--basket", str(basket), "--today", TODAY)
    assert report.exit_code == 1 and "konsultacje[1].data: data 2030-01-01 jest w przyszłości" in report.stderr
    assert not report.stdout
    validate = cli("validate", str(basket), "--today", TODAY)
    assert validate.exit_code == 1 and "monitoring.yml:2:11: konsultacje[1].data" in validate.stdout


def test_intranet_page_escapes_register_text(tmp_path):
    taxonomy = load_taxonomy()
    basket = read_basket(SAMPLE, taxonomy, DAY).baskets[0]
    report = basket_report(basket, taxonomy, DAY)
    text = REGISTER.replace("Terapia rodzinna", f"'{PAYLOAD}'")
    report.monitoring = monitoring_figures(load_register(register_in(tmp_path, text), DAY))
    html = monitoring_page(report, Renderer(taxonomy, "intranet", DAY)).html
    assert PAYLOAD not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'role="img"' in html and "<caption>Monitoring partnerstwa według kwartałów</caption>" in html


def test_monitoring_page_is_on_the_intranet_only(sample_site):
    assert (sample_site / "intranet" / "raporty" / "monitoring" / "index.html").exists()
    assert not (sample_site / "public" / "raporty").exists()


def test_validate_accepts_the_register_file_itself(tmp_path):
    basket = register_in(tmp_path, "konflikty:\n  - {data: 2026-05-04, czego_dotyczy: Spór, wynik: zgoda}\n")
    result = cli("validate", str(basket / "monitoring.yml"), "--today", TODAY)
    assert result.exit_code == 1
    assert "monitoring.yml:2:52: konflikty[1].wynik: nieznana wartość „zgoda”" in result.stdout
    assert cli("validate", str(SAMPLE / "monitoring.yml"), "--today", TODAY).exit_code == 0


def test_intranet_build_stops_on_a_broken_register_and_leaves_no_staging_folder(basket_copy, monkeypatch, tmp_path):
    import tempfile

    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    from .conftest import ROOT

    (basket_copy / "monitoring.yml").write_text("wnioski:\n  - data: 2026-01-01\n    pesel: 85010112345\n",
                                                encoding="utf-8")
    for name, value in (("KOSZYK_BASKET", str(basket_copy)), ("KOSZYK_VARIANT", "intranet"), ("KOSZYK_TODAY", TODAY)):
        monkeypatch.setenv(name, value)
    config = load_config(str(ROOT / "mkdocs.yml"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the staging folder's parent
    with pytest.raises(PluginError, match="monitoring.yml:3:5: wnioski\\[1\\].pesel: pole „pesel” to dane osobowe"):
        config.plugins.on_config(config)
    assert not list(tmp_path.glob("koszyk-*")), "the intranet basket data stayed in a temporary folder"
