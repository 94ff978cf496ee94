"""The card form in the browser (formularz/): the validator's messages for the same mistakes,
a partner's walk from a mistake to a card that `koszyk validate` accepts, and a workbook
that `koszyk import-xlsx` turns into the same card."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from click.testing import CliRunner

from koszyk import schema
from koszyk.cli import main
from koszyk.validation import validate_paths

from .browser import serve
from .conftest import TODAY

pytestmark = pytest.mark.browser
REQUIRED_PREFIX = schema.MESSAGES["required"].split("„")[0]
RULES_IN_PAGE = """async (card) => {
  const rules = await import(new URL('../javascripts/formularz-reguly.js', document.baseURI).href);
  const data = await (await fetch('schemat.json')).json();
  return new rules.CardRules(data).check(card).map((e) => [e.field, e.message]);
}"""

BAD_CARDS = [
    {"partner": {"kontakt": {"email": "sekretariat.example.org", "telefon": "12 34", "www": "example.org"},
                 "adres": {"kod": "00950"}, "ostatnia_weryfikacja": "2026-02-30", "opiekunowie": ["jan kowalski"],
                 "opis": "Opis z ukrytym\u202eznakiem", "godziny": "x" * 301},
     "uslugi": [{"id": "Zła Nazwa", "grupy_docelowe": ["rodziny"], "dostep": {"wiek": {"od": 20, "do": 10}}},
                {"id": "bez-dostepu", "nazwa": "Usługa", "obszary": ["kultura"], "grupy_docelowe": ["rodziny"]},
                {"id": "wiek", "nazwa": "Wiek", "obszary": ["kultura"], "grupy_docelowe": ["rodziny"],
                 "dostep": {"tryb": "powszechny", "wiek": {"od": "siedem", "do": 200}}}]},
    {"partner": {"nazwa": "Stowarzyszenie", "typ": "ngo", "ostatnia_weryfikacja": "5.11.2026",
                 "kontakt": {"telefon": "+48 123 456"}, "regon": "12345"}, "uslugi": []},
    {"partner": {"nazwa": "Stowarzyszenie", "typ": "ngo", "regon": "123-456-786"},
     "uslugi": [{"id": "a", "nazwa": "A", "obszary": ["kultura"], "grupy_docelowe": ["rodziny"],
                 "zapisy": "Zadzwoń: +48 123 456 789, opiekun 85-01-01-12345",
                 "dostep": {"tryb": "powszechny"}}, {"id": "b"}]},
    {"partner": {"nazwa": "Stowarzyszenie", "typ": "ngo", "ostatnia_weryfikacja": "2027-01-01",
                 "kontakt": {"email": "a@b"}, "opis": "Kontakt w sprawie 44051401359, NIP 1234563218"}},
    {"partner": {"nazwa": "Stowarzyszenie", "typ": "ngo"},
     "uslugi": [{"id": "a", "nazwa": "A", "obszary": ["kultura"], "grupy_docelowe": ["rodziny"],
                 "dostep": {"tryb": "powszechny", "wiek": {"od": "7-12", "do": "16 – 18"}}}]},
    {"partner": {"nazwa": "Stowarzyszenie", "typ": "ngo", "kontakt": {"email": "biuro.example.org"}},
     # "index" is the services list's own page
     "uslugi": [{"id": "index", "nazwa": "A", "obszary": ["kultura"], "grupy_docelowe": ["rodziny"],
                 "dostep": {"tryb": "powszechny"}}]},
]


def validator_errors(card: dict, folder: Path) -> set[tuple[str, str]]:
    path = folder / "karta-testowa.yml"
    path.write_text(yaml.safe_dump(card, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = validate_paths([path], today=dt.date.fromisoformat(TODAY))
    return {(problem.field, problem.message) for problem in result.errors}


def as_validator_reports(found: list) -> set[tuple[str, str]]:
    """The form shows a missing field at the field; the validator names the record holding it."""
    reports = set()
    for field, message in found:
        if message.startswith(REQUIRED_PREFIX):
            field = field.rsplit(".", 1)[0] if "." in field else ""
        reports.add((field, message))
    return reports


def import_into_empty_basket(workbook: Path, folder: Path) -> Path:
    """``koszyk import-xlsx`` of a workbook the form made, into a new basket with no cards."""
    basket = folder / "pusty"
    (basket / "partnerzy").mkdir(parents=True)
    (basket / "basket.yml").write_text("id: przykladowo\nnazwa: Pusty koszyk\n", encoding="utf-8")  # the site's basket
    result = CliRunner().invoke(main, ["import-xlsx", str(workbook), "--basket", str(basket), "--today", TODAY])
    assert result.exit_code == 0, result.output
    return basket


@pytest.fixture
def form_page(sample_site, browser):
    def open_form(variant: str, query: str = "", **context_options):
        server = serve(sample_site / variant)
        base = server.__enter__()
        context = browser.new_context(locale="pl-PL", accept_downloads=True, **context_options)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base + "formularz/" + query)
        page.wait_for_selector("#formularz[data-loaded]")
        opened.append((server, context, errors))
        return page

    opened = []
    yield open_form
    for server, context, errors in opened:
        context.close()
        server.__exit__(None, None, None)
        assert not errors, errors


def test_form_says_what_koszyk_validate_says_for_the_same_mistakes(form_page, tmp_path):
    page = form_page("intranet")
    for card in BAD_CARDS:
        expected = validator_errors(card, tmp_path)
        assert len(expected) >= 2
        assert as_validator_reports(page.evaluate(RULES_IN_PAGE, card)) == expected


def download(page, button: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.click(button)
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_a_partner_fills_the_form_fixes_two_mistakes_and_gets_a_card_and_a_workbook(form_page, tmp_path):
    page = form_page("public")
    page.fill("#f-partner-nazwa", "Stowarzyszenie „Sąsiedzi” w Przykładowie")
    page.select_option("#f-partner-typ", label="Organizacja pozarządowa")
    page.fill("#f-partner-adres-kod", "00-950")
    page.fill("#f-partner-kontakt-telefon", "+48 12 345 67 89")
    page.fill("#f-partner-kontakt-email", "biuro.sasiedzi.example.org")  # mistake 1
    page.fill("#f-partner-ostatnia_weryfikacja", "2026-11-20")
    page.fill("#f-uslugi-0-id", "porady-sasiedzkie")  # mistake 2: no service name
    page.check("#f-uslugi-0-obszary input[value=pomoc_spoleczna]")
    page.check("#f-uslugi-0-grupy_docelowe input[value=seniorzy]")
    page.select_option("#f-uslugi-0-dostep-tryb", "selektywny")
    page.click("#f-uslugi-0-dostep-kryteria [data-add]")
    page.select_option("#f-uslugi-0-dostep-kryteria-0-rodzaj", "wiek")
    page.fill("#f-uslugi-0-dostep-kryteria-0-warunek", "od 60 lat")
    page.fill("#f-uslugi-0-dostep-wiek-od", "60")

    page.click("#formularz-yaml")
    assert not list(tmp_path.iterdir())  # nothing downloaded while the card has mistakes
    summary = page.locator("#formularz-bledy")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "formularz-bledy"
    email_message = schema.MESSAGES["text_pattern"].format(value="biuro.sasiedzi.example.org", hint=schema.EMAIL.hint)
    name_message = schema.MESSAGES["required"].format(key="nazwa", title=schema.SERVICE.field("nazwa").title)
    assert page.inner_text("#f-partner-kontakt-email-blad") == "Błąd: " + email_message
    assert page.inner_text("#f-uslugi-0-nazwa-blad") == "Błąd: " + name_message
    for field in ("#f-partner-kontakt-email", "#f-uslugi-0-nazwa"):
        assert page.get_attribute(field, "aria-invalid") == "true"
        assert f"{field[1:]}-blad" in page.get_attribute(field, "aria-describedby")
    def label(field_id: str) -> str:  # the summary names fields as the form shows them, not by card paths
        return page.inner_text(f'label[for="{field_id}"]').removesuffix(" (wymagane)").strip()

    assert page.locator("#formularz-bledy-lista a").all_inner_texts() == [
        f"{label('f-partner-kontakt-email')}: {email_message}",
        f"Usługa 1 – {label('f-uslugi-0-nazwa')}: {name_message}"]
    # the summary's link takes the keyboard to the field
    page.focus("#formularz-bledy-lista a >> nth=1")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "f-uslugi-0-nazwa"
    page.keyboard.type("Porady sąsiedzkie dla seniorów")
    page.fill("#f-partner-kontakt-email", "biuro@sasiedzi.example.org")
    page.locator("#f-partner-kontakt-email").blur()
    assert not page.locator("#formularz-bledy").is_visible()
    assert page.get_attribute("#f-partner-kontakt-email", "aria-invalid") is None

    card_file = download(page, "#formularz-yaml", tmp_path)
    assert card_file.name == "stowarzyszenie-sasiedzi-w-przykladowie.yml"
    text = card_file.read_text(encoding="utf-8")
    assert 'telefon: "+48 12 345 67 89"' in text and 'kod: "00-950"' in text
    checked = validate_paths([card_file], today=dt.date.fromisoformat(TODAY))
    assert not checked.errors, [p.format_text() for p in checked.errors]

    workbook = download(page, "#formularz-arkusz", tmp_path)
    basket = import_into_empty_basket(workbook, tmp_path)
    imported = basket / "partnerzy" / card_file.name
    assert yaml.safe_load(imported.read_text(encoding="utf-8")) == yaml.safe_load(text)


def test_a_prefilled_card_round_trips_through_the_workbook_unchanged(form_page, tmp_path, sample_site):
    page = form_page("intranet", "?partner=gkrpa")
    assert page.input_value("#f-partner-kontakt_wewnetrzny-osoba") == "Jan Sowa, sekretarz komisji"
    card_file = download(page, "#formularz-yaml", tmp_path)
    workbook = download(page, "#formularz-arkusz", tmp_path)
    basket = import_into_empty_basket(workbook, tmp_path)
    from_form = yaml.safe_load(card_file.read_text(encoding="utf-8"))
    assert yaml.safe_load((basket / "partnerzy" / "gkrpa.yml").read_text(encoding="utf-8")) == from_form
    original = yaml.safe_load((Path(__file__).parent.parent / "baskets/przykladowo/partnerzy/gkrpa.yml").read_text())
    assert from_form["partner"] == original["partner"]
    assert [s["id"] for s in from_form["uslugi"]] == [s["id"] for s in original["uslugi"]]


def test_a_public_card_downloads_under_another_name_than_the_card_file(form_page, tmp_path):
    """The public form's card lacks the intranet-only data: it must never look like the card file."""
    page = form_page("public", "?partner=gkrpa")
    assert download(page, "#formularz-yaml", tmp_path).name == "gkrpa-dane-publiczne.yml"
    assert "Nie zastępuj nią pliku karty" in page.inner_text("#formularz")


