"""The built site, read as a social worker reads it: pages, access terms, contacts, counts."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from koszyk.taxonomy import load_taxonomy

from .sample_data import listed_services, raw_cards

TAXONOMY = load_taxonomy()
TAXONOMY_RAW = yaml.safe_load((Path(__file__).resolve().parent.parent / "site_config" / "taxonomy.yml")
                              .read_text(encoding="utf-8"))


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def article(site: Path, url: str) -> str:
    """The page's main text as a reader hears it (no space before punctuation)."""
    text = page(site, url).select_one("article").get_text(" ", strip=True)
    return re.sub(r"\s+([:;,.)])", r"\1", text)


@pytest.mark.parametrize("variant", ["public", "intranet"])
def test_every_listed_service_has_a_page_with_its_access_terms(sample_site, variant):
    site = sample_site / variant
    cards = raw_cards()
    services = listed_services(variant)
    assert len(services) > 100
    for slug, service in services:
        text = article(site, f"uslugi/{service['id']}")
        assert service["nazwa"] in page(site, f"uslugi/{service['id']}").select_one("h1").get_text()
        access = service["dostep"]
        terms = access_terms(site, service["id"])
        assert terms[0][1].startswith(TAXONOMY_RAW["tryby_dostepu"]["wartosci"][access["tryb"]][
            "etykieta" if variant == "intranet" else "dla_mieszkancow"])
        criteria = access.get("kryteria", [])
        referrals = [c["warunek"] for c in criteria if c["rodzaj"] == "skierowanie"]
        assert ("Skierowanie", "potrzebne: " + "; ".join(referrals) if referrals else "niepotrzebne") in terms
        for criterion in criteria:
            if criterion["rodzaj"] != "skierowanie":
                assert (TAXONOMY.criteria.label(criterion["rodzaj"]), criterion["warunek"]) in terms
        if "odplatnosc" in service:
            assert TAXONOMY.costs.label(service["odplatnosc"]) in text
        contact = cards[slug]["partner"].get("kontakt", {})
        for value in contact.values():
            assert value in text, f"{service['id']}: contact {value}"
        assert cards[slug]["partner"]["nazwa"] in text


def access_terms(site: Path, service_id: str) -> list[tuple[str, str]]:
    """The "Kto może skorzystać" list as (term, value) pairs, in order."""
    listing = page(site, f"uslugi/{service_id}").select_one("dl.koszyk-access")
    return [(dt.get_text(" ", strip=True), dt.find_next_sibling("dd").get_text(" ", strip=True))
            for dt in listing.select("dt")]


def test_access_terms_come_before_the_description(sample_site):
    text = article(sample_site / "intranet", "uslugi/diagnoza-psychologiczna")
    assert text.index("Warunki dostępu") < text.index("O usłudze") < text.index("Kontakt")


def test_residents_read_plain_words_where_workers_read_the_models_terms(sample_site):
    public = article(sample_site / "public", "uslugi/diagnoza-psychologiczna")
    intranet = article(sample_site / "intranet", "uslugi/diagnoza-psychologiczna")
    assert "Kto może skorzystać" in public and "Tryb dostępu" not in public and "Forma realizacji" not in public
    assert "Prowadzi: Poradnia" in public and "Realizator: Poradnia" in intranet
    assert "Trzeba spełnić" not in intranet + public  # no generic sentence: this service's own terms
    assert ("Skierowanie", "niepotrzebne") in access_terms(sample_site / "public", "diagnoza-psychologiczna")
    assert ("Dostęp", "Dla osób spełniających warunki") in access_terms(sample_site / "public", "diagnoza-psychologiczna")
    assert ("Tryb dostępu", "Selektywny") in access_terms(sample_site / "intranet", "diagnoza-psychologiczna")
    referral = access_terms(sample_site / "public", "asystent-rodziny")
    assert ("Skierowanie", "potrzebne: wniosek pracownika socjalnego po wywiadzie") in referral


