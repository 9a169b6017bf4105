"""The national picture: grade distributions under a framework, each current authority's latest headline grade
under every framework, the newest publications, and who is past the inspection cycle, all counted one
inspection per inspection (``analysis.inspections``) and dated by ``records.happened_on``, against the date
the data is current to (``data_as_at``), never the machine's clock."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from csinspect.analysis.authorities import current_codes
from csinspect.analysis.inspections import InspectionGroup, inspection_groups, newest_first
from csinspect.frameworks import facts
from csinspect.frameworks.registry import FrameworkError, get_framework
from csinspect.store.models import Authority, Inspection, SourceFile

# Ofsted names its outcome workbooks "… as at 31 March 2025"
_AS_AT = re.compile(r"as_at_(\d{1,2})_([A-Za-z]+)_(\d{4})", re.I)


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


def grade_distribution(
    session: Session,
    framework_id: str,
    year: int | None = None,
    latest_only: bool = False,
    judgement_id: str | None = None,
) -> list[DistributionRow]:
    """Counts of each grade of each judgement, best grade first, one inspection counted once however many
    sources record it; ``year`` filters on when the inspection happened (``records.happened_on``)."""
    groups = inspection_groups(session, framework_id=framework_id)
    chosen = [g for g in groups if year is None or (g.when is not None and g.when.year == year)]
    if latest_only:
        latest: dict[str, InspectionGroup] = {}
        for g in chosen:  # newest first: the first seen per authority is its latest
            latest.setdefault(g.la_code or "", g)
        chosen = list(latest.values())
    counts: Counter[tuple[str, str | None, int | None]] = Counter()
    labels: dict[tuple[str, str | None, int | None], Counter[str]] = {}
    order: dict[str, int] = {}
    for g in chosen:
        for j in g.judgements:
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


# ---- data currency ----------------------------------------------------------------------------------------


def data_as_at(session: Session) -> date | None:
    """The date the national inspection data is complete to: the "as at" date of the newest Ofsted outcome
    workbook loaded (its file name states it), or the day of the last report sync that read Ofsted's site
    through (newer, once syncs run), else the newest publication date held."""
    from csinspect.sources.dates import MONTH_NUMBERS
    from csinspect.store.sync_models import SyncRun

    best: date | None = None
    for name in session.scalars(select(SourceFile.name).where(SourceFile.kind == "ofsted_la_outcomes")):
        m = _AS_AT.search(name)
        month = MONTH_NUMBERS.get(m.group(2).lower()) if m else None
        if m and month:
            d = date(int(m.group(3)), month, int(m.group(1)))
            best = d if best is None or d > best else best
    synced = session.scalar(
        select(func.max(SyncRun.finished_at)).where(SyncRun.kind == "reports", SyncRun.status == "ok")
    )
    if synced is not None and (best is None or synced.date() > best):
        best = synced.date()
    if best is None:
        best = session.scalar(select(func.max(Inspection.published)))
    return best


def statistics_as_at(session: Session) -> date | None:
    """When the official statistics were last published: the newest release ``sync data`` loaded, else the
    day the newest statistics file was loaded."""
    from csinspect.store.sync_models import DataRelease

    released = session.scalar(select(func.max(DataRelease.published)).where(DataRelease.status == "loaded"))
    if released is not None:
        return released.date()
    loaded = session.scalar(
        select(func.max(SourceFile.loaded_at)).where(SourceFile.kind.in_(("ees_csv", "lait_bds")))
    )
    return loaded.date() if loaded is not None else None


# ---- the picture on the home page ---------------------------------------------------------------------------


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
    authorities: int  # current authorities with a graded inspection under the framework
    counts: list[GradeCount]  # their latest headline grades (empty when the framework has no headline)
    headline_judgement: str | None = None
    note: str | None = None  # why there is no headline (ILACS from April 2026)
    by_judgement: dict[str, list[GradeCount]] = field(default_factory=dict)  # when there is no headline
    newest: date | None = None
    national: bool = True  # False: too few authorities to be a national distribution ("reports held")


# A framework's picture is a national distribution once a fifth of current authorities have been judged
# under it; below that it is a set of reports held, not a picture of the country.
NATIONAL_SHARE = 0.2


def framework_title(framework_id: str) -> str:
    try:
        return get_framework(framework_id).short_title
    except FrameworkError:
        return framework_id


def _canonical_label(framework_id: str, grade: str, fallback: str) -> str:
    try:
        return get_framework(framework_id).scale.value(grade).label
    except (FrameworkError, KeyError):
        return fallback


def _count(counter: Counter[tuple[str, str, int | None]]) -> list[GradeCount]:
    out = [GradeCount(grade=g, label=lbl, ordinal=o, count=n) for (g, lbl, o), n in counter.items()]
    return sorted(out, key=lambda c: -(c.ordinal or 0))


def national_picture(session: Session) -> list[FrameworkPicture]:
    """For each framework: the latest inspection of each current authority under it, by its headline grade
    (or, for a framework without one, by each of its judgements). Newest frameworks first."""
    current = set(current_codes(session))
    latest: dict[tuple[str, str], InspectionGroup] = {}
    for g in inspection_groups(session, graded_only=True):  # newest first
        if g.la_code in current:
            latest.setdefault((g.framework_id, g.la_code or ""), g)
    by_fw: dict[str, list[InspectionGroup]] = defaultdict(list)
    for (fw, _la), g in latest.items():
        by_fw[fw].append(g)
    out = []
    for fw, groups in by_fw.items():
        head_ids = facts.headline_ids(fw)
        pic = FrameworkPicture(
            framework_id=fw,
            title=framework_title(fw),
            authorities=len(groups),
            counts=[],
            headline_judgement=head_ids[0] if head_ids else None,
            note=facts.headline_note(fw),
            newest=max((g.when for g in groups if g.when), default=None),
            national=len(groups) >= NATIONAL_SHARE * max(1, len(current)),
        )
        if head_ids:
            counter: Counter[tuple[str, str, int | None]] = Counter()
            for g in groups:
                h = g.headline
                if h is not None and h.grade:
                    counter[(h.grade, _canonical_label(fw, h.grade, h.label or h.grade), h.ordinal)] += 1
            pic.counts = _count(counter)
        else:
            per: dict[str, Counter[tuple[str, str, int | None]]] = defaultdict(Counter)
            for g in groups:
                for j in g.judgements:
                    if j.grade and j.ordinal is not None:
                        per[j.judgement_id][
                            (j.grade, _canonical_label(fw, j.grade, j.label or j.grade), j.ordinal)
                        ] += 1
            pic.by_judgement = {jid: _count(c) for jid, c in per.items()}
        out.append(pic)
    out.sort(key=lambda p: (p.newest or date.min, p.authorities), reverse=True)
    return out


def latest_published(session: Session, limit: int = 10) -> list[InspectionGroup]:
    """The newest publications, each inspection once."""
    groups = [g for g in inspection_groups(session) if g.published is not None]
    return sorted(groups, key=lambda g: (g.published, g.id), reverse=True)[:limit]


# ---- the inspection cycle -----------------------------------------------------------------------------------


@dataclass
class OverdueRow:
    la_code: str
    name: str
    last_inspection_id: int | None
    last_type: str | None
    last_inspected: date | None
    due: date | None
    days_overdue: int


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28) + timedelta(days=1)


def overdue(session: Session, as_of: date, family: str = "ilacs") -> tuple[int | None, list[OverdueRow]]:
    """Current authorities whose last graded inspection of the family (ILACS standard or short) happened more
    than the cycle of the framework in force on ``as_of`` before that date. Returns (cycle years, rows)."""
    years = facts.cycle_years(facts.framework_for(family, as_of))
    if years is None:
        return None, []
    types = facts.cycle_document_types(family)
    fws = {fw.id for fw in facts.family(family)}
    last: dict[str, InspectionGroup] = {}
    for g in newest_first([g for fw in fws for g in inspection_groups(session, framework_id=fw)]):
        if g.la_code and g.document_type in types and (g.when is None or g.when <= as_of):
            last.setdefault(g.la_code, g)
    rows = []
    for a in session.scalars(select(Authority).where(Authority.status == "current").order_by(Authority.name)):
        latest = last.get(a.la_code)
        if latest is None or latest.when is None:
            continue
        due = _add_years(latest.when, years)
        if due < as_of:
            rows.append(
                OverdueRow(
                    a.la_code, a.name, latest.id, latest.document_type, latest.when, due, (as_of - due).days
                )
            )
    rows.sort(key=lambda r: -r.days_overdue)
    return years, rows
