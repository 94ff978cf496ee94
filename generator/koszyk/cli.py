"""The ``koszyk`` command: thin wrappers over the library, one command per task.

Shaped like sqlite-utils: options shared by several commands are declared once
(``basket_option``, ``taxonomy_option``, ``today_option``, ``output_file_option``,
``output_dir_option``); a command that fails raises an ``errors.CommandError``
subclass and never prints and exits by hand. ``-o`` is always a file,
``--output-dir`` always a folder, and every file is written atomically, so a failed
run leaves the previous good file in place.

Exit codes: 0 all good, 1 invalid data, 2 wrong usage (click's own),
3 a program the command needs is missing (git).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
from pathlib import Path

try:  # a second of imports: a Ctrl-C then is answered as click answers it later, not with a traceback
    import click

    from . import click_polish
    from .codeowners import CODEOWNERS_FILE, codeowners_problem, codeowners_text
    from .errors import CommandError, InvalidData, KoszykGroup, MissingTool
    from .files import text_writer, write_all_or_none, write_atomically
    from .loading import YamlFileError
    from .monitoring import REGISTER_FILE, load_register
    from .problems import OutputFormat, display_path
    from .taxonomy import Taxonomy, TaxonomyError, load_taxonomy
except KeyboardInterrupt:
    raise SystemExit("Przerwano.") from None

click_polish.install()  # before the decorators below: the help option's text is set when they run

DEFAULT_BASKETS = Path("baskets")
DEFAULT_TAXONOMY = Path("site_config") / "taxonomy.yml"
SCHEMA_DIR = Path("site_config") / "schema"
THESAURUS = Path("site_config") / "potrzeby.yml"
HELPLINES = Path("site_config") / "telefony.yml"


def _today(ctx, param, value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"„{value}” nie jest datą RRRR-MM-DD") from None


def _taxonomy(ctx, param, value: Path) -> Taxonomy:
    try:
        return load_taxonomy(value)
    except TaxonomyError as error:
        raise click.BadParameter(str(error)) from None


today_option = click.option(
    "--today", callback=_today, metavar="RRRR-MM-DD",
    help="Data, względem której liczyć nieaktualne karty (domyślnie dziś).",
)
taxonomy_option = click.option(
    "--taxonomy", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_TAXONOMY, show_default=True,
    callback=_taxonomy, help="Plik słowników (obszary, grupy, statusy…).",
)


def basket_option(required: bool = True, help: str = "Folder koszyka (z basket.yml i partnerzy/)."):
    return click.option("--basket", type=click.Path(file_okay=False, exists=True, path_type=Path),
                        required=required, help=help)


def output_file_option(required: bool = True, help: str = "Plik wynikowy.", **options):
    return click.option("-o", "--output-file", type=click.Path(dir_okay=False, path_type=Path),
                        required=required, help=help, callback=_file_named, **options)


def _file_named(_context, _parameter, value: Path | None) -> Path | None:
    """``-o ''`` is the current folder to pathlib, and ended in a ValueError traceback."""
    if value is not None and not value.name:
        raise click.BadParameter("podaj nazwę pliku, np. -o wynik.xlsx")
    return value


def output_dir_option(required: bool = True, help: str = "Folder wynikowy.", **options):
    return click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path),
                        required=required, help=help, **options)


@click.group(cls=KoszykGroup, context_settings={"help_option_names": ["-h", "--help"]},
             lazy_commands={"pobierz": "koszyk.collections.command:pobierz"})
@click.version_option(package_name="koszyk")
def main() -> None:
    """koszyk: lokalny koszyk usług z kart partnerów (YAML) do strony i arkuszy."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output", type=click.Choice([f.value for f in OutputFormat]),
              default="text", show_default=True,
              help="text dla ludzi, github dla adnotacji w pull requeście.")