def test_public_site_hides_or_plainly_words_the_models_jargon(sample_site):
    public = sample_site / "public"
    jargon = ["Selektywny", "Zasięg", "Wykonawca", "Realizator", "Oferowana", "PZK", "Partnerstwo (PZK)"]
    pages = ["uslugi/diagnoza-psychologiczna", "uslugi/turnusy-rehabilitacyjne", "partnerzy/poradnia-pp",
             "partnerzy", "przegladaj/obszary/zdrowie", "przegladaj/macierz/edukacja/dzieci_mlodziez",
             "przegladaj/dostep/selektywny_do_upowszechnienia", "przegladaj"]
    for url in pages:
        text = article(public, url)
        assert [word for word in jargon if re.search(rf"\b{re.escape(word)}\b", text)] == [], url
    assert "Prowadzi instytucja z okolicy" in article(public, "uslugi/turnusy-rehabilitacyjne")
    assert "Oferowana" in article(sample_site / "intranet", "uslugi/diagnoza-psychologiczna")


@pytest.mark.parametrize("variant", ["public", "intranet"])
def test_every_partner_has_a_page_listing_its_services(sample_site, variant):
    site = sample_site / variant
    listed = Counter(slug for slug, _ in listed_services(variant))
    for slug, card in raw_cards().items():
        soup = page(site, f"partnerzy/{slug}")
        assert card["partner"]["nazwa"] in soup.select_one("h1").get_text()
        rows = soup.select(".koszyk-services tbody tr")
        assert len(rows) == listed[slug], slug


def test_withdrawn_services_are_not_listed(sample_site):
    for variant in ("public", "intranet"):
        site = sample_site / variant
        assert not (site / "uslugi" / "dowoz-posilkow").exists()
        assert "Dowóz gorących posiłków" not in (site / "partnerzy" / "ops-przykladowo" / "index.html").read_text(encoding="utf-8")


def test_status_badges_show_new_and_suspended(sample_site):
    site = sample_site / "public"
    assert "Nowa usługa" in article(site, "uslugi/mieszkanie-treningowe")
    assert "Chwilowo nie działa" in article(site, "uslugi/turnusy-rehabilitacyjne")
    assert "Zawieszona" in article(sample_site / "intranet", "uslugi/turnusy-rehabilitacyjne")


def test_stale_card_warns_on_its_service_pages(sample_site):
    text = article(sample_site / "public", "uslugi/lekarz-poz")
    assert "Dane mogą być nieaktualne" in text and "2025-06-18" in text
    assert "Dane mogą być nieaktualne" not in article(sample_site / "public", "uslugi/diagnoza-psychologiczna")


def _facet_counts(soup: BeautifulSoup, folder: str) -> dict[str, int]:
    counts = {}
    for item in soup.select(".koszyk-facets li"):
        href = item.a["href"]
        if f"/{folder}/" in href:
            key = href.rstrip("/").rsplit("/", 1)[-1]
            counts[key] = int(re.search(r"\((\d+) usług", item.get_text()).group(1))
    return counts


@pytest.mark.parametrize("variant", ["public", "intranet"])
def test_browse_counts_match_the_data(sample_site, variant):
    site = sample_site / variant
    services = listed_services(variant)
    cards = raw_cards()
    expected = {
        "obszary": Counter(area for _, s in services for area in s["obszary"]),
        "grupy": Counter(group for _, s in services for group in s["grupy_docelowe"]),
        "dostep": Counter(s["dostep"]["tryb"] for _, s in services),
        "typy": Counter(cards[slug]["partner"]["typ"] for slug, _ in services),
    }
    index = page(site, "przegladaj")
    for folder, counter in expected.items():
        shown = _facet_counts(index, folder)
        assert shown == {key: counter.get(key, 0) for key in shown}, folder
        assert len(shown) == len({"obszary": TAXONOMY.areas, "grupy": TAXONOMY.groups,
                                  "dostep": TAXONOMY.access_modes, "typy": TAXONOMY.partner_types}[folder])
        for key, count in counter.items():
            rows = page(site, f"przegladaj/{folder}/{key}").select(".koszyk-services tbody tr")
            assert len(rows) == count, f"{folder}/{key}"


