"""Writing imported card data as YAML: new cards tidy, existing cards changed in place.

Updating uses ruamel.yaml's round-trip mode, so a partner's comments, key order
and flow style survive; only the values that changed are touched.
"""

from __future__ import annotations

import io
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .. import schema

HEADER = "# yaml-language-server: $schema=../../../site_config/schema/karta.schema.json\n"
_FLOW_KEYS = {"obszary", "grupy_docelowe", "adres", "kontakt", "kontakt_wewnetrzny", "wiek", "opiekunowie"}


def _yaml() -> YAML:
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    return yaml


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
        if key in _FLOW_KEYS or key == "_criterion":
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(_commented(v, "_criterion" if key == "kryteria" else "") for v in value)
        if key in _FLOW_KEYS:
            sequence.fa.set_flow_style()
        return sequence
    return value


class _FlowMap(dict):
    pass


class _FlowList(list):
    pass


class _CardDumper(yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper):
    """PyYAML's fast dumper, with short maps and lists on one line as partners write them."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _represent_text(dumper, value: str):
    style = "|" if "\n" in value else None  # descriptions stay readable, line by line
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_CardDumper.add_representer(str, _represent_text)
_CardDumper.add_representer(_FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))
_CardDumper.add_representer(_FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def _flow_marked(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        marked = {k: _flow_marked(v, k) for k, v in value.items()}
        return _FlowMap(marked) if key in _FLOW_KEYS or key == "_criterion" else marked
    if isinstance(value, list):
        items = [_flow_marked(v, "_criterion" if key == "kryteria" else "") for v in value]
        return _FlowList(items) if key in _FLOW_KEYS else items
    return value


def new_card_text(data: dict) -> str:
    """A new card file; written with PyYAML's C emitter (ruamel takes ~80 ms a card)."""
    body = yaml.dump(_flow_marked(without_defaults(data, schema.CARD)), Dumper=_CardDumper,
                     allow_unicode=True, sort_keys=False, width=4096)
    return HEADER + body


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _update(old: Any, new: Any, path: str, changes: list[str], kind: schema.Kind | None) -> Any:
    """``new`` merged into ``old`` (ruamel objects kept where the value is unchanged)."""
    if isinstance(old, dict) and isinstance(new, dict):
        fields = {f.key: f for f in kind.fields} if isinstance(kind, schema.Record) else {}
        for key in list(old.keys()):
            if key not in new:
                default = fields[key].default if key in fields else None
                if default is not None and _plain(old[key]) == default:
                    continue  # the default written out: same meaning
                changes.append(f"{path}{key}: usunięto")
                del old[key]
        for key, value in new.items():
            child = fields[key].kind if key in fields else None
            if key in old:
                old[key] = _update(old[key], value, f"{path}{key}.", changes, child)
            else:
                changes.append(f"{path}{key}: dodano {value!r}")
                old[key] = _commented(value, key)
        return old
    if isinstance(old, list) and isinstance(new, list) and isinstance(kind, schema.ListOf) \
            and isinstance(kind.item, schema.Record) and kind.item.fields[0].key == "id":
        return _update_services(old, new, path, changes, kind.item)
    if _plain(old) == new or (isinstance(old, str) and isinstance(new, str) and old.strip() == new.strip()):
        return old  # unchanged (a block scalar's final newline is no change)
    changes.append(f"{path.rstrip('.')}: {_plain(old)!r} → {new!r}")
    replacement = _commented(new, path.rstrip(".").rsplit(".", 1)[-1])
    if isinstance(old, CommentedSeq) and isinstance(replacement, CommentedSeq) and old.fa.flow_style():
        replacement.fa.set_flow_style()
    return replacement


def _update_services(old: list, new: list, path: str, changes: list[str], record: schema.Record) -> list:
    old_by_id = {item.get("id"): item for item in old if isinstance(item, dict)}
    result = CommentedSeq()
    for item in new:
        previous = old_by_id.pop(item.get("id"), None)
        if previous is None:
            changes.append(f"usługa {item.get('id')}: dodano")
            result.append(_commented(item))
        else:
            result.append(_update(previous, item, f"usługa {item.get('id')}: ", changes, record))
    changes.extend(f"usługa {service_id}: usunięto" for service_id in old_by_id)
    old[:] = result
    return old


def updated_card_text(old_text: str, new_data: dict) -> tuple[str, list[str]]:
    """The existing card with ``new_data`` merged in, and a line per change (Polish)."""
    yaml = _yaml()
    document = yaml.load(old_text)
    changes: list[str] = []
    document = _update(document, without_defaults(new_data, schema.CARD), "", changes, schema.CARD)
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue(), changes
