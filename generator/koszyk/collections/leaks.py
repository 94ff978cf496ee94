"""What the leak check needs from a collection: its card files and its cached published cards."""

from __future__ import annotations

import json
from pathlib import Path

from ..loading import leads_out_of
from .cache import CACHE_DIR
from .spec import COLLECTION_FILE, card_sources

__all__ = ["card_sources", "published_cards_raw"]


def published_cards_raw(folder: Path) -> list[tuple[str, object]]:
    """(service id prefix, raw card) of every cached published source of the collection in ``folder``."""
    if not (folder / COLLECTION_FILE).is_file():
        return []
    found = []
    for path in sorted((folder / CACHE_DIR).glob("*.json")):
        if leads_out_of(path, folder):
            continue  # refused by validate and build (``cache.read_cached``): nothing was built from it
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            continue  # a damaged copy stops validate and build; nothing was built from it
        header = data.get("koszyk") if isinstance(data, dict) else None
        prefix = header.get("id") if isinstance(header, dict) and isinstance(header.get("id"), str) else ""
        cards = data.get("karty") if isinstance(data, dict) else None
        found += [(prefix, card) for card in cards or [] if isinstance(cards, list)]
    return found
