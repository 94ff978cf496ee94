"""What a build makes from each partner and its services, kept for the next build.

The search records and the open data records of a service are made from the service, its
partner and settings that hold for the whole build (the taxonomy, the basket's name, the
site's address). When one card of 3,000 changed, making them again for the other 2,999
cost about 12 s of a 30,000-service rebuild (cProfile, public variant). A build with a
cache folder keeps them in ``<cache>/partnerzy/<kind>/`` (``pickle_store``); the next build loads
them for every partner whose inputs are the same.

The key is a SHA-256 of koszyk's code and libraries (``input_keys.code_digest``), the
kind of output, the settings its caller names, and ``repr(partner)``: the partner with
its services as the variant shows them, every field (model objects are dataclasses whose
``repr`` is their content). A maker may read only the partner, its services and the
settings it is keyed on. Entries are kept by ``pickle_store``, as the card cache's are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from . import pickle_store
from .input_keys import ObjectDigests, code_digest, digest
from .model import Partner

FOLDER = "partnerzy"
T = TypeVar("T")


_PARTNER_DIGESTS = ObjectDigests()  # ``repr(partner)`` hashed once a build for every kind of output


def forget_partners() -> None:
    """Let go of the partners whose digests are kept (and so of the basket they belong to): called
    when a build starts and ends, as ``mkdocs serve`` reads a new basket for each rebuild. One
    kind of output after another asked for the same digests: each kept its own, and hashing every
    partner four times cost 2.2 s of a one-card rebuild at 30,000 services (sampling profile)."""
    global _PARTNER_DIGESTS
    _PARTNER_DIGESTS = ObjectDigests()


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
        """``repr(partner)`` hashed once a build (a partner's services ask for it one by one):
        what an output of this partner is kept under, with the settings and the ``extra`` of ``get``."""
        return self._partners(partner)

    def service_key(self, partner: Partner, service_id: str, fingerprint: str) -> str:
        """What one service's output is kept under: its partner (``partner_key``), its id and its
        fingerprint (intranet, else empty). Search records and listing rows are keyed on it."""
        return f"{self.partner_key(partner)}:{service_id}:{fingerprint}"
