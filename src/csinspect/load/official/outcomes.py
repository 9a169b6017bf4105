"""Ofsted's published inspection outcomes into the store as Inspection + Judgement rows (origin
``official_table``; grade = the framework's scale value, common ordinal, printed label verbatim;
``source_file`` + ``source_ref`` "sheet X row N"). The readers are ``csinspect.sources.official.ofsted_outcomes``.

Each record's authority is resolved here (GSS code, or name at the record's date). A record whose grades break
a hard rule of its framework (``frameworks.rules.check_overall``) is stored with status ``needs_review`` and
the rule's message as reason; a printed grade not on the framework's scale too.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from csinspect.authorities.resolve import AuthorityIndex
from csinspect.frameworks.registry import FrameworkError, get_framework
from csinspect.frameworks.schema import Framework
from csinspect.load.outcome import FileOutcome
from csinspect.sources.official.ofsted_outcomes import Record, read_csc_2023, read_la_outcomes
from csinspect.sources.official.readers import OfficialDataError
from csinspect.store.models import Authority, Inspection, Judgement, SourceFile

# -- storing -------------------------------------------------------------------------------------------------


class _Frameworks:
    def __init__(self) -> None:
        self._cache: dict[str, Framework | None] = {}

    def get(self, framework_id: str) -> Framework | None:
        if framework_id not in self._cache:
            try:
                self._cache[framework_id] = get_framework(framework_id)
            except FrameworkError:
                self._cache[framework_id] = None
        return self._cache[framework_id]


def _grade(
    fw: Framework | None, framework_id: str, jid: str, label: str
) -> tuple[str | None, int | None, str | None]:
    """(scale value id, ordinal, problem) for a printed label under the framework."""
    if fw is None:
        return None, None, f"framework {framework_id!r} is not defined, so {label!r} cannot be graded"
    try:
        fw.judgement(jid)
    except KeyError:
        return None, None, f"framework {framework_id} has no judgement {jid!r}"
    value = fw.scale.match(label)
    if value is None:
        return None, None, f"{label!r} is not a grade on the {framework_id} scale"
    return value.id, value.ordinal, None


def rule_problems(fw: Framework, grades: dict[str, str]) -> tuple[list[str], list[str]]:
    """(hard-rule breaches, soft-rule departures) as messages."""
    from csinspect.frameworks.rules import check_overall

    hard: list[str] = []
    soft: list[str] = []
    for f in check_overall(fw, grades):
        if f.applicable and not f.passed:
            (hard if f.severity == "hard" else soft).append(f"{f.rule_id}: {f.message}")
    return hard, soft


def store_records(session: Session, records: list[Record], source: SourceFile, summary: FileOutcome) -> None:
    """Insert or update (by natural key) each record with its judgements and rule findings."""
    fws = _Frameworks()
    keys = [r.natural_key for r in records]
    existing = (
        {
            i.natural_key: i
            for i in session.scalars(
                select(Inspection)
                .where(Inspection.natural_key.in_(keys))
                .options(selectinload(Inspection.judgements))
            ).all()
        }
        if keys
        else {}
    )
    first: dict[str, Record] = {}
    conflicts: dict[str, list[str]] = {}
    for rec in records:
        kept = first.setdefault(rec.natural_key, rec)
        if kept is rec:
            continue
        # The same inspection listed again (in-year sheet repeating the history): keep one, note both.
        kept.extra.setdefault("also_listed_at", []).append(rec.source_ref)
        if [(j, lbl) for j, lbl, _ in kept.grades] != [(j, lbl) for j, lbl, _ in rec.grades]:
            conflicts.setdefault(rec.natural_key, []).append(
                f"grades differ from {rec.source_ref}: {[(j, lbl) for j, lbl, _ in rec.grades]}"
            )
        summary.skip("listed twice (kept the first)")
    for rec in first.values():
        fw = fws.get(rec.framework_id)
        judgements: list[Judgement] = []
        reasons: list[str] = list(conflicts.get(rec.natural_key, []))
        graded: dict[str, str] = {}
        for jid, label, ref in rec.grades:
            grade, ordinal, problem = _grade(fw, rec.framework_id, jid, label)
            judgements.append(
                Judgement(
                    judgement_id=jid,
                    label=label,
                    grade=grade,
                    ordinal=ordinal,
                    status="needs_review" if problem else "ok",
                    reason=problem,
                    span_text=label,
                    source_ref=ref,
                )
            )
            if problem:
                reasons.append(f"{jid}: {problem}")
            elif grade is not None:
                graded[jid] = grade
        soft: list[str] = []
        if fw is not None and graded:
            hard, soft = rule_problems(fw, graded)
            reasons.extend(hard)
            if hard:
                for j in judgements:
                    if j.judgement_id == "overall_effectiveness":
                        j.status, j.reason = "needs_review", "; ".join(hard)
        extra = dict(rec.extra)
        if soft:
            extra["soft_rule_departures"] = soft
        insp = existing.get(rec.natural_key)
        if insp is None:
            insp = Inspection(natural_key=rec.natural_key, origin="official_table")
            session.add(insp)
        else:
            insp.judgements.clear()
            session.flush()
        insp.la_code = rec.la_code
        insp.authority_printed = rec.printed_name
        insp.framework_id = rec.framework_id
        insp.document_type = rec.document_type
        insp.inspection_start = rec.inspection_start
        insp.published = rec.published
        insp.status = "needs_review" if reasons else "ok"
        insp.reasons = reasons
        insp.source_file_id = source.id
        insp.source_ref = rec.source_ref
        insp.extra = extra or None
        insp.judgements.extend(judgements)
        summary.rows_loaded += 1
        if reasons:
            summary.skip("stored as needs_review")


def _index(session: Session, path: Path) -> AuthorityIndex:
    index = AuthorityIndex.from_session(session)
    if len(index) == 0:
        raise OfficialDataError(
            f"{path.name}: no authorities in the database; load the authority files first (kind 'authorities')"
        )
    return index


def resolve_records(index: AuthorityIndex, records: list[Record], file_name: str) -> None:
    """Set each record's LA code from the authority it prints (an unknown one stops the file: the workbook
    is Ofsted's official list, and a row that cannot be placed means the register is out of date)."""
    for rec in records:
        try:
            rec.la_code = index.resolve(rec.authority, rec.resolve_on).la_code
        except LookupError as exc:
            raise OfficialDataError(f"{file_name} {rec.source_ref}: {exc}") from None


