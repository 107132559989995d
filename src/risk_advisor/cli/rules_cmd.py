"""`risk-advisor rules …`: commands for rule authors."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..catalogue.coverage import coverage
from ..catalogue.loader import load_catalogue
from ..inference import fallback_notice
from ..model.vocabulary import label
from ..report.i18n import t
from ..rule_docs import rule_summary
from ..rule_tests import run_examples
from ._exit import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK


@click.group("rules")
def command() -> None:
    """List, show, test the rule catalogue and check its coverage of the workshop."""


@command.command("list")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), help="An extra rule folder.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
def list_rules(rule_dirs: tuple[str, ...], fmt: str, lang: str) -> int:
    """One line per rule: ID, level, score, risk."""
    cat = load_catalogue(*rule_dirs)
    rows = [
        {**rule_summary(cat, r, lang), "file": cat.origin("rule", r.id)}
        for r in sorted(cat.rules.values(), key=lambda r: r.id)
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    levels = [label_level(r["level"], lang) for r in rows]
    head = [t(f"rules.column.{c}", lang) for c in ("id", "level", "score", "title")]
    width = max((len(r["id"]) for r in rows), default=0)
    width = max(width, len(head[0]))
    level_width = max([len(head[1]), *map(len, levels)])
    click.echo(f"{head[0]:<{width}}  {head[1]:<{level_width}}  {head[2]:>5}  {head[3]}")
    for r, level in zip(rows, levels, strict=True):
        click.echo(f"{r['id']:<{width}}  {level:<{level_width}}  {r['score']:>5}  {r['title']}")
    click.echo(t("rules.count", lang, count=len(rows), version=cat.version))
    return EXIT_OK


def label_level(level: str, lang: str) -> str:
    from ..model.vocabulary import Level

    return label(Level(level), lang)


@command.command("show")
@click.argument("rule_id")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), help="An extra rule folder.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
def show(rule_id: str, rule_dirs: tuple[str, ...], lang: str) -> int:
    """Everything about one rule, for a reader."""
    from ..rule_docs import describe_rule

    cat = load_catalogue(*rule_dirs)
    click.echo(describe_rule(cat, rule_id, lang), nl=False)
    return EXIT_OK


@command.command("test")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--engine", "engines", multiple=True, type=click.Choice(["durable", "python"]))
def test(directory: Path | None, engines: tuple[str, ...]) -> int:
    """Run every rule's examples (of DIRECTORY's rules only, when given) through both engines."""
    if notice := fallback_notice():
        click.echo(notice, err=True)
    # A folder with its own catalogue.yaml is a whole catalogue (the repository's rules/, a
    # copy of it, a test catalogue): tested alone, not on top of the installed built-in copy,
    # whose IDs it would repeat. A folder without one extends the built-in catalogue.
    whole = directory is not None and any((directory / name).is_file() for name in ("catalogue.yaml", "catalogue.yml"))
    cat = load_catalogue(*([directory] if directory else []), builtin=not whole)
    ids = None
    if directory is not None:
        ids = [rid for rid in cat.rules if Path(cat.origin("rule", rid)).parent == directory.resolve()]
        if not ids:  # "0 passed, 0 failed" would read as a success
            click.echo(f"error: {directory}: its rule files define no rule, so there is nothing to test", err=True)
            return EXIT_BAD_INPUT
    results = run_examples(cat, engines=engines or ("durable", "python"), rule_ids=ids)
    failed = [r for r in results if not r.passed]
    for r in failed:
        click.echo(f"FAIL {r.describe()}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return EXIT_FINDINGS if failed else EXIT_OK


@command.command("coverage")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def coverage_cmd(fmt: str) -> int:
    """Each workshop item → the rules that encode it; any uncovered item fails (exit 1)."""
    cat = load_catalogue()
    cov = coverage(cat)
    missing = [sid for sid, rules in cov.items() if not rules]
    if fmt == "json":
        click.echo(json.dumps(cov, indent=2))
    else:
        for sid, rules in cov.items():
            click.echo(f"{sid:<14} {', '.join(rules) if rules else 'NOT COVERED'}")
    click.echo(f"{len(cov) - len(missing)} of {len(cov)} seed items covered")
    return EXIT_FINDINGS if missing or not cov else EXIT_OK
