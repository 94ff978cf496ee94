"""Building the site variants with MkDocs, one process per variant.

``koszyk build`` writes ``<site_dir>/public`` and ``<site_dir>/intranet``. The two
builds share nothing, so with ``all`` they run side by side on two cores.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import stat
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import staging
from .files import new_folder_mode
from .stopping import STOP_SIGNALS, quiet_abandoned_writers, stop_once
from .guards import published_cache_problem
from .render_cache import remove_files
from .variants import VARIANTS

if TYPE_CHECKING:  # MkDocs is imported where a variant is built: see ``build_variant``
    from mkdocs.config.defaults import MkDocsConfig

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@dataclass(frozen=True)
class BuildRequest:
    config_file: Path
    variant: str
    site_dir: Path
    basket: Path | None = None
    strict: bool = False
    today: str | None = None
    taxonomy: Path | None = None
    cache_dir: Path | None = None  # finished pages kept between builds; None: the plugin's setting
    site_root: Path | None = None  # the folder each variant's own folder is in (``build_site``)
    options: tuple[tuple[str, object], ...] = ()  # more plugin options, over mkdocs.yml's (e.g. ``listing_rows``)


class BuildError(Exception):
    """A variant could not be built; the message says why, in Polish."""


def variant_config(request: BuildRequest) -> MkDocsConfig:
    """The MkDocs config of ``mkdocs.yml`` set to one variant, basket and output folder."""
    from mkdocs.config import load_config

    config = load_config(str(request.config_file), site_dir=str(request.site_dir), strict=request.strict)
    plugin = config.plugins.get("koszyk")
    if plugin is None:
        raise BuildError(f"{request.config_file}: brak wtyczki „koszyk” w sekcji plugins")
    plugin.config["variant"] = request.variant
    if request.basket is not None:
        plugin.config["basket"] = os.path.abspath(request.basket)  # not resolved: a link is judged as a link
    if request.today is not None:
        plugin.config["today"] = request.today
    if request.taxonomy is not None:
        plugin.config["taxonomy"] = os.path.abspath(request.taxonomy)
    if request.cache_dir is not None:
        plugin.config["cache_dir"] = str(request.cache_dir.resolve()) if request.cache_dir.parts else ""
    plugin.config.update(dict(request.options))
    return config


def build_variant(request: BuildRequest) -> str | None:
    """Build one variant; ``None`` when it worked, else the reason.

    With the page cache on, the old output's files are removed but its folders kept, and
    so are the pages it linked from the cache (see ``empty_keeping_folders``); MkDocs builds
    "dirty" into that folder: as clean a build, without removing and recreating a folder for
    each of thousands of pages, nor unlinking and linking again each page that did not change.
    The plugin keeps the pages it serves and removes the others before anything is written.

    MkDocs is imported here, in the worker, not by the module: ``koszyk build``'s main process,
    which only starts the two workers and waits, held 63 MiB with it and the site code loaded,
    and 22 MiB without (counted in the build's peak memory, issue 14)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    _show_warnings()
    linked: set[str] = set()
    emptied: set[str] = set()
    built = False
    plugin = None
    try:
        config = variant_config(request)
        plugin = config.plugins["koszyk"]
        keep_folders = bool(plugin.config["cache_dir"])
        if keep_folders and request.site_root is not None:  # another variant's folder is published too
            cache = Path(config.config_file_path).parent / plugin.config["cache_dir"]
            problem = published_cache_problem([cache], [request.site_root / variant for variant in VARIANTS])
            if problem:
                raise BuildError(f"koszyk: {problem}")
        if keep_folders:  # emptied by the plugin once the basket is read (``KoszykPlugin.on_pre_build``)
            plugin.linked_in_site = linked
            plugin.emptied_in_site = emptied
            plugin.empty_site_first = True
        with _quiet_dirty_warning(), _fewer_full_collections():
            mkdocs_build(config, dirty=keep_folders)
        built = True
        if keep_folders:
            remove_empty_folders(Path(config.site_dir), emptied)
    except (PluginError, ConfigurationError, BuildError) as error:
        return str(error)
    except Abort as error:
        return f"Budowanie przerwane przez MkDocs; przyczynę podają komunikaty wyżej (MkDocs: {error})"
    finally:
        if plugin is not None:
            plugin.drop_staging()
        if not built:  # stopped by an error or by the user: the pages kept so far go (none before the emptying)
            remove_files(linked)
            # stopped once the plugin or MkDocs began emptying and writing: nothing half-built stays;
            # stopped before (invalid data: ``on_config``), the last site stays as it was
            if plugin is not None and plugin.site_touched:
                _remove_every_file(Path(request.site_dir))
    return None


def _remove_every_file(site_dir: Path) -> None:
    if not site_dir.is_dir():
        return
    left: set[str] = set()
    empty_keeping_folders(site_dir, left)
    remove_files(left)
    remove_empty_folders(site_dir)


def empty_keeping_folders(site_dir: Path, kept: set[str], emptied: set[str] | None = None) -> None:
    """Remove every file MkDocs' clean step would remove, leaving the folders and the files
    that have more than one link: the pages an earlier build linked from the page cache
    (``render_cache``). Their paths, as MkDocs names output files, go into ``kept`` as they
    are found (a build stopped halfway still knows them); into ``emptied`` go the folders a
    file was removed from and those that held none: the only ones that may be empty when the
    build ends (``remove_empty_folders``).

    Nothing MkDocs reads or writes depends on a kept file: the plugin removes at once those
    that are neither basket pages nor its other outputs (``on_files``: MkDocs would take a
    kept Markdown page for up to date and not read it), serves from the cache the pages and
    files that are still the same (``PageCache.serve`` leaves one that is already the entry
    alone) and unlinks the other kept files in ``on_env``, before MkDocs writes anything. So a
    "dirty" MkDocs build (which skips a file only when its output exists and is newer) builds and
    copies everything else: the same as a clean build. Like ``mkdocs.utils.clean_directory``,
    hidden entries at the top are left alone.

    Keeping the linked pages spares a 30,000-service rebuild 36,000 unlinks and 31,000 links
    (about 3 s of the public variant's one-card rebuild, cProfile)."""
    if not site_dir.is_dir():
        return
    emptied = set() if emptied is None else emptied
    mode = new_folder_mode()
    with os.scandir(site_dir) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)
                continue
            made_as_now(entry.path, mode)
            _empty_folder(os.path.normpath(entry.path), kept, emptied, mode)


