"""Load rule folders into one checked, compiled :class:`Catalogue` — or fail loudly.

Every problem found is reported (not just the first), each with its file, line, the item's ID
and a suggestion: a YAML or schema error, a duplicate ID, a dangling reference, a condition
that does not parse or names an unknown trait, a cycle among compound rules or causal links.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .._located import Located
from .._yaml import YamlProblem, load_yaml
from ..engines.durable import capacity_problems
from ..engines.interface import CompiledRule, Program
from ..errors import CatalogueError, Problem
from ._problems import Collector, Where, explain
from .cache import cached
from .model import Catalogue, Rule, RuleFile
from .tree import CompiledCondition

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
    packaged = Path(__file__).resolve().parents[1] / "_builtin_rules"  # see pyproject's force-include
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rules"


def _read(path: Path, out: Collector) -> tuple[RuleFile, Located] | None:
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
                import difflib  # on first use: only a mistake needs a suggestion
                close = difflib.get_close_matches(str(loc[-1]), known, n=1)
                hint = f"did you mean `{close[0]}`?" if close else None
            out.add(explain(err), name, located.where(loc), path=".".join(str(p) for p in loc), hint=hint)
        return None


def _files(directory: Path, out: Collector) -> list[Path]:
    if not directory.is_dir():
        out.add("rule folder not found (or not a folder)", str(directory))
        return []
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def _check_folders(dirs: tuple[Path, ...]) -> list[Path]:
    """Every rule file of ``dirs``; a folder that is missing or holds none is an error."""
    out = Collector()
    files: list[Path] = []
    for directory in dirs:
        found = _files(directory, out)
        if directory.is_dir() and not found:
            out.add("the rule folder holds no rule file (*.yaml, *.yml)", str(directory), hint="check the path")
        files += found
    if out.problems:
        raise CatalogueError(f"the rule catalogue has {len(out.problems)} problem(s)", out.problems)
    return files


def load_catalogue(*extra_rule_dirs: str | Path, builtin: bool = True) -> Catalogue:
    """The built-in catalogue plus the rules of ``extra_rule_dirs``, checked and compiled.

    With ``builtin=False`` only ``extra_rule_dirs`` are read; the first must then hold the
    ``catalogue:`` section (version and title), as the built-in ``rules/catalogue.yaml`` does.
    A folder that is missing or holds no rule file raises :class:`CatalogueError`; a folder
    named twice, or the built-in folder named again, is read once.
    """
    # A folder named twice, or the built-in one named again (`--rules rules/` in a source
    # tree), is read once: its rules are not duplicates of themselves.
    extra = tuple(dict.fromkeys(Path(d).resolve() for d in extra_rule_dirs))
    if not builtin:
        if not extra:
            raise CatalogueError("no rule folder given", [])
        return _load(extra)
    dirs = (builtin_rules_dir(), *(d for d in extra if d != builtin_rules_dir()))
    # The built-in catalogue is compiled once per process; user folders are re-read each
    # time, so that a rule author's edits show up without restarting a long-lived process.
    return _load_builtin() if len(dirs) == 1 else _load(dirs)


@cache
def _load_builtin() -> Catalogue:
    return _load((builtin_rules_dir(),))


def _load(dirs: tuple[Path, ...]) -> Catalogue:
    return cached(dirs, _check_folders(dirs), lambda: _compile(dirs))


def _compile(dirs: tuple[Path, ...]) -> Catalogue:
    # The condition compiler and the cross-item checks load only when rule files are compiled:
    # a catalogue read from the cache never needs them.
    from .checks import check

    out = Collector()
    items: dict[str, dict[str, Any]] = {s: {} for s in _SECTIONS}
    origins: dict[str, str] = {}
    where: dict[str, Where] = {}
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
                    where[key] = Where(name, located, (section, i))
    if info is None and not out.problems:
        out.add("no `catalogue:` section (version and title) in the built-in rules", str(dirs[0]))
    compiled = check(items, where, out)
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
    limits = []
    for rule_id, message in capacity_problems(program):
        file, pos = where[f"rule:{rule_id}"].at("when") if rule_id else (str(dirs[-1]), None)
        limits.append(Problem(message, file=file, line=pos[0] if pos else None, column=pos[1] if pos else None))
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
