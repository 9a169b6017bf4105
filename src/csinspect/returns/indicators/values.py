"""What an indicator gives (``Value``), the readings of DfE's definitions that can be changed (``Params``), and
the small helpers every indicator uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl


@dataclass(frozen=True)
class Params:
    rereferral_window_months: int = 12
    assessment_limit_working_days: int = 45
    icpc_limit_working_days: int = 15
    repeat_plan_basis: str = "number_previous"  # or "history": an earlier plan in the returns held
    cpp_long_years: int = 2
    exclude_short_breaks: bool = True
    placement_move_rne: frozenset[str] = frozenset({"P", "B"})  # T/U (same carer) and L are not moves
    count_temporary_placements: bool = False  # T0-T4 episodes are not counted as placements
    same_carer_rne: frozenset[str] = frozenset({"L", "T", "U"})
    long_term_months: int = 30  # looked after continuously for 2.5 years
    long_term_same_carer_years: int = 2
    long_term_max_age: int = 16
    first_review_working_days: int = 20
    second_review_months: int = 3
    subsequent_review_months: int = 6
    adoption_window_years: int = 3
    care_leaver_ages: tuple[int, ...] = (19, 20, 21)
    care_leaver_excluded_in_touch: frozenset[str] = frozenset({"DIED", "RHOM"})
    population: int | None = None  # overrides the ONS lookup


@dataclass(frozen=True)
class Value:
    indicator_id: str
    year: int
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    note: str | None = None
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def period(self) -> str:
        return f"{self.year - 1}-{str(self.year)[-2:]}"


def pct(num: int, den: int) -> float | None:
    return round(100.0 * num / den, 1) if den else None


def rate(num: int, pop: int | None) -> float | None:
    return round(10000.0 * num / pop, 1) if pop else None


def within(col: str, start: date, end: date) -> pl.Expr:
    return pl.col(col).is_between(start, end, closed="both")
