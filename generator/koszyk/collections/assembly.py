"""Reading a collection (``zestawienie.yml``) into one basket.

The collection's own institutions (``partnerzy/`` of its folder) and every source
are read and checked like baskets, partners are matched across sources
(``matching``), and each service keeps its ``Source``. The result is an ordinary
``Basket``, so the site, the reports and the exports take it as they take a basket.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from ..loading import leads_out_of
from ..model import Basket, Partner, Service, Source
from ..problems import Problem, display_path, display_paths
from ..schema import SLUG
from ..taxonomy import Taxonomy
from ..validation import BASKET_FILE, COLLECTION_FILE, Result, card_paths, read_basket, read_cards
from .cache import ORIGIN_KEY, SourceUnavailable, cache_path, read_cached
from .matching import Member, conflicts, match, merged_partner
from .published import nested_sources, published_cards
from .spec import SourceEntry, read_spec

MAX_NESTING = 4  # a voivodeship list of powiat lists of gmina baskets is 3 levels
LISTING_PART = re.compile(r"-strona-\d+$")  # how later pages of a long listing are named (``pages.listing_parts``)


def read_collection(folder: Path, taxonomy: Taxonomy, today: dt.date, root: Path | None = None,
                    _depth: int = 0, fetched: dict[str, dict] | None = None) -> Result:
    """The collection in ``folder`` as one basket, with every problem of every source.

    ``fetched`` (address → data): published sources just downloaded, read instead of their
    copies in ``.zrodla/``, so ``koszyk pobierz`` checks them before it replaces a copy."""
    spec = read_spec(folder, taxonomy, today, root)
    result = Result(problems=list(spec.problems))
    own = Source(id=spec.id, name=spec.name, teryt=spec.teryt, level=spec.level,
                 origin=display_path(folder, root), own=True)
    members = _own_members(folder, own, taxonomy, today, root, result)
    sources = [own] if members else []
    for entry in spec.entries:
        read = _read_source(folder, entry, taxonomy, today, root, _depth, fetched or {})
        result.problems.extend(read.problems)
        if read.source is None:
            continue
        brought = read.nested_sources or [read.source]
        clash = _first_clash(brought, [own, *sources])
        if clash:
            result.problems.append(entry.problem(clash))
            continue
        sources.extend(brought)
        members.extend(read.members)
    basket = Basket(id=spec.id, name=spec.name, teryt=spec.teryt, leader=spec.leader, level=spec.level,
                    description=spec.description, path=folder, sources=sources)
    _merge(basket, members, result)
    result.baskets.append(basket)
    return result


def _first_clash(brought: list[Source], taken: list[Source]) -> str:
    """Why the sources one entry brings (itself, or the gminas of a list it is) cannot join the list,
    or "": each source's id names its pages (``przegladaj/gminy/<id>/``), so no two may share one,
    and none may take the list's own id, whether or not the list has institutions of its own."""
    seen = {source.id: source for source in taken}
    for source in brought:
        if LISTING_PART.search(source.id):
            return (f"źródło „{source.name}” ({source.origin}) ma identyfikator „{source.id}”, zakończony jak "
                    "adres kolejnej strony długiej listy gminy (-strona-<liczba>); gmina o takim identyfikatorze "
                    "może zająć stronę innej gminy, więc koszyk musi zmienić identyfikator")
        other = seen.get(source.id)
        if other is not None:
            what = "identyfikator zestawienia" if other is taken[0] else f"identyfikator jak „{other.name}” ({other.origin})"
            return (f"źródło „{source.name}” ({source.origin}) ma {what}: „{source.id}”; "
                    "każdy koszyk może wejść do zestawienia raz")
        seen[source.id] = source
    return ""


class _SourceRead:
    def __init__(self, source: Source | None = None, members: list[Member] | None = None,
                 problems: list[Problem] | None = None, nested_sources: list[Source] | None = None):
        self.source, self.members = source, members or []
        self.problems, self.nested_sources = problems or [], nested_sources or []


def _own_members(folder: Path, own: Source, taxonomy: Taxonomy, today: dt.date, root: Path | None,
                 result: Result) -> list[Member]:
    members = []
    for reading in read_cards(card_paths(folder), taxonomy, today, root):
        result.problems.extend(reading.problems)
        if reading.partner is not None:
            members.append(Member(reading.partner, reading.data, own, reading.display))
    return members


def _read_source(folder: Path, entry: SourceEntry, taxonomy: Taxonomy, today: dt.date, root: Path | None,
                 depth: int, fetched: dict[str, dict]) -> _SourceRead:
    if entry.folder is not None:
        return _read_local(folder, entry, taxonomy, today, root, depth)
    try:
        data = fetched[entry.address] if entry.address in fetched else read_cached(folder, entry)
    except SourceUnavailable as error:
        return _SourceRead(problems=[error.problem])
    return _read_published(folder, entry, data, taxonomy, today, root)


