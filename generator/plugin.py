"""The ``koszyk`` MkDocs plugin: the basket's pages, generated in memory at build time.

``on_config`` reads and validates the basket (invalid data stops the build with
the validator's messages), ``on_files`` adds one in-memory file per page
(``File.generated``, nothing is written to ``docs_dir``). Generated pages are
already HTML, so each file gets a ``BasketPage``: a MkDocs ``Page`` that skips
Markdown and hands over that HTML (MkDocs lets a plugin set ``File.page``).
With 30,000 services, building a Markdown converter per page would cost more
than rendering the page itself.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .config import KoszykConfig
from .schema_export import schema_files
from .model import Basket
from .reports import basket_report
from .history import basket_history
from .helplines import HelplinesError, load_helplines
from .individual_basket import basket_entries
from .pages.news import FEED_FILE, atom_feed, visible_changes
from .open_data import write_open_data
from .pages import SitePage, site_pages
from .pages.individual import BASKET_DATA
from .search import SearchIndexError, SynonymsError, load_synonyms, search_records, write_search_index
from .search.concepts import build_concepts
from .search.thesaurus import ThesaurusError, load_thesaurus
from .pages.statutory import AccessibilityConfigError, read_accessibility
from .taxonomy import Taxonomy, load_taxonomy
from .validation import read_basket
from .excel import write_basket_xlsx, write_card_template
from .variants import INTRANET, basket_for, card_data_for

log = get_plugin_logger("koszyk")
ASSETS = Path(__file__).resolve().parent / "assets"
TEMPLATE_FILE = "karta-uslug.xlsx"
BASKET_FILE = "koszyk-uslug.xlsx"
_ANCHOR_ID = re.compile(r'\bid="([^"]+)"')


class KoszykPlugin(BasePlugin[KoszykConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.taxonomy: Taxonomy | None = None
        self.basket: Basket | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        self.today = self._today()
        self.taxonomy = load_taxonomy(root / self.config.taxonomy)
        basket_dir = root / self.config.basket
        result = read_basket(basket_dir, self.taxonomy, self.today, root)
        if result.errors:
            lines = "\n".join(problem.format_text() for problem in result.errors)
            raise PluginError(f"Koszyk ma błędy ({len(result.errors)}); popraw je i zbuduj ponownie:\n{lines}")
        for warning in result.warnings:
            log.info(warning.format_text())
        self.full_basket = result.baskets[0]
        self.basket = basket_for(self.full_basket, self.config.variant)
        self.report, self.other_reports = None, []
        # the individual basket's data (intranet): every service, withdrawn ones too, each with its fingerprint
        self.basket_entries = basket_entries(self.full_basket, self.taxonomy) if self.config.variant == INTRANET else {}
        self.fingerprints = {service_id: entry["fp"] for service_id, entry in self.basket_entries.items()}
        if self.config.variant == INTRANET:
            self.report = basket_report(result.baskets[0], self.taxonomy, self.today)
            self.other_reports = self._comparison_reports(root, basket_dir)
        try:
            self.accessibility = read_accessibility(root / self.config.accessibility)
        except AccessibilityConfigError as error:
            raise PluginError(str(error)) from None
        try:
            self.synonyms = load_synonyms(root / self.config.synonyms)
        except SynonymsError as error:
            raise PluginError(str(error)) from None
        try:
            self.thesaurus = load_thesaurus(root / self.config.thesaurus, self.taxonomy, root)
        except ThesaurusError as error:
            raise PluginError(str(error)) from None
        try:
            self.helplines = load_helplines(root / self.config.helplines, root)
        except HelplinesError as error:
            raise PluginError(str(error)) from None
        config.extra["koszyk"] = {
            "variant": self.config.variant,
            "intranet": self.config.variant == INTRANET,
            "basket_name": self.basket.name,
            "pjm_video": self.accessibility.pjm_video,
        }
        self.history = basket_history(basket_dir)
        config.watch.extend([str(basket_dir), str(root / self.config.taxonomy), str(root / self.config.synonyms),
                             str(root / self.config.thesaurus), str(root / self.config.helplines)])
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        pages = site_pages(self.basket, self.taxonomy, self.config.variant, self.today, self.root,
                           config.repo_url or "", self.config.edit_branch, self.accessibility,
                           self.report, self.other_reports, self.history, self.fingerprints,
                           thesaurus=self.thesaurus, helplines=self.helplines)
        changes = visible_changes(self.history, self.config.variant == INTRANET)
        feed = atom_feed(changes, self.basket.name, self.basket.id, config.site_url or "", self.today)
        files.append(File.generated(config, FEED_FILE, content=feed))
        for site_page in pages:
            file = File.generated(config, site_page.src_uri, content="")
            BasketPage(site_page, file, config)
            files.append(file)
        downloads = {**schema_files(self.taxonomy), **self._workbooks()}
        for name, content in downloads.items():
            files.append(File.generated(config, f"pobierz/{name}", content=content))
        if self.config.variant == INTRANET:
            entries = json.dumps(self.basket_entries, ensure_ascii=False, separators=(",", ":"))
            files.append(File.generated(config, BASKET_DATA, content=entries))
        scripts = ["szukaj.js", "szukaj-indeks.js"]
        scripts += ["koszyk.js", "koszyk-strona.js"] if self.config.variant == INTRANET else []
        for script in scripts:
            files.append(File.generated(config, f"javascripts/{script}", abs_src_path=str(ASSETS / script)))
        log.info(f"Wygenerowano {len(pages)} stron koszyka ({self.config.variant}).")
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.report is not None:
            reports = files.get_file_from_path("raporty/index.md").page
            reports.title = "Raporty"
            partners = files.get_file_from_path("partnerzy/index.md").page
            nav.items.insert(nav.items.index(partners) + 1, reports)  # a top-level entry, after "Partnerzy"
            nav.pages.insert(nav.pages.index(partners) + 1, reports)
        if self.config.variant != INTRANET:
            open_data = files.get_file_from_path("otwarte-dane/index.md").page
            open_data.title = "Otwarte dane"
            easy_read = files.get_file_from_path("latwy-tekst.md").page  # "Otwarte dane" goes just before it
            nav.items.insert(nav.items.index(easy_read), open_data)
            nav.pages.insert(nav.pages.index(easy_read), open_data)
        for page in nav.pages:
            if isinstance(page, BasketPage):
                page.in_nav = True
        return nav

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Offer templates a cache, so parts shared by thousands of pages render once.

        ``{% call koszyk_cache(block, depth) %}`` keeps the first rendering of a block
        for pages at that folder depth; only pages outside the nav use it (main.html).
        """
        cache: dict[tuple[str, str], str] = {}

        def koszyk_cache(block: str, depth: str, caller) -> str:
            if (block, depth) not in cache:
                cache[block, depth] = caller()
            return cache[block, depth]

        env.globals["koszyk_cache"] = koszyk_cache
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if isinstance(page, BasketPage):
            page.content = None  # written out; nothing later reads it, and 30k pages add up
        return None

    def _comparison_reports(self, root: Path, own: Path) -> list:
        reports = []
        for folder in self.config.compare_baskets:
            path = (root / folder).resolve()
            if path == own.resolve():
                continue
            result = read_basket(path, self.taxonomy, self.today, root)
            if result.errors:
                raise PluginError(f"Koszyk do porównania {folder} ma błędy:\n"
                                  + "\n".join(p.format_text() for p in result.errors))
            reports.append(basket_report(result.baskets[0], self.taxonomy, self.today))
        return reports

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """The search index, from this variant's basket; and robots.txt: the intranet asks robots to stay out."""
        site_dir = Path(config.site_dir)
        try:
            records = search_records(self.basket, self.taxonomy, self.synonyms, self.fingerprints)
            count = write_search_index(records, site_dir, build_concepts(self.taxonomy, self.thesaurus))
        except SearchIndexError as error:
            raise PluginError(str(error)) from None
        log.info(f"Indeks wyszukiwarki: {count} usług.")
        if self.config.variant != INTRANET:  # open data are public data: published with the public site only
            write_open_data(self.full_basket, self.taxonomy, site_dir / "otwarte-dane", site_url=config.site_url or "")
        rules = "Disallow: /" if self.config.variant == INTRANET else "Allow: /"
        (site_dir / "robots.txt").write_text(f"User-agent: *\n{rules}\n", encoding="utf-8")

    def _workbooks(self) -> dict[str, bytes]:
        """The tools page's downloads: the blank card, and this variant's basket sheet."""
        template, basket = io.BytesIO(), io.BytesIO()
        write_card_template(self.taxonomy, template)
        cards = [(slug, card_data_for(data, self.config.variant)) for slug, data in self.full_basket.cards.items()]
        write_basket_xlsx(cards, self.taxonomy, self.config.variant, basket)
        return {TEMPLATE_FILE: template.getvalue(), BASKET_FILE: basket.getvalue()}

    def _today(self) -> dt.date:
        value = self.config.today
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value) if value else dt.date.today()
        except ValueError:
            raise PluginError(f"koszyk: today „{value}” nie jest datą RRRR-MM-DD") from None


class BasketPage(Page):
    """A generated basket page: its HTML is ready, so there is no Markdown to read or convert."""

    def __init__(self, site_page: SitePage, file: File, config: MkDocsConfig):
        super().__init__(site_page.title, file, config)
        self._html: str | None = site_page.html
        self.edit_url = site_page.edit_url or None
        self.in_nav = False

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown, self.meta = "", {"hide": ["toc"]}
        if not self.in_nav:
            # pages outside the nav at one folder depth share one sidebar (see on_env)
            self.meta["koszyk_nav"] = str(self.file.url.count("/"))  # folder depth of the URL, not of the source

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content, self._html = self._html, None
        self.toc = get_toc([])
        self.present_anchor_ids = set(_ANCHOR_ID.findall(self.content or ""))
