"""Finding formula cells in an .xlsx without loading it whole: sheet name → {(row, column)}."""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree
from openpyxl.utils.cell import coordinate_to_tuple

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part inside the archive."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    workbook = etree.fromstring(archive.read("xl/workbook.xml"), parser)
    relations = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), parser)
    targets = {rel.get("Id"): rel.get("Target") for rel in relations.iter(f"{_PACKAGE_REL}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return parts


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formula(archive: zipfile.ZipFile, part: str) -> bool:
    """A quick scan of the raw XML: most workbooks have no formula, and then no parse is needed."""
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-8:]
    return False


def formula_cells(path: Path) -> dict[str, set[tuple[int, int]]]:
    found: dict[str, set[tuple[int, int]]] = {}
    with zipfile.ZipFile(path) as archive:
        for name, part in _sheet_parts(archive).items():
            cells = found.setdefault(name, set())
            if not _has_formula(archive, part):
                continue
            with archive.open(part) as stream:
                for _, element in etree.iterparse(stream, tag=f"{_MAIN}c", resolve_entities=False, no_network=True):
                    if element.find(f"{_MAIN}f") is not None:
                        cells.add(coordinate_to_tuple(element.get("r")))
                    element.clear()
    return found
