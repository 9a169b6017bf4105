"""Reading Ofsted's published local-authority inspection outcomes into ``Record``s (pure: nothing resolved
against the store, nothing stored; ``csinspect.load.official.outcomes`` does both). Grades keep the printed
label verbatim with the sheet, row and column they came from.

Two workbooks:

- ``ofsted_la_outcomes``: ``LA_Inspection_Outcomes_as_at_31_March_<year>.ods``, sheets
  ``ILACS_inspection_history`` (ILACS 2018 before 1 January 2023, ILACS 2023 from then, by inspection date)
  and ``In-year_inspections`` (the same year's inspections, which repeat history rows, plus focused and
  monitoring visits with their theme). Authorities are found by Ofsted's GSS code; Ofsted's region is kept.
- ``ofsted_csc_2023_la_inspections``: sheet ``LA_inspections_2009-2023`` of
  ``Childrens_social_care_in_England_2023_underlying_data.ods``: SLAC, SLAC re-inspections, CPI, CPRI, TLAC,
  first SIF (+ the LSCB review published with it), SIF re-inspection. The sheet has names, not codes: the
  current-LA table is resolved by name, Table 11 (former LAs) by name at the date of its records. Only
  publication dates exist. Its ILACS columns repeat the first loader's data and are not read.

Each record names its authority as printed (a GSS code, or a name with the date to resolve it on); the load
wing resolves it and builds the natural key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from csinspect.frameworks.facts import fixed_framework, framework_for, is_graded
from csinspect.frameworks.recognise import official_document_type
from csinspect.sources.official.readers import (
    OfficialDataError,
    cell_date,
    cell_text,
    clean_header,
    find_header,
    ods_row_links,
    read_sheet,
)

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


@dataclass
class Record:
    """One inspection as read from a sheet row, before its authority is resolved and it is stored."""

    authority: str  # as printed: Ofsted's GSS code, or the authority's name
    resolve_on: date | None  # the date to resolve a name on (None: as the authority is now)
    printed_name: str
    framework_id: str
    document_type: str
    published: date | None
    inspection_start: date | None
    source_ref: str
    key_date: date | None  # the date in the natural key
    key_suffix: str = ""  # tells apart records of one row and date (SLAC halves, the LSCB review …)
    grades: list[tuple[str, str, str]] = field(default_factory=list)  # judgement id, label, cell ref
    extra: dict[str, Any] = field(default_factory=dict)
    la_code: str | None = None  # set by the load wing

    @property
    def natural_key(self) -> str:
        key = f"ofsted:{self.framework_id}:{self.document_type}:{self.la_code}:{self.key_date}"
        return key + (f":{self.key_suffix}" if self.key_suffix else "")


def ilacs_judgement_ids(framework_id: str) -> dict[str, str]:
    """The workbook's judgement columns -> the framework's judgement ids (the 2018 framework judged children
    in care and care leavers together)."""
    from csinspect.frameworks.registry import get_framework

    fw_ids = {n.id for n in get_framework(framework_id).iter_judgements()}
    cic = "children_in_care" if "children_in_care" in fw_ids else "children_in_care_and_care_leavers"
    return {
        H_OE: "overall_effectiveness",
        H_LEADERS: "impact_of_leaders",
        H_HELP: "help_and_protection",
        H_CIC: cic,
        H_CL: "care_leavers",
    }


# -- LA_Inspection_Outcomes -------------------------------------------------------------------------------------


def read_la_outcomes(path: Path) -> tuple[list[Record], dict[str, str], int]:
    """Records from the ILACS history and in-year sheets, Ofsted regions by GSS code as printed, rows read."""
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
            region = cell_text(row[cols[region_col]])
            if region:
                regions.setdefault(gss, region)
            kind = cell_text(row[cols[type_col]])
            doc_type = official_document_type(kind)  # the framework files' official_names
            if doc_type is None:
                raise OfficialDataError(
                    f"{where} row {i + 1}: unknown inspection type {kind!r}; expected one of the "
                    "official_names of the framework files' document types"
                )
            graded = is_graded(doc_type)
            start = cell_date(row[cols[date_col]], f"{where} row {i + 1} column {date_col!r}")
            published = cell_date(
                row[cols["Publication date"]], f"{where} row {i + 1} column 'Publication date'"
            )
            if graded:
                fw_id = framework_for("ilacs", start, published)
                jids = ilacs_judgement_ids(fw_id)
            else:
                fw_id = fixed_framework(doc_type) or doc_type
                jids = {}
            rec = Record(
                authority=gss,
                resolve_on=None,
                key_date=start or published,
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


def read_csc_2023(path: Path) -> tuple[list[Record], int]:
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
            for b, d in dated:
                rec = Record(
                    authority=name,
                    resolve_on=on,
                    key_date=d,
                    key_suffix=b.key,
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
