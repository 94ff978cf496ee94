"""Tool 8, the declaration of joining the partnership, with the institution's data in.

Kept apart from ``filled`` (which reads baskets) so the site's pages can make the
browser's template from it without importing the validator.
"""

from __future__ import annotations

from ..model import Partner
from ..taxonomy import Taxonomy
from .document import Checkboxes, Document, Fields, Heading, Paragraph, Table

ROLE_CHOICES = (("wykonawca", "wykonawca usług"), ("konsultant", "konsultant"))


def declaration_document(partner: Partner, taxonomy: Taxonomy, basket_name: str) -> Document:
    """Tool 8 with the institution's name, address and type already in."""
    return declaration(partner.name, partner.address.one_line(), taxonomy.partner_types.label(partner.type),
                       partner.role, tuple(s.name for s in partner.services), basket_name)


def declaration(name: str, address: str, type_label: str, role: str, services: tuple[str, ...],
                basket_name: str) -> Document:
    """Tool 8 from plain values; the intranet's partner pages fill a copy made with markers (``partner_files``)."""
    return Document("Narzędzie 8. Deklaracja przystąpienia do partnerstwa", basket_name, (
        Heading("Instytucja"),
        Fields((("Nazwa instytucji", name), ("Adres", address), ("Typ instytucji", type_label))),
        Heading("Oświadczenie"),
        Paragraph("Instytucja przystępuje do partnerskiego zespołu kooperacyjnego działającego przy ośrodku pomocy "
                  "społecznej, przyjmuje jego ramowy regulamin i będzie współpracować przy wsparciu osób i rodzin, "
                  "w granicach swoich zadań i możliwości."),
        Paragraph("Instytucja udostępnia na potrzeby partnerstwa usługi opisane w karcie usług partnera i zgłasza "
                  "liderowi każdą ich zmianę, a przynajmniej raz w roku potwierdza aktualność karty."),
        *([Table(("Usługi udostępniane partnerstwu",), tuple((service,) for service in services))] if services else []),
        Fields((("Przedstawiciel w partnerstwie (imię, nazwisko, stanowisko)", ""), ("Zastępca przedstawiciela", ""))),
        Checkboxes("Rola w partnerstwie:", tuple((label, role == key) for key, label in ROLE_CHOICES)),
        Fields((("Miejscowość i data", ""), ("Podpis i pieczęć kierownika instytucji", ""))),
    ))
