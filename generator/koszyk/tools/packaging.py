"""Office files that are the same bytes whenever they are made from the same document.

odfdo and python-docx stamp every zip member with the time of saving, so a tool's
download changed on every build that rendered it again: a rebuild was not
byte-identical to the last one, and a mirror of the site saw every download as new.
"""

from __future__ import annotations

import io
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold


def reproducible_zip(packaged: bytes) -> bytes:
    """``packaged`` with every member's time set to ``FIXED_TIME``; order, names, content and
    compression as they were (an ODF file's uncompressed ``mimetype`` stays first)."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(packaged)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            member.compress_type = info.compress_type
            member.external_attr = info.external_attr
            target.writestr(member, source.read(info))
    return output.getvalue()
