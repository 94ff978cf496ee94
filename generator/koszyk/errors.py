"""What a ``koszyk`` command raises when it cannot do its job, with the exit code it ends with.

The exceptions are ``click.ClickException`` subclasses, so click prints them and
exits; they print in Polish, without click's English "Error:" prefix.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
from collections.abc import Iterable

import click

from .problems import Problem
from .stopping import deaf_to_more_stops, quiet_abandoned_writers, stop_on_hangup_and_term


class CommandError(click.ClickException):
    """A failure the user can fix; exit code 1 unless a subclass says otherwise."""

    exit_code = 1

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True)


class InvalidData(CommandError):
    """The data (cards, a workbook, a built site) are wrong: every problem, then what happened (exit 1)."""

    def __init__(self, message: str, problems: Iterable[Problem] = ()):
        super().__init__(message)
        self.problems = list(problems)

    def format_message(self) -> str:
        return "\n".join([problem.format_text() for problem in self.problems] + [self.message])


class FileSystemProblem(CommandError):
    """A file or folder could not be read or written (exit 1): a parent path is a file,
    a folder is missing or read-only, the disk is full. Named in Polish, with the path."""

    REASONS = {
        errno.ENOENT: "nie ma takiego pliku ani folderu",
        errno.EEXIST: "w tym miejscu jest już plik, a potrzebny jest folder",
        errno.ENOTDIR: "część ścieżki jest plikiem, a nie folderem",
        errno.EISDIR: "to folder, a potrzebny jest plik",
        errno.EACCES: "brak uprawnień",
        errno.EPERM: "brak uprawnień",
        errno.EROFS: "system plików jest tylko do odczytu",
        errno.ENOSPC: "brak miejsca na dysku",
        errno.EFBIG: "plik byłby większy, niż pozwala system",
        errno.ENAMETOOLONG: "nazwa pliku jest za długa",
        errno.EIO: "błąd wejścia-wyjścia dysku",
        errno.EDQUOT: "przekroczony przydział miejsca na dysku (limit użytkownika)",
        errno.EBUSY: "plik jest zajęty przez system (np. zamontowany w tym miejscu)",
        errno.EXDEV: "ścieżka prowadzi przez dowiązanie na inny dysk; podaj ścieżkę bez „..” po dowiązaniu",
        errno.ETXTBSY: "plik jest w użyciu",
    }

    @classmethod
    def from_os_error(cls, error: OSError) -> "FileSystemProblem":
        reason = cls.REASONS.get(error.errno, error.strerror or "błąd systemu plików")
        where = f"{error.filename}: " if error.filename else ""
        replaced = getattr(error, "replaced", None)  # ``files.PartlyWritten``
        if replaced:
            return cls(f"{where}{reason}. Zapisano już: {', '.join(replaced)}; tego i dalszych plików nie zapisano.")
        return cls(f"{where}{reason}. Nic nie zapisano; wskaż inne miejsce.")


class KoszykGroup(click.Group):
    """The command group: a file-system error in any command becomes a Polish message, not a traceback.

    Usage lines say ``[OPCJE]`` and ``POLECENIE``; Click's own messages are Polish
    through ``click_polish`` (installed by the CLI module). ``lazy_commands`` (name →
    ``module:attribute``) are imported only when run or listed, as in Click's "lazily loading
    subcommands": ``pobierz`` pulls in the whole site code, which ``koszyk build``'s main
    process held (with MkDocs, 63 MiB of the build's peak memory) while its workers built."""

    def __init__(self, *args, lazy_commands: dict[str, str] | None = None, **kwargs):
        kwargs.setdefault("options_metavar", "[OPCJE]")
        kwargs.setdefault("subcommand_metavar", "POLECENIE [ARGUMENTY]...")
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            module, attribute = self.lazy_commands[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if cmd.options_metavar == "[OPTIONS]":
            cmd.options_metavar = "[OPCJE]"
        super().add_command(cmd, name)

    def invoke(self, ctx: click.Context):
        stop_on_hangup_and_term()  # temporary files are removed on ``kill`` as on Ctrl-C
        quiet_abandoned_writers()
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # Ctrl-C, or ``kill``: stop once, and no worker reads on for nothing
            from .parallel import cancel_running_pools

            deaf_to_more_stops()
            cancel_running_pools()
            raise
        except BrokenPipeError:
            _quiet_closed_stdout()
            raise click.ClickException("odbiorca wyjścia polecenia zamknął je (np. „| head”), więc przerwano je "
                                       "w tym miejscu; pliki zapisane do tej chwili są kompletne") from None
        except OSError as error:
            raise FileSystemProblem.from_os_error(error) from None


def _quiet_closed_stdout() -> None:
    """Point stdout at /dev/null, so Python's flush at exit does not fail on the closed pipe again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


class MissingTool(CommandError):
    """A program the command needs is missing or has nothing to say: no git, or the basket
    is not in a repository (exit 3)."""

    exit_code = 3
