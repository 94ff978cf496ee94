"""``koszyk pobierz``: copy a collection's published sources into its local cache."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import click

from ..errors import InvalidData
from ..loading import leads_out_of
from ..problems import Problem, display_path
from ..taxonomy import Taxonomy
from .assembly import read_collection
from .cache import CACHE_DIR, Fetched, SourceUnavailable, cache_path, fetch, write_cache
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
    if (folder / CACHE_DIR).is_symlink():  # e.g. to another basket's partnerzy/: a pull request can add one
        raise InvalidData(f"{display_path(folder / CACHE_DIR)}: folder kopii jest dowiązaniem symbolicznym, a "
                          "„koszyk pobierz” zapisuje kopie tylko do zwykłego folderu zestawienia; usuń dowiązanie "
                          "(folder powstanie przy pobieraniu)")
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
    brought = _errors_brought(folder, taxonomy, today, fetched)
    if brought:
        raise InvalidData(f"Nic nie zapisano w {CACHE_DIR}/: pobrane źródła mają błędy ({len(brought)}), więc zostają "
                          "poprzednie kopie; zgłoś błędy gminie, która publikuje źródło.", brought)
    written = write_cache(folder, fetched)
    return [f"Pobrano {item.entry.address} → {display_path(path)} (karty: {len(item.data['karty'])})"
            for item, path in zip(fetched, written)]


def _errors_brought(folder: Path, taxonomy: Taxonomy, today: dt.date, fetched: list[Fetched]) -> list[Problem]:
    """The errors the collection would have with the downloaded files that it has not with the
    copies it keeps: ``koszyk validate`` and the build would stop on them, so a file a gmina
    published broken (or hostile) must not replace the last good copy. Errors elsewhere (a card
    of a local gmina) are not the downloads' fault and do not stop them. A problem in a download
    names its address, as its copy is not written."""
    def errors(result) -> list[Problem]:
        return [problem for problem in result.problems if problem.is_error]

    kept = {problem.format_text() for problem in errors(read_collection(folder, taxonomy, today))}
    downloaded = read_collection(folder, taxonomy, today, fetched={item.entry.address: item.data for item in fetched})
    copies = {display_path(cache_path(folder, item.entry.address)): item.entry.address for item in fetched}
    return [replace(problem, path=copies.get(problem.path, problem.path))
            for problem in errors(downloaded) if problem.format_text() not in kept]


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
