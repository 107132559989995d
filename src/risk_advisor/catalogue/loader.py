"""Load rule folders into one checked, compiled :class:`Catalogue` — or fail loudly.

Every problem found is reported (not just the first), each with its file, line, the item's ID
and a suggestion: a YAML or schema error, a duplicate ID, a dangling reference, a condition
that does not parse or names an unknown trait, a cycle among compound rules or causal links.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .._yaml import Located, YamlProblem, load_yaml
from ..engines.durable import MAX_EXPRESSIONS, capacity_problems, oversized
from ..engines.interface import CompiledRule, Program
from ..errors import CatalogueError, Problem
from ..model.project import Project
from .cache import cached
from .conditions import CompiledCondition, ConditionError, compile_condition
from .model import Catalogue, Example, Rule, RuleFile

__all__ = ["MAX_RULE_FILE_BYTES", "builtin_rules_dir", "load_catalogue", "subset"]

MAX_RULE_FILE_BYTES = 5 * 1024 * 1024
_SECTIONS = ("risks", "rules", "remedies", "success_factors", "seeds")
_SINGULAR = {
    "risks": "risk",
    "rules": "rule",
    "remedies": "remedy",
    "success_factors": "success factor",
    "seeds": "seed",
}


def builtin_rules_dir() -> Path:
    """The shipped catalogue: inside the installed package, or ``rules/`` in a source tree."""
    packaged = resources.files("risk_advisor") / "_builtin_rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "rules"


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self, message: str, file: str | None = None, pos: tuple[int, int | None] | None = None, **kw: Any
    ) -> None:
        line, col = pos if pos else (None, None)
        self.problems.append(Problem(message, file=file, line=line, column=col, **kw))


def _read(path: Path, out: _Collector) -> tuple[RuleFile, Located] | None:
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        out.add(f"cannot read the rule file: {exc.strerror or exc}", name)
        return None
    if len(raw) > MAX_RULE_FILE_BYTES:
        out.add(f"rule file larger than {MAX_RULE_FILE_BYTES // (1024 * 1024)} MiB", name, hint="split it")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        out.add(f"not UTF-8 text (byte {exc.start})", name, hint="save the file as UTF-8")
        return None
    try:
        located = load_yaml(text)
    except YamlProblem as exc:
        out.add(exc.message, name, (exc.line, exc.column) if exc.line else None, hint=exc.hint)
        return None
    if located.data is None:
        return RuleFile(), located
    if not isinstance(located.data, dict):
        out.add("a rule file is a mapping with sections such as `rules:` and `risks:`", name, (1, 1))
        return None
    try:
        return RuleFile.model_validate(located.data), located
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            hint = None
            if err["type"] == "extra_forbidden" and len(loc) >= 1:
                known = list(RuleFile.model_fields) if len(loc) == 1 else []
                close = difflib.get_close_matches(str(loc[-1]), known, n=1)
                hint = f"did you mean `{close[0]}`?" if close else None
            out.add(_explain(err), name, located.where(loc), path=".".join(str(p) for p in loc), hint=hint)
        return None


def _explain(err: Any) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown key"
    if err["type"] == "missing":
        return "required key missing"
    return str(err["msg"])


def _files(directory: Path, out: _Collector) -> list[Path]:
    if not directory.is_dir():
        out.add("rule folder not found (or not a folder)", str(directory))
        return []
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_catalogue(*extra_rule_dirs: str | Path, builtin: bool = True) -> Catalogue:
    """The built-in catalogue plus the rules of ``extra_rule_dirs``, checked and compiled.

    With ``builtin=False`` only ``extra_rule_dirs`` are read; the first must then hold the
    ``catalogue:`` section (version and title), as the built-in ``rules/catalogue.yaml`` does.
    """
    extra = tuple(Path(d).resolve() for d in extra_rule_dirs)
    if not builtin:
        if not extra:
            raise CatalogueError("no rule folder given", [])
        return _load(extra)
    dirs = (builtin_rules_dir(), *extra)
    # The built-in catalogue is compiled once per process; user folders are re-read each
    # time, so that a rule author's edits show up without restarting a long-lived process.
    return _load_builtin() if len(dirs) == 1 else _load(dirs)


@cache
def _load_builtin() -> Catalogue:
    return _load((builtin_rules_dir(),))


def _load(dirs: tuple[Path, ...]) -> Catalogue:
    files = [p for d in dirs if d.is_dir() for p in _files(d, _Collector())]
    return cached(files, lambda: _compile(dirs))


def _compile(dirs: tuple[Path, ...]) -> Catalogue:
    out = _Collector()
    items: dict[str, dict[str, Any]] = {s: {} for s in _SECTIONS}
    origins: dict[str, str] = {}
    where: dict[str, _Where] = {}
    info = None
    digest = hashlib.sha256()
    for index, directory in enumerate(dirs):
        for path in _files(directory, out):
            read = _read(path, out)
            if read is None:
                continue
            rule_file, located = read
            name = str(path)
            if index > 0:
                digest.update(path.read_bytes())
                for forbidden in ("catalogue", "seeds"):
                    if getattr(rule_file, forbidden):
                        out.add(
                            f"`{forbidden}:` belongs to the built-in catalogue only",
                            name,
                            located.where((forbidden,)),
                        )
            if rule_file.catalogue is not None:
                info = rule_file.catalogue
            for section in _SECTIONS:
                for i, item in enumerate(getattr(rule_file, section)):
                    key = f"{_SINGULAR[section]}:{item.id}"
                    pos = located.where((section, i, "id"))
                    if item.id in items[section]:
                        first_file, first_pos = where[key].at()
                        line = f":{first_pos[0]}" if first_pos else ""
                        out.add(
                            f"duplicate {_SINGULAR[section]} ID {item.id!r}, first defined in {first_file}{line}",
                            name,
                            pos,
                            hint="IDs are unique across every rule folder: rename one",
                        )
                        continue
                    items[section][item.id] = item
                    origins[key] = name
                    where[key] = _Where(name, located, (section, i))
    if info is None and not out.problems:
        out.add("no `catalogue:` section (version and title) in the built-in rules", str(dirs[0]))
    compiled = _check(items, where, out)
    if not out.problems:  # the graph checks assume every reference resolves
        from ..graph.checks import check_items

        out.problems.extend(check_items(items, lambda key: where[key].at()))
    if out.problems:
        raise CatalogueError(f"the rule catalogue has {len(out.problems)} problem(s)", out.problems)
    assert info is not None
    version = info.version + (f"+{digest.hexdigest()[:8]}" if len(dirs) > 1 else "")
    program = _program(items["rules"], compiled)
    # The limits of durable_rules 2.0.28 are checked even where it is not installed, so that
    # a catalogue written on Python 3.13 still runs on 3.11.
    limits = [Problem(message, file=str(dirs[-1])) for message in capacity_problems(program)]
    if limits:
        raise CatalogueError("the rule catalogue exceeds what durable_rules can hold", limits)
    return Catalogue(
        version=version,
        title=info.title,
        seeds=items["seeds"],
        risks=items["risks"],
        rules=items["rules"],
        remedies=items["remedies"],
        success_factors=items["success_factors"],
        origins=origins,
        program=program,
    )


@dataclass(frozen=True)
class _Where:
    """Where an item was defined: its file, and its place in that file's YAML."""

    file: str
    located: Located
    path: tuple[str | int, ...]

    def at(self, field: str = "id") -> tuple[str, tuple[int, int] | None]:
        return self.file, self.located.where((*self.path, field))


