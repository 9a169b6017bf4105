"""Periods as DfE and LAIT print them: ``time_period``/``time_identifier`` pairs and LAIT ``Years`` labels.

Every period gets a label (what users see: "2016", "2023/24", "2024-25", "2014-16"), the calendar year it
ends in (for sorting and for matching ``--period``), and start/end dates (for checking that an authority
existed during the period).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Period:
    label: str
    year: int
    start: date
    end: date


_SIX = re.compile(r"^(\d{4})(\d{2})$")


def ees_period(time_period: str, time_identifier: str) -> Period:
    """``2025`` + "Reporting year" -> 2025 (year ending 31 March); ``202425`` + "Academic year" -> 2024/25."""
    tp = time_period.strip()
    ident = time_identifier.strip().lower()
    six = _SIX.match(tp)
    if six:
        first = int(six.group(1))
        end_year = first + 1
        if int(six.group(2)) != end_year % 100:
            raise ValueError(f"time_period {tp!r} is not a two-year code")
        if "academic" in ident:
            return Period(f"{first}/{tp[4:]}", end_year, date(first, 9, 1), date(end_year, 8, 31))
        return Period(f"{first}-{tp[4:]}", end_year, date(first, 4, 1), date(end_year, 3, 31))
    if re.fullmatch(r"\d{4}", tp):
        y = int(tp)
        if "calendar" in ident:
            return Period(tp, y, date(y, 1, 1), date(y, 12, 31))
        if "academic" in ident:
            return Period(f"{y - 1}/{tp[2:]}", y, date(y - 1, 9, 1), date(y, 8, 31))
        # Reporting year / financial year / "Year ending 31 March": the year ending 31 March.
        return Period(tp, y, date(y - 1, 4, 1), date(y, 3, 31))
    raise ValueError(f"cannot read time_period {tp!r} ({time_identifier!r})")


_LAIT_SUFFIX = re.compile(r"\s*\((rev|final|prov|ot)\)\s*$", re.IGNORECASE)


def lait_period(years: str) -> Period:
    """LAIT ``Years``: "2016", "2018 (Rev)", "2015/16", "2016-17", "2014-16", "2013/14-15/16"."""
    label = _LAIT_SUFFIX.sub("", years.strip())
    if re.fullmatch(r"\d{4}", label):
        y = int(label)
        return Period(label, y, date(y - 1, 4, 1), date(y, 3, 31))
    m = re.fullmatch(r"(\d{4})[/-](\d{2})", label)  # 2015/16, 2016-17
    if m:
        first = int(m.group(1))
        if int(m.group(2)) != (first + 1) % 100:
            # three-year span written short, e.g. "2014-16"
            end = (first // 100) * 100 + int(m.group(2))
            if end <= first:
                raise ValueError(f"cannot read LAIT period {years!r}")
            return Period(label, end, date(first, 4, 1), date(end, 3, 31))
        return Period(label, first + 1, date(first, 4, 1), date(first + 1, 3, 31))
    m = re.fullmatch(r"(\d{4})/\d{2}-(\d{2})/(\d{2})", label)  # 2013/14-15/16
    if m:
        first = int(m.group(1))
        end = (first // 100) * 100 + int(m.group(3))
        return Period(label, end, date(first, 4, 1), date(end, 3, 31))
    raise ValueError(f"cannot read LAIT period {years!r}")
