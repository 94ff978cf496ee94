"""``koszyk przeglad``: the yearly review pack, one filled card per partner due, and a mail-merge list."""

from __future__ import annotations

import csv
import datetime as dt
import io

import docx
import odfdo
from click.testing import CliRunner

from koszyk.cli import main
from koszyk.review import months_before
from koszyk.taxonomy import load_taxonomy
from koszyk.tools.docx import docx_bytes
from koszyk.tools.filled import declaration_document
from koszyk.tools.odt import odt_bytes
from koszyk.validation import read_basket
from koszyk.variants import PUBLIC, basket_for

from .conftest import SAMPLE, TODAY
from .sample_data import raw_cards


def due_by_raw_yaml(basket, months: int) -> set[str]:
    limit = months_before(dt.date.fromisoformat(TODAY), months)
    return {slug for slug, card in raw_cards(basket).items()
            if card["partner"].get("ostatnia_weryfikacja") is None or card["partner"]["ostatnia_weryfikacja"] < limit}


def review(basket, output, *extra):
    return CliRunner().invoke(main, ["przeglad", "--basket", str(basket), "--output-dir", str(output),
                                     "--today", TODAY, *extra])


def test_review_writes_a_workbook_per_partner_due_and_a_mail_merge_list(basket_copy, tmp_path):
    output = tmp_path / "przeglad"
    result = review(basket_copy, output)
    assert result.exit_code == 0, result.output
    due = due_by_raw_yaml(basket_copy, 12)
    assert due and {path.stem for path in output.glob("*.xlsx")} == due
    assert f"Karty do przeglądu: {len(due)} z {len(raw_cards(basket_copy))}" in result.stdout
    rows = list(csv.DictReader(io.StringIO((output / "przeglad.csv").read_text(encoding="utf-8-sig"))))
    cards = raw_cards(basket_copy)
    assert {row["plik"] for row in rows} == {f"{slug}.xlsx" for slug in due}
    for row in rows:
        card = cards[row["plik"][: -len(".xlsx")]]
        assert row["partner"] == card["partner"]["nazwa"]
        assert row["ostatnia_weryfikacja"] == card["partner"]["ostatnia_weryfikacja"].isoformat()
        assert row["uslugi"].split("; ") == [s["nazwa"] for s in card["uslugi"] if s.get("status") != "wycofana"]
        internal = card["partner"].get("kontakt_wewnetrzny") or {}
        assert row["email"] == (internal.get("email") or card["partner"]["kontakt"]["email"])


def test_a_shorter_period_puts_more_cards_up_for_review(basket_copy, tmp_path):
    assert review(basket_copy, tmp_path / "a", "--months", "3").exit_code == 0
    assert {p.stem for p in (tmp_path / "a").glob("*.xlsx")} == due_by_raw_yaml(basket_copy, 3)
    assert len(due_by_raw_yaml(basket_copy, 3)) > len(due_by_raw_yaml(basket_copy, 12))


def test_each_review_workbook_comes_back_through_import_xlsx_unchanged(basket_copy, tmp_path):
    output = tmp_path / "przeglad"
    assert review(basket_copy, output, "--months", "3").exit_code == 0
    before = {path.name: path.read_bytes() for path in (basket_copy / "partnerzy").glob("*.yml")}
    for workbook in sorted(output.glob("*.xlsx")):
        result = CliRunner().invoke(main, ["import-xlsx", str(workbook), "--basket", str(basket_copy), "--today", TODAY])
        assert result.exit_code == 0, result.output
        assert "Bez zmian" in result.stdout
    assert {path.name: path.read_bytes() for path in (basket_copy / "partnerzy").glob("*.yml")} == before


def test_review_card_view_opens_as_odt_and_docx_with_the_partners_data(basket_copy, tmp_path):
    output = tmp_path / "przeglad"
    assert review(basket_copy, output).exit_code == 0
    slug = sorted(due_by_raw_yaml(basket_copy, 12))[0]
    card = raw_cards(basket_copy)[slug]
    listed = [s["nazwa"] for s in card["uslugi"] if s.get("status") != "wycofana"]
    odt = odfdo.Document(str(output / f"{slug}.odt"))
    assert [str(h).strip() for h in odt.body.get_headers()] == \
        ["Narzędzie 7. Karta usług partnera", "Partner", "Usługi", *listed, "Nowa usługa (do dopisania)"]
    odt_rows = [row for table in odt.body.get_tables() for row in table.get_values()]
    assert ["Nazwa partnera", card["partner"]["nazwa"]] in odt_rows
    word = docx.Document(str(output / f"{slug}.docx"))
    assert [row.cells[1].text for row in word.tables[0].rows][0] == card["partner"]["nazwa"]
    assert [table.rows[1].cells[1].text for table in word.tables[1:-1]] == listed


