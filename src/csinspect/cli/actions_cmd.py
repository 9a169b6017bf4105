"""``csinspect actions``: action plans from recommendations, updates, views, .xlsx, repeat links."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer

from csinspect.cli.assess_cmd import ACTOR_OPTION, _actor, _run
from csinspect.cli.common import DB_OPTION, FORMAT_OPTION, open_store, parse_date
from csinspect.cli.output import Format, console, emit, fail

LIST_COLUMNS = ["id", "rec", "action", "owner", "lead_member", "due", "status", "rag", "rag_rule"]


def _la_code(url: str | None, la: str) -> str:
    from csinspect.authorities.resolve import AuthorityIndex

    with open_store(url) as s:
        index = AuthorityIndex.from_session(s)
    if index.get(la.strip()) is not None:
        return la.strip()
    try:
        return index.resolve(la).la_code
    except LookupError as exc:
        raise fail(f"unknown authority {la!r}: {exc}") from None


def _row(a: Any, rag: Any) -> dict[str, Any]:
    return {
        "id": a.id,
        "inspection_id": a.inspection_id,
        "rec": f"{a.recommendation_seq}.{a.seq}",
        "recommendation": a.recommendation_text,
        "action": a.description,
        "owner": a.owner,
        "lead_member": a.lead_member,
        "due": a.due_date,
        "due_rule": a.due_rule,
        "status": a.status,
        "rag": rag.rating,
        "rag_rule": rag.rule,
    }


actions = typer.Typer(help="Action plans: recommendations → actions, progress, .xlsx.", no_args_is_help=True)


@actions.command("from-inspection")
def from_inspection(
    inspection_id: int = typer.Argument(...),
    owner: str | None = typer.Option(None, "--owner"),
    lead_member: str | None = typer.Option(None, "--lead-member"),
    default_due: str | None = typer.Option(
        "P6M", "--default-due", help="Due for recommendations printed without a timescale ('' for none)."
    ),
    fmt: Format = FORMAT_OPTION,
    actor: str | None = ACTOR_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """Turn an inspection's recommendations into actions with due dates (idempotent)."""
    from csinspect.actions.plan import actions_from_inspection, current_rag

    rows = _run(
        database_url,
        lambda s: [
            _row(a, current_rag(a))
            for a in actions_from_inspection(
                s,
                inspection_id,
                _actor(actor),
                owner=owner,
                lead_member=lead_member,
                default_due=default_due or None,
            )
        ],
    )
    if not rows:
        console.print(f"inspection {inspection_id}: every recommendation already has actions")
        return
    emit(
        rows,
        fmt,
        title=f"{len(rows)} actions created",
        columns=None if fmt is Format.json else [*LIST_COLUMNS, "due_rule"],
    )


