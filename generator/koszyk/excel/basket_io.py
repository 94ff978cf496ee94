"""Whole-basket Excel operations behind the CLI: export, and import with a summary of changes.

An import changes only what the workbook says: it touches the cards whose rows it
holds, adds and changes values, and never removes a service or a field because the
workbook lacks it (a service is withdrawn with status „Wycofana”). Every card it
would write is checked by the card validator first; with any error nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from openpyxl.utils import get_column_letter

from .. import schema
from ..characters import shortened
from ..files import text_writer, write_all_or_none
from ..loading import field_name, leads_out_of
from ..problems import WARNING, HasProblems, Problem, display_path
from ..taxonomy import Taxonomy
from ..validation import (
    CARDS_DIR, CardReading, basket_id, card_paths, iter_cards, read_card, read_cards, same_card_name,
)
from ..variants import PUBLIC, Policy, card_data_for
from .card_age import card_ages
from .confirmation import CONFIRMATION_SHEET, DATE_LABEL, verification_note
from .metadata import METADATA_SHEET, card_fingerprint_for
from .reading import SheetCard, WorkbookReading, read_workbook
from .safety import workbook_problem
from .summary import describe
from .writing import write_basket_xlsx
from .yaml_out import (
    AliasInCard, Change, clears_something, new_card_text, updated_card_text, without_defaults, would_change,
)

VERIFIED = "ostatnia_weryfikacja"


def basket_card_data(basket: Path, taxonomy: Taxonomy, today: dt.date) -> tuple[list[tuple[str, dict]], list[Problem]]:
    """(slug, checked card data) for every card, and the errors that make the data unusable."""
    paths = card_paths(basket)
    cards, errors = [], same_card_name(paths, None)
    for path, reading in zip(paths, read_cards(paths, taxonomy, today)):
        errors += [problem for problem in reading.problems if problem.is_error]
        if reading.data:
            cards.append((path.stem, reading.data))
    return cards, errors


def export_basket(basket: Path, taxonomy: Taxonomy, today: dt.date, variant: str, target: Path) -> tuple[int, list[Problem]]:
    """Rows are written while the other cores still parse cards; with any error the caller
    discards ``target`` (the CLI writes to a temporary file)."""
    paths = card_paths(basket)
    errors: list[Problem] = same_card_name(paths, None)  # two cards, one partner's name: rows of both

    def cards():
        for path, reading in zip(paths, iter_cards(paths, taxonomy, today)):
            errors.extend(problem for problem in reading.problems if problem.is_error)
            if reading.data and not errors:
                yield path.stem, card_data_for(reading.data, variant, taxonomy)

    rows = write_basket_xlsx(cards(), taxonomy, variant, target, basket=basket_id(basket))
    return (0, errors) if errors else (rows, [])


@dataclass
class ImportOutcome(HasProblems):
    problems: list[Problem] = field(default_factory=list)
    written: dict[Path, list[str]] = field(default_factory=dict)  # card file → changes in people's words
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)  # e.g. whether the partner confirmed its data


@dataclass
class _Existing:
    path: Path
    reading: CardReading


@dataclass
class _Plan:
    card: SheetCard
    target: Path
    text: str
    changes: list[Change]
    data: dict  # the card after the import, as plain data (to name services in the summary)


def import_workbook(workbook: Path, basket: Path, taxonomy: Taxonomy, today: dt.date,
                    dry_run: bool = False, partners: tuple[str, ...] = ()) -> ImportOutcome:
    """Cards from ``workbook`` into ``basket/partnerzy``: all or nothing (or nothing at all with ``dry_run``).

    With ``partners`` (card file names without ending) only those cards may be changed or made:
    what a partner returns (its review pack, the card form's workbook) can hold rows for other
    cards, and nothing in a workbook proves who made it, so the person importing says it."""
    outcome = ImportOutcome(dry_run=dry_run)
    display = display_path(workbook)
    refused = workbook_problem(workbook)
    if refused:
        outcome.problems.append(Problem(display, 1, 1, "", refused))
        return outcome
    linked = _linked_cards_folder(basket)
    if linked:
        outcome.problems.append(linked)
        return outcome
    paths = card_paths(basket)
    twins = same_card_name(paths, None)  # which of the two would the workbook's rows update?
    if twins:
        outcome.problems.extend(twins)
        return outcome
    # the existing cards first: worker processes fork from a small parent, before the workbook is in memory
    existing = _existing_cards(paths, taxonomy, today)
    reading = read_workbook(workbook, taxonomy, today, display)
    report = _Report(outcome, display)
    # the workbook's own cell problems are moot when it is refused whole
    target_id = basket_id(basket)
    if _refuse_other_basket(reading, basket, target_id, report) or _refuse_other_partners(reading, partners, existing,
                                                                                           report):
        return outcome
    outcome.problems = reading.problems
    if reading.errors:
        return outcome
    outcome.notes = _apply_confirmation(reading, existing, report, partner_workbook=bool(partners))
    _unique_generated_ids(reading.cards, existing)
    _duplicate_ids(reading.cards, existing, report)
    from_here = bool(reading.metadata.basket) and reading.metadata.basket == target_id
    plans = [plan for card in reading.cards
             if (plan := _plan(card, existing.get(card.slug), basket, reading, taxonomy, report, from_here))]
    _refuse_stale(plans, reading, existing, taxonomy, report)
    _check_results(plans, taxonomy, today, report)
    if outcome.errors:
        return outcome
    outcome.written = {plan.target: describe(plan.changes, plan.data, taxonomy) if plan.changes else ["nowa karta"]
                       for plan in plans}
    if not dry_run:
        _write_all({plan.target: plan.text for plan in plans})
    return outcome


class _Report:
    """Problems of the import, at the workbook cell where one is known."""

    def __init__(self, outcome: ImportOutcome, display: str):
        self.outcome, self.display = outcome, display

    def at(self, where: tuple[str, int, int], field_label: str, message: str, severity: str = "error") -> None:
        sheet, row, column = where
        label = f"{sheet}!{get_column_letter(column)}{row}" + (f" · {field_label}" if field_label else "")
        self.outcome.problems.append(Problem(self.display, row, column, label, message, severity))

    def add(self, problem: Problem) -> None:
        self.outcome.problems.append(problem)


def _apply_confirmation(reading: WorkbookReading, existing: dict[str, _Existing], report: "_Report",
                        partner_workbook: bool = False) -> list[str]:
    """In a review workbook the verification date follows the partner's answer alone:
    the confirmed date, or the card's own date kept (the workbook's column is not trusted).
    A confirmation never moves the date backwards: an earlier date is refused at its cell.
    A partner's workbook (``--partner``) without the confirmation sheet keeps the cards' dates:
    deleting that sheet let a partner move its date by the column alone."""
    confirmation = reading.confirmation
    if not confirmation.present:
        return _keep_verification_dates(reading, existing) if partner_workbook else []
    notes = []
    for card in reading.cards:
        kept = _verified_now(card.slug, existing)
        if confirmation.confirmed and isinstance(kept, dt.date) and confirmation.date < kept:
            report.at((CONFIRMATION_SHEET, confirmation.date_row, 2), DATE_LABEL,
                      f"data potwierdzenia {confirmation.date.isoformat()} jest wcześniejsza niż ostatnia weryfikacja "
                      f"karty „{card.slug}” ({kept.isoformat()}); wpisz dzień, w którym partner sprawdził dane")
            continue
        _set_verified(card.data["partner"], confirmation.date if confirmation.confirmed else kept)
        notes.append(verification_note(card.slug, confirmation, kept))
    return notes


def _verified_now(slug: str, existing: dict[str, _Existing]):
    """The card's verification date as the basket has it (None for a new or dateless card)."""
    old = existing.get(slug)
    old_partner = (old.reading.data or {}).get("partner", {}) if old else {}
    return old_partner.get(VERIFIED) if isinstance(old_partner, dict) else None


