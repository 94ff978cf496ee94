"""The model's 21 tools: every source renders into ODT and DOCX that read back with the same headings and fields."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import docx
import odfdo
import pytest

from koszyk.pages.rendering import Renderer
from koszyk.pages.tools import tool_pages
from koszyk.taxonomy import load_taxonomy
from koszyk.tools.catalogue import load_tools
from koszyk.tools.document import Document, Fields, Heading, Paragraph
from koszyk.tools.docx import docx_bytes
from koszyk.building import build_site
from koszyk.tools.files import FORMATS, tool_downloads
from koszyk.tools.odt import odt_bytes

ROOT = Path(__file__).resolve().parent.parent
TOOLS = load_tools(ROOT / "content" / "narzedzia", ROOT)
PAYLOAD = "<img src=x onerror=alert(1)>"


def odt_headings_and_cells(data: bytes) -> tuple[list[str], list[list]]:
    document = odfdo.Document(io.BytesIO(data))
    headings = [str(header).strip() for header in document.body.get_headers()]
    cells = [row for table in document.body.get_tables() for row in table.get_values()]
    return headings, cells


def docx_headings_and_cells(data: bytes) -> tuple[list[str], list[list]]:
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    return headings, cells


def test_all_21_tools_have_a_valid_source():
    assert not TOOLS.problems, [p.format_text() for p in TOOLS.problems]
    assert [tool.number for tool in TOOLS.tools] == list(range(1, 22))
    for tool in TOOLS.tools:
        assert tool.purpose and tool.when and tool.who and tool.stages and tool.level


@pytest.mark.parametrize("tool", TOOLS.tools, ids=lambda tool: tool.slug)
def test_each_tool_opens_as_odt_and_docx_with_its_headings_and_fields(tool):
    labels = [label for block in tool.document.blocks if isinstance(block, Fields) for label, _ in block.items]
    for read in (lambda: odt_headings_and_cells(odt_bytes(tool.document)),
                 lambda: docx_headings_and_cells(docx_bytes(tool.document))):
        headings, cells = read()
        assert headings == tool.document.headings()
        first_column = [row[0] for row in cells]
        assert all(label in first_column for label in labels)


def test_filled_values_come_back_from_both_formats():
    document = Document("Narzędzie 8. Deklaracja", "", (
        Heading("Instytucja"), Fields((("Nazwa instytucji", "Poradnia „Most”"), ("Adres", "ul. Szkolna 4"))),
    ))
    for headings, cells in (odt_headings_and_cells(odt_bytes(document)), docx_headings_and_cells(docx_bytes(document))):
        assert headings == ["Narzędzie 8. Deklaracja", "Instytucja"]
        assert ["Nazwa instytucji", "Poradnia „Most”"] in cells and ["Adres", "ul. Szkolna 4"] in cells


def test_card_text_with_markup_stays_text_in_documents():
    document = Document("Tytuł", "", (Paragraph(PAYLOAD),))
    with zipfile.ZipFile(io.BytesIO(odt_bytes(document))) as archive:
        assert "&lt;img src=x" in archive.read("content.xml").decode()
    with zipfile.ZipFile(io.BytesIO(docx_bytes(document))) as archive:
        assert "&lt;img src=x" in archive.read("word/document.xml").decode()


def test_tool_page_escapes_source_text(tmp_path):
    (tmp_path / "01-proba.yml").write_text(
        f"tytul: 'Próba {PAYLOAD}'\ncel: '{PAYLOAD}'\netap: diagnoza\nkiedy: zawsze\nkto: ktoś\npoziom: osoba\n"
        f"tresc:\n  - akapit: '{PAYLOAD}'\n  - pola: ['{PAYLOAD}']\n", encoding="utf-8")
    tools = load_tools(tmp_path).tools
    renderer = Renderer(load_taxonomy(ROOT / "site_config" / "taxonomy.yml"), "public", None)
    html = "".join(page.html for page in tool_pages(tools, renderer))
    assert PAYLOAD not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_broken_tool_source_is_reported_with_file_line_and_field(tmp_path):
    (tmp_path / "03-zle.yml").write_text(
        "tytul: Zły\ncel: c\netap: planowanie\nkiedy: k\nkto: k\npoziom: osoba\n"
        "tresc:\n  - akapit: tekst\n  - tabelka: {kolumny: [A]}\n", encoding="utf-8")
    result = load_tools(tmp_path)
    assert [p.format_text() for p in result.problems] == [
        f"{(tmp_path / '03-zle.yml').as_posix()}:9:5: tresc[2]: nieznany rodzaj bloku „tabelka”; dozwolone: "
        "naglowek, podnaglowek, akapit, lista, pola, wybor, tabela"]


def test_rendered_documents_are_reused_from_the_cache(tmp_path):
    first = tool_downloads(TOOLS.tools[:2], tmp_path)
    assert len(list(tmp_path.iterdir())) == 4
    cached = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    for path in tmp_path.iterdir():
        path.write_bytes(b"cached:" + cached[path.name])
    again = tool_downloads(TOOLS.tools[:2], tmp_path)
    assert all(content.startswith(b"cached:") for content in again.values())
    assert set(first) == set(again)


def test_a_tool_rendered_again_later_is_the_same_file(monkeypatch):
    """A rebuild, or another machine, gives the same bytes: a mirror of the site sees no change."""
    tool = TOOLS.tools[0]
    first = {extension: render(tool.document) for extension, render in FORMATS.items()}
    later = time.time() + 40 * 86400
    monkeypatch.setattr(time, "time", lambda: later)
    assert {extension: render(tool.document) for extension, render in FORMATS.items()} == first


def test_a_build_with_the_cache_off_keeps_no_tool_file(tmp_path):
    """``KOSZYK_CACHE_DIR=`` turns off every cache, the tools' rendered files too."""
    from .test_links_out_of_project import _project

    root = _project(tmp_path)
    assert build_site(root / "mkdocs.yml", ["public"], tmp_path / "strona", cache_dir=Path(""))["public"] is None
    assert len(list((tmp_path / "strona" / "public" / "pobierz" / "narzedzia").glob("*.odt"))) == len(TOOLS.tools)
    assert not (root / ".cache").exists()


