"""Problems with a cell's value, said in the words of the sheet: the dropdown's labels,
the list separator, the neighbouring columns. The card validator still checks
everything afterwards; this only speaks first where a sheet user needs other words."""

from __future__ import annotations

import difflib
import re
from typing import Any

from ..taxonomy import Taxonomy, Vocabulary
from .cells import parse_polish_date
from .columns import NO, YES, Column

_RANGE = re.compile(r"\s*(\d{1,3})\s*(?:-|–|—|do|\.\.)\s*(\d{1,3})\s*(?:lat[a]?)?\s*", re.IGNORECASE)


def _label_hint(value: str, vocabulary: Vocabulary) -> str:
    labels = [term.label for term in vocabulary]
    folded = {label.casefold(): label for label in labels}
    close = difflib.get_close_matches(value.casefold(), list(folded), n=1, cutoff=0.6)
    return f"; czy chodziło o „{folded[close[0]]}”?" if close else "; wybierz wartość z listy rozwijanej"


def _unknown(value: str, column: Column, vocabulary: Vocabulary) -> str:
    return f"nieznana wartość „{value}” na liście „{column.header}”{_label_hint(value, vocabulary)}"


def value_problem(column: Column, value: Any, taxonomy: Taxonomy) -> tuple[tuple, str] | None:
    """(path suffix inside the column's value, Polish message) when the cell cannot be right, else None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    if column.vocabulary:
        vocabulary = taxonomy[column.vocabulary]
        return None if vocabulary.key_for_label(text) else ((), _unknown(text, column, vocabulary))
    if column.many:
        return _many_problem(text, column, taxonomy[column.many])
    if column.kind == "int":
        return _int_problem(value, text, column)
    if column.kind == "bool" and text.casefold() not in (YES, NO, "true", "false", "1", "0", "prawda", "fałsz"):
        return (), f"wpisz „{YES}” albo „{NO}” (albo zostaw puste), a nie „{text}”"
    if column.kind == "date" and isinstance(value, str) and not parse_polish_date(text) \
            and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return (), f"„{text}” nie jest datą; wpisz ją jako 2026-11-05 albo 5.11.2026"
    return None


def _many_problem(text: str, column: Column, vocabulary: Vocabulary) -> tuple[tuple, str] | None:
    parts = [part.strip() for part in text.split(";") if part.strip()]
    for index, part in enumerate(parts):
        if vocabulary.key_for_label(part):
            continue
        pieces = [piece.strip() for piece in part.split(",") if piece.strip()]
        if len(pieces) > 1 and any(vocabulary.key_for_label(piece) for piece in pieces):
            return (index,), (f"„{part}”: kilka wartości oddziel średnikiem „;”, nie przecinkiem "
                              "(przecinek bywa częścią nazwy, np. „Sport, turystyka i rekreacja”)")
        return (index,), _unknown(part, column, vocabulary)
    return None


def _int_problem(value: Any, text: str, column: Column) -> tuple[tuple, str] | None:
    if isinstance(value, bool):
        return (), f"wpisz liczbę lat, a nie „{text}”"
    if isinstance(value, (int, float)) and float(value).is_integer():
        return None
    if text.isdigit():
        return None
    age_range = _RANGE.fullmatch(text)
    if age_range and column.header.startswith("Wiek"):
        low, high = age_range.groups()
        return (), (f"„{text}” to przedział; wpisz {low} w kolumnie „Wiek od” i {high} w kolumnie „Wiek do” "
                    "(każda komórka mieści jedną liczbę)")
    return (), f"wpisz jedną liczbę całkowitą (lat), np. 7, a nie „{text}”"
