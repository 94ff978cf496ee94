"""The one place that decides what the public may see.

The public variant keeps listed public services and institutional contacts only:
no service with ``widocznosc: wewnetrzna``, no ``kontakt_wewnetrzny``, no
``uwagi_wewnetrzne``. Everything built for the public is built from the basket
this module returns, never from the full one.
"""

from __future__ import annotations

from dataclasses import replace

from . import schema
from .model import Basket, Partner, Service

PUBLIC = "public"
INTRANET = "intranet"
VARIANTS = (PUBLIC, INTRANET)


def basket_for(basket: Basket, variant: str) -> Basket:
    """A new basket holding what ``variant`` may show; withdrawn services are never shown."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}")
    return replace(basket, partners=[_partner_for(partner, variant) for partner in basket.partners])


def _partner_for(partner: Partner, variant: str) -> Partner:
    services = [service for service in partner.services if service.is_listed]
    if variant == INTRANET:
        return replace(partner, services=services)
    return replace(
        partner,
        internal_contact=None,
        services=[_public_service(service) for service in services if service.is_public],
    )


def _public_service(service: Service) -> Service:
    return replace(service, internal_contact=None, internal_notes="")


def card_data_for(card: dict, variant: str) -> dict:
    """A card as YAML-shaped data, cut like ``basket_for`` cuts the model.

    The public variant drops every field the schema marks intranet-only and every
    internal or withdrawn service; the intranet keeps everything (withdrawn too:
    the basket sheet is also a way to edit the cards).
    """
    if variant == INTRANET:
        return card
    services = [s for s in card.get("uslugi", [])
                if s.get("widocznosc", "publiczna") == "publiczna" and s.get("status", "oferowana") != "wycofana"]
    return {"partner": _public_fields(card["partner"], schema.PARTNER),
            "uslugi": [_public_fields(service, schema.SERVICE) for service in services]}


def _public_fields(data: dict, record: schema.Record) -> dict:
    internal = {field.key for field in record.fields if field.intranet_only}
    return {key: value for key, value in data.items() if key not in internal}