def made_as_now(folder: str, mode: int) -> None:
    """A kept folder gets the mode a build into a new folder would make it with (``new_folder_mode``):
    one made under ``umask 077`` would otherwise keep the next site unreadable to a web server (the
    plugin does so for the variant's own folder, with or without a cache: ``on_pre_build``).
    A link to a folder is left alone (its target is not the build's). Only the permission bits
    change: a setgid folder (files made in it get its group, e.g. the web server's) stays setgid,
    as folders made in it would be."""
    try:
        found = os.lstat(folder)
        if stat.S_ISDIR(found.st_mode) and stat.S_IMODE(found.st_mode) & 0o777 != mode:
            os.chmod(folder, stat.S_IMODE(found.st_mode) & ~0o777 | mode)
    except OSError:  # not the owner's: left as it is, as MkDocs' own ``makedirs`` would leave it
        pass


def _empty_folder(folder: str, kept: set[str], emptied: set[str], mode: int) -> None:
    """``empty_keeping_folders`` below one folder. ``os.scandir`` tells links and folders
    apart without a system call; ``os.walk`` and a ``stat`` per folder took about twice as long.
    A folder that cannot be listed is left as it is, as ``os.walk`` leaves it."""
    below, held_file = [], False
    try:
        entries = os.scandir(folder)
    except OSError:
        return
    with entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                made_as_now(entry.path, mode)
                below.append(entry.path)
                continue
            held_file = True
            if not entry.is_symlink():  # a link to a file or a folder is gone, as in a clean build
                info = entry.stat(follow_symlinks=False)
                if info.st_nlink > 1 and stat.S_ISREG(info.st_mode):
                    kept.add(entry.path)
                    continue
            os.unlink(entry.path)
            emptied.add(folder)
    if not held_file:
        emptied.add(folder)
    for path in below:
        _empty_folder(path, kept, emptied, mode)


