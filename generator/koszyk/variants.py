"""The one place that decides what each variant of the site may show.

Two sources only, and nothing else restates them:

- the card schema's field flag ``intranet_only`` (``koszyk.schema``) says which
  fields stay on the intranet, at any depth;
- the taxonomy's flags (``site_config/taxonomy.yml``) say which statuses are listed
  at all (``pokazywana: false`` on ``wycofana``) and which visibilities are public
  (``publiczna: false`` on ``wewnetrzna``).

Every output asks this module: the model cut (``basket_for``: pages, search, the
individual basket), the card cut (``card_data_for``: workbooks, open data), history
and reports (``Policy``), and the leak check, which collects the values the public
must never see by walking the same flags (``intranet_only_values``).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from . import schema
from .model import Basket, Partner, Service
from .taxonomy import Taxonomy


class Variant(StrEnum):
    """A site variant; a ``str``, so ``Variant("public") == "public"``."""

    PUBLIC = "public"
    INTRANET = "intranet"

    @property
    def is_intranet(self) -> bool:
        return self is Variant.INTRANET

    @property
    def label(self) -> str:
        return "intranet" if self.is_intranet else "wersja publiczna"


PUBLIC = Variant.PUBLIC
INTRANET = Variant.INTRANET
VARIANTS = tuple(variant.value for variant in Variant)


@dataclass(frozen=True)
class Policy:
    """The taxonomy's flags as questions about raw card values."""

    listed_statuses: frozenset[str]
    public_visibilities: frozenset[str]

    @classmethod
    def from_taxonomy(cls, taxonomy: Taxonomy) -> "Policy":
        return cls(frozenset(term.key for term in taxonomy.statuses if term.listed),
                   frozenset(term.key for term in taxonomy.visibilities if term.public))

    def is_listed(self, status: Any) -> bool:
        status = _default("status") if status is None else status
        return isinstance(status, str) and status in self.listed_statuses

    def is_public(self, visibility: Any) -> bool:
        """Raw values may be anything; whatever is not a known public value is not public."""
        visibility = _default("widocznosc") if visibility is None else visibility
        return isinstance(visibility, str) and visibility in self.public_visibilities

    def shows(self, service: dict, variant: str) -> bool:
        """Whether a raw service (Polish keys) appears in ``variant``."""
        if not self.is_listed(service.get("status")):
            return False
        return Variant(variant).is_intranet or self.is_public(service.get("widocznosc"))


def _default(key: str) -> Any:
    return schema.SERVICE.field(key).default


def basket_for(basket: Basket, variant: str) -> Basket:
    """A new basket holding what ``variant`` may show; unlisted services are never shown.

    The model's flags (``Service.listed``/``public``) were set from the taxonomy when
    the model was built; the fields cut are those whose card key the schema marks
    intranet-only (``model.from_card``).
    """
    variant = Variant(variant)
    return replace(basket, partners=[partner_for(partner, variant) for partner in basket.partners])


def partner_for(partner: Partner, variant: Variant) -> Partner:
    """One partner as ``basket_for`` cuts it for ``variant``."""
    services = [service for service in partner.services if service.is_listed]
    if variant.is_intranet:
        return replace(partner, services=services)
    public = [_without_internal(service, schema.SERVICE) for service in services if service.is_public]
    return replace(_without_internal(partner, schema.PARTNER), services=public)


def _without_internal(item, record: schema.Record):
    """``item`` with every model field filled from an intranet-only card field reset to its default."""
    cleared = {name: default() for name, default in _internal_defaults(type(item), record)}
    if all(getattr(item, name) == value for name, value in cleared.items()):
        return item  # nothing to clear (most services): a model object is never changed once read
    return replace(item, **cleared)


