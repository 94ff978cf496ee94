"""``.github/CODEOWNERS`` from the cards' keepers (``partner.opiekunowie``).

GitHub and GitLab then ask a card's keepers to review every change to it. The
file is generated, and validation fails when it no longer matches the cards.
"""

from __future__ import annotations

import re
from pathlib import Path

from .loading import load_document
from .problems import Problem
from .schema import USERNAME

CODEOWNERS_FILE = Path(".github") / "CODEOWNERS"
HEADER = (
    "# Plik generowany przez `koszyk codeowners` z pól partner.opiekunowie kart.\n"
    "# Nie edytuj ręcznie: zmień opiekunów w karcie i uruchom polecenie ponownie.\n"
)


def _keepers(card: Path) -> list[str]:
    """The card's keepers that are user names as the schema defines them (``schema.USERNAME``);
    any other value is left out, never written: ``"x\n* @intruz"`` made a partner owner of every
    file. Validation reports it on the card."""
    data = load_document(card).data  # an unreadable card is reported by validation itself
    partner = data.get("partner") if isinstance(data, dict) else None
    keepers = partner.get("opiekunowie") if isinstance(partner, dict) else None
    if not isinstance(keepers, list):
        return []
    return ["@" + name.lstrip("@") for name in keepers
            if isinstance(name, str) and re.fullmatch(USERNAME.pattern, name)]


def codeowners_text(baskets: Path) -> str:
    from .validation import BASKET_FILE, card_paths  # not when the CLI starts: ``cli`` reads CODEOWNERS_FILE

    lines = [HEADER]
    root = baskets.resolve().parent  # the repository root: CODEOWNERS paths start there
    cards = [card for basket in sorted(baskets.resolve().glob(f"*/{BASKET_FILE}")) for card in card_paths(basket.parent)]
    for card in cards:
        keepers = _keepers(card)
        if keepers:
            lines.append(f"/{card.relative_to(root).as_posix()} {' '.join(keepers)}\n")
    return "".join(lines)


def codeowners_problem(baskets: Path, path: Path = CODEOWNERS_FILE) -> Problem | None:
    """An error when the committed file differs from what the cards say."""
    expected = codeowners_text(baskets)
    if expected == HEADER and not path.exists():
        return None  # nobody declared keepers: no file is needed
    if path.exists() and path.read_text(encoding="utf-8") == expected:
        return None
    return Problem(path.as_posix(), 1, 1, "", "plik opiekunów kart jest nieaktualny; uruchom `koszyk codeowners`")
