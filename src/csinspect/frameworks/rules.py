"""Checking a set of grades against a framework's overall-judgement rules (pure functions).

``grades`` maps judgement id -> scale value id (a printed label is accepted too and resolved with
the framework's scale). Rules are data (``Rule`` in ``schema.py``); nothing here is specific to
one framework.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from csinspect.frameworks.registry import get_framework
from csinspect.frameworks.schema import Confidence, Framework, Rule, RuleStatus, ScaleValue


class UnknownGrade(ValueError):
    """A grade that is neither a scale value id nor a printed label of the framework's scale."""


class UnknownJudgement(ValueError):
    """A judgement id that the framework does not define."""


@dataclass(frozen=True)
class RuleFinding:
    rule_id: str
    severity: Literal["hard", "soft"]
    status: RuleStatus
    passed: bool  # True also when the rule could not be applied (see ``applicable``)
    message: str
    confidence: Confidence = "MED"
    applicable: bool = True  # False when the target or every source is ungraded or absent
    evidence: str = ""


@dataclass(frozen=True)
class OverallBounds:
    """What the hard rules allow for a rule target, and the soft default (ordinals, 1 worst … 4 best)."""

    target: str
    lowest: int | None
    highest: int | None
    default: int | None
    reasons: tuple[str, ...]


def _framework(framework: Framework | str) -> Framework:
    return framework if isinstance(framework, Framework) else get_framework(framework)


def resolve_grade(framework: Framework | str, grade: str) -> ScaleValue:
    """The scale value for a value id or a printed label (any variant); raises ``UnknownGrade``."""
    fw = _framework(framework)
    for v in fw.scale.values:
        if v.id == grade:
            return v
    found = fw.scale.match(grade)
    if found is None:
        known = ", ".join(v.id for v in fw.scale.values)
        raise UnknownGrade(f"{fw.id}: {grade!r} is not a grade of scale {fw.scale.id!r} ({known})")
    return found


def ordinal(framework: Framework | str, grade_id: str) -> int | None:
    """The common ordinal (1 worst … 4 best) of a grade; None for values such as ``not_judged``."""
    return resolve_grade(framework, grade_id).ordinal


def _ordinals(fw: Framework, grades: Mapping[str, str]) -> dict[str, int | None]:
    known = {n.id for n in fw.iter_judgements()}
    out: dict[str, int | None] = {}
    for jid, grade in grades.items():
        if jid not in known:
            raise UnknownJudgement(f"{fw.id}: unknown judgement {jid!r}; known: {', '.join(sorted(known))}")
        if grade is None or not str(grade).strip():
            continue
        out[jid] = resolve_grade(fw, grade).ordinal
    return out


def _label(fw: Framework, ordinal_value: int) -> str:
    v = fw.scale.by_ordinal(ordinal_value)
    return v.id if v is not None else str(ordinal_value)


