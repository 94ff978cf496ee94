"""Shared fixtures: the sample site is built once per test session, both variants."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from koszyk.building import build_site

from .browser import launch

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "baskets" / "przykladowo"
TODAY = "2026-11-23"


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """``<tmp>/public`` and ``<tmp>/intranet`` built from the sample basket."""
    site = tmp_path_factory.mktemp("site")
    outcome = build_site(ROOT / "mkdocs.yml", ["public", "intranet"], site, SAMPLE, strict=True, today=TODAY)
    assert outcome == {"public": None, "intranet": None}, outcome
    return site


@pytest.fixture(scope="session")
def sample_pages(sample_site) -> dict[str, list[tuple[Path, BeautifulSoup]]]:
    """Every HTML page of both sample variants, parsed once for the whole session
    (tests only read these trees; none may change them)."""
    return {variant: [(path, BeautifulSoup(path.read_text(encoding="utf-8"), "lxml"))
                      for path in sorted((sample_site / variant).rglob("*.html"))]
            for variant in ("public", "intranet")}


@pytest.fixture
def basket_copy(tmp_path) -> Path:
    """A writable copy of the sample basket."""
    target = tmp_path / "koszyk"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright, shared by every browser test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def collection_site(tmp_path_factory) -> Path:
    """``<tmp>/public`` and ``<tmp>/intranet`` built from the test collection (``tests/collection/``),
    with ``<tmp>/zrodla/powiat`` the collection folder it was built from."""
    from .collection_support import cache_published, copy_collection

    root = tmp_path_factory.mktemp("zestawienie")
    collection = copy_collection(root / "zrodla")
    cache_published(collection)
    outcome = build_site(ROOT / "mkdocs.yml", ["public", "intranet"], root, collection, strict=True, today=TODAY)
    assert outcome == {"public": None, "intranet": None}, outcome
    return root


@pytest.fixture(scope="session")
def national_site(tmp_path_factory) -> Path:
    """The test collection as a national list (``poziom: kraj``): ``<tmp>/public`` and ``<tmp>/intranet``."""
    from .collection_support import cache_published, copy_collection

    root = tmp_path_factory.mktemp("kraj")
    collection = copy_collection(root / "zrodla")
    cache_published(collection)
    spec = collection / "zestawienie.yml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("poziom: powiat", "poziom: kraj"), encoding="utf-8")
    outcome = build_site(ROOT / "mkdocs.yml", ["public", "intranet"], root, collection, strict=True, today=TODAY)
    assert outcome == {"public": None, "intranet": None}, outcome
    return root
