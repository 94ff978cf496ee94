"""The plugin's tools step: read the sources once, then give pages and downloads per build."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..pages.rendering import Renderer, SitePage
from ..pages.tools import tool_pages
from ..variants import INTRANET
from .catalogue import Tool, load_tools
from .files import tool_downloads
from .protocol import TEMPLATE_PATH, ProtocolTemplateError, protocol_template

CACHE_FOLDER = "narzedzia"  # inside the build's cache folder (``cache_dir``)


@dataclass
class GeneratedTools:
    pages: list[SitePage]
    downloads: dict[str, bytes]


@dataclass
class ToolsStep:
    tools: list[Tool]
    source_uris: list[str]  # the sources' paths inside docs_dir, kept out of the site
    cache_dir: Path | None  # None: keep nothing (no cache folder, or ``cache_folder.secret_is_kept``)

    @classmethod
    def prepare(cls, root: Path, folder: str, config: MkDocsConfig, cache_dir: Path | None) -> "ToolsStep":
        """The tools under ``root / folder``; their downloads kept in ``cache_dir`` (None: nowhere)."""
        source = (root / folder).resolve()
        result = load_tools(source, root)
        if result.errors:
            lines = "\n".join(problem.format_text() for problem in result.errors)
            raise PluginError(f"Narzędzia modelu mają błędy ({len(result.errors)}):\n{lines}")
        docs_dir = Path(config.docs_dir).resolve()
        uris = [path.relative_to(docs_dir).as_posix() for path in sorted(source.glob("*.yml"))
                if path.is_relative_to(docs_dir)]
        return cls(result.tools, uris, cache_dir / CACHE_FOLDER if cache_dir is not None else None)

    def files(self, renderer: Renderer) -> GeneratedTools:
        downloads = tool_downloads(self.tools, self.cache_dir)
        if renderer.variant == INTRANET:  # the individual basket fills tool 19 in the browser
            protocol = next(tool for tool in self.tools if tool.number == 19)
            try:
                downloads[TEMPLATE_PATH] = protocol_template(protocol)
            except ProtocolTemplateError as error:
                raise PluginError(str(error)) from None
        return GeneratedTools(tool_pages(self.tools, renderer), downloads)
