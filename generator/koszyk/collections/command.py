"""``koszyk pobierz``: copy a collection's published sources into its local cache."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..errors import InvalidData
from ..loading import leads_out_of
from ..problems import display_path
from ..taxonomy import Taxonomy
from .cache import CACHE_DIR, SourceUnavailable, fetch, write_cache
from .spec import COLLECTION_FILE, read_spec


def fetch_collection_sources(folder: Path, taxonomy: Taxonomy, today: dt.date) -> list[str]:
    """Fetch every ``adres`` source of the collection in ``folder``; all of them, or nothing is written.

    Returns one line per source written, for the user.
    """
    if not (folder / COLLECTION_FILE).is_file():
        raise InvalidData(f"{display_path(folder)}: w tym folderze nie ma zestawienia ({COLLECTION_FILE}); "
                          "„koszyk pobierz” pobiera źródła zestawienia")
    spec = read_spec(folder, taxonomy, today)
    errors = [problem for problem in spec.problems if problem.is_error]
    if errors:
        raise InvalidData(f"Nic nie pobrano: popraw {COLLECTION_FILE}.", errors)
    outside = leads_out_of(folder / CACHE_DIR / "kopia.json", folder)
    if outside:  # the copies would be written wherever a link leads
        raise InvalidData(f"{display_path(folder / CACHE_DIR)}: {outside}")
    fetched, failures = [], []
    for entry in spec.entries:
        if not entry.address:
            continue
        try:
            fetched.append(fetch(entry))
        except SourceUnavailable as error:
            failures.append(error.problem)
    if failures:
        raise InvalidData(f"Nic nie zapisano w {CACHE_DIR}/: nie udało się pobrać źródeł ({len(failures)}).", failures)
    written = write_cache(folder, fetched)
    return [f"Pobrano {item.entry.address} → {display_path(path)} (karty: {len(item.data['karty'])})"
            for item, path in zip(fetched, written)]


@click.command("pobierz")
@click.option("--basket", type=click.Path(file_okay=False, exists=True, path_type=Path), required=True,
              help="Folder zestawienia (z zestawienie.yml).")
@click.pass_context
def pobierz(ctx: click.Context, basket: Path) -> None:
    """Pobierz opublikowane koszyki (adres w zestawienie.yml) do kopii w folderze .zrodla/ zestawienia."""
    from ..cli import DEFAULT_TAXONOMY, _taxonomy  # the command group's shared option parsing

    taxonomy = _taxonomy(ctx, None, DEFAULT_TAXONOMY)
    lines = fetch_collection_sources(basket, taxonomy, dt.date.today())
    for line in lines:
        click.echo(line)
    click.echo(f"Źródeł pobranych: {len(lines)}." + ("" if lines else " Zestawienie nie ma źródeł z adresem."), err=True)


__all__ = ["fetch_collection_sources", "pobierz"]