@click.option("--strict", is_flag=True, help="Traktuj ostrzeżenia (np. nieaktualne karty) jak błędy.")
@taxonomy_option
@today_option
def validate(paths: tuple[Path, ...], output: str, strict: bool, taxonomy: Taxonomy, today: dt.date) -> None:
    """Sprawdź karty i koszyki: folder koszyka, pojedynczą kartę, słownik potrzeb (potrzeby.yml),
    telefony pomocowe (telefony.yml) albo (bez argumentów) wszystko w baskets/ i site_config/."""
    from .validation import validate_paths

    registers = [path for path in paths if path.is_file() and path.name == REGISTER_FILE]
    cards = [path for path in paths if path not in registers]
    everything = [DEFAULT_BASKETS] + [path for path in (THESAURUS, HELPLINES) if path.exists()]
    result = validate_paths(cards or ([] if registers else everything), taxonomy, today)
    folders = [basket.path for basket in result.baskets] + [path.parent for path in registers]
    for folder in folders:  # the monitoring register next to the cards, if the basket keeps one
        result.problems.extend(load_register(folder, today).problems)
    if not paths:  # the whole repository: the keepers file must match the cards
        drift = codeowners_problem(DEFAULT_BASKETS, CODEOWNERS_FILE)
        if drift:
            result.problems.append(drift)
    for problem in result.problems:
        click.echo(problem.format(OutputFormat(output)))
    partners = len(result.partners)
    services = sum(len(partner.services) for partner in result.partners)
    summary = (f"Sprawdzono: koszyki {len(result.baskets)}, karty {partners}, usługi {services}. "
               f"Błędy: {len(result.errors)}, ostrzeżenia: {len(result.warnings)}.")
    if result.errors or (strict and result.warnings):
        raise InvalidData(summary)
    click.echo(summary, err=True)


@main.command("schema")
@output_dir_option(required=False, default=SCHEMA_DIR, show_default=True)
@taxonomy_option
def write_schema(output_dir: Path, taxonomy: Taxonomy) -> None:
    """Zapisz schematy JSON karty, koszyka i rejestru monitoringu (dla podpowiedzi w edytorze)."""
    from .schema_export import repository_schema_files

    files = {output_dir / name: text_writer(text) for name, text in repository_schema_files(taxonomy).items()}
    write_all_or_none(files)
    for target in files:
        click.echo(f"Zapisano {target}")


