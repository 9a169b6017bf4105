"""``csinspect history LA``, ``csinspect neighbours LA``, ``csinspect national --framework F [--year Y]``."""

from __future__ import annotations

import typer

from csinspect.cli.common import DB_OPTION, FORMAT_OPTION, open_store, parse_date, resolve_authority
from csinspect.cli.output import Format, emit, fail

app = typer.Typer()

HISTORY_COLUMNS = [
    "inspection_start",
    "published",
    "la_code",
    "framework_id",
    "judgement_id",
    "ordinal",
    "label",
    "status",
    "source",
    "source_ref",
]


def _short_ref(ref: str | None) -> str:
    """'sheet X row 81 column 'Y'' -> 'X r81' (the table stays narrow; json/csv keep the full reference)."""
    return (ref or "").split(" column ")[0].replace("sheet ", "").replace(" row ", " r")


@app.command("history")
def history(
    la: str = typer.Argument(..., help="LA number, GSS code or name."),
    predecessors: bool = typer.Option(True, "--predecessors/--no-predecessors"),
    fmt: Format = FORMAT_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """Every inspection and judgement of an authority (and its predecessors) in date order."""
    from csinspect.analysis.history import authority_history

    with open_store(database_url) as s:
        code, name = resolve_authority(s, la)
        rows = authority_history(s, code, include_predecessors=predecessors)
    if not rows:
        raise fail(f"no inspections recorded for {code} {name}; load the Ofsted files or ingest reports")
    out = [r.as_dict() for r in rows]
    if fmt is Format.table:
        out = [r | {"source_ref": _short_ref(r["source_ref"])} for r in out]
    emit(
        out,
        fmt,
        title=f"Inspection history of {code} {name}",
        columns=None if fmt is Format.json else HISTORY_COLUMNS,
    )


@app.command("neighbours")
def neighbours(
    la: str = typer.Argument(..., help="LA number, GSS code or name."),
    on: str | None = typer.Option(None, "--on", help="Use the model in force on this date (YYYY-MM-DD)."),
    model: str | None = typer.Option(None, "--model", help="Model id, e.g. 2021-04 or 2025-05."),
    fmt: Format = FORMAT_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """The authority's DfE statistical neighbours with their latest judgements."""
    from csinspect.analysis.history import latest_judgements
    from csinspect.analysis.neighbours import latest_headline, neighbours_of

    with open_store(database_url) as s:
        code, name = resolve_authority(s, la)
        used, nbs = neighbours_of(s, code, on=parse_date(on, "--on"), model_id=model)
        if used is None:
            raise fail("no statistical-neighbour model loaded; run `csinspect data load DIR`")
        if not nbs:
            raise fail(f"{code} {name} is not listed in the {used.id} model ({used.title})")
        latest = latest_judgements(s, [code, *(n.la_code for n in nbs)])
        model_title = f"{used.id} ({used.title}, in force from {used.in_force_from})"
    rows = []
    for rank, la_code, la_name, closeness in [(0, code, name, "(the authority)")] + [
        (n.rank, n.la_code, n.name, n.closeness) for n in nbs
    ]:
        judg = latest.get(la_code, [])
        overall = latest_headline(judg)
        first = judg[0] if judg else None
        rows.append(
            {
                "rank": rank or None,
                "la_code": la_code,
                "name": la_name,
                "closeness": closeness,
                "latest": f"{first.framework_id} {first.date}" if first else None,
                "overall": overall.label if overall else None,
                "ordinal": overall.ordinal if overall else None,
                "judgements": "; ".join(f"{j.judgement_id}={j.label}" for j in judg),
                "source": f"{first.source}: {_short_ref(first.source_ref)}" if first else None,
                "model": used.id,
            }
        )
    cols = ["rank", "la_code", "name", "closeness", "latest", "overall", "ordinal", "source"]
    emit(
        rows,
        fmt,
        title=f"Statistical neighbours of {code} {name}, model {model_title}",
        columns=None if fmt is Format.json else cols + (["judgements"] if fmt is Format.csv else []),
    )


@app.command("national")
def national(
    framework: str = typer.Option(..., "--framework", help="Framework id, e.g. ilacs_2023, sif, slac."),
    year: int | None = typer.Option(None, "--year", help="Only inspections of this calendar year."),
    latest: bool = typer.Option(False, "--latest", help="Each authority's latest inspection only."),
    judgement: str | None = typer.Option(None, "--judgement", help="One judgement id only."),
    fmt: Format = FORMAT_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """The national distribution of grades under a framework."""
    from csinspect.analysis.national import grade_distribution

    with open_store(database_url) as s:
        rows = grade_distribution(s, framework, year=year, latest_only=latest, judgement_id=judgement)
    if not rows:
        raise fail(f"no graded inspections under {framework!r}" + (f" in {year}" if year else ""))
    title = (
        f"Grades under {framework}" + (f", {year}" if year else "") + (" (latest per LA)" if latest else "")
    )
    emit([r.as_dict() for r in rows], fmt, title=title)
