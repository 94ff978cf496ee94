"""Cards read and checked by an earlier build, kept under the bytes they were read from.

Reading a card (YAML with line marks, the schema, the access rules) is the largest
cost a rebuild cannot skip otherwise: at 30,000 services about 14 s of each variant's
build, spent again on 2,999 cards when one changed. A build with a cache folder keeps
each card's ``CardReading`` (pickled) in ``<cache>/karty/`` (``pickle_store``) and the next
build loads it instead of reading the card again.

The key is a SHA-256 of everything a reading is made from: koszyk's code and libraries
(``input_keys.code_digest``), the taxonomy, the date (cards go stale), the card's path
and the name it is shown by, and the file's bytes. So a changed card, taxonomy, date
or program reads the card again; nothing else can change what reading it gives.

The folder is the builder's own (``.cache/koszyk``, outside git): a partner's pull
request changes cards, never the cache. Entries are kept by ``pickle_store``; one that
cannot be read is read from the card instead.
"""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass
from pathlib import Path

from . import pickle_store
from .input_keys import code_digest, digest
from .loading import MAX_FILE_BYTES, leads_out_of

FOLDER = "karty"
_active: contextvars.ContextVar["CardCache | None"] = contextvars.ContextVar("koszyk_card_cache", default=None)


@dataclass
class CardCache:
    folder: Path
    hits: int = 0
    misses: int = 0

    @classmethod
    def in_folder(cls, cache_dir: Path) -> "CardCache":
        return cls(cache_dir / FOLDER)

    @staticmethod
    def stamp(taxonomy, today) -> str:
        """What every key of one reading starts from: the code, the taxonomy and the date."""
        return digest(code_digest(), repr(taxonomy), today.isoformat())

    @staticmethod
    def key(stamp: str, path: Path, display: str) -> str | None:
        """None when the card cannot be read as bytes, is larger than a card may be, or is not
        to be read at all (a link: ``validation.read_card``): then it is read (and reported) as usual."""
        if path.is_symlink() or leads_out_of(path, path.parent.parent):
            return None  # never opened: a link may lead to a pipe or a device
        return CardCache._key_of_bytes(stamp, path, display)

    @staticmethod
    def keys(stamp: str, cards: list[Path], displays: list[str]) -> list[str | None]:
        """``key`` of each card (shown as ``displays`` says), with the way to the cards checked
        once per folder: for a card that is no link, whether a link on its way leads out of the
        project (``leads_out_of``) depends on its folder alone. Checking 3,000 cards one by one
        took about 0.75 s of a 30,000-service rebuild (real seconds, this machine)."""
        open_folders: dict[Path, bool] = {}
        keys = []
        for card, display in zip(cards, displays):
            if card.is_symlink():
                keys.append(None)
                continue
            if card.parent not in open_folders:
                open_folders[card.parent] = leads_out_of(card, card.parent.parent) is None
            keys.append(CardCache._key_of_bytes(stamp, card, display) if open_folders[card.parent] else None)
        return keys

    @staticmethod
    def _key_of_bytes(stamp: str, path: Path, display: str) -> str | None:
        try:
            with path.open("rb") as stream:
                data = stream.read(MAX_FILE_BYTES + 1)  # the path may be a device or a huge file
        except OSError:
            return None
        return digest(stamp, str(path), display, data) if len(data) <= MAX_FILE_BYTES else None

    def load(self, key: str):
        reading = pickle_store.load(pickle_store.entry_path(self.folder, key))
        if reading is pickle_store.MISSING:
            return None
        self.hits += 1
        return reading

    def store(self, key: str, reading) -> None:
        self.misses += 1
        pickle_store.store(pickle_store.entry_path(self.folder, key), reading)


def active() -> CardCache | None:
    """The cache of the build in progress, if it has one (``reading_with``)."""
    return _active.get()


@contextlib.contextmanager
def reading_with(cache: CardCache | None):
    """Cards read inside the block (``validation.iter_cards``) use ``cache``."""
    token = _active.set(cache)
    try:
        yield cache
    finally:
        _active.reset(token)
