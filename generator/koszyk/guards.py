"""What a build refuses before it reads or publishes anything a pull request could have planted.

A pull request can commit any file, a symbolic link or a file in an ignored folder
(``git add -f``). Two of them would reach further than the repository: a link in the docs
folder or the theme's ``custom_dir``, which MkDocs copies (and Jinja reads) as the file it points
to (any file of the building machine), and entries in the build's cache folder, which the build
trusts (``cache_folder``). Data files the build reads through links are refused where they are
read (``loading.leads_out_of``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .cache_folder import cache_folder_problem, secret_is_kept
from .loading import plainly_inside
from .problems import display_path, resolved


def planted_cache_problem(root: Path, folders: Iterable[Path]) -> str | None:
    """Why the build may not use one of its cache ``folders`` (``cache_folder_problem``), or None."""
    if not secret_is_kept():
        return None  # then nothing kept is read back (``cache_folder.secret_is_kept``)
    for folder in folders:
        problem = cache_folder_problem(root, folder)
        if problem:
            return problem
    return None


def published_cache_problem(folders: Iterable[Path], published: Iterable[Path]) -> str | None:
    """Why the build may not use one of its cache ``folders``: it lies in a folder whose files
    reach the site (the site folder, the docs folder, the theme's ``custom_dir``), so everything
    it keeps, intranet pages and cards too, would be published; or None."""
    published = [(place, resolved(place)) for place in published]
    for folder in folders:
        where = resolved(folder)
        for shown, place in published:
            if where is not None and place is not None and where.is_relative_to(place):
                return (f"folder pamięci podręcznej {folder} leży w folderze {shown}, którego pliki trafiają na "
                        "stronę: wszystko, co budowa w nim zachowuje (także strony i karty intranetu), "
                        "zostałoby opublikowane; wskaż cache_dir (albo KOSZYK_CACHE_DIR) poza nim")
    return None


def link_out_of_folder(folder: Path, root: Path) -> str | None:
    """Why the site may not be built, if ``folder`` (the docs or the theme's ``custom_dir``) holds a
    symbolic link that leads out of it, into a hidden folder, or to a folder; else None.

    MkDocs copies the files of both folders as the files their links point to, and Jinja reads
    templates through links: a link could publish ``.git/config`` (with the CI job's token) or
    any file of the building machine. A link to a folder could also loop forever."""
    inside = resolved(folder)
    if folder.is_symlink() or inside is None or not plainly_inside(inside, root.resolve()):
        return (f"{display_path(folder, root)} jest dowiązaniem symbolicznym, leży poza projektem albo w folderze "
                "ukrytym (np. .git); strona powstaje tylko ze zwykłych plików projektu")
    for here, folders, names in os.walk(folder):
        for name in (*folders, *names):
            link = Path(here) / name
            if not link.is_symlink():
                continue
            target = resolved(link)
            if target is None or target.is_dir() or not plainly_inside(target, inside):
                return (f"{display_path(link, root)} jest dowiązaniem symbolicznym do folderu albo do pliku spoza "
                        f"{display_path(folder, root)}/ (albo z folderu ukrytego); strona publikuje tylko pliki projektu: "
                        "usuń dowiązanie albo skopiuj plik na jego miejsce")
    return None
