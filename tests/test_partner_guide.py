"""The partner guide covers every route, every Excel column and every YAML syntax cause (issue 18, item 6)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from koszyk.excel.columns import PARTNER_COLUMNS, SERVICE_COLUMNS
from koszyk.loading import _SYNTAX_HINTS

GUIDE = Path(__file__).resolve().parents[1] / "content" / "model" / "przewodnik-partnera.md"


def test_the_guide_has_a_section_per_route_with_withdrawal_ids_and_where_to_send():
    text = GUIDE.read_text(encoding="utf-8")
    for heading in ("## Droga przez arkusz (Excel lub LibreOffice)", "## Droga przez formularz w przeglądarce", "## Droga przez repozytorium (pull request)",
                    "### Jak powstają identyfikatory", "### Jak wycofać usługę"):
        assert heading in text
    assert "„Wycofana”" in text and "status: wycofana" in text and "e-mailem do pracownika ds. sieci" in text


def test_the_guide_explains_every_yaml_syntax_message_the_loader_prints():
    text = GUIDE.read_text(encoding="utf-8")
    for hint in _SYNTAX_HINTS.values():
        assert f"| {hint.replace('|', '&#124;')} |" in text, hint


def test_the_card_fields_page_explains_every_workbook_column(sample_site):
    page = html.unescape((sample_site / "intranet" / "model" / "pola-karty" / "index.html").read_text(encoding="utf-8"))
    section = page[page.index('id="kolumny-arkusza"'):page.index('id="slowniki"')]
    for column in PARTNER_COLUMNS + SERVICE_COLUMNS:
        header = re.sub(r"^Kryterium \d:", "Kryterium 1…5:", column.header)
        assert f"<td>{header}</td>" in section, header
    assert "powstanie z nazwy usługi" in section
