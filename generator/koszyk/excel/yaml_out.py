"""Writing imported card data as YAML: new cards tidy, existing cards changed in place.

Updating uses ruamel.yaml's round-trip mode, so a partner's comments, key order,
flow style and indentation survive; only the values that changed are touched.
An update only adds and changes: a key or a service the workbook does not carry is
kept (removal needs an explicit value, e.g. status ``wycofana``).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .. import schema

HEADER = "# yaml-language-server: $schema=../../../site_config/schema/karta.schema.json\n"
FLOW_KEYS = {"obszary", "grupy_docelowe", "adres", "kontakt", "kontakt_wewnetrzny", "wiek", "opiekunowie"}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
QUOTED_KEYS = {"telefon", "kod"}  # the guide asks for quotes: "00-950" and "+48 …" stay text for every reader


@dataclass(frozen=True)
class Change:
    """One change to a card: ``path`` inside the card, the old value (None when added) and the new."""

    path: tuple
    old: Any
    new: Any


class AliasInCard(Exception):
    """The card shares a value by a YAML alias (``*name``); an in-place edit would change every user of it."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


def _indentation(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) as the card writes them, so an update does not re-indent it."""
    lines = text.splitlines()
    for number, line in enumerate(lines[:-1]):
        match = re.match(r"^( *)[^ #-][^:]*:\s*(#.*)?$", line)
        if not match:
            continue
        following = lines[number + 1]
        dash = re.match(r"^( *)- ", following)
        if dash:
            offset = len(dash.group(1)) - len(match.group(1))
            if offset >= 0:
                return 2, offset + 2, offset
    return 2, 4, 2


def _yaml(text: str = "") -> YAML:
    mapping, sequence, offset = _indentation(text) if text else (2, 4, 2)
    handler = YAML()
    handler.indent(mapping=mapping, sequence=sequence, offset=offset)
    handler.width = 4096
    handler.allow_unicode = True
    handler.preserve_quotes = True
    return handler


def without_defaults(data: Any, kind: schema.Kind) -> Any:
    """``data`` minus keys that only repeat the schema's default (``status: oferowana``…)."""
    if isinstance(kind, schema.ListOf) and isinstance(data, list):
        return [without_defaults(item, kind.item) for item in data]
    if isinstance(kind, schema.Record) and isinstance(data, dict):
        fields = {f.key: f for f in kind.fields}
        return {
            key: without_defaults(value, fields[key].kind) if key in fields else value
            for key, value in data.items()
            if not (key in fields and fields[key].default is not None and value == fields[key].default
                    and fields[key].default != [])
        }
    return data


