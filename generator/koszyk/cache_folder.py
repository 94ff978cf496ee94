"""The build's cache folder may hold only what koszyk wrote there on this machine.

What a build keeps for the next is used as it is: a finished page is linked into the
site (``render_cache``), a tool's document is published, a card's reading and a
search record are unpickled (``card_cache``, ``partner_outputs``). A file put there by
someone else could so put HTML into the site or run code during the build, and a pull
request can add files anywhere in the repository, ignored folders included
(``git add -f``). Two defences:

- ``entry_name``: an entry is named by an HMAC of its key with a secret kept outside
  the repository (``secret_path``, created on first use, readable by its owner only).
  Whoever cannot read that file cannot name an entry the build would open, wherever
  ``cache_dir`` points.
- ``cache_folder_problem``: a build refuses, with a message that says how to fix it, a
  cache folder in which the repository tracks any file, one reached through a symbolic
  link, and one git cannot vouch for while it holds files.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets
import subprocess
from pathlib import Path

SECRET_FILE = "klucz-pamieci"


def secret_path() -> Path:
    """``$XDG_CACHE_HOME/koszyk/klucz-pamieci`` (``~/.cache/koszyk/…``): the user's, never the project's."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "koszyk" / SECRET_FILE


@functools.lru_cache(maxsize=1)
def _secret() -> bytes:
    """The user's cache secret; a fresh one for this process only if it cannot be kept (then
    nothing kept is found again: slower builds, never a planted entry)."""
    path = secret_path()
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data
    except OSError:
        pass
    data = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
    except FileExistsError:  # another build made it first: use theirs
        try:
            kept = path.read_bytes()
            return kept if len(kept) >= 32 else data
        except OSError:
            return data
    except OSError:
        pass
    return data


def entry_name(key: str) -> str:
    """The file name (without suffix) of the entry kept under ``key``."""
    return hmac.new(_secret(), key.encode("utf-8", errors="surrogatepass"), hashlib.sha256).hexdigest()


def cache_folder_problem(root: Path, folder: Path) -> str | None:
    """Why ``folder`` (a cache folder of the project in ``root``) must not be used, or None."""
    root = root.resolve()
    given = Path(os.path.normpath(folder if folder.is_absolute() else root / folder))
    shown = folder.as_posix()
    if given.is_relative_to(root):  # a link inside the project could be one the repository carries
        parts = given.relative_to(root).parts
        for step in (root.joinpath(*parts[:depth]) for depth in range(1, len(parts) + 1)):
            if step.is_symlink():
                return (f"folder pamięci podręcznej {shown}: {step.relative_to(root).as_posix()} jest dowiązaniem "
                        "symbolicznym; pamięć podręczna musi być zwykłym folderem, który zapisuje tylko koszyk "
                        "(usuń dowiązanie albo wskaż inny folder w cache_dir)")
    resolved = given.resolve()  # however it is spelled ("..", /proc/self/cwd, a link), where it really is
    if not resolved.is_relative_to(root):
        return None  # outside the project: no pull request can put files there
    relative = resolved.relative_to(root).as_posix() if resolved != root else "."
    tracked = _tracked_files(root, relative)
    if tracked is None:
        if resolved.is_dir() and any(path.is_file() for path in resolved.rglob("*")):
            return (f"folder pamięci podręcznej {shown}: git nie potrafi powiedzieć, czy repozytorium śledzi "
                    "pliki w tym folderze, a folder nie jest pusty; usuń go (zostanie zapisany od nowa) "
                    "albo napraw repozytorium (np. „git config --global --add safe.directory …”)")
        return None
    if tracked:
        return (f"folder pamięci podręcznej {shown} zawiera pliki zapisane w repozytorium "
                f"(np. {tracked[0]}, razem {len(tracked)}); pamięć podręczną zapisuje tylko koszyk na "
                "komputerze, który buduje stronę. Usuń te pliki z repozytorium: "
                f"git rm -r --cached {relative}")
    return None


def _tracked_files(root: Path, relative: str) -> list[str] | None:
    """Files under ``relative`` (a literal path, never a pattern) that git tracks in ``root``:
    [] where git is missing or ``root`` is no repository, None when git cannot answer."""
    try:
        listed = subprocess.run(["git", "-C", str(root), "--literal-pathspecs", "ls-files", "-z", "--", relative],
                                capture_output=True, timeout=60, check=False)
    except OSError:
        return []
    except subprocess.TimeoutExpired:
        return None
    if listed.returncode != 0:
        return [] if b"not a git repository" in listed.stderr else None
    return [name for name in listed.stdout.decode("utf-8", errors="replace").split("\0") if name]
