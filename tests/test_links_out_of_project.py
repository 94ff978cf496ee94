"""A symbolic link in the docs folder that leads out of the project is never published."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from koszyk.building import build_site

from .conftest import ROOT


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "projekt"
    root.mkdir()
    for name in ("mkdocs.yml", "site_config", "content", "baskets"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, root / name)
    return root


def _build(root: Path, tmp_path: Path, basket: Path | None = None) -> str | None:
    """The public site of the project at ``root`` built into ``tmp_path/strona``, no cache: None, or why not."""
    return build_site(root / "mkdocs.yml", ["public"], tmp_path / "strona", basket, cache_dir=Path(""))["public"]


def _published(site: Path, marker: bytes = b"ZNACZNIK-SPOZA") -> bool:
    """Whether any file of the built ``site`` holds ``marker``."""
    return site.exists() and any(marker in path.read_bytes() for path in site.rglob("*") if path.is_file())


def test_a_link_to_a_file_of_the_building_machine_stops_the_build(tmp_path, caplog):
    root = _project(tmp_path)
    secret = tmp_path / "poza-projektem.txt"
    secret.write_text("TAJNE-DANE-MASZYNY", encoding="utf-8")
    (root / "content" / "klucz.txt").symlink_to(secret)
    assert _build(root, tmp_path) is not None
    assert "content/klucz.txt jest dowiązaniem symbolicznym" in caplog.text
    assert not _published(tmp_path / "strona", b"TAJNE-DANE-MASZYNY")


def test_a_link_inside_the_project_is_published_as_before(tmp_path):
    root = _project(tmp_path)
    (root / "content" / "kopia.txt").write_text("tekst w projekcie", encoding="utf-8")
    (root / "content" / "link.txt").symlink_to(root / "content" / "kopia.txt")
    assert _build(root, tmp_path) is None
    assert (tmp_path / "strona" / "public" / "link.txt").read_text(encoding="utf-8") == "tekst w projekcie"


# -- data files: a card or a cards folder that leads out of the basket is not read --------

def _validate(*args: str):
    from click.testing import CliRunner

    from koszyk.cli import main

    return CliRunner().invoke(main, ["validate", *args, "--today", "2026-11-23"])


def _outside_basket(tmp_path: Path, root: Path, folder: str = "poza/koszyk") -> Path:
    outside = tmp_path / folder
    shutil.copytree(root / "baskets" / "przykladowo", outside)
    card = outside / "partnerzy" / "biblioteka-publiczna.yml"
    card.write_text(card.read_text(encoding="utf-8").replace("nazwa: ", "nazwa: ZNACZNIK-SPOZA ", 1), encoding="utf-8")
    return outside




def _outside_card(tmp_path: Path, root: Path) -> Path:
    """A card moved out of the project, carrying a marker the published site must never show:
    read through a link, it would be a valid card (the basket no longer has it)."""
    card = root / "baskets" / "przykladowo" / "partnerzy" / "biblioteka-publiczna.yml"
    outside = tmp_path / "poza" / "karta.yml"
    outside.parent.mkdir()
    outside.write_text(card.read_text(encoding="utf-8").replace("nazwa: ", "nazwa: ZNACZNIK-SPOZA ", 1), encoding="utf-8")
    card.unlink()
    return outside


def test_a_card_linked_out_of_its_basket_is_an_error_naming_the_card(tmp_path):
    root = _project(tmp_path)
    link = root / "baskets" / "przykladowo" / "partnerzy" / "obca-karta.yml"
    link.symlink_to(_outside_card(tmp_path, root))
    result = _validate(str(root / "baskets" / "przykladowo"))
    assert result.exit_code == 1
    assert "partnerzy/obca-karta.yml:1:1: karta jest dowiązaniem symbolicznym" in result.output
    assert "ZNACZNIK-SPOZA" not in result.output and "Traceback" not in result.output


def test_a_cards_folder_linked_out_of_the_basket_is_not_read(tmp_path):
    root = _project(tmp_path)
    basket = root / "baskets" / "przykladowo"
    outside = _outside_card(tmp_path, root).parent
    shutil.rmtree(basket / "partnerzy")
    (basket / "partnerzy").symlink_to(outside, target_is_directory=True)
    result = _validate(str(basket))
    assert result.exit_code == 1
    assert "przykladowo/partnerzy:1:1: partnerzy jest dowiązaniem symbolicznym prowadzącym poza projekt" in result.output
    assert "karta.yml" not in result.output  # not even the names of the files there
    assert "ZNACZNIK-SPOZA" not in result.output


def test_a_basket_file_linked_out_of_its_folder_is_an_error(tmp_path):
    root = _project(tmp_path)
    basket = root / "baskets" / "przykladowo"
    outside = tmp_path / "basket.yml"
    outside.write_text((basket / "basket.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (basket / "basket.yml").unlink()
    (basket / "basket.yml").symlink_to(outside)
    result = _validate(str(basket))
    assert result.exit_code == 1
    assert "basket.yml:1:1: basket.yml jest dowiązaniem symbolicznym prowadzącym poza projekt" in result.output


def test_a_basket_file_that_loops_is_named_as_a_link(tmp_path):
    root = _project(tmp_path)
    basket = root / "baskets" / "przykladowo"
    (basket / "basket.yml").unlink()
    (basket / "basket.yml").symlink_to(basket / "basket.yml")
    result = _validate(str(basket))
    assert result.exit_code == 1
    assert "basket.yml:1:1: basket.yml jest dowiązaniem symbolicznym, które nie prowadzi do żadnego pliku" in result.output


def test_a_card_that_is_a_link_is_refused_even_inside_its_basket(tmp_path):
    """Git's history knows the link, not the card: the changes page would lose the partner's services."""
    root = _project(tmp_path)
    cards = root / "baskets" / "przykladowo" / "partnerzy"
    (cards / "biblioteka-publiczna.yml").rename(cards / "biblioteka.txt")
    (cards / "biblioteka-publiczna.yml").symlink_to(cards / "biblioteka.txt")
    result = _validate(str(root / "baskets" / "przykladowo"))
    assert result.exit_code == 1
    assert "biblioteka-publiczna.yml:1:1: karta jest dowiązaniem symbolicznym; zapisz ją jako zwykły plik" in result.output


@pytest.mark.parametrize("target", ["nigdzie.yml", "petla.yml"])
def test_a_card_link_that_leads_nowhere_is_reported_not_skipped(tmp_path, target):
    root = _project(tmp_path)
    cards = root / "baskets" / "przykladowo" / "partnerzy"
    (cards / "petla.yml").symlink_to(cards / "petla.yml")
    if target != "petla.yml":
        (cards / "zerwana.yml").symlink_to(cards / target)
    result = _validate(str(root / "baskets" / "przykladowo"))
    assert result.exit_code == 1
    assert "partnerzy/petla.yml:1:1: karta jest dowiązaniem symbolicznym" in result.output
    assert ("zerwana.yml:1:1: karta jest dowiązaniem" in result.output) == (target != "petla.yml")
    assert "Traceback" not in result.output


def test_a_basket_folder_linked_out_of_the_project_is_not_read(tmp_path):
    """The fence is the project, not the folder a link leads to."""
    root = _project(tmp_path)
    outside = _outside_basket(tmp_path, root, "poza-koszyk")
    shutil.rmtree(root / "baskets" / "przykladowo")
    (root / "baskets" / "przykladowo").symlink_to(outside, target_is_directory=True)
    result = _validate(str(root / "baskets"))
    assert result.exit_code == 1
    assert "przykladowo jest dowiązaniem symbolicznym prowadzącym poza projekt" in result.output
    assert "ZNACZNIK-SPOZA" not in result.output
    assert _build(root, tmp_path) is not None
    assert not _published(tmp_path / "strona")


@pytest.mark.parametrize("place", ["site_config/overrides/wyciek.txt", "site_config/overrides/partials/wyciek.html",
                                   "content/git.txt"])
def test_a_theme_or_docs_link_to_a_hidden_or_outside_file_stops_the_build(tmp_path, caplog, place):
    """MkDocs copies the theme's overrides and the docs as the files their links point to;
    ``.git/config`` holds the CI job's token where the checkout keeps it."""
    root = _project(tmp_path)
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("TAJNE-DANE-GITA", encoding="utf-8")
    secret = root / ".git" / "config" if place.startswith("content") else tmp_path / "poza.txt"
    secret.write_text("TAJNE-DANE-GITA", encoding="utf-8")
    (root / place).symlink_to(secret)
    assert _build(root, tmp_path) is not None
    assert f"{place} jest dowiązaniem symbolicznym" in caplog.text
    assert not _published(tmp_path / "strona", b"TAJNE-DANE-GITA")


