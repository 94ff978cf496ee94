"""Property tests: valid cards, mutated the way a hostile or careless partner could, never crash ``koszyk validate``.

Each example starts from a real card of the sample baskets and changes it: values
replaced by other types, explicit tags, anchors and aliases (recursive too),
nesting of any depth, control, bidirectional and invisible characters, other
encodings, truncation and flipped bytes. Whatever comes out, validation must
exit with 0 or 1, print only ``path:line:col: …`` lines, write nothing, and stay
within time and memory bounds. The number of examples fits CI's minute;
``KOSZYK_FUZZ_EXAMPLES=2000`` runs longer (see README, "Testy").
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koszyk.characters import FILE_FORBIDDEN, describe, first_hidden
from koszyk.problems import display_path

from .fuzzing import (
    ROOT, assert_failed_cleanly, assert_unchanged, fuzz_examples, message_lines, run_cli, run_cli_process, snapshot,
)

SEEDS = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "baskets").glob("*/partnerzy/*.yml"))]
VALUE_LINE = re.compile(r"^(?P<prefix>[ ]*(?:- )?[a-z_]+: )(?P<value>\S.*)$", re.MULTILINE)
TODAY = "2026-11-23"

TAGS = ["!!str", "!!int", "!!float", "!!bool", "!!null", "!!timestamp", "!!map", "!!seq", "!!set", "!!omap",
        "!!pairs", "!!binary", "!!merge", "!!value", "!!python/object/apply:os.system", "!!python/name:os.getcwd",
        "!<tag:yaml.org,2002:bool>", "!<tag:yaml.org,2002:int>", "!", "!lokalny", "!e!x", "!!"]
TAG_VALUES = ['""', '"-"', '"+"', "maybe", "perhaps", "foo", "0x", "0b", "1:2:3", "1_000", ".inf", "-.nan", "~",
              "2026-02-31", "2026-13-45 25:61:61", "9" * 5000, "1" + ":00" * 3000, "[]", "{}", "[a]", "{a: b}",
              "=", "<<", "Yes", "off", "0o17", "1e9999", "-"]
SNIPPETS = ["&a x", "*a", "&a [*a]", "&a {b: *a}", "*nieznany", "<<: *a", "? [a, b]\n: c", "{? {a: b}: c}",
            "[a, b", "{a: b", '"niezamknięty', "'it''s'", "|", ">-\n  tekst", "---", "...", "%YAML 1.1",
            "@x", "`x", "%x", "- a\n- b", "a: b: c", "!!", "&", "*", '"\\ud800"', '"\\U0010FFFF"', '"\\0\\a\\e"',
            '"\\L\\P\\N\\_"', '"\\x85"', "\t", "\r", "\r\n", "\ufeff", "x\u202ey", "\u200b", "\x85", "\u2028"]
SPECIAL_CHARACTERS = ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x80", "\x85", "\x9f", "\xad",
                      "\u034f", "\u061c", "\u180e", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2028",
                      "\u2029", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2060", "\u2066", "\u2067",
                      "\u2068", "\u2069", "\u3164", "\ufe0f", "\ufeff", "\ufffe", "\uffff", "\U000e0041", "\t",
                      "\r", ":", "#", "'", '"', "[", "{", "&", "*", "!", "|", ">", "-", "?", "%", "@", "`"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1250", "latin-1", "iso-8859-2"]
DEPTHS = st.one_of(st.integers(1, 60), st.sampled_from([39, 40, 41, 500, 1200, 25000]))

PROPERTY = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def nested(depth: int, style: str) -> str:
    if style == "flow-list":
        return "[" * depth + "x" + "]" * depth
    if style == "flow-map":
        return "{a: " * depth + "x" + "}" * depth
    if style == "compact-list":
        return "- " * depth + "x"
    return "&g [" + "[" * depth + "]" * depth + "]"


hostile_values = st.one_of(
    st.sampled_from(SNIPPETS),
    st.builds(lambda tag, value: f"{tag} {value}", st.sampled_from(TAGS), st.sampled_from(TAG_VALUES)),
    st.builds(nested, DEPTHS, st.sampled_from(["flow-list", "flow-map", "compact-list", "anchored"])),
    st.text(max_size=40).map(lambda text: json.dumps(text, ensure_ascii=False)),
    st.text(max_size=20),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30), st.dates())
plain_data = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(max_size=12), inner, max_size=4), max_leaves=12)


@st.composite
def mutated_text(draw, text: str, first: bool) -> str:
    """One text-level change to a card: a value, a line, a character, a type, an anchor.

    A type change parses the card with PyYAML, so only the first change, on a sample card, may be one.
    """
    lines = VALUE_LINE.findall(text)
    kind = draw(st.sampled_from(["value", "line", "character", "type" if first else "value", "alias"]))
    if kind == "value" and lines:
        match = list(VALUE_LINE.finditer(text))[draw(st.integers(0, len(lines) - 1))]
        return text[:match.start("value")] + draw(hostile_values) + text[match.end("value"):]
    if kind == "line":
        rows = text.split("\n")
        where = draw(st.integers(0, len(rows)))
        indent = " " * draw(st.sampled_from([0, 2, 4, 6, 3]))
        key = draw(st.sampled_from(["nazwa", "opis", "godziny", "uslugi", "partner", "<<", "x", "?"]))
        rows.insert(where, f"{indent}{key}: {draw(hostile_values)}")
        return "\n".join(rows)
    if kind == "character":
        where = draw(st.integers(0, len(text)))
        char = draw(st.sampled_from(SPECIAL_CHARACTERS) | st.characters())
        return text[:where] + char + text[where:]
    if kind == "type":
        data = yaml.safe_load(text)
        _replace_somewhere(draw, data, draw(plain_data))
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if len(lines) >= 2:  # an anchor on one value, an alias (maybe inside it) on another
        matches = list(VALUE_LINE.finditer(text))
        first, second = sorted(draw(st.lists(st.integers(0, len(matches) - 1), min_size=2, max_size=2, unique=True)))
        alias = draw(st.sampled_from(["*k", "[*k, *k]", "{a: *k}", "*k *k", "&k *k"]))
        a, b = matches[first], matches[second]
        return (text[:a.start("value")] + "&k " + text[a.start("value"):b.start("value")] + alias
                + text[b.end("value"):])
    return text


def _replace_somewhere(draw, data, value) -> None:
    node = data
    for _ in range(draw(st.integers(1, 5))):
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node, key=str)))
            if not isinstance(node[key], (dict, list)) or draw(st.booleans()):
                node[key] = value
                return
            node = node[key]
        elif isinstance(node, list) and node:
            index = draw(st.integers(0, len(node) - 1))
            if not isinstance(node[index], (dict, list)) or draw(st.booleans()):
                node[index] = value
                return
            node = node[index]
        else:
            return


@st.composite
def mutated_card(draw) -> bytes:
    """A sample card after one to three text changes, then perhaps a byte-level one."""
    text = draw(st.sampled_from(SEEDS))
    for number in range(draw(st.integers(1, 3))):
        text = draw(mutated_text(text, number == 0))
    encoding = draw(st.sampled_from(ENCODINGS[:1] * 6 + ENCODINGS))
    raw = text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")
    damage = draw(st.sampled_from(["none", "none", "truncate", "flip"]))
    if damage == "truncate":
        raw = raw[:draw(st.integers(0, len(raw)))]
    elif damage == "flip" and raw:
        data = bytearray(raw)
        for index, byte in draw(st.lists(st.tuples(st.integers(0, len(raw) - 1), st.integers(0, 255)), min_size=1,
                                         max_size=8)):
            data[index] = byte
        raw = bytes(data)
    return raw


def validate_in(folder: Path, target: Path):
    """Run ``koszyk validate`` on ``target`` inside ``folder`` and check the outcome's form."""
    before = snapshot(folder)
    outcome = run_cli("validate", str(target), "--today", TODAY)
    assert_failed_cleanly(outcome)
    messages = message_lines(outcome.stdout)
    assert all(m.group("path").startswith(display_path(folder)) for m in messages), outcome.stdout
    errors = [m for m in messages if not m.group("text").startswith("ostrzeżenie: ")]
    assert outcome.exit_code == (1 if errors else 0), outcome.stdout
    assert_unchanged(folder, before)
    return outcome, messages


