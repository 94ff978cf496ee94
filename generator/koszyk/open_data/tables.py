"""Open data as tables: ``uslugi.csv`` and ``partnerzy.csv`` with a Frictionless Data Package.

One list of columns per table serves both the CSV and its Table Schema, so the
dictionary (Polish titles and descriptions) can never drift from the data.
Multi-valued vocabularies (areas, groups, criteria) are keys joined by "; ".
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..model import Basket, Partner, Service
from ..spreadsheet_text import csv_text
from ..taxonomy import Taxonomy

SEPARATOR = "; "
FORMULA_NOTE = ("Tekst zaczynający się od znaku =, +, -, @, tabulacji lub powrotu karetki ma na początku "
                "dodany jeden apostrof ('), aby arkusz kalkulacyjny nie potraktował go jak formuły "
                "(zalecenie OWASP dotyczące „CSV injection”); aby odzyskać oryginalny tekst, usuń ten jeden "
                "apostrof. Wyjątek: numery telefonów i liczby (sam znak, cyfry, spacje i znaki ( ) . / -), "
                "np. +48 12 345 67 89, pozostają bez zmian.")


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    description: str
    value: Callable[[Service, Partner], object]
    type: str = "string"
    vocabulary: str | None = None  # single-valued columns list their allowed keys
    required: bool = False


def _keys(values: list[str]) -> str:
    return SEPARATOR.join(values)


SERVICE_COLUMNS = (
    Column("id", "Identyfikator usługi", "Stały identyfikator usługi w koszyku (także adres strony uslugi/<id>/).",
           lambda s, p: s.id, required=True),
    Column("nazwa", "Nazwa usługi", "Nazwa usługi.", lambda s, p: s.name, required=True),
    Column("partner", "Identyfikator partnera", "Partner, który prowadzi usługę (kolumna id w partnerzy.csv).",
           lambda s, p: p.slug, required=True),
    Column("obszary", "Obszary wsparcia", "Klucze obszarów ze słownika obszary, rozdzielone „; ”.",
           lambda s, p: _keys(s.areas), required=True),
    Column("grupy_docelowe", "Grupy docelowe", "Klucze grup ze słownika grupy_docelowe, rozdzielone „; ”.",
           lambda s, p: _keys(s.groups), required=True),
    Column("tryb_dostepu", "Tryb dostępu", "Powszechny (dla każdego) albo selektywny (po spełnieniu kryteriów).",
           lambda s, p: s.access.mode, vocabulary="tryby_dostepu", required=True),
    Column("kryteria", "Kryteria dostępu", "Rodzaje kryteriów (słownik kryteria), rozdzielone „; ”.",
           lambda s, p: _keys([c.kind for c in s.access.criteria])),
    Column("warunki", "Warunki dostępu", "Warunki opisane słowami, w kolejności kryteriów.",
           lambda s, p: SEPARATOR.join(c.condition for c in s.access.criteria if c.condition)),
    Column("wiek_od", "Wiek od", "Najniższy wiek osoby (w latach); puste: bez dolnej granicy.",
           lambda s, p: s.access.age.min if s.access.age else None, type="integer"),
    Column("wiek_do", "Wiek do", "Najwyższy wiek osoby (w latach); puste: bez górnej granicy.",
           lambda s, p: s.access.age.max if s.access.age else None, type="integer"),
    Column("odplatnosc", "Odpłatność", "Bezpłatna, częściowo odpłatna albo odpłatna.",
           lambda s, p: s.cost, vocabulary="odplatnosci"),
    Column("odplatnosc_opis", "Szczegóły odpłatności", "Np. cena albo zasady zwolnienia z opłat.",
           lambda s, p: s.cost_description),
    Column("zasieg", "Zasięg", "Usługa partnerstwa, w sąsiedztwie albo samopomocowa.",
           lambda s, p: s.reach, vocabulary="zasiegi", required=True),
    Column("status", "Status", "Oferowana, nowa albo zawieszona (wycofanych nie publikujemy).",
           lambda s, p: s.status, vocabulary="statusy", required=True),
    Column("forma_realizacji", "Forma realizacji", "Jak partner realizuje usługę (słownik formy_realizacji).",
           lambda s, p: s.delivery, vocabulary="formy_realizacji"),
    Column("zapisy", "Jak się zgłosić", "Jak się zgłosić lub zapisać.", lambda s, p: s.signup),
    Column("godziny", "Kiedy", "Kiedy usługa jest dostępna.", lambda s, p: s.hours),
    Column("miejsce", "Gdzie", "Miejsce, jeśli inne niż adres partnera.", lambda s, p: s.place),
    Column("opis", "Opis", "Opis usługi (Markdown).", lambda s, p: s.description),
    Column("ostatnia_weryfikacja", "Ostatnia weryfikacja", "Kiedy partner ostatnio potwierdził dane karty.",
           lambda s, p: p.verified.isoformat() if p.verified else None, type="date"),
)

PARTNER_COLUMNS = (
    Column("id", "Identyfikator partnera", "Stały identyfikator partnera (nazwa pliku karty).",
           lambda s, p: p.slug, required=True),
    Column("nazwa", "Nazwa", "Pełna nazwa instytucji.", lambda s, p: p.name, required=True),
    Column("typ", "Typ partnera", "Rodzaj instytucji (słownik typy_partnerow).",
           lambda s, p: p.type, vocabulary="typy_partnerow", required=True),
    Column("rola", "Rola", "Wykonawca usług albo konsultant.", lambda s, p: p.role, vocabulary="role"),
    Column("czlonek_pzk", "Członek PZK", "Czy partner należy do partnerskiego zespołu kooperacyjnego.",
           lambda s, p: p.member, type="boolean"),
    Column("ulica", "Ulica", "Ulica i numer.", lambda s, p: p.address.street),
    Column("kod_pocztowy", "Kod pocztowy", "Kod pocztowy.", lambda s, p: p.address.postal_code),
    Column("miejscowosc", "Miejscowość", "Miejscowość.", lambda s, p: p.address.town),
    Column("telefon", "Telefon", "Telefon instytucji (sekretariat).", lambda s, p: p.contact.phone),
    Column("email", "E-mail", "Ogólny adres e-mail instytucji.", lambda s, p: p.contact.email),
    Column("www", "Strona internetowa", "Strona internetowa instytucji.", lambda s, p: p.contact.www),
    Column("godziny", "Godziny pracy", "Godziny pracy instytucji.", lambda s, p: p.hours),
    Column("ostatnia_weryfikacja", "Ostatnia weryfikacja", "Kiedy partner ostatnio potwierdził dane karty.",
           lambda s, p: p.verified.isoformat() if p.verified else None, type="date"),
)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return csv_text(str(value))


def table_csv(columns: tuple[Column, ...], rows: list[tuple[Service | None, Partner]]) -> str:
    """The header and ``rows``, one line each."""
    return _csv_text([[column.name for column in columns]]) + _rows_csv(columns, rows)


def _rows_csv(columns: tuple[Column, ...], rows: Iterable[tuple[Service | None, Partner]]) -> str:
    return _csv_text([_cell(column.value(service, partner)) for column in columns] for service, partner in rows)


def _csv_text(lines: Iterable[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(lines)
    return out.getvalue()


def partner_lines(partner: Partner) -> tuple[str, str]:
    """The partner's lines of ``uslugi.csv`` (one per service) and its line of ``partnerzy.csv``."""
    return (_rows_csv(SERVICE_COLUMNS, [(service, partner) for service in partner.services]),
            _rows_csv(PARTNER_COLUMNS, [(None, partner)]))


