"""Whole-basket Excel operations behind the CLI: export, and import with a summary of changes."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import schema
from ..problems import HasProblems, Problem, display_path
from ..taxonomy import Taxonomy
from ..validation import CARDS_DIR, card_paths, iter_cards, read_cards
from ..variants import card_data_for
from .reading import read_workbook
from .safety import workbook_problem
from .writing import write_basket_xlsx
from .yaml_out import new_card_text, updated_card_text, without_defaults


def basket_card_data(basket: Path, taxonomy: Taxonomy, today: dt.date) -> tuple[list[tuple[str, dict]], list[Problem]]:
    """(slug, checked card data) for every card, and the errors that make the data unusable."""
    cards, errors = [], []
    paths = card_paths(basket)
    for path, reading in zip(paths, read_cards(paths, taxonomy, today)):
        errors += [problem for problem in reading.problems if problem.is_error]
        if reading.data:
            cards.append((path.stem, reading.data))
    return cards, errors


def export_basket(basket: Path, taxonomy: Taxonomy, today: dt.date, variant: str, target: Path) -> tuple[int, list[Problem]]:
    """Rows are written while the other cores still parse cards; with any error the caller
    discards ``target`` (the CLI writes to a temporary file)."""
    errors: list[Problem] = []
    paths = card_paths(basket)

    def cards():
        for path, reading in zip(paths, iter_cards(paths, taxonomy, today)):
            errors.extend(problem for problem in reading.problems if problem.is_error)
            if reading.data and not errors:
                yield path.stem, card_data_for(reading.data, variant, taxonomy)

    rows = write_basket_xlsx(cards(), taxonomy, variant, target)
    return (0, errors) if errors else (rows, [])


@dataclass
class ImportOutcome(HasProblems):
    problems: list[Problem] = field(default_factory=list)
    written: dict[Path, list[str]] = field(default_factory=dict)  # card file → changes ("nowa karta" for new)


def import_workbook(workbook: Path, basket: Path, taxonomy: Taxonomy, today: dt.date) -> ImportOutcome:
    """Cards from ``workbook`` into ``basket/partnerzy``: all or nothing."""
    outcome = ImportOutcome()
    refused = workbook_problem(workbook)
    if refused:
        outcome.problems.append(Problem(display_path(workbook), 1, 1, "", refused))
        return outcome
    # the existing cards first: worker processes fork from a small parent, before the workbook is in memory
    existing = dict(basket_card_data(basket, taxonomy, today)[0]) if (basket / CARDS_DIR).exists() else {}
    reading = read_workbook(workbook, taxonomy, today, display_path(workbook))
    outcome.problems = reading.problems
    if reading.errors:
        return outcome
    outcome.problems += _duplicate_ids(reading.cards, existing, display_path(workbook))
    if outcome.errors:
        return outcome
    pending: dict[Path, str] = {}
    for card in reading.cards:
        target = basket / CARDS_DIR / f"{card.slug}.yml"
        if card.slug in existing and _same(existing[card.slug], card.data):
            continue  # unchanged: leave the file exactly as it is
        if target.exists():
            text, changes = updated_card_text(target.read_text(encoding="utf-8"), card.data)
            if not changes:
                continue
        else:
            text, changes = new_card_text(card.data), ["nowa karta"]
        pending[target] = text
        outcome.written[target] = changes
    _write_all(pending)
    return outcome


def _same(old: dict, new: dict) -> bool:
    return without_defaults(old, schema.CARD) == without_defaults(new, schema.CARD)


def _duplicate_ids(cards, existing: dict[str, dict], display: str) -> list[Problem]:
    owner: dict[str, str] = {}
    imported = {card.slug for card in cards}
    for slug, data in existing.items():
        if slug not in imported:
            for service in data.get("uslugi", []):
                owner[service["id"]] = f"{CARDS_DIR}/{slug}.yml"
    problems = []
    for card in cards:
        for index, service in enumerate(card.data.get("uslugi", [])):
            service_id = service.get("id")
            if service_id in owner:
                sheet, row, column = card.cells.get(("uslugi", index, "id"), ("Usługi", 1, 1))
                problems.append(Problem(display, row, column, f"{sheet} · uslugi.id",
                                        f"identyfikator „{service_id}” ma już usługa w {owner[service_id]}"))
            owner[service_id] = f"{card.slug} (z arkusza)"
    return problems


def _write_all(pending: dict[Path, str]) -> None:
    """Every card to a temporary file first, then renamed: no half-imported basket."""
    temporary = {}
    try:
        for target, text in pending.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary[target] = target.with_name(f".{target.name}.tmp")
            temporary[target].write_text(text, encoding="utf-8")
        for target, path in temporary.items():
            os.replace(path, target)
    finally:
        for path in temporary.values():
            path.unlink(missing_ok=True)
