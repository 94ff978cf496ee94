"""Every menu link on every page leads to a page of the site (the menu shared by pages of a folder included)."""

from __future__ import annotations

import posixpath


def test_every_menu_link_on_every_page_opens_a_page_of_the_site(sample_site, sample_pages):
    for variant, pages in sample_pages.items():
        root = sample_site / variant
        for path, soup in pages:
            here = path.parent.relative_to(root).as_posix()
            for link in soup.select("a.md-nav__link[href]"):
                href = link["href"].split("#")[0]
                if not href or href.startswith(("http:", "https:", "mailto:", "/")):  # 404.html links from the root
                    continue
                target = posixpath.normpath(posixpath.join(here, href))
                assert (root / target / "index.html").is_file() or (root / target).is_file(), \
                    f"{path.relative_to(sample_site)}: {link['href']} → {target}"
