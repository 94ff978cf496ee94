"""Temporary folders that may hold intranet data are swept once the build that made them is gone."""

from __future__ import annotations

import os
import subprocess
import tempfile

from koszyk import staging


def test_a_new_folder_sweeps_the_folders_of_ended_builds_and_nothing_else(tmp_path, monkeypatch):
    ended = subprocess.Popen(["true"])
    ended.wait()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    abandoned = tmp_path / f"koszyk-{ended.pid}-k3x9" / "koszyk"
    abandoned.mkdir(parents=True)
    (abandoned / "uslugi.json").write_text('{"kontakt_wewnetrzny": "..."}')
    running = tmp_path / f"koszyk-{os.getpid()}-a1b2"
    running.mkdir()
    not_ours = [tmp_path / "koszyk-notatki", tmp_path / f"inne-{ended.pid}-x"]
    for folder in not_ours:
        folder.mkdir()
    a_file = tmp_path / f"koszyk-{ended.pid}-plik"
    a_file.write_text("not a folder")

    made = staging.new_folder()

    assert not abandoned.parent.exists()
    assert running.is_dir() and a_file.is_file() and all(folder.is_dir() for folder in not_ours)
    assert made.parent == tmp_path and made.name.startswith(f"koszyk-{os.getpid()}-")
    assert oct(made.stat().st_mode & 0o777) == oct(0o700)
    staging.remove(made)
    assert not made.exists()
