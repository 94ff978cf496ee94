"""A long listing goes on several pages: every service once, in name order, each page linked to
the others, accessible at phone width, and nothing intranet-only on the public pages."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from koszyk.building import build_site
from koszyk.config import KoszykConfig
from koszyk.leaks import find_leaks, intranet_only_values
from koszyk.pages.rendering import ListingPart, listing_parts, nearby_parts

from .collection_support import cache_published, copy_collection
from .conftest import ROOT, SAMPLE, TODAY
from .test_accessibility_axe import axe_failures

ROWS = 2  # the sample's listings have up to a dozen services
VARIANTS = ("public", "intranet")


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("listy-na-stronach")
    outcome = build_site(ROOT / "mkdocs.yml", list(VARIANTS), site, SAMPLE, strict=True, today=TODAY,
                         options={"listing_rows": ROWS})
    assert outcome == {"public": None, "intranet": None}, outcome
    return site


def _soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def _services(soup: BeautifulSoup) -> list[str]:
    return [re.search(r"uslugi/([^/]+)/", link["href"])[1] for link in soup.select("table tbody a[href*='uslugi/']")]


def _listings(site, variant: str) -> list[str]:
    """Every browse listing of the unsplit site, as a folder (``przegladaj/obszary/kultura``)."""
    root = site / variant / "przegladaj"
    return sorted(path.parent.relative_to(site / variant).as_posix() for path in root.rglob("index.html")
                  if path.parent != root and path.parent.parent != root / "macierz")


def test_pages_of_a_listing_are_numbered_from_its_own_address():
    assert listing_parts("przegladaj/obszary/kultura.md", 2, 2) == [ListingPart(1, "przegladaj/obszary/kultura.md", 1, 2)]
    assert listing_parts("przegladaj/obszary/kultura.md", 5, 2) == [
        ListingPart(1, "przegladaj/obszary/kultura.md", 1, 2),
        ListingPart(2, "przegladaj/obszary/kultura-strona-2.md", 3, 4),
        ListingPart(3, "przegladaj/obszary/kultura-strona-3.md", 5, 5),
    ]
    assert listing_parts("przegladaj/grupy/seniorzy.md", 0, 300) == [ListingPart(1, "przegladaj/grupy/seniorzy.md", 1, 0)]


def test_a_page_links_by_number_to_the_first_the_last_and_the_two_nearest_each_way_with_gaps_between():
    for total in range(1, 40):
        parts = listing_parts("przegladaj/obszary/kultura.md", total * 3, 3)
        for part in parts:
            expected = []
            for other in parts:  # the rule walked over every page, as the template once did
                if other.number in (1, total) or abs(other.number - part.number) <= 2:
                    expected.append(other)
                elif abs(other.number - part.number) == 3:
                    expected.append(None)
            assert nearby_parts(parts, part) == expected, (total, part.number)
    parts = listing_parts("przegladaj/obszary/kultura.md", 300 * 158, 300)
    assert [p and p.number for p in nearby_parts(parts, parts[79])] == [1, None, 78, 79, 80, 81, 82, None, 158]


def test_a_split_listing_shows_every_service_once_in_the_order_of_the_whole_list(paged_site, sample_site):
    split = 0
    for variant in VARIANTS:
        for listing in _listings(sample_site, variant):
            whole = _services(_soup(sample_site / variant / listing / "index.html"))
            shown, number = [], 1
            while (page := paged_site / variant / (listing if number == 1 else f"{listing}-strona-{number}") / "index.html").is_file():
                rows = _services(_soup(page))
                assert 0 < len(rows) <= ROWS or not whole, page
                shown += rows
                number += 1
            assert shown == whole, f"{variant}/{listing}"
            split += number - 1 > 1
    assert split > 10


def test_each_page_of_a_split_listing_says_where_it_is_and_links_to_the_others(paged_site):
    root = paged_site / "intranet"
    second = next(path for path in sorted((root / "przegladaj" / "obszary").glob("*-strona-2/index.html")))
    soup = _soup(second)
    total = int(re.search(r"(\d+) z (\d+)", soup.h1.get_text())[2])
    assert soup.h1.get_text().endswith(f"(strona 2 z {total})")
    assert re.search(rf"strona 2 z {total}: pozycje 3–4", soup.select_one("table caption").get_text())
    navs = soup.select("nav.koszyk-pages")
    assert [nav["aria-label"] for nav in navs] == ["Strony listy", "Strony listy, pod tabelą"]
    for nav in navs:
        current = nav.select_one("a[aria-current=page]")
        assert current.get_text() == "2" and current["aria-label"] == "Strona 2: pozycje 3–4"
        near = [n for n in range(1, total + 1) if n in (1, total) or abs(n - 2) <= 2]  # far ones: "…"
        assert [link.get_text() for link in nav.select("a:not([rel])")] == [str(n) for n in near]
        assert len(nav.select("li.koszyk-pages__gap[aria-hidden=true]")) == (1 if total > 5 else 0)
        assert nav.select_one("a[rel=prev]").get_text() == "Poprzednia strona"
        assert bool(nav.select_one("a[rel=next]")) == (total > 2)
        here = second.parent.relative_to(root).as_posix()
        for link in nav.select("a[href]"):
            target = posixpath.normpath(posixpath.join(here, link["href"]))
            assert (root / target / "index.html").is_file(), link["href"]
    first = _soup(root / second.parent.relative_to(root).as_posix().removesuffix("-strona-2") / "index.html")
    assert not first.select_one("nav.koszyk-pages a[rel=prev]")
    assert first.select_one("nav.koszyk-pages a[aria-current=page]").get_text() == "1"


def test_a_listing_size_that_is_not_a_whole_number_above_zero_is_refused_in_polish():
    for value in (0, -1, "abc", 2.5, True):
        config = KoszykConfig()
        config.load_dict({"listing_rows": value})
        errors, _warnings = config.validate()
        assert [name for name, _error in errors] == ["listing_rows"], value
        assert "musi być liczbą całkowitą większą od zera" in str(errors[0][1])
    config = KoszykConfig()
    config.load_dict({"listing_rows": 40})
    assert config.validate() == ([], []) and config.listing_rows == 40


def test_the_public_pages_of_a_split_listing_leak_nothing(paged_site):
    assert find_leaks(paged_site / "public", intranet_only_values(SAMPLE)) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("variant", VARIANTS)
def test_a_split_listing_has_no_axe_violations_at_phone_width(paged_site, browser, variant, scheme):
    seconds = sorted((paged_site / variant / "przegladaj" / "grupy").glob("*-strona-2"))
    pages = {"listing, page 2": f"{seconds[0].relative_to(paged_site / variant).as_posix()}/",
             "matrix cell, first page": next(
                 f"{path.parent.parent.relative_to(paged_site / variant).as_posix()}/{path.parent.name.removesuffix('-strona-2')}/"
                 for path in sorted((paged_site / variant / "przegladaj" / "macierz").rglob("*-strona-2/index.html")))}
    failures = axe_failures(paged_site / variant, browser, pages, scheme, width=360)
    assert not failures, "\n\n".join(failures)


def test_an_id_that_takes_the_address_of_a_list_page_stops_the_build_and_names_the_address(tmp_path, caplog):
    """A gmina whose id ends in "-strona-2" would stand where page 2 of another gmina's list
    stands: MkDocs would keep one of the two pages and drop the other without a word."""
    collection = copy_collection(tmp_path / "zrodla")
    cache_published(collection)
    spec = collection.parent / "beta" / "basket.yml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("id: beta", "id: alfa-strona-2"), encoding="utf-8")
    outcome = build_site(ROOT / "mkdocs.yml", ["public"], tmp_path / "strona", collection, today=TODAY,
                         cache_dir=Path(""), options={"listing_rows": 1})
    assert outcome["public"] and "Traceback" not in outcome["public"]
    # stopped when the list is read (``assembly._first_clash``), at the source's line, before any page is made
    assert re.search(r"zestawienie\.yml:7:\d+: zrodla\[2\]\.katalog: źródło „[^”]+” \(.*\) ma identyfikator "
                     r"„alfa-strona-2”, zakończony jak adres kolejnej strony długiej listy gminy", caplog.text), caplog.text


def test_a_page_made_twice_still_stops_the_build_and_names_the_address(tmp_path, caplog):
    """What reading the list cannot see (here the list's own id, its institutions' gmina page)
    the build still stops on, before MkDocs silently keeps one of two pages at one address."""
    collection = copy_collection(tmp_path / "zrodla")
    cache_published(collection)
    spec = collection / "zestawienie.yml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("id: powiat-testowy", "id: alfa-strona-2"), encoding="utf-8")
    outcome = build_site(ROOT / "mkdocs.yml", ["public"], tmp_path / "strona", collection, today=TODAY,
                         cache_dir=Path(""), options={"listing_rows": 1})
    assert outcome["public"] and "Traceback" not in outcome["public"]
    assert "dwie strony mają ten sam adres „przegladaj/gminy/alfa-strona-2/”" in caplog.text
