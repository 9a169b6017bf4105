"""What a report or letter prints, gathered from an inspection record or an assessment into plain
data (no database access in the templates). Labels come from the framework YAML, so the report
reader recognises every judgement, grade and recommendation heading it prints."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from csinspect.frameworks.registry import get_framework
from csinspect.frameworks.schema import Framework, JudgementNode
from csinspect.store.assessment_models import Assessment
from csinspect.store.models import Authority, Finding, Inspection

# Which template family prints which framework.
TEMPLATE_FOR_FAMILY = {
    "jar": "jar",
    "apa": "apa",
    "csa": "csa",
    "sif": "sif",
    "lscb": "lscb",
    "ilacs": "ilacs",
}


@dataclass
class JudgementLine:
    id: str
    label: str  # the judgement as printed
    grade: str | None  # scale value id
    grade_label: str | None  # the grade as printed
    ordinal: int | None
    numeric: int | None  # the number the framework prints (APA/JAR/CSA 4 = best)
    depth: int = 0
    number: str = ""  # SIF front-page numbering: "1", "2.1" …
    rationale: str | None = None


@dataclass
class RecLine:
    seq: int
    text: str
    category: str | None
    category_label: str


@dataclass
class Chart:
    title: str
    svg: str
    alt: str
    rows: list[dict[str, Any]]


@dataclass
class ReportContext:
    framework: Framework
    template: str
    authority: str
    la_code: str | None
    title: str
    inspection_start: date | None
    inspection_end: date | None
    published: date | None
    judgements: list[JudgementLine]
    recommendations: list[RecLine]
    findings: list[dict[str, Any]]
    summary: str | None
    letter: dict[str, Any]
    lead_inspector: str | None
    origin: str
    provenance: str
    draft: bool = False
    companion: ReportContext | None = None
    charts: list[Chart] = field(default_factory=list)

    @property
    def overall(self) -> JudgementLine | None:
        return next(
            (
                j
                for j in self.judgements
                if j.id in ("overall_effectiveness", "childrens_services_assessment")
            ),
            None,
        )

    def judgement(self, jid: str) -> JudgementLine | None:
        return next((j for j in self.judgements if j.id == jid), None)

    def graded(self) -> list[JudgementLine]:
        return [j for j in self.judgements if j.grade_label]

    def rec_groups(self) -> list[tuple[str, str | None, list[RecLine]]]:
        """Recommendations grouped by category in the framework's order: (label, id, lines)."""
        order = {c.id: i for i, c in enumerate(self.framework.recommendation_categories)}
        groups: dict[str | None, list[RecLine]] = {}
        for r in self.recommendations:
            groups.setdefault(r.category, []).append(r)
        keys = sorted(groups, key=lambda k: order.get(k or "", len(order)))
        return [(groups[k][0].category_label, k, groups[k]) for k in keys]

    def findings_of(self, kind: str, area: str | None = None) -> list[str]:
        return [
            f["text"] for f in self.findings if f["kind"] == kind and (area is None or f.get("area") == area)
        ]

    @property
    def authority_short(self) -> str:
        name = self.authority
        for suffix in (" Borough Council", " City Council", " County Council", " Council"):
            if name.endswith(suffix):
                return name[: -len(suffix)]
        return name


def _walk(
    nodes: Sequence[JudgementNode], depth: int = 0, prefix: str = ""
) -> list[tuple[JudgementNode, int, str]]:
    out: list[tuple[JudgementNode, int, str]] = []
    n = 0
    for node in nodes:
        number = ""
        if node.group in ("key", "sub"):
            n += 1
            number = f"{prefix}{n}"
        # printed as on SIF front pages: "1.", "2.", "2.1", "2.2", "3."
        out.append((node, depth, number if "." in number or not number else f"{number}."))
        out.extend(_walk(node.children, depth + 1, f"{number}." if number else prefix))
    return out


def judgement_lines(
    fw: Framework, grades: Mapping[str, tuple[str | None, str | None]]
) -> list[JudgementLine]:
    """One line per judgement of the framework that has a grade (``grades``: id -> (grade, rationale))."""
    lines: list[JudgementLine] = []
    for node, depth, number in _walk(fw.judgements):
        if node.id not in grades or not node.graded:
            continue
        grade, rationale = grades[node.id]
        value = None
        if grade:
            try:
                value = fw.scale.value(grade)
            except KeyError:
                value = fw.scale.match(grade)
        lines.append(
            JudgementLine(
                id=node.id,
                label=node.label,
                grade=value.id if value else grade,
                grade_label=value.label if value else grade,
                ordinal=value.ordinal if value else None,
                numeric=value.numeric if value else None,
                depth=depth,
                number=number,
                rationale=rationale,
            )
        )
    return lines


def _category_label(fw: Framework, category: str | None) -> str:
    for c in fw.recommendation_categories:
        if c.id == category:
            return c.label
    if category:
        return category
    return fw.recommendation_categories[0].label if fw.recommendation_categories else "Recommendations"


def _authority_name(session: Session, la_code: str | None, printed: str | None) -> str:
    if printed:
        return printed
    auth = session.get(Authority, la_code) if la_code else None
    return auth.name if auth else (la_code or "Unknown authority")


def template_for(fw: Framework) -> str:
    return TEMPLATE_FOR_FAMILY.get(fw.family, "generic")


