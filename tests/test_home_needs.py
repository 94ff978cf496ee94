"""The public home for residents: a big search box, need tiles with counts, help lines; both homes fit a phone."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup

from koszyk.helplines import Helpline, read_helplines
from koszyk.model import Access, Basket, Partner, Service
from koszyk.pages.browse import home_page
from koszyk.pages.needs import NeedTile, need_tiles
from koszyk.pages.rendering import Renderer
from koszyk.search import search_records, write_search_index
from koszyk.search.concepts import build_concepts
from koszyk.search.thesaurus import NeedGroup, Thesaurus, load_thesaurus
from koszyk.taxonomy import load_taxonomy
from koszyk.variants import Variant, basket_for

from .browser import serve

ROOT = Path(__file__).resolve().parent.parent
TAXONOMY = load_taxonomy()
PAYLOAD = "<img src=x onerror=alert(1)>"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def service(service_id: str, name: str, description: str = "", areas=("kultura",), groups=("mieszkancy",),
            status: str = "oferowana", visibility: str = "publiczna") -> Service:
    return Service(service_id, name, list(areas), list(groups), Access("powszechny"), description,
                   status=status, visibility=visibility, partner_slug="p",
                   listed=status != "wycofana", public=visibility == "publiczna")


def basket(*services: Service) -> Basket:
    return Basket("k", "Koszyk", partners=[Partner("p", "Stowarzyszenie Przykład", "ngo", services=list(services))])


SHELTER = NeedGroup("nocleg", "Dach nad głową", True, ("nie mam gdzie spać",), ("noclegownia",),
                    ("mieszkalnictwo",), ("osoby_w_kryzysie_bezdomnosci",))


def tile_counts(thesaurus: Thesaurus, listed: Basket, tmp_path: Path) -> list[int]:
    """The tiles' counts as the build makes them: from the search index of ``listed``."""
    counts: dict[str, int] = {}
    write_search_index(search_records(listed, TAXONOMY), tmp_path, build_concepts(TAXONOMY, thesaurus), counts)
    return [tile.count for tile in need_tiles(thesaurus, counts)]


def test_a_tile_counts_the_services_its_search_lists(tmp_path):
    found = basket(
        service("a", "Noclegownie miejskie"),                                   # a term, inflected
        service("b", "Rozmowa", "Dla tych, którzy nie mają gdzie spać."),       # another phrase: not the tile's search
        service("d", "Lokale socjalne", areas=("mieszkalnictwo",)),              # tagged with the area
        service("e", "Streetworking", groups=("osoby_w_kryzysie_bezdomnosci",)),  # tagged with the target group
        service("f", "Dach nad głowami dla każdego"),                            # the label's words, inflected
        service("g", "Chór seniora"),
        service("h", "Noclegownia (zamknięta)", status="wycofana"),             # withdrawn: never counted
    )
    assert tile_counts(Thesaurus((SHELTER,)), found, tmp_path) == [4]


def test_public_tiles_count_public_services_only(tmp_path):
    full = basket(service("a", "Noclegownia"), service("b", "Noclegownia dla pracowników", visibility="wewnetrzna"))
    thesaurus = Thesaurus((SHELTER,))
    assert tile_counts(thesaurus, basket_for(full, "public"), tmp_path / "public") == [1]
    assert tile_counts(thesaurus, basket_for(full, "intranet"), tmp_path / "intranet") == [2]


def test_a_rebuild_makes_a_needs_postings_again_once_a_service_uses_its_words(tmp_path):
    """A need's postings are kept between builds (``need_postings``); a change that leaves the
    number of services as it was but puts one of the need's words in a service makes them again."""
    concepts = build_concepts(TAXONOMY, Thesaurus((SHELTER,)))
    before = basket(service("a", "Rozmowa"), service("b", "Świetlica"))
    after = basket(service("a", "Rozmowa", "Także noclegownia dla mężczyzn."), service("b", "Świetlica"))

    def index(listed: Basket, folder: Path, cache: Path | None) -> tuple[dict[str, int], dict[str, bytes]]:
        counts: dict[str, int] = {}
        write_search_index(search_records(listed, TAXONOMY), folder, concepts, counts, cache)
        return counts, {path.name: path.read_bytes() for path in sorted((folder / "szukaj" / "indeks").glob("*.json"))}

    cache = tmp_path / "pamiec"
    assert index(before, tmp_path / "przed", cache)[0] == {SHELTER.label: 0}
    kept = index(after, tmp_path / "po", cache)
    assert kept == index(after, tmp_path / "od-zera", None)
    assert kept[0] == {SHELTER.label: 1}


