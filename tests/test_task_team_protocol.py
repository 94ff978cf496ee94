"""Tool 19 from the individual basket: a protocol with the chosen services, made in the browser
as a real .docx and .odt."""

from __future__ import annotations

import io
import json
import zipfile

import docx
import odfdo
import pytest

from koszyk.tools.catalogue import load_tools
from koszyk.tools.protocol import protocol_template

from .browser import serve
from .conftest import ROOT
from .test_individual_basket import NOTE_STEP, add_three_services, open_basket

pytestmark = pytest.mark.browser
PAYLOAD = "<img src=x onerror=alert(1)>"
CHOSEN = ["Terapia logopedyczna", "Diagnoza psychologiczna dziecka", "Asystent rodziny", PAYLOAD]


@pytest.fixture(scope="module")
def downloads(sample_site, browser):
    """Both protocol files as downloaded from a filled basket, and every request the page made."""
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
        files, names = {}, {}
        for fmt in ("docx", "odt"):
            with page.expect_download() as download:
                page.click(f"#koszyk-protokol-{fmt}")
            names[fmt] = download.value.suggested_filename
            files[fmt] = download.value.path().read_bytes()
            assert f"Pobrano protokół zespołu ({fmt.upper()})" in page.inner_text("#koszyk-stan")
        fetched = [r.url for r in requests[before:] if not r.url.startswith("blob:")]
        context.close()
    return {"files": files, "names": names, "fetched": fetched, "requests": requests, "base": base}


def test_protocol_downloads_are_real_documents_and_no_request_carries_the_choice(downloads):
    assert downloads["names"]["docx"].endswith(".docx") and downloads["names"]["odt"].endswith(".odt")
    assert downloads["fetched"] == [downloads["base"] + "koszyk/protokol-zzk.json"]  # once, for both formats
    assert all(r.method == "GET" and not r.post_data for r in downloads["requests"])
    assert not any("terapia-logopedyczna" in r.url or "nie-ma-takiej" in r.url for r in downloads["requests"])
    for data in downloads["files"].values():
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.testzip() is None  # every member's CRC-32 is right
    with zipfile.ZipFile(io.BytesIO(downloads["files"]["odt"])) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED


def test_docx_protocol_holds_the_chosen_services_and_the_notes(downloads):
    word = docx.Document(io.BytesIO(downloads["files"]["docx"]))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["Narzędzie 19. Protokół posiedzenia zespołu zadaniowego", "Uczestnicy"]
    tables = {table.rows[0].cells[0].text: [[c.text for c in row.cells] for row in table.rows[1:]]
              for table in word.tables}
    assert [row[0] for row in tables["Usługa"]] == CHOSEN
    assert tables["Usługa"][1][1].startswith("Poradnia Psychologiczno-Pedagogiczna")
    assert tables["Cel"] == [["Diagnoza psychologiczna dziecka", NOTE_STEP, "", ""]]


def test_odt_protocol_holds_the_chosen_services_and_the_notes(downloads):
    document = odfdo.Document(io.BytesIO(downloads["files"]["odt"]))
    headings = [str(h).strip() for h in document.body.get_headers()]
    assert headings[:2] == ["Narzędzie 19. Protokół posiedzenia zespołu zadaniowego", "Uczestnicy"]
    tables = {table.get_values()[0][0]: table.get_values()[1:] for table in document.body.get_tables()}
    assert [row[0] for row in tables["Usługa"]] == CHOSEN
    assert [[cell or "" for cell in row] for row in tables["Cel"]] == [["Diagnoza psychologiczna dziecka", NOTE_STEP, "", ""]]


def test_a_hostile_service_name_stays_text_in_both_documents(downloads):
    for fmt, part in (("docx", "word/document.xml"), ("odt", "content.xml")):
        with zipfile.ZipFile(io.BytesIO(downloads["files"][fmt])) as archive:
            xml = archive.read(part)
        assert b"<img" not in xml and b"&lt;img src=x onerror=alert(1)&gt;" in xml
        assert b"[[usluga]]" not in xml and b"[[cel]]" not in xml


def test_protocol_template_holds_both_formats_with_one_part_to_fill():
    tool = next(tool for tool in load_tools(ROOT / "content" / "narzedzia").tools if tool.number == 19)
    templates = json.loads(protocol_template(tool))
    assert set(templates) == {"docx", "odt"}
    for fmt, part in (("docx", "word/document.xml"), ("odt", "content.xml")):
        texts = [p["name"] for p in templates[fmt]["parts"] if "text" in p]
        assert texts == [part]
        assert "[[usluga]]" in next(p["text"] for p in templates[fmt]["parts"] if "text" in p)


def test_protocol_template_is_intranet_only(sample_site):
    assert (sample_site / "intranet" / "koszyk" / "protokol-zzk.json").exists()
    assert not (sample_site / "public" / "koszyk").exists()
