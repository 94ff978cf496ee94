"""Search that finds what people mean, in Chromium: lemmas, needs, group words, ranking,
typos, no dead ends, and a page that cannot show stale results."""

from __future__ import annotations

import json
import re
import shutil
import time
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe

from koszyk.search.concepts import Concepts, Need, phrase_keys
from koszyk.search.indexing import write_search_index
from koszyk.search.records import SearchRecord

from .browser import serve
from koszyk.leaks import intranet_only_values
from koszyk.search.morphology import word_keys

from .conftest import ROOT, SAMPLE
from .sample_data import listed_services, raw_cards
from .test_search import admits, query_of, titles, type_query, wait_for_results

pytestmark = pytest.mark.browser
PAYLOAD = "<img src=x onerror=alert(1)>"


def services(predicate) -> list[dict]:
    return [service for slug, service in listed_services("public") if predicate(slug, service)]


def names(predicate) -> set[str]:
    return {service["nazwa"] for service in services(predicate)}


@pytest.fixture
def public(sample_site, browser):
    """A fresh page on the public site; yields (page, base URL, errors thrown in the page)."""
    with serve(sample_site / "public") as base:
        context = browser.new_context(locale="pl-PL")
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page, base, errors
        context.close()


def open_search(page, base, query: str) -> None:
    page.goto(base + "szukaj/?" + query)
    wait_for_results(page)


@pytest.mark.parametrize("typed, expected_first", [
    ("lekarza", lambda slug, s: slug == "osrodek-zdrowia" and "lekarz" in s["nazwa"].lower()),
    ("urzędzie pracy", lambda slug, s: slug == "pup-filia"),
    ("seniorem", lambda slug, s: "senior" in s["nazwa"].lower()),
])
def test_an_inflected_word_finds_services_by_its_lemma_first(public, typed, expected_first):
    page, base, _ = public
    page.goto(base + "szukaj/")
    type_query(page, typed)
    assert titles(page)[0] in names(expected_first)


@pytest.mark.parametrize("typed, service", [
    ("asystentka rodziny", "Asystent rodziny"),
    ("asystentki rodziny", "Asystent rodziny"),
    ("psycholożka dla dziecka", "Diagnoza psychologiczna dziecka"),
])
def test_a_feminine_job_name_finds_what_the_masculine_one_finds_uncorrected(public, typed, service):
    page, base, _ = public
    open_search(page, base, "q=" + typed)
    assert page.inner_text("#szukaj-poprawka") == ""  # a real word, not a typo
    assert service in titles(page)[:3]


@pytest.mark.parametrize("typed", ["straciłam pracę", "straciłem pracę", "stracilibyśmy pracę", "mogłabym pracować"])
def test_a_past_form_with_its_person_ending_is_a_word_not_a_typo(public, typed):
    page, base, _ = public
    open_search(page, base, "q=" + typed)
    assert page.inner_text("#szukaj-poprawka") == ""
    assert titles(page)


def test_a_known_word_no_longer_matches_by_its_first_letters(public):
    page, base, _ = public
    open_search(page, base, "q=lekarza")
    assert "Boisko szkolne otwarte po lekcjach" not in titles(page)


@pytest.mark.parametrize("typed, judged", [
    ("straciłem pracę", lambda slug, s: slug == "pup-filia"),
    ("Ukrainka", lambda slug, s: "cudzoziemcy" in s["grupy_docelowe"]),
])
def test_everyday_words_find_services_through_the_needs_thesaurus(public, typed, judged):
    page, base, _ = public
    open_search(page, base, "q=" + typed)
    assert set(titles(page)[:3]) & names(judged)


def test_a_word_naming_a_target_group_finds_every_service_tagged_with_it(public):
    page, base, _ = public
    open_search(page, base, "q=cudzoziemiec")
    tagged = names(lambda slug, s: "cudzoziemcy" in s["grupy_docelowe"])
    assert tagged and tagged <= set(titles(page))


