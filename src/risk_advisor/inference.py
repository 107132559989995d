"""Facts → verdicts: drive an engine through the catalogue's strata (forward chaining).

Stratum 0 holds the rules over project traits; stratum k the rules that name, with
``risk(…)``, risks revealed in lower strata. After each stratum, a risk is *found* if a rule
revealing it is true, *absent* if every rule revealing it was decided false, and *unknown*
otherwise; the next stratum sees it as the fact ``risk__<id>`` (missing when unknown). Chains
terminate because the loader refuses cycles.
"""

from __future__ import annotations

import threading
import warnings
from dataclasses import dataclass, field

from .catalogue.model import Catalogue
from .catalogue.tree import Key
from .engines.interface import Engine, Program
from .engines.python import PythonEngine
from .errors import EngineError
from .facts import FactBuilder, Facts, risk_facts
from .logic import deciding
from .model.project import Project

__all__ = ["ENGINES", "EngineFallbackWarning", "Inference", "deciding_traits", "get_engine", "infer"]

ENGINES = ("durable", "python")


class EngineFallbackWarning(UserWarning):
    """durable_rules is unavailable here; the plain-Python engine runs instead."""


@dataclass
class Inference:
    facts: Facts  # every fact the rules saw, risk facts included
    true: list[str] = field(default_factory=list)  # rule IDs whose condition held, in stratum order
    undecided: list[str] = field(default_factory=list)  # rule IDs neither true nor false


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()
_drivers: dict[str, _Driver] = {}


def fallback_notice() -> str | None:
    """The one-line notice shown when the durable engine is asked for but cannot run."""
    from .engines import durable

    if durable.available():
        return None
    return f"notice: durable_rules is unavailable ({durable.IMPORT_ERROR}); using the python engine"


def get_engine(name: str = "durable") -> Engine:
    """The process-wide engine ``name``; ``durable`` falls back to ``python`` where it cannot import."""
    if name not in ENGINES:
        raise EngineError(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}")
    with _engines_lock:
        if name == "durable" and fallback_notice():
            if "durable" not in _engines:
                warnings.warn(fallback_notice() or "", EngineFallbackWarning, stacklevel=3)
            _engines["durable"] = _engines.get("python") or PythonEngine()
        if name not in _engines:
            if name == "durable":
                from .engines.durable import DurableEngine

                _engines[name] = DurableEngine()
            else:
                _engines[name] = PythonEngine()
        return _engines[name]


@dataclass(frozen=True)
class _Driver:
    """What :func:`infer` needs of a program besides the engine, worked out once per program."""

    builder: FactBuilder
    refs: tuple[tuple[Key, ...], ...]  # per stratum, the risk(…) keys its rules read
    fresh: tuple[dict[str, bool], ...]  # per stratum, risk → False for the risks no lower stratum reveals
    risk_of: dict[str, str]  # rule ID → the risk it reveals
    position: dict[str, int]  # rule ID → its place in stratum order


def _driver(program: Program) -> _Driver:
    driver = _drivers.get(program.name)
    if driver is None:
        rules = [r for stratum in program.strata for r in stratum]
        driver = _drivers[program.name] = _Driver(
            builder=FactBuilder(program.keys),
            refs=tuple(tuple(k for r in stratum for k in r.keys if k.kind == "risk") for stratum in program.strata),
            fresh=_fresh(program),
            risk_of={r.id: r.risk for r in rules},
            position={r.id: i for i, r in enumerate(rules)},
        )
    return driver


def _fresh(program: Program) -> tuple[dict[str, bool], ...]:
    """Per stratum, each risk it reveals that no lower stratum does, as ``risk → False``."""
    seen: set[str] = set()
    out: list[dict[str, bool]] = []
    for stratum in program.strata:
        new = [r.risk for r in stratum if r.risk not in seen]
        seen.update(new)
        out.append(dict.fromkeys(new, False))
    return tuple(out)


def infer(catalogue: Catalogue, project: Project, engine: Engine) -> Inference:
    program = catalogue.program
    driver = _driver(program)
    facts = driver.builder.build(project)
    result = Inference(facts)
    # A risk is True once one of its rules is true, None (unknown) while one is undecided and
    # none is true, False when every rule seen so far is false.
    status: dict[str, bool | None] = {}
    risk_of = driver.risk_of
    with engine.session(program) as session:
        for index in range(len(program.strata)):
            if index:
                facts.update(risk_facts(status, driver.refs[index]))
            status.update(driver.fresh[index])  # False until one of its rules says otherwise
            verdicts = session.evaluate(index, facts)  # the rules not false: True, or False when undecided
            for rule_id in sorted(verdicts, key=driver.position.__getitem__):
                risk = risk_of[rule_id]
                if verdicts[rule_id]:
                    result.true.append(rule_id)
                    status[risk] = True
                else:
                    result.undecided.append(rule_id)
                    if status.get(risk) is not True:
                        status[risk] = None
    return result


def deciding_traits(program: Program, run: Inference) -> dict[str, list[str]]:
    """For each undecided rule, the trait paths whose answers would decide it.

    Kept out of :func:`infer` (it walks the trees, and only reports need it). An unknown
    ``risk(…)`` is replaced by what would decide that risk's own undecided rules.
    """
    risk_traits: dict[str, list[str]] = {}
    out: dict[str, list[str]] = {}
    for rule_id in run.undecided:  # stratum order: a risk's rules come before its users
        rule = program.by_id[rule_id]
        traits = _traits(deciding(rule.tree, run.facts), risk_traits)
        out[rule_id] = traits
        known = risk_traits.setdefault(rule.risk, [])
        known.extend(t for t in traits if t not in known)
    return out


def _traits(keys: list[Key], risk_traits: dict[str, list[str]]) -> list[str]:
    """Trait paths that would decide, with unknown risks replaced by what would decide them."""
    out: list[str] = []
    for key in keys:
        names = risk_traits.get(key.path, []) if key.kind == "risk" else [key.question_trait]
        out.extend(n for n in names if n not in out)
    return out
