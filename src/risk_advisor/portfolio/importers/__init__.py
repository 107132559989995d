"""Portfolio sources → :class:`Record` streams. One module per source format.

Detection (:func:`detect`), unless the format is named: a folder is a folder of project files;
``.jsonl``/``.ndjson`` is JSON Lines; a ``.csv`` (or ``.txt``) is recognised by its header —
Paris ``bp_projets_gagnants``, CONSUL's admin CSV (any known locale) or ``budget_investments``
columns, Decidim proposals or budget projects; a ``.json`` by its content — CONSUL's API answer
or a Decidim JSON export. Anything else is refused with the list of formats.

Dated exports (:class:`~.dates.DatedImporter`, Paris today) count months *as of* a date:
:func:`export_as_of` reads the date the inputs themselves speak for, and :func:`read_sources`
takes the date to count at, so a run never depends on the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ...errors import Problem, ProjectError
from .consul import ConsulImporter
from .consul_api import investment_nodes, load_json
from .dates import DatedImporter
from .decidim import DecidimImporter, decidim_objects
from .folder import FolderImporter
from .interface import ColumnProblem, Imported, Importer, Record, Rejected, Skipped, csv_header
from .jsonl import JsonlImporter
from .paris import ParisImporter

__all__ = [
    "IMPORTERS",
    "ColumnProblem",
    "DatedImporter",
    "Imported",
    "Importer",
    "Record",
    "Rejected",
    "Skipped",
    "detect",
    "export_as_of",
    "read_sources",
]

IMPORTERS: dict[str, Importer] = {
    i.name: i for i in (FolderImporter(), JsonlImporter(), ParisImporter(), ConsulImporter(), DecidimImporter())
}
_CSV_IMPORTERS = ("paris", "consul", "decidim")
_HINT = "name the format with --from " + "|".join(IMPORTERS)


def _fail(path: Path, message: str, hint: str | None = _HINT) -> ProjectError:
    return ProjectError(f"{path}: {message}", [Problem(message, file=str(path), hint=hint)])


def detect(path: Path) -> str:
    """The name of the importer for ``path``; raises :class:`ProjectError` when unsure."""
    if path.is_dir():
        return "folder"
    if not path.exists():
        raise _fail(path, "no such file or folder", "check the path")
    if not path.is_file():
        raise _fail(path, "not a regular file", "give a file or a folder")
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json":
        return _detect_json(path)
    if suffix in (".csv", ".txt"):
        header = csv_header(path)
        for name in _CSV_IMPORTERS:
            if IMPORTERS[name].sniff(header):
                return name
        shown = ", ".join(header[:6]) + ("…" if len(header) > 6 else "")
        raise _fail(path, f"unknown CSV export (columns: {shown or 'none'})")
    raise _fail(path, f"unknown input format `{suffix or 'no extension'}`")


def _detect_json(path: Path) -> str:
    document = load_json(path)
    if next(investment_nodes(document), None) is not None:
        return "consul"
    if decidim_objects(document):
        return "decidim"
    raise _fail(path, "unknown JSON export (neither CONSUL investments nor a Decidim export)")


def export_as_of(paths: Sequence[str | Path], formats: Sequence[str]) -> dt.date | None:
    """The latest date the dated inputs speak for (each read as its format), None without one.

    A batch over several exports counts them all at that one date, so that the portfolio is a
    single picture.
    """
    dates: list[dt.date] = []
    for raw, name in zip(paths, formats, strict=True):
        importer = IMPORTERS.get(name)
        if isinstance(importer, DatedImporter) and Path(raw).is_file() and (day := importer.export_date(Path(raw))):
            dates.append(day)
    return max(dates, default=None)


def read_sources(
    paths: Iterable[str | Path], fmt: str | None = None, as_of: dt.date | None = None
) -> Iterator[Record]:
    """Every record of every source, in order. Each source is detected (or read as ``fmt``)
    when its turn comes, so a bad later input fails only after the earlier ones are done —
    the CLI checks them all up front with :func:`detect`. Dated exports count their months at
    ``as_of`` (None: each export's own date, see :func:`export_as_of`)."""
    for raw in paths:
        path = Path(raw)
        name = fmt or detect(path)
        if name not in IMPORTERS:
            raise _fail(path, f"unknown format `{name}`")
        if name == "folder" and not path.is_dir():
            raise _fail(path, "not a folder", None)
        if name != "folder" and not path.is_file():
            raise _fail(path, "no such file", "check the path")
        importer = IMPORTERS[name]
        if isinstance(importer, DatedImporter):
            yield from importer.read_as_of(path, as_of)
        else:
            yield from importer.read(path)
