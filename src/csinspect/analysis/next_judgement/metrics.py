"""How well probabilities over the four grades (1 worst … 4 best) matched what Ofsted decided."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

GRADES = (1, 2, 3, 4)
Probs = dict[int, float]


@dataclass(frozen=True)
class Scores:
    n: int
    exact: float  # share whose most likely grade was Ofsted's
    within_one: float
    kappa: float  # quadratic-weighted Cohen's kappa of the most likely grade against Ofsted's
    brier: float  # mean over cases of the sum over grades of (p - outcome)^2: 0 perfect, 2 sure and wrong
    calibration: float  # expected calibration error of the most likely grade's probability (10 bins)

    def as_dict(self) -> dict[str, float]:
        return {
            "n": self.n,
            "exact": self.exact,
            "within_one": self.within_one,
            "kappa": self.kappa,
            "brier": self.brier,
            "calibration_error": self.calibration,
        }


def most_likely(p: Probs) -> int:
    # ties go to the grade nearer the middle of the scale (2, 3 before 1, 4): a cautious reading
    return max(GRADES, key=lambda g: (p.get(g, 0.0), -abs(g - 2.5)))


def score(probs: Sequence[Probs], actual: Sequence[int]) -> Scores:
    if not probs:
        return Scores(0, float("nan"), float("nan"), float("nan"), float("nan"), float("nan"))
    picks = [most_likely(p) for p in probs]
    n = len(actual)
    exact = sum(p == a for p, a in zip(picks, actual, strict=True)) / n
    within = sum(abs(p - a) <= 1 for p, a in zip(picks, actual, strict=True)) / n
    brier = (
        sum(
            sum((p.get(g, 0.0) - (1.0 if g == a else 0.0)) ** 2 for g in GRADES)
            for p, a in zip(probs, actual, strict=True)
        )
        / n
    )
    return Scores(n, exact, within, weighted_kappa(picks, actual), brier, calibration_error(probs, actual))


def weighted_kappa(a: Sequence[int], b: Sequence[int]) -> float:
    """Cohen's kappa with quadratic weights over the four grades (1 = perfect agreement, 0 = chance)."""
    n = len(a)
    k = len(GRADES)
    obs = [[0.0] * k for _ in range(k)]
    for x, y in zip(a, b, strict=True):
        obs[x - 1][y - 1] += 1
    row = [sum(r) for r in obs]
    col = [sum(obs[i][j] for i in range(k)) for j in range(k)]
    num = den = 0.0
    for i in range(k):
        for j in range(k):
            w = (i - j) ** 2 / (k - 1) ** 2
            num += w * obs[i][j]
            den += w * row[i] * col[j] / n
    return 1.0 - num / den if den else float("nan")


def calibration_error(probs: Sequence[Probs], actual: Sequence[int], bins: int = 10) -> float:
    """Expected calibration error: in bins of the stated probability of the most likely grade, the gap between
    that probability and how often that grade was Ofsted's, weighted by the bin's share of cases."""
    table = calibration_table(probs, actual, bins)
    n = len(actual)
    return sum(count / n * abs(stated - observed) for _, count, stated, observed in table)


def calibration_table(
    probs: Sequence[Probs], actual: Sequence[int], bins: int = 10
) -> list[tuple[str, int, float, float]]:
    """(bin, cases, mean stated probability, share right) for each non-empty bin."""
    groups: dict[int, list[tuple[float, bool]]] = {}
    for p, a in zip(probs, actual, strict=True):
        g = most_likely(p)
        b = min(bins - 1, int(p.get(g, 0.0) * bins))
        groups.setdefault(b, []).append((p.get(g, 0.0), g == a))
    out = []
    for b in sorted(groups):
        items = groups[b]
        out.append(
            (
                f"{b / bins:.1f}-{(b + 1) / bins:.1f}",
                len(items),
                sum(s for s, _ in items) / len(items),
                sum(r for _, r in items) / len(items),
            )
        )
    return out
