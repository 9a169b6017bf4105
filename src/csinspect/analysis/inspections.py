"""Inspections as people mean them: one inspection, however many sources record it.

Ofsted's workbooks and the ingested report itself often record the same inspection. ``InspectionGroup`` puts
them together (Ofsted's table first, as the published statistic; the report adds its pages, quotes and
recommendations), fills each date from whichever source has it, and flags grades the sources disagree on.
Every face reads inspections through here: the history, the authority page, the inspection page, the API,
the national counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from csinspect.frameworks.facts import headline_of
from csinspect.records import (
    AuthorityRef,
    FactRecord,
    FindingRecord,
    InspectionRecord,
    JudgementRecord,
    Quote,
    RecommendationRecord,
    SourceRecord,
    happened_on,
)
from csinspect.store.models import Authority, Document, Finding, Inspection, Judgement

# A report is published within weeks of the visit (SIF: about eight; never a whole cycle apart).
PUBLISHED_WITHIN = timedelta(days=120)


def same_inspection(a: Inspection, b: Inspection) -> bool:
    """Two records of one inspection from different sources (Ofsted's table and the report itself):
    same authority and framework, and the same start date or the same publication date; or, when one
    gives only its publication date and the other only its visit, published within weeks of the visit."""
    if a.origin == b.origin or "assessment" in (a.origin, b.origin):
        return False
    if a.la_code != b.la_code or a.framework_id != b.framework_id:
        return False
    same_start = a.inspection_start is not None and a.inspection_start == b.inspection_start
    same_published = a.published is not None and a.published == b.published
    return same_start or same_published or _published_after_visit(a, b) or _published_after_visit(b, a)


def _published_after_visit(table: Inspection, report: Inspection) -> bool:
    if table.published is None or table.inspection_start is not None or report.published is not None:
        return False
    visit = report.inspection_end or report.inspection_start
    return visit is not None and visit <= table.published <= visit + PUBLISHED_WITHIN


def group_sources(inspections: Iterable[Inspection]) -> list[tuple[Inspection, list[Inspection]]]:
    """Each inspection once: (primary record, other records of the same inspection). Ofsted's own table is
    the primary where it has the inspection (it is the published statistic); a report adds its pages."""
    ordered = sorted(inspections, key=lambda i: (i.origin != "official_table", i.id))
    groups: list[tuple[Inspection, list[Inspection]]] = []
    by_key: dict[tuple[str | None, str], list[tuple[Inspection, list[Inspection]]]] = {}
    for insp in ordered:
        candidates = by_key.setdefault((insp.la_code, insp.framework_id), [])
        home = next((g for g in candidates if same_inspection(g[0], insp)), None)
        if home is None:
            group: tuple[Inspection, list[Inspection]] = (insp, [])
            groups.append(group)
            candidates.append(group)
        else:
            home[1].append(insp)
    return groups


@dataclass(frozen=True)
class Source:
    """One record of an inspection: Ofsted's table (file and row) or a report (document and its title)."""

    inspection_id: int
    origin: str  # official_table | report | assessment
    title: str  # what a person would call it: the workbook's name, or the report's file name
    reference: str | None  # sheet and row, or the part of the document
    document_id: int | None
    url: str | None  # Ofsted's own link, where the table gives one

    def record(self) -> SourceRecord:
        """In the record schema."""
        return SourceRecord(
            inspection_id=self.inspection_id,
            origin=self.origin,
            title=self.title,
            reference=self.reference,
            document_id=self.document_id,
            url=self.url,
        )


@dataclass
class InspectionGroup:
    """One inspection and every record of it."""

    primary: Inspection
    others: list[Inspection] = field(default_factory=list)

    @property
    def records(self) -> list[Inspection]:
        return [self.primary, *self.others]

    @property
    def id(self) -> int:
        return self.primary.id

    @property
    def ids(self) -> list[int]:
        return [r.id for r in self.records]

    @property
    def la_code(self) -> str | None:
        return self.primary.la_code

    @property
    def framework_id(self) -> str:
        return self.primary.framework_id

    @property
    def document_type(self) -> str:
        # the report knows short from standard; Ofsted's table does too: the primary's word stands
        return self.primary.document_type

    def _first(self, attr: str) -> Any:
        return next((getattr(r, attr) for r in self.records if getattr(r, attr) is not None), None)

    @property
    def inspection_start(self) -> date | None:
        return self._first("inspection_start")  # type: ignore[no-any-return]

    @property
    def inspection_end(self) -> date | None:
        return self._first("inspection_end")  # type: ignore[no-any-return]

    @property
    def published(self) -> date | None:
        return self._first("published")  # type: ignore[no-any-return]

    @property
    def lead_inspector(self) -> str | None:
        return self._first("lead_inspector")  # type: ignore[no-any-return]

    @property
    def when(self) -> date | None:
        return happened_on(self.inspection_start, self.inspection_end, self.published)

    @property
    def status(self) -> str:
        if self.disagreements or any(r.status == "needs_review" for r in self.records):
            return "needs_review"
        return "ok"

    @property
    def reasons(self) -> list[str]:
        out = [
            f"{r.origin.replace('_', ' ')}: {why}" if self.others else why
            for r in self.records
            for why in (r.reasons or [])
        ]
        return out + self.disagreements

    @property
    def judgements(self) -> list[Judgement]:
        """The primary record's judgements, then those only another source grades."""
        have = {j.judgement_id for j in self.primary.judgements}
        extra = [j for o in self.others for j in o.judgements if j.judgement_id not in have]
        return [*self.primary.judgements, *extra]

    @property
    def disagreements(self) -> list[str]:
        """Grades two sources print differently, naming both."""
        out = []
        by_id = {j.judgement_id: j for j in self.primary.judgements if j.grade is not None}
        for o in self.others:
            for j in o.judgements:
                mine = by_id.get(j.judgement_id)
                if mine is not None and j.grade is not None and j.grade != mine.grade:
                    page = f" page {j.page}" if j.page else ""
                    out.append(
                        f"sources disagree on {j.judgement_id}: {describe(self.primary)} prints {mine.label!r}, "
                        f"{describe(o)}{page} prints {j.label!r}"
                    )
        return out

    @property
    def headline(self) -> Judgement | None:
        return headline_of(self.framework_id, self.judgements)

    @property
    def authority_printed(self) -> str | None:
        return self._first("authority_printed")  # type: ignore[no-any-return]

    @property
    def origin(self) -> str:
        return self.primary.origin

    @property
    def facts(self) -> list[Any]:
        return [f for r in self.records for f in r.facts]

    @property
    def report(self) -> Inspection | None:
        """The record read from the report itself, if any (it carries the recommendations and quotes)."""
        return next((r for r in self.records if r.origin == "report"), None)

    @property
    def recommendations(self) -> list[Any]:
        return [rec for r in self.records for rec in r.recommendations]

    def sources(self) -> list[Source]:
        return [source_of(r) for r in self.records]


def source_name(insp: Inspection) -> str | None:
    if insp.source_file is not None:
        return insp.source_file.name
    if insp.document is not None:
        return insp.document.filename.rsplit("/", 1)[-1]  # older stores kept the path: never show it
    return None


def describe(insp: Inspection) -> str:
    return f"{insp.origin.replace('_', ' ')} {source_name(insp) or ''} (record {insp.id})".replace("  ", " ")


def source_of(insp: Inspection) -> Source:
    extra = insp.extra or {}
    if insp.origin == "report" and insp.document is not None:
        title = insp.document.filename.rsplit("/", 1)[-1]
        return Source(insp.id, insp.origin, title, insp.source_ref, insp.document_id, extra.get("source_url"))
    title = insp.source_file.name if insp.source_file is not None else insp.origin.replace("_", " ")
    return Source(insp.id, insp.origin, title, insp.source_ref, None, extra.get("ofsted_link"))


_LOADS = (
    selectinload(Inspection.judgements),
    selectinload(Inspection.source_file),
    selectinload(Inspection.document),
)


def load_inspections(
    session: Session,
    la_codes: Iterable[str] | None = None,
    *,
    framework_id: str | None = None,
    recommendations: bool = False,
    graded_only: bool = False,
) -> list[Inspection]:
    stmt = select(Inspection).options(*_LOADS)
    if recommendations:
        stmt = stmt.options(selectinload(Inspection.recommendations))
    if la_codes is not None:
        stmt = stmt.where(Inspection.la_code.in_(list(la_codes)))
    if framework_id is not None:
        stmt = stmt.where(Inspection.framework_id == framework_id)
    if graded_only:
        stmt = stmt.where(Inspection.judgements.any(Judgement.ordinal.is_not(None)))
    return list(session.scalars(stmt))


def newest_first(groups: Sequence[InspectionGroup]) -> list[InspectionGroup]:
    return sorted(groups, key=lambda g: (g.when or date.min, g.published or date.min, g.id), reverse=True)


def inspection_groups(
    session: Session,
    la_codes: Iterable[str] | None = None,
    *,
    framework_id: str | None = None,
    recommendations: bool = False,
    graded_only: bool = False,
) -> list[InspectionGroup]:
    """Every inspection of the authorities (all when None), each once, newest first."""
    rows = load_inspections(
        session, la_codes, framework_id=framework_id, recommendations=recommendations, graded_only=graded_only
    )
    return newest_first([InspectionGroup(p, o) for p, o in group_sources(rows)])


def group_of(session: Session, inspection_id: int) -> InspectionGroup | None:
    """The inspection a record belongs to, with its other sources (None when there is no such record)."""
    insp = session.get(Inspection, inspection_id)
    if insp is None:
        return None
    siblings = session.scalars(
        select(Inspection)
        .where(Inspection.la_code == insp.la_code, Inspection.framework_id == insp.framework_id)
        .options(*_LOADS, selectinload(Inspection.recommendations), selectinload(Inspection.facts))
    )
    for primary, others in group_sources(siblings):
        if inspection_id in (primary.id, *(o.id for o in others)):
            return InspectionGroup(primary, others)
    return None


def findings_of(session: Session, inspection_ids: Iterable[int]) -> list[Finding]:
    ids = list(inspection_ids)
    return list(
        session.scalars(
            select(Finding).where(Finding.inspection_id.in_(ids)).order_by(Finding.page, Finding.id)
        )
    )


def get_document(session: Session, document_id: int) -> Document | None:
    return session.get(Document, document_id)


def _judgement_record(j: Judgement) -> JudgementRecord:
    confirmed = [int(p) for p in re.findall(r"\bp(\d+)", (j.source_ref or "").partition("confirmed on ")[2])]
    return JudgementRecord(
        id=j.judgement_id,
        title=(j.source_ref or "").removeprefix("title: ").split("; confirmed on")[0]
        if (j.source_ref or "").startswith("title: ")
        else None,
        label=j.label,
        grade=j.grade,
        ordinal=j.ordinal,
        status=j.status,
        reason=j.reason,
        page=j.page,
        quote=j.span_text,
        source_ref=j.source_ref,
        confirmed_on_pages=confirmed,
    )


def _provenance(insp: Inspection) -> dict[str, Quote | None]:
    raw = (insp.extra or {}).get("provenance") or {}
    out: dict[str, Quote | None] = {}
    for key, value in raw.items():
        if key == "classification":
            continue
        out[key] = (
            None
            if not value
            else Quote(page=value.get("page"), text=value.get("text"), source=value.get("source"))
        )
    return out


def inspection_record(
    session: Session, records: Sequence[Inspection], findings: Sequence[Finding] | None = None
) -> InspectionRecord:
    """The record schema for one inspection from its stored records (the first is the primary): every
    source's judgements (the primary's first, then those only another source grades), recommendations and
    facts, dates from whichever source has them, and disagreements between sources as reasons."""
    group = InspectionGroup(records[0], list(records[1:]))
    primary = group.primary
    auth = session.get(Authority, primary.la_code) if primary.la_code else None
    report = group.report
    extra = {k: v for r in reversed(group.records) for k, v in (r.extra or {}).items() if k != "provenance"}
    if findings is None:
        findings = findings_of(session, group.ids)
    return InspectionRecord(
        id=group.id,
        ids=group.ids,
        part=(report.source_ref or "#main").rsplit("#", 1)[-1] if report is not None else "main",
        status=group.status,
        reasons=group.reasons,
        framework=group.framework_id,
        document_type=group.document_type,
        authority=AuthorityRef(
            la_code=primary.la_code,
            gss_code=auth.gss_code if auth else None,
            name=auth.name if auth else None,
            printed=group.authority_printed,
        ),
        inspection_start=group.inspection_start,
        inspection_end=group.inspection_end,
        published=group.published,
        published_source=((_provenance(report).get("published") or Quote()).source if report else None)
        or ("table" if primary.origin == "official_table" and primary.published else None),
        lead_inspector=group.lead_inspector,
        judgements=[_judgement_record(j) for j in group.judgements],
        recommendations=[
            RecommendationRecord(
                seq=r.seq,
                text=r.text,
                category=r.category,
                section=r.section,
                page=r.page,
                quote=r.span_text,
                timescale=r.timescale,
                theme=r.theme,
                number=r.printed_number,
                framework_tag=r.nf_tag,
                national_framework=[x for x in (r.nf_elements or "").split(",") if x],
            )
            for r in group.recommendations
        ],
        facts=[
            FactRecord(
                name=f.name,
                value=f.value,
                unit=f.unit,
                as_of=f.as_of,
                as_of_basis=f.as_of_basis,
                page=f.page,
                quote=f.span_text,
            )
            for f in group.facts
        ],
        findings=[FindingRecord(kind=f.kind, area=f.area, text=f.text, page=f.page) for f in findings],
        provenance=_provenance(report) if report is not None else {},
        sources=[src.record() for src in group.sources()],
        sha256=report.document.sha256 if report is not None and report.document is not None else None,
        parser_version=report.parser_version if report is not None else None,
        extra=extra,
    )


def stored_record(session: Session, inspection_id: int) -> InspectionRecord | None:
    """One stored record as it is (``show-inspection``): only its own source."""
    ins = session.get(Inspection, inspection_id)
    return None if ins is None else inspection_record(session, [ins])


def record_of_inspection(session: Session, inspection_id: int) -> InspectionRecord | None:
    """The inspection a record belongs to, with every source of it (the API and the inspection page)."""
    group = group_of(session, inspection_id)
    return None if group is None else inspection_record(session, group.records)


# ---- lists for the API ----------------------------------------------------------------------------------------


def _published_in(year: int) -> Any:
    return (Inspection.published >= date(year, 1, 1)) & (Inspection.published < date(year + 1, 1, 1))


def inspection_list(
    session: Session,
    *,
    la_code: str | None = None,
    framework: str | None = None,
    document_type: str | None = None,
    year: int | None = None,
    status: str | None = None,
    origin: str | None = None,
) -> list[InspectionGroup]:
    """Inspections (each once, however many sources record it), newest publication first, filtered."""
    groups = inspection_groups(session, [la_code] if la_code else None, framework_id=framework)
    out = [
        g
        for g in groups
        if (document_type is None or g.document_type == document_type)
        and (year is None or (g.published is not None and g.published.year == year))
        and (status is None or g.status == status)
        and (origin is None or any(r.origin == origin for r in g.records))
    ]
    return sorted(out, key=lambda g: (g.published or date.min, g.id), reverse=True)


def _filter_inspections(stmt: Any, la_code: str | None, framework: str | None, year: int | None) -> Any:
    if la_code:
        stmt = stmt.where(Inspection.la_code == la_code)
    if framework:
        stmt = stmt.where(Inspection.framework_id == framework)
    if year:
        stmt = stmt.where(_published_in(year))
    return stmt


def judgements_page(
    session: Session,
    *,
    la_code: str | None = None,
    framework: str | None = None,
    judgement_id: str | None = None,
    grade: str | None = None,
    year: int | None = None,
    offset: int = 0,
    limit: int = 200,
) -> tuple[int, list[Any]]:
    """(total, one page of (Judgement, Inspection) rows), newest publication first."""
    from csinspect.analysis.paging import count_and_page

    stmt = _filter_inspections(
        select(Judgement, Inspection).join(Inspection, Judgement.inspection_id == Inspection.id),
        la_code,
        framework,
        year,
    )
    if judgement_id:
        stmt = stmt.where(Judgement.judgement_id == judgement_id)
    if grade:
        stmt = stmt.where(Judgement.grade == grade)
    return count_and_page(
        session, stmt.order_by(Inspection.published.desc(), Judgement.id), offset, limit, rows=True
    )


def recommendations_page(
    session: Session,
    *,
    la_code: str | None = None,
    framework: str | None = None,
    category: str | None = None,
    year: int | None = None,
    offset: int = 0,
    limit: int = 200,
) -> tuple[int, list[Any]]:
    """(total, one page of (Recommendation, Inspection) rows), newest publication first, in report order."""
    from csinspect.analysis.paging import count_and_page
    from csinspect.store.models import Recommendation

    stmt = _filter_inspections(
        select(Recommendation, Inspection).join(Inspection, Recommendation.inspection_id == Inspection.id),
        la_code,
        framework,
        year,
    )
    if category:
        stmt = stmt.where(Recommendation.category == category)
    stmt = stmt.order_by(Inspection.published.desc(), Recommendation.inspection_id, Recommendation.seq)
    return count_and_page(session, stmt, offset, limit, rows=True)


# the long format of judgements and of recommendations, shared by the API (/judgements, /recommendations) and
# ``csinspect export judgements|recommendations``: column -> meaning
JUDGEMENT_COLUMNS = {
    "id": "the judgement's row id",
    "inspection_id": "the inspection record it belongs to (/api/v1/inspections/{id})",
    "la_code": "the authority's LA number",
    "framework_id": "the framework (frameworks/data/<id>.yaml)",
    "published": "the report's publication date",
    "judgement_id": "the framework's judgement id",
    "label": "the grade as printed",
    "grade": "the framework's scale value id",
    "ordinal": "the common scale: 4 best … 1 worst",
    "status": "ok or needs_review",
    "reason": "why it needs review",
    "page": "the report page it was read from",
    "span_text": "the text it was read from",
    "source_ref": "sheet/row/column of an official table, or the document part",
}
RECOMMENDATION_COLUMNS = {
    "id": "the recommendation's row id",
    "inspection_id": "the inspection record it belongs to",
    "la_code": "the authority's LA number",
    "framework_id": "the framework",
    "published": "the report's publication date",
    "seq": "its order in the report",
    "text": "the recommendation as printed",
    "category": "recommendation, priority_action, area_for_improvement or what_needs_to_improve",
    "section": "the heading it was printed under",
    "theme": "the theme heading above it, where printed",
    "printed_number": "its number as printed",
    "timescale": "the timescale as printed",
    "nf_tag": "the national framework outcome or enabler it names, as printed",
    "page": "the report page",
}


def judgement_dict(j: Judgement, i: Inspection) -> dict[str, Any]:
    return {
        c: getattr(i if c in ("la_code", "framework_id", "published") else j, c) for c in JUDGEMENT_COLUMNS
    }


def recommendation_dict(r: Any, i: Inspection) -> dict[str, Any]:
    return {
        c: getattr(i if c in ("la_code", "framework_id", "published") else r, c)
        for c in RECOMMENDATION_COLUMNS
    }


def long_rows(
    session: Session, kind: str, *, la_code: str | None = None, framework: str | None = None
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Every judgement (``kind`` "judgements") or recommendation ("recommendations"), in the columns of the API's
    list, with those columns and their meaning: the bulk export."""
    if kind == "judgements":
        _, rows = judgements_page(session, la_code=la_code, framework=framework, limit=10**9)
        return [judgement_dict(j, i) for j, i in rows], JUDGEMENT_COLUMNS
    _, rows = recommendations_page(session, la_code=la_code, framework=framework, limit=10**9)
    return [recommendation_dict(r, i) for r, i in rows], RECOMMENDATION_COLUMNS
