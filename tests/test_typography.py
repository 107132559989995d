"""French typography of the catalogue and of the model's questions follows one convention.

French texts (every ``fr:`` value of ``rules/*.yaml`` and the French question of every trait of
the project model) put a no-break space U+00A0 before ``: ; ? !`` and inside ``« »``; the
narrow no-break space U+202F is not used. English texts (``en:`` values, English questions)
have no space before these marks and no French quotation marks.

A mark counts as punctuation only when followed by a space, the end of the text or a closing
character, so ``seed:PLACE-M2``, ``10:30`` or ``https://`` are not concerned.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from risk_advisor.model.project import Project

RULES = Path(__file__).resolve().parent.parent / "rules"
NBSP = "\u00a0"
NNBSP = "\u202f"
# a mark used as punctuation: followed by whitespace, a closing character or the end
PUNCT = re.compile(r"[:;?!](?=[\s)\]»\"'’.,]|$)")


def french_errors(text: str) -> list[str]:
    """What breaks the French convention in ``text`` (empty when it follows it)."""
    errors = []
    if NNBSP in text:
        errors.append("narrow no-break space U+202F (use U+00A0)")
    for m in PUNCT.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        if before in ("", ":", ";", "?", "!"):
            continue
        if before != NBSP:
            errors.append(f"no U+00A0 before {m.group()!r} in …{text[max(0, m.start() - 15) : m.end() + 5]!r}")
        elif m.start() >= 2 and text[m.start() - 2].isspace():
            errors.append(f"several spaces before {m.group()!r} in …{text[max(0, m.start() - 15) : m.end() + 5]!r}")
    for m in re.finditer("«", text):
        after = text[m.end() : m.end() + 2]
        if not after.startswith(NBSP) or after[1:].isspace():
            errors.append(f"« not followed by exactly one U+00A0 in …{text[m.start() : m.end() + 15]!r}")
    for m in re.finditer("»", text):
        before = text[max(0, m.start() - 2) : m.start()]
        if not before.endswith(NBSP) or before[:1].isspace():
            errors.append(f"» not preceded by exactly one U+00A0 in …{text[max(0, m.start() - 15) : m.end()]!r}")
    return errors


def english_errors(text: str) -> list[str]:
    errors = []
    if "«" in text or "»" in text:
        errors.append("French quotation marks « » in an English text")
    for m in PUNCT.finditer(text):
        if m.start() and text[m.start() - 1] in (NBSP, NNBSP, " "):
            errors.append(f"space before {m.group()!r} in …{text[max(0, m.start() - 15) : m.end() + 5]!r}")
    return errors


def _walk(node: Any, where: str) -> Iterator[tuple[str, str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("fr", "en") and isinstance(value, str):
                yield key, f"{where}.{key}", value
            else:
                yield from _walk(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            label = item.get("id", i) if isinstance(item, dict) else i
            yield from _walk(item, f"{where}[{label}]")


def catalogue_texts() -> list[tuple[str, str, str]]:
    texts = []
    for path in sorted(RULES.glob("*.yaml")):
        texts.extend(_walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.name))
    return texts


def model_questions(model: type[BaseModel] = Project, where: str = "") -> list[tuple[str, str, str]]:
    texts = []
    for name, field in model.model_fields.items():
        path = f"{where}{name}"
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        if "question_fr" in extra:
            texts.append(("fr", f"model:{path}", str(extra["question_fr"])))
            texts.append(("en", f"model:{path}", str(extra["question_en"])))
        for sub in _submodels(field.annotation):
            texts.extend(model_questions(sub, f"{path}."))
    return texts


def _submodels(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _submodels(arg)


def test_the_walk_finds_the_texts() -> None:
    texts = catalogue_texts()
    assert sum(lang == "fr" for lang, _, _ in texts) > 300
    assert sum(lang == "en" for lang, _, _ in texts) > 300
    questions = model_questions()
    assert any(path == "model:governance.steering_committee" for _, path, _ in questions)
    assert any(path.startswith("model:stakeholders.") for _, path, _ in questions)


def test_catalogue_and_model_follow_the_convention() -> None:
    problems = []
    for lang, where, text in [*catalogue_texts(), *model_questions()]:
        errors = french_errors(text) if lang == "fr" else english_errors(text)
        problems.extend(f"{where}: {e}" for e in errors)
    assert problems == []


@pytest.mark.parametrize(
    "text",
    [
        "Le projet avance : les services suivent.",  # plain space before a colon
        "Le projet avance: les services suivent.",  # no space at all
        f"Le projet avance{NNBSP}: les services suivent.",  # narrow no-break space
        f"Qui porte le projet ?{NBSP}",  # plain space before a question mark
        "le groupe « cantines » dit",  # plain spaces inside the quotation marks
        f"le groupe «cantines{NBSP}» dit",  # none after the opening mark
        f"le groupe «{NBSP}cantines » dit",  # plain space before the closing mark
    ],
)
def test_a_french_text_breaking_the_convention_is_caught(text: str) -> None:
    assert french_errors(text)


@pytest.mark.parametrize(
    "text",
    [
        f"Le projet avance{NBSP}: les services suivent{NBSP}; qui tranche{NBSP}?",
        f"le groupe «{NBSP}cantines{NBSP}» (seed:PLACE-M2) à 10:30, voir https://example.org",
        f"«{NBSP}Rater la cible{NBSP}»{NBSP}: le remède",
    ],
)
def test_a_french_text_following_the_convention_passes(text: str) -> None:
    assert french_errors(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "the « ma cantine » declaration",
        f"the {NBSP}«{NBSP}ma cantine{NBSP}»",
        "Who sponsors the project ?",
        f"Who sponsors the project{NBSP}?",
    ],
)
def test_an_english_text_breaking_the_convention_is_caught(text: str) -> None:
    assert english_errors(text)
