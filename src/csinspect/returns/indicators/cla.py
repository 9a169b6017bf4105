"""Indicators from the SSDA903 return: children looked after and their rates, starts and cessations,
placement stability (short and long term), reviews on time, missing and away, adoption timeliness, care
leavers. Each is one registered function over ``ClaInputs``, with its hand-made cases beside it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

import polars as pl

from csinspect.returns.indicators.registry import Case, indicator
from csinspect.returns.indicators.values import Params, Value, pct, rate, within
from csinspect.returns.workdays import working_days_between
from csinspect.sources.returns import codes
from csinspect.sources.returns.ssda903 import year_bounds

D = date


def combine_episodes(frames: list[pl.DataFrame | None]) -> pl.DataFrame:
    """Episodes from several years' returns, newest first: one row per (child, start)."""
    cols = ["CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"]
    parts = [
        f.select(cols).with_columns(pl.lit(i).alias("_src")) for i, f in enumerate(frames) if f is not None
    ]
    if not parts:
        return pl.DataFrame(schema={c: pl.Utf8 for c in cols})
    return (
        pl.concat(parts)
        .sort("_src")
        .unique(["CHILD", "DECOM"], keep="first")
        .drop("_src")
        .sort("CHILD", "DECOM")
    )


def with_periods(eps: pl.DataFrame, p: Params) -> pl.DataFrame:
    """Adds period-of-care and carer chains: ``_period`` numbers the periods of each child (a period
    starts at RNE=S or where episodes stop being contiguous); ``_carer_break`` marks a change of carer."""
    same_carer = sorted(p.same_carer_rne)
    return (
        eps.sort("CHILD", "DECOM")
        .with_columns(pl.col("DEC").shift(1).over("CHILD").alias("_prev_dec"))
        .with_columns(
            (
                (pl.col("RNE") == "S")
                | pl.col("_prev_dec").is_null()
                | (pl.col("_prev_dec") != pl.col("DECOM"))
            ).alias("_new_period")
        )
        .with_columns(pl.col("_new_period").cast(pl.Int32).cum_sum().over("CHILD").alias("_period"))
        .with_columns(
            pl.col("DECOM").min().over("CHILD", "_period").alias("_period_start"),
            (pl.col("RNE").first().over("CHILD", "_period") == "S").alias("_start_known"),
            (pl.col("_new_period") | ~pl.col("RNE").is_in(same_carer)).alias("_carer_break"),
        )
    )


def age_reached_in_year(dob: pl.Expr, year: int) -> pl.Expr:
    """The age a young person reaches on their birthday within collection year ``year``."""
    return pl.when(dob.dt.month() >= 4).then(year - 1 - dob.dt.year()).otherwise(year - dob.dt.year())


