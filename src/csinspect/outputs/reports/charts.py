"""Charts for reports (matplotlib, SVG text so HTML and PDF embed the same figure; each chart also
has alt text and a data table for readers who cannot see it)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

if TYPE_CHECKING:
    from csinspect.outputs.reports.context import Chart


def _fmt(v: Any) -> str | None:
    return None if v is None else f"{float(v):,.1f}"


def bar_chart(area_title: str, rows: list[dict[str, Any]]) -> Chart:
    """Each indicator as the authority's value relative to the statistical-neighbour average (= 100),
    so indicators in different units share one axis."""
    from csinspect.outputs.reports.context import Chart

    labels = [str(r.get("title") or r.get("indicator_id"))[:48] for r in rows]
    index = [100.0 * float(r["value"]) / float(r["sn_average"]) if r["sn_average"] else 100.0 for r in rows]
    fig, ax = plt.subplots(figsize=(7.0, 0.45 * len(rows) + 1.2))
    ax.barh(range(len(rows)), index, color="#1d70b8")
    ax.axvline(100, color="#0b0c0c", linewidth=1)
    ax.set_yticks(range(len(rows)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("Authority value as % of statistical-neighbour average (100 = same)", fontsize=8)
    ax.set_title(area_title, fontsize=10)
    fig.tight_layout()
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    plt.close(fig)
    svg = buf.getvalue()
    svg = svg[svg.find("<svg") :]
    table = [
        {
            "Indicator": r.get("title") or r.get("indicator_id"),
            "Period": r.get("period"),
            "Authority": _fmt(r.get("value")),
            "Statistical neighbours": _fmt(r.get("sn_average")),
            "England": _fmt(r.get("england")),
            "Quartile": (r.get("band") or "").replace("_", " "),
        }
        for r in rows
    ]
    above = sum(1 for i in index if i > 100)
    alt = (
        f"Bar chart: {len(rows)} {area_title.lower()} indicators relative to the statistical-neighbour "
        f"average; {above} above and {len(rows) - above} at or below it. Values are in the table below."
    )
    return Chart(title=area_title, svg=svg, alt=alt, rows=table)
