"""Partner text is hostile: a card with an HTML payload in every text field stays text on both sites.

The basket (``hostile_card.py``) is built once for this module. The fast tests read
every built file; the browser tests open the pages that show the card in Chromium.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from koszyk.building import build_site

from .browser import serve
from .conftest import ROOT, SAMPLE, TODAY
from .hostile_card import MARK, PAYLOAD, SERVICE_STATUSES, SLUG, TOWN, hostile_card, write_hostile_basket

VARIANTS = ("public", "intranet")
# The payload's tags as a parser would meet them if they reached a page unescaped.
LIVE = ("<img src=x", "<svg onload", "<svg/onload", f"<script>window.{MARK}", "</title><script", "<!--<script")
JSON_BLOCK = re.compile(r'<script\b[^>]*type="application/json"[^>]*>(.*?)</script>', re.S)
SITE_NAME = re.search(r"^site_name: !ENV \[KOSZYK_SITE_NAME, \"(.+)\"\]$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """``<tmp>/public`` and ``<tmp>/intranet``, built from the sample basket plus the hostile card."""
    root = tmp_path_factory.mktemp("hostile")
    basket = write_hostile_basket(SAMPLE, root / "repo")
    outcome = build_site(ROOT / "mkdocs.yml", list(VARIANTS), root / "site", basket, strict=True, today=TODAY)
    assert outcome == {"public": None, "intranet": None}, outcome
    return root / "site"


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def built_files(site: Path, *suffixes: str) -> list[Path]:
    return sorted(path for path in site.rglob("*") if path.suffix in suffixes)


# ---- the built files ----


@pytest.mark.parametrize("variant", VARIANTS)
def test_no_page_or_feed_carries_the_payload_as_markup(hostile_site, variant):
    files = built_files(hostile_site / variant, ".html", ".xml", ".svg")
    assert len(files) > 300
    carrying = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        carrying += MARK in text
        live = [tag for tag in LIVE if tag in text]
        assert not live, f"{path.relative_to(hostile_site)}: {live}"
    assert carrying > 100  # the payload did reach the pages, as text


@pytest.mark.parametrize("variant", VARIANTS)
def test_names_read_as_typed_in_title_header_heading_and_nav(hostile_site, variant):
    site = hostile_site / variant
    for url in [f"uslugi/{service_id}" for service_id in SERVICE_STATUSES] + [f"partnerzy/{SLUG}"]:
        page = soup(site, url)
        assert page.title.get_text() == f"{PAYLOAD} - {SITE_NAME}", url
        assert page.select_one("article h1").get_text() == PAYLOAD, url
        topic = page.select_one("[data-md-component=header-topic] .md-ellipsis").get_text(strip=True)
        assert topic == PAYLOAD, url
    home_entry = soup(site, "model").select_one("nav.md-nav--primary .md-nav__link .md-ellipsis")
    assert home_entry.get_text(strip=True) == PAYLOAD  # the home page's nav entry bears the basket's name


@pytest.mark.parametrize("variant", VARIANTS)
def test_json_inside_pages_escapes_markup_and_parses(hostile_site, variant):
    blocks = 0
    for path in built_files(hostile_site / variant, ".html"):
        for block in JSON_BLOCK.findall(path.read_text(encoding="utf-8")):
            blocks += 1
            assert not set("<>&") & set(block), path
            json.loads(block)
    assert blocks >= 1
    settings = JSON_BLOCK.search((hostile_site / variant / "szukaj" / "index.html").read_text(encoding="utf-8"))
    assert json.loads(settings.group(1))["facets"]["gmina"]["labels"][TOWN] == TOWN


@pytest.mark.parametrize("variant", VARIANTS)
def test_feed_and_sitemap_are_well_formed_xml_with_names_as_text(hostile_site, variant):
    for path in built_files(hostile_site / variant, ".xml"):
        ET.parse(path)
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(hostile_site / variant / "co-nowego" / "atom.xml").getroot()
    assert feed.findtext(f"{atom}title") == f"Co nowego: {PAYLOAD}"
    titles = [entry.findtext(f"{atom}title") for entry in feed.iter(f"{atom}entry")]
    assert f"Nowa usługa: {PAYLOAD}" in titles
    assert not [element.tag for element in feed.iter() if not element.tag.startswith(atom)]


def test_individual_basket_data_is_inert_json(hostile_site):
    text = (hostile_site / "intranet" / "koszyk" / "uslugi.json").read_text(encoding="utf-8")
    assert not set("<>&") & set(text)
    entries = json.loads(text)
    assert {entries[service_id]["nazwa"] for service_id in SERVICE_STATUSES} == {PAYLOAD}
    assert entries["wrogi-tekst"]["realizator"] == PAYLOAD


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_json_file_parses(hostile_site, variant):
    for path in built_files(hostile_site / variant, ".json"):
        json.loads(path.read_text(encoding="utf-8"))


# ---- in Chromium ----

# What a payload that came alive would leave behind: handlers, elements, scripts, the global.
PROBE = """(mark) => {
  const handlers = [];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (attribute.name.toLowerCase().startsWith("on") && attribute.value.includes(mark)) {
        handlers.push(`${element.tagName}[${attribute.name}]`);
      }
    }
  }
  const elements = [...document.querySelectorAll("img, svg")]
    .filter((element) => element.getAttribute("src") === "x" || element.hasAttribute("onload"))
    .map((element) => element.outerHTML.slice(0, 80));
  const scripts = [...document.scripts]
    .filter((script) => script.type !== "application/json" && script.textContent.includes(mark))
    .map((script) => script.outerHTML.slice(0, 80));
  return { handlers, elements, scripts, global: typeof window[mark] };
}"""
INERT = {"handlers": [], "elements": [], "scripts": [], "global": "undefined"}
BASKET_KEY = "koszyk.indywidualny.v1"


def pages_showing_the_card(variant: str) -> list[str]:
    """The card's partner and services, the pages that list them, and the site-wide pages."""
    card = hostile_card()
    urls = ["", "szukaj/", "co-nowego/", "partnerzy/", f"partnerzy/{SLUG}/", "przegladaj/", "model/"]
    for service in card["uslugi"]:
        urls.append(f"uslugi/{service['id']}/")
        urls += [f"przegladaj/obszary/{area}/" for area in service["obszary"]]
        urls += [f"przegladaj/grupy/{group}/" for group in service["grupy_docelowe"]]
        urls += [f"przegladaj/macierz/{a}/{g}/" for a in service["obszary"] for g in service["grupy_docelowe"]]
        urls.append(f"przegladaj/dostep/{service['dostep']['tryb']}/")
    urls.append(f"przegladaj/typy/{card['partner']['typ']}/")
    if variant == "intranet":
        urls += ["koszyk/", "raporty/", "raporty/luki/", "raporty/dostep/", "raporty/aktualnosc/", "raporty/porownanie/"]
    else:
        urls.append("otwarte-dane/")
    return list(dict.fromkeys(urls))


