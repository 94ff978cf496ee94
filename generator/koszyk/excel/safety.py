"""Refusing workbooks that are not what they claim, before openpyxl opens them.

An .xlsx or .ods is a zip archive: a macro workbook carries ``xl/vbaProject.bin``
(or ``Basic/`` and ``Scripts/`` in LibreOffice's .ods), and a zip bomb expands to
far more than its size. Both are refused with a message.

Sizes are checked on the sizes the archive declares, before anything is inflated;
``zipfile`` never inflates a member past its declared size (it stops there and the
checksum fails), so the caps hold for a lying archive too. A 30,000-service basket
exported by ``koszyk export-xlsx`` has a 77 MB sheet.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 600 * 1024 * 1024
MAX_MEMBER_BYTES = 256 * 1024 * 1024  # one part (a sheet) unpacked
MAX_SHARED_STRINGS_BYTES = 100 * 1024 * 1024  # the shared strings are held in memory whole
MAX_DESCRIPTION_BYTES = 16 * 1024 * 1024  # workbook.xml, its relationships, styles: parsed whole
_DESCRIPTION_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml")
MAX_RATIO = 200  # compressed-to-unpacked, for members over 1 MB
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def is_ods(path: Path) -> bool:
    return path.suffix.lower() == ".ods"


def _package_problem(archive: zipfile.ZipFile, names: set[str], ods: bool) -> str | None:
    """Why the archive is not a plain workbook of its kind, or None."""
    if ods:
        if "content.xml" not in names or "mimetype" not in names or archive.getinfo("mimetype").file_size > 100 \
                or archive.read("mimetype").strip() != ODS_MIMETYPE:
            return "to archiwum zip, ale nie arkusz .ods (LibreOffice Calc)"
        if any(name.startswith(("Basic/", "Scripts/")) for name in names):
            return "arkusz zawiera makra; zapisz go jako zwykły plik .ods lub .xlsx bez makr"
        return None
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        return "to archiwum zip, ale nie skoroszyt .xlsx"
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return "skoroszyt zawiera makra; zapisz go jako zwykły plik .xlsx bez makr"
    return None
MAX_MEMBERS = 10_000


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
            packaged = _package_problem(archive, names, is_ods(path))
            if packaged:
                return packaged
            return _size_problem(members)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return f"plik {path.suffix.lower() or '.xlsx'} jest uszkodzony"


def _shown(name: str) -> str:
    return "".join(char if char.isprintable() else "?" for char in name[:80])


def _cap(name: str) -> int:
    if name.lower().endswith("sharedstrings.xml"):
        return MAX_SHARED_STRINGS_BYTES
    if name in _DESCRIPTION_PARTS or name.lower().endswith("styles.xml"):
        return MAX_DESCRIPTION_BYTES
    return MAX_MEMBER_BYTES


def _size_problem(members: list[zipfile.ZipInfo]) -> str | None:
    bomb = "plik po rozpakowaniu byłby podejrzanie duży (tzw. bomba zip); odrzucono"
    if len(members) > MAX_MEMBERS or sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        return bomb
    for member in members:
        cap = _cap(member.filename)
        if member.file_size > cap:
            megabytes = member.file_size // (1024 * 1024)
            return (f"część „{_shown(member.filename)}” po rozpakowaniu miałaby {megabytes} MB "
                    f"(najwyżej {cap // (1024 * 1024)} MB); odrzucono")
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            return bomb
    return None
