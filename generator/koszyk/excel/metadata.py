"""What a basket workbook is: its variant, its basket, the cards it shows and when it was
exported, kept in a hidden sheet.

The import reads it back to decide what the workbook may change: a public workbook never
touches intranet-only data; a card whose data differ from what the workbook showed (its
``card_fingerprint``; without one, a card changed after the export) is refused; a workbook
from another basket is refused whole (its rows would come in as new cards, with that
basket's internal data). These guard against slips, not against a partner who edits the
hidden sheet: ``import-xlsx --partner`` does that. A hidden sheet survives Excel and
LibreOffice (.xlsx and .ods) and both readers see it, unlike custom document properties.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from ..taxonomy import Taxonomy
from ..variants import card_data_for

METADATA_SHEET = "Metadane"
_VARIANT, _EXPORTED, _BASKET, _CARD = "wariant", "wyeksportowano", "koszyk", "karta"
_MOST_ROWS = 200_000  # far above any basket's card count; a hostile sheet is not read on for ever
VARIANTS = ("public", "intranet")


@dataclass(frozen=True)
class WorkbookMetadata:
    variant: str = ""  # "public" or "intranet"; empty for a template or a workbook without metadata
    exported_at: dt.datetime | None = None  # UTC, aware
    basket: str = ""  # the id of the basket (or list) it was made from; empty in workbooks made before it was kept
    basket_row: int = 1  # the hidden sheet's row that holds it
    cards: dict[str, str] = field(default_factory=dict)  # card file name → ``card_fingerprint`` of what it showed

    @property
    def is_public(self) -> bool:
        return self.variant == "public"


def card_fingerprint(card_text: str) -> str:
    """What a workbook remembers of a card it shows: a digest of ``repr`` of the card's data cut to
    the workbook's variant (so a public workbook's digest holds only public data). The import
    compares it with the card as it is now: a change pulled from an older commit, or made in
    the same second as the export, is seen, which the card's time of change missed."""
    return hashlib.sha256(card_text.encode("utf-8")).hexdigest()[:20]


def card_fingerprint_for(data: dict, variant: str, taxonomy: Taxonomy) -> str:
    """``card_fingerprint`` of a card's data (as in the YAML) as a workbook of ``variant`` shows it."""
    return card_fingerprint(repr(card_data_for(data, variant, taxonomy)))


def metadata_rows(variant: str, exported_at: dt.datetime, basket: str = "",
                  cards: dict[str, str] | None = None) -> list[list[str]]:
    """Rows of the hidden sheet; the time is text, so no spreadsheet turns it into a local date."""
    return [
        ["Ten arkusz opisuje skoroszyt; nie zmieniaj go.", ""],
        [_VARIANT, str(variant)],
        [_EXPORTED, exported_at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")],
        *([[_BASKET, basket]] if basket else []),
        *([_CARD, slug, fingerprint] for slug, fingerprint in (cards or {}).items()),
    ]


def hide(sheet) -> None:
    sheet.sheet_state = "hidden"


def read_metadata(package) -> tuple[WorkbookMetadata, str]:
    """The metadata of a workbook package (.xlsx or .ods), and a Polish problem when the sheet is damaged."""
    if METADATA_SHEET not in package.sheets:
        return WorkbookMetadata(), ""
    values, cards, basket_row = {}, {}, 1
    for number, row in enumerate(package.rows(METADATA_SHEET)):
        if number >= _MOST_ROWS:
            break
        cells = {cell.column: cell.value for cell in row}
        key = cells.get(1).strip() if isinstance(cells.get(1), str) else None
        if key == _CARD and isinstance(cells.get(2), str) and isinstance(cells.get(3), str):
            cards[cells[2]] = cells[3]
        elif key and 2 in cells:
            values[key] = cells[2]
            basket_row = number + 1 if key == _BASKET else basket_row
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
    return WorkbookMetadata(variant, exported, str(basket).strip() if basket is not None else "", basket_row, cards), ""
