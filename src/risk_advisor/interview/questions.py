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
answer could make it false (its finding would lose a pattern) or if its score is higher than the
finding's (the finding would rise): revealing the risk again at the same level adds nothing.
Everything is computed per catalogue once (an index of which rules read which trait) so that a
call takes milliseconds (``bench/questions_benchmark.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache, partial
from itertools import chain, compress
from operator import is_not
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..catalogue.loader import load_catalogue
from ..catalogue.model import Catalogue
from ..catalogue.traits import TraitType, question, traits
from ..diagnosis import OpenQuestion
from ..facts import Facts, attribute_reader, trait_value
from ..model.project import Project
from ..model.vocabulary import Lang, label
from . import _fields
from ._index import Index, Verdict, candidates, index_of, risk_status, trial, verdicts_from, verdicts_of

__all__ = [
    "Choice",
    "Question",
    "Ranked",
    "known_paths",
    "known_traits",
    "next_questions",
    "open_questions",
    "rank",
    "risk_status",
    "verdicts_from",
    "verdicts_of",
]

# Asked before anything else when unknown: they gate most rules.
FIRST = ("kinds", "phase", "origin")


class Choice(BaseModel):
    """One allowed value of a choice question, with its label in the question's language."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)  # a diagnosis never builds one

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

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)  # a diagnosis never builds one

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


def _known(project: Project, path: str) -> bool:
    if path == _fields.STAKEHOLDERS:
        return project.stakeholders is not None
    return trait_value(project, path) is not None


_Getter = Callable[[Any], tuple[Any, ...]]


@cache
def _blocks() -> tuple[tuple[tuple[str, ...], _Getter, tuple[str, ...]], ...]:
    """The model's askable traits grouped by block: (the block's attribute path, a function
    reading its fields' values at once, their trait paths)."""
    blocks: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for path in _fields.model_order():
        *block, name = path.split(".")
        blocks.setdefault(tuple(block), []).append((name, path))
    out: list[tuple[tuple[str, ...], _Getter, tuple[str, ...]]] = []
    for parts, fields in blocks.items():
        out.append((parts, attribute_reader([name for name, _ in fields]), tuple(path for _, path in fields)))
    return tuple(out)


_stated = partial(is_not, None)


def known_paths(project: Project) -> frozenset[str]:
    """The askable traits ``project`` states (what :func:`_known` says of each, in one walk:
    a block the description leaves out is skipped in one test, a block's fields are read at once)."""
    out: list[str] = []
    for block, get, paths in _blocks():
        node: Any = project
        for part in block:
            node = getattr(node, part, None)
            if node is None:
                break
        else:
            out.extend(compress(paths, map(_stated, get(node))))
    return frozenset(out)


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
    known: frozenset[str] | None = None,
) -> list[Ranked]:
    """The traits worth asking about ``project``, most telling first (see the module docstring).

    ``baseline`` (facts and verdicts, as :func:`verdicts_of` gives them) and ``known`` (as
    :func:`known_paths` gives them) save recomputing what the caller already has.
    """
    index = index_of(cat)
    facts, verdicts = baseline if baseline is not None else verdicts_of(cat, project)
    stated = known if known is not None else known_paths(project)
    about, risk_of, score = index.about_project, index.risk, index.score
    found: dict[str, int] = {}  # risk found → the highest score among its true rules
    # Only a trait that reads an undecided rule, or whose answer can flip a decided one, can
    # change a verdict: the others are not looked at (the result is sorted below, whatever the
    # order they are looked at in).
    paths = set(index.retrying)
    for rule_id, verdict in verdicts.items():
        if verdict is None:
            paths.update(index.readers.get(rule_id, ()))
        elif verdict and rule_id in about:
            risk = risk_of[rule_id]
            if score[rule_id] > found.get(risk, 0):
                found[risk] = score[rule_id]
    paths.difference_update(stated)
    paths.difference_update(skip)
    order = _fields.model_order()
    out: list[tuple[tuple[Any, ...], Ranked]] = []
    # A trait's outcome is a function of the rules tried and of what their trials read: the
    # facts they read, their verdicts and those of the rules revealing a risk they read, and the
    # score found for their risks. It is kept per catalogue under those, so that a diagnosis of
    # a project like one seen before (the interview's next step, a portfolio's look-alikes)
    # does not try them again. The key is read in C-level passes: a miss costs little.
    kept: dict[tuple[Any, ...], Ranked | None] = cat.memo.setdefault("ranked", {})
    for path in paths:
        if path not in order:
            continue
        # An answer only adds facts: a decided rule can change only if it (or a risk it reads)
        # tests whether this trait is known; undecided rules and those are all that is tried.
        retried = index.retried[path]
        open_rules = tuple(r for r in index.affected[path] if verdicts[r] is None or r in retried)
        if not open_rules:
            continue
        if len(open_rules) > _KEYED_RULES:  # a description still mostly silent: its key would cost more than it saves
            outcome = _outcome(index, path, open_rules, facts, verdicts, found)
        else:
            # One flat tuple (the rules tried fix where each part starts): a kept outcome holds
            # as few objects as it can, for the garbage collector walks them all.
            key = (
                path,
                open_rules,
                *map(facts.get, chain.from_iterable(map(index.names.__getitem__, open_rules))),
                *map(verdicts.__getitem__, chain.from_iterable(map(index.verdicts_read.__getitem__, open_rules))),
                *map(found.get, map(risk_of.__getitem__, open_rules)),
            )
            outcome = kept.get(key, _UNSEEN)  # one lookup: another thread may empty the memo meanwhile
            if outcome is _UNSEEN:
                outcome = _outcome(index, path, open_rules, facts, verdicts, found)
                if len(kept) >= _KEPT:
                    kept.clear()  # simpler than an LRU, and safe when threads share the catalogue
                kept[key] = outcome
        if outcome is not None:
            first = FIRST.index(path) if path in FIRST else len(FIRST)
            out.append(((first, -outcome.weight, -outcome.reveals, -outcome.settles, order[path]), outcome))
    out.sort(key=lambda item: item[0])
    return [ranked for _, ranked in out]


