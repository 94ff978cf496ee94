"""Collections (zestawienie.yml): a powiat list built from three gmina folders and one published
koszyk.json (``tests/collection/``), as the powiat and the partnership use it."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import socket
import ssl
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from openpyxl import load_workbook

from koszyk.cli import main
from koszyk.collections.cache import CACHE_DIR, ORIGIN_KEY, Fetched, cache_path, parse_published, write_cache
from koszyk.collections.spec import SourceEntry
from koszyk.leaks import find_leaks, intranet_only_values

from .browser import serve
from .collection_support import DELTA_ADDRESS, FIXTURE, PAYLOAD, cache_published, copy_collection
from .conftest import ROOT, TODAY

SOURCES = ["powiat-testowy", "alfa", "beta", "gamma", "delta"]


def run(*args: str):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "lxml")


@pytest.fixture
def collection(tmp_path) -> Path:
    folder = copy_collection(tmp_path / "zrodla")
    cache_published(folder)
    return folder


# -- reading and checking ----------------------------------------------------------------

def test_validate_accepts_the_collection_like_a_basket(collection):
    result = run("validate", collection, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "Błędy: 0" in result.output and "koszyki 1" in result.output


def test_two_phones_for_one_institution_are_a_warning_naming_both_sources(collection):
    result = run("validate", collection, "--today", TODAY)
    warnings = [line for line in result.output.splitlines() if "ta sama instytucja" in line]
    assert len(warnings) == 1, result.output
    assert re.match(r".*beta/partnerzy/pup\.yml:6:\d+: ostrzeżenie: partner\.kontakt\.telefon: ", warnings[0])
    assert "„Koszyk gminy Beta”" in warnings[0] and "„Koszyk gminy Alfa”" in warnings[0]
    assert "+48 00 222 22 22" in warnings[0] and "+48 00 111 11 11" in warnings[0]
    assert re.search(r"alfa/partnerzy/pup\.yml:6:\d+\)", warnings[0])


def test_a_conflict_in_a_published_card_names_the_copy_and_the_card_in_it(collection):
    copy = cache_path(collection, DELTA_ADDRESS)
    data = json.loads(copy.read_text(encoding="utf-8"))
    data["karty"][0]["partner"]["kontakt"] = {"telefon": "+48 00 444 44 44"}  # the labour office, as Delta has it
    copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("validate", collection, "--today", TODAY)
    warning = next(line for line in result.output.splitlines() if "+48 00 444 44 44" in line)
    assert f".zrodla/{copy.name}:1:1: ostrzeżenie: karty[1].partner.kontakt.telefon: " in warning, warning
    assert re.search(r"alfa/partnerzy/pup\.yml:6:\d+\)", warning)
    # and where the published card is the first to say it, the other warnings point into the copy
    spec = collection / "zestawienie.yml"
    published = f"  - adres: {DELTA_ADDRESS}\n    strona: https://delta.example.org/\n"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace(published, "").replace("zrodla:\n", "zrodla:\n" + published), encoding="utf-8")
    result = run("validate", collection, "--today", TODAY)
    assert f".zrodla/{copy.name}: karty[1].partner.kontakt.telefon)" in result.output, result.output


def test_a_regon_with_a_wrong_check_digit_is_explained(collection):
    card = collection.parent / "alfa" / "partnerzy" / "pup.yml"
    card.write_text(card.read_text(encoding="utf-8").replace('"999900023"', '"999900024"'), encoding="utf-8")
    result = run("validate", collection, "--today", TODAY)
    assert result.exit_code == 1
    assert re.search(r"alfa/partnerzy/pup\.yml:4:10: partner\.regon: „999900024”: zła cyfra kontrolna numeru REGON",
                     result.output), result.output


def test_an_unfetched_source_is_one_error_at_its_line_and_the_build_writes_nothing(tmp_path, capfd):
    folder = copy_collection(tmp_path / "zrodla")
    site = tmp_path / "strona"
    result = run("build", "--basket", folder, "--site-dir", site, "--today", TODAY)
    assert result.exit_code == 1
    output = result.output + capfd.readouterr().err  # each variant is built in its own process
    lines = {line for line in output.splitlines() if "zestawienie.yml" in line}  # the same one for both variants
    assert len(lines) == 1, output
    lines = sorted(lines)
    assert re.search(r"zestawienie\.yml:9:\d+: zrodla\[4\]\.adres: źródło „https://delta\.example\.org/koszyk\.json” "
                     r"nie zostało jeszcze pobrane; uruchom „koszyk pobierz --basket ", lines[0])
    assert "Traceback" not in output
    assert not [path for path in site.rglob("*") if path.is_file()] if site.exists() else True


def test_a_damaged_copy_of_a_source_names_the_source(collection):
    cache_path(collection, DELTA_ADDRESS).write_text('{"koszyk": {"id": "delta"', encoding="utf-8")
    result = run("validate", collection, "--today", TODAY)
    assert result.exit_code == 1
    assert re.search(r"zestawienie\.yml:9:\d+: zrodla\[4\]\.adres: źródło „https://delta\.example\.org/koszyk\.json”: "
                     r"kopia [^ ]*\.zrodla/[^ ]+\.json nie jest poprawnym JSON \(błąd w wierszu 1, kolumnie \d+\); "
                     r"pobierz źródło ponownie", result.output), result.output


def test_a_copy_of_a_source_linked_out_of_the_collection_is_not_read(collection, tmp_path):
    """A pull request may replace the copy with a link to any file of the building machine."""
    copy = cache_path(collection, DELTA_ADDRESS)
    outside = tmp_path / "poza-projektem.json"
    outside.write_text(copy.read_text(encoding="utf-8").replace('"nazwa":"', '"nazwa":"ZNACZNIK-SPOZA ', 1),
                       encoding="utf-8")
    copy.unlink()
    copy.symlink_to(outside)
    result = run("validate", collection, "--today", TODAY)
    assert result.exit_code == 1
    assert ".json jest dowiązaniem symbolicznym" in result.output and "ZNACZNIK-SPOZA" not in result.output


@pytest.mark.parametrize("written", ["absolute", "../../poza/gamma"])
def test_a_gmina_folder_outside_the_repository_is_an_error_at_its_line(tmp_path, written):
    """A pull request may point a list's source at any folder of the building machine."""
    collection = copy_collection(tmp_path / "repozytorium")
    (tmp_path / "repozytorium" / ".git").mkdir()
    outside = tmp_path / "poza" / "gamma"
    shutil.copytree(FIXTURE / "gamma", outside)
    for card in (outside / "partnerzy").glob("*.yml"):
        card.write_text(card.read_text(encoding="utf-8").replace("typ: ", "typ: ZNACZNIK-SPOZA-", 1), encoding="utf-8")
    spec = collection / "zestawienie.yml"
    spec.write_text(spec.read_text(encoding="utf-8").replace(
        "katalog: ../gamma", f"katalog: {outside if written == 'absolute' else written}"), encoding="utf-8")
    result = run("validate", collection, "--today", TODAY)
    assert result.exit_code == 1
    assert re.search(r"zestawienie\.yml:8:\d+: zrodla\[3\]\.katalog: folder „[^”]+”: ścieżka prowadzi poza folder "
                     r"repozytorium/", result.output), result.output
    assert "ZNACZNIK-SPOZA" not in result.output