@main.command()
@basket_option(required=False, help="Folder koszyka (domyślnie ten z mkdocs.yml).")
@click.option("--variant", type=click.Choice(["public", "intranet", "all"]), default="all", show_default=True)
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True,
              help="Folder wyjściowy; warianty trafiają do podfolderów public/ i intranet/.")
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True)
@click.option("--strict", is_flag=True, help="Ostrzeżenia MkDocs (np. zepsute linki) przerywają budowanie.")
@click.option("--taxonomy", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Plik słowników (domyślnie ten z mkdocs.yml).")
@click.option("--today", callback=lambda ctx, param, value: _today(ctx, param, value) if value else None,
              metavar="RRRR-MM-DD", help="Data, względem której liczyć nieaktualne karty.")
def build(basket, variant, site_dir, config_file, strict, taxonomy, today):
    """Zbuduj stronę: site/public (dla mieszkańców) i site/intranet (dla pracowników)."""
    from .building import build_site

    variants = ["public", "intranet"] if variant == "all" else [variant]
    started = time.perf_counter()
    given = click.get_current_context().get_parameter_source("site_dir") is not click.core.ParameterSource.DEFAULT
    # a folder typed on the command line is where the user is, as --basket is; MkDocs would take it
    # from mkdocs.yml's folder, as it still does for the default ``site``
    site_dir = site_dir.absolute() if given else config_file.parent / site_dir  # as MkDocs takes the default
    outcome = build_site(config_file, variants, site_dir, basket, strict,
                         today.isoformat() if today else None, taxonomy)
    for name, error in outcome.items():
        if error:
            click.echo(f"Wariant {name}: nie zbudowano.\n{error}", err=True)
        else:
            click.echo(f"Wariant {name}: {site_dir / name}")
    click.echo(f"Czas: {time.perf_counter() - started:.1f} s", err=True)
    if any(outcome.values()):
        raise InvalidData("Strona nie powstała: popraw błędy wypisane wyżej.")


@main.command()
@basket_option(required=False, help="Folder koszyka (domyślnie ten z mkdocs.yml).")
@click.option("--variant", type=click.Choice(["public", "intranet"]), default="intranet", show_default=True)
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="ADRES:PORT")
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True)
def serve(basket, variant, dev_addr, config_file):
    """Podgląd strony na żywo: przebudowuje się po każdej zmianie karty."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import Abort, PluginError

    os.environ["KOSZYK_VARIANT"] = variant
    if basket is not None:
        os.environ["KOSZYK_BASKET"] = os.path.abspath(basket)  # not resolved: a link is judged as a link
    click.echo(f"Podgląd wariantu {variant}: http://{dev_addr}/  (Ctrl+C kończy)")
    try:
        mkdocs_serve(str(config_file), dev_addr=dev_addr, livereload=True)
    except (Abort, PluginError) as error:
        raise InvalidData(str(error)) from None


@main.command()
@click.option("--basket", "baskets", multiple=True, required=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder koszyka; podaj kilka razy, by porównać koszyki (np. gminy i powiatu).")
@click.option("--format", "output", type=click.Choice(["text", "json", "xlsx"]), default="text", show_default=True)
@output_file_option(required=False, help="Plik wynikowy (dla xlsx wymagany); bez niego wynik idzie na ekran.")
@taxonomy_option
@today_option
def report(baskets: tuple[Path, ...], output: str, output_file: Path | None, taxonomy: Taxonomy,
           today: dt.date) -> None:
    """Raport koszyka: pokrycie obszarów i grup, luki, nieaktualne karty, statusy."""
    from .monitoring_figures import monitoring_figures
    from .report_formats import report_text, write_report_xlsx
    from .reports import basket_report, compare_reports
    from .validation import validate_paths

    if output == "xlsx" and (output_file is None or len(baskets) > 1):
        raise click.UsageError("xlsx: podaj jeden koszyk i plik wynikowy (-o raport.xlsx)")
    if output == "xlsx":
        _refuse_other_suffix(output_file, ".xlsx")
    result = validate_paths(list(baskets), taxonomy, today)
    if result.errors:
        raise InvalidData("Raport nie powstał: popraw błędy w kartach.", result.errors)
    reports = [basket_report(basket, taxonomy, today) for basket in result.baskets]
    registers = [load_register(basket.path, today) for basket in result.baskets]
    register_errors = [problem for register in registers for problem in register.errors]
    if register_errors:
        raise InvalidData("Raport nie powstał: popraw błędy w rejestrze monitoringu.", register_errors)
    for basket_report_, register in zip(reports, registers):
        basket_report_.monitoring = monitoring_figures(register)
    if output == "xlsx":
        write_atomically(output_file, lambda path: write_report_xlsx(reports[0], taxonomy, path))
    else:
        if output == "json":
            data = reports[0].to_json() if len(reports) == 1 else {
                "raporty": [r.to_json() for r in reports], "porownanie": compare_reports(reports)}
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        else:
            text = "\n".join(report_text(r, taxonomy) for r in reports)
        if output_file is None:
            click.echo(text, nl=False)
        else:
            write_atomically(output_file, text_writer(text))
    if output_file is not None:
        click.echo(f"Zapisano {output_file}", err=True)


def _refuse_other_suffix(output_file: Path, suffix: str, *others: str) -> None:
    """A workbook named ``.ods`` (or anything else) would be an XLSX file under the wrong name,
    which LibreOffice and ``import-xlsx`` then refuse to open as ODS."""
    if output_file.suffix.lower() not in (suffix, *others):
        endings = " albo ".join((suffix, *others))
        raise click.UsageError(f"{output_file}: ten plik powstaje jako arkusz {endings}; nadaj mu nazwę "
                               f"z końcówką {endings} (np. {output_file.with_suffix(suffix).name})")


@main.command("template-xlsx")
@output_file_option(help="karta.xlsx (Excel) albo karta.ods (LibreOffice)")
@taxonomy_option
def template_xlsx(output_file: Path, taxonomy: Taxonomy) -> None:
    """Pusta karta usług partnera w Excelu lub LibreOffice (z listami rozwijanymi i instrukcją)."""
    from .excel import write_card_template

    _refuse_other_suffix(output_file, ".xlsx", ".ods")
    ods = output_file.suffix.lower() == ".ods"
    write_atomically(output_file, lambda path: write_card_template(taxonomy, path, ods=ods))
    click.echo(f"Zapisano {output_file}")


@main.command("export-xlsx")
@basket_option()
@click.option("--variant", type=click.Choice(["public", "intranet"]), default="public", show_default=True)
@output_file_option()
@taxonomy_option
@today_option
def export_xlsx(basket: Path, variant: str, output_file: Path, taxonomy: Taxonomy, today: dt.date) -> None:
    """Lokalny koszyk usług (narzędzie 11) jako arkusz: wiersz na usługę."""
    from .excel.basket_io import export_basket

    _refuse_other_suffix(output_file, ".xlsx")
    rows = []

    def write(path: Path) -> None:
        count, errors = export_basket(basket, taxonomy, today, variant, path)
        if errors:  # raised inside the write: the previous good export stays in place
            raise InvalidData(f"Nic nie zapisano: popraw karty; {display_path(output_file)} pozostaje bez zmian.", errors)
        rows.append(count)

    write_atomically(output_file, write)
    click.echo(f"Zapisano {output_file}: {rows[0]} wierszy (wariant {variant})")


@main.command("import-xlsx")
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@basket_option()
@click.option("--dry-run", is_flag=True, help="Pokaż, co by się zmieniło, niczego nie zapisując.")
@click.option("--partner", "partners", multiple=True, metavar="KARTA",
              help="Przyjmij tylko wiersze tej karty (nazwa pliku karty, z .yml albo bez; można powtórzyć); "
                   "używaj dla arkusza odesłanego przez partnera.")
@taxonomy_option
@today_option
def import_xlsx(workbook: Path, basket: Path, dry_run: bool, partners: tuple[str, ...], taxonomy: Taxonomy,
                today: dt.date) -> None:
    """Karta (lub cały koszyk) z arkusza .xlsx lub .ods do plików YAML; przy błędach nic nie zapisuje.

    Import zmienia tylko to, co jest w arkuszu: niczego nie usuwa z powodu braku
    (usługę wycofuje status „Wycofana”). Arkusz od partnera wczytuj z --partner
    i nazwą pliku jego karty: wiersze innych kart zostaną odrzucone."""
    from .excel.basket_io import import_workbook
    from .validation import BASKET_FILE, CARDS_DIR, COLLECTION_FILE

    if not (basket / BASKET_FILE).is_file() and (basket.name == CARDS_DIR or (basket.parent / BASKET_FILE).is_file()):
        raise click.UsageError(f"--basket {basket}: to folder kart, nie koszyka; podaj folder z plikiem {BASKET_FILE} "
                               f"(np. --basket {basket.parent})")
    if (basket / COLLECTION_FILE).is_file():
        raise InvalidData(f"{display_path(basket)}: to zestawienie ({COLLECTION_FILE}), nie koszyk: karty gmin zmienia się "
                          "w ich koszykach; nic nie zapisano.")
    outcome = import_workbook(workbook, basket, taxonomy, today, dry_run=dry_run,
                              partners=tuple(_card_name(name) for name in partners))
    if outcome.errors:
        raise InvalidData("Nic nie zapisano: popraw arkusz i zaimportuj ponownie.", outcome.problems)
    for problem in outcome.warnings:
        click.echo(problem.format_text(), err=True)
    for path, changes in outcome.written.items():
        click.echo(f"{display_path(path)}:")
        for change in changes:
            click.echo(f"  {change}")
    for note in outcome.notes:
        click.echo(note)
    if not outcome.written:
        click.echo("Bez zmian: karty w repozytorium są już takie jak w arkuszu.")
    elif dry_run:
        click.echo("Podgląd (--dry-run): nic nie zapisano.")


def _card_name(given: str) -> str:
    """``--partner``'s card: a file name, with or without ``partnerzy/`` and ``.yml``/``.yaml``."""
    from .schema import SLUG
    from .validation import CARDS_DIR, is_card_name

    name = given.strip().removeprefix(f"{CARDS_DIR}/")
    if is_card_name(name):  # any suffix a card may have, ``.YML`` too
        name = os.path.splitext(name)[0]
    if not re.fullmatch(SLUG.pattern, name) or len(name) > SLUG.max_length:
        raise click.UsageError(f"--partner „{given[:80]}”: podaj nazwę pliku karty z folderu {CARDS_DIR}/, "
                               "np. --partner poradnia-pp")
    return name


