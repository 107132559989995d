"""Cell values as platforms write them: amounts in any locale's number format, dates, HTML.

Each reader returns ``None`` for an empty cell and raises :class:`ValueError` for a value it
cannot read; the importer turns that into a row note (the value kept verbatim in the row's
details), never into a silent loss.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

__all__ = ["amount", "date", "euros", "strip_html"]

_TAG = re.compile(r"<[^>]{0,2000}>")
MAX_DESCRIPTION = 20_000
# Everything a currency amount may carry besides digits and separators: currency signs and
# codes, spaces of every width (French groups with U+00A0 or U+202F), Swiss apostrophes.
_NOISE = re.compile(r"[\s\u00a0\u202f'’€$£]|EUR|USD|GBP|CHF|MXN|ARS|COP|BRL|R\$", re.IGNORECASE)
_NUMBER = re.compile(r"^\d{1,3}(?:[.,]\d{3})*(?:[.,]\d{1,2})?$|^\d+(?:[.,]\d{1,2})?$")


def amount(text: str) -> Decimal | None:
    """An amount as written in any locale: ``€45,000``, ``45.000 €``, ``45 000 €``,
    ``45000.50``, ``24000.0`` (Rails' decimal), ``1.234,56``. Empty → None.

    A separator followed by exactly three digits groups thousands; followed by one or two
    digits, it is the decimal mark. Raises :class:`ValueError` for anything else.
    """
    cleaned = _NOISE.sub("", text.strip())
    if not cleaned:
        return None
    negative = cleaned.startswith("-")
    cleaned = cleaned.lstrip("-")
    if not _NUMBER.match(cleaned):
        raise ValueError(f"`{text[:40]}` is not an amount")
    last = max(cleaned.rfind("."), cleaned.rfind(","))
    if last >= 0 and len(cleaned) - last - 1 in (1, 2):
        whole, cents = cleaned[:last], cleaned[last + 1 :]
    else:
        whole, cents = cleaned, ""
    digits = re.sub(r"[.,]", "", whole)
    try:
        value = Decimal(f"{digits}.{cents}" if cents else digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise ValueError(f"`{text[:40]}` is not an amount") from None
    if negative:
        raise ValueError(f"negative amount `{text[:40]}`")
    return value


def euros(value: Decimal) -> int:
    """Whole euros for the ``budget`` traits (half up: 24,000.50 € → 24,001 €)."""
    return int(value.quantize(Decimal(1), rounding="ROUND_HALF_UP"))


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")


def date(text: str) -> dt.date | None:
    """The calendar date of a timestamp as Rails writes it (``2024-03-02 10:00:00 UTC``,
    ``2024-03-02T10:00:00+01:00``, ``2024-03-02``). Empty → None; else :class:`ValueError`."""
    text = text.strip()
    if not text:
        return None
    found = _DATE.match(text)
    if not found:
        raise ValueError(f"`{text[:40]}` is not a date")
    try:
        return dt.date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        raise ValueError(f"`{text[:40]}` is not a date") from None


def strip_html(text: str) -> str:
    """Rich-text fields as plain text: tags dropped, common entities decoded, spaces collapsed."""
    plain = _TAG.sub(" ", text)
    for entity, char in (
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", '"'),
        ("&#39;", "'"),
        ("&amp;", "&"),
    ):
        plain = plain.replace(entity, char)
    return " ".join(plain.split())[:MAX_DESCRIPTION]
