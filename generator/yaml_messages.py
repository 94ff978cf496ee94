"""PyYAML's syntax errors in Polish: what went wrong and the usual fix.

The same table is printed in the partner guide ("Najczęstsze błędy składni"); a test
keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SyntaxCause:
    english: tuple[str, ...]  # fragments of PyYAML's problem or context text
    message: str  # what the partner sees
    fix: str  # the usual fix, for the guide


CAUSES = (
    SyntaxCause(("mapping values are not allowed",),
                "dwukropek w miejscu, w którym nie może go być",
                "Tekst z dwukropkiem (np. godziny „8:00–16:00”) ujmij w cudzysłów."),
    SyntaxCause(("could not find expected ':'", "did not find expected key"),
                "brak dwukropka po nazwie pola albo niespójne wcięcie",
                "Sprawdź, czy każda linia ma postać „pole: wartość” i czy wcięcia są jak w linii wyżej."),
    SyntaxCause(("expected <block end>",),
                "wcięcie tej linii nie pasuje do linii powyżej",
                "Wyrównaj wcięcie spacjami do pól tego samego poziomu."),
    SyntaxCause(("cannot start any token",),
                "wartość zaczyna się znakiem, którego YAML nie przyjmuje bez cudzysłowu (np. @, ` lub %)",
                "Ujmij całą wartość w cudzysłów."),
    SyntaxCause(("quoted scalar", "unexpected end of stream"),
                "niezamknięty cudzysłów",
                "Dopisz brakujący cudzysłów na końcu tekstu."),
    SyntaxCause(("expected ',' or ']'", "flow sequence"),
                "niedomknięta lista w nawiasach [ ]",
                "Zamknij listę nawiasem „]”, a pozycje oddziel przecinkami."),
    SyntaxCause(("expected ',' or '}'", "flow mapping"),
                "niedomknięta mapa w nawiasach { }",
                "Zamknij mapę nawiasem „}”, a pary „pole: wartość” oddziel przecinkami."),
    SyntaxCause(("unknown escape character",),
                "nieznana sekwencja z ukośnikiem \\ w tekście w cudzysłowie",
                "Użyj apostrofów zamiast cudzysłowu albo podwój ukośnik."),
    SyntaxCause(("undefined alias",),
                "odwołanie *nazwa do kotwicy &nazwa, której nie ma",
                "Wpisz wartość wprost zamiast odwołania."),
    SyntaxCause(("expected a comment or a line break", "did not find expected",),
                "nieoczekiwany znak po wartości",
                "Usuń znaki po wartości albo ujmij całą wartość w cudzysłów."),
)
FALLBACK = "układ znaków niezgodny ze składnią YAML"


def polish_syntax_message(problem: str | None, context: str | None) -> str:
    """One Polish sentence for PyYAML's ``problem``/``context``, never the English text."""
    text = f"{problem or ''} {context or ''}"
    for cause in CAUSES:
        if any(fragment in text for fragment in cause.english):
            return cause.message
    return FALLBACK
