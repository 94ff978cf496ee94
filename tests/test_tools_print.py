"""A tool's page printed from the browser is the document alone: no menu, no description, no download links."""

from __future__ import annotations

import pytest

from .browser import serve

pytestmark = pytest.mark.browser


def test_printing_a_tool_page_gives_just_the_document(sample_site, browser, tmp_path):
    with serve(sample_site / "public") as base:
        context = browser.new_context(locale="pl-PL")
        page = context.new_page()
        page.goto(base + "model/narzedzia/08-deklaracja/")
        assert page.locator(".koszyk-tool-about").is_visible()
        page.emulate_media(media="print")
        assert not page.locator(".koszyk-tool-about").is_visible()
        assert not page.locator("header.md-header").is_visible()
        assert not page.locator(".md-sidebar--primary").is_visible()
        assert page.locator("h1").inner_text() == "Narzędzie 8. Deklaracja przystąpienia do partnerstwa"
        assert page.locator(".koszyk-tool-document h3").all_inner_texts() == ["Instytucja", "Oświadczenie"]
        assert page.locator(".koszyk-tool-document table.koszyk-fields th").first.inner_text() == "Nazwa instytucji"
        pdf = tmp_path / "deklaracja.pdf"
        page.pdf(path=str(pdf), format="A4")
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5_000
        context.close()