def test_site_has_a_page_and_two_downloads_per_tool(sample_site):
    for variant in ("public", "intranet"):
        site = sample_site / variant
        index = (site / "model" / "narzedzia" / "index.html").read_text(encoding="utf-8")
        for tool in TOOLS.tools:
            assert f'narzedzia/{tool.slug}/"' in index
            page = (site / "model" / "narzedzia" / tool.slug / "index.html").read_text(encoding="utf-8")
            assert tool.document.title in page
            for extension in ("odt", "docx"):
                assert (site / "pobierz" / "narzedzia" / f"{tool.file_stem}.{extension}").stat().st_size > 1000
        assert not (site / "narzedzia").exists()  # the YAML sources are not published


def test_the_published_tool_files_open_with_their_headings_and_fields(sample_site):
    """What a visitor downloads (rendered by the build, maybe from the cache), not only what the renderers make."""
    for variant in ("public", "intranet"):
        folder = sample_site / variant / "pobierz" / "narzedzia"
        for tool in TOOLS.tools:
            labels = [label for block in tool.document.blocks if isinstance(block, Fields) for label, _ in block.items]
            for extension, read in (("odt", odt_headings_and_cells), ("docx", docx_headings_and_cells)):
                headings, cells = read((folder / f"{tool.file_stem}.{extension}").read_bytes())
                assert headings == tool.document.headings(), (variant, tool.slug, extension)
                assert all(label in [row[0] for row in cells] for label in labels), (variant, tool.slug, extension)


def test_line_breaks_in_a_table_cell_stay_line_breaks_in_both_formats():
    document = Document("Tytuł", "", (Fields((("Opis", "pierwsza linia\ndruga  linia"),)),))
    odt = odfdo.Document(io.BytesIO(odt_bytes(document)))
    cell = odt.body.get_tables()[0].get_cell((1, 0))
    assert [p.text_recursive for p in cell.get_paragraphs()] == ["pierwsza linia\ndruga  linia"]
    assert b"<text:line-break/>" in zipfile.ZipFile(io.BytesIO(odt_bytes(document))).read("content.xml")
    word = docx.Document(io.BytesIO(docx_bytes(document)))
    assert word.tables[0].rows[0].cells[1].text == "pierwsza linia\ndruga  linia"


@pytest.mark.parametrize("tool", [tool for tool in TOOLS.tools if tool.number in (7, 19)], ids=lambda tool: tool.slug)
def test_odt_headings_are_not_numbered_and_table_cells_have_borders_to_write_in(tool):
    """Printed from Writer, a form needs visible rows; odfdo's default numbers headings „1.1.”."""
    import re

    with zipfile.ZipFile(io.BytesIO(odt_bytes(tool.document))) as package:
        styles, content = package.read("styles.xml").decode(), package.read("content.xml").decode()
    formats = re.findall(r'<text:outline-level-style [^>]*style:num-format="([^"]*)"', styles)
    assert formats and set(formats) == {""}
    cells = re.findall(r"<table:table-cell\b[^>]*>", content)
    assert cells and all('table:style-name="KoszykKomorka"' in cell for cell in cells)
    assert re.search(r'style:name="KoszykKomorka"><style:table-cell-properties fo:border="0.5pt solid #000000"',
                     content)
