"""Read-side queries shared by the pages and the API (pure reads; no writes here)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from fastapi import HTTPException
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from csinspect.analysis import history
from csinspect.analysis.history import HistoryRow
from csinspect.analysis.neighbours import model_in_force
from csinspect.store.models import (
    Authority,
    AuthoritySuccession,
    Inspection,
    Judgement,
    SourceFile,
    StatNeighbour,
    StatNeighbourModel,
)

# The judgement that heads an inspection, in order of preference (else its first graded judgement).
HEADLINE_IDS = (
    "overall_effectiveness",
    "childrens_services_assessment",
    "lscb_effectiveness",
    "safeguarding_overall_effectiveness",
    "looked_after_children_overall_effectiveness",
    "safeguarding",
    "impact_of_leaders",
)


def authority_or_404(db: Session, la_code: str) -> Authority:
    authority = db.get(Authority, la_code) if re.fullmatch(r"\d{3}", la_code or "") else None
    if authority is None:
        raise HTTPException(status_code=404, detail=f"There is no authority with LA code {la_code!r}")
    return authority


def inspection_or_404(db: Session, inspection_id: int, *, facts: bool = False) -> Inspection:
    """The inspection with its judgements, recommendations, document and source file (and facts)."""
    loads = [
        selectinload(Inspection.judgements),
        selectinload(Inspection.recommendations),
        *([selectinload(Inspection.facts)] if facts else []),
        selectinload(Inspection.document),
        selectinload(Inspection.source_file),
    ]
    ins = db.scalars(select(Inspection).where(Inspection.id == inspection_id).options(*loads)).first()
    if ins is None:
        raise HTTPException(status_code=404, detail=f"There is no inspection {inspection_id}")
    return ins


def predecessors(db: Session, la_code: str) -> list[AuthoritySuccession]:
    return list(db.scalars(select(AuthoritySuccession).where(AuthoritySuccession.successor == la_code)).all())


def successors(db: Session, la_code: str) -> list[AuthoritySuccession]:
    return list(
        db.scalars(select(AuthoritySuccession).where(AuthoritySuccession.predecessor == la_code)).all()
    )


def lineage(db: Session, la_code: str) -> list[str]:
    """The authority and every predecessor (transitively)."""
    return [la_code, *(code for code, _ in history.predecessors(db, la_code))]


def timeline(db: Session, la_code: str) -> list[HistoryRow]:
    """Every judgement of the authority and its predecessors in date order, across frameworks."""
    return history.authority_history(db, la_code, include_predecessors=True)


G = TypeVar("G")  # a HistoryRow or a Judgement: anything with judgement_id and ordinal


def headline(rows: Sequence[G]) -> G | None:
    """The heading judgement of one inspection's rows."""
    by_id = {getattr(r, "judgement_id", None): r for r in rows}
    for jid in HEADLINE_IDS:
        if jid in by_id and getattr(by_id[jid], "ordinal", None) is not None:
            return by_id[jid]
    return next((r for r in rows if getattr(r, "ordinal", None) is not None), None)


def _when(ins: Inspection) -> date:
    return ins.published or ins.inspection_end or ins.inspection_start or date.min


@dataclass
class NeighbourRow:
    rank: int
    la_code: str
    name: str
    closeness: str | None
    latest: HistoryRow | None
    latest_rows: list[HistoryRow]


def neighbours(
    db: Session, la_code: str, on: date | None = None
) -> tuple[StatNeighbourModel | None, list[NeighbourRow]]:
    """The statistical neighbours in the model in force (today by default) with their latest grades."""
    model = model_in_force(db, on)  # the one rule, shared with the CLI and the profile
    if model is None:
        return None, []
    sns = db.scalars(
        select(StatNeighbour)
        .where(StatNeighbour.model_id == model.id, StatNeighbour.la_code == la_code)
        .order_by(StatNeighbour.rank)
    ).all()
    codes = [s.neighbour_la_code for s in sns]
    names = authority_names(db, codes)
    latest = history.latest_judgements(db, codes)
    rows = [
        NeighbourRow(
            rank=s.rank,
            la_code=s.neighbour_la_code,
            name=names.get(s.neighbour_la_code, s.neighbour_la_code),
            closeness=s.closeness,
            latest=headline(latest.get(s.neighbour_la_code, [])),
            latest_rows=latest.get(s.neighbour_la_code, []),
        )
        for s in sns
    ]
    return model, rows


def data_version(db: Session) -> str:
    """A cheap fingerprint of the published data (changes whenever a load or ingest writes)."""
    ins = db.execute(
        select(func.count(Inspection.id), func.max(Inspection.id), func.max(Inspection.updated_at))
    ).one()
    jud = db.execute(select(func.count(Judgement.id), func.max(Judgement.id))).one()
    src = db.execute(select(func.count(SourceFile.id), func.max(SourceFile.id))).one()
    return "-".join(str(x) for x in (*ins, *jud, *src))


@dataclass
class GradeCount:
    grade: str
    label: str
    ordinal: int | None
    count: int


@dataclass
class FrameworkPicture:
    framework_id: str
    title: str
    authorities: int
    counts: list[GradeCount]


def framework_title(framework_id: str) -> str:
    try:
        from csinspect.frameworks.registry import get_framework

        return get_framework(framework_id).short_title
    except Exception:
        return framework_id


