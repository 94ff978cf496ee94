"""Problems found in a basket's files, and how they are printed."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from .characters import printable

ERROR = "error"
WARNING = "warning"
INTERNAL_ERROR = "błąd programu"  # starts every message about a bug rather than bad input


class OutputFormat(str, Enum):
    TEXT = "text"
    GITHUB = "github"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at a line and column (both 1-based).

    Path, field and message are kept printable (line breaks, controls and
    invisible characters escaped), since they may quote partner text: a problem
    is always one line, whatever a key or value holds.
    """

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: str = ERROR

    def __post_init__(self) -> None:
        for name in ("path", "field", "message"):
            object.__setattr__(self, name, printable(getattr(self, name)))

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def format_text(self) -> str:
        label = "" if self.is_error else "ostrzeżenie: "
        where = f"{self.field}: " if self.field else ""
        return f"{self.path}:{self.line}:{self.column}: {label}{where}{self.message}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command, so the problem shows on the PR's line."""
        title = self.field or "plik"
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return (
            f"::{self.severity} file={_escape_property(self.path)},line={self.line},col={self.column},"
            f"title={_escape_property(title)}::{message}"
        )

    def format(self, output: OutputFormat) -> str:
        return self.format_github() if output == OutputFormat.GITHUB else self.format_text()


class FileProblems(ValueError):
    """A configuration file has errors: ``problems`` holds all of them (and its warnings),
    the message lists the errors, ready to print. Subclasses name the file in ``what``."""

    what = "Plik"

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [problem for problem in problems if problem.is_error]
        lines = "\n".join(problem.format_text() for problem in errors)
        super().__init__(f"{self.what} ma błędy ({len(errors)}); popraw je i zbuduj ponownie:\n{lines}")


class HasProblems:
    """For results that carry a ``problems`` list: its errors and warnings."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == WARNING]


def _escape_property(value: str) -> str:
    return (
        value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        .replace(":", "%3A").replace(",", "%2C")
    )


def display_path(path: Path, root: Path | None = None) -> str:
    """A path relative to ``root`` (default: the working directory) when it lies inside,
    named as written: a symbolic link by its own name, not by where it leads."""
    root = root or Path.cwd()
    written = os.path.abspath(path)
    base = os.path.abspath(root)
    if written == base or written.startswith(base.rstrip(os.sep) + os.sep):  # the usual case, without pathlib
        return Path(os.path.relpath(written, base)).as_posix()
    written, base = Path(written), resolved(root)
    if base is not None and written.is_relative_to(base):
        return written.relative_to(base).as_posix()
    target, base = resolved(path), resolved(root)
    if target is not None and base is not None and target.is_relative_to(base):
        return target.relative_to(base).as_posix()
    return path.as_posix()


def display_paths(paths: list[Path], root: Path | None = None) -> list[str]:
    """``display_path`` of each of ``paths``, resolving ``root`` once and each folder once
    (``resolved_each``). A basket outside the working directory (a collection's gminas elsewhere
    on disk) sends every card down ``display_path``'s slow way, two ``Path.resolve`` calls each:
    at 3,000 cards that was about 0.5 s of a one-card rebuild (sampling profile, voivodeship)."""
    root = root or Path.cwd()
    base = os.path.abspath(root)
    inside = base.rstrip(os.sep) + os.sep
    root_resolved = resolved(root)
    shown: list[str | None] = []
    slow = []
    for index, path in enumerate(paths):
        written = os.path.abspath(path)
        if written == base or written.startswith(inside):
            shown.append(Path(os.path.relpath(written, base)).as_posix())
        elif root_resolved is not None and Path(written).is_relative_to(root_resolved):
            shown.append(Path(written).relative_to(root_resolved).as_posix())
        else:
            shown.append(None)
            slow.append(index)
    for index, target in zip(slow, resolved_each([paths[index] for index in slow])):
        inside_root = target is not None and root_resolved is not None and target.is_relative_to(root_resolved)
        shown[index] = target.relative_to(root_resolved).as_posix() if inside_root else paths[index].as_posix()
    return shown


def resolved_each(paths: list[Path]) -> list[Path | None]:
    """``resolved`` of each of ``paths``, each folder resolved once: a file that is not itself
    a link resolves to its resolved folder and its name (``Path.resolve`` is a ``stat`` per part)."""
    folders: dict[Path, Path | None] = {}
    found = []
    for path in paths:
        try:
            linked = path.is_symlink()
        except OSError:  # e.g. no right to look into its folder: as ``resolved`` answers
            linked = True
        if linked:
            found.append(resolved(path))
            continue
        if path.parent not in folders:
            folders[path.parent] = resolved(path.parent)
        folder = folders[path.parent]
        found.append(folder / path.name if folder is not None and path.name not in ("", ".", "..") else
                     resolved(path))
    return found


def resolved(path: Path) -> Path | None:
    """``path`` with every symbolic link followed; None for a loop of links."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None
