"""Every validation rule, shown on a broken card: the message names line, column and field."""

from __future__ import annotations

import datetime as dt
import pytest

from koszyk.validation import read_card

TODAY = dt.date(2026, 11, 23)

GOOD_PARTNER = """\
partner:
  nazwa: Poradnia
  typ: poradnia_pp
  ostatnia_weryfikacja: 2026-09-12
"""

GOOD_SERVICE = """\
  - id: diagnoza
    nazwa: Diagnoza
    obszary: [edukacja]
    grupy_docelowe: [dzieci_mlodziez]
    dostep:
      tryb: powszechny
"""


def card(*service_lines: str, partner: str = GOOD_PARTNER) -> str:
    services = "uslugi:\n" + "".join(service_lines) if service_lines else ""
    return partner + services


# (name, file content, expected "line:column", field, fragment of the message)
CASES = [
    ("unknown key with suggestion", card(GOOD_SERVICE + "    opsi: x\n"),
     "12:5", "uslugi[1].opsi", "nieznane pole „opsi”; czy chodziło o „opis”?"),
    ("unknown vocabulary value", card(GOOD_SERVICE.replace("[edukacja]", "[edukacia]")),
     "8:15", "uslugi[1].obszary[1]", "nieznana wartość „edukacia” w słowniku „Obszar współpracy”; czy chodziło o „edukacja”?"),
    ("label instead of key", card(GOOD_SERVICE.replace("tryb: powszechny", "tryb: Powszechny")),
     "11:13", "uslugi[1].dostep.tryb", "czy chodziło o „powszechny”?"),
    ("wrong type", card(GOOD_SERVICE.replace("[dzieci_mlodziez]", "{a: b}")),
     "9:21", "uslugi[1].grupy_docelowe", "oczekiwano listy, a jest mapa"),
    ("missing required key", card(GOOD_SERVICE.replace("    nazwa: Diagnoza\n", "")),
     "6:5", "uslugi[1]", "brak wymaganego pola „nazwa”"),
    ("missing partner type", GOOD_PARTNER.replace("  typ: poradnia_pp\n", ""),
     "2:3", "partner", "brak wymaganego pola „typ”"),
    ("duplicate yaml key", card(GOOD_SERVICE + "    nazwa: Druga nazwa\n"),
     "12:5", "uslugi[1].nazwa", "klucz „nazwa” powtórzony (pierwszy raz w linii 7)"),
    ("bad service id", card(GOOD_SERVICE.replace("id: diagnoza", "id: Diagnoza Psych")),
     "6:9", "uslugi[1].id", "tylko małe litery"),
    ("malformed e-mail", GOOD_PARTNER + "  kontakt: {email: sekretariat.example.org}\n",
     "5:20", "partner.kontakt.email", "adres e-mail ma postać"),
    ("malformed url", GOOD_PARTNER + "  kontakt: {www: example.org}\n",
     "5:18", "partner.kontakt.www", "nie jest adresem strony"),
    ("malformed phone", GOOD_PARTNER + "  kontakt: {telefon: '12 34'}\n",
     "5:22", "partner.kontakt.telefon", "nie jest polskim numerem telefonu"),
    ("malformed postal code", GOOD_PARTNER + "  adres: {kod: '00000'}\n",
     "5:16", "partner.adres.kod", "kod pocztowy ma postać 00-000"),
    ("impossible date", GOOD_PARTNER.replace("2026-09-12", "2026-02-31"),
     "4:25", "partner.ostatnia_weryfikacja", "„2026-02-31” nie jest istniejącą datą"),
    ("date in the future", GOOD_PARTNER.replace("2026-09-12", "2027-01-01"),
     "4:25", "partner.ostatnia_weryfikacja", "jest w przyszłości"),
    ("age range reversed", card(GOOD_SERVICE + "      wiek: {od: 18, do: 6}\n"),
     "12:13", "uslugi[1].dostep.wiek", "wiek „od” (18) jest większy niż „do” (6)"),
    ("python tag", GOOD_PARTNER + "  opis: !!python/object/apply:os.system ['echo hi']\n",
     "5:9", "partner.opis", "niedozwolony znacznik YAML"),
    ("a list where a mapping belongs", "- partner: x\n",
     "1:1", "", "oczekiwano mapy (pole: wartość), a jest lista"),
    ("syntax error", GOOD_PARTNER + "  opis: \"niezamknięty\n",
     "6:1", "", "błąd składni YAML"),
    ("empty file", "   \n", "1:1", "", "plik jest pusty"),
    ("only a comment", "# nic\n", "1:1", "", "plik jest pusty"),
    ("tab in indentation", GOOD_PARTNER + "\tnazwa: x\n", "5:1", "", "wcięcie zawiera tabulator"),
]


@pytest.mark.parametrize("name,content,where,field,fragment", CASES, ids=[c[0] for c in CASES])
def test_broken_card_is_reported_precisely(tmp_path, name, content, where, field, fragment):
    path = tmp_path / "karta.yml"
    path.write_text(content, encoding="utf-8")
    problems = read_card(path, today=TODAY, root=tmp_path).problems
    errors = [p for p in problems if p.is_error]
    assert errors, f"{name}: no error reported"
    matching = [p for p in errors if fragment in p.message]
    assert matching, f"{name}: {[p.format_text() for p in errors]}"
    problem = matching[0]
    assert f"{problem.line}:{problem.column}" == where, problem.format_text()
    assert problem.field == field
    assert problem.format_text().startswith(f"karta.yml:{where}: ")


