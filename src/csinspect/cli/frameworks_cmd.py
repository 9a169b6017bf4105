"""``csinspect frameworks``: list the inspection frameworks, show one, check grades against its rules."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

from csinspect.cli.common import FORMAT_OPTION
from csinspect.cli.output import Format, emit, fail

if TYPE_CHECKING:  # the framework modules (pydantic models) load only when a frameworks command runs
    from csinspect.frameworks.schema import Framework, JudgementNode

console = Console()


def list_rows(frameworks: dict[str, Framework]) -> list[dict[str, Any]]:
    return [
        {
            "id": fw.id,
            "title": fw.short_title,
            "family": fw.family,
            "from": fw.period.start,
            "until": fw.period.end,
            "status": fw.status,
            "judgements": sum(1 for n in fw.iter_judgements() if n.graded),
            "rules": len(fw.rules),
            "document_types": " ".join(d.id for d in fw.document_types),
        }
        for fw in frameworks.values()
    ]


def _tree(nodes: list[JudgementNode], depth: int = 0) -> list[tuple[int, JudgementNode]]:
    out: list[tuple[int, JudgementNode]] = []
    for n in nodes:
        out.append((depth, n))
        out.extend(_tree(n.children, depth + 1))
    return out


def item_rows(fw: Framework) -> list[dict[str, Any]]:
    """One row per item of the framework (scale values, judgements, rules, categories, document types)."""
    rows: list[dict[str, Any]] = []

    def add(kind: str, id_: str, label: str, detail: str, source: str | None, confidence: str | None) -> None:
        rows.append(
            {
                "kind": kind,
                "id": id_,
                "label": label,
                "detail": detail,
                "source": source or "",
                "confidence": confidence or "",
            }
        )

    for v in fw.scale.values:
        detail = f"ordinal {v.ordinal}" if v.ordinal is not None else "no ordinal"
        if v.numeric is not None:
            detail += f", printed {v.numeric}"
        if v.variants:
            detail += "; also printed: " + " | ".join(v.variants)
        add("grade", v.id, v.label, detail, fw.scale.source, fw.scale.confidence)
    for depth, n in _tree(fw.judgements):
        flags = [] if n.graded else ["not graded"]
        if not n.required:
            flags.append("optional")
        if n.group:
            flags.append(f"group {n.group}")
        add("judgement", n.id, "  " * depth + n.label, ", ".join(flags), n.source, n.confidence)
    for r in fw.rules:
        add(
            "rule",
            r.id,
            r.description,
            f"{r.severity} {r.type}, {r.status}: {r.evidence}",
            None,
            r.confidence,
        )
    for c in fw.recommendation_categories:
        due = f"due {c.due} from {c.due_from}" if c.due else "no timescale"
        if c.milestones:
            due += "; " + ", ".join(f"{m.label} {m.due}" for m in c.milestones)
        add("recommendation", c.id, c.label, due, c.source, c.confidence)
    for s in fw.report_sections:
        add("section", s.id, s.title, " | ".join(s.variants), None, None)
    for d in fw.document_types:
        add("document_type", d.id, d.title, " | ".join(d.official_names), d.source, d.confidence)
    return rows


def _show_table(fw: Framework) -> None:
    end = fw.period.end.isoformat() if fw.period.end else "now"
    start = fw.period.start.isoformat() if fw.period.start else "?"
    console.print(f"[bold]{fw.title}[/] ({fw.id})")
    console.print(
        f"In force: {start} to {end} (by {fw.period.applies_to.replace('_', ' ')}; "
        f"{fw.period.confidence or 'MED'}) - status: {fw.status}"
    )
    if fw.period.note:
        console.print(f"[dim]{fw.period.note}[/]")
    for c in fw.legal_basis:
        console.print(f"Legal basis: {c.claim} [{c.source}; {c.confidence}]")
    if fw.inspectorates:
        console.print("Inspectorates: " + ", ".join(fw.inspectorates))
    rows = item_rows(fw)
    titles = {
        "grade": f"Scale {fw.scale.id} ({fw.scale.numeric_direction.replace('_', ' ')})",
        "judgement": "Judgements",
        "rule": "Rules for the overall judgement",
        "recommendation": "Recommendation categories",
        "section": "Report sections",
        "document_type": "Document types",
    }
    for kind, title in titles.items():
        part = [r for r in rows if r["kind"] == kind]
        if part:
            cols = ["id", "label", "detail"] + (
                ["source", "confidence"] if kind not in ("section", "grade") else []
            )
            emit(part, Format.table, title=title, columns=cols)
            if kind == "grade":
                console.print(f"Scale source: {fw.scale.source} ({fw.scale.confidence})")
    if fw.scale.note:
        console.print(f"Scale note: {fw.scale.note}")
    for note in fw.notes:
        console.print(f"Note: {note}")


frameworks = typer.Typer(help="Inspection and assessment frameworks (defined as data).", no_args_is_help=True)


@frameworks.command("list")
def list_cmd(
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Every framework, in file order."""
    from csinspect.frameworks import FrameworkError, all_frameworks

    try:
        fws = all_frameworks()
    except FrameworkError as exc:
        raise fail(str(exc)) from None
    rows = list_rows(fws)
    narrow = ["id", "title", "from", "until", "status", "judgements", "rules"]
    emit(rows, fmt, title="Frameworks", columns=narrow if fmt is Format.table else None)


@frameworks.command("show")
def show_cmd(
    framework_id: str = typer.Argument(..., help="Framework id, e.g. sif or ilacs_2023."),
    fmt: Format = typer.Option(Format.table, "--format", help="table, json (the whole definition) or csv."),
) -> None:
    """One framework: period, scale, judgement tree, rules, recommendations, sections, documents."""
    from csinspect.frameworks import FrameworkError, get_framework

    try:
        fw = get_framework(framework_id)
    except FrameworkError as exc:
        raise fail(str(exc)) from None
    if fmt is Format.json:
        sys.stdout.write(json.dumps(fw.model_dump(mode="json"), indent=2) + "\n")
    elif fmt is Format.csv:
        emit(item_rows(fw), fmt, columns=["kind", "id", "label", "detail", "source", "confidence"])
    else:
        _show_table(fw)


@frameworks.command("check")
def check_cmd(
    framework_id: str = typer.Argument(..., help="Framework id."),
    grades: list[str] = typer.Argument(
        ..., help="judgement=grade pairs, e.g. help_and_protection=inadequate"
    ),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Check a set of grades against the framework's overall-judgement rules (exit 1 if a hard rule fails)."""
    from csinspect.frameworks import FrameworkError
    from csinspect.frameworks.rules import UnknownGrade, UnknownJudgement, check_overall

    pairs: dict[str, str] = {}
    for item in grades:
        if "=" not in item:
            raise fail(f"expected judgement=grade, got {item!r}")
        key, value = item.split("=", 1)
        pairs[key.strip()] = value.strip()
    try:
        findings = check_overall(framework_id, pairs)
    except (FrameworkError, UnknownJudgement, UnknownGrade) as exc:
        raise fail(str(exc)) from None
    rows = [
        {
            "rule": f.rule_id,
            "severity": f.severity,
            "status": f.status,
            "confidence": f.confidence,
            "result": "pass" if f.passed and f.applicable else ("n/a" if f.passed else "FAIL"),
            "message": f.message,
        }
        for f in findings
    ]
    emit(
        rows,
        fmt,
        title=f"Rules of {framework_id}",
        columns=["rule", "severity", "status", "confidence", "result", "message"],
    )
    if any(f.severity == "hard" and not f.passed for f in findings):
        raise typer.Exit(1)