def context_for_inspection(
    session: Session, insp: Inspection, *, with_companion: bool = True
) -> ReportContext:
    fw = get_framework(insp.framework_id)
    grades = {
        j.judgement_id: (j.grade or j.label, j.reason if insp.origin == "assessment" else None)
        for j in insp.judgements
    }
    findings = [
        {"kind": f.kind, "area": f.area, "text": f.text}
        for f in session.scalars(select(Finding).where(Finding.inspection_id == insp.id).order_by(Finding.id))
    ]
    extra = insp.extra or {}
    ctx = ReportContext(
        framework=fw,
        template=template_for(fw),
        authority=_authority_name(session, insp.la_code, insp.authority_printed),
        la_code=insp.la_code,
        title=fw.title,
        inspection_start=insp.inspection_start,
        inspection_end=insp.inspection_end,
        published=insp.published,
        judgements=judgement_lines(fw, grades),
        recommendations=[
            RecLine(r.seq, r.text, r.category, _category_label(fw, r.category)) for r in insp.recommendations
        ],
        findings=findings,
        summary=extra.get("summary"),
        letter=dict(extra.get("letter") or {}),
        lead_inspector=insp.lead_inspector,
        origin=insp.origin,
        provenance=f"inspection {insp.id} ({insp.origin}; {insp.source_ref or insp.natural_key})",
    )
    if with_companion:
        ctx.companion = _companion(session, insp)
    return ctx


def _companion(session: Session, insp: Inspection) -> ReportContext | None:
    """The LSCB review printed in the same report as a SIF inspection (same document, or the LSCB
    assessment made as a companion of the SIF assessment)."""
    if insp.framework_id != "sif":
        return None
    other: Inspection | None = None
    if insp.document_id is not None:
        other = session.scalars(
            select(Inspection).where(
                Inspection.document_id == insp.document_id,
                Inspection.framework_id == "lscb",
                Inspection.id != insp.id,
            )
        ).first()
    aid = (insp.extra or {}).get("assessment_id")
    if other is None and aid is not None:
        comp = session.scalars(
            select(Assessment).where(Assessment.companion_of == aid, Assessment.framework_id == "lscb")
        ).first()
        if comp is not None and comp.inspection_id is not None:
            other = session.get(Inspection, comp.inspection_id)
        elif comp is not None:
            return context_for_assessment(session, comp, with_companion=False)
    return context_for_inspection(session, other, with_companion=False) if other else None


def context_for_assessment(session: Session, a: Assessment, *, with_companion: bool = True) -> ReportContext:
    """A published assessment prints from its inspection record; a draft prints marked DRAFT."""
    if a.inspection_id is not None:
        insp = session.get(Inspection, a.inspection_id)
        if insp is not None:
            ctx = context_for_inspection(session, insp, with_companion=with_companion)
            ctx.charts = charts_from_evidence(a)
            return ctx
    fw = get_framework(a.framework_id)
    grades = {j.judgement_id: (j.grade, j.rationale) for j in a.judgements}
    findings = [
        {
            "kind": {"area_for_improvement": "weakness"}.get(
                e.finding_kind or "", e.finding_kind or "key_finding"
            ),
            "area": e.judgement_area,
            "text": e.text,
        }
        for e in a.evidence
        if e.kind == "finding" and e.text
    ]
    ctx = ReportContext(
        framework=fw,
        template=template_for(fw),
        authority=_authority_name(session, a.la_code, None),
        la_code=a.la_code,
        title=fw.title,
        inspection_start=a.period_start,
        inspection_end=a.period_end,
        published=a.published_on,
        judgements=judgement_lines(fw, grades),
        recommendations=[
            RecLine(r.seq, r.text, r.category, _category_label(fw, r.category)) for r in a.recommendations
        ],
        findings=findings,
        summary=a.summary,
        letter=dict(a.letter or {}),
        lead_inspector=(a.letter or {}).get("lead_inspector"),
        origin="assessment",
        provenance=f"assessment {a.id} ({a.state})",
        draft=a.state != "published",
        charts=charts_from_evidence(a),
    )
    if with_companion and fw.id == "sif":
        comp = session.scalars(
            select(Assessment).where(Assessment.companion_of == a.id, Assessment.framework_id == "lscb")
        ).first()
        if comp is not None:
            ctx.companion = context_for_assessment(session, comp, with_companion=False)
    return ctx


def charts_from_evidence(a: Assessment, per_chart: int = 6) -> list[Chart]:
    """Charts of the profile rows attached as evidence: the authority against its statistical
    neighbours and England, one chart per judgement area that has rows."""
    rows = [
        row
        for e in a.evidence
        if e.kind == "profile" and isinstance(e.data, dict)
        for row in e.data.get("rows", [])
    ]
    return charts_from_rows(rows, per_chart)


def charts_from_profile(
    session: Session, la_code: str | None, year: int | None, per_chart: int = 6
) -> list[Chart]:
    """Charts from the performance profile for the year before publication (the data the report
    would cite); none when the profile holds no such period."""
    if la_code is None or year is None:
        return []
    try:
        from csinspect.analysis.profile import build_profile
        from csinspect.assessment.evidence import profile_rows
    except ImportError:
        return []
    for period in (str(year - 1), f"{year - 2}/{str(year - 1)[2:]}", str(year)):
        try:
            return charts_from_rows(profile_rows(build_profile(session, la_code, period=period)), per_chart)
        except LookupError:
            continue
    return []


def charts_from_rows(rows: Sequence[dict[str, Any]], per_chart: int = 6) -> list[Chart]:
    from csinspect.outputs.reports.charts import bar_chart

    by_area: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row.get("value") is None or not row.get("sn_average"):
            continue
        for area in row.get("judgement_areas") or []:
            by_area.setdefault(area, []).append(row)
    charts = []
    for area, rows in sorted(by_area.items()):
        if area == "context":
            continue
        rows = sorted(rows, key=lambda r: str(r.get("indicator_id")))[:per_chart]
        charts.append(bar_chart(area.replace("_", " ").capitalize(), rows))
    return charts