class LaOutcomesLoader:
    kind = "ofsted_la_outcomes"
    order = 30
    description = "Ofsted LA inspection outcomes: ILACS history and in-year inspections and visits"

    def matches(self, path: Path) -> bool:
        return bool(re.match(r"^LA_Inspection_Outcomes_as_at_.*\.ods$", path.name, re.IGNORECASE))

    def load(self, path: Path, session: Session, source: SourceFile) -> FileOutcome:
        summary = FileOutcome(file=path.name, kind=self.kind)
        index = _index(session, path)
        records, regions_by_gss, summary.rows_read = read_la_outcomes(path)
        resolve_records(index, records, path.name)
        regions: dict[str, str] = {}
        for gss, region in regions_by_gss.items():
            regions.setdefault(index.resolve(gss).la_code, region)
        for auth in session.scalars(select(Authority).where(Authority.la_code.in_(list(regions)))).all():
            auth.ofsted_region = regions[auth.la_code]
        store_records(session, records, source, summary)
        summary.notes.append(
            f"{summary.rows_loaded} inspections and visits; Ofsted region for {len(regions)} authorities"
        )
        return summary


class Csc2023Loader:
    kind = "ofsted_csc_2023_la_inspections"
    order = 31
    description = "Ofsted children's social care 2023: LA inspections 2009-2023 (SLAC, CPI, TLAC, SIF, LSCB)"

    def matches(self, path: Path) -> bool:
        return bool(
            re.match(r"^Childrens_social_care_in_England_2023_underlying_data\.ods$", path.name, re.I)
        )

    def load(self, path: Path, session: Session, source: SourceFile) -> FileOutcome:
        summary = FileOutcome(file=path.name, kind=self.kind)
        index = _index(session, path)
        records, summary.rows_read = read_csc_2023(path)
        resolve_records(index, records, path.name)
        store_records(session, records, source, summary)
        summary.notes.append(
            f"{summary.rows_loaded} inspections from {summary.rows_read} LA rows; ILACS columns not read "
            "(LA_Inspection_Outcomes holds them with inspection dates)"
        )
        return summary
