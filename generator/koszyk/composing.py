"""YAML events to plain data in one loop, with no recursion anywhere.

``yaml.compose`` builds nodes by recursion, in C for the C loader: a list nested
25,000 deep (a 50 KB file) overflows the C stack and kills the process before
any Python code can object, and a few hundred levels already exhaust Python's
recursion limit in whatever walks the nodes next. Here the C parser's events (a
flat stream) become dicts, lists and scalars through an explicit stack, so the
depth limit is checked at the event that opens a level, before anything deep
exists. The same pass records the line and column of every value and key,
refuses recursive and undefined aliases, counts what aliases expand to, and
constructs only YAML's core scalar types: a value that does not fit its explicit
tag (``!!int ""``, ``!!bool maybe``) becomes a message, never an exception.
"""

from __future__ import annotations

import copy
import sys
from dataclasses import dataclass
from typing import Any, Callable

import yaml
from yaml.events import (
    AliasEvent, DocumentEndEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
    SequenceEndEvent, SequenceStartEvent, StreamEndEvent,
)
from yaml.nodes import ScalarNode

from .characters import shortened as _short

MAX_DEPTH = 40  # a card needs 6 levels; 40 leaves room and stays far from any stack limit
MAX_NODES = 200_000
MAX_TYPED_SCALAR = 100  # a longer "number" stays text: sexagesimal ints cost O(n²) to build
SHARED_TEXT = 40
"""Keys and text values up to this length that take the composer's short way (no anchor, no
tag) are interned: a card repeats its keys and codes ("nazwa", "dzieci") once per service, and
a kept reading (``card_cache``) pickles each object once. At 30,000 services the loaded basket
(warm cache, tracemalloc) is 111.5 MiB; with nothing interned it was 126.3 MiB, and so it was
too when only keys and quoted values were (plain values were read again from the event)."""

Location = tuple[int, int]
FieldPath = tuple[Any, ...]

_CORE = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (_CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp"))
MAP, SEQ, MERGE, VALUE = (_CORE + name for name in ("map", "seq", "merge", "value"))
_TAG_MEANING = {
    STR: "tekst", INT: "liczba całkowita", FLOAT: "liczba", BOOL: "tak/nie: true albo false",
    NULL: "pusta wartość", TIMESTAMP: "data", MAP: "mapa klucz: wartość", SEQ: "lista",
}
_NULL_FORMS = ("", "~", "null", "Null", "NULL")

try:
    from yaml.cyaml import CParser as _Parser
except ImportError:  # PyYAML without libyaml: the pure-Python parser is iterative too
    class _Parser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str):
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)

        def dispose(self) -> None:
            pass

_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_WILDCARD = tuple(_RESOLVER.yaml_implicit_resolvers.get(None, ()))
_IMPLICIT = {  # first character → the implicit resolvers that may match, as Resolver.resolve picks them
    first: tuple(resolvers) + _WILDCARD for first, resolvers in _RESOLVER.yaml_implicit_resolvers.items()
}
_BUILD = {
    INT: _CONSTRUCTOR.construct_yaml_int, FLOAT: _CONSTRUCTOR.construct_yaml_float,
    BOOL: _CONSTRUCTOR.construct_yaml_bool, TIMESTAMP: _CONSTRUCTOR.construct_yaml_timestamp,
}


class Fault(Exception):
    """Input the loader refuses as a whole, at a position and (where known) a field."""

    def __init__(self, mark: Any, path: FieldPath, message: str):
        super().__init__(message)
        self.location = (mark.line + 1, mark.column + 1)
        self.path = path
        self.message = message


class Empty(Exception):
    """The stream holds no document, or only an empty one."""