def test_home_matrix_counts_match_the_data_and_link_to_cells(sample_site):
    site = sample_site / "public"
    services = listed_services("public")
    expected = Counter((a, g) for _, s in services for a in s["obszary"] for g in s["grupy_docelowe"])
    soup = page(site, "")
    links = soup.select(".koszyk-matrix-wrap td a")
    assert len(links) == len(TAXONOMY.areas) * len(TAXONOMY.groups)
    for link in links:
        area, group = link["href"].strip("/").split("/")[-2:]
        assert int(link.get_text()) == expected.get((area, group), 0), (area, group)
        cell = page(site, f"przegladaj/macierz/{area}/{group}")
        assert len(cell.select(".koszyk-services tbody tr")) == expected.get((area, group), 0)
    # the deliberate gap in the sample: no housing service for children
    assert expected.get(("mieszkalnictwo", "dzieci_mlodziez"), 0) == 0
    assert "Brak usług" in article(site, "przegladaj/macierz/mieszkalnictwo/dzieci_mlodziez")


CSS_EXTERNAL = re.compile(r"""(?:url\(\s*["']?\s*(?:https?:)?//|@import\s+["']?(?:https?:)?//)""", re.IGNORECASE)


@pytest.mark.parametrize("variant", ["public", "intranet"])
def test_no_page_loads_anything_from_another_host(sample_site, sample_pages, variant):
    """Links to partners' websites are fine; fetching a font, script or style from elsewhere is not."""
    site = sample_site / variant
    for path, soup in sample_pages[variant]:
        for tag in soup.find_all(["script", "link", "img", "iframe", "source", "video", "audio", "embed", "object"]):
            for attribute in ("src", "href", "data", "srcset"):
                value = tag.get(attribute)
                assert not (value and re.match(r"\s*(https?:)?//", value)), f"{path}: <{tag.name} {attribute}={value}>"
        for style in soup.find_all("style"):
            assert not CSS_EXTERNAL.search(style.get_text()), path
    for path in site.rglob("*.css"):
        assert not CSS_EXTERNAL.search(path.read_text(encoding="utf-8")), path


