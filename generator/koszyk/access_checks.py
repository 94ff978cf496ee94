"""Warnings about access terms a resident or a worker could not act on.

Each check looks at one service's raw data (Polish keys, as checked by the
schema) and yields ``(field path, message)`` pairs; ``validation`` reports them
as warnings. Kept apart from the schema checks so each rule stays small.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .loading import FieldPath

_RANGE = re.compile(r"(\d+)\s*[-–]\s*(\d+)")
_FROM = re.compile(r"\b(?:od|powyżej|ukończonych|ukończone)\s+(\d+)")
_TO = re.compile(r"\bdo\s+(\d+)")

Finding = tuple[FieldPath, str]


def ages_in_text(text: str) -> tuple[int | None, int | None]:
    """The age bounds a condition states in words: "od 6 do 14 lat" → (6, 14), "do 18 lat" → (None, 18)."""
    found = _RANGE.search(text)
    if found:
        return int(found.group(1)), int(found.group(2))
    low, high = _FROM.search(text), _TO.search(text)
    return (int(low.group(1)) if low else None), (int(high.group(1)) if high else None)


def universal_with_ages(index: int, raw: dict) -> Iterator[Finding]:
    access = raw.get("dostep", {})
    if access.get("tryb") == "powszechny" and access.get("wiek"):
        yield (("uslugi", index, "dostep", "wiek"),
               "tryb powszechny (każdy może skorzystać), a podano przedział wieku; "
               "czy to nie tryb selektywny z kryterium „wiek”?")


def age_text_differs_from_numbers(index: int, raw: dict) -> Iterator[Finding]:
    access = raw.get("dostep", {})
    numbers = access.get("wiek") or {}
    for position, criterion in enumerate(access.get("kryteria", [])):
        if criterion.get("rodzaj") != "wiek" or not criterion.get("warunek"):
            continue
        low, high = ages_in_text(str(criterion["warunek"]))
        for bound, said in (("od", low), ("do", high)):
            given = numbers.get(bound)
            if said is not None and given != said:
                number = f"wiek.{bound}: {given}" if given is not None else f"brak wiek.{bound}"
                yield (("uslugi", index, "dostep", "kryteria", position, "warunek"),
                       f"warunek „{criterion['warunek']}” mówi „{bound} {said}”, a w liczbach jest {number}; "
                       "popraw, żeby tekst i liczby się zgadzały")


def public_without_signup(index: int, raw: dict) -> Iterator[Finding]:
    listed = raw.get("status", "oferowana") != "wycofana"
    if listed and raw.get("widocznosc", "publiczna") == "publiczna" and not raw.get("zapisy"):
        yield (("uslugi", index),
               "usługa publiczna bez pola „zapisy”: dopisz, jak się zgłosić (telefon, wizyta, skierowanie)")


ACCESS_CHECKS = (universal_with_ages, age_text_differs_from_numbers, public_without_signup)


def access_findings(services: list[dict]) -> Iterator[Finding]:
    for index, raw in enumerate(services):
        for check in ACCESS_CHECKS:
            yield from check(index, raw)
