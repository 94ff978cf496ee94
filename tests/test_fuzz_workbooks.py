"""Hostile workbooks: whatever a partner sends, `koszyk import-xlsx` answers with Polish
messages at a cell, exit 0 or 1, never a traceback, and writes nothing on error.

The corpus (every reproducer of issue 16) always runs; the property tests mutate a
valid filled card and a valid basket export with Hypothesis: a fixed, derandomised
number of examples in CI, more with ``KOSZYK_FUZZ_EXAMPLES=500``.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xml.sax.saxutils import escape, quoteattr

from tests.corpus.workbooks.make_corpus import REPRODUCERS

from .fuzz_workbooks_support import (
    ROOT, TODAY, check_outcome, replace_cell, run_import, service_letter, sheet_part, small_basket, snapshot,
    valid_members, write_members,
)
from .fuzzing import fuzz_examples

EXAMPLES = fuzz_examples(30)  # KOSZYK_FUZZ_EXAMPLES=500 raises it, as for the card fuzz tests
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="KOSZYK_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large], database=None)
SECONDS_PER_IMPORT = 20  # a small workbook; generous for a loaded CI machine
PYTHON_PEAK_BYTES = 64 * 1024 * 1024  # tracemalloc: what the import allocates in Python


def _import_and_check(tmp_path_factory, members: dict[str, bytes] | None = None, raw: bytes | None = None):
    root = tmp_path_factory.mktemp("fuzz")
    workbook = root / "karta.xlsx"
    if raw is not None:
        workbook.write_bytes(raw)
    else:
        write_members(workbook, members)
    basket = small_basket(root)
    before = snapshot(basket)
    run = run_import(workbook, basket, measure_memory=True)
    check_outcome(run, workbook, before, basket)
    assert run.seconds < SECONDS_PER_IMPORT and run.peak_bytes < PYTHON_PEAK_BYTES, (run.seconds, run.peak_bytes)
    return run


# ---------------------------------------------------------------- the corpus


@pytest.mark.parametrize("reproducer", REPRODUCERS, ids=lambda r: r.name)
def test_every_hostile_workbook_of_the_issue_gets_its_message(tmp_path, reproducer):
    workbook = reproducer.build(tmp_path / f"{reproducer.name}.xlsx")
    basket = small_basket(tmp_path)
    before = snapshot(basket)
    run = run_import(workbook, basket, measure_memory=True)
    check_outcome(run, workbook, before, basket)
    assert run.exit_code == reproducer.exit_code, run.stderr
    assert reproducer.fragment in run.stdout + run.stderr
    assert run.seconds < SECONDS_PER_IMPORT and run.peak_bytes < PYTHON_PEAK_BYTES, (run.seconds, run.peak_bytes)


def test_a_true_false_cell_is_the_yes_no_answer(tmp_path):
    from tests.corpus.workbooks.make_corpus import REPRODUCERS as ALL

    workbook = next(r for r in ALL if r.name == "true-false-cell").build(tmp_path / "k.xlsx")
    basket = small_basket(tmp_path)
    assert run_import(workbook, basket).exit_code == 0
    text = (basket / "partnerzy" / "fundacja-pod-debem.yml").read_text(encoding="utf-8")
    assert "czlonek_pzk: false" in text


def _import_in_a_process(workbook: Path, basket: Path, limit_bytes: int) -> tuple[int, str]:
    """Exit code and output of an import run as users run it, under an address-space limit."""
    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    result = subprocess.run([sys.executable, "-m", "koszyk.cli", "import-xlsx", str(workbook), "--basket",
                             str(basket), "--today", TODAY], cwd=ROOT, preexec_fn=limited, capture_output=True,
                            timeout=120)
    return result.returncode, (result.stdout + result.stderr).decode("utf-8")


@pytest.mark.parametrize("name", ["far-value-XFD1048576", "blank-styled-DP1048576", "shared-strings-bomb",
                                  "truncated-sheet-xml"])
def test_far_cells_and_big_parts_stay_within_a_small_memory_limit(tmp_path, name):
    """Run as a user runs it, under a 1.5 GB address-space limit (the old reader asked for 4.9 GB to 549 GB)."""
    reproducer = next(r for r in REPRODUCERS if r.name == name)
    workbook = reproducer.build(tmp_path / f"{name}.xlsx")
    basket = small_basket(tmp_path)
    before = snapshot(basket)
    code, text = _import_in_a_process(workbook, basket, int(1.5 * 1024 ** 3))
    assert code == reproducer.exit_code, text
    assert "Traceback" not in text and reproducer.fragment in text
    if code:
        assert snapshot(basket) == before


# ---------------------------------------------------------------- property tests

CARD_CELLS = [("Usługi", f"{service_letter(header)}2") for header in
              ("ID usługi", "Nazwa usługi", "Opis", "Obszary", "Tryb dostępu", "Wiek od", "Wiek do")] + \
             [("Partner", "B3"), ("Partner", "B6"), ("Partner", "B18"), ("Usługi", "A1"), ("Usługi", "K1")]
XML_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
RAW_VALUES = st.sampled_from([b"abc", b"1e999", b"nan", b"inf", b"-0", b"7", b"1", b"0", b"60", b"3.5", b"99999999999",
                              b"&nbsp;", b"&amp;", b"&#0;", b"&#xD800;", b"&#x202E;", b"]]>", b"<", b"",
                              b"2026-13-45", b"2026-10-01T00:00:00", b"#N/A", b"#DIV/0!", b"-1", b"1e308",
                              b"=HYPERLINK(\"http://x\")", b"\xff\xfe", b"\xc3\x28"])
CELL_TYPES = st.sampled_from([None, "n", "s", "str", "inlineStr", "b", "e", "d", "", "x", "N", "inlineStr "])
ADDRESSES = st.one_of(st.none(), st.sampled_from(["A0", "ZZZZ1", "XFD1048576", "A99999999", "1A", "", "b2",
                                                  "XFE1", "A1048577", "A1", "$A$2"]),
                      st.from_regex(r"[A-Z]{1,3}[0-9]{1,7}", fullmatch=True))


@st.composite
def cell_xml(draw, address: str) -> bytes:
    kind = draw(CELL_TYPES)
    where = draw(st.one_of(st.just(address), ADDRESSES))
    attributes = "" if where is None else f" r={quoteattr(where)}"
    attributes += "" if kind is None else f" t={quoteattr(kind)}"
    if draw(st.booleans()):
        attributes += f' s="{draw(st.integers(0, 40))}"'
    value = draw(st.one_of(XML_TEXT.map(lambda text: escape(text).encode("utf-8", "surrogatepass")), RAW_VALUES))
    formula = b"<f>SUM(A1:A2)</f>" if draw(st.integers(0, 5)) == 0 else b""
    if kind and kind.startswith("inlineStr"):
        body = formula + b"<is><t>" + value + b"</t></is>"
    else:
        body = formula + (b"<v>" + value + b"</v>" if draw(st.integers(0, 6)) else b"")
    return b"<c" + attributes.encode() + b">" + body + b"</c>"


@FUZZ
@given(data=st.data())
def test_any_cell_xml_in_a_filled_card(tmp_path_factory, data):
    members = valid_members("card")
    for sheet, address in data.draw(st.lists(st.sampled_from(CARD_CELLS), min_size=1, max_size=3, unique=True)):
        members = replace_cell(members, sheet, address, data.draw(cell_xml(address)))
    _import_and_check(tmp_path_factory, members)


@FUZZ
@given(data=st.data(), strings=st.lists(XML_TEXT, max_size=5),
       rich=st.booleans(), declared=st.sampled_from(['count="3"', 'count="x"', 'uniqueCount="-1"', ""]))
def test_any_shared_strings_table(tmp_path_factory, data, strings, rich, declared):
    items = "".join(f"<si><r><t>{escape(text)}</t></r><rPh><t>x</t></rPh></si>" if rich else f"<si><t>{escape(text)}</t></si>"
                    for text in strings)
    members = valid_members("card")
    members["xl/sharedStrings.xml"] = (f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                                       f'{declared}>{items}</sst>').encode("utf-8", "surrogatepass")
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                             b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    for sheet, address in data.draw(st.lists(st.sampled_from(CARD_CELLS), min_size=1, max_size=3, unique=True)):
        index = data.draw(st.one_of(st.integers(-1, 6).map(str), st.sampled_from(["x", " 1", "1.0", "", "١"])))
        members = replace_cell(members, sheet, address, f'<c r="{address}" t="s"><v>{index}</v></c>'.encode())
    _import_and_check(tmp_path_factory, members)


@FUZZ
@given(kind=st.sampled_from(["card", "basket"]), names=st.lists(XML_TEXT, min_size=1, max_size=3))
def test_any_sheet_names(tmp_path_factory, kind, names):
    members = valid_members(kind)
    workbook = members["xl/workbook.xml"].decode("utf-8")
    for old, new in zip(["Usługi", "Partner", "Koszyk"] if kind == "card" else ["Koszyk", "Słownik danych"], names):
        workbook = workbook.replace(f'name="{old}"', f"name={quoteattr(new)}", 1)
    members["xl/workbook.xml"] = workbook.encode("utf-8", "surrogatepass")
    _import_and_check(tmp_path_factory, members)


MEMBER_DAMAGE = st.sampled_from(["delete", "garbage", "truncate", "rename", "empty", "duplicate"])


@FUZZ
@given(kind=st.sampled_from(["card", "basket"]), data=st.data(), damage=MEMBER_DAMAGE)
def test_any_damaged_zip_member(tmp_path_factory, kind, data, damage):
    members = valid_members(kind)
    name = data.draw(st.sampled_from(sorted(members)))
    content = members[name]
    if damage == "delete":
        del members[name]
    elif damage == "garbage":
        members[name] = data.draw(st.binary(max_size=200))
    elif damage == "truncate":
        members[name] = content[: data.draw(st.integers(0, max(len(content) - 1, 0)))]
    elif damage == "rename":
        members[data.draw(st.sampled_from(["xl/worksheets/Sheet1.xml", "xl/x.xml", name.upper(), name + "/"]))] = \
            members.pop(name)
    elif damage == "empty":
        members[name] = b""
    else:
        members = {**members, "xl/../" + name: content}
    _import_and_check(tmp_path_factory, members)


@FUZZ
@given(kind=st.sampled_from(["card", "basket"]), data=st.data())
def test_any_truncated_or_bit_flipped_file(tmp_path_factory, kind, data):
    root = tmp_path_factory.mktemp("raw")
    raw = bytearray(write_members(root / "w.xlsx", valid_members(kind)).read_bytes())
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw) - 1))]
    else:
        for _ in range(data.draw(st.integers(1, 8))):
            raw[data.draw(st.integers(0, len(raw) - 1))] ^= data.draw(st.integers(1, 255))
    _import_and_check(tmp_path_factory, raw=bytes(raw))


ENCODINGS = st.sampled_from(["utf-16", "utf-16-be-declared-utf-8", "latin-2-declared-utf-8", "utf-8-bom",
                             "declared-iso-8859-2", "declared-unknown", "utf-32"])


@FUZZ
@given(kind=st.sampled_from(["card", "basket"]), part=st.sampled_from(["sheet", "workbook"]), encoding=ENCODINGS)
def test_any_encoding_of_the_xml_parts(tmp_path_factory, kind, part, encoding):
    members = valid_members(kind)
    name = "xl/workbook.xml" if part == "workbook" else sheet_part(members, "Usługi" if kind == "card" else "Koszyk")
    text = members[name].decode("utf-8").replace("&#322;", "ł").replace("&#281;", "ę")
    body = text.split("?>", 1)[1] if text.startswith("<?xml") else text
    if encoding == "utf-16":
        data = ('<?xml version="1.0" encoding="UTF-16"?>' + body).encode("utf-16")
    elif encoding == "utf-16-be-declared-utf-8":
        data = ('<?xml version="1.0" encoding="UTF-8"?>' + body).encode("utf-16-be")
    elif encoding == "latin-2-declared-utf-8":
        data = ('<?xml version="1.0" encoding="UTF-8"?>' + body).encode("iso-8859-2", "replace")
    elif encoding == "utf-8-bom":
        data = b"\xef\xbb\xbf" + body.encode("utf-8")
    elif encoding == "declared-iso-8859-2":
        data = ('<?xml version="1.0" encoding="ISO-8859-2"?>' + body).encode("iso-8859-2", "replace")
    elif encoding == "declared-unknown":
        data = ('<?xml version="1.0" encoding="KOI-99"?>' + body).encode("utf-8")
    else:
        data = body.encode("utf-32")
    members[name] = data
    _import_and_check(tmp_path_factory, members)


@FUZZ
@given(data=st.data())
def test_any_values_in_a_basket_export(tmp_path_factory, data):
    """Typed values in the basket sheet, headers included, and a row at the sheet's last line."""
    from openpyxl.utils import get_column_letter

    members = valid_members("basket")
    addresses = re.findall(r'<c r="([A-Z]+[123])"', members[sheet_part(members, "Koszyk")].decode())
    for address in data.draw(st.lists(st.sampled_from(addresses), min_size=1, max_size=4, unique=True)):
        members = replace_cell(members, "Koszyk", address, data.draw(cell_xml(address)))
    if data.draw(st.booleans()):
        part = sheet_part(members, "Koszyk")
        column = get_column_letter(data.draw(st.integers(1, 16384)))
        far_row = b'<row r="1048576">' + data.draw(cell_xml(f"{column}1048576")) + b"</row></sheetData>"
        members[part] = members[part].replace(b"</sheetData>", far_row, 1)
    _import_and_check(tmp_path_factory, members)
