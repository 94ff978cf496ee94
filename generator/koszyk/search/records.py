"""What the search index holds for each service: weighted lemmas of its text, facets and display data.

One ``SearchRecord`` per listed service of a basket already cut to its variant
(``variants.basket_for``), so the public index can only hold public services.
Internal contacts and internal notes are never indexed, on either variant.

Text is read in three fields weighted for ranking (BM25F-like, see ``indexing.py``):
the service's name counts most, then what says who it is for (access criteria,
target groups, areas, access mode), then everything else (description, partner,
how to apply, cost, place).
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..model import Address, Basket, Partner, Service, age_text
from ..partner_outputs import PartnerOutputs, service_digest
from ..taxonomy import Taxonomy
from .morphology import lemmas_met, remember_lemmas, word_keys
from .text import fold, words

SNIPPET_LENGTH = 220
RUN_LENGTH = 16  # records kept in one cache entry, on average (``_runs``)
NAME_WEIGHT, WHO_WEIGHT, BODY_WEIGHT = 3.0, 2.0, 1.0
_MARKDOWN_LINK = re.compile(r"\]\([^)]*\)")
_MARKDOWN_MARKS = re.compile(r"[*_#>`\[\]]+")


class _Shown(NamedTuple):
    """All a search record reads of its partner, and so all it is kept under besides its service
    (``search_records``): keyed on the whole partner, one edited description made again every run
    holding one of the partner's services, about 160 records and 0.6 s of each variant's one-card
    rebuild of the voivodeship (sampling profile); now the one run holding that service."""

    name: str
    type: str
    address: Address

    @classmethod
    def of(cls, partner: Partner) -> "_Shown":
        return cls(partner.name, partner.type, partner.address)


@dataclass(frozen=True)
class Facet:
    """A filter of the search page: its URL parameter, heading and where its values come from."""

    param: str
    heading: str
    vocabulary: str | None  # taxonomy vocabulary giving keys and labels; None: values from the data
    values: Callable[[Service, _Shown], list[str]]


FACETS: tuple[Facet, ...] = (
    Facet("obszar", "Obszar wsparcia", "obszary", lambda s, p: list(s.areas)),
    Facet("grupa", "Dla kogo", "grupy_docelowe", lambda s, p: list(s.groups)),
    Facet("dostep", "Tryb dostępu", "tryby_dostepu", lambda s, p: [s.access.mode]),
    Facet("kryterium", "Kryteria dostępu", "kryteria", lambda s, p: sorted({c.kind for c in s.access.criteria})),
    Facet("odplatnosc", "Odpłatność", "odplatnosci", lambda s, p: [s.cost] if s.cost else []),
    Facet("zasieg", "Zasięg", "zasiegi", lambda s, p: [s.reach]),
    Facet("typ", "Typ partnera", "typy_partnerow", lambda s, p: [p.type]),
    Facet("status", "Status usługi", "statusy", lambda s, p: [s.status]),
    Facet("gmina", "Miejscowość partnera", None, lambda s, p: gmina_values(s, p)),
)
GMINA_HEADING = "Gmina"
"""The ``gmina`` facet's heading in a collection, where it holds the source basket, not the partner's town."""


def gmina_values(service: Service, partner: _Shown) -> list[str]:
    """In a collection, the id of the basket the service comes from; else the partner's town."""
    if service.source is not None:
        return [service.source.id]
    return [partner.address.town] if partner.address.town else []


@dataclass
class SearchRecord:
    """One service as the index sees it: its keys with field-weighted frequency, facets and what a result shows."""

    url: str  # relative to the site root: uslugi/<id>/
    weights: dict[str, float]  # index key -> sum of field weights of its occurrences
    name_keys: frozenset[str]
    length: float  # field-weighted number of words, for length normalisation
    meta: dict[str, str]
    filters: dict[str, list[str]] = field(default_factory=dict)
    age: tuple[int | None, int | None] = (None, None)
    name_pairs: frozenset[str] = frozenset()  # phrase keys of adjacent words of the name

    def __reduce__(self):
        """Pickled as a call with the fields in order (``kept_records``): a third faster to load
        than a dataclass's state dict."""
        return SearchRecord, (self.url, self.weights, self.name_keys, self.length, self.meta, self.filters,
                              self.age, self.name_pairs)


