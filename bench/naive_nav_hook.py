"""MkDocs hook for the benchmark only: every basket page in the navigation.

This is what a plain MkDocs site would do (one nav entry per page); the build
renders the whole nav into every page, so it grows with the square of the pages.
"""

from mkdocs.structure.nav import Section


def on_nav(nav, config, files):
    pages = [file.page for file in files.documentation_pages()
             if file.src_uri.startswith(("uslugi/", "partnerzy/")) and file.page is not None]
    section = Section("Wszystkie strony", pages)
    nav.items.append(section)
    nav.pages.extend(pages)
    return nav


def on_page_markdown(markdown, page, config, files):
    page.meta.pop("koszyk_nav", None)  # pages are in the nav now: no shared sidebar
    return markdown