def test_stopwords_need_not_match(public):
    page, base, _ = public
    open_search(page, base, "q=dla seniora")
    with_stopword = titles(page)
    open_search(page, base, "q=seniora")
    assert with_stopword == titles(page)


def crafted(number: int, weights: dict[str, float], name_keys: set[str], pairs: set[str] = frozenset()) -> SearchRecord:
    return SearchRecord(f"uslugi/u{number}/", weights, frozenset(name_keys), 10.0,
                        {"title": f"U{number}", "id": f"u{number}"}, name_pairs=frozenset(pairs))


def ranked(tmp_path, browser, records: list[SearchRecord], text: str, concepts: Concepts | None = None) -> list[int]:
    """The services a crafted index lists for ``text`` (folded), best first."""
    write_search_index(records, tmp_path, concepts)
    shutil.copy(ROOT / "generator" / "koszyk" / "assets" / "szukaj-indeks.js", tmp_path / "szukaj" / "szukaj-indeks.js")
    (tmp_path / "szukaj" / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    with serve(tmp_path) as base:
        page = browser.new_page()
        page.goto(base + "szukaj/")
        ids = page.evaluate("""async (text) => {
          const { openIndex } = await import("./szukaj-indeks.js");
          const index = await openIndex(new URL("indeks/", location.href));
          return (await index.search({ text, facets: {}, age: null })).ids;
        }""", text)
        page.close()
    return ids


def test_ranking_puts_all_concepts_first_then_the_name_field(tmp_path, browser):
    """A crafted index: the service covering both words in its name, then both in the
    description, then one word in the name; one that matches nothing is not listed."""
    records = [
        crafted(0, {"terapia": 1.0}, {"terapia"}),  # one word, in its name
        crafted(1, {"terapia": 1.0, "logopedyczny": 1.0}, set()),  # both, in its description
        crafted(2, {"terapia": 3.0, "logopedyczny": 3.0}, {"terapia", "logopedyczny"}),  # both, in its name
        crafted(3, {"rower": 1.0}, set()),
    ]
    assert ranked(tmp_path, browser, records, "terapii logopedycznej") == [2, 1, 0]


def test_the_exact_phrase_in_the_name_ranks_above_the_same_words_apart(tmp_path, browser):
    both = {"pomoc": 3.0, "prawny": 3.0}
    records = [
        crafted(0, both, set(both), {"=prawny pomoc"}),  # "Prawna i psychologiczna pomoc": words apart, other order
        crafted(1, both, set(both), {"=pomoc prawny"}),  # "Pomoc prawna"
        crafted(2, {"pomoc": 3.0}, {"pomoc"}),
    ]
    assert ranked(tmp_path, browser, records, "pomoc prawna") == [1, 0, 2]


def test_a_word_read_as_several_lemmas_counts_once(tmp_path, browser):
    """"zajęcia" is a form of zajęcie, zajęcia and zając: a service using it once must not
    outrank a service using the other, rarer word of the query in its name."""
    records = [
        crafted(0, {"zajac": 3.0, "zajecia": 3.0, "zajecie": 3.0, "plastyczny": 1.0}, {"zajac", "zajecia", "zajecie"}),
        crafted(1, {"plastyczny": 3.0, "zajac": 1.0, "zajecia": 1.0, "zajecie": 1.0}, {"plastyczny"}),
    ] + [crafted(n, {"zajac": 1.0, "zajecia": 1.0, "zajecie": 1.0}, set()) for n in range(2, 8)]
    assert ranked(tmp_path, browser, records, "zajecia plastyczne")[:2] == [1, 0]


def test_a_suspended_service_follows_a_running_one_that_matches_as_well(tmp_path, browser):
    """The taxonomy marks "zawieszona" as not running (``dziala: false``): with the same
    words in the same fields, the running service comes first; the suspended one is
    still listed, and still leads a service that matches the query worse."""
    def service(number, status, weights, name_keys):
        record = crafted(number, weights, name_keys)
        record.filters = {"status": [status]}
        return record

    records = [
        service(0, "zawieszona", {"terapia": 3.0, "logopedyczny": 3.0}, {"terapia", "logopedyczny"}),
        service(1, "oferowana", {"terapia": 3.0, "logopedyczny": 3.0}, {"terapia", "logopedyczny"}),
        service(2, "oferowana", {"terapia": 1.0, "logopedyczny": 1.0}, set()),
        service(3, "oferowana", {"terapia": 1.0}, set()),
    ]
    paused = Concepts(paused=("zawieszona",))
    assert ranked(tmp_path, browser, records, "terapia logopedyczna", paused) == [1, 0, 2, 3]
    assert ranked(tmp_path, browser, records, "terapia logopedyczna", Concepts()) == [0, 1, 2, 3]


def test_the_taxonomy_names_the_statuses_search_ranks_lower(sample_site):
    words = json.loads((sample_site / "public" / "szukaj" / "indeks" / "slowa.json").read_text(encoding="utf-8"))
    assert words["wstrzymane"] == ["zawieszona"]


def drinking_need() -> Concepts:
    """One need: people say "mąż chleje", a card says "alkohol"."""
    return Concepts({}, [Need("Alkohol w rodzinie", (phrase_keys("Alkohol w rodzinie"), phrase_keys("mąż chleje")),
                              (phrase_keys("Alkohol w rodzinie"), phrase_keys("alkohol")), (),
                              texts=("Alkohol w rodzinie", "mąż chleje"))])


def test_a_thesaurus_word_no_card_uses_finds_its_needs_services_alone(tmp_path, browser):
    """"chleje" is only in the phrase "mąż chleje"; typed alone, or inflected, it still
    finds what the need finds. A word the cards use ("rower") keeps its own services."""
    records = [crafted(0, {"alkohol": 1.0}, {"alkohol"}), crafted(1, {"rower": 1.0, "maz": 1.0}, {"rower"})]
    assert ranked(tmp_path, browser, records, "chleje", drinking_need()) == [0]
    assert ranked(tmp_path, browser, records, "moj chlal", drinking_need()) == [0]
    assert ranked(tmp_path, browser, records, "rower", drinking_need()) == [1]
    forms = {}
    for shard in (tmp_path / "szukaj" / "indeks").glob("f*.json"):
        forms.update(json.loads(shard.read_text(encoding="utf-8")))
    assert forms["chleje"].split() == ["#0", "chlac"]
    assert forms["rower"] == "rower"


def test_a_typo_is_corrected_and_the_word_as_typed_is_one_click_away(public):
    page, base, _ = public
    open_search(page, base, "q=pracownk socjalny")
    line = page.locator("#szukaj-poprawka")
    assert line.inner_text().startswith("Pokazujemy wyniki dla: pracownik socjalny.")
    assert titles(page)
    before = page.evaluate("document.body.dataset.searchDone")
    line.locator("a").click()
    wait_for_results(page, before)
    assert query_of(page.url) == {"q": ["pracownk socjalny"], "dokladnie": ["1"]}
    assert page.inner_text("#szukaj-poprawka") == ""


def test_the_corrected_line_keeps_punctuation_and_wraps_on_a_phone(public):
    page, base, _ = public
    page.set_viewport_size({"width": 360, "height": 740})
    open_search(page, base, "q=pracownk,socjalny,asystnt,rodziny,logopda?")
    line = page.inner_text("#szukaj-poprawka")
    assert line.startswith("Pokazujemy wyniki dla: pracownik,socjalny,asystent,rodziny,logopeda?.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 800})


def test_direction_marks_in_a_query_cannot_turn_the_page_text_around(public):
    page, base, _ = public
    open_search(page, base, "q=rehablitacja%20%E2%80%AEabc%20def%E2%81%A6")
    line = page.inner_text("#szukaj-poprawka")
    assert line.startswith("Pokazujemy wyniki dla: rehabilitacja abc def."), line
    assert "\u202e" not in line and "\u2066" not in line
    assert page.input_value("#szukaj-q").split() == ["rehablitacja", "abc", "def"]  # a mark between words parts them
    assert page.get_attribute("#szukaj-q", "maxlength") == "200"
    open_search(page, base, "q=" + "praca%20" * 100)
    assert len(page.input_value("#szukaj-q")) == 200


def test_an_age_in_the_url_outside_the_age_box_range_is_ignored(public):
    page, base, _ = public
    open_search(page, base, "q=praca")
    total = page.inner_text("#szukaj-stan")
    for odd in ("99999999999999999999", "1e308", "-5", "121", "abc"):
        open_search(page, base, f"q=praca&wiek={odd}")
        assert page.input_value("#szukaj-wiek") == ""
        assert page.inner_text("#szukaj-stan") == total


def test_an_age_the_box_cannot_use_is_said_under_it_and_kept_out_of_the_url(public):
    page, base, errors = public
    open_search(page, base, "q=praca")
    total = page.inner_text("#szukaj-stan")
    error = page.locator("#szukaj-wiek-blad")
    assert not error.is_visible()
    for typed in ("-3", "1.5", "400"):
        before = page.evaluate("document.body.dataset.searchDone")
        page.fill("#szukaj-wiek", typed)
        wait_for_results(page, before)
        assert error.is_visible() and error.inner_text() == "Wpisz wiek w pełnych latach, od 0 do 120."
        assert page.get_attribute("#szukaj-wiek", "aria-invalid") == "true"
        assert page.input_value("#szukaj-wiek") == typed  # what was typed stays, to be corrected
        assert "wiek" not in query_of(page.url) and page.inner_text("#szukaj-stan") == total
    before = page.evaluate("document.body.dataset.searchDone")
    page.fill("#szukaj-wiek", "7")
    wait_for_results(page, before)
    assert not error.is_visible() and page.get_attribute("#szukaj-wiek", "aria-invalid") == "false"
    assert query_of(page.url)["wiek"] == ["7"]
    assert errors == []


def test_a_query_with_no_word_in_it_says_so(public):
    page, base, _ = public
    open_search(page, base, "q=%F0%9F%98%80%F0%9F%98%80%20%3F%21")
    assert page.inner_text("#szukaj-stan").startswith("W zapytaniu nie ma słowa, którego można szukać")
    open_search(page, base, "q=")
    assert page.inner_text("#szukaj-stan") == "Wpisz, czego szukasz, albo wybierz filtr."


def test_zero_results_offer_close_words_needs_and_the_browse_pages(public):
    page, base, _ = public
    open_search(page, base, "q=rehabylitacja&dokladnie=1")
    assert page.inner_text("#szukaj-stan") == "Nie znaleziono żadnej usługi."
    assert "rehabilitacja" in page.locator(".koszyk-search__words a").all_inner_texts()
    tiles = page.locator(".koszyk-search__needs a")
    assert tiles.count() >= 10
    assert page.locator("#szukaj-sugestie a[href$='przegladaj/']").count() == 1
    before = page.evaluate("document.body.dataset.searchDone")
    page.locator(".koszyk-search__words a", has_text="rehabilitacja").click()
    wait_for_results(page, before)
    assert titles(page)


def test_a_slow_older_search_never_mixes_into_a_newer_one(public):
    """The race of issue 20: an age typed, then a facet ticked while the first results load."""
    page, base, _ = public
    page.route("**/szukaj/indeks/d/*.json", lambda route: (time.sleep(0.4), route.continue_()))
    page.goto(base + "szukaj/")
    page.wait_for_function("document.getElementById('szukaj-stan').textContent.startsWith('Wpisz')")
    page.fill("#szukaj-wiek", "9")
    page.wait_for_timeout(250)  # the age search has started and waits for its documents
    page.locator("fieldset[data-facet=grupa] li[data-value=seniorzy] label").click()
    page.wait_for_function("document.body.dataset.searchDone && new URL(location.href).searchParams.has('grupa')")
    page.wait_for_timeout(1500)  # let the older search finish, had it not been dropped
    expected = names(lambda slug, s: "seniorzy" in s["grupy_docelowe"] and admits(s, 9))
    shown = titles(page)
    assert len(shown) == len(set(shown)) and set(shown) <= expected
    count = int(re.search(r"Znaleziono (\d+)", page.inner_text("#szukaj-stan")).group(1))
    assert count == len(expected) and len(shown) == min(count, 10)  # ten results a page


def test_age_applies_as_typed_and_says_services_without_a_limit_are_included(public):
    page, base, _ = public
    page.goto(base + "szukaj/")
    page.wait_for_function("document.getElementById('szukaj-stan').textContent.startsWith('Wpisz')")
    page.wait_for_function("document.body.dataset.searchDone", timeout=10_000)  # the page's own first search
    before = page.evaluate("document.body.dataset.searchDone")
    page.fill("#szukaj-wiek", "5")  # no Enter, no blur
    wait_for_results(page, before)
    assert query_of(page.url) == {"wiek": ["5"]}
    assert page.evaluate("document.activeElement.id") == "szukaj-wiek"
    assert page.locator("#szukaj-wiek-uwaga").is_visible()
    assert page.inner_text("#szukaj-wiek-uwaga") == "Usługi bez ograniczenia wieku są uwzględnione."
    assert set(titles(page)) <= names(lambda slug, s: admits(s, 5))


def test_inherited_object_keys_in_the_url_do_not_break_the_page(public):
    page, base, errors = public
    open_search(page, base, "obszar=constructor&grupa=__proto__&q=toString")
    assert not errors
    assert page.inner_text("#szukaj-stan").startswith(("Znaleziono", "Nie znaleziono"))
    assert not page.locator("#szukaj-filtry input:checked").count()
    open_search(page, base, "obszar=constructor&q=lekarza")
    assert titles(page) and not errors


def test_a_double_click_on_more_results_adds_one_page_once(public):
    page, base, _ = public
    page.route("**/szukaj/indeks/d/*.json", lambda route: (time.sleep(0.2), route.continue_()))
    open_search(page, base, "odplatnosc=bezplatna")
    assert page.locator("#szukaj-lista > li").count() == 10
    page.dblclick("#szukaj-wiecej")
    page.wait_for_function("document.querySelectorAll('#szukaj-lista > li').length > 10")
    page.wait_for_timeout(1000)
    shown = page.locator("#szukaj-lista > li").evaluate_all("items => items.map((item) => item.dataset.service)")
    assert len(shown) == 20 and len(set(shown)) == 20


def test_on_a_phone_filters_fold_behind_a_button_and_jump_back_to_results(sample_site, browser):
    with serve(sample_site / "public") as base:
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="pl-PL")
        page = context.new_page()
        page.goto(base + "szukaj/?q=terapia")
        wait_for_results(page)
        toggle = page.locator("#szukaj-filtry-przelacz")
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        assert not page.locator("#szukaj-filtry").is_visible()
        assert page.locator("#szukaj-lista").bounding_box()["y"] < 900
        toggle.click()
        assert page.locator("#szukaj-filtry").is_visible()
        before = page.evaluate("document.body.dataset.searchDone")
        page.locator("fieldset[data-facet=obszar] li[data-value=zdrowie] label").click()
        wait_for_results(page, before)
        count = re.search(r"Znaleziono (\d+)", page.inner_text("#szukaj-stan")).group(1)
        jump = page.locator("#szukaj-pokaz-wyniki")
        assert jump.inner_text() == f"Pokaż wyniki ({count})"
        jump.click()
        assert not page.locator("#szukaj-filtry").is_visible()
        assert page.evaluate("document.activeElement.id") == "szukaj-wyniki-naglowek"
        assert toggle.inner_text() == "Filtry (wybrane: 1)"  # folded, the button still says a filter is on
        heading = page.locator("#szukaj-wyniki-naglowek").bounding_box()
        header = page.locator("header.md-header").bounding_box()
        assert heading["y"] >= header["y"] + header["height"]  # not under the sticky header
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        context.close()


NEW_STATES = {
    "corrected typo": "szukaj/?q=pracownk%20socjalny",
    "zero results": "szukaj/?q=rehabylitacja&dokladnie=1",
    "age with services without a limit": "szukaj/?q=terapia&wiek=7",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 360])
