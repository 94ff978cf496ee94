"""What a build leaves in the process that ran it, and what a two-variant build's workers leave."""

from __future__ import annotations

import gc
import shutil

from koszyk.building import BuildRequest, build_site, build_variant

from .conftest import ROOT, SAMPLE, TODAY


def test_a_build_sets_the_garbage_collector_back_as_it_found_it(tmp_path):
    """``mkdocs serve`` and the tests build in their own process: the fewer full collections of
    a build (``building._fewer_full_collections``) must not outlive it, built or failed."""
    before = gc.get_threshold()
    broken = tmp_path / "zepsuty"
    shutil.copytree(SAMPLE, broken)
    next(broken.glob("partnerzy/*.yml")).write_text("nazwa: [\n", encoding="utf-8")
    for basket, fails in ((SAMPLE, False), (broken, True)):
        outcome = build_variant(BuildRequest(ROOT / "mkdocs.yml", "public", tmp_path / f"strona-{basket.name}",
                                             basket, today=TODAY, cache_dir=tmp_path / "pamiec"))
        assert bool(outcome) == fails, outcome
        assert gc.get_threshold() == before


def test_workers_that_end_without_teardown_leave_complete_sites(tmp_path):
    """The workers end with ``os._exit`` once their outcome is sent: every file they wrote is
    whole: the sitemap and the search index's manifest, written last, end as they should."""
    outcome = build_site(ROOT / "mkdocs.yml", ["public", "intranet"], tmp_path / "site", SAMPLE, today=TODAY)
    assert outcome == {"public": None, "intranet": None}
    for variant in ("public", "intranet"):
        site = tmp_path / "site" / variant
        assert (site / "sitemap.xml").read_text(encoding="utf-8").rstrip().endswith("</urlset>")
        assert (site / "szukaj" / "indeks" / "manifest.json").read_bytes().endswith(b"}")
        assert (site / "index.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


def _files(site) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_a_build_stopped_by_invalid_data_leaves_the_last_good_site_as_it_was(tmp_path):
    """With a page cache the last site is emptied only once the basket was read and found valid:
    a card broken in a pull request stops the build with its errors, and the site stays."""
    basket = tmp_path / "koszyk"
    shutil.copytree(SAMPLE, basket)
    outcome = build_site(ROOT / "mkdocs.yml", ["public", "intranet"], tmp_path / "site", basket, today=TODAY,
                         cache_dir=tmp_path / "pamiec")
    assert outcome == {"public": None, "intranet": None}
    before = {variant: _files(tmp_path / "site" / variant) for variant in ("public", "intranet")}
    next(basket.glob("partnerzy/*.yml")).write_text("nazwa: [\n", encoding="utf-8")
    outcome = build_site(ROOT / "mkdocs.yml", ["public", "intranet"], tmp_path / "site", basket, today=TODAY,
                         cache_dir=tmp_path / "pamiec")
    assert all(outcome.values()), outcome  # the errors themselves are logged by each variant
    for variant in ("public", "intranet"):
        assert _files(tmp_path / "site" / variant) == before[variant]


def test_a_strict_build_shows_the_warning_that_stopped_it(tmp_path, capfd):
    """With ``--strict`` MkDocs counts warnings with a handler of its own, and Python then printed
    none of them: the build said "Aborted with 1 warnings" and nothing else."""
    project = tmp_path / "projekt"
    project.mkdir()
    for part in ("content", "site_config"):
        shutil.copytree(ROOT / part, project / part)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "content" / "zly-odnosnik.md").write_text("# Strona\n\n[dalej](nie-ma-takiej.md)\n", encoding="utf-8")
    outcome = build_site(project / "mkdocs.yml", ["public"], tmp_path / "site", SAMPLE, strict=True, today=TODAY)
    assert "strict" in outcome["public"]
    assert "nie-ma-takiej.md" in capfd.readouterr().err
