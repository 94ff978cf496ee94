"""WCAG 2.1 AA: axe-core in headless Chromium on every page type, both variants, light and dark."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .browser import serve

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home and matrix": "",
    "browse index": "przegladaj/",
    "browse value": "przegladaj/obszary/zdrowie/",
    "matrix cell with results": "przegladaj/macierz/edukacja/dzieci_mlodziez/",
    "matrix cell without results": "przegladaj/macierz/mieszkalnictwo/dzieci_mlodziez/",
    "service": "uslugi/diagnoza-psychologiczna/",
    "service, stale card": "uslugi/lekarz-poz/",
    "partner": "partnerzy/ops-przykladowo/",
    "partners": "partnerzy/",
    "model documentation": "model/",
    "partner guide": "model/przewodnik-partnera/",
    "needs thesaurus guide": "model/slownik-potrzeb/",
    "tools": "model/narzedzia/",
    "tool with fields, checkboxes and tables": "model/narzedzia/07-karta-uslug/",
    "tool with a filled-in agenda table": "model/narzedzia/05-spotkanie-inicjujace/",
    "monitoring guide": "model/monitoring/",
    "card fields": "model/pola-karty/",
    "glossary": "model/slowniczek/",
    "accessibility statement": "deklaracja-dostepnosci/",
    "easy to read": "latwy-tekst/",
    "not found": "404.html",
    "search, empty": "szukaj/",
    "search with results and facets": "szukaj/?q=terapia&obszar=zdrowie",
    "search without results": "szukaj/?q=terapia&obszar=kultura",
}
INTRANET_ONLY = {
    "internal service": "uslugi/kontrakt-socjalny-zespol/",
    "reports": "raporty/",
    "report: gaps": "raporty/luki/",
    "report: access and charts": "raporty/dostep/",
    "report: stale cards": "raporty/aktualnosc/",
    "report: comparison": "raporty/porownanie/",
    "report: monitoring": "raporty/monitoring/",
}
COLLECTION_PAGES = {  # what a collection (tests/collection/) adds, both variants
    "collection: home": "",
    "collection: browse index with gminas": "przegladaj/",
    "collection: gmina with its matrix": "przegladaj/gminy/beta/",
    "collection: partner shared by gminas": "partnerzy/pup/",
    "collection: service from a published source": "uslugi/delta-posrednictwo-pracy/",
    "collection: search with the gmina facet": "szukaj/?gmina=beta",
}
COLLECTION_INTRANET_ONLY = {
    "collection: deficits report": "raporty/braki-gmin/",
    "collection: reports": "raporty/",
}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The dark palette changes colours only: everything else was checked in the light one.
RULES = {"light": {"type": "tag", "values": TAGS}, "dark": {"type": "rule", "values": ["color-contrast"]}}


def axe_failures(site, browser, pages: dict[str, str], scheme: str) -> list[str]:
    """axe-core's report for every page of ``pages`` that has violations."""
    axe = Axe()
    failures = []
    with serve(site) as base:
        context = browser.new_context(color_scheme=scheme, locale="pl-PL", reduced_motion="reduce")
        page = context.new_page()
        for name, url in pages.items():
            page.goto(base + url)
            page.wait_for_load_state("load")
            if url.startswith("szukaj/?"):
                page.wait_for_function("document.body.dataset.searchDone")
            results = axe.run(page, options={"runOnly": RULES[scheme]})
            if results.violations_count:
                failures.append(f"{name} ({url}):\n{results.generate_report()}")
        context.close()
    return failures


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("variant", ["public", "intranet"])
def test_every_page_type_has_no_axe_violations(sample_site, browser, variant, scheme):
    pages = PAGE_TYPES | (INTRANET_ONLY if variant == "intranet" else {})
    failures = axe_failures(sample_site / variant, browser, pages, scheme)
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("variant", ["public", "intranet"])
def test_collection_pages_have_no_axe_violations(collection_site, browser, variant, scheme):
    pages = COLLECTION_PAGES | (COLLECTION_INTRANET_ONLY if variant == "intranet" else {})
    failures = axe_failures(collection_site / variant, browser, pages, scheme)
    assert not failures, "\n\n".join(failures)


def test_dark_palette_is_really_applied(sample_site, browser):
    with serve(sample_site / "public") as base:
        context = browser.new_context(color_scheme="dark")
        page = context.new_page()
        page.goto(base)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        context.close()


def test_keyboard_reaches_content_through_the_skip_link(sample_site, browser):
    with serve(sample_site / "public") as base:
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "uslugi/diagnoza-psychologiczna/")
        page.bring_to_front()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == "Przejdź do treści"
        # Material hides the link off-screen until it has focus: now it must be on screen
        box = page.evaluate("JSON.stringify(document.activeElement.getBoundingClientRect())")
        assert '"width":0' not in box
        page.keyboard.press("Enter")
        assert page.url.endswith("#tresc")
        context.close()
