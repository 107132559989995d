"""durable_rules' adapter: attribute-name hashing, expression counting, presence tests, and
durable_rules' capacity limits.

The differential tests (test_engines.py) hold durable to the Python engine on the shipped and
small catalogues; neither uses ``is known`` / ``is unknown``, and neither comes near a
capacity limit. These tests do: programs built at each limit and one past it (attributes per
fact, expressions per condition, alpha tests per group), and the keys that keep groups apart.
"""

from __future__ import annotations

import shutil
import signal
import threading
from pathlib import Path

import pytest

from risk_advisor import load_catalogue
from risk_advisor.catalogue.tree import And, Cmp, Key, Not, Or, Present
from risk_advisor.engines import durable
from risk_advisor.engines.interface import CompiledRule, Program
from risk_advisor.errors import EngineError
from risk_advisor.inference import get_engine, infer
from risk_advisor.model.project import Project

from .conftest import SMALL_RULES

# fnv1a32("fqklajgu") == fnv1a32("id"), found by a meet-in-the-middle search (FNV-1a is invertible
# byte by byte); "id" is an attribute durable_rules itself puts on every fact.
CLASHES_WITH_ID = "fqklajgu"
CLASHES_WITH_RA_STRATUM = "atgrfbfl"  # the same search; ra_stratum is the adapter's own attribute
CLASHES_WITH_SID = "apktkrcj"  # the same search; sid is durable_rules' session attribute


def test_fnv1a32_is_the_reference_hash() -> None:
    assert durable.fnv1a32("") == 0x811C9DC5
    assert durable.fnv1a32("a") == 0xE40C292C
    assert durable.fnv1a32("foobar") == 0xBF9CF968


def test_a_name_sharing_the_hash_of_a_reserved_attribute_is_a_clash() -> None:
    assert durable.fnv1a32(CLASHES_WITH_ID) == durable.fnv1a32("id")
    assert durable.check_attribute_names({CLASHES_WITH_ID}) == [(CLASHES_WITH_ID, "id")]
    assert durable.check_attribute_names({"governance__technical_lookout", "origin"}) == []


@pytest.mark.parametrize(("name", "reserved"), [(CLASHES_WITH_RA_STRATUM, "ra_stratum"), (CLASHES_WITH_SID, "sid")])
def test_a_name_sharing_the_hash_of_another_attribute_every_fact_carries_is_a_clash(name: str, reserved: str) -> None:
    assert durable.fnv1a32(name) == durable.fnv1a32(reserved)
    assert durable.check_attribute_names({name, "origin"}) == [(name, reserved)]


def _leaf(name: str) -> Cmp:
    return Cmp(Key("trait", name), "==", True)


def test_expressions_are_counted_as_durable_rules_counts_them() -> None:
    assert durable.expression_count({"x": 1}) == 1
    assert durable.expression_count({"$and": [{"x": 1}, {"$or": [{"y": 1}, {"z": 1}]}]}) == 2 + 1 + 2 + 2
    tree = And((_leaf("a"), Or((_leaf("b"), _leaf("c")))))
    # true: g and a and (b or c) → $and(2) + g + a + $or(2) + b + c; false: g and (¬a or (¬b and ¬c)) + guard 3
    assert durable.oversized(tree) == max(2 + 1 + 1 + 2 + 2, 2 + 1 + 2 + 1 + 2 + 2 + 3)


def test_a_lone_test_and_a_disjunction_take_no_guard_allowance() -> None:
    """Only a conjunction can share a guard, so only its false condition gets the +3."""
    assert durable.oversized(_leaf("a")) == 2 + 1 + 1  # $and(g, a) or $and(g, ¬a)
    # true: $and(g, $or(a, b)); false: $and(g, ¬a, ¬b), flattened
    assert durable.oversized(Or((_leaf("a"), _leaf("b")))) == max(2 + 1 + 2 + 2, 2 + 1 + 2)


def test_leaves_count_each_test_once() -> None:
    condition = {"$and": [{"x": 1}, {"$or": [{"y": 1}, {"$neq": {"z": 1}}]}]}
    assert durable._leaves(condition) == 3
    assert durable._leaves({"$ex": {"x": 1}}) == 1