def test_partner_typed_words_on_the_home_are_escaped():
    hostile = NeedGroup("x", f"Jedzenie {PAYLOAD}", True, ("głód",), (), (), ())
    line = Helpline("116 123", f"Telefon {PAYLOAD}", f"Opis {PAYLOAD}", f"całą dobę {PAYLOAD}")
    renderer = Renderer(TAXONOMY, Variant.PUBLIC, dt.date(2026, 11, 23))
    html = home_page(basket(service("a", "Głód")), renderer, [NeedTile(hostile, 1)], (line,)).html
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all("img")
    assert "Jedzenie <img src=x onerror=alert(1)>" in soup.select_one(".koszyk-need-tiles").get_text()
    assert soup.select_one(".koszyk-need-tiles a")["href"] == "szukaj/?q=Jedzenie%20%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E"


def home(site: Path, variant: str) -> BeautifulSoup:
    return BeautifulSoup((site / variant / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_public_home_has_the_big_search_box_and_one_tile_per_tile_group(sample_site):
    soup = home(sample_site, "public")
    form = soup.select_one("form.koszyk-need-search")
    assert form["action"] == "szukaj/" and form["method"] == "get"
    field = form.select_one("input[name=q]")
    assert soup.select_one(f"label[for={field['id']}]")
    assert soup.select_one("h2#czego-potrzebujesz").get_text() == "Czego potrzebujesz?"
    tiles = soup.select(".koszyk-need-tiles a")
    groups = load_thesaurus(ROOT / "site_config" / "potrzeby.yml", TAXONOMY).tiles
    assert 10 <= len(tiles) <= 14 and len(tiles) == len(groups)
    public_total = len(basket_for(_sample(), "public").listed_services)
    for tile, group in zip(tiles, groups):
        assert tile.select_one(".koszyk-need-tiles__label").get_text() == group.label
        assert parse_qs(urlsplit(tile["href"]).query) == {"q": [group.label]}
        assert urlsplit(tile["href"]).path == "szukaj/"
        count = int(re.fullmatch(r"(\d+) usług[ai]?", tile.select_one(".koszyk-need-tiles__count").get_text())[1])
        assert 0 <= count <= public_total
    # a need that is a target group counts at least every public service tagged with it
    foreigners = next(t for t, g in zip(tiles, groups) if "cudzoziemcy" in g.groups)
    tagged = sum("cudzoziemcy" in s.groups for s in basket_for(_sample(), "public").listed_services)
    assert int(foreigners.select_one(".koszyk-need-tiles__count").get_text().split()[0]) >= tagged > 0


def _sample() -> Basket:
    from koszyk.validation import read_basket

    return read_basket(ROOT / "baskets" / "przykladowo", TAXONOMY, dt.date(2026, 11, 23)).baskets[0]


def test_public_home_lists_every_help_line_of_the_config_as_a_phone_link(sample_site):
    configured = yaml.safe_load((ROOT / "site_config" / "telefony.yml").read_text(encoding="utf-8"))
    links = home(sample_site, "public").select(".koszyk-crisis a[href^='tel:']")
    assert [(a.get_text(), a["href"]) for a in links] == [
        (entry["numer"], "tel:" + entry["numer"].replace(" ", "")) for entry in configured]
    for number in ("112", "116 123", "116 111", "800 120 002", "800 12 12 12", "800 70 2222"):
        assert number in [a.get_text() for a in links]


def test_intranet_home_keeps_the_matrix_without_tiles_or_help_lines(sample_site):
    soup = home(sample_site, "intranet")
    assert soup.select_one("#macierz") and soup.select(".koszyk-matrix-wrap td a")
    assert not soup.select(".koszyk-need-tiles") and not soup.select(".koszyk-crisis")


def test_a_broken_help_lines_file_stops_with_a_located_polish_message(tmp_path):
    path = tmp_path / "telefony.yml"
    path.write_text('- numer: "116 123"\n  nazwa: Telefon\n- numer: "12-34"\n  nazwa: Zły\n'
                    '- numer: "116 123"\n  nazwa: Drugi raz\n- numer: "112"\n  nazwa: Alarm\n  godzina: zawsze\n',
                    encoding="utf-8")
    problems = [p.format_text() for p in read_helplines(path, tmp_path).problems]
    assert problems == [
        'telefony.yml:3:10: telefony[2].numer: podaj numer cyframi, grupy oddzielone spacją, np. "116 123" albo "800 120 002"',
        "telefony.yml:5:10: telefony[3].numer: numer 116 123 jest już w pozycji nr 1",
        "telefony.yml:9:3: telefony[4].godzina: nieznane pole „godzina”; czy chodziło o „godziny”?",
    ]


@pytest.mark.browser
@pytest.mark.parametrize("variant", ["public", "intranet"])
def test_home_does_not_scroll_sideways_on_a_360px_phone(sample_site, browser, variant):
    with serve(sample_site / variant) as base:
        page = browser.new_page(viewport={"width": 360, "height": 800})
        page.goto(base)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        region = page.locator(".koszyk-matrix-wrap")
        assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
        # the labelled region itself scrolls the whole matrix (not a nested box the keyboard cannot reach)
        assert page.evaluate("(el) => el.scrollWidth - el.clientWidth", region.element_handle()) > 300
        page.bring_to_front()
        region.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        page.wait_for_function("(el) => el.scrollLeft > 50", arg=region.element_handle(), timeout=5000)
        page.close()


@pytest.mark.browser
def test_each_tile_count_is_the_number_of_results_its_search_shows(sample_site, browser):
    tiles = home(sample_site, "public").select(".koszyk-need-tiles a")
    with serve(sample_site / "public") as base:
        page = browser.new_page()
        for tile in tiles:
            count = int(tile.select_one(".koszyk-need-tiles__count").get_text().split()[0])
            page.goto(base + tile["href"])
            page.wait_for_function("document.body.dataset.searchDone")
            shown = page.inner_text("#szukaj-stan")
            assert (f"Znaleziono {count} " in shown) if count else shown.startswith("Nie znaleziono żadnej usługi."), (tile["href"], shown)
        page.close()


@pytest.mark.browser
def test_a_tile_and_the_big_search_box_lead_to_search_results(sample_site, browser):
    with serve(sample_site / "public") as base:
        page = browser.new_page(viewport={"width": 360, "height": 800})
        page.goto(base)
        first = page.locator(".koszyk-need-tiles a").first
        label = first.locator(".koszyk-need-tiles__label").inner_text()
        first.click()
        page.wait_for_url(re.compile(r"/szukaj/\?q="))
        assert parse_qs(urlsplit(page.url).query)["q"] == [label]
        assert page.input_value("#szukaj-q") == label
        page.goto(base)
        page.fill("#koszyk-potrzeba", "opieka nad mamą")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/szukaj/\?q="))
        assert parse_qs(urlsplit(page.url).query)["q"] == ["opieka nad mamą"]
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_public_home_has_no_axe_violations_on_phone_and_desktop(sample_site, browser, scheme, width):
    with serve(sample_site / "public") as base:
        context = browser.new_context(color_scheme=scheme, locale="pl-PL", viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(base)
        page.wait_for_load_state("load")
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
        context.close()
    assert not results.violations_count, results.generate_report()


@pytest.mark.browser
def test_on_a_phone_every_help_line_is_one_tap_away_in_the_first_screen(sample_site, browser):
    """At 360 × 640 px the numbers of telefony.yml are tel: links above the fold, right
    under the search box; the full block with who answers stays further down."""
    configured = [line.number for line in read_helplines(ROOT / "site_config" / "telefony.yml").helplines]
    with serve(sample_site / "public") as base:
        page = browser.new_page(viewport={"width": 360, "height": 640})
        page.goto(base)
        links = page.eval_on_selector_all(
            ".koszyk-crisis-short a[href^='tel:']",
            "links => links.map(a => [a.textContent, a.getAttribute('href'), a.getBoundingClientRect().bottom])")
        full_block = page.eval_on_selector_all(".koszyk-crisis a[href^='tel:']", "links => links.length")
        page.close()
    assert [text for text, _, _ in links] == configured and full_block == len(configured)
    assert all(href == "tel:" + text.replace(" ", "") for text, href, _ in links)
    assert all(bottom <= 640 for _, _, bottom in links), links
