"""The pack for the partnership's next meeting (tool 12) as one document.

It gathers what the agenda of tool 12 asks about: changes to the basket since a
date (from the cards' git history), gaps (area × group with no service), cards
due for the yearly review and requests in the monitoring register still waiting
for a decision. It is an intranet document: the review list names whom to ask.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..files import write_atomically
from ..history import History, basket_history
from ..monitoring import SOURCES, SUBJECTS, load_register
from ..monitoring_figures import monitoring_figures
from ..problems import Problem
from ..reports import Report, basket_report
from ..taxonomy import Taxonomy
from ..validation import validate_paths
from .document import Bullets, Document, Fields, Heading, Paragraph, Table
from .docx import docx_bytes
from .odt import odt_bytes

FORMATS = {".odt": odt_bytes, ".docx": docx_bytes}


def write_meeting_pack(basket_dir: Path, target: Path, taxonomy: Taxonomy, today: dt.date,
                       since: dt.date) -> list[Problem]:
    """Write the pack as ``target`` (.odt or .docx); with any error write nothing and return the errors."""
    result = validate_paths([basket_dir], taxonomy, today)
    register = load_register(basket_dir, today)
    errors = result.errors + register.errors
    if errors:
        return errors
    report = basket_report(result.baskets[0], taxonomy, today)
    report.monitoring = monitoring_figures(register)
    history = basket_history(basket_dir, since, taxonomy=taxonomy)
    content = FORMATS[target.suffix](meeting_document(report, history, since, taxonomy))
    write_atomically(target, lambda path: path.write_bytes(content))
    return []


def meeting_document(report: Report, history: History, since: dt.date, taxonomy: Taxonomy) -> Document:
    blocks = [
        Fields((("Data i miejsce spotkania", ""), ("Prowadzący", ""), ("Protokolant", ""))),
        Paragraph(f"Materiał przygotowany {report.today.isoformat()} z lokalnego koszyka usług "
                  f"„{report.basket_name}”; zmiany od {since.isoformat()}."),
        Heading("Porządek spotkania"),
        Bullets(("Zmiany w koszyku od poprzedniego spotkania.", "Luki: potrzeby bez usługi.",
                 "Karty do corocznego sprawdzenia.", "Wnioski czekające na decyzję.",
                 "Zespoły zadaniowe i sprawy sporne (bez danych osób i rodzin).")),
        Heading("Zmiany w koszyku"),
    ]
    changes = [c for c in history.changes if c.date >= since]
    if not history.available:
        blocks.append(Paragraph(history.note))
    elif changes:
        blocks.append(Table(("Data", "Partner", "Usługa", "Zmiana"), tuple(
            (c.date.isoformat(), c.partner_name, c.service_name,
             c.kind + (f" ({', '.join(c.field_labels)})" if c.fields else "")) for c in changes)))
    else:
        blocks.append(Paragraph(f"Od {since.isoformat()} nie zmieniła się żadna usługa."))
    blocks.append(Heading("Luki w koszyku"))
    blocks.append(Table(("Obszar", "Grupa docelowa"), tuple(
        (taxonomy.areas.label(a), taxonomy.groups.label(g)) for a, g in report.gaps))
        if report.gaps else Paragraph("Każda para obszar × grupa ma co najmniej jedną usługę."))
    blocks.append(Heading("Karty do corocznego przeglądu"))
    blocks.append(Table(("Partner", "Ostatnio sprawdzona", "Kogo zapytać"), tuple(
        (s.partner, s.verified.isoformat() if s.verified else "nigdy", s.contact) for s in report.stale))
        if report.stale else Paragraph("Wszystkie karty sprawdzono w ostatnich 12 miesiącach."))
    blocks.append(Heading("Wnioski czekające na decyzję"))
    pending = report.monitoring.pending if report.monitoring else []
    blocks.append(Table(("Data", "Wniosek", "Zgłasza", "Decyzja partnerstwa"), tuple(
        (r.date.isoformat(), f"{r.what} ({SUBJECTS[r.subject]})", SOURCES[r.source], "") for r in pending))
        if pending else Paragraph("Brak wniosków czekających na decyzję."))
    blocks += [Heading("Ustalenia"), Table(("Sprawa", "Decyzja", "Kto i do kiedy"), (("", "", ""),) * 5)]
    return Document("Narzędzie 12. Materiały na spotkanie partnerstwa", report.basket_name, tuple(blocks))
