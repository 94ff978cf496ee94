"""A partner's tools on its intranet page, filled in the browser: the review workbook (tool 7),
the same card as a document view (tool 7, ODT and DOCX, ``card_view``) and the declaration of
joining (tool 8, DOCX and ODT).

``koszyk przeglad`` writes the same workbook from the command line. Writing one
per partner at build time costs ~70 ms a partner (about 3.5 minutes at 30,000
services), so the build ships one empty review workbook (the confirmation sheet,
the basket sheet's header, the data dictionary, the metadata with this build's
time and a marked row for the card's fingerprint) and each intranet partner page carries its
rows and its card's fingerprint (``card_fingerprint``) as JSON, made by the same
column definitions (``excel.columns``) as every other workbook. ``partner-karta.js``
adds the rows as inline-string cells and packs the zip (``browser_files``). The
workbook then comes back through ``koszyk import-xlsx`` like one from the CLI.
The declaration works the same way: one DOCX and one ODT made with markers
(``[[nazwa]]``…) and the page's values, from the partner's public data only, as
``koszyk deklaracje`` writes it. The card's view is filled from the workbook's
cells the page already carries (nothing more per page), by the rows ``card_view``
declares. Public pages carry neither the data nor the buttons, and the public
site has no template.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile

from ..excel.columns import BASKET_SHEET, PARTNER_COLUMNS, SERVICE_COLUMNS, columns_for
from ..excel.metadata import METADATA_SHEET
from ..excel.writing import card_rows, write_basket_xlsx
from ..model import Partner
from .card_view import card_view, markers, name_row, view_rows
from ..taxonomy import Taxonomy
from ..variants import INTRANET
from .browser_files import zip_parts
from .document import BLANK_LINE, CHECKED, UNCHECKED, Document
from .declaration import ROLE_CHOICES, declaration
from .protocol import FORMATS

PARTNER_TEMPLATES = "partnerzy/wzory-dokumentow.json"
MARKERS = {"name": "[[nazwa]]", "address": "[[adres]]", "type": "[[typ]]", "service": "[[usluga]]"}
CARD_MARKS = {"card": "[[karta]]", "fingerprint": "[[odcisk]]"}  # the Metadane row the page fills
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def review_rows(slug: str, card: dict, taxonomy: Taxonomy) -> dict:
    """The partner's rows of the review workbook, compact for the page: the partner's cells once,
    then each service's cells (text or whole numbers, None for an empty cell, trailing empties cut).
    The browser puts the partner's cells in front of each service's, as the workbook writer does."""
    partner_columns = columns_for(INTRANET, PARTNER_COLUMNS)
    rows = card_rows(slug, card, taxonomy, partner_columns, columns_for(INTRANET, SERVICE_COLUMNS))
    width = len(partner_columns)
    return {"partner": rows[0][:width], "services": [_trimmed(row[width:]) for row in rows]}


def listed_card(card: dict, partner: Partner) -> dict:
    """The card with only the services the partner's page lists (withdrawn ones stay out of the page)."""
    listed = {service.id for service in partner.services}
    return dict(card, uslugi=[service for service in card.get("uslugi") or [] if service.get("id") in listed])


def card_view_document(slug: str, card: dict, partner: Partner, taxonomy: Taxonomy, basket_name: str) -> Document:
    """Tool 7's view of the card as ``koszyk przeglad`` writes it; the page's is the same from the same cells."""
    rows = review_rows(slug, listed_card(card, partner), taxonomy)
    return card_view(rows["partner"], rows["services"], view_rows(taxonomy), basket_name)


def _trimmed(cells: list) -> list:
    while cells and cells[-1] is None:
        cells = cells[:-1]
    return cells


def declaration_values(partner: Partner, taxonomy: Taxonomy) -> dict:
    """What the page gives the declaration template: text for each marker (a checked box for the
    partner's role), and the names of its services. ``partner`` is cut to the public variant."""
    replace = {MARKERS["name"]: partner.name, MARKERS["address"]: partner.address.one_line(),
               MARKERS["type"]: taxonomy.partner_types.label(partner.type)}
    for key, label in ROLE_CHOICES:
        if partner.role == key:
            replace[f"{UNCHECKED} {label}"] = f"{CHECKED} {label}"
    return {"replace": replace, "services": [service.name for service in partner.services]}


def partner_templates(taxonomy: Taxonomy, basket_name: str, exported_at: dt.datetime, basket_id: str) -> bytes:
    """The empty review workbook (its basket sheet's XML to fill) and the declaration with markers."""
    buffer = io.BytesIO()
    write_basket_xlsx([], taxonomy, INTRANET, buffer, exported_at=exported_at, confirmation=True, basket=basket_id,
                      fingerprints={CARD_MARKS["card"]: CARD_MARKS["fingerprint"]})
    packaged = buffer.getvalue()
    filled = (_sheet_part(packaged, BASKET_SHEET), _sheet_part(packaged, METADATA_SHEET))
    templates: dict = {"xlsx": {"type": XLSX_TYPE, "parts": zip_parts(packaged, filled)}, "card_marks": CARD_MARKS}
    document = declaration(MARKERS["name"], MARKERS["address"], MARKERS["type"], "", (MARKERS["service"],), basket_name)
    templates["declaration"] = {extension: {"type": mime, "parts": zip_parts(render(document), fill)}
                                for extension, (mime, fill, render) in FORMATS.items()}
    rows = view_rows(taxonomy)
    view = card_view(markers("partner", rows["partner"]), [markers("service", rows["service"])], rows, basket_name)
    templates["view"] = {extension: {"type": mime, "parts": zip_parts(render(view), fill)}
                         for extension, (mime, fill, render) in FORMATS.items()}
    templates["view_rows"] = {kind: [row.as_json() for row in kind_rows] for kind, kind_rows in rows.items()}
    templates["view_section"] = f"[[u:{name_row(rows['service'], 'service')}]]"
    templates["blank"] = BLANK_LINE
    return json.dumps(templates, ensure_ascii=True).encode("ascii")


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
