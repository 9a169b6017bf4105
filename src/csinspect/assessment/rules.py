"""Proposal rules: readable data per framework (``rules/<framework_id>.yaml``), validated at load.

A proposal for one judgement area is built in the open, step by step:
  1. ``start_from``: the first available signal in the listed order is the starting grade
     (``previous`` = the most recent earlier grade of a mapped judgement; ``provider_outcomes`` =
     share of providers good or better, through ``provider_bands``; ``indicators`` = where the area's
     indicators sit against statistical neighbours, through ``indicator_bands``).
  2. ``adjust_with``: each further signal moves the grade at most ``max_step`` steps towards it.
  3. ``limits``: an earlier judgement at or below a grade caps the proposal (limiting judgements).
  4. ``derive: framework_rules``: an overall judgement is proposed from the other proposals with the
     framework's own rules (``csinspect.frameworks.rules.overall_bounds``).
Every step writes a reason. These are csinspect's PROPOSAL heuristics, labelled as such; the
framework's own hard and soft rules are enforced separately when a grade is recorded.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

RULES_DIR = Path(__file__).parent / "rules"
Signal = Literal["previous", "provider_outcomes", "indicators"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IndicatorBand(_Strict):
    """Conditions on the shares of an area's indicators in each quartile band against neighbours.
    ``top`` = best quartile, ``bottom`` = worst (polarity already applied)."""

    grade: str
    min_top_share: float = 0.0
    min_top_half_share: float = 0.0
    max_bottom_share: float = 1.0


class ProviderBand(_Strict):
    grade: str
    min_good_or_better_share: float = 0.0
    max_inadequate_share: float = 1.0


class PreviousRef(_Strict):
    framework: str  # framework id, or a family prefix ending in '*' (e.g. "ilacs_*")
    judgement: str


class Limit(_Strict):
    framework: str
    judgement: str
    at_most: str  # common grade id of the earlier framework's scale (compared by ordinal)
    cap: str  # this framework's scale value id
    reason: str
    confidence: Literal["HIGH", "MED", "LOW", "UNVERIFIED"] = "LOW"


class JudgementRules(_Strict):
    id: str
    profile_areas: list[str] = []
    previous: list[PreviousRef] = []
    start_from: list[Signal] = []
    adjust_with: list[Signal] = []
    max_step: int = 1
    limits: list[Limit] = []
    derive: Literal["framework_rules"] | None = None
    note: str | None = None


class ProposalRules(_Strict):
    framework: str
    title: str
    status: Literal["heuristic"] = "heuristic"
    description: str
    min_indicators: int = 3
    indicator_bands: list[IndicatorBand] = []
    provider_bands: list[ProviderBand] = []
    judgements: list[JudgementRules]

    @model_validator(mode="after")
    def _check(self) -> ProposalRules:
        ids = [j.id for j in self.judgements]
        if len(ids) != len(set(ids)):
            raise ValueError("a judgement is listed twice")
        for j in self.judgements:
            if j.derive is None and not j.start_from:
                raise ValueError(f"judgement {j.id}: needs start_from or derive")
            if ("indicators" in j.start_from or "indicators" in j.adjust_with) and not j.profile_areas:
                raise ValueError(f"judgement {j.id}: uses indicators but lists no profile_areas")
            if ("previous" in j.start_from or "previous" in j.adjust_with) and not j.previous:
                raise ValueError(f"judgement {j.id}: uses previous but lists no previous judgements")
        return self


class RulesError(ValueError):
    pass


@lru_cache(maxsize=32)
def load_rules(framework_id: str, directory: Path = RULES_DIR) -> tuple[ProposalRules, str, str]:
    """(rules, file name, sha256 of the file) for a framework; ``RulesError`` names file and field."""
    path = directory / f"{framework_id}.yaml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in directory.glob("*.yaml")))
        raise RulesError(
            f"no proposal rules for framework {framework_id!r} ({path}); rules exist for: {known}"
        )
    raw_bytes = path.read_bytes()
    try:
        rules = ProposalRules.model_validate(yaml.safe_load(raw_bytes))
    except (yaml.YAMLError, ValidationError) as exc:
        raise RulesError(f"{path}: {exc}") from exc
    if rules.framework != framework_id:
        raise RulesError(f"{path}: framework {rules.framework!r} does not match the file name")
    return rules, path.name, hashlib.sha256(raw_bytes).hexdigest()


def validate_against_framework(framework_id: str) -> list[str]:
    """Problems between the rules file and the framework YAML (unknown judgements or grades)."""
    from csinspect.frameworks.registry import get_framework

    rules, name, _ = load_rules(framework_id)
    fw = get_framework(framework_id)
    ids = {n.id for n in fw.iter_judgements()}
    grades = {v.id for v in fw.scale.values}
    problems = [f"{name}: unknown judgement {j.id!r}" for j in rules.judgements if j.id not in ids]
    band_grades = [b.grade for b in rules.indicator_bands] + [b.grade for b in rules.provider_bands]
    for g in band_grades:
        if g not in grades:
            problems.append(f"{name}: band grade {g!r} is not on the {fw.id} scale")
    for j in rules.judgements:
        for lim in j.limits:
            if lim.cap not in grades:
                problems.append(f"{name}: {j.id} limit cap {lim.cap!r} is not on the {fw.id} scale")
    return problems
