"""A ``Document`` as a Word file (.docx), written with python-docx.

Why python-docx: the reference library for DOCX in Python (maintained since
2013, one release line, only lxml as a dependency), it builds a file from code
with headings, lists and tables in Word's own styles, so the document opens with
a navigable outline, and it reads files back for the tests. docxtpl would need a
hand-made Word template per tool; our tools are generated from YAML instead.
"""

from __future__ import annotations

import io

import docx

from .document import BLANK_LINE, Bullets, Checkboxes, Document, Fields, Heading, Paragraph, Table
from .packaging import reproducible_zip


def docx_bytes(document: Document) -> bytes:
    word = docx.Document()
    word.core_properties.title = document.title
    word.core_properties.language = "pl-PL"
    word.core_properties.author = "koszyk"
    word.add_heading(document.title, level=1)
    if document.subtitle:
        word.add_paragraph(document.subtitle)
    for block in document.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            word.add_paragraph(block.text)
        elif isinstance(block, Bullets):
            for item in block.items:
                word.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Checkboxes):
            word.add_paragraph(block.question)
            for line in block.lines():
                word.add_paragraph(line)
        elif isinstance(block, Fields):
            _table(word, None, [(label, value or BLANK_LINE) for label, value in block.items], 2)
        elif isinstance(block, Table):
            _table(word, block.columns, block.rows, len(block.columns))
    output = io.BytesIO()
    word.save(output)
    return reproducible_zip(output.getvalue())


def _table(word, header, rows, width: int) -> None:
    table = word.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for index, cells in enumerate(([header] if header else []) + list(rows)):
        row = table.add_row().cells
        for cell, text in zip(row, cells):
            cell.text = text
            if header and index == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
