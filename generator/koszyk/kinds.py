"""The small framework the card schema is declared in: kinds of values and records.

Each ``Kind`` checks a raw YAML value (``Kind.check``, reporting Polish problems to a
``Reporter``) and describes itself as JSON Schema (``Kind.json_schema``); a
``Record`` is a mapping of ``Field``s. Nothing here knows what a card is: that
declaration lives in ``koszyk.schema``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlparse

from .characters import describe, first_hidden, shortened as _short
from .personal_data import valid_pesel_in
from .loading import FieldPath
from .taxonomy import Taxonomy

INVALID = object()  # returned by a check that reported a problem

# Every message a kind reports about a value a person typed, as a template: Python
# fills it here, and the card form in the browser fills the same templates (shipped
# as JSON by ``koszyk.form_schema``), so the form and ``koszyk validate`` say the same.
MESSAGES = {
    "required": "brak wymaganego pola „{key}” ({title})",
    "text_hidden": "tekst zawiera niewidoczny znak {char} na pozycji {position}; usuń go "
                   "(takie znaki ukrywają albo odwracają tekst, np. by udawać inną nazwę)",
    "text_too_long": "tekst ma {length} znaków, dozwolone najwyżej {maximum}",
    "text_pesel": "„{value}” to numer PESEL; karta trafia do koszyka i na stronę, nie może zawierać "
                  "danych osób: usuń numer",
    "text_pattern": "„{value}” nie wygląda poprawnie: {hint}",
    "phone": "„{value}” nie jest polskim numerem telefonu; wpisz 9 cyfr, np. „+48 12 345 67 89”",
    "regon_format": "„{value}” nie jest numerem REGON; REGON ma 9 albo 14 cyfr (w cudzysłowie)",
    "regon_checksum": "„{value}”: zła cyfra kontrolna numeru REGON; sprawdź numer w rejestrze GUS",
    "url": "„{value}” nie jest adresem strony; wpisz go w całości, np. https://example.org",
    "date_not_existing": "„{value}” nie jest istniejącą datą",
    "date_format": "oczekiwano daty w postaci RRRR-MM-DD, a jest „{value}”",
    "date_future": "data {value} jest w przyszłości (dziś {today})",
    "integer_type": "oczekiwano liczby całkowitej, a jest {type}",
    "integer_range": "liczba {value} spoza zakresu {minimum}–{maximum}",
    "integer_span": "„{value}” to przedział; wpisz liczby osobno: {low} w polu „{low_field}”, {high} w polu „{high_field}”",
    "list_too_short": "lista musi mieć co najmniej {minimum} pozycję",
    "list_repeated": "wartość „{value}” powtórzona na liście",
    "age_order": "wiek „od” ({low}) jest większy niż „do” ({high})",
    "reserved_name": ("{what} nie może brzmieć „index”: tak nazywa się strona ze spisem, więc strona "
                      "partnera albo usługi zniknęłaby z witryny; wybierz inną nazwę"),
}
RESERVED_NAME = "index"  # a folder's own page: partnerzy/index/ is the list of partners


class Reporter(Protocol):
    taxonomy: Taxonomy
    today: dt.date

    def error(self, path: FieldPath, message: str, *, at_key: bool = False, missing: str = "") -> None:
        """``missing`` names a required field absent from the record at ``path``."""

    def warning(self, path: FieldPath, message: str) -> None: ...


def suggestion(value: str, candidates: list[str]) -> str:
    """`` (czy chodziło o „x”?)`` for the closest candidate, or nothing."""
    close = difflib.get_close_matches(value.lower(), candidates, n=1, cutoff=0.6)
    return f"; czy chodziło o „{close[0]}”?" if close else ""


def type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "mapa (pole: wartość)"
    if isinstance(value, list):
        return "lista"
    if isinstance(value, bool):
        return "tak/nie"
    if value is None:
        return "pusta wartość"
    if isinstance(value, (int, float)):
        return "liczba"
    if isinstance(value, (dt.date, dt.datetime)):
        return "data"
    return "tekst"


class Kind:
    """One kind of value. Subclasses check a value and describe it as JSON Schema."""

    def check(self, value: Any, path: FieldPath, report: Reporter) -> Any:
        raise NotImplementedError

    def json_schema(self, taxonomy: Taxonomy) -> dict:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Kind):
    pattern: str = ""
    hint: str = ""  # what the pattern means, in Polish, for the message
    max_length: int = 20_000

    def check(self, value, path, report):
        if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
            report.error(path, f"oczekiwano tekstu, a jest {type_name(value)}")
            return INVALID
        text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
        hidden = first_hidden(text)
        if hidden:
            index, char = hidden
            report.error(path, MESSAGES["text_hidden"].format(char=describe(char), position=index + 1))
            return INVALID
        if len(text) > self.max_length:
            report.error(path, MESSAGES["text_too_long"].format(length=len(text), maximum=self.max_length))
            return INVALID
        pesel = valid_pesel_in(text)
        if pesel:
            report.error(path, MESSAGES["text_pesel"].format(value=pesel))
            return INVALID
        if self.pattern and not re.fullmatch(self.pattern, text):
            report.error(path, MESSAGES["text_pattern"].format(value=_short(text), hint=self.hint))
            return INVALID
        return text

    def json_schema(self, taxonomy):
        schema: dict[str, Any] = {"type": "string", "maxLength": self.max_length}
        if self.pattern:
            schema["pattern"] = f"^(?:{self.pattern})$"
        return schema


_PHONE = re.compile(r"(?:\+48)?(\d{9}|\d{6}|\d{3})(?:wew\.?\d{1,5})?")


@dataclass(frozen=True)
class Phone(Kind):
    """A Polish number: 9 digits (+48 optional), a 116 xxx helpline or a 3-digit emergency number."""

    def check(self, value, path, report):
        text = Text(max_length=40).check(value, path, report)
        if text is INVALID:
            return INVALID
        compact = re.sub(r"[\s()-]", "", text)
        match = _PHONE.fullmatch(compact)
        if not match or (len(match.group(1)) == 6 and not match.group(1).startswith("116")):
            report.error(path, MESSAGES["phone"].format(value=text))
            return INVALID
        return text

    def json_schema(self, taxonomy):
        return {"type": "string", "maxLength": 40, "description": "Numer telefonu, np. +48 12 345 67 89"}


REGON_WEIGHTS = {9: (8, 9, 2, 3, 4, 5, 6, 7), 14: (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)}


def regon_is_valid(digits: str) -> bool:
    """The GUS checksum of a 9- or 14-digit REGON (a 14-digit one extends a valid 9-digit one)."""
    weights = REGON_WEIGHTS.get(len(digits))
    if weights is None or not digits.isdigit():
        return False
    check = sum(int(digit) * weight for digit, weight in zip(digits, weights)) % 11 % 10
    return check == int(digits[-1]) and (len(digits) == 9 or regon_is_valid(digits[:9]))


@dataclass(frozen=True)
class Regon(Kind):
    """A REGON number: 9 or 14 digits with a valid checksum; spaces and hyphens are ignored."""

    def check(self, value, path, report):
        text = Text(max_length=30).check(value, path, report)
        if text is INVALID:
            return INVALID
        digits = re.sub(r"[\s-]", "", text)
        if not re.fullmatch(r"\d{9}|\d{14}", digits):
            report.error(path, MESSAGES["regon_format"].format(value=_short(text)))
            return INVALID
        if not regon_is_valid(digits):
            report.error(path, MESSAGES["regon_checksum"].format(value=_short(text)))
            return INVALID
        return digits

    def json_schema(self, taxonomy):
        return {"type": "string", "pattern": "^[0-9 -]{9,30}$", "description": "REGON: 9 albo 14 cyfr"}


@dataclass(frozen=True)
class Url(Kind):
    def check(self, value, path, report):
        text = Text(max_length=500).check(value, path, report)
        if text is INVALID:
            return INVALID
        parsed = urlparse(text)
        if parsed.scheme not in ("http", "https") or "." not in parsed.netloc or " " in text:
            report.error(path, MESSAGES["url"].format(value=_short(text)))
            return INVALID
        return text

    def json_schema(self, taxonomy):
        return {"type": "string", "format": "uri", "pattern": "^https?://"}


@dataclass(frozen=True)
class Date(Kind):
    not_in_future: bool = False

    def check(self, value, path, report):
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                report.error(path, MESSAGES["date_not_existing"].format(value=value))
                return INVALID
        if not isinstance(value, dt.date):
            report.error(path, MESSAGES["date_format"].format(value=_short(str(value))))
            return INVALID
        if self.not_in_future and value > report.today:
            report.error(path, MESSAGES["date_future"].format(value=value.isoformat(), today=report.today.isoformat()))
            return INVALID
        return value

    def json_schema(self, taxonomy):
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


SPAN = re.compile(r"[ \t]*([0-9]+)[ \t]*[-–—][ \t]*([0-9]+)[ \t]*")  # formularz-reguly.js: the same pattern


@dataclass(frozen=True)
class Integer(Kind):
    minimum: int = 0
    maximum: int = 130
    span_fields: tuple[str, ...] = ()  # ("od", "do"): a range typed in one of them, "7-12", is explained

    def check(self, value, path, report):
        span = SPAN.fullmatch(value) if isinstance(value, str) and self.span_fields else None
        if span:
            low_field, high_field = self.span_fields
            report.error(path, MESSAGES["integer_span"].format(value=_short(value), low=span[1], high=span[2],
                                                               low_field=low_field, high_field=high_field))
            return INVALID
        if isinstance(value, bool) or not isinstance(value, int):
            report.error(path, MESSAGES["integer_type"].format(type=type_name(value)))
            return INVALID
        if not self.minimum <= value <= self.maximum:
            report.error(path, MESSAGES["integer_range"].format(value=value, minimum=self.minimum, maximum=self.maximum))
            return INVALID
        return value

    def json_schema(self, taxonomy):
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


@dataclass(frozen=True)
class Boolean(Kind):
    def check(self, value, path, report):
        if not isinstance(value, bool):
            report.error(path, f"oczekiwano true albo false, a jest {type_name(value)}")
            return INVALID
        return value

    def json_schema(self, taxonomy):
        return {"type": "boolean"}


@dataclass(frozen=True)
class Choice(Kind):
    """One key of a taxonomy vocabulary."""

    vocabulary: str

    def check(self, value, path, report):
        vocabulary = report.taxonomy[self.vocabulary]
        if isinstance(value, str) and value in vocabulary:
            return value
        if not isinstance(value, str):
            report.error(path, f"oczekiwano jednej z wartości słownika „{vocabulary.title}”, a jest {type_name(value)}")
            return INVALID
        by_label = vocabulary.key_for_label(value)
        hint = f"; czy chodziło o „{by_label}”?" if by_label else suggestion(value, vocabulary.keys)
        report.error(path, f"nieznana wartość „{_short(value)}” w słowniku „{vocabulary.title}”{hint}")
        return INVALID

    def json_schema(self, taxonomy):
        vocabulary = taxonomy[self.vocabulary]
        return {
            "type": "string",
            "enum": vocabulary.keys,
            "markdownEnumDescriptions": [f"**{t.label}**: {t.description}" for t in vocabulary],
        }


@dataclass(frozen=True)
class ListOf(Kind):
    item: Kind
    min_items: int = 0
    unique: bool = False

    def check(self, value, path, report):
        if isinstance(value, (str, int)) and not isinstance(value, bool) and self.min_items:
            value = [value]  # a single value where a list belongs is a common, harmless slip
        if not isinstance(value, list):
            report.error(path, f"oczekiwano listy, a jest {type_name(value)}")
            return INVALID
        if len(value) < self.min_items:
            report.error(path, MESSAGES["list_too_short"].format(minimum=self.min_items))
            return INVALID
        items = []
        seen, repeated = set(), set()  # of unique lists' values (texts): a set, as a published card may list 100,000
        for index, item in enumerate(value):
            checked = self.item.check(item, path + (index,), report)
            if checked is INVALID:
                continue
            if self.unique and checked in seen:
                if checked not in repeated:  # once per value: a value 200,000 times gave 200,000 lines
                    report.warning(path + (index,), MESSAGES["list_repeated"].format(value=checked))
                    repeated.add(checked)
                continue
            if self.unique:
                seen.add(checked)
            items.append(checked)
        return items

    def json_schema(self, taxonomy):
        schema = {"type": "array", "items": self.item.json_schema(taxonomy)}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique:
            schema["uniqueItems"] = True
        return schema


@dataclass(frozen=True)
class Field:
    key: str
    kind: Kind
    title: str
    required: bool = False
    default: Any = None
    intranet_only: bool = False


@dataclass(frozen=True)
class Record(Kind):
    """A mapping with a fixed set of keys."""

    fields: tuple[Field, ...]

    @functools.cached_property
    def fields_by_key(self) -> dict[str, Field]:
        return {field.key: field for field in self.fields}

    def field(self, key: str) -> Field:
        return self.fields_by_key[key]

    def check(self, value, path, report):
        if not isinstance(value, dict):
            report.error(path, f"oczekiwano mapy (pole: wartość), a jest {type_name(value)}")
            return INVALID
        known = {field.key: field for field in self.fields}
        result: dict[str, Any] = {}
        for key in value:
            if key not in known:
                report.error(path + (key,), f"nieznane pole „{key}”{suggestion(str(key), list(known))}", at_key=True)
        for field in self.fields:
            if field.key not in value or value[field.key] is None:
                if field.key in value and field.default not in (None, []) and not field.required:
                    shown = {True: "true", False: "false"}.get(field.default, field.default)
                    report.warning(path + (field.key,), f"pole „{field.key}” jest puste; przyjęto wartość domyślną "
                                                        f"„{shown}”. Wpisz wartość albo usuń pole")
                if field.required:
                    report.error(path, MESSAGES["required"].format(key=field.key, title=field.title), missing=field.key)
                elif field.default is not None:
                    result[field.key] = field.default
                continue
            checked = field.kind.check(value[field.key], path + (field.key,), report)
            if checked is not INVALID:
                result[field.key] = checked
        return result

    def json_schema(self, taxonomy):
        properties = {}
        for field in self.fields:
            schema = dict(field.kind.json_schema(taxonomy))
            schema["description"] = field.title + (" Tylko intranet." if field.intranet_only else "")
            if field.default is not None:
                schema["default"] = field.default
            properties[field.key] = schema
        schema = {"type": "object", "additionalProperties": False, "properties": properties}
        required = [field.key for field in self.fields if field.required]
        if required:
            schema["required"] = required
        return schema


def json_schema(record: Record, taxonomy: Taxonomy, title: str) -> dict:
    schema = record.json_schema(taxonomy)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **schema}
