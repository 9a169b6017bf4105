"""``csinspect returns load|validate|indicators`` and ``csinspect synth``: a council's own child-level
returns (SSDA903, CIN census, Annex A) into the indicators inspectors cite."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from csinspect.cells import append_xlsx_row
from csinspect.cli.common import DB_OPTION, open_store, settings
from csinspect.cli.output import emit, err_console, fail

app = typer.Typer()
returns = typer.Typer(
    help="A council's own child-level returns: load, validate, indicators.", no_args_is_help=True
)


class OutFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


def write_xlsx(path: Path, sheets: dict[str, list[dict[str, Any]]]) -> None:
    """A workbook with one sheet per entry (for the data team)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title[:31])
        cols = list(rows[0].keys()) if rows else ["(none)"]
        append_xlsx_row(ws, cols)
        for r in rows:
            append_xlsx_row(ws, [r.get(c) for c in cols])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def _output(
    rows: list[dict[str, Any]],
    fmt: OutFormat,
    out: Path | None,
    title: str,
    extra: dict[str, list[dict[str, Any]]] | None = None,
) -> None:
    if fmt is OutFormat.xlsx:
        if out is None:
            raise fail("--format xlsx needs --out FILE.xlsx")
        write_xlsx(out, {title: rows, **(extra or {})})
        err_console.print(f"wrote {out}")
        return
    if out is not None:
        import contextlib
        import sys

        with out.open("w", encoding="utf-8") as fh, contextlib.redirect_stdout(fh):
            emit(rows, fmt.value, title=title)
        sys.stderr.write(f"wrote {out}\n")
        return
    emit(rows, fmt.value, title=title)


def _check_council(la: str, database_url: str | None) -> None:
    """``--la`` must be a DfE 3-digit code, and one the authority register knows when there is a database."""
    import re

    from csinspect.store.db import StoreNotReady, require_current

    if not re.fullmatch(r"\d{3}", la):
        raise fail(f"--la: {la!r} is not a DfE 3-digit LA code")
    load_first = "load the authority register first (`csinspect data load DIR` with the official files)"
    try:
        require_current(settings(database_url).db_url)
    except StoreNotReady:
        raise fail(f"--la: {la} cannot be checked: no database; {load_first}") from None
    from csinspect.authorities.resolve import AuthorityIndex

    with open_store(database_url) as session:
        index = AuthorityIndex.from_session(session)
    if not len(index):
        raise fail(f"--la: {la} cannot be checked: the authority register is empty; {load_first}")
    if index.get(la) is None:
        raise fail(f"--la: {la} is not an authority in the register (see `csinspect authorities search`)")


@returns.command("load")
def load(
    directory: Path = typer.Argument(
        ..., exists=True, file_okay=False, help="Folder with the 903 CSVs, CIN XML, Annex A xlsx."
    ),
    la: str = typer.Option(..., "--la", help="DfE 3-digit council code (the LEA in the CIN header)."),
    year: int = typer.Option(..., "--year", help="Collection year ending 31 March (2025 = 2024-25)."),
    dob_precision: str = typer.Option("month", "--dob-precision", help="month (default) or day."),
    key: str | None = typer.Option(
        None,
        "--key",
        envvar="CSINSPECT_PSEUDONYM_KEY",
        help="Pseudonymisation key (prefer the environment variable).",
        show_envvar=True,
    ),
    database_url: str | None = DB_OPTION,
) -> None:
    """Validate, pseudonymise and store the returns in DIR (files failing as a whole are not stored)."""
    from csinspect.load.pseudonym import PseudonymKeyMissing
    from csinspect.load.returns import load_dir
    from csinspect.sources.returns.problems import ReturnsFileError

    if dob_precision not in ("month", "day"):
        raise fail("--dob-precision must be month or day")
    _check_council(la, database_url)
    cfg = settings(database_url)
    try:
        report = load_dir(
            directory,
            la,
            year,
            root=cfg.returns_dir,
            key=key or cfg.pseudonym_key,
            dob_precision=dob_precision,
        )
    except (PseudonymKeyMissing, ReturnsFileError) as exc:
        raise fail(str(exc)) from exc
    emit(report.count_rows(), "table", title=f"{la} {year}: rows read = accepted + rejected")
    errors = report.problems.filter(report.problems["severity"] == "error").height
    warnings = report.problems.filter(report.problems["severity"] == "warning").height
    typer.echo(
        f"{errors} rejected-row problems, {warnings} warnings; `csinspect returns validate {directory}` lists them"
    )
    for d in report.datasets:
        if d.stored:
            typer.echo(f"stored {d.dataset}: {d.stored}")
    if report.failures:
        for f in report.failures:
            err_console.print(f"[bold red]not stored:[/] {f}")
        raise typer.Exit(1)


