"""The card form page ``formularz/``: a shell that ``formularz.js`` builds from
``formularz/schemat.json`` (see ``koszyk.form_schema``)."""

from __future__ import annotations

from ..form_schema import FORM_URI
from ..model import Basket
from .rendering import Renderer, SitePage


def form_page(basket: Basket, renderer: Renderer, forge: bool) -> SitePage:
    partners = sorted(basket.partners, key=lambda partner: partner.name.casefold())
    return renderer.render("form.html", FORM_URI, "Formularz karty partnera", partners=partners, forge=forge)
