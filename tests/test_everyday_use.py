"""A worker's and a resident's everyday use in Chromium: phone widths, keyboard, voice control, clicks, no JavaScript."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from .browser import serve

pytestmark = pytest.mark.browser
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BASKET_KEY = "koszyk.indywidualny.v1"
INTRANET_PAGES = ["", "koszyk/", "uslugi/asystent-rodziny/", "partnerzy/ops-przykladowo/", "przegladaj/",
                  "przegladaj/obszary/zdrowie/", "przegladaj/macierz/edukacja/dzieci_mlodziez/", "partnerzy/",
                  "raporty/", "model/koszyki/"]


def stored(ids: list[str]) -> str:
    return json.dumps({"items": [{"id": i, "name": i, "fp": "", "added": "2026-11-20", "note": {}} for i in ids]})


def open_basket(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("document.body.dataset.basketReady === 'true'")


@pytest.fixture
def intranet(sample_site, browser):
    with serve(sample_site / "intranet") as base:
        context = browser.new_context(locale="pl-PL")
        yield context, base
        context.close()


@pytest.mark.parametrize("width", [320, 360, 390])
def test_phone_header_keeps_the_individual_basket_and_pages_do_not_scroll_sideways(sample_site, browser, width):
    with serve(sample_site / "intranet") as base:
        context = browser.new_context(viewport={"width": width, "height": 740}, locale="pl-PL")
        page = context.new_page()
        page.goto(base + "uslugi/asystent-rodziny/")
        page.evaluate(f"localStorage.setItem('{BASKET_KEY}', {json.dumps(stored(['praca-socjalna'] * 1))})")
        wide = []
        for url in INTRANET_PAGES:
            page.goto(base + url)
            page.wait_for_load_state("load")
            link = page.locator("header a.koszyk-header-basket")
            box = link.bounding_box()
            assert link.is_visible() and box and box["x"] >= 0 and box["x"] + box["width"] <= width, (url, box)
            count = page.locator("header [data-basket-count]")
            count_box = count.bounding_box()
            assert count.inner_text() == "1" and count_box["x"] + count_box["width"] <= width
            assert "Koszyk indywidualny" in link.evaluate("(node) => node.textContent")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                wide.append((url, overflow))
        assert wide == []
        # the slide-out menu leads to the individual basket as well
        page.goto(base + "uslugi/asystent-rodziny/")
        page.click("label.md-header__button[for=__drawer]")
        entry = page.locator("nav.md-nav--primary a.md-nav__link", has_text="Koszyk indywidualny").first
        entry.wait_for(state="visible")
        entry.click()
        page.wait_for_url("**/koszyk/")
        context.close()


def focus_ring(page) -> dict:
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return {tag: document.activeElement.tagName, id: document.activeElement.id, style: s.outlineStyle,
                width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }""")


def test_keyboard_focus_is_visible_on_every_control_text_fields_included(intranet):
    context, base = intranet
    page = context.new_page()
    page.goto(base + "koszyk/")
    page.evaluate(f"localStorage.setItem('{BASKET_KEY}', {json.dumps(stored(['praca-socjalna', 'asystent-rodziny']))})")
    open_basket(page, base + "koszyk/")
    page.click("#koszyk-udostepnij")
    page.locator("body").click(position={"x": 1, "y": 1})
    invisible, kinds = [], set()
    for _ in range(80):
        page.keyboard.press("Tab")
        ring = focus_ring(page)
        if ring["tag"] == "BODY":
            continue
        kinds.add(ring["tag"])
        if ring["style"] == "none" or ring["width"] < 2:
            invisible.append(ring)
    assert {"INPUT", "TEXTAREA", "BUTTON", "A"} <= kinds
    assert invisible == []
    page.focus("#koszyk-header-q")  # the header search, on the coloured bar
    page.keyboard.press("a")
    ring = focus_ring(page)
    assert ring["style"] != "none" and ring["width"] >= 2


