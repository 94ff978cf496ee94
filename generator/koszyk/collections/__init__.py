"""Collections: a powiat's or voivodeship's list assembled from gmina baskets.

``zestawienie.yml`` (``spec``) names the sources; ``koszyk pobierz`` copies the
published ones into a local cache (``cache``); ``read_collection`` (``assembly``)
reads everything into one ``Basket`` whose services know their ``Source``, matching
one institution across sources (``matching``).
"""

from .assembly import read_collection
from .cache import CACHE_DIR, SourceUnavailable, fetch, write_cache
from .spec import COLLECTION_FILE, read_spec

__all__ = ["CACHE_DIR", "COLLECTION_FILE", "SourceUnavailable", "fetch", "read_collection", "read_spec", "write_cache"]
