"""Checking basket files and turning them into the model.

``load_basket`` is what the site, the exports and the reports use: every problem of
every file at once, and the model built from whatever was valid.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import card_cache, schema
from .access_checks import access_findings
from .loading import Document, FieldPath, leads_out_of, load_document
from .name_twins import first_twins, folded_name
from .model import (
    Access, Address, AgeRange, Basket, Contact, Criterion, InternalContact, Partner,
    Service, STALE_AFTER_DAYS,
)
from .centre import CENTRE_FILE, CentreConfigError, read_centre
from .helplines import HELPLINES_FILE, read_helplines
from .kinds import MESSAGES, RESERVED_NAME
from .parallel import run_in_parallel
from .problems import INTERNAL_ERROR, WARNING, HasProblems, Problem, display_path, display_paths
from .search.thesaurus import read_thesaurus
from .taxonomy import Taxonomy, load_taxonomy
from .variants import Policy

BASKET_FILE = "basket.yml"
COLLECTION_FILE = "zestawienie.yml"
CARDS_DIR = "partnerzy"
THESAURUS_FILE = "potrzeby.yml"
CARD_SUFFIXES = (".yml", ".yaml")
PARALLEL_FROM_CARDS = 300
_SLUG = re.compile(schema.SLUG.pattern)


@dataclass
class Result(HasProblems):
    """What validating some files found: the baskets read and all problems."""

    baskets: list[Basket] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    single_cards: list[Partner] = field(default_factory=list)  # cards checked on their own, outside a basket

    def extend(self, other: "Result") -> None:
        self.baskets.extend(other.baskets)
        self.problems.extend(other.problems)
        self.single_cards.extend(other.single_cards)

    @property
    def partners(self) -> list[Partner]:
        return [partner for basket in self.baskets for partner in basket.partners] + self.single_cards


class _FileReporter:
    """Lets ``schema`` kinds report problems against one document's positions."""

    def __init__(self, document: Document, taxonomy: Taxonomy, today: dt.date):
        self.document = document
        self.taxonomy = taxonomy
        self.today = today

    def error(self, path: FieldPath, message: str, *, at_key: bool = False, missing: str = "") -> None:
        self.document.problem(path, message, at_key=at_key)

    def warning(self, path: FieldPath, message: str) -> None:
        self.document.problem(path, message, severity=WARNING)


def check_document(document: Document, record: schema.Record, taxonomy: Taxonomy,
                   today: dt.date) -> dict | None:
    """The document's data checked against ``record``; problems go to the document."""
    if document.data is None:
        return None
    checked = record.check(document.data, (), _FileReporter(document, taxonomy, today))
    return None if checked is schema.INVALID else checked


@dataclass
class CardReading:
    """One card read: the partner (None if unusable), its problems, and every service id.

    ``service_ids`` holds each well-formed id with its line even when the rest of
    that service is invalid, so duplicate ids are still found.
    """

    display: str
    partner: Partner | None
    problems: list[Problem]
    service_ids: list[tuple[str, int]] = field(default_factory=list)
    data: dict = field(default_factory=dict)  # the card as checked, Polish keys, defaults filled
    name_at: tuple[int, int] = (1, 1)  # line and column of partner.nazwa


LINKED_CARD = ("karta jest dowiązaniem symbolicznym; zapisz ją jako zwykły plik (historia zmian w gicie "
               "zna tylko dowiązanie, a dowiązanie mogłoby prowadzić do pliku spoza koszyka)")




def read_card(path: Path, taxonomy: Taxonomy | None = None, today: dt.date | None = None,
              root: Path | None = None) -> CardReading:
    taxonomy = taxonomy or load_taxonomy()
    today = today or dt.date.today()
    display = display_path(path, root)
    if path.is_symlink():
        document = Document(path=path, display=display)
        document.fail(1, 1, LINKED_CARD)
    else:
        document = load_document(path, display, within=path.parent.parent)  # the basket folder
    if not _SLUG.fullmatch(path.stem):
        document.problems.append(Problem(
            document.display, 1, 1, "",
            "nazwa pliku karty: tylko małe litery bez polskich znaków, cyfry i myślniki, np. „poradnia-pp.yml”",
        ))
    elif len(path.stem) > schema.SLUG.max_length:  # with ".xlsx" or "deklaracja-…" it must stay a file name
        document.problems.append(Problem(
            document.display, 1, 1, "", f"nazwa pliku karty jest za długa: {len(path.stem)} znaków, najwyżej "
                                        f"{schema.SLUG.max_length} (tyle co identyfikator usługi); skróć ją"))
    elif path.stem == RESERVED_NAME:
        message = MESSAGES["reserved_name"].format(what="nazwa pliku karty")
        document.problems.append(Problem(document.display, 1, 1, "", message))
    return card_reading(document, path.stem, path, taxonomy, today)


