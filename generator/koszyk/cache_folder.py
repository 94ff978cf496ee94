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
  link inside the project, one in another repository inside it (a submodule), and a
  secret inside the project. A secret that cannot be kept turns the cache off.

The secret must not leak either: the site never publishes a file reached through a link
that leads out of the project (``plugin.KoszykPlugin.on_files``).
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
    """``$XDG_CACHE_HOME/koszyk/klucz-pamieci`` (``~/.cache/koszyk/…``): the user's, never the project's.
    A relative ``XDG_CACHE_HOME`` is ignored, as the XDG specification says."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "koszyk" / SECRET_FILE


@functools.lru_cache(maxsize=1)
def _secret() -> tuple[bytes, bool]:
    """The user's cache secret, and whether it is kept for the next build. When it cannot be
    kept, a fresh one for this process: nothing kept is found again, never a planted entry."""
    path = secret_path()
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data, True
    except OSError:
        pass
    data = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        return data, True
    except FileExistsError:  # another build made it first: use theirs
        try:
            kept = path.read_bytes()
            return (kept, True) if len(kept) >= 32 else (data, False)
        except OSError:
            return data, False
    except OSError:
        return data, False


def secret_is_kept() -> bool:
    """Whether the secret lasts beyond this process; if not, nothing kept would ever be found
    again, so a build keeps nothing (``plugin``) rather than fill the folder build after build."""
    return _secret()[1]


SECRET_NOT_KEPT = ("nie można zapisać klucza pamięci podręcznej w {path}; ta budowa nie korzysta z pamięci "
                   "podręcznej (ustaw HOME albo XDG_CACHE_HOME na folder z prawem zapisu, "
                   "a komunikat zniknie)")


def entry_name(key: str) -> str:
    """The file name (without suffix) of the entry kept under ``key``."""
    return hmac.new(_secret()[0], key.encode("utf-8", errors="surrogatepass"), hashlib.sha256).hexdigest()


def cache_folder_problem(root: Path, folder: Path) -> str | None:
    """Why ``folder`` (a cache folder of the project in ``root``) must not be used, or None.

    Where git cannot answer ("dubious ownership", no git), the HMAC names alone protect the cache."""
    root = root.resolve()
    if secret_path().resolve().is_relative_to(root):
        return (f"klucz pamięci podręcznej {secret_path()} leży w projekcie, gdzie propozycja zmian może go "
                "podmienić; ustaw XDG_CACHE_HOME na folder poza projektem")
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
    if _other_repository(root, resolved):
        return (f"folder pamięci podręcznej {shown} leży w innym repozytorium (np. submodule) niż projekt; "
                "wskaż w cache_dir folder, który należy do projektu, albo folder poza nim")
    tracked = _tracked_files(root, relative)
    if tracked:
        return (f"folder pamięci podręcznej {shown} zawiera pliki zapisane w repozytorium "
                f"(np. {tracked[0]}, razem {len(tracked)}); pamięć podręczną zapisuje tylko koszyk na "
                "komputerze, który buduje stronę. Usuń te pliki z repozytorium: "
                f"git --literal-pathspecs rm -r --cached -- {relative}")
    return None


def _git(folder: Path, *arguments: str) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(["git", "-C", str(folder), "--literal-pathspecs", *arguments],
                              capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None


def _other_repository(root: Path, folder: Path) -> bool:
    """Whether ``folder`` (inside ``root``) belongs to another git repository, such as a submodule:
    the project's ``git ls-files`` does not list that repository's files."""
    existing = next((step for step in (folder, *folder.parents) if step.is_dir()), root)
    answer = _git(existing, "rev-parse", "--show-toplevel")
    if answer is None or answer.returncode != 0:
        return False
    top = Path(answer.stdout.decode("utf-8", errors="replace").strip()).resolve()
    return top != root and top.is_relative_to(root)


def _tracked_files(root: Path, relative: str) -> list[str]:
    """Files under ``relative`` (a literal path, never a pattern) that git tracks in ``root``;
    none where git is missing, ``root`` is no repository or git cannot answer."""
    listed = _git(root, "ls-files", "-z", "--", relative)
    if listed is None or listed.returncode != 0:
        return []
    return [name for name in listed.stdout.decode("utf-8", errors="replace").split("\0") if name]
