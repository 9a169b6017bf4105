"""Proposals: a suggested grade per judgement area, with its reasons, from the attached evidence and
the framework's proposal rules (``rules/<framework>.yaml``). Pure computation in ``propose``; the
store side (``run_proposals``) keeps every run, never overwriting an earlier one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from csinspect.assessment.rules import (
    IndicatorBand,
    JudgementRules,
    PreviousRef,
    ProposalRules,
    ProviderBand,
    load_rules,
)
from csinspect.frameworks.rules import overall_bounds
from csinspect.frameworks.schema import Framework
from csinspect.store.assessment_models import AssessmentProposal, EvidenceItem

PROPOSAL_LABEL = "PROPOSAL (csinspect heuristic; the grade is the assessor's to record)"

# Grades compared across frameworks by the common ordinal (1 worst … 4 best).
COMMON_ORDINALS = {
    "outstanding": 4,
    "performs_excellently": 4,
    "good": 3,
    "performs_well": 3,
    "adequate": 2,
    "requires_improvement": 2,
    "performs_adequately": 2,
    "inadequate": 1,
    "performs_poorly": 1,
}
BANDS = ("top", "upper_middle", "lower_middle", "bottom")  # quartile bands, best first


@dataclass
class Proposal:
    judgement_id: str
    grade: str | None
    reasons: list[str] = field(default_factory=list)
    signals: dict[str, Any] = field(default_factory=dict)


@dataclass
class EvidenceView:
    """The evidence a proposal may use, read from the attached evidence items."""

    indicators: list[dict[str, Any]] = field(default_factory=list)  # normalised profile rows
    previous: list[dict[str, Any]] = field(default_factory=list)  # earlier inspections
    providers: list[dict[str, Any]] = field(default_factory=list)  # provider outcome summaries

    @classmethod
    def from_items(cls, items: list[EvidenceItem]) -> EvidenceView:
        view = cls()
        for e in items:
            if e.kind in ("profile", "child_level") and isinstance(e.data, dict):
                for row in e.data.get("rows", []):
                    view.indicators.append({**row, "_source": e.source})
            elif e.kind == "previous_inspection" and isinstance(e.data, dict):
                view.previous.append({**e.data, "_source": e.source})
            elif e.kind == "provider_outcomes" and isinstance(e.data, dict):
                view.providers.append({**e.data, "_source": e.source, "_id": e.id})
        return view


def _grade_for_ordinal(fw: Framework, ordinal: int) -> str:
    v = fw.scale.by_ordinal(max(1, min(4, ordinal)))
    if v is None:
        raise ValueError(f"{fw.id}: no scale value with ordinal {ordinal}")
    return v.id


def _label(fw: Framework, grade: str) -> str:
    return fw.scale.value(grade).label


def _matches(ref: PreviousRef, framework_id: str) -> bool:
    if ref.framework.endswith("*"):
        return framework_id.startswith(ref.framework[:-1])
    return framework_id == ref.framework


def _latest_previous(view: EvidenceView, refs: list[PreviousRef]) -> dict[str, Any] | None:
    best: dict[str, Any] | None = None
    for insp in view.previous:
        for ref in refs:
            j = (insp.get("judgements") or {}).get(ref.judgement)
            if not _matches(ref, insp.get("framework_id", "")) or not j or j.get("ordinal") is None:
                continue
            cand = {"inspection": insp, "judgement": ref.judgement, **j}
            if best is None or str(insp.get("published") or "") > str(
                best["inspection"].get("published") or ""
            ):
                best = cand
    return best


def _previous_signal(fw: Framework, jr: JudgementRules, view: EvidenceView) -> tuple[int | None, str]:
    hit = _latest_previous(view, jr.previous)
    wanted = ", ".join(f"{r.framework}/{r.judgement}" for r in jr.previous)
    if hit is None:
        return None, f"previous grade: none found in the attached inspections ({wanted})"
    insp = hit["inspection"]
    return int(hit["ordinal"]), (
        f"previous grade: {insp.get('framework_id')} published {insp.get('published') or '?'} judged "
        f"{hit['judgement']} '{hit.get('label') or hit.get('grade')}' (ordinal {hit['ordinal']}; "
        f"source {insp.get('_source')})"
    )


def _indicator_signal(
    fw: Framework, rules: ProposalRules, jr: JudgementRules, view: EvidenceView
) -> tuple[int | None, str, dict[str, Any]]:
    rows = [
        r
        for r in view.indicators
        if r.get("band") in BANDS and set(r.get("judgement_areas") or []) & set(jr.profile_areas)
    ]
    # one row per indicator: the newest period
    latest: dict[str, dict[str, Any]] = {}
    for r in rows:
        key = str(r.get("indicator_id"))
        if key not in latest or str(r.get("period") or "") > str(latest[key].get("period") or ""):
            latest[key] = r
    rows = sorted(latest.values(), key=lambda r: str(r.get("indicator_id")))
    areas = ", ".join(jr.profile_areas)
    if len(rows) < rules.min_indicators:
        return (
            None,
            f"indicators: only {len(rows)} with a quartile band for {areas} (need {rules.min_indicators})",
            {},
        )
    n = len(rows)
    by_band = {b: [str(r.get("indicator_id")) for r in rows if r.get("band") == b] for b in BANDS}
    top = len(by_band["top"]) / n
    top_half = (len(by_band["top"]) + len(by_band["upper_middle"])) / n
    bottom = len(by_band["bottom"]) / n
    grade = None
    chosen: IndicatorBand | None = None
    for band in rules.indicator_bands:
        if (
            top >= band.min_top_share
            and top_half >= band.min_top_half_share
            and bottom <= band.max_bottom_share
        ):
            grade, chosen = band.grade, band
            break
    detail = {"n": n, "by_band": by_band, "top_share": round(top, 3), "bottom_share": round(bottom, 3)}
    counts = (
        f"{n} indicators for {areas} against statistical neighbours: {len(by_band['top'])} top quartile "
        f"({', '.join(by_band['top']) or '-'}), {len(by_band['upper_middle']) + len(by_band['lower_middle'])} "
        f"middle, {len(by_band['bottom'])} bottom quartile ({', '.join(by_band['bottom']) or '-'})"
    )
    if grade is None or chosen is None:
        return None, f"indicators: {counts}; no band of the rules matches", detail
    o = fw.scale.value(grade).ordinal
    cond = (
        f"top ≥ {chosen.min_top_share:.0%}, top half ≥ {chosen.min_top_half_share:.0%}, "
        f"bottom ≤ {chosen.max_bottom_share:.0%}"
    )
    return o, f"indicators: {counts} → '{_label(fw, grade)}' (band: {cond})", detail


def _provider_signal(fw: Framework, rules: ProposalRules, view: EvidenceView) -> tuple[int | None, str]:
    if not view.providers:
        return None, "provider outcomes: none attached"
    p = max(view.providers, key=lambda d: d["_id"])
    share = p.get("good_or_better_share")
    inad = p.get("inadequate_share", 0.0) or 0.0
    if share is None:
        return None, "provider outcomes: attached without a good_or_better_share"
    band: ProviderBand | None = next(
        (
            b
            for b in rules.provider_bands
            if share >= b.min_good_or_better_share and inad <= b.max_inadequate_share
        ),
        None,
    )
    text = f"{share:.0%} good or better, {inad:.0%} inadequate (source {p['_source']})"
    if band is None:
        return None, f"provider outcomes: {text}; no band matches"
    return fw.scale.value(band.grade).ordinal, (
        f"provider outcomes: {text} → '{_label(fw, band.grade)}' (band: ≥ {band.min_good_or_better_share:.0%} "
        f"good or better, ≤ {band.max_inadequate_share:.0%} inadequate)"
    )


def _one(fw: Framework, rules: ProposalRules, jr: JudgementRules, view: EvidenceView) -> Proposal:
    prop = Proposal(jr.id, None)
    signals: dict[str, int | None] = {}
    for sig in dict.fromkeys([*jr.start_from, *jr.adjust_with]):
        if sig == "previous":
            o, why = _previous_signal(fw, jr, view)
        elif sig == "provider_outcomes":
            o, why = _provider_signal(fw, rules, view)
        else:
            o, why, detail = _indicator_signal(fw, rules, jr, view)
            prop.signals["indicator_detail"] = detail
        signals[sig] = o
        prop.reasons.append(why)
    prop.signals.update({k: v for k, v in signals.items()})
    start = next((s for s in jr.start_from if signals.get(s) is not None), None)
    if start is None:
        prop.reasons.append(
            "no proposal: none of the starting evidence (" + ", ".join(jr.start_from) + ") is attached"
        )
        return prop
    current = signals[start]
    assert current is not None
    prop.reasons.append(f"start from {start}: '{_label(fw, _grade_for_ordinal(fw, current))}'")
    for sig in jr.adjust_with:
        o = signals.get(sig)
        if sig == start or o is None or o == current:
            continue
        step = max(-jr.max_step, min(jr.max_step, o - current))
        new = current + step
        prop.reasons.append(
            f"adjust towards {sig} ('{_label(fw, _grade_for_ordinal(fw, o))}') by at most {jr.max_step} step: "
            f"'{_label(fw, _grade_for_ordinal(fw, current))}' → '{_label(fw, _grade_for_ordinal(fw, new))}'"
        )
        current = new
    for lim in jr.limits:
        hit = _latest_previous(view, [PreviousRef(framework=lim.framework, judgement=lim.judgement)])
        cap = fw.scale.value(lim.cap).ordinal
        trigger = COMMON_ORDINALS.get(lim.at_most)
        if hit is None or cap is None or trigger is None or int(hit["ordinal"]) > trigger:
            continue
        if current > cap:
            prop.reasons.append(
                f"limiting judgement: {lim.framework}/{lim.judgement} is '{hit.get('label') or hit.get('grade')}' "
                f"→ capped at '{_label(fw, lim.cap)}' ({lim.reason}; confidence {lim.confidence})"
            )
            current = cap
    prop.grade = _grade_for_ordinal(fw, current)
    return prop


def propose(fw: Framework, rules: ProposalRules, view: EvidenceView) -> list[Proposal]:
    """Proposals for every judgement in the rules, derived ones after the others."""
    out: dict[str, Proposal] = {}
    for jr in rules.judgements:
        if jr.derive is None:
            out[jr.id] = _one(fw, rules, jr, view)
    for jr in rules.judgements:
        if jr.derive != "framework_rules":
            continue
        grades = {k: p.grade for k, p in out.items() if p.grade is not None}
        bounds = overall_bounds(fw, grades, jr.id)
        prop = Proposal(jr.id, None, signals={"bounds": [bounds.lowest, bounds.highest, bounds.default]})
        if bounds.default is None and bounds.highest is None:
            prop.reasons.append(f"no proposal: the judgements {jr.id} is derived from have no proposals")
        else:
            o = bounds.default if bounds.default is not None else bounds.highest
            assert o is not None
            if bounds.highest is not None:
                o = min(o, bounds.highest)
            if bounds.lowest is not None:
                o = max(o, bounds.lowest)
            prop.grade = _grade_for_ordinal(fw, o)
            prop.reasons.append(
                f"derived with the framework's rules from the other proposals "
                f"({', '.join(f'{k}={v}' for k, v in sorted(grades.items()))})"
            )
            prop.reasons.extend(bounds.reasons)
        out[jr.id] = prop
    order = [jr.id for jr in rules.judgements]
    return [out[j] for j in order]


MODEL_LABEL = (
    "PROPOSAL (csinspect model of the next judgement: probabilities, not a verdict; the grade is the assessor's "
    "to record)"
)
PROPOSAL_METHODS = ("model", "rules")


def model_proposals(session: Session, a: Any, fw: Framework) -> tuple[list[Proposal], str, str]:
    """Proposals from the model of the next judgement (analysis/next_judgement) for an inspection beginning the
    day after the assessment's period (its start, or today, without an end): the most likely grade, every
    grade's probability, the evidence that moved it, what it lacked and the backtest's figures."""
    import hashlib
    from datetime import date, timedelta

    from csinspect.analysis.data_status import data_version
    from csinspect.analysis.next_judgement.outlook import OutlookError, outlook
    from csinspect.assessment.workflow import AssessmentError

    on = a.period_end + timedelta(days=1) if a.period_end else (a.period_start or date.today())
    try:
        o = outlook(session, a.la_code, on, fw.id)
    except OutlookError as exc:
        raise AssessmentError(str(exc)) from None
    by_word = {v.label.split(" to be ")[0]: v.id for v in fw.scale.values if v.ordinal is not None}
    out = []
    for j in o.judgements:
        reasons = [
            f"probabilities for an inspection beginning {on:%d %B %Y}: "
            + ", ".join(f"{g} {p:.0%}" for g, p in j.probabilities.items())
            + f"; most likely {j.most_likely} ({j.method_title})",
            *(f"evidence: {e}" for e in j.evidence),
            *(f"lacked: {m} (probabilities widened towards the usual spread)" for m in j.lacked),
            f"backtest: {j.backtest}",
            *(f"note: {n}" for n in o.notes),
        ]
        signals = {
            "probabilities": j.probabilities,
            "method": j.method,
            "exact": j.exact,
            "within_one": j.within_one,
        }
        out.append(Proposal(j.judgement, by_word.get(j.most_likely), reasons, signals))
    sha = hashlib.sha256(str(data_version(session)).encode()).hexdigest()
    return out, "next_judgement:model", sha


def run_proposals(
    session: Session, assessment_id: int, actor: str, method: str = "model"
) -> list[AssessmentProposal]:
    """Propose a grade per judgement and keep the run. ``method``: ``model`` (the model of the next judgement,
    for the ILACS frameworks it is fitted on; other frameworks use their rule files and say so) or ``rules`` (the
    framework's heuristic rule file, the earlier method)."""
    from csinspect.analysis.next_judgement.outlook import FITTED_FRAMEWORKS
    from csinspect.assessment.workflow import (
        AssessmentError,
        _audit,
        _require_editable,
        framework_for,
        get_assessment,
    )

    if method not in PROPOSAL_METHODS:
        raise AssessmentError(
            f"unknown proposal method {method!r}; choose one of: {', '.join(PROPOSAL_METHODS)}"
        )
    a = get_assessment(session, assessment_id)
    _require_editable(a)
    fw = framework_for(a.framework_id)
    label = PROPOSAL_LABEL
    if method == "model" and fw.id in FITTED_FRAMEWORKS:
        results, name, sha = model_proposals(session, a, fw)
        label = MODEL_LABEL
    else:
        rules, name, sha = load_rules(fw.id)
        results = propose(fw, rules, EvidenceView.from_items(list(a.evidence)))
        if method == "model":
            for p in results:
                p.reasons.insert(
                    0,
                    f"the model of the next judgement is fitted on ILACS inspections only; {fw.id} is proposed "
                    "with its heuristic rule file",
                )
    run = max((p.run for p in a.proposals), default=0) + 1
    rows = []
    for p in results:
        row = AssessmentProposal(
            judgement_id=p.judgement_id,
            grade=p.grade,
            reasons=[label, *p.reasons],
            signals=p.signals,
            rules_file=name,
            rules_sha256=sha,
            run=run,
        )
        a.proposals.append(row)
        rows.append(row)
    _audit(
        session,
        a,
        actor,
        "assessment.propose",
        after={"run": run, "rules_file": name, "proposals": {p.judgement_id: p.grade for p in results}},
    )
    return rows
