"""Indicators from the children in need census: referrals and re-referrals, children in need, assessments
within 45 working days, section 47 enquiries and conferences within 15 working days, child protection
plans. Each is one registered function over ``CinInputs``, with its hand-made cases beside it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

import polars as pl

from csinspect.returns.indicators.registry import Case, indicator
from csinspect.returns.indicators.values import Params, Value, pct, rate, within
from csinspect.returns.workdays import working_days_between
from csinspect.sources.returns.ssda903 import year_bounds

D = date


@dataclass
class CinInputs:
    """One council's CIN census tables for ``year`` (and the previous census, where held)."""

    cur: dict[str, pl.DataFrame]
    prev: dict[str, pl.DataFrame] | None
    year: int
    p: Params
    population: int | None

    @cached_property
    def bounds(self) -> tuple[date, date]:
        return year_bounds(self.year)

    @cached_property
    def referrals(self) -> pl.DataFrame:
        """This year's referrals, each marked ``_re`` when the child had another within the window before."""
        start, end = self.bounds
        frames = [self.cur["cin_details"].select("LAchildID", "CINreferralDate")]
        if self.prev and "cin_details" in self.prev:
            frames.append(self.prev["cin_details"].select("LAchildID", "CINreferralDate"))
        window = f"-{self.p.rereferral_window_months}mo"
        return (
            pl.concat(frames)
            .unique()
            .sort("LAchildID", "CINreferralDate")
            .with_columns(pl.col("CINreferralDate").shift(1).over("LAchildID").alias("_prev"))
            .filter(within("CINreferralDate", start, end))
            .with_columns(
                (
                    pl.col("_prev").is_not_null()
                    & (pl.col("_prev") >= pl.col("CINreferralDate").dt.offset_by(window))
                ).alias("_re")
            )
        )

    @cached_property
    def assessments(self) -> pl.DataFrame:
        start, end = self.bounds
        return self.cur["assessments"].filter(within("AssessmentAuthorisationDate", start, end))

    @cached_property
    def icpcs(self) -> pl.DataFrame:
        start, end = self.bounds
        return self.cur["s47"].filter(within("DateOfInitialCPC", start, end))

    @cached_property
    def plan_starts(self) -> pl.DataFrame:
        start, end = self.bounds
        return self.cur["cpp"].filter(within("CPPstartDate", start, end))


def value(inp: CinInputs, vid: str, v: float | None, num: float | None, den: float | None) -> Value:
    return Value(vid, inp.year, v, num, den)


# ---- hand-made inputs for the cases -------------------------------------------------------------------------


def tables(details=(), assessments=(), s47=(), cpp=()) -> dict[str, pl.DataFrame]:  # type: ignore[no-untyped-def]
    return {
        "cin_details": pl.DataFrame(
            [{"LAchildID": c, "CINreferralDate": r, "CINclosureDate": cl} for c, r, cl in details],
            schema={"LAchildID": pl.Utf8, "CINreferralDate": pl.Date, "CINclosureDate": pl.Date},
        ),
        "assessments": pl.DataFrame(
            [{"AssessmentActualStartDate": a, "AssessmentAuthorisationDate": b} for a, b in assessments],
            schema={"AssessmentActualStartDate": pl.Date, "AssessmentAuthorisationDate": pl.Date},
        ),
        "s47": pl.DataFrame(
            [{"S47ActualStartDate": a, "DateOfInitialCPC": b} for a, b in s47],
            schema={"S47ActualStartDate": pl.Date, "DateOfInitialCPC": pl.Date},
        ),
        "cpp": pl.DataFrame(
            [
                {"LAchildID": c, "CPPstartDate": a, "CPPendDate": b, "NumberOfPreviousCPP": n}
                for c, a, b, n in cpp
            ],
            schema={
                "LAchildID": pl.Utf8,
                "CPPstartDate": pl.Date,
                "CPPendDate": pl.Date,
                "NumberOfPreviousCPP": pl.Int64,
            },
        ),
    }


