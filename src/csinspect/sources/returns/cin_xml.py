"""CIN census XML, streamed with ``lxml.etree.iterparse`` (each ``<Child>`` is cleared once read, so memory
stays flat whatever the file size) and flattened to tables: children, cin_details, assessments,
cin_plans, s47, cpp, cpp_reviews. Rows are keyed by ``child_no`` (the child's position in the file) and
``cin_no``/``cpp_no``; ``_row`` is the source line of the element, so every problem names its line."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
from lxml import etree

from csinspect.sources.returns import specs
from csinspect.sources.returns.problems import ReadResult, ReturnsFileError, TableCount, problem_frame
from csinspect.sources.returns.validate import (
    Rule,
    TableSpec,
    end_before_start,
    parse_dates,
    table_specs,
    validate_table,
)
from csinspect.sources.xml_safety import SAFE_XML


def _local(tag: Any) -> str:
    if not isinstance(tag, str):
        return ""  # comments, processing instructions
    return tag if tag[:1] != "{" else tag[tag.index("}") + 1 :]


def _simple(elem: Any) -> dict[str, str | None]:  # the Header's fields
    out: dict[str, str | None] = {}
    for e in elem:
        if len(e) == 0:
            text = e.text
            out[_local(e.tag)] = text.strip() if text else None
    return out


YEAR_END = "ReferenceDate"

# Each table's cross-field rules (the columns and code lists are data: specs/cin_census_<year>.yaml).
_RULES: dict[str, list[Rule]] = {
    "children": [
        Rule(
            "no_birth_date",
            "PersonBirthDate",
            lambda: pl.col("PersonBirthDate").is_null() & pl.col("ExpectedPersonBirthDate").is_null(),
            "neither PersonBirthDate nor ExpectedPersonBirthDate given",
        ),
        Rule(
            "death_before_birth",
            "PersonDeathDate",
            lambda: pl.col("PersonDeathDate") < pl.col("PersonBirthDate"),
            "death date before birth date",
        ),
    ],
    "cin_details": [
        end_before_start("CINclosureDate", "CINreferralDate", "CIN closure date before referral date"),
        Rule(
            "closed_without_reason",
            "ReasonForClosure",
            lambda: pl.col("CINclosureDate").is_not_null() & pl.col("ReasonForClosure").is_null(),
            "closed episode has no ReasonForClosure",
            "warning",
        ),
    ],
    "assessments": [
        end_before_start(
            "AssessmentAuthorisationDate",
            "AssessmentActualStartDate",
            "assessment authorised before it started",
        )
    ],
    "cin_plans": [end_before_start("CINPlanEndDate", "CINPlanStartDate", "CIN plan ends before it starts")],
    "s47": [
        end_before_start(
            "DateOfInitialCPC",
            "S47ActualStartDate",
            "initial child protection conference before the section 47 enquiry started",
        )
    ],
    "cpp": [end_before_start("CPPendDate", "CPPstartDate", "child protection plan ends before it starts")],
}


def specs_for(year: int | None) -> dict[str, TableSpec]:
    """The tables' specs for a collection year (the newest spec file at or before it)."""
    return table_specs(specs.spec("cin_census", year or DEFAULT_YEAR), _RULES)


DEFAULT_YEAR = 2024
# The streaming layout (tables and their columns) is the same every year; the code lists may change.
SPECS: dict[str, TableSpec] = specs_for(DEFAULT_YEAR)


_PARENT = {
    "cin_details": ("children", ["child_no"]),
    "assessments": ("cin_details", ["child_no", "cin_no"]),
    "cin_plans": ("cin_details", ["child_no", "cin_no"]),
    "s47": ("cin_details", ["child_no", "cin_no"]),
    "cpp": ("cin_details", ["child_no", "cin_no"]),
    "cpp_reviews": ("cpp", ["child_no", "cin_no", "cpp_no"]),
}


