"""SSDA903 (children looked after) CSV tables, this year's and the previous year's.

Tables are recognised by their columns, not their file names (councils name the files freely); a file
whose name ends ``_last`` or which sits in a ``previous``/``last`` folder is the previous year's."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import polars as pl

from csinspect.sources.returns import specs
from csinspect.sources.returns.problems import ReadResult, ReturnsFileError, problem_frame
from csinspect.sources.returns.validate import (
    Rule,
    TableSpec,
    end_before_start,
    parse_dates,
    table_specs,
    validate_table,
    wrong_period_share,
)


def year_bounds(year: int) -> tuple[date, date]:
    """Collection year ``year`` runs 1 April (year-1) to 31 March (year)."""
    return date(year - 1, 4, 1), date(year, 3, 31)


def _rules(year: int) -> dict[str, list[Rule]]:
    """The cross-field rules of each table (the columns and codes are data: specs/ssda903_<year>.yaml)."""
    start, end = year_bounds(year)
    return {
        "header": [
            Rule(
                "birth_after_year_end",
                "DOB",
                lambda: pl.col("DOB") > end,
                "date of birth after 31 March of the collection year",
            ),
        ],
        "episodes": [
            end_before_start("DEC", "DECOM", "episode ends (DEC) before it starts (DECOM)"),
            Rule(
                "ceased_without_reason",
                "REC",
                lambda: pl.col("DEC").is_not_null() & pl.col("REC").is_null(),
                "episode has an end date but no reason (REC)",
                "warning",
            ),
            Rule(
                "reason_without_end",
                "DEC",
                lambda: pl.col("DEC").is_null() & pl.col("REC").is_not_null(),
                "episode has a reason ceased (REC) but no end date",
                "warning",
            ),
            Rule(
                "starts_after_year_end",
                "DECOM",
                lambda: pl.col("DECOM") > end,
                "episode starts after 31 March of the collection year",
            ),
            Rule(
                "ended_before_year",
                "DEC",
                lambda: pl.col("DEC") < start,
                "episode ended before 1 April of the collection year",
            ),
        ],
        "reviews": [
            Rule(
                "review_before_birth",
                "REVIEW",
                lambda: pl.col("REVIEW") < pl.col("DOB"),
                "review before date of birth",
            )
        ],
        "ad1": [
            Rule(
                "match_before_decision",
                "DATE_MATCH",
                lambda: pl.col("DATE_MATCH") < pl.col("DATE_INT"),
                "matched before the decision to place for adoption",
                "warning",
            )
        ],
        "placed_adoption": [
            end_before_start("DATE_PLACED_CEASED", "DATE_PLACED", "decision reversed before it was made")
        ],
        "missing": [
            end_before_start("MIS_END", "MIS_START", "missing episode ends before it starts"),
            Rule(
                "start_before_birth",
                "MIS_START",
                lambda: pl.col("MIS_START") < pl.col("DOB"),
                "missing episode before date of birth",
            ),
        ],
        "sw_episodes": [
            end_before_start("SW_DEC", "SW_DECOM", "social worker episode ends before it starts")
        ],
    }


def _specs(year: int) -> dict[str, TableSpec]:
    """Each table's spec for a collection year: columns and code lists from the YAML, rules from ``_rules``."""
    return table_specs(specs.spec("ssda903", year), _rules(year))


# A column that identifies each table (checked in this order).
_SIGNATURES: list[tuple[str, str]] = [
    ("DECOM", "episodes"),
    ("REVIEW", "reviews"),
    ("DUC", "uasc"),
    ("SDQ_SCORE", "oc2"),
    ("IN_TOUCH", "oc3"),
    ("DATE_INT", "ad1"),
    ("DATE_PLACED", "placed_adoption"),
    ("PREV_PERM", "prev_perm"),
    ("MIS_START", "missing"),
    ("SW_ID", "sw_episodes"),
    ("ETHNIC", "header"),
]
TABLES = [t for _, t in _SIGNATURES]


def _norm_header(name: str) -> str:
    return re.sub(r"[^A-Z0-9_]", "", name.strip().upper().replace(" ", "_"))


def is_previous_year_file(path: Path) -> bool:
    stem = path.stem.lower()
    parents = {p.name.lower() for p in path.parents}
    return bool(re.search(r"(_|-|\b)(last|prev|previous)$", stem)) or bool(
        parents & {"previous", "last", "previous_year"}
    )


def identify_table(columns: list[str]) -> str | None:
    cols = {_norm_header(c) for c in columns}
    for col, table in _SIGNATURES:
        if col in cols:
            return table
    return None