def card_reading(document: Document, slug: str, path: Path | None, taxonomy: Taxonomy,
                 today: dt.date) -> CardReading:
    """A card already read into ``document`` (from a file, or a published ``koszyk.json``)
    checked and turned into the model; the partner gets ``slug``."""
    checked = check_document(document, schema.CARD, taxonomy, today) or {}
    reading = CardReading(document.display, None, document.problems, data=checked,
                          name_at=document.where(("partner", "nazwa")))
    services = checked.get("uslugi", [])
    for index, raw in enumerate(services):
        if "id" in raw:
            reading.service_ids.append((raw["id"], document.where(("uslugi", index))[0]))
            if raw["id"] == RESERVED_NAME:
                document.problem(("uslugi", index, "id"), MESSAGES["reserved_name"].format(what="identyfikator usługi"))
    if "partner" in checked and _has(checked["partner"], "nazwa", "typ"):
        partner = reading.partner = _partner(checked["partner"], slug, path)
        policy = Policy.from_taxonomy(taxonomy)
        for index, raw in enumerate(services):
            if _has(raw, "id", "nazwa", "obszary", "grupy_docelowe", "dostep") and "tryb" in raw["dostep"]:
                service = _service(raw, partner.slug, document.where(("uslugi", index))[0])
                service.listed, service.public = policy.is_listed(service.status), policy.is_public(service.visibility)
                partner.services.append(service)
        _check_partner_rules(document, partner, today)
    _check_service_rules(document, services)
    _check_access_terms(document, services)
    return reading


def same_card_name(cards: list[Path], root: Path | None) -> list[Problem]:
    """``karta.yml`` and ``karta.yaml`` are one partner's name (its pages, downloads and mailing
    files are named by it): a second card under it took the first one's outputs, so that
    ``przeglad`` sent one partner's intranet card to the other's address."""
    first: dict[str, Path] = {}
    problems = []
    for path in cards:
        if path.stem in first:
            problems.append(Problem(display_path(path, root), 1, 1, "", (
                f"karta o tej samej nazwie co {display_path(first[path.stem], root)} (różni się tylko końcówką); "
                "nazwa pliku jest nazwą partnera: usuń jedną z kart albo zmień jej nazwę")))
        first.setdefault(path.stem, path)
    return problems


def read_basket(directory: Path, taxonomy: Taxonomy | None = None,
                today: dt.date | None = None, root: Path | None = None) -> Result:
    """A basket folder (``basket.yml`` + ``partnerzy/*.yml``), every problem included.

    A folder with ``zestawienie.yml`` is a collection (``koszyk.collections``): its
    sources are read and merged into one basket, so every caller accepts it like a basket.
    """
    taxonomy = taxonomy or load_taxonomy()
    today = today or dt.date.today()
    if (directory / COLLECTION_FILE).exists():
        from .collections import read_collection  # the collection reads its sources with this module
        return read_collection(directory, taxonomy, today, root)
    result = Result()
    basket_path = directory / BASKET_FILE
    document = load_document(basket_path, display_path(basket_path, root))
    if not basket_path.exists() and not basket_path.is_symlink():  # a broken link: ``load_document`` names it
        document.problems[:] = [Problem(document.display, 1, 1, "", f"brak pliku {BASKET_FILE} w folderze koszyka")]
    info = check_document(document, schema.BASKET, taxonomy, today) or {}
    result.problems.extend(document.problems)
    basket = Basket(
        id=info.get("id", directory.name), name=info.get("nazwa", directory.name),
        teryt=info.get("teryt", ""), leader=info.get("lider", ""),
        level=info.get("poziom", "gmina"), description=info.get("opis", ""), path=directory,
    )
    outside = leads_out_of(directory / CARDS_DIR, directory)
    cards = [] if outside else card_paths(directory)  # not even the names of files a link leads to
    if outside:
        result.problems.append(Problem(display_path(directory / CARDS_DIR, root), 1, 1, "", outside))
    elif not cards:
        result.problems.append(Problem(document.display, 1, 1, "", f"koszyk nie ma kart w folderze {CARDS_DIR}/"))
    readings = read_cards(cards, taxonomy, today, root)
    for reading in readings:
        result.problems.extend(reading.problems)
        if reading.partner is not None:
            basket.partners.append(reading.partner)
            basket.cards[reading.partner.slug] = reading.data
    result.problems.extend(same_card_name(cards, root))
    result.problems.extend(_duplicate_service_ids(readings))
    result.problems.extend(_near_twin_names(readings))
    result.baskets.append(basket)
    return result


