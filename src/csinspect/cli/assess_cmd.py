"""``csinspect assess``: assessments under a framework - evidence, proposals, grades, states, audit."""

from __future__ import annotations

import json
from typing import Any

import typer

from csinspect.cli.common import DB_OPTION, FORMAT_OPTION, open_store, parse_date, settings
from csinspect.cli.output import Format, console, emit, err_console, fail

ACTOR_OPTION = typer.Option(None, "--as", help="Who is making the change (default: cli:<os user>).")


def _actor(name: str | None) -> str:
    from csinspect.store.audit import cli_actor

    return name or cli_actor()


def _run(url: str | None, fn: Any, *, write: bool = True) -> Any:
    """Run ``fn(session)`` in one transaction; workflow errors become a clear message and exit 1.
    ``write=False``: a command that only reads (the database is then never migrated)."""
    from csinspect.actions.plan import ActionError
    from csinspect.assessment.rules import RulesError
    from csinspect.assessment.workflow import AssessmentError
    from csinspect.store.assessment_models import PublishedAssessmentIsImmutable

    try:
        with open_store(url, write=write) as s:
            return fn(s)
    except (AssessmentError, RulesError, ActionError, PublishedAssessmentIsImmutable) as exc:
        raise fail(f"{exc} (nothing was changed)") from None


def _summary(a: Any) -> dict[str, Any]:
    return {
        "id": a.id,
        "la_code": a.la_code,
        "framework": a.framework_id,
        "state": a.state,
        "title": a.title,
        "period_start": a.period_start,
        "published_on": a.published_on,
        "inspection_id": a.inspection_id,
    }


assess = typer.Typer(
    help="Assess an authority under a framework: evidence, proposals, grades.", no_args_is_help=True
)


