"""The national judgement history of an authority: every inspection and judgement in date order, across
frameworks, with the common ordinal (1 worst … 4 best), the printed label and where each record came from.

Predecessor authorities come first (Northamptonshire's record before North Northamptonshire's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from csinspect.analysis.inspections import describe, group_sources, load_inspections, source_name
from csinspect.records import happened_on
from csinspect.store.models import Authority, AuthoritySuccession, Inspection


@dataclass(frozen=True)
class HistoryRow:
    la_code: str
    authority: str
    via: str | None  # "predecessor of 940" when the row belongs to a predecessor authority
    inspection_id: int
    framework_id: str
    document_type: str
    date: dt.date | None  # when it happened (``records.happened_on``): inspection start, else publication
    inspection_start: dt.date | None
    published: dt.date | None
    judgement_id: str | None  # None for an ungraded visit
    label: str | None  # the grade as printed
    grade: str | None  # the framework's scale value id
    ordinal: int | None
    status: str  # ok | needs_review (the judgement's, else the inspection's)
    reason: str | None
    origin: str  # official_table | report | assessment
    source: str | None  # file name of the official table or the report
    source_ref: str | None  # sheet/row/column, or document part
    extra: dict[str, Any] | None = None
    also_from: tuple[str, ...] = ()  # other sources of the same inspection ("report X.pdf p.1")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def predecessors(session: Session, la_code: str) -> list[tuple[str, date | None]]:
    """Every authority whose functions passed (directly or not) to ``la_code``, oldest first."""
    out: list[tuple[str, date | None]] = []
    frontier = [la_code]
    seen = {la_code}
    while frontier:
        rows = session.scalars(
            select(AuthoritySuccession).where(AuthoritySuccession.successor.in_(frontier))
        ).all()
        frontier = []
        for r in rows:
            if r.predecessor not in seen:
                seen.add(r.predecessor)
                out.append((r.predecessor, r.effective))
                frontier.append(r.predecessor)
    return sorted(out, key=lambda p: (p[1] or date.min, p[0]))


def _dates(insp: Inspection, others: list[Inspection]) -> tuple[date | None, date | None]:
    """Start and publication dates of an inspection, each taken from another source where this one lacks it."""
    start = insp.inspection_start or next((o.inspection_start for o in others if o.inspection_start), None)
    published = insp.published or next((o.published for o in others if o.published), None)
    return start, published


def _rows(
    insp: Inspection, names: dict[str, str], via: str | None, others: list[Inspection] | None = None
) -> list[HistoryRow]:
    """The rows of one inspection; ``others`` are further records of it, whose dates fill gaps and whose
    grades are compared: a disagreement marks the judgement needs_review, naming both sources."""
    others = others or []
    la = insp.la_code or ""
    start, published = _dates(insp, others)
    when = happened_on(start, None, published)
    base: dict[str, Any] = {
        "la_code": la,
        "authority": names.get(la, la),
        "via": via,
        "inspection_id": insp.id,
        "framework_id": insp.framework_id,
        "document_type": insp.document_type,
        "date": when,
        "inspection_start": start,
        "published": published,
        "origin": insp.origin,
        "source": source_name(insp),
        "extra": insp.extra,
        "also_from": tuple(describe(o) for o in others),
    }
    reasons = "; ".join(insp.reasons or []) or None
    other_grades = {j.judgement_id: (o, j) for o in others for j in o.judgements if j.grade is not None}

    def disagreement(judgement_id: str, grade: str | None) -> str | None:
        hit = other_grades.get(judgement_id)
        if hit is None or grade is None or hit[1].grade == grade:
            return None
        o, j = hit
        page = f" page {j.page}" if j.page else ""
        return f"sources disagree: {describe(o)}{page} prints {j.label!r}"

    if not insp.judgements:
        return [
            HistoryRow(
                **base,
                judgement_id=None,
                label=None,
                grade=None,
                ordinal=None,
                status=insp.status,
                reason=reasons,
                source_ref=insp.source_ref,
            )
        ]
    rows: list[HistoryRow] = []
    for j in insp.judgements:
        conflict = disagreement(j.judgement_id, j.grade)
        rows.append(
            HistoryRow(
                **base,
                judgement_id=j.judgement_id,
                label=j.label,
                grade=j.grade,
                ordinal=j.ordinal,
                status="needs_review" if conflict or "needs_review" in (j.status, insp.status) else "ok",
                reason="; ".join(r for r in (conflict, j.reason or reasons) if r) or None,
                source_ref=j.source_ref or insp.source_ref,
            )
        )
    # judgements only another source has (e.g. a grade the official table does not carry)
    have = {j.judgement_id for j in insp.judgements}
    for jid, (o, j) in other_grades.items():
        if jid not in have:
            rows.append(
                HistoryRow(
                    **{**base, "origin": o.origin, "source": source_name(o)},
                    judgement_id=jid,
                    label=j.label,
                    grade=j.grade,
                    ordinal=j.ordinal,
                    status=j.status,
                    reason=j.reason,
                    source_ref=j.source_ref or (f"page {j.page}" if j.page else o.source_ref),
                )
            )
    return rows


def _sort_key(group: tuple[Inspection, list[Inspection]]) -> tuple[date, date, str, int]:
    insp, others = group
    start, published = _dates(insp, others)
    when = happened_on(start, None, published) or date.min
    return (when, published or when, insp.framework_id, insp.id)


def authority_history(session: Session, la_code: str, include_predecessors: bool = True) -> list[HistoryRow]:
    """Every inspection and judgement of ``la_code`` (and its predecessors first), in date order."""
    preds = predecessors(session, la_code) if include_predecessors else []
    codes = [p for p, _ in preds] + [la_code]
    names = {
        a.la_code: a.name for a in session.scalars(select(Authority).where(Authority.la_code.in_(codes)))
    }
    by_la: dict[str, list[Inspection]] = {}
    for insp in load_inspections(session, codes):
        by_la.setdefault(insp.la_code or "", []).append(insp)
    rows: list[HistoryRow] = []
    for code in codes:
        via = None if code == la_code else f"predecessor of {la_code}"
        for insp, others in sorted(group_sources(by_la.get(code, [])), key=_sort_key):
            rows.extend(_rows(insp, names, via, others))
    return rows


def latest_judgements(session: Session, la_codes: Iterable[str]) -> dict[str, list[HistoryRow]]:
    """For each authority, the judgements of its latest graded inspection (empty list when none)."""
    codes = list(dict.fromkeys(la_codes))
    names = {
        a.la_code: a.name for a in session.scalars(select(Authority).where(Authority.la_code.in_(codes)))
    }
    latest: dict[str, tuple[Inspection, list[Inspection]]] = {}
    for group in group_sources(load_inspections(session, codes)):
        insp = group[0]
        if not any(
            j.ordinal is not None for j in (*insp.judgements, *(j for o in group[1] for j in o.judgements))
        ):
            continue
        la = insp.la_code or ""
        if la not in latest or _sort_key(group) > _sort_key(latest[la]):
            latest[la] = group
    return {c: (_rows(latest[c][0], names, None, latest[c][1]) if c in latest else []) for c in codes}
