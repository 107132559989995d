"""A catalogue read from the cache is the one compiled from YAML, object for object.

The cache rebuilds the items it holds without validating them again (catalogue/plain.py; the
file is digest-checked, owner-only and keyed on this very code, see catalogue/cache.py), so
nothing but these tests holds the rebuilt objects to the validated ones:

- equal, and of the same types all the way down (enum members, tuples, nested models, the
  fields set, no extra and no private attributes, the order of every field and key), for the
  shipped catalogue and for a small one spread over two folders whose examples hold dates;
- the diagnoses of every shipped case, in both languages, are byte-identical with a cached
  catalogue and with a freshly compiled one;
- a file whose digest is right but whose values are not what our code writes is a miss (the
  catalogue is compiled), never an object of another type;
- a cold diagnosis from the cache builds none of the catalogue's pydantic validators (the
  saving this design is for), and a field type the rebuild cannot reproduce fails loudly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import textwrap
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, Field

from risk_advisor import diagnose, load_catalogue
from risk_advisor.catalogue import cache, loader, plain
from risk_advisor.catalogue.model import Catalogue, Rule, _Item

from .conftest import SMALL_RULES

ROOT = Path(__file__).resolve().parents[1]
CASE_FILES = sorted((ROOT / "cases").glob("*.yaml"))
TODAY = dt.date(2026, 1, 1)
SCALARS = (str, int, float, bool, type(None), dt.date, dt.datetime)

# A second rule folder for the small catalogue: examples holding dates (stored tagged in the
# cache), a rule giving default values explicitly (they count as set), sources in both forms.
EXTRA_RULES = """\
rules:
  - id: T-DATED
    name: dated-examples
    risk: no-lookout
    when: origin == citizens
    impact: 2
    likelihood: 5
    phases: [idea, feasibility]
    rationale: {fr: Daté, en: Dated}
    remedies: [appoint-lookout, define-need]
    stakeholders: [users, project_lead]
    sources: ["seed:PORTAIL-N2", {kind: law, ref: "CRPM L230-5-1"}]
    scope: project
    asks: true
    examples:
      triggers:
        - {name: dated, project: {origin: citizens, schedule: {as_of: 2024-03-01, opened_on: 2023-11-15}}}
      does_not_trigger: [{name: plain, project: {origin: services}}]
