"""Mistakes in how a command is typed (Click's usage errors) are told in Polish, with exit code 2."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from koszyk.cli import main

ENGLISH = ("Usage:", "Error:", "Try ", "No such", "Missing", "Invalid value", "is not a valid", "[OPTIONS]")


@pytest.mark.parametrize("args, message", [
    (["import-xlsx", "--bogus", "a.xlsx"], "Błąd: Nie ma opcji --bogus"),
    (["import-xlsx"], "Błąd: Brak argumentu 'WORKBOOK'."),
    (["nieznane"], "Błąd: Nie ma polecenia „nieznane”."),
    (["przeglad", "--months", "abc"], "Błąd: Nieprawidłowa wartość '--months': „abc” nie jest liczbą."),
    (["przeglad", "--months", "0"], "jest poza zakresem"),
    (["przeglad", "--months"], "Błąd: Opcja --months wymaga wartości."),
    (["validate", "a.yml", "--format", "xml"], "nie jest żadną z wartości"),
])
def test_a_usage_mistake_is_explained_in_polish_with_exit_code_2(args, message):
    result = CliRunner().invoke(main, args, prog_name="koszyk")
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Użycie: koszyk" in result.stderr or "Użycie" not in result.stderr  # Click omits usage for some
    assert not [word for word in ENGLISH if word in result.stderr], result.stderr


def test_a_mistyped_option_gets_a_polish_suggestion():
    result = CliRunner().invoke(main, ["przeglad", "--month", "3"], prog_name="koszyk")
    assert result.exit_code == 2
    assert "Nie ma opcji --month Czy chodziło o --months?" in result.stderr


def test_help_headings_are_polish():
    result = CliRunner().invoke(main, ["przeglad", "--help"], prog_name="koszyk")
    assert result.exit_code == 0
    assert "Użycie: koszyk przeglad [OPCJE]" in result.stdout and "Opcje:" in result.stdout
    assert "Pokaż tę pomoc i zakończ." in result.stdout


def test_required_options_and_the_version_are_told_in_polish():
    result = CliRunner().invoke(main, ["export-xlsx", "--help"], prog_name="koszyk")
    assert result.exit_code == 0
    assert "[wymagane]" in result.stdout and "required" not in result.stdout
    version = CliRunner().invoke(main, ["--version"], prog_name="koszyk")
    assert version.exit_code == 0 and version.stdout.startswith("koszyk, wersja ")


def test_output_closed_by_the_reader_is_told_truthfully_in_polish(tmp_path):
    """`koszyk przeglad … | true`: the reader closes the pipe before the first line;
    the message must not claim that nothing was saved."""
    import subprocess
    import sys

    from .conftest import SAMPLE

    command = (f"'{sys.executable}' -m koszyk.cli przeglad --basket '{SAMPLE}' --today 2030-01-01 "
               f"--output-dir '{tmp_path / 'przeglad'}' | true")
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr and "Broken pipe" not in result.stderr
    assert "Nic nie zapisano" not in result.stderr
    assert "odbiorca wyjścia polecenia zamknął je" in result.stderr