@pytest.mark.parametrize("variant", ["public", "intranet"])
def test_the_form_is_linked_from_partner_pages_the_guide_and_the_intranet_home(sample_site, variant):
    site = sample_site / variant
    partner = (site / "partnerzy" / "gkrpa" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../formularz/?partner=gkrpa">Popraw kartę w formularzu</a>' in partner
    guide = (site / "model" / "przewodnik-partnera" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../formularz/"' in guide
    home = (site / "index.html").read_text(encoding="utf-8")
    assert ('href="formularz/"' in home) == (variant == "intranet")
    form = (site / "formularz" / "index.html").read_text(encoding="utf-8")
    assert "formularz-repozytorium" not in form  # the sample has no repo_url: no forge route offered


def test_public_form_has_no_intranet_field_and_no_internal_data(sample_site):
    public, intranet = (json.loads((sample_site / v / "formularz" / "schemat.json").read_text()) for v in
                        ("public", "intranet"))
    assert "kontakt_wewnetrzny" not in json.dumps(public["card"])
    assert "uwagi_wewnetrzne" in json.dumps(intranet["card"])
    card = (sample_site / "public" / "formularz" / "karty" / "gkrpa.json").read_text(encoding="utf-8")
    assert "Jan Sowa" not in card and "Opinia biegłych" not in card
    assert "Jan Sowa" in (sample_site / "intranet" / "formularz" / "karty" / "gkrpa.json").read_text(encoding="utf-8")


def test_services_are_added_removed_and_withdrawn_by_keyboard(form_page):
    page = form_page("intranet", "?partner=gkrpa")
    services = "#f-uslugi > fieldset.koszyk-form__item"
    count = page.locator(services).count()
    page.focus("[data-add='uslugi']")
    page.keyboard.press("Enter")
    assert page.locator(services).count() == count + 1
    assert page.evaluate("document.activeElement.id") == f"f-uslugi-{count}-id"
    page.focus(f"#f-uslugi-{count} .koszyk-form__actions button")
    assert page.inner_text(f"#f-uslugi-{count} .koszyk-form__actions button") == f"Usuń usługę {count + 1}"
    page.keyboard.press("Enter")
    assert page.locator(services).count() == count
    page.focus("#f-uslugi-0 .koszyk-form__actions button")
    assert page.inner_text("#f-uslugi-0 .koszyk-form__actions button") == "Oznacz usługę 1 jako wycofaną"
    page.keyboard.press("Enter")
    assert page.input_value("#f-uslugi-0-status") == "wycofana"


def test_a_new_services_id_follows_its_name_until_the_partner_types_one(form_page):
    page = form_page("intranet", "?partner=gkrpa")
    existing_id = page.input_value("#f-uslugi-0-id")
    page.fill("#f-uslugi-0-nazwa", "Zupełnie inna nazwa")
    assert page.input_value("#f-uslugi-0-id") == existing_id  # an existing service's id never moves
    new = page.locator("#f-uslugi > fieldset.koszyk-form__item").count()
    page.click("[data-add='uslugi']")
    page.fill(f"#f-uslugi-{new}-nazwa", "Porady dla łódzkich Seniorów (grupa 2)")
    assert page.input_value(f"#f-uslugi-{new}-id") == "porady-dla-lodzkich-seniorow-grupa-2"
    page.fill(f"#f-uslugi-{new}-nazwa", "Porady dla seniorów")
    assert page.input_value(f"#f-uslugi-{new}-id") == "porady-dla-seniorow"
    page.fill(f"#f-uslugi-{new}-id", "porady-seniorzy")
    page.fill(f"#f-uslugi-{new}-nazwa", "Porady prawne dla seniorów")
    assert page.input_value(f"#f-uslugi-{new}-id") == "porady-seniorzy"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("variant", ["public", "intranet"])
def test_form_with_errors_has_no_axe_violations_at_360_px(form_page, variant, scheme):
    page = form_page(variant, "?partner=gkrpa", color_scheme=scheme, viewport={"width": 360, "height": 800},
                     reduced_motion="reduce")
    page.fill("#f-partner-kontakt-email", "zly-adres")
    page.fill("#f-partner-nazwa", "")
    page.click("#formularz-yaml")
    assert page.locator("#formularz-bledy-lista li").count() == 2
    rules = {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
    results = Axe().run(page, options={"runOnly": rules})
    assert not results.violations_count, results.generate_report()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width


def test_with_a_repository_the_form_links_to_the_forge_editor_with_steps(tmp_path, browser, monkeypatch):
    from koszyk.building import build_site

    from .conftest import ROOT, SAMPLE

    monkeypatch.setenv("KOSZYK_REPO_URL", "https://github.com/przyklad/koszyk")
    outcome = build_site(ROOT / "mkdocs.yml", ["intranet"], tmp_path, SAMPLE, strict=True, today=TODAY)
    assert outcome == {"intranet": None}
    with serve(tmp_path / "intranet") as base:
        context = browser.new_context(locale="pl-PL")
        page = context.new_page()
        page.goto(base + "formularz/?partner=gkrpa")
        page.wait_for_selector("#formularz[data-loaded='gkrpa']")
        assert page.get_attribute("#formularz-edytor", "href") == \
            "https://github.com/przyklad/koszyk/edit/main/baskets/przykladowo/partnerzy/gkrpa.yml"
        steps = page.locator("#formularz-repozytorium li").all_inner_texts()
        assert len(steps) == 5 and "pull request" in steps[3]
        page.select_option("#formularz-partner", "")
        page.click("#formularz-wczytaj")
        page.wait_for_selector("#formularz[data-loaded='nowy']")
        page.fill("#f-partner-nazwa", "Klub Seniora Złota Jesień")
        page.locator("#f-partner-nazwa").blur()
        assert page.get_attribute("#formularz-edytor", "href") == (
            "https://github.com/przyklad/koszyk/new/main/baskets/przykladowo/partnerzy?filename=klub-seniora-zlota-jesien.yml")
        context.close()
