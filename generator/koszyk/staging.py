"""Temporary folders that may hold intranet data: where they are made, and who removes them.

The plugin writes every output that is not a page to a staging folder before MkDocs
copies it (``KoszykPlugin._new_staging``); on the intranet variant that includes
``koszyk/uslugi.json`` with internal contacts. ``koszyk build`` gives its variant
workers one folder to make theirs in (``building.build_site``). Every such folder is
made by ``new_folder`` and named after the process that owns it, ``koszyk-<pid>-…``.

How a build ends, and what removes its folder:

- it works, or fails with an error: the plugin's ``on_post_build`` or ``on_build_error``;
- an error inside ``on_config``: ``on_config`` itself, as MkDocs calls no later hook;
- Ctrl-C, ``SIGTERM`` or ``SIGHUP`` (``building.stop_on_hangup_and_term``): ``build_variant``'s
  ``finally`` under ``koszyk build``; in a plain ``mkdocs build`` or ``serve``, which run no
  hook then, the exit hook here;
- a worker of ``koszyk build`` killed (``SIGKILL``, out of memory): ``build_site``'s
  ``finally`` removes the workers' whole folder;
- the main process of ``koszyk build`` killed: its workers see their parent gone and stop as
  on Ctrl-C (``building``), removing their own staging; the workers' empty folder, or
  anything a process killed outright left, goes with the next build on this machine
  (``sweep_abandoned``): a folder whose owner process no longer runs.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
from pathlib import Path

_OWNED = re.compile(r"koszyk-(\d+)-")
_LIVE: set[Path] = set()  # paths alone: ``mkdocs serve`` makes a new plugin (and basket) per rebuild


def new_folder() -> Path:
    """A new folder (0700) in the temp dir, owned by this process until ``remove``, and removed
    when Python exits if no one did it sooner. Folders of builds that are gone are swept first."""
    sweep_abandoned(Path(tempfile.gettempdir()))
    path = Path(tempfile.mkdtemp(prefix=f"koszyk-{os.getpid()}-"))
    _LIVE.add(path)
    return path


def remove(path: Path) -> None:
    _LIVE.discard(path)
    shutil.rmtree(path, ignore_errors=True)


def sweep_abandoned(folder: Path) -> list[Path]:
    """Remove this user's ``koszyk-<pid>-…`` folders in ``folder`` whose process no longer runs;
    the removed paths. A pid that was reused keeps its folder until a later sweep. Only on POSIX,
    where ``kill(pid, 0)`` asks without sending anything."""
    if os.name != "posix":
        return []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    swept = []
    for entry in entries:
        owner = _OWNED.match(entry.name)
        if owner is None or _runs(int(owner[1])):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_uid != os.geteuid():
                continue
        except OSError:
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        swept.append(Path(entry.path))
    return swept


def _runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):  # another user's process; a number too large to ask about
        return True
    return True


@atexit.register
def _remove_live() -> None:
    for path in list(_LIVE):
        remove(path)
