"""Writing files so that a failure never leaves half a file behind.

Every output the CLI writes (reports, workbooks, cards imported from a workbook, copies
of published sources, open data) goes through ``write_all_or_none``: each file is first
written to a new temporary file next to its target, made by ``mkstemp``, and the targets
are replaced only once every file is written. A fixed temporary name such as
``.karta.yml.tmp`` would be written through if someone had left a file or a link there
(a partner's pull request can add one to the basket folder).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import itertools
import os
import signal
import stat
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

Writer = Callable[[Path], None]
TEMPORARY_NAME_PART = 60  # characters of the target's name that start its temporary file's name


@functools.lru_cache(maxsize=1)
def _umask() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def new_file_mode() -> int:
    """The mode a plain ``open`` gives a new file, as MkDocs writes the site's: 0666 less the umask
    (``mkstemp`` makes 0600, which a web server running as another user could not read)."""
    return 0o666 & ~_umask()


def new_folder_mode() -> int:
    """The mode ``os.makedirs`` gives a new folder, as MkDocs makes the site's: 0777 less the umask."""
    return 0o777 & ~_umask()


def write_atomically(target: Path, write: Writer) -> None:
    """Call ``write(temporary path)`` next to ``target``, then rename it into place."""
    write_all_or_none({target: write})


def text_writer(text: str) -> Writer:
    """A writer of ``text`` in UTF-8, for ``write_atomically`` and ``write_all_or_none``."""
    return functools.partial(_write_text, text=text)


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def bytes_writer(content: bytes) -> Writer:
    """A writer of ``content`` as it is."""
    return functools.partial(Path.write_bytes, data=content)


def write_all_or_none(writers: Mapping[Path, Writer]) -> None:
    """Call each ``write(temporary path)``; only once all of them succeeded are the temporary files
    renamed onto their targets. A target that cannot be replaced by a file (a folder, a device such
    as ``/dev/null``, a pipe) is refused before anything is written; a replaced file keeps its mode
    (an intranet export kept at 0600 stays so; through a link, the linked file's). An error names
    the target, never the temporary file.

    Stop signals (Ctrl-C, SIGTERM, SIGHUP) wait while a temporary file is made and while the
    files are renamed: stopped there, a temporary file stayed, or some targets were new and some
    not. Renaming cannot be undone: if a rename fails after others did (rare once the temporary
    files could be written there: another user's file in a sticky folder, an I/O error),
    ``PartlyWritten`` says which targets were replaced."""
    for target in writers:
        _refuse_unreplaceable(target)
    staged: list[tuple[Path, Path]] = []
    try:
        for target, write in writers.items():
            try:
                with signals_held():
                    staged.append((_new_file_beside(target), target))
                temporary = staged[-1][0]
                write(temporary)
                os.chmod(temporary, _mode_for(target))  # after writing: a 0444 file's copy must be written first
            except OSError as error:
                raise _naming(error, target) from None
            except Exception as error:  # noqa: BLE001 - only lxml's write errors are translated
                translated = _lxml_write_error(error, target)
                if translated is None:
                    raise
                raise translated from None
        with signals_held():
            _rename_all(staged)
    finally:
        for temporary, _target in staged:
            temporary.unlink(missing_ok=True)


def _rename_all(staged: list[tuple[Path, Path]]) -> None:
    for number, (temporary, target) in enumerate(staged):
        try:
            os.replace(temporary, target)
        except OSError as error:
            replaced = [str(done) for _temporary, done in staged[:number]]
            raise PartlyWritten(error.errno, error.strerror, str(target), replaced) from None


@contextlib.contextmanager
def signals_held():
    """Ctrl-C, SIGTERM and SIGHUP delivered only after the block (they stop the command then)."""
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class PartlyWritten(OSError):
    """A rename failed after others succeeded: ``replaced`` are the targets already new."""

    def __init__(self, code: int, reason: str, filename: str, replaced: list[str]):
        super().__init__(code, reason, filename)
        self.replaced = replaced