@functools.lru_cache(maxsize=None)
def _internal_defaults(model: type, record: schema.Record) -> tuple[tuple[str, Callable[[], Any]], ...]:
    """The fields of ``model`` filled from an intranet-only field of ``record``, each with what makes
    its default. The same for every service: found once, not for each of 30,000 services a build."""
    cleared = []
    for model_field in dataclasses.fields(model):
        key = model_field.metadata.get("card_key")
        card_field = record.fields_by_key.get(key) if key else None
        if card_field is not None and card_field.intranet_only:
            default = model_field.default
            cleared.append((model_field.name, model_field.default_factory
                            if model_field.default_factory is not dataclasses.MISSING else (lambda value=default: value)))
    return tuple(cleared)


def card_data_for(card: dict, variant: str, taxonomy: Taxonomy) -> dict:
    """A card as YAML-shaped data, cut like ``basket_for`` cuts the model.

    The public variant drops every field the schema marks intranet-only (and any key
    the schema does not know) and every service the public may not see; the intranet
    keeps everything, unlisted services too (the basket workbook is also a way to
    edit the cards).
    """
    if Variant(variant).is_intranet:
        return card
    policy = Policy.from_taxonomy(taxonomy)
    services = [service for service in card.get("uslugi", []) if policy.shows(service, PUBLIC)]
    return {"partner": public_fields(card["partner"], schema.PARTNER),
            "uslugi": [public_fields(service, schema.SERVICE) for service in services]}


def public_fields(data: dict, record: schema.Record) -> dict:
    """``data`` without intranet-only fields, at every depth of ``record``."""
    kept = {}
    for key, value in data.items():
        card_field = record.fields_by_key.get(key)
        if card_field is None or card_field.intranet_only:
            continue
        kept[key] = _public_value(value, card_field.kind)
    return kept


def _public_value(value: Any, kind: schema.Kind) -> Any:
    if isinstance(kind, schema.Record) and isinstance(value, dict):
        return public_fields(value, kind)
    if isinstance(kind, schema.ListOf) and isinstance(value, list):
        return [_public_value(item, kind.item) for item in value]
    return value


def is_intranet_only(path: tuple[str, ...], record: schema.Record | None = None) -> bool:
    """Whether the field at ``path`` (``("dostep", "kryteria")``) of ``record`` (a service
    by default) is, or lies inside, an intranet-only field."""
    kind: schema.Kind | None = record or schema.SERVICE
    for key in path:
        while isinstance(kind, schema.ListOf):
            kind = kind.item
        card_field = kind.fields_by_key.get(key) if isinstance(kind, schema.Record) else None
        if card_field is None:
            return False
        if card_field.intranet_only:
            return True
        kind = card_field.kind
    return False


def intranet_only_values(card: Any, taxonomy: Taxonomy) -> Iterator[str]:
    """Every value of a raw card the public must never see.

    Walks the raw YAML (not the checked model, so a bug in the model cannot hide a
    leak): every scalar under an intranet-only field, and the name and page address
    of every service that is not public (withdrawn ones too: history mentions them).
    """
    if not isinstance(card, dict):
        return
    policy = Policy.from_taxonomy(taxonomy)
    yield from _internal_scalars(card, schema.CARD)
    for service in card.get("uslugi") or []:
        if isinstance(service, dict) and not policy.is_public(service.get("widocznosc")):
            yield str(service.get("nazwa", ""))
            yield f"uslugi/{service.get('id', '')}/"


def _internal_scalars(data: Any, kind: schema.Kind | None, inside: bool = False) -> Iterator[str]:
    if isinstance(data, dict):
        fields = kind.fields_by_key if isinstance(kind, schema.Record) else {}
        for key, value in data.items():
            card_field = fields.get(key)
            yield from _internal_scalars(value, card_field.kind if card_field else None,
                                         inside or (card_field is not None and card_field.intranet_only))
    elif isinstance(data, list):
        item = kind.item if isinstance(kind, schema.ListOf) else None
        for value in data:
            yield from _internal_scalars(value, item, inside)
    elif inside and data is not None:
        yield str(data)
