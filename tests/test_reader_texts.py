"""Reader-facing texts speak to a project lead, not to the catalogue's machinery.

Every title, scenario, rationale, remedy and success-factor text, in French and in English,
must not name internal identifiers (rule, seed, risk, remedy or success-factor IDs), rule files,
source tags (``seed:…``, ``brief:…``) or trait paths (``works.involves_works``) and vocabulary
values written as identifiers (``other_overseas``). Sources belong in ``sources``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from risk_advisor import load_catalogue
from risk_advisor.catalogue.model import Catalogue
from risk_advisor.catalogue.traits import traits

SOURCE_TAG = re.compile(r"\b(seed|brief|law|data|practice):\S")
FILE_NAME = re.compile(r"\b[\w-]+\.(yaml|yml|json|py)\b")
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


def reader_texts(cat: Catalogue) -> Iterator[tuple[str, str]]:
    """(where, text) for every reader-facing text of the catalogue, in both languages."""
    for risk in cat.risks.values():
        for lang in ("fr", "en"):
            yield f"risk:{risk.id}.title.{lang}", risk.title.get(lang)
            yield f"risk:{risk.id}.scenario.{lang}", risk.scenario.get(lang)
    for rule in cat.rules.values():
        for lang in ("fr", "en"):
            yield f"rule:{rule.id}.rationale.{lang}", rule.rationale.get(lang)
    for remedy in cat.remedies.values():
        for lang in ("fr", "en"):
            yield f"remedy:{remedy.id}.text.{lang}", remedy.text.get(lang)
    for factor in cat.success_factors.values():
        for lang in ("fr", "en"):
            yield f"success_factor:{factor.id}.text.{lang}", factor.text.get(lang)


def internal_names(cat: Catalogue) -> set[str]:
    """Identifiers a reader must never see: IDs of every kind (kebab IDs of two words or more)."""
    names = set(cat.rules) | set(cat.seeds)
    names |= {i for i in (*cat.risks, *cat.remedies, *cat.success_factors) if "-" in i}
    return names


def problems(text: str, names: set[str], paths: set[str]) -> list[str]:
    """What in ``text`` is machinery rather than prose."""
    found = [f"internal ID {n!r}" for n in sorted(names) if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text)]
    found += [f"source tag {m.group()!r}" for m in SOURCE_TAG.finditer(text)]
    found += [f"file name {m.group()!r}" for m in FILE_NAME.finditer(text)]
    found += [f"trait path {p!r}" for p in sorted(paths) if p in text]
    found += [f"identifier {m.group()!r}" for m in SNAKE.finditer(text)]
    return found


def test_no_reader_text_names_the_machinery() -> None:
    cat = load_catalogue()
    names, paths = internal_names(cat), {p for p in traits() if "." in p}
    bad = [f"{where}: {p}" for where, text in reader_texts(cat) for p in problems(text, names, paths)]
    assert bad == []


@pytest.mark.parametrize(
    "text",
    [
        "Voir la règle GOV-NO-STEERING.",
        "(seed:PLACE-M1, pairé avec N1)",
        "voir canteen-law.yaml",
        "dès qu'il le déclare (works.involves_works)",
        "les autres territoires (other_overseas)",
        "comme le dit l'item PLACE-M1",
    ],
)
def test_machinery_in_a_text_is_caught(text: str) -> None:
    cat = load_catalogue()
    assert problems(text, internal_names(cat), {p for p in traits() if "." in p})


@pytest.mark.parametrize(
    "text",
    [
        "Les déclarations DT-DICT sont adressées pendant la conception.",
        "CCAG-Travaux, art. 44.2 ; R4532-4 du code du travail ; 1 900 000 €.",
        "The EDPB guidelines propose nine criteria.",
    ],
)
def test_ordinary_prose_passes(text: str) -> None:
    cat = load_catalogue()
    assert problems(text, internal_names(cat), {p for p in traits() if "." in p}) == []