def _read_local(collection: Path, entry: SourceEntry, taxonomy: Taxonomy, today: dt.date, root: Path | None,
                depth: int) -> _SourceRead:
    directory = entry.folder
    outside = leads_out_of(directory, None, project_of=collection)  # in the repository the list is kept in
    if outside:
        return _SourceRead(problems=[entry.problem(f"folder „{entry.label}”: {outside}")])
    if not directory.is_dir():
        return _SourceRead(problems=[entry.problem(f"nie ma folderu koszyka „{entry.label}”")])
    if (directory / COLLECTION_FILE).is_file():
        if depth >= MAX_NESTING:
            return _SourceRead(problems=[entry.problem(
                f"zestawienia zagnieżdżone głębiej niż {MAX_NESTING} poziomy (czy zestawienie nie wskazuje samego siebie?)")])
        read = read_collection(directory, taxonomy, today, root, depth + 1)
    elif (directory / BASKET_FILE).is_file():
        read = read_basket(directory, taxonomy, today, root)
    else:
        return _SourceRead(problems=[entry.problem(
            f"w folderze „{entry.label}” nie ma koszyka (basket.yml) ani zestawienia (zestawienie.yml)")])
    if read.errors or not read.baskets:
        return _SourceRead(problems=read.problems)
    basket = read.baskets[0]
    source = Source(id=basket.id, name=basket.name, teryt=basket.teryt, level=basket.level,
                    site_url=entry.site_url, origin=display_path(directory, root))
    shown = display_paths([partner.path or directory for partner in basket.partners], root)
    members = [Member(partner, basket.cards.get(partner.slug, {}), source, display)
               for partner, display in zip(basket.partners, shown)]
    return _SourceRead(source, members, read.problems, basket.sources)


def _read_published(folder: Path, entry: SourceEntry, data: dict, taxonomy: Taxonomy, today: dt.date,
                    root: Path | None) -> _SourceRead:
    header = data["koszyk"]
    source_id, name = header.get("id"), header.get("nazwa")
    if not isinstance(source_id, str) or not isinstance(name, str) or not _is_slug(source_id):
        return _SourceRead(problems=[entry.problem(
            f"źródło „{entry.address}” nie podaje poprawnego identyfikatora i nazwy koszyka (koszyk.id, koszyk.nazwa)")])
    origin = data[ORIGIN_KEY]
    source = Source(id=source_id, name=name[:300], teryt=_text(header.get("teryt")), level=_text(header.get("poziom")) or "gmina",
                    site_url=entry.site_url, origin=entry.address, fetched=_text(origin.get("pobrano")))
    cache_file = cache_path(folder, entry.address)
    readings = published_cards(data, cache_file, entry, taxonomy, today, root)
    problems = [problem for reading in readings for problem in reading.problems]
    placed, source_problems = nested_sources(data, source, display_path(cache_file, root))
    members = [Member(_placed(reading.partner, placed), reading.data, source, reading.display, record=f"karty[{number}]")
               for number, reading in enumerate(readings, 1) if reading.partner is not None]
    holding = {service.source for member in members for service in member.partner.services if service.source}
    nested = [gmina for gmina in dict.fromkeys(gmina for gmina, _ in placed.values())
              if gmina in holding]  # a gmina naming only ids the file has not would be an empty page
    if nested and any(not member.partner.sources for member in members):
        nested.append(source)  # services the file places in no gmina stay with the published list itself
    return _SourceRead(source, members, problems + source_problems, nested)


def _placed(partner: Partner, placed: dict[str, tuple[Source, str]]) -> Partner:
    """A published collection's partner with each service back in its gmina (``zrodla``)."""
    if not placed:
        return partner
    services = [replace(service, source=placed[service.id][0], source_id=placed[service.id][1])
                if service.id in placed else service for service in partner.services]
    if any(service.source is None for service in services):
        return replace(partner, services=services)
    return replace(partner, services=services, sources=list(dict.fromkeys(service.source for service in services)))


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _is_slug(value: str) -> bool:
    return bool(re.fullmatch(SLUG.pattern, value)) and len(value) <= SLUG.max_length


def _merge(basket: Basket, members: list[Member], result: Result) -> None:
    """Partners matched across sources; slugs unique in the collection."""
    taken: set[str] = set()
    for group in match(members):
        result.problems.extend(conflicts(group))
        slug = _free_slug(group.members[0], taken)
        partner, card = merged_partner(group, slug)
        basket.partners.append(partner)
        basket.cards[slug] = card
    result.problems.extend(_duplicate_ids(basket))


def _free_slug(member: Member, taken: set[str]) -> str:
    slug = member.partner.slug
    if slug in taken:
        slug = f"{member.source.id}-{slug}"
    base, number = slug, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def _duplicate_ids(basket: Basket) -> list[Problem]:
    """Ids are unique within each source, so after prefixing a clash means either one gmina came
    twice or two gminas' ids met: ``nowa`` + ``wies-klub`` and ``nowa-wies`` + ``klub``."""
    seen: dict[str, Service] = {}
    problems = []
    for service in basket.services:
        first = seen.setdefault(service.id, service)
        if first is service:
            continue
        name = service.source.name if service.source else basket.name
        if first.source_id != service.source_id and first.source is not None and service.source is not None:
            message = (f"usługa „{first.source_id}” ze źródła „{first.source.name}” i usługa „{service.source_id}” "
                       f"ze źródła „{name}” mają w zestawieniu ten sam identyfikator „{service.id}”; "
                       "zmień identyfikator jednej z nich w jej koszyku")
        else:
            message = (f"usługa „{service.id}” występuje w zestawieniu dwa razy (źródło „{name}”); "
                       "czy ten sam koszyk nie jest w dwóch zestawieniach?")
        problems.append(Problem(display_path(basket.path / COLLECTION_FILE), 1, 1, "zrodla", message))
    return problems
