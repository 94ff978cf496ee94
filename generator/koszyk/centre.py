"""The social-help centre that keeps the basket for the partnership (``site_config/osrodek.yml``).

Institutional data only: the easy-to-read page gives residents its address and
phone, and the public site's "Zgłoś nieaktualne informacje" writes to its address.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from .loading import YamlFileError, load_yaml_data
from .pages.rendering import phone_href
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
    is one Polish message naming the file, line and field."""
    display = display_path(path)
    try:
        data = load_yaml_data(path)
    except YamlFileError as error:
        raise CentreConfigError(error.problem) from None
    if not isinstance(data, dict):
        raise CentreConfigError(Problem(display, 1, 1, "", f"brak pliku albo nie ma w nim pól {', '.join(REQUIRED)}"))
    for key in REQUIRED:
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise CentreConfigError(Problem(display, 1, 1, key, "brak wymaganego pola (tekst)"))
    email = data["email_zgloszen"].strip()
    if not re.fullmatch(EMAIL.pattern, email):
        raise CentreConfigError(Problem(display, 1, 1, "email_zgloszen", f"„{email[:60]}” nie jest adresem e-mail"))
    return Centre(name=data["nazwa"], address=data["adres"], phone=data["telefon"],
                  report_email=email, hours=str(data.get("godziny") or ""))
