"""``csinspect render`` (a record or assessment in its framework's form) and ``csinspect council-report``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer

from csinspect.cli.common import DB_OPTION, open_store, parse_date
from csinspect.cli.output import console, fail

app = typer.Typer()
_ASSESSMENT = re.compile(r"^(?:a|assessment:?)(\d+)$", re.I)


def _open(url: str | None, fn: Any) -> Any:
    with open_store(url) as s:
        return fn(s)


@app.command("render")
def render_cmd(
    record: str = typer.Argument(..., help="Inspection id (e.g. 12) or assessment id (a7 or assessment:7)."),
    fmt: str = typer.Option("html", "--format", "-f", help="html, pdf or md."),
    out: Path = typer.Option(..., "--out", help="Output file."),
    charts: bool = typer.Option(False, "--charts", help="Add charts from the loaded performance profile."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Render an ingested/published record or an assessment as its framework's report or letter."""
    from csinspect.outputs.reports.render import FORMATS, RenderError, render
    from csinspect.store.assessment_models import Assessment
    from csinspect.store.models import Inspection

    if fmt not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    m = _ASSESSMENT.match(record.strip())
    if not m and not record.strip().isdigit():
        raise fail(f"{record!r} is neither an inspection id (12) nor an assessment id (a7)")

    def go(s: Any) -> bytes:
        obj = s.get(Assessment, int(m.group(1))) if m else s.get(Inspection, int(record))
        if obj is None:
            raise fail(f"no {'assessment' if m else 'inspection'} {record}")
        try:
            return render(obj, fmt, s, charts=charts)
        except (RenderError, KeyError) as exc:
            raise fail(str(exc)) from None

    data = _open(database_url, go)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    console.print(f"{out} written ({len(data):,} bytes, {fmt})")


@app.command("council-report")
def council_report_cmd(
    inspection_id: int = typer.Argument(...),
    out: Path = typer.Option(..., "--out", help="FILE.html, FILE.pdf or FILE.docx"),
    meeting_date: str | None = typer.Option(None, "--date", help="Meeting date (YYYY-MM-DD)."),
    report_by: str | None = typer.Option(None, "--report-by"),
    contact: str | None = typer.Option(None, "--contact", help="Contact officer."),
    lead_member: str | None = typer.Option(None, "--lead-member", help="Lead executive member(s)."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Draft the council executive's paper on an inspection (grades, findings, draft action plan)."""
    from csinspect.outputs.reports.council import PaperOptions, council_report

    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("html", "pdf", "docx"):
        raise fail(f"--out must end in .html, .pdf or .docx, not {out.suffix or '(nothing)'}")
    opts = PaperOptions(meeting_date=parse_date(meeting_date, "--date"))
    if report_by:
        opts.report_by = report_by
    if contact:
        opts.contact_officer = contact
    if lead_member:
        opts.lead_member = lead_member

    def go(s: Any) -> bytes:
        try:
            return council_report(s, inspection_id, fmt, opts)
        except ValueError as exc:
            raise fail(str(exc)) from None

    data = _open(database_url, go)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    console.print(f"{out} written ({len(data):,} bytes)")
