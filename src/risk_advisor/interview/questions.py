"""Which question to ask next: the traits whose answer can change a verdict, most telling first.

For every unknown trait the conditions read, a few *representative answers* are tried (both
truth values, each enum value, for lists the empty list, each single value, all values and all
but one, for numbers each threshold a condition compares with and its neighbours) and the rules
that read the trait, directly or through ``risk(…)``, are evaluated again with Kleene logic. A
trait is asked only if one of these answers changes some rule's verdict (unknown → true or
false, or — through ``is unknown`` — true → false). The representative answers are exhaustive
for yes/no, single choices and numbers (each side of every threshold); for lists they cover
conditions on one value, on all but one and on all of them, so a question that only a rarer
combination of list values would decide can be missed.

Order: ``kinds`` first, then ``phase`` and ``origin`` when unknown (they gate most rules), then
the highest score among the rules an answer could *reveal* (make true, for a risk not yet
found), then how many such rules, then the highest score among the rules it could settle, then
the model's reading order. A rule of a risk already found by another rule counts only if an
answer could make it false (its finding would lose a pattern): revealing it again adds nothing.
Everything is computed per catalogue once (an index of which rules read which trait) so that a
call takes milliseconds (``bench/questions_benchmark.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..catalogue.loader import load_catalogue
from ..catalogue.model import Catalogue
from ..catalogue.traits import TraitType, question, traits
from ..catalogue.tree import And, Cmp, Cond, Key, Not, Or, Scalar
from ..diagnosis import OpenQuestion
from ..engines.python import Eval, compile_tree
from ..facts import FactBuilder, Facts, _derivation, trait_value
from ..model.project import Project
from ..model.vocabulary import Lang, label
from . import _fields

__all__ = ["Choice", "Question", "Ranked", "known_traits", "next_questions", "open_questions", "rank"]

# Asked before anything else when unknown: they gate most rules.
FIRST = ("kinds", "phase", "origin")
Verdict = bool | None


class Choice(BaseModel):
    """One allowed value of a choice question, with its label in the question's language."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: str = Field(description="The value as written in a project file")
    label: str = Field(description="What a reader sees")


