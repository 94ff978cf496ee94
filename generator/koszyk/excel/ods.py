"""The card template as an OpenDocument spreadsheet (.ods), LibreOffice's own format.

The template is laid out once, by openpyxl (``writing.write_card_template``); this
module re-expresses that simple workbook in ODF: sheets in order, text and numbers,
column widths, hidden sheets and list dropdowns with their error alerts. Nothing
else (no styles beyond widths, no formulas) is needed or written.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.escape import unescape

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2"'
)
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '</manifest:manifest>'
)
_CELL_RANGE = re.compile(r"^(?:'?(?P<sheet>[^'!]+)'?!)?\$?(?P<c1>[A-Z]+)\$?(?P<r1>\d+):\$?(?P<c2>[A-Z]+)\$?(?P<r2>\d+)$")


def _sheet_ref(name: str) -> str:
    return "$'" + name.replace("'", "''") + "'"


def _odf_range(formula: str, default_sheet: str) -> str:
    """``'Słowniki'!$A$2:$A$9`` → ``[$'Słowniki'.$A$2:.$A$9]`` (ODF formula syntax)."""
    match = _CELL_RANGE.match(formula)
    if not match:
        raise ValueError(f"unsupported list source {formula!r}")
    sheet = _sheet_ref(match["sheet"] or default_sheet)
    return f"[{sheet}.${match['c1']}${match['r1']}:.${match['c2']}${match['r2']}]"


def _cell(value, validation: str | None) -> str:
    attributes = f' table:content-validation-name="{validation}"' if validation else ""
    if value is None:
        return f"<table:table-cell{attributes}/>"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        text = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
        return f'<table:table-cell office:value-type="string"{attributes}>{text}</table:table-cell>'
    return f'<table:table-cell office:value-type="float" office:value="{value}"{attributes}><text:p>{value}</text:p></table:table-cell>'


def _decoded(value):
    """A cell's text as Excel shows it: openpyxl leaves OOXML's ``_xHHHH_`` escapes as they are."""
    return unescape(value) if isinstance(value, str) else value


def xlsx_to_ods(source: Path, target: Path) -> None:
    """Write ``target`` (.ods) with the sheets, values, widths and dropdowns of ``source`` (.xlsx)."""
    book = load_workbook(source)
    validations, styles, tables = [], [], []
    for sheet in book.worksheets:
        by_cell: dict[tuple[int, int], str] = {}
        for number, rule in enumerate(sheet.data_validations.dataValidation):
            if rule.type != "list":
                continue
            name = f"lista-{len(validations) + 1}"
            alert = "true" if rule.showErrorMessage else "false"
            validations.append(
                f'<table:content-validation table:name="{name}" '
                f'table:condition={quoteattr("of:cell-content-is-in-list(" + _odf_range(rule.formula1, sheet.title) + ")")} '
                f'table:allow-empty-cell="true" table:display-list="unsorted">'
                f'<table:error-message table:display="{alert}" table:message-type="stop" '
                f'table:title={quoteattr(rule.errorTitle or "")}><text:p>{escape(rule.error or "")}</text:p>'
                f'</table:error-message></table:content-validation>')
            for area in str(rule.sqref).split():
                low_column, low_row, high_column, high_row = range_boundaries(area)
                for row in range(low_row, high_row + 1):
                    for column in range(low_column, high_column + 1):
                        by_cell[(row, column)] = name
        max_row = max(sheet.max_row, max((row for row, _ in by_cell), default=0))
        max_column = max(sheet.max_column, max((column for _, column in by_cell), default=0))
        columns = []
        for column in range(1, max_column + 1):
            width = sheet.column_dimensions[get_column_letter(column)].width or 13
            style = f"kol-{len(styles) + 1}"
            styles.append(f'<style:style style:name="{style}" style:family="table-column">'
                          f'<style:table-column-properties style:column-width="{width * 0.19:.2f}cm"/></style:style>')
            columns.append(f'<table:table-column table:style-name="{style}"/>')
        rows = []
        for row in range(1, max_row + 1):
            cells = "".join(_cell(_decoded(sheet.cell(row, column).value), by_cell.get((row, column)))
                            for column in range(1, max_column + 1))
            rows.append(f"<table:table-row>{cells}</table:table-row>")
        table_style = "ukryty" if sheet.sheet_state != "visible" else "widoczny"
        tables.append(f'<table:table table:name={quoteattr(sheet.title)} table:style-name="{table_style}">'
                      + "".join(columns) + "".join(rows) + "</table:table>")
    styles += ['<style:style style:name="widoczny" style:family="table"><style:table-properties table:display="true"/></style:style>',
               '<style:style style:name="ukryty" style:family="table"><style:table-properties table:display="false"/></style:style>']
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_NAMESPACES}>'
        f'<office:automatic-styles>{"".join(styles)}</office:automatic-styles>'
        f'<office:body><office:spreadsheet>'
        f'<table:content-validations>{"".join(validations)}</table:content-validations>'
        f'{"".join(tables)}</office:spreadsheet></office:body></office:document-content>'
    )
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE)  # first and uncompressed, as ODF requires
        archive.writestr("META-INF/manifest.xml", _MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
