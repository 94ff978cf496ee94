"""Privacy: no intranet-only value reaches any file of the public site."""

from __future__ import annotations

import gzip
import shutil
import zipfile
from pathlib import Path

from bench.synthetic import generate
from koszyk.building import build_site

from .conftest import ROOT, SAMPLE, TODAY
from koszyk.leaks import find_leaks, intranet_only_values


def test_sample_has_intranet_only_data_to_protect():
    secrets = intranet_only_values(SAMPLE)
    assert len(secrets) > 40
    assert "Anna Nowak" in secrets and "+48 00 111 20 15" in secrets
    assert "Konsultacje zespołu ds. trudnych przypadków" in secrets


def test_public_site_leaks_nothing(sample_site):
    assert find_leaks(sample_site / "public", intranet_only_values(SAMPLE)) == []


def test_intranet_site_does_show_internal_data(sample_site):
    """The check would find these values if they were there: the intranet has them."""
    found = find_leaks(sample_site / "intranet", intranet_only_values(SAMPLE))
    leaks = {secret for _, secret in found}
    assert {"Anna Nowak", "Konsultacje zespołu ds. trudnych przypadków", "uslugi/kontrakt-socjalny-zespol/"} <= leaks
    in_search_index = {secret for label, secret in found if "/szukaj/indeks/" in label}
    assert "Konsultacje zespołu ds. trudnych przypadków" in in_search_index


def test_leak_check_catches_planted_leaks(sample_site, tmp_path):
    site = tmp_path / "public"
    shutil.copytree(sample_site / "public", site)
    secrets = intranet_only_values(SAMPLE)
    page = site / "uslugi" / "praca-socjalna" / "index.html"
    planted = "<p>Marta Zieli&#324;ska, pracownik ds. sieci</p></article>"  # escaped as HTML may write it
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", planted), encoding="utf-8")
    with gzip.open(site / "sitemap.xml.gz", "wb") as handle:
        handle.write(b"<url>tel:+48001112022</url>")  # the dialable form of +48 00 111 20 22
    with zipfile.ZipFile(site / "pobierz" / "dane.xlsx", "w") as archive:
        archive.writestr("xl/sharedStrings.xml", "<si><t>Spotkania w drugi czwartek miesiąca, sala 14.</t></si>")
    planted_index = site / "szukaj" / "indeks" / "planted.bin"  # gzip without .gz, text folded
    planted_index.write_bytes(gzip.compress(b'{"content":"konsultacje zespolu ds. trudnych przypadkow"}'))
    found = {(Path(label.split("!")[0]).name, secret) for label, secret in find_leaks(site, secrets)}
    assert ("index.html", "Marta Zielińska, pracownik ds. sieci") in found
    assert ("sitemap.xml.gz", "+48 00 111 20 22") in found
    assert ("dane.xlsx", "Spotkania w drugi czwartek miesiąca, sala 14.") in found
    assert ("planted.bin", "Konsultacje zespołu ds. trudnych przypadków") in found


def test_synthetic_public_site_leaks_nothing(tmp_path):
    basket = generate(300, tmp_path / "syntetyczny")
    outcome = build_site(ROOT / "mkdocs.yml", ["public"], tmp_path / "site", basket, today=TODAY)
    assert outcome == {"public": None}
    secrets = intranet_only_values(basket)
    assert len(secrets) > 20
    assert find_leaks(tmp_path / "site" / "public", secrets) == []


def test_leak_check_reads_text_split_across_runs_in_odt_and_docx(tmp_path):
    """A word processor may cut a phrase into runs (<w:t>Anna </w:t><w:t>Nowak</w:t>): still a leak."""
    import docx
    import odfdo

    site = tmp_path / "public"
    site.mkdir()
    word = docx.Document()
    paragraph = word.add_paragraph("Kontakt: ")
    paragraph.add_run("Anna ")
    paragraph.add_run("Nowak").bold = True
    word.save(site / "narzedzie.docx")
    odt = odfdo.Document("text")
    odt.body.append(odfdo.Paragraph("Telefon: +48 00 111 20 15"))
    odt.save(site / "narzedzie.odt")
    found = find_leaks(site, {"Anna Nowak", "+48 00 111 20 15"})
    assert ("Anna Nowak" in {secret for label, secret in found if label.startswith(str(site / "narzedzie.docx"))})
    assert ("+48 00 111 20 15" in {secret for label, secret in found if label.startswith(str(site / "narzedzie.odt"))})


def test_public_tool_documents_are_checked_and_clean(sample_site):
    documents = sorted((sample_site / "public" / "pobierz" / "narzedzia").glob("*.*"))
    assert {path.suffix for path in documents} == {".odt", ".docx"} and len(documents) == 42
    assert find_leaks(sample_site / "public" / "pobierz", intranet_only_values(SAMPLE)) == []
