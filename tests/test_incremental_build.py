"""A rebuild after one card changed reuses every page that did not change, and matches a clean build."""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from koszyk import plugin
from koszyk.building import BuildRequest, build_site, made_as_now, variant_config
from koszyk.files import new_file_mode
from koszyk.render_cache import FILES_FOLDER, PageCache, file_key, stage_bytes
from mkdocs.commands.build import build as mkdocs_build

from .conftest import ROOT, SAMPLE, TODAY

VARIANTS = ["public", "intranet"]


def _build(basket: Path, site: Path, cache: Path | str, taxonomy: Path | None = None, today: str = TODAY) -> None:
    outcome = build_site(ROOT / "mkdocs.yml", VARIANTS, site, basket, today=today, taxonomy=taxonomy,
                         cache_dir=Path(cache))
    assert outcome == {"public": None, "intranet": None}, outcome


def _files(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in sorted(site.rglob("*")) if path.is_file()}


def _folders(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_dir())


def _differences(rebuilt: dict[str, Path], reference: dict[str, Path]) -> list[str]:
    """Files whose bytes or permissions differ: every file, workbooks and the partner documents'
    templates too (they record when the basket's cards last changed, not when the site was built)."""
    return [uri for uri in reference if rebuilt[uri].read_bytes() != reference[uri].read_bytes()
            or stat.S_IMODE(rebuilt[uri].stat().st_mode) != stat.S_IMODE(reference[uri].stat().st_mode)]


