"""The individual basket's printed attachment fits A4 portrait with every column."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from .browser import serve

pytestmark = pytest.mark.browser
MM = 72 / 25.4  # PDF points per millimetre
MARGIN = 15 * MM  # @page margin in koszyk.css
LONG_NOTE = ("Rodzic-zgłasza-się-z-dokumentami-dochodowymi-z-ostatnich-trzech-miesięcy "
             "oraz zaświadczeniem o zarejestrowaniu w urzędzie pracy; termin do ustalenia telefonicznie.")
SERVICES = ["asystent-rodziny", "terapia-logopedyczna", "diagnoza-psychologiczna", "dowoz-posilkow",
            "praca-socjalna", "posrednictwo-pracy"]
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def stored_basket(ids: list[str]) -> str:
    items = [{"id": service_id, "name": service_id, "fp": "", "added": "2026-11-20",
              "note": {"termin": "2026-12-01", "odpowiedzialny": "Ośrodek Pomocy Społecznej, pracownik socjalny",
                       "krok": LONG_NOTE}} for service_id in ids]
    return json.dumps({"items": items})


def pdf_words(pdf: bytes, tmp_path) -> tuple[list[tuple[float, float, float, float, str]], list[tuple[float, float]]]:
    source, target = tmp_path / "wydruk.pdf", tmp_path / "wydruk.html"
    source.write_bytes(pdf)
    subprocess.run([shutil.which("pdftotext") or "pdftotext", "-bbox", str(source), str(target)], check=True)
    html = target.read_text(encoding="utf-8")
    words = [(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in WORD.findall(html)]
    return words, [(float(w), float(h)) for w, h in PAGE.findall(html)]


def test_printed_attachment_keeps_every_column_inside_a4_portrait(sample_site, browser, tmp_path):
    with serve(sample_site / "intranet") as base:
        context = browser.new_context(locale="pl-PL")
        page = context.new_page()
        page.goto(base + "koszyk/")
        page.evaluate("(value) => localStorage.setItem('koszyk.indywidualny.v1', value)", stored_basket(SERVICES))
        page.goto(base + "koszyk/")
        page.wait_for_function("document.body.dataset.basketReady === 'true'")
        headers = page.locator("#koszyk-wydruk thead th").all_text_contents()
        cells = page.locator("#koszyk-wydruk-wiersze tr").first.locator("td").all_text_contents()
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        context.close()
    assert headers == ["Lp.", "Usługa", "Realizator", "Warunki dostępu i odpłatność", "Jak się zgłosić",
                       "Kontakt", "Uwagi"]
    words, pages = pdf_words(pdf, tmp_path)
    width, height = pages[0]
    assert abs(width - 210 * MM) < 2 and abs(height - 297 * MM) < 2  # A4 portrait
    outside = [text for x_min, _, x_max, _, text in words if x_min < MARGIN - 2 or x_max > width - MARGIN + 2]
    assert outside == [], outside
    printed = " ".join(text for *_, text in words)
    for header in headers:  # every column reached the paper, the last one ("Uwagi") included
        assert header.split()[0] in printed
    assert printed.count("termin do ustalenia") == len(SERVICES)  # each row's notes, whole
    assert "Podpisy" in printed
    assert "Odpłatność: " in cells[3] and cells[4], cells  # cost and how to apply are printed