def basket_id(directory: Path) -> str:
    """The id a basket's ``basket.yml`` (or a list's ``zestawienie.yml``) gives: what a workbook made
    from it records, and what its import compares. Empty for a folder with neither (not a basket
    yet: an import may fill it)."""
    for name in (BASKET_FILE, COLLECTION_FILE):
        if (directory / name).is_file():
            data = load_document(directory / name).data
            value = data.get("id") if isinstance(data, dict) else None
            return str(value).strip() if value else ""
    return ""


def is_card_name(name: str) -> bool:
    """Whether a file named ``name`` in ``partnerzy/`` is a card: ``.yml`` or ``.yaml`` in any case
    (a card saved as ``Karta.YML`` on Windows is a card, not a file silently left out)."""
    return os.path.splitext(name)[1].lower() in CARD_SUFFIXES


def card_paths(basket_dir: Path) -> list[Path]:
    """Every card of a basket, in order: the one definition of "a card file" that the
    validator, the site, the workbooks and the leak check all use."""
    return cards_in(basket_dir / CARDS_DIR)


def cards_in(folder: Path) -> list[Path]:
    """The cards in a ``partnerzy/`` folder, in order (``card_paths``; the data's date lists them so too)."""
    return sorted(path for path in folder.glob("*") if is_card_name(path.name)
                  and (path.is_file() or path.is_symlink()))  # a link that leads nowhere is reported, not skipped


def read_cards(cards: list[Path], taxonomy: Taxonomy, today: dt.date, root: Path | None = None) -> list[CardReading]:
    """Cards in order; large baskets are read on every core (parsing is CPU-bound)."""
    return list(iter_cards(cards, taxonomy, today, root))


def iter_cards(cards: list[Path], taxonomy: Taxonomy, today: dt.date, root: Path | None = None):
    """Like ``read_cards``, but yields each card as soon as it is read, so a consumer
    (the workbook export) can work while the other cores are still parsing.

    Inside ``card_cache.reading_with`` (a build with a cache folder), a card whose bytes,
    taxonomy, date and code are those of an earlier reading is loaded, not read again."""
    job = functools.partial(_read_card_or_report, taxonomy=taxonomy, today=today, root=root)
    cache = card_cache.active()
    if cache is None:
        yield from _read_each(job, cards, root)
        return
    stamp = cache.stamp(taxonomy, today)
    keys = cache.keys(stamp, cards, display_paths(cards, root))
    kept = {index: reading for index, key in enumerate(keys) if key and (reading := cache.load(key)) is not None}
    fresh = _read_each(job, [card for index, card in enumerate(cards) if index not in kept], root)
    for index, key in enumerate(keys):
        if index in kept:
            yield kept[index]
            continue
        reading = next(fresh)
        unchanged = key and cache.key(stamp, cards[index], display_path(cards[index], root)) == key
        if unchanged and reading.partner is not None:  # read well, from the bytes its key was made from
            cache.store(key, reading)
        yield reading


def _read_each(job, cards: list[Path], root: Path | None):
    workers = min(os.cpu_count() or 1, 8)
    if len(cards) < PARALLEL_FROM_CARDS or workers < 2:
        yield from (job(card) for card in cards)
        return
    yield from run_in_parallel(job, cards, workers, 32,
                               lambda card, reason: _unreadable_card(card, root, _CRASHED.format(reason=reason)))


_CRASHED = ("nie udało się odczytać karty: proces, który ją czytał, zakończył się awaryjnie ({reason}); "
            "sprawdź, czy plik nie jest uszkodzony")


def _read_card_or_report(path: Path, taxonomy: Taxonomy, today: dt.date, root: Path | None) -> CardReading:
    """``read_card``, with any failure of the program turned into a message naming the card,
    so that one card can never hide the problems of the others."""
    try:
        return read_card(path, taxonomy, today, root)
    except Exception as error:  # noqa: BLE001 - a bug, reported as such; the fuzz tests look for it
        return _unreadable_card(path, root, f"{INTERNAL_ERROR} przy czytaniu karty ({type(error).__name__}: {error}); "
                                            "zgłoś go opiekunom koszyka razem z tym plikiem")


def _unreadable_card(path: Path, root: Path | None, message: str) -> CardReading:
    display = display_path(path, root)
    return CardReading(display, None, [Problem(display, 1, 1, "", message)])