@dataclass
class ClaInputs:
    """One council's SSDA903 tables for ``year``, and earlier years' tables, newest first (the previous-year
    files of this load, then stored earlier years)."""

    tables: dict[str, pl.DataFrame]
    history: list[dict[str, pl.DataFrame]]
    year: int
    p: Params
    population: int | None

    @cached_property
    def bounds(self) -> tuple[date, date]:
        return year_bounds(self.year)

    @cached_property
    def eps(self) -> pl.DataFrame:
        """Every episode held (this year's and earlier years'), with periods of care and carer chains."""
        return with_periods(
            combine_episodes([self.tables.get("episodes")] + [h.get("episodes") for h in self.history]),
            self.p,
        )

    @cached_property
    def counted(self) -> pl.DataFrame:
        """Episodes that count (short breaks left out unless the parameters say otherwise)."""
        if not self.p.exclude_short_breaks:
            return self.eps
        return self.eps.filter(~pl.col("LS").is_in(sorted(codes.SHORT_BREAK_LS)))

    @cached_property
    def at31(self) -> pl.DataFrame:
        """The episode each child looked after at 31 March was in."""
        _start, end = self.bounds
        open_ = self.eps.filter((pl.col("DECOM") <= end) & (pl.col("DEC").is_null() | (pl.col("DEC") > end)))
        open_ = open_.sort("DECOM").unique("CHILD", keep="last")
        if self.p.exclude_short_breaks:
            open_ = open_.filter(~pl.col("LS").is_in(sorted(codes.SHORT_BREAK_LS)))
        return open_

    @cached_property
    def missing_in_year(self) -> tuple[pl.DataFrame, int] | None:
        """Missing/away episodes starting in the year, and the children looked after during it."""
        start, end = self.bounds
        miss = self.tables.get("missing")
        if miss is None:
            return None
        during = self.counted.filter(
            (pl.col("DECOM") <= end) & (pl.col("DEC").is_null() | (pl.col("DEC") >= start))
        )["CHILD"].n_unique()
        return miss.filter(within("MIS_START", start, end)), during

    @cached_property
    def adoptions(self) -> tuple[pl.DataFrame, str] | None:
        """One row per child adopted in the window (this year and up to two before, as held), with the start of
        the period of care, the first adoptive placement, the move-in date, the placement order and the match."""
        p = self.p
        first_year = self.year - p.adoption_window_years + 1
        years_held = [self.year] + [
            self.year - 1 - i for i, h in enumerate(self.history) if h.get("episodes") is not None
        ]
        window_start = year_bounds(max(first_year, min(years_held)))[0]
        _, end = self.bounds
        eps = self.eps
        adopted = eps.filter(
            pl.col("REC").is_in(sorted(codes.ADOPTED_REC)) & within("DEC", window_start, end)
        )
        sources = [t for t in [self.tables, *self.history] if t.get("ad1") is not None]
        ad1 = (
            pl.concat([t["ad1"].select("CHILD", "DATE_MATCH", "FOSTER_CARE") for t in sources]).unique(
                "CHILD", keep="first"
            )
            if sources
            else None
        )
        period = eps.join(adopted.select("CHILD", pl.col("_period").alias("_ap")), on="CHILD").filter(
            pl.col("_period") == pl.col("_ap")
        )
        place_rows = period.filter(pl.col("PLACE").is_in(sorted(codes.ADOPTION_PLACE)))
        first_place = place_rows.group_by("CHILD").agg(pl.col("DECOM").min().alias("_placed"))
        carer = (
            period.join(first_place, on="CHILD")
            .filter(pl.col("DECOM") <= pl.col("_placed"))
            .group_by("CHILD")
            .agg(pl.col("DECOM").filter(pl.col("_carer_break")).max().alias("_carer_start"))
        )
        order = (
            period.filter(pl.col("LS").is_in(sorted(codes.PLACEMENT_ORDER_LS)))
            .group_by("CHILD")
            .agg(pl.col("DECOM").min().alias("_order"))
        )
        base = (
            period.group_by("CHILD")
            .agg(pl.col("_period_start").first(), pl.col("_start_known").first())
            .join(first_place, on="CHILD", how="left")
            .join(carer, on="CHILD", how="left")
            .join(order, on="CHILD", how="left")
        )
        if ad1 is not None:
            base = base.join(ad1, on="CHILD", how="left")
        else:
            base = base.with_columns(
                pl.lit(None, pl.Date).alias("DATE_MATCH"), pl.lit(None, pl.Utf8).alias("FOSTER_CARE")
            )
        return base, f"adoptions {window_start:%d/%m/%Y}-{end:%d/%m/%Y}"

    @cached_property
    def care_leavers(self) -> pl.DataFrame | None:
        oc3 = self.tables.get("oc3")
        if oc3 is None:
            return None
        return oc3.filter(
            age_reached_in_year(pl.col("DOB"), self.year).is_in(list(self.p.care_leaver_ages))
            & ~pl.col("IN_TOUCH").is_in(sorted(self.p.care_leaver_excluded_in_touch))
        )


# ---- hand-made inputs for the cases -------------------------------------------------------------------------

_EP = {
    "CHILD": pl.Utf8,
    "DECOM": pl.Date,
    "RNE": pl.Utf8,
    "LS": pl.Utf8,
    "PLACE": pl.Utf8,
    "DEC": pl.Date,
    "REC": pl.Utf8,
}