def remove_empty_folders(site_dir: Path, among: Iterable[str] | None = None) -> None:
    """Folders left empty after a build (a page that is no more) go, as a clean build has none.

    ``among``: the only folders that may be empty (``empty_keeping_folders``' ``emptied``); each
    goes if empty, and then each folder above it that this leaves empty. Without it, every
    folder is walked, deepest first. Walking the 33,000 page folders of a 30,000-service site
    after a one-card rebuild cost about 0.35 s per variant (sampling profile, voivodeship)."""
    if among is not None:
        top = os.path.normpath(site_dir)
        for folder in sorted(among, key=len, reverse=True):  # deeper first: a folder's own go before it
            while folder.startswith(top + os.sep) and not os.path.islink(folder):
                try:
                    os.rmdir(folder)
                except OSError:
                    break
                folder = os.path.dirname(folder)
        return
    for entry in site_dir.iterdir():
        if entry.name.startswith(".") or entry.is_symlink() or not entry.is_dir():
            continue
        removed: set[str] = set()
        for folder, folders, names in os.walk(entry, topdown=False):
            if names or any(os.path.join(folder, name) not in removed for name in folders):
                continue
            try:
                os.rmdir(folder)
                removed.add(folder)
            except OSError:
                pass


FULL_COLLECTION_EVERY = 100  # young collections between two full ones; Python's default is 10


@contextlib.contextmanager
def _fewer_full_collections():
    """Python's cyclic garbage collector runs a full collection after every 10 collections of the
    middle generation (once the heap grew by a quarter): a build holds 400,000 to 850,000 objects
    for its whole length (the basket, then MkDocs' files and pages), and each full collection went
    through all of them to find almost nothing. Public variant, 30,000 services, in process:

    - one card changed: 12 full collections, 3.4 s of collecting in all → 3 and 1.5 s;
    - no cache: 14 full collections, 5.9 s → 4 and 3.0 s; peak memory the same (421 → 418 MB).

    A larger first threshold (10,000 instead of 700) collected less still but raised the peak by
    55 MB: garbage in cycles waited longer. The thresholds are set back when the build ends."""
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], FULL_COLLECTION_EVERY)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


class _StderrHandler(logging.StreamHandler):
    """Writes each message to ``sys.stderr`` as it is when the message comes, as Python's own
    last-resort handler does (a test runner swaps ``sys.stderr`` for each test)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def _show_warnings() -> None:
    """MkDocs' and the plugin's warnings go to stderr, once per process. Without a handler of our
    own, only Python's last resort printed them, and it speaks only for a logger tree with no
    handler: with ``--strict`` MkDocs adds one that counts warnings, so a build stopped with
    "Aborted with 1 warnings in strict mode" and the warning itself was never shown."""
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(handler, _StderrHandler) for handler in logger.handlers):
        handler = _StderrHandler()
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)


class _DirtyWarningFilter(logging.Filter):
    """MkDocs warns that a dirty build may be inaccurate; ours starts from an emptied folder."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


@contextlib.contextmanager
def _quiet_dirty_warning():
    logger, quiet = logging.getLogger("mkdocs.commands.build"), _DirtyWarningFilter()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


def build_site(config_file: Path, variants: list[str], site_root: Path, basket: Path | None = None,
               strict: bool = False, today: str | None = None, taxonomy: Path | None = None,
               cache_dir: Path | None = None, options: dict | None = None) -> dict[str, str | None]:
    """Build each variant into ``site_root/<variant>``; the result maps variant → error or None.
    ``options``: plugin options that replace mkdocs.yml's."""
    requests = [
        BuildRequest(config_file, variant, site_root / variant, basket, strict, today, taxonomy, cache_dir, site_root,
                     tuple(sorted((options or {}).items())))
        for variant in variants if variant in VARIANTS
    ]
    if len(requests) == 1:
        return {requests[0].variant: build_variant(requests[0])}
    context = multiprocessing.get_context("spawn")
    workers: list[tuple[str, multiprocessing.Process, object]] = []
    temporary = staging.new_folder()  # the workers' staging folders: gone even if one is killed
    try:
        for request in requests:
            receiving, sending = context.Pipe(duplex=False)
            process = context.Process(target=_build_and_send, args=(request, sending, temporary),
                                      name=f"koszyk-{request.variant}")
            with _ctrl_c_ignored():  # inherited: a worker hears Ctrl-C once it can stop cleanly
                process.start()
            sending.close()  # the worker holds the other end: its death ends ``recv``
            workers.append((request.variant, process, receiving))
        return {variant: _result_of(variant, process, receiving) for variant, process, receiving in workers}
    except BaseException:  # Ctrl-C: stop the workers, never wait for them
        _stop_workers([process for _variant, process, _receiving in workers])
        raise
    finally:
        for _variant, _process, receiving in workers:
            receiving.close()
        staging.remove(temporary)