def test_a_missing_gmina_folder_is_named_at_its_line(collection):
    spec = collection / "zestawienie.yml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("../gamma", "../omega"), encoding="utf-8")
    result = run("validate", collection, "--today", TODAY)
    assert result.exit_code == 1
    assert re.search(r"zestawienie\.yml:8:\d+: zrodla\[3\]\.katalog: nie ma folderu koszyka „\.\./omega”", result.output)


# -- koszyk pobierz -----------------------------------------------------------------------

def test_pobierz_copies_the_published_source_with_its_origin_and_date(tmp_path):
    with serve(FIXTURE / "opublikowane") as base:
        address = base + "delta.json"
        folder = copy_collection(tmp_path / "zrodla", address)
        result = run("pobierz", "--basket", folder)
    assert result.exit_code == 0, result.output
    copy = json.loads(cache_path(folder, address).read_text(encoding="utf-8"))
    assert copy["zrodlo"]["adres"] == address
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", copy["zrodlo"]["pobrano"])
    assert copy["koszyk"]["id"] == "delta" and len(copy["karty"]) == 2
    assert run("validate", folder, "--today", TODAY).exit_code == 0


def test_pobierz_refuses_a_copies_folder_that_is_a_link_inside_the_project(tmp_path):
    """A pull request can make ``.zrodla`` a link to another basket's cards (or to the site's
    content): the downloaded copies were written there."""
    folder = copy_collection(tmp_path / "zrodla")
    gmina_cards = folder.parent / "alfa" / "partnerzy"
    before = sorted(path.name for path in gmina_cards.iterdir())
    shutil.rmtree(folder / CACHE_DIR, ignore_errors=True)
    (folder / CACHE_DIR).symlink_to(gmina_cards)
    with serve(FIXTURE / "opublikowane") as base:
        spec = folder / "zestawienie.yml"
        spec.write_text(spec.read_text(encoding="utf-8").replace(DELTA_ADDRESS, base + "delta.json"), encoding="utf-8")
        result = run("pobierz", "--basket", folder)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert ".zrodla: folder kopii jest dowiązaniem symbolicznym" in result.output
    assert sorted(path.name for path in gmina_cards.iterdir()) == before


def test_pobierz_that_fails_names_the_source_and_keeps_the_previous_copy(tmp_path):
    with serve(FIXTURE / "opublikowane") as base:
        address = base + "nie-ma.json"
        folder = copy_collection(tmp_path / "zrodla", address)
        cache_published(folder, address)
        before = cache_path(folder, address).read_bytes()
        result = run("pobierz", "--basket", folder)
    assert result.exit_code == 1
    assert re.search(rf"zestawienie\.yml:9:\d+: zrodla\[4\]\.adres: źródło „{re.escape(address)}”: "
                     r"serwer odpowiedział kodem 404", result.output), result.output
    assert "Nic nie zapisano" in result.output
    assert cache_path(folder, address).read_bytes() == before
    assert [path.name for path in (folder / CACHE_DIR).iterdir()] == [cache_path(folder, address).name]


