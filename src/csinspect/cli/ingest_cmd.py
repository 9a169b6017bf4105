"""``csinspect ingest PATH...`` (read reports into records) and ``csinspect show-inspection ID``."""

from __future__ import annotations

import json
import sys
from collections import Counter
from enum import StrEnum

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from csinspect.cli.common import DB_OPTION, open_store, settings
from csinspect.cli.output import console, err_console, fail
from csinspect.sources.sandbox import Limits

app = typer.Typer()


class IngestFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


@app.command("ingest")
def ingest(
    paths: list[str] = typer.Argument(..., help="PDF or text files, folders (recursive) or glob patterns."),
    workers: int | None = typer.Option(
        None,
        "--workers",
        "-w",
        min=1,
        max=32,
        help="Parallel worker processes (default: the number of CPUs, at most 4).",
        show_default=False,
    ),
    fmt: IngestFormat = typer.Option(IngestFormat.table, "--format", "-f", help="table (summary) or jsonl."),
    strict: bool = typer.Option(
        False, "--strict", help="Exit 1 if any document is not ok (rejected or needs review)."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Parse and check only; store nothing."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Read inspection reports (every framework since 2005) into stored records with provenance.

    Each file is read and stored on its own: one that cannot be read is recorded as rejected with its reason
    and the run goes on. Exits 1 when any file could not be stored (with --strict: when any is not ok)."""
    from contextlib import nullcontext

    from csinspect.load.outcome import exit_code
    from csinspect.load.reports import default_workers, expand_paths, ingest_paths, report_json

    files = expand_paths(paths)
    if not files:
        raise fail("no files to ingest")
    documents_dir = settings(database_url).documents_dir
    store = nullcontext(None) if dry_run else open_store(database_url, write=True)
    with (
        store as session,
        Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[last]}"),
            console=err_console,
            transient=fmt is IngestFormat.jsonl,
            auto_refresh=False,  # no refresh thread: the workers are forked from this process
        ) as bar,
    ):
        task = bar.add_task("ingest", total=len(files), last="")

        def tick(out) -> None:  # type: ignore[no-untyped-def]
            bar.update(task, advance=1, last=f"{out.status}: {out.file.rsplit('/', 1)[-1][:40]}")
            bar.refresh()
            if fmt is IngestFormat.jsonl:
                sys.stdout.write(json.dumps(report_json(out), default=str) + "\n")
                sys.stdout.flush()

        outcomes = ingest_paths(
            files,
            session,
            workers=workers or default_workers(),
            documents_dir=None if dry_run else documents_dir,
            progress=tick,
            limits=Limits.of(settings()),
        )
    if fmt is IngestFormat.table:
        _summary(outcomes)
        for o in outcomes:
            if o.status != "ok" or o.notes:
                msgs = "; ".join([*o.reasons, *o.notes])
                console.print(f"[dim]{o.status:>12}[/] {o.file}: {msgs}")
    code = exit_code(outcomes, strict=strict)
    if code:
        raise typer.Exit(code)


@app.command("show-inspection")
def show_inspection(
    inspection_id: int = typer.Argument(..., help="The record id (from `ingest --format jsonl`)."),
    as_json: bool = typer.Option(False, "--json", help="Print the record as JSON."),
    database_url: str | None = DB_OPTION,
) -> None:
    """Print a stored inspection record with the page and quoted text of every value."""
    from csinspect.analysis.inspections import stored_record

    with open_store(database_url) as session:
        record = stored_record(session, inspection_id)
    if record is None:
        raise fail(f"no inspection record with id {inspection_id}")
    data = record.model_dump(mode="json")
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    _print_record(data)


def _summary(outcomes) -> None:  # type: ignore[no-untyped-def]
    counts: Counter[tuple[str, str]] = Counter(
        (o.detail.get("document_type") or "(unrecognised)", "rejected" if o.status == "failed" else o.status)
        for o in outcomes
    )
    types = sorted({t for t, _ in counts})
    table = Table(title=f"Ingested {len(outcomes)} file(s)")
    for col in ("document type", "ok", "needs review", "rejected", "total"):
        table.add_column(col, justify="right" if col != "document type" else "left")
    for t in types:
        row = [counts[(t, s)] for s in ("ok", "needs_review", "rejected")]
        table.add_row(t, *map(str, row), str(sum(row)))
    totals = [sum(counts[(t, s)] for t in types) for s in ("ok", "needs_review", "rejected")]
    table.add_row("[bold]all", *[f"[bold]{x}" for x in totals], f"[bold]{sum(totals)}")
    console.print(table)


def _print_record(d: dict) -> None:  # type: ignore[type-arg]
    head = Table(show_header=False, title=f"Inspection {d['id']} ({d['status']})")
    head.add_column("field")
    head.add_column("value")
    head.add_column("where")
    prov = d.get("provenance") or {}

    def where(key: str) -> str:
        p = prov.get(key)
        if not p:
            return ""
        src = f"{p.get('source')} " if p.get("source") and p.get("source") != "report" else ""
        return f"{src}p{p.get('page', '?')}: {str(p.get('text', ''))[:70]}"

    a = d["authority"]
    head.add_row(
        "authority",
        f"{a.get('la_code') or '?'} {a.get('name') or ''} (printed: {a.get('printed')})",
        where("authority"),
    )
    head.add_row("framework", f"{d['framework']} / {d['document_type']}", where("classification"))
    head.add_row("inspection", f"{d['inspection_start']} to {d['inspection_end']}", where("inspection_dates"))
    head.add_row("published", str(d["published"]), where("published"))
    head.add_row("lead inspector", str(d["lead_inspector"]), where("lead_inspector"))
    sources = "; ".join(f"{s['title']} ({s['origin'].replace('_', ' ')})" for s in d["sources"])
    head.add_row("source", f"{sources} (sha256 {str(d['sha256'])[:12]}…, parser {d['parser_version']})", "")
    console.print(head)
    if d["reasons"]:
        console.print("[bold yellow]needs review:[/] " + "; ".join(d["reasons"]))
    if d["judgements"]:
        t = Table(title="Judgements")
        for c in ("judgement", "printed", "grade", "ordinal", "page", "status", "quoted text"):
            t.add_column(c)
        for j in d["judgements"]:
            t.add_row(
                j["id"],
                str(j["label"]),
                str(j["grade"]),
                str(j["ordinal"]),
                str(j["page"]),
                j["status"] + (f": {j['reason']}" if j.get("reason") else ""),
                str(j["quote"])[:80],
            )
        console.print(t)
    if d["recommendations"]:
        t = Table(title="Recommendations")
        for c in ("#", "category", "page", "text"):
            t.add_column(c)
        for i, r in enumerate(d["recommendations"], 1):
            t.add_row(str(i), str(r["category"]), str(r["page"]), r["text"])
        console.print(t)
    if d["facts"]:
        t = Table(title="Facts about the area")
        for c in ("fact", "value", "as of", "page", "quoted text"):
            t.add_column(c)
        for f in d["facts"]:
            as_of = str(f["as_of"]) + (f" ({f['as_of_basis']})" if f.get("as_of_basis") else "")
            t.add_row(f["name"], f"{f['value']:g}", as_of, str(f["page"]), str(f["quote"])[:80])
        console.print(t)
    if d["findings"]:
        console.print(
            f"{len(d['findings'])} findings (strengths, weaknesses, key findings); use --json to see them"
        )