@pytest.mark.parametrize("known", [True, False])
def test_presence_compiles_to_durable_existence_tests(known: bool) -> None:
    tree = Present(Key("trait", "budget"), known)
    yes, no = ("$ex", "$nex") if known else ("$nex", "$ex")
    assert durable._true(tree) == {yes: {"budget": 1}}
    assert durable._false(tree) == {no: {"budget": 1}}
    assert durable._true(Not(tree)) == durable._false(tree)


def test_comparisons_and_connectives_compile_to_durable_operators() -> None:
    a, b = Cmp(Key("trait", "n"), "<", 3), _leaf("m")
    assert durable._true(a) == {"$lt": {"n": 3}}
    assert durable._false(a) == {"$gte": {"n": 3}}
    assert durable._true(b) == {"m": True}
    assert durable._false(b) == {"$neq": {"m": True}}
    assert durable._true(And((a, b))) == {"$and": [{"$lt": {"n": 3}}, {"m": True}]}
    assert durable._false(And((a, b))) == {"$or": [{"$gte": {"n": 3}}, {"$neq": {"m": True}}]}
    assert durable._false(Or((a, b))) == {"$and": [{"$gte": {"n": 3}}, {"$neq": {"m": True}}]}


PRESENCE_RULES = """
rules:
  - id: T-BUDGET-KNOWN
    name: budget-known
    risk: no-lookout
    when: budget.investment is known and origin == citizens
    impact: 2
    likelihood: 2
    phases: [feasibility]
    rationale: {fr: Budget connu…, en: Budget known…}
    remedies: [appoint-lookout]
    stakeholders: [technical_services]
    sources: ["seed:PORTAIL-N2"]
    examples:
      triggers: [{name: known, project: {origin: citizens, budget: {investment: 5}}}]
      does_not_trigger: [{name: not known, project: {origin: citizens}}]
  - id: T-BUDGET-UNKNOWN
    name: budget-unknown
    risk: technocratic
    when: budget.investment is unknown and not (origin is unknown)
    impact: 2
    likelihood: 2
    phases: [feasibility]
    rationale: {fr: Budget inconnu…, en: Budget unknown…}
    remedies: [cross-service-team]
    stakeholders: [technical_services]
    sources: ["seed:PORTAIL-N1"]
    examples:
      triggers: [{name: unknown, project: {origin: citizens}}]
      does_not_trigger: [{name: known, project: {origin: citizens, budget: {investment: 5}}}]
"""


@pytest.mark.skipif(not durable.available(), reason="durable_rules does not import here")
@pytest.mark.parametrize(
    "project",
    [
        {"name": "a", "origin": "citizens", "budget": {"investment": 1000}},
        {"name": "b", "origin": "citizens"},
        {"name": "c", "budget": {"investment": 1000}},
        {"name": "d"},
        {"name": "e", "origin": "services", "budget": {"investment": 5}},
    ],
    ids=lambda p: p["name"],
)
def test_presence_tests_give_the_same_verdicts_in_both_engines(tmp_path: Path, project: dict[str, object]) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(SMALL_RULES, rules)
    (rules / "presence.yaml").write_text(PRESENCE_RULES, encoding="utf-8")
    catalogue = load_catalogue(rules, builtin=False)
    model = Project.model_validate(project)
    runs = [infer(catalogue, model, get_engine(engine)) for engine in ("durable", "python")]
    assert sorted(runs[0].true) == sorted(runs[1].true)
    assert sorted(runs[0].undecided) == sorted(runs[1].undecided)
    verdicts = {"T-BUDGET-KNOWN", "T-BUDGET-UNKNOWN"} & set(runs[0].true)
    if project["name"] == "a":
        assert verdicts == {"T-BUDGET-KNOWN"}
    if project["name"] == "b":
        assert verdicts == {"T-BUDGET-UNKNOWN"}


# ---- durable_rules' capacity, at and one past each limit ---------------------------------------


