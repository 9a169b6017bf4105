"""Small server-side SVG charts. Each has a text alternative (``<title>``/``<desc>`` and ``aria-labelledby``)
and every page that shows one puts the same numbers in a table beside it."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

# Colours by common ordinal (GOV.UK palette; each at least 3:1 against white for graphical objects).
ORDINAL_COLOURS = {4: "#00703c", 3: "#28a197", 2: "#b58840", 1: "#d4351c"}
ORDINAL_WORDS = {4: "Outstanding", 3: "Good", 2: "Requires improvement / adequate", 1: "Inadequate"}
_ids = itertools.count(1)


@dataclass
class Point:
    when: date
    ordinal: int
    text: str  # what the point says (screen-reader and hover text)
    headline: bool


def _a11y(title: str, desc: str) -> tuple[str, str]:
    n = next(_ids)
    tid, did = f"chart-title-{n}", f"chart-desc-{n}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{tid} {did}" '
        f'class="app-chart" preserveAspectRatio="xMinYMin meet" '
    )
    titles = f'<title id="{tid}">{escape(title)}</title><desc id="{did}">{escape(desc)}</desc>'
    return head, titles


def timeline_svg(points: Sequence[Point], title: str, start_year: int = 2005) -> Markup:
    """Judgements over time on the common ordinal (1 worst … 4 best); the headline judgements joined by a line."""
    width, height, left, right, top, bottom = 760, 250, 210, 20, 20, 40
    end_year = max([date.today().year + 1, *[p.when.year + 1 for p in points]])
    start_year = min([start_year, *[p.when.year for p in points]])
    span = (date(end_year, 1, 1) - date(start_year, 1, 1)).days or 1

    def x(d: date) -> float:
        return left + (width - left - right) * (d - date(start_year, 1, 1)).days / span

    def y(o: int) -> float:
        return top + (height - top - bottom) * (4 - o) / 3

    heads = sorted((p for p in points if p.headline), key=lambda p: p.when)
    desc = (
        f"{len(points)} judgements from {start_year} to {end_year - 1}; "
        + (
            "headline judgements in date order: "
            + "; ".join(f"{p.when.year} {ORDINAL_WORDS[p.ordinal].lower()}" for p in heads)
            if heads
            else "no headline judgements"
        )
        + ". The same judgements are listed in the table below."
    )
    head, titles = _a11y(title, desc)
    out = [head + f'viewBox="0 0 {width} {height}">', titles]
    for o in (4, 3, 2, 1):
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(o):.1f}" y2="{y(o):.1f}" class="app-chart__grid"/>'
            f'<text x="{left - 8}" y="{y(o) + 4:.1f}" text-anchor="end" class="app-chart__label">'
            f"{escape(ORDINAL_WORDS[o])}</text>"
        )
    step = 1 if end_year - start_year <= 12 else 2
    for yr in range(start_year, end_year + 1, step):
        xx = x(date(yr, 1, 1))
        out.append(
            f'<line x1="{xx:.1f}" x2="{xx:.1f}" y1="{top}" y2="{height - bottom + 4}" class="app-chart__tick"/>'
            f'<text x="{xx:.1f}" y="{height - bottom + 20}" text-anchor="middle" class="app-chart__label">{yr}</text>'
        )
    if len(heads) > 1:
        path = " ".join(f"{x(p.when):.1f},{y(p.ordinal):.1f}" for p in heads)
        out.append(f'<polyline points="{path}" class="app-chart__line"/>')
    for p in sorted(points, key=lambda p: p.headline):
        r = 7 if p.headline else 4
        fill = ORDINAL_COLOURS[p.ordinal] if p.headline else "#ffffff"
        out.append(
            f'<circle cx="{x(p.when):.1f}" cy="{y(p.ordinal):.1f}" r="{r}" fill="{fill}" '
            f'stroke="{ORDINAL_COLOURS[p.ordinal]}" stroke-width="2"><title>{escape(p.text)}</title></circle>'
        )
    out.append("</svg>")
    return Markup("".join(out))


@dataclass
class Bar:
    label: str
    value: float | None
    colour: str = "#1d70b8"
    note: str = ""


def bar_svg(bars: Sequence[Bar], title: str, unit: str = "", label_width: int = 230) -> Markup:
    """Horizontal bars with their values printed at the end (missing values say so)."""
    row, width, top = 28, 640, 6
    height = top * 2 + row * max(1, len(bars))
    values = [b.value for b in bars if b.value is not None]
    vmax = max([abs(v) for v in values] or [1]) or 1
    plot = width - label_width - 90
    desc = "; ".join(f"{b.label}: {'no value' if b.value is None else _fmt(b.value) + unit}" for b in bars)
    head, titles = _a11y(title, desc)
    out = [head + f'viewBox="0 0 {width} {height}">', titles]
    for i, b in enumerate(bars):
        yy = top + i * row
        out.append(
            f'<text x="{label_width - 8}" y="{yy + row / 2 + 4:.1f}" text-anchor="end" class="app-chart__label">'
            f"{escape(_clip(b.label, 34))}</text>"
        )
        if b.value is None:
            out.append(
                f'<text x="{label_width + 4}" y="{yy + row / 2 + 4:.1f}" class="app-chart__label">no value</text>'
            )
            continue
        w = max(1.0, plot * abs(b.value) / vmax)
        out.append(
            f'<rect x="{label_width}" y="{yy + 4}" width="{w:.1f}" height="{row - 8}" fill="{b.colour}">'
            f"<title>{escape(b.label)}: {escape(_fmt(b.value) + unit)}</title></rect>"
            f'<text x="{label_width + w + 6:.1f}" y="{yy + row / 2 + 4:.1f}" class="app-chart__value">'
            f"{escape(_fmt(b.value) + unit)}</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


@dataclass
class Series:
    label: str
    values: Sequence[float | None]  # one per period (None: no figure)
    colour: str
    dashed: bool = False


def trend_svg(periods: Sequence[str], series: Sequence[Series], title: str, unit: str = "") -> Markup:
    """Lines over the periods (the authority, its neighbours, England), a legend under the plot; the last value
    of each line printed at its end. Gaps where a figure is missing."""
    width, left, right, top, plot_h = 640, 56, 70, 12, 150
    legend_y = top + plot_h + 40
    height = legend_y + 22 * len(series) + 4
    vals = [v for s in series for v in s.values if v is not None]
    lo, hi = (min(vals), max(vals)) if vals else (0.0, 1.0)
    lo = 0.0 if lo >= 0 and lo < (hi - lo) else lo - (hi - lo) * 0.1
    hi = hi + (hi - lo) * 0.1 or 1.0
    n = max(1, len(periods) - 1)
    plot_w = width - left - right

    def x(i: int) -> float:
        return left + plot_w * i / n

    def y(v: float) -> float:
        return top + plot_h * (1 - (v - lo) / ((hi - lo) or 1))

    desc = "; ".join(
        f"{s.label}: "
        + ", ".join(
            f"{p} {'no figure' if v is None else _fmt(v) + unit}"
            for p, v in zip(periods, s.values, strict=True)
        )
        for s in series
    )
    head, titles = _a11y(title, desc)
    out = [head + f'viewBox="0 0 {width} {height}">', titles]
    for frac in (0.0, 0.5, 1.0):
        v = lo + (hi - lo) * frac
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" class="app-chart__tick"/>'
            f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" class="app-chart__label">'
            f"{escape(_fmt(round(v, 1)))}</text>"
        )
    step = max(1, len(periods) // 6)
    for i, p in enumerate(periods):
        if i % step == 0 or i == len(periods) - 1:
            out.append(
                f'<text x="{x(i):.1f}" y="{top + plot_h + 18}" text-anchor="middle" class="app-chart__label">'
                f"{escape(p)}</text>"
            )
    for k, s in enumerate(series):
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        run: list[str] = []
        for i, point in enumerate([*s.values, None]):
            if point is not None:
                run.append(f"{x(i):.1f},{y(point):.1f}")
                continue
            if len(run) > 1:
                out.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="{s.colour}" stroke-width="3"{dash}/>'
                )
            elif run:
                cx, cy = run[0].split(",")
                out.append(f'<circle cx="{cx}" cy="{cy}" r="4" fill="{s.colour}"/>')
            run = []
        last = next(((i, v) for i, v in reversed(list(enumerate(s.values))) if v is not None), None)
        if last is not None:
            out.append(
                f'<text x="{x(last[0]) + 6:.1f}" y="{y(last[1]) + 4 + (k - 1) * 3:.1f}" class="app-chart__value">'
                f"{escape(_fmt(last[1]) + unit)}</text>"
            )
        ly = legend_y + 22 * k
        out.append(
            f'<line x1="{left}" x2="{left + 30}" y1="{ly - 4}" y2="{ly - 4}" stroke="{s.colour}" stroke-width="3"{dash}/>'
            f'<text x="{left + 38}" y="{ly}" class="app-chart__label">{escape(s.label)}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))
