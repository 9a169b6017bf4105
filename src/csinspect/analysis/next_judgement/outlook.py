"""What the evidence says about an authority's next judgements: for each, the probability of each grade, the most
likely one, the evidence that moved it most, what the evidence lacked, and how often such proposals matched Ofsted
on the held-back years. Never a grade recorded: the assessor records grades."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from csinspect.analysis.next_judgement.backtest import METHODS, Backtest, backtest, previous_grade, transition
from csinspect.analysis.next_judgement.cases import (
    CANONICAL,
    JUDGEMENTS,
    WORDS,
    Case,
    History,
    cases,
    features_for,
    read_history,
)
from csinspect.analysis.next_judgement.metrics import GRADES, most_likely
from csinspect.analysis.next_judgement.model import FEATURE_WORDS, Fitted, ModelError, fit, marginal

FITTED_FRAMEWORKS = ("ilacs_2018", "ilacs_2023", "ilacs_2026")


class OutlookError(ValueError):
    """An outlook that cannot be given (unknown authority, a framework the model was not fitted for)."""


@dataclass
class JudgementOutlook:
    judgement: str  # the framework's own judgement id
    probabilities: dict[str, float]  # grade in words -> probability, best grade first
    most_likely: str
    method: str  # model | transition
    method_title: str
    evidence: list[str]  # what moved it most, in words
    lacked: list[str]  # what the evidence lacked (its probabilities were widened)
    backtest: str  # "such proposals matched Ofsted's grade 48% of the time, within one grade 95% (…)"
    exact: float | None = None
    within_one: float | None = None


@dataclass
class Outlook:
    la_code: str
    name: str
    on: date
    framework_id: str
    judgements: list[JudgementOutlook]
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Engine:
    """The history, the models fitted on all of it and their backtest, for one data version."""

    history: History
    cases: list[Case]
    models: dict[str, Fitted]
    backtest: Backtest
    problems: dict[str, str]


_LOCK = threading.Lock()
_ENGINES: dict[str, Engine] = {}


def engine(session: Session) -> Engine:
    """Fitted once per data version and kept (fitting and the backtest take a few seconds)."""
    from csinspect.analysis.data_status import data_version

    key = f"{session.get_bind().engine.url}|{data_version(session)}"
    with _LOCK:
        hit = _ENGINES.get(key)
    if hit is not None:
        return hit
    built = build_engine(read_history(session))
    with _LOCK:
        _ENGINES.clear()
        _ENGINES[key] = built
    return built


def build_engine(history: History) -> Engine:
    all_cases = cases(history)
    models, problems = {}, {}
    for j in JUDGEMENTS:
        try:
            models[j] = fit(all_cases, j)
        except ModelError as exc:
            problems[j] = str(exc)
    return Engine(history, all_cases, models, backtest(all_cases), problems)


def _framework_judgements(framework_id: str) -> list[tuple[str, str]]:
    """(the framework's judgement id, canonical id) for each judgement the model covers."""
    from csinspect.frameworks.registry import get_framework

    out = []
    for j in get_framework(framework_id).judgements:
        canon = next((c for c, ids in CANONICAL.items() if j.id in ids), None)
        if canon and (j.id, canon) not in out and j.graded:
            out.append((j.id, canon))
    return out


def outlook(session: Session, la_code: str, on: date, framework_id: str | None = None) -> Outlook:
    """The outlook of ``la_code``'s judgements at an inspection beginning ``on`` (what was known before it)."""
    from csinspect.analysis.authorities import get_authority

    a = get_authority(session, la_code)
    if a is None:
        raise OutlookError(f"unknown LA code {la_code!r}")
    fw = framework_id or ("ilacs_2026" if on >= date(2026, 4, 1) else "ilacs_2023")
    if fw not in FITTED_FRAMEWORKS:
        raise OutlookError(
            f"the model of the next judgement is fitted on ILACS inspections only; {fw!r} is not one of "
            f"{', '.join(FITTED_FRAMEWORKS)}"
        )
    return outlook_from(engine(session), la_code, on, fw)


def outlook_from(e: Engine, la_code: str, on: date, framework_id: str) -> Outlook:
    out = Outlook(la_code, e.history.names.get(la_code, la_code), on, framework_id, [])
    history_cases = [c for c in e.cases if c.on < on]
    last = max((c.on for c in e.cases), default=on)
    if on > last:
        out.notes.append(
            f"the models are fitted on {len(e.cases) // len(JUDGEMENTS)} ILACS inspections up to {last:%d %B %Y}"
        )
    first_cut = min((f.cutoff for f in e.backtest.folds), default=on)
    years = sorted({c.on.year for c in e.cases if c.on >= first_cut})  # the held-back inspections' years
    for own_id, canon in _framework_judgements(framework_id):
        case = features_for(e.history, la_code, on, canon)
        for n in case.notes:
            if n not in out.notes:
                out.notes.append(n)
        method = e.backtest.chosen.get(canon, "transition")
        fitted = e.models.get(canon)
        if on <= last:
            # an inspection in the past: fitted only on what came before it, as the backtest does
            try:
                fitted = fit(history_cases, canon)
            except ModelError:
                fitted = None
        if method == "model" and fitted is not None:
            probs, missing, contrib = fitted.predict(case)
            evidence = _in_words(case, contrib)
            lacked = [FEATURE_WORDS[m] for m in missing]
        else:
            rows = [c for c in history_cases if c.judgement == canon and c.grade is not None]
            probs = transition(rows, marginal([int(c.grade) for c in rows]))(case)  # type: ignore[arg-type]
            prev = previous_grade(case)
            evidence = [case.facts.get("prev_same") or case.facts.get("prev_overall") or "no previous grade"]
            if prev is not None:
                after = [int(c.grade) for c in rows if previous_grade(c) == prev]  # type: ignore[arg-type]
                if after:
                    top = max(GRADES, key=after.count)
                    evidence.append(
                        f"after a previous {WORDS[prev]}, Ofsted gave {WORDS[top]} in {after.count(top) / len(after):.0%} "
                        f"of {len(after)} earlier judgements of this kind"
                    )
            lacked = [] if prev is not None else [FEATURE_WORDS["prev_same"]]
        scores = e.backtest.figures(canon)
        sentence = "not backtested"
        if scores is not None:
            sentence = (
                f"such proposals matched Ofsted's grade {scores.exact:.0%} of the time, within one grade "
                f"{scores.within_one:.0%} ({scores.n} held-back inspections, {years[0]}-{years[-1]})"
            )
            if method != "model":
                sentence += "; the data did not improve on the previous grade, so the proposal rests on it alone (how often each grade followed it)"
        best = most_likely(probs)
        out.judgements.append(
            JudgementOutlook(
                own_id,
                {WORDS[g]: round(probs[g], 3) for g in sorted(GRADES, reverse=True)},
                WORDS[best],
                method,
                METHODS[method],
                evidence,
                lacked,
                sentence,
                None if scores is None else round(scores.exact, 3),
                None if scores is None else round(scores.within_one, 3),
            )
        )
    return out


# features read together (correlated: their separate coefficients mislead), with how to say them
GROUPS = {
    "previous grades": ("prev_same", "prev_overall"),
    "the performance profile": ("profile_area", "profile_all"),
    "time since the last inspection": ("years_since",),
    "visits since": ("visits_since",),
    "deprivation": ("deprivation",),
    "the region": ("region_good_share",),
}


def _in_words(case: Case, contrib: dict[str, float], top: int = 3) -> list[str]:
    """The evidence that moved the proposal most, largest first: each group's facts and its direction."""
    moved = []
    for names in GROUPS.values():
        shift = sum(contrib.get(n, 0.0) for n in names)
        facts = [case.facts[n] for n in names if case.facts.get(n)]
        if abs(shift) >= 0.05 and facts:
            moved.append(
                (
                    shift,
                    f"{'; '.join(facts)} ({'towards a better' if shift > 0 else 'towards a worse'} grade)",
                )
            )
    return [text for _, text in sorted(moved, key=lambda m: -abs(m[0]))[:top]]
