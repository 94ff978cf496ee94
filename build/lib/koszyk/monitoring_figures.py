"""The monitoring register counted per quarter and per year, for reports and the intranet.

A request counts in the period it was made, with its current decision: "of the
requests made in this quarter, how many were realised". Quarters run without a
gap from the first to the last entry, so a quiet quarter shows as zeros.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .monitoring import DECISIONS, SOURCES, SUBJECTS, Register, Request

ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class PeriodFigures:
    key: str  # "2026" or "2026-K1"
    label: str  # "2026" or "I kw. 2026"
    service_requests: int = 0
    partner_requests: int = 0
    realised: int = 0
    refused: int = 0
    pending: int = 0
    consultations: int = 0
    conflicts: int = 0
    resolved: int = 0

    @property
    def requests(self) -> int:
        return self.service_requests + self.partner_requests

    def to_json(self) -> dict:
        return {
            "okres": self.key, "wnioski_usluga": self.service_requests, "wnioski_partner": self.partner_requests,
            "zrealizowane": self.realised, "odrzucone": self.refused, "oczekujace": self.pending,
            "konsultacje_zzk": self.consultations, "konflikty": self.conflicts, "konflikty_rozwiazane": self.resolved,
        }


@dataclass
class MonitoringFigures:
    years: list[PeriodFigures]
    quarters: list[PeriodFigures]
    refused: list[Request] = field(default_factory=list)
    pending: list[Request] = field(default_factory=list)

    def to_json(self) -> dict:
        def request(r: Request) -> dict:
            return {"data": r.date.isoformat(), "zrodlo": r.source, "rodzaj": r.subject,
                    "czego_dotyczy": r.what, "decyzja": r.decision, "powod": r.reason}
        return {
            "lata": [p.to_json() for p in self.years],
            "kwartaly": [p.to_json() for p in self.quarters],
            "odrzucone": [request(r) for r in self.refused],
            "oczekujace": [request(r) for r in self.pending],
        }


def quarter_of(date: dt.date) -> tuple[int, int]:
    return date.year, (date.month - 1) // 3 + 1


def _quarters_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    quarters, (year, quarter) = [], first
    while (year, quarter) <= last:
        quarters.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return quarters


def _figures(key: str, label: str, register: Register, inside) -> PeriodFigures:
    requests = [r for r in register.requests if inside(r.date)]
    conflicts = [c for c in register.conflicts if inside(c.date)]
    return PeriodFigures(
        key=key, label=label,
        service_requests=sum(r.subject == "usluga" for r in requests),
        partner_requests=sum(r.subject == "partner" for r in requests),
        realised=sum(r.decision == "zrealizowany" for r in requests),
        refused=sum(r.decision == "odrzucony" for r in requests),
        pending=sum(r.decision == "oczekuje" for r in requests),
        consultations=sum(c.count for c in register.consultations if inside(c.date)),
        conflicts=len(conflicts), resolved=sum(c.outcome == "rozwiazany" for c in conflicts),
    )


def monitoring_figures(register: Register) -> MonitoringFigures | None:
    """Figures per quarter and year; ``None`` when the basket keeps no register."""
    if not register.present:
        return None
    dates = ([r.date for r in register.requests] + [c.date for c in register.consultations]
             + [c.date for c in register.conflicts])
    quarters, years = [], []
    if dates:
        for year, quarter in _quarters_between(quarter_of(min(dates)), quarter_of(max(dates))):
            quarters.append(_figures(f"{year}-K{quarter}", f"{ROMAN[quarter - 1]} kw. {year}", register,
                                     lambda d, y=year, q=quarter: quarter_of(d) == (y, q)))
        for year in range(min(dates).year, max(dates).year + 1):
            years.append(_figures(str(year), str(year), register, lambda d, y=year: d.year == y))
    by_date = sorted(register.requests, key=lambda r: r.date)
    return MonitoringFigures(years, quarters, [r for r in by_date if r.decision == "odrzucony"],
                             [r for r in by_date if r.decision == "oczekuje"])


def request_line(request: Request) -> str:
    """One request in words, for text reports and the meeting pack."""
    line = (f"{request.date.isoformat()} · {SUBJECTS[request.subject]} · {request.what} "
            f"(zgłasza: {SOURCES[request.source]}; {DECISIONS[request.decision]})")
    return line + (f"; powód: {request.reason}" if request.reason else "")
