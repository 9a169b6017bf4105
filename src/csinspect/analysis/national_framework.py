"""The performance profile grouped by the children's social care national framework: for each outcome and
enabler, the dashboard's measures as csinspect holds them (with the chosen neighbour comparison), what is not
yet held and why, the authority's recommendations tagged with it (2024- ILACS reports), and — for "leaders
drive conditions for effective practice" — the latest Ofsted leadership grades of its neighbours, region and
England from csinspect's own judgement history."""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from csinspect.analysis.comparators import DEFAULT, Comparator
from csinspect.analysis.history import latest_judgements
from csinspect.analysis.neighbours import neighbours_of
from csinspect.analysis.profile import ProfileError, ProfileRow, build_profile
from csinspect.frameworks.national import dashboard_measures, national_framework
from csinspect.store.models import Authority, Inspection, Recommendation

LEADERSHIP = ("impact_of_leaders", "leadership_management_governance")


@dataclass
class MeasureView:
    id: str
    title: str
    heading: str
    status: str  # held | judgement_history | not_yet_computed | input_not_available
    note: str | None
    measure: str | None
    row: ProfileRow | None = None


@dataclass
class TaggedRecommendation:
    text: str
    tag: str | None
    inspection_start: date | None
    published: date | None
    page: int | None


@dataclass
class ElementView:
    id: str
    kind: str
    title: str
    measures: list[MeasureView] = field(default_factory=list)
    recommendations: list[TaggedRecommendation] = field(default_factory=list)
    leadership: dict[str, dict[str, int]] | None = None  # group -> grade -> authorities


@dataclass
class NationalFrameworkView:
    la_code: str
    name: str
    comparator: str
    elements: list[ElementView]
    notes: list[str]

    def as_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)


def _leadership_counts(session: Session, la_code: str, model_id: str | None) -> dict[str, dict[str, int]]:
    auths = session.execute(select(Authority.la_code, Authority.region_code, Authority.status)).all()
    current = [a for a in auths if a.status == "current"]
    region = next((a.region_code for a in auths if a.la_code == la_code), None)
    _, nbs = neighbours_of(session, la_code, model_id=model_id)
    groups = {
        "neighbours": [n.la_code for n in nbs],
        "region": [a.la_code for a in current if a.region_code == region],
        "england": [a.la_code for a in current],
    }
    latest = latest_judgements(session, groups["england"])
    grade_of = {
        code: next((r.grade for r in rows if r.judgement_id in LEADERSHIP and r.grade), None)
        for code, rows in latest.items()
    }
    return {g: dict(Counter(grade_of.get(c) or "not graded" for c in codes)) for g, codes in groups.items()}


def _recommendations(session: Session, la_code: str) -> list[tuple[list[str], TaggedRecommendation]]:
    rows = session.execute(
        select(Recommendation, Inspection.inspection_start, Inspection.published)
        .join(Inspection, Recommendation.inspection_id == Inspection.id)
        .where(Inspection.la_code == la_code, Recommendation.nf_elements.is_not(None))
        .order_by(Inspection.inspection_start.desc(), Recommendation.seq)
    ).all()
    return [
        (
            (r.nf_elements or "").split(","),
            TaggedRecommendation(r.text, r.nf_tag, start, published, r.page),
        )
        for r, start, published in rows
    ]


def national_framework_view(
    session: Session, la_code: str, comparator: Comparator = DEFAULT
) -> NationalFrameworkView:
    profile = build_profile(session, la_code, comparator=comparator)
    rows = {r.indicator_id: r for r in profile.rows()}
    spec = dashboard_measures()
    lait_ids = {m.measure for m in spec.measures if m.measure and m.measure.startswith("lait:")}
    if lait_ids:
        from csinspect.analysis.lait import lait_profile

        with contextlib.suppress(ProfileError):  # LAIT's dictionary not loaded: those show as not held here
            rows |= {
                r.indicator_id: r
                for r in lait_profile(session, la_code, comparator=comparator, only=lait_ids).rows()
            }
    tagged = _recommendations(session, la_code)
    model_id = next((r.sn_model for r in profile.rows() if r.sn_model), None)
    elements = []
    for el in national_framework().elements:
        if el.kind == "principle":
            continue
        view = ElementView(el.id, el.kind, el.title)
        for m in sorted((m for m in spec.measures if m.element == el.id), key=lambda m: m.order):
            row = rows.get(m.measure) if m.measure else None
            note = m.note
            if m.status == "held" and row is None:
                note = f"held by csinspect, but no figure is loaded for this authority ({m.note})"
            view.measures.append(MeasureView(m.id, m.title, m.heading, m.status, note, m.measure, row))
        view.recommendations = [t for els, t in tagged if el.id in els]
        if el.id == "leaders_drive_practice":
            view.leadership = _leadership_counts(session, la_code, model_id)
        elements.append(view)
    held = sum(1 for e in elements for m in e.measures if m.row is not None)
    return NationalFrameworkView(
        la_code,
        profile.name,
        profile.comparator,
        elements,
        [f"{held} of {len(spec.measures)} dashboard measures with a figure here; the others say why not"],
    )