PAIR_MARK = "="


@lru_cache(maxsize=100_000)
def pair_keys(previous: tuple[str, ...], current: tuple[str, ...]) -> frozenset[str]:
    """Phrase keys of two adjacent words (stopwords between them skipped): ``"=urzad praca"``.
    The browser asks for the same keys for adjacent typed words: the exact-phrase signal.
    Cached: services' names repeat their word pairs (a third of the records' time at 30,000)."""
    return frozenset(f"{PAIR_MARK}{first} {second}" for first in previous for second in current)


def plain_text(markdown_text: str) -> str:
    """Partner Markdown without its marks, good enough for indexing and snippets."""
    return " ".join(_MARKDOWN_MARKS.sub("", _MARKDOWN_LINK.sub("]", markdown_text)).split())


def _fields(service: Service, partner: _Shown, taxonomy: Taxonomy) -> tuple[tuple[str, float], ...]:
    access = service.access
    who = [taxonomy.areas.label(k) for k in service.areas] + [taxonomy.groups.label(k) for k in service.groups]
    who += [f"{taxonomy.criteria.label(c.kind)} {c.condition}" for c in access.criteria]
    who.append(taxonomy.access_modes.label(access.mode))
    body = [
        partner.name, plain_text(service.description), plain_text(access.description),
        taxonomy.costs.label(service.cost) if service.cost else "", service.cost_description,
        service.signup, service.place, taxonomy.partner_types.label(partner.type), partner.address.town,
    ]
    return ((service.name, NAME_WEIGHT), (" ".join(who), WHO_WEIGHT), (" ".join(p for p in body if p), BODY_WEIGHT))


def search_records(basket: Basket, taxonomy: Taxonomy, fingerprints: dict[str, str] | None = None,
                   kept: PartnerOutputs | None = None) -> Iterator[SearchRecord]:
    """One record per listed service, in the order of their folded names, made one at a time.

    ``fingerprints`` (intranet, by service id): each result carries the fingerprint the
    individual basket keeps, so a service added from the results can be checked later.
    ``kept``: records of an earlier build, kept in runs (``_runs``), each keyed on every
    record's partner, service and fingerprint, and on the taxonomy (``kept_records``).
    """
    listed = [(service, partner) for partner in basket.partners for service in partner.services if service.is_listed]
    listed.sort(key=lambda pair: (fold(pair[0].name), pair[0].id))
    fingerprints = fingerprints or {}
    if kept is None:
        for service, partner in listed:
            yield _record(service, _Shown.of(partner), taxonomy, fingerprints.get(service.id, ""))
        return
    met_by_kept: set[tuple[str, str]] = set()  # remembered at the end: the records share most of them
    shown_of = _ShownOnce()
    for run in _runs(listed):
        inputs = [(service, shown_of(partner), fingerprints.get(service.id, "")) for service, partner in run]
        made, met = kept.keyed(functools.partial(_records_of_run, inputs, taxonomy),
                               *(f"{service_digest(service)}:{shown_of.text(shown)}:{fingerprint}"
                                 for service, shown, fingerprint in inputs))
        met_by_kept.update(met)
        yield from made
    remember_lemmas(met_by_kept)


class _ShownOnce:
    """Each partner's ``_Shown`` and its ``repr`` (part of its records' keys), made once a build:
    per service, the ``repr`` of the address was 0.4 s of each variant's one-card rebuild at
    30,000 services (sampling profile). Keyed by ``id``: the partners live as long as the basket."""

    def __init__(self):
        self._shown: dict[int, _Shown] = {}
        self._texts: dict[int, str] = {}

    def __call__(self, partner: Partner) -> _Shown:
        shown = self._shown.get(id(partner))
        if shown is None:
            shown = self._shown[id(partner)] = _Shown.of(partner)
            self._texts[id(shown)] = repr(shown)
        return shown

    def text(self, shown: _Shown) -> str:
        return self._texts[id(shown)]