def _referrals_case() -> CinInputs:
    # a: exactly 12 months after an earlier referral (re-referral); b: one day more (not); c: two this year
    cur = tables(
        details=[
            ("a", D(2024, 6, 15), None),
            ("b", D(2024, 6, 15), None),
            ("c", D(2024, 9, 1), None),
            ("c", D(2024, 5, 1), D(2024, 5, 1)),
            ("d", D(2024, 3, 30), None),  # last year's referral still open at 31 March 2025
        ]
    )
    prev = tables(details=[("a", D(2023, 6, 15), D(2023, 7, 1)), ("b", D(2023, 6, 14), D(2023, 7, 1))])
    return CinInputs(cur, prev, 2025, Params(), 10_000)


def _assessments_case() -> CinInputs:
    # the 45th working day after Monday 2 September 2024 is Monday 4 November; 5 November is late
    cur = tables(
        assessments=[
            (D(2024, 9, 2), D(2024, 11, 4)),
            (D(2024, 9, 2), D(2024, 11, 5)),
            (D(2024, 1, 2), D(2024, 2, 1)),  # authorised last year: not counted
        ]
    )
    return CinInputs(cur, None, 2025, Params(), 10_000)


def _s47_case() -> CinInputs:
    # the 15th working day after Monday 2 December 2024 is 23 December; 27 December (after the two bank
    # holidays) is the 17th: late
    cur = tables(
        s47=[(D(2024, 12, 2), D(2024, 12, 20)), (D(2024, 12, 2), D(2024, 12, 27)), (D(2025, 3, 1), None)]
    )
    return CinInputs(cur, None, 2025, Params(), 20_000)


def _cpp_case() -> CinInputs:
    cur = tables(
        cpp=[
            ("a", D(2024, 5, 1), None, 1),  # a second plan, open at 31 March
            ("b", D(2024, 6, 1), D(2024, 12, 1), 0),
            ("c", D(2022, 4, 1), D(2024, 4, 1), 0),  # ended after exactly two years
            ("d", D(2023, 1, 1), D(2024, 10, 1), 0),  # ended before two years
        ]
    )
    return CinInputs(cur, None, 2025, Params(), 5_000)


# ---- the indicators -----------------------------------------------------------------------------------------


@indicator("returns_referrals", "cin", (Case("referrals in the year", _referrals_case, 4, 4, None),))
def referrals(inp: CinInputs) -> Value:
    n = inp.referrals.height
    return value(inp, "returns_referrals", n, n, None)


@indicator("returns_referrals_rate", "cin", (Case("per 10,000 children", _referrals_case, 4.0, 4, 10_000),))
def referrals_rate(inp: CinInputs) -> Value:
    n = inp.referrals.height
    return value(inp, "returns_referrals_rate", rate(n, inp.population), n, inp.population)


@indicator(
    "returns_rereferrals_pct",
    "cin",
    (Case("12-month window, inclusive; the previous census counts", _referrals_case, 50.0, 2, 4),),
)
def rereferrals_pct(inp: CinInputs) -> Value:
    n, n_re = inp.referrals.height, int(inp.referrals["_re"].sum())
    return value(inp, "returns_rereferrals_pct", pct(n_re, n), n_re, n)


@indicator("returns_cin_rate_31mar", "cin", (Case("open at 31 March", _referrals_case, 4.0, 4, 10_000),))
def cin_rate(inp: CinInputs) -> Value:
    _start, end = inp.bounds
    details = inp.cur["cin_details"]
    n = details.filter(
        (pl.col("CINreferralDate") <= end)
        & (pl.col("CINclosureDate").is_null() | (pl.col("CINclosureDate") > end))
    )["LAchildID"].n_unique()
    return value(inp, "returns_cin_rate_31mar", rate(n, inp.population), n, inp.population)


@indicator(
    "returns_assessments_completed", "cin", (Case("authorised in the year", _assessments_case, 2, 2, None),)
)
def assessments_completed(inp: CinInputs) -> Value:
    n = inp.assessments.height
    return value(inp, "returns_assessments_completed", n, n, None)


