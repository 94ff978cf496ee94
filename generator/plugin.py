"""The ``koszyk`` MkDocs plugin: the basket's pages, generated in memory at build time.

``on_config`` reads and validates the basket (invalid data stops the build with
the validator's messages), ``on_files`` adds one in-memory file per page
(``File.generated``, nothing is written to ``docs_dir``). Generated pages are
already HTML: their files carry only a title, MkDocs converts no Markdown for
them, ``on_page_content`` hands over the HTML and ``on_post_page`` lets it go, so
a basket of 30,000 services does not sit in memory twice.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .config import KoszykConfig
from .model import Basket
from .pages import SitePage, site_pages
from .taxonomy import Taxonomy, load_taxonomy
from .validation import read_basket
from .variants import INTRANET, basket_for

log = get_plugin_logger("koszyk")


class KoszykPlugin(BasePlugin[KoszykConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.taxonomy: Taxonomy | None = None
        self.basket: Basket | None = None
        self.generated: dict[str, SitePage] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        self.today = dt.date.fromisoformat(self.config.today) if self.config.today else dt.date.today()
        self.taxonomy = load_taxonomy(root / self.config.taxonomy)
        basket_dir = root / self.config.basket
        result = read_basket(basket_dir, self.taxonomy, self.today, root)
        if result.errors:
            lines = "\n".join(problem.format_text() for problem in result.errors)
            raise PluginError(f"Koszyk ma błędy ({len(result.errors)}); popraw je i zbuduj ponownie:\n{lines}")
        for warning in result.warnings:
            log.info(warning.format_text())
        self.basket = basket_for(result.baskets[0], self.config.variant)
        config.extra["koszyk"] = {
            "variant": self.config.variant,
            "intranet": self.config.variant == INTRANET,
            "basket_name": self.basket.name,
        }
        config.watch.extend([str(basket_dir), str(root / self.config.taxonomy)])
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        pages = site_pages(self.basket, self.taxonomy, self.config.variant, self.today, self.root, self._edit_base(config))
        self.generated = {}
        for page in pages:
            front_matter = yaml.safe_dump({"title": page.title}, allow_unicode=True)
            files.append(File.generated(config, page.src_uri, content=f"---\n{front_matter}---\n"))
            self.generated[page.src_uri] = page
        log.info(f"Wygenerowano {len(pages)} stron koszyka ({self.config.variant}).")
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        generated = self.generated.get(page.file.src_uri)
        if generated is None:
            return None
        page.edit_url = self._edit_base(config) + generated.edit_path if generated.edit_path and config.repo_url else None
        if not page.file.src_uri.endswith("index.md"):
            page.meta["koszyk_nav"] = str(page.file.src_uri.count("/"))
        return ""

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Offer templates a cache, so the sidebar shared by thousands of pages renders once."""
        cache: dict[str, str] = {}

        def koszyk_cache(key: str, caller) -> str:
            if key not in cache:
                cache[key] = caller()
            return cache[key]

        env.globals["koszyk_cache"] = koszyk_cache
        return env

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        generated = self.generated.get(page.file.src_uri)
        return generated.html if generated else None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.generated.pop(page.file.src_uri, None) is not None:
            page.content = None  # written out; nothing later reads it
        return None

    def _edit_base(self, config: MkDocsConfig) -> str:
        if not config.repo_url:
            return ""
        edit = "-/edit" if "gitlab" in config.repo_url else "edit"
        return f"{config.repo_url.rstrip('/')}/{edit}/{self.config.edit_branch}/"
