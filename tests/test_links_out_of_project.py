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
