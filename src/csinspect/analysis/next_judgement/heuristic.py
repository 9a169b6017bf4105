"""The earlier heuristic (``assessment/rules/<framework>.yaml``: start from the previous grade, move at most one
step towards the indicators' quartile count, derive overall effectiveness with the framework's rules), run on the
same cases as the model so that it has a backtest of its own. It gives one grade, so its probabilities are that
grade for certain (none: every grade equally)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from csinspect.analysis.next_judgement.cases import CANONICAL, Case
from csinspect.analysis.next_judgement.metrics import GRADES, Probs

RULE_FRAMEWORKS = ("ilacs_2018", "ilacs_2023", "ilacs_2026")


def _band(score: float) -> str:
    return (
        "top"
        if score >= 0.75
        else "upper_middle"
        if score >= 0.5
        else "lower_middle"
        if score >= 0.25
        else "bottom"
    )


def evidence(case: Case) -> Any:
    """The heuristic's evidence view of a case: the earlier inspections and the profile year's quartile bands."""
    from csinspect.assessment.propose import EvidenceView

    view = EvidenceView()
    for g in case.prior:
        view.previous.append(
            {
                "framework_id": g.framework_id,
                "published": (g.known_from.isoformat() if g.known_from else None),
                "judgements": {j: {"ordinal": o} for j, o in g.raw.items()},
                "_source": f"inspection {g.inspection_id}",
            }
        )
    for ind, area, score in case.indicator_scores:
        view.indicators.append({"indicator_id": ind, "band": _band(score), "judgement_areas": [area]})
    return view


@lru_cache(maxsize=8)
def _rules(framework_id: str) -> tuple[Any, Any]:
    from csinspect.assessment.rules import load_rules
    from csinspect.frameworks.registry import get_framework

    return get_framework(framework_id), load_rules(framework_id)[0]


def heuristic_probs(case: Case) -> Probs:
    from csinspect.assessment.propose import propose

    fw_id = case.framework_id if case.framework_id in RULE_FRAMEWORKS else "ilacs_2023"
    fw, rules = _rules(fw_id)
    wanted = CANONICAL[case.judgement]
    for p in propose(fw, rules, evidence(case)):
        if p.judgement_id in wanted and p.grade is not None:
            o = fw.scale.value(p.grade).ordinal
            return {g: 1.0 if g == o else 0.0 for g in GRADES}
    return dict.fromkeys(GRADES, 1 / len(GRADES))