"""


def assert_same(got: Any, expected: Any, where: str = "catalogue") -> None:
    """``got`` equals ``expected`` and has its type, all the way down, and in the same order."""
    assert type(got) is type(expected), f"{where}: {type(got).__name__}, expected {type(expected).__name__}"
    if isinstance(expected, Enum):
        assert got is expected, where
    elif isinstance(expected, BaseModel):
        assert list(got.__dict__) == list(expected.__dict__), f"{where}: fields or their order"
        assert got.model_fields_set == expected.model_fields_set, f"{where}: fields set"
        assert got.__pydantic_extra__ == expected.__pydantic_extra__ is None, f"{where}: extra"
        assert got.__pydantic_private__ == expected.__pydantic_private__ is None, f"{where}: private"
        for name, value in expected.__dict__.items():
            assert_same(got.__dict__[name], value, f"{where}.{name}")
    elif dataclasses.is_dataclass(expected):
        for field in dataclasses.fields(expected):  # compare=False ones too (Key.name, the memo)
            assert_same(getattr(got, field.name), getattr(expected, field.name), f"{where}.{field.name}")
    elif isinstance(expected, dict):
        assert list(got) == list(expected), f"{where}: keys or their order"
        for (key, value), got_key in zip(expected.items(), got, strict=True):
            assert_same(got_key, key, f"{where} key {key!r}")
            assert_same(got[key], value, f"{where}[{key!r}]")
    elif isinstance(expected, (tuple, list)):
        assert len(got) == len(expected), f"{where}: length"
        for index, (got_item, item) in enumerate(zip(got, expected, strict=True)):
            assert_same(got_item, item, f"{where}[{index}]")
    elif isinstance(expected, (frozenset, set)):
        assert got == expected, where
        mine = {item: item for item in got}
        for item in expected:
            assert_same(mine[item], item, f"{where} {{{item!r}}}")
    else:
        assert isinstance(expected, SCALARS), f"{where}: a {type(expected).__name__}, which this test cannot compare"
        assert got == expected, where


def read_back(dirs: tuple[Path, ...], compilations: list[tuple[Path, ...]]) -> Catalogue:
    """The catalogue of ``dirs`` as the cache gives it: compiled and written once, then read."""
    loader._load(dirs)
    read = loader._load(dirs)
    assert compilations == [dirs], "the second load was not served by the cache"
    return read


@pytest.fixture()
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RISK_ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_noticed", False)
    return tmp_path / "cache"


@pytest.fixture()
def two_folders(tmp_path: Path) -> tuple[Path, ...]:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "dated.yaml").write_text(EXTRA_RULES, encoding="utf-8")
    return (SMALL_RULES.resolve(), extra.resolve())


# ---- the same objects -------------------------------------------------------------------


def test_the_shipped_catalogue_from_the_cache_is_the_compiled_one_all_the_way_down(
    own_cache: Path, compilations: list[tuple[Path, ...]]
) -> None:
    dirs = (loader.builtin_rules_dir(),)
    assert_same(read_back(dirs, compilations), loader._compile(dirs))


def test_a_catalogue_of_two_folders_with_dated_examples_comes_back_the_same_all_the_way_down(
    own_cache: Path, compilations: list[tuple[Path, ...]], two_folders: tuple[Path, ...]
) -> None:
    read = read_back(two_folders, compilations)
    expected = loader._compile(two_folders)
    assert_same(read, expected)
    dated = read.rules["T-DATED"]
    assert dated.examples.triggers[0].project["schedule"]["as_of"] == dt.date(2024, 3, 1)
    assert {"scope", "asks"} <= dated.model_fields_set  # given explicitly, so set
    assert "scope" not in read.rules["T-LOOKOUT"].model_fields_set  # left to its default


def test_the_cached_items_dump_as_the_compiled_ones(
    own_cache: Path, compilations: list[tuple[Path, ...]], two_folders: tuple[Path, ...]
) -> None:
    # What reads model_dump (the rule docs, a cache written from a cached catalogue) sees no
    # difference either: same JSON, with and without the fields left unset.
    read, expected = read_back(two_folders, compilations), loader._compile(two_folders)
    for section in ("risks", "rules", "remedies", "success_factors", "seeds"):
        for item_id, item in getattr(expected, section).items():
            got = getattr(read, section)[item_id]
            assert got.model_dump_json() == item.model_dump_json()
            assert got.model_dump_json(exclude_unset=True) == item.model_dump_json(exclude_unset=True)


# ---- the same diagnoses -------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_shipped_case_is_diagnosed_to_the_same_bytes_from_the_cache(
    lang: str, own_cache: Path, compilations: list[tuple[Path, ...]]
) -> None:
    dirs = (loader.builtin_rules_dir(),)
    cached, compiled = read_back(dirs, compilations), loader._compile(dirs)
    for engine in ("python", "durable"):
        for case in CASE_FILES:
            from_cache = diagnose(case, catalogue=cached, engine=engine, lang=lang, today=TODAY).to_json()
            from_yaml = diagnose(case, catalogue=compiled, engine=engine, lang=lang, today=TODAY).to_json()
            assert from_cache == from_yaml, f"{case.name} ({engine}, {lang})"


# ---- what is not ours is a miss -------------------------------------------------------------


def _first(content: dict[str, Any], section: str) -> dict[str, Any]:
    item: dict[str, Any] = content["catalogue"][section][0]
    return item


TAMPERINGS = {
    "a number as text": lambda c: _first(c, "rules").update(impact="4"),
    "a boolean as a number": lambda c: _first(c, "rules").update(asks=1),
    "an unknown phase": lambda c: _first(c, "rules").update(phases=["someday"]),
    "an unknown role": lambda c: _first(c, "remedies").update(owner="king"),
    "an unknown category": lambda c: _first(c, "risks").update(category="weather"),
    "a list of lists for texts": lambda c: _first(c, "rules").update(remedies=[["appoint-lookout"]]),
    "a text where a model is": lambda c: _first(c, "risks").update(title="Pas de vigie"),
    "an unknown field": lambda c: _first(c, "risks").update(colour="black"),
    "a required field missing": lambda c: _first(c, "remedies").pop("owner"),
    "a tagged project that is not one": lambda c: _first(c, "rules")["examples"]["triggers"][0].update(
        project={"$tagged": [1, 2]}
    ),
    "an unknown tag in a tagged project": lambda c: _first(c, "rules")["examples"]["triggers"][0].update(
        project={"$tagged": {"a": {"$code": "x"}}}
    ),
}


@pytest.mark.parametrize("tamper", TAMPERINGS.values(), ids=TAMPERINGS.keys())
def test_a_valid_digest_over_values_our_code_never_writes_is_a_miss(
    rules: Path, tmp_path: Path, compilations: list[tuple[Path, ...]], tamper: Any
) -> None:
    expected = load_catalogue(rules, builtin=False)
    (path,) = (tmp_path / "cache").glob("catalogue-*.json")
    content = json.loads(path.read_bytes().partition(b"\n")[2])
    tamper(content)
    payload = json.dumps(content).encode()
    path.write_bytes(cache.FORMAT + b" " + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    assert_same(load_catalogue(rules, builtin=False), expected)
    assert len(compilations) == 2  # the tampered file was not used


# ---- what it is for, and its limits ---------------------------------------------------------


def test_a_cold_diagnosis_from_the_cache_builds_no_catalogue_validator(own_cache: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        from risk_advisor.cli.main import cli
        from risk_advisor.catalogue import model
        for lang, fmt in (("fr", "text"), ("en", "json")):
            cli(["diagnose", sys.argv[1], "--lang", lang, "--format", fmt, "--fail-on", "never"],
                standalone_mode=False)
        built = [n for n in model.__all__ if getattr(getattr(model, n), "__pydantic_complete__", False)]
        print("built:", *built, file=sys.stderr)
        """
    )
    env = {**os.environ, "RISK_ADVISOR_CACHE_DIR": str(own_cache), "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-c", script, str(CASE_FILES[0])]
    subprocess.run(command, env=env, cwd=ROOT, capture_output=True, check=True)  # fills the cache
    run = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    assert run.stderr.splitlines()[-1] == "built:"


def test_every_catalogue_model_can_be_rebuilt_without_validation() -> None:
    for model in (*plain._SECTIONS.values(), Rule):
        assert callable(plain._builder(model))


def test_a_field_the_rebuild_cannot_reproduce_fails_loudly() -> None:
    class WithAList(_Item):
        values: list[int]

    class WithAFactory(_Item):
        values: tuple[str, ...] = Field(default_factory=tuple)

    with pytest.raises(TypeError, match=r"WithAList\.values"):
        plain._builder(WithAList)
    with pytest.raises(TypeError, match="WithAFactory"):
        plain._builder(WithAFactory)
