"""Reading partner-edited YAML safely, keeping the line and column of every value.

PyYAML's ``safe_load`` is not enough for such files: it silently keeps the last
of two equal keys (losing data), forgets where each value stood, expands alias
bombs, and crashes on hostile input (a deeply nested list kills the process, a
recursive alias or a value that does not fit its tag raises). Every YAML file
the project reads from a person (cards, ``basket.yml``, ``site_config/*.yml``,
cards in git history) goes through ``load_document`` or ``load_text``: bytes are
checked first (size, encoding, control characters), then ``composing`` turns
the parser's events into plain data without recursion. Whatever is wrong comes
back as Polish problems (``path:line:col: pole: komunikat``), never an exception.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .characters import FILE_FORBIDDEN, describe, line_and_column
from .composing import MAX_DEPTH, MAX_NODES, Composer, Empty, Fault, FieldPath, Location  # noqa: F401
from .problems import Problem, resolved

MAX_FILE_BYTES = 2_000_000

_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
_SYNTAX_HINTS = {  # libyaml's problem → what it means, in Polish
    "did not find expected key": "brak oczekiwanego klucza (czy wcięcie jest równe z poprzednią linią?)",
    "could not find expected ':'": "brak dwukropka po kluczu (albo niezamknięty cudzysłów w linii wyżej)",
    "mapping values are not allowed in this context": "dwukropek w miejscu, gdzie nie może stać; tekst z dwukropkiem ujmij w cudzysłów",
    "found character that cannot start any token": "tym znakiem nie może zaczynać się wartość (np. @ albo `); ujmij tekst w cudzysłów",
    "found unexpected end of stream": "plik kończy się w środku wartości (niezamknięty cudzysłów albo nawias?)",
    "did not find expected node content": "brak oczekiwanej wartości",
    "did not find expected ',' or ']'": "brak przecinka albo nawiasu „]” zamykającego listę",
    "did not find expected ',' or '}'": "brak przecinka albo nawiasu „}” zamykającego mapę",
    "did not find expected '-' indicator": "brak „-” na początku elementu listy (czy wcięcie jest równe?)",
    "block sequence entries are not allowed in this context": "element listy „-” w miejscu, gdzie nie może stać",
    "found unknown escape character": "nieznana sekwencja po „\\” w tekście w cudzysłowie; podwój „\\” albo użyj apostrofów",
    "found invalid Unicode character escape code": "sekwencja „\\u…” nie oznacza poprawnego znaku",
    "found undefined tag handle": "nieznany skrót znacznika „!…!”",
    "found unexpected ':'": "nieoczekiwany dwukropek; tekst z dwukropkiem ujmij w cudzysłów",
    "found unexpected document indicator": "„---” albo „...” w środku wartości",
    "did not find expected <document start>": "brak oczekiwanego początku dokumentu „---”",
    "did not find expected comment or line break": "po wartości zostały znaki, których YAML się nie spodziewa",
    "did not find expected whitespace or line break": "brak spacji albo końca linii po znaczniku",
    "did not find expected alphabetic or numeric character": "nazwa kotwicy albo aliasu może mieć tylko litery i cyfry",
    "found a tab character that violates indentation": "tabulator we wcięciu; YAML wymaga spacji",
    "found a tab character where an indentation space is expected": "tabulator we wcięciu; YAML wymaga spacji",
    "found an indentation indicator equal to 0": "wskaźnik wcięcia 0 po „|” albo „>”",
}


@dataclass
class Document:
    """A YAML file as plain data, with the position of every value and key."""

    path: Path
    display: str
    data: Any = None
    values: dict[FieldPath, Location] = field(default_factory=dict)
    keys: dict[FieldPath, Location] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    empty: bool = False  # nothing but blanks and comments (also reported as a problem)

    def where(self, path: FieldPath) -> Location:
        """The position of ``path``, or of its nearest ancestor that has one."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def where_key(self, path: FieldPath) -> Location:
        return self.keys.get(path) or self.where(path)

    def problem(self, path: FieldPath, message: str, *, severity: str = "error",
                at_key: bool = False) -> Problem:
        line, column = self.where_key(path) if at_key else self.where(path)
        found = Problem(self.display, line, column, field_name(path), message, severity)
        self.problems.append(found)
        return found

    def fail(self, line: int, column: int, message: str, path: FieldPath = ()) -> None:
        """A problem that stops reading: the document keeps no data."""
        self.data = None
        self.problems.append(Problem(self.display, line, column, field_name(path), message))


