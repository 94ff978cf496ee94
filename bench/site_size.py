"""What takes the space in a built site: bytes and files per kind of output.

    python -m bench.site_size bench/out/site-30000/public

Sizes are apparent sizes (the sum of file lengths, what GitHub Pages counts
against its 1 GB limit), and disk usage in 4 KiB blocks, which is what a
folder of 30,000 small files costs on an ordinary file system.
"""

from __future__ import annotations

import argparse
import os
from collections import defaultdict
from pathlib import Path

BLOCK = 4096

# first matching prefix of the path relative to the site root names the kind
KINDS = (
    ("uslugi/", "strony usług"),
    ("partnerzy/", "strony partnerów"),
    ("przegladaj/", "strony przeglądania"),
    ("szukaj/indeks/", "indeks wyszukiwarki"),
    ("szukaj/", "strona wyszukiwarki"),
    ("otwarte-dane/", "otwarte dane"),
    ("pobierz/", "pliki do pobrania"),
    ("assets/", "zasoby motywu"),
    ("javascripts/", "skrypty"),
    ("stylesheets/", "style"),
    ("sitemap.xml", "mapa strony"),
    ("raporty/", "raporty"),
)


def kind_of(relative: str) -> str:
    for prefix, kind in KINDS:
        if relative.startswith(prefix):
            return kind
    return "pozostałe strony i pliki"


def site_sizes(site: Path) -> dict[str, dict[str, int]]:
    """Kind → {"files", "bytes", "disk"}, plus a ``razem`` total."""
    table: dict[str, dict[str, int]] = defaultdict(lambda: {"files": 0, "bytes": 0, "disk": 0})
    for folder, _, names in os.walk(site):
        for name in names:
            path = Path(folder, name)
            size = path.stat().st_size
            for kind in (kind_of(path.relative_to(site).as_posix()), "razem"):
                row = table[kind]
                row["files"] += 1
                row["bytes"] += size
                row["disk"] += -(-size // BLOCK) * BLOCK
    return dict(table)


def format_sizes(table: dict[str, dict[str, int]]) -> str:
    lines = [f"{'rodzaj':<28} {'pliki':>7} {'MB':>9} {'MB na dysku':>12} {'KB/plik':>8}"]
    for kind, row in sorted(table.items(), key=lambda item: (item[0] == "razem", -item[1]["bytes"])):
        lines.append(f"{kind:<28} {row['files']:>7} {row['bytes'] / 1e6:>9.1f} {row['disk'] / 1e6:>12.1f}"
                     f" {row['bytes'] / max(row['files'], 1) / 1e3:>8.1f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    args = parser.parse_args()
    print(format_sizes(site_sizes(args.site)))


if __name__ == "__main__":
    main()
