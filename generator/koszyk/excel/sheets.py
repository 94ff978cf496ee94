"""Streaming the cells of an .xlsx, one row at a time, straight from its XML.

Why not a ready reader: calamine and openpyxl build the sheet's whole rectangle,
so a single cell at ``XFD1048576`` (or a blank, styled one) asks for gigabytes,
and their errors (a bad number, a truncated part) name no cell. Here only the
cells present in the XML exist, every value is converted by its type with a
Polish message at its address, formulas are seen in the same pass, and the XML
parser refuses DTDs and entities (no ``<!DOCTYPE``, no ``&nbsp;``).
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, NamedTuple

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.escape import unescape
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

from .safety import MAX_DESCRIPTION_BYTES, MAX_SHARED_STRINGS_BYTES

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384  # Excel's own limits
_ADDRESS = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
_ROW, _C, _V, _F, _IS, _T = (f"{MAIN}{tag}" for tag in ("row", "c", "v", "f", "is", "t"))


class WorkbookError(Exception):
    """A workbook that cannot be read, with the sheet and cell when they are known."""

    def __init__(self, message: str, sheet: str = "", row: int = 0, column: int = 0):
        super().__init__(message)
        self.message, self.sheet, self.row, self.column = message, sheet, row, column

    @property
    def where(self) -> str:
        if self.sheet and self.row and self.column:
            return f"{self.sheet}!{get_column_letter(self.column)}{self.row}"
        if self.sheet and self.row:
            return f"{self.sheet}!{self.row}:{self.row}"
        return self.sheet


def shown(text: str, limit: int = 40) -> str:
    """Untrusted text for a one-line message: shortened, control and invisible characters as ``?``."""
    short = text[:limit] + ("…" if len(text) > limit else "")
    return "".join(char if char.isprintable() else "?" for char in short)


class Cell(NamedTuple):
    row: int
    column: int
    value: object  # str, float, int, bool, date or None
    formula: bool


def _parse_events(stream: IO[bytes], tags: tuple[str, ...]):
    """``end`` events for ``tags``; a DOCTYPE is refused before its first element is used."""
    events = etree.iterparse(stream, events=("start", "end"), tag=tags, resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)
    checked = False
    for event, element in events:
        if not checked:
            if element.getroottree().docinfo.doctype:
                raise WorkbookError("część XML skoroszytu zawiera deklarację DOCTYPE; taki plik nie jest przyjmowany")
            checked = True
        if event == "end":
            yield element


def _check_size(archive: zipfile.ZipFile, part: str, cap: int) -> None:
    """Whatever its name, a part that is held in memory whole has its own, smaller cap."""
    if archive.getinfo(part).file_size > cap:
        raise WorkbookError(f"część „{shown(part, 80)}” po rozpakowaniu przekracza {cap // (1024 * 1024)} MB; odrzucono")


def _parse_whole(archive: zipfile.ZipFile, part: str):
    _check_size(archive, part, MAX_DESCRIPTION_BYTES)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    with archive.open(part) as stream:
        root = etree.parse(stream, parser)
    if root.docinfo.doctype:
        raise WorkbookError("część XML skoroszytu zawiera deklarację DOCTYPE; taki plik nie jest przyjmowany")
    return root.getroot()


def _text(element) -> str:
    """The text of a string item (``<si>`` or ``<is>``): its runs, without phonetic hints (``<rPh>``),
    with OOXML's ``_xHHHH_`` escapes decoded: Excel saves a carriage return pasted into a cell as
    ``_x000D_``, and a typed ``_x000D_`` as ``_x005F_x000D_`` (``sheet_rows`` writes them so too)."""
    if len(element) == 1 and element[0].tag == _T:  # plain text, the common case
        return unescape(element[0].text or "")
    parts = []
    for node in element.iter(_T):
        if node.getparent().tag != f"{MAIN}rPh":
            parts.append(node.text or "")
    return unescape("".join(parts))


@functools.lru_cache(maxsize=None)
def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


@dataclass
class Package:
    """The parts of an .xlsx the reader needs: sheets by name, shared strings and date styles."""

    archive: zipfile.ZipFile
    sheets: dict[str, str] = field(default_factory=dict)  # name → part
    shared_strings: list[str] | None = None
    date_styles: frozenset[int] = frozenset()
    date1904: bool = False

    @classmethod
    def open(cls, archive: zipfile.ZipFile) -> Package:
        try:
            return cls._open(archive)
        except etree.XMLSyntaxError as error:
            raise WorkbookError(f"uszkodzony XML w opisie skoroszytu (znak {error.position[1]} w wierszu XML "
                                f"{error.position[0]}); otwórz skoroszyt i zapisz go ponownie") from None

    @classmethod
    def _open(cls, archive: zipfile.ZipFile) -> Package:
        package = cls(archive)
        names = set(archive.namelist())
        workbook = _parse_whole(archive, "xl/workbook.xml")
        rels = "xl/_rels/workbook.xml.rels"
        relations = _parse_whole(archive, rels) if rels in names else None
        targets = {} if relations is None else {
            rel.get("Id"): rel.get("Target") or "" for rel in relations.iter(f"{_PACKAGE_REL}Relationship")}
        for sheet in workbook.iter(f"{MAIN}sheet"):
            target = targets.get(sheet.get(f"{_REL}id"), "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            if sheet.get("name") and part in names:
                package.sheets[sheet.get("name")] = part
        properties = workbook.find(f"{MAIN}workbookPr")
        package.date1904 = properties is not None and properties.get("date1904", "0").lower() in ("1", "true")
        strings_part = _related_part(targets, "sharedStrings", names)
        if strings_part:
            _check_size(archive, strings_part, MAX_SHARED_STRINGS_BYTES)
            with archive.open(strings_part) as stream:
                package.shared_strings = [_text(item) for item in _cleared(_parse_events(stream, (f"{MAIN}si",)))]
        styles_part = _related_part(targets, "styles", names)
        if styles_part:
            _check_size(archive, styles_part, MAX_DESCRIPTION_BYTES)
            package.date_styles = _date_styles(_parse_whole(archive, styles_part))
        return package

    def rows(self, sheet: str) -> Iterator[list[Cell]]:
        """The sheet's non-empty rows in order, each a list of its cells that hold a value."""
        reader = _SheetReader(self, sheet)
        try:
            with self.archive.open(self.sheets[sheet]) as stream:
                yield from reader.rows(stream)
        except WorkbookError as error:
            error.sheet = error.sheet or sheet
            raise
        except etree.XMLSyntaxError as error:
            row = min(reader.last_row + 1, MAX_ROW)
            raise WorkbookError(f"uszkodzony XML arkusza od wiersza {row} (znak {error.position[1]} w wierszu XML "
                                f"{error.position[0]}: plik ucięty, nieznana encja typu &nbsp; lub błędny znacznik); "
                                "otwórz skoroszyt i zapisz go ponownie", sheet, row) from None


