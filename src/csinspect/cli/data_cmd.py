"""``csinspect data load DIR``, ``data fetch``, ``data status``: the official files."""

from __future__ import annotations

from pathlib import Path

import typer

from csinspect.cli.common import DB_OPTION, FORMAT_OPTION, open_store, settings
from csinspect.cli.output import Format, emit, fail

app = typer.Typer(help="Official data: load, fetch, status.", no_args_is_help=True)

RESULT = {
    "ok": "loaded",
    "needs_review": "loaded",
    "unchanged": "unchanged (already loaded)",
    "failed": "failed",
}


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@app.command("load")
def load(
    directory: Path = typer.Argument(..., help="Folder holding the official files."),
    kinds: str | None = typer.Option(None, "--kinds", help="Only these loader kinds (comma-separated)."),
    fmt: Format = FORMAT_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """Load every recognised file, each in its own transaction (files already loaded are unchanged; a file
    that fails is rolled back alone and the others still load). Exits 1 when any file failed."""
    from csinspect.load.official import load_directory
    from csinspect.load.outcome import LoadError, exit_code

    wanted = {k.strip() for k in kinds.split(",")} if kinds else None
    with open_store(database_url, write=True) as session:
        try:
            outcomes = load_directory(session, directory, kinds=wanted)
        except LoadError as exc:
            raise fail(str(exc)) from None
    if not outcomes:
        raise fail(f"{directory}: no official file recognised")
    rows = [
        {
            "file": o.file,
            "kind": o.kind,
            "rows_read": o.rows_read,
            "rows_loaded": o.rows_loaded,
            "result": RESULT.get(o.status, o.status),
            "skipped": ", ".join(f"{k}: {v}" for k, v in o.skipped.items()),
            "notes": "; ".join([*o.reasons, *o.notes]),
        }
        for o in outcomes
    ]
    if fmt is Format.table:  # keep the table readable; json/csv carry the full text
        rows = [r | {k: _short(str(r[k])) for k in ("skipped", "notes")} for r in rows]
    emit(rows, fmt, title=f"Loaded {directory}")
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        for o in failed:
            why = "; ".join(o.reasons)
            fail(why if why.startswith(o.file) else f"{o.file}: {why}")
        raise typer.Exit(exit_code(outcomes))


@app.command("fetch")
def fetch(
    dest: Path | None = typer.Option(None, "--dest", help="Folder to download into (default: data dir)."),
    base_url: str | None = typer.Option(None, "--base-url", help="Fetch <base-url>/<file name> instead."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Download the official files from their public addresses, verified against known versions."""
    from csinspect.sources.official.fetch import fetch_all

    target = dest or settings().data_dir / "official"
    results = fetch_all(target, base_url)
    emit([r.__dict__ for r in results], fmt, title=f"Fetched into {target}")
    failed = [r.file for r in results if r.status == "failed"]
    if failed:
        raise fail(f"{len(failed)} file(s) failed: {', '.join(failed)}")


@app.command("demo")
def demo(dest: Path = typer.Argument(..., help="Folder to write the demonstration files into.")) -> None:
    """Write a demonstration set with MADE-UP figures (a small England in the official formats, and a few
    reports in Ofsted's layout) for a machine without the official files: then ``data load DEST/official``
    and ``ingest DEST/reports``."""
    from csinspect.testing.demo import write_demo

    official, reports = write_demo(dest)
    typer.echo(f"demonstration files (made-up figures): {official} and {reports}")


@app.command("status")
def status(fmt: Format = FORMAT_OPTION, database_url: str | None = DB_OPTION) -> None:
    """What is loaded, from which files, when."""
    from csinspect.analysis.data_status import data_status, sync_runs

    with open_store(database_url) as session:
        st = data_status(session)
    rows = [
        {
            "kind": f.kind,
            "file": f.name,
            "loaded_at": f.loaded_at.replace(microsecond=0),
            "rows": f.rows,
            "sha256": f.sha256[:12],
        }
        for f in st.files
    ]
    if fmt is Format.table:
        emit([{"what": k, "count": v} for k, v in st.counts.items()], fmt, title="Database")
    emit(rows, fmt, title="Loaded files")
    if fmt is Format.table:
        with open_store(database_url) as session:
            runs = [
                {"sync": r.kind, "started": r.started_at.replace(microsecond=0),
                 "finished": r.finished_at.replace(microsecond=0) if r.finished_at else None, "result": r.status,
                 "found": r.found, "new": r.new, "stored": r.ingested, "failed": r.failed, "message": r.message or ""}
                for r in sync_runs(session, 10)
            ]  # fmt: skip
        emit(runs, fmt, title="Recent sync runs")
