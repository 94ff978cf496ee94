"""Basket pages spliced into the theme's shell are the theme's own pages, byte for byte."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import yaml
from mkdocs.commands.build import build as mkdocs_build

from koszyk.building import BuildRequest, variant_config

from .conftest import ROOT, SAMPLE, TODAY
from .hostile_card import PAYLOAD


def _build(basket: Path, site: Path, variant: str, shells: bool) -> None:
    config = variant_config(BuildRequest(ROOT / "mkdocs.yml", variant, site, basket, today=TODAY, cache_dir=Path("")))
    config.plugins["koszyk"].config["page_shells"] = shells
    mkdocs_build(config)


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def _hostile_titles(basket: Path) -> None:
    """A partner and a service whose names hold markup and runs of spaces (``striptags`` collapses them)."""
    card_path = sorted((basket / "partnerzy").glob("*.yml"))[0]
    card = yaml.safe_load(card_path.read_text(encoding="utf-8"))
    card["partner"]["nazwa"] = f"Poradnia  {PAYLOAD}   podwójne  spacje"
    card["uslugi"][0]["nazwa"] = f"Usługa {PAYLOAD}  z  odstępami"
    card_path.write_text(yaml.safe_dump(card, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_spliced_basket_pages_equal_the_full_theme_rendering_in_both_variants(tmp_path, caplog):
    basket = tmp_path / "koszyk"
    shutil.copytree(SAMPLE, basket)
    _hostile_titles(basket)
    for variant in ("public", "intranet"):
        spliced, full = tmp_path / f"{variant}-wstawione", tmp_path / f"{variant}-pelne"
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs.plugins.koszyk"):
            _build(basket, spliced, variant, shells=True)
        messages = [record.getMessage() for record in caplog.records]
        assert not [message for message in messages if "renderowane w całości" in message]
        spliced_count = next(int(m.rsplit(": ", 1)[1].rstrip(".")) for m in messages if "Strony wstawione" in m)
        assert spliced_count > 100  # the service and partner pages did go through the shells
        _build(basket, full, variant, shells=False)
        spliced_files, full_files = _files(spliced), _files(full)
        assert sorted(spliced_files) == sorted(full_files)
        differing = [uri for uri in full_files if uri.endswith(".html") and spliced_files[uri] != full_files[uri]]
        assert differing == [], differing[:5]
        assert len([uri for uri in full_files if uri.startswith("uslugi/")]) > 100
