"""Search: what is indexed for each service, what words mean, and the static index files.

``search_records`` turns a basket (already cut to its variant) into records,
``write_search_index`` writes them as ``szukaj/indeks/``; the page itself is
``pages/search.py`` with ``assets/szukaj.js`` and ``assets/szukaj-indeks.js``.
"""

from .indexing import SearchIndexError, write_search_index
from .records import FACETS, search_records

__all__ = ["FACETS", "SearchIndexError", "search_records", "write_search_index"]
