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


def basket_changed_at(folders: list[Path]) -> dt.datetime:
    """When the cards in ``folders`` last changed, as ``card_ages`` counts it, with two git calls
    per repository: the newest commit touching a folder, and the file time of each card with
    uncommitted edits (every card's file time outside git). A workbook the site offers records
    this as its export time: it holds every change up to then, and the import refuses it for a
    card changed later. Without any card: the start of 2000, a fixed date."""
    newest = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    folders = sorted({folder.resolve() for folder in folders if folder.is_dir()})
    for top, members in _by_repository(folders).items():
        cards = [card for folder in members for card in sorted(folder.glob("*.yml"))]
        if top is None:
            dirty = cards
        else:
            stamp = (_git(top, "log", "-1", "--format=%ct", "--", *map(str, members)) or "").strip()
            if stamp.isdigit():
                newest = max(newest, dt.datetime.fromtimestamp(int(stamp), dt.timezone.utc))
            status = _git(top, "status", "--porcelain", "--untracked-files=all", "--", *map(str, members)) or ""
            dirty = [top / line[3:].split(" -> ")[-1].strip().strip('"') for line in status.splitlines() if line.strip()]
        for card in dirty:
            if card.suffix == ".yml" and card.exists():
                newest = max(newest, _modified(card).changed_at)
    return newest


def _by_repository(folders: list[Path]) -> dict[Path | None, list[Path]]:
    repositories: dict[Path | None, list[Path]] = {}
    for folder in folders:
        known = next((top for top in repositories if top is not None and folder.is_relative_to(top)), None)
        if known is None:
            top = _git(folder, "rev-parse", "--show-toplevel")
            known = Path(top.strip()).resolve() if top else None
        repositories.setdefault(known, []).append(folder)
    return repositories
