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
