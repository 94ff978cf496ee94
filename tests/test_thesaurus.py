"""The needs thesaurus (site_config/potrzeby.yml): what the partnership may write, and what it is told when wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from koszyk.cli import main
from koszyk.search.concepts import build_concepts, phrase_keys
from koszyk.search.indexing import _Collector
from koszyk.search.morphology import word_keys
from koszyk.search.records import SearchRecord
from koszyk.search.text import words
from koszyk.search.thesaurus import MAX_TILES, ThesaurusError, load_thesaurus, normalized, read_thesaurus
from koszyk.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
THESAURUS = ROOT / "site_config" / "potrzeby.yml"
TAXONOMY = load_taxonomy()

GOOD = """\
- id: jedzenie
  etykieta: Jedzenie
  kafel: true
  frazy: [brak jedzenia, nie mam co jeść]
  terminy: [bank żywności]
  obszary: [pomoc_spoleczna]
  grupy_docelowe: [rodziny]
"""


def read(tmp_path: Path, text: str):
    path = tmp_path / "potrzeby.yml"
    path.write_text(text, encoding="utf-8")
    return read_thesaurus(path, TAXONOMY, tmp_path)


def test_the_shipped_thesaurus_is_valid_and_large_enough():
    reading = read_thesaurus(THESAURUS, TAXONOMY)
    assert reading.problems == []
    thesaurus = reading.thesaurus
    assert len(thesaurus) >= 150
    assert 10 <= len(thesaurus.tiles) <= MAX_TILES
    for phrase in ("stracił pracę", "pobił mnie", "dziecko się jąka", "opieka nad mamą", "Ukrainka",
                   "rehabilitant", "nie mam gdzie spać", "nie mam pieniędzy", "PUP", "OIK", "OPS"):
        assert any(phrase in group.phrases for group in thesaurus), phrase


def _record(number: int, text: str) -> SearchRecord:
    weights: dict[str, float] = {}
    for word in words(text):
        for key in word_keys(word):
            weights[key] = weights.get(key, 0.0) + 1.0
    return SearchRecord(f"uslugi/u{number}/", weights, frozenset(), 5.0, {"title": text, "id": f"u{number}"})


def _cards_found_through_needs(typed: str, cards: list[str]) -> set[str]:
    """The cards a query finds through the thesaurus alone: the needs whose phrase is the
    whole query, and the services their postings hold (what the browser adds to the words)."""
    concepts = build_concepts(TAXONOMY, load_thesaurus(THESAURUS, TAXONOMY))
    collector = _Collector()
    for number, text in enumerate(cards):
        collector.add(_record(number, text))
    postings = collector.need_postings(concepts, collector.impacts())
    typed_keys = phrase_keys(typed)
    found = set()
    for number, need in enumerate(concepts.needs):
        said = any(len(phrase) == len(typed_keys) and all(set(a) & set(b) for a, b in zip(phrase, typed_keys))
                   for phrase in need.phrases)
        if said and f"#{number}" in postings:
            found |= {cards[doc] for doc in postings[f"#{number}"][0]}
    return found


@pytest.mark.parametrize("typed, card", [
    ("PUP", "Staże w Powiatowym Urzędzie Pracy"),
    ("urząd pracy", "Rejestracja w PUP"),
    ("OIK", "Dyżur ośrodka interwencji kryzysowej"),
    ("interwencja kryzysowa", "Dyżur psychologa w OIK"),
    ("ŚDS", "Zajęcia w środowiskowym domu samopomocy"),
    ("GOPS", "Wizyta pracownika socjalnego"),
    ("POZ", "Wizyta u lekarza rodzinnego"),
    ("niebieska karta", "Wsparcie dla osób doznających przemocy domowej"),
])
def test_an_institution_or_need_named_one_way_finds_cards_that_name_it_another(typed, card):
    """What synonyms.yml did, now done by the thesaurus: an acronym finds the full name and
    the other way round (the acronym is a phrase and a term of its group)."""
    found = _cards_found_through_needs(typed, [card, "Zajęcia plastyczne dla dzieci"])
    assert found == {card}


def test_a_good_group_is_read_with_all_its_parts(tmp_path):
    reading = read(tmp_path, GOOD)
    assert reading.problems == []
    (group,) = reading.thesaurus.groups
    assert group.id == "jedzenie" and group.label == "Jedzenie" and group.tile
    assert group.phrases == ("brak jedzenia", "nie mam co jeść")
    assert group.terms == ("bank żywności",)
    assert group.areas == ("pomoc_spoleczna",) and group.groups == ("rodziny",)
    assert group.words == ("Jedzenie", "brak jedzenia", "nie mam co jeść", "bank żywności")


# (name, file text, "line:column", field, fragment of the message, is an error)
CASES = [
    ("unknown area with suggestion", GOOD.replace("[pomoc_spoleczna]", "[pomoc_spoleczn]"),
     "6:13", "grupy[1].obszary[1]", "nieznana wartość „pomoc_spoleczn” w słowniku „Obszar współpracy”; "
     "czy chodziło o „pomoc_spoleczna”?", True),
    ("target group given by its label", GOOD.replace("[rodziny]", "[Seniorzy]"),
     "7:20", "grupy[1].grupy_docelowe[1]", "czy chodziło o „seniorzy”?", True),
    ("unknown field with suggestion", GOOD + "  fraza: [x]\n",
     "8:3", "grupy[1].fraza", "nieznane pole „fraza”; czy chodziło o „frazy”?", True),
    ("missing label", GOOD.replace("  etykieta: Jedzenie\n", ""),
     "1:3", "grupy[1]", "brak pola „etykieta”", True),
    ("bad id", GOOD.replace("id: jedzenie", "id: Jedzenie Dla Wszystkich"),
     "1:7", "grupy[1].id", "nie nadaje się na id", True),
    ("duplicate id", GOOD + GOOD.replace("brak jedzenia, nie mam co jeść", "głód"),
     "8:7", "grupy[2].id", "id „jedzenie” ma już grupa nr 1", True),
    ("phrase in two groups", GOOD + GOOD.replace("id: jedzenie", "id: glod").replace("kafel: true", "kafel: false"),
     "11:11", "grupy[2].frazy[1]", "fraza „brak jedzenia” jest też w grupie „jedzenie”", False),
    ("same phrase twice, spelt without diacritics", GOOD.replace("nie mam co jeść]", "nie mam co jeść, Nie mam co jesc]"),
     "4:43", "grupy[1].frazy[3]", "powtarza „nie mam co jeść”", False),
    ("empty group", "- id: pusta\n  etykieta: Pusta\n",
     "1:3", "grupy[1]", "grupa „pusta” jest pusta", True),
    ("number as a phrase", GOOD.replace("[bank żywności]", "[bank żywności, 112]"),
     "5:28", "grupy[1].terminy[2]", "termin musi być niepustym tekstem", True),
    ("tile flag not a boolean", GOOD.replace("kafel: true", "kafel: tak"),
     "3:10", "grupy[1].kafel", "wpisz true", True),
    ("hint flag not a boolean", GOOD.replace("kafel: true", "kafel: true\n  wskazowka: tak"),
     "4:14", "grupy[1].wskazowka", "wpisz true", True),
    ("phrases not a list", GOOD.replace("frazy: [brak jedzenia, nie mam co jeść]", "frazy: brak jedzenia"),
     "4:10", "grupy[1].frazy", "to lista", True),
    ("a mapping instead of a list of groups", "jedzenie:\n  etykieta: Jedzenie\n",
     "1:1", "", "oczekiwano listy grup potrzeb", True),
    ("punctuation only", GOOD.replace("[bank żywności]", "['!!!']"),
     "5:13", "grupy[1].terminy[1]", "nie zawiera ani jednej litery", True),
    ("overlong phrase", GOOD.replace("[bank żywności]", "[" + "bardzo " * 15 + "długo]"),
     "5:13", "grupy[1].terminy[1]", "najwyżej 80", True),
    ("duplicate yaml key", GOOD + "  etykieta: Druga\n",
     "8:3", "grupy[1].etykieta", "klucz „etykieta” powtórzony", True),
    ("foreign yaml tag", GOOD.replace("[bank żywności]", "[!!python/object:os.system x]"),
     "5:13", "grupy[1].terminy[1]", "niedozwolony znacznik YAML", True),
    ("tab indentation", GOOD.replace("  etykieta", "\tetykieta"),
     "2:1", "", "tabulator", True),
    ("syntax error", GOOD.replace("[bank żywności]", "[bank żywności"),
     "6:10", "", "błąd składni YAML", True),
]


@pytest.mark.parametrize("name,text,where,field,message,is_error", CASES, ids=[case[0] for case in CASES])
def test_a_broken_thesaurus_is_explained_at_the_right_line(tmp_path, name, text, where, field, message, is_error):
    reading = read(tmp_path, text)
    matching = [p for p in reading.problems if message in p.message]
    assert matching, [p.format_text() for p in reading.problems]
    problem = matching[0]
    assert f"{problem.line}:{problem.column}" == where, problem.format_text()
    assert problem.field == field
    assert problem.is_error == is_error
    assert problem.path == "potrzeby.yml"


def test_an_alias_bomb_is_refused_not_expanded(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8))
    reading = read(tmp_path, bomb)
    assert reading.errors and "bomba" in reading.errors[0].message


def test_load_thesaurus_raises_with_every_error_in_polish(tmp_path):
    path = tmp_path / "potrzeby.yml"
    path.write_text(GOOD.replace("[rodziny]", "[rodzinki]") + "- id: x\n  etykieta: X\n", encoding="utf-8")
    with pytest.raises(ThesaurusError) as caught:
        load_thesaurus(path, TAXONOMY, tmp_path)
    text = str(caught.value)
    assert "Słownik potrzeb ma błędy (2)" in text
    assert "potrzeby.yml:7:20: grupy[1].grupy_docelowe[1]: nieznana wartość „rodzinki”" in text
    assert "potrzeby.yml:8:3: grupy[2]: grupa „x” jest pusta" in text


def test_a_missing_thesaurus_is_an_empty_one(tmp_path):
    reading = read_thesaurus(tmp_path / "nie-ma.yml", TAXONOMY)
    assert reading.problems == [] and len(reading.thesaurus) == 0


def test_more_tiles_than_the_home_shows_are_flagged_and_cut(tmp_path):
    groups = "".join(GOOD.replace("jedzenie", f"jedzenie-{n}").replace("brak jedzenia, nie mam co jeść", f"fraza {n}")
                     .replace("bank żywności", f"termin {n}") for n in range(MAX_TILES + 2))
    reading = read(tmp_path, groups)
    assert [p.message for p in reading.warnings if "kafli jest 16" in p.message]
    assert len(reading.thesaurus.tiles) == MAX_TILES


def test_koszyk_validate_checks_the_thesaurus_file(tmp_path):
    path = tmp_path / "potrzeby.yml"
    path.write_text(GOOD.replace("[rodziny]", "[rodzinki]"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert "potrzeby.yml:7:20: grupy[1].grupy_docelowe[1]: nieznana wartość „rodzinki”" in result.output
    path.write_text(GOOD, encoding="utf-8")
    assert CliRunner().invoke(main, ["validate", str(path)]).exit_code == 0


def test_a_broken_thesaurus_stops_the_build_with_its_located_message(tmp_path, caplog):
    from koszyk.building import build_site

    project = tmp_path / "projekt"
    for folder in ("content", "site_config", "baskets"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    broken = project / "site_config" / "potrzeby.yml"
    broken.write_text(GOOD.replace("[pomoc_spoleczna]", "[pomoc_spoleczn]"), encoding="utf-8")
    outcome = build_site(project / "mkdocs.yml", ["public"], tmp_path / "site", project / "baskets" / "przykladowo",
                         today="2026-11-23")
    assert outcome["public"]  # MkDocs logs the plugin's message and aborts
    assert "Słownik potrzeb ma błędy (1)" in caplog.text
    assert "potrzeby.yml:6:13: grupy[1].obszary[1]: nieznana wartość „pomoc_spoleczn”" in caplog.text
    assert not (tmp_path / "site" / "public" / "index.html").exists()


def test_koszyk_validate_without_arguments_checks_the_thesaurus_and_help_lines(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "baskets", tmp_path / "baskets")
    shutil.copytree(ROOT / "site_config", tmp_path / "site_config")
    (tmp_path / "site_config" / "potrzeby.yml").write_text(GOOD.replace("[rodziny]", "[rodzinki]"), encoding="utf-8")
    (tmp_path / "site_config" / "telefony.yml").write_text('- numer: "11"\n  nazwa: Zły numer\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--today", "2026-11-23"])
    assert result.exit_code == 1
    assert "site_config/potrzeby.yml:7:20: grupy[1].grupy_docelowe[1]: nieznana wartość „rodzinki”" in result.output
    assert "site_config/telefony.yml:1:10: telefony[1].numer: podaj numer cyframi" in result.output


def test_family_words_are_hints_and_group_words_are_not():
    """"syn", "mama", "dziadek" name who a need concerns (``wskazowka``); "senior" and
    "nastolatek" name a target group and count in full."""
    thesaurus = load_thesaurus(THESAURUS, TAXONOMY)
    hints = {normalized(phrase) for group in thesaurus if group.hint for phrase in group.phrases}
    others = {normalized(phrase) for group in thesaurus if not group.hint for phrase in group.phrases}
    assert {"syn", "corka", "mama", "maz", "zona", "ojciec", "dziadek", "babcia"} <= hints
    assert {"senior", "nastolatek", "dziecko"} <= others and not {"senior", "nastolatek", "dziecko"} & hints