def _single_trait_rules(count: int) -> Program:
    """``count`` rules ``tN == true``, one trait each, in one stratum (no shared guard)."""
    keys = [Key("trait", f"t{i}") for i in range(count)]
    rules = tuple(CompiledRule(f"R-{i:03d}", "r", Cmp(k, "==", True), frozenset({k}), 0) for i, k in enumerate(keys))
    return Program(f"single-{count}", (rules,))


def test_single_trait_rules_pack_into_groups_of_eighteen() -> None:
    """A single-test rule takes two alpha tests (true and false): 18 fill a group of 36."""
    assert [len(g) for g in durable.groups(_single_trait_rules(36))] == [18, 18]
    assert [len(g) for g in durable.groups(_single_trait_rules(37))] == [18, 18, 1]


@pytest.mark.skipif(not durable.available(), reason="durable_rules does not import here")
def test_a_program_at_the_attribute_limit_runs_and_one_more_trait_is_refused_before_it_runs() -> None:
    """237 traits + 14 group keys + ra_stratum, sid and id make 254 attributes, the most a fact
    may carry in durable_rules 2.0.28 (measured: 255 is error 302)."""
    at_limit, past_limit = _single_trait_rules(237), _single_trait_rules(238)
    assert durable.capacity_problems(at_limit) == []
    facts = {f"t{i}": i % 3 == 0 for i in range(237)}
    del facts["t1"]  # one unknown: its rule is undecided
    with durable.DurableEngine().session(at_limit) as session:
        verdicts = session.evaluate(0, facts)
    assert verdicts == {f"R-{i:03d}": i != 1 for i in range(237) if i % 3 == 0 or i == 1}

    assert durable.capacity_problems(past_limit) == [(
        None,
        "a fact would carry 255 attributes for durable_rules (238 facts the rules read, 14 group keys, "
        "3 for bookkeeping), at most 254",
    )]
    refused = pytest.raises(EngineError, match=r"^durable_rules refused a fact: .*error code: 302")
    with durable.DurableEngine().session(past_limit) as session, refused:
        session.evaluate(0, {f"t{i}": True for i in range(238)})


def _sharing_a_guard(size: int) -> Program:
    """Two rules of ``size`` tests each that start with the same test (a shared guard)."""
    guard = Cmp(Key("contains", "kinds", "canteen"), "==", True)
    rules = []
    for r in range(2):
        tests = (guard, *(Cmp(Key("trait", f"r{r}t{i}"), "==", True) for i in range(size - 1)))
        rules.append(CompiledRule(f"G-{r}", "r", And(tests), frozenset(t.key for t in tests), 0))
    return Program(f"guard-{size}", (tuple(rules),))


def _lone(size: int) -> Program:
    tests = tuple(Cmp(Key("trait", f"t{i}"), "==", True) for i in range(size))
    return Program(f"lone-{size}", ((CompiledRule("L", "r", And(tests), frozenset(t.key for t in tests), 0),),))


def _too_complex(rule_id: str, size: int) -> tuple[str, str]:
    return (rule_id, f"rule {rule_id}: its condition is too complex for durable_rules "
                     f"({size} expressions, at most 31); split it into two rules")


def test_a_rule_sharing_a_guard_is_sized_with_the_guards_test() -> None:
    """n tests: false is ``g and (¬t1 or … or ¬tn)``, 5 + n expressions; a rule sharing a guard
    false only when the guard is not false, ``g and (guard unknown or guard) and (¬t2 or …)``,
    8 + n. So 26 tests fit alone, 27 do not; 23 fit with a shared guard, 24 do not."""
    assert durable.capacity_problems(_lone(26)) == []
    assert durable.capacity_problems(_lone(27)) == [_too_complex("L", 32)]
    assert durable.capacity_problems(_sharing_a_guard(23)) == []
    assert durable.capacity_problems(_sharing_a_guard(24)) == [_too_complex("G-0", 32), _too_complex("G-1", 32)]