class Question(BaseModel):
    """A question whose answer can change the diagnosis, as :func:`next_questions` ranks them.

    ``trait`` is the dotted path written in a project file (``governance.technical_lookout``,
    ``kinds``; ``stakeholders`` is answered with the roles involved). ``type`` is the answer's
    type: ``bool`` (yes/no), ``int``/``float`` (a number in ``unit``, within ``minimum`` and
    ``maximum``), ``enum`` (one of ``choices``), ``enum_list`` (several of ``choices``) or
    ``text``. ``rules`` are the rule IDs whose verdict some answer can change, ``risks`` their
    risks, ``weight`` the highest score among the rules an answer could reveal (0 when an
    answer can only rule risks out).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    trait: str
    text: str = Field(description="The question, in the requested language")
    type: TraitType
    choices: tuple[Choice, ...] = ()
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    rules: tuple[str, ...]
    risks: tuple[str, ...]
    weight: int


# ---------------------------------------------------------------------------- per-catalogue index


@dataclass(frozen=True)
class _Index:
    order: tuple[str, ...]  # rule IDs in stratum order
    evals: dict[str, Eval]
    risk: dict[str, str]  # rule ID → its risk
    score: dict[str, int]
    risk_keys: dict[str, tuple[Key, ...]]  # rule ID → the risk(…) keys it reads
    revealing: dict[str, tuple[str, ...]]  # risk ID → rule IDs revealing it
    trait_keys: dict[str, tuple[Key, ...]]  # asked trait → the fact keys its answer sets
    affected: dict[str, tuple[str, ...]]  # asked trait → rules reading it, directly or via risk(…)
    constants: dict[str, tuple[Scalar, ...]]  # trait → the constants conditions compare it with
    builder: FactBuilder


def _cmps(tree: Cond) -> Iterable[Cmp]:
    if isinstance(tree, Cmp):
        yield tree
    elif isinstance(tree, (And, Or)):
        for item in tree.items:
            yield from _cmps(item)
    elif isinstance(tree, Not):
        yield from _cmps(tree.item)


def _build_index(cat: Catalogue) -> _Index:
    rules = list(cat.program.rules())
    order = tuple(r.id for r in rules)
    position = {rule_id: i for i, rule_id in enumerate(order)}
    trait_keys: dict[str, set[Key]] = {}
    direct: dict[str, set[str]] = {}
    readers: dict[str, set[str]] = {}  # risk ID → rules that read risk(it)
    constants: dict[str, set[Scalar]] = {}
    for rule in rules:
        for key in rule.keys:
            if key.kind == "risk":
                readers.setdefault(key.path, set()).add(rule.id)
                continue
            trait_keys.setdefault(key.question_trait, set()).add(key)
            direct.setdefault(key.question_trait, set()).add(rule.id)
        for cmp in _cmps(rule.tree):
            if cmp.key.kind == "trait":
                constants.setdefault(cmp.key.path, set()).add(cmp.value)
    risk_of = {r.id: r.risk for r in rules}

    def closure(start: set[str]) -> tuple[str, ...]:
        seen, todo = set(start), list(start)
        while todo:
            for reader in readers.get(risk_of[todo.pop()], ()):
                if reader not in seen:
                    seen.add(reader)
                    todo.append(reader)
        return tuple(sorted(seen, key=position.__getitem__))

    revealing: dict[str, list[str]] = {}
    for rule in rules:
        revealing.setdefault(rule.risk, []).append(rule.id)
    return _Index(
        order=order,
        evals={r.id: compile_tree(r.tree) for r in rules},
        risk=risk_of,
        score={rule_id: cat.rules[rule_id].score for rule_id in order},
        risk_keys={r.id: tuple(sorted(k for k in r.keys if k.kind == "risk")) for r in rules},
        revealing={risk: tuple(ids) for risk, ids in revealing.items()},
        trait_keys={t: tuple(sorted(keys)) for t, keys in trait_keys.items()},
        affected={t: closure(ids) for t, ids in direct.items()},
        constants={t: tuple(sorted(v, key=repr)) for t, v in constants.items()},
        builder=FactBuilder(k for r in rules for k in r.keys),
    )


_indexes: dict[str, _Index] = {}
_lock = threading.Lock()


def _index(cat: Catalogue) -> _Index:
    with _lock:
        index = _indexes.get(cat.program.name)
        if index is None:
            index = _indexes[cat.program.name] = _build_index(cat)
        return index


# ---------------------------------------------------------------------------- evaluation


def _risk_status(index: _Index, risk: str, verdicts: Mapping[str, Verdict]) -> Verdict:
    status: Verdict = False
    for rule_id in index.revealing[risk]:
        verdict = verdicts[rule_id]
        if verdict is True:
            return True
        if verdict is None:
            status = None
    return status


def _evaluate(index: _Index, facts: Facts, verdicts: dict[str, Verdict], rule_ids: Iterable[str]) -> None:
    """Evaluate ``rule_ids`` (in stratum order) into ``verdicts``, feeding risk facts forward."""
    for rule_id in rule_ids:
        for key in index.risk_keys[rule_id]:
            status = _risk_status(index, key.path, verdicts)
            if status is None:
                facts.pop(key.name, None)
            else:
                facts[key.name] = status
        verdicts[rule_id] = index.evals[rule_id](facts)


def verdicts_of(cat: Catalogue, project: Project) -> tuple[Facts, dict[str, Verdict]]:
    """Every rule's verdict (``True``, ``False`` or ``None`` for undecided) and the facts read."""
    index = _index(cat)
    facts = index.builder.build(project)
    verdicts: dict[str, Verdict] = {}
    _evaluate(index, facts, verdicts, index.order)
    return facts, verdicts


# ---------------------------------------------------------------------------- candidate answers


def _known(project: Project, path: str) -> bool:
    if path == _fields.STAKEHOLDERS:
        return project.stakeholders is not None
    return trait_value(project, path) is not None


