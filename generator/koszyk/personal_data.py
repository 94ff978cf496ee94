"""What looks like a person's data in free text: a PESEL number, a first name with a surname.

Two users, two strictnesses:

- a card's text fields are public: a number shaped like a PESEL *and* valid as one
  (date and check digit) is refused there, because a telephone or a REGON that merely
  has 11 digits must still pass (about 1 in 30 random 11-digit runs is a valid PESEL);
- the monitoring register must hold no people at all: any PESEL shape is refused, and
  so is a first name next to a surname in any grammatical case and either order
  ("Janem Kowalskim", "Kowalska Anna"), or a surname after a word for a family or
  a person ("rodziny Nowaków", "pani Kowalska"). Names are recognised with Morfeusz 2,
  whose SGJP dictionary marks first names (``imię``) and surnames (``nazwisko``).

A PESEL is written whole ("85010112345"), as date + number ("850101 12345") or with
separators in the date ("85-01-01-12345"); a phone ("+48 123 456 789") has other shapes.
"""

from __future__ import annotations

import re
from functools import lru_cache

import morfeusz2

# ECMA-262 compatible (lookbehind included), so the JSON Schema and the card form use it too.
PESEL_PATTERN = r"(?<!\d)(?:\d{11}|\d{6}[ -]\d{5}|\d{2}[-. ]\d{2}[-. ]\d{2}[-. ]?\d{5})(?!\d)"
_PESEL = re.compile(PESEL_PATTERN)
_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)

_WORD = re.compile(r"[A-ZĄĆĘŁŃÓŚŹŻa-ząćęłńóśźż]+(?:-[A-ZĄĆĘŁŃÓŚŹŻa-ząćęłńóśźż]+)?")
# Lemmas after which a capitalised surname names a person or a family.
_PERSON_WORDS = frozenset({"rodzina", "pan", "pani", "państwo", "małżeństwo", "syn", "córka", "matka", "ojciec"})
# "Szkoła im. Marii Konopnickiej", "ul. Jana Pawła": a patron or a street, not a client.
_PATRON_WORDS = frozenset({"im", "imienia", "św", "świętego", "świętej",
                           "ul", "ulica", "ulicy", "al", "aleja", "pl", "os"})


def is_valid_pesel(digits: str) -> bool:
    """Whether 11 digits carry a real birth date (any century PESEL encodes) and the right check digit."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    month, day = int(digits[2:4]) % 20, int(digits[4:6])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits, _WEIGHTS))
    return (10 - total % 10) % 10 == int(digits[10])


def pesel_shapes(text: str) -> list[str]:
    """Every run of ``text`` written the way a PESEL is written."""
    return [found.group(0) for found in _PESEL.finditer(text)]


def valid_pesel_in(text: str) -> str | None:
    """The first PESEL-shaped run of ``text`` that is a valid PESEL, as written."""
    for shape in pesel_shapes(text):
        if is_valid_pesel(re.sub(r"\D", "", shape)):
            return shape
    return None


@lru_cache(maxsize=1)
def _morfeusz() -> morfeusz2.Morfeusz:
    return morfeusz2.Morfeusz(expand_tags=False)


@lru_cache(maxsize=4096)
def _name_kinds(word: str) -> frozenset[str]:
    """``{"imię"}``, ``{"nazwisko"}``, both or neither: what SGJP says a capitalised word can be."""
    kinds: set[str] = set()
    for _start, _end, (_orth, lemma, _tag, names, _qualifiers) in _morfeusz().analyse(word):
        if lemma[:1].isupper():
            kinds.update(name for name in names if name in ("imię", "nazwisko"))
    return frozenset(kinds)


@lru_cache(maxsize=4096)
def _lemmas(word: str) -> frozenset[str]:
    return frozenset(analysis[2][1].split(":", 1)[0].lower() for analysis in _morfeusz().analyse(word))


def person_name_in(text: str) -> str | None:
    """The first words of ``text`` that name a person ("Janem Kowalskim", "rodziny Nowaków"), as written."""
    words = _WORD.findall(text)
    for index in range(len(words) - 1):
        first, second = words[index], words[index + 1]
        patron = index and words[index - 1].lower() in _PATRON_WORDS
        if patron or words[index + 2:index + 3] in (["I"], ["II"], ["III"]):
            continue  # a patron or a street: "im. Marii Konopnickiej", "Jana Pawła II"
        if not (second[:1].isupper() and second[1:2].islower()):
            continue
        if first[:1].isupper() and first[1:2].islower():
            kinds = (_name_kinds(first), _name_kinds(second))
            if ("imię" in kinds[0] and "nazwisko" in kinds[1]) or ("nazwisko" in kinds[0] and "imię" in kinds[1]):
                return f"{first} {second}"
        if _lemmas(first) & _PERSON_WORDS and "nazwisko" in _name_kinds(second):
            return f"{first} {second}"
    return None
