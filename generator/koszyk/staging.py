"""Temporary folders that may hold intranet data: where they are made, and who removes them.

The plugin writes every output that is not a page to a staging folder before MkDocs
copies it (``KoszykPlugin._new_staging``); on the intranet variant that includes
``koszyk/uslugi.json`` with internal contacts. ``koszyk build`` gives its variant
workers one folder to make theirs in (``building.build_site``). Every such folder is
made by ``new_folder``: ``koszyk-staging-…`` in the temp dir, holding a lock file that
its process keeps locked (``flock``) until the folder is removed, or until the process
ends, however it ends: the system lets go of a dead process's locks.

How a build ends, and what removes its folder:

- it works, or fails with an error: the plugin's ``on_post_build`` or ``on_build_error``;
- stopped inside ``on_config`` (Ctrl-C), or ``on_config`` called by a program other than
  MkDocs' ``build``, where no ``on_build_error`` comes: ``on_config`` itself;
- Ctrl-C, ``SIGTERM`` or ``SIGHUP`` (``stopping.stop_on_hangup_and_term``): ``build_variant``'s
  ``finally`` under ``koszyk build``; in a plain ``mkdocs build`` or ``serve``, which run no
  hook then, the exit hook here;
- a worker of ``koszyk build`` killed (``SIGKILL``, out of memory): ``build_site``'s
  ``finally`` removes the workers' whole folder;
- the main process of a two-variant ``koszyk build`` killed: its workers see their parent
  gone and stop as on Ctrl-C (``building``), removing their own staging folders;
- any process killed outright (``kill -9``) with its folder still there, e.g. a one-variant
  ``koszyk build`` or a plain ``mkdocs build``: the next build by the same user with the same
  temp dir (``sweep_abandoned``), as the folder's lock is free.
"""

from __future__ import annotations

import atexit
import fcntl
import os
import re
import shutil
import tempfile
from pathlib import Path

PREFIX = "koszyk-staging-"
LOCK = ".koszyk-zajety"
_NAME = re.compile(re.escape(PREFIX) + r"[a-z0-9_]{8}")  # as ``tempfile.mkdtemp`` names it
_LIVE: dict[Path, int] = {}  # folder → its locked file (a path, not a plugin: ``mkdocs serve`` makes one per rebuild)


def new_folder() -> Path:
    """A new folder (0700) in the temp dir, locked by this process until ``remove``, and removed
    when Python exits if no one did it sooner. Abandoned folders are swept first.

    The folder is made under a name the sweep never takes (``.koszyk-nowy-…``) and renamed only
    once its lock is held, so no sweep can find it unlocked while its process runs."""
    sweep_abandoned(Path(tempfile.gettempdir()))
    for _attempt in range(100):
        made = Path(tempfile.mkdtemp(prefix=".koszyk-nowy-"))
        path = made.with_name(PREFIX + made.name.removeprefix(".koszyk-nowy-"))
        try:
            lock = _locked_file(made / LOCK)
        except BaseException:
            shutil.rmtree(made, ignore_errors=True)
            raise
        try:
            os.rename(made, path)
        except OSError:  # a folder of that name stands there (another user's, or not empty): another name
            if lock >= 0:
                os.close(lock)
            shutil.rmtree(made, ignore_errors=True)
            continue
        _LIVE[path] = lock
        return path
    raise FileExistsError(f"nie udało się założyć folderu roboczego w {tempfile.gettempdir()}")


def _locked_file(path: Path) -> int:
    """A new file, locked; -1 where the file system has no locks (the folder is then never swept)."""
    lock = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(lock)
        os.unlink(path)
        return -1
    return lock


def remove(path: Path) -> None:
    lock = _LIVE.pop(path, -1)
    shutil.rmtree(path, ignore_errors=True)
    if lock >= 0:
        os.close(lock)


def sweep_abandoned(folder: Path) -> list[Path]:
    """Remove the folders ``new_folder`` made in ``folder`` whose lock no process holds; the
    removed paths. A folder is taken for one only if its whole name is ``PREFIX`` with
    ``mkdtemp``'s eight characters, it is this user's own folder, not a link, and its lock
    file is there: anything else is left alone."""
    try:
        entries = [entry for entry in os.scandir(folder) if _NAME.fullmatch(entry.name)]
    except OSError:
        return []
    return [Path(entry.path) for entry in entries if Path(entry.path) not in _LIVE and _remove_if_abandoned(entry)]


def _remove_if_abandoned(entry: os.DirEntry) -> bool:
    try:
        if not entry.is_dir(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_uid != os.geteuid():
            return False
        lock = os.open(os.path.join(entry.path, LOCK), os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # held: its process runs
        return False
    else:
        shutil.rmtree(entry.path, ignore_errors=True)  # with the lock held: no new owner can come
        return True
    finally:
        os.close(lock)


@atexit.register
def _remove_live() -> None:
    for path in list(_LIVE):
        remove(path)
