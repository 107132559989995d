"""A project's ``acknowledged_risks``, checked against the catalogue.

An entry names the risk it accepts by the risk's ID (``no-technical-lookout``) or by the ID of
a rule that reports it (``GOV-CITIZEN-NO-LOOKOUT``, what the reports show next to each
finding); a rule ID stands for its risk. Anything else is an error — located at the entry,
with the closest ID as a suggestion — and so is a risk accepted twice: an acknowledgement
must never silently do nothing.
"""

from __future__ import annotations

from ._located import Located
from .catalogue.model import Catalogue
from .errors import Problem, ProjectError
from .model.project import AcknowledgedRisk, Project

__all__ = ["resolve_acknowledgements"]


def _suggestion(written: str, cat: Catalogue) -> str:
    ids = sorted({*cat.risks, *cat.rules})
    by_lower = {i.lower(): i for i in ids}
    import difflib  # on first use: only a mistake needs a suggestion
    close = difflib.get_close_matches(written.lower(), list(by_lower), n=1, cutoff=0.6)
    if close:
        return f"did you mean `{by_lower[close[0]]}`? (a risk ID, or the rule ID the report shows)"
    return "write a risk ID or the rule ID the report shows next to the finding (`risk-advisor rules list`)"


def resolve_acknowledgements(
    cat: Catalogue, project: Project, *, file: str | None = None, located: Located | None = None
) -> dict[str, AcknowledgedRisk]:
    """Risk ID → its acknowledgement, in the file's order; raises :class:`ProjectError` listing
    every entry that names neither a risk nor a rule of ``cat``, and every risk accepted twice."""
    resolved: dict[str, AcknowledgedRisk] = {}
    first_at: dict[str, int] = {}
    problems: list[Problem] = []

    def problem(index: int, message: str, hint: str) -> Problem:
        path = ("acknowledged_risks", index, "risk")
        pos = (located.values.get(path) or located.where(path)) if located is not None else None
        line, column = pos or (None, None)
        return Problem(message, file=file, line=line, column=column, path=f"acknowledged_risks[{index}].risk",
                       hint=hint)

    for index, ack in enumerate(project.acknowledged_risks):
        if ack.risk in cat.risks:
            risk_id = ack.risk
        elif ack.risk in cat.rules:
            risk_id = cat.rules[ack.risk].risk
        else:
            message = f"`{ack.risk}` is neither a risk ID nor a rule ID"
            problems.append(problem(index, message, _suggestion(ack.risk, cat)))
            continue
        if risk_id in resolved:
            earlier = project.acknowledged_risks[first_at[risk_id]].risk
            problems.append(problem(
                index, f"the risk `{risk_id}` is already acknowledged (as `{earlier}`)", "keep one of the two entries"
            ))
            continue
        resolved[risk_id], first_at[risk_id] = ack, index
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        raise ProjectError(f"{file or '<input>'}: invalid acknowledged risks ({count})", problems)
    return resolved
