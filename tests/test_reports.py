"""Every figure of the report, checked against counts computed here from the raw cards."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from koszyk.cli import main
from koszyk.taxonomy import load_taxonomy

from .conftest import ROOT, SAMPLE, TODAY
from .sample_data import raw_cards

TAXONOMY = load_taxonomy()


def report_json(*baskets: Path) -> dict:
    args = ["report", "--format", "json", "--today", TODAY]
    for basket in baskets:
        args += ["--basket", str(basket)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def active_services(basket: Path) -> list[dict]:
    return [service for card in raw_cards(basket).values() for service in card.get("uslugi", [])
            if service.get("status", "oferowana") != "wycofana"]


def coverage(basket: Path) -> Counter:
    return Counter((a, g) for s in active_services(basket) for a in s["obszary"] for g in s["grupy_docelowe"])


def test_coverage_gaps_and_restricted_pairs_match_the_cards():
    report = report_json(SAMPLE)
    expected = coverage(SAMPLE)
    for area in TAXONOMY.areas.keys:
        for group in TAXONOMY.groups.keys:
            assert report["pokrycie"][area][group] == expected.get((area, group), 0), (area, group)
    gaps = {(g["obszar"], g["grupa"]) for g in report["luki"]["brak_uslug"]}
    assert gaps == {(a, g) for a in TAXONOMY.areas.keys for g in TAXONOMY.groups.keys if not expected.get((a, g))}
    assert ("mieszkalnictwo", "dzieci_mlodziez") in gaps  # the gap deliberately left in the sample
    open_pairs = {(a, g) for s in active_services(SAMPLE)
                  if s["dostep"]["tryb"] == "powszechny" and s.get("odplatnosc") not in ("odplatna", "czesciowo_odplatna")
                  for a in s["obszary"] for g in s["grupy_docelowe"]}
    restricted = {(g["obszar"], g["grupa"]) for g in report["luki"]["tylko_selektywne_lub_odplatne"]}
    assert restricted == set(expected) - open_pairs
    assert restricted and not restricted & gaps


def test_stale_cards_and_statuses_match_the_cards():
    report = report_json(SAMPLE)
    today = dt.date.fromisoformat(TODAY)
    cards = raw_cards(SAMPLE)
    stale = {slug for slug, card in cards.items()
             if (today - card["partner"]["ostatnia_weryfikacja"]).days > 365}
    assert {entry["slug"] for entry in report["nieaktualne"]} == stale == {
        "kgw-debina", "lgd-dolina", "osrodek-zdrowia", "sad-rejonowy"}
    goz = next(e for e in report["nieaktualne"] if e["slug"] == "osrodek-zdrowia")
    assert goz["data"] == "2025-06-18" and "Barbara Mazur" in goz["kontakt"]
    statuses = Counter(s.get("status", "oferowana") for card in cards.values() for s in card.get("uslugi", []))
    assert report["statusy"] == {key: statuses.get(key, 0) for key in TAXONOMY.statuses.keys}
    reach = Counter(s.get("zasieg", "pzk") for s in active_services(SAMPLE))
    assert report["zasieg"] == {key: reach.get(key, 0) for key in TAXONOMY.reaches.keys}


def test_county_list_shows_what_it_adds_to_each_gmina():
    county = ROOT / "baskets" / "powiat-przykladowski"
    wzorowo = ROOT / "baskets" / "wzorowo"
    report = report_json(SAMPLE, wzorowo, county)
    counts = {path.name: coverage(path) for path in (SAMPLE, wzorowo, county)}
    # the county list is a collection: both gminas' baskets plus the powiat's own institutions
    counts["powiat-przykladowski"] = counts["przykladowo"] + counts["wzorowo"] + counts["powiat-przykladowski"]
    expected = {
        (a, g): sorted(name for name in ("przykladowo", "wzorowo") if not counts[name].get((a, g)))
        for (a, g) in counts["powiat-przykladowski"]
        if not counts["przykladowo"].get((a, g)) or not counts["wzorowo"].get((a, g))
    }
    adds = report["porownanie"]["uzupelnia_wyzszy_poziom"]["powiat-przykladowski"]
    assert {(row["obszar"], row["grupa"]): sorted(row["brakuje_w"]) for row in adds} == expected
    assert expected[("mieszkalnictwo", "dzieci_mlodziez")] == ["przykladowo", "wzorowo"]


def test_xlsx_report_has_the_same_figures_and_no_formulas(tmp_path, basket_copy):
    card = basket_copy / "partnerzy" / "lgd-dolina.yml"
    data = yaml.safe_load(card.read_text(encoding="utf-8"))
    data["partner"]["nazwa"] = "=HYPERLINK(\"http://example.org\",\"klik\")"
    card.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    target = tmp_path / "raport.xlsx"
    result = CliRunner().invoke(main, ["report", "--basket", str(basket_copy), "--format", "xlsx",
                                       "-o", str(target), "--today", TODAY])
    assert result.exit_code == 0, result.output
    book = load_workbook(target)
    assert book.sheetnames == ["Pokrycie", "Luki", "Nieaktualne karty", "Statusy", "Dostęp", "Monitoring",
                              "Wnioski do decyzji"]  # the sample basket keeps a monitoring register
    sheet = book["Pokrycie"]
    expected = coverage(basket_copy)
    header = [cell.value for cell in sheet[1]][1:]
    for row in sheet.iter_rows(min_row=2, values_only=True):
        area = TAXONOMY.areas.key_for_label(row[0])
        for label, value in zip(header, row[1:]):
            assert value == expected.get((area, TAXONOMY.groups.key_for_label(label)), 0)
    stale = book["Nieaktualne karty"]
    cell = next(c for c in stale["A"] if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"


def test_report_refuses_invalid_cards_and_wrong_usage(basket_copy):
    card = basket_copy / "partnerzy" / "gkrpa.yml"
    card.write_text(card.read_text(encoding="utf-8").replace("tryb: powszechny", "tryb: otwarty", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["report", "--basket", str(basket_copy), "--today", TODAY])
    assert result.exit_code == 1 and "Raport nie powstał" in result.output
    assert CliRunner().invoke(main, ["report", "--basket", str(SAMPLE), "--format", "xlsx"]).exit_code == 2


def test_report_pages_are_on_the_intranet_only(sample_site):
    from bs4 import BeautifulSoup

    assert not (sample_site / "public" / "raporty").exists()
    pages = {p.parent.name for p in (sample_site / "intranet" / "raporty").rglob("index.html")}
    assert pages == {"raporty", "luki", "dostep", "aktualnosc", "porownanie", "monitoring"}
    soup = BeautifulSoup((sample_site / "intranet" / "raporty" / "index.html").read_text(encoding="utf-8"), "html.parser")
    expected = coverage(SAMPLE)
    cells = soup.select(".koszyk-heatmap tbody tr")
    for row, area in zip(cells, TAXONOMY.areas.keys):
        assert [int(td.get_text()) for td in row.select("td")] == [expected.get((area, g), 0) for g in TAXONOMY.groups.keys]
    access = BeautifulSoup((sample_site / "intranet" / "raporty" / "dostep" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert len(access.select("svg[role=img] title")) == 3 and access.select("table")
