"""`koszyk changes` and "Co nowego" on a throwaway git repository with a known history."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from koszyk.building import build_site
from koszyk.cli import main
from koszyk.excel.card_age import basket_changed_at
from koszyk.history import basket_history
from koszyk.validation import card_paths

from .conftest import ROOT, TODAY

WZOROWO = ROOT / "baskets" / "wzorowo"
NEW_SERVICE = """  - id: wzorowo-pomoc-prawna
    nazwa: Dyżur prawnika
    obszary: [pomoc_spoleczna]
    grupy_docelowe: [mieszkancy]
    dostep:
      tryb: powszechny
"""


def git(repo: Path, *args: str, date: str = "2026-01-01") -> None:
    stamp = f"{date}T12:00:00+01:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.org",
                    "-c", "commit.gpgsign=false", *args], check=True, capture_output=True, env=env)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """Four commits: the start; a service added and one changed; one withdrawn; an internal note only."""
    repo = tmp_path_factory.mktemp("repo")
    basket = repo / "baskets" / "wzorowo"
    shutil.copytree(WZOROWO, basket)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "start", date="2026-01-10")
    gops = basket / "partnerzy" / "gops-wzorowo.yml"
    gops.write_text(gops.read_text(encoding="utf-8") + NEW_SERVICE, encoding="utf-8")
    edit(gops, 'warunek: "zaświadczenie lekarskie"', 'warunek: "zaświadczenie lekarskie lub opinia pielęgniarki"')
    git(repo, "commit", "-q", "-am", "GOPS: prawnik, warunki opieki", date="2026-02-03")
    edit(gops, "  - id: wzorowo-asystent-rodziny\n    nazwa: Asystent rodziny\n",
         "  - id: wzorowo-asystent-rodziny\n    nazwa: Asystent rodziny\n    status: wycofana\n")
    git(repo, "commit", "-q", "-am", "GOPS: asystent wycofany", date="2026-03-15")
    kgw = basket / "partnerzy" / "kgw-wzorowo.yml"
    edit(kgw, "  - id: wzorowo-klub-sasiedzki\n", "  - id: wzorowo-klub-sasiedzki\n    uwagi_wewnetrzne: Klucz u sołtysa.\n")
    git(repo, "commit", "-q", "-am", "KGW: uwaga", date="2026-04-20")
    return repo


def test_changes_lists_added_changed_and_withdrawn_services_by_date(repo):
    result = CliRunner().invoke(main, ["changes", "--basket", str(repo / "baskets" / "wzorowo"), "--format", "json"])
    assert result.exit_code == 0, result.output
    found = {(c["date"], c["partner"], c["service"], c["kind"], tuple(c["fields"]))
             for c in json.loads(result.stdout)}
    assert found == {
        ("2026-04-20", "kgw-wzorowo", "wzorowo-klub-sasiedzki", "zmieniona", ("uwagi_wewnetrzne",)),
        ("2026-03-15", "gops-wzorowo", "wzorowo-asystent-rodziny", "wycofana", ()),
        ("2026-02-03", "gops-wzorowo", "wzorowo-pomoc-prawna", "dodana", ()),
        ("2026-02-03", "gops-wzorowo", "wzorowo-uslugi-opiekuncze", "zmieniona", ("dostep.kryteria",)),
    }


def test_since_keeps_only_later_changes(repo):
    result = CliRunner().invoke(main, ["changes", "--basket", str(repo / "baskets" / "wzorowo"), "--since", "2026-03-01"])
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert [line.split()[2] for line in lines] == ["zmieniona", "wycofana"]
    assert "historia od 2026-01-10" in result.stderr


def test_shallow_clone_says_what_is_missing(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo}", str(clone)], check=True)
    history = basket_history(clone / "baskets" / "wzorowo")
    assert history.available and "płytka" in history.note
    assert [c.service for c in history.changes] == ["wzorowo-klub-sasiedzki"]  # the older commit is the baseline


def test_without_git_history_is_unavailable(tmp_path):
    basket = tmp_path / "koszyk"
    shutil.copytree(WZOROWO, basket)
    result = CliRunner().invoke(main, ["changes", "--basket", str(basket)])
    assert result.exit_code == 3  # documented: a program the command needs has nothing to say
    assert "Historia zmian jest niedostępna" in result.stderr


def test_news_page_and_feed_show_public_changes_only(repo, tmp_path):
    outcome = build_site(ROOT / "mkdocs.yml", ["public", "intranet"], tmp_path / "site",
                         repo / "baskets" / "wzorowo", today=TODAY)
    assert outcome == {"public": None, "intranet": None}
    public = (tmp_path / "site" / "public" / "co-nowego" / "index.html").read_text(encoding="utf-8")
    intranet = (tmp_path / "site" / "intranet" / "co-nowego" / "index.html").read_text(encoding="utf-8")
    assert "Dyżur prawnika" in public and "Asystent rodziny" in public
    assert "Uwagi wewnętrzne" not in public and "Uwagi wewnętrzne (intranet)" in intranet
    assert "uwagi_wewnetrzne" not in intranet, "fields are named by the workbook's headers, not by YAML keys"
    feed = (tmp_path / "site" / "public" / "co-nowego" / "atom.xml").read_text(encoding="utf-8")
    assert "<title>Nowa usługa: Dyżur prawnika</title>" in feed
    assert feed.count("<entry>") == 3


def test_news_page_says_when_there_is_no_history(tmp_path):
    basket = tmp_path / "koszyk"
    shutil.copytree(WZOROWO, basket)
    outcome = build_site(ROOT / "mkdocs.yml", ["public"], tmp_path / "site", basket, today=TODAY)
    assert outcome == {"public": None}
    page = (tmp_path / "site" / "public" / "co-nowego" / "index.html").read_text(encoding="utf-8")
    assert "Historia niedostępna" in page


def test_unvalidated_old_versions_with_odd_keys_and_ids_are_compared_without_crashing():
    from koszyk.history import compare_card
    from koszyk.taxonomy import load_taxonomy
    from koszyk.variants import Policy

    policy = Policy.from_taxonomy(load_taxonomy())
    old = "partner: {nazwa: X, typ: ops}\nuslugi:\n  - {id: [1, 2], nazwa: A}\n  - {id: b, nazwa: B, 1: x}\n"
    new = "partner: {nazwa: X, typ: ops}\nuslugi:\n  - {id: b, nazwa: B, opis: nowy, 2: y}\n"
    _, found = compare_card(old, new, policy)
    assert [(service, kind, fields) for service, _, kind, fields, _ in found] == [("b", "zmieniona", ["1", "2", "opis"])]
    assert compare_card("uslugi: 7\n", new, policy)[1][0][2] == "dodana"


def test_a_service_made_intranet_only_leaves_the_public_news_with_all_its_earlier_changes(repo, tmp_path):
    """Its name and a link to a page the public site no longer has stay on the intranet only."""
    clone = tmp_path / "repo"
    shutil.copytree(repo, clone)
    gops = clone / "baskets" / "wzorowo" / "partnerzy" / "gops-wzorowo.yml"
    edit(gops, "  - id: wzorowo-pomoc-prawna\n", "  - id: wzorowo-pomoc-prawna\n    widocznosc: wewnetrzna\n")
    git(clone, "commit", "-q", "-am", "GOPS: prawnik tylko w intranecie", date="2026-05-04")
    outcome = build_site(ROOT / "mkdocs.yml", ["public", "intranet"], tmp_path / "site",
                         clone / "baskets" / "wzorowo", today=TODAY)
    assert outcome == {"public": None, "intranet": None}
    for name in ("co-nowego/index.html", "co-nowego/atom.xml"):
        assert "Dyżur prawnika" not in (tmp_path / "site" / "public" / name).read_text(encoding="utf-8")
        assert "Dyżur prawnika" in (tmp_path / "site" / "intranet" / name).read_text(encoding="utf-8")


def test_a_card_saved_as_yaml_or_in_capitals_is_read_dated_and_its_changes_listed(tmp_path):
    """``.yaml`` and ``.YML`` cards are cards in every part: the basket, the data's date, the history."""
    repo = tmp_path / "repo"
    basket = repo / "wzorowo"
    shutil.copytree(WZOROWO, basket)
    cards = basket / "partnerzy"
    (cards / "gops-wzorowo.yml").rename(cards / "gops-wzorowo.YML")
    (cards / "kgw-wzorowo.yml").rename(cards / "kgw-wzorowo.yaml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "start", date="2026-01-10")
    gops = cards / "gops-wzorowo.YML"
    gops.write_text(gops.read_text(encoding="utf-8") + NEW_SERVICE, encoding="utf-8")
    edit(cards / "kgw-wzorowo.yaml", "  - id: wzorowo-klub-sasiedzki\n",
         "  - id: wzorowo-klub-sasiedzki\n    uwagi_wewnetrzne: Klucz u sołtysa.\n")
    git(repo, "commit", "-q", "-am", "dwie karty", date="2026-02-03")

    assert {path.name for path in card_paths(basket)} >= {"gops-wzorowo.YML", "kgw-wzorowo.yaml"}
    result = CliRunner().invoke(main, ["changes", "--basket", str(basket), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert {(c["partner"], c["service"], c["kind"]) for c in json.loads(result.stdout)} == {
        ("gops-wzorowo", "wzorowo-pomoc-prawna", "dodana"),
        ("kgw-wzorowo", "wzorowo-klub-sasiedzki", "zmieniona"),
    }
    later = 2_000_000_000  # 2033: a file time after every commit
    os.utime(gops, (later, later))
    assert basket_changed_at([cards]).timestamp() == later


def test_a_card_given_another_suffix_is_no_news_and_files_below_the_cards_folder_are_not_cards(tmp_path):
    repo = tmp_path / "repo"
    basket = repo / "wzorowo"
    shutil.copytree(WZOROWO, basket)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "start", date="2026-01-10")
    git(repo, "mv", "wzorowo/partnerzy/gops-wzorowo.yml", "wzorowo/partnerzy/gops-wzorowo.YML")
    (basket / "partnerzy" / "archiwum").mkdir()
    shutil.copy(basket / "partnerzy" / "kgw-wzorowo.yml", basket / "partnerzy" / "archiwum" / "stara-karta.yaml")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "inna końcówka, stara karta w archiwum", date="2026-02-03")
    result = CliRunner().invoke(main, ["changes", "--basket", str(basket), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