def episodes(*rows: tuple[str, date, str, str, str, date | None, str | None]) -> pl.DataFrame:
    return pl.DataFrame([dict(zip(_EP, r, strict=True)) for r in rows], schema=_EP, orient="row")


def header(*rows: tuple[str, date]) -> pl.DataFrame:
    return pl.DataFrame([{"CHILD": c, "DOB": d} for c, d in rows], schema={"CHILD": pl.Utf8, "DOB": pl.Date})


def _inputs(
    tables: dict[str, pl.DataFrame], history: list[dict[str, pl.DataFrame]] | None = None, pop: int = 10_000
) -> ClaInputs:
    return ClaInputs(tables, history or [], 2025, Params(), pop)


def _counts_case() -> ClaInputs:
    return _inputs(
        {
            "episodes": episodes(
                ("a", D(2024, 5, 1), "S", "C2", "U1", None, None),  # started, open at 31 March
                ("b", D(2023, 1, 1), "S", "C2", "U1", D(2024, 6, 1), "E13"),  # ceased in the year
                ("c", D(2024, 7, 1), "S", "V3", "U1", None, None),  # short breaks: not counted
                ("d", D(2024, 8, 1), "S", "C2", "U1", D(2024, 9, 1), "X1"),  # X1: not a cessation of care
                ("d", D(2024, 9, 1), "P", "C2", "U4", None, None),
            )
        }
    )


def _stability_case() -> ClaInputs:
    return _inputs(
        {
            "episodes": episodes(
                # a: three placements in the year (start plus two moves)
                ("a", D(2024, 4, 10), "S", "C2", "U1", D(2024, 6, 1), "X1"),
                ("a", D(2024, 6, 1), "P", "C2", "U4", D(2024, 9, 1), "X1"),
                ("a", D(2024, 9, 1), "P", "C2", "U6", None, None),
                # b: placed before the year, one move (two placements); a temporary placement does not count
                ("b", D(2023, 1, 1), "S", "C2", "U1", D(2024, 7, 1), "X1"),
                ("b", D(2024, 7, 1), "P", "C2", "T1", D(2024, 7, 5), "X1"),
                ("b", D(2024, 7, 5), "P", "C2", "U4", None, None),
                # c: looked after since 2021, same carer since 2022 (a change of legal status only)
                ("c", D(2021, 1, 1), "S", "C2", "U1", D(2022, 1, 1), "X1"),
                ("c", D(2022, 1, 1), "P", "C2", "U4", D(2022, 6, 1), "X1"),
                ("c", D(2022, 6, 1), "L", "E1", "U4", None, None),
                # d: looked after since 2021, moved in 2024
                ("d", D(2021, 3, 1), "S", "C2", "U1", D(2024, 1, 1), "X1"),
                ("d", D(2024, 1, 1), "P", "C2", "U4", None, None),
            ),
            "header": header(
                ("a", D(2015, 1, 1)), ("b", D(2012, 1, 1)), ("c", D(2012, 1, 1)), ("d", D(2010, 1, 1))
            ),
        }
    )


def _reviews_case() -> ClaInputs:
    reviews = pl.DataFrame(
        [
            {"CHILD": "a", "REVIEW": D(2024, 5, 24)},  # 20th working day after 25 April (on time)
            {"CHILD": "a", "REVIEW": D(2024, 9, 1)},  # second review more than 3 months later: late
            {"CHILD": "b", "REVIEW": D(2024, 6, 3)},  # first review 21 working days after 1 May: late
        ],
        schema={"CHILD": pl.Utf8, "REVIEW": pl.Date},
    )
    return _inputs(
        {
            "episodes": episodes(
                ("a", D(2024, 4, 25), "S", "C2", "U1", None, None),
                ("b", D(2024, 5, 1), "S", "C2", "U1", None, None),
            ),
            "reviews": reviews,
        }
    )


