"""Due dates from a recommendation category's ``due`` duration (framework YAML).

Durations are ISO-8601-like, counted from the report's publication date:
``P0D`` (immediately: due on publication), ``P3M``, ``P6M``, ``P1Y``, ``P14D``, ``P2W``, and
``P20WD`` / ``P70WD`` (working days: Monday to Friday, England bank holidays excluded, using the
``holidays`` library's GB/ENG calendar, counted from the first working day after publication).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

_DURATION = re.compile(r"^P(\d+)(WD|D|W|M|Y)$")


class DurationError(ValueError):
    pass


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: str  # WD | D | W | M | Y

    def describe(self) -> str:
        names = {"WD": "working day", "D": "day", "W": "week", "M": "month", "Y": "year"}
        if self.amount == 0:
            return "immediately"
        name = names[self.unit]
        return f"{self.amount} {name}{'' if self.amount == 1 else 's'}"


def parse_duration(text: str) -> Duration:
    m = _DURATION.match(text.strip().upper())
    if not m:
        raise DurationError(f"cannot read due duration {text!r} (expected e.g. P0D, P3M, P6M, P20WD)")
    return Duration(int(m.group(1)), m.group(2))


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=[year]).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` (``start`` itself never counts)."""
    day = start
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def add_months(start: date, months: int) -> date:
    month0 = start.month - 1 + months
    year = start.year + month0 // 12
    month = month0 % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def due_date(start: date, duration: str | Duration) -> date:
    d = parse_duration(duration) if isinstance(duration, str) else duration
    if d.unit == "WD":
        return add_working_days(start, d.amount)
    if d.unit == "D":
        return start + timedelta(days=d.amount)
    if d.unit == "W":
        return start + timedelta(weeks=d.amount)
    if d.unit == "M":
        return add_months(start, d.amount)
    return add_months(start, 12 * d.amount)
