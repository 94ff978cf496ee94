"""The "Pola karty" page: every key of a card, generated from ``koszyk.schema``.

Generated rather than written by hand, so the partner guide can never disagree
with what the validator accepts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .. import schema
from ..excel.columns import CLEAR, MAX_CRITERIA, PARTNER_COLUMNS, SERVICE_COLUMNS, Column
from .rendering import Renderer, SitePage


@dataclass(frozen=True)
class KeyRow:
    path: str
    title: str
    required: bool
    kind: str
    vocabulary: str = ""
    default: str = ""
    intranet_only: bool = False


def _kind_name(kind: schema.Kind) -> tuple[str, str]:
    """A Polish name of a kind, and the vocabulary it draws from (if any)."""
    if isinstance(kind, schema.ListOf):
        name, vocabulary = _kind_name(kind.item)
        return f"lista ({name})", vocabulary
    if isinstance(kind, schema.Choice):
        return "wartość ze słownika", kind.vocabulary
    names = {schema.Boolean: "true / false", schema.Date: "data RRRR-MM-DD", schema.Integer: "liczba",
             schema.Phone: "telefon", schema.Url: "adres strony", schema.Record: "mapa"}
    for cls, name in names.items():
        if isinstance(kind, cls):
            return name, ""
    return "tekst", ""


def key_rows(record: schema.Record, prefix: str = "") -> Iterator[KeyRow]:
    for field in record.fields:
        path = f"{prefix}{field.key}"
        kind_name, vocabulary = _kind_name(field.kind)
        yield KeyRow(path, field.title, field.required, kind_name, vocabulary,
                     "" if field.default in (None, []) else str(field.default).lower(), field.intranet_only)
        inner = field.kind.item if isinstance(field.kind, schema.ListOf) else field.kind
        if isinstance(inner, schema.Record):
            suffix = "[]." if isinstance(field.kind, schema.ListOf) else "."
            yield from key_rows(inner, path + suffix)


@dataclass(frozen=True)
class ColumnRow:
    header: str
    path: str
    meaning: str
    typed: str  # what to type in the cell
    vocabulary: str
    required: bool
    intranet_only: bool


_COLUMN_MEANING = {
    "_slug": "Nazwa pliku karty w repozytorium (bez .yml). W nowej karcie zostaw puste: powstanie z nazwy "
             "partnera. Nie wpisuj nazwy cudzej karty: import to odrzuci.",
    "id": "Identyfikator usługi. W nowej usłudze możesz zostawić puste: powstanie z nazwy usługi "
          "(małe litery bez polskich znaków, myślniki; np. „Klub seniora” → klub-seniora). Nie zmieniaj "
          "i nie usuwaj identyfikatora istniejącej usługi.",
    "_usun": "Jedyny sposób, by arkusz wyczyścił pole w karcie (pusta komórka niczego nie usuwa): nagłówki "
             "kolumn do wyczyszczenia, oddzielone średnikiem, np. „Godziny; Miejsce”; komórkę pola zostaw pustą.",
}


def _field_for(record: schema.Record, path: tuple) -> schema.Field | None:
    kind: schema.Kind = record
    found = None
    for step in path:
        if isinstance(step, int):
            continue
        if isinstance(kind, schema.ListOf):
            kind = kind.item
        if not isinstance(kind, schema.Record) or step not in {f.key for f in kind.fields}:
            return None
        found = kind.field(step)
        kind = found.kind
    return found


def _typed(column: Column) -> str:
    if column.vocabulary:
        return "jedna wartość z listy rozwijanej"
    if column.many:
        return "kilka wartości z listy, oddzielonych średnikiem ;"
    return {"bool": "tak albo nie", "int": "jedna liczba całkowita (lat)",
            "date": "data: 2026-11-05 albo 5.11.2026",
            "list": "nazwy oddzielone średnikiem ;",
            "clear": "nagłówki kolumn oddzielone średnikiem ;"}.get(column.kind, "tekst")


def column_rows(taxonomy) -> Iterator[ColumnRow]:
    """Every column of the card workbook and the basket sheet, explained from the schema."""
    for record, columns, prefix in ((schema.PARTNER, PARTNER_COLUMNS, "partner."), (schema.SERVICE, SERVICE_COLUMNS, "uslugi[].")):
        for column in columns:
            if column.header.startswith("Kryterium ") and not column.header.startswith("Kryterium 1:"):
                continue
            field = _field_for(record, column.path)
            header = column.header.replace("Kryterium 1:", f"Kryterium 1…{MAX_CRITERIA}:")
            path = prefix + ".".join("[]" if isinstance(step, int) else step for step in column.path).replace(".[]", "[]")
            meaning = _COLUMN_MEANING.get(column.path[0] if column.path in (("_slug",), ("id",), CLEAR) else "",
                                          field.title if field else "")
            if field and field.default not in (None, []):
                shown = {True: "tak", False: "nie"}.get(field.default) or taxonomy[column.vocabulary].label(field.default)
                meaning += f" Puste w nowej karcie znaczy „{shown}”."
            criterion = "kryteria" in column.path
            if criterion and field and field.required:
                meaning += " Wymagane, gdy wpisano warunek."
            yield ColumnRow(header, "(nazwa pliku)" if column.path == ("_slug",) else path, meaning, _typed(column),
                            column.vocabulary or column.many, bool(field and field.required) and not criterion,
                            column.intranet_only)


def reference_page(renderer: Renderer) -> SitePage:
    sections = [("Karta partnera", list(key_rows(schema.CARD))),
                ("Plik koszyka (basket.yml)", list(key_rows(schema.BASKET)))]
    used = sorted({row.vocabulary for _, rows in sections for row in rows if row.vocabulary},
                  key=lambda name: list(renderer.taxonomy.vocabularies).index(name))
    return renderer.render("reference.html", "model/pola-karty.md", "Pola karty",
                           sections=sections, columns=list(column_rows(renderer.taxonomy)),
                           vocabularies=[renderer.taxonomy[name] for name in used])
