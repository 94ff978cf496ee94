"""A report as terminal text or as a workbook for the partnership meeting."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .excel.cells import is_formula_like
from .deficits import Deficits
from .monitoring_figures import MonitoringFigures, request_line
from .reports import Report
from .taxonomy import Taxonomy



def report_text(report: Report, taxonomy: Taxonomy) -> str:
    area, group = taxonomy.areas.label, taxonomy.groups.label
    lines = [
        f"Raport koszyka: {report.basket_name} ({report.basket_id}), stan na {report.today.isoformat()}",
        "",
        "Usługi według statusu: " + ", ".join(f"{taxonomy.statuses.label(k)} {v}" for k, v in report.statuses.items()),
        "Zasięg (usługi aktywne): " + ", ".join(f"{taxonomy.reaches.label(k)} {v}" for k, v in report.reach.items()),
        "",
        f"Luki: {len(report.gaps)} par obszar × grupa bez żadnej usługi.",
    ]
    lines += [f"  - {area(a)} × {group(g)}" for a, g in report.gaps]
    lines += ["", f"Tylko usługi selektywne lub odpłatne: {len(report.restricted_only)} par."]
    lines += [f"  - {area(a)} × {group(g)}" for a, g in report.restricted_only]
    lines += ["", f"Karty niesprawdzane od ponad 12 miesięcy: {len(report.stale)}."]
    lines += [f"  - {s.partner} ({s.slug}): {s.verified.isoformat() if s.verified else 'brak daty'}; kontakt: {s.contact}"
              for s in report.stale]
    lines += ["", f"Nowe usługi: {len(report.new)}; zawieszone: {len(report.suspended)}."]
    if report.monitoring is not None:
        lines += [""] + monitoring_text(report.monitoring)
    if report.deficits is not None:
        lines += [""] + deficits_text(report.deficits, taxonomy)
    return "\n".join(lines) + "\n"


def deficits_text(deficits: Deficits, taxonomy: Taxonomy) -> list[str]:
    names = {source.id: source.name for source in deficits.gminas}
    lines = [f"Braki gmin zestawienia: {len(deficits.deficits)} par obszar × grupa, w których część gmin "
             "nie ma usługi, a inne mają."]
    for row in deficit_rows(deficits, taxonomy):
        lines.append(f"  - {row[0]} × {row[1]}: brak w: {row[2]}; są w: {row[3]}"
                     + (f"; z sąsiedztwa: {row[4]}" if row[4] else ""))
    lines += ["", f"Usługi otwarte dla mieszkańców innych gmin (zasięg: sąsiedztwo): {len(deficits.open_to_others)}."]
    lines += [f"  - {s.name} ({names.get(s.source.id, '')})" for s in deficits.open_to_others]
    return lines


def deficit_rows(deficits: Deficits, taxonomy: Taxonomy) -> list[list[str]]:
    """One row per deficit: area, group, gminas lacking, gminas having, neighbourhood services."""
    names = {source.id: source.name for source in deficits.gminas}
    return [[taxonomy.areas.label(d.area), taxonomy.groups.label(d.group),
             ", ".join(source.name for source in d.lacking),
             ", ".join(f"{names[key]} ({count})" for key, count in d.counts.items() if count),
             ", ".join(s.name for s in d.neighbours)] for d in deficits.deficits]


MONITORING_COLUMNS = ["Okres", "Wnioski: usługa", "Wnioski: partner", "Zrealizowane", "Odrzucone",
                      "Czekają na decyzję", "Konsultacje dla ZZK", "Konflikty", "Konflikty rozwiązane"]


def monitoring_rows(periods) -> list[list]:
    return [[p.label, p.service_requests, p.partner_requests, p.realised, p.refused, p.pending,
             p.consultations, p.conflicts, p.resolved] for p in periods]


def monitoring_text(figures: MonitoringFigures) -> list[str]:
    lines = ["Monitoring partnerstwa (rejestr monitoring.yml):"]
    if not figures.years:
        return lines + ["  rejestr jest pusty."]
    for title, periods in (("Według lat", figures.years), ("Według kwartałów", figures.quarters)):
        lines.append(f"  {title}:")
        for p in periods:
            lines.append(f"    {p.label}: wnioski {p.requests} (usługa {p.service_requests}, partner {p.partner_requests}); "
                         f"zrealizowane {p.realised}, odrzucone {p.refused}, czekają {p.pending}; "
                         f"konsultacje dla ZZK {p.consultations}; konflikty {p.conflicts}, rozwiązane {p.resolved}")
    lines.append(f"  Wnioski odrzucone: {len(figures.refused)}.")
    lines += [f"    - {request_line(r)}" for r in figures.refused]
    lines.append(f"  Wnioski czekające na decyzję: {len(figures.pending)}.")
    lines += [f"    - {request_line(r)}" for r in figures.pending]
    return lines


def _put(sheet, row: int, column: int, value) -> None:
    """Write a value; text that looks like a formula stays text (no formula injection)."""
    cell = sheet.cell(row=row, column=column, value=value)
    if is_formula_like(value):
        cell.data_type = "s"


def _table(sheet, header: list[str], rows: list[list]) -> None:
    for column, title in enumerate(header, start=1):
        _put(sheet, 1, column, title)
        sheet.cell(row=1, column=column).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = max(14, min(60, len(title) + 4))
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            _put(sheet, row_number, column, value)
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"


def write_report_xlsx(report: Report, taxonomy: Taxonomy, path: Path) -> None:
    book = Workbook()
    coverage = book.active
    coverage.title = "Pokrycie"
    groups = taxonomy.groups.keys
    _table(coverage, ["Obszar"] + [taxonomy.groups.label(g) for g in groups],
           [[taxonomy.areas.label(a)] + [report.coverage[a][g] for g in groups] for a in taxonomy.areas.keys])
    empty = PatternFill("solid", fgColor="F4CCCC")
    for row in coverage.iter_rows(min_row=2, min_col=2):
        for cell in row:
            if cell.value == 0:
                cell.fill = empty
    _table(book.create_sheet("Luki"), ["Obszar", "Grupa docelowa", "Rodzaj luki"],
           [[taxonomy.areas.label(a), taxonomy.groups.label(g), "brak usług"] for a, g in report.gaps]
           + [[taxonomy.areas.label(a), taxonomy.groups.label(g), "tylko selektywne lub odpłatne"]
              for a, g in report.restricted_only])
    _table(book.create_sheet("Nieaktualne karty"), ["Partner", "Plik karty", "Ostatnia weryfikacja", "Kogo zapytać"],
           [[s.partner, s.slug, s.verified.isoformat() if s.verified else "brak", s.contact] for s in report.stale])
    _table(book.create_sheet("Statusy"), ["Status", "Liczba usług"],
           [[taxonomy.statuses.label(k), v] for k, v in report.statuses.items()])
    _table(book.create_sheet("Dostęp"), ["Obszar", "Powszechne", "Selektywne", "Bezpłatne", "Odpłatne"],
           [[taxonomy.areas.label(a), v["powszechne"], v["selektywne"], v["bezplatne"], v["odplatne"]]
            for a, v in report.access_by_area.items()])
    if report.monitoring is not None:
        figures = report.monitoring
        rows = monitoring_rows(figures.years) + ([[]] if figures.years else []) + monitoring_rows(figures.quarters)
        _table(book.create_sheet("Monitoring"), MONITORING_COLUMNS, rows)
        _table(book.create_sheet("Wnioski do decyzji"), ["Data", "Wniosek", "Decyzja", "Powód odrzucenia"],
               [[r.date.isoformat(), r.what, "odrzucony" if r.decision == "odrzucony" else "czeka na decyzję", r.reason]
                for r in figures.refused + figures.pending])
    if report.deficits is not None:
        _table(book.create_sheet("Braki gmin"),
               ["Obszar", "Grupa docelowa", "Brak w gminach", "Usługi w gminach", "Usługi z sąsiedztwa"],
               deficit_rows(report.deficits, taxonomy))
        names = {source.id: source.name for source in report.deficits.gminas}
        _table(book.create_sheet("Otwarte dla innych gmin"), ["Usługa", "Partner", "Gmina", "Obszary", "Grupy docelowe"],
               [[s.name, report.deficits.partner_names.get(s.partner_slug, ""), names.get(s.source.id, ""),
                 ", ".join(taxonomy.areas.label(a) for a in s.areas), ", ".join(taxonomy.groups.label(g) for g in s.groups)]
                for s in report.deficits.open_to_others])
    book.save(path)