@main.command("przeglad")
@basket_option()
@click.option("--months", type=click.IntRange(1, 120), default=12, show_default=True,
              help="Karta do przeglądu, gdy sprawdzono ją dawniej niż tyle miesięcy temu.")
@output_dir_option()
@taxonomy_option
@today_option
def review(basket: Path, months: int, output_dir: Path, taxonomy: Taxonomy, today: dt.date) -> None:
    """Coroczny przegląd kart: arkusz karty dla każdego partnera do przeglądu i lista do korespondencji seryjnej."""
    from .review import MERGE_FILE, write_review

    outcome = write_review(basket, output_dir, taxonomy, today, months)
    if outcome.errors:
        raise InvalidData("Nic nie zapisano: popraw błędy w kartach.", outcome.errors)
    click.echo(f"Karty do przeglądu: {len(outcome.due)} z {outcome.partners} "
               f"(sprawdzone dawniej niż {months} mies. przed {today.isoformat()}).")
    for partner in outcome.due:
        verified = partner.verified.isoformat() if partner.verified else "nigdy"
        click.echo(f"  - {partner.name}: ostatnio sprawdzona {verified} → {partner.slug}.xlsx")
    click.echo(f"Zapisano w {display_path(output_dir)}: arkusze kart, widok karty (ODT, DOCX) i {MERGE_FILE}.")
    if outcome.due:
        click.echo(f"Odesłany arkusz wczytaj tylko do karty, dla której powstał, np.: koszyk import-xlsx "
                   f"{outcome.due[0].slug}.xlsx --basket {display_path(basket)} --partner {outcome.due[0].slug}")