def field_name(path: FieldPath) -> str:
    """``('uslugi', 2, 'dostep', 'tryb')`` → ``uslugi[3].dostep.tryb`` (items count from 1)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + str(part)
    return text


class YamlFileError(ValueError):
    """A file that cannot be read as data; ``problem`` says where and why, the message is ready to print."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format_text())
        self.problem = problem


def load_document(path: Path, display: str | None = None, *, within: Path | None = None) -> Document:
    """Read one YAML file; problems that stop reading end up in ``document.problems``.

    A file that a symbolic link leads out of its project (or, in no project, out of ``within``,
    default its own folder) is not read (``leads_out_of``); a card passes its basket folder."""
    document = Document(path=path, display=display or path.as_posix())
    outside = leads_out_of(path, path.parent if within is None else within)
    if outside:
        document.fail(1, 1, outside)
        return document
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # never more: the path may be a device or a huge file
    except OSError as error:
        document.fail(1, 1, f"nie można odczytać pliku: {error.strerror or error}")
        return document
    text = _decode(raw, document)
    if text is not None:
        _compose(text, document)
    return document


def leads_out_of(path: Path, folder: Path | None, *, project_of: Path | None = None) -> str | None:
    """Why ``path`` may not be read, if it lies out of its project, or a symbolic link on the way
    leads out of it or into a hidden folder (``.git``, ``.cache``); else None.

    A pull request may add a link (``partnerzy/karta.yml`` → ``/proc/self/environ``, a
    ``partnerzy`` folder → ``/etc``, a basket folder → ``../../.git``): what the build reads could
    then reach error messages in a public check log, or the site. The project is the nearest
    folder holding ``.git`` or ``mkdocs.yml`` (``project_root``) above ``path``, or above
    ``project_of`` when the path was named there (a collection's gmina folder); a file in no
    project is kept to ``folder`` (None: not checked). The path is walked as written, ``..``
    included: after a link, ``..`` goes up from wherever the link leads."""
    written = path if path.is_absolute() else Path.cwd() / path
    named_in = Path(os.path.abspath(project_of)) if project_of is not None else Path(os.path.abspath(written.parent))
    fence = project_root(named_in) or (Path(os.path.abspath(folder)) if folder is not None else None)
    if fence is None:
        return None
    inside = resolved(fence)
    normal = Path(os.path.normpath(written))
    if not normal.is_relative_to(fence) or inside is None:
        return f"ścieżka prowadzi poza folder {fence.name or fence.as_posix()}/; wskaż plik albo folder w projekcie"
    below = written.relative_to(fence) if written.is_relative_to(fence) else normal.relative_to(fence)
    step = fence  # links above the project (a checkout reached through a linked folder) are the user's own
    for part in below.parts:
        step = step / part
        if not step.is_symlink():
            continue
        target = resolved(step)
        if target is None:
            return (f"{step.name} jest dowiązaniem symbolicznym, które nie prowadzi do żadnego pliku; "
                    "zastąp je zwykłym plikiem")
        if not plainly_inside(target, inside):
            return (f"{step.name} jest dowiązaniem symbolicznym prowadzącym poza projekt albo do folderu ukrytego; "
                    "koszyk czyta tylko zwykłe pliki projektu: zastąp dowiązanie kopią pliku")
    final = resolved(written)
    if final is None or not final.is_relative_to(inside):
        return f"ścieżka prowadzi poza folder {fence.name or fence.as_posix()}/; wskaż plik albo folder w projekcie"
    return None


def plainly_inside(target: Path, folder: Path) -> bool:
    """Whether ``target`` (links followed) lies in ``folder``, and in none of its hidden folders."""
    return target.is_relative_to(folder) and not any(name.startswith(".") for name in target.relative_to(folder).parts)


@functools.lru_cache(maxsize=4096)
def project_root(folder: Path) -> Path | None:
    """The nearest folder from ``folder`` up holding ``.git`` or ``mkdocs.yml``: the repository a
    pull request changes. A marker at or below a symbolic link lies wherever the link leads
    (``baskets/x`` → a folder elsewhere with its own ``.git``): a project above the link, if
    there is one, is the project (a checkout reached through a linked folder keeps its own)."""
    found, behind_link = None, False
    for candidate in (folder, *folder.parents):
        if (found is None or behind_link) and ((candidate / ".git").exists() or (candidate / "mkdocs.yml").is_file()):
            found, behind_link = candidate, False
        if found is not None and candidate.is_symlink():
            behind_link = True
    return found