@actions.command("list")
def list_cmd(
    la: str = typer.Argument(..., help="LA number or name."),
    view: str = typer.Option("all", "--view", help="all, overdue or at_risk."),
    on: str | None = typer.Option(None, "--on", help="Rate against this date (default today)."),
    fmt: Format = FORMAT_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """The authority's actions with RAG and the rule that set it."""
    from csinspect.actions.plan import list_actions

    code = _la_code(database_url, la)
    day = parse_date(on, "--on") or date.today()
    rows = _run(
        database_url,
        lambda s: [_row(a, r) for a, r in list_actions(s, code, view=view, today=day)],
        write=False,
    )
    emit(
        rows,
        fmt,
        title=f"Actions of {code} ({view}, {day})",
        columns=None if fmt is Format.json else LIST_COLUMNS,
    )


@actions.command("update")
def update(
    action_id: int = typer.Argument(...),
    status: str | None = typer.Option(
        None, "--status", help="not_started, in_progress, blocked, complete, cancelled."
    ),
    note: str | None = typer.Option(None, "--note", help="Progress update."),
    evidence: str | None = typer.Option(None, "--evidence", help="Evidence for the update."),
    owner: str | None = typer.Option(None, "--owner"),
    lead_member: str | None = typer.Option(None, "--lead-member"),
    due: str | None = typer.Option(None, "--due", help="New due date (YYYY-MM-DD)."),
    description: str | None = typer.Option(None, "--description"),
    rag: str | None = typer.Option(None, "--rag", help="Set the RAG by hand (needs --reason)."),
    reason: str | None = typer.Option(None, "--reason"),
    actor: str | None = ACTOR_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """Update an action; every change is audited."""
    from csinspect.actions.plan import current_rag, update_action

    day = parse_date(due, "--due")

    def go(s: Any) -> dict[str, Any]:
        x = update_action(
            s,
            action_id,
            _actor(actor),
            status=status,
            note=note,
            evidence=evidence,
            owner=owner,
            lead_member=lead_member,
            due=day,
            description=description,
            rag=rag,
            reason=reason,
        )
        return _row(x, current_rag(x))

    a = _run(database_url, go)
    console.print(f"action {a['id']}: {a['status']}, RAG {a['rag']} ({a['rag_rule']})")


@actions.command("add")
def add(
    recommendation_id: int = typer.Argument(..., help="Recommendation id."),
    description: str = typer.Argument(...),
    owner: str | None = typer.Option(None, "--owner"),
    lead_member: str | None = typer.Option(None, "--lead-member"),
    due: str | None = typer.Option(None, "--due"),
    actor: str | None = ACTOR_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """Add a further action to a recommendation."""
    from csinspect.actions.plan import add_action

    day = parse_date(due, "--due")
    aid = _run(
        database_url,
        lambda s: (
            add_action(
                s,
                recommendation_id,
                _actor(actor),
                description=description,
                owner=owner,
                lead_member=lead_member,
                due=day,
            ).id
        ),
    )
    console.print(f"action {aid} added")


@actions.command("export")
def export(
    la: str = typer.Argument(...),
    out: Path = typer.Option(..., "--out", help="FILE.xlsx"),
    database_url: str | None = DB_OPTION,
) -> None:
    """Export the action plan as .xlsx in the council layout."""
    from csinspect.actions.xlsx import export_plan

    if out.suffix.lower() != ".xlsx":
        raise fail(f"--out must end in .xlsx, not {out.suffix or '(nothing)'}")
    code = _la_code(database_url, la)
    n = _run(database_url, lambda s: export_plan(s, code, out), write=False)
    console.print(f"{n} actions written to {out}")


@actions.command("import")
def import_cmd(
    path: Path = typer.Argument(..., exists=True, dir_okay=False),
    actor: str | None = ACTOR_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """Import an edited action-plan workbook (all rows checked before anything is written)."""
    from csinspect.actions.xlsx import import_plan

    summary = _run(database_url, lambda s: import_plan(s, path, _actor(actor)))
    console.print(
        f"{summary.rows} rows read; {len(summary.changed)} actions changed; {summary.updates_added} progress updates added"
    )
    for ig in summary.ignored:
        console.print(f"[yellow]ignored[/] edit to derived {ig}")


@actions.command("link")
def link(
    inspection_id: int = typer.Argument(..., help="The LATER inspection."),
    threshold: float = typer.Option(72.0, "--threshold", help="Minimum similarity score (0-100)."),
    fmt: Format = FORMAT_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """Link a later inspection's recommendations/findings to earlier recommendations that say the same."""
    from csinspect.actions.linking import LinkError, link_inspection

    def go(s: Any) -> list[dict[str, Any]]:
        try:
            links = link_inspection(s, inspection_id, threshold=threshold)
        except LinkError as exc:
            raise fail(str(exc)) from None
        return [
            {
                "score": lk.score,
                "later": f"{lk.later_kind} {lk.later_id}",
                "later_text": lk.later_text,
                "earlier_inspection": lk.earlier_inspection_id,
                "earlier_text": lk.earlier_text,
            }
            for lk in links
        ]

    rows = _run(database_url, go)
    if not rows:
        console.print(
            f"inspection {inspection_id}: nothing repeats an earlier recommendation (threshold {threshold})"
        )
        return
    emit(rows, fmt, title=f"Repeated from earlier recommendations ({len(rows)})")
