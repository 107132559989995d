"""The project-file format as a reader wants it: every trait, its question, type and values.

``risk-advisor schema --format markdown [--lang fr|en]`` prints it. Everything is read off the
project model (traits, questions, vocabularies and their labels, bounds), so a trait added to
the model appears here without an edit.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel

from ..catalogue.traits import traits
from ..interview import _fields
from ..model.project import Project, Stakeholder
from ..model.vocabulary import Role, label
from .i18n import french_typography

__all__ = ["render_schema_markdown"]

_WORDS = {
    "title": ("Format d'une description de projet", "Project description format"),
    "intro": (
        "Chaque caractéristique est facultative : une caractéristique absente est *inconnue*, jamais « non ». "
        "Les caractéristiques oui/non acceptent `oui`/`non`, `yes`/`no` et `true`/`false`. "
        "Pour remplir un fichier question par question : `risk-advisor interview FICHIER`.",
        "Every trait is optional: a missing trait is *unknown*, never \"no\". Yes/no traits accept "
        "`yes`/`no`, `true`/`false` and `oui`/`non`. To fill a file one question at a time: "
        "`risk-advisor interview FILE`.",
    ),
    "top": ("Le projet", "The project"),
    "col.path": ("Chemin", "Path"),
    "col.question": ("Question", "Question"),
    "col.type": ("Type", "Type"),
    "col.values": ("Valeurs possibles", "Allowed values"),
    "bool": ("oui / non", "yes / no"),
    "int": ("nombre entier", "whole number"),
    "float": ("nombre", "number"),
    "enum": ("un choix", "one choice"),
    "enum_list": ("liste de choix", "list of choices"),
    "text": ("texte", "text"),
    "range": ("de {low} à {high}", "from {low} to {high}"),
    "name": ("Nom du projet (obligatoire)", "Project name (required)"),
    "description": ("Description libre", "Free description"),
    "reference": ("Référence externe (plateforme, ligne d'import)", "External reference (platform, import row)"),
    "stakeholders": (
        "Liste d'acteurs : `role` (obligatoire), `name`, `phases` (liste de phases).",
        "A list of stakeholders: `role` (required), `name`, `phases` (a list of phases).",
    ),
    "acknowledged": (
        "Risques acceptés (`acknowledged_risks`) : liste de `risk` (identifiant du risque), "
        "`justification`, `owner`, `review_date` (AAAA-MM-JJ).",
        "Accepted risks (`acknowledged_risks`): a list of `risk` (risk ID), `justification`, "
        "`owner`, `review_date` (YYYY-MM-DD).",
    ),
}


def _w(key: str, lang: str, **fields: Any) -> str:
    fr, en = _WORDS[key]
    text = (en if lang == "en" else french_typography(fr)).format(**fields)
    return text


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _number(value: float | None) -> str:
    return "" if value is None else str(int(value)) if float(value).is_integer() else str(value)


def _values(path: str, lang: str) -> str:
    vocabulary: type[Enum] | None = _fields.vocabulary(path)
    if vocabulary is not None:
        return "<br>".join(f"`{m.value}` ({_cell(label(m, lang))})" for m in vocabulary)
    low, high = _fields.bounds(path) if _fields.trait_type(path) in ("int", "float") else (None, None)
    parts = []
    if low is not None and high is not None:
        parts.append(_w("range", lang, low=_number(low), high=_number(high)))
    unit = _fields.unit(path, lang)
    if unit:
        parts.append(unit)
    return ", ".join(parts)


def _block_title(model: type[BaseModel], lang: str) -> str:
    doc = (model.__doc__ or "").strip().rstrip(".")
    fr, _, en = doc.partition(" / ")
    return en if lang == "en" and en else fr


def render_schema_markdown(lang: str = "fr") -> str:
    """Every trait of the project model, grouped by block, in ``lang``."""
    known = traits()
    rows_by_block: dict[str, list[str]] = {}
    for path in _fields.model_order():
        if path == _fields.STAKEHOLDERS:
            continue
        block = path.rpartition(".")[0]
        kind = _fields.trait_type(path)
        row = (f"| `{path}` | {_cell(known[path].question(lang))} | {_w(kind, lang)} | {_values(path, lang)} |")
        rows_by_block.setdefault(block, []).append(row)
    head = [f"| {_w('col.path', lang)} | {_w('col.question', lang)} | {_w('col.type', lang)} "
            f"| {_w('col.values', lang)} |", "|---|---|---|---|"]
    out = [f"# {_w('title', lang)}", "", _w("intro", lang), "", f"## {_w('top', lang)}", ""]
    out += head
    out += [f"| `{key}` | {_w(key, lang)} | {_w('text', lang)} | |" for key in ("name", "description", "reference")]
    out += rows_by_block.pop("", [])
    out += ["", "### `stakeholders`", "", _w("stakeholders", lang), ""]
    out += head
    out.append(f"| `stakeholders[].role` | {_cell(_block_title(Stakeholder, lang))} | {_w('enum', lang)} | "
               + "<br>".join(f"`{r.value}` ({_cell(label(r, lang))})" for r in Role) + " |")
    out.append(f"| `stakeholders[].phases` | {_cell(known_question('phases', lang))} | {_w('enum_list', lang)} | "
               + _values("phase", lang) + " |")
    for name, field in Project.model_fields.items():
        if name not in rows_by_block:
            continue
        model: Any = next(a for a in getattr(field.annotation, "__args__", (field.annotation,)) if a is not type(None))
        out += ["", f"## `{name}` — {_cell(_block_title(model, lang))}", "", *head, *rows_by_block.pop(name)]
    for block, rows in rows_by_block.items():  # deeper blocks, should the model grow some
        out += ["", f"## `{block}`", "", *head, *rows]
    out += ["", "## `acknowledged_risks`", "", _w("acknowledged", lang), ""]
    return "\n".join(out)


def known_question(field: str, lang: str) -> str:
    """The question of a stakeholder's field (stakeholders are not traits of their own)."""
    extra = Stakeholder.model_fields[field].json_schema_extra
    assert isinstance(extra, dict)
    return str(extra["question_en" if lang == "en" else "question_fr"])
