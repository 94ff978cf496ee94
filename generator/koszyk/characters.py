"""Characters a partner's text must not carry, their Polish names, and safe quoting.

Two sets matter. A YAML file may not hold control characters at all (the parser
stops on them), nor the Unicode line separators that YAML counts as line breaks
and editors do not (every line number after them would be wrong). Text fields
may not hold invisible characters either: bidirectional controls, zero-width
characters, a BOM or a soft hyphen are valid YAML, but they can make one
partner's name look like another's or hide part of a text. Every message that
quotes partner text passes it through ``printable`` so that such characters,
and line breaks, show as escapes and never split or reorder the message.
"""

from __future__ import annotations

import re
import unicodedata

# Not allowed anywhere in a file: C0 controls (except tab, line feed, carriage
# return), DEL, C1 controls (NEL among them), the line and paragraph separators,
# surrogates and the two non-characters YAML excludes.
FILE_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")

_NONCHARACTERS = "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
# Not allowed in text fields: all of the above except tab and line feed, every
# format character (Unicode category Cf), and the characters that render as
# nothing although they are letters or marks (Hangul fillers, variation selectors…).
# tests/test_loader_hostile.py checks this against the running Unicode database.
# Searching is two-step for speed (a class with many characters outside the Basic
# Multilingual Plane makes every search of a Polish text ~20× slower): any character
# of the first set, or any astral one, is a candidate; an astral candidate counts
# only if it is in the second set (emoji and the like are not).
_HIDDEN_BMP = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u034f\u061c\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2"
    "\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164"
    "\ud800-\udfff\ufdd0-\ufdef\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\ufffe\uffff"
)
_HIDDEN_ASTRAL = re.compile(
    "[\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    f"\U000e0000-\U000e0fff{_NONCHARACTERS}]"
)
_HIDDEN_CANDIDATE = re.compile(f"[{_HIDDEN_BMP}\U00010000-\U0010ffff]")
_UNPRINTABLE_CANDIDATE = re.compile(f"[\t\n\r{_HIDDEN_BMP}\U00010000-\U0010ffff]")

_NAMES = {
    "\x00": "znak pusty NUL",
    "\t": "tabulator",
    "\n": "koniec wiersza",
    "\r": "powrót karetki",
    "\x1b": "znak sterujący ESC",
    "\x7f": "znak sterujący DEL",
    "\x85": "następny wiersz, NEL",
    "\xad": "miękki dywiz, niewidoczny",
    "\u034f": "łącznik grafemów, niewidoczny",
    "\u061c": "znacznik kierunku pisma arabskiego",
    "\u115f": "niewidoczne wypełnienie",
    "\u1160": "niewidoczne wypełnienie",
    "\u3164": "niewidoczne wypełnienie",
    "\uffa0": "niewidoczne wypełnienie",
    "\u180e": "separator samogłosek mongolskich",
    "\u200b": "spacja o zerowej szerokości",
    "\u200c": "rozłącznik o zerowej szerokości",
    "\u200d": "łącznik o zerowej szerokości",
    "\u200e": "znacznik kierunku od lewej do prawej",
    "\u200f": "znacznik kierunku od prawej do lewej",
    "\u2028": "separator wierszy",
    "\u2029": "separator akapitów",
    "\u202a": "osadzenie tekstu od lewej do prawej",
    "\u202b": "osadzenie tekstu od prawej do lewej",
    "\u202c": "koniec zmiany kierunku tekstu",
    "\u202d": "wymuszenie kierunku od lewej do prawej",
    "\u202e": "zmiana kierunku tekstu",
    "\u2060": "niewidoczny łącznik słów",
    "\u2066": "izolacja kierunku od lewej do prawej",
    "\u2067": "izolacja kierunku od prawej do lewej",
    "\u2068": "izolacja kierunku według treści",
    "\u2069": "koniec izolacji kierunku",
    "\ufeff": "znacznik BOM, niewidoczna spacja",
}


def describe(char: str) -> str:
    """``U+202E (zmiana kierunku tekstu)``: the code and a Polish name, for messages."""
    return f"U+{ord(char):04X} ({_name(char)})"


def _name(char: str) -> str:
    if char in _NAMES:
        return _NAMES[char]
    code = ord(char)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or 0x180B <= code <= 0x180F:
        return "selektor wariantu, niewidoczny"
    if 0xE0000 <= code <= 0xE0FFF:
        return "niewidoczny znak tagu"
    if 0xD800 <= code <= 0xDFFF:
        return "niepoprawny kod znaku (połówka pary UTF-16)"
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return "kod, który nie jest znakiem"
    category = unicodedata.category(char)
    if category == "Cc":
        return "znak sterujący"
    if category == "Cf":
        return "niewidoczny znak formatujący"
    return "niewidoczny znak"


def is_hidden(char: str) -> bool:
    """Whether a text field may not hold ``char``."""
    return _HIDDEN_CANDIDATE.match(char) is not None and (char < "\U00010000" or _HIDDEN_ASTRAL.match(char) is not None)


def first_hidden(text: str) -> tuple[int, str] | None:
    """The index and character of the first character a text field may not hold."""
    for found in _HIDDEN_CANDIDATE.finditer(text):
        if is_hidden(found.group()):
            return found.start(), found.group()
    return None


def shortened(text: str, limit: int = 60) -> str:
    """A value quoted in a message, cut to ``limit`` characters with "…": a 30,000-character
    cell made a 30 KB line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def printable(text: str) -> str:
    """``text`` with line breaks, controls and invisible characters written as escapes
    (``\\n``, ``\\u202e``), so a quoted value can never split or reorder a message."""
    if _UNPRINTABLE_CANDIDATE.search(text) is None:
        return text
    return _UNPRINTABLE_CANDIDATE.sub(_escape, text)


def _escape(found: re.Match) -> str:
    char = found.group()
    simple = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}.get(char)
    if simple:
        return simple
    if not is_hidden(char):
        return char  # an astral character that is visible, e.g. an emoji
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def line_and_column(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of ``text[index]``, counting a line break the way YAML does."""
    before = text[:index]
    line_start = max(before.rfind("\n"), before.rfind("\r")) + 1
    line = len(re.findall(r"\r\n|\r|\n", before)) + 1
    return line, index - line_start + 1


def hidden_character_rules() -> dict:
    """The text-field rule above as data, for the card form in the browser (``form_schema``):
    the candidate classes and the Polish names, so the form's message matches this one."""
    return {"bmp": _HIDDEN_BMP, "astral": _HIDDEN_ASTRAL.pattern[1:-1], "names": _NAMES}