def load_text(text: str, display: str) -> Document:
    """Like ``load_document``, for text already in memory (e.g. a card from git history)."""
    document = Document(path=Path(display), display=display)
    if len(text) > MAX_FILE_BYTES:
        document.fail(1, 1, _too_big(len(text.encode("utf-8", "replace"))))
    elif _checked_text(text, document):
        _compose(text, document)
    return document


def load_yaml_data(path: Path, display: str | None = None) -> Any:
    """The data of a configuration file, or ``YamlFileError`` with the first problem.

    A missing or empty file (blanks and comments only) gives ``None``: callers
    decide whether that is allowed.
    """
    if not path.exists():
        return None
    document = load_document(path, display)
    if document.empty:
        return None
    errors = [problem for problem in document.problems if problem.is_error]
    if errors:
        raise YamlFileError(errors[0])
    return document.data


def _decode(raw: bytes, document: Document) -> str | None:
    if len(raw) > MAX_FILE_BYTES:
        document.fail(1, 1, _too_big(_size(document.path)))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        document.fail(1, 1, "plik zaczyna się znacznikiem BOM; zapisz go jako „UTF-8 bez BOM”")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[:error.start].decode("utf-8")  # valid up to the first bad byte
        line, column = line_and_column(before, len(before))
        document.fail(line, column, "plik urywa się w połowie znaku; czy nie został ucięty?" if error.end == len(raw)
                      and error.reason == "unexpected end of data"
                      else "plik nie jest zapisany w UTF-8 (np. Windows-1250?); zapisz go jako UTF-8")
        return None
    return text if _checked_text(text, document) else None


def _size(path: Path) -> int | None:
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return size if size > MAX_FILE_BYTES else None


def _checked_text(text: str, document: Document) -> bool:
    """Whether the text may go to the parser; if not, the reason is in ``document``."""
    if not text.strip():
        document.empty = True
        document.fail(1, 1, "plik jest pusty")
        return False
    forbidden = FILE_FORBIDDEN.search(text)
    if forbidden:
        line, column = line_and_column(text, forbidden.start())
        document.fail(line, column, f"niedozwolony znak {describe(forbidden.group())}; usuń go "
                                    "(bywa wklejany niechcący z innych programów)")
        return False
    tab = _TAB_INDENT.search(text)
    if tab:
        document.fail(text.count("\n", 0, tab.start()) + 1, 1, "wcięcie zawiera tabulator; YAML wymaga spacji")
        return False
    return True


def _too_big(size: int | None) -> str:
    limit = _number(MAX_FILE_BYTES)
    if size is None:  # a device or a pipe: no size to show
        return f"plik ma ponad {limit} bajtów, więcej niż dozwolone"
    return f"plik ma {_number(size)} bajtów, więcej niż dozwolone {limit}"


def _number(value: int) -> str:
    """``2 000 000``: thousands separated by a space, the Polish way."""
    return f"{value:,}".replace(",", " ")


def _compose(text: str, document: Document) -> None:
    def duplicate(key_path: FieldPath, location: Location, first: Location) -> None:
        document.problems.append(Problem(
            document.display, location[0], location[1], field_name(key_path),
            f"klucz „{key_path[-1]}” powtórzony (pierwszy raz w linii {first[0]}); "
            "druga wartość zastąpiłaby pierwszą, zostaw jeden",
        ))

    try:
        document.data = Composer(text, document.values, document.keys, duplicate).compose()
    except Empty:
        document.empty = True
        document.fail(1, 1, "plik jest pusty")
    except Fault as fault:
        document.fail(*fault.location, fault.message, fault.path)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = error.problem or error.context or ""
        hint = _SYNTAX_HINTS.get(detail, "układ znaków niezgodny ze składnią YAML")  # never libyaml's English
        document.fail(line, column, f"błąd składni YAML: {hint}; sprawdź wcięcia, dwukropki i cudzysłowy w tej linii")
    except yaml.YAMLError as error:  # a reader error: a character the parser refuses
        position = getattr(error, "position", 0) or 0
        line, column = line_and_column(text, min(position, len(text)))
        document.fail(line, column, "plik zawiera znak, którego YAML nie dopuszcza; usuń go")