def _check(
    items: dict[str, dict[str, Any]],
    where: dict[str, _Where],
    out: _Collector,
) -> dict[str, CompiledCondition]:
    risks, rules = items["risks"], items["rules"]
    remedies, factors, seeds = items["remedies"], items["success_factors"], items["seeds"]

    def ref(kind: str, owner_key: str, ids: Iterable[str], pool: dict[str, Any], what: str) -> None:
        file, pos = where[owner_key].at()
        for item_id in ids:
            if item_id not in pool:
                close = difflib.get_close_matches(item_id, list(pool), n=1)
                hint = f"did you mean `{close[0]}`?" if close else f"define it under `{kind}:` in a rule file"
                out.add(f"{owner_key} refers to unknown {what} {item_id!r}", file, pos, hint=hint)

    def sources(owner_key: str, item: Any) -> None:
        ref("seeds", owner_key, [s.ref for s in item.sources if s.kind == "seed"], seeds, "seed item")

    compiled: dict[str, CompiledCondition] = {}
    for rule in rules.values():
        key = f"rule:{rule.id}"
        ref("risks", key, [rule.risk], risks, "risk")
        ref("remedies", key, rule.remedies, remedies, "remedy")
        ref("success_factors", key, rule.success_factors, factors, "success factor")
        sources(key, rule)
        file, pos = where[key].at("when")
        try:
            compiled[rule.id] = condition = compile_condition(rule.when)
        except ConditionError as exc:
            col = f" at column {exc.column} of the condition" if exc.column else ""
            out.add(f"{key}: `when` {exc.message}{col}", file, pos, hint=exc.hint)
            continue
        ref("risks", key, sorted(condition.risk_refs), risks, "risk in risk(…)")
        if (size := oversized(condition.tree)) > MAX_EXPRESSIONS:
            out.add(
                f"{key}: `when` is too complex for durable_rules ({size} expressions, at most {MAX_EXPRESSIONS})",
                file,
                pos,
                hint="split it into two rules revealing the same risk, or simplify `in [...]` lists",
            )
        _check_examples(rule, file, pos, out)
    for risk in risks.values():
        ref("risks", f"risk:{risk.id}", risk.leads_to, risks, "risk in leads_to")
        sources(f"risk:{risk.id}", risk)
    for remedy in remedies.values():
        sources(f"remedy:{remedy.id}", remedy)
    for factor in factors.values():
        ref("risks", f"success factor:{factor.id}", factor.prevents, risks, "risk in prevents")
        sources(f"success factor:{factor.id}", factor)
    _check_cycles(rules, compiled, risks, where, out)
    return compiled


