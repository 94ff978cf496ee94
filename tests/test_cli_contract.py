"""What every `koszyk` command promises: shared options mean the same everywhere, failures
are Polish messages with the documented exit codes, and a failed run keeps the last good file."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from koszyk.cli import main

from .conftest import ROOT, SAMPLE, TODAY


def koszyk(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("name", sorted(main.commands))
def test_output_options_mean_a_file_or_a_folder_in_every_command(name):
    for parameter in main.commands[name].params:
        if "-o" in getattr(parameter, "opts", []):
            assert parameter.opts == ["-o", "--output-file"] and not parameter.type.dir_okay, name
        if "--output-dir" in getattr(parameter, "opts", []):
            assert not parameter.type.file_okay, name


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_documented_in_the_readme(name):
    assert f"koszyk {name}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_export_with_errors_keeps_the_previous_good_workbook(tmp_path, basket_copy):
    target = tmp_path / "koszyk.xlsx"
    assert koszyk("export-xlsx", "--basket", str(basket_copy), "-o", str(target)).exit_code == 0
    good = target.read_bytes()
    card = basket_copy / "partnerzy" / "gkrpa.yml"
    card.write_text(card.read_text(encoding="utf-8").replace("tryb: powszechny", "tryb: otwarty", 1), encoding="utf-8")
    result = koszyk("export-xlsx", "--basket", str(basket_copy), "-o", str(target))
    assert result.exit_code == 1
    assert "nieznana wartość „otwarty”" in result.output and "pozostaje bez zmian" in result.output
    assert target.read_bytes() == good and not list(tmp_path.glob(".*.tmp"))


def test_failures_are_polish_without_clicks_english_prefix(basket_copy):
    card = basket_copy / "partnerzy" / "gkrpa.yml"
    card.write_text(card.read_text(encoding="utf-8").replace("tryb: powszechny", "tryb: otwarty", 1), encoding="utf-8")
    result = koszyk("validate", str(basket_copy))
    assert result.exit_code == 1
    assert "Error" not in result.output and "Sprawdzono: koszyki 1" in result.output


def test_a_wrong_date_is_a_usage_error_in_every_command_that_takes_one(tmp_path):
    for args in (["build", "--today", "wczoraj"], ["validate", "--today", "2026-13-01"],
                 ["report", "--basket", str(SAMPLE), "--today", "jutro"]):
        result = koszyk(*args)
        assert result.exit_code == 2 and "nie jest datą RRRR-MM-DD" in result.output, args


def test_a_missing_taxonomy_file_is_named(tmp_path):
    result = koszyk("validate", str(SAMPLE), "--taxonomy", str(tmp_path / "brak.yml"))
    assert result.exit_code == 2 and "nie ma pliku słowników" in result.output


def test_history_outside_a_repository_is_exit_3_not_invalid_data(tmp_path):
    basket = tmp_path / "koszyk"
    shutil.copytree(SAMPLE, basket)
    result = koszyk("changes", "--basket", str(basket))
    assert result.exit_code == 3 and "nie leży w repozytorium git" in result.output


def test_changes_needs_a_basket():
    result = koszyk("changes")
    assert result.exit_code == 2 and "--basket" in result.output


@pytest.mark.parametrize("args", [
    ["export", "--basket", str(SAMPLE), "--output-dir", "/proc/koszyk-nie-ma"],
    ["template-xlsx", "-o", "README.md/karta.xlsx"],
    ["export-xlsx", "--basket", str(SAMPLE), "-o", "/proc/koszyk-nie-ma/koszyk.xlsx"],
])
def test_an_output_path_that_cannot_be_written_is_a_polish_message_not_a_traceback(args, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and "Nic nie zapisano" in result.output


def test_the_centre_file_is_validated_as_itself_with_a_real_email_check(tmp_path):
    assert koszyk("validate", str(ROOT / "site_config" / "osrodek.yml")).exit_code == 0
    broken = tmp_path / "osrodek.yml"
    text = (ROOT / "site_config" / "osrodek.yml").read_text(encoding="utf-8")
    broken.write_text("\n".join("email_zgloszen: \"to nie jest email\"" if line.startswith("email_zgloszen:") else line
                                for line in text.splitlines()) + "\n", encoding="utf-8")
    result = koszyk("validate", str(broken))
    assert result.exit_code == 1 and "email_zgloszen: „to nie jest email” nie jest adresem e-mail" in result.output


@pytest.mark.parametrize("edit, where", [
    (lambda text: text.replace("email_zgloszen: koszyk@", "email_zgloszen: zly-adres ", 1), "osrodek.yml:8:17: email_zgloszen:"),
    (lambda text: text.replace('telefon: "+48 00 111 20 00"', "telefon: 481112000", 1), "osrodek.yml:6:10: telefon:"),
    (lambda text: text.replace("adres: ul. Rynek 12, 00-950 Przykładowo\n", "", 1), "osrodek.yml:8:1: adres:"),
])
def test_a_wrong_field_in_the_centre_file_is_reported_at_its_own_line_and_column(tmp_path, edit, where):
    broken = tmp_path / "osrodek.yml"
    broken.write_text(edit((ROOT / "site_config" / "osrodek.yml").read_text(encoding="utf-8")), encoding="utf-8")
    result = koszyk("validate", str(broken))
    assert result.exit_code == 1 and where in result.output, result.output


def test_a_report_is_never_written_through_a_link_left_beside_it(tmp_path):
    victim = tmp_path / "cudzy-plik.txt"
    victim.write_text("nie ruszać\n", encoding="utf-8")
    target = tmp_path / "raport.json"
    (tmp_path / ".raport.json.tmp").symlink_to(victim)
    result = koszyk("report", "--basket", str(SAMPLE), "--format", "json", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "nie ruszać\n" and target.read_text(encoding="utf-8").startswith("{")
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_rewriting_a_file_keeps_the_mode_its_owner_gave_it(tmp_path):
    """An intranet export holds contact persons: kept at 0600, it must not become readable by all."""
    target = tmp_path / "intranet.xlsx"
    assert koszyk("export-xlsx", "--basket", str(SAMPLE), "--variant", "intranet", "-o", str(target)).exit_code == 0
    target.chmod(0o600)
    assert koszyk("export-xlsx", "--basket", str(SAMPLE), "--variant", "intranet", "-o", str(target)).exit_code == 0
    assert target.stat().st_mode & 0o777 == 0o600


def test_an_output_that_is_not_a_plain_file_is_refused_not_replaced(tmp_path):
    """``-o /dev/null`` as root replaced the device with a file; a pipe stands in for it here."""
    pipe = tmp_path / "potok"
    os.mkfifo(pipe)
    result = koszyk("report", "--basket", str(SAMPLE), "--format", "json", "-o", str(pipe))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{pipe}: to nie jest zwykły plik" in result.output
    assert pipe.is_fifo() and not list(tmp_path.glob(".*.tmp"))


def test_open_data_are_written_all_or_none(tmp_path):
    folder = tmp_path / "dane"
    assert koszyk("export", "--basket", str(SAMPLE), "--output-dir", str(folder)).exit_code == 0
    before = {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    (folder / "hsds" / "taxonomies.json").unlink()
    (folder / "hsds" / "taxonomies.json").mkdir()
    (folder / "slowniki.json").write_text("stara wersja", encoding="utf-8")
    result = koszyk("export", "--basket", str(SAMPLE), "--output-dir", str(folder))
    assert result.exit_code == 1 and "taxonomies.json: to folder, a potrzebny jest plik. Nic nie zapisano" in result.output
    assert (folder / "slowniki.json").read_text(encoding="utf-8") == "stara wersja"
    assert all(path.read_bytes() == content for path, content in before.items() if path.name != "slowniki.json"
               and path.name != "taxonomies.json")
    assert not list(folder.rglob(".*.tmp"))


def test_a_long_file_name_is_written_and_a_too_long_one_named_in_polish(tmp_path):
    """The temporary file's name takes only the start of the target's, so a name near the
    255-byte limit still works; one past it is named, with the reason in Polish."""
    near = tmp_path / ("r" * 245 + ".json")
    assert koszyk("report", "--basket", str(SAMPLE), "--format", "json", "-o", str(near)).exit_code == 0
    past = tmp_path / ("r" * 260 + ".json")
    result = koszyk("report", "--basket", str(SAMPLE), "--format", "json", "-o", str(past))
    assert result.exit_code == 1 and f"{past}: nazwa pliku jest za długa" in result.output


def test_a_full_disk_while_writing_a_workbook_is_a_polish_message(tmp_path):
    """openpyxl reports a full disk as lxml's SerialisationError, not as an OSError; a file-size
    limit (``ulimit -f``) gives the same error without filling a disk."""
    target = tmp_path / "koszyk.xlsx"
    command = [sys.executable, "-m", "koszyk.cli", "export-xlsx", "--basket", str(SAMPLE), "-o", str(target)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120,
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024)))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{target}: plik byłby większy, niż pozwala system" in result.stderr
    assert "Exception ignored" not in result.stderr  # the half-written ZIP, closed again when collected
    assert not target.exists() and not list(tmp_path.glob(".*.tmp"))


def test_a_command_stopped_by_sigterm_leaves_no_temporary_file(tmp_path):
    """``kill`` (SIGTERM) ended Python at once: temporary files stayed next to the targets,
    under new random names on every run. Now it stops the command as Ctrl-C does."""
    folder = tmp_path / "schematy"
    result = _schema_stopped_by_sigterm(folder, (
        "write, calls = files._write_text, []\n"
        "def killed_at_the_second(path, text):\n"
        "    calls.append(path)\n"
        "    if len(calls) == 2:\n"
        "        os.kill(os.getpid(), signal.SIGTERM)\n"
        "    write(path, text)\n"
        "files._write_text = killed_at_the_second\n"))
    assert "Traceback" not in result.stderr
    assert folder.is_dir() and not list(folder.iterdir())


@pytest.mark.parametrize("args, name, endings", [
    (["export-xlsx", "--basket", str(SAMPLE)], "koszyk.ods", ".xlsx"),
    (["report", "--basket", str(SAMPLE), "--format", "xlsx"], "koszyk.ods", ".xlsx"),
    (["template-xlsx"], "koszyk.xls", ".xlsx albo .ods"),
])
def test_a_workbook_under_another_format_s_name_is_refused(args, name, endings, tmp_path):
    target = tmp_path / name
    result = koszyk(*args, "-o", str(target))
    assert result.exit_code == 2 and f"nadaj mu nazwę z końcówką {endings} (np. koszyk.xlsx)" in result.output
    assert not target.exists()


def test_a_rename_failing_after_others_names_what_was_already_replaced(tmp_path, monkeypatch):
    """Renames cannot be undone: when one fails after others succeeded (another user's file in
    a sticky folder, an I/O error), the message must not say that nothing was written."""
    from koszyk import files

    folder = tmp_path / "schematy"
    real_replace, renamed = os.replace, []

    def failing_at_the_second(source, target):
        renamed.append(target)
        if len(renamed) == 2:
            raise PermissionError(1, "Operation not permitted", str(source))
        real_replace(source, target)
    monkeypatch.setattr(files.os, "replace", failing_at_the_second)
    result = koszyk("schema", "--output-dir", str(folder))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{renamed[1]}: brak uprawnień. Zapisano już: {renamed[0]}; tego i dalszych plików nie zapisano." \
        in result.output
    assert sorted(folder.iterdir()) == [Path(renamed[0])]


def _schema_stopped_by_sigterm(folder: Path, patch: str) -> subprocess.CompletedProcess:
    """``koszyk schema`` in its own process, with ``patch`` (code using ``files``, ``os`` and
    ``signal``) sending SIGTERM at some point of the writing; it must end as Ctrl-C does."""
    script = ("import os, signal\nfrom koszyk import files\n" + patch +
              f"from koszyk.cli import main\nmain(['schema', '--output-dir', {str(folder)!r}])\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 1 and "Przerwano." in result.stderr, result.stderr
    return result


def test_a_stop_signal_while_files_are_renamed_waits_until_all_are(tmp_path):
    """Stopped between two renames, some schema files were new and some old."""
    folder = tmp_path / "schematy"
    result = _schema_stopped_by_sigterm(folder, (
        "replace = os.replace\n"
        "def killed_at_the_first(source, target):\n"
        "    files.os.replace = replace\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    replace(source, target)\n"
        "files.os.replace = killed_at_the_first\n"))
    written = sorted(path.name for path in folder.iterdir())
    assert len(written) > 1 and not [name for name in written if name.endswith(".tmp")]


def test_an_error_names_the_target_given_as_a_relative_path(tmp_path, monkeypatch):
    """``mkstemp`` names the temporary file by its absolute path; the message must name ``-o``'s file."""
    from koszyk import files

    def refused(dir, prefix, suffix):  # noqa: A002 - mkstemp's own parameter names
        raise PermissionError(13, "Permission denied", os.path.join(os.path.abspath(dir), f"{prefix}abcd1234{suffix}"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(files.tempfile, "mkstemp", refused)
    (tmp_path / "wyniki").mkdir()
    result = koszyk("report", "--basket", str(SAMPLE), "--format", "json", "-o", "wyniki/r.json")
    assert result.exit_code == 1 and "wyniki/r.json: brak uprawnień. Nic nie zapisano" in result.output
    assert ".tmp" not in result.output


def test_an_output_written_through_a_link_keeps_the_linked_file_s_mode(tmp_path):
    """An intranet export kept private (0600) and reached through a link must not become readable by all."""
    private = tmp_path / "prywatne" / "intranet.xlsx"
    private.parent.mkdir()
    private.write_bytes(b"stara wersja")
    private.chmod(0o600)
    link = tmp_path / "intranet.xlsx"
    link.symlink_to(private)
    result = koszyk("export-xlsx", "--basket", str(SAMPLE), "--variant", "intranet", "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.stat().st_mode & 0o777 == 0o600


def test_an_empty_output_file_name_is_a_usage_error():
    result = koszyk("template-xlsx", "-o", "")
    assert result.exit_code == 2 and "podaj nazwę pliku" in result.output and "Traceback" not in result.output


def test_a_site_folder_typed_relative_is_made_where_the_user_is(tmp_path, monkeypatch):
    """``--basket`` and ``--site-dir`` are both taken from the current folder, also with ``-f``
    naming a ``mkdocs.yml`` elsewhere (MkDocs alone would put the site next to it)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KOSZYK_CACHE_DIR", "")
    result = CliRunner().invoke(main, ["build", "--basket", str(SAMPLE), "--variant", "public", "--site-dir", "strona",
                                       "-f", str(ROOT / "mkdocs.yml"), "--today", TODAY])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "strona" / "public" / "index.html").is_file()
    assert not (ROOT / "strona").exists()
