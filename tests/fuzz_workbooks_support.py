"""Workbooks to break: a valid filled card and a valid basket export as zip members, and
the checks every hostile import must pass (message format, exit code, nothing written).

Mutations work on the raw parts (``dict[str, bytes]``), so an example costs a zip
write and an import, not an openpyxl round trip.
"""

from __future__ import annotations

import functools
import hashlib
import re
import shutil
import tempfile
import time
import tracemalloc
import zipfile
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from koszyk.cli import main
from koszyk.excel.columns import PARTNER_COLUMNS, SERVICE_COLUMNS
from koszyk.excel.writing import write_card_template
from koszyk.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NOTHING_WRITTEN = "Nic nie zapisano: popraw arkusz i zaimportuj ponownie."
SERVICE_ROW = {"ID usługi": "klub-wsparcia", "Nazwa usługi": "Klub wsparcia", "Opis": "Spotkania raz w tygodniu.",
               "Obszary": "Kultura; Edukacja i wychowanie", "Grupy docelowe": "Seniorzy",
               "Tryb dostępu": "Selektywny", "Kryterium 1: rodzaj": "Wiek", "Kryterium 1: warunek": "od 60 lat",
               "Wiek od": 60, "Wiek do": 99, "Odpłatność": "Bezpłatna"}
PARTNER_VALUES = {"Nazwa partnera": "Fundacja Pod Dębem", "Typ partnera": "Organizacja pozarządowa",
                  "Członek PZK": "tak", "Telefon": "+48 00 123 45 67", "Ostatnia weryfikacja": "2026-10-01"}
SERVICE_HEADERS = [column.header for column in SERVICE_COLUMNS]
PARTNER_HEADERS = [column.header for column in PARTNER_COLUMNS]


def service_letter(header: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(1 + SERVICE_HEADERS.index(header))


def partner_row(header: str) -> int:
    return 2 + PARTNER_HEADERS.index(header)


def filled_card(path: Path, services: list[dict] | None = None, partner: dict | None = None, edit=None) -> Path:
    """The blank template filled with one partner and ``services``; ``edit(book)`` may change it further."""
    write_card_template(load_taxonomy(), path)
    book = load_workbook(path)
    sheet = book["Partner"]
    for header, value in (PARTNER_VALUES if partner is None else partner).items():
        sheet.cell(row=partner_row(header), column=2, value=value)
    services_sheet = book["Usługi"]
    for row, service in enumerate([SERVICE_ROW] if services is None else services, start=2):
        for header, value in service.items():
            services_sheet.cell(row=row, column=1 + SERVICE_HEADERS.index(header), value=value)
    if edit:
        edit(book)
    book.save(path)
    return path


def read_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_members(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def sheet_part(members: dict[str, bytes], name: str) -> str:
    """The zip member holding sheet ``name`` (from workbook.xml and its relationships)."""
    workbook = members["xl/workbook.xml"].decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(name)}"[^>]*r:id="([^"]+)"', workbook).group(1)
    rels = members["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or \
        re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    target = target.group(1)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def replace_cell(members: dict[str, bytes], sheet: str, address: str, cell_xml: bytes) -> dict[str, bytes]:
    """A copy of ``members`` with the cell at ``address`` (which must exist) replaced by ``cell_xml``."""
    part = sheet_part(members, sheet)
    pattern = re.compile(rb'<c r="' + address.encode() + rb'"(?:[^>]*/>|[^>]*>.*?</c>)', re.S)
    text, count = pattern.subn(lambda _: cell_xml, members[part], count=1)
    assert count == 1, f"{sheet}!{address} not in {part}"
    return dict(members, **{part: text})


@functools.lru_cache(maxsize=None)
def _cached_members(kind: str) -> tuple[tuple[str, bytes], ...]:
    folder = Path(tempfile.mkdtemp(prefix="koszyk-fuzz-"))
    try:
        if kind == "card":
            path = filled_card(folder / "karta.xlsx")
        else:
            path = folder / "koszyk.xlsx"
            result = CliRunner().invoke(main, ["export-xlsx", "--basket", str(ROOT / "baskets" / "wzorowo"),
                                               "--variant", "intranet", "-o", str(path), "--today", TODAY])
            assert result.exit_code == 0, result.output
        return tuple(read_members(path).items())
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def valid_members(kind: str) -> dict[str, bytes]:
    """``card``: a filled partner template; ``basket``: a basket exported by ``koszyk export-xlsx``."""
    return dict(_cached_members(kind))


def small_basket(root: Path) -> Path:
    """A basket with one valid card to import into: wzorowo's own id, as the export the workbooks are
    made from is wzorowo's (a workbook from another basket is refused before its cells are read)."""
    basket = root / "koszyk"
    (basket / "partnerzy").mkdir(parents=True)
    (basket / "basket.yml").write_text("id: wzorowo\nnazwa: Koszyk testowy\n", encoding="utf-8")
    shutil.copy(ROOT / "baskets" / "wzorowo" / "partnerzy" / sorted(
        p.name for p in (ROOT / "baskets" / "wzorowo" / "partnerzy").glob("*.yml"))[0], basket / "partnerzy")
    return basket


def snapshot(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@dataclass
class ImportRun:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    peak_bytes: int


def run_import(workbook: Path, basket: Path, *, measure_memory: bool = False) -> ImportRun:
    """``koszyk import-xlsx`` in this process (CliRunner), timed, optionally with tracemalloc's peak."""
    if measure_memory:
        tracemalloc.start()
    start = time.perf_counter()
    try:
        result = CliRunner().invoke(main, ["import-xlsx", str(workbook), "--basket", str(basket), "--today", TODAY])
    finally:
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] if measure_memory else 0
        if measure_memory:
            tracemalloc.stop()
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback for {workbook.name}") from result.exception
    return ImportRun(result.exit_code, result.stdout, result.stderr, seconds, peak)


_PROBLEM_LINE = re.compile(r"^(?P<path>[^\n]+?):(?P<line>[1-9][0-9]*):(?P<column>[1-9][0-9]*): (?P<rest>.+)$")


def check_outcome(run: ImportRun, workbook: Path, before: dict[str, str], basket: Path) -> None:
    """What every import must do, whatever the workbook: the contract the fuzz tests hold it to."""
    assert run.exit_code in (0, 1), (run.exit_code, run.stderr)
    assert "Traceback" not in run.stdout + run.stderr
    lines = run.stderr.splitlines()
    for line in lines:
        if line == NOTHING_WRITTEN:
            continue
        match = _PROBLEM_LINE.match(line)
        assert match, f"not a problem line: {line!r}"
        assert match.group("path").endswith(workbook.name), line
        assert not re.search(r"[A-Za-z]+Error\b|Exception|NoneType|\bself\b", match.group("rest")), line
    if run.exit_code == 1:
        assert lines and lines[-1] == NOTHING_WRITTEN, run.stderr
        assert snapshot(basket) == before, "files changed although the import failed"
    else:
        assert not any(": ostrzeżenie: " not in line for line in lines), run.stderr
