"""Tool 12 (``koszyk spotkanie``) and tool 8 (``koszyk deklaracje``) filled from the basket."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import odfdo
from click.testing import CliRunner

from koszyk.cli import main
from koszyk.history import basket_history
from koszyk.taxonomy import load_taxonomy

from .conftest import SAMPLE, TODAY
from .sample_data import raw_cards

HEADINGS = ["Narzędzie 12. Materiały na spotkanie partnerstwa", "Porządek spotkania", "Zmiany w koszyku",
            "Luki w koszyku", "Karty do corocznego przeglądu", "Wnioski czekające na decyzję", "Ustalenia"]
PAYLOAD = "<img src=x onerror=alert(1)>"


def cli(*args: str):
    return CliRunner().invoke(main, [*args, "--today", TODAY])


def test_meeting_pack_has_changes_gaps_stale_cards_and_pending_requests(tmp_path):
    output = tmp_path / "spotkanie.odt"
    result = cli("spotkanie", "--basket", str(SAMPLE), "--since", "2000-01-01", "-o", str(output))
    assert result.exit_code == 0, result.output
    document = odfdo.Document(str(output))
    assert [str(h).strip() for h in document.body.get_headers()] == HEADINGS
    rows = [row for table in document.body.get_tables() for row in table.get_values()]
    history = basket_history(SAMPLE, taxonomy=load_taxonomy())
    assert history.changes, "the sample basket has a git history of card changes"
    listed_changes = [row for row in rows if len(row) == 4 and row[0] and row[0][:4].isdigit() and row[3]]
    assert [(row[1], row[2]) for row in listed_changes] == [(c.partner_name, c.service_name) for c in history.changes]
    changed_fields = [row[3] for row in listed_changes if row[3].startswith("zmieniona (")]
    assert changed_fields and not any("_" in text or "dostep." in text for text in changed_fields), \
        "fields are named by the workbook's headers, not by YAML keys"
    limit = dt.date.fromisoformat(TODAY).replace(year=dt.date.fromisoformat(TODAY).year - 1)
    stale = {card["partner"]["nazwa"] for card in raw_cards().values()
             if card["partner"]["ostatnia_weryfikacja"] < limit}
    assert stale and stale <= {row[0] for row in rows}
    assert any(row[1] and row[1].startswith("Korepetycje z matematyki") for row in rows)


def test_meeting_pack_escapes_register_text_in_docx(basket_copy, tmp_path):
    (basket_copy / "monitoring.yml").write_text(
        "wnioski:\n  - data: 2026-10-01\n    zrodlo: partner\n    rodzaj: usluga\n"
        f"    czego_dotyczy: '{PAYLOAD}'\n    decyzja: oczekuje\n", encoding="utf-8")
    output = tmp_path / "spotkanie.docx"
    assert cli("spotkanie", "--basket", str(basket_copy), "--since", "2026-01-01", "-o", str(output)).exit_code == 0
    word = docx.Document(str(output))
    assert [p.text for p in word.paragraphs if p.style.name.startswith("Heading")] == HEADINGS
    assert any(PAYLOAD in cell.text for table in word.tables for row in table.rows for cell in row.cells)
    with zipfile.ZipFile(output) as archive:
        assert "&lt;img src=x" in archive.read("word/document.xml").decode()


def test_a_meeting_pack_since_a_future_day_is_refused(tmp_path):
    result = cli("spotkanie", "--basket", str(SAMPLE), "--since", "2099-01-01", "-o", str(tmp_path / "s.odt"))
    assert result.exit_code == 2
    assert "2099-01-01 jest w przyszłości" in result.output and not (tmp_path / "s.odt").exists()


def test_meeting_pack_refuses_other_formats_and_broken_registers(basket_copy, tmp_path):
    assert cli("spotkanie", "--basket", str(SAMPLE), "--since", "2026-01-01", "-o", str(tmp_path / "x.pdf")).exit_code == 2
    (basket_copy / "monitoring.yml").write_text("wnioski:\n  - data: 2026-10-01\n    decyzja: nie\n", encoding="utf-8")
    result = cli("spotkanie", "--basket", str(basket_copy), "--since", "2026-01-01", "-o", str(tmp_path / "x.odt"))
    assert result.exit_code == 1 and "monitoring.yml:3:14: wnioski[1].decyzja: nieznana wartość „nie”" in result.stderr
    assert not (tmp_path / "x.odt").exists()


def test_declarations_take_the_partner_as_any_card_file_name(tmp_path):
    for number, given in enumerate(("ops-przykladowo", "ops-przykladowo.yml", "partnerzy/ops-przykladowo.YML")):
        folder = tmp_path / str(number)
        result = cli("deklaracje", "--basket", str(SAMPLE), "--partner", given, "--output-dir", str(folder))
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in folder.iterdir()) == ["deklaracja-ops-przykladowo.docx",
                                                            "deklaracja-ops-przykladowo.odt"]


def test_declarations_are_written_per_partner_with_public_data_only(tmp_path):
    result = cli("deklaracje", "--basket", str(SAMPLE), "--output-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    cards = raw_cards()
    assert {p.name for p in tmp_path.iterdir()} == {f"deklaracja-{slug}.{ext}" for slug in cards for ext in ("odt", "docx")}
    card = cards["ops-przykladowo"]
    word = docx.Document(io.BytesIO((tmp_path / "deklaracja-ops-przykladowo.docx").read_bytes()))
    assert word.tables[0].rows[0].cells[1].text == card["partner"]["nazwa"]
    internal = card["partner"]["kontakt_wewnetrzny"]["osoba"]
    for path in tmp_path.iterdir():
        with zipfile.ZipFile(path) as archive:
            assert not any(internal in archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
