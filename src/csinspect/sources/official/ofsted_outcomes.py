"""Ofsted's published local-authority inspection outcomes, stored as Inspection + Judgement rows
(origin ``official_table``; grade = the framework's scale value, common ordinal, printed label verbatim;
``source_file`` + ``source_ref`` "sheet X row N").

Two loaders:

- ``ofsted_la_outcomes``: ``LA_Inspection_Outcomes_as_at_31_March_<year>.ods``, sheets
  ``ILACS_inspection_history`` (ILACS 2018 before 1 January 2023, ILACS 2023 from then, by inspection date)
  and ``In-year_inspections`` (the same year's inspections, which repeat history rows, plus focused and
  monitoring visits with their theme). Authorities are found by Ofsted's GSS code; Ofsted's region is kept.
- ``ofsted_csc_2023_la_inspections``: sheet ``LA_inspections_2009-2023`` of
  ``Childrens_social_care_in_England_2023_underlying_data.ods``: SLAC, SLAC re-inspections, CPI, CPRI, TLAC,
  first SIF (+ the LSCB review published with it), SIF re-inspection. The sheet has names, not codes: the
  current-LA table is resolved by name, Table 11 (former LAs) by name at the date of its records. Only
  publication dates exist. Its ILACS columns repeat the first loader's data and are not read.

A record whose grades break a hard rule of its framework (``frameworks.rules.check_overall``) is stored with
status ``needs_review`` and the rule's message as reason; a printed grade not on the framework's scale too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from csinspect.authorities.resolve import AuthorityIndex
from csinspect.frameworks.registry import FrameworkError, get_framework
from csinspect.frameworks.schema import Framework
from csinspect.sources.official.readers import (
    cell_date,
    cell_text,
    clean_header,
    find_header,
    ods_row_links,
    read_sheet,
)
from csinspect.sources.official.registry import LoadSummary, OfficialDataError, register_loader
from csinspect.store.models import Authority, Inspection, Judgement, SourceFile

ILACS_2023_FROM = date(2023, 1, 1)  # new care-leavers sub-judgement (the workbook's Notes sheet)

HISTORY_SHEET = "ILACS_inspection_history"
INYEAR_SHEET = "In-year_inspections"
CSC_SHEET = "LA_inspections_2009-2023"

H_CODE = "Local authority area code"
H_NAME = "Local authority name"
H_OE = "Overall effectiveness"
H_LEADERS = "The impact of leaders on social work practice with children and families"
H_HELP = "The experiences and progress of children who need help and protection"
H_CIC = "The experiences and progress of children in care"
H_CL = "The experiences and progress of care leavers"
ILACS_JUDGEMENT_HEADERS = (H_OE, H_LEADERS, H_HELP, H_CIC, H_CL)

DOC_TYPES = {
    "ILACS Standard Inspection": ("ilacs_standard", True),
    "ILACS Short Inspection": ("ilacs_short", True),
    "ILACS Focused Visit": ("focused_visit", False),
    "ILACS Monitoring Visit": ("monitoring_visit", False),
    "LA Monitoring visit": ("monitoring_visit", False),
}


@dataclass
class Record:
    """One inspection as read from a sheet row, before it is stored."""

    natural_key: str
    la_code: str
    printed_name: str
    framework_id: str
    document_type: str
    published: date | None
    inspection_start: date | None
    source_ref: str
    grades: list[tuple[str, str, str]] = field(default_factory=list)  # judgement id, label, cell ref
    extra: dict[str, Any] = field(default_factory=dict)


def ilacs_framework(start: date | None, published: date | None) -> str:
    when = start or published
    return "ilacs_2023" if when is not None and when >= ILACS_2023_FROM else "ilacs_2018"


def ilacs_judgement_ids(framework_id: str) -> dict[str, str]:
    cic = "children_in_care" if framework_id == "ilacs_2023" else "children_in_care_and_care_leavers"
    return {
        H_OE: "overall_effectiveness",
        H_LEADERS: "impact_of_leaders",
        H_HELP: "help_and_protection",
        H_CIC: cic,
        H_CL: "care_leavers",
    }


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


def store_records(session: Session, records: list[Record], source: SourceFile, summary: LoadSummary) -> None:
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
        summary.skipped["listed twice (kept the first)"] = (
            summary.skipped.get("listed twice (kept the first)", 0) + 1
        )
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
            summary.skipped["stored as needs_review"] = summary.skipped.get("stored as needs_review", 0) + 1


def _index(session: Session, path: Path) -> AuthorityIndex:
    index = AuthorityIndex.from_session(session)
    if len(index) == 0:
        raise OfficialDataError(
            f"{path.name}: no authorities in the database; load the authority files first (kind 'authorities')"
        )
    return index


# -- LA_Inspection_Outcomes -------------------------------------------------------------------------------------


def _la_by_gss(index: AuthorityIndex, gss: str, where: str) -> str:
    try:
        return index.resolve(gss).la_code
    except LookupError as exc:
        raise OfficialDataError(f"{where}: {exc}") from None


def read_la_outcomes(path: Path, index: AuthorityIndex) -> tuple[list[Record], dict[str, str], int]:
    """Records from the ILACS history and in-year sheets, Ofsted regions by la_code, rows read."""
    records: list[Record] = []
    regions: dict[str, str] = {}
    rows_read = 0
    for sheet, date_col, type_col, region_col in (
        (HISTORY_SHEET, "Inspection date", "Inspection type", "Ofsted region"),
        (INYEAR_SHEET, "Inspection/Visit date", "Inspection/Visit type", "Region"),
    ):
        rows = read_sheet(path, sheet)
        where = f"{path.name} sheet {sheet}"
        required = (
            H_CODE,
            H_NAME,
            region_col,
            date_col,
            "Publication date",
            type_col,
            *ILACS_JUDGEMENT_HEADERS,
        )
        head, cols = find_header(rows, required, where)
        links = ods_row_links(path, sheet) if path.suffix.lower() == ".ods" else {}
        for i in range(head + 1, len(rows)):
            row = rows[i]
            gss = cell_text(row[cols[H_CODE]])
            if not gss:
                continue
            rows_read += 1
            ref = f"sheet {sheet} row {i + 1}"
            la = _la_by_gss(index, gss, f"{where} row {i + 1}")
            region = cell_text(row[cols[region_col]])
            if region:
                regions.setdefault(la, region)
            kind = cell_text(row[cols[type_col]])
            if kind not in DOC_TYPES:
                raise OfficialDataError(
                    f"{where} row {i + 1}: unknown inspection type {kind!r}; expected one of {', '.join(DOC_TYPES)}"
                )
            doc_type, graded = DOC_TYPES[kind]
            start = cell_date(row[cols[date_col]], f"{where} row {i + 1} column {date_col!r}")
            published = cell_date(
                row[cols["Publication date"]], f"{where} row {i + 1} column 'Publication date'"
            )
            if graded:
                fw_id = ilacs_framework(start, published)
                jids = ilacs_judgement_ids(fw_id)
            else:
                fw_id = doc_type  # focused_visit / monitoring_visit frameworks
                jids = {}
            rec = Record(
                natural_key=f"ofsted:{fw_id}:{doc_type}:{la}:{start or published}",
                la_code=la,
                printed_name=cell_text(row[cols[H_NAME]]),
                framework_id=fw_id,
                document_type=doc_type,
                published=published,
                inspection_start=start,
                source_ref=ref,
                extra={"ofsted_type": kind, "gss_code_printed": gss},
            )
            if i in links:
                rec.extra["ofsted_link"] = links[i]  # as published (Ofsted's own link, not corrected)
            if "Local authority status" in cols:
                rec.extra["ofsted_la_status"] = cell_text(row[cols["Local authority status"]])
            if "Visit Theme" in cols and cell_text(row[cols["Visit Theme"]]):
                rec.extra["visit_theme"] = cell_text(row[cols["Visit Theme"]])
            for header, jid in jids.items():
                label = cell_text(row[cols[header]])
                if label:
                    rec.grades.append((jid, label, f"{ref} column {header!r}"))
            # A care-leavers grade before 2023 is kept: the framework check flags it as needs_review.
            records.append(rec)
    return records, regions, rows_read


class LaOutcomesLoader:
    kind = "ofsted_la_outcomes"
    order = 30
    description = "Ofsted LA inspection outcomes: ILACS history and in-year inspections and visits"

    def matches(self, path: Path) -> bool:
        return bool(re.match(r"^LA_Inspection_Outcomes_as_at_.*\.ods$", path.name, re.IGNORECASE))

    def load(self, path: Path, session: Session, source: SourceFile) -> LoadSummary:
        summary = LoadSummary(file=path.name, kind=self.kind)
        index = _index(session, path)
        records, regions, summary.rows_read = read_la_outcomes(path, index)
        for auth in session.scalars(select(Authority).where(Authority.la_code.in_(list(regions)))).all():
            auth.ofsted_region = regions[auth.la_code]
        store_records(session, records, source, summary)
        summary.notes.append(
            f"{summary.rows_loaded} inspections and visits; Ofsted region for {len(regions)} authorities"
        )
        return summary


# -- Children's social care 2023: LA inspections 2009-2023 ------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A group of columns of the 2023 sheet: one kind of inspection."""

    key: str
    framework_id: str
    document_type: str
    date_header: str
    judgements: tuple[tuple[str, str], ...]  # (header, judgement id)
    extra: tuple[tuple[str, str], ...] = ()


