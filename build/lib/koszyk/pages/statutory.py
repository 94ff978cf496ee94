"""Pages the law asks of a public body's site: the accessibility statement and PJM information.

Both are filled from ``site_config/dostepnosc.yml``; the statement follows the
Polish template, whose element ids (``a11y-…``) machines read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..loading import YamlFileError, load_yaml_data
from .rendering import Renderer, SitePage

STATUSES = {
    "zgodna": "jest zgodna",
    "czesciowo_zgodna": "jest częściowo zgodna",
    "niezgodna": "jest niezgodna",
}


@dataclass(frozen=True)
class AccessibilityInfo:
    entity: str
    url: str
    published: dt.date
    updated: dt.date
    prepared: dt.date
    status: str
    inaccessible: list[str] = field(default_factory=list)
    method: str = ""
    contact: dict = field(default_factory=dict)
    architecture: str = ""
    apps: str = ""
    pjm_video: str = ""


class AccessibilityConfigError(ValueError):
    pass


def read_accessibility(path: Path) -> AccessibilityInfo:
    """``dostepnosc.yml`` as data; a missing or malformed entry is a clear Polish error."""
    try:
        data = load_yaml_data(path)
    except YamlFileError as error:
        raise AccessibilityConfigError(str(error)) from None
    if not isinstance(data, dict):
        raise AccessibilityConfigError(f"{path}: brak pliku albo nie jest mapą klucz: wartość")

    def date(key: str) -> dt.date:
        value = data.get(key)
        if isinstance(value, dt.date):
            return value
        raise AccessibilityConfigError(f"{path}: {key}: wpisz datę w postaci RRRR-MM-DD")

    if data.get("status") not in STATUSES:
        raise AccessibilityConfigError(f"{path}: status: jedna z wartości {', '.join(STATUSES)}")
    for key in ("podmiot", "adres_strony"):
        if not data.get(key):
            raise AccessibilityConfigError(f"{path}: brak wymaganego klucza „{key}”")
    return AccessibilityInfo(
        entity=data["podmiot"], url=data["adres_strony"], published=date("data_publikacji"),
        updated=date("data_aktualizacji"), prepared=date("data_sporzadzenia"), status=data["status"],
        inaccessible=list(data.get("niedostepne") or []), method=data.get("metoda", ""),
        contact=dict(data.get("kontakt") or {}), architecture=data.get("architektura", ""),
        apps=data.get("aplikacje", ""), pjm_video=data.get("pjm_wideo") or "",
    )


def statutory_pages(info: AccessibilityInfo, renderer: Renderer) -> list[SitePage]:
    pages = [renderer.render("accessibility.html", "deklaracja-dostepnosci.md", "Deklaracja dostępności",
                             info=info, status_text=STATUSES[info.status])]
    if info.pjm_video:
        pages.append(renderer.render("pjm.html", "pjm.md", "Informacja w polskim języku migowym", info=info))
    return pages
