"""What a basket workbook is: its variant and when it was exported, kept in a hidden sheet.

The import reads it back to decide what the workbook may change: a public workbook
never touches intranet-only data, and a workbook older than a card's last change
is refused for that card. A hidden sheet survives Excel and LibreOffice (.xlsx and
.ods) and calamine reads it, unlike custom document properties.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

METADATA_SHEET = "Metadane"
_VARIANT, _EXPORTED = "wariant", "wyeksportowano"
VARIANTS = ("public", "intranet")


@dataclass(frozen=True)
class WorkbookMetadata:
    variant: str = ""  # "public" or "intranet"; empty for a template or a workbook without metadata
    exported_at: dt.datetime | None = None  # UTC, aware

    @property
    def is_public(self) -> bool:
        return self.variant == "public"


def metadata_rows(variant: str, exported_at: dt.datetime) -> list[list[str]]:
    """Rows of the hidden sheet; the time is text, so no spreadsheet turns it into a local date."""
    return [
        ["Ten arkusz opisuje skoroszyt; nie zmieniaj go.", ""],
        [_VARIANT, variant],
        [_EXPORTED, exported_at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")],
    ]


def hide(sheet) -> None:
    sheet.sheet_state = "hidden"


def read_metadata(book) -> tuple[WorkbookMetadata, str]:
    """The metadata of a calamine workbook, and a Polish problem when the sheet is damaged."""
    if METADATA_SHEET not in book.sheet_names:
        return WorkbookMetadata(), ""
    values = {}
    for row in book.get_sheet_by_name(METADATA_SHEET).to_python()[:10]:
        if len(row) >= 2 and isinstance(row[0], str):
            values[row[0].strip()] = row[1]
    variant = str(values.get(_VARIANT, "")).strip()
    if variant not in VARIANTS:
        return WorkbookMetadata(), f"arkusz „{METADATA_SHEET}”: nieznany wariant „{variant}”; nie zmieniaj tego arkusza"
    try:
        exported = dt.datetime.fromisoformat(str(values.get(_EXPORTED, "")).strip())
    except ValueError:
        return WorkbookMetadata(variant), f"arkusz „{METADATA_SHEET}”: nieczytelna data eksportu; nie zmieniaj tego arkusza"
    if exported.tzinfo is None:
        exported = exported.replace(tzinfo=dt.timezone.utc)
    return WorkbookMetadata(variant, exported), ""
