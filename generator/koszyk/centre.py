"""The social-help centre that keeps the basket for the partnership (``site_config/osrodek.yml``).

Institutional data only: the easy-to-read page gives residents its address and
phone, and the public site's "Zgłoś nieaktualne informacje" writes to its address.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from .escaping import phone_href
from .loading import Document, load_document
from .problems import Problem, display_path
from .schema import EMAIL

REQUIRED = ("nazwa", "adres", "telefon", "email_zgloszen")
_PLACEHOLDER = re.compile(r"\{\{\s*osrodek\.(nazwa|adres|telefon|godziny|email)\s*\}\}")


CENTRE_FILE = "osrodek.yml"


class CentreConfigError(ValueError):
    """``osrodek.yml`` is missing or wrong; ``problem`` says where, the message is ready to print."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format_text())
        self.problem = problem


@dataclass(frozen=True)
class Centre:
    name: str
    address: str
    phone: str
    report_email: str
    hours: str = ""

    def fill(self, markdown: str) -> str:
        """``{{ osrodek.adres }}`` and friends in a content page, with the phone as a ``tel:`` link."""
        values = {
            "nazwa": html.escape(self.name), "adres": html.escape(self.address),
            "telefon": f"[{html.escape(self.phone)}]({phone_href(self.phone)})",
            "godziny": html.escape(self.hours),
            "email": f"[{html.escape(self.report_email)}](mailto:{html.escape(self.report_email)})",
        }
        return _PLACEHOLDER.sub(lambda match: values[match.group(1)], markdown)


def read_centre(path: Path) -> Centre:
    """``osrodek.yml`` as data, read by the hardened loader; a missing file or a wrong field
    is one Polish message naming the file, the field's own line and column, and the field."""
    display = display_path(path)
    if not path.exists():
        raise CentreConfigError(Problem(display, 1, 1, "", f"brak pliku; wpisz w nim pola {', '.join(REQUIRED)}"))
    document = load_document(path, display)
    errors = [problem for problem in document.problems if problem.is_error]
    if errors and not document.empty:
        raise CentreConfigError(errors[0])
    data = document.data
    if document.empty or not isinstance(data, dict):
        line, column = document.where(())
        raise CentreConfigError(Problem(display, line, column, "", f"nie ma w pliku pól {', '.join(REQUIRED)}"))
    for key in REQUIRED:
        if key not in data:
            line, column = _end_of(document)
            raise CentreConfigError(Problem(display, line, column, key, "brak wymaganego pola (tekst); dopisz je"))
        if not isinstance(data[key], str) or not data[key].strip():
            line, column = document.where((key,))
            raise CentreConfigError(Problem(display, line, column, key, "pole musi być niepustym tekstem"))
    email = data["email_zgloszen"].strip()
    if not re.fullmatch(EMAIL.pattern, email):
        line, column = document.where(("email_zgloszen",))
        raise CentreConfigError(Problem(display, line, column, "email_zgloszen",
                                        f"„{email[:60]}” nie jest adresem e-mail"))
    return Centre(name=data["nazwa"], address=data["adres"], phone=data["telefon"],
                  report_email=email, hours=str(data.get("godziny") or ""))


def _end_of(document: Document) -> tuple[int, int]:
    """Where a missing key would be added: the line after the last value, column 1."""
    last = max((line for line, _column in document.values.values()), default=0)
    return last + 1, 1
