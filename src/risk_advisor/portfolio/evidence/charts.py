"""The evidence's pictures as inline SVG: survival curves and quartile bars.

Laid out here, deterministically (same evidence → same bytes), with no script and nothing
fetched. They are meant to print: black and greys, lines told apart by their dash pattern and
named at their end, not by colour alone; every text is escaped here.

* :func:`survival_chart`: the share of projects *not yet open* against months since the vote,
  one step line per group (Kaplan–Meier), the 50 % line dotted: where a curve crosses it is the
  group's median.
* :func:`quartile_chart`: one row per group, a bar from the first to the third quartile and a
  disc at the median; an arrow when the quartile is not reached in the data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from .collect import DelayRow
from .survival import Curve

__all__ = ["quartile_chart", "survival_chart"]

_INK = ("#000", "#444", "#777", "#999", "#222", "#555")
_DASH = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
_FONT = 'font-family="system-ui, sans-serif" font-size="11"'


def _f(value: float) -> str:
    return f"{value:.1f}"


def survival_chart(curves: Mapping[str, Curve], *, title: str, x_label: str, y_label: str, horizon: int) -> str:
    """Step lines of ``curves`` (label → curve) over ``horizon`` months."""
    width, height, left, right, top, bottom = 640, 300, 48, 130, 28, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    horizon = max(horizon, 12)

    def x(months: float) -> float:
        return left + plot_w * min(months, horizon) / horizon

    def y(share: float) -> float:
        return top + plot_h * (1 - share)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="picture" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" {_FONT}>',
        f"<title>{escape(title)}</title>",
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#bbb"/>',
    ]
    for share in (0.25, 0.5, 0.75):
        dash = ' stroke-dasharray="2 2"' if share == 0.5 else ""
        out.append(
            f'<line x1="{left}" y1="{_f(y(share))}" x2="{left + plot_w}" y2="{_f(y(share))}" stroke="#bbb"{dash}/>'
        )
    for share in (0.0, 0.25, 0.5, 0.75, 1.0):
        out.append(f'<text x="{left - 4}" y="{_f(y(share) + 4)}" text-anchor="end">{int(share * 100)} %</text>')
    step = 12 if horizon <= 120 else 24
    for months in range(0, horizon + 1, step):
        out.append(f'<text x="{_f(x(months))}" y="{top + plot_h + 14}" text-anchor="middle">{months}</text>')
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle">{escape(x_label)}</text>')
    out.append(
        f'<text x="12" y="{top + plot_h / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 12 {top + plot_h / 2:.1f})">{escape(y_label)}</text>'
    )
    ends: list[tuple[float, str, int]] = []
    for i, (name, curve) in enumerate(curves.items()):
        points = [(0.0, 1.0)]
        share = 1.0
        for s in curve.steps:
            if s.time > horizon:
                break
            points += [(s.time, share), (s.time, s.survival)]
            share = s.survival
        last_time = max((s.time for s in curve.steps), default=0)
        points.append((min(max(last_time, points[-1][0]), horizon), share))
        path = " ".join(f"{_f(x(t))},{_f(y(v))}" for t, v in points)
        dash = f' stroke-dasharray="{_DASH[i % len(_DASH)]}"' if _DASH[i % len(_DASH)] else ""
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{_INK[i % len(_INK)]}" stroke-width="2"{dash}>'
            f"<title>{escape(name)}</title></polyline>"
        )
        ends.append((y(share), name, i))
    placed: list[float] = []
    for y_end, name, i in sorted(ends):
        y_text = max([y_end + 4, *(p + 13 for p in placed)])
        placed.append(y_text)
        colour = _INK[i % len(_INK)]
        out.append(f'<text x="{left + plot_w + 6}" y="{_f(y_text)}" fill="{colour}">{escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def quartile_chart(rows: Sequence[DelayRow], *, title: str, x_label: str, horizon: int) -> str:
    """One row per group: first-to-third-quartile bar, median disc, arrows for "not reached"."""
    label_w, bar_w, row_h, top, bottom = 250, 360, 18, 24, 34
    width, height = label_w + bar_w + 20, top + row_h * max(len(rows), 1) + bottom
    horizon = max(horizon, 12)

    def x(months: float) -> float:
        return label_w + bar_w * min(months, horizon) / horizon

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="picture" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" {_FONT}>',
        f"<title>{escape(title)}</title>",
    ]
    step = 12 if horizon <= 120 else 24
    for months in range(0, horizon + 1, step):
        out.append(
            f'<line x1="{_f(x(months))}" y1="{top - 4}" x2="{_f(x(months))}" y2="{height - bottom}" stroke="#ddd"/>'
        )
        out.append(f'<text x="{_f(x(months))}" y="{height - bottom + 14}" text-anchor="middle">{months}</text>')
    out.append(f'<text x="{label_w + bar_w / 2:.1f}" y="{height - 6}" text-anchor="middle">{escape(x_label)}</text>')
    for i, row in enumerate(rows):
        mid = top + row_h * i + row_h / 2
        name = row.group if len(row.group) <= 40 else row.group[:39] + "…"
        out.append(
            f'<text x="{label_w - 6}" y="{_f(mid + 4)}" text-anchor="end">{escape(name)} ({row.projects})'
            f"<title>{escape(row.group)}</title></text>"
        )
        if row.q1 is None:
            continue
        end = x(row.q3) if row.q3 is not None else x(horizon)
        out.append(
            f'<rect x="{_f(x(row.q1))}" y="{_f(mid - 4)}" width="{_f(end - x(row.q1))}" height="8" '
            'fill="#ccc" stroke="#555"/>'
        )
        if row.q3 is None:
            out.append(f'<path d="M{_f(end)},{_f(mid - 6)} l8,6 l-8,6 z" fill="#555"/>')
        if row.median is not None:
            out.append(f'<circle cx="{_f(x(row.median))}" cy="{_f(mid)}" r="4" fill="#000"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
