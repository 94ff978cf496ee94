"""What a valid ``zestawienie.yml`` is, and reading it with the position of every source.

A collection (a powiat's *gminno-powiatowa lista*, a ROPS's voivodeship list) names
the baskets it is made of: local basket folders (``katalog``) and the published open
data of other koszyk sites (``adres``, fetched beforehand by ``koszyk pobierz``).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import schema
from ..loading import Document, load_document
from ..problems import Problem, display_path, resolved
from ..taxonomy import Taxonomy
from ..validation import COLLECTION_FILE, check_document

SOURCE_ENTRY = schema.Record((
    schema.Field("katalog", schema.Text(max_length=500),
                 "Folder koszyka gminy (z basket.yml), względem pliku zestawienie.yml."),
    schema.Field("adres", schema.Url(),
                 "Adres opublikowanych danych koszyka (koszyk.json); pobiera je „koszyk pobierz”."),
    schema.Field("strona", schema.Url(),
                 "Adres strony koszyka gminy: usługi w zestawieniu linkują do swoich stron na niej."),
))

COLLECTION = schema.Record((
    schema.Field("id", schema.SLUG, "Identyfikator zestawienia.", required=True),
    schema.Field("nazwa", schema.SHORT_TEXT, "Nazwa zestawienia.", required=True),
    schema.Field("poziom", schema.Choice("poziomy"), "Poziom: gmina, powiat, województwo albo kraj.", default="powiat"),
    schema.Field("teryt", schema.TERYT, "Kod TERYT terytorium."),
    schema.Field("lider", schema.SHORT_TEXT, "Kto prowadzi zestawienie (np. PCPR, ROPS)."),
    schema.Field("opis", schema.LONG_TEXT, "Opis zestawienia."),
    schema.Field("zrodla", schema.ListOf(SOURCE_ENTRY, 1), "Koszyki, z których powstaje zestawienie.",
                 required=True),
))


@dataclass(frozen=True)
class SourceEntry:
    """One item of ``zrodla``: a local folder or a published address, and where it is written."""

    index: int
    folder: Path | None = None
    address: str = ""
    site_url: str = ""
    display: str = COLLECTION_FILE
    """The ``zestawienie.yml`` it is written in, as messages show it."""
    line: int = 1
    column: int = 1
    written: str = ""
    """The folder as ``zestawienie.yml`` writes it, for messages."""

    @property
    def field(self) -> str:
        return f"zrodla[{self.index + 1}]." + ("katalog" if self.folder is not None else "adres")

    @property
    def label(self) -> str:
        return self.address or self.written or (self.folder.as_posix() if self.folder else "")

    def problem(self, message: str, severity: str = "error") -> Problem:
        return Problem(self.display, self.line, self.column, self.field, message, severity)


@dataclass
class CollectionSpec:
    folder: Path
    id: str
    name: str
    level: str = "powiat"
    teryt: str = ""
    leader: str = ""
    description: str = ""
    entries: list[SourceEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_spec(folder: Path, taxonomy: Taxonomy, today: dt.date, root: Path | None = None) -> CollectionSpec:
    """``zestawienie.yml`` of ``folder``, checked; every problem has the file's line and column."""
    path = folder / COLLECTION_FILE
    document = load_document(path, display_path(path, root))
    info = check_document(document, COLLECTION, taxonomy, today) or {}
    spec = CollectionSpec(folder=folder, id=info.get("id", folder.name), name=info.get("nazwa", folder.name),
                          level=info.get("poziom", "powiat"), teryt=info.get("teryt", ""),
                          leader=info.get("lider", ""), description=info.get("opis", ""))
    raw_entries = (document.data or {}).get("zrodla") if isinstance(document.data, dict) else None
    for index, entry in enumerate(info.get("zrodla", [])):
        if isinstance(raw_entries, list) and len(raw_entries) == len(info["zrodla"]):
            spec.entries.extend(_entry(document, folder, index, entry, raw_entries[index]))
    seen: dict[str, SourceEntry] = {}
    for entry in spec.entries:
        key = entry.address or str(resolved(entry.folder) or entry.folder)
        if key in seen:
            document.problem(("zrodla", entry.index), f"to samo źródło co w linii {seen[key].line}; usuń powtórzenie")
        seen.setdefault(key, entry)
    spec.problems = document.problems
    spec.entries = [entry for entry in spec.entries
                    if seen.get(entry.address or str(resolved(entry.folder) or entry.folder)) is entry]
    return spec


def _entry(document: Document, folder: Path, index: int, entry: dict, written) -> list[SourceEntry]:
    """One source of the list; ``entry`` as checked, ``written`` as in the file (a value the check
    rejected, e.g. a ``file://`` address, is gone from ``entry`` and was reported at its line)."""
    path = ("zrodla", index)
    keys = {key for key in ("katalog", "adres") if isinstance(written, dict) and key in written}
    if len(keys) != 1:
        document.problem(path, "źródło ma mieć albo „katalog” (folder koszyka), albo „adres” (opublikowany koszyk.json)")
        return []
    if not keys <= entry.keys():  # its value was rejected, and said so
        return []
    if "katalog" in entry:
        line, column = document.where(path + ("katalog",))
        return [SourceEntry(index, folder=Path(os.path.normpath(folder / entry["katalog"])), written=entry["katalog"],
                            site_url=entry.get("strona", ""),
                            display=document.display, line=line, column=column)]
    line, column = document.where(path + ("adres",))
    return [SourceEntry(index, address=entry["adres"], site_url=entry.get("strona", ""),
                        display=document.display, line=line, column=column)]


def card_sources(folder: Path, taxonomy: Taxonomy, depth: int = 0) -> list[tuple[Path, str]]:
    """Every card file a collection is built from, with the id prefix its services get there
    (``""`` for a plain basket): what the leak check reads. Nested collections included."""
    from ..validation import BASKET_FILE, card_paths  # noqa: PLC0415 - validation imports this package lazily

    if not (folder / COLLECTION_FILE).is_file():
        return [(path, "") for path in card_paths(folder)]
    found = [(path, _own_id(folder, taxonomy)) for path in card_paths(folder)]
    if depth > 4:
        return found
    spec = read_spec(folder, taxonomy, dt.date.today())
    for entry in spec.entries:
        if entry.folder is None or not entry.folder.is_dir():
            continue
        if (entry.folder / COLLECTION_FILE).is_file():
            found += card_sources(entry.folder, taxonomy, depth + 1)
        elif (entry.folder / BASKET_FILE).is_file():
            prefix = _basket_id(entry.folder / BASKET_FILE, entry.folder.name)
            found += [(path, prefix) for path in card_paths(entry.folder)]
    return found


def _own_id(folder: Path, taxonomy: Taxonomy) -> str:
    return read_spec(folder, taxonomy, dt.date.today()).id


def _basket_id(path: Path, fallback: str) -> str:
    data = load_document(path).data
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else fallback
