"""Working days in England: Monday to Friday less England's bank holidays (the ``holidays`` library)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays
import numpy as np
import polars as pl


@lru_cache(maxsize=8)
def england_bank_holidays(first_year: int = 2000, last_year: int = 2035) -> np.ndarray:
    days = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return np.array(sorted(days.keys()), dtype="datetime64[D]")


def working_days_between(start: pl.Series, end: pl.Series) -> pl.Series:
    """Working days after ``start`` up to and including ``end`` (same day = 0; Friday -> Monday = 1).

    This is the count DfE's completed-assessment bands use ("same day", "1-10 days", ...)."""
    s = start.cast(pl.Date)
    e = end.cast(pl.Date)
    ok = (s.is_not_null() & e.is_not_null()).to_numpy()
    out = np.full(len(s), -1, dtype=np.int64)
    if ok.any():
        sa = s.to_numpy()[ok].astype("datetime64[D]") + np.timedelta64(1, "D")
        ea = e.to_numpy()[ok].astype("datetime64[D]") + np.timedelta64(1, "D")
        out[ok] = np.busday_count(sa, ea, holidays=england_bank_holidays())
    return (
        pl.Series(start.name, out).replace(-1, None)
        if len(out)
        else pl.Series(start.name, [], dtype=pl.Int64)
    )


def working_days(start: date, end: date) -> int:
    return int(working_days_between(pl.Series([start]), pl.Series([end]))[0])
