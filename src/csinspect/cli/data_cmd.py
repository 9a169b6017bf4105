"""``csinspect data load DIR``, ``data fetch``, ``data status``: the official files."""

from __future__ import annotations

from pathlib import Path

import typer

from csinspect.cli.common import DB_OPTION, FORMAT_OPTION
from csinspect.cli.output import Format, emit, fail


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def register(app: typer.Typer) -> None:
    data = typer.Typer(help="Official data: load, fetch, status.", no_args_is_help=True)

    @data.command("load")
    def load(
        directory: Path = typer.Argument(..., help="Folder holding the official files."),
        kinds: str | None = typer.Option(None, "--kinds", help="Only these loader kinds (comma-separated)."),
        fmt: Format = FORMAT_OPTION,
        database_url: str | None = DB_OPTION,
    ) -> None:
        """Load every recognised file (each in its own transaction; files already loaded are skipped)."""
        from csinspect.sources.official.registry import OfficialDataError, load_directory
        from csinspect.store.db import init_db

        url = init_db(database_url)
        wanted = {k.strip() for k in kinds.split(",")} if kinds else None
        try:
            summaries = load_directory(directory, url, kinds=wanted)
        except OfficialDataError as exc:
            raise fail(str(exc)) from None
        if not summaries:
            raise fail(f"{directory}: no official file recognised")
        rows = [
            {
                "file": s.file,
                "kind": s.kind,
                "rows_read": s.rows_read,
                "rows_loaded": s.rows_loaded,
                "result": "unchanged (already loaded)" if s.unchanged else "loaded",
                "skipped": ", ".join(f"{k}: {v}" for k, v in s.skipped.items()),
                "notes": "; ".join(s.notes),
            }
            for s in summaries
        ]
        if fmt is Format.table:  # keep the table readable; json/csv carry the full text
            rows = [r | {k: _short(str(r[k])) for k in ("skipped", "notes")} for r in rows]
        emit(rows, fmt, title=f"Loaded {directory}")

    @data.command("fetch")
    def fetch(
        dest: Path | None = typer.Option(None, "--dest", help="Folder to download into (default: data dir)."),
        base_url: str | None = typer.Option(None, "--base-url", help="Fetch <base-url>/<file name> instead."),
        fmt: Format = FORMAT_OPTION,
    ) -> None:
        """Download the official files from their public addresses, verified against known versions."""
        from csinspect.config import get_settings
        from csinspect.sources.official.fetch import fetch_all

        target = dest or get_settings().data_dir / "official"
        results = fetch_all(target, base_url)
        emit([r.__dict__ for r in results], fmt, title=f"Fetched into {target}")
        failed = [r.file for r in results if r.status == "failed"]
        if failed:
            raise fail(f"{len(failed)} file(s) failed: {', '.join(failed)}")

    @data.command("status")
    def status(fmt: Format = FORMAT_OPTION, database_url: str | None = DB_OPTION) -> None:
        """What is loaded, from which files, when."""
        from sqlalchemy import func, select

        from csinspect.store.db import init_db, session_scope
        from csinspect.store.models import Authority, Inspection, SourceFile, StatNeighbour

        url = init_db(database_url)
        with session_scope(url) as s:
            files = s.scalars(select(SourceFile).order_by(SourceFile.kind, SourceFile.name)).all()
            counts = {
                "authorities": s.scalar(select(func.count()).select_from(Authority)),
                "neighbour rows": s.scalar(select(func.count()).select_from(StatNeighbour)),
                "official inspections": s.scalar(
                    select(func.count()).select_from(Inspection).where(Inspection.origin == "official_table")
                ),
            }
            rows = [
                {
                    "kind": f.kind,
                    "file": f.name,
                    "loaded_at": f.loaded_at.replace(microsecond=0),
                    "rows": f.rows,
                    "sha256": f.sha256[:12],
                }
                for f in files
            ]
        if fmt is Format.table:
            emit([{"what": k, "count": v} for k, v in counts.items()], fmt, title=f"Database {url}")
        emit(rows, fmt, title="Loaded files")

    app.add_typer(data, name="data")
