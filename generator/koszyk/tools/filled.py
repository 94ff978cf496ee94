"""Tool 8, the declaration of joining, filled per partner from the command line (``koszyk deklaracje``).

Built as a ``Document``, so it comes out as ODT and DOCX like the blank tools,
from the public variant (``variants.basket_for``, the one rule of what the public
may see): it is signed and filed. Tool 7's filled view is ``card_view``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..files import bytes_writer, write_all_or_none
from ..problems import HasProblems, Problem
from ..taxonomy import Taxonomy
from ..validation import read_basket
from ..variants import PUBLIC, basket_for
from .docx import docx_bytes
from .odt import odt_bytes
from .declaration import declaration_document


@dataclass
class Written(HasProblems):
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def write_declarations(basket_dir: Path, output_dir: Path, taxonomy: Taxonomy, today: dt.date,
                       slugs: list[str]) -> Written:
    """Tool 8 for each partner (or the ``slugs`` given), from public data only: it is signed and filed."""
    result = read_basket(basket_dir, taxonomy, today)
    if result.errors:
        return Written(problems=result.errors)
    basket = basket_for(result.baskets[0], PUBLIC)
    by_slug = {partner.slug: partner for partner in basket.partners}
    chosen = [by_slug[slug] for slug in slugs] if slugs else basket.partners
    files = {}
    for partner in chosen:
        document = declaration_document(partner, taxonomy, basket.name)
        for extension, render in (("odt", odt_bytes), ("docx", docx_bytes)):
            files[output_dir / f"deklaracja-{partner.slug}.{extension}"] = bytes_writer(render(document))
    write_all_or_none(files)
    return Written(written=list(files))
