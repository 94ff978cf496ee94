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

CORE_PROPERTIES = "docProps/core.xml"
_STAMP = re.compile(r"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def save_workbook(book, target: Path | BinaryIO, moment: dt.datetime | None) -> None:
    """``book.save(target)``; with a ``moment``, every time stamp in the file is that moment."""
    if moment is None:
        book.save(target)
        return
    buffer = io.BytesIO()
    book.save(buffer)
    data = settle(buffer.getvalue(), moment)
    if isinstance(target, (str, Path)):
        Path(target).write_bytes(data)
    else:
        target.write(data)


def settle(packaged: bytes, moment: dt.datetime) -> bytes:
    """The workbook ``packaged`` with its document times and ZIP member dates set to ``moment``."""
    utc = moment.astimezone(dt.timezone.utc)
    stamp = utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    date_time = (max(utc.year, 1980),) + utc.timetuple()[1:6]  # ZIP dates start in 1980
    settled = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(packaged)) as source, zipfile.ZipFile(settled, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == CORE_PROPERTIES:
                data = _STAMP.sub(lambda match: match.group(1) + stamp + match.group(2),
                                  data.decode("utf-8")).encode("utf-8")
            member = zipfile.ZipInfo(info.filename, date_time=date_time)
            member.external_attr = info.external_attr
            target.writestr(member, data, compress_type=info.compress_type)
    return settled.getvalue()
