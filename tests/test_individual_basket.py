"""The individual basket (intranet koszyk/): compose, annotate, reorder, print, share, clear, privately."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from .browser import serve

pytestmark = pytest.mark.browser
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NOTE_STEP = "Pierwsza wizyta w poradni do końca miesiąca"


@pytest.fixture
def intranet(sample_site, browser):
    """(context, base URL, requests seen) on the intranet site; every request is recorded."""
    with serve(sample_site / "intranet") as base:
        context = browser.new_context(locale="pl-PL")
        requests = []
        context.on("request", lambda request: requests.append(request))
        yield context, base, requests
        context.close()


def counter(page) -> str:
    return page.inner_text("[data-basket-count]")


def open_basket(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("document.body.dataset.basketReady === 'true'")


def names(page) -> list[str]:
    return page.locator("#koszyk-lista > li h3").all_inner_texts()


def add_three_services(page, base: str) -> None:
    page.goto(base + "szukaj/?q=logopedyczna")
    page.wait_for_function("document.body.dataset.searchDone")
    page.locator("li[data-service=terapia-logopedyczna] button", has_text="Dodaj do koszyka").click()
    assert counter(page) == "1"
    assert "Dodano do koszyka indywidualnego: Terapia logopedyczna" in page.inner_text("#koszyk-komunikat")
    for service in ("diagnoza-psychologiczna", "asystent-rodziny"):
        page.goto(base + f"uslugi/{service}/")
        button = page.locator(f"button[data-basket-id={service}]")
        button.click()
        assert button.inner_text().startswith("Usuń z koszyka indywidualnego")
    assert counter(page) == "3"


def test_worker_composes_annotates_reorders_and_keeps_the_basket(intranet, tmp_path):
    context, base, requests = intranet
    page = context.new_page()
    add_three_services(page, base)
    open_basket(page, base + "koszyk/")
    assert names(page) == ["Terapia logopedyczna", "Diagnoza psychologiczna dziecka", "Asystent rodziny"]
    partners = page.locator("#koszyk-partnerzy li").all_inner_texts()
    assert any(p.startswith("Poradnia Psychologiczno-Pedagogiczna") for p in partners)
    assert any(p.startswith("Ośrodek Pomocy Społecznej") for p in partners)

    page.locator("#koszyk-lista > li").nth(0).locator("button[data-action=down]").click()
    assert names(page) == ["Diagnoza psychologiczna dziecka", "Terapia logopedyczna", "Asystent rodziny"]
    assert page.evaluate("document.activeElement.dataset.action") == "down"  # focus follows the moved service
    assert "na pozycję 2" in page.inner_text("#koszyk-stan")

    item = page.locator("#koszyk-lista > li").nth(1)
    item.locator("input[data-note=termin]").fill("2026-12-01")
    item.locator("input[data-note=odpowiedzialny]").fill("Poradnia, psycholog")
    item.locator("textarea[data-note=krok]").fill(NOTE_STEP)
    page.reload()
    page.wait_for_function("document.body.dataset.basketReady === 'true'")
    assert names(page) == ["Diagnoza psychologiczna dziecka", "Terapia logopedyczna", "Asystent rodziny"]
    assert page.locator("#koszyk-lista > li").nth(1).locator("textarea[data-note=krok]").input_value() == NOTE_STEP

    page.emulate_media(media="print")
    assert page.locator("#koszyk-wydruk").is_visible() and not page.locator("#koszyk-lista").is_visible()
    rows = page.locator("#koszyk-wydruk-wiersze tr")
    assert rows.count() == 3
    assert rows.nth(1).locator("td").nth(1).inner_text() == "Terapia logopedyczna"
    assert NOTE_STEP in rows.nth(1).locator("td").nth(6).inner_text()
    assert page.locator(".koszyk-basket__signatures li").count() == 5
    assert not page.locator("header.md-header").is_visible()
    shot = tmp_path / "wydruk.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.click("#koszyk-csv")
    text = download.value.path().read_bytes().decode("utf-8-sig")
    lines = text.strip().split("\r\n")
    assert lines[0].startswith("Lp.;Usługa;Realizator;Warunki dostępu")
    assert lines[2].startswith("2;Terapia logopedyczna;") and NOTE_STEP in lines[2]
    assert '"tel. +48 00 666 30 00; ' in lines[2]

    carried = [r for r in requests if r.method != "GET" or r.post_data
               or NOTE_STEP.split()[0] in r.url or "terapia-logopedyczna,".lower() in r.url.lower()]
    assert carried == [], [r.url for r in carried]


def test_share_link_opens_the_same_list_for_a_colleague_without_notes(intranet, browser):
    context, base, requests = intranet
    page = context.new_page()
    add_three_services(page, base)
    open_basket(page, base + "koszyk/")
    page.locator("#koszyk-lista > li").nth(0).locator("textarea[data-note=krok]").fill(NOTE_STEP)
    page.click("#koszyk-udostepnij")
    link = page.input_value("#koszyk-link")
    assert link.split("#", 1)[1] == "uslugi=terapia-logopedyczna,diagnoza-psychologiczna,asystent-rodziny"

    colleague = browser.new_context(locale="pl-PL")
    other = colleague.new_page()
    seen = []
    other.on("request", lambda request: seen.append(request.url))
    open_basket(other, link)
    assert "3 usługi" in other.inner_text("#koszyk-wspolny-opis")
    other.click("button[data-shared=replace]")
    assert names(other) == ["Terapia logopedyczna", "Diagnoza psychologiczna dziecka", "Asystent rodziny"]
    assert other.locator("textarea[data-note=krok]").nth(0).input_value() == ""
    assert "#" not in other.url
    assert not [url for url in seen if "uslugi=" in url]  # the fragment never goes to the server
    colleague.close()


def test_a_link_with_no_known_service_cannot_empty_the_basket(intranet):
    context, base, _ = intranet
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    add_three_services(page, base)
    for fragment, skipped in (("uslugi=stara-usluga-usunieta", "Pominięto 1 nieznany identyfikator"),
                              ("uslugi=a,b,c", "Pominięto 3 nieznane identyfikatory"),
                              ("uslugi=%E0%A4%A", "Pominięto 1 nieznany identyfikator")):
        open_basket(page, base + "koszyk/#" + fragment)
        page.reload()
        page.wait_for_function("document.body.dataset.basketReady === 'true'")
        text = page.inner_text("#koszyk-wspolny-opis")
        assert text.startswith("Link nie zawiera żadnej usługi, którą można dodać.") and skipped in text, text
        assert not page.locator("button[data-shared=replace]").is_visible()
        assert not page.locator("button[data-shared=merge]").is_visible()
        page.click("button[data-shared=dismiss]")
        assert counter(page) == "3"
    assert errors == []


def test_replacing_a_filled_basket_with_a_shared_list_asks_first(intranet):
    context, base, _ = intranet
    page = context.new_page()
    add_three_services(page, base)
    asked = []

    def refuse(dialog):
        asked.append(dialog.message)
        dialog.dismiss()
    page.on("dialog", refuse)
    open_basket(page, base + "koszyk/#uslugi=praca-socjalna,nieznana")
    text = page.inner_text("#koszyk-wspolny-opis")
    assert "Link zawiera 1 usługę: Praca socjalna i wsparcie w rozwiązywaniu trudności. Pominięto 1 nieznany identyfikator" in text, text
    page.click("button[data-shared=replace]")
    assert asked == ["Zastąpić 3 usługi w Twoim koszyku (razem z notatkami) listą z linku?"]
    assert counter(page) == "3" and len(names(page)) == 3


def test_changed_and_withdrawn_services_are_flagged(intranet):
    context, base, _ = intranet
    page = context.new_page()
    page.goto(base + "koszyk/")
    stored = {"items": [
        {"id": "praca-socjalna", "name": "Praca socjalna", "fp": "stary-odcisk", "added": "2026-01-05", "note": {}},
        {"id": "dowoz-posilkow", "name": "Dowóz gorących posiłków", "fp": "x", "added": "2026-01-05", "note": {}},
    ]}
    page.evaluate("(value) => localStorage.setItem('koszyk.indywidualny.v1', value)", json.dumps(stored))
    open_basket(page, base + "koszyk/")
    first, second = page.locator("#koszyk-lista > li").all()
    assert "Zmieniona od dodania (2026-01-05)" in first.inner_text()
    assert "Usługa wycofana" in second.inner_text()
    first.locator("button[data-action=accept]").click()
    assert "Zmieniona" not in page.locator("#koszyk-lista > li").nth(0).inner_text()


def test_clear_empties_the_basket_on_this_device(intranet):
    context, base, _ = intranet
    page = context.new_page()
    add_three_services(page, base)
    open_basket(page, base + "koszyk/")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#koszyk-wyczysc")
    assert names(page) == [] and page.locator("#koszyk-pusty").is_visible()
    assert page.evaluate("Object.keys(localStorage).filter((key) => key.startsWith('koszyk'))") == []
    assert counter(page) == "0"
    assert "Koszyk wyczyszczony" in page.inner_text("#koszyk-stan")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_basket_page_has_no_axe_violations_empty_and_filled(sample_site, browser, scheme):
    with serve(sample_site / "intranet") as base:
        context = browser.new_context(color_scheme=scheme, locale="pl-PL")
        page = context.new_page()
        axe = Axe()
        open_basket(page, base + "koszyk/")
        empty = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
        add_three_services(page, base)
        open_basket(page, base + "koszyk/")
        filled = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
        page.goto(base + "uslugi/diagnoza-psychologiczna/")
        service = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
        context.close()
    reports = [r.generate_report() for r in (empty, filled, service) if r.violations_count]
    assert not reports, "\n\n".join(reports)


def test_public_site_has_no_basket(sample_site, browser):
    """Residents get no saved list: see the note in content/model/koszyki.md for why."""
    assert not (sample_site / "public" / "koszyk").exists()
    assert not (sample_site / "public" / "javascripts" / "koszyk.js").exists()
    page = (sample_site / "public" / "uslugi" / "diagnoza-psychologiczna" / "index.html").read_text(encoding="utf-8")
    assert "data-basket-id" not in page and "data-basket-count" not in page


def test_a_service_added_half_an_hour_after_midnight_carries_todays_local_date(sample_site, browser):
    """00:30 in Warsaw is 23:30 UTC of the day before: the basket and its print use the local date."""
    with serve(sample_site / "intranet") as base:
        context = browser.new_context(locale="pl-PL", timezone_id="Europe/Warsaw")
        page = context.new_page()
        page.clock.set_fixed_time("2026-11-25T23:30:00Z")
        page.goto(base + "uslugi/asystent-rodziny/")
        page.locator("button[data-basket-id=asystent-rodziny]").click()
        stored = json.loads(page.evaluate("localStorage.getItem('koszyk.indywidualny.v1')"))
        assert stored["items"][0]["added"] == "2026-11-26"
        open_basket(page, base + "koszyk/")
        assert page.inner_text("#koszyk-wydruk-data") == "2026-11-26"
        context.close()