def national_picture(db: Session) -> list[FrameworkPicture]:
    """For each framework: the headline grade of each current authority's latest inspection under it."""
    current = set(db.scalars(select(Authority.la_code).where(Authority.status == "current")).all())
    inspections = db.scalars(
        select(Inspection)
        .where(Inspection.la_code.is_not(None))
        .where(Inspection.judgements.any(Judgement.ordinal.is_not(None)))
        .options(selectinload(Inspection.judgements))
    ).all()
    latest: dict[tuple[str, str], Inspection] = {}
    for ins in inspections:
        if ins.la_code not in current:
            continue
        key = (ins.framework_id, ins.la_code)
        cur = latest.get(key)
        if cur is None or (_when(ins), ins.id) > (_when(cur), cur.id):
            latest[key] = ins
    by_fw: dict[str, Counter[tuple[str, str, int | None]]] = defaultdict(Counter)
    newest: dict[str, date] = {}
    for (fw, _la), ins in latest.items():
        newest[fw] = max(newest.get(fw, date.min), _when(ins))
        h = headline(ins.judgements)
        if h is not None and h.grade:
            label = (
                h.label if h.label and len(h.label) < 60 else (h.grade or "").replace("_", " ").capitalize()
            )
            by_fw[fw][(h.grade, _canonical_label(fw, h.grade, label), h.ordinal)] += 1
    out = []
    for fw, counter in by_fw.items():
        counts = [GradeCount(grade=g, label=lbl, ordinal=o, count=n) for (g, lbl, o), n in counter.items()]
        counts.sort(key=lambda c: -(c.ordinal or 0))
        out.append(
            FrameworkPicture(
                framework_id=fw, title=framework_title(fw), authorities=sum(counter.values()), counts=counts
            )
        )
    out.sort(
        key=lambda p: (newest.get(p.framework_id, date.min), p.authorities), reverse=True
    )  # newest first
    return out


def _canonical_label(framework_id: str, grade: str, fallback: str) -> str:
    try:
        from csinspect.frameworks.registry import get_framework

        return get_framework(framework_id).scale.value(grade).label
    except Exception:
        return fallback


def latest_published(db: Session, limit: int = 10) -> list[Inspection]:
    return list(
        db.scalars(
            select(Inspection)
            .where(Inspection.published.is_not(None))
            .order_by(Inspection.published.desc(), Inspection.id.desc())
            .limit(limit)
            .options(selectinload(Inspection.judgements))
        ).all()
    )


@dataclass
class OverdueRow:
    la_code: str
    name: str
    last_inspection_id: int | None
    last_type: str | None
    last_ended: date | None
    due: date | None
    days_overdue: int


CYCLE_DOCUMENT_TYPES = ("ilacs_standard", "ilacs_short")


def cadence_years(framework_id: str = "ilacs_2023", default: int = 3) -> int:
    """Years between inspections, read from the framework's ``cadence`` text where it states one."""
    try:
        from csinspect.frameworks.registry import get_framework

        cadence = get_framework(framework_id).cadence or ""
    except Exception:
        return default
    m = re.search(r"(\d+)\s*-?\s*years?", cadence) or re.search(r"(three|four|five)\s*-?\s*years?", cadence)
    if not m:
        return default
    words = {"three": 3, "four": 4, "five": 5}
    return int(m.group(1)) if m.group(1).isdigit() else words[m.group(1)]


def overdue(db: Session, today: date | None = None) -> tuple[int, list[OverdueRow]]:
    """Current authorities whose last standard or short ILACS inspection is older than the cycle."""
    today = today or date.today()
    years = cadence_years()
    last: dict[str, Inspection] = {}
    for ins in db.scalars(select(Inspection).where(Inspection.document_type.in_(CYCLE_DOCUMENT_TYPES))).all():
        if ins.la_code is None:
            continue
        prev = last.get(ins.la_code)
        if prev is None or (_when(ins), ins.id) > (_when(prev), prev.id):
            last[ins.la_code] = ins
    rows = []
    for a in db.scalars(
        select(Authority).where(Authority.status == "current").order_by(Authority.name)
    ).all():
        latest = last.get(a.la_code)
        if latest is None:
            continue
        ended = latest.inspection_end or latest.published
        due = _add_years(ended, years) if ended else None
        if due is not None and due < today:
            rows.append(
                OverdueRow(a.la_code, a.name, latest.id, latest.document_type, ended, due, (today - due).days)
            )
    rows.sort(key=lambda r: -r.days_overdue)
    return years, rows


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28) + timedelta(days=1)


def authority_names(db: Session, la_codes: list[str]) -> dict[str, str]:
    if not la_codes:
        return {}
    return dict(
        db.execute(select(Authority.la_code, Authority.name).where(Authority.la_code.in_(la_codes))).all()
    )


def headline_of(ins: Inspection) -> Judgement | None:
    return headline(ins.judgements)


def document_title(framework_id: str, document_type: str) -> str:
    """The framework's own name for a document type ("ILACS standard inspection"), else the id made readable."""
    try:
        from csinspect.frameworks.registry import get_framework

        for d in get_framework(framework_id).document_types:
            if d.id == document_type:
                return d.title
    except Exception:
        pass
    text = document_type.replace("_", " ")
    return text[:1].upper() + text[1:]
