"""``koszyk validate`` as a partner and a PR check use it: exit codes and output formats."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from koszyk.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "baskets" / "przykladowo"
TAXONOMY = ROOT / "site_config" / "taxonomy.yml"  # a test that moves to tmp_path must not rely on another's cached load


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_sample_baskets_are_valid():
    result = run("validate", str(ROOT / "baskets"), "--today", "2026-11-23")
    assert result.exit_code == 0, result.output
    assert "Błędy: 0" in result.output
    assert "koszyki 3" in result.output


def test_sample_has_stale_cards_so_strict_fails():
    result = run("validate", str(SAMPLE), "--today", "2026-11-23", "--strict")
    assert result.exit_code == 1
    assert "lgd-dolina.yml" in result.output and "ostrzeżenie" in result.output


def broken_basket(tmp_path: Path) -> Path:
    basket = tmp_path / "koszyk"
    shutil.copytree(SAMPLE, basket)
    card = basket / "partnerzy" / "poradnia-pp.yml"
    card.write_text(card.read_text(encoding="utf-8").replace("tryb: selektywny", "tryb: selektywy", 1), encoding="utf-8")
    # the same service id in a second card
    other = basket / "partnerzy" / "biblioteka-publiczna.yml"
    other.write_text(other.read_text(encoding="utf-8").replace("id: ksiazka-na-telefon", "id: diagnoza-psychologiczna"), encoding="utf-8")
    return basket


def test_invalid_basket_exits_1_with_every_problem(tmp_path, monkeypatch):
    broken_basket(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("validate", "koszyk", "--today", "2026-11-23", "--taxonomy", str(TAXONOMY))
    assert result.exit_code == 1
    assert "koszyk/partnerzy/poradnia-pp.yml:24:13: uslugi[1].dostep.tryb: nieznana wartość „selektywy”" in result.output
    assert "czy chodziło o „selektywny”?" in result.output
    assert "identyfikator usługi „diagnoza-psychologiczna” jest już użyty w" in result.output
    assert "Traceback" not in result.output


def test_a_card_or_service_named_index_is_refused_since_its_page_would_be_the_lists(tmp_path, monkeypatch):
    basket = tmp_path / "koszyk"
    shutil.copytree(SAMPLE, basket)
    (basket / "partnerzy" / "gkrpa.yml").rename(basket / "partnerzy" / "index.yml")
    card = basket / "partnerzy" / "biblioteka-publiczna.yml"
    card.write_text(card.read_text(encoding="utf-8").replace("id: ksiazka-na-telefon", "id: index"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("validate", "koszyk", "--today", "2026-11-23", "--taxonomy", str(TAXONOMY))
    assert result.exit_code == 1
    assert "koszyk/partnerzy/index.yml:1:1: nazwa pliku karty nie może brzmieć „index”" in result.output
    line = next(number for number, text in enumerate(card.read_text(encoding="utf-8").splitlines(), 1)
                if "id: index" in text)
    assert f"koszyk/partnerzy/biblioteka-publiczna.yml:{line}:" in result.output
    assert "].id: identyfikator usługi nie może brzmieć „index”" in result.output
    single = run("validate", "koszyk/partnerzy/biblioteka-publiczna.yml", "--today", "2026-11-23", "--taxonomy", str(TAXONOMY))
    assert single.exit_code == 1 and "nie może brzmieć „index”" in single.output


def test_github_format_annotates_the_line(tmp_path, monkeypatch):
    broken_basket(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("validate", "koszyk", "--format", "github", "--today", "2026-11-23", "--taxonomy", str(TAXONOMY))
    assert result.exit_code == 1
    assert ("::error file=koszyk/partnerzy/poradnia-pp.yml,line=24,col=13,"
            "title=uslugi[1].dostep.tryb::nieznana wartość „selektywy”") in result.output
    assert "::warning file=koszyk/partnerzy/lgd-dolina.yml,line=10," in result.output


def test_single_card_can_be_checked(tmp_path):
    result = run("validate", str(SAMPLE / "partnerzy" / "gkrpa.yml"), "--today", "2026-11-23")
    assert result.exit_code == 0, result.output


def test_missing_path_is_a_data_error_not_a_traceback():
    result = run("validate", "nie-ma-takiego-folderu")
    assert result.exit_code == 1
    assert "nie ma takiego pliku ani folderu" in result.output


def test_wrong_usage_exits_2():
    assert run("validate", "--format", "xml").exit_code == 2
    assert run("validate", "--today", "jutro").exit_code == 2


def test_github_format_escapes_a_hostile_file_name():
    """A card named ``x,line=99,title=INJ::fake.yml`` cannot move its annotation or forge another."""
    from koszyk.problems import Problem

    line = Problem("koszyk/partnerzy/x,line=99,title=INJ::fake.yml", 3, 1, "partner.nazwa", "brak").format_github()
    assert line.startswith("::error file=koszyk/partnerzy/x%2Cline=99%2Ctitle=INJ%3A%3Afake.yml,line=3,col=1,")
