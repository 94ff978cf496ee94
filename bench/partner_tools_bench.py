"""What the intranet partner pages' documents add to a build: CPU seconds of the added work
(each partner's workbook rows and declaration values as page JSON, the public cut for the
declarations, the templates file with the review workbook, the card's ODT/DOCX view and the
declaration) on a synthetic basket, against the same run's cost of reading the basket (a
step every build pays). ``--python-views N`` also times the alternative the card's view
did not take: rendering each partner's ODT and DOCX at build time (N partners, scaled to all).

    python -m bench.partner_tools_bench                # 30,000 services
    python -m bench.partner_tools_bench --size 1000 --python-views 50

The full build's time is ``bench.build_bench``; on a loaded machine this isolates the
added step, which is what the 5 % budget is about.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from bench.synthetic import generate
from koszyk.escaping import json_for_html
from koszyk.taxonomy import load_taxonomy
from koszyk.tools.docx import docx_bytes
from koszyk.tools.odt import odt_bytes
from koszyk.tools.partner_files import card_view_document, declaration_values, partner_templates, review_rows
from koszyk.validation import read_basket
from koszyk.variants import INTRANET, PUBLIC, basket_for

from .build_bench import OUT


def _cpu() -> float:
    return time.process_time()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=30000)
    parser.add_argument("--python-views", type=int, default=0, metavar="N")
    args = parser.parse_args()
    taxonomy = load_taxonomy()
    folder = generate(args.size, OUT / f"basket-{args.size}")
    start = _cpu()
    full = read_basket(folder, taxonomy, dt.date(2026, 11, 23)).baskets[0]
    read_seconds = _cpu() - start
    intranet = basket_for(full, INTRANET)
    start = _cpu()
    public = {partner.slug: partner for partner in basket_for(intranet, PUBLIC).partners}
    size = 0
    for partner in intranet.partners:
        size += len(json_for_html({"file": partner.slug, "rows": review_rows(partner.slug, intranet.cards[partner.slug], taxonomy),
                                   "declaration": declaration_values(public[partner.slug], taxonomy)}))
    templates = partner_templates(taxonomy, full.name, dt.datetime.now(dt.timezone.utc))
    added = _cpu() - start
    print(f"usługi: {args.size}, partnerzy: {len(intranet.partners)}")
    print(f"wczytanie koszyka (CPU s): {read_seconds:.2f}")
    print(f"dokumenty partnerów (CPU s): {added:.2f}  (dane na stronach: {size / 1e6:.1f} MB, wzory: {len(templates) / 1e3:.0f} kB)")
    if args.python_views:
        sample = intranet.partners[:args.python_views]
        start = _cpu()
        for partner in sample:
            document = card_view_document(partner.slug, full.cards[partner.slug], partner, taxonomy, full.name)
            odt_bytes(document)
            docx_bytes(document)
        each = (_cpu() - start) / len(sample)
        print(f"widok karty w Pythonie (CPU s): {each:.3f} na partnera, {each * len(intranet.partners):.0f} "
              f"dla {len(intranet.partners)} partnerów (z próby {len(sample)})")


if __name__ == "__main__":
    main()