@assess.command("new")
def new(
    la: str = typer.Argument(..., help="LA number or name."),
    framework: str = typer.Option(..., "--framework", help="Framework id, e.g. csa, sif, ilacs_2023."),
    title: str | None = typer.Option(None, "--title"),
    period_start: str | None = typer.Option(None, "--from", help="Period start (YYYY-MM-DD)."),
    period_end: str | None = typer.Option(None, "--to", help="Period end (YYYY-MM-DD)."),
    companion_of: int | None = typer.Option(
        None, "--companion-of", help="e.g. an LSCB review of SIF assessment ID."
    ),
    kind: str = typer.Option(
        "inspection", "--kind", help="inspection (the inspectorate's) or self_evaluation (the council's own)."
    ),
    actor: str | None = ACTOR_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """Create a draft assessment."""
    from csinspect.assessment.workflow import create_assessment

    start, end = parse_date(period_start, "--from"), parse_date(period_end, "--to")
    a = _run(
        database_url,
        lambda s: _summary(
            create_assessment(
                s,
                la,
                framework,
                _actor(actor),
                title=title,
                period_start=start,
                period_end=end,
                companion_of=companion_of,
                kind=kind,
            )
        ),
    )
    console.print(f"assessment {a['id']} created: {a['title']} ({a['framework']}, draft)")


@assess.command("evidence")
def evidence(
    assessment_id: int = typer.Argument(...),
    previous: bool = typer.Option(
        False, "--previous", help="Attach earlier inspections and their recommendations."
    ),
    profile: bool = typer.Option(False, "--profile", help="Attach the performance profile."),
    period: str | None = typer.Option(None, "--period", help="Profile period, e.g. 2015."),
    child_level: bool = typer.Option(False, "--child-level", help="Attach child-level indicators (returns)."),
    finding: str | None = typer.Option(None, "--finding", help="Free-text finding."),
    finding_kind: str = typer.Option(
        "key_finding", "--finding-kind", help="strength, area_for_improvement, key_finding."
    ),
    note: str | None = typer.Option(None, "--note", help="Free-text note."),
    area: str | None = typer.Option(None, "--area", help="Judgement id the finding/note belongs to."),
    provider_good: float | None = typer.Option(
        None, "--providers-good", help="Share of providers good or better (0-1)."
    ),
    provider_inadequate: float | None = typer.Option(
        None, "--providers-inadequate", help="Share inadequate (0-1)."
    ),
    source: str | None = typer.Option(
        None, "--source", help="Where a finding, note or provider figure comes from."
    ),
    actor: str | None = ACTOR_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """Attach evidence; every item records its source."""
    from csinspect.assessment import evidence as ev
    from csinspect.assessment.workflow import add_evidence

    who = _actor(actor)
    if not any([previous, profile, child_level, finding, note, provider_good is not None]):
        raise fail(
            "say what to attach: --previous, --profile, --child-level, --finding, --note or --providers-good"
        )
    if (finding or note or provider_good is not None) and not source:
        raise fail("--source is required for findings, notes and provider figures")

    def go(s: Any) -> list[str]:
        done: list[str] = []
        if previous:
            done += [f"{e.source}: {e.title}" for e in ev.attach_previous(s, assessment_id, who)]
        if profile:
            e = ev.attach_profile(s, assessment_id, who, period=period)
            done.append(f"{e.source}: {e.title}")
        if child_level:
            e = ev.attach_child_level(
                s,
                assessment_id,
                who,
                returns_dir=settings(database_url).returns_dir,
                year=int(period) if period else None,
            )
            done.append(f"{e.source}: {e.title}")
        if finding:
            e = add_evidence(
                s,
                assessment_id,
                who,
                kind="finding",
                text=finding,
                finding_kind=finding_kind,
                judgement_area=area,
                source=source or "",
            )
            done.append(f"finding ({finding_kind}, {area or 'general'}): {finding[:60]}")
        if note:
            add_evidence(
                s, assessment_id, who, kind="note", text=note, judgement_area=area, source=source or ""
            )
            done.append(f"note: {note[:60]}")
        if provider_good is not None:
            if not 0 <= provider_good <= 1 or (
                provider_inadequate is not None and not 0 <= provider_inadequate <= 1
            ):
                from csinspect.assessment.workflow import AssessmentError

                raise AssessmentError("provider shares are fractions between 0 and 1")
            data = {"good_or_better_share": provider_good, "inadequate_share": provider_inadequate or 0.0}
            add_evidence(
                s,
                assessment_id,
                who,
                kind="provider_outcomes",
                data=data,
                source=source or "",
                title="Provider outcomes",
            )
            done.append(f"provider outcomes: {provider_good:.0%} good or better")
        return done

    for line in _run(database_url, go):
        console.print(f"attached {line}")


@assess.command("propose")
def propose(
    assessment_id: int = typer.Argument(...),
    method: str = typer.Option(
        "model",
        "--method",
        help="model (the model of the next judgement, ILACS; default) or rules (the framework's heuristic rule file).",
    ),
    fmt: Format = FORMAT_OPTION,
    actor: str | None = ACTOR_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """PROPOSE a grade per judgement area: the model's most likely grade with every grade's probability and its
    backtest (ILACS), or the framework's heuristic rule file (--method rules, and every other framework)."""
    from csinspect.assessment.propose import run_proposals

    rows = _run(
        database_url,
        lambda s: [
            {
                "judgement": p.judgement_id,
                "proposed": p.grade or "(none)",
                "reasons": p.reasons,
                "rules": p.rules_file,
            }
            for p in run_proposals(s, assessment_id, _actor(actor), method)
        ],
    )
    if fmt is Format.table:
        console.print("[bold]PROPOSALS[/] (not verdicts; record grades with `assess grade`):")
        for r in rows:
            console.print(f"\n[bold]{r['judgement']}[/]: proposed [bold]{r['proposed']}[/]")
            for reason in r["reasons"][1:]:
                console.print(f"  - {reason}")
        return
    emit([r | {"reasons": " | ".join(r["reasons"])} for r in rows], fmt)


@assess.command("grade")
def grade(
    assessment_id: int = typer.Argument(...),
    judgement: str = typer.Argument(..., help="Judgement id, e.g. help_and_protection."),
    value: str = typer.Argument(..., help="Scale value id or printed label, e.g. good."),
    rationale: str = typer.Option(..., "--rationale", help="Why this grade."),
    override_reason: str | None = typer.Option(
        None, "--override-reason", help="Needed to depart from the proposal or a hard rule."
    ),
    actor: str | None = ACTOR_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """Record a grade with its rationale (hard rules enforced; soft rules warn)."""
    from csinspect.assessment.workflow import record_grade

    def go(s: Any) -> tuple[str, list[str], list[str]]:
        out = record_grade(
            s,
            assessment_id,
            judgement,
            value,
            _actor(actor),
            rationale=rationale,
            override_reason=override_reason,
        )
        return out.judgement.grade, out.warnings, out.overrides

    g, warnings, overrides = _run(database_url, go)
    console.print(
        f"recorded {judgement} = {g}" + (f" (overrides: {', '.join(overrides)})" if overrides else "")
    )
    for w in warnings:
        err_console.print(f"[yellow]warning:[/] {w}")


@assess.command("recommend")
def recommend(
    assessment_id: int = typer.Argument(...),
    text: str = typer.Argument(...),
    category: str | None = typer.Option(
        None, "--category", help="Recommendation category id of the framework."
    ),
    section: str | None = typer.Option(None, "--section"),
    actor: str | None = ACTOR_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """Add a recommendation to the assessment."""
    from csinspect.assessment.workflow import add_recommendation

    seq = _run(
        database_url,
        lambda s: (
            add_recommendation(
                s, assessment_id, _actor(actor), text=text, category=category, section=section
            ).seq
        ),
    )
    console.print(f"recommendation {seq} added")


@assess.command("details")
def details(
    assessment_id: int = typer.Argument(...),
    summary: str | None = typer.Option(
        None, "--summary", help="Headline narrative printed under the grades."
    ),
    letter: str | None = typer.Option(
        None, "--letter", help='JSON for letters, e.g. {"addressee": "Mr M Pratt", "signatory": "…"}.'
    ),
    published_on: str | None = typer.Option(None, "--published-on", help="Publication date to print."),
    actor: str | None = ACTOR_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """Set the summary, letter details or publication date."""
    from csinspect.assessment.workflow import set_details

    try:
        letter_data = json.loads(letter) if letter else None
    except json.JSONDecodeError as exc:
        raise fail(f"--letter is not valid JSON: {exc}") from None
    day = parse_date(published_on, "--published-on")
    _run(
        database_url,
        lambda s: set_details(
            s, assessment_id, _actor(actor), summary=summary, letter=letter_data, published_on=day
        ),
    )
    console.print(f"assessment {assessment_id} updated")


@assess.command("advance")
def advance(
    assessment_id: int = typer.Argument(...),
    reason: str | None = typer.Option(None, "--reason"),
    published_on: str | None = typer.Option(None, "--published-on"),
    actor: str | None = ACTOR_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """Move draft → moderated → published (published assessments are immutable)."""
    from csinspect.assessment.workflow import advance as do_advance

    day = parse_date(published_on, "--published-on")
    a = _run(
        database_url,
        lambda s: _summary(do_advance(s, assessment_id, _actor(actor), reason=reason, published_on=day)),
    )
    extra = f"; inspection record {a['inspection_id']}" if a["inspection_id"] else ""
    console.print(f"assessment {assessment_id} is now {a['state']}{extra}")


@assess.command("show")
def show(
    assessment_id: int = typer.Argument(...),
    fmt: Format = FORMAT_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """The assessment: grades with rationale, latest proposals, rule checks, evidence."""
    from csinspect.assessment.workflow import (
        framework_for,
        get_assessment,
        latest_proposals,
        recorded_grades,
        rule_findings,
    )

    def go(s: Any) -> dict[str, Any]:
        a = get_assessment(s, assessment_id)
        fw = framework_for(a.framework_id)
        props = latest_proposals(a)
        recorded = {j.judgement_id: j for j in a.judgements}
        rows = []
        for n in fw.iter_judgements():
            if not n.graded:
                continue
            j, p = recorded.get(n.id), props.get(n.id)
            rows.append(
                {
                    "judgement": n.id,
                    "grade": j.grade if j else None,
                    "proposed": p.grade if p else None,
                    "rationale": j.rationale if j else None,
                    "override": j.override_reason if j else None,
                    "by": j.recorded_by if j else None,
                }
            )
        checks = [
            {"rule": f.rule_id, "severity": f.severity, "passed": f.passed, "message": f.message}
            for f in rule_findings(fw, recorded_grades(a))
        ]
        ev = [
            {
                "id": e.id,
                "kind": e.kind,
                "area": e.judgement_area,
                "title": e.title or (e.text or "")[:80],
                "source": e.source,
            }
            for e in a.evidence
        ]
        recs = [{"seq": r.seq, "category": r.category, "text": r.text} for r in a.recommendations]
        return {
            "assessment": _summary(a),
            "judgements": rows,
            "rules": checks,
            "evidence": ev,
            "recommendations": recs,
        }

    data = _run(database_url, go, write=False)
    if fmt is Format.json:
        emit([data], fmt)
        return
    a = data["assessment"]
    console.print(
        f"[bold]Assessment {a['id']}[/]: {a['title']} — {a['framework']} — state [bold]{a['state']}[/]"
    )
    emit(data["judgements"], fmt, title="Judgements (proposed = csinspect proposal)")
    if data["rules"]:
        emit(data["rules"], fmt, title="Framework rules")
    if data["evidence"]:
        emit(data["evidence"], fmt, title="Evidence")
    if data["recommendations"]:
        emit(data["recommendations"], fmt, title="Recommendations")


@assess.command("audit")
def audit(
    assessment_id: int = typer.Argument(...),
    fmt: Format = FORMAT_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """The append-only audit trail: who, when, what from, what to, why."""
    from csinspect.assessment.workflow import audit_trail

    rows = _run(
        database_url,
        lambda s: [
            {
                "at": e.at.replace(microsecond=0),
                "actor": e.actor,
                "action": e.action,
                "from": json.dumps(e.before, default=str) if e.before is not None else "",
                "to": json.dumps(e.after, default=str) if e.after is not None else "",
                "why": e.reason or "",
            }
            for e in audit_trail(s, assessment_id)
        ],
        write=False,
    )
    emit(rows, fmt, title=f"Audit trail of assessment {assessment_id}")


@assess.command("backtest")
def backtest_cmd(
    fmt: Format = FORMAT_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """How well proposals of the next judgement matched Ofsted: time-split backtests of the ordinal model and the
    baselines (previous grade; its frequencies; most common grade; deprivation only; the earlier heuristic)."""
    from csinspect.analysis.next_judgement.backtest import CUTOFFS, HEADLINE, table_rows
    from csinspect.analysis.next_judgement.outlook import engine

    e = _run(database_url, engine, write=False)
    rows = table_rows(e.backtest)
    if fmt is not Format.table:
        emit(rows, fmt)
        return
    n = len(e.cases) // 5
    console.print(
        f"[bold]Backtest of the next judgement[/] on {n} graded ILACS inspections. Headline: fitted on the "
        f"inspections that began before {HEADLINE:%d %B %Y}, tested on every one that began after. All folds: "
        f"fitted before each of {', '.join(f'{c:%d %b %Y}' for c in CUTOFFS)}, tested on the year after "
        "(the last: everything after), held-back inspections pooled."
    )
    short = {"overall_effectiveness": "overall", "impact_of_leaders": "leaders", "help_and_protection": "help",
             "children_in_care": "in care", "care_leavers": "leavers"}  # fmt: skip
    emit(
        [
            {"judgement": short.get(str(r["judgement"]), r["judgement"]), "method": r["method"],
             "used": r["proposed"], "n": r["test_n"], "exact": r["exact"], "±1": r["within_one"],
             "kappa": r["kappa"], "Brier": r["brier"], "ECE": r["calibration_error"], "folds n": r["all_folds_n"],
             "folds exact": r["all_folds_exact"], "folds Brier": r["all_folds_brier"]}
            for r in rows
        ]
    )  # fmt: skip
    console.print(
        "exact / ±1: the most likely grade was Ofsted's / within one grade; kappa: quadratic-weighted; Brier: "
        "0 perfect, 2 sure and wrong; ECE: calibration error of the most likely grade's probability; used: "
        "what proposals use for the judgement (the model only where it beat the previous grade on the folds)."
    )
    for j, reason in e.problems.items():
        err_console.print(f"{j}: not fitted on all history ({reason})")


@assess.command("outlook")
def outlook_cmd(
    la_code: str = typer.Argument(..., help="LA code, e.g. 330."),
    on: str | None = typer.Option(None, "--on", help="The inspection's first day (default: today)."),
    framework: str | None = typer.Option(
        None, "--framework", help="ilacs_2018, ilacs_2023 or ilacs_2026 (default: the one in force on --on)."
    ),
    fmt: Format = FORMAT_OPTION,
    database_url: str | None = DB_OPTION,
) -> None:
    """What the evidence says about the next judgements: each grade's probability, the evidence that moved it
    most, what it lacked, and how often such proposals matched Ofsted. A PROPOSAL: grades are the assessor's."""
    from datetime import date

    from csinspect.analysis.next_judgement.outlook import OutlookError, outlook

    day = parse_date(on, "--on") or date.today()
    try:
        o = _run(database_url, lambda s: outlook(s, la_code.strip().zfill(3), day, framework), write=False)
    except OutlookError as exc:
        raise fail(str(exc)) from None
    if fmt is not Format.table:
        emit(
            [
                {"judgement": j.judgement, "most_likely": j.most_likely, **j.probabilities, "method": j.method,
                 "evidence": " | ".join(j.evidence), "lacked": " | ".join(j.lacked), "backtest": j.backtest}
                for j in o.judgements
            ],
            fmt,
        )  # fmt: skip
        return
    console.print(
        f"[bold]{o.name}[/]: outlook for an inspection beginning {o.on:%d %B %Y} ({o.framework_id}). "
        "PROPOSAL — what the evidence suggests; the grades are the assessor's to record."
    )
    for n in o.notes:
        console.print(f"[yellow]note:[/] {n}")
    for j in o.judgements:
        probs = ", ".join(f"{g} {p:.0%}" for g, p in j.probabilities.items())
        console.print(
            f"\n[bold]{j.judgement}[/]: most likely [bold]{j.most_likely}[/] ({probs}) — {j.method_title}"
        )
        for ev in j.evidence:
            console.print(f"  - {ev}")
        if j.lacked:
            console.print(f"  [yellow]lacked:[/] {'; '.join(j.lacked)} (probabilities widened)")
        console.print(f"  {j.backtest}")
