"""Shared fixtures: the small test catalogue, independent of the shipped one."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

# Compiled catalogues are cached between runs. Every test run starts from a fresh, empty cache
# of its own, whatever the environment says: an inherited cache folder could serve a catalogue
# compiled by other code, and the user's home is none of the tests' business.
os.environ["RISK_ADVISOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="risk-advisor-test-cache-")
os.environ.pop("RISK_ADVISOR_NO_CACHE", None)  # the suite runs the cache as users do

import pytest

from risk_advisor import Catalogue, load_catalogue

DATA = Path(__file__).parent / "data"
SMALL_RULES = DATA / "rules_small"


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ["RISK_ADVISOR_CACHE_DIR"], ignore_errors=True)


@pytest.fixture(scope="session")
def small_catalogue() -> Catalogue:
    return load_catalogue(SMALL_RULES, builtin=False)