def find_baskets(directory: Path) -> list[Path]:
    """Basket and collection folders at or directly under ``directory``."""
    if is_basket_folder(directory):
        return [directory]
    return sorted(path for path in directory.glob("*/") if is_basket_folder(path))


def is_basket_folder(directory: Path) -> bool:
    """A basket (``basket.yml``) or a collection of baskets (``zestawienie.yml``)."""
    return any((directory / name).is_file() or (directory / name).is_symlink()  # a broken link is reported
               for name in (BASKET_FILE, COLLECTION_FILE))


def validate_paths(paths: list[Path], taxonomy: Taxonomy | None = None,
                   today: dt.date | None = None) -> Result:
    """What ``koszyk validate`` checks: basket folders, single cards, or a folder of baskets."""
    taxonomy = taxonomy or load_taxonomy()
    today = today or dt.date.today()
    result = Result()
    for path in paths:
        if path.is_file() and path.name in (BASKET_FILE, COLLECTION_FILE):
            result.extend(read_basket(path.parent, taxonomy, today))
        elif path.is_file() and path.name == THESAURUS_FILE:
            result.problems.extend(read_thesaurus(path, taxonomy).problems)
        elif path.is_file() and path.name == HELPLINES_FILE:
            result.problems.extend(read_helplines(path).problems)
        elif path.is_file() and path.name == CENTRE_FILE:
            result.problems.extend(_centre_problems(path))
        elif path.is_file():
            reading = _read_card_or_report(path, taxonomy, today, None)
            result.problems.extend(reading.problems)
            if reading.partner is not None:
                result.single_cards.append(reading.partner)
        elif path.is_dir() and find_baskets(path):
            for basket_dir in find_baskets(path):
                result.extend(read_basket(basket_dir, taxonomy, today))
        else:
            where = display_path(path)
            message = ("nie ma takiego pliku ani folderu" if not path.exists()
                       else f"w tym folderze nie ma koszyka ({BASKET_FILE}) ani zestawienia ({COLLECTION_FILE})")
            result.problems.append(Problem(where, 1, 1, "", message))
    # a gmina basket read on its own and again inside a collection reports its problems once
    result.problems = sorted(dict.fromkeys(result.problems), key=lambda p: (p.path, p.line, p.column))
    return result


def _centre_problems(path: Path) -> list[Problem]:
    try:
        read_centre(path)
    except CentreConfigError as error:
        return [error.problem]
    return []


def _has(mapping: dict, *keys: str) -> bool:
    return all(key in mapping for key in keys)


def _check_partner_rules(document: Document, partner: Partner, today: dt.date) -> None:
    where = ("partner", "ostatnia_weryfikacja")
    if partner.verified is None:
        if document.data["partner"].get("ostatnia_weryfikacja") is None:  # a wrong date is an error already
            document.problem(("partner",), "brak daty ostatniej weryfikacji karty (ostatnia_weryfikacja)", severity=WARNING)
    elif partner.is_stale(today):
        days = (today - partner.verified).days
        document.problem(where, f"karta nie była sprawdzana od {days} dni (ponad {STALE_AFTER_DAYS}); "
                                "sprawdź dane i zaktualizuj datę", severity=WARNING)


def _check_service_rules(document: Document, services: list[dict]) -> None:
    _same_name_twice(document, services)
    for index, raw in enumerate(services):
        access = raw.get("dostep", {})
        age = access.get("wiek", {})
        if "od" in age and "do" in age and age["od"] > age["do"]:
            document.problem(("uslugi", index, "dostep", "wiek"), schema.MESSAGES["age_order"].format(low=age["od"], high=age["do"]))
        if access.get("tryb") == "powszechny" and access.get("kryteria"):
            document.problem(("uslugi", index, "dostep", "kryteria"),
                             "tryb powszechny, a podano kryteria; czy to nie tryb selektywny?", severity=WARNING)
        if access.get("tryb") == "selektywny" and not access.get("kryteria"):
            document.problem(("uslugi", index, "dostep", "tryb"),
                             "tryb selektywny bez kryteriów; dopisz, kto może skorzystać", severity=WARNING)