def test_a_fact_name_sharing_a_reserved_attributes_hash_is_a_capacity_problem() -> None:
    key = Key("trait", CLASHES_WITH_ID)
    program = Program("clash", ((CompiledRule("C", "r", Cmp(key, "==", True), frozenset({key}), 0),),))
    assert durable.capacity_problems(program) == [
        (None, f"fact names {CLASHES_WITH_ID!r} and 'id' share a 32-bit hash in durable_rules; rename one trait")
    ]


def test_a_catalogue_without_rules_loads_and_diagnoses_nothing(tmp_path: Path) -> None:
    assert durable.capacity_problems(Program("empty", ())) == []
    shutil.copy(SMALL_RULES / "catalogue.yaml", tmp_path / "catalogue.yaml")
    catalogue = load_catalogue(tmp_path, builtin=False)
    assert catalogue.program.strata == ()
    assert infer(catalogue, Project.model_validate({"name": "x"}), get_engine("python")).true == []


def test_every_group_and_every_stratums_guards_have_a_key_of_their_own() -> None:
    """Two strata, each with a shared guard: the guard keys follow the group keys, one per stratum."""
    risk = Cmp(Key("risk", "no-lookout"), "==", True)
    first = _sharing_a_guard(3).strata[0]
    second = tuple(
        CompiledRule(f"S-{r}", "r", And((risk, Cmp(Key("trait", f"s{r}"), "==", True))),
                     frozenset({risk.key, Key("trait", f"s{r}")}), 1)
        for r in range(2)
    )
    plan = durable.layout(Program("two-strata", (first, second)))
    assert len(plan.groups) == 2
    assert [g.key for g in plan.guards] == ["ra_g2", "ra_g3"]
    assert plan.keys == (({"ra_g0": 1, "ra_g2": 1},), ({"ra_g1": 1, "ra_g3": 1},))


def test_without_durable_rules_the_engine_says_why() -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(durable, "_durable", None)
        patch.setattr(durable, "IMPORT_ERROR", "undefined symbol: PyEval_CallObject")
        with pytest.raises(EngineError) as caught:
            durable.DurableEngine()
    assert str(caught.value) == "durable_rules is not available: undefined symbol: PyEval_CallObject"


# ---- failures inside durable_rules, and signals while it runs ---------------------------------


@pytest.mark.skipif(not durable.available(), reason="durable_rules does not import here")
def test_a_rule_action_that_fails_is_an_engine_error_not_a_missing_verdict() -> None:
    """durable_rules swallows an action's exception into the returned state: it must surface."""
    engine = durable.DurableEngine()

    def broken(rule_ids: tuple[str, ...], value: bool) -> None:
        raise RuntimeError("disk on fire")

    engine._record = broken  # type: ignore[method-assign]  # the actions call it
    with engine.session(_single_trait_rules(3)) as session, pytest.raises(EngineError) as caught:
        session.evaluate(0, {"t0": True, "t1": False, "t2": True})
    assert str(caught.value).startswith("a rule action failed inside durable_rules: ")
    assert "disk on fire" in str(caught.value)


def _blocked() -> set[signal.Signals]:
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, []))


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no POSIX signal masks here")
def test_interrupts_wait_until_durable_rules_returns_in_the_main_thread() -> None:
    before = _blocked()
    assert not before & {signal.SIGINT, signal.SIGTERM}
    with durable._signals_deferred():
        assert _blocked() == before | {signal.SIGINT, signal.SIGTERM}
    assert _blocked() == before
    with pytest.raises(ValueError, match="raised inside"), durable._signals_deferred():
        raise ValueError("raised inside")
    assert _blocked() == before


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no POSIX signal masks here")
def test_other_threads_leave_the_signal_mask_alone() -> None:
    """Python delivers signals to the main thread only: another thread has nothing to defer."""
    seen: list[set[signal.Signals]] = []

    def work() -> None:
        before = _blocked()
        with durable._signals_deferred():
            seen.append(_blocked() - before)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [set()]


# ---- what the durable rules are made of ------------------------------------------------------


