"""Jinja environment, safe Markdown and URL helpers shared by every page builder."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import jinja2
import markdown
import nh3
from markupsafe import Markup

from ..escaping import json_for_html, phone_href
from ..input_keys import code_digest, digest
from ..model import Partner, Service
from ..partner_outputs import PartnerOutputs, service_digest
from ..taxonomy import Taxonomy

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "pages"
ROOT_MARK = "\x00koszyk-root\x00"  # stands for a row's way up to the site root; no card text holds U+0000

# What partner Markdown may become: text structure and plain links, nothing active.
_ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "code",
                 "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td"}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


@dataclass(frozen=True)
class SitePage:
    """A generated page: where it lives, its title and its HTML body.

    ``body`` is the HTML, or (``Renderer.render_later``) a function that renders it; then
    ``key`` hashes everything that function reads, so a page whose finished HTML is
    already in the cache (``koszyk.render_cache``) is never rendered at all."""

    src_uri: str
    title: str
    body: str | Callable[[], str]
    edit_url: str = ""  # where the card behind the page is edited on the repository, if any
    key: str = ""

    @property
    def html(self) -> str:
        return self.body if isinstance(self.body, str) else self.body()

    @property
    def url(self) -> str:
        return page_url(self.src_uri)


def page_url(src_uri: str) -> str:
    """``uslugi/x.md`` → ``uslugi/x/`` and ``index.md`` → ``""`` (MkDocs directory URLs)."""
    stem = src_uri[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["sane_lists"], output_format="html")


_PLAIN_PARAGRAPH = re.compile(r"[^\W\d_](?:[^\W_]|[ ,.;:!?()'\"/%–—„”…])*")
"""One line of words and punctuation that Markdown leaves as it is: it starts with a letter
(no list, heading or code block), holds no Markdown mark, no character HTML escapes, no line
break and no other space than U+0020 (U+00A0 comes out as ``&nbsp;``)."""


def safe_markdown(text: str) -> Markup:
    """Partner Markdown as HTML with no script, event handler or ``javascript:`` link.

    Most descriptions are one plain paragraph (``_PLAIN_PARAGRAPH``): for them the result is
    written directly, as Markdown and the sanitiser would write it (``tests/test_descriptions.py``
    compares the two on random text). Rendering a service page's body took 0.71 ms with the
    conversion and takes 0.29 ms without (2,756 pages of the synthetic basket, same run): some
    11 s of a 30,000-service build for each variant."""
    if not text:
        return Markup("")
    if _PLAIN_PARAGRAPH.fullmatch(text):
        return Markup(f"<p>{text}</p>")
    return Markup(_converted(text))


def _converted(text: str) -> str:
    converter = _markdown()
    converter.reset()
    html = converter.convert(text)
    clean = nh3.clean(
        html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"}, link_rel="noopener noreferrer",
    )
    return clean


def polish_date(value: dt.date | None) -> str:
    return value.isoformat() if value else "brak"


def count_label(count: int, one: str, few: str, many: str) -> str:
    """Polish plural: 1 usługa, 2 usługi, 5 usług, 22 usługi, 12 usług."""
    if count == 1:
        return f"{count} {one}"
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return f"{count} {few}"
    return f"{count} {many}"


def services_label(count: int) -> str:
    return count_label(count, "usługa", "usługi", "usług")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The page templates, compiled once a process. They are koszyk's own files, not the user's, so
    nothing checks their dates: with Jinja's ``auto_reload`` each page stat-ed each template it
    used, 125,000 calls in a 30,000-service variant (0.4 s of it, sampling profile)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), auto_reload=False,
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(markdown=safe_markdown, tel=phone_href, date=polish_date, tojson=json_for_html)
    env.globals.update(services_label=services_label, count_label=count_label, nearby_parts=nearby_parts)
    return env


def relative_link(here: str, target_src_uri: str, anchor: str = "") -> str:
    """A link from the page at URL ``here`` to the page of ``target_src_uri``.

    Every URL is a folder under the site root, so the way up is one ``../`` per
    folder level: much cheaper than a general relative-URL computation, and this
    runs hundreds of thousands of times for a large basket.
    """
    relative = "../" * here.count("/") + page_url(target_src_uri)
    return (relative or "./") + (f"#{anchor}" if anchor else "")


def search_link(here: str, **filters: str) -> str:
    """A link to the search page with ``filters`` (facet → value; empty ones left out) ticked."""
    query = "&".join(f"{name}={quote(value, safe='')}" for name, value in filters.items() if value)
    return relative_link(here, "szukaj/index.md") + (f"?{query}" if query else "")


LISTING_ROWS = 300
"""Services on one page of a listing. An area of a 30,000-service basket lists about 3,000: one
page was 6 MB in the intranet, slow on a phone, and rendered again whenever one of its rows
changed; 300 rows are about 350 KB."""


@dataclass(frozen=True)
class ListingPart:
    """One page of a listing: its number (from 1), its place, and its first and last row (from 1)."""

    number: int
    src_uri: str
    first: int
    last: int


def listing_parts(src_uri: str, count: int, rows: int) -> list[ListingPart]:
    """The pages of a listing of ``count`` services at ``src_uri``, ``rows`` to a page: the first
    at ``src_uri`` (where every link to the listing leads), the next ones beside it, in the same
    folder (``x.md``, ``x-strona-2.md``…), so they share its rendering of the nav."""
    if count <= rows:
        return [ListingPart(1, src_uri, 1, count)]
    stem = src_uri.removesuffix(".md")
    return [ListingPart(number, src_uri if number == 1 else f"{stem}-strona-{number}.md", first,
                        min(first + rows - 1, count))
            for number, first in enumerate(range(1, count + 1, rows), start=1)]


def nearby_parts(parts: list[ListingPart], part: ListingPart) -> list[ListingPart | None]:
    """The pages a listing's page links to by number, in order: the first, the last and those
    within two of ``part``; None where a gap ("…") stands, three away. Picked here, not by
    looping over every page in the template: a national listing of 47,000 services has 158
    pages, and each page walked all of them twice, so the work grew with the square of a
    listing's length. cProfile put 21.8 s of the country's browse pages on that loop; the
    plain clock shows 1.2 s (54.3 → 53.1 s CPU for 9,602 pages of 284,686 services)."""
    last = len(parts)
    shown: list[ListingPart | None] = []
    for number in sorted({1, last, *range(max(1, part.number - 3), min(last, part.number + 3) + 1)}):
        if number in (1, last) or abs(number - part.number) <= 2:
            shown.append(parts[number - 1])
        else:
            shown.append(None)
    return shown


class Renderer:
    """Renders templates for pages, with links relative to each page."""

    def __init__(self, taxonomy: Taxonomy, variant: str, today: dt.date, edit_base: str = "",
                 issue_base: str = "", fingerprints: dict[str, str] | None = None, level: str = "gmina"):
        self.taxonomy = taxonomy
        self.variant = variant
        self.level = level
        self.lists_in_search = taxonomy.lists_in_search(level)  # no cell pages, no gmina lists
        self.today = today
        self.edit_base = edit_base
        self.issue_base = issue_base
        self.fingerprints = fingerprints or {}  # individual basket (intranet): service id → fingerprint
        self.report_to = ""  # public site: where "Zgłoś nieaktualne informacje" writes
        self.site_url = ""
        # service id → its row, links marked (``service_rows``), kept for the whole build as UTF-8: a
        # row with one Polish letter is a str of 2 bytes a character, and 30,000 rows took 55 MiB so
        self._rows: dict[str, bytes] = {}
        self._row_keys: dict[str, str] = {}  # service id → what its row is kept under (``render_listing_later``)
        self.kept_rows = PartnerOutputs(None, "wiersze", "")  # rows of earlier builds (``keep_rows_in``)
        self._stamp: tuple[tuple, str] | None = None
        self.listing_rows = LISTING_ROWS

    def words(self, vocabulary, key: str) -> str:
        """A term as this variant says it: the model's label for workers, plain words for residents."""
        return vocabulary.label(key) if self.variant == "intranet" else vocabulary.resident_label(key)

    def _context(self, here: str) -> dict:
        return {
            "link": functools.partial(relative_link, here), "tax": self.taxonomy,
            "variant": self.variant, "intranet": self.variant == "intranet", "today": self.today, "words": self.words,
            "service_rows": functools.partial(self.service_rows, here),
            "basket_fingerprint": lambda service: self.fingerprints.get(service.id, ""),
            "report_mailto": functools.partial(self.report_mailto, here),
            "cell_link": functools.partial(self.cell_link, here), "search_link": functools.partial(search_link, here),
            "lists_in_search": self.lists_in_search,
            "in_basket": "w lokalnym koszyku usług" if self.level == "gmina" else "na tej liście",
        }

    def cell_link(self, here: str, area: str, group: str, gmina: str = "") -> str:
        """Where a matrix count links: its cell's page, or, in a list that leaves such lists to
        the search page (``Taxonomy.lists_in_search``) or for one gmina, the search page filtered."""
        if self.lists_in_search or gmina:
            return search_link(here, gmina=gmina, obszar=area, grupa=group)
        return relative_link(here, f"przegladaj/macierz/{area}/{group}.md")

    def report_mailto(self, here: str, item_id: str, name: str) -> str:
        """A ``mailto:`` link that says which service (or partner) and which page, or "" without an address."""
        if not self.report_to:
            return ""
        address = f"{self.site_url.rstrip('/')}/{here}" if self.site_url else here
        subject = f"Nieaktualne informacje: {name}"
        body = (f"Strona: {address}\nNazwa: {name}\nIdentyfikator: {item_id}\n\n"
                "Co jest nieaktualne i jak powinno być:\n")
        return f"mailto:{quote(self.report_to, safe='@')}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"

    def render(self, template: str, src_uri: str, title: str, edit_path: str = "", **context) -> SitePage:
        edit_url = self._edit_url(edit_path)
        return SitePage(src_uri, title, self._html(template, src_uri, title, edit_url, context), edit_url)

    def render_later(self, template: str, src_uri: str, title: str, edit_path: str = "",
                     shown_services: Iterable[str] = (), **context) -> SitePage:
        """The page with its body rendered only when asked for, keyed on all it is made from:
        this renderer's settings (``stamp``), the template and koszyk's code (``code_digest``),
        the page's place, title and edit path, every value in ``context`` (model objects, whose
        ``repr`` is their content), and the basket fingerprints of ``shown_services`` (the
        services the page shows: the only fingerprints the template may read).

        The caller passes only what the template reads: a value left out of ``context`` is
        undefined there and fails the build (``StrictUndefined``), it never goes stale."""
        edit_url = self._edit_url(edit_path)
        key = self._page_key(template, src_uri, title, edit_path, context,
                             *(f"{service_id}:{self.fingerprints.get(service_id, '')}" for service_id in shown_services))
        return SitePage(src_uri, title, functools.partial(self._html, template, src_uri, title, edit_url, context),
                        edit_url, key)

    def render_listing_later(self, template: str, src_uri: str, title: str, services: list, partners: dict,
                             **context) -> list[SitePage]:
        """The pages listing ``services`` (``service_rows``): one, or one per ``listing_rows``
        services (``listing_parts``); each gets ``total`` (all services), ``part`` and ``parts``.
        A body is rendered only when its finished page is not in the cache. Keyed as
        ``render_later`` keys a page, with each row standing in by what ``kept_rows`` keeps it
        under (``_row_key``) instead of the services and partners themselves: a listing holds
        thousands of services, and hashing their ``repr`` cost about what rendering the page does.

        Without a cache folder nothing is kept, so the pages have no key; they are still rendered
        only when MkDocs writes them. Rendered at once, the listings of a 30,000-service basket
        waited in memory for the whole build: the peak of a build of both variants without a cache
        was 1,431 MiB (976 with a cache); rendered late, 901 MiB (``bench.build_bench.measure``)."""
        parts = listing_parts(src_uri, len(services), self.listing_rows)
        pages = []
        for part in parts:
            shown = services[part.first - 1:part.last]
            part_title = title if len(parts) == 1 else f"{title} (strona {part.number} z {len(parts)})"
            part_context = {**context, "total": len(services), "part": part, "parts": parts}
            key = "" if self.kept_rows.folder is None else self._page_key(
                template, part.src_uri, part_title, "", part_context,
                "wiersze", *(self._row_key(service, partners) for service in shown))
            part_context = {**part_context, "services": shown, "partners": partners}
            pages.append(SitePage(part.src_uri, part_title, functools.partial(
                self._html, template, part.src_uri, part_title, "", part_context), "", key))
        return pages

    def _page_key(self, template: str, src_uri: str, title: str, edit_path: str, context: dict,
                  *made_from: str) -> str:
        """What a page rendered later is kept under: this renderer's settings, the template, the
        page's place, title and edit path, ``repr`` of every value in ``context``, and ``made_from``."""
        return digest(self.stamp(), template, src_uri, title, edit_path,
                      *(self._value_text(name, value) for name, value in sorted(context.items())), *made_from)

    def _value_text(self, name: str, value) -> str:
        """``name=repr(value)``, but a partner (alone or in a dict) by ``PartnerOutputs.partner_key``:
        the digest of its ``repr``, made once a build per partner object. One partner object
        stands on its own page, in its dict of partners and in its rows, and one copy without
        services on each of its services' pages; its ``repr`` holds every service, so hashing it
        anew for each was about a quarter of the page keys' cost at 30,000 services."""
        if isinstance(value, Partner):
            return f"{name}=partner:{self.kept_rows.partner_key(value)}"
        if isinstance(value, Service):
            return f"{name}=service:{self.service_digest(value)}"
        if isinstance(value, dict) and value and all(isinstance(item, Partner) for item in value.values()):
            return f"{name}=partners:" + ",".join(f"{slug!r}:{self.kept_rows.partner_key(item)}"
                                                  for slug, item in value.items())
        return f"{name}={value!r}"

    def service_digest(self, service: Service) -> str:
        """``partner_outputs.service_digest``: its page and every row of it are keyed on it."""
        return service_digest(service)

    def _row_key(self, service, partners: dict) -> str:
        """What the row of ``service`` is made from besides ``stamp``: the service
        (``service_digest``), its fingerprint, and its partner's slug and name, all a row shows
        of the partner (``service_row.html``). ``service_rows`` keeps rows under these and
        ``render_listing_later`` keys a listing on them: one rule for both. Keyed on the whole
        partner, an edit of one service rendered again every listing of its siblings too (46
        pages, 79 MB, for one description at 30,000 services). Made once a build: a service is
        on a dozen listings."""
        key = self._row_keys.get(service.id)
        if key is None:
            partner = partners[service.partner_slug]
            key = self._row_keys[service.id] = digest(partner.slug, partner.name, self.service_digest(service),
                                                      self.fingerprints.get(service.id, ""))
        return key

    def keep_rows_in(self, cache_dir: Path | None) -> None:
        """Listing rows are kept between builds, a partner's rows together, keyed on what each
        row shows (``_row_key``) and everything of this renderer a page may show (``stamp``)."""
        self.kept_rows = PartnerOutputs.in_cache(cache_dir, "wiersze", self.stamp())

    def stamp(self) -> str:
        """Everything of this renderer a page may show, with koszyk's code and its libraries."""
        settings = (self.variant, self.today.isoformat(), self.edit_base, self.issue_base, self.report_to,
                    self.site_url, self.level)
        if self._stamp is None or self._stamp[0] != settings:
            self._stamp = settings, digest(code_digest(), repr(self.taxonomy), *settings)
        return self._stamp[1]

    def _edit_url(self, edit_path: str) -> str:
        return self.edit_base + quote(edit_path) if self.edit_base and edit_path else ""

    def _html(self, template: str, src_uri: str, title: str, edit_url: str, context: dict) -> str:
        issue_url = f"{self.issue_base}?title={quote('Zmiana w karcie: ' + title)}" if self.issue_base else ""
        return environment().get_template(template).render(
            **self._context(page_url(src_uri)), title=title, edit_url=edit_url, issue_url=issue_url, **context,
        )

    def service_rows(self, here: str, services: list, partners: dict) -> list[Markup]:
        """Table rows for ``services``. A row is rendered once a build with its links marked
        (``ROOT_MARK`` where the way up to the site root goes) and reused on every listing,
        at every depth; with ``kept_rows``, also from an earlier build."""
        up = "../" * here.count("/")
        if not up:  # a page at the root: its links differ in more than the way up
            return [Markup(self._row(here, service, partners[service.partner_slug])) for service in services]
        rows = []
        for service in services:
            row = self._rows.get(service.id)
            if row is None:
                partner = partners[service.partner_slug]
                self._rows.update((key, text.encode()) for key, text in self._partner_rows(partner, partners).items())
                row = self._rows.get(service.id)
                if row is None:
                    row = self._rows[service.id] = self._row(ROOT_MARK, service, partner).encode()
            rows.append(Markup(row.decode().replace(ROOT_MARK, up)))
        return rows

    def _partner_rows(self, partner, partners: dict) -> dict[str, str]:
        """The rows of all the partner's services, links marked, kept as one entry under their
        row keys: one entry per row was 27,600 files to open at 30,000 services. Listings show
        listed services; another one shown is rendered on its own (``service_rows``)."""
        listed = [service for service in partner.services if service.is_listed]

        def render() -> dict[str, str]:
            return {service.id: self._row(ROOT_MARK, service, partner) for service in listed}
        if self.kept_rows.folder is None:
            return render()
        return self.kept_rows.keyed(render, *(self._row_key(service, partners) for service in listed))

    def _row(self, here: str, service, partner) -> str:
        """The row as ``service_row.html`` renders it from ``here`` (``ROOT_MARK``: marked links)."""
        context = self._context(here)
        if here == ROOT_MARK:
            context["link"] = lambda target, anchor="": ROOT_MARK + relative_link("", target, anchor)
        return str(environment().get_template("service_row.html").render(**context, service=service, partner=partner))
