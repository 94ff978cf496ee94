"""The sample basket read with plain PyYAML, independently of the generator's model.

Tests compare what the site shows with figures computed here, so a bug in the
model or the page code cannot hide behind the same bug in the test.
"""

from __future__ import annotations

from pathlib import Path

import yaml

SAMPLE = Path(__file__).resolve().parent.parent / "baskets" / "przykladowo"


def raw_cards(basket: Path = SAMPLE) -> dict[str, dict]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted((basket / "partnerzy").glob("*.yml"))}


def listed_services(variant: str, basket: Path = SAMPLE) -> list[tuple[str, dict]]:
    """(partner slug, raw service) for every service the variant lists."""
    found = []
    for slug, card in raw_cards(basket).items():
        for service in card.get("uslugi", []):
            if service.get("status", "oferowana") == "wycofana":
                continue
            if variant == "public" and service.get("widocznosc", "publiczna") != "publiczna":
                continue
            found.append((slug, service))
    return found
