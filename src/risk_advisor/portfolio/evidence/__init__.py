"""Evidence from the portfolio itself: delays (Kaplan–Meier), abandonments, overdue projects.

::

    survival.py  the Kaplan–Meier estimator (censoring-aware quantiles)
    collect.py   EvidenceTally: imported projects → Evidence, in memory bounded by the groups
    charts.py    the pictures (SVG, no script)
    render.py    the report sections (Markdown / HTML) and the JSON data
"""

from .collect import Evidence, EvidenceTally
from .render import Page, evidence_data, render_evidence
from .survival import Curve, kaplan_meier

__all__ = ["Curve", "Evidence", "EvidenceTally", "Page", "evidence_data", "kaplan_meier", "render_evidence"]
