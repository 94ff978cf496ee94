"""Reading YAML cards safely, keeping the line and column of every value.

PyYAML's ``safe_load`` is not enough for partner-edited files: it silently keeps
the last of two equal keys (losing data), forgets where each value stood, and
expands alias bombs. Here a file is composed into nodes (C parser, no object
construction), then turned into plain data by hand, which lets us refuse
duplicate keys and foreign tags, cap the work, and record positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem
from .yaml_messages import polish_syntax_message

MAX_FILE_BYTES = 2_000_000
MAX_NODES = 200_000

Location = tuple[int, int]
FieldPath = tuple[Any, ...]

_SAFE_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Document:
    """A YAML file as plain data, with the position of every value and key."""

    path: Path
    display: str
    data: Any = None
    values: dict[FieldPath, Location] = field(default_factory=dict)
    keys: dict[FieldPath, Location] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

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


def field_name(path: FieldPath) -> str:
    """``('uslugi', 2, 'dostep', 'tryb')`` → ``uslugi[3].dostep.tryb`` (items count from 1)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + str(part)
    return text


class _TooBig(Exception):
    pass


class _Fault(Exception):
    def __init__(self, node: yaml.Node, message: str):
        super().__init__(message)
        self.node = node
        self.message = message


def load_document(path: Path, display: str | None = None) -> Document:
    """Read one YAML file; problems that stop reading end up in ``document.problems``."""
    document = Document(path=path, display=display or path.as_posix())
    try:
        raw = path.read_bytes()
    except OSError as error:
        document.problems.append(Problem(document.display, 1, 1, "", f"nie można odczytać pliku: {error.strerror}"))
        return document
    text = _decode(raw, document)
    if text is None:
        return document
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = polish_syntax_message(error.problem, error.context)
        document.problems.append(Problem(
            document.display, line, column, "",
            f"błąd składni YAML: {detail}; sprawdź wcięcia, dwukropki i cudzysłowy w tej linii "
            "(najczęstsze przyczyny: przewodnik dla partnerów)",
        ))
        return document
    except yaml.YAMLError as error:
        document.problems.append(Problem(document.display, 1, 1, "", f"błąd YAML: {polish_syntax_message(str(error), None)}"))
        return document
    if root is None:
        document.problems.append(Problem(document.display, 1, 1, "", "plik jest pusty"))
        return document
    try:
        document.data = _Converter(document).convert(root, ())
    except _TooBig:
        document.data = None
        document.problems.append(Problem(
            document.display, 1, 1, "",
            f"plik rozwija się w ponad {MAX_NODES} wartości (czy to „bomba” aliasów YAML?); odrzucono",
        ))
    except _Fault as fault:
        document.data = None
        mark = fault.node.start_mark
        document.problems.append(Problem(document.display, mark.line + 1, mark.column + 1, "", fault.message))
    return document


def _decode(raw: bytes, document: Document) -> str | None:
    def fail(line: int, message: str) -> None:
        document.problems.append(Problem(document.display, line, 1, "", message))

    if len(raw) > MAX_FILE_BYTES:
        fail(1, f"plik ma {len(raw):,} bajtów, więcej niż dozwolone {MAX_FILE_BYTES:,}".replace(",", " "))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        fail(1, "plik zaczyna się znacznikiem BOM; zapisz go jako „UTF-8 bez BOM”")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        fail(raw.count(b"\n", 0, error.start) + 1,
             "plik nie jest zapisany w UTF-8 (np. Windows-1250?); zapisz go jako UTF-8")
        return None
    if not text.strip():
        fail(1, "plik jest pusty")
        return None
    tab = _TAB_INDENT.search(text)
    if tab:
        fail(text.count("\n", 0, tab.start()) + 1, "wcięcie zawiera tabulator; YAML wymaga spacji")
        return None
    return text


class _Converter:
    """Turns composed nodes into dicts, lists and scalars, recording positions."""

    def __init__(self, document: Document):
        self.document = document
        self.constructor = yaml.constructor.SafeConstructor()
        self.count = 0

    def convert(self, node: yaml.Node, path: FieldPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig
        if node.tag not in _SAFE_TAGS:
            raise _Fault(node, f"niedozwolony znacznik YAML {node.tag!s}; wpisz zwykłą wartość")
        self.document.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path + (index,)) for index, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node)
        except (yaml.constructor.ConstructorError, ValueError, OverflowError):
            # e.g. a date such as 2026-02-31: keep the text, validation will say what is wrong
            return node.value

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Fault(key_node, "klucz scalający „<<” nie jest obsługiwany; wpisz wartości wprost")
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Fault(key_node, "kluczem może być tylko zwykły tekst")
            key = key_node.value
            key_path = path + (key,)
            position = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                first_line = self.document.keys[key_path][0]
                self.document.problems.append(Problem(
                    self.document.display, position[0], position[1], field_name(key_path),
                    f"klucz „{key}” powtórzony (pierwszy raz w linii {first_line}); "
                    "druga wartość zastąpiłaby pierwszą, zostaw jeden",
                ))
                continue
            self.document.keys[key_path] = position
            result[key] = self.convert(value_node, key_path)
        return result