def _check(fw: Framework, rule: Rule, ords: Mapping[str, int | None]) -> RuleFinding:
    def finding(passed: bool, message: str, applicable: bool = True) -> RuleFinding:
        return RuleFinding(
            rule_id=rule.id,
            severity=rule.severity,
            status=rule.status,
            passed=passed,
            message=message,
            confidence=rule.confidence,
            applicable=applicable,
            evidence=rule.evidence,
        )

    target = ords.get(rule.target)
    graded = {s: o for s in rule.sources if (o := ords.get(s)) is not None}
    if target is None:
        return finding(True, f"not applied: {rule.target} is not graded", applicable=False)
    if not graded:
        return finding(True, "not applied: none of the source judgements is graded", applicable=False)
    worst = min(graded.values())
    best = max(graded.values())
    worst_ids = sorted(s for s, o in graded.items() if o == worst)
    t = _label(fw, target)

    if rule.type == "cap":
        assert rule.when_at_most is not None and rule.cap is not None  # schema guarantees
        trigger = fw.scale.value(rule.when_at_most).ordinal
        cap = fw.scale.value(rule.cap).ordinal
        assert trigger is not None and cap is not None
        hit = sorted(s for s, o in graded.items() if o <= trigger)
        if not hit:
            return finding(True, f"no source at or below {rule.when_at_most}; cap does not apply")
        if target <= cap:
            return finding(True, f"{', '.join(hit)} at or below {rule.when_at_most}; {rule.target} is {t}")
        return finding(
            False,
            f"{', '.join(hit)} at or below {rule.when_at_most}, so {rule.target} should be at most "
            f"{rule.cap}, but it is {t}",
        )
    if rule.type == "range":
        assert rule.max_steps_above_worst is not None
        high = min(best, worst + rule.max_steps_above_worst)
        if worst <= target <= high:
            return finding(True, f"{rule.target} {t} lies between {_label(fw, worst)} and {_label(fw, high)}")
        side = "below the worst" if target < worst else "above the allowed"
        return finding(
            False,
            f"{rule.target} is {t}, {side} range {_label(fw, worst)}..{_label(fw, high)} "
            f"(worst source: {', '.join(worst_ids)})",
        )
    # equals_worst
    if target == worst:
        return finding(True, f"{rule.target} {t} equals the worst source ({', '.join(worst_ids)})")
    return finding(
        False, f"{rule.target} is {t}, the worst source is {_label(fw, worst)} ({', '.join(worst_ids)})"
    )


def check_overall(framework: Framework | str, grades: Mapping[str, str]) -> list[RuleFinding]:
    """Every rule of the framework applied to ``grades``, one finding per rule, in file order.

    Raises ``UnknownJudgement`` / ``UnknownGrade`` for ids or labels the framework does not know.
    """
    fw = _framework(framework)
    ords = _ordinals(fw, grades)
    return [_check(fw, rule, ords) for rule in fw.rules]


def overall_bounds(framework: Framework | str, grades: Mapping[str, str], target: str) -> OverallBounds:
    """The ordinals the hard rules allow for ``target`` given the other grades, plus the soft default.

    Useful to propose an overall judgement: anything in ``lowest..highest`` obeys every hard rule;
    ``default`` comes from a soft ``equals_worst`` rule when there is one.
    """
    fw = _framework(framework)
    ords = _ordinals(fw, {k: v for k, v in grades.items() if k != target})
    lowest: int | None = None
    highest: int | None = None
    default: int | None = None
    reasons: list[str] = []
    for rule in fw.rules:
        if rule.target != target:
            continue
        graded = [o for s in rule.sources if (o := ords.get(s)) is not None]
        if not graded:
            continue
        worst, best = min(graded), max(graded)
        if rule.type == "equals_worst":
            default = worst
            reasons.append(f"{rule.id} ({rule.severity}): default {_label(fw, worst)}")
            if rule.severity == "soft":
                continue
            lo, hi = worst, worst
        elif rule.type == "range":
            assert rule.max_steps_above_worst is not None
            lo, hi = worst, min(best, worst + rule.max_steps_above_worst)
            if rule.severity == "soft":
                reasons.append(f"{rule.id} (soft): usually {_label(fw, lo)}..{_label(fw, hi)}")
                continue
        else:
            assert rule.when_at_most is not None and rule.cap is not None
            trigger, cap = fw.scale.value(rule.when_at_most).ordinal, fw.scale.value(rule.cap).ordinal
            assert trigger is not None and cap is not None
            if worst > trigger:
                continue
            if rule.severity == "soft":
                reasons.append(f"{rule.id} (soft): usually at most {rule.cap}")
                continue
            lo, hi = None, cap
        span = f"{_label(fw, lo)}..{_label(fw, hi)}" if lo is not None else f"at most {_label(fw, hi)}"
        reasons.append(f"{rule.id} (hard): {span}")
        lowest = lo if lowest is None or (lo is not None and lo > lowest) else lowest
        highest = hi if highest is None or hi < highest else highest
    return OverallBounds(target, lowest, highest, default, tuple(reasons))