def _commented(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        mapping = CommentedMap((k, _commented(v, k)) for k, v in value.items())
        if key in FLOW_KEYS or key == "_criterion":
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(_commented(v, "_criterion" if key == "kryteria" else "") for v in value)
        if key in FLOW_KEYS:
            sequence.fa.set_flow_style()
        return sequence
    if key in QUOTED_KEYS and isinstance(value, str):
        return DoubleQuotedScalarString(value)
    return value


class _FlowMap(dict):
    pass


class _FlowList(list):
    pass


class _Quoted(str):
    pass


_FAST_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _CardDumper(_FAST_DUMPER):
    """PyYAML's C dumper with short maps and lists on one line, as partners write them.
    It writes block lists level with their key; ``_indent_lists`` indents them as the
    sample cards do."""


class _SlowCardDumper(yaml.SafeDumper):
    """The pure-Python dumper, which can indent lists itself: the fallback."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _represent_text(dumper, value: str):
    style = "|" if "\n" in value else None  # descriptions stay readable, line by line
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


for _dumper in (_CardDumper, _SlowCardDumper):
    _dumper.add_representer(str, _represent_text)
    _dumper.add_representer(_Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))
    _dumper.add_representer(_FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))
    _dumper.add_representer(_FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))

_BLOCK_SCALAR = re.compile(r"(?:^|:|-)\s*[|>][-+0-9]*\s*$")


def _indent_lists(text: str) -> str:
    """Block lists written level with their key (``key:`` then ``- item`` below it) moved two
    spaces in, with everything that belongs to them; block scalar text is moved, never read."""
    lines, result = text.split("\n"), []
    regions: list[int] = []  # original indentation of each open list's dashes
    scalar_above = None  # indentation of the line that opened a block scalar
    for number, line in enumerate(lines):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if scalar_above is not None and (not stripped or indent > scalar_above):
            result.append(" " * (2 * len(regions)) + line if stripped else line)
            continue
        scalar_above = None
        if stripped:
            while regions and not (indent > regions[-1] or (indent == regions[-1] and stripped.startswith("- "))):
                regions.pop()
        following = lines[number + 1] if number + 1 < len(lines) else ""
        shift = 2 * len(regions)
        result.append(" " * shift + line if stripped else line)
        if stripped.endswith(":") and following.startswith(" " * indent + "- "):
            regions.append(indent)
        if _BLOCK_SCALAR.search(stripped):
            scalar_above = indent + (2 if stripped.startswith("- ") else 0)
    return "\n".join(result)


def _flow_marked(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        marked = {k: _flow_marked(v, k) for k, v in value.items()}
        return _FlowMap(marked) if key in FLOW_KEYS or key == "_criterion" else marked
    if isinstance(value, list):
        items = [_flow_marked(v, "_criterion" if key == "kryteria" else "") for v in value]
        return _FlowList(items) if key in FLOW_KEYS else items
    if key in QUOTED_KEYS and isinstance(value, str):
        return _Quoted(value)
    return value


def new_card_text(data: dict) -> str:
    """A new card file, in the sample cards' style.

    The C emitter and ``_indent_lists`` take about a sixth of the pure-Python dumper's
    time; the result is read back and compared, and the slow dumper is used if it differs.
    """
    plain = without_defaults(data, schema.CARD)
    marked = _flow_marked(plain)
    options = {"allow_unicode": True, "sort_keys": False, "width": 4096}
    body = _indent_lists(yaml.dump(marked, Dumper=_CardDumper, **options))
    if yaml.load(body, Loader=_LOADER) != plain:
        body = yaml.dump(marked, Dumper=_SlowCardDumper, **options)
    return HEADER + body


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _same_value(old: Any, new: Any) -> bool:
    plain = _plain(old)
    if isinstance(plain, str) and isinstance(new, str):
        return plain.strip() == new.strip()  # a block scalar's final newline is no change
    return plain == new


def _update(old: Any, new: Any, path: tuple, changes: list[Change], kind: schema.Kind | None) -> Any:
    """``new`` merged into ``old``: ruamel objects kept where the value is unchanged, nothing removed."""
    if isinstance(old, dict) and isinstance(new, dict):
        fields = {f.key: f for f in kind.fields} if isinstance(kind, schema.Record) else {}
        for key, value in new.items():
            child = fields[key].kind if key in fields else None
            if key in old:
                old[key] = _update(old[key], value, path + (key,), changes, child)
            else:
                changes.append(Change(path + (key,), None, value))
                old[key] = _commented(value, key)
        return old
    if isinstance(old, list) and isinstance(new, list) and isinstance(kind, schema.ListOf) \
            and isinstance(kind.item, schema.Record) and kind.item.fields[0].key == "id":
        return _update_services(old, new, path, changes, kind.item)
    if _same_value(old, new):
        return old
    changes.append(Change(path, _plain(old), new))
    key = next((step for step in reversed(path) if isinstance(step, str)), "")
    replacement = _commented(new, key)
    if isinstance(old, CommentedSeq) and isinstance(replacement, CommentedSeq) and old.fa.flow_style():
        replacement.fa.set_flow_style()
    return replacement


def _update_services(old: list, new: list, path: tuple, changes: list[Change], record: schema.Record) -> list:
    """Services matched by id; a service the workbook does not carry stays as it is."""
    positions = {item.get("id"): index for index, item in enumerate(old) if isinstance(item, dict)}
    for item in new:
        index = positions.get(item.get("id"))
        if index is None:
            changes.append(Change(path + (len(old),), None, item))
            old.append(_commented(item))
        else:
            old[index] = _update(old[index], item, path + (index,), changes, record)
    return old


def would_change(old: Any, new: Any) -> bool:
    """Whether merging plain ``new`` into plain ``old`` (as ``_update`` does) changes anything.
    Cheap: an unchanged card is never parsed by the round-trip loader (~80 ms a card)."""
    if isinstance(old, dict) and isinstance(new, dict):
        return any(key not in old or would_change(old[key], value) for key, value in new.items())
    if isinstance(old, list) and isinstance(new, list) and new and all(isinstance(item, dict) and "id" in item
                                                                        for item in old + new):
        by_id = {item["id"]: item for item in old}
        return any(item["id"] not in by_id or would_change(by_id[item["id"]], item) for item in new)
    return not _same_value(old, new)


def _first_alias_line(text: str) -> int | None:
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1
    return None


def updated_card_text(old_text: str, new_data: dict, clear: tuple = ()) -> tuple[str, list[Change]]:
    """The existing card with ``new_data`` merged in, the fields in ``clear`` removed, and every change made.

    ``clear`` holds paths with a service's id in place of its index
    (``("uslugi", "klub-seniora", "godziny")``): the workbook asked for them by name.

    Raises ``AliasInCard`` when the card shares values by aliases and would change:
    such a card is edited by hand, never half-updated.
    """
    handler = _yaml(old_text)
    document = handler.load(old_text)
    changes: list[Change] = []
    document = _update(document, without_defaults(new_data, schema.CARD), (), changes, schema.CARD)
    for path in clear:
        _remove(document, path, changes)
    if not changes:
        return old_text, []
    alias = _first_alias_line(old_text)
    if alias is not None:
        raise AliasInCard(alias)
    stream = io.StringIO()
    handler.dump(document, stream)
    return stream.getvalue(), changes


def _located(data: Any, path: tuple) -> tuple:
    """``path`` with a service id turned into its index in ``data`` (None when the service is not there)."""
    if path[0] != "uslugi":
        return path
    services = data.get("uslugi") or [] if isinstance(data, dict) else []
    index = next((i for i, item in enumerate(services) if isinstance(item, dict) and item.get("id") == path[1]), None)
    return None if index is None else ("uslugi", index) + path[2:]


def _value_at_path(data: Any, path: tuple) -> Any:
    for step in path:
        if isinstance(data, dict):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        else:
            return None
    return data


def clears_something(data: dict, clear: tuple) -> bool:
    """Whether any field in ``clear`` (paths as for ``updated_card_text``) is present in plain ``data``."""
    return any((located := _located(data, path)) is not None and _value_at_path(data, located) is not None
               for path in clear)


def _remove(document: Any, path: tuple, changes: list[Change]) -> None:
    """Delete the field at ``path``, and the maps it leaves empty (``kontakt_wewnetrzny: {}``)."""
    located = _located(document, path)
    if located is None:
        return
    parents = [document]
    for step in located[:-1]:
        current = parents[-1]
        if isinstance(current, dict) and step in current or isinstance(current, list) and step < len(current):
            parents.append(current[step])
        else:
            return
    key = located[-1]
    if not isinstance(parents[-1], dict) or key not in parents[-1]:
        return
    changes.append(Change(located, _plain(parents[-1][key]), None))
    del parents[-1][key]
    depth, keep = len(located) - 1, 2 if located[0] == "uslugi" else 1  # the partner or service map stays
    while depth > keep and isinstance(parents[depth], dict) and not parents[depth]:
        del parents[depth - 1][located[depth - 1]]
        depth -= 1
