"""Values kept between builds as pickles, one file each, for ``card_cache`` and ``partner_outputs``.

An entry is written to a temporary file and renamed, so it is never half-written; one
that cannot be read (missing, truncated, from another Python) counts as missing. Loading
a pickle runs code, so an entry's name is keyed with the user's cache secret
(``cache_folder.entry_name``): only this user's builds can have written a file there.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from pathlib import Path

from .cache_folder import entry_name
from .files import new_cache_file

MISSING = object()


def entry_path(folder: Path | str, key: str) -> str:
    """Where the value kept under ``key`` lies: named by ``cache_folder.entry_name``, which no one
    without the user's cache secret can compute, so no one else can plant an entry.

    A plain string: a 30,000-service rebuild asks for 90,000 entries, and building ``Path``
    objects for them took longer than reading them (cProfile)."""
    name = entry_name(key)
    return os.path.join(folder, name[:2], f"{name}.pickle")


def load(entry: Path | str):
    """The value kept in ``entry``, or ``MISSING``."""
    try:
        with open(entry, "rb") as stream:
            return pickle.load(stream)
    except Exception:  # noqa: BLE001 - any entry that cannot be read is made again
        return MISSING


def store(entry: Path | str, value) -> None:
    """Keep ``value``; a cache that cannot be written only makes the next build do the work again."""
    try:
        handle, temporary = new_cache_file(os.path.dirname(entry))
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, entry)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
    except (OSError, pickle.PicklingError):
        pass
