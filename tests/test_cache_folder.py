"""A cache folder with files from the repository is refused: they would be used as koszyk's own."""

from __future__ import annotations

import subprocess
from pathlib import Path

from koszyk.cache_folder import cache_folder_problem


def _repository(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".gitignore").write_text(".cache/\n", encoding="utf-8")
    return root


def test_files_koszyk_wrote_in_an_ignored_folder_are_fine(tmp_path):
    root = _repository(tmp_path)
    entry = root / ".cache" / "koszyk" / "karty" / "ab" / "abc.pickle"
    entry.parent.mkdir(parents=True)
    entry.write_bytes(b"kept by a build")
    assert cache_folder_problem(root, Path(".cache/koszyk")) is None
    assert cache_folder_problem(root, root / ".cache" / "koszyk") is None


def test_a_file_the_repository_tracks_in_the_cache_is_refused_with_a_fix(tmp_path):
    root = _repository(tmp_path)
    planted = root / ".cache" / "koszyk" / "strony" / "ab" / "abc.html"
    planted.parent.mkdir(parents=True)
    planted.write_text("<script>alert(1)</script>", encoding="utf-8")
    subprocess.run(["git", "-C", str(root), "add", "-f", ".cache/koszyk/strony/ab/abc.html"], check=True)
    problem = cache_folder_problem(root, root / ".cache" / "koszyk")
    assert problem is not None
    assert ".cache/koszyk/strony/ab/abc.html" in problem and "git rm -r --cached .cache/koszyk" in problem
    assert cache_folder_problem(root, root / ".cache" / "koszyk" / "narzedzia") is None  # nothing tracked there


def test_a_cache_reached_through_a_symbolic_link_is_refused(tmp_path):
    root = _repository(tmp_path)
    elsewhere = tmp_path / "gdzie-indziej"
    elsewhere.mkdir()
    (root / ".cache").symlink_to(elsewhere)
    problem = cache_folder_problem(root, root / ".cache" / "koszyk")
    assert problem is not None and "dowiązaniem symbolicznym" in problem


def test_outside_a_repository_nothing_is_tracked(tmp_path):
    folder = tmp_path / "projekt"
    (folder / ".cache" / "koszyk").mkdir(parents=True)
    assert cache_folder_problem(folder, folder / ".cache" / "koszyk") is None
