"""A partner's description becomes the same safe HTML whichever way it is converted."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from koszyk.pages.rendering import _converted, safe_markdown

# Letters and marks a description holds, and the Markdown and HTML marks that must take the full way.
ALPHABET = list("aąbcćęłńóśźżAĄZŻ09² ,.;:!?()'\"/%–—„”…") + ["\u00a0", "\u200b", "\t", "\n", "-", "+", "*", "_",
                                                          "#", "<", ">", "&", "[", "]", "`", "\\", "=", "|", "1."]


def test_a_plain_paragraph_is_one_paragraph_with_its_text_as_written():
    assert safe_markdown('Dom „Pogodna Jesień” – zajęcia (2 razy w tygodniu): 50% taniej!') == (
        '<p>Dom „Pogodna Jesień” – zajęcia (2 razy w tygodniu): 50% taniej!</p>')


def test_markdown_marks_and_html_still_go_through_markdown_and_the_sanitiser():
    assert safe_markdown("- jeden\n- dwa") == "<ul>\n<li>jeden</li>\n<li>dwa</li>\n</ul>"
    assert safe_markdown("Tak <script>alert(1)</script> & nie") == "<p>Tak  &amp; nie</p>"
    assert safe_markdown("1. krok") == "<ol>\n<li>krok</li>\n</ol>"


@settings(max_examples=4000, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=30).map("".join))
def test_the_short_way_for_plain_paragraphs_gives_what_markdown_and_the_sanitiser_give(text):
    assert safe_markdown(text) == (_converted(text) if text else "")


@settings(max_examples=4000, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET[:ALPHABET.index("\u00a0")]), min_size=1, max_size=30).map("".join))
def test_text_of_words_and_punctuation_alone_gives_what_markdown_and_the_sanitiser_give(text):
    assert safe_markdown(text) == _converted(text)