def _set_verified(partner: dict, date) -> None:
    if date is None:
        partner.pop(VERIFIED, None)
    else:
        partner[VERIFIED] = date


def _keep_verification_dates(reading: WorkbookReading, existing: dict[str, _Existing]) -> list[str]:
    notes = []
    for card in reading.cards:
        kept = _verified_now(card.slug, existing)
        if card.data["partner"].get(VERIFIED) == kept:
            continue
        _set_verified(card.data["partner"], kept)
        notes.append(f"Karta „{card.slug}”: data weryfikacji bez zmian; arkusz partnera (--partner) przesuwa ją "
                     "tylko odpowiedzią „Tak” w arkuszu „Potwierdzenie”, a tego arkusza w pliku nie ma.")
    return notes


def _refuse_other_basket(reading: WorkbookReading, basket: Path, target: str, report: "_Report") -> bool:
    """A workbook made from another basket (or from a list): its cards would come in as new ones,
    with that basket's internal data. Workbooks made before the basket was recorded pass, and so
    does any into a folder without ``basket.yml`` (a new basket filled from an export)."""
    made_from = reading.metadata.basket
    if not made_from or not target or made_from == target:
        return False
    report.at((METADATA_SHEET, reading.metadata.basket_row, 2), "", f"arkusz pochodzi z koszyka „{shortened(made_from, 80)}”, "
              f"a import dotyczy koszyka „{target}” ({display_path(basket)}); wskaż właściwy koszyk (--basket) "
              "albo pobierz arkusz z tego koszyka")
    return True


