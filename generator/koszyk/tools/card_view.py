"""Tool 7 as a document view of a partner's current card (ODT and DOCX), for the yearly review.

The partner reads its card as a document and marks what changed, rather than
retyping it; the review workbook (same data, same columns) is what goes back
through ``koszyk import-xlsx``. The view is made from the workbook's own cells
(``excel.writing.card_rows`` over ``excel.columns`` for the intranet), so the
document, the workbook and ``koszyk przeglad`` show every field with the same
header and the same labels the intranet shows: one row per column, the
criteria's kind and condition joined, a schema default (status „oferowana”…)
written out where the card leaves the field empty, an empty field as a line to
fill. The view is intranet-only: it goes to the partner itself.

Where it is made. ``koszyk przeglad`` renders it with odfdo and python-docx.
The intranet partner page fills it in the browser instead, like the declaration
(``partner_files``): rendering an ODT and a DOCX per partner costs 0.36 CPU-s
(``bench/partner_tools_bench.py --python-views 30``: ~1,070 CPU-s for the 3,000
partners of a 30,000-service basket, many times the +5 % a build may grow), while
the page already carries the workbook's cells, so the view costs the build one
template (~0.1 CPU-s) and no byte per page. The build renders the view once with
markers (``[[p:N]]`` in the partner's rows, one service section, heading and
table, with ``[[u:N]]``) and ships it with ``view_rows``, the rule by which
``partner-karta.js`` turns cells into the rows' values; ``view_value`` below is
the same rule in Python, and a browser test compares the two documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..excel.cells import to_cell
from ..excel.columns import PARTNER_COLUMNS, SERVICE_COLUMNS, Column, columns_for
from ..taxonomy import Taxonomy
from ..variants import INTRANET
from .document import Document, Fields, Heading, Paragraph

TITLE = "Narzędzie 7. Karta usług partnera"
GROUP_JOIN, CELL_JOIN = "; ", ": "
NEW_SERVICE = "Nowa usługa (do dopisania)"
CRITERIA_LABEL = "Kryteria dostępu (rodzaj: warunek)"
# XML 1.0 cannot hold these; the validator refuses them in cards, the view replaces them all the same
# (partner-karta.js applies the same pattern to what it writes).
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class ViewRow:
    """One row of the view: its label and where its value comes from.

    ``groups`` are indexes into the workbook row's cells; a group's non-empty
    cells are joined by ": " (a criterion's kind and condition), the non-empty
    groups by "; ". ``default`` stands in when every cell is empty."""

    label: str
    groups: tuple[tuple[int, ...], ...]
    default: str = ""

    def as_json(self) -> list:
        return [self.label, [list(group) for group in self.groups], self.default]


def _default(column: Column, taxonomy: Taxonomy) -> str:
    """The label of the schema's default for a one-key field (status, reach, visibility, role, PZK member)."""
    if len(column.path) != 1 or column.record is None or column.path[0] not in column.record.fields_by_key:
        return ""
    default = column.record.field(column.path[0]).default
    if default is None or isinstance(default, list):
        return ""
    value = to_cell(column, {column.path[0]: default}, taxonomy)
    return "" if value is None else str(value)


def _rows(columns: tuple[Column, ...], taxonomy: Taxonomy) -> tuple[ViewRow, ...]:
    rows: list[ViewRow] = []
    criteria: list[tuple[int, ...]] = []
    for index, column in enumerate(columns):
        if column.kind == "clear" or str(column.path[0]).startswith("_"):
            continue  # "Usuń pola…" and the file name are the workbook's instructions, not the card's data
        if column.path[:2] == ("dostep", "kryteria"):
            if not criteria:
                rows.append(ViewRow(CRITERIA_LABEL, ()))  # placeholder, filled when all criteria are seen
            if column.path[3] == "rodzaj":
                criteria.append((index,))
            else:
                criteria[-1] += (index,)
            continue
        rows.append(ViewRow(column.header, ((index,),), _default(column, taxonomy)))
    return tuple(ViewRow(row.label, tuple(criteria), row.default) if row.label == CRITERIA_LABEL else row
                 for row in rows)


def view_rows(taxonomy: Taxonomy) -> dict[str, tuple[ViewRow, ...]]:
    """The partner's and a service's rows, over the intranet workbook's partner and service columns."""
    return {kind: _rows(columns(kind), taxonomy) for kind in ("partner", "service")}


def view_text(value) -> str:
    """A cell as the document's text: trimmed, line breaks as "\\n", characters XML cannot hold as U+FFFD."""
    text = "" if value is None else str(value)
    return NOT_IN_XML.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n")).strip(" \n\t")


def view_value(row: ViewRow, cells: list) -> str:
    def cell(index: int) -> str:
        return view_text(cells[index]) if index < len(cells) else ""

    groups = [CELL_JOIN.join(text for text in map(cell, group) if text) for group in row.groups]
    return GROUP_JOIN.join(group for group in groups if group) or row.default


def name_row(rows: tuple[ViewRow, ...], kind: str) -> int:
    """The row holding the partner's or the service's name (the document's subtitle, a section's heading)."""
    return next(number for number, row in enumerate(rows) if row.groups and columns(kind)[row.groups[0][0]].path == ("nazwa",))


def columns(kind: str) -> tuple[Column, ...]:
    return columns_for(INTRANET, PARTNER_COLUMNS if kind == "partner" else SERVICE_COLUMNS)


def card_view(partner_cells: list, services_cells: list[list], rows: dict[str, tuple[ViewRow, ...]],
              basket_name: str) -> Document:
    """The view for these cells (the partner's once, each service's), or with markers for the browser."""
    def fields(kind: str, cells: list) -> Fields:
        return Fields(tuple((row.label, view_value(row, cells)) for row in rows[kind]))

    service_name = rows["service"][name_row(rows["service"], "service")]
    sections = []
    for cells in (cells for cells in services_cells if any(cell not in (None, "") for cell in cells)):
        sections += [Heading(view_value(service_name, cells), 3), fields("service", cells)]
    partner_name = view_value(rows["partner"][name_row(rows["partner"], "partner")], partner_cells)
    return Document(TITLE, partner_name, (
        Paragraph(f"Dane karty z lokalnego koszyka usług „{view_text(basket_name)}”. Przeczytaj je i zaznacz, "
                  "co się zmieniło; poprawki wpisz w arkuszu karty, który przychodzi razem z tym dokumentem, "
                  "albo w tym dokumencie. Wykropkowane pola są w karcie puste."),
        Heading("Partner"),
        fields("partner", partner_cells),
        Heading("Usługi"),
        *sections,
        Heading(NEW_SERVICE, 3),
        fields("service", []),
    ))


def markers(kind: str, rows: tuple[ViewRow, ...]) -> list:
    """Cells that make each row's value its marker: row N of the partner shows ``[[p:N]]``."""
    letter = "p" if kind == "partner" else "u"
    width = max((i for row in rows for group in row.groups for i in group), default=-1) + 1
    cells: list = [None] * width
    for number, row in enumerate(rows):
        cells[row.groups[0][0]] = f"[[{letter}:{number}]]"  # the first cell carries the marker, the rest stay empty
    return cells
