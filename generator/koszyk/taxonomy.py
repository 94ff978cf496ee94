"""The basket's vocabularies, read from ``site_config/taxonomy.yml``.

That file is the one source of truth for every closed list of values: the
validator, the JSON Schema, the site and the Excel sheets all read it from here.
It belongs to the project using koszyk, not to the package: the plugin finds it
next to ``mkdocs.yml``, the CLI through ``--taxonomy``, and library callers that
pass none get the one in the working directory (``DEFAULT_PATH``, the project's
root, like ``baskets/``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .loading import load_document

DEFAULT_PATH = Path("site_config") / "taxonomy.yml"


class TaxonomyError(ValueError):
    """The vocabulary file is missing or malformed; the message says where, in Polish."""


@dataclass(frozen=True)
class Term:
    """One value of a vocabulary.

    Two flags carry the visibility policy (``koszyk.variants`` asks them, nothing
    else does): ``listed`` is false for a status whose services are not shown at all
    (``pokazywana: false``, e.g. withdrawn), ``public`` is false for a visibility whose
    services stay on the intranet (``publiczna: false``). ``running`` is false for a
    status whose services are shown but do not run now (``dziala: false``, e.g.
    suspended): search ranks them below running services that match as well.
    ``search_lists`` is true for a level whose list leaves the lists of a matrix cell and of
    a gmina to the lists below it (``listy_w_wyszukiwarce: true``, the national list): its
    counts link to the search page, filtered (``Taxonomy.lists_in_search``).
    """

    key: str
    label: str
    description: str
    listed: bool = True
    public: bool = True
    resident_label: str | None = None
    """What the public site says instead of the model's term (``dla_mieszkancow``); "" hides it there."""
    running: bool = True
    search_lists: bool = False


@dataclass(frozen=True)
class Vocabulary:
    name: str
    title: str
    terms: tuple[Term, ...]

    def __post_init__(self):
        object.__setattr__(self, "_keys", frozenset(term.key for term in self.terms))

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self):
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    @property
    def keys(self) -> list[str]:
        return [term.key for term in self.terms]

    def label(self, key: str) -> str:
        for term in self.terms:
            if term.key == key:
                return term.label
        return key

    def resident_label(self, key: str) -> str:
        """The plain wording for residents: the term's ``dla_mieszkancow``, else its label; "" means say nothing."""
        term = self.term(key)
        if term is None:
            return key
        return term.label if term.resident_label is None else term.resident_label

    def term(self, key: str) -> Term | None:
        return next((term for term in self.terms if term.key == key), None)

    def key_for_label(self, label: str) -> str | None:
        """The key whose label (or key) equals ``label``, ignoring case: for Excel."""
        wanted = label.strip().casefold()
        for term in self.terms:
            if wanted in (term.label.casefold(), term.key.casefold()):
                return term.key
        return None


@dataclass(frozen=True)
class Taxonomy:
    vocabularies: dict[str, Vocabulary]

    def __getitem__(self, name: str) -> Vocabulary:
        return self.vocabularies[name]

    # Named accessors keep call sites readable and typo-proof.
    @property
    def areas(self) -> Vocabulary:
        return self["obszary"]

    @property
    def groups(self) -> Vocabulary:
        return self["grupy_docelowe"]

    @property
    def access_modes(self) -> Vocabulary:
        return self["tryby_dostepu"]

    @property
    def criteria(self) -> Vocabulary:
        return self["kryteria"]

    @property
    def statuses(self) -> Vocabulary:
        return self["statusy"]

    @property
    def reaches(self) -> Vocabulary:
        return self["zasiegi"]

    @property
    def costs(self) -> Vocabulary:
        return self["odplatnosci"]

    @property
    def visibilities(self) -> Vocabulary:
        return self["widocznosci"]

    @property
    def partner_types(self) -> Vocabulary:
        return self["typy_partnerow"]

    @property
    def roles(self) -> Vocabulary:
        return self["role"]

    @property
    def delivery_forms(self) -> Vocabulary:
        return self["formy_realizacji"]

    @property
    def levels(self) -> Vocabulary:
        return self["poziomy"]

    def lists_in_search(self, level: str) -> bool:
        """Whether a list of this level leaves two listings to the search page: a page per
        matrix cell (``przegladaj/macierz/``) and the list of each gmina's services (its
        gmina page keeps the counts). A national list of 300,000 services does: its cell
        pages were 411 MB and its gmina lists 109 MB, of the 1 GB GitHub Pages allows
        (``bench/country_bench.py``), and each of those services is also in its area's and
        group's lists here and in its gmina's own site."""
        term = self.levels.term(level) if "poziomy" in self.vocabularies else None
        return term is not None and term.search_lists


def parse_taxonomy(data: dict) -> Taxonomy:
    vocabularies = {}
    for name, body in data.items():
        terms = tuple(
            Term(key=key, label=str(value["etykieta"]), description=str(value.get("opis", "")),
                 listed=value.get("pokazywana", True) is not False, public=value.get("publiczna", True) is not False,
                 resident_label=None if value.get("dla_mieszkancow") is None else str(value["dla_mieszkancow"]),
                 running=value.get("dziala", True) is not False,
                 search_lists=value.get("listy_w_wyszukiwarce", False) is True)
            for key, value in body["wartosci"].items()
        )
        vocabularies[name] = Vocabulary(name=name, title=str(body["tytul"]), terms=terms)
    return Taxonomy(vocabularies)


@lru_cache(maxsize=8)
def load_taxonomy(path: Path | str = DEFAULT_PATH) -> Taxonomy:
    path = Path(path)
    if not path.is_file():
        raise TaxonomyError(f"{path}: nie ma pliku słowników; uruchom polecenie w folderze projektu "
                            "albo wskaż plik (--taxonomy)")
    document = load_document(path)
    if document.problems:
        raise TaxonomyError(document.problems[0].format_text())
    try:
        return parse_taxonomy(document.data)
    except (AttributeError, KeyError, TypeError) as error:
        raise TaxonomyError(f"{path}: zły układ pliku słowników (każdy słownik: tytul i wartosci, "
                            f"każda wartość: etykieta): {error}") from None
