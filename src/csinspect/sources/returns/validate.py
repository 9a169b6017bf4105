"""Column-wise validation of a table read as text: blank, type, code and cross-field checks, producing
typed accepted rows and a problem table. Everything is vectorised in Polars; ``_row`` carries the row's
place in the source file so every problem can be found again."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import polars as pl

from csinspect.sources.returns.problems import PROBLEM_SCHEMA, TableCount, empty_problems

Kind = Literal["id", "str", "date", "code", "int", "drop"]


@dataclass(frozen=True)
class Col:
    name: str
    kind: Kind = "str"
    required: bool = False  # a value must be present
    codes: frozenset[str] | None = None
    in_file: bool = True  # the column must exist in the file
    min_value: int | None = None
    max_value: int | None = None


@dataclass(frozen=True)
class Rule:
    """A cross-field rule: ``bad`` is an expression over typed columns, true where the row breaks it."""

    id: str
    column: str
    bad: Callable[[], pl.Expr]
    message: str
    severity: Literal["error", "warning"] = "error"


def end_before_start(end: str, start: str, message: str) -> Rule:
    """The rule every dated span of a return obeys: ``end`` (when given) is not before ``start``."""
    return Rule("end_before_start", end, lambda: pl.col(end) < pl.col(start), message)


@dataclass(frozen=True)
class TableSpec:
    name: str
    cols: Sequence[Col]
    rules: Sequence[Rule] = field(default_factory=tuple)
    duplicate_key: Sequence[str] | None = None  # a later row repeating these values is rejected


DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%y")
# Polars reads "31/03/24" with %Y as the year 24; a four-digit-year format giving a year before this is
# treated as not matching, so "%d/%m/%y" reads it as 2024 and "01/04/0024" is reported as not a date.
MIN_FOUR_DIGIT_YEAR = 1000


def _strptime(s: pl.Expr, fmt: str) -> pl.Expr:
    parsed = s.str.strptime(pl.Date, fmt, strict=False)
    if "%Y" not in fmt:
        return parsed
    return pl.when(parsed.dt.year() >= MIN_FOUR_DIGIT_YEAR).then(parsed)


def parse_dates(expr: pl.Expr) -> pl.Expr:
    """Dates as councils write them: dd/mm/yyyy (the spec), ISO, and Excel-ish variants."""
    s = expr.str.strip_chars().str.slice(0, 10)
    return pl.coalesce([_strptime(s, fmt) for fmt in DATE_FORMATS])


def parse_date_series(s: pl.Series) -> pl.Series:
    """``parse_dates`` on a Series, trying each later format only on the values the earlier ones left
    unparsed (most files use one format throughout, so this is usually one pass instead of four)."""
    base = s.cast(pl.Utf8).str.strip_chars().str.slice(0, 10)

    def parse(values: pl.Series, fmt: str) -> pl.Series:
        return values.to_frame("v").select(_strptime(pl.col("v"), fmt))["v"]

    out = parse(base, DATE_FORMATS[0])
    for fmt in DATE_FORMATS[1:]:
        todo = (out.is_null() & base.is_not_null()).arg_true()
        if not todo.len():
            break
        parsed = parse(base.gather(todo), fmt)
        hit = parsed.is_not_null()
        if hit.any():
            out = out.scatter(todo.filter(hit), parsed.filter(hit))
    return out.alias(s.name)


def validate_table(
    raw: pl.DataFrame, spec: TableSpec, file: str
) -> tuple[pl.DataFrame, pl.DataFrame, TableCount]:
    """``raw``: all-text columns named as in ``spec`` (missing optional columns allowed) plus ``_row``.

    Returns (accepted typed rows, problems, count)."""
    # Small tables are common (a small council, a rare list), so the number of Polars queries per table
    # matters as much as their cost per row: checks are fused into few queries and the rest is skipped
    # when nothing fired.
    df = raw
    missing = [col.name for col in spec.cols if col.name not in df.columns]
    if missing:
        df = df.with_columns([pl.lit(None, dtype=pl.Utf8).alias(name) for name in missing])
    text = df.select(
        "_row",
        *[pl.col(c.name).cast(pl.Utf8).str.strip_chars().replace("", None).alias(c.name) for c in spec.cols],
    )
    typed_exprs: list[pl.Expr] = [pl.col("_row")]
    problem_parts: list[pl.DataFrame] = []
    checks: list[tuple[pl.Expr, str, str, str, str]] = []  # (mask over text, column, rule, message, severity)

    def add_problems(mask: pl.Expr, column: str, rule: str, message: str, severity: str = "error") -> None:
        checks.append((mask, column, rule, message, severity))

    def parts_for(frame: pl.DataFrame, found: list[tuple[pl.Series, str, str, str, str]]) -> None:
        for mask, column, rule, message, severity in found:
            part = frame.filter(mask).select(
                pl.lit(file).alias("file"),
                pl.lit(spec.name).alias("table"),
                pl.col("_row").cast(pl.Int64).alias("row"),
                pl.lit(column).alias("column"),
                pl.col(column).cast(pl.Utf8).alias("value")
                if column in frame.columns
                else pl.lit(None, pl.Utf8),
                pl.lit(rule).alias("rule"),
                pl.lit(severity).alias("severity"),
                pl.lit(message).alias("message"),
            )
            problem_parts.append(part)

    for col in spec.cols:
        c = pl.col(col.name)
        if col.required:
            add_problems(c.is_null(), col.name, "required", f"{col.name} is blank but required")
        if col.kind == "date":
            parsed = pl.col(f"__date_{col.name}")  # parsed eagerly below (parse_date_series)
            add_problems(
                c.is_not_null() & parsed.is_null(),
                col.name,
                "invalid_date",
                f"{col.name} is not a date (dd/mm/yyyy)",
            )
            typed_exprs.append(parsed.alias(col.name))
        elif col.kind == "int":
            parsed_i = c.str.replace(r"\.0+$", "").cast(pl.Int64, strict=False)
            add_problems(
                c.is_not_null() & parsed_i.is_null(),
                col.name,
                "invalid_integer",
                f"{col.name} is not a whole number",
            )
            if col.min_value is not None or col.max_value is not None:
                lo = col.min_value if col.min_value is not None else -(2**62)
                hi = col.max_value if col.max_value is not None else 2**62
                add_problems(
                    parsed_i.is_not_null() & ~parsed_i.is_between(lo, hi),
                    col.name,
                    "out_of_range",
                    f"{col.name} outside {lo}..{hi}",
                )
            typed_exprs.append(parsed_i.alias(col.name))
        elif col.kind == "code":
            assert col.codes is not None
            norm = c.str.to_uppercase() if all(k == k.upper() for k in col.codes) else c
            add_problems(
                norm.is_not_null() & ~norm.is_in(sorted(col.codes)),
                col.name,
                "unknown_code",
                f"{col.name} is not a valid code",
            )
            typed_exprs.append(norm.alias(col.name))
        elif col.kind == "drop":
            continue  # personal data: never carried further
        else:
            typed_exprs.append(c.alias(col.name))

    # every check and every typed column evaluated in one query; problem rows built only for the checks
    # that fired
    mask_names = [f"_m{i}" for i in range(len(checks))] if text.height else []
    dates = [parse_date_series(text[c.name]).alias(f"__date_{c.name}") for c in spec.cols if c.kind == "date"]
    both = (text.hstack(dates) if dates else text).select(
        *typed_exprs, *[checks[i][0].fill_null(False).alias(name) for i, name in enumerate(mask_names)]
    )
    typed = pl.DataFrame(both.get_columns()[: len(typed_exprs)])
    if mask_names:
        fired = [both[name].any() for name in mask_names]
        parts_for(text, [(both[f"_m{i}"], *checks[i][1:]) for i, hit in enumerate(fired) if hit])
    if spec.rules and typed.height:
        masks = typed.select([r.bad().fill_null(False).alias(f"_r{i}") for i, r in enumerate(spec.rules)])
        fired = [masks[f"_r{i}"].any() for i in range(len(spec.rules))]
        parts_for(
            text,
            [
                (masks[f"_r{i}"], r.column, r.id, r.message, r.severity)
                for i, r in enumerate(spec.rules)
                if fired[i]
            ],
        )

    if spec.duplicate_key and text.select(spec.duplicate_key).is_duplicated().any():
        # duplicates among rows that are otherwise valid (a junk row never displaces a good one)
        key = list(spec.duplicate_key)
        bad_rows = (
            pl.concat([p.filter(pl.col("severity") == "error").select("row") for p in problem_parts])["row"]
            if problem_parts
            else pl.Series("row", [], dtype=pl.Int64)
        )
        valid_text = text.filter(~pl.col("_row").cast(pl.Int64).is_in(bad_rows.implode()))
        dup = valid_text.filter(pl.struct(key).is_duplicated()).with_columns(
            pl.col("_row").rank("ordinal").over(key).alias("_n")
        )
        dup = dup.filter(pl.col("_n") > 1)
        if dup.height:
            first = valid_text.group_by(key).agg(pl.col("_row").min().alias("_first"))
            dup = dup.join(first, on=key, how="left")
            problem_parts.append(
                dup.select(
                    pl.lit(file).alias("file"),
                    pl.lit(spec.name).alias("table"),
                    pl.col("_row").cast(pl.Int64).alias("row"),
                    pl.lit(",".join(key)).alias("column"),
                    pl.concat_str([pl.col(k).fill_null("") for k in key], separator="|").alias("value"),
                    pl.lit("duplicate_row").alias("rule"),
                    pl.lit("error").alias("severity"),
                    pl.format("repeats row {}", pl.col("_first")).alias("message"),
                )
            )

    problems = pl.concat(problem_parts).cast(PROBLEM_SCHEMA) if problem_parts else empty_problems()  # type: ignore[arg-type]
    if problems.height:
        rejected_rows = problems.filter(pl.col("severity") == "error")["row"].unique()
        accepted = typed.filter(~pl.col("_row").is_in(rejected_rows.implode()))
    else:
        accepted = typed
    count = TableCount(
        file=file,
        table=spec.name,
        read=typed.height,
        accepted=accepted.height,
        rejected=typed.height - accepted.height,
    )
    return accepted, problems, count


def wrong_period_share(dates: pl.Series, start: Any, end: Any) -> float:
    """Share of non-null dates outside [start, end] (a file for another year shows most dates outside)."""
    d = dates.drop_nulls()
    if d.len() == 0:
        return 0.0
    outside = ((d < start) | (d > end)).sum()
    return float(outside) / float(d.len())


def table_specs(spec: Any, rules: dict[str, list[Rule]]) -> dict[str, TableSpec]:
    """``TableSpec``s from a returns spec (``sources.returns.specs.Spec``: columns and code lists as data)
    and each table's cross-field ``rules`` (code)."""
    out = {}
    for name, table in spec.tables.items():
        cols = [
            Col(
                c.name,
                c.kind,
                required=c.required,
                codes=spec.codes[c.codes] if c.codes else None,
                in_file=c.in_file,
                min_value=c.min_value,
                max_value=c.max_value,
            )
            for c in table.columns
        ]
        out[name] = TableSpec(name, cols, tuple(rules.get(name, ())), table.duplicate_key)
    return out
