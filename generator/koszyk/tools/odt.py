"""A ``Document`` as an OpenDocument text file (.odt), written with odfdo.

Why odfdo: it is maintained (regular releases, Python 3.9–3.13), pure Python on
top of lxml (already a dependency), writes valid ODF 1.2+ straight from Python
objects without a LibreOffice process, and reads files back, which the tests use.
ODF is the open format Polish public bodies must accept (KRI regulation).
"""

from __future__ import annotations

import io

from odfdo import (Cell, Document as OdfDocument, Header, List, ListItem, Paragraph as OdfParagraph, Row,
                   Table as OdfTable, create_table_cell_style)

from .document import BLANK_LINE, Bullets, Checkboxes, Document, Fields, Heading, Paragraph, Table
from .packaging import reproducible_zip


CELL_STYLE = "KoszykKomorka"


def _plain_headings(odf: OdfDocument) -> None:
    """No chapter numbers before headings: odfdo's default template numbers them „1.”, „1.1.”…"""
    for level in odf.styles.get_elements("//text:outline-level-style"):
        for attribute in ("style:num-format", "style:num-suffix", "loext:num-list-format"):
            if level.get_attribute(attribute) is not None:
                level.del_attribute(attribute)
        level.set_attribute("style:num-format", "")


def odt_bytes(document: Document) -> bytes:
    odf = OdfDocument("text")
    odf.meta.title = document.title
    odf.meta.language = "pl-PL"
    _plain_headings(odf)
    odf.insert_style(create_table_cell_style(border="0.5pt solid #000000", padding="0.1cm"), CELL_STYLE,
                     automatic=True)
    body = odf.body
    body.clear()
    body.append(Header(1, document.title))
    if document.subtitle:
        body.append(OdfParagraph(document.subtitle))
    tables = 0
    for block in document.blocks:
        if isinstance(block, Heading):
            body.append(Header(block.level, block.text))
        elif isinstance(block, Paragraph):
            body.append(OdfParagraph(block.text))
        elif isinstance(block, Bullets):
            items = List()
            for item in block.items:
                items.append(ListItem(item))
            body.append(items)
        elif isinstance(block, Checkboxes):
            body.append(OdfParagraph(block.question))
            for line in block.lines():
                body.append(OdfParagraph(line))
        elif isinstance(block, (Table, Fields)):
            tables += 1
            body.append(_table(block, f"Tabela{tables}"))
    output = io.BytesIO()
    odf.save(output)
    return reproducible_zip(output.getvalue())


def _table(block: Table | Fields, name: str) -> OdfTable:
    if isinstance(block, Fields):
        header, rows = None, [(label, value or BLANK_LINE) for label, value in block.items]
        width = 2
    else:
        header, rows, width = block.columns, block.rows, len(block.columns)
    table = OdfTable(name, width=width)
    table.clear()  # drop the default empty row; rows are appended below
    for cells in ([header] if header else []) + list(rows):
        row = Row()
        for text in cells:
            cell = _cell(text)
            cell.style = CELL_STYLE  # borders: the empty rows are lines to write on by hand
            row.append_cell(cell)
        table.append_row(row)
    return table


def _cell(text: str) -> Cell:
    """A text cell; line breaks and runs of spaces kept, as Writer would otherwise fold them into one space."""
    if not text:
        return Cell()
    cell = Cell(text)
    if "\n" in text or "  " in text or "\t" in text:
        for paragraph in cell.get_paragraphs():
            paragraph.delete()
        cell.append(OdfParagraph(text))
    return cell