def test_a_card_linked_out_of_the_basket_never_reaches_the_site(tmp_path, caplog):
    root = _project(tmp_path)
    link = root / "baskets" / "przykladowo" / "partnerzy" / "obca-karta.yml"
    link.symlink_to(_outside_card(tmp_path, root))
    assert _build(root, tmp_path) is not None
    assert "obca-karta.yml:1:1: karta jest dowiązaniem symbolicznym" in caplog.text
    assert not _published(tmp_path / "strona", b"ZNACZNIK-SPOZA")


def test_a_project_marker_behind_a_link_does_not_move_the_fence(tmp_path):
    """A basket folder linked to a folder elsewhere that has its own ``mkdocs.yml`` is still out of the project."""
    root = _project(tmp_path)
    outside = _outside_basket(tmp_path, root, "inny-projekt")
    (outside / "mkdocs.yml").write_text("site_name: obcy\n", encoding="utf-8")
    (root / "baskets" / "obcy").symlink_to(outside, target_is_directory=True)
    result = _validate(str(root / "baskets" / "obcy"))
    assert result.exit_code == 1
    assert "obcy jest dowiązaniem symbolicznym prowadzącym poza projekt" in result.output
    assert "ZNACZNIK-SPOZA" not in result.output


def test_dot_dot_after_a_link_is_followed_as_the_system_follows_it(tmp_path, monkeypatch, caplog):
    """``baskets/l/../x`` with ``l`` a link: the system goes up from where ``l`` leads."""
    root = _project(tmp_path)
    _outside_basket(tmp_path, root, "poza/x")
    (tmp_path / "poza" / "sub").mkdir()
    (root / "baskets" / "l").symlink_to(tmp_path / "poza" / "sub", target_is_directory=True)
    monkeypatch.setenv("KOSZYK_BASKET", "baskets/l/../x")
    assert _build(root, tmp_path) is not None and "basket.yml:1:1: l jest dowiązaniem symbolicznym prowadzącym poza projekt" in caplog.text
    assert not _published(tmp_path / "strona")


