"""A tool of the model as a document: a title and a list of simple blocks.

Every tool, blank or filled from the basket, is first built as this small
structure; ``odt.py``, ``docx.py`` and the tool's HTML page each render it, so
the three formats cannot drift apart. A field to fill is a label with an empty
value; a filled tool is the same document with values put in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CHECKED, UNCHECKED = "☒", "☐"
BLANK_LINE = "…" * 20  # what a field to fill looks like on paper


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 1 is the document's title


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Fields:
    """Label → value pairs; an empty value is a line to fill by hand."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Checkboxes:
    question: str
    items: tuple[tuple[str, bool], ...]

    def lines(self) -> list[str]:
        return [f"{CHECKED if checked else UNCHECKED} {label}" for label, checked in self.items]


Block = Heading | Paragraph | Bullets | Table | Fields | Checkboxes


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str = ""
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def headings(self) -> list[str]:
        return [self.title] + [block.text for block in self.blocks if isinstance(block, Heading)]
