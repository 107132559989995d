"""Portfolios: many projects at once, from a folder, JSON Lines or a platform export.

::

    importers/   source → Record stream (one module per source, detection in __init__)
    runner.py    diagnose_many: projects → diagnoses, in order, on N processes
    summary.py   the streaming tally and its text form
    formats.py   jsonl / csv / markdown / html writers
    batch.py     the pipeline behind ``risk-advisor batch``
    project_files.py  records → one project description file per row (``risk-advisor import``)
"""

from .batch import run_batch
from .importers import IMPORTERS, ColumnProblem, Imported, Record, Rejected, Skipped, detect, read_sources
from .runner import diagnose_many
from .summary import PortfolioSummary, Tally

__all__ = [
    "IMPORTERS",
    "ColumnProblem",
    "Imported",
    "PortfolioSummary",
    "Record",
    "Rejected",
    "Skipped",
    "Tally",
    "detect",
    "diagnose_many",
    "read_sources",
    "run_batch",
]
