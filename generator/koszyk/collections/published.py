"""Cards of a published source (its ``koszyk.json``) read into the model.

What a site publishes is its public variant, but a downloaded file is not to be
trusted: every card is cut by ``variants.card_data_for`` before it is checked, so an
intranet field or an internal service that a hostile or broken file carries never
reaches the model. Then the card is checked by the same schema as a card file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..characters import FILE_FORBIDDEN, describe
from ..kinds import INVALID, Url
from ..loading import Document
from ..model import Source
from ..open_data import SOURCES_KEY
from ..problems import Problem, display_path
from ..schema import SLUG
from ..taxonomy import Taxonomy
from ..name_twins import folded_name
from ..validation import CardReading, card_reading
from ..variants import PUBLIC, card_data_for
from .spec import SourceEntry


def published_cards(data: dict, cache_file: Path, entry: SourceEntry, taxonomy: Taxonomy,
                     today: dt.date, root: Path | None) -> list[CardReading]:
    display = display_path(cache_file, root)
    readings, slugs = [], set()
    for index, card in enumerate(data["karty"]):
        where = f"karty[{index + 1}]"
        control = _first_control(card)
        if control is not None or not _card_shaped(card):
            reason = (f"tekst zawiera znak sterujący {describe(control)}" if control is not None
                      else "karta nie ma danych partnera albo jej usługi nie są listą map")
            readings.append(CardReading(display, None, [Problem(display, 1, 1, where, reason)]))
            continue
        public = card_data_for(card, PUBLIC, taxonomy)
        slug = _unique_slug(public["partner"].get("nazwa"), index, slugs)
        reading = card_reading(Document(path=cache_file, display=display, data=public), slug, None, taxonomy, today)
        reading.problems[:] = [dataclasses.replace(problem, field=_prefixed(where, problem.field))
                               for problem in reading.problems]
        readings.append(reading)
    return readings


def _card_shaped(card) -> bool:
    services = card.get("uslugi", []) if isinstance(card, dict) else None
    return (isinstance(card, dict) and isinstance(card.get("partner"), dict) and isinstance(services, list)
            and all(isinstance(service, dict) for service in services))


def _prefixed(where: str, field: str) -> str:
    return f"{where}.{field}" if field else where


def _unique_slug(name, index: int, taken: set[str]) -> str:
    """A file-like slug from the partner's name (published cards have no file name)."""
    base = "-".join(folded_name(name).split())[:60].strip("-") if isinstance(name, str) else ""
    slug = base or f"partner-{index + 1}"
    number = 2
    while slug in taken:
        slug, number = f"{base or 'partner'}-{number}", number + 1
    taken.add(slug)
    return slug


def _first_control(value) -> str | None:
    """A control character anywhere in the card's text (a YAML file could not hold one)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            found = FILE_FORBIDDEN.search(item)
            if found:
                return found.group()
    return None



@dataclass
class _Messages:
    """A ``kinds.Reporter`` that keeps the messages (to check one value with a schema kind)."""

    taxonomy: Taxonomy | None = None
    today: dt.date | None = None
    messages: list[str] = dataclasses.field(default_factory=list)

    def error(self, path, message, *, at_key=False, missing=""):
        self.messages.append(message)

    def warning(self, path, message):
        self.messages.append(message)


def nested_sources(data: dict, outer: Source, display: str) -> tuple[dict[str, tuple[Source, str]], list[Problem]]:
    """The gminas of a published collection (its ``zrodla``): service id in ``karty`` → (its
    gmina, its id there). A list built on a powiat's published file keeps each service's gmina.

    Every value comes from the internet, so each is checked: an entry that is not a source
    with a slug id, a name and service ids is an error naming it, and its services stay
    with the published source itself.
    """
    entries = data.get(SOURCES_KEY)
    if entries is None:
        return {}, []
    if not isinstance(entries, list):
        return {}, [Problem(display, 1, 1, SOURCES_KEY, "„zrodla” powinny być listą źródeł zestawienia")]
    placed: dict[str, tuple[Source, str]] = {}
    problems = []
    for index, entry in enumerate(entries, 1):
        where = f"{SOURCES_KEY}[{index}]"
        source, reason = _nested_source(entry, outer)
        if source is None:
            problems.append(Problem(display, 1, 1, where, reason))
            continue
        for service_id in entry["uslugi"]:
            placed[service_id] = (source, service_id.removeprefix(f"{source.id}-"))
    return placed, problems


def _nested_source(entry, outer: Source) -> tuple[Source | None, str]:
    if not isinstance(entry, dict):
        return None, "źródło powinno być mapą (id, nazwa, uslugi)"
    source_id, name, services = entry.get("id"), entry.get("nazwa"), entry.get("uslugi")
    if not (isinstance(source_id, str) and re.fullmatch(SLUG.pattern, source_id) and len(source_id) <= SLUG.max_length):
        return None, "źródło nie ma poprawnego identyfikatora (id)"
    if not isinstance(name, str) or not name.strip():
        return None, "źródło nie ma nazwy (nazwa)"
    if not isinstance(services, list) or not all(isinstance(item, str) for item in services):
        return None, "„uslugi” źródła powinny być listą identyfikatorów usług"
    site_url = entry.get("strona") or ""
    if site_url:
        messages = _Messages()
        if Url().check(site_url, (), messages) is INVALID:
            return None, f"strona źródła: {messages.messages[0]}"
    text = lambda key: entry.get(key) if isinstance(entry.get(key), str) else ""  # noqa: E731
    return Source(id=source_id, name=name[:300], teryt=text("teryt")[:7], level=text("poziom") or "gmina",
                  site_url=site_url, origin=f"{outer.origin} ({SOURCES_KEY}: {source_id})", fetched=outer.fetched,
                  own=entry.get("wlasne") is True), ""
