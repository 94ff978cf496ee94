"""The tools' downloads: each source rendered once into ODT and DOCX, cached by content hash.

Rendering the 21 documents costs about a second; a build of a large basket
should not pay it again when no tool changed, so each file is kept in the build's
cache folder (``<cache_dir>/narzedzia/``) by the hash of its source and of the
renderers' versions. With the cache off nothing is kept; a missing or unwritable
cache only means rendering again. Each file is the same bytes whenever it is
made from the same source (``packaging.reproducible_zip``).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Callable

from ..cache_folder import entry_name
from .catalogue import Tool
from .docx import docx_bytes
from .document import Document
from .odt import odt_bytes

DOWNLOAD_FOLDER = "pobierz/narzedzia"
RENDER_VERSION = "4"  # bump when odt.py or docx.py change what they write
FORMATS: dict[str, Callable[[Document], bytes]] = {"odt": odt_bytes, "docx": docx_bytes}


def _renderers_key() -> str:
    return f"{RENDER_VERSION}-{version('odfdo')}-{version('python-docx')}"


def download_path(tool: Tool, extension: str) -> str:
    return f"{DOWNLOAD_FOLDER}/{tool.file_stem}.{extension}"


def tool_downloads(tools: list[Tool], cache_dir: Path | None) -> dict[str, bytes]:
    """Site path → file content for every tool in every format."""
    key = _renderers_key()
    files = {}
    for tool in tools:
        for extension, render in FORMATS.items():
            digest = entry_name(f"{key}:{tool.digest}:{extension}")[:32]  # keyed: no one else can plant one
            files[download_path(tool, extension)] = _cached(cache_dir, f"{digest}.{extension}",
                                                           lambda: render(tool.document))
    return files


def _cached(cache_dir: Path | None, name: str, make: Callable[[], bytes]) -> bytes:
    path = cache_dir / name if cache_dir else None
    if path is not None and path.is_file():
        return path.read_bytes()
    content = make()
    if path is not None:
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            os.replace(temporary, path)
        except OSError:  # a read-only checkout or a full disk: the build still works, only slower
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
    return content
