"""The partners' pull-request check, run here step by step, and the keepers file."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from koszyk.cli import main

from .conftest import ROOT, SAMPLE, TODAY


def koszyk(*args: str):
    return CliRunner().invoke(main, list(args))


def workflow_commands(path: Path) -> list[list[str]]:
    """Every `koszyk …` command a CI file runs."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    lines = []
    if "jobs" in data:
        for job in data["jobs"].values():
            lines += [step["run"] for step in job.get("steps", []) if "run" in step]
    else:
        for job in data.values():
            if isinstance(job, dict):
                lines += [line for line in job.get("script", []) if isinstance(line, str)]
    return [shlex.split(line)[1:] for line in lines if line.startswith("koszyk ")]


@pytest.mark.parametrize("ci_file", [".github/workflows/sprawdzenie.yml", ".github/workflows/publikacja.yml",
                                     ".gitlab-ci.yml"])
def test_every_ci_step_is_a_real_command_with_real_options(ci_file, tmp_path, monkeypatch):
    """Each step is parsed as click would run it, in a checkout where the site was
    built: a misspelt option or a missing argument fails here, not on the partner's
    pull request."""
    for name in ("baskets", "site_config", ".github"):
        shutil.copytree(ROOT / name, tmp_path / name)  # copies: the build refuses links out of the project
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "site" / "public").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    commands = workflow_commands(ROOT / ci_file)
    assert {c[0] for c in commands} >= {"validate", "build", "check-leaks"}
    for name, *args in commands:
        command = main.get_command(None, name)
        assert command is not None, name
        with command.make_context(name, list(args), resilient_parsing=False):
            pass


def test_a_misspelt_option_in_a_step_would_be_caught():
    command = main.get_command(None, "check-leaks")
    with pytest.raises(click.UsageError):
        command.make_context("check-leaks", ["site/public", "--baskett", "baskets/przykladowo"])


@pytest.fixture
def repository(tmp_path, monkeypatch) -> Path:
    """A copy of the repository's data, as the CI checkout sees it."""
    for folder in ("baskets", "site_config", ".github"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_pr_check_annotates_a_broken_card_on_its_line(repository):
    card = repository / "baskets" / "przykladowo" / "partnerzy" / "gkrpa.yml"
    card.write_text(card.read_text(encoding="utf-8").replace("odplatnosc: bezplatna", "odplatnosc: za darmo", 1),
                    encoding="utf-8")
    step = workflow_commands(ROOT / ".github/workflows/sprawdzenie.yml")[0]
    assert step == ["validate", "--format", "github"]
    result = koszyk(*step, "--today", TODAY)
    assert result.exit_code == 1
    assert ("::error file=baskets/przykladowo/partnerzy/gkrpa.yml,line=16,col=17,"
            "title=uslugi[1].odplatnosc::nieznana wartość „za darmo”") in result.output


def test_pr_check_passes_on_the_sample_and_the_leak_step_guards_the_public_site(sample_site, tmp_path):
    assert koszyk("validate", "--format", "github", "--today", TODAY).exit_code == 0
    assert koszyk("codeowners", "--check").exit_code == 0
    clean = koszyk("check-leaks", str(sample_site / "public"), "--basket", str(SAMPLE))
    assert clean.exit_code == 0 and "czysto" in clean.output
    leaked = koszyk("check-leaks", str(sample_site / "intranet"), "--basket", str(SAMPLE))
    assert leaked.exit_code == 1 and "Anna Nowak" in leaked.output


def test_keepers_file_follows_the_cards(repository):
    assert koszyk("codeowners", "--check").exit_code == 0
    card = repository / "baskets" / "przykladowo" / "partnerzy" / "biblioteka-publiczna.yml"
    card.write_text(card.read_text(encoding="utf-8").replace(
        "  ostatnia_weryfikacja: 2026-07-01\n", "  ostatnia_weryfikacja: 2026-07-01\n  opiekunowie: [\"@biblioteka\"]\n"),
        encoding="utf-8")
    drift = koszyk("validate", "--today", TODAY)
    assert drift.exit_code == 1 and ".github/CODEOWNERS:1:1: plik opiekunów kart jest nieaktualny" in drift.output
    assert koszyk("codeowners", "--check").exit_code == 1
    assert koszyk("codeowners").exit_code == 0
    text = (repository / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/baskets/przykladowo/partnerzy/biblioteka-publiczna.yml @biblioteka\n" in text
    assert koszyk("validate", "--today", TODAY).exit_code == 0


def test_issue_forms_are_in_polish_and_valid():
    forms = sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
    names = {yaml.safe_load(f.read_text(encoding="utf-8")).get("name") for f in forms}
    assert {"Zgłoś nową usługę", "Zgłoś nieaktualne informacje", "Zgłoś brak usługi"} <= names
    for form in forms:
        data = yaml.safe_load(form.read_text(encoding="utf-8"))
        if "body" in data:
            assert all("type" in field for field in data["body"])
