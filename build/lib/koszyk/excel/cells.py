"""Card data ⇄ cell values, column by column (labels in cells, keys in YAML)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..spreadsheet_text import is_formula_like
from ..taxonomy import Taxonomy
from .columns import LIST_SEPARATOR, NO, YES, Column

__all__ = ["from_cell", "get_path", "is_formula_like", "parse_polish_date", "set_path", "to_cell"]
_POLISH_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_TRUE, _FALSE = {YES, "true", "1", "prawda"}, {NO, "false", "0", "fałsz"}


def parse_polish_date(text: str) -> dt.date | None:
    """``5.11.2026`` or ``05.11.2026`` (d.m.rrrr, as people in Poland type dates) → a date, else None."""
    match = _POLISH_DATE.fullmatch(text.strip())
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def get_path(data: dict, path: tuple) -> Any:
    current: Any = data
    for step in path:
        if isinstance(step, int):
            if not isinstance(current, list) or step >= len(current):
                return None
        elif not isinstance(current, dict):
            return None
        current = current[step] if isinstance(step, int) else current.get(step)
        if current is None:
            return None
    return current


def set_path(data: dict, path: tuple, value: Any) -> None:
    current: Any = data
    for step, following in zip(path, path[1:]):
        container: Any = [] if isinstance(following, int) else {}
        if isinstance(step, int):
            while len(current) <= step:
                current.append({})
            current = current[step]
        else:
            current = current.setdefault(step, container)
    last = path[-1]
    if isinstance(last, int):
        while len(current) <= last:
            current.append(None)
        current[last] = value
    else:
        current[last] = value


def to_cell(column: Column, data: dict, taxonomy: Taxonomy) -> Any:
    """The value a cell shows for ``data`` (a partner or a service as in the YAML)."""
    value = get_path(data, column.path)
    if value is None or value == "" or value == []:
        return None
    if column.vocabulary:
        return taxonomy[column.vocabulary].label(value)
    if column.many:
        return LIST_SEPARATOR.join(taxonomy[column.many].label(key) for key in value)
    if column.kind == "bool":
        return YES if value else NO
    if column.kind == "list":
        return LIST_SEPARATOR.join(str(item) for item in value)
    if column.kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    return value


def from_cell(column: Column, value: Any, taxonomy: Taxonomy) -> Any:
    """The YAML value for a cell; what cannot be understood is passed on for the validator to name."""
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value  # TRUE/FALSE: the answer of a yes/no column, elsewhere a type the validator names
    if isinstance(value, dt.datetime) and column.kind == "text":
        return (value.date() if value.time() == dt.time() else value).isoformat()
    if column.vocabulary:
        return taxonomy[column.vocabulary].key_for_label(str(value)) or str(value)
    if column.many:
        vocabulary = taxonomy[column.many]
        return [vocabulary.key_for_label(part) or part.strip()
                for part in str(value).split(";") if part.strip()]
    if column.kind == "bool":
        text = str(value).strip().lower()
        return True if text in _TRUE else False if text in _FALSE else value
    if column.kind == "int":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.isascii() and value.isdigit():
            return int(value)
        return value
    if column.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return parse_polish_date(str(value)) or str(value)
    if column.kind == "list":
        return [part.strip() for part in str(value).split(";") if part.strip()]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value) if not isinstance(value, str) else value
