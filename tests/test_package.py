"""The package as a partner's IT person installs it: a wheel in a fresh virtualenv, run in a
project folder of its own, with nothing read from this checkout's generator/ folder."""

from __future__ import annotations

import shutil
import site
import subprocess
import sys
import venv
import zipfile

import pytest

from .conftest import ROOT, TODAY


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A virtualenv holding only the koszyk wheel; its dependencies are seen through a
    plain path to this environment's site-packages (no network, no editable finder)."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"  # a copy: building writes build/ and egg-info next to the sources
    shutil.copytree(ROOT / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(base / "dist"), str(source)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next((base / "dist").glob("koszyk-*.whl"))
    env_dir = base / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    target = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                            capture_output=True, text=True, check=True).stdout.strip()
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    with open(f"{target}/koszyk-deps.pth", "w", encoding="utf-8") as handle:
        handle.write("\n".join(site.getsitepackages()) + "\n")
    return wheel, python


def test_the_wheel_carries_the_package_and_its_data_files(installed):
    wheel, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    assert "koszyk/cli.py" in names and "koszyk/plugin.py" in names
    assert any(name.startswith("koszyk/templates/pages/") for name in names)
    assert any(name.startswith("koszyk/assets/") and name.endswith(".js") for name in names)
    assert not any(name.startswith(("generator/", "tests/", "baskets/")) for name in names)
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "koszyk = koszyk.cli:main" in text and "koszyk = koszyk.plugin:KoszykPlugin" in text


def test_an_installed_wheel_validates_and_builds_a_project_of_its_own(installed, tmp_path):
    _, python = installed
    project = tmp_path / "projekt"
    for name in ("baskets", "site_config", "content"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    where = subprocess.run([str(python), "-c", "import koszyk; print(koszyk.__file__)"], cwd=project,
                           capture_output=True, text=True, check=True).stdout
    assert "site-packages" in where and str(ROOT) not in where
    koszyk = [str(python), "-m", "koszyk.cli"]
    checked = subprocess.run([*koszyk, "validate", "baskets/wzorowo", "--today", TODAY], cwd=project,
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr[-2000:]
    built = subprocess.run([*koszyk, "build", "--variant", "public", "--basket", "baskets/wzorowo",
                            "--today", TODAY], cwd=project, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-3000:]
    assert (project / "site" / "public" / "szukaj" / "index.html").exists()
    assert (project / "site" / "public" / "javascripts" / "szukaj.js").exists()
