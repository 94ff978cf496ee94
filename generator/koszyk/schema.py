"""What a valid card and basket file are, declared once.

The same declaration checks a partner's file (``Kind.check``) and produces the
JSON Schema that editors use for autocompletion (``Kind.json_schema``), so the two
cannot drift apart. Vocabulary values come from the taxonomy. The kinds it is
declared in (``Text``, ``Record``…) are a framework of their own, ``koszyk.kinds``,
re-exported here so a reader of the card finds everything under one name.
"""

from __future__ import annotations

from .kinds import (  # noqa: F401  (re-exported: schema.Text, schema.Record… are part of this module's API)
    INVALID, MESSAGES, Boolean, Choice, Date, Field, Integer, Kind, ListOf, Phone, Record, Regon, Reporter, Text, Url,
    json_schema, suggestion, type_name,
)

SLUG = Text(r"[a-z0-9]+(?:-[a-z0-9]+)*", "tylko małe litery bez polskich znaków, cyfry i myślniki, np. „diagnoza-psychologiczna”", 80)
EMAIL = Text(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", "adres e-mail ma postać nazwa@domena.pl", 200)
POSTAL_CODE = Text(r"\d{2}-\d{3}", "kod pocztowy ma postać 00-000 (w cudzysłowie)", 6)
TERYT = Text(r"\d{2}(?:\d{2}(?:\d{3})?)?", "kod TERYT ma 2, 4 albo 7 cyfr (w cudzysłowie)", 7)
USERNAME = Text(r"@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})", "nazwa użytkownika repozytorium, np. @jan-kowalski", 40)
SHORT_TEXT = Text(max_length=300)
AGE_SPAN = ("od", "do")
LONG_TEXT = Text(max_length=20_000)


INTERNAL_CONTACT = Record((
    Field("osoba", SHORT_TEXT, "Imię i nazwisko osoby do kontaktu."),
    Field("telefon", Phone(), "Bezpośredni numer telefonu."),
    Field("email", EMAIL, "Bezpośredni adres e-mail."),
))

ACCESS = Record((
    Field("tryb", Choice("tryby_dostepu"), "Tryb dostępu: powszechny, selektywny albo selektywny do upowszechnienia.", required=True),
    Field("kryteria", ListOf(Record((
        Field("rodzaj", Choice("kryteria"), "Rodzaj kryterium.", required=True),
        Field("warunek", LONG_TEXT, "Warunek opisany słowami, np. „do 18 lat”."),
    ))), "Kryteria dostępu, każde z warunkiem."),
    Field("wiek", Record((
        Field("od", Integer(span_fields=AGE_SPAN), "Najniższy wiek (w latach)."),
        Field("do", Integer(span_fields=AGE_SPAN), "Najwyższy wiek (w latach)."),
    )), "Przedział wieku do wyszukiwania po wieku osoby."),
    Field("opis", LONG_TEXT, "Inne informacje o dostępie, np. czas oczekiwania."),
))

SERVICE = Record((
    Field("id", SLUG, "Identyfikator usługi: małe litery, cyfry i myślniki; unikalny w koszyku.", required=True),
    Field("nazwa", SHORT_TEXT, "Nazwa usługi.", required=True),
    Field("opis", LONG_TEXT, "Opis usługi prostym językiem (Markdown)."),
    Field("obszary", ListOf(Choice("obszary"), 1, True), "Obszary współpracy.", required=True),
    Field("grupy_docelowe", ListOf(Choice("grupy_docelowe"), 1, True), "Do kogo usługa jest skierowana.", required=True),
    Field("status", Choice("statusy"), "Status usługi.", default="oferowana"),
    Field("zasieg", Choice("zasiegi"), "Zasięg: partnerstwo, sąsiedztwo albo samopomoc.", default="pzk"),
    Field("odplatnosc", Choice("odplatnosci"), "Czy usługa jest płatna."),
    Field("odplatnosc_opis", SHORT_TEXT, "Szczegóły odpłatności, np. cena."),
    Field("forma_realizacji", Choice("formy_realizacji"), "Jak usługa jest realizowana."),
    Field("dostep", ACCESS, "Warunki dostępu.", required=True),
    Field("zapisy", LONG_TEXT, "Jak się zgłosić lub zapisać."),
    Field("godziny", SHORT_TEXT, "Kiedy usługa jest dostępna."),
    Field("miejsce", SHORT_TEXT, "Gdzie usługa jest świadczona, jeśli gdzie indziej niż adres partnera."),
    Field("widocznosc", Choice("widocznosci"), "Publiczna albo wewnętrzna (tylko intranet).", default="publiczna"),
    Field("kontakt_wewnetrzny", INTERNAL_CONTACT, "Kontakt dla pracowników.", intranet_only=True),
    Field("uwagi_wewnetrzne", LONG_TEXT, "Uwagi dla pracowników.", intranet_only=True),
))

PARTNER = Record((
    Field("nazwa", SHORT_TEXT, "Pełna nazwa instytucji.", required=True),
    Field("typ", Choice("typy_partnerow"), "Typ partnera.", required=True),
    Field("rola", Choice("role"), "Wykonawca usług albo konsultant.", default="wykonawca"),
    Field("czlonek_pzk", Boolean(), "Czy partner należy do partnerskiego zespołu kooperacyjnego.", default=True),
    Field("opis", LONG_TEXT, "Krótki opis instytucji (Markdown)."),
    Field("adres", Record((
        Field("ulica", SHORT_TEXT, "Ulica i numer."),
        Field("kod", POSTAL_CODE, "Kod pocztowy, np. 00-000."),
        Field("miejscowosc", SHORT_TEXT, "Miejscowość."),
    )), "Adres instytucji."),
    Field("kontakt", Record((
        Field("telefon", Phone(), "Telefon instytucji (sekretariat)."),
        Field("email", EMAIL, "Ogólny adres e-mail instytucji."),
        Field("www", Url(), "Strona internetowa."),
    )), "Kontakt instytucjonalny: publiczny."),
    Field("godziny", SHORT_TEXT, "Godziny pracy instytucji."),
    Field("kontakt_wewnetrzny", INTERNAL_CONTACT, "Osoba do kontaktu dla pracowników.", intranet_only=True),
    Field("ostatnia_weryfikacja", Date(not_in_future=True), "Data ostatniego sprawdzenia karty (RRRR-MM-DD)."),
    Field("opiekunowie", ListOf(USERNAME, 0, True), "Użytkownicy repozytorium, którzy opiekują się kartą."),
    Field("regon", Regon(), "Numer REGON instytucji (9 albo 14 cyfr): po nim zestawienia powiatowe i wojewódzkie "
                            "rozpoznają tę samą instytucję w koszykach różnych gmin."),
))

CARD = Record((
    Field("partner", PARTNER, "Dane partnera.", required=True),
    Field("uslugi", ListOf(SERVICE), "Usługi partnera.", default=[]),
))

BASKET = Record((
    Field("id", SLUG, "Identyfikator koszyka.", required=True),
    Field("nazwa", SHORT_TEXT, "Nazwa koszyka.", required=True),
    Field("teryt", TERYT, "Kod TERYT terytorium."),
    Field("lider", SHORT_TEXT, "Lider partnerstwa (animator)."),
    Field("poziom", Choice("poziomy"), "Poziom: gmina, powiat, województwo albo kraj.", default="gmina"),
    Field("opis", LONG_TEXT, "Opis koszyka."),
))