def read_cin_xml(
    path: Path, *, la_code: str | None, year: int | None, display_name: str | None = None
) -> ReadResult:
    """Stream and validate a CIN census file; raises ReturnsFileError (with the line) for malformed XML or a
    file for another council/year."""
    name = display_name or path.name
    rows: list[list[list[Any]]] = [[] for _ in SPECS]
    chunks: dict[str, list[pl.DataFrame]] = {t: [] for t in SPECS}
    header: dict[str, str | None] = {}
    child_no = 0
    with path.open("rb") as fh:
        namespaced = b"xmlns" in fh.read(4096)
    try:
        for _event, elem in etree.iterparse(
            str(path), events=("end",), tag=("{*}Header", "{*}Child", "Header", "Child"), **SAFE_XML
        ):
            tag = _local(elem.tag)
            if tag == "Header":
                for sub in elem.iter():
                    if len(sub) == 0 and sub.text:
                        header[_local(sub.tag)] = sub.text.strip()
                header["_line"] = str(elem.sourceline)
                _check_header(header, name, la_code, year)
            else:
                child_no += 1
                _flatten_child(elem, child_no, rows, namespaced)
                if child_no % CHUNK_CHILDREN == 0:
                    _flush(rows, chunks)
            elem.clear()
            parent = elem.getparent()
            if parent is not None:
                while elem.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else (exc.position[0] if exc.position else None)
        raise ReturnsFileError(name, f"malformed XML: {exc.msg}", line=line, rule="malformed_xml") from exc
    except OSError as exc:
        raise ReturnsFileError(name, f"cannot read: {exc}", rule="unreadable") from exc
    if not header and la_code is not None:
        raise ReturnsFileError(
            name, "no <Header> element: cannot check the council and year", rule="missing_header"
        )

    _flush(rows, chunks)
    result = ReadResult(meta={"cin_header": {k: v for k, v in header.items() if not k.startswith("_")}})
    for table, spec in specs_for(year).items():
        raw = pl.concat(chunks[table]) if chunks[table] else _text_frame([], table)
        accepted, problems, count = validate_table(raw, spec, name)
        result.tables[table] = accepted
        result.problems = pl.concat([result.problems, problems])
        result.counts.append(count)
    _cascade(result, name)
    return result


# Rows are turned into columnar (Polars) chunks every this many children, so what is held while streaming
# is the compact columnar form of the rows read so far, never the XML tree.
CHUNK_CHILDREN = 2000


# While streaming, a record is a plain list laid out as its table's columns (the spec's columns, then
# ``_row``); tables are numbered in ``SPECS`` order. Lists are far cheaper to make and to turn into columns
# than per-row dicts.
_TABLES = list(SPECS)
_COLUMNS = {t: [c.name for c in spec.cols] + ["_row"] for t, spec in SPECS.items()}
_SCHEMAS: dict[str, dict[str, Any]] = {
    t: {**dict.fromkeys(cols, pl.Utf8), "_row": pl.Int64} for t, cols in _COLUMNS.items()
}
assert all(cols[0] == "LAchildID" for cols in _COLUMNS.values())  # filled in once the child is read


def _text_frame(rows: list[list[Any]], table: str) -> pl.DataFrame:
    schema = _SCHEMAS[table]
    if not rows:
        return pl.DataFrame(schema=schema)
    return pl.DataFrame(
        {name: list(values) for name, values in zip(schema, zip(*rows, strict=True), strict=True)},
        schema=schema,
    )


def _flush(rows: list[list[list[Any]]], chunks: dict[str, list[pl.DataFrame]]) -> None:
    for i, table in enumerate(_TABLES):
        if rows[i]:
            chunks[table].append(_text_frame(rows[i], table))
            rows[i] = []


