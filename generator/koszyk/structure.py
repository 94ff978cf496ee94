"""How generated pages sit in MkDocs: a page type that skips Markdown, and nav placement.

Like ``material/plugins/blog/structure``: the MkDocs objects the plugin creates,
kept apart from the hooks that create them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .escaping import html_text
from .pages import SitePage

_ANCHOR_ID = re.compile(r'id="([^"]+)"')  # a literal start: 20 times faster than ``\bid=`` on a 6 MB page


class BasketPage(Page):
    """A generated basket page: its HTML is ready, so there is no Markdown to read or convert.

    At 30,000 services a Markdown converter per page would cost more than rendering
    the page itself (MkDocs lets a plugin set ``File.page``).

    MkDocs keeps a page title as HTML (a Markdown page's title keeps its entities) and
    the theme prints it unescaped in the header, the nav, the footer and ``<h1>``; a
    card's name is plain text, so it goes in escaped.
    """

    def __init__(self, site_page: SitePage, file: File, config: MkDocsConfig):
        super().__init__(html_text(site_page.title), file, config)
        self._body = site_page.body  # the HTML, or what renders it (``SitePage``)
        self.body_key = site_page.key
        self.edit_url = site_page.edit_url or None
        self.in_nav = False
        self._anchors: set[str] | None = None

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown, self.meta = "", {"hide": ["toc"]}
        if not self.in_nav:
            # pages outside the nav in one folder share one sidebar (see the plugin's on_env): the
            # folder, not only its depth, since MkDocs shortens a link to a page of the same folder
            # ("przegladaj/obszary/x/" reaches "przegladaj/" by "../../", "model/narzedzia/y/" by "../../../przegladaj/")
            self.meta["koszyk_nav"] = nav_folder(self.file.url)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """A body that renders on demand stays unrendered: the plugin renders it (``render_body``)
        unless the finished page comes from the cache."""
        self.toc = get_toc([])
        self.content = ""  # MkDocs asks for a string; the body replaces it
        if isinstance(self._body, str):
            self.render_body()

    @property
    def body_pending(self) -> bool:
        return self._body is not None and not isinstance(self._body, str)

    def render_body(self) -> None:
        if self._body is None:
            return
        body, self._body = self._body, None
        self.content = body if isinstance(body, str) else body()

    @property
    def present_anchor_ids(self) -> set[str] | None:
        """The ids a link's ``#anchor`` may name, found only when a Markdown page links into this
        page (MkDocs checks such links); a page served from the cache renders its body for it.
        Finding them in every rendered page cost 1.4 s of a one-card rebuild at 30,000 services
        (listing pages of 6 MB, intranet)."""
        if self._anchors is None:
            html = self._body() if self.body_pending else self.content
            if html is not None:
                self._anchors = anchor_ids(html)
        return self._anchors

    @present_anchor_ids.setter
    def present_anchor_ids(self, value: set[str] | None) -> None:
        self._anchors = value


def anchor_ids(html: str) -> set[str]:
    """The values of the ``id`` attributes in ``html`` (not of ``data-id`` and the like)."""
    return {match[1] for match in _ANCHOR_ID.finditer(html)
            if match.start() == 0 or not (html[match.start() - 1].isalnum() or html[match.start() - 1] in "_-")}


def repeated_address(pages: list[SitePage]) -> str | None:
    """The ``src_uri`` of a page made twice, or None. A long listing's later pages stand beside
    it (``x-strona-2.md``), where a gmina or a term whose id ends so would stand too: MkDocs
    would keep one of the two silently."""
    seen: set[str] = set()
    for page in pages:
        if page.src_uri in seen:
            return page.src_uri
        seen.add(page.src_uri)
    return None


def nav_folder(url: str) -> str:
    """``uslugi/x/`` → ``uslugi/``, ``x/`` → ``/``: the folder whose pages share a rendering of the nav."""
    return url.rstrip("/").rpartition("/")[0] + "/"


@dataclass(frozen=True)
class NavPlacement:
    """A generated page that gets a top-level nav entry, next to a page the nav already has."""

    src_uri: str
    title: str
    after: str = ""  # src_uri of the entry it follows…
    before: str = ""  # …or of the entry it precedes


def place_in_nav(nav: Navigation, files: Files, placement: NavPlacement) -> None:
    """Insert the page at its place, or say in Polish which page the nav lacks."""
    page = _page(files, placement.src_uri)
    anchor_uri = placement.after or placement.before
    anchor = _page(files, anchor_uri)
    if anchor not in nav.items or anchor not in nav.pages:
        raise PluginError(f"koszyk: strona „{anchor_uri}” musi być w nav w mkdocs.yml na najwyższym poziomie, "
                          f"bo obok niej stoi „{placement.title}”")
    shift = 1 if placement.after else 0
    page.title = html_text(placement.title)  # titles handed to the theme are HTML
    nav.items.insert(nav.items.index(anchor) + shift, page)
    nav.pages.insert(nav.pages.index(anchor) + shift, page)


def relink(nav: Navigation) -> None:
    """Previous/next links along ``nav.pages``, after pages were inserted (MkDocs set them before)."""
    for previous, current in zip([None, *nav.pages], nav.pages):
        current.previous_page = previous
        if previous is not None:
            previous.next_page = current
    if nav.pages:
        nav.pages[-1].next_page = None


def _page(files: Files, src_uri: str) -> Page:
    file = files.get_file_from_path(src_uri)
    if file is None or file.page is None:
        raise PluginError(f"koszyk: brak strony „{src_uri}”, potrzebnej do ułożenia menu")
    return file.page