def _refuse_unreplaceable(target: Path) -> None:
    if target.is_dir() and not target.is_symlink():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    if target.exists() and not target.is_file():  # links followed: /dev/stdout leads to a pipe or a terminal
        raise OSError(errno.EINVAL, "to nie jest zwykły plik (urządzenie, potok albo gniazdo), a zapisywany jest "
                                    "zwykły plik; podaj ścieżkę pliku", str(target))


def _naming(error: OSError, target: Path) -> OSError:
    """``error`` about the target when it was about the target's temporary file, or about no file."""
    name = os.fspath(error.filename) if error.filename is not None else None
    temporary = name is not None and os.path.dirname(name) == os.path.abspath(target.parent) \
        and os.path.basename(name).startswith(f".{target.name[:TEMPORARY_NAME_PART]}.") and name.endswith(".tmp")
    if name is None or temporary:
        return OSError(error.errno, error.strerror, str(target))
    return error


_LXML_IO_ERRORS = {"IO_ENOSPC": errno.ENOSPC, "IO_EFBIG": errno.EFBIG, "IO_EIO": errno.EIO,
                   "IO_UNKNOWN": errno.EIO}  # libxml2 names no other cause (a quota, EDQUOT, is IO_UNKNOWN)


def _lxml_write_error(error: Exception, target: Path) -> OSError | None:
    """openpyxl's streaming writer reports a full disk as lxml's ``SerialisationError: IO_ENOSPC``,
    not as an ``OSError``: the same error as any other writer's."""
    code = _LXML_IO_ERRORS.get(str(error))
    if type(error).__name__ != "SerialisationError" or code is None:
        return None
    return OSError(code, os.strerror(code), str(target))


def _new_file_beside(target: Path) -> Path:
    """An empty file next to ``target`` that did not exist before (so never a link someone planted)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # the name's start only: ".<name>.<8 letters>.tmp" would not fit where <name> is near the 255-byte limit
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:TEMPORARY_NAME_PART]}.", suffix=".tmp")
    os.close(handle)
    return Path(name)


_CACHE_FILE_NUMBERS = itertools.count()


def new_cache_file(folder: str) -> tuple[int, str]:
    """A new file (0600, open for writing) in ``folder`` of the cache, the folder made if it is
    missing: an entry is written there, then linked or renamed into place (``pickle_store``,
    ``render_cache``). Named by the process and a counter and made with ``O_EXCL``, so never a
    file or link that stood there; ``mkstemp``, the fallback, draws random names.

    An empty-cache build makes 35,000 to 55,000 entries per variant (voivodeship). Without
    ``mkstemp``'s name drawing and an ``os.makedirs`` per entry that finds the folder there (a
    failed ``mkdir`` and two ``stat`` calls), 10,000 pickles took 0.51 s instead of 0.74 s, and
    10,000 pages stored and linked into the site 1.55 s instead of 1.85 s, against 0.93 s for
    writing them plainly (``python -m bench.cache_store_bench --baseline 6d65a2f``, 2 rounds)."""
    for _attempt in range(3):
        path = os.path.join(folder, f".nowy-{os.getpid()}-{next(_CACHE_FILE_NUMBERS)}")
        try:
            return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600), path
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
        except FileExistsError:  # left by a stopped build whose process number this one has
            continue
    return tempfile.mkstemp(dir=folder, prefix=".nowy-")


def _mode_for(target: Path) -> int:
    """The mode of the file ``target`` names (a link followed: its file's, as an intranet export
    kept private through a link must stay private), else of a plainly written new file."""
    try:
        info = os.stat(target)
    except OSError:
        return new_file_mode()
    return stat.S_IMODE(info.st_mode) & 0o777 if stat.S_ISREG(info.st_mode) else new_file_mode()  # no setuid
