"""Opening a page asks the server only for files that exist: no request answered 404."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from .browser import serve

pytestmark = pytest.mark.browser


def failed_requests(browser, base: str, path: str) -> list[str]:
    context = browser.new_context(locale="pl-PL")
    page = context.new_page()
    failed: list[str] = []
    page.on("response", lambda response: failed.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    page.on("requestfailed", lambda request: failed.append(f"failed {request.url}"))
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    context.close()
    return failed


@pytest.mark.parametrize("variant", ["public", "intranet"])
def test_home_and_service_pages_request_no_missing_file(sample_site, browser, variant):
    site = sample_site / variant
    service = next(path for path in sorted((site / "uslugi").glob("*/index.html")))
    with serve(site) as base:
        for path in ("", service.parent.relative_to(site).as_posix() + "/"):
            assert failed_requests(browser, base, path) == [], path


def test_every_page_still_announces_the_news_feed_to_feed_readers(sample_site):
    """Feed readers take rel as a list of words: "alternate" among them and the Atom type."""
    home = BeautifulSoup((sample_site / "public" / "index.html").read_text(encoding="utf-8"), "lxml")
    feeds = [link for link in home.find_all("link", type="application/atom+xml") if "alternate" in link["rel"]]
    assert [link["href"] for link in feeds] == ["co-nowego/atom.xml"]
    assert (sample_site / "public" / "co-nowego" / "atom.xml").exists()
