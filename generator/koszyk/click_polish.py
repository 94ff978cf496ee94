"""Click's own messages (usage errors, help headings) in Polish.

Click marks every message it prints with ``gettext`` (``_("No such option: {name}")``)
and formats it afterwards, so giving its modules a ``gettext`` that looks the text
up here translates the whole message, hints and all, with no copy of Click's logic.
Nothing else in the process is affected: only Click's module-level names change.
A text missing here stays in English (a newer Click may add some).
"""

from __future__ import annotations

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

POLISH = {
    "Usage:": "Użycie:",
    "Options": "Opcje",
    "Commands": "Polecenia",
    "Show this message and exit.": "Pokaż tę pomoc i zakończ.",
    "Show the version and exit.": "Pokaż wersję i zakończ.",
    "Error: {message}": "Błąd: {message}",
    "Try '{command} {option}' for help.": "Pomoc: {command} {option}",
    "Aborted!": "Przerwano.",
    "Missing command.": "Brak polecenia.",
    "No such command {name!r}.": "Nie ma polecenia „{name}”.",
    "No such option: {name}": "Nie ma opcji {name}",
    "Missing argument": "Brak argumentu",
    "Missing option": "Brak wymaganej opcji",
    "Missing parameter": "Brak parametru",
    "Missing {param_type}": "Brak: {param_type}",
    "Missing parameter: {param_name}": "Brak parametru: {param_name}",
    "Invalid value: {message}": "Nieprawidłowa wartość: {message}",
    "Invalid value for {param_hint}: {message}": "Nieprawidłowa wartość {param_hint}: {message}",
    "Option {name!r} does not take a value.": "Opcja {name} nie przyjmuje wartości.",
    "Argument {name!r} takes {nargs} values.": "Argument {name} wymaga {nargs} wartości.",
    "{value!r} is not a valid {number_type}.": "„{value}” nie jest liczbą.",
    "{value} is not in the range {range}.": "{value} jest poza zakresem {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": "„{value}” to nie jest tak/nie; możliwe: {states}",
    "Choose from:\n\t{choices}": "Wybierz jedno z:\n\t{choices}",
    "file": "plik",
    "directory": "folder",
    "path": "ścieżka",
    "{name} {filename!r} does not exist.": "{name} „{filename}” nie istnieje.",
    "{name} {filename!r} is a file.": "{name} „{filename}” to plik, a potrzebny jest folder.",
    "{name} {filename!r} is a directory.": "{name} „{filename}” to folder, a potrzebny jest plik.",
    "{name} {filename!r} is not readable.": "{name} „{filename}”: brak prawa do odczytu.",
    "{name} {filename!r} is not writable.": "{name} „{filename}”: brak prawa do zapisu.",
    "{name} {filename!r} is not executable.": "{name} „{filename}”: brak prawa do uruchomienia.",
    "Could not open file {filename!r}: {message}": "Nie można otworzyć pliku „{filename}”: {message}",
    "unknown error": "nieznany błąd",
    "default: {default}": "domyślnie: {default}",
    "env var: {var}": "zmienna środowiska: {var}",
    "(dynamic)": "(zmienne)",
    "required": "wymagane",
    "%(prog)s, version %(version)s": "%(prog)s, wersja %(version)s",
}

# ngettext: (singular, plural) → (singular, plural); Polish needs no third form for these phrasings
POLISH_PLURAL = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Nadmiarowy argument ({args})", "Nadmiarowe argumenty ({args})"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("Opcja {name} wymaga wartości.", "Opcja {name} wymaga {nargs} wartości."),
    ("Did you mean {possibility}?", "(Possible options: {possibilities})"):
        ("Czy chodziło o {possibility}?", "(Możliwe opcje: {possibilities})"),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("„{value}” to nie {choice}.", "„{value}” nie jest żadną z wartości: {choices}."),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        ("„{value}” nie ma formatu {format}.", "„{value}” nie ma żadnego z formatów {formats}."),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Wymaga {nargs} wartości, podano 1.", "Wymaga {nargs} wartości, podano {len}."),
}


def gettext(message: str) -> str:
    return POLISH.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    polish = POLISH_PLURAL.get((singular, plural))
    if polish is None:
        return singular if count == 1 else plural
    return polish[0] if count == 1 else polish[1]


def install() -> None:
    """Point Click's message functions at the Polish texts (idempotent)."""
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
