"""Polish morphology for search: Morfeusz 2 with the SGJP dictionary (both BSD-2 licensed).

A word is indexed by its lemmas ("urzędu" → urząd, "lekarza" → lekarz), folded like
every index key ("urzad", "lekarz"). The browser cannot run Morfeusz, so the index
ships, for every lemma it holds, all the lemma's inflected forms (folded) in a form →
lemma table (``forms_of``); a typed word is looked up there, nothing else is needed.

Words Morfeusz does not know (names, acronyms, typos in cards) keep the old Snowball
stem, marked with a leading ``~`` so the browser's prefix guessing is limited to them:
a known word never matches by its first letters again ("kolonie" no longer finds
"koła"). Acronyms written in capitals are treated as unknown (Morfeusz reads "PUP"
as a form of "pupa").

Morfeusz is slow to start (~0.6 s) and its answers are cached per distinct word and
per lemma: a 30,000-service basket repeats a few thousand words millions of times.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import morfeusz2
import snowballstemmer

from .. import pickle_store
from ..input_keys import code_digest, digest
from .text import fold

UNKNOWN_MARK = "~"
_SKIPPED_TAGS = {"interp", "aglt", "brev", "ign"}
_STEMMER = snowballstemmer.stemmer("polish")


_RAW_LEMMAS: dict[str, set[str]] = {}  # key -> the SGJP lemmas it was read from, to generate their forms


@lru_cache(maxsize=1)
def _morfeusz() -> morfeusz2.Morfeusz:
    return morfeusz2.Morfeusz(generate=True, expand_tags=False)


def _key(lemma: str) -> str:
    """``"niepełnosprawny:S"`` → ``"niepelnosprawny"``: the lemma without SGJP's sense mark, folded."""
    return fold(lemma.split(":", 1)[0])


@lru_cache(maxsize=300_000)
def analyse(word: str) -> tuple[tuple[str, str], ...]:
    """(key, lemma) of every reading of one word as written; empty when Morfeusz does not know it."""
    found: dict[str, str] = {}
    for key, lemma in lemmas_met(word):
        found.setdefault(key, lemma)
        _RAW_LEMMAS.setdefault(key, set()).add(lemma)
    return tuple(found.items())


@lru_cache(maxsize=300_000)
def lemmas_met(word: str) -> tuple[tuple[str, str], ...]:
    """(key, SGJP lemma) of every reading of ``word``: what analysing it adds to the lemmas
    ``raw_lemmas`` gives, so a search record kept from an earlier build can add them too."""
    if len(word) <= 5 and word.isupper() and len(word) > 1:
        return ()  # an acronym: PUP, OPS, OIK
    return tuple((_key(lemma), lemma) for start, _end, (_orth, lemma, tag, _names, _labels)
                 in _morfeusz().analyse(word) if start == 0 and tag.split(":", 1)[0] not in _SKIPPED_TAGS)


def remember_lemmas(met: Iterable[tuple[str, str]]) -> None:
    """Lemmas met while an earlier build analysed a text, as if this build had analysed it."""
    for key, lemma in met:
        _RAW_LEMMAS.setdefault(key, set()).add(lemma)


def raw_lemmas(key: str) -> set[str]:
    """The SGJP lemmas behind an index key, as met while analysing (or read from the key itself)."""
    if key not in _RAW_LEMMAS:
        analyse(key)
    return _RAW_LEMMAS.get(key, set())


@lru_cache(maxsize=300_000)
def unknown_key(folded_word: str) -> str:
    """Index key of a word Morfeusz does not know: today's Snowball stem, marked."""
    return UNKNOWN_MARK + _STEMMER.stemWord(folded_word)


@lru_cache(maxsize=300_000)
def _spelled_forms(lemma: str) -> tuple[str, ...]:
    """Every inflected form of an SGJP lemma as Morfeusz writes it (abbreviations left out),
    past forms with their person endings too (``past_with_person``)."""
    forms: list[str] = []
    for orth, _lemma, tag, _n, _l in _morfeusz().generate(lemma):
        if not tag.startswith("brev"):
            forms.append(orth)
            forms.extend(past_with_person(orth, tag))
    return tuple(forms)


def past_with_person(orth: str, tag: str) -> list[str]:
    """A past form with the person and conditional endings Polish glues to it: "straciła" →
    straciłam, straciłaś, straciłabym…; "stracił" → straciłem, straciłbym…; "stracili" →
    straciliśmy… SGJP analyses "straciłam" as "straciła" + "m", so generating a lemma never
    gives it, and people write about themselves: „straciłam pracę” was "corrected" to
    „straciła”, „zgubiłam dokumenty” to „zgubiła”. A form marked ``agl`` ("mogł") takes only
    the person endings, one marked ``nagl`` ("mógł") only the conditional ones."""
    parts = tag.split(":")
    if parts[0] != "praet":
        return []
    plural = parts[1] == "pl"
    masculine = not plural and parts[2].startswith("m")
    person = ["śmy", "ście"] if plural else (["em", "eś"] if masculine else ["m", "ś"])
    conditional = ["by", "byśmy", "byście"] if plural else ["by", "bym", "byś"]
    if "agl" in parts:
        return [orth + ending for ending in person]
    if "nagl" in parts:
        return [orth + ending for ending in conditional]
    return [orth + ending for ending in person + conditional]


