"""The task-team protocol (tool 19) as a template the intranet's individual basket fills in the browser.

The chosen services must never leave the social worker's browser, so the server
only ships a flat ODT (``.fodt``, one XML file: no zip library needed in the
browser) with one marked row in the basket table and one in the plan table.
``koszyk-strona.js`` fetches this same file for everyone (a GET without the
choice), copies the marked rows for each chosen service and offers the result
as a download. Flat ODT opens in LibreOffice and converts to DOCX or PDF there;
it is the open format, as with the other tools.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

from lxml import etree

from .catalogue import Tool
from .document import Heading, Table
from .odt import odt_bytes

TEMPLATE_PATH = "koszyk/protokol-zzk.fodt"
BASKET_HEADING, PLAN_HEADING = "Indywidualny koszyk usług", "Indywidualny plan współpracy"
BASKET_MARKERS = ("[[usluga]]", "[[partner]]", "[[warunki]]", "[[kontakt]]")
PLAN_MARKERS = ("[[cel]]", "[[dzialanie]]", "[[kto]]", "[[termin]]")


class ProtocolTemplateError(ValueError):
    """Tool 19's source lost a table the browser fills in."""


def protocol_template(tool: Tool) -> bytes:
    blocks = list(tool.document.blocks)
    for heading, markers in ((BASKET_HEADING, BASKET_MARKERS), (PLAN_HEADING, PLAN_MARKERS)):
        index = next((i for i, block in enumerate(blocks) if isinstance(block, Heading) and block.text == heading), None)
        table = blocks[index + 1] if index is not None and index + 1 < len(blocks) else None
        if not isinstance(table, Table) or len(table.columns) != len(markers):
            raise ProtocolTemplateError(
                f"narzędzie 19: po nagłówku „{heading}” musi stać tabela o {len(markers)} kolumnach")
        blocks[index + 1] = replace(table, rows=(markers,))
    return flat_odt(odt_bytes(replace(tool.document, blocks=tuple(blocks))))


OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ORDER = ("meta", "settings", "scripts", "font-face-decls", "styles", "automatic-styles", "master-styles", "body")


def flat_odt(packaged: bytes) -> bytes:
    """A zipped ODT as one ``office:document`` (ODF 1.2 §2.2.2), each section once and in order.

    odfdo's own "xml" packaging (experimental) repeats the font and automatic style
    sections of content.xml and styles.xml, which LibreOffice refuses to open.
    """
    with zipfile.ZipFile(io.BytesIO(packaged)) as archive:
        parts = [etree.fromstring(archive.read(name)) for name in ("meta.xml", "settings.xml", "styles.xml", "content.xml")
                 if name in archive.namelist()]
    namespaces = {prefix: uri for part in parts for prefix, uri in part.nsmap.items() if prefix}
    root = etree.Element(f"{{{OFFICE}}}document", nsmap=namespaces)
    root.set(f"{{{OFFICE}}}version", parts[-1].get(f"{{{OFFICE}}}version", "1.2"))
    root.set(f"{{{OFFICE}}}mimetype", "application/vnd.oasis.opendocument.text")
    for section in _ORDER:
        found = [child for part in parts for child in part if child.tag == f"{{{OFFICE}}}{section}"]
        if not found:
            continue
        merged = found[0]
        for extra in found[1:]:  # e.g. automatic styles of styles.xml (page layout) and of content.xml
            merged.extend(list(extra))
        root.append(merged)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