_KEPT = 1024  # trait outcomes remembered per catalogue (~1.5 kB each)
_UNSEEN: Any = object()
# Beyond this many rules tried for a trait, its outcome is not kept: the key reads every fact
# they read, and such a trait (most rules still undecided) rarely comes back with the same facts.
# A shipped case tries 1–4 rules per trait; a name-only project up to ~40.
_KEYED_RULES = 8


def _outcome(index: Index, path: str, open_rules: tuple[str, ...], facts: Facts, verdicts: Mapping[str, Verdict],
             found: Mapping[str, int]) -> Ranked | None:
    """What trying each representative answer to ``path`` on ``open_rules`` says: the trait
    ranked, or ``None`` when no answer changes a verdict that counts."""
    about, risk_of, score = index.about_project, index.risk, index.score
    changed: set[str] = set()
    revealed: set[str] = set()
    scratch = dict(facts)
    for answer in candidates(index, path):
        for rule_id, verdict in trial(index, facts, answer, verdicts, open_rules, scratch).items():
            if rule_id not in about:
                continue  # a scheme's rule: the portfolio's question, not this project's
            if verdicts[rule_id] is True or score[rule_id] > found.get(risk_of[rule_id], 0):
                changed.add(rule_id)
                if verdict is True:
                    revealed.add(rule_id)
    if not changed:
        return None
    by_score = sorted(changed, key=lambda r: (-score[r], r))
    weight = max((score[r] for r in revealed), default=0)
    return Ranked(
        trait=path,
        rules=tuple(by_score),
        risks=tuple(sorted({risk_of[r] for r in changed})),
        weight=weight,
        reveals=len(revealed),
        settles=score[by_score[0]],
    )


def _choices(path: str, lang: str) -> tuple[Choice, ...]:
    vocabulary = _fields.vocabulary(path)
    if vocabulary is None:
        return ()
    members: list[Enum] = list(vocabulary)
    return tuple(Choice(value=str(m.value), label=label(m, lang)) for m in members)


@cache
def _wording(path: str, lang: str) -> Question:
    """What a question on ``path`` says in ``lang``, whatever the project."""
    kind = _fields.trait_type(path)
    low, high = _fields.bounds(path) if kind in ("int", "float") else (None, None)
    return Question(
        trait=path,
        text=question(path, lang),
        type=kind,
        choices=_choices(path, lang),
        unit=_fields.unit(path, lang),
        minimum=low,
        maximum=high,
        rules=(),
        risks=(),
        weight=0,
    )


def worded(ranked: Ranked, lang: str) -> Question:
    """``ranked`` as a :class:`Question` in ``lang``."""
    # model_copy skips validation: the wording was validated once, the rest is ours
    return _wording(ranked.trait, lang).model_copy(
        update={"rules": ranked.rules, "risks": ranked.risks, "weight": ranked.weight}
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


def known_traits(project: Project, known: frozenset[str] | None = None) -> int:
    """How many traits ``project`` states (the stakeholder list counts as one)."""
    return len(known if known is not None else known_paths(project))


def open_questions(
    cat: Catalogue,
    project: Project,
    lang: str,
    baseline: tuple[Facts, dict[str, Verdict]] | None = None,
    known: frozenset[str] | None = None,
) -> list[OpenQuestion]:
    """A diagnosis' open questions: one per trait worth asking, ranked as :func:`next_questions`.

    ``baseline`` and ``known`` are as :func:`rank` takes them (a diagnosis has both at hand).
    """
    kept: dict[tuple[Any, ...], OpenQuestion] = cat.memo.setdefault("questions", {})
    out: list[OpenQuestion] = []
    for r in rank(cat, project, baseline=baseline, known=known):
        # A function of the trait, its rules (its risks follow from them), its weight and the
        # language, and frozen: kept per catalogue under those (a plain tuple hashes in C).
        key = (r.trait, r.rules, r.weight, lang)
        asked = kept.get(key)
        if asked is None:
            asked = OpenQuestion(
                trait=r.trait,
                question=question(r.trait, lang),
                rules=r.rules,
                risks=r.risks,
                risk_titles=tuple(cat.risks[risk].title.get(lang) for risk in r.risks),
                weight=r.weight,
            )
            if len(kept) >= _QUESTIONS_KEPT:
                kept.clear()  # simpler than an LRU, and safe when threads share the catalogue
            kept[key] = asked
        out.append(asked)
    return out


_QUESTIONS_KEPT = 1024  # open questions remembered per catalogue: bounded, so memory stays flat


assert set(FIRST) <= set(traits())  # the priority traits exist in the model
