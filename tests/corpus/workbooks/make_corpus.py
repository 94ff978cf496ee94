"""Every hostile workbook of issue 16 (reading side), rebuilt from a valid template.

    python -m tests.corpus.workbooks.make_corpus OUT_DIR   # writes OUT_DIR/<name>.xlsx

The workbooks are generated rather than committed: each is a small edit of the
template that ``koszyk template-xlsx`` makes today, so the corpus follows the
template when its columns change. ``tests/test_fuzz_workbooks.py`` imports every
one and checks the exit code, the message and that nothing was written.
"""

from __future__ import annotations

import random
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.fuzz_workbooks_support import (
    SERVICE_ROW, filled_card, partner_row, read_members, replace_cell, service_letter, sheet_part,
    valid_members, write_members,
)

_REL = ('<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml"/>')
SERVICES, PARTNER = "Usługi", "Partner"


@dataclass(frozen=True)
class Reproducer:
    name: str
    build: Callable[[Path], Path]
    exit_code: int
    fragment: str  # in the message (exit 1) or in the output (exit 0)


def _edited(members: dict[str, bytes], path: Path) -> Path:
    return write_members(path, members)


def _card_cell(address: str, xml: bytes, sheet: str = SERVICES):
    return lambda path: _edited(replace_cell(valid_members("card"), sheet, address, xml), path)


def _sheet_text(edit: Callable[[bytes], bytes], sheet: str = SERVICES):
    def build(path: Path) -> Path:
        members = valid_members("card")
        part = sheet_part(members, sheet)
        return _edited(dict(members, **{part: edit(members[part])}), path)
    return build


def _with_shared_strings(strings_xml: Callable[[zipfile.ZipFile], None], path: Path) -> Path:
    members = replace_cell(valid_members("card"), SERVICES, "B2", b'<c r="B2" t="s"><v>0</v></c>')
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", _REL.encode() + b"</Relationships>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        strings_xml(archive)
    return path


def _shared_string_bomb(megabytes: int) -> Callable[[Path], Path]:
    """Shared strings that inflate ``megabytes`` MB from about 1/130 of that (under the ratio check),
    the first of them the name of the service."""
    def write(archive: zipfile.ZipFile) -> None:
        noise = random.Random(16)
        block = bytearray(b"<si><t>" + b"a" * (1 << 20) + b"</t></si>")
        for index in range(7, len(block) - 9, 90):
            block[index] = noise.randrange(97, 123)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as stream:
            stream.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for _ in range(megabytes):
                stream.write(block)
            stream.write(b"</sst>")
    return lambda path: _with_shared_strings(write, path)


def _openpyxl(edit=None, services=None, partner=None):
    return lambda path: filled_card(path, services=services, partner=partner, edit=edit)


def _set(sheet: str, address: str, value, **style):
    def edit(book):
        book[sheet][address] = value
        for name, setting in style.items():
            setattr(book[sheet][address], name, setting)
    return edit


def _basket_header(old: str, new: str):
    def build(path: Path) -> Path:
        members = valid_members("basket")
        part = sheet_part(members, "Koszyk")
        def encoded(text: str) -> bytes:  # openpyxl writes non-ASCII letters as character references
            return f"<t>{text}</t>".encode("ascii", "xmlcharrefreplace")
        text = members[part].replace(encoded(old), encoded(new), 1)
        assert text != members[part]
        return _edited(dict(members, **{part: text}), path)
    return build


def _basket_without_rows(path: Path) -> Path:
    members = valid_members("basket")
    part = sheet_part(members, "Koszyk")
    head, _, rest = members[part].partition(b'<row r="2"')
    tail = rest[rest.index(b"</sheetData>"):]
    return _edited(dict(members, **{part: head + tail}), path)


