"""The wheel a user installs: built from this checkout, installed with its dependencies into a fresh
virtual environment outside the repository, and run from a folder that is not the checkout, so the
templates can only come from the wheel (`briefs/templates`, put there by pyproject's force-include).

Slow (~30-60 s: pip fetches the dependencies from PyPI) and needs the package index;
`pytest -m "not wheel"` leaves it out, `make test` runs it.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES

pytestmark = pytest.mark.wheel

CHIP = SAMPLES / "inbox" / "2026-11-25-ai-chip.html"
ROBOTICS = SAMPLES / "inbox" / "2026-11-25-robotics-scraped.txt"


def run(args: list[str | Path], *, cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    # Nothing from this checkout may leak in: no PYTHONPATH, no virtual environment of ours.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the venv's bin folder, a work folder outside the repository) with the wheel installed."""
    base = tmp_path_factory.mktemp("wheel")
    assert not base.resolve().is_relative_to(ROOT.resolve())
    dist = base / "dist"
    # Build with the project venv's hatchling when it has one (no download), else in pip's isolated env.
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    run([sys.executable, "-m", "pip", "wheel", ROOT, "--no-deps", *isolation, "-w", dist, "--quiet"], cwd=base)
    (wheel,) = dist.glob("zhbrief-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"briefs/templates/summary.html.j2", "briefs/templates/_summary.css", "briefs/templates/_palette.css"} <= names

    venv = base / "venv"
    run([sys.executable, "-m", "venv", venv], cwd=base)
    bin_dir = venv / "bin"
    run([bin_dir / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel], cwd=base)
    work = base / "work"
    work.mkdir()
    shutil.copy(CHIP, work / "chip.html")
    shutil.copy(ROBOTICS, work / "robotics.txt")
    return bin_dir, work


def test_templates_are_read_from_the_installed_package(installed: tuple[Path, Path]) -> None:
    bin_dir, work = installed
    code = "import briefs.render as r; print(*r.template_dirs(), sep='\\n')"
    dirs = run([bin_dir / "python", "-c", code], cwd=work).stdout.split()
    assert len(dirs) == 1 and dirs[0].endswith("site-packages/briefs/templates"), dirs


def test_installed_command_renders_markdown(installed: tuple[Path, Path]) -> None:
    bin_dir, work = installed
    out = run([bin_dir / "zhbrief", "summarize", "chip.html", "--format", "md"], cwd=work).stdout
    lines = out.splitlines()
    assert lines[0] == "# 国产AI推理芯片“启明-X2”发布：能效比提升3倍"
    assert "## 数据中心与边缘端同步落地 · 落地应用" in lines
    assert any(line.startswith("关键词：") for line in lines) and any(line.startswith("- ") for line in lines)


def test_installed_command_renders_html(installed: tuple[Path, Path]) -> None:
    bin_dir, work = installed
    out = run([bin_dir / "zhbrief", "summarize", "robotics.txt", "--format", "html"], cwd=work).stdout
    assert out.startswith("<!DOCTYPE html>") and '<meta name="viewport"' in out
    assert "max-width" in out  # the stylesheet, included from the wheel's _summary.css
    assert '<span class="badge">落地应用</span>' in out


def test_installed_module_entry_point(installed: tuple[Path, Path]) -> None:
    bin_dir, work = installed
    out = run([bin_dir / "python", "-m", "briefs", "summarize", "robotics.txt", "--format", "json"], cwd=work).stdout
    assert '"theme": "deployment"' in out