@lru_cache(maxsize=300_000)
def forms_of(lemma: str) -> frozenset[str]:
    """Every inflected form of an SGJP lemma, folded (abbreviations left out)."""
    forms = {fold(orth) for orth in _spelled_forms(lemma)}
    forms.add(_key(lemma))
    return frozenset(forms)


# masculine ending -> feminine ending of person nouns: asystent/asystentka, logopeda/logopedka,
# psycholog/psycholożka, prawnik/prawniczka, lekarz/lekarka, pracownik/pracownica,
# doradca/doradczyni, Ukrainiec/Ukrainka; each candidate must be a feminine noun lemma in SGJP
_FEMININE_ENDINGS = (("", "ka"), ("a", "ka"), ("g", "żka"), ("k", "czka"), ("rz", "rka"),
                     ("ik", "ica"), ("ca", "czyni"), ("iec", "ka"))


@lru_cache(maxsize=100_000)
def feminine_lemmas(lemma: str) -> tuple[str, ...]:
    """The feminine nouns SGJP keeps as lemmas of their own for a masculine person noun:
    ``"asystent"`` → ``("asystentka",)``. The cards say „asystent rodziny”, people type
    „asystentka rodziny”, and that real word, absent from the index, was "corrected" to the
    nearest indexed form („asystencka”). Only m1 nouns (persons), and only candidates SGJP
    reads as a feminine noun whose lemma is the candidate itself ("bratka" is a form of
    "bratek", so "brat" gets nothing)."""
    base = lemma.split(":", 1)[0]
    person = any(found.split(":", 1)[0] == base and tag.startswith("subst:") and tag.endswith(":m1")
                 for _s, _e, (_o, found, tag, _n, _l) in _morfeusz().analyse(base))
    if not person:
        return ()
    feminine = []
    for ending, replacement in _FEMININE_ENDINGS:
        if not base.endswith(ending) or len(base) - len(ending) < 3:
            continue
        candidate = base[:len(base) - len(ending)] + replacement
        if candidate not in feminine and any(
                found == candidate and tag.startswith("subst:") and tag.endswith(":f")
                for _s, _e, (_o, found, tag, _n, _l) in _morfeusz().analyse(candidate)):
            feminine.append(candidate)
    return tuple(feminine)


@lru_cache(maxsize=300_000)
def spellings_of(lemma: str) -> tuple[tuple[str, str], ...]:
    """(folded form, the form with its Polish letters) for every form of a lemma
    ("stracil" → "stracił"): what the search page shows when it corrects a typo. A form
    also written without Polish letters keeps that spelling ("logopeda", not "logopedą")."""
    found: dict[str, str] = {}
    for orth in _spelled_forms(lemma):
        spelled = orth.lower()
        folded = fold(spelled)
        if folded == spelled or folded not in found:
            found[folded] = spelled
    return tuple(found.items())


def lemma_forms(lemma: str) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    """What the index's forms table takes from one lemma: every form of it and of its feminine
    nouns (``feminine_lemmas``), folded, and their (folded, spelled) pairs (``spellings_of``)."""
    feminine = feminine_lemmas(lemma)
    return (forms_of(lemma).union(*map(forms_of, feminine)),
            tuple(pair for source in (lemma, *feminine) for pair in spellings_of(source)))


class KeptLemmaForms:
    """``lemma_forms`` of every lemma an earlier build asked for, kept in one cache entry.

    Morfeusz's answers depend on its version and koszyk's code only (``code_digest`` keys the
    entry), and a basket's words change little between builds: generating the forms of about
    6,000 lemmas took 1.1 of the 1.6–2.3 s the forms table took in a one-card rebuild at
    30,000 services, which now takes 0.4–0.5 s (wall clock). The entry only grows (a language's lemmas are finite); two
    builds writing it at once lose at most the lemmas one of them added, made again next time."""

    def __init__(self, cache_dir: Path | None):
        self.entry = (pickle_store.entry_path(cache_dir / "formy", digest(code_digest(), "formy"))
                      if cache_dir is not None else None)
        known = pickle_store.load(self.entry) if self.entry is not None else pickle_store.MISSING
        self.known: dict[str, tuple] = known if isinstance(known, dict) else {}
        self.added = 0

    def __call__(self, lemma: str) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
        found = self.known.get(lemma)
        if found is None:
            found = self.known[lemma] = lemma_forms(lemma)
            self.added += 1
        return found

    def keep(self) -> None:
        if self.entry is not None and self.added:
            pickle_store.store(self.entry, self.known)


def forget_forms() -> None:
    """Drop the cached forms of lemmas. Only the index's forms table asks for them, once a
    build; kept, they held 22 MiB for the rest of a 30,000-service build (tracemalloc)."""
    for cached in (forms_of, spellings_of, _spelled_forms, feminine_lemmas):
        cached.cache_clear()


@lru_cache(maxsize=300_000)
def word_keys(word: str) -> tuple[str, ...]:
    """Index keys of one word as written: its lemmas' keys, or its marked stem when unknown."""
    known = analyse(word)
    return tuple(key for key, _lemma in known) if known else (unknown_key(fold(word)),)
