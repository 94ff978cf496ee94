"""A symbolic link in the docs folder that leads out of the project is never published."""

from __future__ import annotations

import shutil
from pathlib import Path

from koszyk.building import build_site

from .conftest import ROOT


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "projekt"
    root.mkdir()
    for name in ("mkdocs.yml", "site_config", "content", "baskets"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, root / name)
    return root


def test_a_link_to_a_file_of_the_building_machine_stops_the_build(tmp_path, caplog):
    root = _project(tmp_path)
    secret = tmp_path / "poza-projektem.txt"
    secret.write_text("TAJNE-DANE-MASZYNY", encoding="utf-8")
    (root / "content" / "klucz.txt").symlink_to(secret)
    outcome = build_site(root / "mkdocs.yml", ["public"], tmp_path / "strona", cache_dir=Path(""))
    assert outcome["public"] is not None
    assert "klucz.txt jest dowiązaniem symbolicznym do pliku spoza projektu" in caplog.text
    published = [path for path in (tmp_path / "strona").rglob("*") if path.is_file()]
    assert not any(b"TAJNE-DANE-MASZYNY" in path.read_bytes() for path in published)


def test_a_link_inside_the_project_is_published_as_before(tmp_path):
    root = _project(tmp_path)
    (root / "content" / "kopia.txt").write_text("tekst w projekcie", encoding="utf-8")
    (root / "content" / "link.txt").symlink_to(root / "content" / "kopia.txt")
    outcome = build_site(root / "mkdocs.yml", ["public"], tmp_path / "strona", cache_dir=Path(""))
    assert outcome == {"public": None}
    assert (tmp_path / "strona" / "public" / "link.txt").read_text(encoding="utf-8") == "tekst w projekcie"


# -- data files: a card or a cards folder that leads out of the basket is not read --------

def _validate(*args: str):
    from click.testing import CliRunner

    from koszyk.cli import main

    return CliRunner().invoke(main, ["validate", *args, "--today", "2026-11-23"])


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
    assert "obca-karta.yml:1:1: plik jest dowiązaniem symbolicznym" in result.output
    assert "ZNACZNIK-SPOZA" not in result.output and "Traceback" not in result.output


def test_a_cards_folder_linked_out_of_the_basket_is_not_read(tmp_path):
    root = _project(tmp_path)
    basket = root / "baskets" / "przykladowo"
    outside = _outside_card(tmp_path, root).parent
    shutil.rmtree(basket / "partnerzy")
    (basket / "partnerzy").symlink_to(outside, target_is_directory=True)
    result = _validate(str(basket))
    assert result.exit_code == 1
    assert "partnerzy/karta.yml:1:1: plik jest dowiązaniem symbolicznym (albo leży w folderze-dowiązaniu)" in result.output
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
    assert "basket.yml:1:1: plik jest dowiązaniem symbolicznym" in result.output


def test_a_card_linked_to_a_file_inside_its_basket_is_read(tmp_path):
    root = _project(tmp_path)
    cards = root / "baskets" / "przykladowo" / "partnerzy"
    (cards / "biblioteka-publiczna.yml").rename(cards / "biblioteka.txt")
    (cards / "biblioteka-publiczna.yml").symlink_to(cards / "biblioteka.txt")
    result = _validate(str(root / "baskets" / "przykladowo"))
    assert result.exit_code == 0, result.output


def test_a_card_linked_out_of_the_basket_never_reaches_the_site(tmp_path, caplog):
    root = _project(tmp_path)
    link = root / "baskets" / "przykladowo" / "partnerzy" / "obca-karta.yml"
    link.symlink_to(_outside_card(tmp_path, root))
    outcome = build_site(root / "mkdocs.yml", ["public"], tmp_path / "strona", cache_dir=Path(""))
    assert outcome["public"] is not None
    assert "obca-karta.yml:1:1: plik jest dowiązaniem symbolicznym" in caplog.text
    published = [path for path in (tmp_path / "strona").rglob("*") if path.is_file()]
    assert not any(b"ZNACZNIK-SPOZA" in path.read_bytes() for path in published)