def test_new_search_states_have_no_axe_violations(sample_site, browser, width, scheme):
    axe, failures = Axe(), []
    with serve(sample_site / "public") as base:
        context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme, locale="pl-PL",
                                      reduced_motion="reduce")  # axe reads final colours, not a transition
        page = context.new_page()
        for name, url in NEW_STATES.items():
            page.goto(base + url)
            page.wait_for_function("document.body.dataset.searchDone")
            if width < 600:
                page.click("#szukaj-filtry-przelacz")  # the unfolded filters too
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
            if results.violations_count:
                failures.append(f"{name}:\n{results.generate_report()}")
        context.close()
    assert not failures, "\n\n".join(failures)


def test_search_page_credits_the_dictionary_licence(public):
    page, base, _ = public
    page.goto(base + "szukaj/")
    credit = page.locator(".koszyk-search__credit")
    assert "SGJP" in credit.inner_text() and "BSD" in credit.inner_text()


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return [str(value)]


def _keys(texts, pattern: str = r"\w+") -> set[str]:
    return {key for text in texts for word in re.findall(pattern, text) for key in word_keys(word)}


def test_public_index_and_form_tables_hold_no_word_only_intranet_data_uses(sample_site):
    """Every key and every form's lemma in the public index comes from public service text,
    the taxonomy or the needs thesaurus; words only intranet-only data use (internal
    services, contacts, notes) are in the intranet's index and not in the public one."""
    public_cards = []
    for slug, card in raw_cards(SAMPLE).items():
        public_cards.append({k: v for k, v in card.items() if k not in ("uslugi", "kontakt_wewnetrzny", "uwagi_wewnetrzne")})
        public_cards += [{k: v for k, v in service.items() if k != "uwagi_wewnetrzne"}
                         for service in card.get("uslugi", []) if (slug, service) in listed_services("public")]
    allowed = _keys(_strings(public_cards)) | _keys([(ROOT / "site_config" / name).read_text(encoding="utf-8")
                                                     for name in ("taxonomy.yml", "potrzeby.yml")])

    def index_words(variant: str) -> tuple[set[str], set[str]]:
        folder = sample_site / variant / "szukaj" / "indeks"
        keys = {part for path in folder.glob("p*.json") for key in json.loads(path.read_text(encoding="utf-8"))
                if not key.startswith("#") for part in key.removeprefix("=").split(" ")}  # "=a b": a phrase of a name
        lemmas = {key for path in folder.glob("f*.json")
                  for value in json.loads(path.read_text(encoding="utf-8")).values() for key in value.split()}
        needs = len(json.loads((folder / "slowa.json").read_text(encoding="utf-8"))["potrzeby"])
        cues = {key for key in lemmas if key.startswith("#")}  # a cue word's needs: numbers of the thesaurus's groups
        assert cues and all(0 <= int(key[1:]) < needs for key in cues)
        return keys, lemmas - cues

    public_keys, public_lemmas = index_words("public")
    intranet_keys, _ = index_words("intranet")
    secret = _keys(intranet_only_values(SAMPLE), r"[^\W\d_]+") - allowed
    assert len(secret & intranet_keys) >= 5  # the intranet index has them: the check can see them
    assert not public_keys - allowed
    assert not public_lemmas - allowed
    assert not secret & (public_keys | public_lemmas)


