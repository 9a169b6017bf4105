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
from sqlalchemy.orm import Session, selectinload

from csinspect.store.models import Authority, AuthoritySuccession, Inspection


@dataclass(frozen=True)
class HistoryRow:
    la_code: str
    authority: str
    via: str | None  # "predecessor of 940" when the row belongs to a predecessor authority
    inspection_id: int
    framework_id: str
    document_type: str
    date: dt.date | None  # inspection start, else publication
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


def _source_name(insp: Inspection) -> str | None:
    if insp.source_file is not None:
        return insp.source_file.name
    if insp.document is not None:
        return insp.document.filename
    return None


def _rows(insp: Inspection, names: dict[str, str], via: str | None) -> list[HistoryRow]:
    la = insp.la_code or ""
    when = insp.inspection_start or insp.published
    base: dict[str, Any] = {
        "la_code": la,
        "authority": names.get(la, la),
        "via": via,
        "inspection_id": insp.id,
        "framework_id": insp.framework_id,
        "document_type": insp.document_type,
        "date": when,
        "inspection_start": insp.inspection_start,
        "published": insp.published,
        "origin": insp.origin,
        "source": _source_name(insp),
        "extra": insp.extra,
    }
    reasons = "; ".join(insp.reasons or []) or None
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
    return [
        HistoryRow(
            **base,
            judgement_id=j.judgement_id,
            label=j.label,
            grade=j.grade,
            ordinal=j.ordinal,
            status="needs_review" if "needs_review" in (j.status, insp.status) else "ok",
            reason=j.reason or reasons,
            source_ref=j.source_ref or insp.source_ref,
        )
        for j in insp.judgements
    ]


def _inspections(session: Session, la_codes: Iterable[str]) -> list[Inspection]:
    return list(
        session.scalars(
            select(Inspection)
            .where(Inspection.la_code.in_(list(la_codes)))
            .options(
                selectinload(Inspection.judgements),
                selectinload(Inspection.source_file),
                selectinload(Inspection.document),
            )
        ).all()
    )


def _sort_key(insp: Inspection) -> tuple[date, date, str, int]:
    when = insp.inspection_start or insp.published or date.min
    return (when, insp.published or when, insp.framework_id, insp.id)


def authority_history(session: Session, la_code: str, include_predecessors: bool = True) -> list[HistoryRow]:
    """Every inspection and judgement of ``la_code`` (and its predecessors first), in date order."""
    preds = predecessors(session, la_code) if include_predecessors else []
    codes = [p for p, _ in preds] + [la_code]
    names = {
        a.la_code: a.name for a in session.scalars(select(Authority).where(Authority.la_code.in_(codes)))
    }
    by_la: dict[str, list[Inspection]] = {}
    for insp in _inspections(session, codes):
        by_la.setdefault(insp.la_code or "", []).append(insp)
    rows: list[HistoryRow] = []
    for code in codes:
        via = None if code == la_code else f"predecessor of {la_code}"
        for insp in sorted(by_la.get(code, []), key=_sort_key):
            rows.extend(_rows(insp, names, via))
    return rows


def latest_judgements(session: Session, la_codes: Iterable[str]) -> dict[str, list[HistoryRow]]:
    """For each authority, the judgements of its latest graded inspection (empty list when none)."""
    codes = list(dict.fromkeys(la_codes))
    names = {
        a.la_code: a.name for a in session.scalars(select(Authority).where(Authority.la_code.in_(codes)))
    }
    latest: dict[str, Inspection] = {}
    for insp in _inspections(session, codes):
        if not any(j.ordinal is not None for j in insp.judgements):
            continue
        la = insp.la_code or ""
        if la not in latest or _sort_key(insp) > _sort_key(latest[la]):
            latest[la] = insp
    return {c: (_rows(latest[c], names, None) if c in latest else []) for c in codes}
