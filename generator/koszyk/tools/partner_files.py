"""A partner's review workbook (tool 7) on its intranet page, filled in the browser.

``koszyk przeglad`` writes the same workbook from the command line. Writing one
per partner at build time costs ~70 ms a partner (about 3.5 minutes at 30,000
services), so the build ships one empty review workbook (the confirmation sheet,
the basket sheet's header, the data dictionary, the metadata with this build's
time) and each intranet partner page carries its rows as JSON, made by the same
column definitions (``excel.columns``) as every other workbook. ``partner-karta.js``
adds the rows as inline-string cells and packs the zip (``browser_files``). The
workbook then comes back through ``koszyk import-xlsx`` like one from the CLI.
Public pages carry neither the rows nor the button, and the public site has no template.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile

from ..excel.columns import BASKET_SHEET, PARTNER_COLUMNS, SERVICE_COLUMNS, columns_for
from ..excel.writing import card_rows, write_basket_xlsx
from ..taxonomy import Taxonomy
from ..variants import INTRANET
from .browser_files import zip_parts

REVIEW_TEMPLATE = "partnerzy/karta-do-przegladu.json"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def review_rows(slug: str, card: dict, taxonomy: Taxonomy) -> list[list]:
    """The partner's rows of the review workbook: text or whole numbers, None for an empty cell."""
    return card_rows(slug, card, taxonomy, columns_for(INTRANET, PARTNER_COLUMNS), columns_for(INTRANET, SERVICE_COLUMNS))


def review_template(taxonomy: Taxonomy, exported_at: dt.datetime) -> bytes:
    """The empty review workbook as zip parts, the basket sheet's XML as the part to fill."""
    buffer = io.BytesIO()
    write_basket_xlsx([], taxonomy, INTRANET, buffer, exported_at=exported_at, confirmation=True)
    packaged = buffer.getvalue()
    parts = zip_parts(packaged, _sheet_part(packaged, BASKET_SHEET))
    return json.dumps({"xlsx": {"type": XLSX_TYPE, "parts": parts}}, ensure_ascii=True).encode("ascii")


def _sheet_part(packaged: bytes, sheet: str) -> str:
    """The zip member of a sheet, from workbook.xml and its relationships."""
    with zipfile.ZipFile(io.BytesIO(packaged)) as archive:
        workbook = archive.read("xl/workbook.xml").decode("utf-8")
        relations = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    sheet_tag = next(tag for tag in re.findall(r"<sheet [^>]*>", workbook) if f'name="{sheet}"' in tag)
    relation_id = re.search(r'r:id="([^"]+)"', sheet_tag).group(1)
    relation = next(tag for tag in re.findall(r"<Relationship [^>]*>", relations) if f'Id="{relation_id}"' in tag)
    target = re.search(r'Target="([^"]+)"', relation).group(1)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
