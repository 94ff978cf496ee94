"""Helpers for tests that feed hostile input to the ``koszyk`` command and judge how it fails.

Generic on purpose (cards and workbooks both use them): run the command in this
process (fast, for many examples) or as a real process (to see crashes of C code
that would kill the test run itself), check that what it prints is one
``path:line:col: …`` message per line with no traceback, and that no file changed.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from koszyk.cli import main
from koszyk.problems import INTERNAL_ERROR

ROOT = Path(__file__).resolve().parent.parent
MESSAGE = re.compile(r"(?P<path>[^\n]+?):(?P<line>[1-9]\d*):(?P<column>[1-9]\d*): (?P<text>\S[^\n]*)")
SECONDS_PER_RUN = 20.0  # generous: the machine running CI may be busy; a real hang takes far longer
MEMORY_PER_RUN_MB = 400
PROCESS_MEMORY_LIMIT = 1536 * 2**20  # address space of a real process run; a runaway allocation dies there


def fuzz_examples(default: int) -> int:
    """Examples per property test: ``default`` (sized for CI), or more with ``KOSZYK_FUZZ_EXAMPLES``."""
    return max(default, int(os.environ.get("KOSZYK_FUZZ_EXAMPLES", "0") or 0))


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    memory_growth_mb: float = 0.0  # how far the run pushed the process's peak memory

    @property
    def text(self) -> str:
        return self.stdout + self.stderr


def run_cli(*args: str) -> Outcome:
    """``koszyk ARGS`` in this process. An exception escaping the command fails the test."""
    peak = _peak_mb()
    started = time.perf_counter()
    result = CliRunner().invoke(main, list(args), catch_exceptions=True)
    seconds = time.perf_counter() - started
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"koszyk {' '.join(args)} raised {result.exception!r}") from result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr, seconds, _peak_mb() - peak)


def run_cli_process(*args: str, cwd: Path | None = None, timeout: float = 120) -> Outcome:
    """``koszyk ARGS`` as a real process, with its address space capped."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "koszyk.cli", *args], cwd=cwd or ROOT, capture_output=True, timeout=timeout,
        preexec_fn=_cap_memory, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return Outcome(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"),
                   time.perf_counter() - started)


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (PROCESS_MEMORY_LIMIT, PROCESS_MEMORY_LIMIT))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def assert_failed_cleanly(outcome: Outcome, *, max_seconds: float = SECONDS_PER_RUN,
                          max_memory_mb: float = MEMORY_PER_RUN_MB) -> None:
    """Exit 0 or 1 (never a crash, a signal or a usage error), no traceback, in bounded time and memory."""
    assert outcome.exit_code in (0, 1), f"exit code {outcome.exit_code}\n{outcome.text[-3000:]}"
    assert "Traceback" not in outcome.text, outcome.text[-3000:]
    assert INTERNAL_ERROR not in outcome.text, outcome.text[-3000:]
    assert outcome.seconds < max_seconds, f"took {outcome.seconds:.1f} s"
    assert outcome.memory_growth_mb < max_memory_mb, f"peak memory grew by {outcome.memory_growth_mb:.0f} MB"


def message_lines(output: str) -> list[re.Match]:
    """Every non-empty line of ``output``, each required to be ``path:line:col: message``."""
    found = []
    for line in output.splitlines():
        if not line.strip():
            continue
        match = MESSAGE.fullmatch(line)
        assert match, f"not a path:line:col message: {line!r}"
        found.append(match)
    return found


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its content."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def assert_unchanged(folder: Path, before: dict[str, str]) -> None:
    after = snapshot(folder)
    assert after == before, f"files changed: {sorted(set(after.items()) ^ set(before.items()))}"
