"""The bookkeeping a rebuild does on the side gives what the plain way gives: paths named in
messages, the data's date, the folders left, the collector's state."""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import os
import subprocess
from pathlib import Path

from koszyk.building import empty_keeping_folders, remove_empty_folders
from koszyk.excel import card_age
from koszyk.files import new_file_mode
from koszyk.problems import display_path, display_paths
from koszyk.render_cache import PageCache

from .conftest import ROOT, SAMPLE


def test_cards_named_together_are_named_as_each_alone(tmp_path, monkeypatch):
    project, elsewhere = tmp_path / "projekt", tmp_path / "gdzie-indziej"
    (project / "gmina-a" / "partnerzy").mkdir(parents=True)
    (elsewhere / "partnerzy").mkdir(parents=True)
    for folder in (project / "gmina-a" / "partnerzy", elsewhere / "partnerzy"):
        (folder / "karta.yml").write_text("nazwa: x\n", encoding="utf-8")
    (tmp_path / "skrot").symlink_to(project / "gmina-a", target_is_directory=True)  # a folder linked into the project
    (elsewhere / "partnerzy" / "dowiazana.yml").symlink_to(project / "gmina-a" / "partnerzy" / "karta.yml")
    monkeypatch.chdir(project)
    paths = [project / "gmina-a" / "partnerzy" / "karta.yml", Path("gmina-a/partnerzy/karta.yml"),
             tmp_path / "skrot" / "partnerzy" / "karta.yml", elsewhere / "partnerzy" / "karta.yml",
             elsewhere / "partnerzy" / "dowiazana.yml", project / "gmina-a" / ".." / "gmina-a" / "partnerzy" / "karta.yml",
             tmp_path / "skrot" / ".." / "projekt" / "gmina-a" / "partnerzy" / "karta.yml", Path("nie-ma/karta.yml")]
    for root in (None, project, tmp_path):
        assert display_paths(paths, root) == [display_path(path, root) for path in paths]
    assert display_paths(paths)[2] == "gmina-a/partnerzy/karta.yml"  # through the link: named in the project
    assert display_paths(paths)[4] == "gmina-a/partnerzy/karta.yml"  # a linked card: named where it leads


def _git_calls(monkeypatch) -> list[tuple]:
    calls: list[tuple] = []
    real = card_age._git

    def counted(folder, *args):
        calls.append(args)
        return real(folder, *args)
    monkeypatch.setattr(card_age, "_git", counted)
    return calls


def test_folders_outside_git_are_dated_by_their_files_without_asking_git(tmp_path, monkeypatch):
    folders = []
    for number in range(5):
        folder = tmp_path / f"gmina-{number}" / "partnerzy"
        folder.mkdir(parents=True)
        card = folder / "karta.yml"
        card.write_text("nazwa: x\n", encoding="utf-8")
        os.utime(card, (1_700_000_000 + number, 1_700_000_000 + number))
        folders.append(folder)
    monkeypatch.delenv("GIT_DIR", raising=False)
    calls = _git_calls(monkeypatch)
    assert card_age.basket_changed_at(folders) == dt.datetime.fromtimestamp(1_700_000_004, dt.timezone.utc)
    assert calls == []


def _committed(repository: Path, folder: str, when: str) -> Path:
    """``folder``/partnerzy with one card, committed in ``repository`` (made if new) at ``when``; the
    card's file time is older than the commit, as after a checkout of an old clone."""
    cards = repository / folder / "partnerzy"
    cards.mkdir(parents=True)
    card = cards / "karta.yml"
    card.write_text("nazwa: x\n", encoding="utf-8")
    os.utime(card, (1_500_000_000, 1_500_000_000))
    environment = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "t",
                   "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    commands = ([["init", "-q"]] if not (repository / ".git").exists() else []) + [["add", folder], ["commit", "-q", "-m", folder]]
    for command in commands:
        subprocess.run(["git", "-C", str(repository), *command], check=True, env=environment)
    return cards


def test_a_folder_in_a_repository_is_dated_by_its_last_commit(tmp_path, monkeypatch):
    folder = _committed(tmp_path / "repo", "gmina", "2026-01-02T03:04:05Z")
    calls = _git_calls(monkeypatch)
    assert card_age.basket_changed_at([folder]) == dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    assert ("rev-parse", "--show-toplevel") in calls