def _check_header(header: dict[str, str | None], name: str, la_code: str | None, year: int | None) -> None:
    line = int(header["_line"] or 0) or None
    lea = header.get("LEA")
    if la_code is not None and lea and lea.strip() != la_code:
        raise ReturnsFileError(
            name, f"file is for council {lea}, not {la_code}", line=line, rule="wrong_council"
        )
    if year is not None:
        file_year = header.get("Year")
        ref = header.get("ReferenceDate")
        ref_year = None
        if ref:
            ref_date = pl.Series([ref]).to_frame("d").select(parse_dates(pl.col("d")))["d"][0]
            ref_year = ref_date.year if isinstance(ref_date, date) else None
        found = int(file_year) if file_year and file_year.isdigit() else ref_year
        if found is not None and found != year:
            raise ReturnsFileError(
                name, f"file is for collection year {found}, not {year}", line=line, rule="wrong_year"
            )


# Leaf element -> the table whose current record it fills. DateOfInitialCPC appears in both CINdetails and
# Section47, so its owner is decided by its parent.
_OWNER: dict[str, str] = {
    **dict.fromkeys(
        [
            "LAchildID",
            "UPN",
            "FormerUPN",
            "UPNunknown",
            "PersonBirthDate",
            "ExpectedPersonBirthDate",
            "GenderCurrent",
            "Sex",
            "PersonDeathDate",
            "Ethnicity",
        ],
        "children",
    ),
    **dict.fromkeys(
        [
            "CINreferralDate",
            "ReferralSource",
            "PrimaryNeedCode",
            "CINclosureDate",
            "ReasonForClosure",
            "ReferralNFA",
        ],
        "cin_details",
    ),
    **dict.fromkeys(
        ["AssessmentActualStartDate", "AssessmentInternalReviewDate", "AssessmentAuthorisationDate"],
        "assessments",
    ),
    **dict.fromkeys(["CINPlanStartDate", "CINPlanEndDate"], "cin_plans"),
    **dict.fromkeys(["S47ActualStartDate", "InitialCPCtarget", "ICPCnotRequired"], "s47"),
    **dict.fromkeys(
        [
            "CPPstartDate",
            "CPPendDate",
            "InitialCategoryOfAbuse",
            "LatestCategoryOfAbuse",
            "NumberOfPreviousCPP",
        ],
        "cpp",
    ),
}
_NEW_RECORD = {
    "CINdetails": "cin_details",
    "Assessments": "assessments",
    "CINPlanDates": "cin_plans",
    "Section47": "s47",
    "ChildProtectionPlans": "cpp",
}


def _index(table: str, column: str) -> int:
    return _COLUMNS[table].index(column)


# Leaf tag -> (table number, column index) of the field it fills; leaves read but not kept (UPNunknown)
# are left out. Container tag -> the table number of the record it starts.
_LEAF: dict[str, tuple[int, int]] = {
    tag: (_TABLES.index(table), _index(table, tag)) for tag, table in _OWNER.items() if tag in _COLUMNS[table]
}
_CONTAINER: dict[str, int] = {tag: _TABLES.index(table) for tag, table in _NEW_RECORD.items()}
_CHILDREN, _CIN, _ASSESS, _S47, _CPP, _REVIEWS = (
    _TABLES.index(t) for t in ("children", "cin_details", "assessments", "s47", "cpp", "cpp_reviews")
)
_WIDTH = [len(_COLUMNS[t]) for t in _TABLES]
_ROW = [len(_COLUMNS[t]) - 1 for t in _TABLES]
_CHILD_NO = [_index(t, "child_no") for t in _TABLES]
_CIN_NO = [_index(t, "cin_no") if "cin_no" in _COLUMNS[t] else -1 for t in _TABLES]
_CPP_NO = _index("cpp", "cpp_no")
_FACTORS = _index("assessments", "AssessmentFactors")
_DISABILITIES = _index("children", "Disabilities")
_ICPC_OF = {_S47: _index("s47", "DateOfInitialCPC"), _CIN: _index("cin_details", "DateOfInitialCPC")}
_REVIEW_COLS = (
    _CHILD_NO[_REVIEWS],
    _CIN_NO[_REVIEWS],
    _index("cpp_reviews", "cpp_no"),
    _ROW[_REVIEWS],
    _index("cpp_reviews", "CPPreviewDate"),
)