@returns.command("validate")
def validate(
    directory: Path = typer.Argument(..., exists=True, file_okay=False),
    la: str | None = typer.Option(
        None, "--la", help="Council code to check files against (default: from the folder or CIN header)."
    ),
    year: int | None = typer.Option(
        None, "--year", help="Collection year (default: from the folder name or CIN header)."
    ),
    fmt: OutFormat = typer.Option(OutFormat.table, "--format"),
    out: Path | None = typer.Option(None, "--out", help="Write to this file (needed for xlsx)."),
) -> None:
    """The problem table (file, table, row, column, value, rule) without storing anything."""
    from csinspect.sources.returns.folder import infer_la_year, read_dir

    guess_la, guess_year = infer_la_year(directory)
    la = la or guess_la
    year = year or guess_year or _year_from_cin(directory)
    if year is None:
        raise fail("cannot tell the collection year: pass --year")
    report = read_dir(directory, la, year)
    rows = report.problems.sort("file", "table", "row", nulls_last=True).to_dicts()
    _output(rows, fmt, out, "problems", {"counts": report.count_rows()})
    if fmt is OutFormat.table:
        emit(report.count_rows(), "table", title="rows read = accepted + rejected")
    if report.failures:
        raise typer.Exit(1)


@returns.command("indicators")
def indicators(
    la: str = typer.Argument(..., help="Council code as loaded."),
    year: int | None = typer.Option(None, "--year"),
    fmt: OutFormat = typer.Option(OutFormat.table, "--format"),
    out: Path | None = typer.Option(None, "--out"),
    population: int | None = typer.Option(
        None, "--population", help="0-17 population (default: the ONS estimate in the database)."
    ),
    database_url: str | None = DB_OPTION,
) -> None:
    """The council's indicators computed from its stored returns."""
    from csinspect.analysis.returns import local_indicator_values
    from csinspect.indicators.catalogue import get_catalogue
    from csinspect.store.db import StoreNotReady, require_current

    root = settings(database_url).returns_dir
    if population is None:
        try:
            require_current(settings(database_url).db_url)
        except StoreNotReady:
            err_console.print("[yellow]note:[/] no database: rates per 10,000 need --population")
        else:
            with open_store(database_url) as session:
                values = local_indicator_values(root, la, year, session=session)
    if population is not None or "values" not in locals():
        values = local_indicator_values(root, la, year, population=population)
    if not values:
        raise fail(
            f"no stored returns for {la}{f' in {year}' if year else ''}: run `csinspect returns load` first"
        )
    try:
        titles = {k: v.title for k, v in get_catalogue().indicators.items()}
    except Exception:
        titles = {}
    rows = [
        {
            "indicator": v.indicator_id,
            "title": titles.get(v.indicator_id, ""),
            "period": v.period,
            "value": v.value,
            "numerator": v.numerator,
            "denominator": v.denominator,
            "note": v.note,
        }
        for v in values
    ]
    _output(rows, fmt, out, f"{la} indicators from its own returns")


@app.command("synth")
def synth(
    out: Path = typer.Option(..., "--out", help="Folder to write <la_code>/<year>/ sub-folders into."),
    councils: int = typer.Option(1, "--councils", min=1),
    years: int = typer.Option(1, "--years", min=1),
    seed: int = typer.Option(1, "--seed"),
    last_year: int = typer.Option(2025, "--last-year", help="Last collection year written."),
    error_rate: float = typer.Option(
        0.01, "--error-rate", min=0.0, max=0.5, help="Share of rows with a planted error."
    ),
    size: float = typer.Option(1.0, "--size", help="Scale the council sizes (1 = national rates)."),
    no_annex: bool = typer.Option(False, "--no-annex-a", help="Skip the Annex A workbooks."),
    population_file: Path | None = typer.Option(
        None, "--population-file", help="ONS 0-17 estimates (EES layout): real council codes and sizes."
    ),
) -> None:
    """Synthetic SSDA903, CIN census and Annex A files with planted ground truth (truth.json)."""
    from csinspect.testing.synth import generate

    result = generate(
        out,
        councils=councils,
        years=years,
        last_year=last_year,
        seed=seed,
        error_rate=error_rate,
        size=size,
        annex_a=not no_annex,
        population_file=population_file,
    )
    typer.echo(
        f"wrote {len(result)} councils x {years} years to {out} (ground truth in <la_code>/truth.json)"
    )


def _year_from_cin(directory: Path) -> int | None:
    import re

    for p in sorted(directory.rglob("*.xml")):
        with p.open("rb") as fh:
            head = fh.read(4096).decode("utf-8", "replace")
        m = re.search(r"<Year>\s*(\d{4})\s*</Year>", head)
        if m:
            return int(m.group(1))
    return None
