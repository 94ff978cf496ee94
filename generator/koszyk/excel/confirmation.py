"""The partner's confirmation in a yearly-review workbook (tool 7 from ``koszyk przeglad``).

The model asks each partner to confirm once a year that its card is current. The
review workbook carries a sheet where the partner says so explicitly (a Tak/Nie
dropdown and the date); the import moves ``partner.ostatnia_weryfikacja`` to that
date only when the answer is „Tak”. An answer left empty or „Nie” keeps the card's
date as it was (whatever the „Ostatnia weryfikacja” column says), and the change
summary says why. A workbook without this sheet (the template, a basket export)
is read as before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from .cells import parse_polish_date

CONFIRMATION_SHEET = "Potwierdzenie"
QUESTION = "Potwierdzam, że dane są aktualne"
DATE_LABEL = "Data potwierdzenia"
ANSWERS = ("Tak", "Nie")
QUESTION_ROW, DATE_ROW = 4, 5


@dataclass(frozen=True)
class Confirmation:
    """What the partner answered; ``present`` is False for a workbook without the sheet."""

    present: bool = False
    confirmed: bool = False
    date: dt.date | None = None
    date_row: int = 0  # where the date was read, for a message about it


@dataclass(frozen=True)
class ConfirmationProblem:
    row: int
    column: int
    field: str
    message: str


def write_confirmation_sheet(sheet) -> None:
    """Fill a (write-only) sheet: instructions, the question with a Tak/Nie dropdown, the date."""
    bold = Font(bold=True)
    rows = [
        ("Coroczny przegląd karty usług", ""),
        ("Sprawdź dane w arkuszu „Koszyk” i popraw to, co się zmieniło. Potem odpowiedz poniżej "
         "i odeślij plik pracownikowi ds. sieci.", ""),
        ("Odpowiedź „Tak” z datą przesuwa datę ostatniej weryfikacji karty na ten dzień; "
         "„Nie” albo brak odpowiedzi zostawia ją bez zmian.", ""),
        (QUESTION, ""),
        (DATE_LABEL, ""),
    ]
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 20
    answer = DataValidation(type="list", formula1='"' + ",".join(ANSWERS) + '"', allow_blank=True,
                            showErrorMessage=True, errorStyle="stop", errorTitle=QUESTION,
                            error="Wybierz „Tak” albo „Nie” z listy.")
    answer.add(f"B{QUESTION_ROW}")
    date = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                          showErrorMessage=True, errorStyle="stop", errorTitle=DATE_LABEL,
                          error="Wpisz datę, np. 2026-11-05.")
    date.add(f"B{DATE_ROW}")
    sheet.data_validations.append(answer)
    sheet.data_validations.append(date)
    for number, (label, value) in enumerate(rows, start=1):
        first = WriteOnlyCell(sheet, value=label)
        first.alignment = Alignment(wrap_text=True, vertical="top")
        if number in (1, QUESTION_ROW, DATE_ROW):
            first.font = bold
        second = WriteOnlyCell(sheet, value=value or None)
        if number in (QUESTION_ROW, DATE_ROW):
            second.protection = Protection(locked=False)
        if number == DATE_ROW:
            second.number_format = "yyyy-mm-dd"
        sheet.append([first, second])


def read_confirmation(rows, today: dt.date) -> tuple[Confirmation, list[ConfirmationProblem]]:
    """The answer and date found next to their labels in column A (rows may have moved)."""
    answer_cell = date_cell = None
    for row in rows:
        cells = {cell.column: cell for cell in row}
        label = cells.get(1)
        text = str(label.value).strip() if label and label.value is not None else ""
        if text == QUESTION:
            answer_cell = (label.row, cells.get(2))
        elif text == DATE_LABEL:
            date_cell = (label.row, cells.get(2))
    if answer_cell is None:
        return Confirmation(present=True), [ConfirmationProblem(
            QUESTION_ROW, 1, QUESTION, f"brak pola „{QUESTION}” w kolumnie A; nie zmieniaj tego arkusza")]
    row, cell = answer_cell
    answer = str(cell.value).strip().casefold() if cell and cell.value is not None else ""
    if cell and cell.formula:
        return Confirmation(present=True), [ConfirmationProblem(row, 2, QUESTION, "komórka zawiera formułę; "
                                                                "wybierz „Tak” albo „Nie”")]
    if answer not in ("", "tak", "nie"):
        return Confirmation(present=True), [ConfirmationProblem(
            row, 2, QUESTION, f"wybierz „Tak” albo „Nie” z listy (albo zostaw puste), a nie „{str(cell.value)[:40]}”")]
    if answer != "tak":
        return Confirmation(present=True), []
    date_row = date_cell[0] if date_cell else DATE_ROW
    value = date_cell[1].value if date_cell and date_cell[1] else None
    date = _as_date(value)
    if date is None:
        shown = "" if value is None else f" („{str(value)[:40]}” nie jest datą)"
        return Confirmation(present=True), [ConfirmationProblem(
            date_row, 2, DATE_LABEL, f"odpowiedź „Tak” potrzebuje daty potwierdzenia{shown}; wpisz ją jako 2026-11-05")]
    if date > today:
        return Confirmation(present=True), [ConfirmationProblem(
            date_row, 2, DATE_LABEL, f"data potwierdzenia {date.isoformat()} jest w przyszłości")]
    return Confirmation(present=True, confirmed=True, date=date, date_row=date_row), []


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return parse_polish_date(text)
    return None


def verification_note(slug: str, confirmation: Confirmation, kept: dt.date | None) -> str:
    """One line for the change summary: why the verification date moved or stayed."""
    if confirmation.confirmed:
        return f"{slug}: partner potwierdził, że dane są aktualne; data ostatniej weryfikacji: {confirmation.date.isoformat()}"
    kept_text = kept.isoformat() if kept else "brak"
    return (f"{slug}: partner nie potwierdził, że dane są aktualne (arkusz „{CONFIRMATION_SHEET}”), "
            f"więc data ostatniej weryfikacji zostaje bez zmian ({kept_text})")
