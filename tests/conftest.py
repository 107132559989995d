"""Shared fixtures: the small test catalogue, independent of the shipped one."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Compiled catalogues are cached between runs. Every test run starts from a fresh, empty cache
# of its own, whatever the environment says: an inherited cache folder could serve a catalogue
# compiled by other code, and the user's home is none of the tests' business.
os.environ["RISK_ADVISOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="risk-advisor-test-cache-")
os.environ.pop("RISK_ADVISOR_NO_CACHE", None)  # the suite runs the cache as users do…
if os.environ.get("RISK_ADVISOR_TESTS_NO_CACHE"):  # …but for bench/mutation.py: every mutant has the
    os.environ["RISK_ADVISOR_NO_CACHE"] = "1"  # same cache key, so a cached catalogue could hide one

import pytest

from risk_advisor import Catalogue, load_catalogue
from risk_advisor.catalogue import cache, loader

DATA = Path(__file__).parent / "data"
SMALL_RULES = DATA / "rules_small"


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ["RISK_ADVISOR_CACHE_DIR"], ignore_errors=True)


@pytest.fixture(scope="session")
def small_catalogue() -> Catalogue:
    return load_catalogue(SMALL_RULES, builtin=False)


@pytest.fixture()
def rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the small rule folder, and a catalogue cache of its own (the cache's tests)."""
    monkeypatch.setenv("RISK_ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_noticed", False)  # each test may see its one notice
    folder = tmp_path / "rules"
    shutil.copytree(SMALL_RULES, folder)
    return folder


@pytest.fixture()
def compilations(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[Path, ...]]]:
    """Every compilation from YAML, recorded: a load served by the cache records nothing."""
    calls: list[tuple[Path, ...]] = []
    compile_ = loader._compile

    def counting(dirs: tuple[Path, ...]) -> object:
        calls.append(dirs)
        return compile_(dirs)

    monkeypatch.setattr(loader, "_compile", counting)
    yield calls
