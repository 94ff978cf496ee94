"""What a basket workbook is: its variant, its basket and when it was exported, kept in a hidden sheet.

The import reads it back to decide what the workbook may change: a public workbook
never touches intranet-only data, a workbook older than a card's last change
is refused for that card, and one from another basket is refused whole (its rows would
come in as new cards, with that basket's internal data). These guard against slips, not
against a partner who edits the hidden sheet: ``import-xlsx --partner`` does that. A hidden sheet survives Excel and LibreOffice (.xlsx and
.ods) and both readers see it, unlike custom document properties.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

METADATA_SHEET = "Metadane"
_VARIANT, _EXPORTED, _BASKET = "wariant", "wyeksportowano", "koszyk"
VARIANTS = ("public", "intranet")


@dataclass(frozen=True)
class WorkbookMetadata:
    variant: str = ""  # "public" or "intranet"; empty for a template or a workbook without metadata
    exported_at: dt.datetime | None = None  # UTC, aware
    basket: str = ""  # the id of the basket (or list) it was made from; empty in workbooks made before it was kept

    @property
    def is_public(self) -> bool:
        return self.variant == "public"


def metadata_rows(variant: str, exported_at: dt.datetime, basket: str = "") -> list[list[str]]:
    """Rows of the hidden sheet; the time is text, so no spreadsheet turns it into a local date."""
    return [
        ["Ten arkusz opisuje skoroszyt; nie zmieniaj go.", ""],
        [_VARIANT, str(variant)],
        [_EXPORTED, exported_at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")],
        *([[_BASKET, basket]] if basket else []),
    ]


def hide(sheet) -> None:
    sheet.sheet_state = "hidden"


def read_metadata(package) -> tuple[WorkbookMetadata, str]:
    """The metadata of a workbook package (.xlsx or .ods), and a Polish problem when the sheet is damaged."""
    if METADATA_SHEET not in package.sheets:
        return WorkbookMetadata(), ""
    values = {}
    for number, row in enumerate(package.rows(METADATA_SHEET)):
        if number >= 10:
            break
        cells = {cell.column: cell.value for cell in row}
        if isinstance(cells.get(1), str) and 2 in cells:
            values[cells[1].strip()] = cells[2]
    variant = str(values.get(_VARIANT, "")).strip()
    if variant not in VARIANTS:
        return WorkbookMetadata(), f"arkusz „{METADATA_SHEET}”: nieznany wariant „{variant}”; nie zmieniaj tego arkusza"
    try:
        exported = dt.datetime.fromisoformat(str(values.get(_EXPORTED, "")).strip())
    except ValueError:
        return WorkbookMetadata(variant), f"arkusz „{METADATA_SHEET}”: nieczytelna data eksportu; nie zmieniaj tego arkusza"
    if exported.tzinfo is None:
        exported = exported.replace(tzinfo=dt.timezone.utc)
    basket = values.get(_BASKET)
    return WorkbookMetadata(variant, exported, str(basket).strip() if basket is not None else ""), ""
