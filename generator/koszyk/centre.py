"""The social-help centre that keeps the basket for the partnership (``site_config/osrodek.yml``).

Institutional data only: the easy-to-read page gives residents its address and
phone, and the public site's "Zgłoś nieaktualne informacje" writes to its address.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .pages.rendering import phone_href

REQUIRED = ("nazwa", "adres", "telefon", "email_zgloszen")
_PLACEHOLDER = re.compile(r"\{\{\s*osrodek\.(nazwa|adres|telefon|godziny|email)\s*\}\}")


class CentreConfigError(ValueError):
    pass


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
    """``osrodek.yml`` as data; a missing file or key is one clear Polish message."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise CentreConfigError(f"{path}: nie można odczytać pliku ({error})") from None
    if not isinstance(data, dict):
        raise CentreConfigError(f"{path}:1:1: plik musi zawierać pola {', '.join(REQUIRED)}")
    for key in REQUIRED:
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise CentreConfigError(f"{path}: {key}: brak wymaganego pola (tekst)")
    return Centre(name=data["nazwa"], address=data["adres"], phone=data["telefon"],
                  report_email=data["email_zgloszen"], hours=str(data.get("godziny") or ""))
