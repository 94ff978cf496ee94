"""What a build refuses before it reads or publishes anything a pull request could have planted.

A pull request can commit any file, a symbolic link or a file in an ignored folder
(``git add -f``). Two of them would reach further than the repository: a link in the docs
folder, which MkDocs copies as the file it points to (any file of the building machine),
and entries in the build's cache folder, which the build trusts (``cache_folder``). Data
files the build reads through links are refused where they are read (``loading.leads_out_of``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from mkdocs.structure.files import Files

from .cache_folder import cache_folder_problem, secret_is_kept


def planted_cache_problem(root: Path, folders: Iterable[Path]) -> str | None:
    """Why the build may not use one of its cache ``folders`` (``cache_folder_problem``), or None."""
    if not secret_is_kept():
        return None  # then nothing kept is read back (``cache_folder.secret_is_kept``)
    for folder in folders:
        problem = cache_folder_problem(root, folder)
        if problem:
            return problem
    return None


def link_out_of_project(files: Files, docs_dir: Path, root: Path) -> str | None:
    """Why the site may not be published, if a file of ``docs_dir`` is a link leading out of ``root``."""
    docs = docs_dir.resolve()
    for file in files:
        if file.generated_by or not file.src_dir or Path(file.src_dir).resolve() != docs:
            continue  # generated, or the theme's own
        target = Path(file.abs_src_path).resolve()
        if not target.is_relative_to(root):
            return (f"{docs_dir.name}/{file.src_uri} jest dowiązaniem symbolicznym do pliku spoza projektu "
                    f"({target}); strona publikuje tylko pliki projektu: usuń dowiązanie albo skopiuj plik do projektu")
    return None