FAMILY_OR_LAW = {"wymiar_sprawiedliwosci", "wspieranie_rodziny"}


@pytest.mark.parametrize("typed", ["chcę się rozwieść", "chce sie rozwiesc", "rozwodzimy się", "separacja",
                                   "opieka nad dzieckiem po rozwodzie", "alimenty"])
def test_divorce_wording_finds_family_and_legal_counselling_and_is_not_corrected(public, typed):
    """A correct Polish word no card uses ("rozwieść") is a thesaurus word, not a typo of
    one the cards use ("rozwijać")."""
    page, base, _ = public
    open_search(page, base, "q=" + quote(typed))
    assert page.locator("#szukaj-poprawka").inner_text().strip() == ""
    first = titles(page)[:3]
    family_or_law = names(lambda slug, s: bool(FAMILY_OR_LAW & set(s["obszary"])))
    assert first and first[0] in family_or_law and sum(title in family_or_law for title in first) >= 2, first


@pytest.mark.parametrize("typed", ["alzheimer", "choroba alzheimera", "demencja", "otępienie", "mama zapomina",
                                   "babcia nie poznaje"])
def test_dementia_wording_finds_care_and_health_services(public, typed):
    page, base, _ = public
    open_search(page, base, "q=" + quote(typed))
    first = titles(page)[:3]
    care = names(lambda slug, s: bool({"seniorzy", "opiekunowie"} & set(s["grupy_docelowe"])) or "zdrowie" in s["obszary"])
    assert len(first) == 3 and set(first) <= care, first