def seeded_basket() -> str:
    """The worker's basket in localStorage: the hostile services, one unknown id, notes with the payload."""
    note = {"termin": "", "odpowiedzialny": PAYLOAD, "krok": PAYLOAD}
    items = [{"id": service_id, "name": PAYLOAD, "fp": "dawny", "added": "2026-01-01", "note": note}
             for service_id in [*SERVICE_STATUSES, "usluga-ktorej-juz-nie-ma"]]
    return json.dumps({"items": items})


@pytest.fixture
def hostile_browser(hostile_site, browser, request):
    """(page, base URL, site folder) for one variant; the intranet page starts with a filled basket."""
    site = hostile_site / request.param
    with serve(site) as base:
        context = browser.new_context(locale="pl-PL")
        if request.param == "intranet":
            context.add_init_script(f"localStorage.setItem({json.dumps(BASKET_KEY)}, {json.dumps(seeded_basket())})")
        page = context.new_page()
        yield page, base, site
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("hostile_browser", VARIANTS, indirect=True)
def test_no_payload_runs_on_any_page_that_shows_the_card(hostile_browser):
    page, base, site = hostile_browser
    urls = pages_showing_the_card(site.name)
    for url in urls:
        assert (site / url / "index.html").exists(), url
        page.goto(base + url)
        if url == "koszyk/":
            page.wait_for_function("document.body.dataset.basketReady === 'true'")
            assert page.locator("#koszyk-lista > li h3").all_inner_texts() == [PAYLOAD] * 4
            assert PAYLOAD in page.inner_text("#koszyk-wydruk-wiersze")  # the print view, from the notes
        assert page.evaluate(PROBE, MARK) == INERT, url


