"""The spreadsheet layout of a card, shared by the template, the export and the import.

Each column knows the card key it carries (a path into the YAML), its Polish
header, and the vocabulary whose labels fill its dropdown. One declaration, so
a workbook exported today imports back tomorrow.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import schema
from ..variants import Variant, is_intranet_only

MAX_CRITERIA = 5
LIST_SEPARATOR = "; "
YES, NO = "tak", "nie"


@dataclass(frozen=True)
class Column:
    header: str
    path: tuple  # keys inside a partner (for partner columns) or a service (for service columns)
    vocabulary: str = ""  # single value from this vocabulary: dropdown of labels
    many: str = ""  # several values from this vocabulary, separated by "; "
    kind: str = "text"  # text | bool | int | date | list
    width: int = 22
    note: str = ""
    record: schema.Record | None = None  # the card record ``path`` starts in; set by ``_within``

    @property
    def intranet_only(self) -> bool:
        """Asked of the schema (``variants.is_intranet_only``), never declared here."""
        keys = tuple(key for key in self.path if isinstance(key, str))
        return self.record is not None and is_intranet_only(keys, self.record)


def _within(record: schema.Record, columns: tuple[Column, ...]) -> tuple[Column, ...]:
    return tuple(replace(column, record=record) for column in columns)


PARTNER_COLUMNS = _within(schema.PARTNER, (
    Column("Plik karty", ("_slug",), width=24, note="Nazwa pliku karty bez .yml: małe litery, cyfry, myślniki."),
    Column("Nazwa partnera", ("nazwa",), width=40),
    Column("Typ partnera", ("typ",), vocabulary="typy_partnerow", width=34),
    Column("Rola", ("rola",), vocabulary="role", width=14),
    Column("Członek PZK", ("czlonek_pzk",), kind="bool", width=12, note="tak albo nie"),
    Column("Opis partnera", ("opis",), width=40),
    Column("Ulica", ("adres", "ulica"), width=24),
    Column("Kod pocztowy", ("adres", "kod"), width=12),
    Column("Miejscowość", ("adres", "miejscowosc"), width=18),
    Column("Telefon", ("kontakt", "telefon"), width=18),
    Column("E-mail", ("kontakt", "email"), width=30),
    Column("Strona WWW", ("kontakt", "www"), width=30),
    Column("Godziny pracy", ("godziny",), width=24),
    Column("Osoba do kontaktu (intranet)", ("kontakt_wewnetrzny", "osoba"), width=28),
    Column("Telefon osoby (intranet)", ("kontakt_wewnetrzny", "telefon"), width=20),
    Column("E-mail osoby (intranet)", ("kontakt_wewnetrzny", "email"), width=28),
    Column("Ostatnia weryfikacja", ("ostatnia_weryfikacja",), kind="date", width=14, note="RRRR-MM-DD"),
    Column("Opiekunowie karty", ("opiekunowie",), kind="list", width=20, note="nazwy użytkowników, oddzielone ; "),
    Column("REGON", ("regon",), width=16, note="9 albo 14 cyfr; po nim listy powiatowe rozpoznają tę samą instytucję"),
))

SERVICE_COLUMNS = _within(schema.SERVICE, (
    Column("ID usługi", ("id",), width=26, note="małe litery, cyfry i myślniki; nie zmieniaj istniejących"),
    Column("Nazwa usługi", ("nazwa",), width=40),
    Column("Opis", ("opis",), width=50),
    Column("Obszary", ("obszary",), many="obszary", width=36, note="etykiety oddzielone ; (lista w arkuszu Słowniki)"),
    Column("Grupy docelowe", ("grupy_docelowe",), many="grupy_docelowe", width=36, note="etykiety oddzielone ;"),
    Column("Status", ("status",), vocabulary="statusy", width=14),
    Column("Zasięg", ("zasieg",), vocabulary="zasiegi", width=22),
    Column("Odpłatność", ("odplatnosc",), vocabulary="odplatnosci", width=18),
    Column("Szczegóły odpłatności", ("odplatnosc_opis",), width=26),
    Column("Forma realizacji", ("forma_realizacji",), vocabulary="formy_realizacji", width=28),
    Column("Tryb dostępu", ("dostep", "tryb"), vocabulary="tryby_dostepu", width=30),
    *(
        column
        for number in range(1, MAX_CRITERIA + 1)
        for column in (
            Column(f"Kryterium {number}: rodzaj", ("dostep", "kryteria", number - 1, "rodzaj"),
                   vocabulary="kryteria", width=22),
            Column(f"Kryterium {number}: warunek", ("dostep", "kryteria", number - 1, "warunek"), width=30),
        )
    ),
    Column("Wiek od", ("dostep", "wiek", "od"), kind="int", width=9),
    Column("Wiek do", ("dostep", "wiek", "do"), kind="int", width=9),
    Column("Dostęp: uwagi", ("dostep", "opis"), width=30),
    Column("Jak się zgłosić", ("zapisy",), width=30),
    Column("Godziny", ("godziny",), width=22),
    Column("Miejsce", ("miejsce",), width=22),
    Column("Widoczność", ("widocznosc",), vocabulary="widocznosci", width=16),
    Column("Osoba do kontaktu w usłudze (intranet)", ("kontakt_wewnetrzny", "osoba"), width=28),
    Column("Telefon w usłudze (intranet)", ("kontakt_wewnetrzny", "telefon"), width=20),
    Column("E-mail w usłudze (intranet)", ("kontakt_wewnetrzny", "email"), width=28),
    Column("Uwagi wewnętrzne (intranet)", ("uwagi_wewnetrzne",), width=30),
))

PARTNER_SHEET = "Partner"
SERVICES_SHEET = "Usługi"
BASKET_SHEET = "Koszyk"
VOCABULARY_SHEET = "Słowniki"
DICTIONARY_SHEET = "Słownik danych"
INSTRUCTIONS_SHEET = "Instrukcja"


def columns_for(variant: str, columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """The columns a variant may carry: the public one has no intranet-only column."""
    return tuple(column for column in columns if Variant(variant).is_intranet or not column.intranet_only)
