"""A national list by harvesting: the search index and browse pages of a synthetic country.

    python -m bench.country_bench                     # 1,500 gminas × 200 = 300,000 services; baseline 150 × 200
    python -m bench.country_bench --gminas 100        # quick
    python -m bench.country_bench --level wojewodztwo # as a list that keeps cell pages and gmina lists

Each gmina publishes its own site, and with it ``otwarte-dane/koszyk.json`` (the
cards of its public variant). The level above reads those files, as
``koszyk pobierz`` leaves them in its cache, and builds only what it adds: here
the search index (``search.write_search_index``) and the browse pages, with a page per
gmina (their HTML bodies, as ``pages.browse`` and ``pages.collection`` render them; a
national list has no page per matrix cell and no gmina lists, ``Taxonomy.lists_in_search``);
no service page is rendered, because each service already has its page on its gmina's site.

Each size runs in a fresh process, which reports its wall and CPU seconds per
step and its peak resident memory (``ru_maxrss``). The same-run baseline is a
voivodeship-sized harvest (150 gminas × 200 services = 30,000) on the same
machine, built as a list of the same level (``--level``, by default ``kraj``), so
the ratio country / baseline shows how one path scales.
The published files are generated once per size (``bench/out/kraj-<N>/``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from bench.synthetic import make_card, make_service

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PER_GMINA = 200
PER_CARD = 10


def publish_country(gminas: int, folder: Path, seed: int = 2026) -> Path:
    """``<folder>/<teryt>/koszyk.json`` for ``gminas`` gminas, as each gmina's site publishes it
    (public services only, no intranet field: what the public variant exports)."""
    from koszyk.taxonomy import load_taxonomy

    marker = folder / "gotowe.txt"
    if marker.exists() and marker.read_text() == str(gminas):
        return folder
    taxonomy, rng, today = load_taxonomy(), random.Random(seed), dt.date(2026, 11, 1)
    for number in range(gminas):
        teryt = f"{2 + 2 * (number % 16):02d}{number // 16 % 100:02d}{number % 7 + 1:02d}2"
        cards = []
        for card_number in range(PER_GMINA // PER_CARD):
            start = number * PER_GMINA + card_number * PER_CARD
            services = [make_service(rng, taxonomy, n) for n in range(start, start + PER_CARD)]
            card = make_card(rng, taxonomy, number * 1000 + card_number, services, today)
            card["partner"].pop("kontakt_wewnetrzny", None)
            card["partner"]["ostatnia_weryfikacja"] = card["partner"]["ostatnia_weryfikacja"].isoformat()
            card["uslugi"] = [{key: value for key, value in service.items() if key != "uwagi_wewnetrzne"}
                              for service in services if service["widocznosc"] == "publiczna"]
            cards.append(card)
        data = {"koszyk": {"id": f"gmina-{number:04d}", "nazwa": f"Gmina {number}", "teryt": teryt,
                           "poziom": "gmina"}, "karty": cards}
        target = folder / teryt / "koszyk.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    marker.write_text(str(gminas))
    return folder


def harvest(folder: Path, site: Path, level: str) -> dict:
    """Read every published ``koszyk.json`` under ``folder`` and build the index and browse pages into ``site``."""
    from koszyk.model import Basket, Source
    from koszyk.pages.browse import browse_pages, matrix_pages
    from koszyk.pages.collection import gmina_pages
    from koszyk.pages.rendering import Renderer
    from koszyk.search import search_records, write_search_index
    from koszyk.search.concepts import build_concepts
    from koszyk.search.thesaurus import load_thesaurus
    from koszyk.taxonomy import load_taxonomy
    from koszyk.validation import _partner, _service

    steps: dict[str, dict] = {}

    def step(name: str, started: tuple[float, float]) -> tuple[float, float]:
        now = (time.perf_counter(), time.process_time())
        steps[name] = {"seconds": round(now[0] - started[0], 1), "cpu_seconds": round(now[1] - started[1], 1)}
        return now

    mark = (time.perf_counter(), time.process_time())
    taxonomy = load_taxonomy(ROOT / "site_config" / "taxonomy.yml")
    concepts = build_concepts(taxonomy, load_thesaurus(ROOT / "site_config" / "potrzeby.yml", taxonomy, ROOT))
    country = Basket(id="kraj", name="Lista krajowa (symulacja)", level=level)
    for path in sorted(folder.glob("*/koszyk.json")):
        published = json.loads(path.read_text(encoding="utf-8"))
        header = published["koszyk"]
        source = Source(id=header["id"], name=header["nazwa"], teryt=header["teryt"], level=header["poziom"],
                        site_url=f"https://{header['id']}.example.org/", origin=str(path))
        country.sources.append(source)
        for number, card in enumerate(published["karty"]):
            partner = _partner(card["partner"], f"{source.id}-{number:03d}", None)
            partner.services = [replace(_service(raw, partner.slug, 0), id=f"{source.id}-{raw['id']}",
                                        source=source, source_id=raw["id"]) for raw in card["uslugi"]]
            partner.sources = [source]
            country.partners.append(partner)
        del published
    services = sum(len(partner.services) for partner in country.partners)
    mark = step("wczytanie koszyk.json", mark)
    count = write_search_index(search_records(country, taxonomy), site, concepts)
    mark = step("indeks wyszukiwarki", mark)
    renderer = Renderer(taxonomy, "public", dt.date(2026, 11, 23), level=country.level)
    written = 0
    for page in [*browse_pages(country, renderer), *matrix_pages(country, renderer), *gmina_pages(country, renderer)]:
        target = site / page.src_uri.replace(".md", ".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.html, encoding="utf-8")
        written += 1
    step("strony przeglądania", mark)
    folders: dict[str, int] = {}
    for path in site.rglob("*"):
        if path.is_file():
            folder = "/".join(path.relative_to(site).parent.parts[:2]) or "."
            folders[folder] = folders.get(folder, 0) + path.stat().st_size
    return {"services": services, "indexed": count, "browse_pages": written, "steps": steps,
            "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "site_mb": round(sum(folders.values()) / 1e6, 1),
            "folders_mb": {name: round(size / 1e6, 1) for name, size in sorted(folders.items())}}


def run_size(gminas: int, level: str) -> dict:
    """One harvest in a fresh process (so its peak memory is its own)."""
    folder = publish_country(gminas, OUT / f"kraj-{gminas}")
    load = os.getloadavg()[0]
    result = subprocess.run([sys.executable, "-m", "bench.country_bench", "--harvest", str(folder), "--level", level],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    row = json.loads(result.stdout.splitlines()[-1])
    return {"gminas": gminas, "load": round(load, 1), **row}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gminas", type=int, default=1500)
    parser.add_argument("--baseline-gminas", type=int, default=150)
    parser.add_argument("--level", default="kraj", help="poziom listy (słownik „poziomy”) dla obu przebiegów")
    parser.add_argument("--harvest", type=Path, help=argparse.SUPPRESS)  # the child process's job
    args = parser.parse_args()
    if args.harvest:
        import shutil
        site = args.harvest.with_name(args.harvest.name + "-strona")
        shutil.rmtree(site, ignore_errors=True)
        print(json.dumps(harvest(args.harvest, site, args.level), ensure_ascii=False))
        return
    rows = [run_size(args.baseline_gminas, args.level), run_size(args.gminas, args.level)]
    for row in rows:
        print(json.dumps(row, ensure_ascii=False), flush=True)
    print(f"\ncores: {os.cpu_count()}, python {sys.version.split()[0]}, poziom listy: {args.level}")
    print(f"{'gminy':>6} {'usługi':>8} {'krok':>24} {'sekundy':>8} {'CPU s':>8}")
    for row in rows:
        for name, figures in row["steps"].items():
            print(f"{row['gminas']:>6} {row['services']:>8} {name:>24} {figures['seconds']:>8} {figures['cpu_seconds']:>8}")
        print(f"{row['gminas']:>6} {row['services']:>8} {'szczyt pamięci MiB':>24} {row['peak_mib']:>8}"
              f"   strona {row['site_mb']} MB, load {row['load']}")
        print(f"{'':>15} strona MB według folderu: " + ", ".join(f"{name} {mb}" for name, mb in row["folders_mb"].items()))
    base, country = rows
    total = lambda row: sum(figures["cpu_seconds"] for figures in row["steps"].values())  # noqa: E731
    print(f"\nCPU kraj / baza: {total(country) / max(total(base), 0.1):.1f}× przy {country['services'] / base['services']:.0f}× usług")


if __name__ == "__main__":
    main()
