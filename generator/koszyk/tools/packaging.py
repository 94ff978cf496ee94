"""Office files that are the same bytes whenever they are made from the same document.

odfdo and python-docx stamp every zip member with the time of saving, so a tool's
download changed on every build that rendered it again: a rebuild was not
byte-identical to the last one, and a mirror of the site saw every download as new.
"""

from __future__ import annotations

import io
import zipfile

from ..zip_dates import EARLIEST, restamped


def reproducible_zip(packaged: bytes) -> bytes:
    """``packaged`` with every member dated ``EARLIEST``; order, names, content and
    compression as they were (an ODF file's uncompressed ``mimetype`` stays first)."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(packaged)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            target.writestr(restamped(info, EARLIEST), source.read(info))
    return output.getvalue()