SLAC = "slac"
CSC_BLOCKS = (
    Block(
        "slac",
        SLAC,
        "slac",
        "Safeguarding & Looked After Children (SLAC) Inspection publication date",
        (
            ("SLAC Safeguarding Overall effectiveness (OE)", "safeguarding_overall_effectiveness"),
            (
                "SLAC Looked After Children Overall Effectiveness (OE)",
                "looked_after_children_overall_effectiveness",
            ),
        ),
    ),
    Block(
        "slac_reinspection_safeguarding",
        SLAC,
        "slac",
        "SLAC re-inspection of Safeguarding publication date",
        (("SLAC re-inspection Safeguarding OE", "safeguarding_overall_effectiveness"),),
        (("reinspection", "safeguarding"),),
    ),
    Block(
        "slac_reinspection_lac",
        SLAC,
        "slac",
        "SLAC re-inspection of services for Children Looked After publication date",
        (
            (
                "SLAC re-inspection of services Children Looked After OE",
                "looked_after_children_overall_effectiveness",
            ),
        ),
        (("reinspection", "looked_after_children"),),
    ),
    Block(
        "cpi",
        "cp_2012",
        "cp_inspection",
        "Child Protection Inspections (CPI) publication date",
        (("CPI Overall Effectiveness (OE)", "overall_effectiveness"),),
    ),
    Block(
        "cpri",
        "cp_2012",
        "cp_inspection",
        "Child Protection Re-Inspection (CPRI) publication date",
        (("CPRI Overall Effectiveness (OE)", "overall_effectiveness"),),
        (("reinspection", "child_protection"),),
    ),
    Block(
        "tlac",
        "lac_2012",
        "lac_inspection",
        "Targeted Looked After Children (TLAC) inspection publication date",
        (("TLAC Overall Effectiveness (OE)", "overall_effectiveness"),),
    ),
    Block(
        "sif",
        "sif",
        "sif",
        "Single Inspection of LA Children's Services (SIF) First SIF publication date",
        (
            ("First SIF Overall Judgement (OE)", "overall_effectiveness"),
            ("First SIF children who need help and protection", "help_and_protection"),
            ("First SIF children looked after and achieving permanence", "looked_after_and_permanence"),
            ("First SIF CLA Sub: Adoption Performance", "adoption_performance"),
            ("First SIF CLA Sub: Experiences and progress of care leavers", "care_leavers"),
            ("First SIF leadership, management and governance", "leadership_management_governance"),
        ),
    ),
    Block(
        "lscb",
        "lscb",
        "lscb_review",
        "Single Inspection of LA Children's Services (SIF) First SIF publication date",
        (("LSCB Overall Effectiveness", "lscb_effectiveness"),),
        (("published_with", "sif"),),
    ),
    Block(
        "sif_reinspection",
        "sif_reinspection",
        "sif_reinspection",
        "Single Inspection of LA Children's Services (SIF) SIF Re-inspection publication date",
        (
            ("SIF Re-inspection Overall Judgement (OE)", "overall_effectiveness"),
            ("SIF Re-inspection children who need help and protection", "help_and_protection"),
            (
                "SIF Re-inspection children looked after and achieving permanence",
                "looked_after_and_permanence",
            ),
            ("SIF Re-inspection CLA Sub: Adoption Performance", "adoption_performance"),
            ("SIF Re-inspection CLA Sub: Experiences and progress of care leavers", "care_leavers"),
            ("SIF Re-inspection leadership, management and governance", "leadership_management_governance"),
        ),
    ),
)
CSC_REQUIRED = (
    "Local authority name",
    *{b.date_header for b in CSC_BLOCKS},
    *(h for b in CSC_BLOCKS for h, _ in b.judgements),
)


