"""The intranet's report pages (``raporty/``), built from ``koszyk.reports``."""

from __future__ import annotations

from ..monitoring import SOURCES, SUBJECTS
from ..reports import Report, compare_reports
from .charts import Bar, stacked_bars
from .rendering import Renderer, SitePage

DEFICITS_URI = "raporty/braki-gmin.md"


def shade(count: int, largest: int) -> int:
    """0–4: how dark a coverage cell is; 0 only for an empty cell."""
    if count == 0:
        return 0
    return 1 + min(3, int(3 * count / max(largest, 1)))


def report_pages(report: Report, renderer: Renderer, others: list[Report]) -> list[SitePage]:
    tax = renderer.taxonomy
    largest = max((n for row in report.coverage.values() for n in row.values()), default=0)
    access_chart = stacked_bars(
        "wykres-dostep", "Usługi powszechne i selektywne w każdym obszarze", ("powszechne", "selektywne"),
        [Bar(tax.areas.label(a), (v["powszechne"], v["selektywne"])) for a, v in report.access_by_area.items()],
    )
    cost_chart = stacked_bars(
        "wykres-odplatnosc", "Usługi bezpłatne i odpłatne w każdym obszarze", ("bezpłatne", "odpłatne"),
        [Bar(tax.areas.label(a), (v["bezplatne"], v["odplatne"])) for a, v in report.access_by_area.items()],
    )
    reach_chart = stacked_bars(
        "wykres-zasieg", "Usługi według zasięgu", ("usługi",),
        [Bar(tax.reaches.label(key), (count,)) for key, count in report.reach.items()],
    )
    pages = [
        renderer.render("report_index.html", "raporty/index.md", "Raporty", report=report, largest=largest,
                        shade=shade),
        renderer.render("report_gaps.html", "raporty/luki.md", "Luki w koszyku", report=report),
        renderer.render("report_access.html", "raporty/dostep.md", "Dostęp, odpłatność i zasięg", report=report,
                        access_chart=access_chart, cost_chart=cost_chart, reach_chart=reach_chart),
        renderer.render("report_currency.html", "raporty/aktualnosc.md", "Aktualność kart i zmiany usług",
                        report=report),
    ]
    if report.monitoring is not None:
        pages.append(monitoring_page(report, renderer))
    if report.deficits is not None:
        pages.append(renderer.render("report_deficits.html", DEFICITS_URI, "Braki gmin w zestawieniu",
                                     report=report, deficits=report.deficits))
    if others:
        comparison = compare_reports([report] + others)
        names = {r.basket_id: r.basket_name for r in [report] + others}
        pages.append(renderer.render("report_compare.html", "raporty/porownanie.md", "Porównanie koszyków",
                                     comparison=comparison, names=names))
    return pages


def monitoring_page(report: Report, renderer: Renderer) -> SitePage:
    figures = report.monitoring
    requests_chart = stacked_bars(
        "wykres-wnioski", "Wnioski o uzupełnienie koszyka w kwartałach, według decyzji",
        ("zrealizowane", "odrzucone", "czekają"),
        [Bar(p.label, (p.realised, p.refused, p.pending)) for p in figures.quarters],
    )
    activity_chart = stacked_bars(
        "wykres-konsultacje", "Konsultacje dla zespołów zadaniowych w kwartałach", ("konsultacje",),
        [Bar(p.label, (p.consultations,)) for p in figures.quarters],
    )
    conflicts_chart = stacked_bars(
        "wykres-konflikty", "Konflikty w kwartałach: rozwiązane i pozostałe", ("rozwiązane", "pozostałe"),
        [Bar(p.label, (p.resolved, p.conflicts - p.resolved)) for p in figures.quarters],
    )
    return renderer.render("report_monitoring.html", "raporty/monitoring.md", "Monitoring partnerstwa",
                           report=report, figures=figures, requests_chart=requests_chart,
                           activity_chart=activity_chart, conflicts_chart=conflicts_chart,
                           sources=SOURCES, subjects=SUBJECTS)
