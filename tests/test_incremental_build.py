"""A rebuild after one card changed reuses every page that did not change, and matches a clean build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml

from koszyk.building import build_site

from .conftest import ROOT, SAMPLE, TODAY

VARIANTS = ["public", "intranet"]


def _build(basket: Path, site: Path, cache: Path | str) -> None:
    outcome = build_site(ROOT / "mkdocs.yml", VARIANTS, site, basket, today=TODAY, cache_dir=Path(cache))
    assert outcome == {"public": None, "intranet": None}, outcome


def _files(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in sorted(site.rglob("*")) if path.is_file()}


def _differences(rebuilt: dict[str, Path], reference: dict[str, Path]) -> list[str]:
    """Files whose bytes differ: every file, workbooks and the partner documents' templates too
    (they record when the basket's cards last changed, not when the site was built)."""
    return [uri for uri in reference if rebuilt[uri].read_bytes() != reference[uri].read_bytes()]


def _change_first_service(basket: Path) -> tuple[str, str]:
    """A new description for the first service of the first card; its id and its card's slug."""
    card_path = sorted((basket / "partnerzy").glob("*.yml"))[0]
    card = yaml.safe_load(card_path.read_text(encoding="utf-8"))
    service = card["uslugi"][0]
    service["opis"] = "Opis zmieniony po pierwszym budowaniu <img src=x onerror=alert(1)>."
    card_path.write_text(yaml.safe_dump(card, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return service["id"], card_path.stem


def test_rebuild_after_one_card_changed_is_byte_identical_to_a_clean_build_and_keeps_unchanged_pages(tmp_path):
    basket = tmp_path / "koszyk"
    shutil.copytree(SAMPLE, basket)
    cache, incremental, clean = tmp_path / "pamiec", tmp_path / "przyrostowo", tmp_path / "od-zera"

    _build(basket, incremental, cache)
    before = {uri: path.stat() for uri, path in _files(incremental).items()}
    service_id, card_slug = _change_first_service(basket)
    _build(basket, incremental, cache)
    _build(basket, clean, "")  # no cache at all: every page rendered

    rebuilt, reference = _files(incremental), _files(clean)
    assert sorted(rebuilt) == sorted(reference)
    assert _differences(rebuilt, reference) == []

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
