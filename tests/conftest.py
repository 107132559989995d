"""Shared fixtures: the small test catalogue, independent of the shipped one."""

from __future__ import annotations

from pathlib import Path

import pytest

from risk_advisor import Catalogue, load_catalogue

DATA = Path(__file__).parent / "data"
SMALL_RULES = DATA / "rules_small"


@pytest.fixture(scope="session")
def small_catalogue() -> Catalogue:
    return load_catalogue(SMALL_RULES, builtin=False)