def _change_first_service(basket: Path) -> tuple[str, str]:
    """A new description for the first service of the first card; its id and its card's slug."""
    card_path = sorted((basket / "partnerzy").glob("*.yml"))[0]
    card = yaml.safe_load(card_path.read_text(encoding="utf-8"))
    service = card["uslugi"][0]
    service["opis"] = "Opis zmieniony po pierwszym budowaniu <img src=x onerror=alert(1)>."
    card_path.write_text(yaml.safe_dump(card, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return service["id"], card_path.stem


def _remove_last_service(basket: Path) -> str:
    """The last card loses its last service; the service's id."""
    card_path = sorted((basket / "partnerzy").glob("*.yml"))[-1]
    card = yaml.safe_load(card_path.read_text(encoding="utf-8"))
    service = card["uslugi"].pop()
    assert card["uslugi"]
    card_path.write_text(yaml.safe_dump(card, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return service["id"]


def test_rebuild_after_one_card_changed_is_byte_identical_to_a_clean_build_and_keeps_unchanged_pages(tmp_path):
    basket = tmp_path / "koszyk"
    shutil.copytree(SAMPLE, basket)
    cache, incremental, clean = tmp_path / "pamiec", tmp_path / "przyrostowo", tmp_path / "od-zera"

    _build(basket, incremental, cache)
    before = {uri: path.stat() for uri, path in _files(incremental).items()}
    listings = {uri: path.read_text(encoding="utf-8") for uri, path in _files(incremental).items()
                if uri.split("/")[1:3] in (["przegladaj", folder] for folder in ("obszary", "grupy", "dostep", "macierz"))}
    service_id, card_slug = _change_first_service(basket)
    removed = _remove_last_service(basket)
    _build(basket, incremental, cache)
    _build(basket, clean, "")  # no cache at all: every page rendered
    assert not (incremental / "public" / "uslugi" / removed).exists()  # no page, no empty folder

    rebuilt, reference = _files(incremental), _files(clean)
    assert sorted(rebuilt) == sorted(reference)
    assert _differences(rebuilt, reference) == []
    assert _folders(incremental) == _folders(clean)  # not one folder more: none left empty

    changed_page = f"public/uslugi/{service_id}/index.html"
    assert "Opis zmieniony po pierwszym budowaniu" in rebuilt[changed_page].read_text(encoding="utf-8")
    assert "<img src=x" not in rebuilt[changed_page].read_text(encoding="utf-8")
    assert rebuilt[changed_page].stat().st_mtime_ns != before[changed_page].st_mtime_ns

    # every service page of the other cards: the same file, neither rendered nor written again
    kept = [uri for uri in rebuilt if uri.startswith(("public/uslugi/", "intranet/uslugi/"))
            and f"/{service_id}/" not in uri]
    assert len(kept) > 20
    for uri in kept:
        assert rebuilt[uri].stat().st_mtime_ns == before[uri].st_mtime_ns, uri
        assert rebuilt[uri].stat().st_ino == before[uri].st_ino, uri
    assert card_slug  # the changed card's own page changed with it (its service list shows the new text)

    # a listing is kept unless a row of it changed, even when it lists the changed service's siblings
    card = yaml.safe_load((basket / "partnerzy" / f"{card_slug}.yml").read_text(encoding="utf-8"))
    siblings = [f"uslugi/{service['id']}/" for service in card["uslugi"] if service["id"] != service_id]
    untouched = [uri for uri, text in listings.items() if f"uslugi/{service_id}/" not in text
                 and f"uslugi/{removed}/" not in text]
    assert any(sibling in listings[uri] for uri in untouched for sibling in siblings)
    for uri in untouched:
        assert rebuilt[uri].stat().st_ino == before[uri].st_ino, uri

    # the plugin's other outputs: another card's form file stays as it was, the changed card's is new
    other_cards = [uri for uri in rebuilt if uri.startswith("public/formularz/karty/") and card_slug not in uri]
    assert other_cards
    for uri in other_cards:
        assert rebuilt[uri].stat().st_ino == before[uri].st_ino, uri
    changed_card = next(uri for uri in rebuilt if uri.startswith("public/formularz/karty/") and card_slug in uri)
    assert rebuilt[changed_card].stat().st_ino != before[changed_card].st_ino


def test_cache_entries_are_never_half_written_and_a_damaged_entry_is_rendered_again(tmp_path):
    basket = tmp_path / "koszyk"
    shutil.copytree(SAMPLE, basket)
    cache, site, clean = tmp_path / "pamiec", tmp_path / "strona", tmp_path / "od-zera"
    _build(basket, site, cache)
    entries = [path for path in (cache / "strony").rglob("*.html")]
    assert entries and not list((cache / "strony").rglob(".nowy-*"))
    for entry in entries:  # an emptied entry (a full disk, a crash of the machine) is not served
        os.truncate(entry, 0)
    _build(basket, site, cache)
    _build(basket, clean, "")
    rebuilt, reference = _files(site), _files(clean)
    assert _differences(rebuilt, reference) == []


def _entries(cache: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in (cache / "strony").rglob("*.html")}


def test_pages_kept_in_the_site_between_builds_are_never_written_through(tmp_path):
    """A rebuild leaves a page that is still its cache entry in place; any other linked file in
    the site goes before MkDocs writes, so no cache entry is ever written through a link."""
    basket = tmp_path / "koszyk"
    shutil.copytree(SAMPLE, basket)
    cache, site = tmp_path / "pamiec", tmp_path / "strona"
    _build(basket, site, cache)
    entries = _entries(cache)
    pages = sorted((site / "public" / "uslugi").glob("*/index.html"))
    wrong, other = pages[0], pages[1]
    wrong.unlink()
    os.link(other, wrong)  # a page that is another page's entry
    (site / "public" / "uslugi" / "obca").mkdir()
    os.link(other, site / "public" / "uslugi" / "obca" / "index.html")  # a linked page no build made
    (site / "public" / "partnerzy" / "index.html").unlink()
    os.link(other, site / "public" / "partnerzy" / "index.html")  # where MkDocs writes a page itself
    (site / "public" / "uslugi" / "stare").symlink_to(cache, target_is_directory=True)  # a link to a folder
    snapshot = tmp_path / "kopia"  # a deploy step's hard-link copy: every file of the site has two links
    shutil.copytree(site, snapshot, copy_function=os.link)
    copied = {uri: path.read_bytes() for uri, path in _files(snapshot).items()}
    _change_first_service(basket)

    _build(basket, site, cache)
    _build(basket, tmp_path / "od-zera", "")
    _assert_same_as_clean_build(site, tmp_path / "od-zera")
    assert not (site / "public" / "uslugi" / "obca").exists()
    assert not os.path.lexists(site / "public" / "uslugi" / "stare")
    assert {path: path.read_bytes() for path in entries} == entries
    assert {uri: path.read_bytes() for uri, path in _files(snapshot).items()} == copied


def test_a_dirty_mkdocs_build_with_the_cache_off_never_writes_into_the_cache(tmp_path):
    basket = tmp_path / "koszyk"
    shutil.copytree(SAMPLE, basket)
    cache, site = tmp_path / "pamiec", tmp_path / "strona"
    _build(basket, site, cache)
    entries = _entries(cache)
    service_id, _slug = _change_first_service(basket)
    config = variant_config(BuildRequest(ROOT / "mkdocs.yml", "public", site / "public", basket, today=TODAY,
                                         cache_dir=Path("")))
    mkdocs_build(config, dirty=True)  # ``mkdocs build --dirty`` into a site whose pages are cache links
    assert "Opis zmieniony" in (site / "public" / "uslugi" / service_id / "index.html").read_text(encoding="utf-8")
    assert _entries(cache) == entries


def test_a_build_that_keeps_nothing_writes_every_page_and_one_stopped_by_bad_data_leaves_the_last_site(
        tmp_path, monkeypatch):
    """Invalid data stop the build before the site is touched, with a cache as without one
    (``KoszykPlugin.on_pre_build``): the last good site stays, whole, its pages still linked."""
    basket = tmp_path / "koszyk"
    shutil.copytree(SAMPLE, basket)
    cache, site = tmp_path / "pamiec", tmp_path / "strona"
    build = functools.partial(build_site, ROOT / "mkdocs.yml", ["public"], site, basket, today=TODAY,
                              cache_dir=cache)  # one variant: built in this process
    assert build() == {"public": None}
    entries = _entries(cache)

    # the cache secret cannot be kept: the build uses no cache, and writes every page itself
    monkeypatch.setattr(plugin, "secret_is_kept", lambda: False)
    _change_first_service(basket)
    assert build() == {"public": None}
    assert _entries(cache) == entries
    assert all(path.stat().st_nlink == 1 for path in _files(site / "public").values())  # scripts and data too
    monkeypatch.undo()

    assert build() == {"public": None}
    assert any(path.stat().st_nlink > 1 for path in (site / "public" / "uslugi").rglob("*.html"))
    last = {uri: path.read_bytes() for uri, path in _files(site / "public").items()}
    card = sorted((basket / "partnerzy").glob("*.yml"))[0]
    card.write_text(card.read_text(encoding="utf-8") + "\nnieznane_pole: [\n", encoding="utf-8")
    assert build()["public"]
    assert {uri: path.read_bytes() for uri, path in _files(site / "public").items()} == last


def test_a_file_that_goes_back_to_an_earlier_version_is_dated_as_new(tmp_path):
    """Mirrors and HTTP caches (``If-Modified-Since``) must not keep a withdrawn version because
    the site's file, served again from an older cache entry, looks older than what they hold."""
    basket = tmp_path / "koszyk"
    shutil.copytree(SAMPLE, basket)
    cache, site = tmp_path / "pamiec", tmp_path / "strona"
    build = functools.partial(build_site, ROOT / "mkdocs.yml", ["public"], site, basket, today=TODAY,
                              cache_dir=cache)
    card = sorted((basket / "partnerzy").glob("*.yml"))[0]
    original = card.read_text(encoding="utf-8")
    watched = [site / "public" / "formularz" / "karty" / f"{card.stem}.json", site / "public" / "otwarte-dane" / "koszyk.json"]
    assert build() == {"public": None}
    _change_first_service(basket)
    assert build() == {"public": None}
    changed = [path.stat().st_mtime_ns for path in watched]
    card.write_text(original, encoding="utf-8")
    assert build() == {"public": None}
    assert all(path.stat().st_mtime_ns >= when for path, when in zip(watched, changed))


def test_the_two_variants_share_no_file_and_a_file_written_to_in_place_is_not_served_again(tmp_path):
    basket = tmp_path / "koszyk"
    shutil.copytree(SAMPLE, basket)
    cache, site = tmp_path / "pamiec", tmp_path / "strona"
    _build(basket, site, cache)
    public = {(path.stat().st_ino, path.stat().st_dev) for path in _files(site / "public").values()}
    assert not public & {(path.stat().st_ino, path.stat().st_dev) for path in _files(site / "intranet").values()}

    card = sorted((site / "intranet" / "formularz" / "karty").glob("*.json"))[0]
    public_card = site / "public" / "formularz" / "karty" / card.name
    public_bytes = public_card.read_bytes()
    with card.open("ab") as stream:  # a deploy step appending in place: the same file as the cache entry
        stream.write(b" /* tylko w intranecie */")
    assert public_card.read_bytes() == public_bytes
    _build(basket, site, cache)
    _build(basket, tmp_path / "od-zera", "")
    _assert_same_as_clean_build(site, tmp_path / "od-zera")


def test_a_staged_file_the_cache_holds_is_linked_not_written_and_only_when_the_bytes_match(tmp_path):
    """Card files and search index chunks that did not change are linked from the cache into the
    staging folder; a changed entry, another variant's entry or no cache: a new file."""
    cache = PageCache(tmp_path / "pamiec", kind=FILES_FOLDER)
    content = '{"partner": "Ośrodek"}'.encode()
    entry = Path(cache.entry(file_key("intranet", hashlib.sha256(content).hexdigest())))
    entry.parent.mkdir(parents=True)
    entry.write_bytes(content)
    same = lambda path: path.stat().st_ino == entry.stat().st_ino  # noqa: E731

    stage_bytes(cache, "intranet", tmp_path / "kept.json", content)
    stage_bytes(cache, "public", tmp_path / "other-variant.json", content)
    stage_bytes(None, "intranet", tmp_path / "no-cache.json", content)
    assert same(tmp_path / "kept.json")
    assert not same(tmp_path / "other-variant.json") and not same(tmp_path / "no-cache.json")
    entry.unlink()
    entry.write_bytes(content.replace("Ośrodek".encode(), b"Osrodekk"))  # as long, but its name no longer tells its bytes
    stage_bytes(cache, "intranet", tmp_path / "changed-entry.json", content)
    assert not same(tmp_path / "changed-entry.json")
    for name in ("kept", "other-variant", "no-cache", "changed-entry"):
        assert (tmp_path / f"{name}.json").read_bytes() == content


def test_staged_files_are_linked_from_the_cache_but_the_package_scripts_never_leave_the_package(tmp_path):
    """The open data and the index are kept in the cache and linked into the site (a new one is
    the staged file itself: ``test_a_new_staged_file_becomes_its_entry_and_any_other_is_copied``);
    the package's own scripts are copied, never linked out of the package."""
    basket = tmp_path / "koszyk"
    shutil.copytree(SAMPLE, basket)
    cache, site = tmp_path / "pamiec", tmp_path / "strona"
    _build(basket, site, cache)
    entries = {(path.stat().st_ino, path.stat().st_dev) for path in (cache / FILES_FOLDER).rglob("*") if path.is_file()}
    for name in ("otwarte-dane/koszyk.json", "szukaj/indeks/manifest.json", "javascripts/szukaj.js"):
        found = (site / "public" / name).stat()
        assert (found.st_ino, found.st_dev) in entries and found.st_nlink == 2, name
    script = plugin.ASSETS / "szukaj.js"
    assert script.stat().st_nlink == 1
    assert script.stat().st_ino != (site / "public" / "javascripts" / "szukaj.js").stat().st_ino
    with (site / "public" / "otwarte-dane" / "koszyk.json").open("ab") as stream:  # written to in place: not kept
        stream.write(b" ")
    _build(basket, site, cache)
    _build(basket, tmp_path / "od-zera", "")
    _assert_same_as_clean_build(site, tmp_path / "od-zera")


def test_a_new_staged_file_becomes_its_entry_and_any_other_is_copied(tmp_path):
    cache, staging = PageCache(tmp_path / "pamiec", kind=FILES_FOLDER), tmp_path / "staging"
    staging.mkdir()
    inode = lambda path: os.stat(path).st_ino  # noqa: E731

    def stored(name: str, adopt: bool = True, mode: int | None = None, linked: bool = False) -> tuple[Path, Path]:
        staged = staging / f"{name}.json"
        staged.write_bytes(name.encode())
        if mode is not None:
            staged.chmod(mode)
        if linked:
            os.link(staged, tmp_path / f"{name}-link")
        assert cache.store(f"klucz-{name}", staged, str(tmp_path / "strona" / f"{name}.json"), adopt=adopt)
        return staged, Path(cache.entry(f"klucz-{name}"))

    staged, entry = stored("nowy")
    assert inode(staged) == inode(entry) == inode(tmp_path / "strona" / "nowy.json")
    for name, options in {"spoza": {"adopt": False}, "prywatny": {"mode": 0o600}, "dowiazany": {"linked": True}}.items():
        staged, entry = stored(name, **options)
        assert inode(staged) != inode(entry) and entry.read_bytes() == name.encode(), name
        assert stat.S_IMODE(entry.stat().st_mode) == new_file_mode(), name


def _assert_same_as_clean_build(rebuilt_site: Path, clean_site: Path) -> dict[str, Path]:
    rebuilt, reference = _files(rebuilt_site), _files(clean_site)
    assert sorted(rebuilt) == sorted(reference)
    assert _differences(rebuilt, reference) == []
    return rebuilt


def test_rebuild_after_the_taxonomy_or_the_date_changed_is_byte_identical_to_a_clean_build(tmp_path):
    basket, taxonomy = tmp_path / "koszyk", tmp_path / "taxonomy.yml"
    shutil.copytree(SAMPLE, basket)
    shutil.copy(ROOT / "site_config" / "taxonomy.yml", taxonomy)
    cache, incremental = tmp_path / "pamiec", tmp_path / "przyrostowo"
    _build(basket, incremental, cache, taxonomy)

    # a label of the taxonomy: every page that names the area shows the new label
    text = taxonomy.read_text(encoding="utf-8")
    assert "kultura: {etykieta: Kultura," in text
    taxonomy.write_text(text.replace("kultura: {etykieta: Kultura,", "kultura: {etykieta: Kultura i czytanie,"),
                        encoding="utf-8")
    _build(basket, incremental, cache, taxonomy)
    _build(basket, tmp_path / "od-zera-slowniki", "", taxonomy)
    rebuilt = _assert_same_as_clean_build(incremental, tmp_path / "od-zera-slowniki")
    assert any("Kultura i czytanie" in rebuilt[uri].read_text(encoding="utf-8")
               for uri in rebuilt if uri.startswith("public/uslugi/"))

    # a later date: cards not verified for over a year are marked on their service pages
    later = "2029-01-15"
    _build(basket, incremental, cache, taxonomy, today=later)
    _build(basket, tmp_path / "od-zera-data", "", taxonomy, today=later)
    rebuilt = _assert_same_as_clean_build(incremental, tmp_path / "od-zera-data")
    stale = [uri for uri in rebuilt if uri.startswith("public/uslugi/")
             and "Dane mogą być nieaktualne" in rebuilt[uri].read_text(encoding="utf-8")]
    assert stale


def _build_with_package(package_root: Path, basket: Path, site: Path, cache: Path | str) -> None:
    """``koszyk build`` run with koszyk imported from ``package_root`` (a copy of the package)."""
    environment = {**os.environ, "PYTHONPATH": str(package_root), "KOSZYK_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-m", "koszyk.cli", "build", "--basket", str(basket), "--site-dir",
                           str(site), "--today", TODAY, "--config-file", str(ROOT / "mkdocs.yml")],
                          env=environment, capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr


def test_rebuild_after_a_page_template_changed_shows_the_new_template_everywhere(tmp_path):
    """koszyk's own templates are part of every page's key: an edited checkout renders again."""
    package_root = tmp_path / "kod"
    shutil.copytree(ROOT / "generator" / "koszyk", package_root / "koszyk",
                    ignore=shutil.ignore_patterns("__pycache__"))
    basket, cache, incremental = tmp_path / "koszyk", tmp_path / "pamiec", tmp_path / "przyrostowo"
    shutil.copytree(SAMPLE, basket)
    _build_with_package(package_root, basket, incremental, cache)

    for template in ("service.html", "partner.html"):
        path = package_root / "koszyk" / "templates" / "pages" / template
        path.write_text(path.read_text(encoding="utf-8") + '\n<p class="szablon-zmieniony">Nowy akapit szablonu</p>\n',
                        encoding="utf-8")
    _build_with_package(package_root, basket, incremental, cache)
    _build_with_package(package_root, basket, tmp_path / "od-zera", "")
    rebuilt = _assert_same_as_clean_build(incremental, tmp_path / "od-zera")
    pages = [uri for uri in rebuilt if uri.startswith(("public/uslugi/", "intranet/partnerzy/"))
             and uri.endswith("/index.html") and uri.count("/") == 3]
    assert len(pages) > 20
    for uri in pages:
        assert "Nowy akapit szablonu" in rebuilt[uri].read_text(encoding="utf-8"), uri


def test_a_rebuild_mends_what_was_done_to_the_last_site_as_a_clean_build_would(tmp_path):
    """A page replaced by a folder, a page made private with ``chmod`` (the same file as its cache
    entry) and a folder left by a build under ``umask 077``: the rebuild is the clean build."""
    basket = tmp_path / "koszyk"
    shutil.copytree(SAMPLE, basket)
    cache, site = tmp_path / "pamiec", tmp_path / "strona"
    _build(basket, site, cache)
    pages = sorted((site / "public" / "uslugi").glob("*/index.html"))
    pages[0].unlink()
    (pages[0] / "zagubiony").mkdir(parents=True)
    os.chmod(pages[1], 0o600)
    os.chmod(pages[2].parent, 0o700)
    os.chmod(site / "public", 0o700)  # the folder a web server serves
    _build(basket, site, cache)
    _build(basket, tmp_path / "od-zera", "")
    _assert_same_as_clean_build(site, tmp_path / "od-zera")
    modes = {path.relative_to(site): stat.S_IMODE(path.stat().st_mode) for path in site.rglob("*") if path.is_dir()}
    clean = {path.relative_to(tmp_path / "od-zera"): stat.S_IMODE(path.stat().st_mode)
             for path in (tmp_path / "od-zera").rglob("*") if path.is_dir()}
    assert modes == clean

    another = tmp_path / "druga"  # the private page's entry is not handed to a later site either
    _build(basket, another, cache)
    _assert_same_as_clean_build(another, tmp_path / "od-zera")

    os.chmod(another / "intranet", 0o700)  # without a cache too
    _build(basket, another, "")
    assert stat.S_IMODE((another / "intranet").stat().st_mode) == clean[Path("intranet")]


def _other_group() -> int | None:
    """A group this process may give its folders besides its own (any, as root)."""
    others = [group for group in os.getgroups() if group != os.getegid()]
    return others[0] if others else (os.getegid() + 1 if os.geteuid() == 0 else None)


def test_a_staged_file_is_copied_where_the_cache_gives_files_the_group_of_a_web_server(tmp_path):
    """A setgid cache (and site) folder of the web server's group: the cache's files, and so the
    site's links to them, must be in that group, which a file made in the temp folder is not."""
    group = _other_group()
    if group is None:
        pytest.skip("ten użytkownik nie może nadać folderowi innej grupy")
    cache_folder, staging = tmp_path / "pamiec", tmp_path / "staging"
    cache_folder.mkdir()
    staging.mkdir()
    os.chown(cache_folder, -1, group)
    cache_folder.chmod(0o2775)
    staged = staging / "indeks.json"
    staged.write_bytes(b"{}")
    cache = PageCache(cache_folder, kind=FILES_FOLDER)
    assert cache.store("klucz", staged, str(tmp_path / "strona" / "indeks.json"), adopt=True)
    entry = Path(cache.entry("klucz"))
    assert entry.stat().st_gid == group and entry.stat().st_ino != staged.stat().st_ino
    assert (tmp_path / "strona" / "indeks.json").stat().st_gid == group


def test_a_kept_setgid_folder_stays_setgid_when_its_rights_are_set_as_now(tmp_path):
    folder = tmp_path / "strona"
    folder.mkdir()
    folder.chmod(0o2700)
    made_as_now(str(folder), 0o755)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o2755


def test_a_staged_file_with_rights_beyond_its_mode_is_copied_not_adopted(tmp_path, monkeypatch):
    """An ACL the temp folder gave the staged file (e.g. a web server's group) must not reach the
    cache and the site, where a clean build's file has none."""
    staging = tmp_path / "staging"
    staging.mkdir()
    staged = staging / "uslugi.json"
    staged.write_bytes(b"[]")
    real = os.listxattr
    monkeypatch.setattr(os, "listxattr", lambda path, **kwargs: ["system.posix_acl_access"]
                        if os.fspath(path) == str(staged) else real(path, **kwargs))
    cache = PageCache(tmp_path / "pamiec", kind=FILES_FOLDER)
    assert cache.store("klucz", staged, str(tmp_path / "strona" / "uslugi.json"), adopt=True)
    assert Path(cache.entry("klucz")).stat().st_ino != staged.stat().st_ino
