"""What :mod:`.questions` computes with: which rules read which trait, and what answers do.

Built once per compiled catalogue (:func:`index_of`) and kept: the rules in stratum order as
closures of the plain-Python engine, which trait each fact key answers, which rules read a trait
directly or through ``risk(…)``, and the representative answers of each trait (see the
:mod:`.questions` docstring). :func:`trial` then says which verdicts one answer would change.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..catalogue.model import Catalogue
from ..catalogue.traits import TraitType
from ..catalogue.tree import And, Cmp, Cond, Key, Not, Or, Present, Scalar
from ..engines.interface import CompiledRule
from ..engines.python import Eval, compile_tree
from ..facts import FactBuilder, Facts, _derivation
from ..logic import OPERATORS
from ..model.project import Project
from . import _fields

__all__ = ["Index", "Verdict", "candidates", "index_of", "risk_status", "risk_status_of", "trial", "verdicts_from",
           "verdicts_of"]

Verdict = bool | None


# ---------------------------------------------------------------------------- per-catalogue index


@dataclass(frozen=True)
class Index:
    order: tuple[str, ...]  # rule IDs in stratum order
    evals: dict[str, Eval]
    risk: dict[str, str]  # rule ID → its risk
    score: dict[str, int]
    risk_keys: dict[str, tuple[Key, ...]]  # rule ID → the risk(…) keys it reads
    revealing: dict[str, tuple[str, ...]]  # risk ID → rule IDs revealing it
    about_project: frozenset[str]  # rule IDs about one project (not a whole scheme's rules)
    retried: dict[str, frozenset[str]]  # asked trait → rules reading it whose decided verdict its answer can flip
    retrying: tuple[str, ...]  # the asked traits whose retried set is not empty
    readers: dict[str, tuple[str, ...]]  # rule ID → the asked traits it reads, directly or via risk(…)
    trait_keys: dict[str, tuple[Key, ...]]  # asked trait → the fact keys its answer sets
    affected: dict[str, tuple[str, ...]]  # asked trait → rules reading it, directly or via risk(…)
    constants: dict[str, tuple[Scalar, ...]]  # trait → the constants conditions compare it with
    tests: dict[str, tuple[tuple[str, Scalar], ...]]  # trait → the (operator, constant) tests on it
    builder: FactBuilder
    # What a trial of a rule reads besides the answer (the ranking keeps outcomes under it):
    names: dict[str, tuple[str, ...]]  # rule ID → the facts it reads, but risk(…) ones (a trial sets those)
    verdicts_read: dict[str, tuple[str, ...]]  # rule ID → itself and the rules revealing a risk it reads
    all_false: dict[str, Verdict]  # every rule ID → False, in stratum order (copied, never changed)
    candidates: dict[str, list[Facts]] = field(default_factory=dict)  # filled on first use


def _leaves(tree: Cond) -> Iterable[Cmp | Present]:
    """The comparisons and known/unknown tests of ``tree``, in reading order."""
    if isinstance(tree, (Cmp, Present)):
        yield tree
    elif isinstance(tree, (And, Or)):
        for item in tree.items:
            yield from _leaves(item)
    elif isinstance(tree, Not):
        yield from _leaves(tree.item)


_EVERY_TRAIT = "*"  # in a rule's flips: an answer to any trait may flip its verdict


def _flips(rules: list[CompiledRule], revealing: Mapping[str, list[str]]) -> dict[str, frozenset[str]]:
    """For each rule, the traits whose answer can change its verdict once it is decided.

    Kleene logic is monotone: an answer only adds facts, and an added fact only settles
    unknowns, so a decided rule stays decided — except through a test whether something is
    known (``is known``/``is unknown``), which answering that very trait flips. A rule's flips
    are then the traits its own such tests read, and those of the rules revealing a risk it
    reads (a risk's status then may change otherwise than from unknown to known). A test whether
    a *risk* is known counts for every trait. ``rules`` in stratum order.
    """
    out: dict[str, frozenset[str]] = {}
    for rule in rules:
        traits = {
            _EVERY_TRAIT if p.key.kind == "risk" else p.key.question_trait
            for p in _leaves(rule.tree)
            if isinstance(p, Present)
        }
        for key in rule.keys:
            if key.kind == "risk":
                for other in revealing.get(key.path, ()):
                    traits |= out[other]
        out[rule.id] = frozenset(traits)
    return out


def _build_index(cat: Catalogue) -> Index:
    rules = list(cat.program.rules())
    order = tuple(r.id for r in rules)
    position = {rule_id: i for i, rule_id in enumerate(order)}
    trait_keys: dict[str, set[Key]] = {}
    direct: dict[str, set[str]] = {}
    readers: dict[str, set[str]] = {}  # risk ID → rules that read risk(it)
    constants: dict[str, set[Scalar]] = {}
    tests: dict[str, set[tuple[str, Scalar]]] = {}
    for rule in rules:
        for key in rule.keys:
            if key.kind == "risk":
                readers.setdefault(key.path, set()).add(rule.id)
                continue
            trait_keys.setdefault(key.question_trait, set()).add(key)
            direct.setdefault(key.question_trait, set()).add(rule.id)
        for cmp in _leaves(rule.tree):
            if isinstance(cmp, Cmp) and cmp.key.kind == "trait":
                constants.setdefault(cmp.key.path, set()).add(cmp.value)
                tests.setdefault(cmp.key.path, set()).add((cmp.op, cmp.value))
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
    flips = _flips(rules, revealing)
    affected = {t: closure(ids) for t, ids in direct.items()}
    retried = {t: frozenset(r for r in ids if t in flips[r] or _EVERY_TRAIT in flips[r]) for t, ids in affected.items()}
    readers_of: dict[str, set[str]] = {}
    for t, ids in affected.items():
        for r in ids:
            readers_of.setdefault(r, set()).add(t)
    return Index(
        order=order,
        evals={r.id: compile_tree(r.tree) for r in rules},
        risk=risk_of,
        score={rule_id: cat.rules[rule_id].score for rule_id in order},
        risk_keys={r.id: tuple(sorted(k for k in r.keys if k.kind == "risk")) for r in rules},
        revealing={risk: tuple(ids) for risk, ids in revealing.items()},
        # rules with `scope: scheme` are the portfolio's, rules with `asks: false` read recorded
        # data: neither asks a project question
        about_project=frozenset(r for r in order if cat.rules[r].scope == "project" and cat.rules[r].asks),
        trait_keys={t: tuple(sorted(keys)) for t, keys in trait_keys.items()},
        affected=affected,
        constants={t: tuple(sorted(v, key=repr)) for t, v in constants.items()},
        tests={t: tuple(sorted(v, key=repr)) for t, v in tests.items()},
        builder=FactBuilder(k for r in rules for k in r.keys),
        names={r.id: tuple(sorted({k.name for k in r.keys if k.kind != "risk"})) for r in rules},
        verdicts_read={
            r.id: (r.id, *(o for k in sorted(k for k in r.keys if k.kind == "risk") for o in revealing.get(k.path, ())))
            for r in rules
        },
        all_false=dict.fromkeys(order, False),
        retried=retried,
        retrying=tuple(t for t, ids in retried.items() if ids),
        readers={r: tuple(sorted(ts)) for r, ts in readers_of.items()},
    )


_indexes: dict[str, Index] = {}
_lock = threading.Lock()


def index_of(cat: Catalogue) -> Index:
    """The index of ``cat``, built on first use."""
    with _lock:
        built = _indexes.get(cat.program.name)
        if built is None:
            built = _indexes[cat.program.name] = _build_index(cat)
        return built


# ---------------------------------------------------------------------------- evaluation


def risk_status_of(index: Index, risk: str, verdicts: Mapping[str, Verdict]) -> Verdict:
    status: Verdict = False
    for rule_id in index.revealing[risk]:
        verdict = verdicts[rule_id]
        if verdict is True:
            return True
        if verdict is None:
            status = None
    return status


def trial(index: Index, facts: Facts, answer: Facts, verdicts: Mapping[str, Verdict],
          rule_ids: Iterable[str], scratch: Facts | None = None) -> dict[str, Verdict]:
    """The verdicts of ``rule_ids`` that ``answer`` would change (rule ID → new verdict).

    ``scratch``, when given, is a copy of ``facts`` that this call may overwrite, to be reused
    for the other answers to the same trait (they set the same keys, and each rule's risk facts
    are set again before the rule reads them): one copy of the facts per trait, not per answer.
    """
    if scratch is None:
        trial_facts = {**facts, **answer}
    else:
        trial_facts = scratch
        trial_facts.update(answer)
    changed: dict[str, Verdict] = {}
    for rule_id in rule_ids:
        for key in index.risk_keys[rule_id]:
            status = _status(index, key.path, verdicts, changed)
            if status is None:
                trial_facts.pop(key.name, None)
            else:
                trial_facts[key.name] = status
        verdict = index.evals[rule_id](trial_facts)
        if verdict is not verdicts[rule_id]:
            changed[rule_id] = verdict
    return changed


def _status(index: Index, risk: str, verdicts: Mapping[str, Verdict], changed: Mapping[str, Verdict]) -> Verdict:
    """:func:`risk_status_of` over ``verdicts`` updated by ``changed``, without merging them."""
    status: Verdict = False
    for rule_id in index.revealing[risk]:
        verdict = changed[rule_id] if rule_id in changed else verdicts[rule_id]
        if verdict is True:
            return True
        if verdict is None:
            status = None
    return status


def _evaluate(index: Index, facts: Facts, verdicts: dict[str, Verdict], rule_ids: Iterable[str]) -> None:
    """Evaluate ``rule_ids`` (in stratum order) into ``verdicts``, feeding risk facts forward."""
    for rule_id in rule_ids:
        for key in index.risk_keys[rule_id]:
            status = risk_status_of(index, key.path, verdicts)
            if status is None:
                facts.pop(key.name, None)
            else:
                facts[key.name] = status
        verdicts[rule_id] = index.evals[rule_id](facts)


def verdicts_of(cat: Catalogue, project: Project) -> tuple[Facts, dict[str, Verdict]]:
    """Every rule's verdict (``True``, ``False`` or ``None`` for undecided) and the facts read."""
    index = index_of(cat)
    facts = index.builder.build(project)
    verdicts: dict[str, Verdict] = {}
    _evaluate(index, facts, verdicts, index.order)
    return facts, verdicts


def verdicts_from(cat: Catalogue, facts: Facts, true: Iterable[str], undecided: Iterable[str]
                  ) -> tuple[Facts, dict[str, Verdict]]:
    """What :func:`verdicts_of` gives, from an inference run that already has it: its facts (risk
    facts included) and the rules it found true and undecided (every other rule is false).

    The driver feeds risk facts forward exactly as :func:`_evaluate` does (a risk found if one
    of its rules is true, absent while one is undecided), so the two agree rule for rule.
    """
    verdicts = index_of(cat).all_false.copy()
    for rule_id in true:
        verdicts[rule_id] = True
    for rule_id in undecided:
        verdicts[rule_id] = None
    return facts, verdicts


def risk_status(cat: Catalogue, verdicts: Mapping[str, Verdict]) -> dict[str, Verdict]:
    """Each risk of a project: ``True`` found, ``False`` ruled out (every rule false), ``None`` undecided.

    Only the rules about one project count, as in a diagnosis' findings.
    """
    index = index_of(cat)
    out: dict[str, Verdict] = {}
    for risk, rule_ids in sorted(index.revealing.items()):
        mine = [verdicts[r] for r in rule_ids if r in index.about_project]
        if mine:
            out[risk] = True if True in mine else None if None in mine else False
    return out


# ---------------------------------------------------------------------------- candidate answers


def _lists(members: list[Any]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = [(), tuple(members)]
    out += [(m,) for m in members]
    if len(members) > 2:
        out += [tuple(x for x in members if x is not m) for m in members]
    return out


def _numbers(index: Index, path: str, kind: TraitType) -> list[Any]:
    step: float = 1 if kind == "int" else 0.01
    values: set[float] = {0}
    for c in index.constants.get(path, ()):
        if isinstance(c, (int, float)) and not isinstance(c, bool):
            values.update((c - step, c, c + step))
    low, high = _fields.bounds(path)
    return sorted(v for v in values if (low is None or v >= low) and (high is None or v <= high))


def candidates(index: Index, path: str) -> list[Facts]:
    """The facts each representative answer to ``path`` would set (the same for every project)."""
    cached = index.candidates.get(path)
    if cached is None:
        cached = index.candidates[path] = _representative_facts(index, path)
    return cached


def _representative_facts(index: Index, path: str) -> list[Facts]:
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
    seen: set[tuple[Any, ...]] = set()
    tests = index.tests.get(path, ())
    for raw in raws:
        facts = {k.name: _derivation(k)(raw) for k in keys}
        if kind in ("int", "float"):  # numbers the conditions' tests cannot tell apart
            signature: tuple[Any, ...] = tuple(OPERATORS[op](facts[keys[0].name], c) for op, c in tests)
            signature += tuple(sorted(f for f in facts.items() if f[0] != keys[0].name))
        else:
            signature = tuple(sorted(facts.items()))
        if signature not in seen:  # are tried once
            seen.add(signature)
            out.append(facts)
    return out


