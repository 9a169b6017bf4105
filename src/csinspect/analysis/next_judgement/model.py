"""An ordinal logistic regression of one judgement's grade on what was known before the inspection
(statsmodels' ``OrderedModel``: cumulative logit with one set of coefficients and three thresholds between the four
grades). Features are standardised on the training cases, so a coefficient is the shift in log-odds of a better
grade for one standard deviation; a missing feature is set to the training mean (no shift) and the proposal's
probabilities are widened towards the training distribution in proportion to the weight the model puts on it."""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from csinspect.analysis.next_judgement.cases import FEATURES, Case, is_missing
from csinspect.analysis.next_judgement.metrics import GRADES, Probs

FEATURE_WORDS = {
    "prev_same": "the previous grade of this judgement",
    "prev_overall": "the previous overall effectiveness grade",
    "years_since": "the time since the last graded inspection",
    "visits_since": "focused and monitoring visits since",
    "profile_area": "the area's indicators against all authorities",
    "profile_all": "all indicators against all authorities",
    "deprivation": "deprivation",
    "region_good_share": "the region's recent grades",
}


class ModelError(ValueError):
    """The cases cannot support a fit (too few, or a single grade)."""


@dataclass
class Fitted:
    judgement: str
    features: list[str]
    means: list[float]
    sds: list[float]
    coefs: list[float]
    cuts: list[
        float
    ]  # the three thresholds between grades on the latent scale, in the observed grades' order
    grades: list[int]  # the grades seen in training, worst first
    marginal: dict[int, float]  # the training cases' grade distribution (add-one smoothed)
    n: int
    dropped: list[str] = field(default_factory=list)  # features that did not vary in training

    def linear(self, case: Case) -> tuple[float, list[str], dict[str, float]]:
        """The linear predictor, the features the case lacks and each known feature's contribution."""
        xb, missing, contrib = 0.0, [], {}
        for name, mean, sd, beta in zip(self.features, self.means, self.sds, self.coefs, strict=True):
            v = case.features.get(name)
            if is_missing(v):
                missing.append(name)
                continue
            c = beta * ((float(v) - mean) / sd)  # type: ignore[arg-type]
            contrib[name] = c
            xb += c
        return xb, missing, contrib

    def predict(self, case: Case) -> tuple[Probs, list[str], dict[str, float]]:
        xb, missing, contrib = self.linear(case)
        cum = [_logistic(c - xb) for c in self.cuts] + [1.0]
        probs = dict.fromkeys(GRADES, 0.0)
        prev = 0.0
        for g, c in zip(self.grades, cum, strict=True):
            probs[g] = max(0.0, c - prev)
            prev = c
        w = self.missing_weight(missing)
        if w:
            probs = {g: (1 - w) * probs[g] + w * self.marginal.get(g, 0.0) for g in GRADES}
        return probs, missing, contrib

    def missing_weight(self, missing: Sequence[str]) -> float:
        """The share of the model's weight (|standardised coefficient|) on features the case lacks."""
        total = sum(abs(b) for b in self.coefs)
        if not total:
            return 0.0
        return min(
            0.9, sum(abs(b) for f, b in zip(self.features, self.coefs, strict=True) if f in missing) / total
        )


def _logistic(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def marginal(grades: Sequence[int]) -> dict[int, float]:
    counts = Counter(grades)
    total = len(grades) + len(GRADES)
    return {g: (counts.get(g, 0) + 1) / total for g in GRADES}


def fit(cases: Sequence[Case], judgement: str, features: Sequence[str] = FEATURES) -> Fitted:
    """Fit the ordinal model of ``judgement`` on ``cases`` (those of other judgements are ignored)."""
    import numpy as np
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    rows = [c for c in cases if c.judgement == judgement and c.grade is not None]
    if len(rows) < 20:
        raise ModelError(f"{judgement}: {len(rows)} graded cases; at least 20 are needed to fit")
    ys = [int(c.grade) for c in rows]  # type: ignore[arg-type]
    grades = sorted(set(ys))
    if len(grades) < 2:
        raise ModelError(f"{judgement}: every training case has the same grade")
    kept, means, sds, dropped = [], [], [], []
    columns = []
    for name in features:
        known = [float(c.features[name]) for c in rows if not is_missing(c.features.get(name))]  # type: ignore[arg-type]
        if len(known) < len(rows) / 2:
            dropped.append(name)
            continue
        mean = sum(known) / len(known)
        sd = math.sqrt(sum((v - mean) ** 2 for v in known) / max(1, len(known) - 1))
        if sd < 1e-9:
            dropped.append(name)
            continue
        kept.append(name)
        means.append(mean)
        sds.append(sd)
        columns.append(
            [0.0 if is_missing(c.features.get(name)) else (float(c.features[name]) - mean) / sd for c in rows]  # type: ignore[arg-type]
        )
    exog = np.array(columns, dtype=float).T if columns else np.zeros((len(rows), 0))
    endog = np.array(ys)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter; a failed fit is checked below
        model = OrderedModel(endog, exog, distr="logit")
        result = model.fit(method="bfgs", disp=False, maxiter=2000)
    params = np.asarray(result.params, dtype=float)
    if not np.all(np.isfinite(params)):
        raise ModelError(f"{judgement}: the fit did not converge")
    k = len(kept)
    cuts = list(model.transform_threshold_params(params)[1:-1])
    return Fitted(
        judgement,
        kept,
        means,
        sds,
        [float(b) for b in params[:k]],
        [float(c) for c in cuts],
        grades,
        marginal(ys),
        len(rows),
        dropped,
    )
