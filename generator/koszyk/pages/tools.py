"""The tools pages: an index of the model's 21 tools and one page per tool.

Each page says what the tool is for, when and by whom it is used, links its
ODT and DOCX downloads, and shows the document itself, so the browser's
"print" gives a clean PDF (see the print rules in ``koszyk.css``).
"""

from __future__ import annotations

from ..tools.catalogue import LEVELS, STAGES, Tool
from ..tools.files import download_path
from .rendering import Renderer, SitePage, page_url

INDEX_URI = "model/narzedzia.md"


def tool_pages(tools: list[Tool], renderer: Renderer) -> list[SitePage]:
    pages = [renderer.render("tools_index.html", INDEX_URI, "Narzędzia modelu", tools=tools,
                             levels=LEVELS, stages=STAGES, root="../" * page_url(INDEX_URI).count("/"))]
    for tool in tools:
        downloads = {extension: download_path(tool, extension) for extension in ("odt", "docx")}
        pages.append(renderer.render("tool.html", tool.page_uri, tool.document.title, tool=tool,
                                     stages=STAGES, levels=LEVELS, downloads=downloads,
                                     root="../" * page_url(tool.page_uri).count("/")))
    return pages
