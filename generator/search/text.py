"""How text is made searchable: lower case, diacritics folded ("ł" included), Polish stems.

No Unicode decomposition turns "ł" into "l", so folding is done by hand. The
index holds stems of folded words (Snowball's Polish stemmer), and the search
page folds what the worker types the same way (``fold`` in ``szukaj.js`` mirrors
``fold`` here): "lacznik", "łacznik" and "Łącznik" meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"\w+")
_LETTERS = str.maketrans(dict(zip("ąćęłńóśźżđøß", ["a", "c", "e", "l", "n", "o", "s", "z", "z", "d", "o", "ss"])))


def fold(text: str) -> str:
    """``"Łącznik Rodzinny"`` → ``"lacznik rodzinny"``; other accents go through Unicode decomposition."""
    folded = text.lower().translate(_LETTERS)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_STEMMER = snowballstemmer.stemmer("polish")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball's Polish stem of a folded word; cached, as a basket repeats the same words thousands of times."""
    return _STEMMER.stemWord(word)


@lru_cache(maxsize=200_000)
def _folded_stem(word: str) -> str:
    return stem(fold(word))


def stems(text: str) -> tuple[str, ...]:
    """Folded words reduced to their Polish stems: "usługi opiekuńcze" → ("uslug", "opiekuncz")."""
    return tuple(_folded_stem(word) for word in _WORD.findall(text.lower()))
