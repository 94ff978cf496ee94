"""Stopping any koszyk command cleanly on SIGTERM and SIGHUP, as on Ctrl-C.

By default those signals end Python at once: no ``finally`` runs, so a build left its
staging folder (with intranet data) in the temp dir, and a command writing files left
its temporary files (``files.write_all_or_none``) next to the targets, under new random
names each time. Raised as ``KeyboardInterrupt`` instead, they end the command the way
Ctrl-C does ("Przerwano.", exit 1), after clean-up.
"""

from __future__ import annotations

import signal
import sys
import threading


def stop_on_hangup_and_term() -> None:
    """``SIGTERM`` (``kill``, systemd, a CI timeout) and ``SIGHUP`` (a closed terminal or SSH
    session) stop this process the way Ctrl-C does, so clean-up runs: by default they end
    Python at once, and the plugin's staging folder, with the intranet data, stayed in the
    temp dir. Only where a signal still has its default handling: a host program's own
    handler is kept. Python sets handlers in the main thread only."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signal_number in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signal_number) is signal.SIG_DFL:
            signal.signal(signal_number, stop_once)


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def stop_once(_signal_number, _frame) -> None:
    """Stop once; later stop signals do nothing. A Python handler that does nothing, not
    ``SIG_IGN``: a second signal already pending (a closed terminal's SIGHUP to the group and
    the main process's SIGINT to a worker) raised "Signal 2 ignored due to race condition"."""
    deaf_to_more_stops()
    raise KeyboardInterrupt


def deaf_to_more_stops() -> None:
    """Once a command is stopping, a second Ctrl-C (people press it again when nothing seems to
    happen) interrupted its clean-up: a traceback, and Python's exit waiting for good."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signal_number in STOP_SIGNALS:
        signal.signal(signal_number, _already_stopping)


def _already_stopping(_signal_number, _frame) -> None:
    pass


def quiet_abandoned_writers() -> None:
    """Installed by every command and by each build worker: see ``_quiet_about_abandoned_writers``."""
    sys.unraisablehook = _quiet_about_abandoned_writers


def _quiet_about_abandoned_writers(unraisable) -> None:
    """A writer stopped by Ctrl-C or a full disk leaves a half-closed ZIP file or lxml stream
    (openpyxl's write-only sheets are generators); closing it when it is collected fails again,
    and Python printed that as "Exception ignored in …" with a traceback after "Przerwano." or
    the command's Polish message. Those alone are not shown."""
    if isinstance(unraisable.exc_value, OSError) or type(unraisable.exc_value).__name__ in _LXML_WRITE_ERRORS:
        return
    sys.__unraisablehook__(unraisable)


_LXML_WRITE_ERRORS = {"SerialisationError", "LxmlSyntaxError"}
