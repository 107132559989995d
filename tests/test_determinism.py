"""Same input, same output, byte for byte — across processes and hash seeds, not only within one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CASE = Path(__file__).resolve().parents[1] / "cases" / "portail-familles-noir.yaml"


def run(seed: str, fmt: str, engine: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    command = [sys.executable, "-m", "risk_advisor.cli.main", "diagnose", str(CASE), "--format", fmt,
               "--engine", engine, "--fail-on", "never", "--lang", "fr"]
    return subprocess.run(command, env=env, capture_output=True, check=True).stdout


@pytest.mark.timeout(300)  # known long: two CLI processes
@pytest.mark.parametrize("fmt", ["json", "html", "csv"])
def test_output_does_not_depend_on_the_hash_seed(fmt: str) -> None:
    assert run("1", fmt, "durable") == run("2", fmt, "durable")


@pytest.mark.timeout(300)  # known long: two CLI processes
def test_both_engines_write_the_same_bytes() -> None:
    assert run("3", "json", "durable") == run("3", "json", "python")
