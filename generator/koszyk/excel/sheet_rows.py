"""The basket sheet's data rows, written as XML text and spliced into the sheet openpyxl wrote.

openpyxl turns every cell into an lxml element: at 30,000 services (814,000 cells) that
was 27 of the 38 s the basket workbook cost in a profiled public build. The data rows
are plain values with no style, so they are written here as text: each string an inline
string (``t="inlineStr"``, never a formula, whatever it starts with), each number a number,
every cell with its address. openpyxl still writes everything else (the header, widths,
the frozen panes, the filter, the dropdowns, the other sheets); ``splice`` puts the rows at
the end of the sheet's ``sheetData`` while the package is copied (``reproducible.repackage``).

Rows go to a temporary file as they are made, so 30,000 rows never sit in memory as text.
Characters XML cannot hold raise openpyxl's own ``IllegalCharacterError``, as openpyxl would;
cards that passed validation never carry them.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Iterable
from typing import IO, Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

ROW_MARK = "\x00"  # never in a cell: XML cannot hold it, and ``_cell`` refuses it (``ILLEGAL_CHARACTERS_RE``)
SPILL_BYTES = 8 * 1024 * 1024  # rows kept in memory up to this size, then in a temporary file
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_LOOKS_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)")  # text that a reader would take for an OOXML escape


class SheetRows:
    """Rows numbered from ``first_row``; ``add`` a row of values, then ``splice`` them into a sheet."""

    def __init__(self, first_row: int, columns: int):
        self.next_row = first_row
        self.count = 0
        self._letters = [get_column_letter(index) for index in range(1, columns + 1)]
        self._text: IO[str] = tempfile.SpooledTemporaryFile(SPILL_BYTES, mode="w+", encoding="utf-8")

    def add(self, values: list[Any]) -> None:
        self.add_template(self.template(values))

    def extend(self, rows: Iterable[list[Any]]) -> None:
        for values in rows:
            self.add(values)

    def template(self, values: list[Any]) -> str:
        """A row's XML with ``ROW_MARK`` where its number goes: a card's rows can be kept
        between builds (``partner_outputs``) and numbered wherever they land."""
        cells = "".join(_cell(f"{letter}{ROW_MARK}", value)
                        for letter, value in zip(self._letters, values) if value is not None)
        return f'<row r="{ROW_MARK}">{cells}</row>'

    def add_template(self, template: str) -> None:
        self._text.write(template.replace(ROW_MARK, str(self.next_row)))
        self.next_row += 1
        self.count += 1

    def splice(self, sheet_xml: bytes, into) -> None:
        """Write ``sheet_xml`` to the stream ``into`` with the rows at the end of its ``sheetData``."""
        head, closing, tail = sheet_xml.rpartition(b"</sheetData>")
        if not closing:
            raise ValueError("arkusz bez sekcji sheetData: nie ma gdzie wstawić wierszy")
        into.write(head)
        self._text.seek(0)
        while chunk := self._text.read(1 << 20):
            into.write(chunk.encode("utf-8"))
        into.write(closing + tail)

    def close(self) -> None:
        self._text.close()


def _cell(address: str, value: Any) -> str:
    if isinstance(value, bool):
        return f'<c r="{address}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{address}" t="n"><v>{value!r}</v></c>'
    text = value.isoformat() if isinstance(value, (dt.date, dt.time)) else str(value)
    if ILLEGAL_CHARACTERS_RE.search(text):
        raise IllegalCharacterError(f"{text!r} cannot be used in worksheets.")
    space = ' xml:space="preserve"' if text != text.strip() else ""  # else a reader may trim it
    if "_x" in text:  # kept as typed: ``_x005F_`` is OOXML's escaped underscore (``sheets._text``)
        text = _LOOKS_ESCAPED.sub(r"_x005F_\1", text)
    return f'<c r="{address}" t="inlineStr"><is><t{space}>{text.translate(_ESCAPES)}</t></is></c>'
