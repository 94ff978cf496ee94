"""Writing files so that a failure never leaves half a file behind."""

from __future__ import annotations

import functools
import os
from pathlib import Path


@functools.lru_cache(maxsize=1)
def new_file_mode() -> int:
    """The mode a plain ``open`` gives a new file, as MkDocs writes the site's: 0666 less the umask
    (``mkstemp`` makes 0600, which a web server running as another user could not read)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(target: Path, write) -> None:
    """Call ``write(temporary path)`` next to ``target``, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        write(temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