@settings(max_examples=fuzz_examples(120), **PROPERTY)
@given(mutated_card())
def test_validate_survives_any_mutated_card(raw):
    with tempfile.TemporaryDirectory() as folder:
        card = Path(folder) / "karta.yml"
        card.write_bytes(raw)
        validate_in(Path(folder), card)


@settings(max_examples=fuzz_examples(30), **PROPERTY)
@given(mutated_card(), st.sampled_from([b"id: koszyk\nnazwa: Koszyk\n", b"id: &a [*a]\n", b"id: !!int ''\n",
                                        b"nazwa: " + b"[" * 30000 + b"]" * 30000, b"id: x\x07\n"]))
def test_validate_survives_a_basket_with_a_mutated_card(raw, basket_file):
    with tempfile.TemporaryDirectory() as folder:
        basket = Path(folder) / "koszyk"
        (basket / "partnerzy").mkdir(parents=True)
        (basket / "basket.yml").write_bytes(basket_file)
        (basket / "partnerzy" / "dobra.yml").write_text(SEEDS[0], encoding="utf-8")
        (basket / "partnerzy" / "zmieniona.yml").write_bytes(raw)
        validate_in(Path(folder), basket)


@settings(max_examples=fuzz_examples(120), **PROPERTY)
@given(st.text(st.characters(codec="utf-8") | st.sampled_from(SPECIAL_CHARACTERS), max_size=30))
def test_invisible_characters_in_a_name_are_refused_and_named(name):
    """An oracle, not only a shape: the first hidden character of the name is the one the message names."""
    value = json.dumps(name, ensure_ascii=False)  # controls escaped by JSON, everything else raw
    with tempfile.TemporaryDirectory() as folder:
        card = Path(folder) / "karta.yml"
        card.write_text(f"partner:\n  nazwa: {value}\n  typ: ops\n  ostatnia_weryfikacja: 2026-09-12\n",
                        encoding="utf-8", newline="")
        outcome, messages = validate_in(Path(folder), card)
    raw_forbidden = FILE_FORBIDDEN.search(value)
    hidden = first_hidden(name.replace("\r\n", "\n").replace("\r", "\n").strip())
    if raw_forbidden:
        assert outcome.exit_code == 1 and describe(raw_forbidden.group()) in outcome.stdout
    elif hidden:
        assert outcome.exit_code == 1, outcome.stdout
        [line] = [m.group("text") for m in messages if "partner.nazwa" in m.group("text")]
        assert describe(hidden[1]) in line
    else:
        assert "niewidoczny znak" not in outcome.stdout


@settings(max_examples=fuzz_examples(4), **PROPERTY)
@given(mutated_card())
def test_mutated_cards_never_crash_a_real_process(raw):
    """In-process runs cannot see a crash in C code (it would end the test run): a few real processes."""
    with tempfile.TemporaryDirectory() as folder:
        card = Path(folder) / "karta.yml"
        card.write_bytes(raw)
        outcome = run_cli_process("validate", str(card), "--today", TODAY)
        assert_failed_cleanly(outcome, max_seconds=60)
        message_lines(outcome.stdout)
