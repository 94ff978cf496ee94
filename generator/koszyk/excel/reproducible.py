"""Workbooks whose bytes depend on their data only, so a site built twice from one basket is the same.

openpyxl stamps a workbook with the moment it is saved: the document's creation and
modification times (``docProps/core.xml``) and each ZIP member's date. A site's
workbook says instead when its data last changed (``card_age.basket_changed_at``):
the same basket gives the same file, and a rebuild may reuse it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import BinaryIO

from ..zip_dates import restamped

CORE_PROPERTIES = "docProps/core.xml"
SPLICED_LEVEL = 1
"""zlib level of a sheet with spliced rows (``sheet_rows``): the basket sheet of 30,000 services is
65 MB of XML, which level 6 (zlib's default) packed into 7.3 MB in 0.73 s and level 1 into 9.2 MB
in 0.24 s. The workbook is made again on every build of both variants; the download is rare."""
_STAMP = re.compile(r"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def save_workbook(book, target: Path | BinaryIO, moment: dt.datetime | None, splices: dict | None = None) -> None:
    """``book.save(target)``; with a ``moment``, every time stamp in the file is that moment.

    ``splices`` maps a worksheet of ``book`` to rows to put in it (``sheet_rows.SheetRows``)."""
    if moment is None and not splices:
        book.save(target)
        return
    buffer = io.BytesIO()
    book.save(buffer)
    splices = {sheet.path.lstrip("/"): rows for sheet, rows in (splices or {}).items()}  # named by the save
    if isinstance(target, (str, Path)):
        with Path(target).open("wb") as stream:
            repackage(buffer.getvalue(), moment, splices or {}, stream)
    else:
        repackage(buffer.getvalue(), moment, splices or {}, target)


def repackage(packaged: bytes, moment: dt.datetime | None, splices: dict, target: BinaryIO) -> None:
    """The workbook ``packaged`` copied to ``target``: with a ``moment``, its document times and ZIP
    member dates set to it; each worksheet named in ``splices`` with those rows spliced in."""
    if moment is not None:
        utc = moment.astimezone(dt.timezone.utc)
        stamp = utc.strftime("%Y-%m-%dT%H:%M:%SZ")
        date_time = (max(utc.year, 1980),) + utc.timetuple()[1:6]  # ZIP dates start in 1980
    with zipfile.ZipFile(io.BytesIO(packaged)) as source, zipfile.ZipFile(target, "w") as package:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == CORE_PROPERTIES and moment is not None:
                data = _STAMP.sub(lambda match: match.group(1) + stamp + match.group(2),
                                  data.decode("utf-8")).encode("utf-8")
            member = restamped(info, date_time if moment is not None else info.date_time)
            if info.filename in splices:
                member._compresslevel = SPLICED_LEVEL  # noqa: SLF001 - ZipFile.open(member, "w") reads only this
                with package.open(member, "w") as stream:
                    splices[info.filename].splice(data, stream)
            else:
                package.writestr(member, data)
