"""Refusing workbooks that are not what they claim, before openpyxl opens them.

An .xlsx or .ods is a zip archive: a macro workbook carries ``xl/vbaProject.bin``
(or ``Basic/`` and ``Scripts/`` in LibreOffice's .ods), and a zip bomb expands to
far more than its size. Both are refused with a message.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 600 * 1024 * 1024
MAX_RATIO = 200  # compressed-to-unpacked, for members over 1 MB
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def is_ods(path: Path) -> bool:
    return path.suffix.lower() == ".ods"


def _package_problem(archive: zipfile.ZipFile, names: set[str], ods: bool) -> str | None:
    """Why the archive is not a plain workbook of its kind, or None."""
    if ods:
        if "content.xml" not in names or "mimetype" not in names or archive.read("mimetype").strip() != ODS_MIMETYPE:
            return "to archiwum zip, ale nie arkusz .ods (LibreOffice Calc)"
        if any(name.startswith(("Basic/", "Scripts/")) for name in names):
            return "arkusz zawiera makra; zapisz go jako zwykły plik .ods lub .xlsx bez makr"
        return None
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        return "to archiwum zip, ale nie skoroszyt .xlsx"
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return "skoroszyt zawiera makra; zapisz go jako zwykły plik .xlsx bez makr"
    return None


def workbook_problem(path: Path) -> str | None:
    """Why ``path`` cannot be imported, in Polish, or None when it looks like a plain .xlsx."""
    if not path.is_file():
        return "nie ma takiego pliku"
    if path.suffix.lower() in (".xlsm", ".xltm", ".xlsb"):
        return "skoroszyt z makrami nie jest przyjmowany; zapisz go jako zwykły plik .xlsx"
    if path.stat().st_size > MAX_FILE_BYTES:
        return f"plik ma ponad {MAX_FILE_BYTES // (1024 * 1024)} MB; to za dużo jak na kartę lub koszyk"
    if not zipfile.is_zipfile(path):
        if path.suffix.lower() == ".xls":
            return "to stary format .xls; otwórz plik i zapisz go jako .xlsx"
        return "to nie jest plik .xlsx ani .ods (skoroszyt Excel/LibreOffice)"
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            unpacked = sum(member.file_size for member in members)
            if unpacked > MAX_UNPACKED_BYTES or any(
                member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1)
                for member in members
            ):
                return "plik po rozpakowaniu byłby podejrzanie duży (tzw. bomba zip); odrzucono"
            packaged = _package_problem(archive, names, is_ods(path))
            if packaged:
                return packaged
    except zipfile.BadZipFile:
        return f"plik {path.suffix.lower() or '.xlsx'} jest uszkodzony"
    return None
