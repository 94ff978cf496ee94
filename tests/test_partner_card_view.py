"""A partner's intranet page offers its current card as a document to read (tool 7, ODT and DOCX), made in
the browser from the cells the page carries: every field with the workbook's column header and the label the
intranet shows, internal ones too; ``koszyk przeglad`` writes the same document; hostile text stays text."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import docx
import odfdo
import pytest
import yaml
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from koszyk.escaping import json_for_html
from koszyk.excel.columns import PARTNER_COLUMNS, SERVICE_COLUMNS, columns_for
from koszyk.taxonomy import load_taxonomy
from koszyk.tools.card_view import card_view, view_rows
from koszyk.tools.docx import docx_bytes
from koszyk.tools.document import BLANK_LINE
from koszyk.tools.odt import odt_bytes
from koszyk.tools.partner_files import card_view_document
from koszyk.validation import read_basket
from koszyk.variants import INTRANET, basket_for

from .browser import serve
from .conftest import SAMPLE, TODAY
from .sample_data import raw_cards

pytestmark = pytest.mark.browser
SLUG = "ops-przykladowo"  # internal services, internal notes, a withdrawn service, a multi-line description
TAXONOMY = yaml.safe_load((Path(__file__).resolve().parent.parent / "site_config" / "taxonomy.yml").read_text("utf-8"))
PAYLOAD = "<img src=x onerror=alert(1)>]]>&\"' \x01\x0b\x1f\ufffe|druga linia\r\ntrzecia"
AS_TEXT = "<img src=x onerror=alert(1)>]]>&\"' \ufffd\ufffd\ufffd\ufffd|druga linia\ntrzecia"


def label(vocabulary: str, key: str) -> str:
    return TAXONOMY[vocabulary]["wartosci"][key]["etykieta"]


def outline(path: Path) -> list:
    """The document as read back: ("h", level, text), ("p", text) and ("table", rows of cell texts), in order."""
    blocks = []
    if path.suffix == ".odt":
        for element in odfdo.Document(str(path)).body.children:
            if element.tag == "text:h":
                blocks.append(("h", int(element.get_attribute("text:outline-level")), element.text_recursive))
            elif element.tag == "text:p":
                blocks.append(("p", element.text_recursive))
            elif element.tag == "table:table":
                rows = [[cell.get_value() for cell in row.get_cells()] for row in element.get_rows()]
                shown = [["\n".join(p.text_recursive for p in cell.get_paragraphs()) for cell in row.get_cells()]
                         for row in element.get_rows()]
                assert rows == shown, "the cell's text and its string value differ"
                blocks.append(("table", rows))
        return blocks
    word = docx.Document(str(path))
    for element in word.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = WordParagraph(element, word)
            style = paragraph.style.name
            blocks.append(("h", int(style.split()[-1]), paragraph.text) if style.startswith("Heading")
                          else ("p", paragraph.text))
        elif tag == "tbl":
            blocks.append(("table", [[cell.text for cell in row.cells] for row in WordTable(element, word).rows]))
    return blocks


def sections(blocks: list) -> dict[str, dict[str, str]]:
    """Each heading followed by a two-column table, as heading text → {label: value}."""
    found = {}
    for first, second in zip(blocks, blocks[1:]):
        if first[0] == "h" and second[0] == "table":
            found[first[2]] = {row[0]: row[1] for row in second[1]}
    return found


def expected_partner(partner: dict) -> dict[str, str]:
    """What the view shows for the partner, from the raw YAML and the taxonomy file."""
    address, contact, internal = partner.get("adres") or {}, partner.get("kontakt") or {}, \
        partner.get("kontakt_wewnetrzny") or {}
    shown = {
        "Nazwa partnera": partner["nazwa"], "Typ partnera": label("typy_partnerow", partner["typ"]),
        "Rola": label("role", partner.get("rola", "wykonawca")),
        "Członek PZK": "tak" if partner.get("czlonek_pzk", True) else "nie",
        "Opis partnera": partner.get("opis", ""), "Ulica": address.get("ulica"), "Kod pocztowy": address.get("kod"),
        "Miejscowość": address.get("miejscowosc"), "Telefon": contact.get("telefon"), "E-mail": contact.get("email"),
        "Strona WWW": contact.get("www"), "Godziny pracy": partner.get("godziny"),
        "Osoba do kontaktu (intranet)": internal.get("osoba"), "Telefon osoby (intranet)": internal.get("telefon"),
        "E-mail osoby (intranet)": internal.get("email"),
        "Ostatnia weryfikacja": partner["ostatnia_weryfikacja"].isoformat() if partner.get("ostatnia_weryfikacja") else "",
        "Opiekunowie karty": "; ".join(partner.get("opiekunowie") or []), "REGON": partner.get("regon"),
    }
    return {key: str(value).strip() if value else BLANK_LINE for key, value in shown.items()}


def expected_service(service: dict) -> dict[str, str]:
    access, internal = service["dostep"], service.get("kontakt_wewnetrzny") or {}
    age = access.get("wiek") or {}
    shown = {
        "ID usługi": service["id"], "Nazwa usługi": service["nazwa"], "Opis": service.get("opis"),
        "Obszary": "; ".join(label("obszary", key) for key in service["obszary"]),
        "Grupy docelowe": "; ".join(label("grupy_docelowe", key) for key in service["grupy_docelowe"]),
        "Status": label("statusy", service.get("status", "oferowana")),
        "Zasięg": label("zasiegi", service.get("zasieg", "pzk")),
        "Odpłatność": label("odplatnosci", service["odplatnosc"]) if service.get("odplatnosc") else "",
        "Szczegóły odpłatności": service.get("odplatnosc_opis"),
        "Forma realizacji": label("formy_realizacji", service["forma_realizacji"]) if service.get("forma_realizacji") else "",
        "Tryb dostępu": label("tryby_dostepu", access["tryb"]),
        "Kryteria dostępu (rodzaj: warunek)": "; ".join(
            f"{label('kryteria', c['rodzaj'])}: {c['warunek']}" if c.get("warunek") else label("kryteria", c["rodzaj"])
            for c in access.get("kryteria") or []),
        "Wiek od": age.get("od"), "Wiek do": age.get("do"), "Dostęp: uwagi": access.get("opis"),
        "Jak się zgłosić": service.get("zapisy"), "Godziny": service.get("godziny"), "Miejsce": service.get("miejsce"),
        "Widoczność": label("widocznosci", service.get("widocznosc", "publiczna")),
        "Osoba do kontaktu w usłudze (intranet)": internal.get("osoba"),
        "Telefon w usłudze (intranet)": internal.get("telefon"), "E-mail w usłudze (intranet)": internal.get("email"),
        "Uwagi wewnętrzne (intranet)": service.get("uwagi_wewnetrzne"),
    }
    return {key: str(value).strip() if value not in (None, "") else BLANK_LINE for key, value in shown.items()}


def poison(cells: list, columns) -> list:
    """Every cell of a text column (filled or not) holds the payload; numbers stay numbers."""
    columns = columns_for(INTRANET, columns)
    return [cells[index] if column.kind == "int" and index < len(cells) else None if column.kind == "int" else PAYLOAD
            for index, column in enumerate(columns)]


def download(page, buttons: tuple[str, ...], folder: Path) -> dict[str, Path]:
    files = {}
    for button in buttons:
        with page.expect_download() as started:
            page.click(f"#{button}")
        files[button] = folder / started.value.suggested_filename
        started.value.save_as(files[button])
        assert f"Pobrano: {files[button].name}." in page.inner_text("#karta-stan")
    return files


@pytest.fixture(scope="module")
def views(sample_site, browser, tmp_path_factory):
    folder = tmp_path_factory.mktemp("widok")
    with serve(sample_site / "intranet") as base:
        context = browser.new_context(locale="pl-PL")
        requests = []
        context.on("request", lambda request: requests.append(request))
        page = context.new_page()
        page.goto(f"{base}partnerzy/{SLUG}/")
        page.wait_for_selector("#karta-odt:not([hidden])")
        files = download(page, ("karta-odt", "karta-docx"), folder)
        context.close()
    return files, requests, base


def test_the_card_view_shows_every_field_of_the_partner_and_of_each_listed_service(views):
    files, _requests, _base = views
    card = raw_cards()[SLUG]
    listed = [service for service in card["uslugi"] if service.get("status") != "wycofana"]
    assert any(service.get("widocznosc") == "wewnetrzna" for service in listed)
    assert {path.name for path in files.values()} == {f"{SLUG}.odt", f"{SLUG}.docx"}
    for path in files.values():
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
            assert not any(b"[[" in archive.read(name) for name in archive.namelist())
        blocks = outline(path)
        headings = [block[1:] for block in blocks if block[0] == "h"]
        assert headings == [(1, "Narzędzie 7. Karta usług partnera"), (2, "Partner"), (2, "Usługi"),
                            *[(3, service["nazwa"]) for service in listed], (3, "Nowa usługa (do dopisania)")]
        assert ("p", card["partner"]["nazwa"]) in blocks
        partner_table = next(block[1] for block in blocks if block[0] == "table")
        assert {row[0]: row[1] for row in partner_table} == expected_partner(card["partner"])
        shown = sections(blocks)
        for service in listed:
            assert shown[service["nazwa"]] == expected_service(service), (path.suffix, service["id"])
        blank = shown["Nowa usługa (do dopisania)"]
        assert blank["Nazwa usługi"] == BLANK_LINE and blank["Status"] == label("statusy", "oferowana")


def test_the_card_view_is_the_one_koszyk_przeglad_writes_and_needs_no_request_but_the_templates(views, tmp_path):
    files, requests, base = views
    taxonomy = load_taxonomy()
    full = read_basket(SAMPLE, taxonomy, dt.date.fromisoformat(TODAY)).baskets[0]
    partner = basket_for(full, INTRANET).partner(SLUG)
    document = card_view_document(SLUG, full.cards[SLUG], partner, taxonomy, full.name)
    for extension, render in (("odt", odt_bytes), ("docx", docx_bytes)):
        written = tmp_path / f"{SLUG}.{extension}"
        written.write_bytes(render(document))
        assert outline(files[f"karta-{extension}"]) == outline(written)
    fetched = [request.url for request in requests if request.resource_type == "fetch"]
    assert fetched == [f"{base}partnerzy/wzory-dokumentow.json"]


def test_a_hostile_card_gives_valid_documents_with_the_payload_as_text(sample_site, browser, tmp_path):
    """Every text cell of the partner and of its services replaced by markup, XML's own delimiters, quotes,
    line breaks and characters XML cannot hold; the documents open and show the text."""
    hostile = {}

    def poisoned(route):
        response = route.fetch()
        head, rest = response.text().split('id="karta-wiersze">', 1)
        data, tail = rest.split("</script>", 1)
        values = json.loads(data)
        values["rows"]["partner"] = poison(values["rows"]["partner"], PARTNER_COLUMNS)
        values["rows"]["services"] = [poison(cells, SERVICE_COLUMNS) for cells in values["rows"]["services"]]
        hostile.update(values["rows"])
        route.fulfill(response=response, body=f'{head}id="karta-wiersze">{json_for_html(values)}</script>{tail}')

    with serve(sample_site / "intranet") as base:
        context = browser.new_context(locale="pl-PL")
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.route(f"{base}partnerzy/{SLUG}/", poisoned)
        page.goto(f"{base}partnerzy/{SLUG}/")
        page.wait_for_selector("#karta-odt:not([hidden])")
        files = download(page, ("karta-odt", "karta-docx"), tmp_path)
        context.close()
    assert not dialogs
    taxonomy = load_taxonomy()
    rows = view_rows(taxonomy)
    expected = card_view(hostile["partner"], hostile["services"], rows, "x")
    for extension, render in (("odt", odt_bytes), ("docx", docx_bytes)):
        path = files[f"karta-{extension}"]
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
            part = archive.read("content.xml" if extension == "odt" else "word/document.xml")
        assert b"<img" not in part and b"]]>" not in part and b"\x01" not in part
        blocks = outline(path)  # odfdo and python-docx parse it: well-formed XML
        assert ("p", AS_TEXT) in blocks
        partner_table = next(block[1] for block in blocks if block[0] == "table")
        assert {row[0]: row[1] for row in partner_table}["Nazwa partnera"] == AS_TEXT
        assert {row[0]: row[1] for row in partner_table}["Osoba do kontaktu (intranet)"] == AS_TEXT
        shown = sections(blocks)
        assert shown[AS_TEXT]["Uwagi wewnętrzne (intranet)"] == AS_TEXT
        assert shown[AS_TEXT]["Opis"] == AS_TEXT
        reference = tmp_path / f"python.{extension}"
        reference.write_bytes(render(expected))
        assert [block for block in outline(reference) if block[0] == "table"] == \
            [block for block in blocks if block[0] == "table"]


def test_the_public_partner_page_offers_no_card_view(sample_site):
    page = (sample_site / "public" / "partnerzy" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "karta-odt" not in page and "karta-docx" not in page
    assert not (sample_site / "public" / "partnerzy" / "wzory-dokumentow.json").exists()
    templates = json.loads((sample_site / "intranet" / "partnerzy" / "wzory-dokumentow.json").read_text("utf-8"))
    for extension in ("odt", "docx"):
        texts = " ".join(part.get("text", "") for part in templates["view"][extension]["parts"])
        assert "Nowa usługa (do dopisania)" in texts and "Ośrodek Pomocy" not in texts  # one template, no partner's data