@pytest.mark.parametrize("variant", ["public", "intranet"])
def test_on_a_phone_the_keyboard_never_lands_off_screen_and_opens_the_menu(sample_site, browser, variant):
    with serve(sample_site / variant) as base:
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="pl-PL")
        page = context.new_page()
        page.goto(base)
        off_screen = []
        for _ in range(25):
            page.keyboard.press("Tab")
            where = page.evaluate("""() => { const e = document.activeElement, r = e.getBoundingClientRect();
                return {text: (e.getAttribute("aria-label") || e.textContent).trim().slice(0, 40),
                        inside: r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight}; }""")
            if not where["inside"] and page.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null"):
                off_screen.append(where["text"])
        assert off_screen == []
        menu = page.locator("label.md-header__button[for=__drawer]")
        assert menu.get_attribute("role") == "button" and menu.get_attribute("aria-expanded") == "false"
        menu.focus()
        page.keyboard.press("Enter")
        assert menu.get_attribute("aria-expanded") == "true"
        assert page.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null")
        page.keyboard.press("Escape")
        assert menu.get_attribute("aria-expanded") == "false"
        assert page.evaluate("document.activeElement.getAttribute('for')") == "__drawer"
        page.keyboard.press(" ")
        assert menu.get_attribute("aria-expanded") == "true"
        context.close()


def test_voice_control_names_contain_the_visible_words(intranet):
    context, base = intranet
    page = context.new_page()
    page.goto(base + "koszyk/")
    page.evaluate(f"localStorage.setItem('{BASKET_KEY}', {json.dumps(stored(['praca-socjalna', 'asystent-rodziny']))})")
    open_basket(page, base + "koszyk/")
    for selector in ("#koszyk-lista button", "#koszyk-strona button:visible", "header a.koszyk-header-basket"):
        for node in page.locator(selector).all():
            words = lambda text: " ".join(text.replace(" ,", ",").split())
            visible = words(node.inner_text()).replace(" ,", ",")
            name = words(node.get_attribute("aria-label") or node.evaluate("(n) => n.textContent"))
            assert visible.split(",")[0] in name, (visible, name)
    assert page.locator("#koszyk-lista > li").first.locator("button", has_text="W górę").get_attribute(
        "aria-label").startswith("W górę: ")
    page.goto(base + "przegladaj/obszary/zdrowie/")
    for node in page.locator("button[data-basket-id]").all()[:5]:
        label = node.locator("[data-basket-label]").inner_text()
        assert node.evaluate("(n) => n.textContent").startswith(label)


def test_moving_to_the_top_takes_one_click_and_the_confirmation_shows_beside_it(intranet):
    context, base = intranet
    page = context.new_page()
    ids = ["praca-socjalna", "asystent-rodziny", "terapia-logopedyczna", "diagnoza-psychologiczna",
           "posrednictwo-pracy", "pomoc-w-nauce-tecza"]
    page.goto(base + "koszyk/")
    page.evaluate(f"localStorage.setItem('{BASKET_KEY}', {json.dumps(stored(ids))})")
    open_basket(page, base + "koszyk/")
    sixth = page.locator("#koszyk-lista > li").nth(5)
    sixth.locator("button[data-action=top]").click()
    assert page.locator("#koszyk-lista > li").first.get_attribute("data-id") == "pomoc-w-nauce-tecza"
    assert "na pozycję 1" in page.inner_text("#koszyk-stan")  # the live region says it
    echo = page.locator("#koszyk-echo")
    focused = page.evaluate("JSON.stringify(document.activeElement.getBoundingClientRect())")
    focused = json.loads(focused)
    box = echo.bounding_box()
    assert echo.is_visible() and "na pozycję 1" in echo.inner_text()
    assert abs(box["y"] - focused["y"]) < 120  # next to the control, not at the top of the page
    viewport = page.viewport_size
    assert 0 <= box["y"] <= viewport["height"]


def test_share_link_has_a_copy_button(intranet):
    context, base = intranet
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    page = context.new_page()
    page.goto(base + "koszyk/")
    page.evaluate(f"localStorage.setItem('{BASKET_KEY}', {json.dumps(stored(['praca-socjalna']))})")
    open_basket(page, base + "koszyk/")
    page.click("#koszyk-udostepnij")
    page.click("#koszyk-kopiuj")
    page.wait_for_function("document.getElementById('koszyk-stan').textContent.includes('Skopiowano')")
    assert page.evaluate("navigator.clipboard.readText()").endswith("#uslugi=praca-socjalna")
    assert "Skopiowano" in page.inner_text("#koszyk-echo")