def _refuse_other_partners(reading: WorkbookReading, partners: tuple[str, ...], existing: dict[str, _Existing],
                           report: "_Report") -> bool:
    """``--partner``: a name that is neither a card of the basket nor in the workbook (a slip in the
    command) is named as such; rows of any other card are refused, each at its card's file name cell."""
    if not partners:
        return False
    in_workbook = {card.slug for card in reading.cards}
    unknown = [name for name in partners if name not in existing and name not in in_workbook]
    for name in unknown:
        report.add(Problem(report.display, 1, 1, "", f"--partner „{name}”: w koszyku nie ma takiej karty i nie ma "
                           "jej w arkuszu; sprawdź nazwę pliku karty (bez .yml)"))
    others = [card for card in reading.cards if card.slug not in partners]
    for card in others:
        report.at(card.slug_cell, "Plik karty", f"wiersze karty „{shortened(card.slug, 80)}”, a import przyjmuje tylko "
                  f"{_listed(partners)} (--partner); usuń je z arkusza albo sprawdź, kto je dopisał")
    return bool(others or unknown)


def _listed(partners: tuple[str, ...]) -> str:
    names = ", ".join(f"„{name}”" for name in partners)
    return f"kartę {names}" if len(partners) == 1 else f"karty {names}"


def _linked_cards_folder(basket: Path) -> Problem | None:
    """A ``partnerzy`` folder that is a link, or that a link on the way leads out of the project:
    a pull request can add one, and a new card would be written wherever it leads (another
    gmina's basket, a folder outside the project). The import writes only into a plain folder."""
    folder = basket / CARDS_DIR
    if folder.is_symlink():
        return Problem(display_path(folder), 1, 1, "", "folder kart jest dowiązaniem symbolicznym, a import zapisuje "
                       "karty tylko do zwykłego folderu partnerzy/ koszyka; zastąp dowiązanie folderem z kartami")
    outside = leads_out_of(folder, basket)
    return Problem(display_path(folder), 1, 1, "", outside) if outside else None


def _existing_cards(paths: list[Path], taxonomy: Taxonomy, today: dt.date) -> dict[str, _Existing]:
    return {path.stem: _Existing(path, reading) for path, reading in zip(paths, read_cards(paths, taxonomy, today))}


