"""The change summary of an import, in the words of the sheet: column headers, list labels,
dates as 2026-11-05, "tak"/"nie"; never YAML keys or Python reprs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import schema
from ..taxonomy import Taxonomy
from .columns import LIST_SEPARATOR, NO, PARTNER_COLUMNS, SERVICE_COLUMNS, YES, Column
from .yaml_out import Change

_PARTNER = {column.path: column for column in PARTNER_COLUMNS}
_SERVICE = {column.path: column for column in SERVICE_COLUMNS}
_CRITERIA = ("dostep", "kryteria")
_DEFAULTS = {
    "Partner": {(f.key,): f.default for f in schema.PARTNER.fields if f.default is not None},
    "usługa": {(f.key,): f.default for f in schema.SERVICE.fields if f.default not in (None, [])},
}


def _leaves(path: tuple, value: Any):
    """(path, value) for every plain value inside ``value`` (criteria stay one list)."""
    if isinstance(value, dict) and path[-2:] != _CRITERIA:
        for key, item in value.items():
            yield from _leaves(path + (key,), item)
    else:
        yield path, value


def _criteria_text(value: Any, taxonomy: Taxonomy) -> str:
    parts = []
    for criterion in value or []:
        kind = taxonomy["kryteria"].label(criterion.get("rodzaj", "")) if criterion.get("rodzaj") else ""
        parts.append(f"{kind}: {criterion['warunek']}" if criterion.get("warunek") else kind)
    return LIST_SEPARATOR.join(parts)


def _shown(value: Any, column: Column | None, taxonomy: Taxonomy) -> str:
    if value is None or value == [] or value == "":
        return "(puste)"
    if column is None:
        return f"„{_criteria_text(value, taxonomy)}”" if isinstance(value, list) else f"„{value}”"
    if column.vocabulary:
        return f"„{taxonomy[column.vocabulary].label(value)}”"
    if column.many:
        return f"„{LIST_SEPARATOR.join(taxonomy[column.many].label(key) for key in value)}”"
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, list):
        return f"„{LIST_SEPARATOR.join(str(item) for item in value)}”"
    if isinstance(value, str) and "\n" in value:
        first = value.strip().splitlines()[0]
        return f"„{first[:60]}…”"
    return f"„{value}”"


def _label(inner: tuple, columns: dict[tuple, Column]) -> tuple[str, Column | None]:
    if inner == _CRITERIA:
        return "Kryteria dostępu", None
    column = columns.get(inner)
    return (column.header, column) if column else (".".join(str(step) for step in inner), None)


def describe(changes: list[Change], card: dict, taxonomy: Taxonomy) -> list[str]:
    """One Polish line per change. ``card`` is the card after the update (to name services)."""
    lines = []
    services = card.get("uslugi") or []
    for change in changes:
        if change.path[0] == "partner":
            prefix, columns, inner = "Partner", _PARTNER, change.path[1:]
        else:
            index = change.path[1]
            service = services[index] if index < len(services) else {}
            prefix = f"usługa {service.get('id', '?')} („{service.get('nazwa', '')}”)"
            columns, inner = _SERVICE, change.path[2:]
            if not inner:
                lines.append(f"{prefix}: nowa usługa")
                continue
        defaults = _DEFAULTS["Partner" if prefix == "Partner" else "usługa"]
        for path, new in _leaves(inner, change.new):
            old = _value_at(change.old, path[len(inner):])
            old = defaults.get(path) if old is None else old  # an absent key means its default
            label, column = _label(path, columns)
            if old is None:
                lines.append(f"{prefix}: {label}: dodano {_shown(new, column, taxonomy)}")
            elif new is None:  # asked for in a „Usuń pola…” column
                lines.append(f"{prefix}: {label}: usunięto {_shown(old, column, taxonomy)}")
            else:
                lines.append(f"{prefix}: {label}: {_shown(old, column, taxonomy)} → {_shown(new, column, taxonomy)}")
    return lines


def _value_at(value: Any, path: tuple) -> Any:
    for step in path:
        if not isinstance(value, dict):
            return None
        value = value.get(step)
    return value
