"""The local copy of published sources: ``koszyk pobierz`` writes it, builds only read it.

Each published source (``adres`` in ``zestawienie.yml``) is kept as one file in
``<collection>/.zrodla/``: the site's ``koszyk.json`` as published, plus a ``zrodlo``
key saying where and when it was fetched. Builds and ``koszyk validate`` never
touch the network; a source that was never fetched is an error naming it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path

from ..files import text_writer, write_all_or_none
from ..loading import leads_out_of
from ..problems import Problem, display_path
from .spec import SourceEntry

CACHE_DIR = ".zrodla"
MAX_SOURCE_BYTES = 200_000_000
TIMEOUT_SECONDS = 60
ORIGIN_KEY = "zrodlo"


def cache_path(collection_folder: Path, address: str) -> Path:
    """The cache file of ``address``: readable (host and path) and unique (a short hash)."""
    readable = re.sub(r"[^a-z0-9]+", "-", re.sub(r"^https?://", "", address.lower())).strip("-")[:60]
    digest = hashlib.sha256(address.encode("utf-8")).hexdigest()[:10]
    return collection_folder / CACHE_DIR / f"{readable}-{digest}.json"


@dataclass
class Fetched:
    entry: SourceEntry
    data: dict


class SourceUnavailable(ValueError):
    """A published source could not be fetched or is not koszyk open data; ``problem`` names it."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format_text())
        self.problem = problem


def fetch(entry: SourceEntry, now: dt.datetime | None = None) -> Fetched:
    """Download one published source and check it is koszyk open data (nothing is written)."""
    try:
        request = urllib.request.Request(entry.address, headers={"User-Agent": "koszyk-pobierz"})
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - http(s) only (schema.Url)
            raw = response.read(MAX_SOURCE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise _unavailable(entry, f"serwer odpowiedział kodem {error.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise _unavailable(entry, _network_reason(error)) from None
    if len(raw) > MAX_SOURCE_BYTES:
        raise _unavailable(entry, f"plik jest większy niż {MAX_SOURCE_BYTES // 1_000_000} MB")
    data = parse_published(raw, entry)
    fetched_at = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    data[ORIGIN_KEY] = {"adres": entry.address, "pobrano": fetched_at.isoformat().replace("+00:00", "Z"),
                        "sha256": hashlib.sha256(raw).hexdigest()}
    return Fetched(entry, data)


def _network_reason(error: Exception) -> str:
    """Why a download failed, in Polish: the system's own text (``[Errno -2] Name or service not
    known``) is English and names no remedy."""
    reason = getattr(error, "reason", None) or error
    if isinstance(reason, socket.gaierror):
        return "nie znaleziono serwera o tej nazwie (sprawdź adres i połączenie z internetem)"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"serwer nie odpowiedział w ciągu {TIMEOUT_SECONDS} s"
    if isinstance(reason, ConnectionRefusedError):
        return "serwer odmówił połączenia"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return "certyfikat serwera jest nieważny albo niezaufany"
    if isinstance(reason, ssl.SSLError):
        return "nie udało się nawiązać połączenia szyfrowanego"
    if isinstance(reason, ConnectionError):
        return "połączenie zostało przerwane"
    return f"brak połączenia ({reason})"


def parse_published(raw: bytes, entry: SourceEntry, where: str = "plik") -> dict:
    """``koszyk.json`` bytes as data, or ``SourceUnavailable`` saying what is wrong with them
    (``where``: how the message names the bytes, e.g. the local copy)."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise _unavailable(entry, f"{where} nie jest zapisany w UTF-8") from None
    except json.JSONDecodeError as error:
        raise _unavailable(entry, f"{where} nie jest poprawnym JSON (błąd w wierszu {error.lineno}, "
                                  f"kolumnie {error.colno})") from None
    except (ValueError, RecursionError):
        raise _unavailable(entry, f"{where} nie jest poprawnym JSON (zbyt głęboko zagnieżdżone dane)") from None
    if not isinstance(data, dict) or not isinstance(data.get("koszyk"), dict) or not isinstance(data.get("karty"), list):
        raise _unavailable(entry, f"{where}: to nie są otwarte dane koszyka (brak kluczy „koszyk” i „karty” "
                                  "pliku koszyk.json)")
    return data


def write_cache(collection_folder: Path, fetched: list[Fetched]) -> list[Path]:
    """Write every fetched source, all or none (``files.write_all_or_none``): a full disk at the
    second copy must not leave the first one new."""
    texts = {cache_path(collection_folder, item.entry.address):
             json.dumps(item.data, ensure_ascii=False, separators=(",", ":")) + "\n" for item in fetched}
    write_all_or_none({target: text_writer(text) for target, text in texts.items()})
    return list(texts)


def read_cached(collection_folder: Path, entry: SourceEntry) -> dict:
    """The cached copy of a published source, or ``SourceUnavailable`` (never fetched, or damaged)."""
    path = cache_path(collection_folder, entry.address)
    outside = leads_out_of(path, collection_folder)
    if outside:
        raise _unavailable(entry, f"kopia {path.as_posix()}: {outside}")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceUnavailable(entry.problem(
            f"źródło „{entry.address}” nie zostało jeszcze pobrane; uruchom "
            f"„koszyk pobierz --basket {display_path(collection_folder)}”")) from None
    except OSError as error:
        raise _unavailable(entry, f"nie można odczytać kopii {path.as_posix()} ({error.strerror})") from None
    try:
        data = parse_published(raw, entry, f"kopia {display_path(path)}")
    except SourceUnavailable as error:  # the copy was damaged here: fetching again mends it
        raise SourceUnavailable(replace(error.problem, message=f"{error.problem.message}; pobierz źródło "
                                                               "ponownie („koszyk pobierz”)")) from None
    if not isinstance(data.get(ORIGIN_KEY), dict):
        raise _unavailable(entry, f"kopia {display_path(path)} nie ma opisu pochodzenia; pobierz źródło ponownie")
    return data


def _unavailable(entry: SourceEntry, reason: str) -> SourceUnavailable:
    return SourceUnavailable(entry.problem(f"źródło „{entry.address}”: {reason}"))
