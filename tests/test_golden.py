"""Golden files: every format of two reference projects, in both languages, byte for byte.

The goldens live in ``tests/golden/<case>.<lang>.<format>.<ext>``; each diff was reviewed by
a person. After an intended change, regenerate them and review ``git diff tests/golden``::

    PYTHONPATH=src python -m tests.test_golden

The two cases are small projects run through the small test catalogue (``report_cases.py``)
so that the goldens do not move with the shipped catalogue; when ``cases/`` ships reviewed
black and grey cases, point ``CASES`` there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from risk_advisor.report import render
from risk_advisor.report.checklist import render_checklist

from .report_cases import CASES, LANGS, diagnosis

GOLDEN = Path(__file__).parent / "golden"
OUTPUTS = {
    "text.txt": lambda d: render(d, "text"),
    "json": lambda d: render(d, "json"),
    "md": lambda d: render(d, "markdown"),
    "html": lambda d: render(d, "html"),
    "csv": lambda d: render(d, "csv"),
    "checklist.md": lambda d: render_checklist(d, "markdown"),
    "checklist.html": lambda d: render_checklist(d, "html"),
    "checklist.csv": lambda d: render_checklist(d, "csv"),
    "checklist.json": lambda d: render_checklist(d, "json"),
}


def _expected() -> dict[Path, bytes]:
    files = {}
    for case in CASES:
        for lang in LANGS:
            d = diagnosis(case, lang)
            for suffix, make in OUTPUTS.items():
                files[GOLDEN / f"{case}.{lang}.{suffix}"] = make(d).encode("utf-8")
    return files


def regenerate() -> None:
    """Rewrite every golden file from the current code; then review ``git diff tests/golden``."""
    GOLDEN.mkdir(exist_ok=True)
    expected = _expected()
    for stale in set(GOLDEN.glob("*.*.*")) - set(expected):
        stale.unlink()
    for path, data in expected.items():
        path.write_bytes(data)
    print(f"wrote {len(expected)} golden files in {GOLDEN}")


@pytest.mark.parametrize("name", sorted(p.name for p in _expected()))
def test_output_matches_its_reviewed_golden_file(name: str) -> None:
    path = GOLDEN / name
    assert path.exists(), f"missing golden {name}: run `PYTHONPATH=src python -m tests.test_golden`"
    actual = _expected()[path]
    assert actual.decode("utf-8") == path.read_bytes().decode("utf-8"), (
        f"{name} changed: if intended, run `PYTHONPATH=src python -m tests.test_golden` and review the diff"
    )


if __name__ == "__main__":
    regenerate()
