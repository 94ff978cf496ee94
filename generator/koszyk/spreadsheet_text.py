"""The one rule for text bound for a spreadsheet: it is never handed over as a formula.

Following OWASP's "CSV Injection" guidance, a text cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return may be run by Excel or LibreOffice
as a formula (``=HYPERLINK(…)``, DDE). Such text is:

- in a workbook (.xlsx): stored as a text cell, unchanged (the file has types);
- in a CSV (open data, the individual basket): prefixed with one apostrophe ``'``,
  as OWASP recommends, since a CSV has no types; a reader strips that one
  apostrophe to get the original.

One exception keeps phone numbers readable: text made only of a sign, digits,
spaces and ``( ) . / -`` (``+48 12 345 67 89``, ``-5``) is left alone. A formula
that does harm needs a function name, a cell reference or a DDE target, that is
letters or ``|``/``!``; such text has none, so at worst a spreadsheet shows it as
a sum. ``generator/koszyk/assets/koszyk-strona.js`` (``csvCell``) applies the same rule.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_LIKE = re.compile(r"[+-][0-9][0-9 ()./-]*")
CSV_PREFIX = "'"


def is_formula_like(value: Any) -> bool:
    """True for text a spreadsheet could read as a formula (see the module docstring)."""
    return isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER_LIKE.fullmatch(value)


def csv_text(value: Any) -> Any:
    """``value`` as it goes into a CSV cell: formula-like text gets the apostrophe, the rest is unchanged."""
    return CSV_PREFIX + value if is_formula_like(value) else value