def _build_and_send(request: BuildRequest, sending, temporary: Path) -> None:
    """A variant's worker process: its outcome (``build_variant``) goes back through ``sending``.
    An unexpected error is sent as its traceback, so the other variant still finishes. Its
    temporary files (the plugin's staging folder, which may hold intranet data) go in
    ``temporary``, which ``build_site`` removes however the worker ended: a worker killed by
    the system when memory runs out cannot clean up after itself.

    The worker starts with Ctrl-C ignored (``build_site``): one that came while Python was still
    importing koszyk printed a traceback. From here Ctrl-C, ``SIGTERM`` or ``SIGHUP`` stop the
    build once, and the clean-up of ``build_variant`` runs without being stopped in turn. So does
    the main process's death (``_stop_when_parent_ends``): killed outright, it can tell no one."""
    try:
        for signal_number in STOP_SIGNALS:
            signal.signal(signal_number, stop_once)
        quiet_abandoned_writers()  # a workbook left half-written by a stop
        _stop_when_parent_ends()  # at once, if the parent is gone already
        tempfile.tempdir = str(temporary)
        try:
            outcome = build_variant(request)
        except KeyboardInterrupt:
            raise
        except BaseException:
            outcome = f"Nieoczekiwany błąd programu koszyk (zgłoś go opiekunom):\n{traceback.format_exc()}"
        sending.send(outcome)
        sending.close()
    except (KeyboardInterrupt, BrokenPipeError):  # stopped, or no one is left to tell
        return
    _exit_without_teardown()


def _exit_without_teardown() -> None:
    """End a worker that has sent its outcome without Python's teardown, which frees every object
    one by one: MkDocs keeps the last config it loaded (a class-level ``ListOfItems`` option holds
    it), so the whole build (850,000 objects at 30,000 services) was still alive, and freeing it
    took 1.7 s after a one-card rebuild, while ``build_site`` waited in ``join``. Every file
    the build wrote is closed by then (``with`` blocks); what the streams and the log hold is
    flushed here. Only the worker ends so: its parent ends normally."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(0)


def _stop_when_parent_ends() -> None:
    """Send this worker ``SIGTERM`` when the process that started it ends. A ``koszyk build``
    killed with ``SIGKILL`` left its workers building on as orphans, each ending in a
    ``BrokenPipeError`` traceback, one of them with the intranet data in its staging folder."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="koszyk-parent", daemon=True).start()


def _result_of(variant: str, process: multiprocessing.Process, receiving) -> str | None:
    try:
        outcome = receiving.recv()
    except EOFError:  # ended without a word: killed, or out of memory
        process.join()
        code = process.exitcode or 0
        how = (f"zatrzymany sygnałem {signal.Signals(-code).name}" if code < 0 and -code in signal.valid_signals()
               else f"kod wyjścia {code}")
        return (f"Proces budujący wariant {variant} zakończył się bez wyniku ({how}; SIGKILL to często "
                "brak pamięci).")
    process.join()
    return outcome


@contextlib.contextmanager
def _ctrl_c_ignored():
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _stop_workers(processes: list, grace: float = 3.0) -> None:
    """End the variants' worker processes. Each worker has its own pipe, so none can be blocked
    on a lock another one holds (``ProcessPoolExecutor``'s shared task queue made its shutdown
    hang for good once in a few interrupts). Each is told to stop (a Ctrl-C sent to this process
    alone, by ``timeout -s INT`` or a CI runner, reaches them too) and has ``grace`` seconds to
    clean its site folder (``build_variant``); then it gets ``SIGTERM``, which stops it the same
    way, and at last ``SIGKILL``. A second Ctrl-C meanwhile does not cut this short."""
    with _ctrl_c_ignored():
        for process in processes:
            if process.is_alive():
                os.kill(process.pid, signal.SIGINT)
        deadline = time.monotonic() + grace
        for process in processes:
            process.join(timeout=max(0.0, deadline - time.monotonic()))
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
