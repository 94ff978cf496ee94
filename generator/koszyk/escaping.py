"""How text a partner typed is made safe wherever it leaves the Markdown sanitiser.

Card text is hostile: a name may hold ``<img src=x onerror=…>``. Our page
templates autoescape, but MkDocs' theme templates do not, and MkDocs treats a
page title as HTML (it keeps entities); JSON inside a ``<script>`` element and
XML feeds have rules of their own. Every output that carries card text outside
an autoescaping template asks one of these functions.
"""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup, escape

# Characters that could end or change a <script> element around JSON (``</script>``,
# ``<!--``), or start an entity; JSON reads the escapes as the same characters.
# U+2028/U+2029 are valid JSON but end a line in older JavaScript parsers.
# (A chain of ``str.replace`` is several times faster than ``str.translate`` on large data.)
_JSON_IN_HTML = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027"),
                 ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))

# Characters XML 1.0 does not allow at all, even escaped: one of them makes a feed unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def html_text(text: Any) -> Markup:
    """Plain text as HTML: ``<``, ``>``, ``&`` and both quotes escaped (safe in text and attributes)."""
    return escape(text)


def json_for_html(data: Any) -> Markup:
    """JSON that may stand inside ``<script type="application/json">`` (or any HTML) as it is.

    ``JSON.parse`` on the element's text gives back ``data`` unchanged, whatever its strings hold.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escaped in _JSON_IN_HTML:
        text = text.replace(character, escaped)
    return Markup(text)


def theme_striptags(value: Any) -> Markup:
    """Jinja's ``striptags`` for MkDocs' theme, whose templates do not autoescape.

    Jinja's filter strips tags and then *unescapes* entities, so a title kept as
    escaped HTML (``&lt;/title&gt;&lt;script&gt;``) would come out as live markup
    inside ``<title>``. This one strips the same way and escapes the result again.
    """
    if hasattr(value, "__html__"):
        value = value.__html__()
    return escape(Markup(str(value)).striptags())


def xml_text(text: Any) -> str:
    """Text for an XML element or a double-quoted attribute: escaped, characters XML forbids removed."""
    return str(escape(_NOT_XML.sub("", str(text))))


def phone_href(number: str) -> str:
    """A ``tel:`` link's target: only digits and ``+`` (nothing a partner typed can leave the attribute)."""
    return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")
