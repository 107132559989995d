"""The durable_rules adapter: the only module that imports durable_rules.

How the compiled conditions map onto durable_rules 2.0.28, and why (see
``shared/notes/durable_rules.md`` and the upstream issues it cites):

- **Three values.** Each rule becomes two durable rules: one matching when its condition is
  *true* (T), one when it is *false* (F); a rule neither fired is *undecided*. T and F of a
  tree are built by pushing negation down to the leaves (Kleene logic is closed under De
  Morgan); a leaf comparison is true or false only when its attribute exists (durable's
  ``$neq``, ``$lt``… are false on a missing attribute), and ``$nex`` tests absence. (Matching
  "undecided" directly needs not-T and not-F, which overflows durable's 31 expressions per
  condition, error 113, on rules of ordinary size; the loader checks T and F against it.)
- **One fact per stratum**, carrying one *group key* per group of that stratum's rules
  (``ra_g3: 1``). Every durable rule first tests its group key, which keeps rules from matching
  the session-state message durable re-asserts after each action (the ``$nex`` loop trap,
  issues #222/#251/#288) and bounds durable's alpha-network stack: a fact pushes every
  alpha node it matches onto a fixed stack of 64 (events.c ``MAX_STACK_SIZE``, error 303), so
  rules are grouped to keep (groups + the alpha nodes of one group) well below it.
- **Isolation.** One session id per diagnosis, deleted afterwards (at most 1024 may live).
  A catch-all rule fires on every fact so that no session is deleted without an action having
  run (deleting such a session frees uninitialised memory) and no fact goes unhandled.
- **Threads.** ``Host`` starts timer threads that run any session's pending actions; they are
  disabled (``_run`` overridden) and every diagnosis holds the host's lock: the C code holds
  the GIL anyway, so threads lose nothing, and results can never cross.
- **Hash collisions.** durable_rules identifies attribute names by a 32-bit FNV-1a hash only;
  :func:`check_attribute_names` refuses a catalogue whose names collide.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from ..catalogue.conditions import And, Cmp, Cond, Not, Or, Present, Scalar
from ..errors import EngineError
from .interface import CompiledRule, Program, Verdicts

try:
    from durable import engine as _durable
except ImportError as exc:  # Python 3.13+, or no C compiler at install time
    _durable = None
    IMPORT_ERROR: str | None = str(exc)
else:
    IMPORT_ERROR = None

__all__ = ["DurableEngine", "IMPORT_ERROR", "available", "capacity_problems", "check_attribute_names", "fnv1a32"]

_NEGATE = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_DURABLE_OP = {"!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}
Json = dict[str, Any]


def available() -> bool:
    return _durable is not None


def fnv1a32(text: str) -> int:
    """durable_rules' attribute-name hash (state.c ``fnv1Hash32``) for ASCII names."""
    h = 0x811C9DC5
    for byte in text.encode("ascii"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def check_attribute_names(names: set[str]) -> list[tuple[str, str]]:
    """Pairs of attribute names durable_rules could not tell apart."""
    seen: dict[int, str] = {}
    clashes = []
    for name in sorted(names | {"ra_stratum", "sid", "id"}):
        h = fnv1a32(name)
        if h in seen:
            clashes.append((seen[h], name))
        seen[h] = name
    return clashes


# ---------------------------------------------------------------------------- compilation


def _leaf(cmp: Cmp, op: str) -> Json:
    name = cmp.key.name
    return {name: cmp.value} if op == "==" else {_DURABLE_OP[op]: {name: cmp.value}}


def _true(tree: Cond) -> Json:
    if isinstance(tree, Cmp):
        return _leaf(tree, tree.op)
    if isinstance(tree, Present):
        return {"$ex" if tree.known else "$nex": {tree.key.name: 1}}
    if isinstance(tree, Not):
        return _false(tree.item)
    op = "$and" if isinstance(tree, And) else "$or"
    return {op: [_true(i) for i in tree.items]}


def _false(tree: Cond) -> Json:
    if isinstance(tree, Cmp):
        return _leaf(tree, _NEGATE[tree.op])
    if isinstance(tree, Present):
        return {"$nex" if tree.known else "$ex": {tree.key.name: 1}}
    if isinstance(tree, Not):
        return _true(tree.item)
    op = "$or" if isinstance(tree, And) else "$and"
    return {op: [_false(i) for i in tree.items]}


def _guarded(group: str, condition: Json) -> Json:
    """``group key present and condition``, flattened: durable allows 31 expressions per condition."""
    items = condition["$and"] if "$and" in condition else [condition]
    return {"$and": [{group: 1}, *items]}


def _leaves(condition: Json) -> int:
    (op, value), = condition.items()
    return sum(_leaves(c) for c in value) if op in ("$and", "$or") else 1


def expression_count(condition: Json) -> int:
    """How many of durable_rules' expressions a condition takes (``$and``/``$or`` count 2)."""
    (op, value), = condition.items()
    if op in ("$and", "$or"):
        return 2 + sum(expression_count(c) for c in value)
    return 1


MAX_EXPRESSIONS = 31  # rete.c MAX_SEQUENCE_EXPRESSIONS (32) minus one: error 113 beyond
MAX_PROPERTIES = 255  # state.h MAX_OBJECT_PROPERTIES, sid and id included
GROUP_LEAVES = 36  # alpha nodes one group may push; with ≤ 24 groups a stratum stays under 64
MAX_GROUPS = 24


def oversized(tree: Cond) -> int:
    """The larger of the true and false conditions' sizes, group test included."""
    return max(expression_count(_guarded("g", _true(tree))), expression_count(_guarded("g", _false(tree))))


def groups(program: Program) -> list[list[CompiledRule]]:
    """Each stratum's rules packed into groups of at most ``GROUP_LEAVES`` alpha tests."""
    out: list[list[CompiledRule]] = []
    for stratum in program.strata:
        current: list[CompiledRule] = []
        weight = 0
        for rule in stratum:
            w = _leaves(_true(rule.tree)) + _leaves(_false(rule.tree))
            if current and weight + w > GROUP_LEAVES:
                out.append(current)
                current, weight = [], 0
            current.append(rule)
            weight += w
        if current:
            out.append(current)
    return out


def capacity_problems(program: Program) -> list[str]:
    """What in ``program`` durable_rules 2.0.28 cannot hold, beyond single rules' sizes."""
    problems: list[str] = []
    packed = groups(program)
    per_stratum = [sum(1 for g in packed if g[0].stratum == k) for k in range(len(program.strata))]
    if max(per_stratum, default=0) > MAX_GROUPS:
        problems.append(f"too many rules in one stratum for durable_rules ({max(per_stratum)} groups, at most {MAX_GROUPS})")
    names = {k.name for k in program.keys}
    width = len(names) + max(per_stratum, default=0) + 3
    if width > MAX_PROPERTIES:
        problems.append(f"the rules read {len(names)} facts; durable_rules holds at most {MAX_PROPERTIES} per fact")
    problems += [
        f"fact names {a!r} and {b!r} share a 32-bit hash in durable_rules; rename one trait"
        for a, b in check_attribute_names(names | {f"ra_g{i}" for i in range(len(packed))})
    ]
    return problems


def compile_ruleset(program: Program, record: Any) -> Json:
    """The durable_rules ruleset for ``program``; actions call ``record(rule_id, value)``."""

    def action(rule_id: str, value: bool) -> Any:
        def run(c: Any) -> None:
            record(rule_id, value)

        return run

    rules: Json = {}
    for index, group in enumerate(groups(program)):
        key = f"ra_g{index}"
        for rule in group:
            rules[f"{rule.id}|T"] = {"all": [{"m": _guarded(key, _true(rule.tree))}], "run": action(rule.id, True)}
            rules[f"{rule.id}|F"] = {"all": [{"m": _guarded(key, _false(rule.tree))}], "run": action(rule.id, False)}
    rules["ra|catch-all"] = {"all": [{"m": {"$ex": {"ra_stratum": 1}}}], "run": lambda c: None, "pri": 65535}
    return rules


def group_keys(program: Program) -> list[dict[str, int]]:
    """For each stratum, the group keys its fact carries."""
    keys: list[dict[str, int]] = [{} for _ in program.strata]
    for index, group in enumerate(groups(program)):
        keys[group[0].stratum][f"ra_g{index}"] = 1
    return keys


# ---------------------------------------------------------------------------- host and sessions


def _make_host() -> Any:
    class QuietHost(_durable.Host):  # type: ignore[name-defined,misc,union-attr]
        def _run(self) -> None:
            """No timer threads: they run other sessions' actions (issues #291, #292)."""

    return QuietHost()


class _Session:
    def __init__(self, engine: DurableEngine, program: Program, ruleset: str, sid: str) -> None:
        self._engine = engine
        self._program = program
        self._ruleset = ruleset
        self._sid = sid

    def evaluate(self, stratum: int, facts: Mapping[str, Scalar]) -> Verdicts:
        engine = self._engine
        engine._verdicts = {}
        fact = dict(facts)
        fact["sid"] = self._sid
        fact["ra_stratum"] = stratum
        fact.update(self._engine._group_keys[self._program.name][stratum])
        try:
            state = engine._host.assert_fact(self._ruleset, fact)
        except Exception as exc:  # durable raises bare Exceptions carrying numeric codes
            raise EngineError(f"durable_rules refused a fact: {exc}") from exc
        if isinstance(state, dict) and state.get("exception"):
            raise EngineError(f"a rule action failed inside durable_rules: {state['exception']}")
        decided = engine._verdicts
        # A rule neither true nor false is undecided: three values from two durable rules.
        verdicts: Verdicts = {}
        for rule in self._program.strata[stratum]:
            value = decided.get(rule.id)
            if value is not False:
                verdicts[rule.id] = value is True
        return verdicts


class DurableEngine:
    """durable_rules behind the :class:`~risk_advisor.engines.interface.Engine` interface."""

    name = "durable"

    def __init__(self) -> None:
        if _durable is None:
            raise EngineError(f"durable_rules is not available: {IMPORT_ERROR}")
        self._lock = threading.Lock()
        self._host: Any = None
        self._rulesets: dict[str, str] = {}
        self._group_keys: dict[str, list[dict[str, int]]] = {}
        self._verdicts: Verdicts = {}
        self._counter = 0

    def _record(self, rule_id: str, is_true: bool) -> None:
        self._verdicts[rule_id] = is_true

    def _ruleset(self, program: Program) -> str:
        name = self._rulesets.get(program.name)
        if name is None:
            if self._host is None:
                self._host = _make_host()
            name = "ra_" + hashlib.sha256(program.name.encode()).hexdigest()[:16]
            definition = compile_ruleset(program, self._record)
            self._group_keys[program.name] = group_keys(program)
            self._host.set_rulesets({name: definition})
            self._rulesets[program.name] = name
        return name

    @contextmanager
    def session(self, program: Program) -> Iterator[_Session]:
        with self._lock:
            ruleset = self._ruleset(program)
            # Sessions never overlap (the lock), so a small rotating set of sids suffices;
            # rotating rather than reusing one keeps a failed deletion from poisoning the next.
            self._counter = (self._counter + 1) % 64
            sid = f"d{self._counter}"
            try:
                yield _Session(self, program, ruleset, sid)
            finally:
                try:
                    self._host.delete_state(ruleset, sid)
                except Exception:  # noqa: BLE001 - a session that never got a fact has no state
                    pass

