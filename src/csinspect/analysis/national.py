"""The national distribution of grades under one framework (optionally one year, or each LA's latest)."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from csinspect.store.models import Inspection


@dataclass(frozen=True)
class DistributionRow:
    framework_id: str
    judgement_id: str
    grade: str | None
    label: str | None  # the most common printed form of the grade
    ordinal: int | None
    inspections: int
    percent: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _when(insp: Inspection) -> date | None:
    return insp.inspection_start or insp.published


def grade_distribution(
    session: Session,
    framework_id: str,
    year: int | None = None,
    latest_only: bool = False,
    judgement_id: str | None = None,
) -> list[DistributionRow]:
    """Counts of each grade of each judgement, best grade first; ``year`` filters on the inspection
    date (publication date where no inspection date is known)."""
    inspections = session.scalars(
        select(Inspection)
        .where(Inspection.framework_id == framework_id)
        .options(selectinload(Inspection.judgements))
    ).all()
    chosen = [i for i in inspections if year is None or ((d := _when(i)) is not None and d.year == year)]
    if latest_only:
        latest: dict[str, Inspection] = {}
        for i in chosen:
            key = i.la_code or ""
            if key not in latest or (_when(i) or date.min) > (_when(latest[key]) or date.min):
                latest[key] = i
        chosen = list(latest.values())
    counts: Counter[tuple[str, str | None, int | None]] = Counter()
    labels: dict[tuple[str, str | None, int | None], Counter[str]] = {}
    order: dict[str, int] = {}
    for i in chosen:
        for j in i.judgements:
            if judgement_id is not None and j.judgement_id != judgement_id:
                continue
            order.setdefault(j.judgement_id, len(order))
            gkey = (j.judgement_id, j.grade, j.ordinal)
            counts[gkey] += 1
            labels.setdefault(gkey, Counter())[j.label or ""] += 1
    totals: Counter[str] = Counter()
    for (judgement, _, _), n in counts.items():
        totals[judgement] += n
    rows = [
        DistributionRow(
            framework_id=framework_id,
            judgement_id=jid,
            grade=grade,
            label=labels[(jid, grade, ordn)].most_common(1)[0][0] or None,
            ordinal=ordn,
            inspections=n,
            percent=round(100.0 * n / totals[jid], 1),
        )
        for (jid, grade, ordn), n in counts.items()
    ]
    return sorted(rows, key=lambda r: (order[r.judgement_id], -(r.ordinal or 0), r.grade or ""))
