"""The task-team protocol (tool 19) as templates the intranet's individual basket fills in the browser.

The chosen services must never leave the social worker's browser, so the server
ships one JSON file, the same for everyone: the parts of an ODT and of a DOCX
(each rendered from tool 19's source like the blank tool, base64) with one marked
row in the basket table and one in the plan table. ``koszyk-strona.js`` fetches it
(a GET without the choice), copies the marked rows for each chosen service in the
one part given as text (content.xml, word/document.xml) and packs the zip again:
that part stored with its CRC-32, every other part copied as it was compressed
here (method, CRC and size kept), so the browser needs no compression library.
Real .odt and .docx open in Word, LibreOffice and Google Docs alike.
"""

from __future__ import annotations

import json
from dataclasses import replace

from .browser_files import zip_parts
from .catalogue import Tool
from .docx import docx_bytes
from .document import Heading, Table
from .odt import odt_bytes

TEMPLATE_PATH = "koszyk/protokol-zzk.json"
BASKET_HEADING, PLAN_HEADING = "Indywidualny koszyk usług", "Indywidualny plan współpracy"
BASKET_MARKERS = ("[[usluga]]", "[[partner]]", "[[warunki]]", "[[kontakt]]")
PLAN_MARKERS = ("[[cel]]", "[[dzialanie]]", "[[kto]]", "[[termin]]")
FORMATS = {
    "odt": ("application/vnd.oasis.opendocument.text", "content.xml", odt_bytes),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word/document.xml",
             docx_bytes),
}


class ProtocolTemplateError(ValueError):
    """Tool 19's source lost a table the browser fills in."""


def protocol_template(tool: Tool) -> bytes:
    """The JSON the browser fills: per format its MIME type, the part to fill, and every part in zip order."""
    blocks = list(tool.document.blocks)
    for heading, markers in ((BASKET_HEADING, BASKET_MARKERS), (PLAN_HEADING, PLAN_MARKERS)):
        index = next((i for i, block in enumerate(blocks) if isinstance(block, Heading) and block.text == heading), None)
        table = blocks[index + 1] if index is not None and index + 1 < len(blocks) else None
        if not isinstance(table, Table) or len(table.columns) != len(markers):
            raise ProtocolTemplateError(
                f"narzędzie 19: po nagłówku „{heading}” musi stać tabela o {len(markers)} kolumnach")
        blocks[index + 1] = replace(table, rows=(markers,))
    document = replace(tool.document, blocks=tuple(blocks))
    templates = {}
    for extension, (mime, fill, render) in FORMATS.items():
        templates[extension] = {"type": mime, "parts": zip_parts(render(document), fill)}
    return json.dumps(templates, ensure_ascii=True).encode("ascii")
