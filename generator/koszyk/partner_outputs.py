"""What a build makes from each partner and its services, kept for the next build.

The search records and the open data records of a service are made from the service, its
partner and settings that hold for the whole build (the taxonomy, the basket's name, the
site's address). When one card of 3,000 changed, making them again for the other 2,999
cost about 12 s of a 30,000-service rebuild (cProfile, public variant). A build with a
cache folder keeps them in ``<cache>/partnerzy/<kind>/`` (``pickle_store``); the next build loads
them for every partner whose inputs are the same.

The key is a SHA-256 of koszyk's code and libraries (``input_keys.code_digest``), the
kind of output, the settings its caller names, and what the output is made from: mostly
``repr(partner)``, the partner with its services as the variant shows them, every field
(model objects are dataclasses whose ``repr`` is their content); a search record names its
service and the few fields of its partner it shows. A maker may read only what it is keyed
on. Entries are kept by ``pickle_store``, as the card cache's are.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from . import pickle_store
from .input_keys import ObjectDigests, code_digest, digest
from .model import Partner, Service

FOLDER = "partnerzy"
T = TypeVar("T")

_SHOWN_FIELDS = operator.attrgetter(*(item.name for item in dataclasses.fields(Service) if item.name != "line"))


def _service_text(service: Service) -> str:
    """``repr`` of every field of ``service`` but its line in the card (``service_digest``).
    Read straight from the object: ``repr(replace(service, line=0))`` made a copy of each of 30,000
    services, 0.67 s a build against 0.27 s (the 30,000-service basket, one run)."""
    return repr(_SHOWN_FIELDS(service))


_PARTNER_FIELDS = operator.attrgetter(*(item.name for item in dataclasses.fields(Partner) if item.name != "services"))


def _partner_text(partner: Partner) -> str:
    """What ``repr(partner)`` holds, each service by its ``service_digest`` and its line: the pages,
    rows and records hash every service anyway, and hashing each twice, alone and in its partner's
    ``repr``, was about 0.5 s of a one-card rebuild (sampling profile, voivodeship)."""
    return repr((_PARTNER_FIELDS(partner), [(service_digest(service), service.line) for service in partner.services]))


_PARTNER_DIGESTS = ObjectDigests(_partner_text)  # ``partner_key``: once a build for every kind of output
_SERVICE_DIGESTS = ObjectDigests(_service_text)  # ``service_digest``


def forget_partners() -> None:
    """Let go of the partners and services whose digests are kept (and so of the basket they
    belong to): called when a build starts and ends, as ``mkdocs serve`` reads a new basket for
    each rebuild. One kind of output after another asked for the same digests: each kept its own,
    and hashing every partner four times cost 2.2 s of a one-card rebuild at 30,000 services
    (sampling profile)."""
    global _PARTNER_DIGESTS, _SERVICE_DIGESTS
    _PARTNER_DIGESTS = ObjectDigests(_partner_text)
    _SERVICE_DIGESTS = ObjectDigests(_service_text)


def service_digest(service: Service) -> str:
    """The digest of ``repr(service)`` but its line in the card (which no output shows, and which
    an edit of a service above it changes), made once a build per service object: its page, its
    rows and its search record are keyed on it."""
    return _SERVICE_DIGESTS(service)


@dataclass
class PartnerOutputs:
    """One kind of per-partner output (``kind``: a folder name) under ``settings``; ``folder`` None: no cache."""

    folder: Path | None
    kind: str
    settings: str
    hits: int = 0
    misses: int = 0
    _partners: ObjectDigests = field(default_factory=lambda: _PARTNER_DIGESTS, repr=False, compare=False)

    @classmethod
    def in_cache(cls, cache_dir: Path | None, kind: str, *settings: str) -> "PartnerOutputs":
        folder = cache_dir / FOLDER / kind if cache_dir is not None else None
        return cls(folder, kind, digest(code_digest(), kind, *settings) if folder is not None else "")

    def get(self, partner: Partner, make: Callable[[], T], *extra: str) -> T:
        """``make()``, or what it gave for this partner (and ``extra``: e.g. which of its services)
        in an earlier build."""
        if self.folder is None:
            return make()
        return self.keyed(make, self.partner_key(partner), *extra)

    def keyed(self, make: Callable[[], T], *inputs: str) -> T:
        """``make()``, or what it gave in an earlier build for the same ``inputs``: texts that hold
        everything ``make`` reads besides the settings (e.g. a card's slug and ``repr`` of its data)."""
        if self.folder is None:
            return make()
        entry = pickle_store.entry_path(self.folder, digest(self.settings, *inputs))
        value = pickle_store.load(entry)
        if value is not pickle_store.MISSING:
            self.hits += 1
            return value
        value = make()
        self.misses += 1
        pickle_store.store(entry, value)
        return value

    def partner_key(self, partner: Partner) -> str:
        """``repr(partner)`` hashed once a build (``_partner_text``; a partner's services ask for it one
        by one): what an output of this partner is kept under, with the settings and ``get``'s ``extra``."""
        return self._partners(partner)