def _flatten_child(child: Any, child_no: int, rows: list[list[list[Any]]], namespaced: bool) -> None:
    """One pass over the child's elements in document order: a container starts a record of its table, a
    leaf fills the latest record of the table that owns it (containers of one kind never nest)."""
    no = str(child_no)
    rec: list[Any] = [None] * _WIDTH[_CHILDREN]
    rec[_CHILD_NO[_CHILDREN]] = no
    rec[_ROW[_CHILDREN]] = child.sourceline
    current: list[list[Any] | None] = [None] * len(_TABLES)
    current[_CHILDREN] = rec
    made: list[tuple[int, list[Any]]] = []
    assessed: list[tuple[list[Any], list[str]]] = []
    cin_no = cpp_no = 0
    disabilities: list[str] = []
    factors: list[str] | None = None
    leaf_of = _LEAF.get
    container_of = _CONTAINER.get
    for e in child.iter(etree.Element):  # elements only: no comments or processing instructions
        tag = e.tag
        if namespaced and tag[:1] == "{":
            tag = tag[tag.index("}") + 1 :]
        leaf = leaf_of(tag)
        if leaf is not None:
            target = current[leaf[0]]
            if target is not None:
                text = e.text
                target[leaf[1]] = text.strip() if text else None
            continue
        t = container_of(tag)
        if t is not None:
            if t == _CIN:
                cin_no += 1
                cpp_no = 0
            new: list[Any] = [None] * _WIDTH[t]
            new[_CHILD_NO[t]] = no
            new[_CIN_NO[t]] = str(cin_no)
            new[_ROW[t]] = e.sourceline
            if t == _CPP:
                cpp_no += 1
                new[_CPP_NO] = str(cpp_no)
            elif t == _ASSESS:
                factors = []
                assessed.append((new, factors))
            current[t] = new
            made.append((t, new))
        elif tag == "DateOfInitialCPC":
            parent = e.getparent()
            ptag = parent.tag if parent is not None else ""
            owner = _S47 if str(ptag).endswith("Section47") else _CIN
            target = current[owner]
            if target is not None:
                target[_ICPC_OF[owner]] = e.text.strip() if e.text else None
        elif tag == "CPPreviewDate":
            review: list[Any] = [None] * _WIDTH[_REVIEWS]
            c_no, i_no, p_no, r_no, d_no = _REVIEW_COLS
            review[c_no] = no
            review[i_no] = str(cin_no)
            review[p_no] = str(cpp_no)
            review[r_no] = e.sourceline
            review[d_no] = e.text.strip() if e.text else None
            made.append((_REVIEWS, review))
        elif tag == "Disability":
            disabilities.append((e.text or "").strip())
        elif tag == "AssessmentFactors" and factors is not None:
            factors.append((e.text or "").strip())
    if disabilities:
        rec[_DISABILITIES] = ",".join(disabilities)
    for r, f in assessed:
        r[_FACTORS] = ",".join(f) if f else None
    rows[_CHILDREN].append(rec)
    child_id = rec[0]
    for t, r in made:
        r[0] = child_id
        rows[t].append(r)


def _cascade(result: ReadResult, file: str) -> None:
    """Rows whose parent record was rejected are rejected too, each with its own problem row."""
    for table, (parent, keys) in _PARENT.items():
        df = result.tables[table]
        if not df.height:
            continue
        orphans = df.join(result.tables[parent].select(keys), on=keys, how="anti")
        if not orphans.height:
            continue
        rows = [
            {
                "file": file,
                "table": table,
                "row": r,
                "column": None,
                "value": None,
                "rule": "parent_rejected",
                "severity": "error",
                "message": f"its {parent} record was rejected",
            }
            for r in orphans["_row"].to_list()
        ]
        result.problems = pl.concat([result.problems, problem_frame(rows)])
        result.tables[table] = df.join(orphans.select([*keys, "_row"]), on=[*keys, "_row"], how="anti")
        for c in result.counts:
            if c.table == table:
                c.accepted -= orphans.height
                c.rejected += orphans.height


def counts_for(result: ReadResult) -> list[TableCount]:
    return result.counts
