"""Cards of a published source (its ``koszyk.json``) read into the model.

What a site publishes is its public variant, but a downloaded file is not to be
trusted: every card is cut by ``variants.card_data_for`` before it is checked, so an
intranet field or an internal service that a hostile or broken file carries never
reaches the model. Then the card is checked by the same schema as a card file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from ..characters import FILE_FORBIDDEN, describe
from ..loading import Document
from ..problems import Problem, display_path
from ..taxonomy import Taxonomy
from ..name_twins import folded_name as _folded_name
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
    base = "-".join(_folded_name(name).split())[:60].strip("-") if isinstance(name, str) else ""
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

