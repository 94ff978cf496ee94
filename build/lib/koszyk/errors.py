"""What a ``koszyk`` command raises when it cannot do its job, with the exit code it ends with.

The exceptions are ``click.ClickException`` subclasses, so click prints them and
exits; they print in Polish, without click's English "Error:" prefix.
"""

from __future__ import annotations

from collections.abc import Iterable

import click

from .problems import Problem


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


class MissingTool(CommandError):
    """A program the command needs is missing or has nothing to say: no git, or the basket
    is not in a repository (exit 3)."""

    exit_code = 3