@pytest.mark.parametrize("failure, expected", [
    (socket.gaierror(-2, "Name or service not known"), "nie znaleziono serwera o tej nazwie"),
    (TimeoutError("timed out"), "serwer nie odpowiedział w ciągu"),
    (ConnectionRefusedError(111, "Connection refused"), "serwer odmówił połączenia"),
    (ssl.SSLCertVerificationError(1, "certificate verify failed"), "certyfikat serwera jest nieważny"),
])
def test_pobierz_without_a_connection_says_why_in_polish(tmp_path, monkeypatch, failure, expected):
    def unreachable(*args, **kwargs):
        raise urllib.error.URLError(failure)

    monkeypatch.setattr(urllib.request, "urlopen", unreachable)
    folder = copy_collection(tmp_path / "zrodla", "https://gmina.example.org/koszyk.json")
    result = run("pobierz", "--basket", folder)
    assert result.exit_code == 1
    assert f"źródło „https://gmina.example.org/koszyk.json”: {expected}" in result.output, result.output
    assert "Errno" not in result.output and not (folder / CACHE_DIR).exists()


@pytest.mark.parametrize("spoil, expected", [
    (lambda data: data["koszyk"].update(id="Zły ID!"),
     r"zestawienie\.yml:9:\d+: zrodla\[4\]\.adres: źródło „[^”]+” nie podaje poprawnego identyfikatora"),
    (lambda data: data["karty"][0]["partner"].setdefault("kontakt", {}).update(telefon="javascript:alert(1)"),
     r"^http://[^:]+:\d+/delta\.json:1:1: karty\[1\]\.partner\.kontakt\.telefon: "),
    (lambda data: data["koszyk"].update(id="alfa"),  # a gmina of the list already has it
     r"zestawienie\.yml:9:\d+: zrodla\[4\]\.adres: źródło „[^”]+” .* ma identyfikator jak .*: „alfa”; każdy koszyk"),
    (lambda data: data.update(zrodla=[{"id": "alfa", "nazwa": "Fałszywa Alfa",  # a gmina of a list it claims to be
                                       "uslugi": [card["uslugi"][0]["id"] for card in data["karty"]]}]),
     r"zestawienie\.yml:9:\d+: zrodla\[4\]\.adres: źródło „Fałszywa Alfa” .* ma identyfikator jak .*: „alfa”"),
    (lambda data: data.update(zrodla=[{"id": "alfa-strona-2", "nazwa": "Druga strona Alfy",  # a later page of alfa's list
                                       "uslugi": [card["uslugi"][0]["id"] for card in data["karty"]]}]),
     r"zestawienie\.yml:9:\d+: zrodla\[4\]\.adres: źródło „Druga strona Alfy” .* zakończony jak adres kolejnej strony"),
    (lambda data: data.update(zrodla=[{"id": "powiat-testowy", "nazwa": "Fałszywy powiat", "wlasne": True,
                                       "uslugi": [card["uslugi"][0]["id"] for card in data["karty"]]}]),
     r"zestawienie\.yml:9:\d+: zrodla\[4\]\.adres: źródło „Fałszywy powiat” .* ma identyfikator zestawienia: "
     r"„powiat-testowy”"),
])
def test_pobierz_keeps_the_last_good_copy_when_the_published_file_turned_invalid(tmp_path, spoil, expected):
    """A gmina's site may publish a broken or hostile file: ``pobierz`` checks it as ``validate``
    would and keeps the copy the list was built from, so the powiat's next build still works."""
    published = tmp_path / "opublikowane"
    shutil.copytree(FIXTURE / "opublikowane", published)
    with serve(published) as base:
        address = base + "delta.json"
        folder = copy_collection(tmp_path / "zrodla", address)
        assert run("pobierz", "--basket", folder).exit_code == 0
        good = cache_path(folder, address).read_bytes()
        data = json.loads((published / "delta.json").read_text(encoding="utf-8"))
        spoil(data)
        (published / "delta.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        result = run("pobierz", "--basket", folder)
    assert result.exit_code == 1
    assert re.search(expected, result.output, re.MULTILINE), result.output
    assert "Nic nie zapisano" in result.output and "Traceback" not in result.output
    assert cache_path(folder, address).read_bytes() == good
    assert run("validate", folder, "--today", TODAY).exit_code == 0


def test_pobierz_writes_every_copy_or_none_when_writing_fails(tmp_path, monkeypatch):
    """Two sources fetched; writing the second fails (a full disk): the first copy is not new either."""
    from koszyk import files
    from koszyk.collections import cache

    folder = copy_collection(tmp_path / "zrodla")
    cache_published(folder)  # the copy an earlier pobierz left
    before = {path.name: path.read_bytes() for path in (folder / CACHE_DIR).iterdir()}
    data = json.loads(cache_path(folder, DELTA_ADDRESS).read_text(encoding="utf-8"))
    fetched = [cache.Fetched(SourceEntry(index, address=address), {**data, "nowe": index})
               for index, address in enumerate(["https://nowa.example.org/koszyk.json", DELTA_ADDRESS])]
    real_write, written = files._write_text, []

    def full_disk_at_the_second(path, text):
        written.append(path)
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        real_write(path, text)
    monkeypatch.setattr(files, "_write_text", full_disk_at_the_second)
    with pytest.raises(OSError):
        cache.write_cache(folder, fetched)
    assert {path.name: path.read_bytes() for path in (folder / CACHE_DIR).iterdir()} == before


def test_pobierz_rejects_a_file_that_is_not_koszyk_open_data(tmp_path):
    with serve(FIXTURE) as base:
        address = base + "README.md"
        folder = copy_collection(tmp_path / "zrodla", address)
        result = run("pobierz", "--basket", folder)
    assert result.exit_code == 1
    assert "plik nie jest poprawnym JSON" in result.output
    assert not (folder / CACHE_DIR).exists()


# -- the built site -----------------------------------------------------------------------

def test_one_partner_page_for_the_labour_office_lists_every_gmina_it_serves(collection_site):
    public = collection_site / "public"
    offices = [path for path in (public / "partnerzy").glob("*/index.html")
               if "Powiatowy Urząd Pracy" in BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").h1.text]
    assert [path.parent.name for path in offices] == ["pup"]
    office = page(public, "partnerzy/pup")
    gminas = [item.get_text(" ", strip=True) for item in office.select("ul.koszyk-sources li")]
    assert gminas == ["Koszyk gminy Alfa", "Koszyk gminy Beta", f"Koszyk gminy Gamma {PAYLOAD}",
                      f"Koszyk gminy Delta {PAYLOAD}"]
    services = [row.td.get_text(strip=True) for row in office.select(".koszyk-services tbody tr")]
    assert sorted(services) == sorted(f"Pośrednictwo pracy dla mieszkańców gminy {name}"
                                      for name in ("Alfa", "Beta", "Gamma", "Delta"))


def test_browse_and_search_have_a_gmina_facet_with_counts(collection_site):
    public, intranet = collection_site / "public", collection_site / "intranet"
    browse = page(public, "przegladaj")
    section = browse.find(id="gminy").find_next("ul")
    counts = [item.get_text(" ", strip=True) for item in section.select("li")]
    assert counts == [f"Lista powiatu testowego {PAYLOAD} (1 usługa)", "Koszyk gminy Alfa (2 usługi)",
                      "Koszyk gminy Beta (2 usługi)", f"Koszyk gminy Gamma {PAYLOAD} (1 usługa)",
                      f"Koszyk gminy Delta {PAYLOAD} (2 usługi)"]
    intranet_alfa = page(intranet, "przegladaj").find(id="gminy").find_next("ul").select("li")[1]
    assert intranet_alfa.get_text(" ", strip=True) == "Koszyk gminy Alfa (3 usługi)"  # with its internal service
    search = page(public, "szukaj")
    facet = search.select_one("fieldset[data-facet=gmina]")
    assert facet.legend.get_text(strip=True) == "Gmina"
    assert [item["data-value"] for item in facet.select("li")] == SOURCES


@pytest.mark.browser
def test_search_counts_and_filters_by_gmina(collection_site, browser):
    with serve(collection_site / "public") as base:
        context = browser.new_context(locale="pl-PL")
        tab = context.new_page()
        tab.goto(base + "szukaj/?gmina=beta")
        tab.wait_for_function("document.body.dataset.searchDone", timeout=10_000)
        label = tab.locator("fieldset[data-facet=gmina] li[data-value=beta] label")
        assert label.inner_text().endswith("(2)")
        assert tab.locator("fieldset[data-facet=gmina] li[data-value=delta] label").inner_text().endswith("(2)")
        titles = tab.locator("#szukaj-lista h3 a").all_inner_texts()
        assert sorted(titles) == ["Pośrednictwo pracy dla mieszkańców gminy Beta", "Zajęcia dla seniorów z okolicznych gmin"]
        facts = tab.locator("#szukaj-lista .koszyk-search__facts").all_inner_texts()
        assert all("Koszyk gminy Beta" in fact for fact in facts)
        assert tab.evaluate("document.querySelectorAll('#szukaj-lista img').length") == 0
        context.close()


def test_a_service_page_names_its_gmina_and_links_to_it_on_the_gmina_site(collection_site):
    public = collection_site / "public"
    delta = page(public, "uslugi/delta-posrednictwo-pracy").select_one("p.koszyk-source")
    links = [a["href"] for a in delta.select("a")]
    assert links == ["../../przegladaj/gminy/delta/", "https://delta.example.org/uslugi/posrednictwo-pracy/"]
    alfa = page(public, "uslugi/alfa-klub-seniora").select_one("p.koszyk-source")
    assert [a["href"] for a in alfa.select("a")] == ["../../przegladaj/gminy/alfa/"]  # alfa publishes no site here
    assert alfa.get_text(" ", strip=True) == "Z koszyka: Koszyk gminy Alfa"


def test_every_gmina_has_a_matrix_of_its_services(collection_site):
    beta = page(collection_site / "public", "przegladaj/gminy/beta")
    table = beta.select_one(".koszyk-matrix-wrap table")
    groups = [th.get_text(strip=True) for th in table.thead.select("th")][1:]
    rows = {row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
            for row in table.tbody.select("tr")}
    assert rows["Kultura"][groups.index("Seniorzy")] == "1"
    assert rows["Praca i zatrudnienie"][groups.index("Osoby bezrobotne")] == "1"
    assert sum(int(cell) for cells in rows.values() for cell in cells) == 2


def test_deficits_show_gminas_lacking_a_service_and_neighbours_open_to_them(collection, tmp_path, collection_site):
    result = run("report", "--basket", collection, "--format", "json", "--today", TODAY)
    assert result.exit_code == 0, result.output
    deficits = json.loads(result.output)["braki_gmin"]
    assert [gmina["id"] for gmina in deficits["gminy"]] == ["alfa", "beta", "gamma", "delta"]
    by_cell = {(d["obszar"], d["grupa"]): d for d in deficits["braki"]}
    seniors = by_cell[("kultura", "seniorzy")]
    assert seniors["brak_w"] == ["gamma", "delta"]
    assert seniors["uslugi_w_gminach"] == {"alfa": 1, "beta": 1, "gamma": 0, "delta": 0}
    assert seniors["sasiedztwo"] == ["beta-zajecia-dla-seniorow"]
    assert ("praca", "osoby_bezrobotne") not in by_cell  # every gmina has one
    assert ("pomoc_spoleczna", "rodziny_z_trudnosciami") in by_cell  # alfa's internal service counts for workers
    assert [s["id"] for s in deficits["otwarte_dla_innych_gmin"]] == ["beta-zajecia-dla-seniorow"]

    workbook = tmp_path / "raport.xlsx"
    assert run("report", "--basket", collection, "--format", "xlsx", "-o", workbook, "--today", TODAY).exit_code == 0
    sheet = load_workbook(workbook)["Braki gmin"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(values_only=False)]
    assert ["Kultura", "Seniorzy", f"Koszyk gminy Gamma {PAYLOAD}, Koszyk gminy Delta {PAYLOAD}",
            "Koszyk gminy Alfa (1), Koszyk gminy Beta (1)", "Zajęcia dla seniorów z okolicznych gmin"] in rows

    report_page = page(collection_site / "intranet", "raporty/braki-gmin")
    cells = [[td.get_text(" ", strip=True) for td in row.select("th, td")] for row in report_page.select("tbody tr")]
    assert ["Kultura", "Seniorzy", f"Koszyk gminy Gamma {PAYLOAD}, Koszyk gminy Delta {PAYLOAD}",
            "Koszyk gminy Alfa: 1, Koszyk gminy Beta: 1",
            "Zajęcia dla seniorów z okolicznych gmin (Koszyk gminy Beta)", "brak"] in cells
    assert not (collection_site / "public" / "raporty").exists()


# -- privacy and hostile text ---------------------------------------------------------------

def test_no_internal_value_of_any_source_reaches_the_public_site(collection_site):
    secrets = intranet_only_values(collection_site / "zrodla" / "powiat")
    assert {"Zofia Tajemnicza-Alfa", "Jan Poufny-Alfowski", "Poufne konsultacje zespołu Alfa",
            "uslugi/alfa-konsultacje-zespolu-alfa/", "Spotkania w pokoju numer trzynaście, tylko po uzgodnieniu",
            "Ktoś Przemycony-Deltowski", "Przemycona usługa wewnętrzna Delty",
            "Klucz do świetlicy u sąsiadki spod siódemki"} <= secrets
    assert find_leaks(collection_site / "public", secrets) == []
    shown = {secret for _, secret in find_leaks(collection_site / "intranet", secrets)}
    assert {"Zofia Tajemnicza-Alfa", "Poufne konsultacje zespołu Alfa"} <= shown
    # what a published file smuggles in is dropped when it is read, for the intranet too
    assert not {"Ktoś Przemycony-Deltowski", "Przemycona usługa wewnętrzna Delty",
                "Klucz do świetlicy u sąsiadki spod siódemki"} & shown


def test_check_leaks_command_reads_every_source_of_a_collection(collection_site):
    result = run("check-leaks", collection_site / "public", "--basket", collection_site / "zrodla" / "powiat")
    assert result.exit_code == 0, result.output
    assert "czysto" in result.output


def test_names_from_sources_and_published_files_are_escaped_everywhere(collection_site):
    for variant in ("public", "intranet"):
        for path in (collection_site / variant).rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            assert PAYLOAD not in text and "<b>Delta</b>" not in text, path
    gamma = (collection_site / "public" / "przegladaj" / "gminy" / "gamma" / "index.html").read_text(encoding="utf-8")
    assert "Koszyk gminy Gamma &lt;img src=x onerror=alert(1)&gt;" in gamma
    delta = page(collection_site / "public", "uslugi/delta-swietlica-popoludniowa")
    assert delta.h1.get_text() == f"Świetlica popołudniowa {PAYLOAD}"
    assert not delta.select("article img, .md-content img")


def test_a_voivodeship_list_built_from_powiat_lists_keeps_each_service_gmina(collection):
    region = collection.parent / "wojewodztwo"
    region.mkdir()
    (region / "zestawienie.yml").write_text(
        "id: wojewodztwo-testowe\nnazwa: Lista wojewódzka\npoziom: wojewodztwo\nteryt: \"99\"\n"
        "zrodla:\n  - katalog: ../powiat\n", encoding="utf-8")
    result = run("report", "--basket", region, "--format", "json", "--today", TODAY)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [gmina["id"] for gmina in report["braki_gmin"]["gminy"]] == ["alfa", "beta", "gamma", "delta"]
    assert report["braki_gmin"]["otwarte_dla_innych_gmin"][0]["id"] == "beta-zajecia-dla-seniorow"


def test_a_voivodeship_list_built_from_a_published_powiat_list_keeps_each_service_gmina(collection, tmp_path):
    exported = tmp_path / "powiat-opublikowany"
    result = run("export", "--basket", collection, "--format", "json", "--output-dir", exported, "--today", TODAY)
    assert result.exit_code == 0, result.output
    published = json.loads((exported / "koszyk.json").read_text(encoding="utf-8"))
    sources = {source["id"]: source for source in published["zrodla"]}
    assert list(sources) == SOURCES and sources["powiat-testowy"]["wlasne"] is True
    assert "alfa-posrednictwo-pracy" in sources["alfa"]["uslugi"]
    assert sources["delta"]["strona"] == "https://delta.example.org/"
    region = collection.parent / "wojewodztwo"
    region.mkdir()
    address = "https://powiat.example.org/koszyk.json"
    (region / "zestawienie.yml").write_text(
        "id: wojewodztwo-testowe\nnazwa: Lista wojewódzka\npoziom: wojewodztwo\nteryt: \"99\"\n"
        f"zrodla:\n  - adres: {address}\n", encoding="utf-8")
    raw = (exported / "koszyk.json").read_bytes()
    entry = SourceEntry(6, address=address)
    data = parse_published(raw, entry)
    data[ORIGIN_KEY] = {"adres": address, "pobrano": "2026-11-20T08:00:00Z", "sha256": hashlib.sha256(raw).hexdigest()}
    write_cache(region, [Fetched(entry, data)])
    result = run("report", "--basket", region, "--format", "json", "--today", TODAY)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [gmina["id"] for gmina in report["braki_gmin"]["gminy"]] == ["alfa", "beta", "gamma", "delta"]
    assert report["braki_gmin"]["otwarte_dla_innych_gmin"][0]["id"] == "beta-zajecia-dla-seniorow"
    assert report["braki_gmin"]["otwarte_dla_innych_gmin"][0]["gmina"] == "beta"


def test_a_published_list_that_places_services_in_a_bad_source_is_an_error_naming_it(collection, tmp_path):
    copy = cache_path(collection, DELTA_ADDRESS)
    data = json.loads(copy.read_text(encoding="utf-8"))
    data["zrodla"] = [{"id": "zla", "nazwa": "Gmina", "strona": "javascript:alert(1)", "uslugi": []}]
    copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("validate", collection, "--today", TODAY)
    assert result.exit_code == 1
    assert f".zrodla/{copy.name}:1:1: zrodla[1]: strona źródła: " in result.output, result.output


@pytest.mark.parametrize("card, message", [
    ('"tekst"', "karty[1]: karta nie ma danych partnera"),
    ('{"partner": {"nazwa": "Ośrodek\\u0007", "typ": "ops"}}', "karty[1]: tekst zawiera znak sterujący"),
    ('{"partner": {"nazwa": "Ośrodek", "typ": "ops"}, "uslugi": [{"id": "A B", "nazwa": "x", "obszary": ["praca"], '
     '"grupy_docelowe": ["mieszkancy"], "dostep": {"tryb": "powszechny"}}]}', "karty[1].uslugi[1].id: „A B” nie wygląda"),
])
def test_a_broken_card_in_a_published_file_is_an_error_naming_the_copy(collection, card, message):
    copy = cache_path(collection, DELTA_ADDRESS)
    data = json.loads(copy.read_text(encoding="utf-8"))
    data["karty"] = [json.loads(card)]
    copy.write_text(json.dumps(data), encoding="utf-8")
    result = run("validate", collection, "--today", TODAY)
    assert result.exit_code == 1
    assert f".zrodla/{copy.name}:1:1: {message}" in result.output, result.output


def test_a_workbook_cannot_be_imported_into_a_collection(collection, tmp_path):
    result = run("import-xlsx", tmp_path / "karta.xlsx", "--basket", collection)
    assert result.exit_code == 1
    assert "to zestawienie (zestawienie.yml), nie koszyk" in result.output


def test_validating_every_basket_reports_a_gmina_problem_once(collection):
    result = run("validate", collection.parent, "--today", TODAY)
    warnings = [line for line in result.output.splitlines() if "alfa/partnerzy/ops.yml:9:5" in line]
    assert len(warnings) == 1, result.output


# -- a national list ------------------------------------------------------------------------

def matrix_links(soup: BeautifulSoup) -> dict[str, tuple[str, int]]:
    """Each linked count of a matrix table: its cell's name (aria-label up to the colon) → (href, count)."""
    return {a["aria-label"].split(":")[0]: (a["href"], int(a.get_text(strip=True)))
            for a in soup.select("table a[aria-label]")}


def test_a_national_list_leaves_cell_and_gmina_lists_to_search_and_links_its_matrices_there(national_site):
    for variant in ("public", "intranet"):
        site = national_site / variant
        assert not (site / "przegladaj" / "macierz").exists()
        mentions = [path for path in site.rglob("*") if path.suffix in {".html", ".json", ".js", ".xml"}
                    and "macierz/" in path.read_text(encoding="utf-8")]
        assert not mentions  # no page, search record or sitemap entry leads to a cell page
        links = matrix_links(page(site, "."))
        assert len(links) > 100  # every area × group of the taxonomy
        assert all(href.startswith("szukaj/?obszar=") and "&grupa=" in href for href, _ in links.values())
        assert sum(count for _, count in links.values()) > 0
    assert (national_site / "public" / "przegladaj" / "obszary").is_dir()  # the other browse lists stay
    coverage = matrix_links(page(national_site / "intranet", "raporty"))
    assert coverage and all(href.startswith("../szukaj/?obszar=") for href, _ in coverage.values())
    beta = page(national_site / "public", "przegladaj/gminy/beta")
    assert not beta.select(".koszyk-matrix-wrap th a")  # rows name areas, they link nowhere
    cells = matrix_links(beta)
    assert all(href.startswith("../../../szukaj/?gmina=beta&obszar=") for href, _ in cells.values())
    assert sum(count for _, count in cells.values()) == 2
    assert not beta.select(".koszyk-services, .koszyk-pages")  # the list is the search page's
    listed = beta.find("a", string=re.compile("z tego źródła w wyszukiwarce"))
    assert listed["href"] == "../../../szukaj/?gmina=beta" and listed.get_text().startswith("2 usługi")


@pytest.mark.browser
def test_a_count_in_the_national_matrix_opens_search_with_as_many_results(national_site, browser):
    links = matrix_links(page(national_site / "public", "."))
    cells = sorted((count, name, href) for name, (href, count) in links.items())
    assert cells[0][0] == 0 and cells[-1][0] > 0
    with serve(national_site / "public") as base:
        context = browser.new_context(locale="pl-PL", viewport={"width": 375, "height": 800})
        tab = context.new_page()
        for count, name, href in (cells[0], next(cell for cell in cells if cell[0]), cells[-1]):
            tab.goto(base + href)
            tab.wait_for_function("document.body.dataset.searchDone", timeout=10_000)
            assert tab.locator("#szukaj-lista h3 a").count() == count, name
            assert tab.locator("fieldset[data-facet=obszar] input:checked").count() == 1
            assert tab.locator("fieldset[data-facet=grupa] input:checked").count() == 1
            area, group = name.split(", ")
            status = tab.inner_text("#szukaj-stan")  # on a phone the filters are folded: the status names them
            assert status.endswith(f"Filtry – Obszar wsparcia: {area}; Dla kogo: {group}."), status
            if not count:
                assert "może być luka w ofercie" in tab.inner_text("#szukaj-sugestie")
        beta = page(national_site / "public", "przegladaj/gminy/beta")
        for name, (href, count) in matrix_links(beta).items():
            if count:
                tab.goto(base + "przegladaj/gminy/beta/" + href)
                tab.wait_for_function("document.body.dataset.searchDone", timeout=10_000)
                assert tab.locator("#szukaj-lista h3 a").count() == count, name
                assert tab.locator("fieldset[data-facet=gmina] li[data-value=beta] input").is_checked()
        context.close()


def test_the_card_form_offers_only_the_cards_the_list_keeps_itself(collection_site):
    """A partner from gmina baskets is made from their cards, its services' ids prefixed: offered
    in the form as its card, it would come back as services no gmina has. The powiat's own
    institutions (``partnerzy/`` of the list) keep the form."""
    for variant in ("public", "intranet"):
        site = collection_site / variant
        office = page(site, "partnerzy/pup")
        assert not office.select('a[href*="formularz/"]')
        assert "Kartę tej instytucji prowadzą koszyki wymienione wyżej" in office.get_text(" ", strip=True)
        assert not (site / "formularz" / "karty" / "pup.json").exists()
        assert page(site, "partnerzy/pcpr").select('a[href*="formularz/"][href$="?partner=pcpr"]')
        assert (site / "formularz" / "karty" / "pcpr.json").is_file()
        schema = json.loads((site / "formularz" / "schemat.json").read_text(encoding="utf-8"))
        assert [partner["slug"] for partner in schema["partners"]] == ["pcpr"]


@pytest.mark.browser
@pytest.mark.parametrize("url", ["raporty/braki-gmin/", "raporty/dostep/", "partnerzy/pup/"])
def test_on_a_phone_every_wide_table_scrolls_with_the_keyboard(collection_site, browser, url):
    """WCAG 2.1.1: a table wider than the screen scrolls in its box; the box, or a region around
    it, takes the focus, and the arrow keys move what is shown."""
    with serve(collection_site / "intranet") as base:
        page = browser.new_page(viewport={"width": 375, "height": 800})
        page.goto(base + url)
        page.wait_for_load_state("load")
        wide = [wrap for wrap in page.locator(".md-typeset__scrollwrap").element_handles()
                if page.evaluate("(el) => el.scrollWidth - el.clientWidth > 20", wrap)]
        assert wide, f"{url}: no table wider than the screen; the test shows nothing"
        for wrap in wide:
            focusable = page.evaluate_handle("(el) => el.closest('[tabindex]')", wrap).as_element()
            assert focusable is not None, url
            focusable.focus()
            for _ in range(6):
                page.keyboard.press("ArrowRight")
            page.wait_for_function("(el) => el.scrollLeft > 0", arg=wrap, timeout=5000)
        page.close()


def test_a_list_built_with_its_own_site_name_bears_it_on_every_page(tmp_path, monkeypatch):
    """The sample's name in ``mkdocs.yml`` would title a powiat's list „Przykładowo”."""
    from koszyk.building import build_site

    folder = copy_collection(tmp_path / "zrodla")
    cache_published(folder)
    name = 'Lista „usług” powiatu "Testowo" & gmin'  # quotes and an ampersand: attributes stay whole
    monkeypatch.setenv("KOSZYK_SITE_NAME", name)
    outcome = build_site(ROOT / "mkdocs.yml", ["public"], tmp_path / "strona", folder, today=TODAY)
    assert outcome == {"public": None}
    for url in ("", "partnerzy/pup", "szukaj"):
        shown = page(tmp_path / "strona" / "public", url)
        assert shown.title.get_text().endswith(name), url
        assert "Przykładowo" not in shown.select_one("header").get_text(" ", strip=True), url
        logos = shown.select("a.md-logo")
        assert logos and all(logo["aria-label"] == name and logo["title"] == name for logo in logos), url


@pytest.mark.parametrize("address", ["file:///etc/passwd", "ftp://delta.example.org/koszyk.json", "koszyk.json"])
def test_a_source_address_that_is_no_web_address_is_one_error_at_its_line(collection, address):
    spec = collection / "zestawienie.yml"
    spec.write_text(spec.read_text(encoding="utf-8").replace(DELTA_ADDRESS, address), encoding="utf-8")
    result = run("validate", collection, "--today", TODAY)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if "zestawienie.yml" in line and "ostrzeżenie" not in line]
    assert len(errors) == 1 and re.search(r"zestawienie\.yml:9:\d+: zrodla\[4\]\.adres: ", errors[0]), result.output


def test_a_list_made_of_a_list_offers_none_of_its_cards_in_the_form(tmp_path):
    """A voivodeship list of powiat lists keeps no card itself: the powiat's own institutions are
    the powiat's (``Basket.keeps_card_of``), even though they are "own" to the powiat."""
    from koszyk.building import build_site

    powiat = copy_collection(tmp_path / "zrodla")
    cache_published(powiat)
    region = tmp_path / "zrodla" / "wojewodztwo"
    region.mkdir()
    (region / "zestawienie.yml").write_text("id: wojewodztwo-testowe\nnazwa: Lista województwa\npoziom: wojewodztwo\n"
                                            "zrodla:\n  - katalog: ../powiat\n", encoding="utf-8")
    assert build_site(ROOT / "mkdocs.yml", ["public"], tmp_path / "strona", region, today=TODAY) == {"public": None}
    site = tmp_path / "strona" / "public"
    schema = json.loads((site / "formularz" / "schemat.json").read_text(encoding="utf-8"))
    assert schema["partners"] == [] and not list((site / "formularz" / "karty").glob("*.json"))
    assert not page(site, "partnerzy/pcpr").select('a[href*="formularz/"]')


def test_a_gmina_a_published_list_names_without_services_gets_no_page(tmp_path):
    """A nested ``zrodla`` entry whose service ids the file does not hold would be an empty gmina."""
    from koszyk.building import build_site

    folder = copy_collection(tmp_path / "zrodla")
    cache_published(folder)
    copy = cache_path(folder, DELTA_ADDRESS)
    data = json.loads(copy.read_text(encoding="utf-8"))
    data["zrodla"] = [{"id": "delta-wies", "nazwa": "Wieś Delta", "uslugi": [card["uslugi"][0]["id"] for card in data["karty"]]},
                      {"id": "duch", "nazwa": "Gmina Duch", "uslugi": ["nie-ma-takiej-uslugi"]}]
    copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert build_site(ROOT / "mkdocs.yml", ["public"], tmp_path / "strona", folder, today=TODAY) == {"public": None}
    gminas = tmp_path / "strona" / "public" / "przegladaj" / "gminy"
    assert (gminas / "delta-wies" / "index.html").is_file()
    assert not (gminas / "duch").exists()
    assert "Gmina Duch" not in page(tmp_path / "strona" / "public", "przegladaj").get_text()


def test_pobierz_refuses_a_folder_in_a_copys_place_before_writing_any(tmp_path):
    from koszyk.collections import cache

    folder = copy_collection(tmp_path / "zrodla")
    cache_published(folder)
    data = json.loads(cache_path(folder, DELTA_ADDRESS).read_text(encoding="utf-8"))
    other = "https://inna.example.org/koszyk.json"
    cache_path(folder, other).mkdir()
    before = cache_path(folder, DELTA_ADDRESS).read_bytes()
    with pytest.raises(IsADirectoryError) as raised:
        cache.write_cache(folder, [cache.Fetched(SourceEntry(0, address=DELTA_ADDRESS), {**data, "nowe": 1}),
                                   cache.Fetched(SourceEntry(1, address=other), data)])
    assert raised.value.filename == str(cache_path(folder, other))
    assert cache_path(folder, DELTA_ADDRESS).read_bytes() == before
    assert sorted(path.name for path in (folder / CACHE_DIR).iterdir()) == sorted(
        [cache_path(folder, DELTA_ADDRESS).name, cache_path(folder, other).name])


def test_two_gminas_whose_ids_meet_in_the_list_are_both_named_with_the_way_out(tmp_path):
    """``nowa`` + ``wies-klub`` and ``nowa-wies`` + ``klub`` are both ``nowa-wies-klub`` in the list."""
    for gmina, name, service in (("nowa", "Gmina Nowa", "wies-klub"), ("nowa-wies", "Gmina Nowa Wieś", "klub")):
        (tmp_path / gmina / "partnerzy").mkdir(parents=True)
        (tmp_path / gmina / "basket.yml").write_text(f"id: {gmina}\nnazwa: {name}\n", encoding="utf-8")
        (tmp_path / gmina / "partnerzy" / "klub.yml").write_text(
            f"partner:\n  nazwa: Klub {gmina}\n  typ: ngo\nuslugi:\n  - id: {service}\n    nazwa: Klub\n"
            "    obszary: [kultura]\n    grupy_docelowe: [seniorzy]\n    dostep:\n      tryb: powszechny\n",
            encoding="utf-8")
    (tmp_path / "lista").mkdir()
    (tmp_path / "lista" / "zestawienie.yml").write_text(
        'id: lista\nnazwa: Lista\npoziom: powiat\nteryt: "9998"\nzrodla:\n'
        "  - katalog: ../nowa\n  - katalog: ../nowa-wies\n", encoding="utf-8")
    result = run("validate", str(tmp_path / "lista"))
    assert result.exit_code == 1
    assert ("usługa „wies-klub” ze źródła „Gmina Nowa” i usługa „klub” ze źródła „Gmina Nowa Wieś” mają "
            "w zestawieniu ten sam identyfikator „nowa-wies-klub”; zmień identyfikator jednej z nich") in result.output
