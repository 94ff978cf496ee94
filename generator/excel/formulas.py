"""Finding formula cells in an .xlsx or .ods without loading it whole: sheet name → {(row, column)}."""

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
    if path.suffix.lower() == ".ods":
        return ods_formula_cells(path)
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


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_CELLS = (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")
_MAX_REPEATED_FORMULAS = 1000  # a repeated formula cell is reported this many times at most


def ods_formula_cells(path: Path) -> dict[str, set[tuple[int, int]]]:
    """The same for an .ods: cells with a ``table:formula`` attribute, streamed from content.xml.

    Rows and cells may carry a repeat count (LibreOffice writes a million empty rows as
    one element), so positions are counted, never expanded.
    """
    found: dict[str, set[tuple[int, int]]] = {}
    cells: set[tuple[int, int]] = set()
    row = column = 0
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as stream:
        for event, element in etree.iterparse(stream, events=("start", "end"), resolve_entities=False,
                                              no_network=True, huge_tree=False):
            tag = element.tag
            if event == "start":
                if tag == f"{_TABLE}table":
                    cells = found.setdefault(element.get(f"{_TABLE}name", ""), set())
                    row = 0
                elif tag == f"{_TABLE}table-row":
                    row, column = row + 1, 0
                continue
            if tag in _CELLS:
                repeat = _repeat(element.get(f"{_TABLE}number-columns-repeated"))
                if element.get(f"{_TABLE}formula") is not None:
                    cells.update((row, column + offset + 1) for offset in range(min(repeat, _MAX_REPEATED_FORMULAS)))
                column += repeat
                element.clear()
            elif tag == f"{_TABLE}table-row":
                row += _repeat(element.get(f"{_TABLE}number-rows-repeated")) - 1
                element.clear()
    return found


def _repeat(value: str | None) -> int:
    return int(value) if value and value.isdigit() and int(value) > 0 else 1
