""""Co nowego" (``co-nowego/``) and its Atom feed, from the cards' git history (``history.py``)."""

from __future__ import annotations

import datetime as dt
import uuid
from itertools import groupby

from ..escaping import xml_text
from ..history import History, ServiceChange
from .rendering import Renderer, SitePage

NEWS_URI = "co-nowego/index.md"
FEED_FILE = "co-nowego/atom.xml"
SHOWN = 100
IN_FEED = 50
KIND_LABELS = {"dodana": "Nowa usługa", "wycofana": "Wycofana", "zmieniona": "Zmiany", "usunięta z karty": "Usunięta z karty"}


def visible_changes(history: History, intranet: bool) -> list[ServiceChange]:
    if intranet:
        return history.changes
    return [public for change in history.changes if (public := change.for_public()) is not None]


def news_page(history: History, changes: list[ServiceChange], renderer: Renderer, listed: set[str]) -> SitePage:
    shown = changes[:SHOWN]
    days = [(day, list(items)) for day, items in groupby(shown, key=lambda change: change.date)]
    return renderer.render("news.html", NEWS_URI, "Co nowego", history=history, days=days,
                           more=len(changes) - len(shown), listed=listed, kinds=KIND_LABELS)


def _entry(change: ServiceChange, link: str) -> str:
    title = f"{KIND_LABELS[change.kind]}: {change.service_name}"
    summary = f"{change.partner_name}." + (f" Zmienione pola: {', '.join(change.fields)}." if change.fields else "")
    stable = uuid.uuid5(uuid.NAMESPACE_URL, f"koszyk:{change.commit}:{change.service}:{change.kind}")
    updated = f"{change.date.isoformat()}T00:00:00Z"
    return (f"  <entry>\n    <id>urn:uuid:{stable}</id>\n    <title>{xml_text(title)}</title>\n"
            f"    <updated>{updated}</updated>\n    <link rel=\"alternate\" href=\"{xml_text(link)}\"/>\n"
            f"    <summary>{xml_text(summary)}</summary>\n  </entry>\n")


def atom_feed(changes: list[ServiceChange], basket_name: str, basket_id: str, site_url: str, today: dt.date) -> str:
    """Atom 1.0; links are absolute when ``site_url`` is known, else relative to the feed."""
    base = site_url.rstrip("/") + "/" if site_url else "../"
    newest = changes[0].date if changes else today
    feed_id = uuid.uuid5(uuid.NAMESPACE_URL, f"koszyk:{basket_id}:co-nowego")
    entries = "".join(_entry(change, f"{base}uslugi/{change.service}/") for change in changes[:IN_FEED])
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="pl">\n'
            f"  <id>urn:uuid:{feed_id}</id>\n  <title>{xml_text('Co nowego: ' + basket_name)}</title>\n"
            f"  <updated>{newest.isoformat()}T00:00:00Z</updated>\n  <author><name>{xml_text(basket_name)}</name></author>\n"
            f"  <link rel=\"alternate\" href=\"{xml_text(base + 'co-nowego/')}\"/>\n{entries}</feed>\n")
