"""Writing files so that a failure never leaves half a file behind."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(target: Path, write) -> None:
    """Call ``write(temporary path)`` next to ``target``, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        write(temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
