"""What tells the two variants apart, and the pages the law asks for."""

from __future__ import annotations

import datetime as dt

import yaml
from bs4 import BeautifulSoup

from koszyk.pages.rendering import Renderer
from koszyk.pages.statutory import read_accessibility, statutory_pages
from koszyk.taxonomy import load_taxonomy

from .conftest import ROOT


def soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_intranet_is_marked_and_kept_from_robots(sample_site, sample_pages):
    site = sample_site / "intranet"
    assert (site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    for path, page in sample_pages["intranet"]:
        assert page.find("meta", attrs={"name": "robots", "content": "noindex, nofollow"}), path
        assert "Nie publikować" in page.select_one(".koszyk-intranet-banner").get_text(), path


def test_public_site_has_no_intranet_marks(sample_site, sample_pages):
    site = sample_site / "public"
    assert "Allow: /" in (site / "robots.txt").read_text()
    for path, page in sample_pages["public"]:
        assert not page.find("meta", attrs={"name": "robots"}), path
        assert not page.select(".koszyk-intranet-banner, .koszyk-internal, .koszyk-badge--internal"), path


def test_intranet_marks_internal_data(sample_site):
    page = soup(sample_site / "intranet" / "uslugi" / "asystent-rodziny" / "index.html")
    notes = page.select_one(".koszyk-internal")
    assert "tylko intranet" in page.get_text().lower() and notes is not None
    internal_service = soup(sample_site / "intranet" / "uslugi" / "kontrakt-socjalny-zespol" / "index.html")
    assert internal_service.select_one(".koszyk-badge--internal").get_text() == "Tylko intranet"


def test_every_page_has_a_skip_link_and_the_accessibility_statement_in_its_footer(sample_site, sample_pages):
    for variant in ("public", "intranet"):
        site = sample_site / variant
        for path, page in sample_pages[variant]:
            assert page.select_one("a.md-skip"), path
            links = [a for a in page.select(".koszyk-footer-links a") if a.get_text() == "Deklaracja dostępności"]
            assert links, path
            href = links[0]["href"]
            base = site if href.startswith("/") else path.parent  # 404.html links from the site root
            target = (base / href.lstrip("/") / "index.html").resolve()
            assert target == (site / "deklaracja-dostepnosci" / "index.html").resolve(), path


def test_accessibility_statement_follows_the_polish_template(sample_site):
    config = yaml.safe_load((ROOT / "site_config" / "dostepnosc.yml").read_text(encoding="utf-8"))
    page = soup(sample_site / "public" / "deklaracja-dostepnosci" / "index.html")
    for element_id in ("a11y-wstep", "a11y-podmiot", "a11y-url", "a11y-data-publikacja", "a11y-data-aktualizacja",
                       "a11y-status", "a11y-data-sporzadzenie", "a11y-kontakt", "a11y-osoba", "a11y-email",
                       "a11y-telefon", "a11y-procedura", "a11y-architektura", "a11y-aplikacje", "a11y-skroty"):
        assert page.find(id=element_id), element_id
    assert page.find(id="a11y-podmiot").get_text() == config["podmiot"]
    assert page.find(id="a11y-url")["href"] == config["adres_strony"]
    for element_id, key in (("a11y-data-publikacja", "data_publikacji"), ("a11y-data-aktualizacja", "data_aktualizacji"),
                            ("a11y-data-sporzadzenie", "data_sporzadzenia")):
        assert page.find(id=element_id).get_text() == config[key].isoformat()
        dt.date.fromisoformat(page.find(id=element_id).get_text())
    assert "częściowo zgodna" in page.get_text()


def test_easy_to_read_page_exists_and_pjm_link_only_when_configured(sample_site):
    site = sample_site / "public"
    assert "łatwym do czytania" in soup(site / "latwy-tekst" / "index.html").select_one("h1").get_text()
    assert not (site / "pjm").exists()
    assert "PJM" not in soup(site / "index.html").select_one(".koszyk-footer-links").get_text()


def test_pjm_page_appears_when_a_video_is_configured(tmp_path):
    config = (ROOT / "site_config" / "dostepnosc.yml").read_text(encoding="utf-8")
    path = tmp_path / "dostepnosc.yml"
    path.write_text(config.replace('pjm_wideo: ""', 'pjm_wideo: "https://video.example.org/pjm"'), encoding="utf-8")
    info = read_accessibility(path)
    pages = statutory_pages(info, Renderer(load_taxonomy(), "public", dt.date(2026, 11, 23)))
    pjm = next(page for page in pages if page.src_uri == "pjm.md")
    assert 'href="https://video.example.org/pjm"' in pjm.html


def test_malformed_accessibility_config_is_a_clear_error(tmp_path):
    import pytest

    from koszyk.pages.statutory import AccessibilityConfigError

    path = tmp_path / "dostepnosc.yml"
    path.write_text("podmiot: X\nadres_strony: https://x.example.org\nstatus: zgodna\ndata_publikacji: wczoraj\n", encoding="utf-8")
    with pytest.raises(AccessibilityConfigError, match="data_publikacji: wpisz datę"):
        read_accessibility(path)


def test_the_not_found_page_speaks_polish_and_leads_to_search_and_browsing(sample_site):
    for variant in ("public", "intranet"):
        html = (sample_site / variant / "404.html").read_text(encoding="utf-8")
        assert "<h1>Nie ma takiej strony</h1>" in html and "Not found" not in html
        for target in ("szukaj/", "przegladaj/"):
            assert f'href="/{target}"' in html
            assert (sample_site / variant / target / "index.html").is_file()