def _is_number(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts ``²`` and other digits ``int`` refuses."""
    return text.isascii() and text.isdigit() and len(text) < 12


def _cleared(elements):
    """Each element, then forgotten with the siblings before it: memory stays at one row."""
    for element in elements:
        yield element
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]


def _related_part(targets: dict[str, str], kind: str, names: set[str]) -> str | None:
    for target in targets.values():
        if target.rsplit("/", 1)[-1].lower().startswith(kind.lower()):
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            if part in names:
                return part
    fallback = f"xl/{kind}.xml"
    return fallback if fallback in names else None


def _date_styles(styles) -> frozenset[int]:
    """Indexes of cell formats that show numbers as dates (Excel stores a date as a day count)."""
    formats = dict(BUILTIN_FORMATS)
    for number_format in styles.iter(f"{MAIN}numFmt"):
        try:
            formats[int(number_format.get("numFmtId", ""))] = number_format.get("formatCode") or ""
        except ValueError:
            continue
    cell_formats = styles.find(f"{MAIN}cellXfs")
    found = set()
    for index, xf in enumerate(cell_formats if cell_formats is not None else ()):
        try:
            code = formats.get(int(xf.get("numFmtId", "0")), "")
        except ValueError:
            continue
        if code and is_date_format(code):
            found.add(index)
    return frozenset(found)


class _SheetReader:
    def __init__(self, package: Package, sheet: str):
        self.package, self.sheet = package, sheet
        self.last_row = 0  # the last row read whole, for a message about damaged XML after it

    def error(self, message: str, row: int = 0, column: int = 0) -> WorkbookError:
        return WorkbookError(message, self.sheet, row, column)

    def rows(self, stream: IO[bytes]) -> Iterator[list[Cell]]:
        row_number = 0
        for row in _cleared(_parse_events(stream, (_ROW,))):
            row_number = self._row_number(row, row_number)
            row_text = str(row_number)
            cells, column = [], 0
            for element in row:
                if element.tag != _C:
                    continue
                column = self._column(element, row_number, row_text, column)
                if len(element):  # a styled cell without a value has no children
                    cell = self._cell(element, row_number, column)
                    if cell.value is not None or cell.formula:
                        cells.append(cell)
            self.last_row = row_number
            if cells:
                yield cells

    def _row_number(self, row, previous: int) -> int:
        given = row.get("r")
        if given is None:
            number = previous + 1
        elif _is_number(given):
            number = int(given)
        else:
            raise self.error(f"wiersz ma błędny numer „{shown(given)}”", previous + 1)
        if not previous < number <= MAX_ROW:
            raise self.error(f"wiersz {number} jest poza kolejnością lub poza zakresem arkusza", previous + 1)
        return number

    def _column(self, element, row: int, row_text: str, previous: int) -> int:
        address = element.get("r")
        if address is None:
            column = previous + 1
        else:
            match = _ADDRESS.fullmatch(address)
            if not match or match.group(2) != row_text:
                raise self.error(f"komórka ma błędny adres „{shown(address)}”", row, previous + 1)
            column = _column_number(match.group(1))
        if not previous < column <= MAX_COLUMN:
            raise self.error("komórki wiersza są poza kolejnością lub poza zakresem arkusza", row, previous + 1)
        return column

    def _cell(self, element, row: int, column: int) -> Cell:
        formula, raw, inline = False, None, None
        for child in element:  # one pass over <f>, <v> and <is>
            tag = child.tag
            if tag == _V:
                raw = child.text
            elif tag == _F:
                formula = True
            elif tag == _IS:
                inline = child
        kind = element.get("t", "n")
        if kind == "inlineStr":
            return Cell(row, column, _text(inline) if inline is not None else None, formula)
        if raw is None or (raw == "" and kind != "str"):
            return Cell(row, column, None, formula)
        return Cell(row, column, self._typed(kind, raw, element, row, column), formula)

    def _typed(self, kind: str, raw: str, element, row: int, column: int):
        if kind == "n":
            return self._number(raw, element, row, column)
        if kind == "s":
            strings = self.package.shared_strings
            if strings is None:
                raise self.error("komórka wskazuje tekst wspólny, a skoroszyt nie ma tabeli tekstów", row, column)
            if not _is_number(raw.strip()) or int(raw) >= len(strings):
                raise self.error(f"komórka wskazuje nieistniejący tekst wspólny nr „{shown(raw)}”", row, column)
            return strings[int(raw)]
        if kind == "str":
            return raw
        if kind == "b":
            if raw.strip() not in ("0", "1"):
                raise self.error(f"wartość logiczna „{shown(raw)}” nie jest ani 0, ani 1", row, column)
            return raw.strip() == "1"
        if kind == "e":
            raise self.error(f"komórka zawiera błąd arkusza {shown(raw)}; wpisz wartość", row, column)
        if kind == "d":
            try:
                return dt.datetime.fromisoformat(raw.strip())
            except ValueError:
                raise self.error(f"„{shown(raw)}” nie jest datą", row, column) from None
        raise self.error(f"nieznany typ komórki „{shown(kind)}”", row, column)

    def _number(self, raw: str, element, row: int, column: int):
        try:
            number = float(raw)
        except ValueError:
            raise self.error(f"„{shown(raw)}” w komórce liczbowej nie jest liczbą", row, column) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise self.error(f"„{shown(raw)}” w komórce liczbowej nie jest liczbą", row, column)
        style = element.get("s", "0")
        if _is_number(style) and int(style) in self.package.date_styles:
            return self._date(number, row, column)
        return number

    def _date(self, serial: float, row: int, column: int):
        try:
            return from_excel(serial, MAC_EPOCH if self.package.date1904 else WINDOWS_EPOCH)
        except (OverflowError, ValueError):
            raise self.error("data poza zakresem", row, column) from None
