"""Per-project rows, shared by every batch format: their cells, and the spool that holds them
until the summary is known (so a row can leave out the questions the summary asks once)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from typing import Any

from ..diagnosis import Diagnosis
from ..model.vocabulary import Level
from .scheme import question_traits
from .summary import PortfolioSummary

__all__ = ["LEVELS", "Spool", "kept_questions", "row_cells", "scheme_traits"]

LEVELS = [lv.value for lv in reversed(Level)]  # critical first
TOP_RISKS_PER_ROW = 3
SPOOL_BYTES = 8 * 2**20


class Spool:
    """JSON values written one per line to a temporary file, read back in order, once."""

    def __init__(self) -> None:
        # held open across row() calls and closed in finish(): no single block can scope it
        self.file = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+", encoding="utf-8", newline="")  # noqa: SIM115

    def write(self, value: Any) -> None:
        self.file.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n")

    def write_raw(self, line: str) -> None:
        self.file.write(line + "\n")

    def lines(self) -> Iterator[str]:
        self.file.seek(0)
        try:
            yield from (line.rstrip("\n") for line in self.file)
        finally:
            self.file.close()


def scheme_traits(summary: PortfolioSummary) -> frozenset[str]:
    return frozenset(s.trait for s in summary.scheme_questions)


def kept_questions(traits_per_question: list[list[str]], scheme: frozenset[str]) -> int:
    """How many of a row's open questions it keeps: those with a trait outside the scheme's."""
    return sum(1 for traits in traits_per_question if not scheme or not all(t in scheme for t in traits))


def row_cells(diagnosis: Diagnosis) -> tuple[list[int], str, list[str], list[list[str]]]:
    counts = [diagnosis.summary.by_level.get(Level(lv), 0) for lv in LEVELS]
    highest = diagnosis.summary.highest_level
    risks = list(dict.fromkeys(f.title for f in diagnosis.findings))[:TOP_RISKS_PER_ROW]
    questions = [list(question_traits(q)) for q in diagnosis.open_questions]
    return counts, highest.value if highest else "", risks, questions
