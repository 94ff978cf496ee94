"""Basket pages without the theme's indentation: a third of their bytes, the same page on screen.

Material's templates indent every line and leave blank lines where a block
renders nothing; at 30,000 service pages that whitespace alone is over 100 MB
of a public site GitHub Pages caps at 1 GB. Each run of whitespace that holds a
line break becomes one line break. Between tags and in running text a browser
collapses whitespace anyway, so the page looks and reads the same (screen
readers included); inline scripts keep their line breaks, so no statement
changes meaning. A page with preformatted text (``<pre>``, ``<textarea>``),
where whitespace shows, is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

_WHITESPACE_SHOWS = ("<pre", "<textarea")


def compact_html(html: str) -> str:
    """``html`` with every whitespace run that holds a line break reduced to ``\\n``.

    Equal to ``re.sub(r"[ \\t]*\\n[ \\t\\r\\n]*", "\\n", html)`` (``tests/test_compact_html.py``
    checks it on random text), done line by line: a run is the spaces and tabs that end one
    line and all the whitespace that starts the lines after it, so each line is stripped
    on its own and lines left empty go. The regular expression tried a match at every
    character and cost 0.39 ms on a 13 KB page, 12 s of a 30,000-service public build;
    this takes 0.14 ms (400 pages of the sample basket, same run)."""
    if _whitespace_shows(html):
        return html
    lines = html.split("\n")
    if len(lines) == 1:
        return html
    return "\n".join([lines[0].rstrip(" \t"), *_kept_middle(lines[1:-1]), lines[-1].lstrip(" \t\r")])


@dataclass(frozen=True)
class FixedText:
    """Text that stands in many pages (a piece of the theme's shell, ``page_shell``), its whole
    lines compacted once: ``compact_joined`` then reads only the lines of what changes per page."""

    text: str
    head: str  # up to its first line break
    middle: str  # its lines between the first and the last break, compacted, "" when none is left
    tail: str  # after its last line break
    breaks: bool

    @classmethod
    def of(cls, text: str) -> "FixedText":
        lines = text.split("\n")
        if len(lines) == 1:
            return cls(text, text, "", "", False)
        return cls(text, lines[0], "\n".join(_kept_middle(lines[1:-1])), lines[-1], True)


def compact_joined(pieces: list[str | FixedText]) -> str:
    """``compact_html`` of the pieces joined, reading again only the lines of the ``str`` pieces
    and those across a join. Equal to ``compact_html("".join(...))`` (``tests/test_compact_html.py``).

    A basket page is the theme's shell (some 300 lines) around its own content (about 60):
    compacting the whole page took 0.14 ms, 4.4 s of a 30,000-service public build."""
    whole = "".join(piece.text if isinstance(piece, FixedText) else piece for piece in pieces)
    if _whitespace_shows(whole):
        return whole
    lines: list[str] = []
    line: list[str] = []  # the raw parts of the line not ended yet
    first = True
    for piece in pieces:
        if isinstance(piece, FixedText):
            if not piece.breaks:
                line.append(piece.text)
                continue
            line.append(piece.head)
            _end_line(lines, "".join(line), first)
            first = False
            if piece.middle:
                lines.append(piece.middle)
            line = [piece.tail]
            continue
        parts = piece.split("\n")
        line.append(parts[0])
        for part in parts[1:]:
            _end_line(lines, "".join(line), first)
            first = False
            line = [part]
    if first:
        return whole
    lines.append("".join(line).lstrip(" \t\r"))
    return "\n".join(lines)


def _whitespace_shows(html: str) -> bool:
    return any(marker in html for marker in _WHITESPACE_SHOWS)


def _kept_middle(lines: list[str]) -> list[str]:
    """Lines that have a line break before and after them, compacted; those left empty go."""
    return [kept for kept in map(_middle_line, lines) if kept]


def _middle_line(line: str) -> str:
    return line.lstrip(" \t\r").rstrip(" \t")


def _end_line(lines: list[str], line: str, first: bool) -> None:
    if first:
        lines.append(line.rstrip(" \t"))
    else:
        kept = _middle_line(line)
        if kept:
            lines.append(kept)
