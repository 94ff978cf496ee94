"""Basket pages lose the theme's indentation, never a line break a script needs, never preformatted text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from koszyk.compact_html import FixedText, compact_html, compact_joined

REFERENCE = re.compile(r"[ \t]*\n[ \t\r\n]*")  # the rule as first written (slow; see compact_html's docstring)


def test_indentation_and_blank_lines_become_one_line_break():
    page = "<nav>\n    <ul>\n\n      <li>Start</li>  \n   \n    </ul>\n</nav>\n"
    assert compact_html(page) == "<nav>\n<ul>\n<li>Start</li>\n</ul>\n</nav>\n"


def test_spaces_within_a_line_and_line_breaks_of_a_script_stay():
    page = "<p>Dom  Pomocy   Społecznej</p>\n  <script>\n    var a = 1\n    var b = 2\n  </script>"
    assert compact_html(page) == "<p>Dom  Pomocy   Społecznej</p>\n<script>\nvar a = 1\nvar b = 2\n</script>"


def test_a_page_with_preformatted_text_or_a_text_area_is_left_as_it_is():
    for marker in ("<pre>", "<textarea>"):
        page = f"<div>\n    {marker}\n  a\n    b\n</div>"
        assert compact_html(page) == page


def test_a_page_of_one_line_is_left_as_it_is():
    assert compact_html("  <p>a</p>  ") == "  <p>a</p>  "


TEXT = st.text(alphabet=[" ", "\t", "\r", "\n", "a", "<", "é"], max_size=40)


@settings(max_examples=3000, deadline=None)
@given(TEXT)
def test_the_line_by_line_compaction_equals_the_regular_expression_it_replaced(text):
    assert compact_html(text) == REFERENCE.sub("\n", text)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.tuples(st.booleans(), TEXT | st.sampled_from(["<pre>", "<textarea", "\n  \n", "<p>x</p>\n    "])),
                max_size=8))
def test_a_page_compacted_from_fixed_pieces_and_its_own_text_equals_the_page_compacted_whole(pieces):
    """A page spliced into the theme's shell (``page_shell``) is compacted from the shell's pieces."""
    parts = [FixedText.of(text) if fixed else text for fixed, text in pieces]
    assert compact_joined(parts) == compact_html("".join(text for _, text in pieces))