@pytest.mark.skipif(not durable.available(), reason="durable_rules does not import here")
def test_a_fact_that_decides_nothing_leaves_the_rule_undecided() -> None:
    """No rule's true or false condition matches a fact where ``t0`` is unknown; durable_rules
    refuses a fact nothing handles, so a catch-all rule must take it."""
    with durable.DurableEngine().session(_single_trait_rules(1)) as session:
        assert session.evaluate(0, {}) == {"R-000": False}
        assert session.evaluate(0, {"t0": True}) == {"R-000": True}
        assert session.evaluate(0, {"t0": False}) == {}


def test_a_rule_sharing_a_guard_is_false_only_when_the_guard_is_not() -> None:
    """``guard and t``: its own false rule matches when the guard is unknown or true and ``t``
    is false; when the guard is false, the guard's rule decides it."""
    guard_not_false = {"$or": [{"$nex": {"kinds__has__canteen": 1}}, {"kinds__has__canteen": True}]}
    (two, _), three = _sharing_a_guard(2).strata[0], _sharing_a_guard(3).strata[0][0]
    guard = two.tree.items[0]  # type: ignore[union-attr]  # an And
    assert durable._conditions(two, guard) == (
        {"$and": [{"kinds__has__canteen": True}, {"r0t0": True}]},
        {"$and": [guard_not_false, {"$neq": {"r0t0": True}}]},
    )
    assert durable._conditions(three, guard)[1] == {
        "$and": [guard_not_false, {"$or": [{"$neq": {"r0t0": True}}, {"$neq": {"r0t1": True}}]}]
    }
    assert durable._conditions(three, None)[1] == {
        "$or": [{"$neq": {"kinds__has__canteen": True}}, {"$neq": {"r0t0": True}}, {"$neq": {"r0t1": True}}]
    }


def test_a_theme_test_is_preferred_as_the_shared_guard() -> None:
    """Two rules share ``origin == citizens`` and ``kinds contains canteen``: the theme test
    guards them, so a project of another theme decides both false in one firing."""
    origin = Cmp(Key("trait", "origin"), "==", "citizens")
    canteen = Cmp(Key("contains", "kinds", "canteen"), "==", True)
    trees = [And((origin, canteen, _leaf(f"x{r}"))) for r in range(2)]
    rules = tuple(
        CompiledRule(f"T-{r}", "r", tree, frozenset(t.key for t in tree.items if isinstance(t, Cmp)), 0)
        for r, tree in enumerate(trees)
    )
    plan = durable.layout(Program("themes", (rules,)))
    assert [(g.key, g.test, g.members) for g in plan.guards] == [("ra_g1", canteen, ("T-0", "T-1"))]


def test_the_layout_is_computed_when_none_is_given() -> None:
    program = _sharing_a_guard(3)
    given = durable.compile_ruleset(program, print, durable.layout(program))
    computed = durable.compile_ruleset(program, print)
    assert list(computed) == list(given) == ["G-0|T", "G-0|F", "G-1|T", "G-1|F", "ra|guard0", "ra|catch-all"]
    assert [r["all"] for r in computed.values()] == [r["all"] for r in given.values()]


@pytest.mark.skipif(not durable.available(), reason="durable_rules does not import here")
def test_rules_sharing_a_false_guard_are_decided_by_one_firing() -> None:
    """Each firing costs two JSON round trips: when the shared test is false, the guard's rule
    records both rules false at once and their own false rules stay silent."""
    engine = durable.DurableEngine()
    fired: list[tuple[tuple[str, ...], bool]] = []
    record = engine._record

    def counting(rule_ids: tuple[str, ...], value: bool) -> None:
        fired.append((rule_ids, value))
        record(rule_ids, value)

    engine._record = counting  # type: ignore[method-assign]  # the actions call it
    facts = {"kinds__has__canteen": False, "r0t0": True, "r0t1": False, "r1t0": True, "r1t1": True}
    with engine.session(_sharing_a_guard(3)) as session:
        assert session.evaluate(0, facts) == {}
    assert fired == [(("G-0", "G-1"), False)]
    fired.clear()
    with engine.session(_sharing_a_guard(3)) as session:
        assert session.evaluate(0, {**facts, "kinds__has__canteen": True}) == {"G-1": True}
    assert sorted(fired) == [(("G-0",), False), (("G-1",), True)]
