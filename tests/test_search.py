"""Search: folding, lemmas, the records behind the index, and the szukaj/ page in Chromium."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from koszyk.search import search_records
from koszyk.search.indexing import write_search_index
from koszyk.search.morphology import KeptLemmaForms, forms_of, word_keys
from koszyk.search.text import fold
from koszyk.taxonomy import load_taxonomy
from koszyk.validation import read_basket
from koszyk.variants import basket_for

from .browser import serve
from .conftest import ROOT, SAMPLE
from .sample_data import listed_services

TAXONOMY = load_taxonomy(ROOT / "site_config" / "taxonomy.yml")


def sample_basket(variant: str):
    result = read_basket(SAMPLE, TAXONOMY, dt.date(2026, 11, 23), ROOT)
    return basket_for(result.baskets[0], variant)


def test_folding_turns_every_polish_letter_into_its_plain_form():
    assert fold("Łącznik ŻÓŁĆ gęślą jaźń") == "lacznik zolc gesla jazn"


def test_words_are_indexed_by_their_lemmas_and_unknown_words_by_a_marked_stem():
    assert word_keys("urzędu") == ("urzad",)
    assert word_keys("lekarza") == ("lekarz",)
    assert word_keys("seniorem") == ("senior",)
    assert "koło" not in word_keys("kolonie") and "kolonia" in word_keys("kolonie")
    assert word_keys("PUP") == ("~pup",)  # an acronym, not a form of "pupa"
    assert {"urzedzie", "urzedem", "urzedy"} <= forms_of("urząd")
    assert "urz" not in forms_of("urząd")  # abbreviations are not forms


def _index_files(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_forms_of_lemmas_kept_from_an_earlier_build_give_the_same_index_and_a_bad_entry_is_made_again(tmp_path):
    records = list(search_records(sample_basket("public"), TAXONOMY))
    write_search_index(records, tmp_path / "bez")
    expected = _index_files(tmp_path / "bez" / "szukaj" / "indeks")
    cache = tmp_path / "pamiec"
    write_search_index(records, tmp_path / "pierwsza", cache_dir=cache)
    kept = KeptLemmaForms(cache)
    assert len(kept.known) > 100 and kept.known["urząd"][0] >= forms_of("urząd")
    write_search_index(records, tmp_path / "druga", cache_dir=cache)
    for site in ("pierwsza", "druga"):
        assert _index_files(tmp_path / site / "szukaj" / "indeks") == expected, site
    Path(kept.entry).write_bytes(b"not a pickle")
    assert KeptLemmaForms(cache).known == {}
    write_search_index(records, tmp_path / "trzecia", cache_dir=cache)
    assert _index_files(tmp_path / "trzecia" / "szukaj" / "indeks") == expected
    assert KeptLemmaForms(cache).known.keys() == kept.known.keys()


def test_public_index_holds_every_listed_public_service_and_nothing_internal():
    records = list(search_records(sample_basket("public"), TAXONOMY))
    expected = {service["id"] for _, service in listed_services("public")}
    assert {record.meta["id"] for record in records} == expected
    intranet = {r.meta["id"] for r in search_records(sample_basket("intranet"), TAXONOMY)}
    assert intranet == {service["id"] for _, service in listed_services("intranet")}
    assert "kontrakt-socjalny-zespol" in intranet - expected


def test_index_files_number_services_by_name_and_hold_only_what_results_show(tmp_path):
    records = list(search_records(sample_basket("public"), TAXONOMY))
    assert write_search_index(records, tmp_path) == len(records)
    folder = tmp_path / "szukaj" / "indeks"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["count"] == len(listed_services("public"))
    files = sorted(folder.glob("d/*.json"), key=lambda path: int(path.stem))
    names = [document["title"] for path in files for document in json.loads(path.read_text(encoding="utf-8"))]
    assert len(names) == manifest["count"]
    assert names == sorted(names, key=fold)
    sizes = manifest["facetSizes"]
    assert len(sizes) == sum(map(len, manifest["facets"].values()))
    assert (folder / "facets.bin").stat().st_size == sum(sizes)
    assert all(0 < size <= manifest["stride"] for size in sizes)
    assert (folder / "ages.bin").stat().st_size == 2 * manifest["count"]


# ---- in the browser ----


def admits(service: dict, age: int) -> bool:
    limits = (service.get("dostep") or {}).get("wiek") or {}
    return limits.get("od", 0) <= age <= limits.get("do", 10_000)


@pytest.fixture
def search(sample_site, browser):
    """A page on the public site, opened at szukaj/; yields (page, base URL)."""
    with serve(sample_site / "public") as base:
        context = browser.new_context(locale="pl-PL")
        page = context.new_page()
        yield page, base
        context.close()


def wait_for_results(page, previous: str | None = None) -> None:
    page.wait_for_function("(before) => document.body.dataset.searchDone && document.body.dataset.searchDone !== before",
                           arg=previous, timeout=10_000)


def titles(page) -> list[str]:
    return page.locator("#szukaj-lista h3 a").all_inner_texts()


def type_query(page, text: str) -> None:
    page.wait_for_function("document.body.dataset.searchDone", timeout=10_000)  # the page's own first search
    before = page.evaluate("document.body.dataset.searchDone")
    page.fill("#szukaj-q", text)
    page.press("#szukaj-q", "Enter")
    wait_for_results(page, before)


def all_titles(page) -> list[str]:
    while page.locator("#szukaj-wiecej").is_visible():
        count = page.locator("#szukaj-lista > li").count()
        page.click("#szukaj-wiecej")
        page.wait_for_function(f"document.querySelectorAll('#szukaj-lista > li').length > {count}")
    return titles(page)


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.mark.browser
@pytest.mark.parametrize("typed, expected", [
    ("lacznik", "Dzielnicowy – stały kontakt w sprawach bezpieczeństwa"),  # "Łącznik" in the description
    ("usługa opiekuńcza", "Usługi opiekuńcze w domu"),
    ("uslugi opiekuncze", "Specjalistyczne usługi opiekuńcze dla osób z zaburzeniami psychicznymi"),
    ("PUP", "Staże, szkolenia i bony szkoleniowe"),  # the thesaurus: PUP = "powiatowy urząd pracy"
    ("oik", "Interwencja kryzysowa – całodobowa pomoc psychologiczna"),
])
def test_polish_queries_find_services_whatever_the_form_and_diacritics(search, typed, expected):
    page, base = search
    page.goto(base + "szukaj/")
    type_query(page, typed)
    assert expected in titles(page)
    assert query_of(page.url)["q"] == [typed]
    assert re.fullmatch(r"Znaleziono \d+ usług[ęi]?\.( Najpierw .*)?", page.inner_text("#szukaj-stan"))
    assert page.get_attribute("#szukaj-stan", "aria-live") == "polite"


@pytest.mark.browser
def test_facets_count_filter_and_live_in_the_url_with_a_working_back_button(search):
    page, base = search
    page.goto(base + "szukaj/")
    health = [s for _, s in listed_services("public") if "zdrowie" in s["obszary"]]
    page.wait_for_function("document.body.dataset.searchDone", timeout=10_000)  # the page's own first search
    before = page.evaluate("document.body.dataset.searchDone")
    label = page.locator("fieldset[data-facet=obszar] li[data-value=zdrowie] label")
    assert label.inner_text().endswith(f"({len(health)})")  # counts are there before any search
    label.click()
    wait_for_results(page, before)
    assert query_of(page.url)["obszar"] == ["zdrowie"]
    assert sorted(all_titles(page)) == sorted(s["nazwa"] for s in health)
    assert page.inner_text("#szukaj-stan").startswith(f"Znaleziono {len(health)} ")

    children = [s for s in health if "dzieci_mlodziez" in s["grupy_docelowe"]]
    group = page.locator("fieldset[data-facet=grupa] li[data-value=dzieci_mlodziez] label")
    assert group.inner_text().endswith(f"({len(children)})")
    before = page.evaluate("document.body.dataset.searchDone")
    group.click()
    wait_for_results(page, before)
    assert query_of(page.url) == {"obszar": ["zdrowie"], "grupa": ["dzieci_mlodziez"]}
    assert sorted(titles(page)) == sorted(s["nazwa"] for s in children)

    before = page.evaluate("document.body.dataset.searchDone")
    page.go_back()
    wait_for_results(page, before)
    assert query_of(page.url) == {"obszar": ["zdrowie"]}
    assert not page.is_checked("fieldset[data-facet=grupa] input[value=dzieci_mlodziez]")
    assert page.inner_text("#szukaj-stan").startswith(f"Znaleziono {len(health)} ")


@pytest.mark.browser
def test_values_of_one_facet_combine_with_or_and_keep_their_own_counts(search):
    page, base = search
    page.goto(base + "szukaj/?obszar=zdrowie&obszar=kultura")
    wait_for_results(page)
    services = [s for _, s in listed_services("public") if {"zdrowie", "kultura"} & set(s["obszary"])]
    assert sorted(all_titles(page)) == sorted(s["nazwa"] for s in services)
    culture = [s for _, s in listed_services("public") if "kultura" in s["obszary"]]
    assert page.locator("fieldset[data-facet=obszar] li[data-value=kultura] label").inner_text().endswith(f"({len(culture)})")


@pytest.mark.browser
def test_age_keeps_only_services_whose_age_limit_admits_the_person(search):
    page, base = search
    page.goto(base + "szukaj/?grupa=dzieci_mlodziez&wiek=5")
    wait_for_results(page)
    expected = [s["nazwa"] for _, s in listed_services("public")
                if "dzieci_mlodziez" in s["grupy_docelowe"] and admits(s, 5)]
    too_old = [s["nazwa"] for _, s in listed_services("public")
               if "dzieci_mlodziez" in s["grupy_docelowe"] and not admits(s, 5)]
    assert too_old, "the sample should have a children's service closed to a 5-year-old"
    assert sorted(all_titles(page)) == sorted(expected)
    assert page.input_value("#szukaj-wiek") == "5"


def found_label(count: int) -> str:
    """"Znaleziono …": 1 usługę, 2–4 usługi (not 12–14), else usług."""
    if count == 1:
        return "1 usługę"
    few = count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14)
    return f"{count} {'usługi' if few else 'usług'}"


@pytest.mark.browser
def test_without_a_phrase_the_status_names_each_filter_and_its_alternatives(search):
    page, base = search
    culture = [s for _, s in listed_services("public") if "kultura" in s["obszary"]]
    either = [s for _, s in listed_services("public") if {"kultura", "mieszkalnictwo"} & set(s["obszary"])]
    assert 1 < len(culture) < len(either)
    page.goto(base + "szukaj/?obszar=kultura&obszar=mieszkalnictwo&wiek=70")
    wait_for_results(page)
    assert page.inner_text("#szukaj-stan").endswith(
        " Filtry – Obszar wsparcia: Kultura lub Mieszkalnictwo; Wiek: 70.")
    page.goto(base + "szukaj/?obszar=kultura")
    wait_for_results(page)
    assert page.inner_text("#szukaj-stan") == f"Znaleziono {found_label(len(culture))}. Filtry – Obszar wsparcia: Kultura."
    page.goto(base + "szukaj/?q=teatr&obszar=kultura")
    wait_for_results(page)
    assert "Filtry" not in page.inner_text("#szukaj-stan")  # with a phrase the filters stay in their panel


@pytest.mark.browser
def test_an_empty_cell_is_called_a_possible_gap_and_other_empty_searches_are_not(search):
    page, base = search
    page.goto(base + "szukaj/?status=wycofana")
    wait_for_results(page)
    assert page.inner_text("#szukaj-stan") == "Nie znaleziono żadnej usługi. Filtry – Status usługi: Wycofana."
    assert "luka" not in page.inner_text("#szukaj-sugestie")
    cells = {(area, group) for _, s in listed_services("public") for area in s["obszary"] for group in s["grupy_docelowe"]}
    taxonomy = load_taxonomy()
    area, group = next((a, g) for a in taxonomy.areas.keys for g in taxonomy.groups.keys if (a, g) not in cells)
    page.goto(base + f"szukaj/?obszar={area}&grupa={group}")
    wait_for_results(page)
    assert "może być luka w ofercie" in page.inner_text("#szukaj-sugestie")


@pytest.mark.browser
def test_no_results_suggests_which_condition_to_drop(search):
    page, base = search
    page.goto(base + "szukaj/?q=terapia&obszar=kultura")
    wait_for_results(page)
    assert page.inner_text("#szukaj-stan") == "Nie znaleziono żadnej usługi."
    hints = page.locator("#szukaj-sugestie button").all_inner_texts()
    assert any(h.startswith("Usuń filtr „Obszar wsparcia”") for h in hints)
    assert any(h.startswith("Szukaj bez frazy „terapia”") for h in hints)
    before = page.evaluate("document.body.dataset.searchDone")
    page.locator("#szukaj-sugestie button", has_text="Usuń filtr").click()
    wait_for_results(page, before)
    assert "obszar" not in query_of(page.url) and titles(page)


@pytest.mark.browser
def test_header_box_on_any_page_leads_to_results_by_keyboard(search):
    page, base = search
    page.goto(base + "uslugi/diagnoza-psychologiczna/")
    page.fill("#koszyk-header-q", "logopeda")
    page.press("#koszyk-header-q", "Enter")
    page.wait_for_url(re.compile(r"/szukaj/\?q=logopeda$"))
    wait_for_results(page)
    assert "Terapia logopedyczna" in titles(page)
    assert page.input_value("#szukaj-q") == "logopeda"
    # a facet is reachable and toggled with the keyboard alone
    page.focus("fieldset[data-facet=odplatnosc] input[value=bezplatna]")
    before = page.evaluate("document.body.dataset.searchDone")
    page.keyboard.press("Space")
    wait_for_results(page, before)
    assert query_of(page.url)["odplatnosc"] == ["bezplatna"]


@pytest.mark.browser
def test_internal_services_are_found_on_the_intranet_only(sample_site, browser):
    name = "Konsultacje zespołu ds. trudnych przypadków"
    for variant, found in (("intranet", True), ("public", False)):
        with serve(sample_site / variant) as base:
            page = browser.new_page()
            page.goto(base + "szukaj/?q=" + "konsultacje zespolu trudnych przypadkow")
            wait_for_results(page)
            assert (name in titles(page)) is found
            page.close()