def _missing_case() -> ClaInputs:
    missing = pl.DataFrame(
        [
            {"CHILD": "a", "MISSING": "M", "MIS_START": D(2024, 5, 1)},
            {"CHILD": "a", "MISSING": "M", "MIS_START": D(2024, 6, 1)},
            {"CHILD": "b", "MISSING": "A", "MIS_START": D(2024, 7, 1)},
            {"CHILD": "b", "MISSING": "M", "MIS_START": D(2023, 7, 1)},  # last year's: not counted
        ],
        schema={"CHILD": pl.Utf8, "MISSING": pl.Utf8, "MIS_START": pl.Date},
    )
    return _inputs(
        {
            "episodes": episodes(
                ("a", D(2024, 4, 25), "S", "C2", "U1", None, None),
                ("b", D(2022, 5, 1), "S", "C2", "U1", None, None),
                ("c", D(2024, 5, 1), "S", "C2", "U1", D(2024, 12, 1), "E13"),
                ("d", D(2024, 5, 1), "S", "C2", "U1", D(2024, 12, 1), "E13"),
            ),
            "missing": missing,
        }
    )


def _adoption_case() -> ClaInputs:
    ad1 = pl.DataFrame(
        [{"CHILD": "a", "DATE_MATCH": D(2023, 10, 1), "FOSTER_CARE": "0"}],
        schema={"CHILD": pl.Utf8, "DATE_MATCH": pl.Date, "FOSTER_CARE": pl.Utf8},
    )
    return _inputs(
        {
            "episodes": episodes(
                ("a", D(2023, 1, 1), "S", "C2", "U1", D(2023, 6, 1), "X1"),
                ("a", D(2023, 6, 1), "L", "E1", "U1", D(2023, 11, 1), "X1"),  # placement order 1 June 2023
                ("a", D(2023, 11, 1), "P", "E1", "A3", D(2024, 6, 1), "E11"),  # placed; adopted in the year
            ),
            "ad1": ad1,
        }
    )


def _leavers_case() -> ClaInputs:
    oc3 = pl.DataFrame(
        [
            {
                "CHILD": "a",
                "DOB": D(2005, 6, 1),
                "IN_TOUCH": "YES",
                "ACTIV": "F2",
                "ACCOM": "T1",
            },  # 19, EET, suitable
            {
                "CHILD": "b",
                "DOB": D(2004, 6, 1),
                "IN_TOUCH": "YES",
                "ACTIV": "G4",
                "ACCOM": "T2",
            },  # 20, neither
            {
                "CHILD": "c",
                "DOB": D(2005, 6, 1),
                "IN_TOUCH": "DIED",
                "ACTIV": None,
                "ACCOM": None,
            },  # left out
            {
                "CHILD": "d",
                "DOB": D(2007, 6, 1),
                "IN_TOUCH": "YES",
                "ACTIV": "F1",
                "ACCOM": "T1",
            },  # 17: not asked
        ],
        schema={"CHILD": pl.Utf8, "DOB": pl.Date, "IN_TOUCH": pl.Utf8, "ACTIV": pl.Utf8, "ACCOM": pl.Utf8},
    )
    return _inputs({"episodes": episodes(), "oc3": oc3})


# ---- the indicators -----------------------------------------------------------------------------------------


def _v(
    inp: ClaInputs, vid: str, v: float | None, num: float | None, den: float | None, note: str | None = None
) -> Value:
    return Value(vid, inp.year, v, num, den, note)


@indicator(
    "returns_cla_31mar", "cla", (Case("open at 31 March, short breaks left out", _counts_case, 2, 2, None),)
)
def cla_31mar(inp: ClaInputs) -> Value:
    n = inp.at31.height
    return _v(inp, "returns_cla_31mar", n, n, None)


@indicator("returns_cla_rate_31mar", "cla", (Case("per 10,000 children", _counts_case, 2.0, 2, 10_000),))
def cla_rate(inp: ClaInputs) -> Value:
    n = inp.at31.height
    return _v(inp, "returns_cla_rate_31mar", rate(n, inp.population), n, inp.population)