def test_the_correction_line_shows_the_corrected_word_with_its_polish_letters(public):
    page, base, errors = public
    open_search(page, base, "q=" + quote(f"{PAYLOAD} swietlca"))
    line = page.locator("#szukaj-poprawka")
    assert "Pokazujemy wyniki dla:" in line.inner_text()
    assert "świetlica" in line.locator("strong").inner_text()
    assert PAYLOAD in line.locator("strong").inner_text()  # what was typed stays text
    assert line.locator("img").count() == 0 and not errors
    link = line.locator("a")
    assert query_of(link.get_attribute("href"))["q"] == [f"{PAYLOAD} swietlca"]


def test_a_word_naming_who_does_not_lift_services_above_the_needs_own(tmp_path, browser):
    """"syn ćpa": "syn" names who (a thesaurus group marked ``wskazowka``), "ćpa" what.
    The service the need's terms name in its name comes first, one only tagged for children
    and the need's area follows those using the need's words, and a service for children
    that does not match the need comes last. Were "syn" counted as covered, the services
    for children would lead."""
    drug = word_keys("narkotyki")[0]
    needs = [
        Need("Dzieci", (phrase_keys("Dzieci"), phrase_keys("syn")), (), (("grupa", "dzieci_mlodziez"),),
             texts=("Dzieci", "syn"), hint=True),
        Need("Narkotyki", (phrase_keys("Narkotyki"), phrase_keys("ćpa")), (phrase_keys("narkotyki"),),
             (("obszar", "uzaleznienia"),), texts=("Narkotyki", "ćpa")),
    ]

    def service(number, weights, name_keys, areas, groups):
        record = crafted(number, weights, name_keys)
        record.filters = {"obszar": areas, "grupa": groups}
        return record

    records = [
        service(0, {drug: 1.0}, set(), ["uzaleznienia"], ["dzieci_mlodziez"]),  # school prevention, mentions drugs
        service(1, {drug: 4.0}, {drug}, ["uzaleznienia"], ["mieszkancy"]),  # the drugs counselling point
        service(2, {"kolonia": 1.0}, set(), ["uzaleznienia"], ["dzieci_mlodziez"]),  # summer camp, no drugs
        service(3, {"swietlica": 1.0}, set(), ["kultura"], ["dzieci_mlodziez"]),  # for children, nothing else
    ] + [service(n, {"rower": 1.0}, set(), ["sport_rekreacja"], ["mieszkancy"]) for n in range(4, 20)]
    assert ranked(tmp_path, browser, records, "syn cpa", Concepts({}, needs)) == [1, 0, 2, 3]
    counted = [needs[0].__class__(**{**needs[0].__dict__, "hint": False}), needs[1]]
    assert ranked(tmp_path, browser, records, "syn cpa", Concepts({}, counted)) == [0, 2, 1, 3]
