"""ZIP members with a chosen date: the one rule the site's office files use to be reproducible.

openpyxl, odfdo and python-docx stamp every member with the moment of saving, so the
workbooks (``excel/reproducible``) and the tools' documents (``tools/packaging``) copy
their members under a date that depends on the data, never on the clock.
"""

from __future__ import annotations

import zipfile

EARLIEST = (1980, 1, 1, 0, 0, 0)  # the earliest date a ZIP member can hold


def restamped(info: zipfile.ZipInfo, date_time: tuple) -> zipfile.ZipInfo:
    """A member like ``info`` (name, compression, file attributes) dated ``date_time``."""
    member = zipfile.ZipInfo(info.filename, date_time=date_time)
    member.compress_type = info.compress_type
    member.external_attr = info.external_attr
    return member