def _check_examples(rule: Rule, file: str, pos: tuple[int, int] | None, out: _Collector) -> None:
    groups: dict[str, tuple[Example, ...]] = {
        "triggers": rule.examples.triggers,
        "does_not_trigger": rule.examples.does_not_trigger,
        "undecided": rule.examples.undecided,
    }
    for group, examples in groups.items():
        for example in examples:
            try:
                example_project(example)
            except ValidationError as exc:
                first = exc.errors()[0]
                loc = ".".join(str(p) for p in first["loc"])
                out.add(
                    f"rule:{rule.id} example {example.name!r} ({group}) is not a valid project: "
                    f"{_explain(first)} at `{loc}`",
                    file,
                    pos,
                )


def example_project(example: Example) -> Project:
    return Project.model_validate({"name": example.name, **example.project})


def _check_cycles(
    rules: dict[str, Rule],
    compiled: dict[str, CompiledCondition],
    risks: dict[str, Any],
    where: dict[str, _Where],
    out: _Collector,
) -> None:
    revealing: dict[str, list[str]] = {}
    for rule in rules.values():
        revealing.setdefault(rule.risk, []).append(rule.id)
    for rule_id, cond in compiled.items():
        for risk_id in sorted(cond.risk_refs):
            if risk_id in risks and risk_id not in revealing:
                file, pos = where[f"rule:{rule_id}"].at("when")
                out.add(f"rule:{rule_id} uses risk({risk_id}), which no rule reveals", file, pos)
    depends = {
        rid: sorted({r for risk in c.risk_refs for r in revealing.get(risk, [])}) for rid, c in compiled.items()
    }
    cycle = _find_cycle(depends)
    if cycle:
        file, pos = where[f"rule:{cycle[0]}"].at("when")
        out.add(
            "compound rules form a cycle: " + " → ".join(cycle),
            file,
            pos,
            hint="a rule cannot depend, through risk(…), on a risk it reveals itself",
        )
    leads = {rid: sorted(r.leads_to) for rid, r in risks.items()}
    cycle = _find_cycle(leads)
    if cycle:
        file, pos = where[f"risk:{cycle[0]}"].at("leads_to")
        out.add("`leads_to` links form a cycle: " + " → ".join(cycle), file, pos, hint="causal links must be acyclic")


def _find_cycle(edges: dict[str, list[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in edges.get(node, []):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def _program(rules: dict[str, Rule], compiled: dict[str, CompiledCondition]) -> Program:
    revealing: dict[str, list[str]] = {}
    for rule in rules.values():
        revealing.setdefault(rule.risk, []).append(rule.id)
    stratum: dict[str, int] = {}

    def level(rule_id: str) -> int:
        if rule_id not in stratum:
            deps = [r for risk in compiled[rule_id].risk_refs for r in revealing.get(risk, [])]
            stratum[rule_id] = 1 + max((level(d) for d in deps), default=-1)
        return stratum[rule_id]

    for rule_id in sorted(compiled):
        level(rule_id)
    depth = max(stratum.values(), default=-1) + 1
    strata: list[list[CompiledRule]] = [[] for _ in range(depth)]
    digest = hashlib.sha256()
    for rule_id in sorted(compiled):
        cond = compiled[rule_id]
        strata[stratum[rule_id]].append(
            CompiledRule(rule_id, rules[rule_id].risk, cond.tree, cond.keys, stratum[rule_id])
        )
        digest.update(f"{rule_id}\0{rules[rule_id].risk}\0{cond.source}\0".encode())
    return Program(digest.hexdigest(), tuple(tuple(s) for s in strata))


def subset(catalogue: Catalogue, rule_ids: Iterable[str]) -> Catalogue:
    """The catalogue restricted to ``rule_ids`` and the rules their ``risk(…)`` need."""
    wanted: set[str] = set()
    pending = list(rule_ids)
    compiled = {r.id: r for r in catalogue.program.rules()}
    while pending:
        rule_id = pending.pop()
        if rule_id in wanted:
            continue
        wanted.add(rule_id)
        for key in compiled[rule_id].keys:
            if key.kind == "risk":
                pending.extend(r.id for r in catalogue.rules_revealing(key.path))
    rules = {rid: catalogue.rules[rid] for rid in sorted(wanted)}
    conditions = {
        rid: CompiledCondition(rules[rid].when, compiled[rid].tree, compiled[rid].keys,
                               frozenset(k.path for k in compiled[rid].keys if k.kind == "risk"))
        for rid in rules
    }
    return replace(catalogue, rules=rules, program=_program(rules, conditions))
