"""The yearly review of cards (``koszyk przeglad``): a filled workbook per partner due, and a mail-merge list.

The model asks every partner to confirm its card at least once a year. For each
partner whose card was last verified more than ``months`` ago (or never), this
writes the partner's own card as a tool-7 workbook (the basket sheet for one
card, every field the card has, internal ones too: it goes to the partner
itself), the same card as an ODT/DOCX view (``tools.card_view``, the one the
intranet's partner page makes), and one CSV row for a mail merge.
The corrected workbook comes back through ``koszyk import-xlsx`` unchanged; the
card's verification date moves only when the partner answered „Tak” on the
workbook's confirmation sheet (``excel.confirmation``).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from dataclasses import dataclass, field
from pathlib import Path

from .collections.spec import COLLECTION_FILE
from .excel import write_basket_xlsx
from .files import Writer, bytes_writer, write_all_or_none
from .model import Basket, Partner
from .problems import HasProblems, Problem, display_path
from .taxonomy import Taxonomy
from .tools.docx import docx_bytes
from .tools.odt import odt_bytes
from .tools.partner_files import card_view_document
from .validation import read_basket
from .variants import INTRANET, basket_for

MERGE_FILE = "przeglad.csv"
MERGE_COLUMNS = ["partner", "email", "plik", "ostatnia_weryfikacja", "uslugi"]


@dataclass
class ReviewOutcome(HasProblems):
    problems: list[Problem] = field(default_factory=list)
    due: list[Partner] = field(default_factory=list)
    partners: int = 0
    written: list[Path] = field(default_factory=list)


def months_before(today: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the last day of a shorter month when needed)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    for day in range(today.day, 27, -1) if today.day > 28 else [today.day]:
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return dt.date(year, month, 28)


def partners_due(basket: Basket, today: dt.date, months: int) -> list[Partner]:
    limit = months_before(today, months)
    return [p for p in basket.partners if p.verified is None or p.verified < limit]


def review_email(partner: Partner) -> str:
    """Whom to write to: the partner's working contact, else its institutional address."""
    internal = partner.internal_contact
    return (internal.email if internal and internal.email else "") or partner.contact.email


def write_review(basket_dir: Path, output_dir: Path, taxonomy: Taxonomy, today: dt.date,
                 months: int = 12) -> ReviewOutcome:
    if (basket_dir / COLLECTION_FILE).exists():
        return ReviewOutcome(problems=[Problem(display_path(basket_dir / COLLECTION_FILE), 1, 1, "", (
            "przegląd kart robi każda gmina w swoim koszyku: zestawienie łączy karty instytucji z kilku koszyków "
            "(z danymi wewnętrznymi pierwszej z nich), więc pakiet trafiłby do niewłaściwego adresu; uruchom "
            "„koszyk przeglad” w folderze koszyka gminy"))])
    result = read_basket(basket_dir, taxonomy, today)
    outcome = ReviewOutcome(problems=result.errors)
    if result.errors:
        return outcome
    full = result.baskets[0]
    intranet = basket_for(full, INTRANET)
    outcome.partners = len(full.partners)
    outcome.due = partners_due(intranet, today, months)
    rows = []
    files: dict[Path, Writer] = {}  # all written or none: a failure half-way left a mailing half-renewed
    for partner in outcome.due:
        workbook = output_dir / f"{partner.slug}.xlsx"
        card = full.cards[partner.slug]
        files[workbook] = functools.partial(_write_review_workbook, [(partner.slug, card)], taxonomy, full.id)
        document = card_view_document(partner.slug, card, partner, taxonomy, full.name)
        for extension, render in (("odt", odt_bytes), ("docx", docx_bytes)):
            files[output_dir / f"{partner.slug}.{extension}"] = bytes_writer(render(document))
        outcome.written.append(workbook)
        rows.append([partner.name, review_email(partner), workbook.name,
                     partner.verified.isoformat() if partner.verified else "",
                     "; ".join(service.name for service in partner.services)])
    files[output_dir / MERGE_FILE] = bytes_writer(_csv(rows).encode("utf-8-sig"))
    write_all_or_none(files)
    return outcome


def _write_review_workbook(cards: list[tuple[str, dict]], taxonomy: Taxonomy, basket: str, path: Path) -> None:
    write_basket_xlsx(cards, taxonomy, INTRANET, path, confirmation=True, basket=basket)


def _csv(rows: list[list[str]]) -> str:
    """UTF-8 with a byte-order mark, so Excel and Word's mail merge read Polish letters right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(MERGE_COLUMNS)
    writer.writerows([[_no_formula(value) for value in row] for row in rows])
    return buffer.getvalue()


def _no_formula(value: str) -> str:
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