@pytest.mark.parametrize("raw,fragment", [
    (b"\xef\xbb\xbf" + GOOD_PARTNER.encode(), "BOM"),
    (GOOD_PARTNER.encode("utf-8") + "  opis: zażółć\n".encode("cp1250"), "nie jest zapisany w UTF-8"),
    (b"x: " + b"a" * 2_100_000, "więcej niż dozwolone"),
], ids=["bom", "windows-1250", "oversized"])
def test_hostile_bytes_get_one_clear_message(tmp_path, raw, fragment):
    path = tmp_path / "karta.yml"
    path.write_bytes(raw)
    reading = read_card(path, today=TODAY)
    problems = reading.problems
    assert reading.partner is None
    assert len(problems) == 1 and fragment in problems[0].message


def test_invalid_utf8_names_the_line(tmp_path):
    path = tmp_path / "karta.yml"
    path.write_bytes(GOOD_PARTNER.encode() + "  opis: zażółć\n".encode("cp1250"))
    problems = read_card(path, today=TODAY).problems
    assert problems[0].line == 5


def test_alias_bomb_is_refused_quickly(tmp_path):
    bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb.append(f"{level}: &{level} [{', '.join(['*' + previous] * 9)}]")
    path = tmp_path / "karta.yml"
    path.write_text("\n".join(bomb) + "\n", encoding="utf-8")
    problems = read_card(path, today=TODAY).problems
    assert any("bomba" in p.message for p in problems)


def test_all_problems_are_reported_at_once(tmp_path):
    path = tmp_path / "karta.yml"
    broken = card(
        GOOD_SERVICE.replace("[edukacja]", "[edukacia]"),
        GOOD_SERVICE.replace("id: diagnoza", "id: druga").replace("tryb: powszechny", "tryb: zly"),
    ) + "  - nazwa: bez id\n"
    path.write_text(broken, encoding="utf-8")
    problems = read_card(path, today=TODAY).problems
    fields = {p.field for p in problems if p.is_error}
    assert {"uslugi[1].obszary[1]", "uslugi[2].dostep.tryb", "uslugi[3]"} <= fields


def test_stale_card_is_a_warning_not_an_error(tmp_path):
    path = tmp_path / "karta.yml"
    path.write_text(GOOD_PARTNER.replace("2026-09-12", "2025-01-01"), encoding="utf-8")
    reading = read_card(path, today=TODAY)
    partner, problems = reading.partner, reading.problems
    assert partner is not None
    assert [p.severity for p in problems] == ["warning"]
    assert "nie była sprawdzana od 691 dni" in problems[0].message


def test_card_file_name_must_be_a_slug(tmp_path):
    path = tmp_path / "Poradnia PP.yml"
    path.write_text(GOOD_PARTNER, encoding="utf-8")
    problems = read_card(path, today=TODAY).problems
    assert any("nazwa pliku karty" in p.message for p in problems)


def test_card_file_name_is_at_most_80_characters(tmp_path):
    """A 251-character name passed, then ``przeglad`` failed on ``<name>.xlsx`` after writing
    nine other partners' files: one partner's pull request stopped the command for all."""
    for length, refused in ((80, False), (81, True)):
        path = tmp_path / ("a" * length + ".yml")
        path.write_text(GOOD_PARTNER, encoding="utf-8")
        messages = [p.message for p in read_card(path, today=TODAY).problems]
        assert any("nazwa pliku karty jest za długa: 81 znaków, najwyżej 80" in m for m in messages) == refused


def test_defaults_fill_the_model(tmp_path):
    path = tmp_path / "poradnia.yml"
    path.write_text(card(GOOD_SERVICE + "    zapisy: Telefonicznie.\n"), encoding="utf-8")
    reading = read_card(path, today=TODAY)
    partner, problems = reading.partner, reading.problems
    assert problems == []
    service = partner.services[0]
    assert (service.status, service.reach, service.visibility) == ("oferowana", "pzk", "publiczna")
    assert partner.slug == "poradnia" and service.line == 6


def test_a_value_repeated_on_a_list_is_one_warning_however_often(tmp_path):
    """A published card may repeat a value thousands of times: one line says so, at its first repeat."""
    path = tmp_path / "karta.yml"
    groups = ", ".join(["dzieci_mlodziez"] * 5000 + ["seniorzy", "seniorzy"])
    path.write_text(card(GOOD_SERVICE.replace("[dzieci_mlodziez]", f"[{groups}]")), encoding="utf-8")
    reading = read_card(path, today=TODAY)
    repeated = [p for p in reading.problems if "powtórzona na liście" in p.message]
    assert [(p.field, p.severity) for p in repeated] == [("uslugi[1].grupy_docelowe[2]", "warning"),
                                                         ("uslugi[1].grupy_docelowe[5002]", "warning")]
    assert reading.partner.services[0].groups == ["dzieci_mlodziez", "seniorzy"]
