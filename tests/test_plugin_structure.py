"""The plugin's MkDocs structure: generated pages placed in the nav by declaration,
previous/next links that follow, and a Polish PluginError when the nav lacks a page."""

from __future__ import annotations

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from koszyk.pages import SitePage
from koszyk.structure import BasketPage, NavPlacement, place_in_nav, relink


def _site(tmp_path, uris: list[str], in_nav: list[str]):
    config = MkDocsConfig()
    config.load_dict({"site_name": "test", "docs_dir": str(tmp_path)})
    assert config.validate() == ([], [])
    files = Files([File(uri, str(tmp_path), str(tmp_path / "site"), True) for uri in uris])
    for file in files:
        Page(file.src_uri, file, config)
    pages = [files.get_file_from_path(uri).page for uri in in_nav]
    return Navigation(list(pages), list(pages)), files


def test_a_generated_page_goes_after_its_anchor_and_previous_next_follow(tmp_path):
    nav, files = _site(tmp_path, ["index.md", "partnerzy/index.md", "raporty/index.md", "o.md"],
                       ["index.md", "partnerzy/index.md", "o.md"])
    relink(nav)
    place_in_nav(nav, files, NavPlacement("raporty/index.md", "Raporty", after="partnerzy/index.md"))
    relink(nav)
    titles = [page.title for page in nav.pages]
    assert titles == ["index.md", "partnerzy/index.md", "Raporty", "o.md"]
    reports = nav.pages[2]
    assert reports.previous_page is nav.pages[1] and reports.next_page is nav.pages[3]
    assert nav.pages[1].next_page is reports and nav.pages[3].previous_page is reports


def test_a_page_goes_before_its_anchor(tmp_path):
    nav, files = _site(tmp_path, ["index.md", "otwarte-dane/index.md", "latwy-tekst.md"], ["index.md", "latwy-tekst.md"])
    place_in_nav(nav, files, NavPlacement("otwarte-dane/index.md", "Otwarte dane", before="latwy-tekst.md"))
    assert [page.title for page in nav.items] == ["index.md", "Otwarte dane", "latwy-tekst.md"]


def test_a_missing_anchor_is_a_polish_plugin_error(tmp_path):
    nav, files = _site(tmp_path, ["index.md", "otwarte-dane/index.md"], ["index.md"])
    with pytest.raises(PluginError, match="brak strony „latwy-tekst.md”"):
        place_in_nav(nav, files, NavPlacement("otwarte-dane/index.md", "Otwarte dane", before="latwy-tekst.md"))


def test_an_anchor_deeper_in_the_nav_is_named(tmp_path):
    nav, files = _site(tmp_path, ["index.md", "raporty/index.md", "partnerzy/index.md"], ["index.md"])
    with pytest.raises(PluginError, match="na najwyższym poziomie"):
        place_in_nav(nav, files, NavPlacement("raporty/index.md", "Raporty", after="partnerzy/index.md"))


def test_a_link_into_a_basket_page_is_checked_against_its_ids_only_when_asked(tmp_path):
    """MkDocs checks a Markdown link's ``#anchor`` against the page it names: a basket page's
    ids are those of its ``id`` attributes (not ``data-id``), found when asked, from the body
    even when the finished page comes from the cache and the body was never rendered."""
    config = MkDocsConfig()
    config.load_dict({"site_name": "test", "docs_dir": str(tmp_path)})
    assert config.validate() == ([], [])
    rendered = []

    def body() -> str:
        rendered.append(1)
        return '<h2 id="kontakt">K</h2><li data-id="x-1" id="usluga-7">U</li>'

    def page(uri: str, body) -> BasketPage:
        return BasketPage(SitePage(uri, "A", body), File(uri, str(tmp_path), str(tmp_path / "site"), True), config)

    from_cache = page("uslugi/a.md", body)
    assert rendered == []
    assert from_cache.present_anchor_ids == {"kontakt", "usluga-7"}
    rendered_here = page("uslugi/b.md", '<div id="a1"></div>')
    rendered_here.render(config, Files([]))
    assert rendered_here.present_anchor_ids == {"a1"}