def _folded(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _plan(card: SheetCard, existing: _Existing | None, basket: Path, reading: WorkbookReading,
          taxonomy: Taxonomy, report: _Report, from_here: bool) -> _Plan | None:
    """What importing ``card`` would write, or None for no change (problems go to ``report``).
    ``from_here``: the workbook was made from this basket (not a new one filled from an export)."""
    target = existing.path if existing else basket / CARDS_DIR / f"{card.slug}.yml"
    if existing is None:
        if from_here and card.slug in reading.metadata.cards:  # shown by the workbook: in the basket then
            report.at(card.slug_cell, "Plik karty",
                      f"karta „{card.slug}” była w koszyku, gdy pobrano ten arkusz, a teraz jej nie ma (usunięta albo "
                      "przeniesiona); import utworzyłby ją od nowa: pobierz świeży arkusz")
            return None
        if target.exists():  # e.g. karta.yaml vs karta.yml is covered above; this is a race or a directory
            report.at(card.slug_cell, "Plik karty", f"nie można zapisać {display_path(target)}")
            return None
        if ("partner", "czlonek_pzk") not in card.cells:
            report.at(card.slots.get(("partner", "czlonek_pzk"), card.slug_cell), "partner.czlonek_pzk",
                      "puste pole „Członek PZK”: nowa karta przyjmie „tak” (partner należy do zespołu); "
                      "wpisz „nie”, jeśli nie należy", WARNING)
        data = without_defaults(card.data, schema.CARD)
        return _Plan(card, target, new_card_text(card.data), [], data)
    errors = [problem for problem in existing.reading.problems if problem.is_error]
    if errors or not existing.reading.data:
        for problem in errors:
            report.add(problem)
        report.at(card.slug_cell, "Plik karty",
                  f"karta {display_path(target)} ma błędy (powyżej); popraw ją, zanim zaimportujesz do niej arkusz")
        return None
    if _other_partner(card, existing.reading.data):
        name = existing.reading.data["partner"].get("nazwa", "")
        report.at(card.slug_cell, "Plik karty",
                  f"„{card.slug}” to karta innego partnera („{name}”); wpisz nazwę pliku swojej karty "
                  "albo zostaw pole puste dla nowego partnera")
        return None
    if reading.metadata.variant != "intranet":
        _refuse_edits_of_unseen_services(card, existing.reading.data, taxonomy, report)
    if reading.metadata.is_public:
        for path, (where, column) in card.clear.items():
            if column.intranet_only:
                report.at(where, field_name(path), f"„{column.header}” jest tylko dla intranetu; "
                                                   "czyść to pole w arkuszu intranetowym")
    clear = _clear_by_id(card)
    if not would_change(without_defaults(existing.reading.data, schema.CARD), without_defaults(card.data, schema.CARD)) \
            and not clears_something(existing.reading.data, clear):
        return None  # unchanged: the file is left exactly as it is
    old_text = target.read_text(encoding="utf-8")
    try:
        text, changes = updated_card_text(old_text, card.data, clear)
    except AliasInCard as alias:
        report.at(card.slug_cell, "Plik karty",
                  f"karta {display_path(target)} dzieli wartości aliasem YAML (linia {alias.line}: „*…”); "
                  "import zmieniłby je we wszystkich miejscach naraz. Rozpisz alias w karcie i zaimportuj ponownie")
        return None
    if not changes:
        return None
    return _Plan(card, target, text, changes, yaml.safe_load(text))


def _clear_by_id(card: SheetCard) -> tuple:
    """The fields the workbook asks to clear, services named by id (rows may be in any order)."""
    paths = []
    for path in card.clear:
        if path[0] == "uslugi":
            services = card.data.get("uslugi", [])
            service_id = services[path[1]].get("id") if path[1] < len(services) else None
            if not service_id:
                continue
            path = ("uslugi", service_id) + path[2:]
        paths.append(path)
    return tuple(paths)


def _other_partner(card: SheetCard, old: dict) -> bool:
    """The workbook's partner is not the card's: another name, and none of the card's services."""
    new_name, old_name = card.data["partner"].get("nazwa", ""), old["partner"].get("nazwa", "")
    if _folded(new_name) == _folded(old_name):
        return False
    old_ids = {service.get("id") for service in old.get("uslugi", [])}
    return not any(service.get("id") in old_ids for service in card.data.get("uslugi", []))


def _refuse_edits_of_unseen_services(card: SheetCard, old: dict, taxonomy: Taxonomy, report: _Report) -> None:
    """A workbook made without the intranet's view (a public export, the public card form, a blank
    template) cannot change a service its author could not see: an internal or a withdrawn one.
    Such a row is most often a new service whose id collides with a hidden one, and importing it
    would overwrite that service (``variants.Policy.shows`` says what the public sees)."""
    policy = Policy.from_taxonomy(taxonomy)
    unseen = {service.get("id") for service in old.get("uslugi", []) if not policy.shows(service, PUBLIC)}
    for index, service in enumerate(card.data.get("uslugi", [])):
        if service.get("id") in unseen:
            report.at(card.cells.get(("uslugi", index, "id"), card.slug_cell), field_name(("uslugi", index, "id")),
                      f"karta ma już usługę „{service['id']}”, której ten arkusz nie pokazuje (tylko dla intranetu "
                      "albo wycofana); nowej usłudze nadaj inny identyfikator albo zostaw „ID usługi” puste, "
                      "a tamtą zmieniaj w arkuszu intranetowym")


def _unique_generated_ids(cards: list[SheetCard], existing: dict[str, _Existing]) -> None:
    """Ids made from names never collide with a service already in the basket or the workbook:
    ``klub-wsparcia`` becomes ``klub-wsparcia-2`` (a made id must not update another service)."""
    taken = {service.get("id") for card in existing.values() for service in card.reading.data.get("uslugi", [])}
    taken |= {service.get("id") for card in cards for index, service in enumerate(card.data.get("uslugi", []))
              if index not in card.generated_ids}
    for card in cards:
        for index in sorted(card.generated_ids):
            service = card.data["uslugi"][index]
            base, number = service["id"], 2
            while service["id"] in taken:
                service["id"] = f"{base[:76]}-{number}"
                number += 1
            taken.add(service["id"])


def _duplicate_ids(cards: list[SheetCard], existing: dict[str, _Existing], report: _Report) -> None:
    owner: dict[str, str] = {}
    imported = {card.slug for card in cards}
    for slug, card in existing.items():
        if slug not in imported:
            for service in card.reading.data.get("uslugi", []):
                owner[service.get("id")] = f"{CARDS_DIR}/{card.path.name}"
    for card in cards:
        for index, service in enumerate(card.data.get("uslugi", [])):
            service_id = service.get("id")
            if service_id in owner:
                report.at(card.cells.get(("uslugi", index, "id"), card.slug_cell), field_name(("uslugi", index, "id")),
                          f"identyfikator „{service_id}” ma już usługa w {owner[service_id]}")
            owner[service_id] = f"{card.slug} (z arkusza)"


def _refuse_stale(plans: list[_Plan], reading: WorkbookReading, existing: dict[str, _Existing], taxonomy: Taxonomy,
                  report: _Report) -> None:
    """A workbook showing a card other than it is now would undo the changes since: refused for that
    card. Known from the card's fingerprint in the workbook; without one (the card form's and the
    partner page's workbooks, older exports), from the time of the card's last change."""
    metadata, timed = reading.metadata, []
    for plan in plans:
        if not plan.changes:
            continue
        shown = metadata.cards.get(plan.card.slug)
        if shown is None:
            timed.append(plan)
        elif shown != card_fingerprint_for(existing[plan.card.slug].reading.data, metadata.variant or "intranet",
                                           taxonomy):
            report.at(plan.card.slug_cell, "Plik karty",
                      f"karta {display_path(plan.target)} ma inne dane niż w chwili pobrania arkusza (zmieniono ją od "
                      "tamtej pory, choćby importem wcześniejszej wersji tego arkusza); import mógłby cofnąć tamte "
                      "zmiany: pobierz świeży arkusz i wpisz zmiany w nim")
    exported = metadata.exported_at
    if exported is None:
        return
    ages = card_ages([plan.target for plan in timed])
    for plan in timed:
        age = ages.get(plan.target)
        if age and age.changed_at > exported:
            report.at(plan.card.slug_cell, "Plik karty",
                      f"arkusz wyeksportowano {_local(exported)}, a karta {display_path(plan.target)} zmieniła się "
                      f"później ({_local(age.changed_at)}, {age.source}); pobierz świeży arkusz i wpisz zmiany w nim")


def _local(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def _check_results(plans: list[_Plan], taxonomy: Taxonomy, today: dt.date, report: _Report) -> None:
    """Every card as it would be written, read by the same validator as ``koszyk validate``."""
    with tempfile.TemporaryDirectory(prefix="koszyk-import-") as folder:
        for plan in plans:
            candidate = Path(folder) / plan.target.name
            candidate.write_text(plan.text, encoding="utf-8")
            checked = read_card(candidate, taxonomy, today)
            for problem in checked.problems:
                if not problem.is_error:
                    continue
                cell = _cell_for(plan, problem.field)
                message = f"karta po imporcie byłaby błędna ({display_path(plan.target)}:{problem.line}): {problem.message}"
                report.at(cell or plan.card.slug_cell, problem.field, message)


def _cell_for(plan: _Plan, field_label: str) -> tuple[str, int, int] | None:
    """The workbook cell behind a field of the written card (services matched by id)."""
    workbook_index = {service.get("id"): index for index, service in enumerate(plan.card.data.get("uslugi", []))}
    for path, where in {**plan.card.slots, **plan.card.cells}.items():
        if path[0] == "uslugi":
            service_id = plan.card.data["uslugi"][path[1]].get("id") if path[1] < len(plan.card.data["uslugi"]) else None
            written = [index for index, service in enumerate(plan.data.get("uslugi", []))
                       if service.get("id") == service_id]
            if not written or workbook_index.get(service_id) != path[1]:
                continue
            path = ("uslugi", written[0]) + path[2:]
        name = field_name(path)
        if name == field_label or field_label.startswith(name + ".") or name.startswith(field_label + "."):
            return where
    return None


def _write_all(pending: dict[Path, str]) -> None:
    """Every card to a temporary file first, then renamed: no half-imported basket."""
    write_all_or_none({target: text_writer(text) for target, text in pending.items()})