def tag_label(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


@dataclass
class _Anchor:
    value: Any
    key_text: str | None  # the raw text, when the anchored value is a scalar usable as a key
    size: int
    height: int
    positions: list[tuple[bool, FieldPath, Location]]  # (is key, path below the anchor, location)


class _Frame:
    __slots__ = ("is_map", "container", "path", "key", "skip", "discard", "anchor", "size_at_start",
                 "log_at_start", "height")

    def __init__(self, is_map: bool, path: FieldPath, discard: bool, anchor: str | None, size: int, log: int):
        self.is_map = is_map
        self.container: Any = {} if is_map else []
        self.path = path
        self.key: Any = _NO_KEY
        self.skip = False  # the value of this key is a duplicate: composed, then dropped
        self.discard = discard
        self.anchor = anchor
        self.size_at_start = size
        self.log_at_start = log
        self.height = 1


_NO_KEY = object()

DuplicateKey = Callable[[FieldPath, Location, Location], None]


class Composer:
    """Reads one YAML document into plain data, ``values`` and ``keys`` (path → line, column)."""

    def __init__(self, text: str, values: dict, keys: dict, on_duplicate: DuplicateKey):
        self.text = text
        self.values = values
        self.keys = keys
        self.on_duplicate = on_duplicate
        self.anchors: dict[str, Any] = {}
        self.open_anchors = 0
        self.log: list[tuple[bool, FieldPath, Location]] = []  # positions, kept while an anchor is open
        self.size = 0

    def compose(self) -> Any:
        parser = _Parser(self.text)
        try:
            parser.get_event()  # stream start
            if isinstance(parser.get_event(), StreamEndEvent):
                raise Empty
            data = self._document(parser.get_event)
            extra = parser.get_event()
            if not isinstance(extra, StreamEndEvent):
                raise Fault(extra.start_mark, (), "plik zawiera więcej niż jeden dokument YAML (po „---”); zostaw jeden")
        finally:
            parser.dispose()
        if data is None:
            raise Empty
        return data

    def _document(self, next_event: Callable[[], Any]) -> Any:
        """The loop over one document's events; plain keys and text take the short way."""
        stack: list[_Frame] = []
        values, keys = self.values, self.keys
        data = parent = None
        while True:
            event = next_event()
            kind = type(event)
            if kind is ScalarEvent and parent is not None and event.anchor is None and event.tag is None \
                    and not parent.discard and not self.open_anchors:
                mark = event.start_mark
                value = event.value
                if len(value) <= SHARED_TEXT:
                    value = sys.intern(value)
                if parent.is_map:
                    if parent.key is _NO_KEY:
                        if value in parent.container or (value == "<<" and event.implicit[0]):
                            self._key(event, parent)
                        else:
                            keys[parent.path + (value,)] = (mark.line + 1, mark.column + 1)
                            parent.key = value
                        continue
                    if parent.skip:
                        self._scalar(event, (), True)
                    else:
                        self._count(1, mark)
                        values[parent.path + (parent.key,)] = (mark.line + 1, mark.column + 1)
                        parent.container[parent.key] = _plain_value(event, value) if event.implicit[0] else value
                    parent.key, parent.skip = _NO_KEY, False
                else:
                    self._count(1, mark)
                    values[parent.path + (len(parent.container),)] = (mark.line + 1, mark.column + 1)
                    parent.container.append(_plain_value(event, value) if event.implicit[0] else value)
                continue
            if kind is DocumentEndEvent:
                return data
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                value, height = frame.container, frame.height
                if frame.anchor is not None:
                    self._close_anchor(frame)
            else:
                if parent is not None and parent.is_map and parent.key is _NO_KEY:
                    self._key(event, parent)
                    continue
                path, discard = self._place(parent)
                if kind is ScalarEvent:
                    value, height = self._scalar(event, path, discard), 0
                elif kind is MappingStartEvent or kind is SequenceStartEvent:
                    parent = self._open(event, kind is MappingStartEvent, path, discard, len(stack))
                    stack.append(parent)
                    continue
                elif kind is AliasEvent:
                    value, height = self._alias(event, path, discard, len(stack))
                else:
                    raise Fault(event.start_mark, path, "nieoczekiwany element pliku YAML")
            if not stack:
                data, parent = value, None
                continue
            parent = stack[-1]
            if height >= parent.height:
                parent.height = height + 1
            if parent.is_map:
                if not parent.skip:
                    parent.container[parent.key] = value
                parent.key, parent.skip = _NO_KEY, False
            else:
                parent.container.append(value)

    def _place(self, parent: _Frame | None) -> tuple[FieldPath, bool]:
        """The path of the next value, and whether it is to be dropped (under a duplicate key)."""
        if parent is None:
            return (), False
        if parent.is_map:
            return parent.path + (parent.key,), parent.discard or parent.skip
        return parent.path + (len(parent.container),), parent.discard

    def _record(self, is_key: bool, path: FieldPath, location: Location) -> None:
        (self.keys if is_key else self.values)[path] = location
        if self.open_anchors:
            self.log.append((is_key, path, location))

    def _count(self, added: int, mark: Any) -> None:
        self.size += added
        if self.size > MAX_NODES:
            raise Fault(mark, (), f"plik rozwija się w ponad {MAX_NODES} wartości (czy to „bomba” aliasów YAML?); odrzucono")

    def _open(self, event: Any, is_map: bool, path: FieldPath, discard: bool, depth: int) -> _Frame:
        if depth >= MAX_DEPTH:
            raise Fault(event.start_mark, path[:3], f"wartości zagnieżdżone głębiej niż {MAX_DEPTH} poziomów; "
                                                "karta nigdy tego nie potrzebuje, popraw wcięcia i nawiasy")
        expected = MAP if is_map else SEQ
        if event.tag not in (None, "!", expected):
            raise Fault(event.start_mark, path, _tag_problem(event.tag, "mapa" if is_map else "lista"))
        self._count(1, event.start_mark)
        anchor = event.anchor
        if anchor is not None:
            self.open_anchors += 1  # before recording, so the anchored value's own position is kept
        frame = _Frame(is_map, path, discard, anchor, self.size, len(self.log))
        if anchor is not None:
            self.anchors[anchor] = frame  # an alias to it until it closes is a loop
        if not discard:
            self._record(False, path, (event.start_mark.line + 1, event.start_mark.column + 1))
        return frame

    def _close_anchor(self, frame: _Frame) -> None:
        if self.anchors.get(frame.anchor) is frame:  # not redefined inside itself
            depth = len(frame.path)
            positions = [(is_key, path[depth:], location) for is_key, path, location in self.log[frame.log_at_start:]]
            self.anchors[frame.anchor] = _Anchor(frame.container, None, self.size - frame.size_at_start + 1,
                                                 frame.height, positions)
        self.open_anchors -= 1
        if not self.open_anchors:
            self.log.clear()

    def _key(self, event: Any, parent: _Frame) -> None:
        if type(event) is AliasEvent:
            anchor = self._anchor(event, parent.path)
            if anchor.key_text is None:
                raise Fault(event.start_mark, parent.path, "kluczem może być tylko zwykły tekst")
            key = anchor.key_text
        elif type(event) is ScalarEvent:
            tag = event.tag
            if tag in (None, "!"):
                tag = _RESOLVER.resolve(ScalarNode, event.value, event.implicit)
                if tag == VALUE:  # "=" is plain text as a key too
                    tag = STR
            if tag == MERGE:
                raise Fault(event.start_mark, parent.path, "klucz scalający „<<” nie jest obsługiwany; wpisz wartości wprost")
            if tag not in _TAG_MEANING or tag in (MAP, SEQ):
                raise Fault(event.start_mark, parent.path, _tag_problem(tag, "klucz"))
            key = event.value
            if event.anchor is not None:
                self.anchors[event.anchor] = _Anchor(key, key, 1, 0, [])
        else:
            raise Fault(event.start_mark, parent.path, "kluczem może być tylko zwykły tekst")
        parent.key = key
        location = (event.start_mark.line + 1, event.start_mark.column + 1)
        if parent.discard:
            return
        key_path = parent.path + (key,)
        if key in parent.container:
            parent.skip = True
            self.on_duplicate(key_path, location, self.keys.get(key_path, location))
        else:
            self._record(True, key_path, location)

    def _scalar(self, event: Any, path: FieldPath, discard: bool) -> Any:
        self._count(1, event.start_mark)
        location = (event.start_mark.line + 1, event.start_mark.column + 1)
        if not discard:
            self._record(False, path, location)
        value = _scalar_value(event, path)
        if event.anchor is not None:
            self.anchors[event.anchor] = _Anchor(value, event.value, 1, 0, [(False, (), location)])
        return value

    def _anchor(self, event: Any, path: FieldPath) -> _Anchor:
        anchor = self.anchors.get(event.anchor)
        if anchor is None:
            raise Fault(event.start_mark, path, f"alias *{event.anchor} nie ma wcześniej w pliku kotwicy "
                                                f"&{event.anchor}; wpisz wartość wprost")
        if isinstance(anchor, _Frame):  # still open
            raise Fault(event.start_mark, path, f"alias *{event.anchor} wskazuje na wartość, która go zawiera "
                                                "(pętla bez końca); wpisz wartość wprost")
        return anchor

    def _alias(self, event: Any, path: FieldPath, discard: bool, depth: int) -> tuple[Any, int]:
        anchor = self._anchor(event, path)
        if depth + anchor.height > MAX_DEPTH:
            raise Fault(event.start_mark, path[:3], f"alias *{event.anchor} zagnieżdża wartości głębiej niż "
                                                f"{MAX_DEPTH} poziomów; popraw strukturę")
        self._count(anchor.size, event.start_mark)
        if not discard:
            for is_key, below, location in anchor.positions:
                self._record(is_key, path + below, location)
        value = anchor.value
        if isinstance(value, (dict, list)):
            value = copy.deepcopy(value)  # depth is bounded above, so the recursion is too
        return value, anchor.height


def _plain_value(event: Any, value: str) -> Any:
    """A plain (unquoted, untagged) scalar: text (``value``, maybe interned), unless its form
    says number, date, yes/no or null."""
    for _tag, pattern in _IMPLICIT.get(value[:1], _WILDCARD):
        if pattern.match(value):
            return _scalar_value(event, ())
    return value


def _scalar_value(event: Any, path: FieldPath) -> Any:
    tag, value = event.tag, event.value
    explicit = tag not in (None, "!")
    if not explicit:
        tag = _RESOLVER.resolve(ScalarNode, value, event.implicit)
        if tag == STR or tag == MERGE or tag == VALUE:  # "<<" and "=" are text outside keys
            return value
    if tag == STR:
        return value
    if tag not in _TAG_MEANING or tag in (MAP, SEQ):
        raise Fault(event.start_mark, path, _tag_problem(tag, "pojedyncza wartość"))
    if tag == NULL:
        if value in _NULL_FORMS:
            return None
    elif len(value) <= MAX_TYPED_SCALAR:
        try:
            return _BUILD[tag](ScalarNode(tag, value))
        except (ArithmeticError, LookupError, ValueError, AttributeError, TypeError, yaml.YAMLError):
            pass
    if not explicit:
        return value  # e.g. the date 2026-02-31: kept as text, validation says what is wrong
    raise Fault(event.start_mark, path, f"wartość „{_short(value)}” nie pasuje do znacznika {tag_label(tag)} "
                                        f"({_TAG_MEANING[tag]}); usuń znacznik albo popraw wartość")


def _tag_problem(tag: str, where: str) -> str:
    if tag in _TAG_MEANING:
        return f"znacznik {tag_label(tag)} ({_TAG_MEANING[tag]}) nie pasuje do tego miejsca: jest tu {where}; usuń znacznik"
    return f"niedozwolony znacznik YAML {_short(tag_label(tag))}; wpisz zwykłą wartość"


