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
- **One fact per batch of groups**: a stratum's facts each carry the *group keys* of at most
  ``MAX_GROUPS`` of that stratum's groups (``ra_g3: 1``), so a large stratum is asserted as
  several facts with the same traits. Every durable rule first tests its group key, which keeps rules from matching
  the session-state message durable re-asserts after each action (the ``$nex`` loop trap,
  issues #222/#251/#288) and bounds durable's alpha-network stack: a fact pushes every
  alpha node it matches onto a fixed stack of 64 (events.c ``MAX_STACK_SIZE``, error 303), so
  rules are grouped to keep (groups + the alpha nodes of one group) well below it.
- **Shared guards.** Every action costs durable_rules two JSON round trips (~30 µs), so
  firings dominate. Rules that start with the same test (``kinds contains canteen_short_supply
  and …``) are decided false together by one rule on that test's negation; their own "false"
  rules then only match when the guard is not false.
- **Isolation.** One session id per diagnosis, deleted afterwards (at most 1024 may live).
  A catch-all rule fires on every fact so that no session is deleted without an action having
  run (deleting such a session frees uninitialised memory) and no fact goes unhandled.
- **Threads.** ``Host`` starts timer threads that run any session's pending actions; they are
  disabled (``_run`` overridden) and every diagnosis holds the host's lock: the C code holds
  the GIL anyway, so threads lose nothing, and results can never cross.
- **Signals.** A Ctrl-C (or SIGTERM turned into an exception) raised inside an action, which
  durable calls back from C, is caught by durable, logged with a traceback and turned into a
  failed action. SIGINT and SIGTERM are blocked in the main thread while durable runs, so they
  arrive, as usual, right after it returns.
- **Hash collisions.** durable_rules identifies attribute names by a 32-bit FNV-1a hash only;
  :func:`check_attribute_names` refuses a catalogue whose names collide.
"""

from __future__ import annotations

import hashlib
import signal
import threading
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from ..catalogue.tree import And, Cmp, Cond, Not, Present, Scalar
from ..errors import EngineError
from .interface import CompiledRule, Program, Verdicts

try:
    from durable import engine as _durable
except ImportError as exc:  # Python 3.13+, or no C compiler at install time
    _durable = None
    IMPORT_ERROR: str | None = str(exc)
else:
    IMPORT_ERROR = None

__all__ = ["IMPORT_ERROR", "DurableEngine", "available", "capacity_problems", "check_attribute_names", "fnv1a32"]

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
    items = condition.get("$and", [condition])
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
MAX_PROPERTIES = 254  # sid and id included; measured: a fact of 255 attributes is error 302
GROUP_LEAVES = 36  # alpha nodes one group may push; with ≤ 24 groups a stratum stays under 64
MAX_GROUPS = 24


def oversized(tree: Cond) -> int:
    """The larger of the true and false conditions' sizes, group test included.

    A rule sharing a guard tests the guard's negation in its false condition (+3 at most).
    """
    false = expression_count(_guarded("g", _false(tree))) + (3 if isinstance(tree, And) else 0)
    return max(expression_count(_guarded("g", _true(tree))), false)


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


def capacity_problems(program: Program) -> list[tuple[str | None, str]]:
    """What in ``program`` durable_rules 2.0.28 cannot hold, as compiled here: (rule ID or
    ``None`` for the whole catalogue, message)."""
    plan = layout(program)
    problems: list[tuple[str | None, str]] = []
    for index, group in enumerate(plan.groups):
        for rule in group:
            conditions = _conditions(rule, plan.guard_of.get(rule.id))
            sizes = [expression_count(_guarded(f"ra_g{index}", c)) for c in conditions]
            if max(sizes) > MAX_EXPRESSIONS:
                problems.append((
                    rule.id,
                    f"rule {rule.id}: its condition is too complex for durable_rules "
                    f"({max(sizes)} expressions, at most {MAX_EXPRESSIONS}); split it into two rules",
                ))
    most = max((len(batch) for batches in plan.keys for batch in batches), default=0)
    names = {k.name for k in program.keys}
    # One fact carries the facts the rules read, its stratum's group keys, and ra_stratum, sid, id.
    if (size := len(names) + most + 3) > MAX_PROPERTIES:
        problems.append((
            None,
            f"a fact would carry {size} attributes for durable_rules ({len(names)} facts the rules read, "
            f"{most} group keys, 3 for bookkeeping), at most {MAX_PROPERTIES}",
        ))
    problems += [
        (None, f"fact names {a!r} and {b!r} share a 32-bit hash in durable_rules; rename one trait")
        for a, b in check_attribute_names(names | {k for batches in plan.keys for b in batches for k in b})
    ]
    return problems


@dataclass(frozen=True)
class _Guard:
    """A test several rules of one stratum start with (``kinds contains canteen_short_supply``).

    When it is false, one durable rule records all of them false at once, instead of one
    firing each: a canteen project then pays for the canteen rules, not for every theme's.
    """

    key: str  # the group key of the stratum's guard rules
    test: Cmp
    members: tuple[str, ...]


@dataclass(frozen=True)
class _Layout:
    groups: tuple[tuple[CompiledRule, ...], ...]  # with their keys ra_g0, ra_g1…
    guards: tuple[_Guard, ...]
    guard_of: dict[str, Cmp]  # rule ID → the guard it shares
    keys: tuple[tuple[dict[str, int], ...], ...]  # per stratum, the group keys of each of its facts


def _guards(program: Program) -> dict[str, Cmp]:
    counts = Counter(
        (rule.stratum, item)
        for rule in program.rules()
        if isinstance(rule.tree, And)
        for item in set(rule.tree.items)
        if isinstance(item, Cmp)
    )
    chosen: dict[str, Cmp] = {}
    for rule in program.rules():
        if isinstance(rule.tree, And):
            shared = [i for i in rule.tree.items if isinstance(i, Cmp) and counts[(rule.stratum, i)] >= 2]
            shared.sort(key=lambda c: c.key.kind != "contains")  # theme guards first
            if shared:
                chosen[rule.id] = shared[0]
    return chosen


def layout(program: Program) -> _Layout:
    packed = groups(program)
    guard_of = _guards(program)
    names: list[list[str]] = [[] for _ in program.strata]
    for index, group in enumerate(packed):
        names[group[0].stratum].append(f"ra_g{index}")
    guards: list[_Guard] = []
    for stratum, rules in enumerate(program.strata):
        members: dict[Cmp, list[str]] = {}
        for rule in rules:
            if rule.id in guard_of:
                members.setdefault(guard_of[rule.id], []).append(rule.id)
        if members:
            key = f"ra_g{len(packed) + stratum}"
            names[stratum].append(key)
            guards += [_Guard(key, test, tuple(ids)) for test, ids in members.items()]
    keys = tuple(
        tuple({k: 1 for k in ks[i : i + MAX_GROUPS]} for i in range(0, len(ks), MAX_GROUPS)) or ({},)
        for ks in names
    )
    return _Layout(tuple(tuple(g) for g in packed), tuple(guards), guard_of, keys)


def _false_unless_guard_false(tree: And, guard: Cmp) -> Json:
    """False, when the guard is not itself false (that case is the guard rule's)."""
    items = list(tree.items)
    items.remove(guard)
    rest: Cond = items[0] if len(items) == 1 else And(tuple(items))
    guard_not_false = {"$or": [{"$nex": {guard.key.name: 1}}, _leaf(guard, guard.op)]}
    return {"$and": [guard_not_false, _false(rest)]}


def _conditions(rule: CompiledRule, guard: Cmp | None) -> tuple[Json, Json]:
    """The durable conditions for *true* and *false* of ``rule``, before its group test."""
    if guard is not None and isinstance(rule.tree, And):
        return _true(rule.tree), _false_unless_guard_false(rule.tree, guard)
    return _true(rule.tree), _false(rule.tree)


def compile_ruleset(program: Program, record: Any, plan: _Layout | None = None) -> Json:
    """The durable_rules ruleset for ``program``; actions call ``record(rule_ids, value)``."""
    plan = plan or layout(program)

    def action(rule_ids: tuple[str, ...], value: bool) -> Any:
        def run(c: Any) -> None:
            record(rule_ids, value)

        return run

    rules: Json = {}
    for index, group in enumerate(plan.groups):
        key = f"ra_g{index}"
        for rule in group:
            true, false = _conditions(rule, plan.guard_of.get(rule.id))
            rules[f"{rule.id}|T"] = {"all": [{"m": _guarded(key, true)}], "run": action((rule.id,), True)}
            rules[f"{rule.id}|F"] = {"all": [{"m": _guarded(key, false)}], "run": action((rule.id,), False)}
    for number, guard in enumerate(plan.guards):
        rules[f"ra|guard{number}"] = {
            "all": [{"m": _guarded(guard.key, _false(guard.test))}],
            "run": action(guard.members, False),
        }
    rules["ra|catch-all"] = {"all": [{"m": {"$ex": {"ra_stratum": 1}}}], "run": lambda c: None, "pri": 65535}
    return rules


# ---------------------------------------------------------------------------- host and sessions


def _make_host() -> Any:
    class QuietHost(_durable.Host):  # type: ignore[misc]  # durable is untyped: Host is Any
        def _run(self) -> None:
            """No timer threads: they run other sessions' actions (issues #291, #292)."""

    return QuietHost()


_DEFERRED = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM while durable runs its actions (only Python's main thread gets them)."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class _Session:
    def __init__(self, engine: DurableEngine, program: Program, ruleset: str, sid: str) -> None:
        self._engine = engine
        self._program = program
        self._ruleset = ruleset
        self._sid = sid

    def evaluate(self, stratum: int, facts: Mapping[str, Scalar]) -> Verdicts:
        engine = self._engine
        engine._verdicts = {}
        for batch in self._engine._group_keys[self._program.name][stratum]:
            fact = dict(facts)
            fact["sid"] = self._sid
            fact["ra_stratum"] = stratum
            fact.update(batch)
            try:
                with _signals_deferred():
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
        self._group_keys: dict[str, list[tuple[dict[str, int], ...]]] = {}
        self._verdicts: Verdicts = {}
        self._counter = 0

    def _record(self, rule_ids: tuple[str, ...], value: bool) -> None:
        for rule_id in rule_ids:
            self._verdicts[rule_id] = value

    def _ruleset(self, program: Program) -> str:
        name = self._rulesets.get(program.name)
        if name is None:
            if self._host is None:
                self._host = _make_host()
            name = "ra_" + hashlib.sha256(program.name.encode()).hexdigest()[:16]
            plan = layout(program)
            definition = compile_ruleset(program, self._record, plan)
            self._group_keys[program.name] = list(plan.keys)
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
                # a session that never got a fact has no state to delete
                with suppress(Exception):
                    self._host.delete_state(ruleset, sid)

