"""Self-checks of a parsed record against its framework: the overall-judgement rules, required judgements,
dates in order and within the framework's period, and the authority existing on the inspection date.
Any failure becomes a reason and the record needs review; nothing is corrected or invented here."""

from __future__ import annotations

from csinspect.frameworks.facts import is_graded
from csinspect.frameworks.registry import FrameworkError, get_framework
from csinspect.frameworks.rules import UnknownGrade, UnknownJudgement, check_overall
from csinspect.frameworks.schema import Framework
from csinspect.sources.reports.records import ReportRecord


def required_judgements(fw: Framework, document_type: str) -> list[str]:
    for dt in fw.document_types:
        if dt.id == document_type:
            if not dt.graded:
                return []
            if dt.judgements is not None:
                return list(dt.judgements)
    return [n.id for n in fw.judgements if n.graded and n.required]


def check_record(record: ReportRecord) -> list[str]:
    """Reasons the record needs review (empty when every check passes)."""
    reasons: list[str] = []
    try:
        fw: Framework | None = get_framework(record.framework_id)
    except FrameworkError as exc:
        fw = None
        reasons.append(f"framework {record.framework_id!r} is not defined ({exc})")
    for j in record.judgements:
        if j.status != "ok":
            reasons.append(f"{j.judgement_id}: {j.reason or 'needs review'}")
    if fw is not None and is_graded(record.document_type):
        have = {j.judgement_id for j in record.judgements if j.grade is not None}
        for jid in required_judgements(fw, record.document_type):
            if jid not in have:
                reasons.append(f"required judgement {jid!r} not found in the report")
        grades = {j.judgement_id: j.grade for j in record.judgements if j.grade is not None}
        if grades:
            try:
                findings = check_overall(fw, grades)
            except (UnknownGrade, UnknownJudgement) as exc:
                reasons.append(f"framework check could not run: {exc}")
                findings = []
            for f in findings:
                if not f.applicable or f.passed:
                    continue
                rule = next((r for r in fw.rules if r.id == f.rule_id), None)
                if f.severity == "hard" or (rule is not None and rule.type == "range"):
                    reasons.append(f"rule {f.rule_id} ({f.severity}, {f.status}): {f.message}")
                else:
                    record.extra.setdefault("soft_rule_notes", []).append(f"{f.rule_id}: {f.message}")
    reasons += _date_reasons(record, fw)
    return reasons


def _date_reasons(record: ReportRecord, fw: Framework | None) -> list[str]:
    out = []
    s = record.inspection_start.value if record.inspection_start else None
    e = record.inspection_end.value if record.inspection_end else None
    p = record.published.value if record.published else None
    if s and e and e < s:
        out.append(f"inspection ends ({e.isoformat()}) before it starts ({s.isoformat()})")
    if e and p and p < e:
        out.append(f"published ({p.isoformat()}) before the inspection ended ({e.isoformat()})")
    if s and e and (e - s).days > 120:
        out.append(f"inspection dates span {(e - s).days} days: check the dates")
    on = s or p
    if fw is not None and on is not None and not fw.in_force(on):
        period = f"{fw.period.start or '…'} to {fw.period.end or 'now'}"
        out.append(
            f"{'inspection start' if s else 'publication'} {on.isoformat()} is outside {fw.id}'s period ({period})"
        )
    return out
