"""Open data from a basket, always its public variant: CSV + Data Package, JSON, HSDS.

``write_open_data`` writes the files of the chosen formats into a folder, each made
piece by piece, all of them or none (``files.write_all_or_none``); ``koszyk export``
and the site build (into ``otwarte-dane/`` of the public site) both use it.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..files import Writer, write_all_or_none
from ..model import Basket, Partner
from ..partner_outputs import PartnerOutputs
from ..taxonomy import Taxonomy
from ..variants import PUBLIC, basket_for, card_data_for
from .hsds import HSDS_VERSION, HsdsExport
from .tables import data_package, partner_lines

FORMATS = ("csv", "json", "hsds")
HSDS_NOTE = (f"Open Referral HSDS {HSDS_VERSION}, format skompilowany (obiekty zagnieżdżone).\n"
             "services.json: usługi z atrybutami; organizacja przez organization_id,\n"
             "  wartość słownika przez taxonomy_term_id atrybutu.\n"
             "organizations.json: partnerzy.\n"
             "locations.json: adresy partnerów (service_at_locations usługi wskazuje je przez location_id).\n"
             "taxonomy_terms.json: wartości słowników koszyka (code = klucz, name = etykieta).\n"
             "taxonomies.json: słowniki koszyka.\n")


def _indented(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


def _compact(item) -> str:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"), default=str)


def _json_array(items: Iterable) -> Iterable[str]:
    """A JSON array written an item at a time: 30,000 HSDS services never sit in memory at once."""
    return _json_texts(_compact(item) for item in items)


def _json_texts(texts: Iterable[str]) -> Iterable[str]:
    """A JSON array of items already written as JSON."""
    yield "["
    for number, text in enumerate(texts):
        yield ("," if number else "") + text
    yield "]\n"


def _chunks_writer(chunks: Iterable[str] | str) -> Writer:
    """A writer of text made piece by piece (30,000 services are never one string)."""
    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.writelines([chunks] if isinstance(chunks, str) else chunks)
    return write


SOURCES_KEY = "zrodla"


def published_sources(basket: Basket) -> list[dict]:
    """A collection's sources, each with the ids of its services in ``karty``: a list built
    on this file keeps each service's gmina (``collections.assembly`` reads it back)."""
    services: dict[str, list[str]] = {source.id: [] for source in basket.sources}
    for service in basket.services:
        if service.source is not None and service.source.id in services:
            services[service.source.id].append(service.id)
    return [{"id": source.id, "nazwa": source.name, "teryt": source.teryt, "poziom": source.level,
             "strona": source.site_url, "wlasne": source.own, "uslugi": services[source.id]}
            for source in basket.sources]


def vocabularies(taxonomy: Taxonomy) -> dict:
    return {name: {term.key: {"etykieta": term.label, "opis": term.description} for term in vocabulary}
            for name, vocabulary in taxonomy.vocabularies.items()}


@dataclass(frozen=True)
class _PartnerTexts:
    """A partner's lines of the CSV tables and its HSDS organisation and location (empty where its
    format is not written, or the partner has no location), kept between builds as one entry: one
    entry each was 8,200 files more for an empty-cache build to make at 30,000 services. Its
    services' HSDS records, the largest part, are kept apart and streamed (``write_open_data``)."""

    service_lines: str = ""
    partner_line: str = ""
    organization: str = ""
    location: str = ""


def _partner_texts(partner: Partner, export: HsdsExport, formats: tuple[str, ...]) -> _PartnerTexts:
    service_lines, partner_line = partner_lines(partner) if "csv" in formats else ("", "")
    if "hsds" not in formats:
        return _PartnerTexts(service_lines, partner_line)
    location = _compact(export.location(partner)) if export.has_location(partner) else ""
    return _PartnerTexts(service_lines, partner_line, _compact(export.organization(partner)), location)


def write_open_data(full_basket: Basket, taxonomy: Taxonomy, folder: Path,
                    formats: tuple[str, ...] = FORMATS, site_url: str = "", cache_dir: Path | None = None,
                    public_basket: Basket | None = None, public_cards: dict[str, dict] | None = None) -> list[Path]:
    """The files of ``formats`` from the public variant of ``full_basket``; returns their paths.
    ``public_basket`` and ``public_cards`` (by slug): that variant and the cards cut to it
    (``variants.card_data_for``), when the caller has them already (cutting 30,000 services takes seconds).

    With a ``cache_dir``, the HSDS records and the CSV lines of each partner and its services
    are kept for the next build (``partner_outputs``), keyed on the partner, the taxonomy, the
    basket's id, name and TERYT, and the site's address: what ``HsdsExport`` and the tables read."""
    basket = public_basket if public_basket is not None else basket_for(full_basket, PUBLIC)
    files = {folder / "slowniki.json": _chunks_writer(_indented(vocabularies(taxonomy)))}
    kept = PartnerOutputs.in_cache(cache_dir, "hsds", repr(taxonomy), basket.id, basket.name, basket.teryt, site_url)
    export = HsdsExport(basket, taxonomy, site_url)
    texts = [kept.get(p, functools.partial(_partner_texts, p, export, formats), "partner", *formats)
             for p in basket.partners]
    if "csv" in formats:
        lines = [(text.service_lines, text.partner_line) for text in texts]
        files.update({folder / name: _chunks_writer(text) for name, text in data_package(basket, taxonomy, lines).items()})
        del lines
    organizations = [text.organization for text in texts]
    locations = [text.location for text in texts if text.location]
    del texts  # the CSV lines, joined above, are not kept twice while the files are written
    if "json" in formats:
        header = {"id": basket.id, "nazwa": basket.name, "teryt": basket.teryt, "poziom": basket.level}
        cards = (public_cards[slug] if public_cards is not None else card_data_for(data, PUBLIC, taxonomy)
                 for slug, data in sorted(full_basket.cards.items()))
        opening = {"koszyk": header, **({SOURCES_KEY: published_sources(basket)} if basket.sources else {})}
        head = json.dumps(opening, ensure_ascii=False)[:-1] + ',"karty":'
        files[folder / "koszyk.json"] = _chunks_writer(itertools.chain([head], _json_array(cards), ["}\n"]))
    if "hsds" in formats:
        services = (text for p in basket.partners  # a partner's services kept as one entry, not one each
                    for text in kept.get(p, lambda: [_compact(export.service(s, p)) for s in p.services], "uslugi"))
        files.update({
            folder / "hsds/services.json": _chunks_writer(_json_texts(services)),
            folder / "hsds/organizations.json": _chunks_writer(_json_texts(organizations)),
            folder / "hsds/locations.json": _chunks_writer(_json_texts(locations)),
            folder / "hsds/taxonomy_terms.json": _chunks_writer(_json_array(export.taxonomy_terms())),
            folder / "hsds/taxonomies.json": _chunks_writer(_json_array(export.taxonomies())),
            folder / "hsds/README.txt": _chunks_writer(HSDS_NOTE),
        })
    write_all_or_none(files)  # all or none: a failure at the last file left the others new
    return list(files)
