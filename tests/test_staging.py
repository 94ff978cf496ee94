"""Temporary folders that may hold intranet data are swept once no process holds them, and nothing else is."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from koszyk import staging

from .conftest import ROOT

_MAKE = ("import os, sys; from koszyk import staging; print(staging.new_folder(), flush=True); "
         "sys.stdin.readline(); os._exit(0)")  # ends as a killed process does: no clean-up


def _folder_of_a_process(tmp_path) -> tuple[subprocess.Popen, object]:
    """A process that made a staging folder in ``tmp_path`` and holds it until its input ends."""
    maker = subprocess.Popen([sys.executable, "-c", _MAKE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(ROOT / "generator")})
    folder = type(tmp_path)(maker.stdout.readline().strip())
    (folder / "koszyk").mkdir()
    (folder / "koszyk" / "uslugi.json").write_text('{"kontakt_wewnetrzny": "..."}')
    return maker, folder


def test_a_build_sweeps_the_staging_folder_of_a_process_that_is_gone(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    maker, abandoned = _folder_of_a_process(tmp_path)
    maker.communicate("\n")
    made = staging.new_folder()
    assert not abandoned.exists()
    assert made.parent == tmp_path and made.name.startswith(staging.PREFIX)
    assert made.stat().st_mode & 0o777 == 0o700
    staging.remove(made)
    assert not made.exists()


def test_the_sweep_leaves_a_running_build_and_anything_not_made_by_koszyk(tmp_path):
    running, held = _folder_of_a_process(tmp_path)
    users = [tmp_path / "koszyk-2026-11-27-eksport", tmp_path / "koszyk-staging-bez-blokady",
             tmp_path / "koszyk-staging-abcd1234"]  # the last: a staging name, but no lock file in it
    for folder in users:
        folder.mkdir()
        (folder / "dane.csv").write_text("moje")
    (tmp_path / "koszyk-staging-link0000").symlink_to(held)
    try:
        assert staging.sweep_abandoned(tmp_path) == []
    finally:
        running.communicate("\n")
    assert (held / "koszyk" / "uslugi.json").exists()
    assert all((folder / "dane.csv").exists() for folder in users)
    assert staging.sweep_abandoned(tmp_path) == [held]  # its process has ended now


def test_a_folder_is_locked_before_it_has_a_name_the_sweep_takes(tmp_path, monkeypatch):
    """A sweep running between the folder's making and its locking would have taken a live
    folder for abandoned; so the folder gets its staging name only once locked."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    renamed, rename = [], os.rename

    def sweep_then_rename(source, target):
        assert staging.sweep_abandoned(tmp_path) == []  # nothing of this build can be taken yet
        rename(source, target)
        renamed.append(target)
        assert staging.sweep_abandoned(tmp_path) == []  # locked under its new name

    monkeypatch.setattr(staging.os, "rename", sweep_then_rename)
    made = staging.new_folder()
    assert renamed == [made] and (made / staging.LOCK).exists()
    staging.remove(made)
