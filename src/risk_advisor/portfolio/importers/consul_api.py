"""CONSUL's API answer (JSON) for budget investments: what the admin CSV lacks.

CONSUL's GraphQL API (``app/graphql/types/budget_investment_type.rb``, reached through
``budget`` → ``investments`` in ``app/graphql/types/query_type.rb``) gives each investment as a
node ``{"id", "title", "description", "price", "feasibility", "location", "comments_count",
"milestones"}``, inside the usual ``data`` / ``edges`` / ``node`` wrapping. Any JSON document
is accepted — a saved GraphQL answer, a list of nodes, a database dump — and every object
holding a ``title`` and a ``feasibility`` or ``price`` is an investment, in document order;
its *row* is that position (1 for the first investment).

=============================  ================================================================
field                          trait
=============================  ================================================================
id, title, description         as the database CSV (:mod:`.consul`): ``reference``, ``name``,
                               ``description``
price                          ``budget.investment`` (whole euros; API integers)
feasibility                    ``feasible``/``unfeasible`` → ``participatory_budget.
                               feasibility_checked_before_vote: true``; ``undecided`` → note
price_first_year,              read when present (a database dump has them; the public GraphQL
unfeasibility_explanation,     type does not expose them): as the database CSV
valuation_finished
milestones                     each ``publication_date`` and ``title`` kept in the row's details
location                       kept in details
=============================  ================================================================
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ...errors import Problem, ProjectError
from .interface import Imported, Record

__all__ = ["MAX_JSON_BYTES", "investment_nodes", "load_json", "read_api_json"]

MAX_JSON_BYTES = 64 * 1024 * 1024
FIELDS = (
    "id", "title", "description", "price", "price_first_year", "feasibility",
    "unfeasibility_explanation", "valuation_finished",
)  # fmt: skip


def _fail(path: Path, message: str, hint: str | None = None) -> ProjectError:
    return ProjectError(f"{path}: {message}", [Problem(message, file=str(path), hint=hint)])


def load_json(path: Path) -> Any:
    """The JSON document of ``path``; :class:`ProjectError` when it cannot be read."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_JSON_BYTES + 1)
    except OSError as exc:
        raise _fail(path, f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > MAX_JSON_BYTES:
        raise _fail(path, f"larger than {MAX_JSON_BYTES // 2**20} MiB", "ask the API for fewer investments per page")
    if not raw.strip():
        raise _fail(path, "the file is empty")
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise _fail(path, f"not UTF-8 text (byte {exc.start + 1})", "save the answer as UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ProjectError(
            f"{path}: invalid JSON", [Problem(exc.msg, file=str(path), line=exc.lineno, column=exc.colno)]
        ) from None
    except RecursionError:
        raise _fail(path, "JSON nested too deep") from None


def _walk(document: Any, wanted: Any) -> Iterator[dict[str, Any]]:
    """Objects of ``document`` for which ``wanted(obj)`` holds, in document order, not
    looking inside them (iterative: no recursion an input could exhaust)."""
    stack: list[Any] = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if wanted(item):
                yield item
                continue
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def investment_nodes(document: Any) -> Iterator[dict[str, Any]]:
    """Every investment object of ``document``, in document order."""
    return _walk(document, lambda d: "title" in d and ("feasibility" in d or "price" in d))


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def read_api_json(path: Path) -> Iterator[Record]:
    """Every investment of a CONSUL API answer, mapped as the database CSV maps a row."""
    from .consul import database_row  # the same mapping as the database columns

    count = 0
    for count, node in enumerate(investment_nodes(load_json(path)), start=1):
        record = database_row({key: _text(node.get(key)) for key in FIELDS}, count, str(path))
        extra = [("location", _text(node["location"]))] if node.get("location") else []
        for milestone in _walk(node.get("milestones"), lambda d: "publication_date" in d):
            extra.append(("milestone", f"{_text(milestone.get('publication_date'))} {_text(milestone.get('title'))}"))
        if extra and isinstance(record, Imported):
            record = replace(record, details=(*record.details, *extra))
        yield record
    if count == 0:
        raise _fail(
            path,
            "no budget investment in this JSON (objects with a title and a feasibility or a price)",
            "query budget { investments { edges { node { id title price feasibility } } } }",
        )
