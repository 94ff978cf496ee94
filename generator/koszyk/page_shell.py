"""Basket pages outside the nav wrapped in the theme once per shape, not once per page.

Material's ``main.html`` costs about 3 ms a page (3,337 pages of a 3,000-service
basket: 10.6 s of a 41 s profiled public build). Every basket page outside the nav
in one folder gets the same header, sidebar, footer and scripts; only its title,
canonical URL, edit link and content differ. So the theme renders one *shell* per
``ShellKey`` (folder, and which optional parts the page has), a probe page whose
values are sentinels, and each page is the shell with its own values spliced in.

Where the theme prints the title it does so raw (header, ``<h1>``) or through
``striptags`` (``<title>``). The title sentinel holds a double space, which
``striptags`` collapses, so the two forms are told apart and each slot gets the
value through the same filter the theme applies.

Nothing is taken on trust: the first page of every shell is rendered by the theme
as well and compared with its splice; a shell whose splice differs is never used
(its pages are rendered by the theme, and the build says so in its log). A page
whose edit link holds ``/blob/`` (the theme rewrites such links) is rendered too.
``tests/test_page_shell.py`` builds the sample basket with and without shells and
compares every file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .compact_html import FixedText, compact_html, compact_joined
from .escaping import theme_striptags

TEMPLATE = "main.html"
_TITLE = "\ue001koszyk  tytul\ue001"  # the double space: raw or through striptags
_TITLE_STRIPPED = "\ue001koszyk tytul\ue001"
_CANONICAL = "\ue002koszyk-adres\ue002"
_EDIT = "\ue003koszyk-edycja\ue003"
_CONTENT = "\ue004koszyk-tresc\ue004"
_H1 = "<h1>"  # the theme adds its own <h1> unless the content has one
_SLOTS = re.compile("|".join(re.escape(s) for s in (_TITLE, _TITLE_STRIPPED, _CANONICAL, _EDIT)) + "|"
                    + re.escape(_CONTENT) + f"(?:{re.escape(_H1)})?")


@dataclass(frozen=True)
class ShellKey:
    """What decides the theme's output around a page's own values."""

    folder: str  # structure.nav_folder: the nav, the relative links
    has_title: bool
    has_canonical: bool
    has_edit: bool
    has_h1: bool


def shell_key(page) -> ShellKey | None:
    """The page's shell, or None when only the theme can render it."""
    folder = page.meta.get("koszyk_nav")
    if folder is None or (page.edit_url and "/blob/" in page.edit_url):
        return None
    return ShellKey(folder, bool(page.title), bool(page.canonical_url), bool(page.edit_url),
                    "<h1" in (page.content or ""))


@dataclass
class Shell:
    pieces: list[str]  # literal text and sentinels, alternating from a literal
    verified: bool = False
    usable: bool = True
    fixed: list | None = None  # ``pieces`` with each literal as a ``FixedText`` (``splice_compact``)

    @classmethod
    def parse(cls, output: str) -> "Shell":
        pieces: list[str] = []
        position = 0
        for match in _SLOTS.finditer(output):
            pieces += [output[position:match.start()], match.group(0)]
            position = match.end()
        pieces.append(output[position:])
        return cls(pieces)

    def splice(self, page) -> str:
        return "".join(self._spliced(page))

    def splice_compact(self, page) -> str:
        """``compact_html(self.splice(page))``, the shell's own lines compacted once (``compact_joined``)."""
        if self.fixed is None:
            self.fixed = [FixedText.of(piece) if index % 2 == 0 else piece for index, piece in enumerate(self.pieces)]
        return compact_joined(self._spliced(page, self.fixed))

    def _spliced(self, page, pieces: list | None = None) -> list:
        values = {_TITLE: page.title or "", _TITLE_STRIPPED: str(theme_striptags(page.title or "")),
                  _CANONICAL: page.canonical_url or "", _EDIT: page.edit_url or "",
                  _CONTENT: page.content or "", _CONTENT + _H1: page.content or ""}
        return [piece if index % 2 == 0 else values[self.pieces[index]]
                for index, piece in enumerate(pieces or self.pieces)]


class ShellRenderer:
    """Splices basket pages into shells; ``render_full(page)`` is the theme's own rendering."""

    def __init__(self, render_probe: Callable[[ShellKey, dict], str], render_full: Callable[[object], str]):
        self._render_probe = render_probe
        self._render_full = render_full
        self.shells: dict[ShellKey, Shell] = {}
        self.spliced = 0
        self.rejected: list[ShellKey] = []

    def render(self, page, key: ShellKey) -> str:
        """The page as the theme renders it, compacted (``compact_html``)."""
        shell = self.shells.get(key)
        if shell is None:
            probe_values = {"title": _TITLE if key.has_title else "",
                            "canonical_url": _CANONICAL if key.has_canonical else None,
                            "edit_url": _EDIT if key.has_edit else None,
                            "content": _CONTENT + (_H1 if key.has_h1 else "")}
            shell = self.shells[key] = Shell.parse(self._render_probe(key, probe_values))
        if not shell.usable:
            return compact_html(self._render_full(page))
        if not shell.verified:
            full = self._render_full(page)
            if full != shell.splice(page):
                shell.usable = False
                self.rejected.append(key)
                return compact_html(full)
            shell.verified = True
        self.spliced += 1
        return shell.splice_compact(page)