def test_review_refuses_a_broken_basket_and_writes_nothing(basket_copy, tmp_path):
    card = basket_copy / "partnerzy" / "gkrpa.yml"
    card.write_text(card.read_text(encoding="utf-8").replace("tryb: powszechny", "tryb: otwarty", 1), encoding="utf-8")
    result = review(basket_copy, tmp_path / "przeglad")
    assert result.exit_code == 1 and "gkrpa.yml" in result.stderr and "Nic nie zapisano" in result.stderr
    assert not (tmp_path / "przeglad").exists()


def test_declaration_is_prefilled_with_name_address_and_type():
    taxonomy = load_taxonomy()
    basket = basket_for(read_basket(SAMPLE, taxonomy, dt.date.fromisoformat(TODAY)).baskets[0], PUBLIC)
    partner = basket.partner("poradnia-pp")
    document = declaration_document(partner, taxonomy, basket.name)
    expected = [["Nazwa instytucji", partner.name], ["Adres", partner.address.one_line()],
                ["Typ instytucji", taxonomy.partner_types.label(partner.type)]]
    odt = odfdo.Document(io.BytesIO(odt_bytes(document)))
    assert odt.body.get_tables()[0].get_values() == expected
    word = docx.Document(io.BytesIO(docx_bytes(document)))
    assert [[cell.text for cell in row.cells] for row in word.tables[0].rows] == expected


def test_mail_merge_list_never_holds_a_formula(basket_copy, tmp_path):
    card = basket_copy / "partnerzy" / "kgw-debina.yml"
    text = card.read_text(encoding="utf-8")
    card.write_text(text.replace("nazwa: Koło Gospodyń Wiejskich w Dębinie", 'nazwa: "=HYPERLINK(\\"http://x\\")"', 1),
                    encoding="utf-8")
    assert review(basket_copy, tmp_path / "p").exit_code == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "p" / "przeglad.csv").read_text(encoding="utf-8-sig"))))
    assert ["'=HYPERLINK(\"http://x\")"] == [row[0] for row in rows if "HYPERLINK" in row[0]]


def test_a_review_workbook_offers_the_same_dropdowns_as_the_blank_card(basket_copy, tmp_path):
    """A partner sent the pre-filled workbook picks values from lists, as the guide says."""
    from openpyxl import load_workbook

    from koszyk.excel.columns import BASKET_SHEET, SERVICE_COLUMNS

    output = tmp_path / "przeglad"
    assert review(basket_copy, output).exit_code == 0
    book = load_workbook(next(output.glob("*.xlsx")))
    sheet = book[BASKET_SHEET]
    header = {cell.value: cell.column_letter for cell in sheet[1]}
    lists = {str(rule.sqref).split(":")[0][:-1]: rule for rule in sheet.data_validations.dataValidation}
    for column in SERVICE_COLUMNS:
        if column.vocabulary:
            rule = lists[header[column.header]]
            assert rule.type == "list" and rule.showErrorMessage and "Słowniki" in rule.formula1
            assert int(str(rule.sqref).split(":")[1][len(header[column.header]):]) > sheet.max_row
    words = book["Słowniki"]
    assert "Wycofana" in [cell.value for column in words.iter_cols() for cell in column]


def test_a_second_card_under_the_same_name_stops_validation_and_the_review(basket_copy, tmp_path):
    """``gkrpa.yaml`` beside ``gkrpa.yml``: both wrote to ``gkrpa.xlsx``, so the mail-merge row of
    the hostile card's address pointed at the other partner's intranet card."""
    card = next((basket_copy / "partnerzy").glob("*.yml"))
    twin = card.with_suffix(".yaml")
    twin.write_text(
        "partner: {nazwa: Stowarzyszenie Przyjazna Dłoń, typ: ngo, kontakt: {email: napastnik@example.org},"
        " ostatnia_weryfikacja: 2020-01-01}\n"
        "uslugi:\n  - {id: porady-sasiedzkie, nazwa: Porady sąsiedzkie, obszary: [kultura],"
        " grupy_docelowe: [seniorzy], dostep: {tryb: powszechny}}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(basket_copy), "--today", TODAY])
    assert result.exit_code == 1
    assert f"{card.name}:1:1: karta o tej samej nazwie co " in result.output and twin.name in result.output
    output = tmp_path / "przeglad"
    assert review(basket_copy, output).exit_code == 1
    assert not output.exists() or not list(output.iterdir())


def test_review_refuses_a_list_of_several_gminas(tmp_path):
    """A list merges one institution's cards from several gminas, keeping the first one's internal
    contact: the pack of one gmina's card went to an address from another's."""
    from .collection_support import copy_collection

    collection = copy_collection(tmp_path / "lista")
    output = tmp_path / "przeglad"
    result = review(collection, output)
    assert result.exit_code == 1 and "przegląd kart robi każda gmina w swoim koszyku" in result.output
    assert not output.exists()