def read_csc_2023(path: Path, index: AuthorityIndex) -> tuple[list[Record], int]:
    rows = read_sheet(path, CSC_SHEET)
    where = f"{path.name} sheet {CSC_SHEET}"
    records: list[Record] = []
    rows_read = 0
    head, cols = find_header(rows, CSC_REQUIRED, where)
    tables = [(head, cols, "current LAs")]
    try:
        head2, cols2 = find_header(rows, ("Local authority name", CSC_BLOCKS[0].date_header), where, head + 1)
        tables.append((head2, cols2, "former LAs (Table 11)"))
    except OfficialDataError:
        pass
    for t, (h, c, table) in enumerate(tables):
        end = tables[t + 1][0] if t + 1 < len(tables) else len(rows)
        for i in range(h + 1, end):
            row = rows[i]
            name = cell_text(row[c["Local authority name"]])
            if not name or name.lower().startswith("table "):
                continue
            rows_read += 1
            ref = f"sheet {CSC_SHEET} row {i + 1}"
            dated: list[tuple[Block, date]] = []
            for b in CSC_BLOCKS:
                if b.date_header not in c:
                    continue
                d = cell_date(row[c[b.date_header]], f"{where} row {i + 1} column {b.date_header!r}")
                if d is not None:
                    dated.append((b, d))
            if not dated:
                continue
            # Current LAs by name as they are now; former LAs as they were when inspected.
            on = None if table == "current LAs" else min(d for _, d in dated)
            try:
                la = index.resolve(name, on).la_code
            except LookupError as exc:
                raise OfficialDataError(f"{where} row {i + 1}: {exc}") from None
            for b, d in dated:
                rec = Record(
                    natural_key=f"ofsted:{b.framework_id}:{b.document_type}:{la}:{d}:{b.key}",
                    la_code=la,
                    printed_name=name,
                    framework_id=b.framework_id,
                    document_type=b.document_type,
                    published=d,
                    inspection_start=None,
                    source_ref=ref,
                    extra={"ofsted_table": table, "only_publication_date": True, **dict(b.extra)},
                )
                for header, jid in b.judgements:
                    col = c.get(clean_header(header))
                    label = cell_text(row[col]) if col is not None else ""
                    if label:
                        rec.grades.append((jid, label, f"{ref} column {clean_header(header)!r}"))
                if rec.grades:
                    records.append(rec)
    return records, rows_read


class Csc2023Loader:
    kind = "ofsted_csc_2023_la_inspections"
    order = 31
    description = "Ofsted children's social care 2023: LA inspections 2009-2023 (SLAC, CPI, TLAC, SIF, LSCB)"

    def matches(self, path: Path) -> bool:
        return bool(
            re.match(r"^Childrens_social_care_in_England_2023_underlying_data\.ods$", path.name, re.I)
        )

    def load(self, path: Path, session: Session, source: SourceFile) -> LoadSummary:
        summary = LoadSummary(file=path.name, kind=self.kind)
        index = _index(session, path)
        records, summary.rows_read = read_csc_2023(path, index)
        store_records(session, records, source, summary)
        summary.notes.append(
            f"{summary.rows_loaded} inspections from {summary.rows_read} LA rows; ILACS columns not read "
            "(LA_Inspection_Outcomes holds them with inspection dates)"
        )
        return summary


register_loader(LaOutcomesLoader())
register_loader(Csc2023Loader())
