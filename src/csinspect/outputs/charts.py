"""Profile charts with matplotlib (Agg backend, no display): for each indicator a bar chart of the authority
against its statistical neighbours (with the neighbour average and England as lines), and a trend chart of
the authority, the neighbour average and England over the periods held. Each is written as PNG and SVG.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from csinspect.analysis.profile import Profile, ProfileRow

AUTHORITY = "#1d70b8"  # GOV.UK blue
NEIGHBOUR = "#b1b4b6"
ENGLAND = "#d4351c"
SN_LINE = "#505a5f"


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text)


def _save(fig: plt.Figure, base: Path) -> list[Path]:
    out = []
    for ext in ("png", "svg"):
        path = base.with_suffix(f".{ext}")
        fig.savefig(path, dpi=120 if ext == "png" else None, bbox_inches="tight")
        out.append(path)
    plt.close(fig)
    return out


def neighbour_bar_chart(
    row: ProfileRow, authority: str, neighbour_values: list[tuple[str, float | None]], base: Path
) -> list[Path]:
    """The authority's bar beside each neighbour's (missing values drawn as gaps and labelled)."""
    labels = [authority, *[n for n, _ in neighbour_values]]
    vals = [row.value, *[v for _, v in neighbour_values]]
    fig, ax = plt.subplots(figsize=(9, 4.5))
    colours = [AUTHORITY] + [NEIGHBOUR] * len(neighbour_values)
    ax.bar(range(len(vals)), [v if v is not None else 0 for v in vals], color=colours)
    for i, v in enumerate(vals):
        if v is None:
            ax.text(i, 0, "no value", rotation=90, ha="center", va="bottom", fontsize=8)
    if row.sn_average is not None:
        ax.axhline(
            row.sn_average, color=SN_LINE, linestyle="--", label=f"Neighbour average {row.sn_average:.1f}"
        )
    if row.england is not None:
        ax.axhline(row.england, color=ENGLAND, linestyle=":", label=f"England {row.england:.1f}")
    ax.set_xticks(range(len(labels)), labels, rotation=40, ha="right", fontsize=8)
    ax.set_title(f"{row.title}, {row.period}", fontsize=10)
    ax.set_ylabel(row.unit.replace("_", " "))
    ax.spines[["top", "right"]].set_visible(False)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8, frameon=False)
    return _save(fig, base)


def trend_chart(row: ProfileRow, authority: str, base: Path) -> list[Path]:
    periods = [t.period for t in row.trend]
    fig, ax = plt.subplots(figsize=(7, 4))
    for label, key, colour, style in (
        (authority, "value", AUTHORITY, "-"),
        ("Statistical neighbours", "sn_average", SN_LINE, "--"),
        ("England", "england", ENGLAND, ":"),
    ):
        ys = [getattr(t, key) for t in row.trend]
        xs = [i for i, y in enumerate(ys) if y is not None]
        if xs:
            ax.plot(xs, [ys[i] for i in xs], marker="o", color=colour, linestyle=style, label=label)
    ax.set_xticks(range(len(periods)), periods, fontsize=8)
    ax.set_title(f"{row.title}: trend", fontsize=10)
    ax.set_ylabel(row.unit.replace("_", " "))
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=8, frameon=False)
    return _save(fig, base)


def write_profile_charts(
    profile: Profile, directory: Path, neighbour_values: dict[str, list[tuple[str, float | None]]]
) -> list[Path]:
    """Charts for every indicator with a value; ``neighbour_values``: indicator id -> [(name, value)]."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    seen: set[str] = set()
    for row in profile.rows():
        if row.indicator_id in seen or row.value is None:
            continue
        seen.add(row.indicator_id)
        stem = directory / _safe(f"{profile.la_code}_{row.indicator_id}_{row.period}")
        written += neighbour_bar_chart(
            row,
            profile.name,
            neighbour_values.get(row.indicator_id, []),
            stem.with_name(stem.name + "_neighbours"),
        )
        if len(row.trend) >= 2:
            written += trend_chart(row, profile.name, stem.with_name(stem.name + "_trend"))
    return written
