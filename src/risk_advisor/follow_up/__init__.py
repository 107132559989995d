"""Following a project through time: what changed between two diagnoses (``compare``)."""

from .compare import Comparison, compare

__all__ = ["Comparison", "compare"]
