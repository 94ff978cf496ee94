"""Running one job per file on every core, so that one hostile file cannot take the rest down.

``ProcessPoolExecutor.map`` turns a worker that dies (a crash in a C extension,
the kernel's out-of-memory killer) into ``BrokenProcessPool`` for every file not
yet returned, with no hint of which file did it. Here each worker marks, in
memory shared with the parent, the item it starts and the item it finishes.
After a break, the items started but not finished are run again one at a time,
each in a process of its own: one that dies again is given to ``on_failure``,
which turns it into a result (for cards: a message naming the card). The other
unfinished items go to a fresh pool. Results come out in the items' order.
A job that raises is handled the same way, without the retry.

Workers are forked, so the job and the items reach them by inheritance, not pickling.
Workers ignore Ctrl-C, ``SIGTERM`` and ``SIGHUP``: the parent, stopped, cancels the chunks not
begun (``cancel_running_pools``, called by the command group, as the stop usually lands in the
code reading the results, not here) and the workers end after the chunk in hand. A worker
stopped in the middle of sending its results left half a message in the pool's pipe, and
Python's exit then waited for the rest for good (2 of 60 Ctrl-C, 1 in 12 ``kill``); one whose
parent is killed outright ends itself (``_end_with_parent``).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterator, Sequence

_STARTED, _FINISHED = 1, 2
_work: tuple[Callable, Sequence, Any] | None = None  # (job, items, states), set in each worker
_running: set[ProcessPoolExecutor] = set()  # in the parent: the pools at work now


class _Raised:
    """What a worker returns for an item whose job raised: the reason, in a line."""

    def __init__(self, error: BaseException):
        self.reason = f"{type(error).__name__}: {error}"[:300]


def run_in_parallel(job: Callable[[Any], Any], items: Sequence, workers: int, chunk_size: int,
                    on_failure: Callable[[Any, str], Any]) -> Iterator[Any]:
    """``job(item)`` for every item, on ``workers`` processes, yielded in order."""
    fork = multiprocessing.get_context("fork")
    states = fork.RawArray("b", len(items))
    results: dict[int, Any] = {}
    todo = list(range(len(items)))
    emitted = calm_breaks = 0
    while todo:
        lost: list[int] = []
        pool = ProcessPoolExecutor(workers, mp_context=fork, initializer=_install, initargs=(job, items, states))
        _running.add(pool)
        try:
            chunks = [todo[start:start + chunk_size] for start in range(0, len(todo), chunk_size)]
            futures = [(chunk, pool.submit(_run_chunk, chunk)) for chunk in chunks]
            for chunk, future in futures:
                try:
                    outcomes = future.result()
                except BrokenProcessPool:
                    lost.extend(chunk)
                    continue
                for index, outcome in zip(chunk, outcomes):
                    results[index] = on_failure(items[index], outcome.reason) if isinstance(outcome, _Raised) else outcome
                while emitted in results:
                    yield results.pop(emitted)
                    emitted += 1
        except BaseException:  # Ctrl-C, or the caller stopped reading: no waiting for the workers
            cancel_running_pools()
            raise
        _running.discard(pool)
        pool.shutdown()
        suspects = [index for index in lost if states[index] == _STARTED]
        calm_breaks = calm_breaks + 1 if lost and not suspects else 0
        if calm_breaks > 1:  # broken twice with no item running: no pool can be trusted now
            suspects = lost
        for index in suspects:
            results[index] = _run_alone(job, items[index], on_failure)
        todo = [index for index in lost if index not in results]
        for index in todo:
            states[index] = 0
        while emitted in results:
            yield results.pop(emitted)
            emitted += 1


def cancel_running_pools() -> None:
    """Cancel the chunks not begun in every pool at work; each worker ends after the chunk it is
    reading. Not killed: see the module's docstring."""
    while _running:
        _running.pop().shutdown(wait=False, cancel_futures=True)


def _install(job: Callable, items: Sequence, states: Any) -> None:
    """A worker's start: stop signals are the parent's to handle (each worker printed its own
    traceback, or died in the middle of sending its results)."""
    for stop in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, signal.SIG_IGN)
    _end_with_parent()
    global _work
    _work = (job, items, states)


def _end_with_parent() -> None:
    """A worker whose parent was killed outright (``SIGKILL``, out of memory) would wait for work for
    ever, deaf to the signals it ignores: it ends when the parent does."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="koszyk-parent", daemon=True).start()


def _run_chunk(indices: list[int]) -> list[Any]:
    job, items, states = _work
    outcomes = []
    for index in indices:
        states[index] = _STARTED
        try:
            outcomes.append(job(items[index]))
        except Exception as error:  # noqa: BLE001 - reported as this item's failure
            outcomes.append(_Raised(error))
        states[index] = _FINISHED
    return outcomes


def _run_alone(job: Callable, item: Any, on_failure: Callable[[Any, str], Any]) -> Any:
    """``job(item)`` in a process of its own; if that process dies, ``on_failure`` says so."""
    fork = multiprocessing.get_context("fork")
    receiving, sending = fork.Pipe(duplex=False)
    process = fork.Process(target=_run_and_send, args=(job, item, sending), daemon=True)
    process.start()
    sending.close()
    try:
        outcome = receiving.recv()
    except EOFError:  # died before sending anything
        outcome = None
    except BaseException:
        process.kill()
        raise
    finally:
        receiving.close()
    process.join()
    if isinstance(outcome, _Raised):
        return on_failure(item, outcome.reason)
    if outcome is None or process.exitcode != 0:
        return on_failure(item, _death(process.exitcode))
    return outcome


def _run_and_send(job: Callable, item: Any, sending: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        outcome = job(item)
    except Exception as error:  # noqa: BLE001
        outcome = _Raised(error)
    sending.send(outcome)
    sending.close()


def _death(exit_code: int | None) -> str:
    """How a process ended, in Polish: ``sygnał SIGSEGV (naruszenie ochrony pamięci)``."""
    if exit_code is None or exit_code >= 0:
        return f"kod wyjścia {exit_code}"
    try:
        name = signal.Signals(-exit_code).name
    except ValueError:
        name = str(-exit_code)
    meaning = {"SIGSEGV": "naruszenie ochrony pamięci", "SIGKILL": "zabity, zwykle z braku pamięci",
               "SIGABRT": "przerwany", "SIGBUS": "błąd dostępu do pamięci"}.get(name)
    return f"sygnał {name}" + (f" ({meaning})" if meaning else "")
