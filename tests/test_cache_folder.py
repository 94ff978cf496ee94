"""A cache folder with files from the repository is refused: they would be used as koszyk's own."""

from __future__ import annotations

import subprocess
from pathlib import Path

from koszyk.building import build_site
from koszyk.cache_folder import cache_folder_problem

from .conftest import ROOT, SAMPLE, TODAY


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
    assert ".cache/koszyk/strony/ab/abc.html" in problem
    assert "git --literal-pathspecs rm -r --cached -- .cache/koszyk" in problem
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


def _plant(root: Path, relative: str) -> None:
    planted = root / relative
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_bytes(b"planted")
    subprocess.run(["git", "-C", str(root), "--literal-pathspecs", "add", "-f", "--", relative], check=True)


def test_a_folder_name_git_would_read_as_a_pattern_is_checked_as_written(tmp_path):
    root = _repository(tmp_path)
    _plant(root, ":(attr:x)c/karty/ab/abc.pickle")
    assert cache_folder_problem(root, Path(":(attr:x)c")) is not None


def test_any_spelling_of_a_folder_inside_the_project_is_checked(tmp_path):
    root = _repository(tmp_path)
    _plant(root, "c2/karty/ab/abc.pickle")
    assert cache_folder_problem(root, Path("../repo/c2")) is not None
    assert cache_folder_problem(root, root / "x" / ".." / "c2") is not None
    (tmp_path / "skrot").symlink_to(root)  # an absolute path outside the project that leads back in
    assert cache_folder_problem(root, tmp_path / "skrot" / "c2") is not None


def test_where_git_cannot_answer_a_build_goes_on_and_the_keyed_names_protect_it(tmp_path):
    """("dubious ownership" in a container): refusing would fail every build after the first."""
    root = _repository(tmp_path)
    _plant(root, "tracked.txt")
    (root / ".git" / "index").write_bytes(b"not an index")  # git ls-files now fails
    entry = root / ".cache" / "koszyk" / "karty" / "ab" / "abc.pickle"
    entry.parent.mkdir(parents=True)
    entry.write_bytes(b"?")
    assert cache_folder_problem(root, Path(".cache/koszyk")) is None


def test_a_cache_folder_in_a_submodule_is_refused(tmp_path):
    """The project's git does not list a submodule's files, so they could be planted there."""
    inner = tmp_path / "inner"
    subprocess.run(["git", "init", "-q", str(inner)], check=True)
    (inner / "planted").mkdir()
    (inner / "planted" / "x.pickle").write_bytes(b"?")
    subprocess.run(["git", "-C", str(inner), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(inner), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
                   check=True)
    root = _repository(tmp_path)
    subprocess.run(["git", "-C", str(root), "-c", "protocol.file.allow=always", "submodule", "add", "-q",
                    str(inner), "vendor"], check=True, capture_output=True)
    problem = cache_folder_problem(root, Path("vendor/planted"))
    assert problem is not None and "innym repozytorium" in problem
    assert cache_folder_problem(root, Path("vendor-not/planted")) is None


def test_a_secret_in_the_project_is_refused_and_one_that_cannot_be_kept_is_told(tmp_path, monkeypatch):
    from koszyk import cache_folder

    root = _repository(tmp_path)
    try:
        monkeypatch.setenv("XDG_CACHE_HOME", str(root / ".cache"))
        cache_folder._secret.cache_clear()
        assert "leży w projekcie" in cache_folder_problem(root, Path(".cache/koszyk"))
        (tmp_path / "plik").write_text("to nie folder", encoding="utf-8")
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "plik"))
        cache_folder._secret.cache_clear()
        assert not cache_folder.secret_is_kept()  # the plugin then keeps nothing (and says so)
        monkeypatch.setenv("XDG_CACHE_HOME", "wzgledny")  # relative: ignored, as XDG says
        assert cache_folder.secret_path().is_absolute()
    finally:
        cache_folder._secret.cache_clear()


def test_entry_names_need_the_users_secret(tmp_path, monkeypatch):
    from koszyk import cache_folder, pickle_store

    names = []
    for home in ("a", "b"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / home))
        cache_folder._secret.cache_clear()
        names.append(Path(pickle_store.entry_path(tmp_path / "c", "klucz")).name)
        secret = cache_folder.secret_path()
        assert secret.is_file() and secret.stat().st_mode & 0o077 == 0  # the owner's only
        assert "klucz" not in names[-1]
    cache_folder._secret.cache_clear()
    assert names[0] != names[1]  # the key alone does not name an entry


def test_the_build_stops_on_a_planted_cache_and_builds_nothing(tmp_path, caplog):
    """The plugin asks before it reads anything kept: a copy of the project with a page
    committed into .cache/koszyk does not build."""
    import shutil

    from koszyk.building import build_site

    from .conftest import ROOT

    root = _repository(tmp_path)
    for name in ("mkdocs.yml", "site_config", "content", "baskets"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, root / name)
    _plant(root, ".cache/koszyk/strony/ab/abc.html")
    outcome = build_site(root / "mkdocs.yml", ["public"], tmp_path / "strona")
    assert outcome["public"] is not None
    assert "rm -r --cached -- .cache/koszyk" in caplog.text
    assert not (tmp_path / "strona" / "public" / "index.html").exists()


def test_a_cache_folder_inside_the_published_site_is_refused(tmp_path):
    """Everything the cache keeps (intranet pages and cards too) would be published with the site."""
    site = tmp_path / "strona"
    outcome = build_site(ROOT / "mkdocs.yml", ["public"], site, SAMPLE, today=TODAY, cache_dir=site / "public" / "pamiec")
    assert "pamiec leży w folderze" in outcome["public"] and "zostałoby opublikowane" in outcome["public"]
    assert not (site / "public" / "pamiec").exists()

    # the intranet built with its cache in the public variant's folder: refused as well
    outcome = build_site(ROOT / "mkdocs.yml", ["intranet"], site, SAMPLE, today=TODAY,
                         cache_dir=site / "public" / "pamiec")
    assert "pamiec leży w folderze" in outcome["intranet"] and "zostałoby opublikowane" in outcome["intranet"]
    assert not (site / "public" / "pamiec").exists()


def test_a_cache_folder_inside_the_themes_overrides_is_refused(tmp_path, caplog):
    """MkDocs copies every file of ``custom_dir`` that is not a template onto the site."""
    cache = ROOT / "site_config" / "overrides" / "pamiec-testu"
    outcome = build_site(ROOT / "mkdocs.yml", ["public"], tmp_path / "strona", SAMPLE, today=TODAY, cache_dir=cache)
    assert outcome["public"]
    assert "pamiec-testu leży w folderze" in caplog.text
    assert not cache.exists()