def _same_name_twice(document: Document, services: list[dict]) -> None:
    """A warning for a second service of one card with the first one's name: in a workbook,
    a cleared or retyped id makes an existing service look new, and the card then lists it twice."""
    first_by_name: dict[str, int] = {}
    for index, raw in enumerate(services):
        name = folded_name(str(raw.get("nazwa", "")))
        if not name:
            continue
        if name in first_by_name:
            first = services[first_by_name[name]]
            line = document.where(("uslugi", first_by_name[name]))[0]
            document.problem(("uslugi", index, "nazwa"),
                             f"ta sama nazwa co usługa „{first.get('id', '')}” (wiersz {line}); jeśli to ta sama "
                             "usługa, zostaw jeden wpis z dotychczasowym id", severity=WARNING)
        else:
            first_by_name[name] = index


def _check_access_terms(document: Document, services: list[dict]) -> None:
    """Warnings from ``access_checks``: terms that contradict themselves or say nothing about applying."""
    for path, message in access_findings(services):
        document.problem(path, message, severity=WARNING)


def _duplicate_service_ids(readings: list[CardReading]) -> list[Problem]:
    first_seen: dict[str, tuple[str, int]] = {}
    problems = []
    for reading in readings:
        for service_id, line in reading.service_ids:
            if service_id in first_seen:
                other_file, other_line = first_seen[service_id]
                problems.append(Problem(
                    reading.display, line, 1, "uslugi.id",
                    f"identyfikator usługi „{service_id}” jest już użyty w {other_file}:{other_line}; "
                    "identyfikatory muszą być unikalne w koszyku",
                ))
            else:
                first_seen[service_id] = (reading.display, line)
    return problems


def _near_twin_names(readings: list[CardReading]) -> list[Problem]:
    """A warning for a partner name that differs from another's only in case, accents, spacing,
    punctuation or a typo or two (``name_twins``): people then cannot tell the two partners
    apart. Names that differ in a number (school no. 1 and no. 2) are different partners."""
    named = [(reading, reading.data["partner"]["nazwa"]) for reading in readings
             if isinstance(reading.data.get("partner", {}).get("nazwa"), str)]
    problems = []
    for index, earlier in sorted(first_twins([name for _, name in named]).items()):
        (reading, _), (twin, other_name) = named[index], named[earlier]
        problems.append(Problem(reading.display, *reading.name_at, "partner.nazwa",
                                f"nazwa bardzo podobna do „{other_name}” ({twin.display}); czy to nie ten sam partner? "
                                "Jeśli nie, odróżnij nazwy, np. adresem", WARNING))
    return problems


def _internal(raw: dict | None) -> InternalContact | None:
    if not raw:
        return None
    return InternalContact(person=raw.get("osoba", ""), phone=raw.get("telefon", ""), email=raw.get("email", ""))


def _partner(raw: dict, slug: str, path: Path | None) -> Partner:
    address, contact = raw.get("adres", {}), raw.get("kontakt", {})
    return Partner(
        slug=slug, name=raw["nazwa"], type=raw["typ"], role=raw.get("rola", "wykonawca"),
        member=raw.get("czlonek_pzk", True), description=raw.get("opis", ""),
        address=Address(address.get("ulica", ""), address.get("kod", ""), address.get("miejscowosc", "")),
        contact=Contact(contact.get("telefon", ""), contact.get("email", ""), contact.get("www", "")),
        hours=raw.get("godziny", ""), internal_contact=_internal(raw.get("kontakt_wewnetrzny")),
        verified=raw.get("ostatnia_weryfikacja"), keepers=raw.get("opiekunowie", []), regon=raw.get("regon", ""),
        path=path,
    )


def _service(raw: dict, partner_slug: str, line: int) -> Service:
    access = raw["dostep"]
    age = access.get("wiek")
    return Service(
        id=raw["id"], name=raw["nazwa"], description=raw.get("opis", ""),
        areas=raw["obszary"], groups=raw["grupy_docelowe"],
        access=Access(
            mode=access["tryb"],
            criteria=[Criterion(c["rodzaj"], c.get("warunek", "")) for c in access.get("kryteria", []) if "rodzaj" in c],
            age=AgeRange(age.get("od"), age.get("do")) if age else None,
            description=access.get("opis", ""),
        ),
        status=raw.get("status", "oferowana"), reach=raw.get("zasieg", "pzk"),
        cost=raw.get("odplatnosc", ""), cost_description=raw.get("odplatnosc_opis", ""),
        delivery=raw.get("forma_realizacji", ""), signup=raw.get("zapisy", ""),
        hours=raw.get("godziny", ""), place=raw.get("miejsce", ""),
        visibility=raw.get("widocznosc", "publiczna"),
        internal_contact=_internal(raw.get("kontakt_wewnetrzny")),
        internal_notes=raw.get("uwagi_wewnetrzne", ""), partner_slug=partner_slug, line=line,
    )
