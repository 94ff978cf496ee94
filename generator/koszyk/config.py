"""Options of the ``koszyk`` MkDocs plugin (``plugins: - koszyk: ...`` in mkdocs.yml)."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c

from .pages.rendering import LISTING_ROWS
from .variants import VARIANTS


class _PositiveWhole(c.Type):
    """A whole number above zero, refused in Polish (``c.Type`` says it in English, and takes ``true``)."""

    def __init__(self, default: int):
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise base.ValidationError(f"musi być liczbą całkowitą większą od zera, a jest: {value}")
        return value


class KoszykConfig(base.Config):
    basket = c.Type(str, default="baskets/przykladowo")
    """The basket folder, relative to mkdocs.yml."""

    variant = c.Choice(VARIANTS, default="public")
    """``public`` for residents (the safe default) or ``intranet`` for social workers."""

    taxonomy = c.Type(str, default="site_config/taxonomy.yml")

    """Groups of words meaning the same thing (PUP = powiatowy urząd pracy) for the search index."""

    thesaurus = c.Type(str, default="site_config/potrzeby.yml")
    """The needs thesaurus: everyday phrases → the basket's terms and taxonomy values; its tiles go on the public home."""

    helplines = c.Type(str, default="site_config/telefony.yml")
    """National free help lines shown in the public home's crisis block."""

    accessibility = c.Type(str, default="site_config/dostepnosc.yml")
    """Data of the accessibility statement and the PJM video link."""

    compare_baskets = c.ListOfItems(c.Type(str), default=[])
    """Other basket folders (e.g. the county list) that the intranet reports compare with."""

    today = c.Optional(c.Type((str, dt.date)))
    """Date (RRRR-MM-DD) against which cards count as stale; today when unset."""

    edit_branch = c.Type(str, default="main")
    """Branch used in "Zgłoś zmianę" links to a card on the repository (``repo_url``)."""

    tools = c.Type(str, default="content/narzedzia")
    """The model's tools, one YAML source each (``NN-name.yml``), rendered into pages, ODT and DOCX."""

    repo_public = c.Type(bool, default=False)
    """Whether anyone may open ``repo_url``: only then does the public site link to the forge."""

    centre = c.Type(str, default="site_config/osrodek.yml")
    """The centre keeping the basket: address and phone for residents, e-mail for reports."""

    cache_dir = c.Optional(c.Type(str))
    """What builds keep for the next (``koszyk.render_cache``, ``card_cache``, ``partner_outputs``), relative
    to mkdocs.yml; empty turns it off. Optional, not a ``Type`` with a default: mkdocs.yml reads it from
    ``!ENV [KOSZYK_CACHE_DIR, .cache/koszyk]``, and an empty variable reaches the config as None,
    which a default would have turned back into the cache folder."""

    listing_rows = _PositiveWhole(default=LISTING_ROWS)
    """Services on one page of a browse listing (``pages.rendering.listing_parts``); a longer
    listing goes on several pages, linked from each other."""

    page_shells = c.Type(bool, default=True)
    """Splice basket pages outside the nav into one theme rendering per shape (``koszyk.page_shell``);
    false renders each through the theme (the reference the tests compare with)."""
