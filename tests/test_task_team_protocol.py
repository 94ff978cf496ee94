"""Tool 19 from the individual basket: a protocol with the chosen services, made in the browser."""

from __future__ import annotations

import odfdo
import pytest
from lxml import etree

from koszyk.tools.catalogue import load_tools
from koszyk.tools.protocol import protocol_template

from .browser import serve
from .conftest import ROOT
from .test_individual_basket import NOTE_STEP, add_three_services, open_basket

pytestmark = pytest.mark.browser
NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
      "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0"}
PAYLOAD = "<img src=x onerror=alert(1)>"


def table_rows(root, first_header: str) -> list[list[str]]:
    for table in root.iterfind(".//table:table", NS):
        rows = [["".join(cell.itertext()) for cell in row.iterfind("table:table-cell", NS)]
                for row in table.iterfind(".//table:table-row", NS)]
        if rows and rows[0][0] == first_header:
            return rows[1:]
    raise AssertionError(f"no table starting with {first_header}")


def test_protocol_download_holds_the_chosen_services_and_no_request_carries_them(sample_site, browser, tmp_path):
    with serve(sample_site / "intranet") as base:
        context = browser.new_context(locale="pl-PL")
        requests = []
        context.on("request", lambda request: requests.append(request))
        page = context.new_page()
        add_three_services(page, base)
        open_basket(page, base + "koszyk/")
        page.locator("#koszyk-lista > li").nth(1).locator("textarea[data-note=krok]").fill(NOTE_STEP)
        page.evaluate("""payload => {
            const basket = JSON.parse(localStorage.getItem("koszyk.indywidualny.v1"));
            basket.items.push({id: "nie-ma-takiej", name: payload, fp: "", added: "2026-11-01",
                               note: {termin: "", odpowiedzialny: "", krok: ""}});
            localStorage.setItem("koszyk.indywidualny.v1", JSON.stringify(basket));
        }""", PAYLOAD)
        open_basket(page, base + "koszyk/")
        before = len(requests)
        with page.expect_download() as download:
            page.click("#koszyk-protokol")
        assert download.value.suggested_filename.endswith(".fodt")
        data = download.value.path().read_bytes()
        assert "Pobrano protokół zespołu" in page.inner_text("#koszyk-stan")
        fetched = [r for r in requests[before:] if not r.url.startswith("blob:")]
        context.close()
    assert [r.url for r in fetched] == [base + "koszyk/protokol-zzk.fodt"]
    assert all(r.method == "GET" and not r.post_data for r in requests)
    assert not any("terapia-logopedyczna" in r.url or "nie-ma-takiej" in r.url for r in requests)

    root = etree.fromstring(data)
    assert root.tag == f"{{{NS['office']}}}document"
    headings = ["".join(h.itertext()) for h in root.iterfind(".//text:h", NS)]
    assert headings[:2] == ["Narzędzie 19. Protokół posiedzenia zespołu zadaniowego", "Uczestnicy"]
    services = table_rows(root, "Usługa")
    assert [row[0] for row in services] == ["Terapia logopedyczna", "Diagnoza psychologiczna dziecka",
                                            "Asystent rodziny", PAYLOAD]
    assert services[1][1].startswith("Poradnia Psychologiczno-Pedagogiczna")
    assert table_rows(root, "Cel") == [["Diagnoza psychologiczna dziecka", NOTE_STEP, "", ""]]
    assert b"[[usluga]]" not in data and b"&lt;img src=x" in data
    saved = tmp_path / "protokol.fodt"
    saved.write_bytes(data)
    reread = odfdo.Document(str(saved))
    assert [str(h).strip() for h in reread.body.get_headers()][:2] == headings[:2]


def test_protocol_template_is_a_flat_odt_with_each_section_once():
    tool = next(tool for tool in load_tools(ROOT / "content" / "narzedzia").tools if tool.number == 19)
    root = etree.fromstring(protocol_template(tool))
    sections = [child.tag.split("}")[1] for child in root]
    assert sections == ["meta", "settings", "scripts", "font-face-decls", "styles", "automatic-styles",
                        "master-styles", "body"]
    assert root.get(f"{{{NS['office']}}}mimetype") == "application/vnd.oasis.opendocument.text"


def test_protocol_template_is_intranet_only(sample_site):
    assert (sample_site / "intranet" / "koszyk" / "protokol-zzk.fodt").exists()
    assert not (sample_site / "public" / "koszyk").exists()
