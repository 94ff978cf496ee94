"""The escaping helpers every output of card text relies on, with a hostile string."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

from markupsafe import Markup

from koszyk.escaping import html_text, json_for_html, theme_striptags, xml_text
from koszyk.history import ServiceChange
from koszyk.pages.charts import Bar, stacked_bars
from koszyk.pages.news import atom_feed

from .hostile_card import PAYLOAD, TOWN


def test_json_for_html_has_no_markup_characters_and_reads_back_the_same():
    data = {"miejscowosc": TOWN, "nazwa": PAYLOAD, "linie": "a\u2028b\u2029c"}
    text = str(json_for_html(data))
    assert not set("<>&'\u2028\u2029") & set(text)
    assert json.loads(text) == data


def test_theme_striptags_keeps_an_escaped_title_escaped():
    title = html_text("</title><script>alert(1)</script> & Co")
    assert theme_striptags(title) == "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"
    assert theme_striptags(Markup("<em>Model</em> &amp; praktyka")) == "Model &amp; praktyka"  # a Markdown page title


def test_xml_text_escapes_and_drops_characters_xml_forbids():
    assert xml_text('a<b>&"\x0b\x01c') == "a&lt;b&gt;&amp;&#34;c"


def test_chart_labels_stay_text_in_well_formed_svg():
    svg = stacked_bars("wykres", PAYLOAD, (PAYLOAD, "b"), [Bar(PAYLOAD, (1, 2))])
    root = ET.fromstring(str(svg))
    assert {element.tag.split("}")[1] for element in root.iter()} == {"svg", "title", "rect", "text"}
    assert root.find("{http://www.w3.org/2000/svg}title").text == PAYLOAD


def test_feed_from_history_stays_well_formed_whatever_an_old_card_held():
    """History reads old versions of cards that no validator checked: a control character included."""
    change = ServiceChange(dt.date(2026, 2, 3), "abc", "p", PAYLOAD + "\x0b", "s", PAYLOAD + "\x01", "dodana", [PAYLOAD])
    feed = ET.fromstring(atom_feed([change], PAYLOAD, "koszyk", "", dt.date(2026, 2, 3)))
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.find(f"{atom}entry/{atom}title").text == f"Nowa usługa: {PAYLOAD}"
