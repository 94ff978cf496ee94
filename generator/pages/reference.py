"""The "Pola karty" page: every key of a card, generated from ``generator.schema``.

Generated rather than written by hand, so the partner guide can never disagree
with what the validator accepts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .. import schema
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


def reference_page(renderer: Renderer) -> SitePage:
    sections = [("Karta partnera", list(key_rows(schema.CARD))),
                ("Plik koszyka (basket.yml)", list(key_rows(schema.BASKET)))]
    used = sorted({row.vocabulary for _, rows in sections for row in rows if row.vocabulary},
                  key=lambda name: list(renderer.taxonomy.vocabularies).index(name))
    return renderer.render("reference.html", "model/pola-karty.md", "Pola karty",
                           sections=sections, vocabularies=[renderer.taxonomy[name] for name in used])
