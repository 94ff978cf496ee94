"""When each card last changed, to refuse a workbook exported before that change.

A card committed and unchanged since: the time of its last commit (a checkout
resets file times, commits do not). A card with uncommitted edits, or a basket
outside git: the file's modification time. Each answer says which it used.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

GIT_SECONDS = 30


@dataclass(frozen=True)
class CardAge:
    changed_at: dt.datetime  # aware, UTC
    source: str  # Polish: "ostatni commit" or "czas modyfikacji pliku"


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                              timeout=GIT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _modified(path: Path) -> CardAge:
    return CardAge(dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc), "czas modyfikacji pliku")


def card_ages(paths: list[Path]) -> dict[Path, CardAge]:
    """The last change of each existing card in ``paths`` (all in one folder), with two git calls."""
    paths = [path for path in paths if path.exists()]
    if not paths:
        return {}
    folder = paths[0].parent
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top is None:
        return {path: _modified(path) for path in paths}
    names = [path.name for path in paths]
    dirty = _git(folder, "status", "--porcelain", "--untracked-files=all", "--", *names) or ""
    dirty_names = {Path(line[3:].strip().strip('"')).name for line in dirty.splitlines() if line.strip()}
    ages = {}
    for path in paths:
        if path.name in dirty_names:
            ages[path] = _modified(path)
            continue
        stamp = (_git(folder, "log", "-1", "--format=%ct", "--", path.name) or "").strip()
        ages[path] = (CardAge(dt.datetime.fromtimestamp(int(stamp), dt.timezone.utc), "ostatni commit")
                      if stamp.isdigit() else _modified(path))
    return ages