@indicator(
    "returns_cla_starts", "cla", (Case("periods of care started in the year", _counts_case, 2, 2, None),)
)
def cla_starts(inp: ClaInputs) -> Value:
    start, end = inp.bounds
    n = inp.counted.filter((pl.col("RNE") == "S") & within("DECOM", start, end))["CHILD"].n_unique()
    return _v(inp, "returns_cla_starts", n, n, None)


@indicator(
    "returns_cla_ceased",
    "cla",
    (Case("ceased in the year (X1 is not a cessation)", _counts_case, 1, 1, None),),
)
def cla_ceased(inp: ClaInputs) -> Value:
    start, end = inp.bounds
    n = inp.counted.filter(within("DEC", start, end) & pl.col("REC").is_not_null() & (pl.col("REC") != "X1"))[
        "CHILD"
    ].n_unique()
    return _v(inp, "returns_cla_ceased", n, n, None)


@indicator(
    "returns_placement_3plus_pct",
    "cla",
    (Case("three or more placements; temporary ones not counted", _stability_case, 25.0, 1, 4),),
)
def placement_3plus(inp: ClaInputs) -> Value:
    p = inp.p
    start, end = inp.bounds
    moves = sorted({"S"} | set(p.placement_move_rne))
    eps = inp.counted.filter(pl.col("CHILD").is_in(inp.at31["CHILD"].implode()))
    if not p.count_temporary_placements:
        eps = eps.filter(~pl.col("PLACE").is_in(sorted(codes.TEMPORARY_PLACE)))
    placements = eps.group_by("CHILD").agg(
        (
            ((pl.col("DECOM") < start) & (pl.col("DEC").is_null() | (pl.col("DEC") >= start)))
            .any()
            .cast(pl.Int32)
            + (within("DECOM", start, end) & pl.col("RNE").is_in(moves)).sum()
        ).alias("n")
    )
    n3, n31 = placements.filter(pl.col("n") >= 3).height, inp.at31.height
    return _v(inp, "returns_placement_3plus_pct", pct(n3, n31), n3, n31)


@indicator(
    "returns_placement_long_term_pct",
    "cla",
    (Case("under 16, looked after 2.5 years, same carer 2 years", _stability_case, 50.0, 1, 2),),
)
def placement_long_term(inp: ClaInputs) -> Value:
    p = inp.p
    _start, end = inp.bounds
    header = inp.tables.get("header")
    if header is None:
        return _v(
            inp, "returns_placement_long_term_pct", None, None, None, "no Header table (dates of birth)"
        )
    threshold = pl.lit(end).dt.offset_by(f"-{p.long_term_months}mo")
    carer_threshold = pl.lit(end).dt.offset_by(f"-{p.long_term_same_carer_years}y")
    rows = inp.eps.join(inp.at31.select("CHILD", pl.col("_period").alias("_p31")), on="CHILD").filter(
        pl.col("_period") == pl.col("_p31")
    )
    per_child = rows.group_by("CHILD").agg(
        pl.col("_period_start").first(),
        pl.col("DECOM").filter(pl.col("_carer_break")).max().alias("_carer_start"),
    )
    lt = per_child.filter(pl.col("_period_start") <= threshold)
    under = header.filter(pl.col("DOB") > pl.lit(end).dt.offset_by(f"-{p.long_term_max_age}y"))
    lt = lt.join(under.select("CHILD"), on="CHILD", how="semi")
    n_lt, n_same = lt.height, lt.filter(pl.col("_carer_start") <= carer_threshold).height
    return _v(inp, "returns_placement_long_term_pct", pct(n_same, n_lt), n_same, n_lt)


