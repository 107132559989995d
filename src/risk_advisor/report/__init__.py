"""Diagnosis → text for people and programs. One module per format."""

from __future__ import annotations

from ..diagnosis import Diagnosis

__all__ = ["FORMATS", "render"]

FORMATS = ("text", "json")


def render(diagnosis: Diagnosis, fmt: str, *, color: bool = False) -> str:
    if fmt == "json":
        return diagnosis.to_json()
    if fmt == "text":
        from .text import render_text

        return render_text(diagnosis, color=color)
    raise ValueError(f"unknown format {fmt!r}")