@main.command("spotkanie")
@basket_option()
@click.option("--since", metavar="RRRR-MM-DD", required=True, callback=_today,
              help="Zmiany w koszyku od tego dnia (zwykle data poprzedniego spotkania).")
@output_file_option(help="Plik .odt albo .docx.")
@taxonomy_option
@today_option
def meeting(basket: Path, since: dt.date, output_file: Path, taxonomy: Taxonomy, today: dt.date) -> None:
    """Materiały na spotkanie partnerstwa (narzędzie 12): zmiany, luki, karty do przeglądu, wnioski."""
    from .tools.meeting import FORMATS, write_meeting_pack

    if output_file.suffix not in FORMATS:
        raise click.UsageError("plik wynikowy musi mieć rozszerzenie .odt albo .docx")
    if since > today:
        raise click.BadParameter(f"{since.isoformat()} jest w przyszłości (dziś {today.isoformat()}); "
                                 "podaj datę poprzedniego spotkania", param_hint="'--since'")
    errors = write_meeting_pack(basket, output_file, taxonomy, today, since)
    if errors:
        raise InvalidData("Materiały nie powstały: popraw błędy.", errors)
    click.echo(f"Zapisano {output_file}", err=True)


@main.command("deklaracje")
@basket_option()
@click.option("--partner", "partners", multiple=True, metavar="PLIK_KARTY",
              help="Tylko ten partner (nazwa pliku karty, z .yml albo bez); można powtórzyć.")
@output_dir_option()
@taxonomy_option
@today_option
def declarations(basket: Path, partners: tuple[str, ...], output_dir: Path, taxonomy: Taxonomy,
                 today: dt.date) -> None:
    """Deklaracje przystąpienia (narzędzie 8) z nazwą, adresem i typem partnera, w ODT i DOCX."""
    from .tools.filled import write_declarations

    try:
        outcome = write_declarations(basket, output_dir, taxonomy, today, [_card_name(name) for name in partners])
    except KeyError as error:
        raise click.UsageError(f"nie ma karty partnera {error.args[0]}") from None
    if outcome.errors:
        raise InvalidData("Nic nie zapisano: popraw błędy w kartach.", outcome.errors)
    click.echo(f"Zapisano deklaracje (ODT i DOCX) dla partnerów: {len(outcome.written) // 2} w {display_path(output_dir)}.")


@main.command("export")
@click.option("--format", "formats", type=click.Choice(["csv", "json", "hsds", "all"]), multiple=True,
              default=["all"], show_default=True, help="Można podać kilka razy.")
