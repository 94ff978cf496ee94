"""Streaming the cells of an .ods (LibreOffice's own format) like ``sheets.Package`` does for .xlsx.

The sheets live in one part, ``content.xml``. LibreOffice writes runs of equal cells
or rows once with a repeat count (a million empty rows as one element, two equal
„tak” cells as one), so positions are counted and only cells holding a value are
produced. Formulas are a ``table:formula`` attribute, seen in the same pass. The XML
parser refuses DTDs and entities, as for .xlsx.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from .sheets import MAX_COLUMN, MAX_ROW, Cell, WorkbookError, shown

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_SHEET, _ROW = f"{_TABLE}table", f"{_TABLE}table-row"
_CELLS = (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")
_CONTENT = "content.xml"


def _events(archive: zipfile.ZipFile, events: tuple[str, ...]):
    stream = archive.open(_CONTENT)
    parsed = etree.iterparse(stream, events=events, tag=(_SHEET, _ROW, *_CELLS), resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)
    checked = False
    try:
        for event, element in parsed:
            if not checked:
                if element.getroottree().docinfo.doctype:
                    raise WorkbookError("część XML arkusza zawiera deklarację DOCTYPE; taki plik nie jest przyjmowany")
                checked = True
            yield event, element
    finally:
        stream.close()


def _repeat(element, attribute: str, limit: int) -> int:
    value = element.get(f"{_TABLE}{attribute}", "1")
    return min(int(value), limit) if value.isdigit() and int(value) > 0 else 1


def _paragraph(element) -> str:
    """The text of a ``text:p`` with its spans, links and spacing elements."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{_TEXT}s":
            count = child.get(f"{_TEXT}c", "1")
            parts.append(" " * (min(int(count), 1000) if count.isdigit() else 1))
        elif child.tag == f"{_TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{_TEXT}line-break":
            parts.append("\n")
        elif isinstance(child.tag, str):
            parts.append(_paragraph(child))
        parts.append(child.tail or "")
    return "".join(parts)


@dataclass
class OdsPackage:
    """Sheet names of an .ods and a way to stream each sheet's rows of ``Cell``."""

    archive: zipfile.ZipFile
    sheets: dict[str, int] = field(default_factory=dict)  # name → position

    @classmethod
    def open(cls, archive: zipfile.ZipFile) -> OdsPackage:
        package = cls(archive)
        try:
            for _, element in _events(archive, ("start",)):
                if element.tag == _SHEET:
                    package.sheets.setdefault(element.get(f"{_TABLE}name", ""), len(package.sheets))
        except etree.XMLSyntaxError as error:
            raise WorkbookError(f"uszkodzony XML arkusza (znak {error.position[1]} w wierszu XML "
                                f"{error.position[0]}); otwórz plik i zapisz go ponownie") from None
        return package

    def rows(self, sheet: str) -> Iterator[list[Cell]]:
        """The sheet's non-empty rows in order, each a list of its cells that hold a value."""
        reader = _SheetReader(sheet)
        try:
            yield from reader.rows(self.archive)
        except etree.XMLSyntaxError as error:
            raise WorkbookError(f"uszkodzony XML arkusza od wiersza {min(reader.row + 1, MAX_ROW)} (znak "
                                f"{error.position[1]} w wierszu XML {error.position[0]}); "
                                "otwórz plik i zapisz go ponownie", sheet, min(reader.row + 1, MAX_ROW)) from None


class _SheetReader:
    def __init__(self, sheet: str):
        self.sheet, self.row, self.column = sheet, 0, 0
        self.cells: list[Cell] = []

    def rows(self, archive: zipfile.ZipFile) -> Iterator[list[Cell]]:
        inside = False
        for event, element in _events(archive, ("start", "end")):
            if element.tag == _SHEET:
                if event == "start":
                    inside = element.get(f"{_TABLE}name", "") == self.sheet
                elif inside:
                    return
                continue
            if not inside:
                if event == "end" and element.tag == _ROW:
                    element.clear()
                continue
            if event == "start":
                if element.tag == _ROW:
                    self.row, self.column, self.cells = self.row + 1, 0, []
                continue
            if element.tag in _CELLS:
                self._cell(element)
                continue
            yield from self._row_end(element)

    def _row_end(self, element) -> Iterator[list[Cell]]:
        repeat = _repeat(element, "number-rows-repeated", MAX_ROW)
        if self.row > MAX_ROW:
            raise WorkbookError("wiersz poza zakresem arkusza", self.sheet, MAX_ROW)
        cells = self.cells
        if cells:
            for copy in range(min(repeat, MAX_ROW - self.row + 1)):
                yield [cell._replace(row=self.row + copy) for cell in cells]
        self.row += repeat - 1
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]

    def _cell(self, element) -> None:
        repeat = _repeat(element, "number-columns-repeated", MAX_COLUMN)
        formula = element.get(f"{_TABLE}formula") is not None
        value = self._value(element)
        if value is not None or formula:
            for copy in range(min(repeat, MAX_COLUMN - self.column)):
                self.cells.append(Cell(self.row, self.column + copy + 1, value, formula))
        self.column += repeat
        element.clear()

    def _value(self, element):
        kind = element.get(f"{_OFFICE}value-type")
        where = (self.row, self.column + 1)
        if kind in ("float", "percentage", "currency"):
            raw = element.get(f"{_OFFICE}value", "")
            try:
                number = float(raw)
            except ValueError:
                raise WorkbookError(f"„{shown(raw)}” w komórce liczbowej nie jest liczbą", self.sheet, *where) from None
            if number != number or number in (float("inf"), float("-inf")):
                raise WorkbookError(f"„{shown(raw)}” w komórce liczbowej nie jest liczbą", self.sheet, *where)
            return number
        if kind == "boolean":
            return element.get(f"{_OFFICE}boolean-value", "").strip().lower() == "true"
        if kind == "date":
            raw = element.get(f"{_OFFICE}date-value", "")
            try:
                return dt.datetime.fromisoformat(raw.strip())
            except ValueError:
                raise WorkbookError(f"„{shown(raw)}” nie jest datą", self.sheet, *where) from None
        paragraphs = [_paragraph(p) for p in element.iter(f"{_TEXT}p")]
        text = "\n".join(paragraphs)
        return text if text else None
