"""The compiled-catalogue cache never serves stale or broken rules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from risk_advisor import CatalogueError, load_catalogue

from .conftest import SMALL_RULES


@pytest.fixture()
def rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RISK_ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "rules"
    shutil.copytree(SMALL_RULES, folder)
    return folder


def test_second_load_comes_from_the_cache_and_equals_the_first(rules: Path, tmp_path: Path) -> None:
    first = load_catalogue(rules, builtin=False)
    assert len(list((tmp_path / "cache").glob("catalogue-*.pickle"))) == 1
    second = load_catalogue(rules, builtin=False)
    assert second == first and second is not first


def test_an_edited_rule_file_is_recompiled(rules: Path) -> None:
    load_catalogue(rules, builtin=False)
    path = rules / "rules.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("impact: 4", "impact: 5", 1), encoding="utf-8")
    assert load_catalogue(rules, builtin=False).rules["T-LOOKOUT"].impact == 5


def test_a_broken_rule_file_is_reported_even_after_a_good_load(rules: Path) -> None:
    load_catalogue(rules, builtin=False)
    (rules / "broken.yaml").write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(CatalogueError):
        load_catalogue(rules, builtin=False)


def test_a_corrupted_cache_file_is_ignored(rules: Path, tmp_path: Path) -> None:
    expected = load_catalogue(rules, builtin=False)
    for cached in (tmp_path / "cache").glob("catalogue-*.pickle"):
        cached.write_bytes(b"not a pickle")
    assert load_catalogue(rules, builtin=False) == expected


def test_no_cache_when_disabled(rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISK_ADVISOR_NO_CACHE", "1")
    load_catalogue(rules, builtin=False)
    assert not (tmp_path / "cache").exists()