def test_every_list_of_services_offers_the_individual_basket(intranet):
    context, base = intranet
    page = context.new_page()
    for url in ("przegladaj/obszary/zdrowie/", "przegladaj/macierz/edukacja/dzieci_mlodziez/",
                "partnerzy/poradnia-pp/"):
        page.goto(base + url)
        rows = page.locator(".koszyk-services tbody tr")
        assert rows.count() > 0
        assert page.locator(".koszyk-services tbody tr button[data-basket-id]:visible").count() == rows.count(), url
    button = page.locator("button[data-basket-id=terapia-logopedyczna]")
    button.click()
    assert page.inner_text("header [data-basket-count]") == "1"
    assert button.inner_text().startswith("Usuń z koszyka indywidualnego")
    assert "Dodano do koszyka indywidualnego: Terapia logopedyczna" in page.inner_text("#koszyk-echo")


def test_phone_numbers_are_tel_links(sample_site, browser):
    with serve(sample_site / "intranet") as base:
        context = browser.new_context(locale="pl-PL")
        page = context.new_page()
        page.goto(base + "koszyk/")
        page.evaluate(f"localStorage.setItem('{BASKET_KEY}', {json.dumps(stored(['terapia-logopedyczna']))})")
        bare = []
        for url in ("koszyk/", "uslugi/terapia-logopedyczna/", "partnerzy/poradnia-pp/"):
            page.goto(base + url)
            if url == "koszyk/":
                page.wait_for_function("document.body.dataset.basketReady === 'true'")
            bare += page.evaluate("""() => {
              const found = [];
              const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
              while (walker.nextNode()) {
                const node = walker.currentNode;
                if (node.parentElement.closest('script')) continue;  // data for scripts, not text a person reads
                if (/\\+48[\\d ]{9,}/.test(node.textContent) && !node.parentElement.closest('a[href^="tel:"]')
                    && node.parentElement.closest(':not(.koszyk-basket__print)') && !node.parentElement.closest('.koszyk-basket__print'))
                  found.push(location.pathname + ': ' + node.textContent.trim());
              }
              return found; }""")
        assert page.locator('article a[href="tel:+48006663000"]').count() >= 1
        context.close()
    assert bare == []


def test_easy_to_read_page_gives_the_centres_address_and_phone(sample_site, browser):
    with serve(sample_site / "public") as base:
        context = browser.new_context(locale="pl-PL")
        page = context.new_page()
        page.goto(base + "latwy-tekst/")
        text = page.inner_text("article")
        assert "ul. Rynek 12, 00-950 Przykładowo" in text and "{{" not in text
        assert page.locator('article a[href="tel:+48001112000"]').inner_text() == "+48 00 111 20 00"
        assert page.locator('article a[href="tel:112"]').count() == 1
        context.close()


def test_basket_page_without_javascript_shows_no_dead_buttons(sample_site, browser):
    with serve(sample_site / "intranet") as base:
        context = browser.new_context(locale="pl-PL", java_script_enabled=False)
        page = context.new_page()
        page.goto(base + "koszyk/")
        assert page.locator("#koszyk-strona button:visible").count() == 0
        text = page.inner_text("article")
        assert "włączonym JavaScriptem" in text
        assert "przycisk" not in text.lower()  # names no button the reader cannot see
        page.goto(base + "uslugi/asystent-rodziny/")
        assert page.locator("article button:visible").count() == 0
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 360])
def test_touched_pages_have_no_axe_violations_on_desktop_and_phone(sample_site, browser, scheme, width):
    axe, failures = Axe(), []
    for variant, urls in (("intranet", ["koszyk/", "uslugi/asystent-rodziny/", "partnerzy/poradnia-pp/",
                                         "przegladaj/obszary/zdrowie/"]),
                          ("public", ["uslugi/asystent-rodziny/", "partnerzy/poradnia-pp/", "latwy-tekst/",
                                      "partnerzy/"])):
        with serve(sample_site / variant) as base:
            context = browser.new_context(color_scheme=scheme, locale="pl-PL", viewport={"width": width, "height": 800})
            page = context.new_page()
            if variant == "intranet":
                page.goto(base + "koszyk/")
                page.evaluate(f"localStorage.setItem('{BASKET_KEY}', {json.dumps(stored(['praca-socjalna', 'asystent-rodziny']))})")
            for url in urls:
                page.goto(base + url)
                page.wait_for_load_state("load")
                if url == "koszyk/":
                    page.wait_for_function("document.body.dataset.basketReady === 'true'")
                    page.click("#koszyk-udostepnij")
                    page.mouse.move(0, 0)  # Material's hover colour is not what a reader sees at rest
                results = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
                if results.violations_count:
                    failures.append(f"{variant} {url}:\n{results.generate_report()}")
            context.close()
    assert not failures, "\n\n".join(failures)
