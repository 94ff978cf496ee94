"""WCAG 2.1 AA: axe-core in headless Chromium on every page type, both variants, light and dark,
on a 360 px phone and on a desktop (the public home with its need tiles is one of them)."""

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
    "search with zero results, close words and needs": "szukaj/?q=rehabylitacja&dokladnie=1",
    "search corrected": "szukaj/?q=pracownk+socjalny",
    "card form, prefilled": "formularz/?partner=gkrpa",
}
PUBLIC_ONLY = {
    "open data": "otwarte-dane/",
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


def axe_failures(site, browser, pages: dict[str, str], scheme: str, width: int = 1280) -> list[str]:
    """axe-core's report for every page of ``pages`` that has violations, at ``width`` px."""
    axe = Axe()
    failures = []
    with serve(site) as base:
        context = browser.new_context(color_scheme=scheme, locale="pl-PL", reduced_motion="reduce",
                                      viewport={"width": width, "height": 800})
        page = context.new_page()
        for name, url in pages.items():
            page.goto(base + url)
            page.wait_for_load_state("load")
            if url.startswith("szukaj/?"):
                page.wait_for_function("document.body.dataset.searchDone")
            if url.startswith("formularz/"):
                page.wait_for_selector("#formularz[data-loaded]")
            results = axe.run(page, options={"runOnly": RULES[scheme]})
            if results.violations_count:
                failures.append(f"{name} ({url}):\n{results.generate_report()}")
        context.close()
    return failures


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("variant", ["public", "intranet"])
def test_every_page_type_has_no_axe_violations(sample_site, browser, variant, scheme, width):
    pages = PAGE_TYPES | (INTRANET_ONLY if variant == "intranet" else PUBLIC_ONLY)
    failures = axe_failures(sample_site / variant, browser, pages, scheme, width)
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("variant", ["public", "intranet"])
def test_collection_pages_have_no_axe_violations(collection_site, browser, variant, scheme):
    pages = COLLECTION_PAGES | (COLLECTION_INTRANET_ONLY if variant == "intranet" else {})
    failures = axe_failures(collection_site / variant, browser, pages, scheme)
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("variant", ["public", "intranet"])
def test_national_list_pages_have_no_axe_violations(national_site, browser, variant):
    """A national list (``poziom: kraj``) links its matrices to the search page instead of lists."""
    pages = {"national: home": "", "national: gmina with its counts": "przegladaj/gminy/beta/",
             "national: search from a gmina's count": "szukaj/?gmina=beta&obszar=kultura&grupa=seniorzy"}
    failures = axe_failures(national_site / variant, browser, pages, "light")
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_tool_page_has_no_axe_violations(sample_site, browser, scheme):
    """Each of the 21 tools has its own page (issue #15); the page types above hold two of them."""
    tools = sorted(path.parent.name for path in (sample_site / "intranet" / "model" / "narzedzia").glob("*/index.html"))
    assert len(tools) == 21
    failures = axe_failures(sample_site / "intranet", browser, {tool: f"model/narzedzia/{tool}/" for tool in tools}, scheme)
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
