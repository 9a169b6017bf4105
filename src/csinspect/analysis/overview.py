""" "How is this authority doing" in one screen: the latest graded judgements with the change from the previous
grade of the same judgement, and the indicators furthest from the statistical neighbours. Pure functions over
what the authority page already read (the judgement history and the profile)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from csinspect.analysis.history import HistoryRow


@dataclass(frozen=True)
class JudgementChange:
    row: HistoryRow
    previous: HistoryRow | None  # the same judgement's grade before, under any framework (None: first graded)

    @property
    def change(self) -> str:
        """ "improved", "declined", "same" or "first" (no earlier grade of this judgement)."""
        if self.previous is None or self.previous.ordinal is None or self.row.ordinal is None:
            return "first"
        if self.row.ordinal > self.previous.ordinal:
            return "improved"
        return "declined" if self.row.ordinal < self.previous.ordinal else "same"


def latest_judgements(history: Sequence[HistoryRow]) -> list[JudgementChange]:
    """The graded judgements of the newest inspection that graded any (``history`` is in date order), each with
    the previous grade of the same judgement."""
    graded = [r for r in history if r.ordinal is not None and r.judgement_id]
    if not graded:
        return []
    newest = graded[-1].inspection_id
    latest = [r for r in graded if r.inspection_id == newest]
    earlier = [r for r in graded if r.inspection_id != newest and _when(r) <= _when(latest[0])]
    out = []
    for r in latest:
        before = [e for e in earlier if e.judgement_id == r.judgement_id]
        out.append(JudgementChange(r, before[-1] if before else None))
    return out


def _when(r: HistoryRow) -> Any:
    return r.date or r.published


@dataclass(frozen=True)
class Gap:
    row: Any  # ProfileRow
    relative: float  # (value - neighbours) / neighbours
    better: bool | None  # None when the indicator has no agreed polarity


def furthest_from_neighbours(rows: Iterable[Any], n: int = 5) -> list[Gap]:
    """The ``n`` compared indicators whose value is relatively furthest from the neighbours' figure (counts and
    joint figures are never compared, so never listed); each indicator once."""
    seen: set[str] = set()
    gaps = []
    for r in rows:
        if r.indicator_id in seen or r.value is None or not r.sn_average:
            continue
        seen.add(r.indicator_id)
        rel = (r.value - r.sn_average) / abs(r.sn_average)
        better = None
        if r.polarity in ("higher_is_better", "lower_is_better") and rel:
            better = (rel > 0) == (r.polarity == "higher_is_better")
        gaps.append(Gap(r, rel, better))
    return sorted(gaps, key=lambda g: (-abs(g.relative), g.row.title))[:n]


@dataclass(frozen=True)
class GapRow:
    """One compared indicator's latest figure against the neighbours (what the overview lists)."""

    indicator_id: str
    title: str
    period: str
    value: float | None
    sn_average: float | None
    polarity: str
    decimals: int
    sn_stat: str


def authority_gaps(session: Any, la_code: str, comparator: Any = None, n: int = 5) -> tuple[list[Gap], str]:
    """The ``n`` indicators furthest from the neighbours, from the national comparison table (read once per data
    version for the whole country, then a filter per authority), and the comparator in words."""
    import polars as pl

    from csinspect.analysis.comparators import DEFAULT
    from csinspect.analysis.profile import read_profile_data
    from csinspect.indicators.catalogue import get_catalogue

    comparator = comparator or DEFAULT
    catalogue = get_catalogue()
    data = read_profile_data(session)
    comp = data.comparators(comparator).filter(
        (pl.col("area_code") == la_code) & (pl.col("geo_level") == "la") & pl.col("joint_with").is_null()
    )
    rows = []
    for r in comp.sort("year").group_by("indicator_id").last().iter_rows(named=True):
        ind = catalogue.indicators.get(r["indicator_id"])
        if ind is None or ind.hidden or ind.unit == "count":  # counts are never compared
            continue
        rows.append(
            GapRow(
                ind.id, ind.title, r["period"], r["value"], r["sn_average"], r["polarity"] or ind.polarity,
                ind.decimals, comparator.stat,
            )
        )  # fmt: skip
    return furthest_from_neighbours(rows, n), comparator.describe(data.model_names())