@basket_option()
@output_dir_option()
@click.option("--site-url", default="", help="Adres strony publicznej: eksport HSDS poda adresy stron usług.")
@taxonomy_option
@today_option
def export(formats: tuple[str, ...], basket: Path, output_dir: Path, site_url: str, taxonomy: Taxonomy,
           today: dt.date) -> None:
    """Otwarte dane z wersji publicznej koszyka: CSV + datapackage.json, JSON, Open Referral HSDS."""
    from .open_data import FORMATS, write_open_data
    from .validation import read_basket

    result = read_basket(basket, taxonomy, today)
    if result.errors:
        raise InvalidData("Nic nie zapisano: popraw karty i wyeksportuj ponownie.", result.errors)
    chosen = FORMATS if "all" in formats else tuple(formats)
    written = write_open_data(result.baskets[0], taxonomy, output_dir, chosen, site_url)
    click.echo(f"Zapisano {len(written)} plików w {display_path(output_dir)} (wersja publiczna, formaty: {', '.join(chosen)})")


@main.command()
@basket_option()
@click.option("--since", metavar="RRRR-MM-DD", callback=lambda ctx, param, value: _today(ctx, param, value) if value else None,
              help="Tylko zmiany od tego dnia.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@taxonomy_option
def changes(basket: Path, since: dt.date | None, output: str, taxonomy: Taxonomy) -> None:
    """Usługi dodane, wycofane i zmienione (które pola), według historii git kart."""
    from dataclasses import asdict

    from .history import basket_history

    history = basket_history(basket, since, taxonomy)
    if not history.available:
        raise MissingTool(history.note)
    if history.note:
        click.echo(history.note, err=True)
    if output == "json":
        click.echo(json.dumps([asdict(change) for change in history.changes], ensure_ascii=False, indent=2, default=str))
        return
    for change in history.changes:
        fields = f": {', '.join(change.fields)}" if change.fields else ""
        click.echo(f"{change.date}  {change.partner}  {change.kind}  {change.service} ({change.service_name}){fields}")
    click.echo(f"Zmian: {len(history.changes)}" + (f" od {since}" if since else "")
               + (f"; historia od {history.starts}" if history.starts else ""), err=True)


@main.command("check-leaks")
@click.argument("site", type=click.Path(file_okay=False, exists=True, path_type=Path))
@basket_option()
@taxonomy_option
def check_leaks(site: Path, basket: Path, taxonomy: Taxonomy) -> None:
    """Sprawdź, że żadna dana tylko dla intranetu nie trafiła do zbudowanej strony publicznej."""
    from .leaks import find_leaks, intranet_only_values

    try:
        secrets = intranet_only_values(basket, taxonomy)
    except YamlFileError as error:
        raise InvalidData("Sprawdzenie przerwane: bez tej karty nie wiadomo, czego szukać.", [error.problem]) from None
    leaks = find_leaks(site, secrets)
    for file, secret in leaks:
        click.echo(f"{file}: zawiera daną tylko dla intranetu: „{secret}”", err=True)
    summary = (f"Sprawdzono {sum(1 for p in site.rglob('*') if p.is_file())} plików pod kątem "
               f"{len(secrets)} wartości wewnętrznych: {'WYCIEK' if leaks else 'czysto'}.")
    if leaks:
        raise InvalidData(summary)
    click.echo(summary, err=True)


@main.command()
@click.option("--check", is_flag=True, help="Nie zapisuj; zakończ kodem 1, jeśli plik jest nieaktualny.")
@output_file_option(required=False, default=CODEOWNERS_FILE, show_default=True)
def codeowners(check: bool, output_file: Path) -> None:
    """Zapisz .github/CODEOWNERS z opiekunów kart (partner.opiekunowie)."""
    expected = codeowners_text(DEFAULT_BASKETS)
    if check:
        if not output_file.exists() or output_file.read_text(encoding="utf-8") != expected:
            raise InvalidData(f"{output_file} jest nieaktualny: uruchom `koszyk codeowners`.")
        click.echo(f"{output_file} jest aktualny.")
        return
    write_atomically(output_file, text_writer(expected))
    click.echo(f"Zapisano {output_file}")



__all__ = ["CommandError", "main"]

if __name__ == "__main__":
    main()
