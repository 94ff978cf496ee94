"""Tools filled from the basket: the partner's card (tool 7) and its declaration of joining (tool 8).

Both are built as ``Document``s, so they come out as ODT and DOCX like the blank
tools. The partner passed in is already cut to a variant by ``variants.basket_for``
(the one rule of what the public may see): an intranet partner brings its internal
contact and internal services, a public one has neither.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..files import write_atomically
from ..model import Partner, Service
from ..problems import HasProblems, Problem
from ..taxonomy import Taxonomy
from ..validation import read_basket
from ..variants import PUBLIC, basket_for
from .docx import docx_bytes
from .odt import odt_bytes
from .declaration import declaration_document
from .document import Checkboxes, Document, Fields, Heading, Paragraph, Table


def _access(service: Service, taxonomy: Taxonomy) -> str:
    conditions = [f"{taxonomy.criteria.label(c.kind)}: {c.condition}" for c in service.access.criteria]
    return "; ".join([taxonomy.access_modes.label(service.access.mode)] + conditions)


def card_document(partner: Partner, taxonomy: Taxonomy) -> Document:
    """Tool 7 with the partner's current data, for the yearly review: correct rather than retype."""
    fields = [
        ("Nazwa instytucji", partner.name), ("Typ instytucji", taxonomy.partner_types.label(partner.type)),
        ("Adres", partner.address.one_line()), ("Telefon", partner.contact.phone),
        ("E-mail", partner.contact.email), ("Strona internetowa", partner.contact.www),
    ]
    internal = partner.internal_contact
    if internal:
        fields.append(("Osoba do kontaktów roboczych (tylko intranet)",
                       ", ".join(p for p in (internal.person, internal.phone, internal.email) if p)))
    fields.append(("Data sprawdzenia karty", partner.verified.isoformat() if partner.verified else ""))
    rows = tuple(
        (s.name, ", ".join(taxonomy.groups.label(g) for g in s.groups), ", ".join(taxonomy.areas.label(a) for a in s.areas),
         _access(s, taxonomy), taxonomy.costs.label(s.cost) if s.cost else "", s.signup or s.access.description)
        for s in partner.services
    )
    return Document(f"Narzędzie 7. Karta usług partnera: {partner.name}", "Stan danych z lokalnego koszyka usług", (
        Paragraph("Sprawdź dane i popraw to, co się zmieniło; nowe usługi dopisz w pustych wierszach."),
        Heading("Partner"),
        Fields(tuple(fields)),
        Checkboxes("Rola w partnerstwie:", (("wykonawca usług", partner.role == "wykonawca"),
                                            ("konsultant", partner.role == "konsultant"))),
        Heading("Usługi"),
        Table(("Nazwa usługi", "Dla kogo", "Obszar", "Dostęp i warunki", "Odpłatność", "Jak się zgłosić"),
              rows + (("",) * 6,) * 3),
        Heading("Potwierdzenie"),
        Checkboxes("Przy corocznym przeglądzie:", (("dane są aktualne", False), ("wprowadzono poprawki", False))),
        Fields((("Data i podpis osoby upoważnionej", ""),)),
    ))


@dataclass
class Written(HasProblems):
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def write_declarations(basket_dir: Path, output_dir: Path, taxonomy: Taxonomy, today: dt.date,
                       slugs: list[str]) -> Written:
    """Tool 8 for each partner (or the ``slugs`` given), from public data only: it is signed and filed."""
    result = read_basket(basket_dir, taxonomy, today)
    if result.errors:
        return Written(problems=result.errors)
    basket = basket_for(result.baskets[0], PUBLIC)
    by_slug = {partner.slug: partner for partner in basket.partners}
    chosen = [by_slug[slug] for slug in slugs] if slugs else basket.partners
    outcome = Written()
    for partner in chosen:
        document = declaration_document(partner, taxonomy, basket.name)
        for extension, render in (("odt", odt_bytes), ("docx", docx_bytes)):
            content, target = render(document), output_dir / f"deklaracja-{partner.slug}.{extension}"
            write_atomically(target, lambda path: path.write_bytes(content))
            outcome.written.append(target)
    return outcome
