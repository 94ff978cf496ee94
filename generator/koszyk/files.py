"""Writing files so that a failure never leaves half a file behind.

Every output the CLI writes (reports, workbooks, cards imported from a workbook, copies
of published sources, open data) goes through ``write_all_or_none``: each file is first
written to a new temporary file next to its target, made by ``mkstemp``, and the targets
are replaced only once every file is written. A fixed temporary name such as
``.karta.yml.tmp`` would be written through if someone had left a file or a link there
(a partner's pull request can add one to the basket folder).
"""

from __future__ import annotations

import errno
import functools
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

Writer = Callable[[Path], None]


@functools.lru_cache(maxsize=1)
def new_file_mode() -> int:
    """The mode a plain ``open`` gives a new file, as MkDocs writes the site's: 0666 less the umask
    (``mkstemp`` makes 0600, which a web server running as another user could not read)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(target: Path, write: Writer) -> None:
    """Call ``write(temporary path)`` next to ``target``, then rename it into place."""
    write_all_or_none({target: write})


def text_writer(text: str) -> Writer:
    """A writer of ``text`` in UTF-8, for ``write_atomically`` and ``write_all_or_none``."""
    return functools.partial(_write_text, text=text)


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def write_all_or_none(writers: Mapping[Path, Writer]) -> None:
    """Call each ``write(temporary path)``; only once all of them succeeded are the temporary files
    renamed onto their targets. A target whose place a folder takes is refused before anything is
    written: renaming onto it would fail only after earlier targets were replaced."""
    for target in writers:
        if target.is_dir() and not target.is_symlink():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    staged: list[tuple[Path, Path]] = []
    try:
        for target, write in writers.items():
            temporary = _new_file_beside(target)
            staged.append((temporary, target))
            write(temporary)
        for temporary, target in staged:
            os.replace(temporary, target)
    finally:
        for temporary, _target in staged:
            temporary.unlink(missing_ok=True)


def _new_file_beside(target: Path) -> Path:
    """An empty file next to ``target`` that did not exist before (so never a link someone planted),
    with the mode of a plainly written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, new_file_mode())
    except OSError:
        os.close(handle)
        os.unlink(name)
        raise
    os.close(handle)
    return Path(name)
