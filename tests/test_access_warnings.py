"""Validator warnings for access terms a person could not act on, each at its line and field."""

from __future__ import annotations

import datetime as dt

import pytest

from koszyk.access_checks import ages_in_text
from koszyk.validation import read_card

from .sample_data import listed_services

TODAY = dt.date(2026, 11, 23)
CARD = """\
partner:
  nazwa: Świetlica
  typ: swietlica
  ostatnia_weryfikacja: 2026-09-12
uslugi:
  - id: zajecia
    nazwa: Zajęcia po szkole
    obszary: [edukacja]
    grupy_docelowe: [dzieci_mlodziez]
    zapisy: Rodzic zapisuje dziecko na miejscu.
    dostep:
      tryb: {mode}
{extra}"""


def warnings_for(tmp_path, mode: str, extra: str = "", signup: bool = True) -> list[str]:
    text = CARD.format(mode=mode, extra=extra)
    if not signup:
        text = text.replace("    zapisy: Rodzic zapisuje dziecko na miejscu.\n", "")
    path = tmp_path / "swietlica.yml"
    path.write_text(text, encoding="utf-8")
    problems = read_card(path, today=TODAY).problems
    assert all(problem.severity == "warning" for problem in problems), problems
    return [problem.format_text().split("swietlica.yml:", 1)[1] for problem in problems]


def test_universal_service_with_an_age_range_is_questioned(tmp_path):
    found = warnings_for(tmp_path, "powszechny", "      wiek: {od: 6, do: 15}\n")
    assert found == ["13:13: ostrzeżenie: uslugi[1].dostep.wiek: tryb powszechny (każdy może skorzystać), "
                     "a podano przedział wieku; czy to nie tryb selektywny z kryterium „wiek”?"]


def test_age_in_words_that_contradicts_the_numbers_is_flagged(tmp_path):
    extra = ('      kryteria:\n        - {rodzaj: wiek, warunek: "od 7 do 15 lat"}\n'
             "      wiek: {od: 6, do: 15}\n")
    found = warnings_for(tmp_path, "selektywny", extra)
    assert len(found) == 1 and found[0].startswith("14:35: ostrzeżenie: uslugi[1].dostep.kryteria[1].warunek: ")
    assert "mówi „od 7”, a w liczbach jest wiek.od: 6" in found[0]


def test_age_in_words_that_agrees_with_the_numbers_passes(tmp_path):
    extra = ('      kryteria:\n        - {rodzaj: wiek, warunek: "od 6 do 15 lat, uczniowie"}\n'
             "      wiek: {od: 6, do: 15}\n")
    assert warnings_for(tmp_path, "selektywny", extra) == []


def test_public_service_without_how_to_apply_is_flagged(tmp_path):
    found = warnings_for(tmp_path, "powszechny", signup=False)
    assert found == ["6:5: ostrzeżenie: uslugi[1]: usługa publiczna bez pola „zapisy”: "
                     "dopisz, jak się zgłosić (telefon, wizyta, skierowanie)"]


def test_internal_service_needs_no_public_how_to_apply(tmp_path):
    assert warnings_for(tmp_path, "powszechny", "    widocznosc: wewnetrzna\n", signup=False) == []


@pytest.mark.parametrize("text, bounds", [
    ("od 8 do 15 lat", (8, 15)), ("do 18 lat (uczniowie do końca szkoły)", (None, 18)),
    ("emeryci, renciści i osoby od 55 lat", (55, None)), ("dzieci 3–6 lat", (3, 6)),
    ("od 3 lat do końca szkoły podstawowej", (3, None)), ("uczniowie klas 7 i 8", (None, None)),
])
def test_age_bounds_are_read_from_words(text, bounds):
    assert ages_in_text(text) == bounds


def test_every_public_service_of_the_sample_says_how_to_apply():
    missing = [service["id"] for _, service in listed_services("public") if not service.get("zapisy")]
    assert missing == []
