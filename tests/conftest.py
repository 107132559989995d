"""Shared fixtures: the small test catalogue, independent of the shipped one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Compiled catalogues are cached between runs; keep the tests' cache out of the user's home.
os.environ.setdefault("RISK_ADVISOR_CACHE_DIR", tempfile.mkdtemp(prefix="risk-advisor-test-cache-"))

import pytest

from risk_advisor import Catalogue, load_catalogue

DATA = Path(__file__).parent / "data"
SMALL_RULES = DATA / "rules_small"


@pytest.fixture(scope="session")
def small_catalogue() -> Catalogue:
    return load_catalogue(SMALL_RULES, builtin=False)
