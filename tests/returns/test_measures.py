"""Small hand-made cases pinning each indicator rule (pure functions over tables; no files)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from csinspect.returns.indicators import Params, annex_values, cin_values, cla_values
from csinspect.returns.workdays import working_days

D = date


def by_id(values):
    return {v.indicator_id: v for v in values}


# ------------------------------------------------------------------ working days


def test_working_days_skip_weekends_and_england_bank_holidays():
    assert working_days(D(2024, 5, 3), D(2024, 5, 3)) == 0  # same day
    assert working_days(D(2024, 5, 3), D(2024, 5, 7)) == 1  # Fri -> Tue over the early May bank holiday
    assert working_days(D(2024, 12, 20), D(2024, 12, 27)) == 3  # Christmas and Boxing Day
    assert working_days(D(2024, 3, 28), D(2024, 4, 2)) == 1  # Good Friday and Easter Monday
    assert working_days(D(2023, 5, 5), D(2023, 5, 9)) == 1  # 8 May 2023: the coronation bank holiday


# ------------------------------------------------------------------ CIN census


def cin_tables(details=(), assessments=(), s47=(), cpp=()):
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


def test_rereferral_window_is_12_months_inclusive_and_uses_previous_census():
    cur = cin_tables(
        details=[
            ("a", D(2024, 6, 15), None),
            ("b", D(2024, 6, 15), None),
            ("c", D(2024, 9, 1), None),
            ("c", D(2024, 5, 1), D(2024, 5, 1)),
        ]
    )
    prev = cin_tables(details=[("a", D(2023, 6, 15), D(2023, 7, 1)), ("b", D(2023, 6, 14), D(2023, 7, 1))])
    v = by_id(cin_values(cur, prev, 2025, Params(), 10000))
    # a: exactly 12 months earlier -> re-referral; b: one day more -> not; c: earlier referral this year -> yes
    assert v["returns_referrals"].value == 4
    assert v["returns_rereferrals_pct"].numerator == 2
    without_prev = by_id(cin_values(cur, None, 2025, Params(), 10000))
    assert without_prev["returns_rereferrals_pct"].numerator == 1
    longer = by_id(cin_values(cur, prev, 2025, Params(rereferral_window_months=13), 10000))
    assert longer["returns_rereferrals_pct"].numerator == 3


def test_referral_year_boundaries():
    cur = cin_tables(
        details=[
            ("a", D(2024, 4, 1), None),
            ("b", D(2025, 3, 31), None),
            ("c", D(2024, 3, 31), None),
            ("d", D(2025, 4, 1), None),
        ]
    )
    v = by_id(cin_values(cur, None, 2025, Params(), 10000))
    assert v["returns_referrals"].value == 2
    assert v["returns_referrals_rate"].value == 2.0  # 2 per 10,000


def test_assessment_45_working_days_counts_bank_holidays():
    # start Thu 28/03/2024: the 45th working day after is 05/06/2024 (Good Friday, Easter Monday, 6 May, 27 May skipped)
    start = D(2024, 3, 28)
    assert working_days(start, D(2024, 6, 5)) == 45
    assert working_days(start, D(2024, 6, 3)) == 43
    cur = cin_tables(
        assessments=[(start, D(2024, 6, 5)), (start, D(2024, 6, 6)), (D(2024, 4, 2), D(2024, 4, 2))]
    )
    v = by_id(cin_values(cur, None, 2025, Params(), None))
    assert v["returns_assessments_completed"].value == 3
    assert v["returns_assessments_45wd_pct"].numerator == 2  # 45 and same-day in time, 46 not
    assert v["returns_referrals_rate"].value is None  # no population, no rate


def test_assessment_completed_only_when_authorised_in_year():
    cur = cin_tables(
        assessments=[(D(2025, 3, 1), None), (D(2025, 3, 1), D(2025, 4, 1)), (D(2024, 3, 1), D(2024, 3, 31))]
    )
    v = by_id(cin_values(cur, None, 2025, Params(), None))
    assert v["returns_assessments_completed"].value == 0
    assert v["returns_assessments_45wd_pct"].value is None


def test_icpc_within_15_working_days_of_s47_start():
    s = D(2024, 12, 13)  # Friday; 15 working days later skips Christmas, Boxing Day and New Year's Day
    assert working_days(s, D(2025, 1, 8)) == 15
    cur = cin_tables(s47=[(s, D(2025, 1, 8)), (s, D(2025, 1, 9)), (D(2024, 5, 1), None)])
    v = by_id(cin_values(cur, None, 2025, Params(), None))
    assert v["returns_s47_enquiries"].value == 3
    assert (v["returns_icpc_15wd_pct"].numerator, v["returns_icpc_15wd_pct"].denominator) == (1, 2)


def test_cpp_rate_repeat_and_two_year_rules():
    cur = cin_tables(
        cpp=[
            ("a", D(2024, 5, 1), None, 0),  # open at 31 March
            ("b", D(2024, 6, 1), D(2025, 3, 31), 2),  # ended on 31 March: not on a plan at 31 March; repeat
            ("c", D(2023, 3, 31), D(2025, 3, 31), 0),  # ended in year after exactly 2 years
            ("d", D(2023, 4, 1), D(2025, 3, 30), 0),  # one day short of 2 years
        ]
    )
    v = by_id(cin_values(cur, None, 2025, Params(), 10000))
    assert v["returns_cpp_starts"].value == 2
    assert v["returns_cpp_rate_31mar"].numerator == 1
    assert v["returns_cpp_repeat_pct"].value == 50.0
    assert (v["returns_cpp_2yrs_pct"].numerator, v["returns_cpp_2yrs_pct"].denominator) == (1, 3)


def test_repeat_plan_history_basis():
    cur = cin_tables(cpp=[("a", D(2024, 9, 1), None, 0), ("b", D(2024, 9, 1), None, 1)])
    prev = cin_tables(cpp=[("a", D(2023, 1, 1), D(2023, 6, 1), 0)])
    v = by_id(cin_values(cur, prev, 2025, Params(repeat_plan_basis="history"), None))
    assert v["returns_cpp_repeat_pct"].numerator == 1  # a (earlier plan held); b's count is not used


# ------------------------------------------------------------------ SSDA903


def eps(rows):
    return pl.DataFrame(
        [dict(zip(["CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"], r, strict=True)) for r in rows],
        schema={
            "CHILD": pl.Utf8,
            "DECOM": pl.Date,
            "RNE": pl.Utf8,
            "LS": pl.Utf8,
            "PLACE": pl.Utf8,
            "DEC": pl.Date,
            "REC": pl.Utf8,
        },
    )


def header(rows):
    return pl.DataFrame([{"CHILD": c, "DOB": d} for c, d in rows], schema={"CHILD": pl.Utf8, "DOB": pl.Date})


def cla(episodes, hdr=None, history=(), **extra):
    tables = {"episodes": eps(episodes), "header": header(hdr or [])} | extra
    return by_id(cla_values(tables, list(history), 2025, Params(), 10000))


def test_cla_at_31_march_excludes_short_breaks_and_ended_on_31_march():
    v = cla(
        [
            ("a", D(2024, 1, 1), "S", "C2", "U4", None, None),
            ("b", D(2024, 1, 1), "S", "V4", "R1", None, None),  # short breaks only
            ("c", D(2024, 1, 1), "S", "C2", "U4", D(2025, 3, 31), "E4A"),  # ceased on 31 March
            ("d", D(2025, 3, 31), "S", "V2", "U6", None, None),  # started on 31 March
        ]
    )
    assert v["returns_cla_31mar"].value == 2
    assert v["returns_cla_rate_31mar"].value == 2.0
    assert v["returns_cla_starts"].value == 1
    assert v["returns_cla_ceased"].value == 1
    incl = by_id(
        cla_values(
            {"episodes": eps([("b", D(2024, 1, 1), "S", "V4", "R1", None, None)])},
            [],
            2025,
            Params(exclude_short_breaks=False),
            None,
        )
    )
    assert incl["returns_cla_31mar"].value == 1


def test_what_counts_as_a_placement_move():
    rows = [
        # a: in placement on 1 April (1) + P (2) + B (3) -> 3 placements
        ("a", D(2023, 1, 1), "S", "C1", "U6", D(2024, 6, 1), "X1"),
        ("a", D(2024, 6, 1), "P", "C1", "U6", D(2024, 9, 1), "X1"),
        ("a", D(2024, 9, 1), "B", "C2", "K2", None, None),
        # b: legal status change (L), same carer new placement (T, e.g. placed for adoption with foster carer),
        # and a temporary placement are not moves -> 2 placements
        ("b", D(2023, 1, 1), "S", "C1", "U6", D(2024, 5, 1), "X1"),
        ("b", D(2024, 5, 1), "L", "C2", "U6", D(2024, 7, 1), "X1"),
        ("b", D(2024, 7, 1), "T", "E1", "A5", D(2024, 8, 1), "X1"),
        ("b", D(2024, 8, 1), "P", "E1", "T1", D(2024, 8, 5), "X1"),
        ("b", D(2024, 8, 5), "P", "E1", "A5", None, None),
        # c: started in the year (S) and two moves -> 3
        ("c", D(2024, 4, 1), "S", "V2", "U6", D(2024, 5, 1), "X1"),
        ("c", D(2024, 5, 1), "P", "V2", "U6", D(2024, 6, 1), "X1"),
        ("c", D(2024, 6, 1), "P", "V2", "U6", None, None),
    ]
    v = cla(rows)
    assert (v["returns_placement_3plus_pct"].numerator, v["returns_placement_3plus_pct"].denominator) == (
        2,
        3,
    )
    counted = by_id(
        cla_values({"episodes": eps(rows)}, [], 2025, Params(count_temporary_placements=True), None)
    )
    assert (
        counted["returns_placement_3plus_pct"].numerator == 3
    )  # b: counting the temporary placement gives 3
    moves_tu = by_id(
        cla_values(
            {"episodes": eps(rows)},
            [],
            2025,
            Params(placement_move_rne=frozenset({"P", "B", "T", "U"})),
            None,
        )
    )
    assert moves_tu["returns_placement_3plus_pct"].numerator == 3  # b now has 1 + T + P = 3


def test_long_term_stability_same_carer_and_age():
    rows = [
        # a: in care since 2021, carer unchanged since 2022 (L and T keep the carer) -> stable
        ("a", D(2021, 1, 1), "S", "C1", "U6", D(2022, 6, 1), "X1"),
        ("a", D(2022, 6, 1), "P", "C2", "U6", D(2023, 6, 1), "X1"),
        ("a", D(2023, 6, 1), "L", "E1", "U6", D(2024, 1, 1), "X1"),
        ("a", D(2024, 1, 1), "T", "E1", "A5", None, None),
        # b: in care 2.5+ years, moved in 2024 -> not stable
        ("b", D(2022, 1, 1), "S", "C2", "U6", D(2024, 1, 1), "X1"),
        ("b", D(2024, 1, 1), "P", "C2", "U4", None, None),
        # c: in care only since 2023 -> not in the cohort
        ("c", D(2023, 1, 1), "S", "C2", "U6", None, None),
        # d: aged 16 at 31 March -> not in the cohort
        ("d", D(2020, 1, 1), "S", "C2", "U6", None, None),
    ]
    hdr = [("a", D(2015, 1, 1)), ("b", D(2015, 1, 1)), ("c", D(2015, 1, 1)), ("d", D(2009, 3, 1))]
    v = cla(rows, hdr)
    assert (
        v["returns_placement_long_term_pct"].numerator,
        v["returns_placement_long_term_pct"].denominator,
    ) == (1, 2)


def test_reviews_timescales():
    rows = [("a", D(2024, 4, 1), "S", "C1", "U6", None, None)]
    # first review due within 20 working days of 01/04/2024 = 29/04/2024 (6 May is a bank holiday later)
    reviews = pl.DataFrame(
        {"CHILD": ["a", "a", "a"], "REVIEW": [D(2024, 4, 29), D(2024, 7, 30), D(2025, 1, 29)]},
        schema={"CHILD": pl.Utf8, "REVIEW": pl.Date},
    )
    v = cla(rows, reviews=reviews)
    # 29/04 on time (20 wd); second due by 29/07 -> 30/07 late; third due by 30/01/2025 -> on time
    assert (
        v["returns_cla_reviews_on_time_pct"].numerator,
        v["returns_cla_reviews_on_time_pct"].denominator,
    ) == (2, 3)


def test_missing_and_away():
    rows = [
        ("a", D(2024, 1, 1), "S", "C1", "U6", None, None),
        ("b", D(2024, 1, 1), "S", "C1", "U6", None, None),
    ]
    missing = pl.DataFrame(
        {
            "CHILD": ["a", "a", "b", "b"],
            "MISSING": ["M", "M", "A", "M"],
            "MIS_START": [D(2024, 5, 1), D(2024, 6, 1), D(2024, 7, 1), D(2024, 3, 30)],
        },
        schema={"CHILD": pl.Utf8, "MISSING": pl.Utf8, "MIS_START": pl.Date},
    )
    v = cla(rows, missing=missing)
    assert v["returns_missing_episodes"].value == 2  # the March 2024 one is last year
    assert v["returns_missing_children"].value == 1
    assert v["returns_away_children"].value == 1
    assert v["returns_missing_children_pct"].value == 50.0


def test_adoption_a1_a2_a10():
    rows = [
        # adopted by foster carer: S 01/01/2022 with carer; order 01/01/2023; placed with same carer (T) 01/03/2023
        ("a", D(2022, 1, 1), "S", "C1", "U6", D(2023, 1, 1), "X1"),
        ("a", D(2023, 1, 1), "L", "E1", "U6", D(2023, 3, 1), "X1"),
        ("a", D(2023, 3, 1), "T", "E1", "A5", D(2024, 6, 1), "E11"),
        # adopted by strangers: S 01/06/2022; order 01/06/2023; placed 01/09/2023
        ("b", D(2022, 6, 1), "S", "C1", "U6", D(2023, 6, 1), "X1"),
        ("b", D(2023, 6, 1), "L", "E1", "U6", D(2023, 9, 1), "X1"),
        ("b", D(2023, 9, 1), "P", "E1", "A6", D(2024, 9, 1), "E12"),
    ]
    ad1 = pl.DataFrame(
        {"CHILD": ["a", "b"], "DATE_MATCH": [D(2022, 12, 1), D(2023, 7, 1)], "FOSTER_CARE": ["1", "0"]},
        schema={"CHILD": pl.Utf8, "DATE_MATCH": pl.Date, "FOSTER_CARE": pl.Utf8},
    )
    v = cla(rows, ad1=ad1)
    a1 = ((D(2023, 3, 1) - D(2022, 1, 1)).days + (D(2023, 9, 1) - D(2022, 6, 1)).days) / 2
    assert v["returns_adoption_a1_days"].value == pytest.approx(a1, abs=0.05)
    # A10: a counts from entering care to placement with the carer who adopted (day 0)
    assert v["returns_adoption_a10_days"].value == pytest.approx(
        (0 + (D(2023, 9, 1) - D(2022, 6, 1)).days) / 2, abs=0.05
    )
    # A2: a matched before the order -> 0; b 30 days
    assert v["returns_adoption_a2_days"].value == 15.0


def test_care_leavers_ages_19_to_21_and_exclusions():
    oc3 = pl.DataFrame(
        {
            "CHILD": list("abcdef"),
            "DOB": [D(2005, 6, 1), D(2004, 2, 1), D(2003, 4, 1), D(2006, 6, 1), D(2005, 7, 1), D(2005, 8, 1)],
            "IN_TOUCH": ["YES", "YES", "NO", "YES", "DIED", "YES"],
            "ACCOM": ["D1", "W2", "0", "D1", "0", "Z1"],
            "ACTIV": ["F2", "G5", "0", "F1", "0", "P5"],
        },
        schema={"CHILD": pl.Utf8, "DOB": pl.Date, "IN_TOUCH": pl.Utf8, "ACCOM": pl.Utf8, "ACTIV": pl.Utf8},
    )
    # ages reached in 2024-25: a 19, b 21, c 21, d 18 (out), e 19 (died: out), f 19
    v = cla([("z", D(2024, 1, 1), "S", "C1", "U6", None, None)], oc3=oc3)
    assert (
        v["returns_care_leavers_suitable_pct"].numerator,
        v["returns_care_leavers_suitable_pct"].denominator,
    ) == (2, 4)
    assert v["returns_care_leavers_eet_pct"].numerator == 2


# ------------------------------------------------------------------ Annex A


def test_annex_a_return_home_interviews():
    l8 = pl.DataFrame(
        {
            "missing_episodes_12m": [0, 2, 1, 3, None],
            "rhi_offered": [None, "Yes", "Yes", "No", None],
            "rhi_accepted": [None, "Yes", "No", None, None],
        },
        schema={"missing_episodes_12m": pl.Int64, "rhi_offered": pl.Utf8, "rhi_accepted": pl.Utf8},
    )
    l1 = pl.DataFrame({"date_of_contact": [D(2024, 10, 1), D(2025, 3, 1)]})
    v = by_id(annex_values({"list_8": l8, "list_1": l1}, 2025))
    assert (v["returns_aa_rhi_offered_pct"].numerator, v["returns_aa_rhi_offered_pct"].denominator) == (2, 3)
    assert v["returns_aa_rhi_accepted_pct"].value == 50.0
    assert v["returns_aa_contacts"].value == 2
    assert v["returns_aa_contacts"].note == "01/10/2024-01/03/2025"


def test_date_formats_two_digit_years_are_not_year_24() -> None:
    """Polars reads "31/03/24" with %Y as the year 24: the reader must take it as 2024 (the dd/mm/yy
    variant) and report a four-digit year before 1000 as not a date."""
    from csinspect.sources.returns.validate import parse_date_series, parse_dates

    raw = pl.Series(
        "d", ["31/03/24", "31/03/2024", "2024-03-31", "1/4/2023", "31/02/2024", "01/04/0024", None]
    )
    expected = [date(2024, 3, 31), date(2024, 3, 31), date(2024, 3, 31), date(2023, 4, 1), None, None, None]
    assert parse_date_series(raw).to_list() == expected
    assert raw.to_frame().select(parse_dates(pl.col("d")))["d"].to_list() == expected