def _runs(listed: list[tuple[Service, Partner]]) -> Iterator[list[tuple[Service, Partner]]]:
    """``listed`` cut into runs of about ``RUN_LENGTH`` records, each kept as one cache entry.

    A run ends after a service whose id hashes to a multiple of ``RUN_LENGTH``, so where runs
    end depends on the services, not on their positions: a service added, removed or renamed
    changes the runs it leaves and joins, and the rest are loaded as they were. One entry per
    record was 27,600 files at 30,000 services; loading them took 2.3 s against 0.9 s for
    runs of 16 (same records, real seconds, ``/tmp`` measurement on this machine)."""
    run: list[tuple[Service, Partner]] = []
    for pair in listed:
        run.append(pair)
        if zlib.crc32(pair[0].id.encode("utf-8")) % RUN_LENGTH == 0:
            yield run
            run = []
    if run:
        yield run


def kept_records(cache_dir: Path | None, taxonomy: Taxonomy) -> PartnerOutputs:
    """Where a build keeps search records: a record is made from its service, what it shows of the
    service's partner (``_Shown``), the taxonomy, the fingerprint and the search code (in ``code_digest``)."""
    return PartnerOutputs.in_cache(cache_dir, "wyszukiwarka", repr(taxonomy))


def _records_of_run(inputs: list[tuple[Service, _Shown, str]], taxonomy: Taxonomy
                    ) -> tuple[list[SearchRecord], tuple[tuple[str, str], ...]]:
    """The records of a run, and the lemmas analysing their words met: the index's forms table
    is made from every lemma met (``morphology.raw_lemmas``), so kept records bring them back.
    One set for the run, not one per record: the records of a run share most of their words,
    and per record the lemmas were a fifth of what loading kept records took."""
    met: set[tuple[str, str]] = set()
    records = [_record(service, partner, taxonomy, fingerprint, met) for service, partner, fingerprint in inputs]
    return records, tuple(sorted(met))


def _record(service: Service, partner: _Shown, taxonomy: Taxonomy, fingerprint: str,
            met: set[tuple[str, str]] | None = None) -> SearchRecord:
    weights: dict[str, float] = {}
    length = 0.0
    name_keys: set[str] = set()
    name_pairs: set[str] = set()
    for text, weight in _fields(service, partner, taxonomy):
        previous: tuple[str, ...] = ()
        for word in words(text):
            keys = word_keys(word)
            if met is not None:
                met.update(lemmas_met(word))
            length += weight
            for key in keys:
                weights[key] = weights.get(key, 0.0) + weight
            if weight == NAME_WEIGHT:
                name_keys.update(keys)
                name_pairs |= pair_keys(previous, keys)
                previous = keys
    filters = {facet.param: facet.values(service, partner) for facet in FACETS}
    age = service.access.age
    meta = {
        "title": service.name, "id": service.id, "partner": partner.name,
        "dostep": service.access.mode, "status": service.status,
        "koszt": taxonomy.costs.label(service.cost) if service.cost else "",
        "wiek": age_text(age),
        "opis": _snippet(plain_text(service.description) or plain_text(service.access.description)),
    }
    if service.source is not None:
        meta["gmina"] = service.source.name
    if fingerprint:
        meta["fp"] = fingerprint
    return SearchRecord(
        f"uslugi/{service.id}/", weights, frozenset(name_keys), length, meta,
        {key: values for key, values in filters.items() if values},
        (age.min, age.max) if age is not None else (None, None), frozenset(name_pairs),
    )


def _snippet(text: str) -> str:
    if len(text) <= SNIPPET_LENGTH:
        return text
    return text[:SNIPPET_LENGTH].rsplit(" ", 1)[0] + "…"
