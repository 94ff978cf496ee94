"""Hostile cards get one clear Polish message, never a crash: the committed corpus and the paths around it.

``tests/corpus/cards/`` holds one card per way a partner's file has broken the
loader (explicit tags with wrong values, recursive aliases, nesting deep enough
to crash the C parser, control and invisible characters…); ``EXPECTED.txt``
says which single line ``koszyk validate`` must print for each.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import os
import shutil
import signal
import sys
import unicodedata
from pathlib import Path

import pytest

from koszyk import validation
from koszyk.characters import FILE_FORBIDDEN, describe, is_hidden, printable
from koszyk.history import compare_card
from koszyk.loading import YamlFileError, load_text, load_yaml_data
from koszyk.codeowners import codeowners_text
from koszyk.problems import Problem, display_path
from koszyk.search.thesaurus import read_thesaurus
from koszyk.taxonomy import TaxonomyError, load_taxonomy
from koszyk.variants import Policy

from .fuzzing import ROOT, assert_failed_cleanly, assert_unchanged, message_lines, run_cli, run_cli_process, snapshot

CORPUS = ROOT / "tests" / "corpus" / "cards"
TODAY = "2026-11-23"
VALID_CARD = "partner:\n  nazwa: Test\n  typ: ops\n  ostatnia_weryfikacja: 2026-09-12\n"


def expectations() -> dict[str, tuple[str, str]]:
    """``{file name: ("line:col", fragment)}`` from ``EXPECTED.txt``."""
    found = {}
    for line in (CORPUS / "EXPECTED.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, rest = line.split("  ", 1)
            where, fragment = rest.split(": ", 1)
            found[name] = (where, fragment)
    return found


EXPECTED = expectations()
POLICY = Policy.from_taxonomy(load_taxonomy())


def assert_one_message(output: str, path: Path, where: str, fragment: str) -> None:
    lines = [m.group(0) for m in message_lines(output) if m.group("path") == display_path(path)
             and "nazwa bardzo podobna do" not in m.group(0)]  # the corpus cards share one partner name
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{display_path(path)}:{where}: "), lines[0]
    assert fragment in lines[0], lines[0]


def test_every_corpus_card_has_an_expected_message():
    assert sorted(path.name for path in CORPUS.glob("*.yml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_card_gets_one_polish_line_and_exit_1(name):
    where, fragment = EXPECTED[name]
    before = snapshot(CORPUS)
    outcome = run_cli("validate", str(CORPUS / name), "--today", TODAY)
    assert_failed_cleanly(outcome)
    assert outcome.exit_code == 1
    assert_one_message(outcome.stdout, CORPUS / name, where, fragment)
    assert_unchanged(CORPUS, before)


def test_whole_corpus_in_a_real_process_neither_crashes_nor_hangs():
    """The crashes were in C (a segmentation fault at 25,000 levels): only a real process shows them."""
    outcome = run_cli_process("validate", *(str(CORPUS / name) for name in sorted(EXPECTED)), "--today", TODAY)
    assert_failed_cleanly(outcome, max_seconds=120)
    assert outcome.exit_code == 1
    for name, (where, fragment) in EXPECTED.items():
        assert_one_message(outcome.stdout, CORPUS / name, where, fragment)


def test_corpus_in_a_basket_read_in_parallel_names_each_card(tmp_path):
    """Hundreds of cards are read by a process pool; hostile ones must not break it."""
    from bench.synthetic import generate

    basket = generate(validation.PARALLEL_FROM_CARDS * 10, tmp_path / "koszyk")
    for name in EXPECTED:
        shutil.copy(CORPUS / name, basket / "partnerzy" / name)
    outcome = run_cli_process("validate", str(basket), "--today", TODAY, timeout=300)
    assert_failed_cleanly(outcome, max_seconds=300)
    assert "BrokenProcessPool" not in outcome.text
    assert outcome.exit_code == 1
    for name, (where, fragment) in EXPECTED.items():
        assert_one_message(outcome.stdout, basket / "partnerzy" / name, where, fragment)


def test_oversized_card_message_reads_correctly(tmp_path):
    path = tmp_path / "duza.yml"
    path.write_bytes(VALID_CARD.encode() + b"  opis: " + b"a" * 2_100_000 + b"\n")
    outcome = run_cli("validate", str(path))
    assert outcome.exit_code == 1
    size = f"{path.stat().st_size:,}".replace(",", " ")
    assert_one_message(outcome.stdout, path, "1:1", f"plik ma {size} bajtów, więcej niż dozwolone 2 000 000")


def test_a_card_that_kills_its_worker_is_named_and_the_others_are_read(tmp_path, monkeypatch):
    basket = tmp_path / "koszyk"
    (basket / "partnerzy").mkdir(parents=True)
    (basket / "basket.yml").write_text("id: koszyk\nnazwa: Koszyk\n", encoding="utf-8")
    for number in range(12):
        (basket / "partnerzy" / f"karta-{number:02d}.yml").write_text(VALID_CARD, encoding="utf-8")
    real_read_card = validation.read_card

    def read_card(path, *args, **kwargs):
        if path.name == "karta-07.yml":
            faulthandler.disable()  # pytest's handler would print this process's stack first
            os.kill(os.getpid(), signal.SIGSEGV)  # what the C parser did on a 25,000-deep list
        return real_read_card(path, *args, **kwargs)

    monkeypatch.setattr(validation, "read_card", read_card)
    monkeypatch.setattr(validation, "PARALLEL_FROM_CARDS", 4)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    result = validation.read_basket(basket, today=dt.date(2026, 11, 23))
    [problem] = result.errors
    assert problem.path.endswith("karta-07.yml") and "SIGSEGV" in problem.message
    assert "zakończył się awaryjnie" in problem.message
    assert len(result.baskets[0].partners) == 11


def test_a_bug_while_reading_one_card_is_a_message_naming_it(tmp_path, monkeypatch):
    path = tmp_path / "karta.yml"
    path.write_text(VALID_CARD, encoding="utf-8")

    def broken(*args, **kwargs):
        raise KeyError("x")

    monkeypatch.setattr(validation, "read_card", broken)
    outcome = run_cli("validate", str(path))
    assert outcome.exit_code == 1
    [line] = message_lines(outcome.stdout)
    assert "błąd programu przy czytaniu karty (KeyError" in line.group("text")


def test_hostile_basket_file_gets_a_message(tmp_path):
    basket = tmp_path / "koszyk"
    shutil.copytree(ROOT / "baskets" / "wzorowo", basket)
    (basket / "basket.yml").write_text("id: koszyk\nnazwa: " + "[" * 25000 + "]" * 25000 + "\n", encoding="utf-8")
    outcome = run_cli_process("validate", str(basket), "--today", TODAY)
    assert_failed_cleanly(outcome)
    assert f"{display_path(basket / 'basket.yml')}:2:" in outcome.stdout
    assert "głębiej niż 40 poziomów" in outcome.stdout


@pytest.mark.parametrize("name", ["depth-lists-25000.yml", "alias-recursive-map.yml", "tag-bool-maybe.yml",
                                  "control-bell.yml"])
def test_site_config_files_use_the_same_loader(tmp_path, name):
    hostile = tmp_path / "plik.yml"
    shutil.copy(CORPUS / name, hostile)
    fragment = EXPECTED[name][1].split(": ", 1)[-1]
    (problem, *_) = read_thesaurus(hostile, load_taxonomy(), tmp_path).errors
    assert problem.format_text().startswith("plik.yml:") and fragment in problem.format_text()
    with pytest.raises(TaxonomyError) as error:
        load_taxonomy(hostile)
    assert fragment in str(error.value)
    with pytest.raises(YamlFileError):
        load_yaml_data(hostile)


def test_leak_check_refuses_a_card_it_cannot_read(tmp_path):
    basket = tmp_path / "koszyk"
    shutil.copytree(ROOT / "baskets" / "wzorowo", basket)
    shutil.copy(CORPUS / "alias-recursive-list.yml", basket / "partnerzy" / "zly.yml")
    site = tmp_path / "site"
    site.mkdir()
    outcome = run_cli("check-leaks", str(site), "--basket", str(basket))
    assert outcome.exit_code == 1
    first, summary = outcome.stderr.splitlines()
    assert first.startswith(f"{display_path(basket / 'partnerzy' / 'zly.yml')}:5:16: ")
    assert "alias *r wskazuje na wartość, która go zawiera" in first and "przerwane" in summary


def test_codeowners_and_history_skip_cards_they_cannot_read(tmp_path):
    baskets = tmp_path / "baskets"
    shutil.copytree(ROOT / "baskets" / "wzorowo", baskets / "wzorowo")
    for name in ("depth-lists-25000.yml", "alias-recursive-map.yml", "tag-int-empty.yml"):
        shutil.copy(CORPUS / name, baskets / "wzorowo" / "partnerzy" / name)
        text = (CORPUS / name).read_text(encoding="utf-8")
        assert compare_card(text, VALID_CARD, POLICY) == ("Test", [])
    assert codeowners_text(baskets).startswith("# Plik generowany")


def test_codeowners_never_writes_a_keeper_that_is_not_a_user_name(tmp_path):
    """``opiekunowie: ["x\\n* @intruz"]`` added a line making the partner owner of every file."""
    baskets = tmp_path / "baskets"
    shutil.copytree(ROOT / "baskets" / "wzorowo", baskets / "wzorowo")
    card = next((baskets / "wzorowo" / "partnerzy").glob("*.yml"))
    text = card.read_text(encoding="utf-8")
    card.write_text(text.replace("partner:\n", 'partner:\n  opiekunowie: ["intruz\\n* @intruz", "@ok-1"]\n', 1),
                    encoding="utf-8")
    lines = codeowners_text(baskets).splitlines()
    assert f"/baskets/wzorowo/partnerzy/{card.name} @ok-1" in lines
    assert not [line for line in lines if "intruz" in line]


def test_history_reads_old_versions_with_the_hardened_loader():
    assert load_text("[" * 25000 + "]" * 25000, "karta").data is None
    name, changes = compare_card("&r [*r]", VALID_CARD + "uslugi:\n  - {id: a, nazwa: A}\n", POLICY)
    assert name == "Test" and [change[0] for change in changes] == ["a"]


def test_hidden_characters_cover_every_control_and_format_character():
    """Checked against the running Unicode database, so a new Python with new characters is noticed."""
    missed = [
        f"U+{code:04X}" for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Cc", "Cf", "Zl", "Zp", "Cs") and chr(code) not in "\t\n\r"
        and not is_hidden(chr(code))
    ]
    assert missed == []
    for char in "\u202e\u2066\ufeff\u200b\u200d\u2060\u00ad\u3164\ufe0f\U000e0041":
        assert is_hidden(char), describe(char)
    for char in "ąęłńóśźżĄĘŁŃÓŚŹŻ \u00a0–—„”…€§°\t\n":
        assert not is_hidden(char), describe(char)


def test_file_level_check_refuses_what_yaml_cannot_hold_and_keeps_the_rest():
    for char in "\x00\x07\x1b\x7f\x85\x9f\u2028\u2029\ufffe":
        assert FILE_FORBIDDEN.match(char), describe(char)
    for char in "\t\n\r ą\u202e\ufeff\u00a0":
        assert not FILE_FORBIDDEN.match(char), describe(char)


def test_a_message_quoting_a_hostile_value_stays_on_one_line():
    problem = Problem("a\nb.yml", 1, 1, "partner.zla\nnazwa", "klucz „x\u202ey\r\tz” \ud800")
    assert problem.format_text() == "a\\nb.yml:1:1: partner.zla\\nnazwa: klucz „x\\u202ey\\r\\tz” \\ud800"
    assert "\n" not in problem.format_github()
    assert printable("zwykły tekst – bez zmian") == "zwykły tekst – bez zmian"
    assert describe("\u202e") == "U+202E (zmiana kierunku tekstu)"
