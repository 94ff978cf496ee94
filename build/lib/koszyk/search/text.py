"""How text is made searchable: words, lower case, diacritics folded ("ł" included), stopwords.

No Unicode decomposition turns "ł" into "l", so folding is done by hand. Index keys
are folded lemmas (``morphology.py``), and the search page folds what is typed the
same way (``fold`` in ``szukaj.js`` mirrors ``fold`` here): "lacznik", "łacznik" and
"Łącznik" meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"\w+")
_LETTERS = str.maketrans(dict(zip("ąćęłńóśźżđøß", ["a", "c", "e", "l", "n", "o", "s", "z", "z", "d", "o", "ss"])))

# Words that carry no concept of their own: a query need not match them and the index
# leaves them out. The search page receives this list in the index manifest.
STOPWORDS = frozenset("""
a aby albo ale ani az bez by byc bo ce co czy dla do go i ich ile im ja jak jaki jaka jakie
jest jestem jej jego juz ku lub ma mam mi mie mnie moge moj moja moje mu my na nad nam nas
nic nie niz o od oraz po pod przez przy sa sie sobie ta tak tam te tego tej to tu ty u w we
wiec z za ze zeby gdzie kto kiedy ktora ktore ktory jaka potrzebuje szukam chce prosze
""".split())


def fold(text: str) -> str:
    """``"Łącznik Rodzinny"`` → ``"lacznik rodzinny"``; other accents go through Unicode decomposition."""
    folded = text.lower().translate(_LETTERS)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=300_000)
def is_stopword(word: str) -> bool:
    return fold(word) in STOPWORDS


def words(text: str) -> list[str]:
    """Words of a text as written, stopwords left out: "Pomoc dla seniora" → ["Pomoc", "seniora"]."""
    return [word for word in _WORD.findall(text) if not is_stopword(word)]
