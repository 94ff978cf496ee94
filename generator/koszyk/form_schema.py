"""What the card form in the browser is made from, written at build time as JSON.

The form (``assets/formularz.js``) has no rules of its own: it draws its fields from
the card schema (``koszyk.schema``, cut to the variant by the ``intranet_only``
flags), shows vocabulary labels from the taxonomy, fills the same message templates
as ``koszyk validate`` (``kinds.MESSAGES``), writes YAML in the style of
``excel.yaml_out`` and fills the workbook columns of ``excel.columns`` into a blank
card template stored without compression (``template_workbook``), so the browser
can rewrite two sheets and zip it again without a library.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from . import kinds, schema
from .characters import hidden_character_rules
from .personal_data import PESEL_PATTERN
from .excel import write_card_template
from .excel.columns import LIST_SEPARATOR, NO, PARTNER_COLUMNS, PARTNER_SHEET, SERVICE_COLUMNS, SERVICES_SHEET, YES
from .excel.yaml_out import FLOW_KEYS, HEADER, QUOTED_KEYS
from .taxonomy import Taxonomy
from .variants import Variant

FORM_URI = "formularz/index.md"
FORM_SCHEMA = "formularz/schemat.json"
FORM_TEMPLATE = "formularz/karta-wzor.xlsx"
CARDS_FOLDER = "formularz/karty"
PARTNER_FIRST_ROW = 2  # the card template lists partner fields from row 2 (``write_card_template``)


def kind_json(kind: schema.Kind, variant: Variant) -> dict:
    """One kind as the form reads it; the public form has no intranet-only field."""
    if isinstance(kind, schema.Record):
        return {"kind": "record", "fields": [
            {"key": field.key, "title": field.title, "required": field.required, "default": field.default,
             "intranetOnly": field.intranet_only, "value": kind_json(field.kind, variant)}
            for field in kind.fields if variant.is_intranet or not field.intranet_only]}
    if isinstance(kind, schema.ListOf):
        return {"kind": "list", "item": kind_json(kind.item, variant), "min": kind.min_items, "unique": kind.unique}
    if isinstance(kind, schema.Choice):
        return {"kind": "choice", "vocabulary": kind.vocabulary}
    if isinstance(kind, schema.Phone):
        return {"kind": "phone", "max": 40, "pattern": kinds._PHONE.pattern}
    if isinstance(kind, schema.Regon):
        return {"kind": "regon", "max": 30, "weights": {str(n): w for n, w in kinds.REGON_WEIGHTS.items()}}
    if isinstance(kind, schema.Url):
        return {"kind": "url", "max": 500}
    if isinstance(kind, schema.Date):
        return {"kind": "date", "notInFuture": kind.not_in_future}
    if isinstance(kind, schema.Integer):
        return {"kind": "int", "min": kind.minimum, "max": kind.maximum, "span": list(kind.span_fields)}
    if isinstance(kind, schema.Boolean):
        return {"kind": "bool"}
    if isinstance(kind, schema.Text):
        return {"kind": "text", "pattern": kind.pattern, "hint": kind.hint, "max": kind.max_length}
    raise TypeError(f"the form cannot show {type(kind).__name__}")


def _date_keys(kind: schema.Kind) -> set[str]:
    if isinstance(kind, schema.ListOf):
        return _date_keys(kind.item)
    if isinstance(kind, schema.Record):
        return {field.key for field in kind.fields if isinstance(field.kind, schema.Date)} | {
            key for field in kind.fields for key in _date_keys(field.kind)}
    return set()


def _column_json(column, taxonomy: Taxonomy) -> dict:
    return {"path": list(column.path), "kind": column.kind, "vocabulary": column.vocabulary, "many": column.many,
            "header": column.header}


def form_schema(taxonomy: Taxonomy, variant: Variant, today: dt.date, forge: dict | None,
                partners: list[dict]) -> dict:
    """Everything the form page needs except the cards themselves (one file each, ``card_files``)."""
    return {
        "variant": variant.value,
        "today": today.isoformat(),
        "card": kind_json(schema.CARD, variant),
        "messages": kinds.MESSAGES,
        "hidden": hidden_character_rules(),
        "pesel": PESEL_PATTERN,
        "reserved": {"name": kinds.RESERVED_NAME,
                     "message": kinds.MESSAGES["reserved_name"].format(what="identyfikator usługi")},
        "vocabularies": {name: {"title": vocabulary.title,
                                "terms": [{"key": term.key, "label": term.label} for term in vocabulary]}
                         for name, vocabulary in taxonomy.vocabularies.items()},
        "yaml": {"header": HEADER, "flow": sorted(FLOW_KEYS), "quoted": sorted(QUOTED_KEYS),
                 "dates": sorted(_date_keys(schema.CARD))},
        "workbook": {
            "file": "karta-wzor.xlsx", "partnerSheet": PARTNER_SHEET, "servicesSheet": SERVICES_SHEET,
            "partnerFirstRow": PARTNER_FIRST_ROW, "separator": LIST_SEPARATOR, "yes": YES, "no": NO,
            "partnerColumns": [_column_json(column, taxonomy) for column in PARTNER_COLUMNS],
            "serviceColumns": [_column_json(column, taxonomy) for column in SERVICE_COLUMNS],
        },
        "forge": forge,
        "partners": partners,
    }


def _day(value: Any) -> str:
    """A date of a card as JSON writes it ("2026-11-27"); ``json.dumps`` asks only for what it cannot write."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    raise TypeError(f"{type(value).__name__} nie jest wartością karty")


def card_files(cut_cards: Iterable[tuple[str, dict]]) -> Iterator[tuple[str, str]]:
    """Each partner's current card, already cut to the site's variant (``variants.card_data_for``),
    as JSON, one at a time (3,000 cards as strings were 55 MiB of a build's memory). Dates are
    written by ``json.dumps``'s ``default``: copying each card into plain values first doubled
    the time (1.19 against 0.63 s for 30,000 services)."""
    for slug, data in cut_cards:
        yield f"{CARDS_FOLDER}/{slug}.json", json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_day)


def template_workbook(taxonomy: Taxonomy, variant: Variant, built_at: dt.datetime, basket: str) -> bytes:
    """The blank card template, re-zipped without compression: the browser reads its
    parts as they lie in the file and writes them back with a CRC32 of its own. It records
    the site's variant, its basket's id and when its cards last changed (``card_age.basket_changed_at``): the
    form is prefilled from the cards as they were then."""
    source, stored = io.BytesIO(), io.BytesIO()
    write_card_template(taxonomy, source, variant=str(variant), exported_at=built_at, basket=basket)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as target:
        for info in original.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, date_time=info.date_time), original.read(info.filename),
                            compress_type=zipfile.ZIP_STORED)
    return stored.getvalue()


def forge_settings(repo_url: str, branch: str, cards_dir: str) -> dict | None:
    """Where a card is edited, and where a new one is created, on GitHub or GitLab."""
    if not repo_url:
        return None
    from .pages import repository_links  # the pages' edit links: one rule for both

    base = repo_url.rstrip("/")
    gitlab = "gitlab" in base
    return {"name": "GitLab" if gitlab else "GitHub",
            "edit": repository_links(repo_url, branch)[0],
            "new": (f"{base}/-/new/{branch}/{cards_dir}?file_name=" if gitlab
                    else f"{base}/new/{branch}/{cards_dir}?filename="),
            "cardsDir": cards_dir}
