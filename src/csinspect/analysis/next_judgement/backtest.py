"""Time-split backtests: fit on the inspections that began before a date, test on those that began after, repeated
over years, for the model and the baselines it must beat (the previous grade carried forward; the previous grade
with how often each grade followed it; the most common grade; deprivation only)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from csinspect.analysis.next_judgement.cases import JUDGEMENTS, Case, is_missing
from csinspect.analysis.next_judgement.metrics import GRADES, Probs, Scores, calibration_table, score
from csinspect.analysis.next_judgement.model import ModelError, fit, marginal

Predictor = Callable[[Case], Probs]
# each fold tests the inspections that began in the year from its cutoff (the last: everything after it)
CUTOFFS = (date(2021, 4, 1), date(2022, 4, 1), date(2023, 4, 1), date(2024, 4, 1))
HEADLINE = date(2024, 4, 1)

METHODS = {
    "model": "ordinal model",
    "previous": "previous grade carried forward",
    "transition": "previous grade, with how often each grade followed it",
    "common": "most common grade",
    "deprivation": "deprivation only (ordinal model)",
    "rules": "the earlier heuristic (assessment/rules/*.yaml)",
}


def _one_hot(g: int) -> Probs:
    return {x: 1.0 if x == g else 0.0 for x in GRADES}


def _mode(cases: Sequence[Case]) -> int:
    counts = Counter(int(c.grade) for c in cases if c.grade is not None)
    return max(GRADES, key=lambda g: (counts.get(g, 0), -abs(g - 2.5)))


def previous_grade(case: Case) -> int | None:
    for name in ("prev_same", "prev_overall"):
        v = case.features.get(name)
        if not is_missing(v):
            return int(v)  # type: ignore[arg-type]
    return None


def train(method: str, cases: Sequence[Case], judgement: str) -> Predictor:
    """A predictor for ``judgement`` fitted on ``cases`` by ``method``."""
    rows = [c for c in cases if c.judgement == judgement and c.grade is not None]
    mode = _mode(rows)
    base = marginal([int(c.grade) for c in rows])  # type: ignore[arg-type]
    if method == "previous":
        return lambda c: _one_hot(previous_grade(c) or mode)
    if method == "common":
        return lambda c: dict(base)
    if method == "transition":
        return transition(rows, base)
    if method == "rules":
        from csinspect.analysis.next_judgement.heuristic import heuristic_probs

        return heuristic_probs
    features = ("deprivation",) if method == "deprivation" else None
    fitted = fit(rows, judgement, features) if features else fit(rows, judgement)
    return lambda c: fitted.predict(c)[0]


def transition(rows: Sequence[Case], base: Probs) -> Predictor:
    """P(grade | previous grade) from the training cases, add-one smoothed towards the overall distribution."""
    by_prev: dict[int, Counter[int]] = {}
    for c in rows:
        p = previous_grade(c)
        if p is not None:
            by_prev.setdefault(p, Counter())[int(c.grade)] += 1  # type: ignore[arg-type]

    def predict(c: Case) -> Probs:
        p = previous_grade(c)
        counts = by_prev.get(p) if p is not None else None
        if not counts:
            return dict(base)
        total = sum(counts.values()) + 1
        return {g: (counts.get(g, 0) + base[g]) / total for g in GRADES}

    return predict


@dataclass
class FoldResult:
    cutoff: date
    until: date | None
    train_n: dict[str, int]
    scores: dict[str, dict[str, Scores]]  # judgement -> method -> scores
    probs: dict[str, dict[str, list[Probs]]] = field(default_factory=dict)
    actual: dict[str, list[int]] = field(default_factory=dict)


def run_fold(all_cases: Sequence[Case], cutoff: date, until: date | None = None) -> FoldResult:
    train_cases = [c for c in all_cases if c.on < cutoff]
    test_cases = [c for c in all_cases if c.on >= cutoff and (until is None or c.on < until)]
    out = FoldResult(cutoff, until, {}, {})
    for j in JUDGEMENTS:
        tr = [c for c in train_cases if c.judgement == j]
        te = [c for c in test_cases if c.judgement == j]
        out.train_n[j] = len(tr)
        if not te or not tr:
            continue
        actual = [int(c.grade) for c in te]  # type: ignore[arg-type]
        out.actual[j] = actual
        out.scores[j], out.probs[j] = {}, {}
        for method in METHODS:
            try:
                predictor = train(method, tr, j)
            except ModelError:
                continue
            probs = [predictor(c) for c in te]
            out.probs[j][method] = probs
            out.scores[j][method] = score(probs, actual)
    return out


@dataclass
class Backtest:
    folds: list[FoldResult]
    headline: FoldResult
    pooled: dict[str, dict[str, Scores]]  # every fold's held-back cases together
    chosen: dict[
        str, str
    ]  # judgement -> "model" or "transition" (the baseline, when the model did not beat it)
    calibration: dict[str, list[tuple[str, int, float, float]]]

    def figures(self, judgement: str) -> Scores | None:
        """The held-back scores of the method proposals use for ``judgement``."""
        return self.pooled.get(judgement, {}).get(self.chosen.get(judgement, "model"))


def backtest(
    all_cases: Sequence[Case], cutoffs: Sequence[date] = CUTOFFS, headline: date = HEADLINE
) -> Backtest:
    folds = []
    for i, cut in enumerate(cutoffs):
        until = cutoffs[i + 1] if i + 1 < len(cutoffs) else None
        folds.append(run_fold(all_cases, cut, until))
    head = next((f for f in folds if f.cutoff == headline and f.until is None), None) or run_fold(
        all_cases, headline
    )
    pooled: dict[str, dict[str, Scores]] = {}
    chosen: dict[str, str] = {}
    calibration = {}
    for j in JUDGEMENTS:
        pooled[j] = {}
        for method in METHODS:
            probs = [p for f in folds for p in f.probs.get(j, {}).get(method, [])]
            actual = [a for f in folds if method in f.probs.get(j, {}) for a in f.actual[j]]
            if probs:
                pooled[j][method] = score(probs, actual)
                if method == "model":
                    calibration[j] = calibration_table(probs, actual, bins=5)
        m, prev, freq = (pooled[j].get(k) for k in ("model", "previous", "transition"))
        # the model is proposed only where, on the held-back years, it agreed with Ofsted more often than carrying
        # the previous grade forward and its probabilities scored better (Brier) than the previous grade's own
        # frequencies; otherwise the previous grade is proposed, with how often each grade followed it
        beats = m is not None and prev is not None and m.exact > prev.exact
        chosen[j] = "model" if beats and (freq is None or m.brier < freq.brier) else "transition"  # type: ignore[union-attr]
    return Backtest(folds, head, pooled, chosen, calibration)


def table_rows(bt: Backtest) -> list[dict[str, object]]:
    """The backtest as rows: for each judgement and method, the headline split (fitted before the headline
    cutoff, tested on every inspection that began after) and every fold's held-back inspections together."""
    out: list[dict[str, object]] = []
    for j in JUDGEMENTS:
        for method, title in METHODS.items():
            head = bt.headline.scores.get(j, {}).get(method)
            pool = bt.pooled.get(j, {}).get(method)
            if head is None and pool is None:
                continue
            out.append(
                {
                    "judgement": j,
                    "method": method,
                    "title": title,
                    "proposed": "yes" if bt.chosen.get(j) == method else "",
                    "test_n": head.n if head else 0,
                    "exact": _pct(head.exact if head else None),
                    "within_one": _pct(head.within_one if head else None),
                    "kappa": _num(head.kappa if head else None),
                    "brier": _num(head.brier if head else None),
                    "calibration_error": _num(head.calibration if head else None),
                    "all_folds_n": pool.n if pool else 0,
                    "all_folds_exact": _pct(pool.exact if pool else None),
                    "all_folds_brier": _num(pool.brier if pool else None),
                }
            )
    return out


def _pct(v: float | None) -> str:
    return "" if v is None or v != v else f"{v:.1%}"


def _num(v: float | None) -> str:
    return "" if v is None or v != v else f"{v:.3f}"