@indicator(
    "returns_cla_reviews_on_time_pct",
    "cla",
    (Case("first within 20 working days, second within 3 months", _reviews_case, 33.3, 1, 3),),
)
def reviews_on_time(inp: ClaInputs) -> Value:
    p = inp.p
    start, end = inp.bounds
    frames = [t.get("reviews") for t in [inp.tables, *inp.history]]
    avail = [(i, f) for i, f in enumerate(frames) if f is not None]
    if not avail:
        return _v(inp, "returns_cla_reviews_on_time_pct", None, None, None, "no Reviews table")
    coverage_start = year_bounds(inp.year - max(i for i, _ in avail))[0]
    reviews = pl.concat([f.select("CHILD", "REVIEW") for _, f in avail]).unique()
    periods = inp.eps.group_by("CHILD", "_period").agg(
        pl.col("_period_start").first(),
        pl.col("DECOM").max().alias("_last_start"),
        pl.col("DEC").sort_by("DECOM").last().alias("_period_end"),
    )
    r = (
        reviews.join(periods, on="CHILD")
        .filter(
            (pl.col("REVIEW") >= pl.col("_period_start"))
            & (pl.col("_period_end").is_null() | (pl.col("REVIEW") <= pl.col("_period_end")))
        )
        .sort("CHILD", "_period", "REVIEW")
        .with_columns(
            pl.col("REVIEW").shift(1).over("CHILD", "_period").alias("_prev"),
            pl.col("REVIEW").cum_count().over("CHILD", "_period").alias("_n"),
        )
    )
    # first review: within 20 working days of the start of the period of care
    first_ok = working_days_between(r["_period_start"], r["REVIEW"]) <= p.first_review_working_days
    r = r.with_columns(first_ok.alias("_first_ok"))
    observed_from_start = pl.col("_period_start") >= coverage_start
    long_before = pl.col("_period_start") < pl.lit(coverage_start).dt.offset_by("-9mo")
    second_due = pl.col("_prev").dt.offset_by(f"{p.second_review_months}mo")
    later_due = pl.col("_prev").dt.offset_by(f"{p.subsequent_review_months}mo")
    r = r.with_columns(
        pl.when(observed_from_start & (pl.col("_n") == 1))
        .then(pl.col("_first_ok"))
        .when(observed_from_start & (pl.col("_n") == 2))
        .then(pl.col("REVIEW") <= second_due)
        .when(observed_from_start | (long_before & (pl.col("_n") >= 2)))
        .then(pl.col("REVIEW") <= later_due)
        .otherwise(None)
        .alias("_on_time")
    )
    in_year = r.filter(within("REVIEW", start, end))
    classified = in_year.filter(pl.col("_on_time").is_not_null())
    n_ok = int(classified["_on_time"].sum())
    unclassified = in_year.height - classified.height
    note = (
        f"{unclassified} reviews whose timescale cannot be determined from the returns held"
        if unclassified
        else None
    )
    return _v(
        inp, "returns_cla_reviews_on_time_pct", pct(n_ok, classified.height), n_ok, classified.height, note
    )


def _missing(inp: ClaInputs, code: str, label: str, what: str) -> Value:
    vid = f"returns_{label}_{what}"
    found = inp.missing_in_year
    if found is None:
        return _v(inp, vid, None, None, None, "no Missing table")
    m, during = found
    sub = m.filter(pl.col("MISSING") == code)
    if what == "episodes":
        return _v(inp, vid, sub.height, sub.height, None)
    n = sub["CHILD"].n_unique()
    return _v(inp, vid, n, n, None) if what == "children" else _v(inp, vid, pct(n, during), n, during)


@indicator(
    "returns_missing_episodes", "cla", (Case("episodes starting in the year", _missing_case, 2, 2, None),)
)
def missing_episodes(inp: ClaInputs) -> Value:
    return _missing(inp, "M", "missing", "episodes")


@indicator(
    "returns_missing_children", "cla", (Case("children missing in the year", _missing_case, 1, 1, None),)
)
def missing_children(inp: ClaInputs) -> Value:
    return _missing(inp, "M", "missing", "children")


@indicator(
    "returns_missing_children_pct",
    "cla",
    (Case("of children looked after during the year", _missing_case, 25.0, 1, 4),),
)
def missing_children_pct(inp: ClaInputs) -> Value:
    return _missing(inp, "M", "missing", "children_pct")