def read_903_csv(path: Path, year: int, *, display_name: str | None = None) -> ReadResult:
    """Read and validate one SSDA903 CSV for collection ``year`` (pass year-1 for a previous-year file)."""
    name = display_name or path.name
    try:
        raw = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy", truncate_ragged_lines=False)
    except Exception as exc:  # polars raises several error types for unreadable CSV
        raise ReturnsFileError(name, f"cannot read as CSV: {exc}", rule="unreadable") from exc
    table = identify_table(raw.columns)
    if table is None:
        raise ReturnsFileError(
            name,
            f"not a recognised SSDA903 table (columns: {', '.join(raw.columns[:8])})",
            rule="unknown_table",
        )
    raw = raw.rename({c: _norm_header(c) for c in raw.columns})
    spec = _specs(year)[table]
    missing = [c.name for c in spec.cols if c.in_file and c.name not in raw.columns]
    if missing:
        raise ReturnsFileError(
            name,
            f"{table} table is missing required column(s): {', '.join(missing)}",
            line=1,
            rule="missing_column",
        )
    raw = raw.with_row_index("_row", offset=2)  # line 1 is the header
    start, end = year_bounds(year)
    # a file for another year fails whole (judged on all rows, before row-level rejection)
    if table == "episodes" and raw.height:
        d = raw.select(
            parse_dates(pl.col("DECOM")).alias("s"), parse_dates(pl.col("DEC")).alias("e")
        ).drop_nulls("s")
        if d.height:
            inside = (pl.col("s") <= end) & (pl.col("e").is_null() | (pl.col("e") >= start))
            outside = 1.0 - d.select(inside.mean()).item()
            if outside > 0.5:
                raise ReturnsFileError(
                    name,
                    f"{outside:.0%} of episodes do not fall in the collection year "
                    f"{start:%d/%m/%Y}-{end:%d/%m/%Y}: a file for another year?",
                    rule="wrong_year",
                )
    if table == "reviews" and raw.height:
        reviews = raw.select(parse_dates(pl.col("REVIEW")).alias("r"))["r"]
        if wrong_period_share(reviews, start, end) > 0.5:
            raise ReturnsFileError(
                name,
                f"most reviews fall outside {start:%d/%m/%Y}-{end:%d/%m/%Y}: a file for another year?",
                rule="wrong_year",
            )
    accepted, problems, count = validate_table(raw, spec, name)
    return ReadResult(
        tables={table: accepted}, problems=problems, counts=[count], meta={f"file:{table}": name}
    )


def cross_check(result: ReadResult, file_of: dict[str, str]) -> ReadResult:
    """Checks across tables: an episode that starts before the child's birth is rejected."""
    eps = result.tables.get("episodes")
    hdr = result.tables.get("header")
    if eps is None or hdr is None or not eps.height:
        return result
    bad = eps.join(hdr.select("CHILD", pl.col("DOB").alias("_DOB")), on="CHILD", how="inner").filter(
        pl.col("DECOM") < pl.col("_DOB")
    )
    if bad.height:
        file = file_of.get("episodes", "episodes")
        rows = [
            {
                "file": file,
                "table": "episodes",
                "row": r["_row"],
                "column": "DECOM",
                "value": r["DECOM"].strftime("%d/%m/%Y"),
                "rule": "birth_after_episode_start",
                "severity": "error",
                "message": "episode starts before the child's date of birth (Header DOB)",
            }
            for r in bad.select("_row", "DECOM").iter_rows(named=True)
        ]
        result.problems = pl.concat([result.problems, problem_frame(rows)])
        result.tables["episodes"] = eps.filter(~pl.col("_row").is_in(bad["_row"].implode()))
        for c in result.counts:
            if c.table == "episodes" and c.file == file:
                c.accepted -= bad.height
                c.rejected += bad.height
    return result


def read_903_dir(
    paths: list[Path], year: int, base: Path | None = None
) -> tuple[ReadResult, ReadResult, list[ReturnsFileError]]:
    """Read every 903 CSV: (this year's tables, previous year's tables, files that failed as a whole)."""
    current, previous = ReadResult(), ReadResult()
    failures: list[ReturnsFileError] = []
    files_cur: dict[str, str] = {}
    files_prev: dict[str, str] = {}
    for path in sorted(paths):
        prev = is_previous_year_file(path)
        try:
            name = str(path.relative_to(base)) if base is not None else path.name
            res = read_903_csv(path, year - 1 if prev else year, display_name=name)
        except ReturnsFileError as err:
            failures.append(err)
            continue
        table = next(iter(res.tables))
        target, files = (previous, files_prev) if prev else (current, files_cur)
        if table in target.tables:
            failures.append(
                ReturnsFileError(
                    path.name, f"a second {table} table (first was {files[table]})", rule="duplicate_table"
                )
            )
            continue
        files[table] = name
        target.add(res)
    return cross_check(current, files_cur), cross_check(previous, files_prev), failures