def test_a_basket_given_as_a_link_is_judged_as_a_link(tmp_path, caplog):
    """``koszyk build --basket baskets/evil``: the link is not resolved away before it is checked."""
    root = _project(tmp_path)
    (root / "baskets" / "evil").symlink_to(_outside_basket(tmp_path, root), target_is_directory=True)
    assert _build(root, tmp_path, root / "baskets" / "evil") is not None and "evil jest dowiązaniem symbolicznym" in caplog.text
    assert not _published(tmp_path / "strona")


def test_a_project_reached_through_a_linked_folder_keeps_its_fence(tmp_path):
    root = _project(tmp_path)
    (root / "baskets" / "evil").symlink_to(_outside_basket(tmp_path, root), target_is_directory=True)
    (tmp_path / "skrot").symlink_to(root, target_is_directory=True)
    result = _validate(str(tmp_path / "skrot" / "baskets" / "evil"))
    assert result.exit_code == 1
    assert "evil jest dowiązaniem symbolicznym prowadzącym poza projekt" in result.output
    assert "ZNACZNIK-SPOZA" not in result.output


def test_a_hidden_folder_as_the_theme_folder_stops_the_build(tmp_path, caplog):
    """``custom_dir: .git`` would copy the repository, its history and every internal value, to the site."""
    root = _project(tmp_path)
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("TAJNE-DANE-GITA", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("custom_dir: site_config/overrides", "custom_dir: .git"),
                      encoding="utf-8")
    assert _build(root, tmp_path) is not None
    assert ".git jest dowiązaniem symbolicznym, leży poza projektem albo w folderze ukrytym" in caplog.text
    assert not _published(tmp_path / "strona", b"TAJNE-DANE-GITA")
