"""CI fails when the browser it promises is missing; a developer's machine skips, and says so."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.timeout(600)  # known long: each test runs pytest or the CI script in a child


def _bin_without_chromium(tmp_path: Path, **stubs: str) -> Path:
    """A PATH folder with only ``dirname`` and the given stub scripts: no chromium on it."""
    folder = tmp_path / "bin"
    folder.mkdir()
    dirname = shutil.which("dirname")
    assert dirname is not None
    (folder / "dirname").symlink_to(dirname)
    for name, body in stubs.items():
        script = folder / name
        script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        script.chmod(0o755)
    return folder


def _browser_tests(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PATH"] = str(_bin_without_chromium(tmp_path))
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    if ci is not None:
        env["CI"] = ci
    command = [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "tests/test_report_browser.py"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_without_chromium_a_developer_run_skips_and_says_why(tmp_path: Path) -> None:
    done = _browser_tests(tmp_path, ci=None)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "skipped" in done.stdout and "passed" not in done.stdout
    assert "browser tests skipped: no chromium on PATH" in done.stdout


@pytest.mark.parametrize("ci", ["true", "1"])
def test_without_chromium_a_ci_run_fails(tmp_path: Path, ci: str) -> None:
    done = _browser_tests(tmp_path, ci=ci)
    assert done.returncode == 1, done.stdout[-2000:]
    assert "no chromium is on PATH" in done.stdout
    assert "skipped" not in done.stdout


def test_ci_script_stops_when_chromium_cannot_be_installed(tmp_path: Path) -> None:
    marker = tmp_path / "tests-ran"
    folder = _bin_without_chromium(
        tmp_path,
        **{"apt-get": "exit 100", "python3": f"touch {marker}"},  # the install fails; the tests must not start
    )
    done = subprocess.run(["/bin/bash", str(ROOT / ".ci" / "run")], env={"PATH": str(folder)},
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert "error: chromium could not be installed" in done.stderr
    assert not marker.exists()


def test_ci_script_stops_when_the_install_leaves_no_chromium(tmp_path: Path) -> None:
    marker = tmp_path / "tests-ran"
    folder = _bin_without_chromium(tmp_path, **{"apt-get": "exit 0", "python3": f"touch {marker}"})
    done = subprocess.run(["/bin/bash", str(ROOT / ".ci" / "run")], env={"PATH": str(folder)},
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert "error: chromium or chromedriver is not on PATH after their installation" in done.stderr
    assert not marker.exists()