@pytest.mark.browser
@pytest.mark.parametrize("hostile_browser", VARIANTS, indirect=True)
def test_search_page_works_and_shows_hostile_names_as_text(hostile_browser):
    page, base, site = hostile_browser
    page.goto(base + "szukaj/")
    town = page.evaluate("JSON.parse(document.getElementById('szukaj-ustawienia').textContent).facets.gmina.labels")
    assert town[TOWN] == TOWN
    page.wait_for_function("document.body.dataset.searchDone", timeout=10_000)  # the page's own first search
    before = page.evaluate("document.body.dataset.searchDone")
    page.fill("#szukaj-q", "onerror")
    page.press("#szukaj-q", "Enter")
    page.wait_for_function("(before) => document.body.dataset.searchDone && document.body.dataset.searchDone !== before",
                           arg=before, timeout=10_000)
    titles = page.locator("#szukaj-lista h3 a").all_inner_texts()
    assert titles.count(PAYLOAD) == len(SERVICE_STATUSES), titles
    assert page.evaluate(PROBE, MARK) == INERT
    if site.name == "intranet":  # the results' basket buttons carry the name too
        page.locator("#szukaj-lista button[data-basket-id]").first.click()
        assert PAYLOAD in page.inner_text("#koszyk-komunikat")
        assert page.evaluate(PROBE, MARK) == INERT


@pytest.mark.browser
@pytest.mark.parametrize("hostile_browser", ["intranet"], indirect=True)
def test_shared_link_with_hostile_ids_offers_only_known_services(hostile_browser):
    page, base, _ = hostile_browser
    ids = ["__proto__", "constructor", "%3Cimg%20src%3Dx%20onerror%3Dwindow.__xss%3D1%3E", "wrogi-tekst"]
    page.goto(base + "koszyk/#uslugi=" + ",".join(ids))
    page.wait_for_function("document.body.dataset.basketReady === 'true'")
    assert page.inner_text("#koszyk-wspolny-opis") == (
        f"Link zawiera 1 usługę: {PAYLOAD}. Pominięto 3 nieznane identyfikatory"
        " (takiej usługi nie ma już w koszyku usług).")
    assert page.evaluate(PROBE, MARK) == INERT


@pytest.mark.browser
@pytest.mark.parametrize("hostile_browser", VARIANTS, indirect=True)
def test_card_form_prefills_hostile_text_inertly_and_writes_it_back_as_typed(hostile_browser, tmp_path):
    page, base, site = hostile_browser
    page.goto(base + f"formularz/?partner={SLUG}")
    page.wait_for_selector(f"#formularz[data-loaded='{SLUG}']")
    assert page.evaluate(PROBE, MARK) == INERT
    assert page.input_value("#f-partner-nazwa") == PAYLOAD
    assert page.input_value("#f-partner-adres-miejscowosc") == TOWN
    assert page.input_value("#f-uslugi-0-opis") == PAYLOAD
    assert page.inner_text("#f-uslugi-0 > legend") == f"Usługa 1: {PAYLOAD}"
    with page.expect_download() as info:
        page.click("#formularz-yaml")
    info.value.save_as(tmp_path / "karta.yml")
    written = yaml.safe_load((tmp_path / "karta.yml").read_text(encoding="utf-8"))
    assert written["partner"]["nazwa"] == PAYLOAD and written["partner"]["adres"]["miejscowosc"] == TOWN
    assert written["uslugi"][0]["dostep"]["kryteria"][0]["warunek"] == PAYLOAD
    assert page.evaluate(PROBE, MARK) == INERT
