"""``csinspect export values|judgements|recommendations``: every authority x measure x period, every judgement and
every recommendation, each in one long file (CSV, Parquet or xlsx) with stable, documented columns, for Power BI,
spreadsheets and R/Python."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import polars as pl
import typer

from csinspect.cli.common import DB_OPTION, open_store
from csinspect.cli.output import fail
from csinspect.cli.profile_cmd import AS_OPTION, SN_MODEL_OPTION, SN_STAT_OPTION, comparator_of

export = typer.Typer(help="Bulk, stable exports.", no_args_is_help=True)

XLSX_MAX_ROWS = 200_000  # beyond this a workbook is slow to write and to open: CSV or Parquet instead


class ExportFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"
    xlsx = "xlsx"


@export.command("values")
def values_cmd(
    out: Path = typer.Option(..., "--out", help="The file to write."),
    fmt: ExportFormat = typer.Option(ExportFormat.csv, "--format", "-f", help="csv, parquet or xlsx."),
    la: list[str] = typer.Option([], "--la", help="Only these LA numbers (repeatable)."),
    measure: list[str] = typer.Option([], "--measure", help="Only these measure ids (repeatable)."),
    period: list[str] = typer.Option([], "--period", help="Only these periods or end years (repeatable)."),
    group: str | None = typer.Option(
        None, "--group", help="Only measures of this judgement area or LAIT topic."
    ),
    lait: bool = typer.Option(
        True, "--lait/--no-lait", help="Include every LAIT measure, not only the catalogue's."
    ),
    sn_model: str | None = SN_MODEL_OPTION,
    sn_stat: str | None = SN_STAT_OPTION,
    as_: str | None = AS_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """Every authority x measure x period: value, unit, neighbour figure with its group and statistic, region,
    England, rank, quartile and LAIT band, trend and source (columns: docs/values.md)."""
    from csinspect.analysis.values import COLUMNS, Filters, values_long

    comparator = comparator_of(sn_model, sn_stat, as_)
    filters = Filters(tuple(la), tuple(measure), tuple(period), group, lait)
    with open_store(database_url) as session:
        df = values_long(session, comparator, filters)
    assert list(df.columns) == list(COLUMNS)
    _write(df, COLUMNS, out, fmt, narrow="--la, --measure, --period or --group")


def _write_csv(df: pl.DataFrame, out: Path) -> None:
    from csinspect.cells import csv_safe

    strings = [c for c, t in zip(df.columns, df.dtypes, strict=True) if t == pl.String]
    # text a spreadsheet would run as a formula is neutralised, as in every csinspect CSV
    df.with_columns(pl.col(c).map_elements(csv_safe, return_dtype=pl.String) for c in strings).write_csv(out)


@export.command("judgements")
def judgements_cmd(
    out: Path = typer.Option(..., "--out", help="The file to write."),
    fmt: ExportFormat = typer.Option(ExportFormat.csv, "--format", "-f", help="csv, parquet or xlsx."),
    la: str | None = typer.Option(None, "--la", help="Only this LA number."),
    framework: str | None = typer.Option(None, "--framework", help="Only this framework id."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Every judgement since 2005: grade as printed, scale value, common ordinal, status and provenance (the
    columns of /api/v1/judgements)."""
    _export_list("judgements", out, fmt, la, framework, database_url)


@export.command("recommendations")
def recommendations_cmd(
    out: Path = typer.Option(..., "--out", help="The file to write."),
    fmt: ExportFormat = typer.Option(ExportFormat.csv, "--format", "-f", help="csv, parquet or xlsx."),
    la: str | None = typer.Option(None, "--la", help="Only this LA number."),
    framework: str | None = typer.Option(None, "--framework", help="Only this framework id."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Every recommendation of the stored reports with its category, theme, timescale and national framework tag
    (the columns of /api/v1/recommendations)."""
    _export_list("recommendations", out, fmt, la, framework, database_url)


def _export_list(
    kind: str, out: Path, fmt: ExportFormat, la: str | None, framework: str | None, database_url: str | None
) -> None:
    from csinspect.analysis.inspections import long_rows

    with open_store(database_url) as session:
        records, columns = long_rows(session, kind, la_code=la, framework=framework)
    df = pl.DataFrame(records, schema_overrides={"published": pl.Date}, infer_schema_length=None)
    if df.is_empty():
        df = pl.DataFrame(schema=dict.fromkeys(columns, pl.String))
    _write(df[list(columns)], columns, out, fmt, narrow="--la or --framework")


def _write(df: pl.DataFrame, columns: dict[str, str], out: Path, fmt: ExportFormat, narrow: str) -> None:
    """``df`` as ``fmt`` (an xlsx workbook has a sheet explaining the columns); ``narrow``: the options that
    make a too-large workbook smaller, named in the refusal."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt is ExportFormat.parquet:
        df.write_parquet(out)
    elif fmt is ExportFormat.xlsx:
        if df.height > XLSX_MAX_ROWS:
            raise fail(
                f"{df.height:,} rows is more than a workbook should hold ({XLSX_MAX_ROWS:,}): use --format csv or "
                f"parquet, or narrow it with {narrow}"
            )
        from csinspect.outputs.values_xlsx import write_values_xlsx

        write_values_xlsx(df, out, columns)
    else:
        _write_csv(df, out)
    typer.echo(f"wrote {df.height:,} rows to {out}")