@indicator("returns_away_episodes", "cla", (Case("away episodes in the year", _missing_case, 1, 1, None),))
def away_episodes(inp: ClaInputs) -> Value:
    return _missing(inp, "A", "away", "episodes")


@indicator("returns_away_children", "cla", (Case("children away in the year", _missing_case, 1, 1, None),))
def away_children(inp: ClaInputs) -> Value:
    return _missing(inp, "A", "away", "children")


@indicator("returns_away_children_pct", "cla", (Case("of children looked after", _missing_case, 25.0, 1, 4),))
def away_children_pct(inp: ClaInputs) -> Value:
    return _missing(inp, "A", "away", "children_pct")


def _mean_days(inp: ClaInputs, vid: str, s: pl.Series, label: str) -> Value:
    total = float(s.sum()) if s.len() else 0.0
    return _v(inp, vid, round(total / s.len(), 1) if s.len() else None, total, float(s.len()), label)


@indicator(
    "returns_adoption_a1_days",
    "cla",
    (Case("entering care to placed for adoption (304 days)", _adoption_case, 304.0, 304.0, 1.0),),
)
def adoption_a1(inp: ClaInputs) -> Value:
    base, label = inp.adoptions  # type: ignore[misc]
    known = base.filter(pl.col("_start_known") & pl.col("_placed").is_not_null())
    days = known.select((pl.col("_placed") - pl.col("_period_start")).dt.total_days().alias("d"))["d"]
    return _mean_days(inp, "returns_adoption_a1_days", days, label)


@indicator(
    "returns_adoption_a2_days",
    "cla",
    (Case("placement order to match (122 days)", _adoption_case, 122.0, 122.0, 1.0),),
)
def adoption_a2(inp: ClaInputs) -> Value:
    base, label = inp.adoptions  # type: ignore[misc]
    src = base.filter(pl.col("_order").is_not_null() & pl.col("DATE_MATCH").is_not_null())
    days = src.select(
        (pl.col("DATE_MATCH") - pl.col("_order")).dt.total_days().clip(lower_bound=0).alias("d")
    )["d"]
    return _mean_days(inp, "returns_adoption_a2_days", days, label)


@indicator(
    "returns_adoption_a10_days",
    "cla",
    (Case("entering care to moving in with the adopters (304 days)", _adoption_case, 304.0, 304.0, 1.0),),
)
def adoption_a10(inp: ClaInputs) -> Value:
    base, label = inp.adoptions  # type: ignore[misc]
    known = base.filter(pl.col("_start_known") & pl.col("_placed").is_not_null())
    moved_in = pl.when(pl.col("FOSTER_CARE") == "1").then(pl.col("_carer_start")).otherwise(pl.col("_placed"))
    days = known.select((moved_in - pl.col("_period_start")).dt.total_days().alias("d"))["d"]
    return _mean_days(inp, "returns_adoption_a10_days", days, label)


@indicator(
    "returns_care_leavers_suitable_pct",
    "cla",
    (Case("aged 19-21, those who died left out", _leavers_case, 50.0, 1, 2),),
)
def care_leavers_suitable(inp: ClaInputs) -> Value:
    c = inp.care_leavers
    if c is None:
        return _v(inp, "returns_care_leavers_suitable_pct", None, None, None, "no OC3 table")
    n_suit = c.filter(pl.col("ACCOM").fill_null("").str.ends_with("1")).height
    return _v(inp, "returns_care_leavers_suitable_pct", pct(n_suit, c.height), n_suit, c.height)


@indicator(
    "returns_care_leavers_eet_pct",
    "cla",
    (Case("in education, employment or training", _leavers_case, 50.0, 1, 2),),
)
def care_leavers_eet(inp: ClaInputs) -> Value:
    c = inp.care_leavers
    if c is None:
        return _v(inp, "returns_care_leavers_eet_pct", None, None, None, "no OC3 table")
    n_eet = c.filter(pl.col("ACTIV").is_in(sorted(codes.ACTIV_EET))).height
    return _v(inp, "returns_care_leavers_eet_pct", pct(n_eet, c.height), n_eet, c.height)
