"""Templates for files the intranet fills in the browser (tool 19 protocol, a partner's review workbook).

A file is shipped as its zip parts: the one part the browser fills as text, every
other part as the bytes it was compressed to here, with its method, CRC-32 and
size, so ``assets/zip.js`` can pack the zip again without a compression library.
"""

from __future__ import annotations

import base64
import io
import struct
import zipfile


def zip_parts(packaged: bytes, fill: str | tuple[str, ...]) -> list[dict]:
    """Each member of the zip ``packaged`` in order: those named in ``fill`` as text, the others as
    their compressed bytes."""
    filled = {fill} if isinstance(fill, str) else set(fill)
    parts = []
    with zipfile.ZipFile(io.BytesIO(packaged)) as archive:
        for info in archive.infolist():
            if info.filename in filled:
                parts.append({"name": info.filename, "text": archive.read(info).decode("utf-8")})
                continue
            name_length, extra_length = struct.unpack("<HH", packaged[info.header_offset + 26:info.header_offset + 30])
            start = info.header_offset + 30 + name_length + extra_length
            parts.append({"name": info.filename, "method": info.compress_type, "crc": info.CRC, "size": info.file_size,
                          "data": base64.b64encode(packaged[start:start + info.compress_size]).decode("ascii")})
    return parts