def test_a_gmina_in_its_own_repository_inside_the_list_is_dated_by_its_own_commits(tmp_path):
    outer = tmp_path / "lista"
    first = _committed(outer, "a-gmina", "2020-01-01T00:00:00Z")
    nested = _committed(outer / "z-gmina", "koszyk", "2021-06-01T00:00:00Z")  # a repository of its own, as a submodule
    assert card_age.basket_changed_at([first, nested]) == dt.datetime(2021, 6, 1, tzinfo=dt.timezone.utc)


def test_folders_a_build_may_leave_empty_are_all_it_removes(tmp_path):
    site = tmp_path / "site"
    for folder in ("uslugi/a", "uslugi/b", "uslugi/c/d", "pusty/w/glebi", ".ukryty/pusty"):
        (site / folder).mkdir(parents=True)
    for page in ("uslugi/a/index.html", "uslugi/b/index.html", "uslugi/c/d/index.html"):
        (site / page).write_text("<p>strona</p>", encoding="utf-8")
    os.link(site / "uslugi/a/index.html", tmp_path / "z-pamieci.html")  # a page linked from the cache: kept
    kept: set[str] = set()
    emptied: set[str] = set()
    empty_keeping_folders(site, kept, emptied)
    assert kept == {str(site / "uslugi/a/index.html")}
    (site / "uslugi/b/index.html").write_text("<p>zbudowana znowu</p>", encoding="utf-8")  # the build writes b again
    remove_empty_folders(site, emptied)
    left = sorted(path.relative_to(site).as_posix() for path in site.rglob("*"))
    assert left == [".ukryty", ".ukryty/pusty", "uslugi", "uslugi/a", "uslugi/a/index.html", "uslugi/b",
                    "uslugi/b/index.html"]


def test_a_build_gives_the_collector_back_everything_it_froze(tmp_path):
    from koszyk.building import BuildRequest, build_variant

    assert gc.get_freeze_count() == 0
    outcome = build_variant(BuildRequest(ROOT / "mkdocs.yml", "public", tmp_path / "public", basket=SAMPLE,
                                         today="2026-11-23", cache_dir=tmp_path / "pamiec", site_root=tmp_path))
    assert outcome is None
    assert gc.get_freeze_count() == 0


def test_a_site_folder_that_cannot_be_listed_is_left_as_it_is(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "zamkniety").mkdir(parents=True)
    (site / "zamkniety" / "plik.html").write_text("x", encoding="utf-8")
    (site / "otwarty").mkdir()
    (site / "otwarty" / "plik.html").write_text("x", encoding="utf-8")
    real_scandir = os.scandir

    def refusing(path):
        if os.fspath(path).endswith("zamkniety"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)
    monkeypatch.setattr(os, "scandir", refusing)
    empty_keeping_folders(site, set(), set())
    assert (site / "zamkniety" / "plik.html").exists() and not (site / "otwarty" / "plik.html").exists()


def test_a_card_whose_folder_cannot_be_looked_into_is_named_as_when_alone(tmp_path, monkeypatch):
    card = tmp_path / "partnerzy" / "karta.yml"
    card.parent.mkdir()
    card.write_text("nazwa: x\n", encoding="utf-8")
    real = Path.is_symlink

    def refusing(self):
        if self.name == "karta.yml":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)
    monkeypatch.setattr(Path, "is_symlink", refusing)
    assert display_paths([card], tmp_path / "inny") == [display_path(card, tmp_path / "inny")]


def _stored(cache: PageCache, site: Path, name: str, text: bytes) -> tuple[Path, Path]:
    destination = site / name / "index.html"
    assert cache.store(f"klucz-{name}", text, str(destination))
    return destination, Path(cache.entry(f"klucz-{name}"))