def test_theme_requests_no_web_fonts(sample_site):
    html = (sample_site / "public" / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_hostile_description_renders_as_harmless_text(basket_copy, tmp_path):
    from koszyk.building import build_site

    card = basket_copy / "partnerzy" / "gkrpa.yml"
    data = yaml.safe_load(card.read_text(encoding="utf-8"))
    data["uslugi"][0]["opis"] = (
        "Zwykły tekst <script>alert('xss')</script> i <img src=x onerror=\"alert(1)\">\n\n"
        "[kliknij](javascript:alert(2)) <a href=\"javascript:alert(3)\" onclick=\"alert(4)\">tu</a>\n\n"
        "<iframe src=\"https://example.org\"></iframe> **pogrubienie**"
    )
    card.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    outcome = build_site(Path(__file__).resolve().parent.parent / "mkdocs.yml", ["public"], tmp_path / "site",
                         basket_copy, today="2026-11-23")
    assert outcome == {"public": None}
    soup = page(tmp_path / "site" / "public", "uslugi/motywowanie-do-leczenia")
    body = soup.select_one("article")
    assert "Zwykły tekst" in body.get_text()
    assert body.find("strong", string="pogrubienie")
    assert not body.find_all(["script", "iframe", "img"])
    for tag in body.find_all(True):
        assert not any(name.startswith("on") for name in tag.attrs), tag
        assert not str(tag.get("href", "")).lower().startswith("javascript"), tag


def test_strict_mkdocs_build_passes(tmp_path):
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "s")],
                            cwd=root, capture_output=True, text=True, env={"KOSZYK_TODAY": "2026-11-23", "PATH": "/usr/bin:/bin",
                                                                          "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "s" / "uslugi" / "diagnoza-psychologiczna" / "index.html").exists()


def _pages(variant: str, **links) -> dict:
    import datetime as dt

    from koszyk.pages import SiteContext, site_pages
    from koszyk.validation import read_basket
    from koszyk.variants import Variant, basket_for

    from .conftest import ROOT, SAMPLE

    basket = basket_for(read_basket(SAMPLE, TAXONOMY, dt.date(2026, 11, 23)).baskets[0], variant)
    context = SiteContext(basket, TAXONOMY, Variant(variant), dt.date(2026, 11, 23), ROOT, **links)
    return {p.src_uri: p for p in site_pages(context)}


def test_change_links_point_at_the_card_file_on_github_and_gitlab():
    for repo, edit in (("https://github.com/ops/koszyk", "https://github.com/ops/koszyk/edit/main/"),
                       ("https://gitlab.example.org/ops/koszyk", "https://gitlab.example.org/ops/koszyk/-/edit/main/")):
        for variant, links in (("intranet", {}), ("public", {"repo_public": True})):
            service = _pages(variant, repo_url=repo, **links)["uslugi/lekarz-poz.md"]
            assert service.edit_url == edit + "baskets/przykladowo/partnerzy/osrodek-zdrowia.yml"
            assert f'href="{service.edit_url}"' in service.html and "issues/new?title=" in service.html
    assert _pages("public")["uslugi/lekarz-poz.md"].edit_url == ""


def test_public_site_reports_outdated_information_by_email_unless_the_repository_is_public():
    from urllib.parse import parse_qs, urlsplit

    links = {"repo_url": "https://github.com/ops/koszyk", "report_to": "koszyk@ops.example.org",
             "site_url": "https://koszyk.example.org/"}
    private = _pages("public", **links)["uslugi/diagnoza-psychologiczna.md"]
    assert private.edit_url == "" and "github.com" not in private.html  # residents cannot open a private repository
    anchor = BeautifulSoup(private.html, "html.parser").find("a", string="Zgłoś nieaktualne informacje")
    mail = urlsplit(anchor["href"])
    assert (mail.scheme, mail.path) == ("mailto", "koszyk@ops.example.org")
    query = parse_qs(mail.query)
    assert query["subject"] == ["Nieaktualne informacje: Diagnoza psychologiczna dziecka"]
    body = query["body"][0]
    assert "Identyfikator: diagnoza-psychologiczna\n" in body and "Nazwa: Diagnoza psychologiczna dziecka\n" in body
    assert "Strona: https://koszyk.example.org/uslugi/diagnoza-psychologiczna/\n" in body
    assert " " not in anchor["href"] and "\n" not in anchor["href"]  # encoded, not raw
    public_repo = _pages("public", repo_public=True, **links)["uslugi/diagnoza-psychologiczna.md"]
    assert "https://github.com/ops/koszyk/edit/main/" in public_repo.html
    intranet = _pages("intranet", **links)["uslugi/diagnoza-psychologiczna.md"]
    assert "https://github.com/ops/koszyk/edit/main/" in intranet.html and "mailto:koszyk@" not in intranet.html


def test_report_mail_keeps_hostile_names_inert():
    from koszyk.pages.rendering import Renderer

    renderer = Renderer(TAXONOMY, "public", None)
    renderer.report_to = "koszyk@ops.example.org"
    link = renderer.report_mailto("uslugi/x/", "x", '<img src=x onerror=alert(1)>&cc=evil@example.org')
    assert "<" not in link and "&cc=" not in link and link.count("&") == 1


@pytest.mark.parametrize("variant", ["public", "intranet"])
def test_hostile_service_name_stays_text_in_lists_buttons_and_report_links(variant):
    import datetime as dt

    from koszyk.pages import SiteContext, site_pages
    from koszyk.validation import read_basket
    from koszyk.variants import Variant, basket_for

    from .conftest import ROOT, SAMPLE

    from urllib.parse import unquote

    payload = '<img src=x onerror=alert(1)>'
    basket = basket_for(read_basket(SAMPLE, TAXONOMY, dt.date(2026, 11, 23)).baskets[0], variant)
    service = next(s for s in basket.services if s.id == "terapia-logopedyczna")
    service.name = payload
    context = SiteContext(basket, TAXONOMY, Variant(variant), dt.date(2026, 11, 23), ROOT,
                          report_to="koszyk@ops.example.org")
    pages = {p.src_uri: p for p in site_pages(context)}
    for uri in ("uslugi/terapia-logopedyczna.md", "partnerzy/poradnia-pp.md", "przegladaj/obszary/edukacja.md"):
        soup = BeautifulSoup(pages[uri].html, "html.parser")
        assert not soup.find_all("img"), uri
        mails = [unquote(a["href"]) for a in soup.select('a[href^="mailto:"]')]
        assert payload in soup.get_text() or any(payload in mail for mail in mails), uri  # shown as text
        for tag in soup.find_all(True):
            assert not any(name.startswith("on") for name in tag.attrs), (uri, tag)
