"""What a typed word means beyond its own lemma: taxonomy values it names, and needs.

Two sources, both applied by the browser at query time (``slowa.json``), never baked
into the postings, so one query is still one set of services and facet counts stay
exact:

- **Group and area words.** A word of a target group's or an area's label ("Seniorzy",
  "Cudzoziemcy", "Kultura") also finds every service tagged with that value. Words
  too general to mean one value ("osoba", "pomoc", "wsparcie") are left out.
- **The needs thesaurus** (``site_config/potrzeby.yml``, ``thesaurus.py``): an everyday
  phrase ("stracił pracę", "nie mam pieniędzy") stands for a need; a query containing
  it also finds services using the need's terms or tagged with its areas and groups.
  Phrases and terms are reduced to index keys here (lemmas via Morfeusz), so the browser
  matches them on lemmas whatever the inflection.
- **Cue words** (``cue_needs``): a word of a phrase or term that no service uses
  ("chlać", "noclegownia", "pleśń") and that only a few needs use stands for those
  needs on its own, so "mój mąż chleje" finds what "mąż pije" finds, although no phrase
  says it whole. The forms table carries them (``#<need>`` among a form's keys).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..taxonomy import Taxonomy
from .morphology import UNKNOWN_MARK, word_keys
from .text import fold, words
from .thesaurus import Thesaurus

WordKeys = tuple[str, ...]
Phrase = tuple[WordKeys, ...]

# A word used by more needs than this is too general to stand for them on its own.
MAX_CUE_NEEDS = 3
MIN_CUE_LENGTH = 4

# Label words that name no single group or area: they would tag half the basket.
GENERAL_LABEL_WORDS = frozenset(
    "osoba wszyscy wszystek mieszkaniec wsparcie wspieranie pomoc ochrona tym ten trudnosc wiele wielu "
    "przeciwdzialanie przeciwdzialac zalezny zalezna inny spoleczny wspierac wesprzec doznawac zastepczy wychowac".split())


@dataclass(frozen=True)
class Need:
    """One thesaurus group as the engine applies it."""

    label: str
    phrases: tuple[Phrase, ...]
    terms: tuple[Phrase, ...]
    facets: tuple[tuple[str, str], ...]  # (facet param, value): obszar/grupa
    tile: str = ""  # the tile's text when the group is a need tile
    texts: tuple[str, ...] = ()  # the label and phrases as written
    hint: bool = False  # its words name a person: a soft hint beside a need (thesaurus ``wskazowka``)


@dataclass
class Concepts:
    labels: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # key -> (param, value)
    needs: list[Need] = field(default_factory=list)
    unknown_forms: dict[str, set[str]] = field(default_factory=dict)  # folded word -> its "~" key
    paused: tuple[str, ...] = ()  # statuses of services shown but not running now (taxonomy ``dziala: false``)

    def __post_init__(self):
        """Phrase words Morfeusz does not know ("PUP", "ŚDS") have no forms to generate: the
        forms table gets them as written, or a query could not name the need they stand for."""
        for need in self.needs:
            for text in need.texts:
                for word in words(text):
                    keys = word_keys(word)
                    if len(keys) == 1 and keys[0].startswith(UNKNOWN_MARK):
                        self.unknown_forms.setdefault(fold(word), set()).add(keys[0])

    def query_keys(self) -> set[str]:
        """Every key a query may need to be recognised as: the words of phrases and labels."""
        keys = set(self.labels)
        for need in self.needs:
            keys.update(key for phrase in need.phrases for word in phrase for key in word)
        return keys

    def cue_needs(self, indexed: set[str], with_postings: set[str]) -> dict[str, set[str]]:
        """Keys of phrase and term words that no service uses (not in ``indexed``) → the
        ``#<number>`` keys of the needs using them, when at most ``MAX_CUE_NEEDS`` needs with
        postings (``with_postings``) do. A word the cards use finds its services itself."""
        users: dict[str, set[str]] = defaultdict(set)
        for number, need in enumerate(self.needs):
            if f"#{number}" not in with_postings:
                continue
            for phrase in (*need.phrases, *need.terms):
                for word in phrase:
                    for key in word:
                        if len(key) >= MIN_CUE_LENGTH and not key.startswith(UNKNOWN_MARK) and key not in indexed:
                            users[key].add(f"#{number}")
        return {key: needs for key, needs in users.items() if len(needs) <= MAX_CUE_NEEDS}

    def for_browser(self, need_keys: set[str]) -> dict:
        """The JSON the browser reads (``slowa.json``); ``need_keys``: needs with postings in the index
        (``#<number>``), the others keep only their facets and tile."""
        needs = []
        for number, need in enumerate(self.needs):
            key = f"#{number}" if f"#{number}" in need_keys else ""
            needs.append({"etykieta": need.label, "frazy": [[list(word) for word in p] for p in need.phrases],
                          "klucz": key, "filtry": [list(f) for f in need.facets], "kafel": need.tile,
                          **({"wskazowka": True} if need.hint else {})})
        return {"etykiety": {key: [list(v) for v in values] for key, values in self.labels.items()},
                "potrzeby": needs, "wstrzymane": list(self.paused)}


def phrase_keys(text: str) -> Phrase:
    """Keys of each content word of a phrase: "straciłem pracę" → (("stracic",), ("praca",))."""
    return tuple(word_keys(word) for word in words(text))


def label_words(taxonomy: Taxonomy) -> dict[str, list[tuple[str, str]]]:
    """Lemma keys of group and area labels → the values they name."""
    found: dict[str, list[tuple[str, str]]] = {}
    for param, vocabulary in (("grupa", taxonomy.groups), ("obszar", taxonomy.areas)):
        for term in vocabulary:
            for keys in phrase_keys(term.label):
                for key in keys:
                    if key in GENERAL_LABEL_WORDS or key.startswith("~") or len(key) < 4:
                        continue
                    if (param, term.key) not in found.setdefault(key, []):
                        found[key].append((param, term.key))
    return found


def build_concepts(taxonomy: Taxonomy, thesaurus: Thesaurus | None = None) -> Concepts:
    """Concepts from the taxonomy's labels and, when given, the needs thesaurus."""
    needs = []
    for group in thesaurus or ():
        facets = tuple([("obszar", v) for v in group.areas] + [("grupa", v) for v in group.groups])
        needs.append(Need(
            group.label,
            tuple(p for p in (phrase_keys(text) for text in (group.label, *group.phrases)) if p),
            tuple(p for p in (phrase_keys(text) for text in (group.label, *group.terms)) if p),
            facets,
            group.label if group.tile else "",
            (group.label, *group.phrases),
            group.hint,
        ))
    paused = tuple(term.key for term in taxonomy.statuses if term.listed and not term.running)
    return Concepts(label_words(taxonomy), needs, paused=paused)