def _lists(members: list[Any]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = [(), tuple(members)]
    out += [(m,) for m in members]
    if len(members) > 2:
        out += [tuple(x for x in members if x is not m) for m in members]
    return out


def _numbers(index: _Index, path: str, kind: TraitType) -> list[Any]:
    step: float = 1 if kind == "int" else 0.01
    values: set[float] = {0}
    for c in index.constants.get(path, ()):
        if isinstance(c, (int, float)) and not isinstance(c, bool):
            values.update((c - step, c, c + step))
    low, high = _fields.bounds(path)
    return sorted(v for v in values if (low is None or v >= low) and (high is None or v <= high))


def _candidates(index: _Index, path: str) -> list[Facts]:
    """The facts each representative answer to ``path`` would set."""
    keys = index.trait_keys[path]
    if path == _fields.STAKEHOLDERS:
        roles = sorted({k.path for k in keys})
        return [{k.name: k.path in chosen for k in keys} for chosen in map(set, _lists(roles))]
    kind = _fields.trait_type(path)
    vocabulary = _fields.vocabulary(path)
    raws: list[Any]
    if kind == "bool":
        raws = [True, False]
    elif kind == "enum" and vocabulary is not None:
        raws = list(vocabulary)
    elif kind == "enum_list" and vocabulary is not None:
        raws = _lists(list(vocabulary))
    elif kind in ("int", "float"):
        raws = _numbers(index, path, kind)
    else:
        raws = [c for c in index.constants.get(path, ()) if isinstance(c, str)] + ["\x00"]
    out: list[Facts] = []
    for raw in raws:
        out.append({k.name: _derivation(k)(raw) for k in keys})
    return out


# ---------------------------------------------------------------------------- ranking


@dataclass(frozen=True)
class Ranked:
    """A trait worth asking, before it is worded in a language."""

    trait: str
    rules: tuple[str, ...]  # rules whose verdict an answer can change (score desc, then ID)
    risks: tuple[str, ...]
    weight: int  # highest score among the rules an answer could reveal
    reveals: int  # how many rules an answer could reveal
    settles: int  # highest score among the rules it could change


def rank(
    cat: Catalogue,
    project: Project,
    skip: Iterable[str] = frozenset(),
    baseline: tuple[Facts, dict[str, Verdict]] | None = None,
) -> list[Ranked]:
    """The traits worth asking about ``project``, most telling first (see the module docstring)."""
    index = _index(cat)
    facts, verdicts = baseline if baseline is not None else verdicts_of(cat, project)
    found = {index.risk[r] for r, v in verdicts.items() if v is True}
    skipped = set(skip)
    order = _fields.model_order()
    out: list[tuple[tuple[Any, ...], Ranked]] = []
    for path, affected in index.affected.items():
        if path in skipped or path not in order or _known(project, path):
            continue
        changed: set[str] = set()
        revealed: set[str] = set()
        for answer in _candidates(index, path):
            trial_facts = {**facts, **answer}
            trial = dict(verdicts)
            _evaluate(index, trial_facts, trial, affected)
            for rule_id in affected:
                if trial[rule_id] is not verdicts[rule_id] and (
                    verdicts[rule_id] is True or index.risk[rule_id] not in found
                ):
                    changed.add(rule_id)
                    if trial[rule_id] is True and index.risk[rule_id] not in found:
                        revealed.add(rule_id)
        if not changed:
            continue
        by_score = sorted(changed, key=lambda r: (-index.score[r], r))
        weight = max((index.score[r] for r in revealed), default=0)
        ranked = Ranked(
            trait=path,
            rules=tuple(by_score),
            risks=tuple(sorted({index.risk[r] for r in changed})),
            weight=weight,
            reveals=len(revealed),
            settles=index.score[by_score[0]],
        )
        first = FIRST.index(path) if path in FIRST else len(FIRST)
        out.append(((first, -weight, -len(revealed), -ranked.settles, order[path]), ranked))
    out.sort(key=lambda item: item[0])
    return [ranked for _, ranked in out]


def _choices(path: str, lang: str) -> tuple[Choice, ...]:
    vocabulary = _fields.vocabulary(path)
    if vocabulary is None:
        return ()
    members: list[Enum] = list(vocabulary)
    return tuple(Choice(value=str(m.value), label=label(m, lang)) for m in members)


def worded(ranked: Ranked, lang: str) -> Question:
    """``ranked`` as a :class:`Question` in ``lang``."""
    kind = _fields.trait_type(ranked.trait)
    low, high = _fields.bounds(ranked.trait) if kind in ("int", "float") else (None, None)
    return Question(
        trait=ranked.trait,
        text=question(ranked.trait, lang),
        type=kind,
        choices=_choices(ranked.trait, lang),
        unit=_fields.unit(ranked.trait, lang),
        minimum=low,
        maximum=high,
        rules=ranked.rules,
        risks=ranked.risks,
        weight=ranked.weight,
    )


def next_questions(
    project: Project | Mapping[str, Any],
    *,
    catalogue: Catalogue | None = None,
    lang: str = "fr",
    skip: Iterable[str] = frozenset(),
) -> list[Question]:
    """The questions whose answers can change ``project``'s diagnosis, the most telling first.

    ``project`` is a :class:`Project` or a dict in the project-file shape; ``skip`` holds
    trait paths the user said they do not know (they are not asked again). Deterministic: the
    same project and catalogue always give the same list. Example::

        >>> [q.trait for q in next_questions({"name": "Jardin"})][:3]
        ['kinds', 'phase', 'origin']
    """
    if lang not in (Lang.FR.value, Lang.EN.value):
        from ..errors import RiskAdvisorError

        raise RiskAdvisorError(f"unknown language {lang!r}: choose fr or en")
    model = project if isinstance(project, Project) else Project.model_validate(project)
    cat = catalogue if catalogue is not None else load_catalogue()
    return [worded(r, lang) for r in rank(cat, model, skip)]


def known_traits(project: Project) -> int:
    """How many traits ``project`` states (the stakeholder list counts as one)."""
    return sum(1 for path in _fields.model_order() if _known(project, path))


def open_questions(cat: Catalogue, project: Project, lang: str) -> list[OpenQuestion]:
    """A diagnosis' open questions: one per trait worth asking, ranked as :func:`next_questions`."""
    return [
        OpenQuestion(
            trait=r.trait,
            question=question(r.trait, lang),
            rules=r.rules,
            risks=r.risks,
            risk_titles=tuple(cat.risks[risk].title.get(lang) for risk in r.risks),
            weight=r.weight,
        )
        for r in rank(cat, project)
    ]


assert set(FIRST) <= set(traits())  # the priority traits exist in the model