_NUMBER = service_letter("Wiek od")
_BOOL_ROW = partner_row("Członek PZK")
REPRODUCERS = (
    Reproducer("truncated-sheet-xml", _sheet_text(lambda xml: xml[: len(xml) // 2]), 1, "uszkodzony XML arkusza"),
    Reproducer("undefined-entity-nbsp", _card_cell("B2", b'<c r="B2" t="inlineStr"><is><t>Klub&nbsp;wsparcia</t></is></c>'),
               1, "uszkodzony XML"),
    Reproducer("doctype-entity", _sheet_text(lambda xml: b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY e "x">]>'
                                             + xml.replace(b"<sheetData>", b"<sheetData>&e;", 1)), 1, "DOCTYPE"),
    Reproducer("billion-laughs", _sheet_text(lambda xml: b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
                                             b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
                                             + xml), 1, "DOCTYPE"),
    Reproducer("number-cell-abc", _card_cell(f"{_NUMBER}2", f'<c r="{_NUMBER}2" t="n"><v>abc</v></c>'.encode()),
               1, f"Usługi!{_NUMBER}2: „abc” w komórce liczbowej nie jest liczbą"),
    Reproducer("shared-string-without-table", _card_cell("B2", b'<c r="B2" t="s"><v>0</v></c>'),
               1, "Usługi!B2: komórka wskazuje tekst wspólny, a skoroszyt nie ma tabeli tekstów"),
    Reproducer("boolean-cell-7", _card_cell(f"B{_BOOL_ROW}", f'<c r="B{_BOOL_ROW}" t="b"><v>7</v></c>'.encode(), PARTNER),
               1, f"Partner!B{_BOOL_ROW}: wartość logiczna „7” nie jest ani 0, ani 1"),
    Reproducer("malformed-formula", _card_cell("C2", b'<c r="C2"><f>SUM(A1:A2)<v>3</v></c>'), 1, "uszkodzony XML arkusza"),
    Reproducer("formula-without-address", _card_cell("C2", b"<c><f>1+1</f><v>2</v></c>"),
               1, "Usługi!C2: komórka zawiera formułę"),
    Reproducer("far-value-XFD1048576", _openpyxl(_set(SERVICES, "XFD1048576", "x")), 1, "Usługi!XFD1048576: wartość poza tabelą"),
    Reproducer("blank-styled-DP1048576", _openpyxl(_set(SERVICES, "DP1048576", " ", number_format="0.00")), 0, "nowa karta"),
    Reproducer("blank-styled-AX1048576", _openpyxl(_set(SERVICES, "AX1048576", " ", number_format="0.00")), 0, "nowa karta"),
    Reproducer("empty-styled-XFD1048576", _openpyxl(_set(SERVICES, "XFD1048576", None, number_format="0.00")), 0,
               "nowa karta"),
    Reproducer("shared-strings-bomb", _shared_string_bomb(120), 1, "po rozpakowaniu miałaby 120 MB (najwyżej 100 MB)"),
    Reproducer("age-from-10-to-3", _openpyxl(services=[dict(SERVICE_ROW, **{"Wiek od": 10, "Wiek do": 3})]),
               1, f"Usługi!{service_letter('Wiek do')}2 · uslugi[1].dostep.wiek.do: wiek „do” (3) jest mniejszy niż wiek „od” (10)"),
    Reproducer("second-service-name-header", _basket_header("Opis", "Nazwa usługi"), 1,
               "kolumna „Nazwa usługi” powtarza się"),
    Reproducer("unknown-header", _basket_header("Opis", "Opis usługi"), 1, "nieznana kolumna „Opis usługi”"),
    Reproducer("true-false-cell", _openpyxl(_set(PARTNER, f"B{_BOOL_ROW}", False)), 0, "nowa karta"),
    Reproducer("empty-services-sheet", _openpyxl(services=[]), 1, "arkusz „Usługi” nie ma żadnej usługi"),
    Reproducer("empty-template", _openpyxl(services=[], partner={}), 1, "karta jest pusta"),
    Reproducer("empty-basket-sheet", _basket_without_rows, 1, "arkusz „Koszyk” nie ma żadnego wiersza z danymi"),
    Reproducer("error-cell", _card_cell("B2", b'<c r="B2" t="e"><v>#N/A</v></c>'), 1, "Usługi!B2: komórka zawiera błąd arkusza #N/A"),
    Reproducer("value-beside-partner-fields", _openpyxl(_set(PARTNER, "F3", "notatka")), 1, "Partner!F3: wartość poza tabelą"),
)


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for reproducer in REPRODUCERS:
        print(reproducer.build(folder / f"{reproducer.name}.xlsx"))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
