"""The ``koszyk`` MkDocs plugin: the basket's pages, generated in memory at build time.

Each hook reads as a list of named steps. ``on_config`` reads and validates the
basket (invalid data stop the build with the validator's messages) and gathers what
the pages need into one ``SiteContext``; ``on_files`` hands MkDocs everything the
plugin makes, and only there: pages (``BasketPage``, already HTML), downloads, data
files and scripts, all as ``File`` objects. Every output made from the basket that is
not a page is written to a staging folder as soon as it is made and handed over as a
file backed by it, so MkDocs copies it like any other file: at 30,000 services the
search index, the open data, the individual basket's data and 3,000 card files would
not fit side by side in the memory a build may use. The model's tools (a few small
ODT/DOCX files, the same at any basket size) are handed over from memory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
import gc
import io
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import card_cache, partner_outputs, staging
from .cache_folder import SECRET_NOT_KEPT, secret_is_kept, secret_path
from .building import empty_keeping_folders, made_as_now
from .files import new_folder_mode
from .stopping import stop_on_hangup_and_term
from .card_cache import CardCache
from .centre import Centre, CentreConfigError, read_centre
from .compact_html import compact_html
from .config import KoszykConfig
from .escaping import html_text, theme_striptags
from .excel import write_basket_xlsx, write_card_template
from .excel.card_age import basket_changed_at
from .excel.writing import basket_rows_kept
from .guards import link_out_of_folder, planted_cache_problem, published_cache_problem
from .form_schema import FORM_SCHEMA, FORM_TEMPLATE, card_files, forge_settings, form_schema, template_workbook
from .helplines import HelplinesError, load_helplines
from .history import basket_history
from .individual_basket import kept_entries, write_basket_data
from .model import Basket
from .monitoring import load_register
from .monitoring_figures import monitoring_figures
from .open_data import write_open_data
from .page_shell import TEMPLATE as THEME_TEMPLATE, ShellKey, ShellRenderer, shell_key
from .pages import IntranetData, SitePage, SiteContext, page_url, site_pages
from .pages.individual import BASKET_DATA, BASKET_URI
from .pages.news import FEED_FILE, atom_feed, visible_changes
from .pages.rendering import Renderer
from .pages.statutory import AccessibilityConfigError, read_accessibility
from .render_cache import (EMPTY_TEMPLATE, FILES_FOLDER, PageCache, SkippedPagesFilter, remove_files,
                           serve_cached_files, serve_cached_pages, settings_digest, stage_bytes,
                           unlink_shared_outputs)
from .problems import resolved
from .reports import basket_report
from .schema_export import schema_files
from .search import SearchIndexError, search_records, write_search_index
from .search.concepts import build_concepts
from .search.records import kept_records
from .search.thesaurus import ThesaurusError, load_thesaurus
from .structure import BasketPage, NavPlacement, place_in_nav, relink, repeated_address
from .taxonomy import Taxonomy, TaxonomyError, load_taxonomy
from .tools.partner_files import PARTNER_TEMPLATES, partner_templates
from .tools.site import ToolsStep
from .validation import CARDS_DIR, read_basket
from .variants import Variant, basket_for, card_data_for

log = get_plugin_logger("koszyk")
ASSETS = Path(__file__).resolve().parent / "assets"
TEMPLATE_FILE = "karta-uslug.xlsx"
BASKET_WORKBOOK = "koszyk-uslug.xlsx"
REPORTS = NavPlacement("raporty/index.md", "Raporty", after="partnerzy/index.md")
OPEN_DATA = NavPlacement("otwarte-dane/index.md", "Otwarte dane", before="latwy-tekst.md")
INDIVIDUAL_BASKET = NavPlacement(BASKET_URI, "Koszyk indywidualny", after="index.md")


class KoszykPlugin(BasePlugin[KoszykConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.root: Path = Path()
        self.variant: Variant = Variant.PUBLIC
        self.taxonomy: Taxonomy | None = None
        self.full_basket: Basket | None = None
        self.variant_cards: dict[str, dict] | None = None
        self.context: SiteContext | None = None
        self.fingerprints: dict[str, str] = {}  # of each service's individual-basket entry (intranet)
        self.staging: Path | None = None
        self._staged_folders: set[Path] = set()  # made in ``staging`` so far (``_staged_path``)
        self.cache_dir: Path | None = None  # what a build keeps for the next (pages, cards, records)
        self.site_url = ""
        self.tools_step: ToolsStep | None = None
        self.centre: Centre | None = None
        self.page_cache: PageCache | None = None
        self.files_cache: PageCache | None = None  # outputs that are not pages, kept by their bytes
        self.env: jinja2.Environment | None = None
        self.nav: Navigation | None = None
        self.files: Files | None = None
        self.pages: list[File] | None = None  # the documentation pages, as MkDocs' sitemap lists them
        self.linked_in_site: set[str] = set()  # set by ``building.build_variant``: pages kept from the last build
        self.emptied_in_site: set[str] = set()  # set by ``building.build_variant``: folders that may end empty
        self.empty_site_first = False  # set by ``building.build_variant``: empty the site keeping linked pages
        self.mkdocs_config: MkDocsConfig | None = None
        self.shells: ShellRenderer | None = None
        self.data_time = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
        self.site_touched = False  # ``on_pre_build`` came: MkDocs cleans the site folder next

    # -- on_config: read everything the pages are made from ------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        partner_outputs.forget_partners()
        self.site_touched = False
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.site_url = config.site_url or ""
        self.variant = Variant(self.config.variant)
        today = self._resolve_today()
        self.taxonomy = self._load_taxonomy()
        self.cache_dir = self.root / self.config.cache_dir if self.config.cache_dir else None
        if self.cache_dir is not None and not secret_is_kept():
            log.warning(SECRET_NOT_KEPT.format(path=secret_path()))
            self.cache_dir = None
        self._refuse_planted_cache(config)
        self.files_cache = PageCache(self.cache_dir, kind=FILES_FOLDER) if self.cache_dir is not None else None
        self._refuse_links_out(config)
        cards = CardCache.in_folder(self.cache_dir) if self.cache_dir else None
        self._new_staging()
        try:
            with card_cache.reading_with(cards):
                self._read_data(config, today)
        except BaseException:  # a caller outside MkDocs' build() has no on_build_error; a Ctrl-C skips it
            self.drop_staging()
            raise
        if cards is not None:
            log.info(f"Karty z pamięci podręcznej: {cards.hits}, odczytane: {cards.misses}.")
        return config

    def _read_data(self, config: MkDocsConfig, today: dt.date) -> None:
        """Everything the site is made from: the basket, the centre, reports, thesaurus and helplines."""
        self.full_basket = self._read_basket(self.root / self.config.basket, today)
        self.variant_cards = None
        self.centre = _or_stop(CentreConfigError, read_centre, self.root / self.config.centre)
        self.data_time = self._data_time()
        self.fingerprints = (write_basket_data(self.full_basket, self.taxonomy, self._staged_path(BASKET_DATA),
                                               kept_entries(self.cache_dir, self.taxonomy))
                             if self.variant.is_intranet else {})
        self.context = SiteContext(
            basket=basket_for(self.full_basket, self.variant), taxonomy=self.taxonomy, variant=self.variant,
            today=today, repo_root=self.root, repo_url=config.repo_url or "", edit_branch=self.config.edit_branch,
            accessibility=_or_stop(AccessibilityConfigError, read_accessibility, self.root / self.config.accessibility),
            history=basket_history(self.root / self.config.basket, taxonomy=self.taxonomy).hiding(
                {service.id for partner in self.full_basket.partners for service in partner.services
                 if not service.public}),
            intranet=self._intranet_data(today) if self.variant.is_intranet else None,
            thesaurus=_or_stop(ThesaurusError, load_thesaurus, self.root / self.config.thesaurus, self.taxonomy, self.root),
            helplines=_or_stop(HelplinesError, load_helplines, self.root / self.config.helplines, self.root),
            repo_public=self.config.repo_public, report_to=self.centre.report_email, site_url=self.site_url,
            cache_dir=self.cache_dir, listing_rows=self.config.listing_rows,
        )
        self.tools_step = ToolsStep.prepare(self.root, self.config.tools, config, self.cache_dir)
        config.extra["koszyk"] = self._template_settings()
        # the theme prints the site's name as it is in some places (Material's nav, <title>) and with
        # ``|e`` in others: escaped once as Markup, which ``|e`` leaves alone, it is right in both
        config.site_name = html_text(config.site_name)
        config.watch.extend(str(self.root / path) for path in
                            (self.config.basket, self.config.taxonomy,
                             self.config.thesaurus, self.config.helplines))
        config.watch.extend(str(self.root / source.origin) for source in self.full_basket.sources
                            if not source.fetched and not source.own)  # a collection's local gmina folders

    def _refuse_planted_cache(self, config: MkDocsConfig) -> None:
        """What the build keeps between builds is trusted as it is: never from the repository,
        and never published with the site (``guards``)."""
        folders = [self.cache_dir] if self.cache_dir else []
        custom_dir = getattr(config.theme, "custom_dir", None)
        published = [Path(config.site_dir), Path(config.docs_dir), *([Path(custom_dir)] if custom_dir else [])]
        problem = planted_cache_problem(self.root, folders) or published_cache_problem(folders, published)
        if problem:
            raise PluginError(f"koszyk: {problem}")

    def _refuse_links_out(self, config: MkDocsConfig) -> None:
        """The docs and the theme's overrides are published as they are: never through links (``guards``)."""
        custom_dir = getattr(config.theme, "custom_dir", None)
        for folder in (Path(config.docs_dir), *([Path(custom_dir)] if custom_dir else [])):
            problem = link_out_of_folder(folder, self.root)
            if problem:
                raise PluginError(f"koszyk: {problem}")

    def _resolve_today(self) -> dt.date:
        value = self.config.today
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value) if value else dt.date.today()
        except ValueError:
            raise PluginError(f"koszyk: today „{value}” nie jest datą RRRR-MM-DD") from None

    def _data_time(self) -> dt.datetime:
        """When the basket's data last changed: the export time the site's workbooks record
        (``card_age.basket_changed_at``), so one basket gives the same files build after build."""
        changed = basket_changed_at([partner.path.parent for partner in self.full_basket.partners if partner.path])
        fetched = [dt.datetime.fromisoformat(source.fetched) for source in self.full_basket.sources if source.fetched]
        return max([changed, *(moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
                               for moment in fetched)])

    def _load_taxonomy(self) -> Taxonomy:
        return _or_stop(TaxonomyError, load_taxonomy, self.root / self.config.taxonomy)

    def _read_basket(self, folder: Path, today: dt.date) -> Basket:
        result = read_basket(folder, self.taxonomy, today, self.root)
        if result.errors:
            lines = "\n".join(problem.format_text() for problem in result.errors)
            raise PluginError(f"Koszyk ma błędy ({len(result.errors)}); popraw je i zbuduj ponownie:\n{lines}")
        for warning in result.warnings:
            log.info(warning.format_text())
        return result.baskets[0]

    def _intranet_data(self, today: dt.date) -> IntranetData:
        own = resolved(self.root / self.config.basket)
        others = [folder for folder in self.config.compare_baskets if resolved(self.root / folder) != own]
        report = basket_report(self.full_basket, self.taxonomy, today)
        report.monitoring = self._monitoring(today)
        return IntranetData(report,
                            [basket_report(self._read_compared(folder, today), self.taxonomy, today) for folder in others],
                            self.fingerprints)

    def _monitoring(self, today: dt.date):
        """The basket's monitoring register as figures for the report pages (intranet only)."""
        register = load_register(self.root / self.config.basket, today, self.root)
        if register.errors:
            raise PluginError(f"Rejestr monitoringu ma błędy ({len(register.errors)}):\n"
                              + "\n".join(problem.format_text() for problem in register.errors))
        return monitoring_figures(register)

    def _read_compared(self, folder: str, today: dt.date) -> Basket:
        result = read_basket(self.root / folder, self.taxonomy, today, self.root)
        if result.errors:
            raise PluginError(f"Koszyk do porównania {folder} ma błędy:\n"
                              + "\n".join(problem.format_text() for problem in result.errors))
        return result.baskets[0]

    def _template_settings(self) -> dict:
        """What the theme overrides read (``config.extra.koszyk``)."""
        return {"variant": self.variant.value, "intranet": self.variant.is_intranet,
                "basket_name": html_text(self.context.basket.name),  # the theme prints values as they are
                "pjm_video": self.context.accessibility.pjm_video,
                # the header's link to the repository: only where the reader can open it
                "forge_links": self.variant.is_intranet or self.config.repo_public}

    # -- on_files: the one way out for everything the plugin makes ------------------------

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """The basket was read and is valid: only now is the last build's site emptied (``building``
        asks for it with a page cache; MkDocs cleans it next without one), so invalid data leave the
        last good site as it was. A build stopped from here on leaves an empty folder.

        What was read so far (the basket, the taxonomy, the dictionaries, the code) lives until the
        build ends: ``gc.freeze`` takes it out of the collector's view, so the full collections
        while pages are made scan only what they make. They took 0.8 s of a public one-card rebuild
        of the voivodeship, 0.14 s with the freeze (same machine, one run each). A full collection
        before freezing took 0.28 s more and freed 30 objects, so none is made. ``on_post_build`` and
        ``on_build_error`` give the objects back (``mkdocs serve`` builds again in the same process)."""
        self.site_touched = True
        gc.freeze()  # see the docstring
        made_as_now(config.site_dir, new_folder_mode())  # the folder served: readable as a new one would be
        if self.empty_site_first:
            empty_keeping_folders(Path(config.site_dir), self.linked_in_site, self.emptied_in_site)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self._stage_large_files()  # first: the search index counts the home's need tiles
        pages = site_pages(self.context)
        twice = repeated_address(pages)
        if twice:
            raise PluginError(f"koszyk: dwie strony mają ten sam adres „{page_url(twice)}”. Zwykle to identyfikator "
                              "(gminy w zestawieniu albo wartości w słownikach) zakończony na „-strona-<liczba>”, "
                              "czyli adres kolejnej strony długiej listy; zmień ten identyfikator")
        for site_page in pages:
            file = File.generated(config, site_page.src_uri, content="")
            BasketPage(site_page, file, config)
            files.append(file)
        for uri, content in self._generated_content():
            self._stage(self._staged_path(uri), content if isinstance(content, bytes) else content.encode())
        self.variant_cards = None  # written out; 3,000 cut cards need not wait for the pages
        for uri, path in self._staged().items():
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        log.info(f"Wygenerowano {len(pages)} stron koszyka ({self.variant.value}).")
        self._add_tools(files, config)
        self._keep_links_of_koszyk_outputs(files)
        return files

    def _keep_links_of_koszyk_outputs(self, files: Files) -> None:
        """Of the files kept in the site from the last build (``building.empty_keeping_folders``),
        only basket pages and the plugin's other outputs may wait for the cache to serve them; any
        other goes now, before MkDocs reads the pages: a "dirty" build takes a kept Markdown page
        for up to date and does not read it (a hard-link copy of the site makes every file look kept)."""
        outputs = {file.abs_dest_path for file in files
                   if isinstance(file.page, BasketPage) or (file.generated_by and not file.is_documentation_page())}
        gone = self.linked_in_site - outputs
        remove_files(gone)
        self.emptied_in_site.update(os.path.dirname(path) for path in gone)
        self.linked_in_site &= outputs

    def _add_tools(self, files: Files, config: MkDocsConfig) -> None:
        """The model's tools: their pages and ODT/DOCX downloads (see ``koszyk.tools``)."""
        renderer = Renderer(self.taxonomy, self.variant, self.context.today)
        generated = self.tools_step.files(renderer)
        for path in self.tools_step.source_uris:
            files.remove(files.get_file_from_path(path))  # the YAML sources are not published
        for site_page in generated.pages:
            file = File.generated(config, site_page.src_uri, content="")
            BasketPage(site_page, file, config)
            files.append(file)
        for uri, content in generated.downloads.items():
            files.append(File.generated(config, uri, content=content))

    def _generated_content(self) -> Iterator[tuple[str, str | bytes]]:
        """The smaller outputs, one at a time: feed, robots.txt, downloads, the card form's files."""
        changes = visible_changes(self.context.history, self.variant.is_intranet)
        basket = self.context.basket
        yield FEED_FILE, atom_feed(changes, basket.name, basket.id, self.site_url, self.context.today)
        yield "robots.txt", f"User-agent: *\n{'Disallow: /' if self.variant.is_intranet else 'Allow: /'}\n"
        for name, data in {**schema_files(self.taxonomy), **self._workbooks()}.items():
            yield f"pobierz/{name}", data
        yield from self._card_form()
        if self.variant.is_intranet:
            yield PARTNER_TEMPLATES, partner_templates(self.taxonomy, basket.name, self.data_time, basket.id)

    def _card_form(self) -> Iterator[tuple[str, str | bytes]]:
        """The card form's files: its schema, the blank workbook, each partner's card cut to the variant."""
        context = self.context
        card_paths = context.card_paths()
        forge = None
        cards_dir = (self.root / self.config.basket / CARDS_DIR).resolve()
        if (self.variant.is_intranet or context.repo_public) and cards_dir.is_relative_to(self.root):
            forge = forge_settings(context.repo_url, context.edit_branch, cards_dir.relative_to(self.root).as_posix())
        kept_here = [partner for partner in context.basket.partners if context.basket.keeps_card_of(partner)]
        partners = [{"slug": partner.slug, "name": partner.name, "path": card_paths.get(partner.slug, "")}
                    for partner in kept_here]
        slugs = {partner.slug for partner in kept_here}
        schema_json = form_schema(self.taxonomy, self.variant, context.today, forge, partners)
        yield FORM_SCHEMA, json.dumps(schema_json, separators=(",", ":"))  # ASCII: the rules hold lone surrogates
        yield FORM_TEMPLATE, template_workbook(self.taxonomy, self.variant, self.data_time, context.basket.id)
        yield from card_files((slug, data) for slug, data in self._variant_cards().items() if slug in slugs)

    def _stage_large_files(self) -> None:
        """The search index and, on the public site, the open data, written to the staging folder."""
        fingerprints = self.context.intranet.fingerprints if self.context.intranet else None
        try:
            records = search_records(self.context.basket, self.taxonomy, fingerprints,
                                     kept_records(self.cache_dir, self.taxonomy))
            tile_counts: dict[str, int] = {}
            count = write_search_index(records, self.staging, build_concepts(self.taxonomy, self.context.thesaurus),
                                       tile_counts, self.cache_dir, self._stage)
            self.context = replace(self.context, tile_counts=tile_counts)
        except SearchIndexError as error:
            raise PluginError(str(error)) from None
        log.info(f"Indeks wyszukiwarki: {count} usług.")
        if not self.variant.is_intranet:  # open data are public data: published with the public site only
            write_open_data(self.full_basket, self.taxonomy, self.staging / "otwarte-dane", site_url=self.site_url,
                            cache_dir=self.cache_dir, public_basket=self.context.basket,
                            public_cards=self._variant_cards())

    def _staged(self) -> dict[str, Path]:
        """Every file of the staging folder by its address in the site, and the scripts."""
        staged = {path.relative_to(self.staging).as_posix(): path
                  for path in sorted(self.staging.rglob("*")) if path.is_file()}
        scripts = ["szukaj.js", "szukaj-indeks.js", "zip.js", "formularz.js", "formularz-reguly.js", "formularz-arkusz.js"]
        if self.variant.is_intranet:
            scripts += ["koszyk.js", "koszyk-strona.js", "protokol.js", "partner-karta.js"]
        staged.update({f"javascripts/{script}": ASSETS / script for script in scripts})
        return staged

    def _new_staging(self) -> None:
        """A new staging folder; it may hold intranet data (``staging`` says what removes it
        when). ``SIGTERM`` or ``SIGHUP`` stop a build the way Ctrl-C does (``stop_on_hangup_and_term``)."""
        stop_on_hangup_and_term()
        self.drop_staging()
        self.staging = staging.new_folder()
        self._staged_folders = {self.staging}

    def _stage(self, path: Path, content: bytes) -> None:
        """Write a staged file, or link the files cache's copy of the same bytes (``stage_bytes``)."""
        stage_bytes(self.files_cache, self.variant.value, path, content)

    def _staged_path(self, uri: str) -> Path:
        """Where the output at ``uri`` is written before MkDocs copies it (its folder made, once:
        3,000 card files share a few folders). Only folders inside the staging folder are made:
        if that one is gone, writing fails rather than making it again readable by all."""
        path = self.staging / uri
        if path.parent not in self._staged_folders:
            for folder in reversed(path.relative_to(self.staging).parents[:-1]):
                (self.staging / folder).mkdir(exist_ok=True)
            self._staged_folders.add(path.parent)
        return path

    def _workbooks(self) -> dict[str, bytes]:
        """The tools page's downloads: the blank card, and this variant's basket sheet."""
        template, workbook = io.BytesIO(), io.BytesIO()
        write_card_template(self.taxonomy, template, exported_at=self.data_time)
        cards = list(self._variant_cards().items())
        write_basket_xlsx(cards, self.taxonomy, self.variant, workbook, exported_at=self.data_time,
                          kept=basket_rows_kept(self.cache_dir, self.taxonomy, self.variant),
                          basket=self.context.basket.id)
        return {TEMPLATE_FILE: template.getvalue(), BASKET_WORKBOOK: workbook.getvalue()}

    def _variant_cards(self) -> dict[str, dict]:
        """Every card as YAML-shaped data cut to the variant (the workbook and the card form read them)."""
        if self.variant_cards is None:
            self.variant_cards = {slug: card_data_for(data, self.variant, self.taxonomy)
                                  for slug, data in self.full_basket.cards.items()}
        return self.variant_cards

    # -- nav, templates, pages ---------------------------------------------------------

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.variant.is_intranet:  # the individual basket in the menu too (on a phone, the slide-out menu)
            place_in_nav(nav, files, INDIVIDUAL_BASKET)
        place_in_nav(nav, files, REPORTS if self.variant.is_intranet else OPEN_DATA)
        relink(nav)
        self.nav = nav
        for page in nav.pages:
            if isinstance(page, BasketPage):
                page.in_nav = True
        return nav

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Offer templates a cache, so parts shared by thousands of pages render once;
        and a ``striptags`` that keeps escaped titles escaped (see ``theme_striptags``).

        ``{% call koszyk_cache(block, folder) %}`` keeps the first rendering of a block
        for pages in that folder (``structure.nav_folder``); only pages outside the nav use it (main.html).
        """
        env.filters["striptags"] = theme_striptags
        cache: dict[tuple[str, str], str] = {}

        def koszyk_cache(block: str, folder: str, caller) -> str:
            if (block, folder) not in cache:
                cache[block, folder] = caller()
            return cache[block, folder]

        env.globals["koszyk_cache"] = koszyk_cache
        env.loader = jinja2.ChoiceLoader([env.loader, jinja2.DictLoader({EMPTY_TEMPLATE: ""})])
        self.env, self.files, self.mkdocs_config = env, files, config
        self.pages = files.documentation_pages()  # every page, those the cache serves too
        self._open_page_cache(config)
        if self.page_cache is not None:
            serve_cached_pages(self.page_cache, self.settings_stamp, env, config, self.nav, files, self.pages)
            serve_cached_files(self.files_cache, files, self.variant.value, self.staging)
        unlink_shared_outputs(files, config)  # kept pages the cache did not serve too: never write through a link
        self.shells = ShellRenderer(self._render_probe, self._render_full) if self.config.page_shells else None
        if self.shells is not None:
            self._choose_shells(files)
        return env

    # -- pages spliced into the theme's shell (koszyk.page_shell) ----------------------

    def _choose_shells(self, files: Files) -> None:
        """Basket pages outside the nav not served from the cache: MkDocs renders nothing for them,
        ``on_post_page`` splices them (the template is chosen before ``on_page_context``). A body not
        rendered yet counts as one without ``<h1>``; ``on_post_page`` checks once it is rendered."""
        for file in files.documentation_pages():
            page = file.page
            if not isinstance(page, BasketPage) or page.meta.get("template") == EMPTY_TEMPLATE:
                continue
            key = shell_key(page)
            if key is not None:
                page.koszyk_shell = key
                page.meta["template"] = EMPTY_TEMPLATE

    def _render_full(self, page: Page) -> str:
        """The theme's rendering of ``page``, as MkDocs' own page loop does it."""
        from mkdocs.commands.build import get_context

        config = self.mkdocs_config
        context = get_context(self.nav, self.pages, config, page)
        context = config.plugins.on_page_context(context, page=page, config=config, nav=self.nav)
        return self.env.get_template(THEME_TEMPLATE).render(context)

    def _render_probe(self, key: ShellKey, values: dict) -> str:
        """The theme's rendering of an empty basket page in the key's folder, holding ``values``."""
        config = self.mkdocs_config
        src_uri = key.folder.lstrip("/") + "koszyk-probe.md"
        probe = BasketPage(SitePage(src_uri, "", ""), File.generated(config, src_uri, content=""), config)
        probe.read_source(config)
        probe.render(config, self.files)
        probe.title, probe.canonical_url, probe.edit_url = values["title"], values["canonical_url"], values["edit_url"]
        probe.content = values["content"]
        probe.active = True
        return self._render_full(probe)

    # -- the cache of finished pages (koszyk.render_cache) -----------------------------

    def _open_page_cache(self, config: MkDocsConfig) -> None:
        self.page_cache = None
        if self.cache_dir is not None:
            self.page_cache = PageCache(self.cache_dir)
            self.settings_stamp = settings_digest(config, dict(self.config))
            self.skipped_filter = SkippedPagesFilter(self.page_cache)
            logging.getLogger("mkdocs.commands.build").addFilter(self.skipped_filter)

    def _served(self) -> set[str]:
        return self.page_cache.handled if self.page_cache is not None else set()

    def on_template_context(self, context: dict, *, template_name: str, config: MkDocsConfig) -> dict:
        """The sitemap lists every page: those the cache served too, which MkDocs no longer
        loops over (``render_cache.serve_cached_pages``)."""
        if template_name == "sitemap.xml" and self.pages is not None:
            context["pages"] = self.pages
        return context

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Content pages may name the centre (``{{ osrodek.telefon }}``): filled from ``osrodek.yml``."""
        if "osrodek." in markdown:
            return self.centre.fill(markdown)
        return None

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        """A body left to render on demand (``Renderer.render_later``) is rendered just before its
        page, unless the cache served the page: 30,000 bodies never sit in memory together."""
        if isinstance(page, BasketPage) and page.body_pending and page.file.src_uri not in self._served():
            page.render_body()
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if not isinstance(page, BasketPage):
            return None
        shell = getattr(page, "koszyk_shell", None)
        if shell is not None and shell_key(page) == shell:  # compacted as it is spliced
            output = self.shells.render(page, shell)
        else:  # chosen before the body was rendered: a body with its own <h1> takes the theme's way
            output = compact_html(self._render_full(page) if shell is not None else output)
        page.content = None  # written out; nothing later reads it, and 30k pages add up
        key = getattr(page, "koszyk_key", None)
        if key and output.strip():  # encoded as MkDocs writes pages
            if self.page_cache.store(key, output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path):
                self.page_cache.handled.add(page.file.src_uri)
                return ""  # already in the site, linked from the cache: MkDocs writes nothing
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.drop_staging()  # MkDocs has copied the staged files by now
        partner_outputs.forget_partners()
        gc.unfreeze()
        if self.shells is not None:
            log.info(f"Strony wstawione w szablon: {self.shells.spliced}.")
            for key in self.shells.rejected:
                log.warning(f"Strony w {key.folder} renderowane w całości: wstawienie w szablon dało inny wynik.")
        if self.page_cache is not None:
            log.info(f"Strony z pamięci podręcznej: {self.page_cache.hits}, wyrenderowane: {self.page_cache.misses}.")
            logging.getLogger("mkdocs.commands.build").removeFilter(self.skipped_filter)

    def on_build_error(self, *, error: Exception) -> None:
        self.drop_staging()
        partner_outputs.forget_partners()
        gc.unfreeze()

    def drop_staging(self) -> None:
        """Remove the staging folder; ``building`` calls it too, as a Ctrl-C skips ``on_build_error``."""
        if self.staging is not None:
            staging.remove(self.staging)
            self.staging = None


def _or_stop(errors: type[Exception], read, *args):
    """``read(*args)``; a configuration file's ``errors`` (their messages are Polish and name the
    file) stop the build with that message alone."""
    try:
        return read(*args)
    except errors as error:
        raise PluginError(str(error)) from None
