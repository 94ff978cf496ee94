"""When each card last changed, to refuse a workbook exported before that change.

A card committed and unchanged since: the time of its last commit (a checkout
resets file times, commits do not). A card with uncommitted edits, or a basket
outside git: the file's modification time. Each answer says which it used.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..validation import cards_in

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


def basket_changed_at(folders: list[Path]) -> dt.datetime:
    """When the cards in ``folders`` last changed, never earlier than any ``card_ages`` answer:
    the newest file time of a card, or the newest commit touching a folder (a card edited,
    then committed), one git call per repository. A workbook the site offers records this as
    its export time: it holds every change up to then, and the import refuses it for a card
    changed later. Without any card: the start of 2000, a fixed date."""
    newest = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    folders = sorted({folder.resolve() for folder in set(folders) if folder.is_dir()})
    for card in (card for folder in folders for card in cards_in(folder)):
        newest = max(newest, _modified(card).changed_at)
    for top, members in _by_repository(folders).items():
        stamp = (_git(top, "log", "-1", "--format=%ct", "--", *map(str, members)) or "").strip()
        if stamp.isdigit():
            newest = max(newest, dt.datetime.fromtimestamp(int(stamp), dt.timezone.utc))
    return newest


def _by_repository(folders: list[Path]) -> dict[Path, list[Path]]:
    """The folders under git, by the top of their repository. A folder below a known top is in that
    repository unless a ``.git`` lies between them (a nested repository or a submodule, whose
    commits the outer repository's log does not show)."""
    repositories: dict[Path, list[Path]] = {}
    outside: set[Path] = set()
    without_git: set[Path] = set()
    for folder in folders:
        if _outside_any_repository(folder, without_git):
            continue
        top = next((top for top in repositories
                    if folder.is_relative_to(top) and not _repository_between(folder, top)), None)
        if top is None and not any(folder.is_relative_to(other) and not _repository_between(folder, other)
                                   for other in outside):
            found = _git(folder, "rev-parse", "--show-toplevel")
            top = Path(found.strip()).resolve() if found else None
            if top is None:
                outside.add(folder)
        if top is not None:
            repositories.setdefault(top, []).append(folder)
    return repositories


def _outside_any_repository(folder: Path, without_git: set[Path]) -> bool:
    """True when neither ``folder`` nor a folder above holds ``.git``, so git would find no
    repository there (unless ``GIT_DIR`` names one). A collection's 150 gmina folders outside
    git cost 150 git calls a build, about 0.3 s (this machine); ``without_git`` remembers the
    folders already seen to hold none."""
    if "GIT_DIR" in os.environ:
        return False
    for step in (folder, *folder.parents):
        if step in without_git:
            continue
        if os.path.lexists(step / ".git"):
            return False
        without_git.add(step)
    return True


def _repository_between(folder: Path, top: Path) -> bool:
    """Whether ``folder`` or a folder above it, below ``top``, holds ``.git``."""
    for step in (folder, *folder.parents):
        if step == top:
            return False
        if os.path.lexists(step / ".git"):
            return True
    return False