def test_a_stored_page_is_the_site_file_and_its_entry_at_once_and_never_a_half(tmp_path, monkeypatch):
    cache, site = PageCache(tmp_path / "pamiec"), tmp_path / "strona"
    page, entry = _stored(cache, site, "a", b"<p>strona</p>")
    assert page.read_bytes() == b"<p>strona</p>" and page.stat().st_ino == entry.stat().st_ino
    assert oct(page.stat().st_mode & 0o777) == oct(new_file_mode())

    other = PageCache(tmp_path / "pamiec")  # the other variant stored the same entry first: it stays
    _, kept = _stored(other, tmp_path / "druga", "a", b"<p>strona</p>")
    assert kept.stat().st_ino == entry.stat().st_ino

    os.truncate(entry, 0)  # damaged: replaced whole by the next page stored under its name
    page, entry = _stored(PageCache(tmp_path / "pamiec"), tmp_path / "trzecia", "a", b"<p>nowa</p>")
    assert entry.read_bytes() == b"<p>nowa</p>"

    real_link = os.link

    def across_file_systems(source, target, *args, **kwargs):
        if ("pamiec" in str(source)) != ("pamiec" in str(target)):
            raise OSError(18, "Invalid cross-device link")
        return real_link(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "link", across_file_systems)  # the cache on another disk: the entry is a copy
    page, entry = _stored(PageCache(tmp_path / "pamiec"), site, "b", b"<p>kopia</p>")
    assert page.read_bytes() == entry.read_bytes() == b"<p>kopia</p>"
    assert page.stat().st_ino != entry.stat().st_ino
    assert not list((tmp_path / "pamiec").rglob(".nowy-*"))


def test_a_page_that_cannot_be_placed_in_the_site_is_left_to_mkdocs_and_no_entry_is_half_written(tmp_path):
    cache, site = PageCache(tmp_path / "pamiec"), tmp_path / "strona"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").mkdir()  # where the page goes, a folder: the link fails
    assert not cache.store("klucz-a", b"<p>strona</p>", str(site / "a" / "index.html"))
    entry = Path(cache.entry("klucz-a"))
    assert cache.misses == 0 and (not entry.exists() or entry.read_bytes() == b"<p>strona</p>")
    assert not list((tmp_path / "pamiec").rglob(".nowy-*"))


def test_a_cache_entry_is_never_written_through_a_file_or_link_left_where_its_temporary_file_goes(tmp_path, monkeypatch):
    from koszyk import files, pickle_store

    folder = tmp_path / "pamiec" / "ab"
    folder.mkdir(parents=True)
    target = tmp_path / "cudzy.txt"
    target.write_text("nie ruszać", encoding="utf-8")
    monkeypatch.setattr(files, "_CACHE_FILE_NUMBERS", itertools.count(7))
    (folder / f".nowy-{os.getpid()}-7").symlink_to(target)  # left by a stopped build with this process number
    entry = str(folder / "wpis.pickle")
    pickle_store.store(entry, {"wynik": 1})
    assert pickle_store.load(entry) == {"wynik": 1} and target.read_text(encoding="utf-8") == "nie ruszać"
    assert sorted(path.name for path in folder.iterdir()) == [f".nowy-{os.getpid()}-7", "wpis.pickle"]
    pickle_store.store(str(tmp_path / "nowa" / "cd" / "wpis.pickle"), [2])  # a folder not made yet
    assert pickle_store.load(str(tmp_path / "nowa" / "cd" / "wpis.pickle")) == [2]


def test_a_page_whose_place_is_taken_again_while_it_is_linked_replaces_it_and_writes_nothing_through(
        tmp_path, monkeypatch):
    cache, site = PageCache(tmp_path / "pamiec"), tmp_path / "strona"
    destination = site / "a" / "index.html"
    destination.parent.mkdir(parents=True)
    destination.write_bytes(b"stara")
    victim = tmp_path / "wpis-innej-budowy.html"
    victim.write_bytes(b"cudza strona")
    real_unlink = os.unlink

    def retaken(path, *args, **kwargs):  # another build links its entry there right after
        real_unlink(path, *args, **kwargs)
        if os.fspath(path) == str(destination) and not destination.exists():
            os.link(victim, destination)
    monkeypatch.setattr(os, "unlink", retaken)
    assert cache.store("klucz-a", b"<p>strona</p>", str(destination))
    assert destination.read_bytes() == b"<p>strona</p>" and victim.read_bytes() == b"cudza strona"
