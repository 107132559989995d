"""A rule explained for a reader: what it detects, why, what to do, where it comes from."""

from __future__ import annotations

import difflib
from typing import Any

import yaml

from .catalogue.model import Catalogue, Rule
from .errors import RiskAdvisorError
from .model.vocabulary import label

__all__ = ["describe_rule", "rule_summary"]

_H = {
    "fr": ("Risque", "Scénario noir", "Pourquoi c'est important", "Condition", "Niveau", "impact", "probabilité",
           "Phases", "Que faire", "Qui associer", "Facteurs de succès", "Sources", "Exemples qui déclenchent",
           "Exemples qui ne déclenchent pas", "Fichier"),
    "en": ("Risk", "Black scenario", "Why it matters", "Condition", "Level", "impact", "likelihood",
           "Phases", "What to do", "Whom to involve", "Success factors", "Sources", "Examples that trigger",
           "Examples that do not trigger", "File"),
}


def describe_rule(cat: Catalogue, rule_id: str, lang: str) -> str:
    rule = cat.rules.get(rule_id)
    if rule is None:
        close = difflib.get_close_matches(rule_id.upper(), list(cat.rules), n=1)
        hint = f" Did you mean {close[0]}?" if close else " `risk-advisor rules list` lists them."
        raise RiskAdvisorError(f"no rule {rule_id!r} in the catalogue.{hint}")
    h = _H[lang]
    risk = cat.risks[rule.risk]
    out = [f"{rule.id} — {rule.name}", "=" * (len(rule.id) + len(rule.name) + 3), ""]
    out += [f"{h[0]}: {risk.title.get(lang)} ({risk.id}, {risk.category})", ""]
    out += [f"{h[1]}:", f"  {risk.scenario.get(lang)}", ""]
    out += [f"{h[2]}:", f"  {rule.rationale.get(lang)}", ""]
    out += [f"{h[3]}:", f"  {' '.join(rule.when.split())}", ""]
    out += [f"{h[4]}: {label(rule.level, lang)} — {rule.score} = {h[5]} {rule.impact} × {h[6]} {rule.likelihood}"]
    out += [f"{h[7]}: {', '.join(label(p, lang) for p in rule.phases)}", ""]
    out += [f"{h[8]}:"]
    for rid in rule.remedies:
        r = cat.remedies[rid]
        out.append(f"  - {r.text.get(lang)} [{label(r.owner, lang)}; {label(r.phase, lang)}; {label(r.effort, lang)}]")
    out += ["", f"{h[9]}: {', '.join(label(s, lang) for s in rule.stakeholders)}"]
    if rule.success_factors:
        out += ["", f"{h[10]}:"]
        out += [f"  - {cat.success_factors[s].text.get(lang)}" for s in rule.success_factors]
    out += ["", f"{h[11]}: {', '.join(str(s) for s in rule.sources)}", ""]
    for title, group in ((h[12], rule.examples.triggers), (h[13], rule.examples.does_not_trigger)):
        out.append(f"{title}:")
        for ex in group:
            body = yaml.safe_dump(ex.project, allow_unicode=True, sort_keys=True, default_flow_style=True).strip()
            out.append(f"  - {ex.name}: {body}")
        out.append("")
    out.append(f"{h[14]}: {cat.origin('rule', rule.id)}")
    return "\n".join(out) + "\n"


def rule_summary(cat: Catalogue, rule: Rule, lang: str) -> dict[str, Any]:
    """One rule in a line of a listing: ID, name, risk and its title, level, score, phases, sources
    (``rules list --format json`` and the web API's ``/api/rules``)."""
    return {
        "id": rule.id,
        "name": rule.name,
        "risk": rule.risk,
        "title": cat.risks[rule.risk].title.get(lang),
        "level": rule.level.value,
        "score": rule.score,
        "phases": [p.value for p in rule.phases],
        "sources": [str(s) for s in rule.sources],
    }
