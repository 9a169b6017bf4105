"""The indicators computed from a council's returns: pure functions over Polars tables (no I/O).

Each function takes the tables of one council and returns ``Value`` rows. Definitions are written in
docs/indicators.md and the catalogue (``indicators/catalogue/returns.yaml``); where DfE's definition is
uncertain the chosen reading is a field of ``Params`` so another reading can be computed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from csinspect.returns.workdays import working_days_between
from csinspect.sources.returns import codes
from csinspect.sources.returns.ssda903 import year_bounds


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


def _pct(num: int, den: int) -> float | None:
    return round(100.0 * num / den, 1) if den else None


def _rate(num: int, pop: int | None) -> float | None:
    return round(10000.0 * num / pop, 1) if pop else None


def _in(col: str, start: date, end: date) -> pl.Expr:
    return pl.col(col).is_between(start, end, closed="both")


# --------------------------------------------------------------------------------------- CIN census


def cin_values(
    cur: dict[str, pl.DataFrame],
    prev: dict[str, pl.DataFrame] | None,
    year: int,
    p: Params,
    population: int | None,
) -> list[Value]:
    start, end = year_bounds(year)
    out: list[Value] = []
    details = cur["cin_details"]
    hist = pl.concat(
        [details.select("LAchildID", "CINreferralDate")]
        + (
            [prev["cin_details"].select("LAchildID", "CINreferralDate")]
            if prev and "cin_details" in prev
            else []
        )
    ).unique()
    refs = (
        hist.sort("LAchildID", "CINreferralDate")
        .with_columns(pl.col("CINreferralDate").shift(1).over("LAchildID").alias("_prev"))
        .filter(_in("CINreferralDate", start, end))
        .with_columns(
            (
                pl.col("_prev").is_not_null()
                & (
                    pl.col("_prev")
                    >= pl.col("CINreferralDate").dt.offset_by(f"-{p.rereferral_window_months}mo")
                )
            ).alias("_re")
        )
    )
    n_ref = refs.height
    n_re = int(refs["_re"].sum())
    out.append(Value("returns_referrals", year, n_ref, n_ref))
    out.append(Value("returns_referrals_rate", year, _rate(n_ref, population), n_ref, population))
    out.append(Value("returns_rereferrals_pct", year, _pct(n_re, n_ref), n_re, n_ref))

    cin_open = details.filter(
        (pl.col("CINreferralDate") <= end)
        & (pl.col("CINclosureDate").is_null() | (pl.col("CINclosureDate") > end))
    )["LAchildID"].n_unique()
    out.append(Value("returns_cin_rate_31mar", year, _rate(cin_open, population), cin_open, population))

    a = cur["assessments"].filter(_in("AssessmentAuthorisationDate", start, end))
    wd = working_days_between(a["AssessmentActualStartDate"], a["AssessmentAuthorisationDate"])
    n_a = a.height
    n_45 = int((wd <= p.assessment_limit_working_days).sum())
    out.append(Value("returns_assessments_completed", year, n_a, n_a))
    out.append(Value("returns_assessments_45wd_pct", year, _pct(n_45, n_a), n_45, n_a))

    s47 = cur["s47"]
    n_s47 = s47.filter(_in("S47ActualStartDate", start, end)).height
    out.append(Value("returns_s47_enquiries", year, n_s47, n_s47))
    out.append(Value("returns_s47_rate", year, _rate(n_s47, population), n_s47, population))
    icpc = s47.filter(_in("DateOfInitialCPC", start, end))
    wd_icpc = working_days_between(icpc["S47ActualStartDate"], icpc["DateOfInitialCPC"])
    n_icpc = icpc.height
    n_15 = int((wd_icpc <= p.icpc_limit_working_days).sum())
    out.append(Value("returns_icpc_15wd_pct", year, _pct(n_15, n_icpc), n_15, n_icpc))

    cpp = cur["cpp"]
    starts = cpp.filter(_in("CPPstartDate", start, end))
    n_starts = starts.height
    out.append(Value("returns_cpp_starts", year, n_starts, n_starts))
    on_plan = cpp.filter(
        (pl.col("CPPstartDate") <= end) & (pl.col("CPPendDate").is_null() | (pl.col("CPPendDate") > end))
    )["LAchildID"].n_unique()
    out.append(Value("returns_cpp_rate_31mar", year, _rate(on_plan, population), on_plan, population))
    if p.repeat_plan_basis == "history":
        all_plans = pl.concat(
            [cpp.select("LAchildID", "CPPstartDate")]
            + ([prev["cpp"].select("LAchildID", "CPPstartDate")] if prev and "cpp" in prev else [])
        ).unique()
        earlier = starts.join(all_plans.rename({"CPPstartDate": "_s"}), on="LAchildID").filter(
            pl.col("_s") < pl.col("CPPstartDate")
        )
        n_rep = earlier.select("LAchildID", "CPPstartDate").unique().height
    else:
        n_rep = int((starts["NumberOfPreviousCPP"].fill_null(0) > 0).sum())
    out.append(Value("returns_cpp_repeat_pct", year, _pct(n_rep, n_starts), n_rep, n_starts))
    ended = cpp.filter(_in("CPPendDate", start, end))
    n_long = ended.filter(
        pl.col("CPPendDate") >= pl.col("CPPstartDate").dt.offset_by(f"{p.cpp_long_years}y")
    ).height
    out.append(Value("returns_cpp_2yrs_pct", year, _pct(n_long, ended.height), n_long, ended.height))
    return out


# --------------------------------------------------------------------------------------- SSDA903


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


def _at_31_march(eps: pl.DataFrame, end: date, p: Params) -> pl.DataFrame:
    open_ = eps.filter((pl.col("DECOM") <= end) & (pl.col("DEC").is_null() | (pl.col("DEC") > end)))
    open_ = open_.sort("DECOM").unique("CHILD", keep="last")
    if p.exclude_short_breaks:
        open_ = open_.filter(~pl.col("LS").is_in(sorted(codes.SHORT_BREAK_LS)))
    return open_


def cla_values(
    tables: dict[str, pl.DataFrame],
    history: list[dict[str, pl.DataFrame]],
    year: int,
    p: Params,
    population: int | None,
) -> list[Value]:
    """``tables``: this year's 903 tables; ``history``: earlier years' tables, newest first (the
    previous-year files of this load, then stored earlier years)."""
    start, end = year_bounds(year)
    out: list[Value] = []
    eps_all = combine_episodes([tables.get("episodes")] + [h.get("episodes") for h in history])
    eps = with_periods(eps_all, p)
    sb = sorted(codes.SHORT_BREAK_LS)
    counted = eps.filter(~pl.col("LS").is_in(sb)) if p.exclude_short_breaks else eps

    at31 = _at_31_march(eps, end, p)
    n31 = at31.height
    out.append(Value("returns_cla_31mar", year, n31, n31))
    out.append(Value("returns_cla_rate_31mar", year, _rate(n31, population), n31, population))
    n_start = counted.filter((pl.col("RNE") == "S") & _in("DECOM", start, end))["CHILD"].n_unique()
    n_ceased = counted.filter(_in("DEC", start, end) & pl.col("REC").is_not_null() & (pl.col("REC") != "X1"))[
        "CHILD"
    ].n_unique()
    out.append(Value("returns_cla_starts", year, n_start, n_start))
    out.append(Value("returns_cla_ceased", year, n_ceased, n_ceased))

    # placement stability: 3 or more placements during the year
    moves = sorted({"S"} | set(p.placement_move_rne))
    counts_eps = counted.filter(pl.col("CHILD").is_in(at31["CHILD"].implode()))
    if not p.count_temporary_placements:
        counts_eps = counts_eps.filter(~pl.col("PLACE").is_in(sorted(codes.TEMPORARY_PLACE)))
    placements = counts_eps.group_by("CHILD").agg(
        (
            ((pl.col("DECOM") < start) & (pl.col("DEC").is_null() | (pl.col("DEC") >= start)))
            .any()
            .cast(pl.Int32)
            + (_in("DECOM", start, end) & pl.col("RNE").is_in(moves)).sum()
        ).alias("n")
    )
    n3 = placements.filter(pl.col("n") >= 3).height
    out.append(Value("returns_placement_3plus_pct", year, _pct(n3, n31), n3, n31))

    # long-term stability: under 16s looked after 2.5+ years, same carer 2+ years
    header = tables.get("header")
    threshold = pl.lit(end).dt.offset_by(f"-{p.long_term_months}mo")
    carer_threshold = pl.lit(end).dt.offset_by(f"-{p.long_term_same_carer_years}y")
    period_rows = eps.join(at31.select("CHILD", pl.col("_period").alias("_p31")), on="CHILD").filter(
        pl.col("_period") == pl.col("_p31")
    )
    per_child = period_rows.group_by("CHILD").agg(
        pl.col("_period_start").first(),
        pl.col("_start_known").first(),
        pl.col("DECOM").filter(pl.col("_carer_break")).max().alias("_carer_start"),
    )
    lt = per_child.with_columns((pl.col("_period_start") <= threshold).alias("_long"))
    lt = lt.filter(pl.col("_long"))
    if header is not None:
        dob = header.select("CHILD", "DOB")
        under = dob.filter(pl.col("DOB") > pl.lit(end).dt.offset_by(f"-{p.long_term_max_age}y"))
        lt = lt.join(under.select("CHILD"), on="CHILD", how="semi")
        n_lt = lt.height
        n_same = lt.filter(pl.col("_carer_start") <= carer_threshold).height
        out.append(Value("returns_placement_long_term_pct", year, _pct(n_same, n_lt), n_same, n_lt))
    else:
        out.append(
            Value("returns_placement_long_term_pct", year, None, note="no Header table (dates of birth)")
        )

    out.extend(_review_values(tables, history, eps, year, p))
    out.extend(_missing_values(tables, counted, year))
    out.extend(_adoption_values(tables, history, eps, year, p))
    out.extend(_care_leaver_values(tables, year, p))
    return out


def _review_values(
    tables: dict[str, pl.DataFrame],
    history: list[dict[str, pl.DataFrame]],
    eps: pl.DataFrame,
    year: int,
    p: Params,
) -> list[Value]:
    start, end = year_bounds(year)
    frames = [t.get("reviews") for t in [tables, *history]]
    avail = [(i, f) for i, f in enumerate(frames) if f is not None]
    if not avail:
        return [Value("returns_cla_reviews_on_time_pct", year, None, note="no Reviews table")]
    coverage_start = year_bounds(year - max(i for i, _ in avail))[0]
    reviews = pl.concat([f.select("CHILD", "REVIEW") for _, f in avail]).unique()
    periods = eps.group_by("CHILD", "_period").agg(
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
    wd_due = r["_period_start"]
    # first review: within 20 working days of the start of the period of care
    first_ok = working_days_between(wd_due, r["REVIEW"]) <= p.first_review_working_days
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
    in_year = r.filter(_in("REVIEW", start, end))
    classified = in_year.filter(pl.col("_on_time").is_not_null())
    n_ok = int(classified["_on_time"].sum())
    unclassified = in_year.height - classified.height
    note = (
        f"{unclassified} reviews whose timescale cannot be determined from the returns held"
        if unclassified
        else None
    )
    return [
        Value(
            "returns_cla_reviews_on_time_pct",
            year,
            _pct(n_ok, classified.height),
            n_ok,
            classified.height,
            note,
        )
    ]


def _missing_values(tables: dict[str, pl.DataFrame], counted_eps: pl.DataFrame, year: int) -> list[Value]:
    start, end = year_bounds(year)
    miss = tables.get("missing")
    if miss is None:
        return [Value("returns_missing_children", year, None, note="no Missing table")]
    m = miss.filter(_in("MIS_START", start, end))
    during = counted_eps.filter(
        (pl.col("DECOM") <= end) & (pl.col("DEC").is_null() | (pl.col("DEC") >= start))
    )["CHILD"].n_unique()
    out = []
    for code, label in (("M", "missing"), ("A", "away")):
        sub = m.filter(pl.col("MISSING") == code)
        n_children = sub["CHILD"].n_unique()
        out.append(Value(f"returns_{label}_episodes", year, sub.height, sub.height))
        out.append(Value(f"returns_{label}_children", year, n_children, n_children))
        out.append(Value(f"returns_{label}_children_pct", year, _pct(n_children, during), n_children, during))
    return out


def _adoption_values(
    tables: dict[str, pl.DataFrame],
    history: list[dict[str, pl.DataFrame]],
    eps: pl.DataFrame,
    year: int,
    p: Params,
) -> list[Value]:
    first_year = year - p.adoption_window_years + 1
    years_held = [year] + [year - 1 - i for i, h in enumerate(history) if h.get("episodes") is not None]
    window_start = year_bounds(max(first_year, min(years_held)))[0]
    _, end = year_bounds(year)
    adopted = eps.filter(pl.col("REC").is_in(sorted(codes.ADOPTED_REC)) & _in("DEC", window_start, end))
    ad1 = (
        pl.concat(
            [
                t["ad1"].select("CHILD", "DATE_MATCH", "FOSTER_CARE")
                for t in [tables, *history]
                if t.get("ad1") is not None
            ]
        ).unique("CHILD", keep="first")
        if any(t.get("ad1") is not None for t in [tables, *history])
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
    known = base.filter(pl.col("_start_known") & pl.col("_placed").is_not_null())
    a1 = known.select((pl.col("_placed") - pl.col("_period_start")).dt.total_days().alias("d"))["d"]
    moved_in = pl.when(pl.col("FOSTER_CARE") == "1").then(pl.col("_carer_start")).otherwise(pl.col("_placed"))
    a10 = known.select((moved_in - pl.col("_period_start")).dt.total_days().alias("d"))["d"]
    a2src = base.filter(pl.col("_order").is_not_null() & pl.col("DATE_MATCH").is_not_null())
    a2 = a2src.select(
        (pl.col("DATE_MATCH") - pl.col("_order")).dt.total_days().clip(lower_bound=0).alias("d")
    )["d"]
    label = f"adoptions {window_start:%d/%m/%Y}-{end:%d/%m/%Y}"

    def mean(s: pl.Series, vid: str) -> Value:
        total = float(s.sum()) if s.len() else 0.0
        val = round(total / s.len(), 1) if s.len() else None
        return Value(vid, year, val, total, float(s.len()), label)

    return [
        mean(a1, "returns_adoption_a1_days"),
        mean(a2, "returns_adoption_a2_days"),
        mean(a10, "returns_adoption_a10_days"),
    ]


def age_reached_in_year(dob: pl.Expr, year: int) -> pl.Expr:
    """The age a young person reaches on their birthday within collection year ``year``."""
    return pl.when(dob.dt.month() >= 4).then(year - 1 - dob.dt.year()).otherwise(year - dob.dt.year())


def _care_leaver_values(tables: dict[str, pl.DataFrame], year: int, p: Params) -> list[Value]:
    oc3 = tables.get("oc3")
    if oc3 is None:
        return [Value("returns_care_leavers_suitable_pct", year, None, note="no OC3 table")]
    c = oc3.filter(
        age_reached_in_year(pl.col("DOB"), year).is_in(list(p.care_leaver_ages))
        & ~pl.col("IN_TOUCH").is_in(sorted(p.care_leaver_excluded_in_touch))
    )
    n = c.height
    n_suit = c.filter(pl.col("ACCOM").fill_null("").str.ends_with("1")).height
    n_eet = c.filter(pl.col("ACTIV").is_in(sorted(codes.ACTIV_EET))).height
    return [
        Value("returns_care_leavers_suitable_pct", year, _pct(n_suit, n), n_suit, n),
        Value("returns_care_leavers_eet_pct", year, _pct(n_eet, n), n_eet, n),
    ]


# --------------------------------------------------------------------------------------- Annex A


def annex_values(lists: dict[str, pl.DataFrame], year: int) -> list[Value]:
    out: list[Value] = []
    if (l1 := lists.get("list_1")) is not None:
        out.append(
            Value("returns_aa_contacts", year, l1.height, l1.height, note=_span(l1, "date_of_contact"))
        )
    if (l2 := lists.get("list_2")) is not None:
        out.append(
            Value(
                "returns_aa_early_help", year, l2.height, l2.height, note=_span(l2, "assessment_start_date")
            )
        )
    if (l8 := lists.get("list_8")) is not None and "missing_episodes_12m" in l8.columns:
        went = l8.filter(pl.col("missing_episodes_12m").fill_null(0) > 0)
        offered = went.filter(pl.col("rhi_offered") == "Yes").height if "rhi_offered" in went.columns else 0
        accepted = (
            went.filter((pl.col("rhi_offered") == "Yes") & (pl.col("rhi_accepted") == "Yes")).height
            if "rhi_accepted" in went.columns
            else 0
        )
        out.append(
            Value("returns_aa_rhi_offered_pct", year, _pct(offered, went.height), offered, went.height)
        )
        out.append(Value("returns_aa_rhi_accepted_pct", year, _pct(accepted, offered), accepted, offered))
    return out


def _span(df: pl.DataFrame, col: str) -> str | None:
    if col not in df.columns or not df.height:
        return None
    lo, hi = df[col].min(), df[col].max()
    return f"{lo:%d/%m/%Y}-{hi:%d/%m/%Y}" if isinstance(lo, date) and isinstance(hi, date) else None