def partner_tables_csv(lines: list[tuple[str, str]]) -> dict[str, str]:
    """``uslugi.csv`` and ``partnerzy.csv`` from each partner's ``partner_lines``."""
    services, partners = zip(*lines) if lines else ((), ())
    return {"uslugi.csv": table_csv(SERVICE_COLUMNS, []) + "".join(services),
            "partnerzy.csv": table_csv(PARTNER_COLUMNS, []) + "".join(partners)}


def table_schema(columns: tuple[Column, ...], taxonomy: Taxonomy) -> dict:
    fields = []
    for column in columns:
        field = {"name": column.name, "title": column.title, "description": column.description, "type": column.type}
        constraints = {}
        if column.required:
            constraints["required"] = True
        if column.vocabulary:
            constraints["enum"] = taxonomy[column.vocabulary].keys
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {"fields": fields, "missingValues": [""]}


def data_package(basket: Basket, taxonomy: Taxonomy, lines: list[tuple[str, str]] | None = None) -> dict[str, str]:
    """``{file name: text}``: the two CSV files and ``datapackage.json`` describing them.
    ``lines``: each partner's ``partner_lines``, when the caller has them (kept between builds)."""
    service_schema = table_schema(SERVICE_COLUMNS, taxonomy)
    service_schema["primaryKey"] = ["id"]
    service_schema["foreignKeys"] = [{"fields": ["partner"], "reference": {"resource": "partnerzy", "fields": ["id"]}}]
    partner_schema = table_schema(PARTNER_COLUMNS, taxonomy)
    partner_schema["primaryKey"] = ["id"]
    package = {
        "name": f"koszyk-{basket.id}",
        "title": f"{basket.name}: usługi i partnerzy",
        "description": ("Lokalny koszyk usług: usługi partnerów w wersji publicznej. Klucze słowników "
                        "(obszary, grupy docelowe, tryby dostępu…) są opisane w pliku slowniki.json. "
                        + FORMULA_NOTE),
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Uznanie autorstwa 4.0",
                      "path": "https://creativecommons.org/licenses/by/4.0/deed.pl"}],
        "resources": [
            {"name": "uslugi", "path": "uslugi.csv", "title": "Usługi", "format": "csv", "mediatype": "text/csv",
             "encoding": "utf-8", "description": "Jedna usługa w wierszu. " + FORMULA_NOTE, "schema": service_schema},
            {"name": "partnerzy", "path": "partnerzy.csv", "title": "Partnerzy", "format": "csv",
             "mediatype": "text/csv", "encoding": "utf-8", "description": "Jeden partner w wierszu. " + FORMULA_NOTE,
             "schema": partner_schema},
        ],
    }
    lines = lines if lines is not None else [partner_lines(partner) for partner in basket.partners]
    return {**partner_tables_csv(lines),
            "datapackage.json": json.dumps(package, ensure_ascii=False, indent=2)}
