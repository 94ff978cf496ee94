"""The build's cache folder may hold only what koszyk wrote there on this machine.

What a build keeps for the next is used as it is: a finished page is linked into the
site (``render_cache``), a tool's document is published, a card's reading and a
search record are unpickled (``card_cache``, ``partner_outputs``). A file put there by
someone else could so put HTML into the site or run code during the build. A pull
request can add files anywhere in the repository, ignored folders included
(``git add -f``), and the check of a pull request builds its checkout; so a build
refuses a cache folder in which the repository tracks any file, or which is reached
through a symbolic link the repository could carry. The message says how to fix it;
nothing is built.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def cache_folder_problem(root: Path, folder: Path) -> str | None:
    """Why ``folder`` (a cache folder of the project in ``root``) must not be used, or None."""
    root, folder = root.resolve(), Path(folder if folder.is_absolute() else root / folder)
    if folder.absolute().is_relative_to(root):
        relative = folder.absolute().relative_to(root)
        for depth in range(1, len(relative.parts) + 1):
            step = root.joinpath(*relative.parts[:depth])
            if step.is_symlink():
                return (f"folder pamięci podręcznej {relative.as_posix()}: {step.relative_to(root).as_posix()} "
                        "jest dowiązaniem symbolicznym; pamięć podręczna musi być zwykłym folderem, który "
                        "zapisuje tylko koszyk (usuń dowiązanie)")
        tracked = _tracked_files(root, relative.as_posix())
        if tracked:
            return (f"folder pamięci podręcznej {relative.as_posix()} zawiera pliki zapisane w repozytorium "
                    f"(np. {tracked[0]}, razem {len(tracked)}); pamięć podręczną zapisuje tylko koszyk na "
                    "komputerze, który buduje stronę. Usuń te pliki z repozytorium: "
                    f"git rm -r --cached {relative.as_posix()}")
    return None


def _tracked_files(root: Path, relative: str) -> list[str]:
    """Files under ``relative`` that git tracks in ``root``; none without git or outside a repository."""
    try:
        listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", relative],
                                capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    if listed.returncode != 0:
        return []
    return [name for name in listed.stdout.decode("utf-8", errors="replace").split("\0") if name]