@indicator(
    "returns_assessments_45wd_pct",
    "cin",
    (Case("45 working days, bank holidays excluded", _assessments_case, 50.0, 1, 2),),
)
def assessments_45wd(inp: CinInputs) -> Value:
    a = inp.assessments
    wd = working_days_between(a["AssessmentActualStartDate"], a["AssessmentAuthorisationDate"])
    n_ok = int((wd <= inp.p.assessment_limit_working_days).sum())
    return value(inp, "returns_assessments_45wd_pct", pct(n_ok, a.height), n_ok, a.height)


@indicator("returns_s47_enquiries", "cin", (Case("started in the year", _s47_case, 3, 3, None),))
def s47_enquiries(inp: CinInputs) -> Value:
    start, end = inp.bounds
    n = inp.cur["s47"].filter(within("S47ActualStartDate", start, end)).height
    return value(inp, "returns_s47_enquiries", n, n, None)


@indicator("returns_s47_rate", "cin", (Case("per 10,000 children", _s47_case, 1.5, 3, 20_000),))
def s47_rate(inp: CinInputs) -> Value:
    start, end = inp.bounds
    n = inp.cur["s47"].filter(within("S47ActualStartDate", start, end)).height
    return value(inp, "returns_s47_rate", rate(n, inp.population), n, inp.population)


@indicator(
    "returns_icpc_15wd_pct",
    "cin",
    (Case("15 working days over Christmas", _s47_case, 50.0, 1, 2),),
)
def icpc_15wd(inp: CinInputs) -> Value:
    icpc = inp.icpcs
    wd = working_days_between(icpc["S47ActualStartDate"], icpc["DateOfInitialCPC"])
    n_ok = int((wd <= inp.p.icpc_limit_working_days).sum())
    return value(inp, "returns_icpc_15wd_pct", pct(n_ok, icpc.height), n_ok, icpc.height)


@indicator("returns_cpp_starts", "cin", (Case("plans started in the year", _cpp_case, 2, 2, None),))
def cpp_starts(inp: CinInputs) -> Value:
    n = inp.plan_starts.height
    return value(inp, "returns_cpp_starts", n, n, None)


@indicator("returns_cpp_rate_31mar", "cin", (Case("open at 31 March", _cpp_case, 2.0, 1, 5_000),))
def cpp_rate(inp: CinInputs) -> Value:
    _start, end = inp.bounds
    cpp = inp.cur["cpp"]
    n = cpp.filter(
        (pl.col("CPPstartDate") <= end) & (pl.col("CPPendDate").is_null() | (pl.col("CPPendDate") > end))
    )["LAchildID"].n_unique()
    return value(inp, "returns_cpp_rate_31mar", rate(n, inp.population), n, inp.population)


@indicator(
    "returns_cpp_repeat_pct",
    "cin",
    (Case("second or later plan (NumberOfPreviousCPP)", _cpp_case, 50.0, 1, 2),),
)
def cpp_repeat(inp: CinInputs) -> Value:
    starts = inp.plan_starts
    if inp.p.repeat_plan_basis == "history":
        frames = [inp.cur["cpp"].select("LAchildID", "CPPstartDate")]
        if inp.prev and "cpp" in inp.prev:
            frames.append(inp.prev["cpp"].select("LAchildID", "CPPstartDate"))
        earlier = starts.join(
            pl.concat(frames).unique().rename({"CPPstartDate": "_s"}), on="LAchildID"
        ).filter(pl.col("_s") < pl.col("CPPstartDate"))
        n_rep = earlier.select("LAchildID", "CPPstartDate").unique().height
    else:
        n_rep = int((starts["NumberOfPreviousCPP"].fill_null(0) > 0).sum())
    return value(inp, "returns_cpp_repeat_pct", pct(n_rep, starts.height), n_rep, starts.height)


@indicator(
    "returns_cpp_2yrs_pct",
    "cin",
    (Case("plans ending after two years or more", _cpp_case, 33.3, 1, 3),),
)
def cpp_2yrs(inp: CinInputs) -> Value:
    start, end = inp.bounds
    ended = inp.cur["cpp"].filter(within("CPPendDate", start, end))
    n_long = ended.filter(
        pl.col("CPPendDate") >= pl.col("CPPstartDate").dt.offset_by(f"{inp.p.cpp_long_years}y")
    ).height
    return value(inp, "returns_cpp_2yrs_pct", pct(n_long, ended.height), n_long, ended.height)
